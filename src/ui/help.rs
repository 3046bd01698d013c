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
    let height = within.height.saturating_sub(2).min(help.len() as u16 + 6);
    let area = Rect {
        x: within.x + within.width.saturating_sub(width) / 2,
        y: within.y + within.height.saturating_sub(height) / 2,
        width,
        height,
    };
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
    for (keys, what, name) in &help {
        lines.push(Line::from(vec![
            Span::styled(format!("{keys:>key_width$}  "), theme.key),
            Span::raw(*what),
            Span::styled(format!("  {name}"), theme.dim),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::from(Span::styled(
        "In a text box or picker: Enter confirms, Esc cancels. Remap keys by the names on the right in ~/.config/vouch/config.toml under [keys].",
        theme.dim,
    )));
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
