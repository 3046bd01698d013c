//! The help overlay, generated from the key map so it always matches the keys.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::app::AppState;

/// Draws the help overlay over `within`.
pub fn render_help(state: &AppState, frame: &mut Frame, within: Rect) {
    let theme = &state.theme;
    let help = state.active_keymap().help_lines();
    let key_width = help
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    let width = within.width.saturating_sub(4).min(76);
    let height = within.height.saturating_sub(2).min(help.len() as u16 + 6);
    let area = Rect {
        x: within.x + within.width.saturating_sub(width) / 2,
        y: within.y + within.height.saturating_sub(height) / 2,
        width,
        height,
    };
    let mut lines = vec![
        Line::from(Span::styled(
            "Every change is saved to .vouch/progress.toml at once.",
            theme.dim,
        )),
        Line::raw(""),
    ];
    for binding in &state.active_keymap().bindings {
        let keys = state.active_keymap().keys_for(&binding.action);
        lines.push(Line::from(vec![
            Span::styled(format!("{keys:>key_width$}  "), theme.key),
            Span::raw(binding.action.help()),
            Span::styled(format!("  {}", binding.action.name()), theme.dim),
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
        .title(" Keys · ↑/↓ scroll · any other key closes ");
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .scroll((state.help_scroll, 0)),
        area,
    );
}
