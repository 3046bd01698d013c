//! Progress: the status, note and evidence recorded against items, and the rules for changing it.
//!
//! The CLI and the TUI both change progress only through the methods here, so the same change
//! produces the same state (and, through `store::progress`, the same bytes) from either.

use std::collections::BTreeMap;
use std::fmt;

use super::checklist::Rename;
pub use super::review::{DEFAULT_NA_VALID_FOR_MONTHS, review_date};

/// Where an item stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub enum Status {
    /// Not started; the default, never written to the file.
    #[default]
    Todo,
    /// Work has started.
    InProgress,
    /// Met, ideally with evidence.
    Done,
    /// Does not apply; always carries a reason.
    NotApplicable,
}

impl Status {
    /// Every status, in the order shown in summaries.
    pub const ALL: [Status; 4] = [
        Status::Done,
        Status::InProgress,
        Status::NotApplicable,
        Status::Todo,
    ];

    /// The word used in files and on the command line.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Todo => "todo",
            Status::InProgress => "in-progress",
            Status::Done => "done",
            Status::NotApplicable => "n/a",
        }
    }

    /// Parses a status word; accepts a few spellings people type (`na`, `in_progress`, `wip`).
    #[must_use]
    pub fn parse(word: &str) -> Option<Self> {
        match word.trim().to_ascii_lowercase().as_str() {
            "todo" => Some(Status::Todo),
            "in-progress" | "in_progress" | "inprogress" | "wip" => Some(Status::InProgress),
            "done" => Some(Status::Done),
            "n/a" | "na" | "not-applicable" => Some(Status::NotApplicable),
            _ => None,
        }
    }

    /// The next status for the "cycle" key. `n/a` is left out: it needs a reason, so it has its
    /// own key, and leaving `n/a` through the cycle goes back to `todo`.
    #[must_use]
    pub fn cycled(self) -> Self {
        match self {
            Status::Todo => Status::InProgress,
            Status::InProgress => Status::Done,
            Status::Done | Status::NotApplicable => Status::Todo,
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A piece of evidence pinned to an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Evidence {
    /// A commit, by full object id.
    Commit {
        /// Full object id.
        id: String,
    },
    /// A file in the repository, optionally a line range, pinned to the blob seen when linked.
    File {
        /// Repository-relative path with `/` separators.
        path: String,
        /// Optional line range `A-B`.
        lines: Option<String>,
        /// Blob id of the file when it was linked.
        blob: Option<String>,
        /// HEAD commit when it was linked.
        at: Option<String>,
        /// Who last re-confirmed the file after it changed, and when: `Name <email> on <time>`.
        confirmed: Option<String>,
    },
    /// A web address.
    Url {
        /// The address as given.
        url: String,
    },
}

impl Evidence {
    /// A web address worth linking: a scheme, `://`, and something after it, with no spaces
    /// or control characters.
    #[must_use]
    pub fn is_linkable_url(text: &str) -> bool {
        let text = text.trim();
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

    /// True when both point at the same thing (same commit, same file and lines, same URL),
    /// whatever they were pinned to.
    #[must_use]
    pub fn same_target(&self, other: &Evidence) -> bool {
        match (self, other) {
            (Evidence::Commit { id: a }, Evidence::Commit { id: b })
            | (Evidence::Url { url: a }, Evidence::Url { url: b }) => a == b,
            (
                Evidence::File {
                    path: a, lines: la, ..
                },
                Evidence::File {
                    path: b, lines: lb, ..
                },
            ) => a == b && la == lb,
            _ => false,
        }
    }
}

impl fmt::Display for Evidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Evidence::Commit { id } => write!(f, "commit {id}"),
            Evidence::File { path, lines, .. } => match lines {
                Some(lines) => write!(f, "file {path}:{lines}"),
                None => write!(f, "file {path}"),
            },
            Evidence::Url { url } => write!(f, "url {url}"),
        }
    }
}

