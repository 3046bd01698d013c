//! The frameworks/sections tree and the item list.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{has_focus, pane, style, text};
use crate::app::{AppState, Focus};
use crate::model::Coverage;

/// First row to show so that `selected` stays in view, roughly centred, in `height` rows.
#[must_use]
pub fn scroll_offset(selected: usize, len: usize, height: usize) -> usize {
    if len <= height {
        return 0;
    }
    selected.saturating_sub(height / 2).min(len - height)
}

/// Cuts `text` to `width` characters, marking the cut with an ellipsis.
#[must_use]
pub fn fit(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_owned();
    }
    if width == 0 {
        return String::new();
    }
    let mut out: String = text.chars().take(width - 1).collect();
    out.push('…');
    out
}

/// A small bar and percentage for a coverage: `███░░ 60%`.
fn coverage_spans(coverage: &Coverage, bar_width: usize) -> Vec<Span<'static>> {
    // Whole cells only: the bar fills a cell per done share of applicable items.
    let filled = (coverage.done * bar_width)
        .checked_div(coverage.applicable())
        .unwrap_or(if coverage.total() > 0 { bar_width } else { 0 })
        .min(bar_width);
    vec![
        Span::styled("█".repeat(filled), style::BAR_DONE),
        Span::styled("░".repeat(bar_width - filled), style::BAR_TODO),
        Span::raw(format!("{:>4}%", coverage.percent())),
    ]
}

/// Draws the tree of frameworks and sections with coverage bars.
pub fn render_tree(state: &AppState, frame: &mut Frame, area: Rect) {
    let focused = has_focus(state, Focus::Tree);
    let block = pane(" Frameworks ".to_owned(), focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let height = inner.height as usize;
    let width = inner.width as usize;
    if height == 0 || width == 0 {
        return;
    }
    let bar_width = if width >= 30 { 5 } else { 0 };
    let right = if bar_width > 0 { bar_width + 5 } else { 5 };
    let offset = scroll_offset(state.tree_selected, state.tree.len(), height);
    let mut lines = Vec::with_capacity(height);
    for (row, node) in state.tree.iter().enumerate().skip(offset).take(height) {
        let framework = &state.catalog.frameworks[node.framework];
        let label = match node.section {
            None => framework.id.clone(),
            Some(si) => {
                let section = &framework.sections[si];
                format!(
                    "{}{} {}",
                    "  ".repeat(node.depth),
                    section.id,
                    section.title
                )
            }
        };
        let label_width = width.saturating_sub(right + 1);
        let label = fit(&text::visible(&label, false), label_width);
        let mut spans = vec![Span::styled(
            format!("{label:<label_width$} "),
            if node.section.is_none() {
                style::HEADING
            } else {
                ratatui::style::Style::new()
            },
        )];
        if bar_width > 0 {
            spans.extend(coverage_spans(&node.coverage, bar_width));
        } else {
            spans.push(Span::raw(format!("{:>4}%", node.coverage.percent())));
        }
        let mut line = Line::from(spans);
        if row == state.tree_selected {
            line = line.style(if focused {
                style::SELECTED
            } else {
                style::HEADING.patch(style::FOCUSED)
            });
        }
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Draws the items of the selected node, or the search results.
pub fn render_items(state: &AppState, frame: &mut Frame, area: Rect) {
    let focused = has_focus(state, Focus::Items);
    let title = match (&state.search, state.selected_node()) {
        (Some(query), _) => format!(
            " Search \"{}\" ({}) ",
            text::visible(query, false),
            state.items.len()
        ),
        (None, Some(node)) => {
            let framework = &state.catalog.frameworks[node.framework];
            match node.section {
                None => format!(" {} ({}) ", framework.title, state.items.len()),
                Some(si) => {
                    let section = &framework.sections[si];
                    format!(" {} {} ({}) ", section.id, section.title, state.items.len())
                }
            }
        }
        (None, None) => " Items ".to_owned(),
    };
    let block = pane(
        fit(
            &text::visible(&title, false),
            area.width.saturating_sub(2) as usize,
        ),
        focused,
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let height = inner.height as usize;
    let width = inner.width as usize;
    if height == 0 || width == 0 {
        return;
    }
    if state.items.is_empty() {
        let message = if state.search.is_some() {
            "no item matches"
        } else {
            "no items here"
        };
        frame.render_widget(Paragraph::new(Span::styled(message, style::DIM)), inner);
        return;
    }
    // Search results span frameworks, so they show full ids.
    let full_ids = state.search.is_some();
    let offset = scroll_offset(state.item_selected, state.items.len(), height);
    let mut lines = Vec::with_capacity(height);
    for (row, at) in state.items.iter().enumerate().skip(offset).take(height) {
        let (framework, item) = state.catalog.get(*at);
        let full_id = framework.full_id(item);
        let status = state.progress.status(&full_id);
        let id = if full_ids {
            full_id.clone()
        } else {
            item.id.clone()
        };
        let id = text::visible(&id, false).into_owned();
        let title_width = width.saturating_sub(4 + id.chars().count() + 1);
        let mut line = Line::from(vec![
            Span::styled(
                format!("{} ", style::status_mark(status)),
                style::status_style(status),
            ),
            Span::styled(format!("{id} "), style::KEY),
            Span::raw(fit(&text::visible(&item.title, false), title_width)),
        ]);
        if row == state.item_selected {
            line = line.style(if focused {
                style::SELECTED
            } else {
                style::HEADING
            });
        }
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_selection_stays_in_view() {
        assert_eq!(scroll_offset(0, 100, 10), 0);
        assert_eq!(scroll_offset(50, 100, 10), 45);
        assert_eq!(scroll_offset(99, 100, 10), 90);
        assert_eq!(scroll_offset(5, 3, 10), 0);
    }

    #[test]
    fn fit_cuts_with_an_ellipsis() {
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(fit("abc", 4), "abc");
        assert_eq!(fit("abc", 0), "");
    }
}
