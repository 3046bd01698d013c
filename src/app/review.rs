//! Review meetings: an agenda of items worth discussing, walked one item per screen, and a
//! closing summary of what the meeting changed.

use std::collections::HashSet;

use super::action::{Action, Effect};
use super::state::{AppState, Focus};
use crate::git::worker::Request;
use crate::model::review::{NaReview, ReviewTerms, date_of};
use crate::model::{Catalog, ItemProgress, ItemRef, Progress, Status};

/// Why an item is on the agenda, in the order the agenda takes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reason {
    /// Its entry changed since the revision the meeting started from.
    ChangedSince,
    /// Its evidence is stale or missing.
    Evidence,
    /// It is n/a and its review date is near or past.
    NotApplicableDue,
    /// Work has started and not finished.
    InProgress,
    /// Not started (only when the meeting includes todo items).
    Todo,
}

impl Reason {
    /// How the review screen says it.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Reason::ChangedSince => "changed since",
            Reason::Evidence => "evidence stale or missing",
            Reason::NotApplicableDue => "n/a due for re-review",
            Reason::InProgress => "in progress",
            Reason::Todo => "not started",
        }
    }
}

/// One item on the agenda.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgendaItem {
    /// Where the item is in the catalog.
    pub at: ItemRef,
    /// Its full id.
    pub id: String,
    /// Why it is here, most pressing first.
    pub reasons: Vec<Reason>,
}

/// A meeting in progress.
#[derive(Debug, Clone)]
pub struct Review {
    /// The revision "changed since" compares with, if any.
    pub since: Option<String>,
    /// Progress at `since`, once the git thread has read it.
    pub baseline: Option<Progress>,
    /// Whether not-started items are on the agenda.
    pub include_todo: bool,
    /// The items to walk, in order.
    pub agenda: Vec<AgendaItem>,
    /// The item on screen.
    pub index: usize,
    /// Items passed over with the skip key.
    pub skipped: HashSet<String>,
    /// Progress when the meeting started, to summarise what it changed.
    pub before: Progress,
    /// The closing summary is showing.
    pub finished: bool,
}

impl Review {
    /// The current item, if the agenda has any.
    #[must_use]
    pub fn current(&self) -> Option<&AgendaItem> {
        self.agenda.get(self.index)
    }

    /// Items whose entries the meeting changed: id, entry before, entry now.
    #[must_use]
    pub fn changes<'a>(
        &'a self,
        progress: &'a Progress,
    ) -> Vec<(&'a str, Option<&'a ItemProgress>, Option<&'a ItemProgress>)> {
        let mut ids: Vec<&str> = self
            .before
            .items
            .keys()
            .chain(progress.items.keys())
            .map(String::as_str)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter()
            .filter_map(|id| {
                let before = self.before.get(id);
                let now = progress.get(id);
                (before != now).then_some((id, before, now))
            })
            .collect()
    }
}

/// Builds the agenda: every item with a reason to discuss, ordered by its most pressing
/// reason, then by framework and file order. `today` is `YYYY-MM-DD`; an n/a is due by the
/// review rules in `model::review` (its `review_by`, or `valid_for_months` after it was set).
#[must_use]
pub fn build_agenda(
    catalog: &Catalog,
    progress: &Progress,
    attention: &HashSet<String>,
    baseline: Option<&Progress>,
    include_todo: bool,
    today: &str,
    terms: ReviewTerms,
) -> Vec<AgendaItem> {
    let today = date_of(today).unwrap_or_else(crate::model::review::today);
    let mut agenda = Vec::new();
    for (fi, framework) in catalog.frameworks.iter().enumerate() {
        for (ii, item) in framework.items.iter().enumerate() {
            let id = framework.full_id(item);
            let entry = progress.get(&id);
            let status = entry.map_or(Status::Todo, |e| e.status);
            let mut reasons = Vec::new();
            if baseline.is_some_and(|b| b.get(&id) != entry) {
                reasons.push(Reason::ChangedSince);
            }
            if attention.contains(&id) {
                reasons.push(Reason::Evidence);
            }
            if entry
                .and_then(|e| NaReview::of(&id, e, today, terms))
                .is_some_and(|review| review.due)
            {
                reasons.push(Reason::NotApplicableDue);
            }
            match status {
                Status::InProgress => reasons.push(Reason::InProgress),
                Status::Todo if include_todo => reasons.push(Reason::Todo),
                _ => {}
            }
            if !reasons.is_empty() {
                agenda.push(AgendaItem {
                    at: ItemRef {
                        framework: fi,
                        item: ii,
                    },
                    id,
                    reasons,
                });
            }
        }
    }
    // Stable: within one reason, framework and file order stay.
    agenda.sort_by_key(|item| item.reasons[0]);
    agenda
}

