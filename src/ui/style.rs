//! Colours and text styles: a theme chosen at start (default, high contrast for projectors, or
//! no colour when `NO_COLOR` is set), so the screen reads as one design.

use ratatui::style::{Color, Modifier, Style};

use crate::model::Status;

/// Every style the screen uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// The app name in the header.
    pub title: Style,
    /// Secondary text.
    pub dim: Style,
    /// Key names in hints and help, and ids.
    pub key: Style,
    /// Pane borders without focus.
    pub border: Style,
    /// The focused pane's border and title.
    pub focused: Style,
    /// The selected row in the focused pane.
    pub selected: Style,
    /// The selected row in a pane without focus.
    pub selected_unfocused: Style,
    /// Headings in the detail pane.
    pub heading: Style,
    /// Success feedback.
    pub ok: Style,
    /// Error feedback.
    pub error: Style,
    /// Filled part of a coverage bar.
    pub bar_done: Style,
    /// Empty part of a coverage bar.
    pub bar_todo: Style,
    /// Status colours: todo, in progress, done, n/a.
    pub statuses: [Style; 4],
}

impl Default for Theme {
    fn default() -> Self {
        Theme {
            title: Style::new()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            dim: Style::new().fg(Color::DarkGray),
            key: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            border: Style::new().fg(Color::DarkGray),
            focused: Style::new().fg(Color::Cyan),
            selected: Style::new().fg(Color::Black).bg(Color::Cyan),
            selected_unfocused: Style::new().fg(Color::White).bg(Color::DarkGray),
            heading: Style::new().add_modifier(Modifier::BOLD),
            ok: Style::new().fg(Color::Green),
            error: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            bar_done: Style::new().fg(Color::Green),
            bar_todo: Style::new().fg(Color::DarkGray),
            statuses: [
                Style::new(),
                Style::new().fg(Color::Yellow),
                Style::new().fg(Color::Green),
                Style::new().fg(Color::DarkGray),
            ],
        }
    }
}

impl Theme {
    /// Strong contrast for projectors and shared screens in review meetings: white on black,
    /// bright colours, no dim grey text.
    #[must_use]
    pub fn high_contrast() -> Self {
        let bright = |c: Color| Style::new().fg(c).add_modifier(Modifier::BOLD);
        Theme {
            title: Style::new()
                .fg(Color::Black)
                .bg(Color::White)
                .add_modifier(Modifier::BOLD),
            dim: Style::new().fg(Color::White),
            key: bright(Color::LightYellow),
            border: Style::new().fg(Color::White),
            focused: bright(Color::LightYellow),
            selected: Style::new()
                .fg(Color::Black)
                .bg(Color::LightYellow)
                .add_modifier(Modifier::BOLD),
            selected_unfocused: Style::new().fg(Color::Black).bg(Color::White),
            heading: bright(Color::White).add_modifier(Modifier::UNDERLINED),
            ok: bright(Color::LightGreen),
            error: bright(Color::LightRed),
            bar_done: bright(Color::LightGreen),
            bar_todo: Style::new().fg(Color::White),
            statuses: [
                Style::new().fg(Color::White),
                bright(Color::LightYellow),
                bright(Color::LightGreen),
                bright(Color::LightBlue),
            ],
        }
    }

    /// No colour at all, for `NO_COLOR`: emphasis by bold, underline and reverse only.
    #[must_use]
    pub fn no_color() -> Self {
        let plain = Style::new();
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let reversed = Style::new().add_modifier(Modifier::REVERSED);
        Theme {
            title: reversed.add_modifier(Modifier::BOLD),
            dim: plain,
            key: bold,
            border: plain,
            focused: bold,
            selected: reversed,
            selected_unfocused: Style::new().add_modifier(Modifier::UNDERLINED),
            heading: bold,
            ok: plain,
            error: bold,
            bar_done: plain,
            bar_todo: plain,
            statuses: [plain; 4],
        }
    }

    /// A theme by name, as the user config names it.
    #[must_use]
    pub fn named(name: &str) -> Option<Self> {
        match name {
            "default" => Some(Theme::default()),
            "high-contrast" => Some(Theme::high_contrast()),
            "no-color" => Some(Theme::no_color()),
            _ => None,
        }
    }

    /// The colour of a status.
    #[must_use]
    pub fn status(&self, status: Status) -> Style {
        let index = match status {
            Status::Todo => 0,
            Status::InProgress => 1,
            Status::Done => 2,
            Status::NotApplicable => 3,
        };
        self.statuses[index]
    }
}

/// The names `Theme::named` knows, for messages.
pub const THEME_NAMES: &[&str] = &["default", "high-contrast", "no-color"];

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
