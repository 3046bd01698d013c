//! Turning key presses into actions, by mode: the key map in normal mode, text editing in boxes.

use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::{Position, Rect};
use tui_input::InputRequest;

use crate::app::keymap::Key;
use crate::app::{Action, AppState, Focus, Mode};
use crate::ui;
use crate::ui::lists::scroll_offset;

/// The action a key press asks for in the current mode, if any.
#[must_use]
pub fn action_for_key(state: &AppState, key: KeyEvent) -> Option<Action> {
    match state.mode {
        Mode::Normal => state.active_keymap().action_for(Key::from_event(key)),
        Mode::Help => match key.code {
            KeyCode::Up => Some(Action::MoveUp),
            KeyCode::Down => Some(Action::MoveDown),
            KeyCode::Char(c) if c != '?' && !key.modifiers.contains(KeyModifiers::CONTROL) => {
                Some(Action::Input(InputRequest::InsertChar(c)))
            }
            KeyCode::Backspace => Some(Action::Input(InputRequest::DeletePrevChar)),
            _ => Some(Action::Cancel),
        },
        Mode::Crosswalk(_) => match key.code {
            KeyCode::Up | KeyCode::Char('k') => Some(Action::MoveUp),
            KeyCode::Down | KeyCode::Char('j') => Some(Action::MoveDown),
            KeyCode::PageUp => Some(Action::PageUp),
            KeyCode::PageDown => Some(Action::PageDown),
            KeyCode::Tab | KeyCode::Right | KeyCode::Char('l') => Some(Action::FocusNext),
            KeyCode::Left | KeyCode::Char('h') => Some(Action::FocusLeft),
            KeyCode::Char('A') => Some(Action::Adopt),
            KeyCode::Char('u') => Some(Action::Undo),
            KeyCode::Enter => Some(Action::Open),
            KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                Some(Action::Quit)
            }
            KeyCode::Esc | KeyCode::Char('q' | 'C') => Some(Action::Cancel),
            _ => None,
        },
        Mode::Diff { .. } => match key.code {
            KeyCode::Up | KeyCode::Char('k') => Some(Action::MoveUp),
            KeyCode::Down | KeyCode::Char('j') => Some(Action::MoveDown),
            KeyCode::PageUp => Some(Action::PageUp),
            KeyCode::PageDown | KeyCode::Char(' ') => Some(Action::PageDown),
            _ => Some(Action::Cancel),
        },
        Mode::CommitPicker(_) | Mode::FilePicker(_) => match key.code {
            KeyCode::Up => Some(Action::MoveUp),
            KeyCode::Down => Some(Action::MoveDown),
            KeyCode::PageUp => Some(Action::PageUp),
            KeyCode::PageDown => Some(Action::PageDown),
            _ => text_action(key),
        },
        Mode::Search(_)
        | Mode::Note { .. }
        | Mode::Reason { .. }
        | Mode::Url { .. }
        | Mode::Owner { .. } => text_action(key),
    }
}

/// Editing keys for a one-line text box, as in a shell prompt.
fn text_action(key: KeyEvent) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let request = match key.code {
        KeyCode::Enter => return Some(Action::Submit),
        KeyCode::Esc => return Some(Action::Cancel),
        KeyCode::Char('c') if ctrl => return Some(Action::Cancel),
        KeyCode::Char('w') if ctrl => InputRequest::DeletePrevWord,
        KeyCode::Char('u') if ctrl => InputRequest::DeleteLine,
        KeyCode::Char('a') if ctrl => InputRequest::GoToStart,
        KeyCode::Char('e') if ctrl => InputRequest::GoToEnd,
        KeyCode::Char('k') if ctrl => InputRequest::DeleteTillEnd,
        KeyCode::Char(c) if !ctrl => InputRequest::InsertChar(c),
        KeyCode::Backspace => InputRequest::DeletePrevChar,
        KeyCode::Delete => InputRequest::DeleteNextChar,
        KeyCode::Left if ctrl => InputRequest::GoToPrevWord,
        KeyCode::Right if ctrl => InputRequest::GoToNextWord,
        KeyCode::Left => InputRequest::GoToPrevChar,
        KeyCode::Right => InputRequest::GoToNextChar,
        KeyCode::Home => InputRequest::GoToStart,
        KeyCode::End => InputRequest::GoToEnd,
        _ => return None,
    };
    Some(Action::Input(request))
}

/// The action a mouse event asks for, found by laying out the screen as drawing does.
/// Only normal mode takes the mouse; a click anywhere closes help.
#[must_use]
pub fn action_for_mouse(state: &AppState, event: MouseEvent, screen: Rect) -> Option<Action> {
    let at = Position::new(event.column, event.row);
    if matches!(state.mode, Mode::Help) {
        return matches!(event.kind, MouseEventKind::Down(_)).then_some(Action::Cancel);
    }
    if !matches!(state.mode, Mode::Normal) {
        return None;
    }
    if state.review.is_some() {
        // The meeting screen has no panes to click; the wheel scrolls it.
        return match event.kind {
            MouseEventKind::ScrollUp => Some(Action::MoveUp),
            MouseEventKind::ScrollDown => Some(Action::MoveDown),
            _ => None,
        };
    }
    let areas = ui::layout(screen);
    let pane_at = [
        (areas.tree, Focus::Tree),
        (areas.items, Focus::Items),
        (areas.detail, Focus::Detail),
    ]
    .into_iter()
    .find(|(area, _)| area.contains(at))
    .map(|(_, pane)| pane);
    match event.kind {
        MouseEventKind::ScrollUp => pane_at.map(|pane| Action::Wheel { pane, up: true }),
        MouseEventKind::ScrollDown => pane_at.map(|pane| Action::Wheel { pane, up: false }),
        MouseEventKind::Down(MouseButton::Left) => {
            if areas.footer.contains(at) && state.message.is_none() {
                let column = at.x - areas.footer.x;
                return ui::hints(state, areas.footer.width as usize)
                    .into_iter()
                    .find(|(_, _, columns, _)| columns.contains(&column))
                    .map(|(_, _, _, action)| action);
            }
            match pane_at? {
                Focus::Tree => {
                    let row = row_in(areas.tree, at, state.tree_selected, state.tree.len())?;
                    Some(Action::ClickTree(row))
                }
                Focus::Items => {
                    let row = row_in(areas.items, at, state.item_selected, state.items.len())?;
                    let on_mark = at.x.saturating_sub(areas.items.x + 1) < 3;
                    Some(Action::ClickItem { row, on_mark })
                }
                Focus::Detail => Some(Action::ClickDetail),
            }
        }
        _ => None,
    }
}

/// The list row under `at` in a bordered pane whose list scrolls as drawing scrolls it.
fn row_in(pane: Rect, at: Position, selected: usize, len: usize) -> Option<usize> {
    let inner = pane.inner(ratatui::layout::Margin::new(1, 1));
    if !inner.contains(at) {
        return None;
    }
    let offset = scroll_offset(selected, len, inner.height as usize);
    let row = offset + usize::from(at.y - inner.y);
    (row < len).then_some(row)
}
