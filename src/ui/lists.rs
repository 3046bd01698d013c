//! The frameworks/sections tree and the item list.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::style::Theme;
use super::{has_focus, pane, style};
use crate::app::{AppState, Focus};
use crate::model::Coverage;
use crate::text::{self, fit};

/// First row to show so that `selected` stays in view, roughly centred, in `height` rows.
#[must_use]
pub fn scroll_offset(selected: usize, len: usize, height: usize) -> usize {
    if len <= height {
        return 0;
    }
    selected.saturating_sub(height / 2).min(len - height)
}

/// A small bar and percentage for a coverage, filled in eighths of a cell: `██▌·· 50%`.
fn coverage_spans(theme: &Theme, coverage: &Coverage, bar_width: usize) -> Vec<Span<'static>> {
    const EIGHTHS: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
    let eighths = (coverage.done * bar_width * 8)
        .checked_div(coverage.applicable())
        .unwrap_or(if coverage.total() > 0 {
            bar_width * 8
        } else {
            0
        })
        .min(bar_width * 8);
    let full = eighths / 8;
    let part = EIGHTHS[eighths % 8];
    let empty = bar_width - full - usize::from(!part.is_empty());
    vec![
        Span::styled(format!("{}{part}", "█".repeat(full)), theme.bar_done),
        Span::styled("·".repeat(empty), theme.bar_todo),
        Span::raw(format!("{:>4}%", coverage.percent())),
    ]
}

/// A list row: its own colours normally; one calm highlight across the row when selected.
pub(super) fn row(
    theme: &Theme,
    spans: Vec<Span<'static>>,
    selected: bool,
    focused: bool,
) -> Line<'static> {
    if !selected {
        return Line::from(spans);
    }
    let plain: Vec<Span> = spans.into_iter().map(|s| Span::raw(s.content)).collect();
    Line::from(plain).style(if focused {
        theme.selected
    } else {
        theme.selected_unfocused
    })
}

/// Draws the tree of frameworks and sections with coverage bars.
pub fn render_tree(state: &AppState, frame: &mut Frame, area: Rect) {
    let theme = &state.theme;
    let focused = has_focus(state, Focus::Tree);
    let block = pane(theme, " Frameworks ".to_owned(), focused);
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
    for (n, node) in state.tree.iter().enumerate().skip(offset).take(height) {
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
                theme.heading
            } else {
                ratatui::style::Style::new()
            },
        )];
        if bar_width > 0 {
            spans.extend(coverage_spans(theme, &node.coverage, bar_width));
        } else {
            spans.push(Span::raw(format!("{:>4}%", node.coverage.percent())));
        }
        lines.push(row(theme, spans, n == state.tree_selected, focused));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    super::render_scrollbar(theme, frame, area, state.tree.len(), height, offset);
}

/// Draws the items of the selected node, or the search results.
pub fn render_items(state: &AppState, frame: &mut Frame, area: Rect) {
    let theme = &state.theme;
    let focused = has_focus(state, Focus::Items);
    let label = match (&state.search, state.selected_node()) {
        (Some(query), _) => format!("Search \"{query}\""),
        (None, Some(node)) => {
            let framework = &state.catalog.frameworks[node.framework];
            match node.section {
                None => framework.title.clone(),
                Some(si) => {
                    let section = &framework.sections[si];
                    format!("{} {}", section.id, section.title)
                }
            }
        }
        (None, None) => "Items".to_owned(),
    };
    // The count always shows; the name gives way when the pane is narrow.
    let view = state
        .view
        .and_then(|v| state.views.get(v))
        .map(|v| format!(" · view: {}", v.name))
        .unwrap_or_default();
    let count = format!(" ({}){view} ", state.items.len());
    let room = (area.width as usize).saturating_sub(3 + text::width(&count));
    let title = format!(" {}{count}", fit(&text::visible(&label, false), room));
    let block = pane(theme, title, focused);
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
        frame.render_widget(Paragraph::new(Span::styled(message, theme.dim)), inner);
        return;
    }
    // Search results span frameworks, so they show full ids.
    let full_ids = state.search.is_some();
    let offset = scroll_offset(state.item_selected, state.items.len(), height);
    let mut lines = Vec::with_capacity(height);
    for (n, at) in state.items.iter().enumerate().skip(offset).take(height) {
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
        // "!" after the mark: evidence went stale or missing.
        // "+": evidence found in the repository waits to be accepted or dismissed.
        let flag = if state.attention.contains(&full_id) {
            "!"
        } else if !state.pending_proposals(&full_id).is_empty() {
            "+"
        } else {
            " "
        };
        let spans = vec![
            Span::styled(style::status_mark(status), theme.status(status)),
            Span::styled(flag, if flag == "+" { theme.key } else { theme.error }),
            Span::styled(format!("{id} "), theme.key),
            Span::raw(fit(&text::visible(&item.title, false), title_width)),
        ];
        lines.push(row(theme, spans, n == state.item_selected, focused));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    super::render_scrollbar(theme, frame, area, state.items.len(), height, offset);
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
}
