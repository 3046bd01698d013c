//! Turning key presses into actions, by mode: the key map in normal mode, text editing in boxes.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_input::InputRequest;

use crate::app::keymap::Key;
use crate::app::{Action, AppState, Mode};

/// The action a key press asks for in the current mode, if any.
#[must_use]
pub fn action_for_key(state: &AppState, key: KeyEvent) -> Option<Action> {
    match state.mode {
        Mode::Normal => state.keymap.action_for(Key::from_event(key)),
        Mode::Help => match key.code {
            KeyCode::Up | KeyCode::Char('k') => Some(Action::MoveUp),
            KeyCode::Down | KeyCode::Char('j') => Some(Action::MoveDown),
            _ => Some(Action::Cancel),
        },
        Mode::CommitPicker(_) | Mode::FilePicker(_) => match key.code {
            KeyCode::Up => Some(Action::MoveUp),
            KeyCode::Down => Some(Action::MoveDown),
            KeyCode::PageUp => Some(Action::PageUp),
            KeyCode::PageDown => Some(Action::PageDown),
            _ => text_action(key),
        },
        Mode::Search(_) | Mode::Note { .. } | Mode::Reason { .. } | Mode::Url { .. } => {
            text_action(key)
        }
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
