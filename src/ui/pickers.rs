//! The commit and file pickers, drawn over the main screen.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::lists::{row as list_row, scroll_offset};
use super::style::Theme;
use crate::app::pickers::{CommitPicker, FilePicker};
use crate::text;
use crate::text::fit;

/// The box pickers are drawn in: most of the screen, centred.
fn picker_area(within: Rect) -> Rect {
    let width = within.width.saturating_sub(4).min(110);
    let height = within.height.saturating_sub(2);
    Rect {
        x: within.x + within.width.saturating_sub(width) / 2,
        y: within.y + within.height.saturating_sub(height) / 2,
        width,
        height,
    }
}

/// A query line with a cursor, then the rows, then a hint; returns the rows' area.
fn frame_with_query(
    theme: &Theme,
    frame: &mut Frame,
    within: Rect,
    title: &str,
    query: &tui_input::Input,
    hint: &str,
) -> Rect {
    let area = picker_area(within);
    frame.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.focused)
        .title(text::visible(title, false).into_owned());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height < 3 || inner.width < 4 {
        return Rect::default();
    }
    let [query_area, rows, hint_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    let prompt = "> ";
    let width = (query_area.width as usize).saturating_sub(prompt.len() + 1);
    let scroll = query.visual_scroll(width);
    let shown: String = text::visible(query.value(), false)
        .chars()
        .skip(scroll)
        .collect();
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(prompt, theme.key),
            Span::raw(shown),
        ])),
        query_area,
    );
    let cursor = (query.visual_cursor().saturating_sub(scroll) + prompt.len()) as u16;
    frame.set_cursor_position((
        query_area.x + cursor.min(query_area.width.saturating_sub(1)),
        query_area.y,
    ));
    frame.render_widget(
        Paragraph::new(Span::styled(hint.to_owned(), theme.dim)),
        hint_area,
    );
    rows
}

/// Draws the commit picker.
pub fn render_commit_picker(theme: &Theme, picker: &CommitPicker, frame: &mut Frame, within: Rect) {
    let title = format!(" Link a commit to {} ", picker.item);
    let hint = "type to search message, author, id · ↑/↓ PgUp/PgDn · Enter links · Esc cancels";
    let area = frame_with_query(theme, frame, within, &title, &picker.query, hint);
    let height = area.height as usize;
    if height == 0 {
        return;
    }
    if picker.rows.is_empty() {
        let message = if picker.loading {
            "reading history…"
        } else {
            "no commit matches"
        };
        frame.render_widget(Paragraph::new(Span::styled(message, theme.dim)), area);
        return;
    }
    let offset = scroll_offset(picker.selected, picker.rows.len(), height);
    let width = area.width as usize;
    let lines: Vec<Line> = picker
        .rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(n, row)| {
            let date = jiff::Timestamp::from_second(row.time)
                .map(|t| t.strftime("%Y-%m-%d").to_string())
                .unwrap_or_default();
            let author = fit(&text::visible(&row.author, false), 16);
            let used = 8 + 1 + 10 + 1 + 16 + 1;
            let summary = fit(
                &text::visible(&row.summary, false),
                width.saturating_sub(used),
            );
            let spans = vec![
                Span::styled(format!("{} ", &row.id[..row.id.len().min(8)]), theme.key),
                Span::styled(format!("{date} "), theme.dim),
                Span::raw(format!("{author:<16} ")),
                Span::raw(summary),
            ];
            list_row(theme, spans, n == picker.selected, true)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

/// Draws the file picker, or its line-range box once a file is chosen.
pub fn render_file_picker(theme: &Theme, picker: &FilePicker, frame: &mut Frame, within: Rect) {
    if let Some((path, lines)) = &picker.lines {
        let title = format!(" Lines of {path} (optional) ");
        frame_with_query(
            theme,
            frame,
            Rect {
                height: within.height.min(7),
                y: within.y + within.height.saturating_sub(7) / 2,
                ..within
            },
            &title,
            lines,
            "a line or range like 10-20; empty for the whole file · Enter links · Esc goes back",
        );
        return;
    }
    let title = format!(" Link a file to {} ", picker.item);
    let hint = "type to fuzzy-match tracked files · ↑/↓ · Enter chooses · Esc cancels";
    let area = frame_with_query(theme, frame, within, &title, &picker.query, hint);
    let height = area.height as usize;
    if height == 0 {
        return;
    }
    if picker.matches.is_empty() {
        let message = if picker.loading {
            "listing tracked files…"
        } else {
            "no tracked file matches"
        };
        frame.render_widget(Paragraph::new(Span::styled(message, theme.dim)), area);
        return;
    }
    let offset = scroll_offset(picker.selected, picker.matches.len(), height);
    let lines: Vec<Line> = picker
        .matches
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(n, &i)| {
            let path = fit(&text::visible(&picker.files[i], false), area.width as usize);
            list_row(theme, vec![Span::raw(path)], n == picker.selected, true)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}
