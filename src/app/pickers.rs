//! The evidence pickers: a commit from history, a tracked file (fuzzy) with optional lines, a URL.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher};
use tui_input::Input;

use super::action::{Action, Effect};
use super::state::{AppState, Mode};
use crate::git::log::CommitRow;
use crate::git::worker::{Request, Response};
use crate::model::progress::Stamp;

/// Commits loaded per request; the picker asks for more as the selection nears the end.
pub const COMMIT_PAGE: usize = 100;

/// Choosing a commit to link.
#[derive(Debug, Clone)]
pub struct CommitPicker {
    /// The item the commit will be linked to.
    pub item: String,
    /// Search words for id, message and author.
    pub query: Input,
    /// Commits loaded so far for the query.
    pub rows: Vec<CommitRow>,
    /// Selected row.
    pub selected: usize,
    /// More commits may match.
    pub more: bool,
    /// A page has been asked for and not yet answered.
    pub loading: bool,
}

impl CommitPicker {
    /// A picker for `item` waiting for its first page.
    #[must_use]
    pub fn new(item: String) -> Self {
        CommitPicker {
            item,
            query: Input::default(),
            rows: Vec::new(),
            selected: 0,
            more: true,
            loading: true,
        }
    }

    /// True when the selection is near the end of what is loaded and more may come.
    #[must_use]
    pub fn wants_more(&self) -> bool {
        self.more && !self.loading && self.selected + 10 >= self.rows.len()
    }
}

/// Choosing a tracked file to link, then optionally a line range.
#[derive(Debug, Clone)]
pub struct FilePicker {
    /// The item the file will be linked to.
    pub item: String,
    /// Fuzzy query.
    pub query: Input,
    /// Every tracked file; empty until the git thread answers.
    pub files: Vec<String>,
    /// Indices into `files` that match the query, best first.
    pub matches: Vec<usize>,
    /// Selected row of `matches`.
    pub selected: usize,
    /// The file list has been asked for and not yet answered.
    pub loading: bool,
    /// Once a file is chosen: its path and the line-range box.
    pub lines: Option<(String, Input)>,
}

impl FilePicker {
    /// A picker for `item` waiting for the file list.
    #[must_use]
    pub fn new(item: String) -> Self {
        FilePicker {
            item,
            query: Input::default(),
            files: Vec::new(),
            matches: Vec::new(),
            selected: 0,
            loading: true,
            lines: None,
        }
    }

    /// Re-ranks the files against the query: fuzzy, path-aware, best first; all files in path
    /// order when the query is empty.
    pub fn refilter(&mut self) {
        let query = self.query.value().trim();
        if query.is_empty() {
            self.matches = (0..self.files.len()).collect();
        } else {
            let mut matcher = Matcher::new(Config::DEFAULT.match_paths());
            let pattern = Pattern::parse(query, CaseMatching::Smart, Normalization::Smart);
            let indexed: Vec<(usize, &str)> =
                self.files.iter().map(String::as_str).enumerate().collect();
            let mut scored: Vec<(usize, u32)> = indexed
                .into_iter()
                .filter_map(|(i, path)| {
                    let mut buf = Vec::new();
                    pattern
                        .score(nucleo_matcher::Utf32Str::new(path, &mut buf), &mut matcher)
                        .map(|score| (i, score))
                })
                .collect();
            // Best score first; equal scores keep path order so the list does not jump.
            scored.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            self.matches = scored.into_iter().map(|(i, _)| i).collect();
        }
        self.selected = 0;
    }

    /// The selected file's path.
    #[must_use]
    pub fn selected_path(&self) -> Option<&str> {
        self.matches
            .get(self.selected)
            .map(|&i| self.files[i].as_str())
    }
}

/// The request for the first page of commits matching `query`.
#[must_use]
pub fn first_commit_page(query: &str) -> Request {
    Request::CommitPage {
        query: query.to_owned(),
        skip: 0,
        limit: COMMIT_PAGE,
    }
}