/// A suggestion someone chose not to link: `vouch suggest` stops proposing evidence from
/// `detector` for the item. It is data about the item, not an assessment of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dismissal {
    /// The detector whose proposals are set aside, e.g. `security-policy`.
    pub detector: String,
    /// Who dismissed them, `Name <email>`; absent only in hand-written entries.
    pub by: Option<String>,
    /// When, UTC RFC 3339; absent only in hand-written entries.
    pub on: Option<String>,
}

/// What has been recorded against one item.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ItemProgress {
    /// Current status.
    pub status: Status,
    /// When it last changed, UTC RFC 3339.
    pub updated: Option<String>,
    /// Who last changed it, `Name <email>`.
    pub by: Option<String>,
    /// Free text: for assurance, the argument for why the evidence supports the claim.
    pub note: Option<String>,
    /// Why the item does not apply; present exactly when the status is `n/a`.
    pub reason: Option<String>,
    /// Who looks after the item: a name or `Name <email>`, as the team writes it.
    pub owner: Option<String>,
    /// The full id of the mapped item whose status this one took over (`vouch adopt`); kept
    /// while the status stays as adopted, dropped when it is changed by other means.
    pub adopted_from: Option<String>,
    /// For `n/a`: the date (`YYYY-MM-DD`) by which the exception should be reviewed again.
    pub review_by: Option<String>,
    /// Linked evidence, in the order shown by `vouch show`.
    pub evidence: Vec<Evidence>,
    /// Suggested evidence set aside with `vouch suggest --dismiss`, so it is not offered again.
    pub dismissed: Vec<Dismissal>,
}

impl ItemProgress {
    /// True when there is nothing worth writing: `todo`, no note, no evidence and no dismissed
    /// suggestions. A dismissal is data (who chose not to link what), so it keeps the entry.
    #[must_use]
    pub fn is_blank(&self) -> bool {
        self.is_unassessed() && self.dismissed.is_empty()
    }

    /// True when nobody has assessed the item: `todo`, no note, no evidence. Dismissed
    /// suggestions are not an assessment, so an entry holding only those still counts as
    /// untouched wherever status and coverage are concerned.
    #[must_use]
    pub fn is_unassessed(&self) -> bool {
        self.status == Status::Todo
            && self.note.as_deref().is_none_or(str::is_empty)
            && self.owner.is_none()
            && self.evidence.is_empty()
    }

    /// True when suggestions from `detector` were dismissed for this item.
    #[must_use]
    pub fn has_dismissed(&self, detector: &str) -> bool {
        self.dismissed.iter().any(|d| d.detector == detector)
    }
}

/// True when `owner` (as recorded) is the person `wanted` names: the same text, the same name
/// before ` <email>`, or the same email, ignoring case.
#[must_use]
pub fn owner_matches(owner: &str, wanted: &str) -> bool {
    fn parts(who: &str) -> (String, Option<String>) {
        let who = who.trim();
        match who.split_once('<') {
            Some((name, email)) => (
                name.trim().to_lowercase(),
                Some(email.trim_end_matches('>').trim().to_lowercase()),
            ),
            None => (who.to_lowercase(), None),
        }
    }
    let (owner_name, owner_email) = parts(owner);
    let (wanted_name, wanted_email) = parts(wanted);
    owner_name == wanted_name
        || owner_email.is_some_and(|e| e == wanted_name || Some(&e) == wanted_email.as_ref())
}

/// Who made a change and when, recorded on every change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    /// `Name <email>` from git config.
    pub by: String,
    /// UTC, RFC 3339, whole seconds.
    pub at: String,
}

