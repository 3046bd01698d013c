//! Colours and text styles, in one place so the screen reads as one design.

use ratatui::style::{Color, Modifier, Style};

use crate::model::Status;

/// The app name in the header.
pub const TITLE: Style = Style::new()
    .fg(Color::Black)
    .bg(Color::Cyan)
    .add_modifier(Modifier::BOLD);
/// Secondary text.
pub const DIM: Style = Style::new().fg(Color::DarkGray);
/// Key names in hints and help.
pub const KEY: Style = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
/// Pane borders without focus.
pub const BORDER: Style = Style::new().fg(Color::DarkGray);
/// The focused pane's border and title.
pub const FOCUSED: Style = Style::new().fg(Color::Cyan);
/// The selected row in the focused pane.
pub const SELECTED: Style = Style::new().fg(Color::Black).bg(Color::Cyan);
/// The selected row in a pane without focus.
pub const SELECTED_UNFOCUSED: Style = Style::new().fg(Color::White).bg(Color::DarkGray);
/// Headings in the detail pane.
pub const HEADING: Style = Style::new().add_modifier(Modifier::BOLD);
/// Success feedback.
pub const OK: Style = Style::new().fg(Color::Green);
/// Error feedback.
pub const ERROR: Style = Style::new().fg(Color::Red).add_modifier(Modifier::BOLD);
/// Filled part of a coverage bar.
pub const BAR_DONE: Style = Style::new().fg(Color::Green);
/// Empty part of a coverage bar.
pub const BAR_TODO: Style = Style::new().fg(Color::DarkGray);

/// The mark shown before an item for its status.
#[must_use]
pub fn status_mark(status: Status) -> &'static str {
    match status {
        Status::Todo => "[ ]",
        Status::InProgress => "[~]",
        Status::Done => "[x]",
        Status::NotApplicable => "[-]",
    }
}

/// The colour of a status.
#[must_use]
pub fn status_style(status: Status) -> Style {
    match status {
        Status::Todo => Style::new(),
        Status::InProgress => Style::new().fg(Color::Yellow),
        Status::Done => Style::new().fg(Color::Green),
        Status::NotApplicable => Style::new().fg(Color::DarkGray),
    }
}