/// Takes an answer from the git thread, whatever box is open.
pub(super) fn handle_git(state: &mut AppState, response: Response, stamp: &Stamp) -> Vec<Effect> {
    match response {
        Response::CommitPage {
            query,
            skip,
            rows,
            more,
        } => {
            if let Mode::CommitPicker(picker) = &mut state.mode
                && picker.query.value().trim() == query
                && skip == picker.rows.len()
            {
                picker.rows.extend(rows);
                picker.more = more;
                picker.loading = false;
            }
        }
        Response::TrackedFiles(result) => {
            if let Mode::FilePicker(picker) = &mut state.mode {
                match result {
                    Ok(files) => {
                        picker.files = files;
                        picker.loading = false;
                        picker.refilter();
                    }
                    Err(message) => {
                        state.mode = Mode::Normal;
                        state.warn(format!("cannot list tracked files: {message}"));
                    }
                }
            }
        }
        Response::Pinned {
            item,
            reconfirm: None,
            result,
        } => match result {
            Ok(evidence) => return super::update::link(state, &item, evidence, stamp),
            Err(message) => state.warn(format!("not linked: {message}")),
        },
        Response::Pinned {
            item,
            reconfirm: Some(number),
            result,
        } => match result.and_then(|evidence| {
            state
                .progress
                .reconfirm(&item, number, evidence, stamp)
                .map_err(|err| err.to_string())
        }) {
            Ok(previous) => {
                return super::update::record_change(
                    state,
                    &item,
                    previous,
                    &format!("re-confirmed evidence {number}"),
                );
            }
            Err(message) => state.warn(format!("not re-confirmed: {message}")),
        },
        Response::History { id, result } => match result {
            Ok(changes) => {
                let mut lines = Vec::new();
                for change in &changes {
                    let when = change
                        .time
                        .get(..16)
                        .unwrap_or(&change.time)
                        .replace('T', " ");
                    let short = change.commit.get(..8).unwrap_or(&change.commit);
                    lines.push(format!(
                        "◆ {when}  {short}  {}  {}",
                        change.author, change.summary
                    ));
                    if let Some(by) = &change.recorded_by
                        && !by.eq_ignore_ascii_case(&change.author)
                    {
                        lines.push(format!("   recorded by {by}"));
                    }
                    for field in &change.fields {
                        lines.push(format!("   {}", field.describe()));
                    }
                }
                if lines.is_empty() {
                    lines.push("No committed change yet: commit .vouch/progress.toml to start its history.".to_owned());
                } else {
                    lines.push(String::new());
                    lines.push("Changes not committed yet are not listed; `git diff .vouch/progress.toml` shows them.".to_owned());
                }
                state.message = None;
                state.mode = Mode::Diff {
                    title: format!(
                        "history of {id} · {} change{}",
                        changes.len(),
                        if changes.len() == 1 { "" } else { "s" }
                    ),
                    lines,
                    scroll: 0,
                };
            }
            Err(message) => state.warn(format!("no history: {message}")),
        },
        Response::Suggestions(result) => match result {
            Ok(proposals) => state.proposals = proposals,
            // Suggestions are a bonus; a repository they cannot read still works.
            Err(message) => state.warn(format!("no suggestions: {message}")),
        },
        Response::EvidenceStates(states) => {
            state.take_evidence_states(states);
            if let Some(review) = &state.review {
                // Stale evidence is an agenda reason; the meeting may have started before the
                // check finished. Nobody has moved yet when it is still on its first item.
                let untouched = review.index == 0 && !review.finished;
                let today = stamp.at.get(..10).unwrap_or(&stamp.at).to_owned();
                super::review::rebuild(state, &today, !untouched);
            }
            if state.view.is_some() && state.review.is_none() {
                state.refresh_items();
            }
        }
        Response::Diff { title, result } => match result {
            Ok(diff) if diff.is_empty() => {
                state.say("the file has not changed since it was linked");
            }
            Ok(diff) => {
                state.mode = Mode::Diff {
                    title,
                    lines: diff.lines().map(str::to_owned).collect(),
                    scroll: 0,
                };
            }
            Err(message) => state.warn(format!("no diff: {message}")),
        },
        Response::ProgressAt { rev, result } => {
            let today = stamp.at.get(..10).unwrap_or(&stamp.at).to_owned();
            match result {
                Ok(baseline) => {
                    if let Some(review) = state.review.as_mut()
                        && review.since.as_deref() == Some(rev.as_str())
                    {
                        review.baseline = Some(baseline);
                        // The agenda's order changes with the baseline: start from the top.
                        super::review::rebuild(state, &today, false);
                    }
                }
                Err(message) => state.warn(format!("cannot compare with {rev}: {message}")),
            }
        }
        Response::Unavailable(message) => {
            if matches!(state.mode, Mode::CommitPicker(_) | Mode::FilePicker(_)) {
                state.mode = Mode::Normal;
            }
            state.warn(format!("git is not available here: {message}"));
        }
    }
    Vec::new()
}

