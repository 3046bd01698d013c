//! `update`: one action in, state changed, effects out.

use tui_input::Input;

use super::action::{Action, Effect};
use super::state::{AppState, Focus, Mode, UndoEntry};
use crate::model::Status;
use crate::model::progress::Evidence;
use crate::model::progress::Stamp;

/// Applies `action` to `state`. `stamp` says who is acting and when, for any change recorded.
/// Returns the effects the loop must run (saving, quitting).
pub fn update(state: &mut AppState, action: Action, stamp: &Stamp) -> Vec<Effect> {
    stamp
        .at
        .get(..10)
        .unwrap_or(&stamp.at)
        .clone_into(&mut state.today);
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
        Mode::Owner { id, input } => handle_text(state, TextBox::Owner, &id, input, &action, stamp),
        Mode::Diff {
            title,
            lines,
            scroll,
        } => {
            let scroll = match action {
                Action::MoveDown => scroll.saturating_add(1),
                Action::MoveUp => scroll.saturating_sub(1),
                Action::PageDown => scroll.saturating_add(20),
                Action::PageUp => scroll.saturating_sub(20),
                _ => return Vec::new(),
            };
            state.mode = Mode::Diff {
                title,
                lines,
                scroll,
            };
            Vec::new()
        }
        Mode::Crosswalk(mut view) => {
            let last = view.rows.len().saturating_sub(1);
            match action {
                Action::Cancel | Action::Quit | Action::OpenCrosswalk => return Vec::new(),
                Action::MoveUp => view.selected = view.selected.saturating_sub(1),
                Action::MoveDown => view.selected = (view.selected + 1).min(last),
                Action::PageUp => view.selected = view.selected.saturating_sub(state.page),
                Action::PageDown => view.selected = (view.selected + state.page).min(last),
                Action::FocusNext | Action::FocusRight => {
                    view.target = (view.target + 1) % view.targets.len().max(1);
                    view.rebuild(&state.catalog, &state.progress);
                }
                Action::FocusLeft => {
                    view.target =
                        (view.target + view.targets.len().max(1) - 1) % view.targets.len().max(1);
                    view.rebuild(&state.catalog, &state.progress);
                }
                Action::Adopt => {
                    if let Some(row) = view.rows.get(view.selected) {
                        // Adopt from the framework on screen, not from any mapped one.
                        let id = row.full_id.clone();
                        let cover = row.derived().map(|c| (c.full_id.clone(), c.covered_via()));
                        let effects = if let Some((from, label)) = cover {
                            adopt_from(state, &id, &from, &label, stamp)
                        } else {
                            state.warn(format!(
                                "{id}: nothing done in this framework covers it, so there is nothing to adopt"
                            ));
                            Vec::new()
                        };
                        view.rebuild(&state.catalog, &state.progress);
                        state.mode = Mode::Crosswalk(view);
                        return effects;
                    }
                }
                Action::Undo => {
                    let effects = undo(state);
                    view.rebuild(&state.catalog, &state.progress);
                    state.mode = Mode::Crosswalk(view);
                    return effects;
                }
                Action::Open | Action::Submit => {
                    if let Some(row) = view.rows.get(view.selected) {
                        state.search = Some(row.full_id.clone());
                        state.refresh_items();
                        state.focus = Focus::Items;
                        return Vec::new();
                    }
                }
                _ => {}
            }
            state.mode = Mode::Crosswalk(view);
            Vec::new()
        }
        Mode::CommitPicker(picker) => {
            super::pickers::handle_commit_picker(state, picker, &action, stamp)
        }
        Mode::FilePicker(picker) => super::pickers::handle_file_picker(state, picker, &action),
    }
}

