//! `update`: one action in, state changed, effects out.

use tui_input::Input;

use super::action::{Action, Effect};
use super::state::{AppState, Focus, Mode, UndoEntry};
use crate::model::Status;
use crate::model::progress::Stamp;

/// Applies `action` to `state`. `stamp` says who is acting and when, for any change recorded.
/// Returns the effects the loop must run (saving, quitting).
pub fn update(state: &mut AppState, action: Action, stamp: &Stamp) -> Vec<Effect> {
    match action {
        Action::Saved(result) => return handle_saved(state, result),
        Action::Git(response) => return super::pickers::handle_git(state, response, stamp),
        Action::Resize { height, .. } => {
            state.page = usize::from(height.saturating_sub(8) / 2).max(1);
            return Vec::new();
        }
        // A key press clears the last message, so the hints come back.
        _ => state.message = None,
    }
    match std::mem::replace(&mut state.mode, Mode::Normal) {
        Mode::Normal => handle_normal(state, &action, stamp),
        Mode::Help => {
            handle_help(state, &action);
            Vec::new()
        }
        Mode::Search(input) => {
            handle_search(state, input, &action);
            Vec::new()
        }
        Mode::Note { id, input } => handle_text(state, TextBox::Note, &id, input, &action, stamp),
        Mode::Reason { id, input } => {
            handle_text(state, TextBox::Reason, &id, input, &action, stamp)
        }
        Mode::Url { id, input } => handle_text(state, TextBox::Url, &id, input, &action, stamp),
        Mode::CommitPicker(picker) => {
            super::pickers::handle_commit_picker(state, picker, &action, stamp)
        }
        Mode::FilePicker(picker) => super::pickers::handle_file_picker(state, picker, &action),
    }
}

fn handle_normal(state: &mut AppState, action: &Action, stamp: &Stamp) -> Vec<Effect> {
    match action {
        Action::MoveUp => move_by(state, -1),
        Action::MoveDown => move_by(state, 1),
        Action::PageUp => move_by(state, -state.page.cast_signed()),
        Action::PageDown => move_by(state, state.page.cast_signed()),
        Action::First => move_by(state, isize::MIN / 2),
        Action::Last => move_by(state, isize::MAX / 2),
        Action::FocusRight | Action::Open => {
            state.focus = match state.focus {
                Focus::Tree => Focus::Items,
                Focus::Items | Focus::Detail => Focus::Detail,
            };
        }
        Action::FocusLeft => {
            state.focus = match state.focus {
                Focus::Detail => Focus::Items,
                Focus::Items | Focus::Tree => Focus::Tree,
            };
        }
        Action::FocusNext => {
            state.focus = match state.focus {
                Focus::Tree => Focus::Items,
                Focus::Items => Focus::Detail,
                Focus::Detail => Focus::Tree,
            };
        }
        Action::CycleStatus => {
            if let Some(id) = item_to_change(state) {
                let next = state.progress.status(&id).cycled();
                return change_status(state, &id, next, None, stamp);
            }
        }
        Action::MarkNotApplicable => {
            if let Some(id) = item_to_change(state) {
                let current = state.progress.get(&id).and_then(|p| p.reason.clone());
                state.mode = Mode::Reason {
                    id,
                    input: Input::new(current.unwrap_or_default()),
                };
            }
        }
        Action::EditNote => {
            if let Some(id) = item_to_change(state) {
                let current = state.progress.get(&id).and_then(|p| p.note.clone());
                state.mode = Mode::Note {
                    id,
                    input: Input::new(current.unwrap_or_default()),
                };
            }
        }
        Action::LinkCommit => {
            if let Some(id) = item_to_change(state) {
                let picker = super::pickers::CommitPicker::new(id);
                state.mode = Mode::CommitPicker(picker);
                return vec![Effect::Git(super::pickers::first_commit_page(""))];
            }
        }
        Action::LinkFile => {
            if let Some(id) = item_to_change(state) {
                state.mode = Mode::FilePicker(super::pickers::FilePicker::new(id));
                return vec![Effect::Git(crate::git::worker::Request::TrackedFiles)];
            }
        }
        Action::LinkUrl => {
            if let Some(id) = item_to_change(state) {
                state.mode = Mode::Url {
                    id,
                    input: Input::default(),
                };
            }
        }
        Action::Search => {
            state.mode = Mode::Search(Input::new(state.search.clone().unwrap_or_default()));
        }
        Action::ClearSearch => clear_search(state),
        Action::Cancel => {
            if state.search.is_some() {
                clear_search(state);
            }
        }
        Action::Undo => return undo(state),
        Action::ToggleHelp => {
            state.help_scroll = 0;
            state.mode = Mode::Help;
        }
        Action::Quit => return vec![Effect::Quit],
        Action::Input(_)
        | Action::Submit
        | Action::Resize { .. }
        | Action::Saved(_)
        | Action::Git(_) => {}
    }
    Vec::new()
}

