//! What changed between two versions of progress: one item field by field (for history), and
//! the whole file as posture (newly done, regressed, exceptions added, evidence, notes).
//!
//! Who and when (`by`, `updated`) are not compared: they change with every edit and say
//! nothing about the item itself; history reports them alongside.

use std::collections::BTreeSet;

use super::progress::{Evidence, ItemProgress, Progress, Status};

/// One field of one item that differs between two versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldChange {
    /// The status moved.
    Status {
        /// Before (`todo` when there was no entry).
        from: Status,
        /// After.
        to: Status,
    },
    /// The note was written, changed or cleared.
    Note {
        /// Before.
        from: Option<String>,
        /// After.
        to: Option<String>,
    },
    /// The `n/a` reason was given, changed or dropped.
    Reason {
        /// Before.
        from: Option<String>,
        /// After.
        to: Option<String>,
    },
    /// The `n/a` review date was set, moved or dropped.
    ReviewBy {
        /// Before.
        from: Option<String>,
        /// After.
        to: Option<String>,
    },
    /// The owner was given, changed or taken away.
    Owner {
        /// Before.
        from: Option<String>,
        /// After.
        to: Option<String>,
    },
    /// Evidence was linked.
    EvidenceAdded(Evidence),
    /// Evidence was unlinked.
    EvidenceRemoved(Evidence),
    /// The same evidence was pinned again (a file re-confirmed after it changed).
    EvidenceRepinned {
        /// As it was pinned before.
        from: Evidence,
        /// As it is pinned now.
        to: Evidence,
    },
}

impl FieldChange {
    /// The field's name as used in JSON output: `status`, `note`, `reason`, `review_by`,
    /// `evidence_added`, `evidence_removed`, `evidence_repinned`.
    #[must_use]
    pub fn field(&self) -> &'static str {
        match self {
            FieldChange::Status { .. } => "status",
            FieldChange::Note { .. } => "note",
            FieldChange::Reason { .. } => "reason",
            FieldChange::ReviewBy { .. } => "review_by",
            FieldChange::Owner { .. } => "owner",
            FieldChange::EvidenceAdded(_) => "evidence_added",
            FieldChange::EvidenceRemoved(_) => "evidence_removed",
            FieldChange::EvidenceRepinned { .. } => "evidence_repinned",
        }
    }
}

impl FieldChange {
    /// One line saying what changed, as history lists it (raw text: callers make it safe to
    /// show). Multi-line notes show their first line, marked when there is more.
    #[must_use]
    pub fn describe(&self) -> String {
        fn first_line(text: &str) -> String {
            let mut lines = text.lines();
            let first = lines.next().unwrap_or_default().to_owned();
            if lines.next().is_some() {
                format!("{first} …")
            } else {
                first
            }
        }
        let text = |t: &Option<String>| t.as_deref().map(first_line);
        match self {
            FieldChange::Status { from, to } => format!("status {from} -> {to}"),
            FieldChange::Reason { to, .. } => match text(to) {
                Some(reason) => format!("reason: {reason}"),
                None => "reason dropped".to_owned(),
            },
            FieldChange::ReviewBy { to, .. } => match text(to) {
                Some(date) => format!("review by {date}"),
                None => "review date dropped".to_owned(),
            },
            FieldChange::Owner { to, .. } => match text(to) {
                Some(owner) => format!("owner: {owner}"),
                None => "owner removed".to_owned(),
            },
            FieldChange::Note { from, to } => match (from, text(to)) {
                (_, Some(note)) => format!("note: {note}"),
                (Some(_), None) => "note cleared".to_owned(),
                (None, None) => "note unchanged".to_owned(),
            },
            FieldChange::EvidenceAdded(e) => format!("evidence added: {e}"),
            FieldChange::EvidenceRemoved(e) => format!("evidence removed: {e}"),
            FieldChange::EvidenceRepinned { to, .. } => format!("evidence re-pinned: {to}"),
        }
    }
}