/// Starts a meeting: builds the agenda now, and asks git for the baseline when `since` is set.
pub(super) fn start(state: &mut AppState, since: Option<String>, today: &str) -> Vec<Effect> {
    let agenda = build_agenda(
        &state.catalog,
        &state.progress,
        &state.attention,
        None,
        false,
        today,
        review_terms(state),
    );
    state.review = Some(Review {
        since: since.clone(),
        baseline: None,
        include_todo: false,
        agenda,
        index: 0,
        skipped: HashSet::new(),
        before: state.progress.clone(),
        finished: false,
    });
    sync_selection(state);
    announce(state);
    match since {
        Some(rev) => vec![Effect::Git(Request::ProgressAt { rev })],
        None => Vec::new(),
    }
}

/// Rebuilds the agenda (baseline or evidence states arrived, todo toggled). With
/// `keep_current` the item on screen stays on screen when it is still on the agenda;
/// otherwise the meeting starts again from the top.
pub(super) fn rebuild(state: &mut AppState, today: &str, keep_current: bool) {
    let terms = review_terms(state);
    let Some(review) = state.review.as_mut() else {
        return;
    };
    let current = review
        .current()
        .map(|a| a.id.clone())
        .filter(|_| keep_current);
    review.agenda = build_agenda(
        &state.catalog,
        &review.before,
        &state.attention,
        review.baseline.as_ref(),
        review.include_todo,
        today,
        terms,
    );
    review.index = current
        .and_then(|id| review.agenda.iter().position(|a| a.id == id))
        .unwrap_or(0);
    sync_selection(state);
    announce(state);
}

/// Handles the meeting's own keys; returns `None` for keys the main screen handles (status,
/// note, owner, undo, help, quit), which act on the agenda item on screen.
pub(super) fn handle(state: &mut AppState, action: &Action, today: &str) -> Option<Vec<Effect>> {
    let review = state.review.as_mut()?;
    if review.finished {
        if matches!(action, Action::EndReview | Action::Cancel) {
            state.review = None;
            state.refresh_items();
            state.say("review closed");
        }
        return Some(Vec::new());
    }
    match action {
        Action::ReviewNext | Action::ReviewSkip => {
            if matches!(action, Action::ReviewSkip)
                && let Some(current) = review.current()
            {
                review.skipped.insert(current.id.clone());
            }
            if review.index + 1 < review.agenda.len() {
                review.index += 1;
            } else {
                review.finished = true;
            }
        }
        Action::ReviewPrevious => review.index = review.index.saturating_sub(1),
        Action::ReviewToggleTodo => {
            review.include_todo = !review.include_todo;
            rebuild(state, today, true);
            return Some(Vec::new());
        }
        Action::EndReview | Action::Cancel => review.finished = true,
        Action::MoveUp => state.detail_scroll = state.detail_scroll.saturating_sub(3),
        Action::MoveDown => state.detail_scroll = state.detail_scroll.saturating_add(3),
        Action::CycleStatus
        | Action::MarkNotApplicable
        | Action::EditNote
        | Action::AssignOwner
        | Action::Undo
        | Action::ToggleHelp
        | Action::Quit => return None,
        _ => return Some(Vec::new()),
    }
    sync_selection(state);
    Some(Vec::new())
}