/// Keys while the commit picker is open.
pub(super) fn handle_commit_picker(
    state: &mut AppState,
    mut picker: CommitPicker,
    action: &Action,
    stamp: &Stamp,
) -> Vec<Effect> {
    let mut effects = Vec::new();
    match action {
        Action::Cancel => {
            state.say("no commit linked");
            return effects;
        }
        Action::Submit => {
            let Some(row) = picker.rows.get(picker.selected) else {
                state.mode = Mode::CommitPicker(picker);
                return effects;
            };
            let evidence = crate::model::progress::Evidence::Commit { id: row.id.clone() };
            let item = picker.item.clone();
            return super::update::link(state, &item, evidence, stamp);
        }
        Action::Input(request) => {
            picker.query.handle(*request);
            picker.rows.clear();
            picker.selected = 0;
            picker.more = true;
            picker.loading = true;
            effects.push(Effect::Git(first_commit_page(picker.query.value().trim())));
        }
        Action::MoveUp | Action::MoveDown | Action::PageUp | Action::PageDown => {
            picker.selected = moved(picker.selected, picker.rows.len(), action, state.page);
        }
        _ => {}
    }
    if picker.wants_more() {
        picker.loading = true;
        effects.push(Effect::Git(Request::CommitPage {
            query: picker.query.value().trim().to_owned(),
            skip: picker.rows.len(),
            limit: COMMIT_PAGE,
        }));
    }
    state.mode = Mode::CommitPicker(picker);
    effects
}

/// Keys while the file picker is open: first choose a file, then optionally give lines.
pub(super) fn handle_file_picker(
    state: &mut AppState,
    mut picker: FilePicker,
    action: &Action,
) -> Vec<Effect> {
    if let Some((path, mut lines)) = picker.lines.take() {
        match action {
            Action::Cancel => {
                // Back to the list, keeping the query.
            }
            Action::Submit => {
                let range = lines.value().trim().to_owned();
                if !range.is_empty() && parse_range(&range).is_none() {
                    state.warn(
                        "lines are a number or a range like 10-20; leave empty for the whole file",
                    );
                    picker.lines = Some((path, lines));
                    state.mode = Mode::FilePicker(picker);
                    return Vec::new();
                }
                state.say(format!("linking {path}…"));
                return vec![Effect::Git(Request::PinFile {
                    item: picker.item,
                    path,
                    lines: (!range.is_empty()).then_some(range),
                    reconfirm: None,
                })];
            }
            Action::Input(request) => {
                lines.handle(*request);
                picker.lines = Some((path, lines));
            }
            _ => picker.lines = Some((path, lines)),
        }
        state.mode = Mode::FilePicker(picker);
        return Vec::new();
    }
    match action {
        Action::Cancel => {
            state.say("no file linked");
            return Vec::new();
        }
        Action::Submit => {
            if let Some(path) = picker.selected_path().map(str::to_owned) {
                picker.lines = Some((path, Input::default()));
            }
        }
        Action::Input(request) => {
            picker.query.handle(*request);
            picker.refilter();
        }
        Action::MoveUp | Action::MoveDown | Action::PageUp | Action::PageDown => {
            picker.selected = moved(picker.selected, picker.matches.len(), action, state.page);
        }
        _ => {}
    }
    state.mode = Mode::FilePicker(picker);
    Vec::new()
}

/// The selection after a movement key in a list of `len` rows.
fn moved(selected: usize, len: usize, action: &Action, page: usize) -> usize {
    let last = len.saturating_sub(1);
    match action {
        Action::MoveUp => selected.saturating_sub(1),
        Action::MoveDown => (selected + 1).min(last),
        Action::PageUp => selected.saturating_sub(page),
        Action::PageDown => (selected + page).min(last),
        _ => selected,
    }
}

/// Parses `A-B` or `A` (lines from 1, A ≤ B) into a range.
#[must_use]
pub fn parse_range(text: &str) -> Option<(u32, u32)> {
    let (start, end) = if let Some((a, b)) = text.split_once('-') {
        (a.trim().parse().ok()?, b.trim().parse().ok()?)
    } else {
        let line = text.trim().parse().ok()?;
        (line, line)
    };
    (start >= 1 && start <= end).then_some((start, end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use tui_input::InputRequest;

    #[test]
    fn fuzzy_file_matching_ranks_the_closest_path_first() {
        let mut picker = FilePicker::new("a:1".into());
        picker.files = vec![
            "src/main.rs".into(),
            "SECURITY.md".into(),
            "docs/security/policy.md".into(),
            ".github/workflows/ci.yml".into(),
        ];
        for c in "secmd".chars() {
            picker.query.handle(InputRequest::InsertChar(c));
        }
        picker.refilter();
        assert_eq!(picker.selected_path(), Some("SECURITY.md"));
        assert_eq!(picker.matches.len(), 2);
        picker.query.reset();
        picker.refilter();
        assert_eq!(picker.matches.len(), 4);
    }
}