/// The fields that differ between two versions of one item (`None`: no entry, i.e. `todo`
/// with nothing recorded), in a fixed order: status, reason, review date, note, evidence.
#[must_use]
pub fn item_changes(
    before: Option<&ItemProgress>,
    after: Option<&ItemProgress>,
) -> Vec<FieldChange> {
    let blank = ItemProgress::default();
    let a = before.unwrap_or(&blank);
    let b = after.unwrap_or(&blank);
    let mut changes = Vec::new();
    if a.status != b.status {
        changes.push(FieldChange::Status {
            from: a.status,
            to: b.status,
        });
    }
    if a.reason != b.reason {
        changes.push(FieldChange::Reason {
            from: a.reason.clone(),
            to: b.reason.clone(),
        });
    }
    if a.review_by != b.review_by {
        changes.push(FieldChange::ReviewBy {
            from: a.review_by.clone(),
            to: b.review_by.clone(),
        });
    }
    if a.owner != b.owner {
        changes.push(FieldChange::Owner {
            from: a.owner.clone(),
            to: b.owner.clone(),
        });
    }
    if a.note != b.note {
        changes.push(FieldChange::Note {
            from: a.note.clone(),
            to: b.note.clone(),
        });
    }
    for old in &a.evidence {
        match b.evidence.iter().find(|new| new.same_target(old)) {
            None => changes.push(FieldChange::EvidenceRemoved(old.clone())),
            Some(new) if new != old => changes.push(FieldChange::EvidenceRepinned {
                from: old.clone(),
                to: new.clone(),
            }),
            Some(_) => {}
        }
    }
    for new in &b.evidence {
        if !a.evidence.iter().any(|old| old.same_target(new)) {
            changes.push(FieldChange::EvidenceAdded(new.clone()));
        }
    }
    changes
}

/// An item whose status moved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusMove {
    /// Full item id.
    pub id: String,
    /// Before.
    pub from: Status,
    /// After.
    pub to: Status,
    /// The `n/a` reason after the move, when it is `n/a`.
    pub reason: Option<String>,
}

/// A piece of evidence linked to or unlinked from an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceMove {
    /// Full item id.
    pub id: String,
    /// The evidence.
    pub evidence: Evidence,
}

/// A note that was written, changed or cleared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteMove {
    /// Full item id.
    pub id: String,
    /// Before.
    pub from: Option<String>,
    /// After.
    pub to: Option<String>,
}

/// What changed in posture between two versions of progress. Each status move is in exactly
/// one of the four status lists, checked in this order: `newly_done`, `regressed`,
/// `na_added`, `other_status`. Every list is sorted by item id.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PostureDiff {
    /// Items that became `done`.
    pub newly_done: Vec<StatusMove>,
    /// Items that were `done` and are not, or that went back to `todo` from anything.
    pub regressed: Vec<StatusMove>,
    /// Items newly set aside as `n/a` (from `todo` or `in-progress`).
    pub na_added: Vec<StatusMove>,
    /// Other moves, such as `todo` to `in-progress`.
    pub other_status: Vec<StatusMove>,
    /// Evidence linked.
    pub evidence_added: Vec<EvidenceMove>,
    /// Evidence unlinked.
    pub evidence_removed: Vec<EvidenceMove>,
    /// Notes written, changed or cleared.
    pub notes_changed: Vec<NoteMove>,
}

impl PostureDiff {
    /// The ids of every item that changed in any way listed here.
    #[must_use]
    pub fn ids(&self) -> std::collections::HashSet<&str> {
        let status = [
            &self.newly_done,
            &self.regressed,
            &self.na_added,
            &self.other_status,
        ];
        let evidence = [&self.evidence_added, &self.evidence_removed];
        status
            .iter()
            .flat_map(|list| list.iter().map(|m| m.id.as_str()))
            .chain(
                evidence
                    .iter()
                    .flat_map(|list| list.iter().map(|m| m.id.as_str())),
            )
            .chain(self.notes_changed.iter().map(|m| m.id.as_str()))
            .collect()
    }

    /// True when nothing in posture changed.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.newly_done.is_empty()
            && self.regressed.is_empty()
            && self.na_added.is_empty()
            && self.other_status.is_empty()
            && self.evidence_added.is_empty()
            && self.evidence_removed.is_empty()
            && self.notes_changed.is_empty()
    }
}