/// How n/a ages, from the repository config as the state carries it.
fn review_terms(state: &AppState) -> ReviewTerms {
    ReviewTerms {
        valid_for_months: state.na_valid_for_months,
        ..ReviewTerms::default()
    }
}

/// Points the item selection at the agenda item on screen, so the change keys act on it.
fn sync_selection(state: &mut AppState) {
    let Some(review) = &state.review else { return };
    state.items = review.agenda.iter().map(|a| a.at).collect();
    if state.item_selected != review.index {
        state.detail_scroll = 0;
    }
    state.item_selected = review.index;
    state.focus = Focus::Detail;
}

fn announce(state: &mut AppState) {
    let Some(review) = &state.review else { return };
    let count = review.agenda.len();
    let message = if count == 0 {
        "nothing on the agenda: no changes, stale evidence, due n/a or work in progress (t adds todo items)".to_owned()
    } else {
        let items = if count == 1 { "item" } else { "items" };
        format!("review: {count} {items} on the agenda; n next, p previous, s skip, q ends")
    };
    state.say(message);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::progress::Stamp;
    use crate::store::load::{Sources, load_catalog};

    fn stamp(at: &str) -> Stamp {
        Stamp {
            by: "Ada".into(),
            at: at.into(),
        }
    }

    #[test]
    fn the_agenda_orders_items_by_their_most_pressing_reason() {
        let catalog = load_catalog(&Sources::default(), None, std::path::Path::new(".")).catalog;
        let mut baseline = Progress::default();
        baseline
            .set_status(
                "uk-sscop:1.1-C1",
                Status::Done,
                None,
                &stamp("2026-01-01T00:00:00Z"),
            )
            .unwrap();
        let mut progress = baseline.clone();
        progress
            .set_status(
                "uk-sscop:1.1-C2",
                Status::InProgress,
                None,
                &stamp("2026-11-01T00:00:00Z"),
            )
            .unwrap();
        progress
            .set_status(
                "uk-sscop:4.2-C1",
                Status::NotApplicable,
                Some("no support end"),
                &stamp("2025-06-01T00:00:00Z"),
            )
            .unwrap();
        progress
            .set_status(
                "uk-sscop:4.1-C1",
                Status::NotApplicable,
                Some("recent"),
                &stamp("2026-10-01T00:00:00Z"),
            )
            .unwrap();
        let attention: HashSet<String> = ["uk-sscop:1.1-C1".to_owned()].into();
        let terms = ReviewTerms::default();
        let agenda = build_agenda(
            &catalog,
            &progress,
            &attention,
            Some(&baseline),
            false,
            "2026-11-27",
            terms,
        );
        let ids: Vec<(&str, Reason)> = agenda
            .iter()
            .map(|a| (a.id.as_str(), a.reasons[0]))
            .collect();
        assert_eq!(
            ids,
            vec![
                ("uk-sscop:1.1-C2", Reason::ChangedSince),
                ("uk-sscop:4.1-C1", Reason::ChangedSince),
                ("uk-sscop:4.2-C1", Reason::ChangedSince),
                ("uk-sscop:1.1-C1", Reason::Evidence),
            ]
        );
        assert_eq!(
            agenda[2].reasons,
            vec![Reason::ChangedSince, Reason::NotApplicableDue]
        );
        let with_todo = build_agenda(
            &catalog,
            &progress,
            &attention,
            None,
            true,
            "2026-11-27",
            terms,
        );
        // Everything but the recently set-aside item: the done one stays for its stale evidence.
        assert_eq!(with_todo.len(), catalog.item_count() - 1);
        assert!(!with_todo.iter().any(|a| a.id == "uk-sscop:4.1-C1"));
    }
}