fn handle_help(state: &mut AppState, action: &Action) {
    match action {
        Action::MoveDown => state.help_scroll = state.help_scroll.saturating_add(1),
        Action::MoveUp => state.help_scroll = state.help_scroll.saturating_sub(1),
        Action::ToggleHelp | Action::Cancel | Action::Quit | Action::Submit => {}
        _ => state.mode = Mode::Help,
    }
    if matches!(action, Action::MoveDown | Action::MoveUp) {
        state.mode = Mode::Help;
    }
}

fn handle_search(state: &mut AppState, mut input: Input, action: &Action) {
    match action {
        Action::Input(request) => {
            input.handle(*request);
            let query = input.value().trim().to_owned();
            state.search = (!query.is_empty()).then_some(query);
            state.item_selected = 0;
            state.refresh_items();
            state.mode = Mode::Search(input);
        }
        Action::Submit => {
            state.focus = Focus::Items;
            if let Some(query) = &state.search {
                let found = state.items.len();
                let items = if found == 1 {
                    "item matches"
                } else {
                    "items match"
                };
                state.say(format!(
                    "{found} {items} \"{query}\"; Esc clears the search"
                ));
            }
        }
        Action::Cancel => clear_search(state),
        _ => state.mode = Mode::Search(input),
    }
}

#[derive(Clone, Copy)]
enum TextBox {
    Note,
    Reason,
    Url,
}

fn handle_text(
    state: &mut AppState,
    kind: TextBox,
    id: &str,
    mut input: Input,
    action: &Action,
    stamp: &Stamp,
) -> Vec<Effect> {
    let reopen = |input| match kind {
        TextBox::Note => Mode::Note {
            id: id.to_owned(),
            input,
        },
        TextBox::Url => Mode::Url {
            id: id.to_owned(),
            input,
        },
        TextBox::Reason => Mode::Reason {
            id: id.to_owned(),
            input,
        },
    };
    match action {
        Action::Input(request) => {
            input.handle(*request);
            state.mode = reopen(input);
        }
        Action::Cancel => state.say("cancelled; nothing changed"),
        Action::Submit => match kind {
            TextBox::Note => {
                let previous = state.progress.set_note(id, input.value(), stamp);
                return record(state, id, previous, "note");
            }
            TextBox::Url => {
                let url = input.value().trim().to_owned();
                if !looks_like_url(&url) {
                    state.warn(
                        "give a full address such as https://example.com/policy (Esc cancels)",
                    );
                    state.mode = reopen(input);
                    return Vec::new();
                }
                let evidence = crate::model::progress::Evidence::Url { url };
                return link(state, id, evidence, stamp);
            }
            TextBox::Reason => {
                let reason = input.value().to_owned();
                if reason.trim().is_empty() {
                    state
                        .warn("n/a needs a reason: say why this item does not apply (Esc cancels)");
                    state.mode = reopen(input);
                    return Vec::new();
                }
                return change_status(state, id, Status::NotApplicable, Some(&reason), stamp);
            }
        },
        _ => state.mode = reopen(input),
    }
    Vec::new()
}