/// Why a change was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// `n/a` needs a reason so reviewers know why the item was set aside.
    #[error("`n/a` needs a reason: say why {id} does not apply (--reason \"...\")")]
    ReasonRequired {
        /// The item.
        id: String,
    },
    /// The same evidence is linked already; linking it twice would only add noise.
    #[error("{id} already has this evidence as number {number}")]
    AlreadyLinked {
        /// The item.
        id: String,
        /// Its number as `vouch show` counts, from 1.
        number: usize,
    },
    /// Only a decided status (`done`, or `n/a` with its reason) can be taken over by another item.
    #[error(
        "{id} is {status}; only a done or n/a item can be adopted from (set it first, or use `vouch set`)"
    )]
    NotSettled {
        /// The item adopted from.
        id: String,
        /// Its status.
        status: Status,
    },
    /// There is no evidence with that number.
    #[error("{id} has no evidence number {number}; it has {count} (see `vouch show {id}`)")]
    NoSuchEvidence {
        /// The item.
        id: String,
        /// The number asked for, from 1.
        number: usize,
        /// How many pieces it has.
        count: usize,
    },
}

/// All recorded progress, keyed by full item id, sorted.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Progress {
    /// Entries by full id (`framework:item`).
    pub items: BTreeMap<String, ItemProgress>,
}

impl Progress {
    /// The entry for an item, if anything is recorded.
    #[must_use]
    pub fn get(&self, full_id: &str) -> Option<&ItemProgress> {
        self.items.get(full_id)
    }

    /// The item's status, `todo` when nothing is recorded.
    #[must_use]
    pub fn status(&self, full_id: &str) -> Status {
        self.items.get(full_id).map_or(Status::Todo, |p| p.status)
    }

    /// Sets an item's status, stamping who and when. `n/a` needs a non-empty reason and gets a
    /// review date [`DEFAULT_NA_VALID_FOR_MONTHS`] after the stamp; any other status drops
    /// both. Returns the entry as it was, for undo.
    pub fn set_status(
        &mut self,
        full_id: &str,
        status: Status,
        reason: Option<&str>,
        stamp: &Stamp,
    ) -> Result<Option<ItemProgress>, EditError> {
        self.set_status_until(full_id, status, reason, None, stamp)
    }

    /// Like [`Progress::set_status`], with the date an `n/a` falls due for review: `review_by`
    /// (`YYYY-MM-DD`), or [`DEFAULT_NA_VALID_FOR_MONTHS`] after the stamp when `None`. Setting
    /// `n/a` again (a review that keeps the exception) moves the date on.
    pub fn set_status_until(
        &mut self,
        full_id: &str,
        status: Status,
        reason: Option<&str>,
        review_by: Option<&str>,
        stamp: &Stamp,
    ) -> Result<Option<ItemProgress>, EditError> {
        let reason = reason.map(str::trim).filter(|r| !r.is_empty());
        if status == Status::NotApplicable && reason.is_none() {
            return Err(EditError::ReasonRequired { id: full_id.into() });
        }
        let review_by = (status == Status::NotApplicable).then(|| {
            review_by.map_or_else(
                || review_date(&stamp.at, DEFAULT_NA_VALID_FOR_MONTHS),
                |date| Some(date.to_owned()),
            )
        });
        Ok(self.change(full_id, stamp, |entry| {
            let reason = if status == Status::NotApplicable {
                reason.map(str::to_owned)
            } else {
                None
            };
            if entry.status != status || entry.reason != reason {
                // The status is now the user's own call, no longer the one taken over.
                entry.adopted_from = None;
            }
            entry.status = status;
            entry.reason = reason;
            entry.review_by = if status == Status::NotApplicable {
                review_by.flatten()
            } else {
                None
            };
        }))
    }

    /// Takes over the status of `source_id` for `full_id`: `done`, or `n/a` with its reason,
    /// recording where it came from in `adopted_from`. Note and evidence stay as they are.
    /// Whether the two items are mapped is checked by [`crate::model::crosswalk::adopt`].
    /// Returns the entry as it was, for undo.
    pub fn adopt(
        &mut self,
        full_id: &str,
        source_id: &str,
        stamp: &Stamp,
    ) -> Result<Option<ItemProgress>, EditError> {
        let source = self.items.get(source_id);
        let status = source.map_or(Status::Todo, |s| s.status);
        if !matches!(status, Status::Done | Status::NotApplicable) {
            return Err(EditError::NotSettled {
                id: source_id.into(),
                status,
            });
        }
        let reason = source.and_then(|s| s.reason.clone());
        let review_by = source.and_then(|s| s.review_by.clone());
        Ok(self.change(full_id, stamp, |entry| {
            entry.status = status;
            entry.reason = reason;
            entry.review_by = review_by;
            entry.adopted_from = Some(source_id.to_owned());
        }))
    }

