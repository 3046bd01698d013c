//! Drawing only: reads `&AppState`, writes the frame. No I/O happens here.

mod detail;
mod help;
pub mod lists;
mod pickers;
mod review;
pub mod style;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::app::{AppState, Focus, Mode};
use crate::text;

/// Widths at or above this show tree, items and detail side by side; below, items sit above
/// the detail, which keeps titles readable.
const WIDE: u16 = 150;

/// Where each part of the screen sits for a terminal size. Drawing and mouse handling both use
/// it, so a click lands on what is drawn there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScreenLayout {
    /// The top line.
    pub header: Rect,
    /// Everything between header and footer; overlays are centred in it.
    pub body: Rect,
    /// The frameworks/sections pane, border included.
    pub tree: Rect,
    /// The item list pane, border included.
    pub items: Rect,
    /// The detail pane, border included.
    pub detail: Rect,
    /// The bottom line: messages and key hints.
    pub footer: Rect,
}

/// Lays out a screen of `area`.
#[must_use]
pub fn layout(area: Rect) -> ScreenLayout {
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let tree_width = (body.width / 3).clamp(24.min(body.width), 40);
    let [tree, rest] =
        Layout::horizontal([Constraint::Length(tree_width), Constraint::Min(1)]).areas(body);
    let [items, detail] = if area.width >= WIDE {
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(rest)
    } else {
        Layout::vertical([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(rest)
    };
    ScreenLayout {
        header,
        body,
        tree,
        items,
        detail,
        footer,
    }
}

/// Draws the whole screen for `state`.
pub fn render(state: &AppState, frame: &mut Frame) {
    let theme = &state.theme;
    let area = frame.area();
    if area.width < 2 || area.height < 2 {
        frame.render_widget(Paragraph::new("vouch"), area);
        return;
    }
    let ScreenLayout {
        header,
        body,
        tree,
        items,
        detail,
        footer,
    } = layout(area);
    render_header(state, frame, header);
    if let Some(review) = &state.review {
        review::render_review(state, review, frame, body);
    } else {
        lists::render_tree(state, frame, tree);
        lists::render_items(state, frame, items);
        detail::render_detail(state, frame, detail);
    }
    render_footer(state, frame, footer);
    match &state.mode {
        Mode::Help => help::render_help(state, frame, body),
        Mode::Note { id, input } => {
            render_text_box(
                theme,
                frame,
                body,
                &format!(" Note for {id} "),
                "Enter saves · Esc cancels · why does the evidence support this item?",
                input,
            );
        }
        Mode::Reason { id, input } => {
            render_text_box(
                theme,
                frame,
                body,
                &format!(" Why does {id} not apply? "),
                "Enter marks n/a · Esc cancels",
                input,
            );
        }
        Mode::Url { id, input } => {
            render_text_box(
                theme,
                frame,
                body,
                &format!(" Link a web address to {id} "),
                "Enter links · Esc cancels · e.g. https://example.com/security-policy",
                input,
            );
        }
        Mode::Owner { id, input } => {
            render_text_box(
                theme,
                frame,
                body,
                &format!(" Owner of {id} "),
                "a name or Name <email>; me is you; empty clears · Enter saves · Esc cancels",
                input,
            );
        }
        Mode::Diff {
            title,
            lines,
            scroll,
        } => render_diff(theme, frame, body, title, lines, *scroll),
        Mode::Crosswalk(view) => render_crosswalk(state, view, frame, body),
        Mode::CommitPicker(picker) => pickers::render_commit_picker(theme, picker, frame, body),
        Mode::FilePicker(picker) => pickers::render_file_picker(theme, picker, frame, body),
        Mode::Normal | Mode::Search(_) => {}
    }
}

fn render_header(state: &AppState, frame: &mut Frame, area: Rect) {
    let theme = &state.theme;
    let mut spans = vec![
        Span::styled(" vouch ", theme.title),
        Span::raw(" "),
        Span::styled(text::visible(&state.title, false).into_owned(), theme.dim),
    ];
    let mut used: usize = spans.iter().map(|s| text::width(&s.content)).sum();
    let frameworks: Vec<_> = state.tree.iter().filter(|n| n.section.is_none()).collect();
    for (n, node) in frameworks.iter().enumerate() {
        let framework = &state.catalog.frameworks[node.framework];
        let entry = format!(
            "  {} {}/{}",
            framework.id,
            node.coverage.done,
            node.coverage.applicable()
        );
        // Leave room for "  …" when later frameworks will not fit.
        let reserve = if n + 1 < frameworks.len() { 3 } else { 0 };
        if used + text::width(&entry) + reserve > area.width as usize {
            spans.push(Span::styled("  …", theme.dim));
            break;
        }
        used += text::width(&entry);
        spans.push(Span::raw(entry));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn render_footer(state: &AppState, frame: &mut Frame, area: Rect) {
    let theme = &state.theme;
    let line = match &state.mode {
        Mode::Search(input) => {
            let prompt = "/";
            let width = area.width.saturating_sub(1) as usize;
            let scroll = input.visual_scroll(width.saturating_sub(prompt.len()));
            let shown: String = text::visible(input.value(), false)
                .chars()
                .skip(scroll)
                .collect();
            let cursor = (input.visual_cursor().saturating_sub(scroll) + prompt.len()) as u16;
            frame.set_cursor_position((area.x + cursor.min(area.width.saturating_sub(1)), area.y));
            Line::from(vec![
                Span::styled(prompt, theme.key),
                Span::raw(shown),
                Span::styled("   Enter keeps · Esc clears", theme.dim),
            ])
        }
        _ => match &state.message {
            Some(message) => Line::from(Span::styled(
                text::visible(&message.text, false).into_owned(),
                if message.is_error {
                    theme.error
                } else {
                    theme.ok
                },
            )),
            None => hint_line(state, area.width as usize),
        },
    };
    frame.render_widget(Paragraph::new(line), area);
}

/// The key hints that fit in `width` cells: each with its keys, its word, the columns it
/// takes and its action. Help comes first. The hint bar draws these and a click on one runs it.
#[must_use]
pub fn hints(
    state: &AppState,
    width: usize,
) -> Vec<(String, String, std::ops::Range<u16>, crate::app::Action)> {
    let mut hinted: Vec<&crate::app::keymap::Binding> = state
        .active_keymap()
        .bindings
        .iter()
        .filter(|b| !b.action.hint().is_empty())
        .collect();
    hinted.sort_by_key(|b| b.action != crate::app::Action::ToggleHelp);
    let mut out = Vec::new();
    let mut used = 0;
    for binding in hinted {
        let keys = state.active_keymap().keys_for(&binding.action);
        let hint = format!(" {}  ", binding.action.hint());
        let needed = text::width(&keys) + text::width(&hint);
        if used + needed > width {
            break;
        }
        let columns = used as u16..(used + needed - 2) as u16;
        used += needed;
        out.push((keys, hint, columns, binding.action.clone()));
    }
    out
}

/// The key-hint bar, generated from the key map: help first, then as many as fit.
fn hint_line(state: &AppState, width: usize) -> Line<'static> {
    let theme = &state.theme;
    let mut spans = Vec::new();
    for (keys, hint, _, _) in hints(state, width) {
        spans.push(Span::styled(keys, theme.key));
        spans.push(Span::styled(hint, theme.dim));
    }
    Line::from(spans)
}

/// A scrollbar on the right border of `area` when `total` lines overflow `visible`.
fn render_scrollbar(
    theme: &style::Theme,
    frame: &mut Frame,
    area: Rect,
    total: usize,
    visible: usize,
    position: usize,
) {
    use ratatui::widgets::{Scrollbar, ScrollbarOrientation, ScrollbarState};
    if total <= visible || area.height < 3 {
        return;
    }
    let mut scroll = ScrollbarState::new(total.saturating_sub(visible)).position(position);
    let bar = Scrollbar::new(ScrollbarOrientation::VerticalRight)
        .begin_symbol(None)
        .end_symbol(None)
        .track_symbol(Some("│"))
        .thumb_style(theme.focused);
    let track = area.inner(ratatui::layout::Margin {
        vertical: 1,
        horizontal: 0,
    });
    frame.render_stateful_widget(bar, track, &mut scroll);
}

fn render_text_box(
    theme: &style::Theme,
    frame: &mut Frame,
    within: Rect,
    title: &str,
    hint: &str,
    input: &tui_input::Input,
) {
    let width = within.width.saturating_sub(4).min(90);
    // Room for a few lines of text, so a long note can be read back before saving.
    let height = 9.min(within.height);
    let area = Rect {
        x: within.x + (within.width.saturating_sub(width)) / 2,
        y: within.y + (within.height.saturating_sub(height)) / 2,
        width,
        height,
    };
    frame.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.focused)
        .title(text::visible(title, false).into_owned());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height < 2 || inner.width == 0 {
        return;
    }
    let [field, help] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
    // Hard-wrapped by characters, so the cursor's row and column follow from its position.
    let columns = (field.width as usize).max(1);
    let chars: Vec<char> = text::visible(input.value(), false).chars().collect();
    let rows: Vec<String> = chars.chunks(columns).map(|c| c.iter().collect()).collect();
    let cursor = input.visual_cursor();
    let (cursor_row, cursor_col) = (cursor / columns, cursor % columns);
    let visible_rows = field.height as usize;
    let first = (cursor_row + 1).saturating_sub(visible_rows);
    let shown: Vec<Line> = rows
        .iter()
        .skip(first)
        .take(visible_rows)
        .map(|r| Line::raw(r.clone()))
        .collect();
    frame.render_widget(Paragraph::new(shown), field);
    frame.render_widget(
        Paragraph::new(Span::styled(hint.to_owned(), theme.dim)),
        help,
    );
    frame.set_cursor_position((
        field.x + (cursor_col as u16).min(field.width.saturating_sub(1)),
        field.y + ((cursor_row - first) as u16).min(field.height.saturating_sub(1)),
    ));
}

/// A diff over most of the screen, added lines green and removed red, drawn inert.
fn render_diff(
    theme: &style::Theme,
    frame: &mut Frame,
    within: Rect,
    title: &str,
    lines: &[String],
    scroll: u16,
) {
    let area = within.inner(ratatui::layout::Margin::new(2, 1));
    frame.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.focused)
        .title(format!(
            " {} · j/k scroll · any other key closes ",
            text::visible(title, false)
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // Long lines (a note in the history, a long line of code) wrap, as git's pager shows them;
    // scrolling moves by whole lines of the text.
    let shown: Vec<Line> = lines
        .iter()
        .skip(usize::from(scroll))
        .flat_map(|line| {
            let style = if line.starts_with("+++") || line.starts_with("---") {
                theme.heading
            } else if line.starts_with('+') {
                theme.ok
            } else if line.starts_with('-') {
                theme.error
            } else if line.starts_with("@@") || line.starts_with('◆') {
                theme.key
            } else {
                ratatui::style::Style::new()
            };
            text::hard_wrap(&text::visible(line, false), usize::from(inner.width))
                .into_iter()
                .map(move |part| Line::from(Span::styled(part, style)))
        })
        .take(inner.height as usize)
        .collect();
    frame.render_widget(Paragraph::new(shown), inner);
}

/// The crosswalk over the body: each item of one framework, its own status, and what the
/// other framework covers for it, always labelled as derived.
fn render_crosswalk(
    state: &AppState,
    view: &crate::app::state::CrosswalkView,
    frame: &mut Frame,
    body: Rect,
) {
    let theme = &state.theme;
    let to = view.targets.get(view.target).map_or("", String::as_str);
    let own_done = view
        .rows
        .iter()
        .filter(|r| r.status == crate::model::Status::Done)
        .count();
    let derived = view
        .rows
        .iter()
        .filter(|r| !r.settled() && r.derived().is_some())
        .count();
    let title = format!(
        " Crosswalk {} → {to} · {own_done} done on their own · {derived} more covered via {to} (derived, not counted) ",
        view.from
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.focused)
        .title(Span::styled(
            text::fit(&title, body.width.saturating_sub(2) as usize),
            theme.focused,
        ));
    let inner = block.inner(body);
    frame.render_widget(Clear, body);
    frame.render_widget(block, body);
    if inner.height < 2 || inner.width < 10 {
        return;
    }
    let [list, hint] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
    let height = list.height as usize;
    let width = list.width as usize;
    let offset = lists::scroll_offset(view.selected, view.rows.len(), height);
    let id_width = view
        .rows
        .iter()
        .map(|r| r.full_id.split_once(':').map_or(0, |(_, i)| text::width(i)))
        .max()
        .unwrap_or(0);
    let lines: Vec<Line> = view
        .rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(n, row)| {
            let bare = row
                .full_id
                .split_once(':')
                .map_or(row.full_id.as_str(), |(_, i)| i);
            let cover = match (row.derived(), &row.adopted_from) {
                (_, Some(from)) => format!("adopted from {from}"),
                (Some(cover), None) => cover.covered_via(),
                (None, None) => match row.covers.first() {
                    Some(cover) => format!(
                        "mapped to {} ({}, {}), not done",
                        cover.full_id, cover.strength, cover.status
                    ),
                    None => format!("nothing in {to} maps here"),
                },
            };
            let spans = vec![
                Span::styled(
                    format!("{} ", style::status_mark(row.status)),
                    theme.status(row.status),
                ),
                Span::styled(
                    format!("{:<id_width$}  ", text::visible(bare, false)),
                    theme.key,
                ),
                Span::styled(
                    text::fit(
                        &text::visible(&cover, false),
                        width.saturating_sub(id_width + 6),
                    ),
                    if row.derived().is_some() && !row.settled() {
                        theme.ok
                    } else {
                        theme.dim
                    },
                ),
            ];
            lists::row(theme, spans, n == view.selected, true)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
    frame.render_widget(
        Paragraph::new(Span::styled(
            "↑/↓ move · Tab/←/→ other framework · A adopt the derived status (recorded, u undoes) · Enter show item · Esc close",
            theme.dim,
        )),
        hint,
    );
}

/// A pane's border, highlighted when it has focus.
fn pane(theme: &style::Theme, title: String, focused: bool) -> Block<'static> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(if focused { theme.focused } else { theme.border })
        .title(Span::styled(
            title,
            if focused { theme.focused } else { theme.dim },
        ))
}

/// Whether `focus` is the focused pane in normal use.
fn has_focus(state: &AppState, focus: Focus) -> bool {
    state.focus == focus && matches!(state.mode, Mode::Normal | Mode::Search(_))
}