fn change_status(
    state: &mut AppState,
    id: &str,
    status: Status,
    reason: Option<&str>,
    stamp: &Stamp,
) -> Vec<Effect> {
    let review_by = crate::model::review::review_date(&stamp.at, state.na_valid_for_months);
    match state
        .progress
        .set_status_until(id, status, reason, review_by.as_deref(), stamp)
    {
        Ok(previous) => record(state, id, previous, &format!("status {status}")),
        Err(err) => {
            state.warn(err.to_string());
            Vec::new()
        }
    }
}

/// Links evidence to an item and saves, or says why not.
pub(super) fn link(
    state: &mut AppState,
    id: &str,
    evidence: crate::model::progress::Evidence,
    stamp: &Stamp,
) -> Vec<Effect> {
    let what = format!("linked {evidence}");
    match state.progress.link(id, evidence, stamp) {
        Ok(previous) => record(state, id, previous, &what),
        Err(err) => {
            state.warn(err.to_string());
            Vec::new()
        }
    }
}

/// A web address worth linking: a scheme, `://`, and a host.
fn looks_like_url(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once("://") else {
        return false;
    };
    !scheme.is_empty()
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        && !rest.is_empty()
        && !text.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// Records a change made to `id` for undo and asks the loop to save it.
fn record(
    state: &mut AppState,
    id: &str,
    previous: Option<crate::model::ItemProgress>,
    what: &str,
) -> Vec<Effect> {
    if state.progress.get(id) == previous.as_ref() {
        state.say(format!("{id}: nothing changed"));
        return Vec::new();
    }
    let description = format!("{id} {what}");
    state.undo.push(UndoEntry {
        id: id.to_owned(),
        previous,
        description: description.clone(),
    });
    state.pending = Some(description);
    after_progress_change(state);
    vec![Effect::Save(vec![id.to_owned()])]
}

fn undo(state: &mut AppState) -> Vec<Effect> {
    let Some(entry) = state.undo.pop() else {
        state.say("nothing to undo in this session");
        return Vec::new();
    };
    state.progress.restore(&entry.id, entry.previous);
    state.pending = Some(format!("undid {}", entry.description));
    after_progress_change(state);
    vec![Effect::Save(vec![entry.id])]
}

fn handle_saved(
    state: &mut AppState,
    result: Result<String, super::action::SaveFailure>,
) -> Vec<Effect> {
    let pending = state.pending.take().unwrap_or_default();
    match result {
        Ok(extra) => {
            state.say(format!("saved: {pending}{extra}"));
            after_progress_change(state);
            Vec::new()
        }
        Err(failure) => {
            // Memory must match disk: put the entry back as it was before the failed change.
            if let Some(entry) = state.undo.pop() {
                state.progress.restore(&entry.id, entry.previous);
            }
            after_progress_change(state);
            state.warn(format!("not saved: {}", failure.message));
            if failure.needs_reload {
                vec![Effect::Reload]
            } else {
                Vec::new()
            }
        }
    }
}

fn after_progress_change(state: &mut AppState) {
    state.rebuild_tree();
}

pub(super) fn item_to_change(state: &mut AppState) -> Option<String> {
    if state.focus == Focus::Tree {
        state.focus = Focus::Items;
    }
    let id = state.selected_id();
    if id.is_none() {
        state.warn("no item selected");
    }
    id
}

fn clear_search(state: &mut AppState) {
    state.search = None;
    state.refresh_items();
}

fn move_by(state: &mut AppState, delta: isize) {
    let step = |current: usize, len: usize| -> usize {
        if len == 0 {
            return 0;
        }
        current.saturating_add_signed(delta).min(len - 1)
    };
    match state.focus {
        Focus::Tree => {
            state.select_tree_row(step(state.tree_selected, state.tree.len()));
            // Moving in the tree shows that node's items, so a search gives way.
            state.search = None;
            state.items.clear();
            state.refresh_items();
        }
        Focus::Items => {
            state.item_selected = step(state.item_selected, state.items.len());
            state.detail_scroll = 0;
        }
        Focus::Detail => {
            let scroll = usize::from(state.detail_scroll).saturating_add_signed(delta);
            state.detail_scroll = u16::try_from(scroll.min(2000)).unwrap_or(0);
        }
    }
}