/// Compares two versions of progress item by item.
#[must_use]
pub fn posture_diff(before: &Progress, after: &Progress) -> PostureDiff {
    let ids: BTreeSet<&String> = before.items.keys().chain(after.items.keys()).collect();
    let mut diff = PostureDiff::default();
    for id in ids {
        let old = before.get(id);
        let new = after.get(id);
        if old == new {
            continue;
        }
        for change in item_changes(old, new) {
            match change {
                FieldChange::Status { from, to } => {
                    let moved = StatusMove {
                        id: id.clone(),
                        from,
                        to,
                        reason: new.and_then(|e| e.reason.clone()),
                    };
                    let list = if to == Status::Done {
                        &mut diff.newly_done
                    } else if from == Status::Done || to == Status::Todo {
                        &mut diff.regressed
                    } else if to == Status::NotApplicable {
                        &mut diff.na_added
                    } else {
                        &mut diff.other_status
                    };
                    list.push(moved);
                }
                FieldChange::Note { from, to } => diff.notes_changed.push(NoteMove {
                    id: id.clone(),
                    from,
                    to,
                }),
                FieldChange::EvidenceAdded(evidence) => diff.evidence_added.push(EvidenceMove {
                    id: id.clone(),
                    evidence,
                }),
                FieldChange::EvidenceRemoved(evidence) => {
                    diff.evidence_removed.push(EvidenceMove {
                        id: id.clone(),
                        evidence,
                    });
                }
                FieldChange::Reason { .. }
                | FieldChange::ReviewBy { .. }
                | FieldChange::Owner { .. }
                | FieldChange::EvidenceRepinned { .. } => {}
            }
        }
    }
    diff
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(status: Status) -> ItemProgress {
        ItemProgress {
            status,
            reason: (status == Status::NotApplicable).then(|| "no UI".to_owned()),
            ..ItemProgress::default()
        }
    }

    fn file(path: &str, blob: &str) -> Evidence {
        Evidence::File {
            path: path.into(),
            lines: None,
            blob: Some(blob.into()),
            at: None,
            confirmed: None,
        }
    }

    #[test]
    fn item_changes_name_each_field_and_tell_repinning_from_relinking() {
        let mut before = entry(Status::InProgress);
        before.evidence = vec![file("a.md", "1"), Evidence::Url { url: "u".into() }];
        let mut after = entry(Status::Done);
        after.note = Some("why".into());
        after.evidence = vec![file("a.md", "2"), Evidence::Commit { id: "c".into() }];
        let changes = item_changes(Some(&before), Some(&after));
        let fields: Vec<&str> = changes.iter().map(FieldChange::field).collect();
        assert_eq!(
            fields,
            [
                "status",
                "note",
                "evidence_repinned",
                "evidence_removed",
                "evidence_added"
            ]
        );
        assert!(item_changes(Some(&after), Some(&after)).is_empty());
        assert_eq!(
            item_changes(None, Some(&entry(Status::Done))),
            [FieldChange::Status {
                from: Status::Todo,
                to: Status::Done
            }]
        );
    }

    #[test]
    fn posture_sorts_each_status_move_into_one_list() {
        let mut before = Progress::default();
        let mut after = Progress::default();
        let mut put = |id: &str, old: Option<Status>, new: Option<Status>| {
            if let Some(s) = old {
                before.items.insert(id.into(), entry(s));
            }
            if let Some(s) = new {
                after.items.insert(id.into(), entry(s));
            }
        };
        put("a:done", None, Some(Status::Done));
        put(
            "a:na-to-done",
            Some(Status::NotApplicable),
            Some(Status::Done),
        );
        put(
            "b:done-to-wip",
            Some(Status::Done),
            Some(Status::InProgress),
        );
        put(
            "b:done-to-na",
            Some(Status::Done),
            Some(Status::NotApplicable),
        );
        put("b:wip-dropped", Some(Status::InProgress), None);
        put(
            "c:na",
            Some(Status::InProgress),
            Some(Status::NotApplicable),
        );
        put("d:started", None, Some(Status::InProgress));
        put("e:same", Some(Status::Done), Some(Status::Done));
        let diff = posture_diff(&before, &after);
        let ids = |list: &[StatusMove]| list.iter().map(|m| m.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&diff.newly_done), ["a:done", "a:na-to-done"]);
        assert_eq!(
            ids(&diff.regressed),
            ["b:done-to-na", "b:done-to-wip", "b:wip-dropped"]
        );
        assert_eq!(ids(&diff.na_added), ["c:na"]);
        assert_eq!(diff.na_added[0].reason.as_deref(), Some("no UI"));
        assert_eq!(ids(&diff.other_status), ["d:started"]);
        assert!(!diff.is_empty());
        assert!(posture_diff(&after, &after).is_empty());
    }

    #[test]
    fn posture_lists_evidence_and_notes() {
        let mut before = Progress::default();
        let mut old = entry(Status::Done);
        old.evidence = vec![Evidence::Commit { id: "c1".into() }];
        before.items.insert("a:1".into(), old);
        let mut after = Progress::default();
        let mut new = entry(Status::Done);
        new.evidence = vec![Evidence::Commit { id: "c2".into() }];
        new.note = Some("argument".into());
        after.items.insert("a:1".into(), new);
        let diff = posture_diff(&before, &after);
        assert_eq!(
            diff.evidence_added[0].evidence,
            Evidence::Commit { id: "c2".into() }
        );
        assert_eq!(
            diff.evidence_removed[0].evidence,
            Evidence::Commit { id: "c1".into() }
        );
        assert_eq!(diff.notes_changed[0].to.as_deref(), Some("argument"));
        assert!(diff.newly_done.is_empty() && diff.regressed.is_empty());
    }
}
