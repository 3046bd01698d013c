//! Progress: the status, note and evidence recorded against items, and the rules for changing it.
//!
//! The CLI and the TUI both change progress only through the methods here, so the same change
//! produces the same state (and, through `store::progress`, the same bytes) from either.

use std::collections::BTreeMap;
use std::fmt;

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
            && self.evidence.is_empty()
    }

    /// True when suggestions from `detector` were dismissed for this item.
    #[must_use]
    pub fn has_dismissed(&self, detector: &str) -> bool {
        self.dismissed.iter().any(|d| d.detector == detector)
    }
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

    /// Sets an item's status, stamping who and when. `n/a` needs a non-empty reason; any other
    /// status drops the reason. Returns the entry as it was, for undo.
    pub fn set_status(
        &mut self,
        full_id: &str,
        status: Status,
        reason: Option<&str>,
        stamp: &Stamp,
    ) -> Result<Option<ItemProgress>, EditError> {
        let reason = reason.map(str::trim).filter(|r| !r.is_empty());
        if status == Status::NotApplicable && reason.is_none() {
            return Err(EditError::ReasonRequired { id: full_id.into() });
        }
        Ok(self.change(full_id, stamp, |entry| {
            entry.status = status;
            entry.reason = if status == Status::NotApplicable {
                reason.map(str::to_owned)
            } else {
                None
            };
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
        progress
            .set_status("a:1", Status::Done, None, &stamp())
            .unwrap();
        assert_eq!(progress.get("a:1").unwrap().reason, None);
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
    fn orphans_are_ids_no_checklist_knows() {
        let mut progress = Progress::default();
        progress.set_note("a:1", "x", &stamp());
        progress.set_note("gone:9", "y", &stamp());
        let orphans: Vec<_> = progress.orphans(|id| id.starts_with("a:")).collect();
        assert_eq!(orphans, vec!["gone:9"]);
    }
}