fn handle_normal(state: &mut AppState, action: &Action, stamp: &Stamp) -> Vec<Effect> {
    let today = stamp.at.get(..10).unwrap_or(&stamp.at);
    if let Some(effects) = super::review::handle(state, action, today) {
        return effects;
    }
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
        Action::AssignOwner => {
            if let Some(id) = item_to_change(state) {
                let current = state.progress.get(&id).and_then(|p| p.owner.clone());
                state.mode = Mode::Owner {
                    id,
                    input: Input::new(current.unwrap_or_default()),
                };
            }
        }
        Action::ReconfirmEvidence => return reconfirm_selected(state),
        Action::ViewDiff => match state.selected_evidence() {
            Some((_, number, evidence @ Evidence::File { .. })) => {
                let title = format!("evidence {}: {evidence}", number + 1);
                state.say("reading the diff…");
                return vec![Effect::Git(crate::git::worker::Request::Diff {
                    title,
                    evidence,
                })];
            }
            Some(_) => state
                .warn("only file evidence has a diff; select a file with j/k in the detail pane"),
            None => state.warn("no evidence selected: focus the detail pane and pick one with j/k"),
        },
        Action::OpenEvidence => match state.selected_evidence() {
            Some((_, _, Evidence::File { path, lines, .. })) => {
                let line = lines
                    .as_deref()
                    .and_then(|l| l.split('-').next())
                    .and_then(|l| l.trim().parse().ok());
                return vec![Effect::OpenEditor { path, line }];
            }
            Some(_) => {
                state.warn("only file evidence opens in the editor; y copies a commit id or URL");
            }
            None => state.warn("no evidence selected: focus the detail pane and pick one with j/k"),
        },
        Action::CopyEvidence => match state.selected_evidence() {
            Some((_, _, evidence)) => {
                let text = match evidence {
                    Evidence::Commit { id } => id,
                    Evidence::File { path, lines, .. } => match lines {
                        Some(lines) => format!("{path}:{lines}"),
                        None => path,
                    },
                    Evidence::Url { url } => url,
                };
                state.say(format!(
                    "copied {text} to the clipboard (through the terminal)"
                ));
                return vec![Effect::Copy(text)];
            }
            None => state.warn("no evidence selected: focus the detail pane and pick one with j/k"),
        },
        Action::UnlinkEvidence => {
            if let Some((id, number, evidence)) = state.selected_evidence() {
                return match state.progress.unlink(&id, number + 1, stamp) {
                    Ok(previous) => {
                        state.evidence_selected = state.evidence_selected.saturating_sub(1);
                        record(state, &id, previous, &format!("unlinked {evidence}"))
                    }
                    Err(err) => {
                        state.warn(err.to_string());
                        Vec::new()
                    }
                };
            }
            state.warn("no evidence selected: focus the detail pane and pick one with j/k");
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
        Action::StartReview { since } => {
            return super::review::start(state, since.clone(), today);
        }
        Action::ShowHistory => {
            if let Some(id) = state.selected_id() {
                state.say(format!("reading the history of {id}…"));
                return vec![Effect::Git(crate::git::worker::Request::History { id })];
            }
            state.warn("no item selected");
        }
        Action::OpenCrosswalk => {
            let framework = state
                .selected_item()
                .map(|at| at.framework)
                .or_else(|| state.selected_node().map(|n| n.framework));
            let Some(fi) = framework else {
                state.warn("select a framework or item first");
                return Vec::new();
            };
            let from = state.catalog.frameworks[fi].id.clone();
            let mut targets: Vec<String> =
                crate::model::crosswalk::mapped_frameworks(&state.catalog, &from)
                    .into_iter()
                    .map(str::to_owned)
                    .collect();
            // The framework with the most pairs first: usually the one people compare with.
            let pairs = |to: &str| {
                state
                    .catalog
                    .mappings
                    .iter()
                    .filter(|m| (m.from == from && m.to == to) || (m.to == from && m.from == to))
                    .map(|m| m.pairs.len())
                    .sum::<usize>()
            };
            targets.sort_by_key(|to| std::cmp::Reverse(pairs(to)));
            if targets.is_empty() {
                state.warn(format!(
                    "no loaded mapping links {from} with another framework"
                ));
                return Vec::new();
            }
            let mut view = super::state::CrosswalkView {
                from,
                targets,
                target: 0,
                rows: Vec::new(),
                selected: 0,
            };
            view.rebuild(&state.catalog, &state.progress);
            state.mode = Mode::Crosswalk(view);
        }
        Action::Adopt => {
            if let Some(id) = item_to_change(state) {
                return adopt_strongest(state, &id, stamp);
            }
        }
        Action::AcceptSuggestion | Action::DismissSuggestion => {
            let Some(id) = item_to_change(state) else {
                return Vec::new();
            };
            let Some(proposal) = state.pending_proposals(&id).first().map(|p| (*p).clone()) else {
                state.warn(format!("{id}: no suggested evidence is waiting"));
                return Vec::new();
            };
            if *action == Action::AcceptSuggestion {
                return link(state, &id, proposal.evidence, stamp);
            }
            let previous = state.progress.dismiss(&id, proposal.detector, stamp);
            return record(
                state,
                &id,
                previous,
                &format!("dismissed the {} suggestion", proposal.detector),
            );
        }
        Action::NextView => {
            state.view = match state.view {
                None if !state.views.is_empty() => Some(0),
                Some(v) if v + 1 < state.views.len() => Some(v + 1),
                _ => None,
            };
            state.refresh_items();
            match state.view.and_then(|v| state.views.get(v)) {
                Some(view) => {
                    let name = view.name.clone();
                    state.say(format!(
                        "view: {name} ({} items); v for the next",
                        state.items.len()
                    ));
                }
                None => state.say("view: all items"),
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
        Action::ClickTree(row) => {
            state.focus = Focus::Tree;
            state.search = None;
            state.select_tree_row(*row);
            state.items.clear();
            state.refresh_items();
        }
        Action::ClickItem { row, on_mark } => {
            if *row < state.items.len() {
                state.focus = Focus::Items;
                if state.item_selected != *row {
                    state.item_selected = *row;
                    state.detail_scroll = 0;
                }
                if *on_mark {
                    return handle_normal(state, &Action::CycleStatus, stamp);
                }
            }
        }
        Action::ClickDetail => state.focus = Focus::Detail,
        Action::Wheel { pane, up } => {
            state.focus = *pane;
            let step = if *pane == Focus::Detail { 3 } else { 1 };
            move_by(state, if *up { -step } else { step });
        }
        Action::ReviewNext
        | Action::ReviewPrevious
        | Action::ReviewSkip
        | Action::ReviewToggleTodo
        | Action::EndReview
        | Action::Input(_)
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
        Action::Input(request) => {
            // Typing searches the help: keys, what they do, and the action names.
            let mut input = Input::new(std::mem::take(&mut state.help_query));
            input.handle(*request);
            input.value().clone_into(&mut state.help_query);
            state.help_scroll = 0;
        }
        _ => {
            state.help_query.clear();
            return;
        }
    }
    state.mode = Mode::Help;
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
    Owner,
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
        TextBox::Owner => Mode::Owner {
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
            TextBox::Owner => {
                let owner = match input.value().trim() {
                    "" | "none" | "-" => None,
                    "me" | "mine" => Some(state.who.clone()),
                    other => Some(other.to_owned()),
                };
                let previous = state.progress.assign(id, owner.as_deref(), stamp);
                return record(state, id, previous, "owner");
            }
            TextBox::Url => {
                let url = input.value().trim().to_owned();
                if !crate::model::progress::Evidence::is_linkable_url(&url) {
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

/// Asks git to re-pin the selected file evidence at HEAD; the answer re-confirms it.
fn reconfirm_selected(state: &mut AppState) -> Vec<Effect> {
    match state.selected_evidence() {
        Some((id, number, Evidence::File { path, lines, .. })) => {
            state.say(format!("re-confirming {path} at HEAD…"));
            vec![Effect::Git(crate::git::worker::Request::PinFile {
                item: id,
                path,
                lines,
                reconfirm: Some(number + 1),
            })]
        }
        Some(_) => {
            state.warn("only file evidence is re-confirmed; commits and URLs do not change");
            Vec::new()
        }
        None => {
            state.warn("no evidence selected: focus the detail pane and pick one with j/k");
            Vec::new()
        }
    }
}

/// Adopts the strongest settled mapped item's status for `id`, or says why not.
fn adopt_strongest(state: &mut AppState, id: &str, stamp: &Stamp) -> Vec<Effect> {
    let choices = crate::model::crosswalk::adoptable(&state.catalog, &state.progress, id);
    let Some(best) = choices.first() else {
        state.warn(format!(
            "{id}: no mapped item is done or n/a, so there is nothing to adopt (derived coverage is never counted by itself)"
        ));
        return Vec::new();
    };
    let (from, label) = (best.full_id.clone(), best.covered_via());
    adopt_from(state, id, &from, &label, stamp)
}

/// Adopts `from`'s status for `id` through the one adoption rule, recording it for undo.
fn adopt_from(
    state: &mut AppState,
    id: &str,
    from: &str,
    label: &str,
    stamp: &Stamp,
) -> Vec<Effect> {
    match crate::model::crosswalk::adopt(&state.catalog, &mut state.progress, id, from, stamp) {
        Ok(previous) => record(state, id, previous, &format!("adopted ({label})")),
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

/// Records a change made to `id` for undo and asks the loop to save it (for other parts of
/// `app` that change progress).
pub(super) fn record_change(
    state: &mut AppState,
    id: &str,
    previous: Option<crate::model::ItemProgress>,
    what: &str,
) -> Vec<Effect> {
    record(state, id, previous, what)
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
    let mut effects = vec![Effect::Save(vec![id.to_owned()])];
    if let Some(entry) = state.progress.get(id).filter(|e| !e.evidence.is_empty()) {
        // Effects run last first: the save runs, then the check sees what was saved.
        effects.insert(
            0,
            Effect::Git(crate::git::worker::Request::CheckEvidence {
                items: vec![(id.to_owned(), entry.evidence.clone())],
            }),
        );
    }
    effects
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

fn selected_evidence_count(state: &AppState) -> usize {
    state
        .selected_id()
        .and_then(|id| state.progress.get(&id).map(|e| e.evidence.len()))
        .unwrap_or(0)
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
            state.evidence_selected = 0;
        }
        Focus::Detail if delta.abs() == 1 && selected_evidence_count(state) > 0 => {
            state.evidence_selected = step(state.evidence_selected, selected_evidence_count(state));
        }
        Focus::Detail => {
            let scroll = usize::from(state.detail_scroll).saturating_add_signed(delta);
            state.detail_scroll = u16::try_from(scroll.min(2000)).unwrap_or(0);
        }
    }
}
