//! The agenda of a review meeting: which items to walk through, in which order, and why.
//!
//! Items changed since a revision come first (what the team did), then items with stale or
//! missing evidence, then `n/a` items due for review, then items still `todo`. Each item is
//! on the agenda once, under the first of these that applies. Within a group, items keep
//! the catalog's order (framework, then file order).

use std::collections::HashSet;

use jiff::civil::Date;

use super::diff::PostureDiff;
use super::review::{NaReview, ReviewTerms};
use super::{Catalog, Progress, Status};

/// Why an item is on the agenda.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    /// Its status, evidence or note changed since the revision the meeting started from.
    Changed,
    /// Some of its evidence is stale or missing.
    Stale,
    /// It is `n/a` and its review date is near or past.
    NaDue(NaReview),
    /// Nothing has been done about it yet.
    Todo,
}

/// One item to walk through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgendaItem {
    /// Full item id.
    pub id: String,
    /// Why it is on the agenda.
    pub why: Why,
}

/// What the agenda is built from. Everything is gathered beforehand, so building it is pure.
#[derive(Debug, Clone, Copy)]
pub struct AgendaInputs<'a> {
    /// Enabled frameworks.
    pub catalog: &'a Catalog,
    /// Progress now.
    pub progress: &'a Progress,
    /// The posture change since the revision the meeting starts from (`vouch review --since`),
    /// from `git::history::progress_at` and [`super::diff::posture_diff`].
    pub since: Option<&'a PostureDiff>,
    /// Ids of items with stale or missing evidence, from the evidence check.
    pub stale: &'a [String],
    /// Today, for review dates.
    pub today: Date,
    /// How `n/a` ages (`[review]` in the config).
    pub terms: ReviewTerms,
    /// Whether to end with every `todo` item (a long tail in a young repository).
    pub include_todo: bool,
}

/// The agenda, in walking order.
#[must_use]
pub fn agenda(inputs: &AgendaInputs<'_>) -> Vec<AgendaItem> {
    let changed: HashSet<&str> = inputs.since.map(PostureDiff::ids).unwrap_or_default();
    let stale: HashSet<&str> = inputs.stale.iter().map(String::as_str).collect();
    let ids: Vec<String> = inputs.catalog.full_ids().collect();
    let mut out = Vec::new();
    let mut placed: HashSet<&str> = HashSet::new();
    let mut group = |out: &mut Vec<AgendaItem>, why: &dyn Fn(&str) -> Option<Why>| {
        for id in &ids {
            if placed.contains(id.as_str()) {
                continue;
            }
            if let Some(why) = why(id) {
                placed.insert(id.as_str());
                out.push(AgendaItem {
                    id: id.clone(),
                    why,
                });
            }
        }
    };
    group(&mut out, &|id| changed.contains(id).then_some(Why::Changed));
    group(&mut out, &|id| stale.contains(id).then_some(Why::Stale));
    group(&mut out, &|id| {
        let entry = inputs.progress.get(id)?;
        NaReview::of(id, entry, inputs.today, inputs.terms)
            .filter(|r| r.due)
            .map(Why::NaDue)
    });
    if inputs.include_todo {
        group(&mut out, &|id| {
            (inputs.progress.status(id) == Status::Todo).then_some(Why::Todo)
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::checklist::{Framework, Item, Section};
    use crate::model::diff::posture_diff;
    use crate::model::progress::ItemProgress;

    fn catalog() -> Catalog {
        let item = |id: &str| Item {
            id: id.into(),
            section: "s".into(),
            title: id.into(),
            guidance: String::new(),
            evidence_hints: vec![],
            tags: vec![],
            level: None,
        };
        Catalog::new(
            vec![Framework {
                id: "f".into(),
                title: "F".into(),
                publisher: String::new(),
                version: String::new(),
                source: String::new(),
                licence: String::new(),
                sections: vec![Section {
                    id: "s".into(),
                    title: "S".into(),
                    parent: None,
                }],
                items: ["1", "2", "3", "4", "5"].map(item).to_vec(),
                origin: "test".into(),
            }],
            vec![],
        )
    }

    #[test]
    fn changed_then_stale_then_due_exceptions_then_todo_each_once() {
        let catalog = catalog();
        let before = Progress::default();
        let mut now = Progress::default();
        let status = |s| ItemProgress {
            status: s,
            ..ItemProgress::default()
        };
        now.items.insert("f:1".into(), status(Status::Done));
        now.items.insert(
            "f:3".into(),
            ItemProgress {
                status: Status::NotApplicable,
                reason: Some("no UI".into()),
                review_by: Some("2027-01-10".into()),
                ..ItemProgress::default()
            },
        );
        now.items.insert("f:4".into(), status(Status::InProgress));
        let mut before_3 = before.clone();
        before_3
            .items
            .insert("f:3".into(), now.items["f:3"].clone());
        before_3
            .items
            .insert("f:4".into(), now.items["f:4"].clone());
        let since = posture_diff(&before_3, &now);
        let stale = vec!["f:1".to_owned(), "f:4".to_owned()];
        let inputs = AgendaInputs {
            catalog: &catalog,
            progress: &now,
            since: Some(&since),
            stale: &stale,
            today: "2027-01-01".parse().unwrap(),
            terms: ReviewTerms::default(),
            include_todo: true,
        };
        let items = agenda(&inputs);
        let walked: Vec<(&str, &str)> = items
            .iter()
            .map(|a| {
                let why = match &a.why {
                    Why::Changed => "changed",
                    Why::Stale => "stale",
                    Why::NaDue(_) => "n/a due",
                    Why::Todo => "todo",
                };
                (a.id.as_str(), why)
            })
            .collect();
        assert_eq!(
            walked,
            [
                ("f:1", "changed"),
                ("f:4", "stale"),
                ("f:3", "n/a due"),
                ("f:2", "todo"),
                ("f:5", "todo"),
            ]
        );
        let short = agenda(&AgendaInputs {
            include_todo: false,
            since: None,
            ..inputs
        });
        assert_eq!(short.len(), 3, "{short:?}");
    }
}