    /// Sets (or, with empty text, clears) an item's note, stamping who and when.
    /// Returns the entry as it was, for undo.
    pub fn set_note(&mut self, full_id: &str, note: &str, stamp: &Stamp) -> Option<ItemProgress> {
        let note = note.trim_end();
        self.change(full_id, stamp, |entry| {
            entry.note = (!note.is_empty()).then(|| note.to_owned());
        })
    }

    /// Gives an item an owner, or takes it away with `None`. Returns the entry as it was.
    pub fn assign(
        &mut self,
        full_id: &str,
        owner: Option<&str>,
        stamp: &Stamp,
    ) -> Option<ItemProgress> {
        let owner = owner.map(str::trim).filter(|o| !o.is_empty());
        self.change(full_id, stamp, |entry| {
            entry.owner = owner.map(str::to_owned);
        })
    }

    /// Adds a piece of evidence to an item. Returns the entry as it was, for undo.
    pub fn link(
        &mut self,
        full_id: &str,
        evidence: Evidence,
        stamp: &Stamp,
    ) -> Result<Option<ItemProgress>, EditError> {
        if let Some(number) = self
            .items
            .get(full_id)
            .and_then(|e| e.evidence.iter().position(|old| old.same_target(&evidence)))
        {
            return Err(EditError::AlreadyLinked {
                id: full_id.into(),
                number: number + 1,
            });
        }
        Ok(self.change(full_id, stamp, |entry| entry.evidence.push(evidence)))
    }

    /// Removes evidence number `number` (from 1, as `vouch show` counts). Returns the entry as
    /// it was, for undo.
    pub fn unlink(
        &mut self,
        full_id: &str,
        number: usize,
        stamp: &Stamp,
    ) -> Result<Option<ItemProgress>, EditError> {
        let count = self.items.get(full_id).map_or(0, |e| e.evidence.len());
        if number == 0 || number > count {
            return Err(EditError::NoSuchEvidence {
                id: full_id.into(),
                number,
                count,
            });
        }
        Ok(self.change(full_id, stamp, |entry| {
            entry.evidence.remove(number - 1);
        }))
    }

    /// Replaces evidence number `number` with a re-pinned copy (the file as it is now), noting
    /// who re-confirmed it. Returns the entry as it was, for undo.
    pub fn reconfirm(
        &mut self,
        full_id: &str,
        number: usize,
        repinned: Evidence,
        stamp: &Stamp,
    ) -> Result<Option<ItemProgress>, EditError> {
        let count = self.items.get(full_id).map_or(0, |e| e.evidence.len());
        if number == 0 || number > count {
            return Err(EditError::NoSuchEvidence {
                id: full_id.into(),
                number,
                count,
            });
        }
        let repinned = match repinned {
            Evidence::File {
                path,
                lines,
                blob,
                at,
                ..
            } => Evidence::File {
                path,
                lines,
                blob,
                at,
                confirmed: Some(format!("{} on {}", stamp.by, stamp.at)),
            },
            other => other,
        };
        Ok(self.change(full_id, stamp, |entry| {
            entry.evidence[number - 1] = repinned;
        }))
    }

    /// Records that suggestions from `detector` are not wanted for the item, with who and when
    /// on the dismissal itself. The item's status, note, evidence and its own `updated`/`by`
    /// stay as they are: dismissing is not an assessment. Dismissing twice changes nothing.
    /// Returns the entry as it was, for undo.
    pub fn dismiss(
        &mut self,
        full_id: &str,
        detector: &str,
        stamp: &Stamp,
    ) -> Option<ItemProgress> {
        let previous = self.items.get(full_id).cloned();
        if previous.as_ref().is_some_and(|e| e.has_dismissed(detector)) {
            return previous;
        }
        let mut entry = previous.clone().unwrap_or_default();
        entry.dismissed.push(Dismissal {
            detector: detector.to_owned(),
            by: Some(stamp.by.clone()),
            on: Some(stamp.at.clone()),
        });
        self.items.insert(full_id.to_owned(), entry);
        previous
    }

