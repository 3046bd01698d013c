//! The help overlay, generated from the key map so it always matches the keys.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::app::AppState;

/// Draws the help overlay over `within`.
pub fn render_help(state: &AppState, frame: &mut Frame, within: Rect) {
    let theme = &state.theme;
    let help = state.help_matches();
    let key_width = help
        .iter()
        .map(|(k, _, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    let width = within.width.saturating_sub(4).min(110);
    // Inside the borders and the one-cell padding on each side.
    let inner = usize::from(width.saturating_sub(4)).max(1);
    let search = if state.help_query.is_empty() {
        Line::from(Span::styled(
            "Type to search. Every change is saved to .vouch/progress.toml at once.",
            theme.dim,
        ))
    } else {
        Line::from(vec![
            Span::styled("search: ", theme.dim),
            Span::styled(
                crate::text::visible(&state.help_query, false).into_owned(),
                theme.key,
            ),
            Span::styled(format!("  ({} found)", help.len()), theme.dim),
        ])
    };
    let mut lines = vec![search, Line::raw("")];
    // Long descriptions wrap under themselves, not under the keys, so the keys column stays
    // readable on a narrow screen; the action's name follows on the last line when it fits.
    let indent = key_width + 2;
    let text_width = inner.saturating_sub(indent).max(8);
    for (keys, what, name) in &help {
        let wrapped = crate::text::wrap(what, text_width, text_width);
        let name_fits = wrapped
            .last()
            .is_some_and(|last| crate::text::width(last) + 2 + name.len() <= text_width);
        let last = wrapped.len().saturating_sub(1);
        for (index, part) in wrapped.into_iter().enumerate() {
            let lead = if index == 0 {
                Span::styled(format!("{keys:>key_width$}  "), theme.key)
            } else {
                Span::raw(" ".repeat(indent))
            };
            let mut spans = vec![lead, Span::raw(part)];
            if index == last && name_fits {
                spans.push(Span::styled(format!("  {name}"), theme.dim));
            }
            lines.push(Line::from(spans));
        }
        if !name_fits {
            lines.push(Line::from(vec![
                Span::raw(" ".repeat(indent)),
                Span::styled(*name, theme.dim),
            ]));
        }
    }
    lines.push(Line::raw(""));
    let closing = "In a text box or picker: Enter confirms, Esc cancels. Remap keys by the names on the right in ~/.config/vouch/config.toml under [keys].";
    for part in crate::text::wrap(closing, inner, inner) {
        lines.push(Line::from(Span::styled(part, theme.dim)));
    }
    let wanted = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let height = within.height.saturating_sub(2).min(wanted);
    let area = Rect {
        x: within.x + within.width.saturating_sub(width) / 2,
        y: within.y + within.height.saturating_sub(height) / 2,
        width,
        height,
    };
    frame.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.focused)
        .padding(ratatui::widgets::Padding::horizontal(1))
        .title(" Keys · type to search · ↑/↓ scroll · Esc closes ");
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .scroll((state.help_scroll, 0)),
        area,
    );
}