    /// Puts an entry back exactly as it was (undo); `None` removes it.
    pub fn restore(&mut self, full_id: &str, previous: Option<ItemProgress>) {
        match previous {
            Some(entry) => {
                self.items.insert(full_id.to_owned(), entry);
            }
            None => {
                self.items.remove(full_id);
            }
        }
    }

    /// Treats progress recorded under a replaced id as the replacing item's: for each rename,
    /// in order, when `new` has no entry and `old` has one, the entry moves to `new` (in memory;
    /// the file changes when `new` is next saved). An id that replaces several old ones takes
    /// the first that has an entry; the others stay where they are. Returns what moved.
    pub fn carry_over(&mut self, renames: &[Rename]) -> Vec<Rename> {
        let mut moved = Vec::new();
        for rename in renames {
            if rename.old == rename.new || self.items.contains_key(&rename.new) {
                continue;
            }
            if let Some(entry) = self.items.remove(&rename.old) {
                self.items.insert(rename.new.clone(), entry);
                moved.push(rename.clone());
            }
        }
        moved
    }

    /// Ids recorded here that no loaded checklist has; kept, never deleted.
    pub fn orphans<'a>(
        &'a self,
        known: impl Fn(&str) -> bool + 'a,
    ) -> impl Iterator<Item = &'a str> + 'a {
        self.items
            .keys()
            .map(String::as_str)
            .filter(move |id| !known(id))
    }

    fn change(
        &mut self,
        full_id: &str,
        stamp: &Stamp,
        edit: impl FnOnce(&mut ItemProgress),
    ) -> Option<ItemProgress> {
        let previous = self.items.get(full_id).cloned();
        let mut entry = previous.clone().unwrap_or_default();
        edit(&mut entry);
        if previous.as_ref() == Some(&entry) || (previous.is_none() && entry.is_blank()) {
            return previous;
        }
        entry.updated = Some(stamp.at.clone());
        entry.by = Some(stamp.by.clone());
        if entry.is_blank() {
            // A blank entry is never written; dropping it keeps memory and file in step.
            self.items.remove(full_id);
        } else {
            self.items.insert(full_id.to_owned(), entry);
        }
        previous
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp() -> Stamp {
        Stamp {
            by: "Ada <ada@example.com>".into(),
            at: "2026-11-27T18:00:00Z".into(),
        }
    }

    #[test]
    fn status_words_round_trip_and_accept_common_spellings() {
        for status in Status::ALL {
            assert_eq!(Status::parse(status.as_str()), Some(status));
        }
        assert_eq!(Status::parse("NA"), Some(Status::NotApplicable));
        assert_eq!(Status::parse("wip"), Some(Status::InProgress));
        assert_eq!(Status::parse("finished"), None);
    }

    #[test]
    fn cycling_skips_not_applicable() {
        assert_eq!(Status::Todo.cycled(), Status::InProgress);
        assert_eq!(Status::InProgress.cycled(), Status::Done);
        assert_eq!(Status::Done.cycled(), Status::Todo);
        assert_eq!(Status::NotApplicable.cycled(), Status::Todo);
    }

    #[test]
    fn not_applicable_needs_a_reason_and_leaving_it_drops_the_reason() {
        let mut progress = Progress::default();
        let err = progress
            .set_status("a:1", Status::NotApplicable, Some("  "), &stamp())
            .unwrap_err();
        assert_eq!(err, EditError::ReasonRequired { id: "a:1".into() });
        assert!(progress.get("a:1").is_none());

        progress
            .set_status("a:1", Status::NotApplicable, Some("no UI"), &stamp())
            .unwrap();
        assert_eq!(
            progress.get("a:1").unwrap().reason.as_deref(),
            Some("no UI")
        );
        assert_eq!(
            progress.get("a:1").unwrap().review_by.as_deref(),
            Some("2027-11-27"),
            "an exception falls due for review a year after it was made"
        );
        progress
            .set_status("a:1", Status::Done, None, &stamp())
            .unwrap();
        assert_eq!(progress.get("a:1").unwrap().reason, None);
        assert_eq!(progress.get("a:1").unwrap().review_by, None);
    }

    #[test]
    fn a_given_review_date_is_kept_and_setting_na_again_moves_it_on() {
        let mut progress = Progress::default();
        progress
            .set_status_until(
                "a:1",
                Status::NotApplicable,
                Some("no UI"),
                Some("2027-03-01"),
                &stamp(),
            )
            .unwrap();
        assert_eq!(
            progress.get("a:1").unwrap().review_by.as_deref(),
            Some("2027-03-01")
        );
        let later = Stamp {
            by: "Bob <bob@example.com>".into(),
            at: "2027-02-20T09:00:00Z".into(),
        };
        progress
            .set_status("a:1", Status::NotApplicable, Some("no UI"), &later)
            .unwrap();
        let entry = progress.get("a:1").unwrap();
        assert_eq!(entry.review_by.as_deref(), Some("2028-02-20"));
        assert_eq!(entry.by.as_deref(), Some("Bob <bob@example.com>"));
    }

    #[test]
    fn changes_are_stamped_and_blank_entries_disappear() {
        let mut progress = Progress::default();
        let before = progress
            .set_status("a:1", Status::Done, None, &stamp())
            .unwrap();
        assert_eq!(before, None);
        let entry = progress.get("a:1").unwrap();
        assert_eq!(entry.by.as_deref(), Some("Ada <ada@example.com>"));
        assert_eq!(entry.updated.as_deref(), Some("2026-11-27T18:00:00Z"));

        progress
            .set_status("a:1", Status::Todo, None, &stamp())
            .unwrap();
        assert!(
            progress.get("a:1").is_none(),
            "todo with no note is not kept"
        );
    }

    #[test]
    fn a_change_to_the_same_value_is_not_restamped() {
        let mut progress = Progress::default();
        progress.set_note("a:1", "why", &stamp());
        let later = Stamp {
            by: "Bob <bob@example.com>".into(),
            at: "2027-01-01T00:00:00Z".into(),
        };
        progress.set_note("a:1", "why", &later);
        assert_eq!(
            progress.get("a:1").unwrap().by.as_deref(),
            Some("Ada <ada@example.com>")
        );
    }

    #[test]
    fn evidence_is_linked_once_numbered_from_one_and_unlinked_by_number() {
        let mut progress = Progress::default();
        let commit = Evidence::Commit { id: "abc".into() };
        progress.link("a:1", commit.clone(), &stamp()).unwrap();
        let err = progress.link("a:1", commit, &stamp()).unwrap_err();
        assert_eq!(
            err,
            EditError::AlreadyLinked {
                id: "a:1".into(),
                number: 1
            }
        );
        let url = Evidence::Url {
            url: "https://x".into(),
        };
        progress.link("a:1", url.clone(), &stamp()).unwrap();
        let err = progress.unlink("a:1", 3, &stamp()).unwrap_err();
        assert!(
            err.to_string()
                .contains("has no evidence number 3; it has 2")
        );
        progress.unlink("a:1", 1, &stamp()).unwrap();
        assert_eq!(progress.get("a:1").unwrap().evidence, vec![url]);
    }

    #[test]
    fn reconfirming_a_file_repins_it_and_records_who() {
        let mut progress = Progress::default();
        let old = Evidence::File {
            path: "SECURITY.md".into(),
            lines: Some("1-5".into()),
            blob: Some("old".into()),
            at: Some("c1".into()),
            confirmed: None,
        };
        progress.link("a:1", old, &stamp()).unwrap();
        let new = Evidence::File {
            path: "SECURITY.md".into(),
            lines: Some("1-5".into()),
            blob: Some("new".into()),
            at: Some("c2".into()),
            confirmed: None,
        };
        progress.reconfirm("a:1", 1, new, &stamp()).unwrap();
        let Evidence::File {
            blob, confirmed, ..
        } = &progress.get("a:1").unwrap().evidence[0]
        else {
            panic!("expected a file");
        };
        assert_eq!(blob.as_deref(), Some("new"));
        assert_eq!(
            confirmed.as_deref(),
            Some("Ada <ada@example.com> on 2026-11-27T18:00:00Z")
        );
    }

    #[test]
    fn owners_match_by_name_or_email() {
        assert!(owner_matches(
            "Ada Lovelace <ada@example.com>",
            "ada lovelace"
        ));
        assert!(owner_matches(
            "Ada Lovelace <ada@example.com>",
            "Ada <ada@example.com>"
        ));
        assert!(owner_matches(
            "Ada Lovelace <ada@example.com>",
            "ada@example.com"
        ));
        assert!(owner_matches("ops", "OPS"));
        assert!(!owner_matches("Ada Lovelace <ada@example.com>", "Bob"));
    }

    #[test]
    fn an_owner_alone_keeps_an_entry_and_clearing_it_drops_a_blank_one() {
        let mut progress = Progress::default();
        progress.assign("a:1", Some("Ada"), &stamp());
        assert_eq!(progress.get("a:1").unwrap().owner.as_deref(), Some("Ada"));
        progress.assign("a:1", Some("  "), &stamp());
        assert!(progress.get("a:1").is_none());
    }

    #[test]
    fn a_dismissal_alone_is_kept_but_leaves_the_item_unassessed_and_todo() {
        let mut progress = Progress::default();
        let before = progress.dismiss("a:1", "security-policy", &stamp());
        assert_eq!(before, None);
        let entry = progress.get("a:1").expect("a dismissal is worth keeping");
        assert!(!entry.is_blank(), "it must be written");
        assert!(entry.is_unassessed(), "it is not an assessment");
        assert_eq!(progress.status("a:1"), Status::Todo);
        assert_eq!(entry.updated, None, "the item itself is not restamped");
        assert_eq!(
            entry.dismissed,
            vec![Dismissal {
                detector: "security-policy".into(),
                by: Some("Ada <ada@example.com>".into()),
                on: Some("2026-11-27T18:00:00Z".into()),
            }]
        );

        let again = progress.dismiss("a:1", "security-policy", &stamp());
        assert_eq!(again.as_ref(), progress.get("a:1"), "twice changes nothing");
        assert!(
            progress
                .get("a:1")
                .unwrap()
                .has_dismissed("security-policy")
        );
        assert!(!progress.get("a:1").unwrap().has_dismissed("codeowners"));
    }

    #[test]
    fn an_item_with_a_dismissal_is_not_dropped_when_its_status_goes_back_to_todo() {
        let mut progress = Progress::default();
        progress.dismiss("a:1", "lock-files", &stamp());
        progress
            .set_status("a:1", Status::Done, None, &stamp())
            .unwrap();
        assert!(!progress.get("a:1").unwrap().is_unassessed());
        progress
            .set_status("a:1", Status::Todo, None, &stamp())
            .unwrap();
        let entry = progress.get("a:1").expect("the dismissal keeps the entry");
        assert!(entry.is_unassessed());
        assert_eq!(entry.dismissed.len(), 1);
    }

    #[test]
    fn restore_undoes_a_change() {
        let mut progress = Progress::default();
        let previous = progress.set_note("a:1", "first", &stamp());
        progress.restore("a:1", previous);
        assert!(progress.get("a:1").is_none());
    }

    #[test]
    fn adopting_takes_over_done_or_na_with_its_reason_and_records_the_source() {
        let mut progress = Progress::default();
        progress
            .set_status("b:1", Status::NotApplicable, Some("no UI"), &stamp())
            .unwrap();
        progress.set_note("a:1", "ours", &stamp());
        progress.adopt("a:1", "b:1", &stamp()).unwrap();
        let entry = progress.get("a:1").unwrap();
        assert_eq!(entry.status, Status::NotApplicable);
        assert_eq!(entry.reason.as_deref(), Some("no UI"));
        assert_eq!(entry.adopted_from.as_deref(), Some("b:1"));
        assert_eq!(entry.note.as_deref(), Some("ours"), "the note stays");

        progress
            .set_status("b:2", Status::Done, None, &stamp())
            .unwrap();
        progress.adopt("a:1", "b:2", &stamp()).unwrap();
        let entry = progress.get("a:1").unwrap();
        assert_eq!(
            (entry.status, entry.reason.as_deref()),
            (Status::Done, None)
        );
        assert_eq!(entry.adopted_from.as_deref(), Some("b:2"));
    }

    #[test]
    fn only_a_done_or_na_item_can_be_adopted_from() {
        let mut progress = Progress::default();
        progress
            .set_status("b:1", Status::InProgress, None, &stamp())
            .unwrap();
        for source in ["b:1", "b:untouched"] {
            let err = progress.adopt("a:1", source, &stamp()).unwrap_err();
            assert!(matches!(err, EditError::NotSettled { .. }), "{err}");
        }
        assert!(progress.get("a:1").is_none(), "nothing was recorded");
        let message = progress
            .adopt("a:1", "b:1", &stamp())
            .unwrap_err()
            .to_string();
        assert!(
            message.starts_with("b:1 is in-progress; only a done or n/a item"),
            "{message}"
        );
    }

    #[test]
    fn changing_an_adopted_status_drops_where_it_came_from_and_keeping_it_does_not() {
        let mut progress = Progress::default();
        progress
            .set_status("b:1", Status::Done, None, &stamp())
            .unwrap();
        progress.adopt("a:1", "b:1", &stamp()).unwrap();
        progress
            .set_status("a:1", Status::Done, None, &stamp())
            .unwrap();
        assert_eq!(
            progress.get("a:1").unwrap().adopted_from.as_deref(),
            Some("b:1")
        );
        progress
            .set_status("a:1", Status::InProgress, None, &stamp())
            .unwrap();
        assert_eq!(progress.get("a:1").unwrap().adopted_from, None);
    }

    #[test]
    fn progress_under_a_replaced_id_moves_to_the_item_that_replaces_it() {
        let rename = |old: &str, new: &str| Rename {
            old: old.into(),
            new: new.into(),
        };
        let mut progress = Progress::default();
        progress.set_note("a:old", "first", &stamp());
        progress.set_note("a:older", "second", &stamp());
        progress.set_note("a:kept", "own", &stamp());
        progress.set_note("a:gone", "left", &stamp());
        let moved = progress.carry_over(&[
            rename("a:old", "a:new"),
            rename("a:older", "a:new"),
            rename("a:gone", "a:kept"),
        ]);
        assert_eq!(moved, vec![rename("a:old", "a:new")]);
        assert_eq!(
            progress.get("a:new").unwrap().note.as_deref(),
            Some("first")
        );
        assert!(progress.get("a:old").is_none());
        assert_eq!(
            progress.get("a:older").unwrap().note.as_deref(),
            Some("second"),
            "only one entry can move; the other stays, never dropped"
        );
        assert_eq!(progress.get("a:kept").unwrap().note.as_deref(), Some("own"));
        assert_eq!(
            progress.get("a:gone").unwrap().note.as_deref(),
            Some("left")
        );
    }

    #[test]
    fn orphans_are_ids_no_checklist_knows() {
        let mut progress = Progress::default();
        progress.set_note("a:1", "x", &stamp());
        progress.set_note("gone:9", "y", &stamp());
        let orphans: Vec<_> = progress.orphans(|id| id.starts_with("a:")).collect();
        assert_eq!(orphans, vec!["gone:9"]);
    }
}
