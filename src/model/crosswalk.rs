//! Crosswalks: what one framework's items get from another through mappings, as data.
//!
//! A mapped item that is done gives *derived* coverage: it is always reported as such ("covered
//! via nist-ssdf:PW.8.2, strong, done") and never counted as the item's own `done`. Turning it
//! into the item's own status is a person's decision, made with [`adopt`], which records where
//! the status came from.

use super::catalog::{Catalog, MappedItem};
use super::checklist::{Framework, Item, Strength};
use super::progress::{EditError, ItemProgress, Progress, Stamp, Status};
use super::summary::Coverage;

/// An item of the other framework that bears on a row's item, with its own status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cover {
    /// Full id of the other framework's item.
    pub full_id: String,
    /// How strongly it bears on the row's item.
    pub strength: Strength,
    /// Who asserted the pair.
    pub provenance: String,
    /// Its own status.
    pub status: Status,
}

impl Cover {
    fn new(mapped: MappedItem, progress: &Progress) -> Self {
        Cover {
            status: progress.status(&mapped.full_id),
            full_id: mapped.full_id,
            strength: mapped.strength,
            provenance: mapped.provenance,
        }
    }

    /// "covered via nist-ssdf:PW.8.2, strong, done": how derived coverage is always worded.
    #[must_use]
    pub fn covered_via(&self) -> String {
        format!(
            "covered via {}, {}, {}",
            self.full_id, self.strength, self.status
        )
    }
}

/// One item of the crosswalk's `from` framework and what the `to` framework has for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrosswalkRow {
    /// Full id of the item.
    pub full_id: String,
    /// The item's own status.
    pub status: Status,
    /// Where that status was adopted from, if it was.
    pub adopted_from: Option<String>,
    /// The mapped items of the other framework, strongest first.
    pub covers: Vec<Cover>,
}

impl CrosswalkRow {
    /// The strongest mapped item that is done: derived coverage, never the row's own status.
    #[must_use]
    pub fn derived(&self) -> Option<&Cover> {
        self.covers.iter().find(|c| c.status == Status::Done)
    }

    /// True when the item is done or n/a on its own, so derived coverage adds nothing to it.
    #[must_use]
    pub fn settled(&self) -> bool {
        matches!(self.status, Status::Done | Status::NotApplicable)
    }
}

/// Every item of `from`, each with the items of `to` mapped to it (in either direction).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Crosswalk {
    /// The framework whose items are the rows.
    pub from: String,
    /// The framework that covers them.
    pub to: String,
    /// One row per item of `from`, in file order.
    pub rows: Vec<CrosswalkRow>,
}

impl Crosswalk {
    /// Builds the crosswalk from `from` to `to`; `None` when either framework is not loaded.
    #[must_use]
    pub fn build(catalog: &Catalog, progress: &Progress, from: &str, to: &str) -> Option<Self> {
        let framework = catalog.framework(from)?;
        catalog.framework(to)?;
        let rows = framework
            .items
            .iter()
            .map(|item| row(catalog, progress, framework, item, to))
            .collect();
        Some(Crosswalk {
            from: from.to_owned(),
            to: to.to_owned(),
            rows,
        })
    }

    /// The totals over every row.
    #[must_use]
    pub fn summary(&self) -> ViaCoverage {
        let mut summary = ViaCoverage::default();
        for row in &self.rows {
            summary.add(row, &self.to);
        }
        summary
    }
}

fn row(
    catalog: &Catalog,
    progress: &Progress,
    framework: &Framework,
    item: &Item,
    to: &str,
) -> CrosswalkRow {
    let full_id = framework.full_id(item);
    let covers = mapped_in(catalog, &full_id, to)
        .into_iter()
        .map(|m| Cover::new(m, progress))
        .collect();
    CrosswalkRow {
        status: progress.status(&full_id),
        adopted_from: progress.get(&full_id).and_then(|e| e.adopted_from.clone()),
        full_id,
        covers,
    }
}

/// Items of framework `to` mapped to `full_id`, strongest first.
fn mapped_in(catalog: &Catalog, full_id: &str, to: &str) -> Vec<MappedItem> {
    catalog
        .mapped(full_id)
        .into_iter()
        .filter(|m| m.full_id.split_once(':').is_some_and(|(f, _)| f == to))
        .collect()
}

/// Coverage of a set of items including what another framework covers, kept apart: `own`
/// counts the items' own statuses exactly as [`Coverage`] does; `derived_*` counts items that
/// are not done or n/a on their own but have a done mapped item in the other framework, by the
/// strongest such mapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ViaCoverage {
    /// The items' own statuses.
    pub own: Coverage,
    /// Covered through a strong mapping to a done item.
    pub derived_strong: usize,
    /// Covered, at best, through a partial mapping.
    pub derived_partial: usize,
    /// Covered, at best, through a weak mapping.
    pub derived_weak: usize,
    /// Items whose own status was adopted from the other framework (counted in `own` too).
    pub adopted: usize,
    /// Items with no mapped item in the other framework at all.
    pub unmapped: usize,
}

impl ViaCoverage {
    /// Coverage of `items` of `framework` with what framework `via` covers.
    pub fn of<'a>(
        catalog: &Catalog,
        framework: &Framework,
        items: impl IntoIterator<Item = &'a Item>,
        progress: &Progress,
        via: &str,
    ) -> Self {
        let mut coverage = ViaCoverage::default();
        for item in items {
            coverage.add(&row(catalog, progress, framework, item, via), via);
        }
        coverage
    }

    fn add(&mut self, row: &CrosswalkRow, via: &str) {
        self.own.add(row.status);
        if row.covers.is_empty() {
            self.unmapped += 1;
        }
        if row.settled() {
            // An adopted status is the item's own now; it says where it came from.
            let from_via = |source: &String| source.split_once(':').is_some_and(|(f, _)| f == via);
            if row.adopted_from.as_ref().is_some_and(from_via) {
                self.adopted += 1;
            }
            return;
        }
        match row.derived().map(|c| c.strength) {
            Some(Strength::Strong) => self.derived_strong += 1,
            Some(Strength::Partial) => self.derived_partial += 1,
            Some(Strength::Weak) => self.derived_weak += 1,
            None => {}
        }
    }

    /// Items covered only through the other framework, whatever the strength.
    #[must_use]
    pub fn derived(&self) -> usize {
        self.derived_strong + self.derived_partial + self.derived_weak
    }

    /// Applicable items that are neither done on their own nor covered through the other
    /// framework.
    #[must_use]
    pub fn not_covered(&self) -> usize {
        self.own.todo + self.own.in_progress - self.derived()
    }
}

/// Why an adoption was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AdoptError {
    /// An item cannot adopt its own status.
    #[error("{id} cannot adopt its own status; name an item of another framework mapped to it")]
    SameItem {
        /// The item.
        id: String,
    },
    /// Only mapped items can share a status; the error lists the ones that are.
    #[error("{id} and {from} are not mapped to each other, so {id} cannot adopt its status; {}", mapped_hint(.id, .mapped))]
    NotMapped {
        /// The item that would adopt.
        id: String,
        /// The item named to adopt from.
        from: String,
        /// What `id` is mapped to: full id and strength, strongest first.
        mapped: Vec<(String, Strength)>,
    },
    /// The source's status cannot be taken over.
    #[error(transparent)]
    Edit(#[from] EditError),
}

fn mapped_hint(id: &str, mapped: &[(String, Strength)]) -> String {
    if mapped.is_empty() {
        return format!("{id} is mapped to no item of any loaded framework");
    }
    let list: Vec<String> = mapped
        .iter()
        .map(|(other, strength)| format!("{other} ({strength})"))
        .collect();
    format!("{id} is mapped to: {}", list.join(", "))
}

/// Sets `id`'s status to that of `from` (done, or n/a with its reason) and records
/// `adopted_from`, when the two items are mapped (in either direction) and `from` is done or
/// n/a. The one rule for the CLI's `vouch adopt` and the TUI's adopt key. Returns the entry as
/// it was, for undo; both ids must be full ids.
pub fn adopt(
    catalog: &Catalog,
    progress: &mut Progress,
    id: &str,
    from: &str,
    stamp: &Stamp,
) -> Result<Option<ItemProgress>, AdoptError> {
    if id == from {
        return Err(AdoptError::SameItem { id: id.to_owned() });
    }
    let mapped = catalog.mapped(id);
    if !mapped.iter().any(|m| m.full_id == from) {
        return Err(AdoptError::NotMapped {
            id: id.to_owned(),
            from: from.to_owned(),
            mapped: mapped
                .into_iter()
                .map(|m| (m.full_id, m.strength))
                .collect(),
        });
    }
    Ok(progress.adopt(id, from, stamp)?)
}

/// The mapped items `id` could adopt from now (done or n/a), strongest first: the choices for
/// an adopt key.
#[must_use]
pub fn adoptable(catalog: &Catalog, progress: &Progress, id: &str) -> Vec<Cover> {
    catalog
        .mapped(id)
        .into_iter()
        .map(|m| Cover::new(m, progress))
        .filter(|c| matches!(c.status, Status::Done | Status::NotApplicable))
        .collect()
}

/// Ids of the frameworks that some loaded mapping links with `framework`, sorted.
#[must_use]
pub fn mapped_frameworks<'a>(catalog: &'a Catalog, framework: &str) -> Vec<&'a str> {
    let mut ids: Vec<&str> = catalog
        .mappings
        .iter()
        .filter_map(|m| {
            if m.from == framework {
                Some(m.to.as_str())
            } else if m.to == framework {
                Some(m.from.as_str())
            } else {
                None
            }
        })
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// When `entry` was adopted from an item whose status has since changed, that item's status
/// now: the adopted status may need a second look.
#[must_use]
pub fn adoption_drift(progress: &Progress, entry: &ItemProgress) -> Option<(String, Status)> {
    let source = entry.adopted_from.as_deref()?;
    let now = progress.status(source);
    (now != entry.status).then(|| (source.to_owned(), now))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::checklist::{Mapping, MappingPair};

    fn pair(from: &str, to: &str, strength: Strength) -> MappingPair {
        MappingPair {
            from: from.into(),
            to: to.into(),
            strength,
            provenance: "us".into(),
        }
    }

    /// uk 1..5 map to nist: 1 -> A strong and B partial, 2 -> B weak, 3 -> C strong,
    /// 4 -> nothing, 5 -> A strong; other -> uk 1 (a third framework).
    fn catalog() -> Catalog {
        Catalog::new(
            vec![
                Framework::for_tests("uk", &["1", "2", "3", "4", "5"]),
                Framework::for_tests("nist", &["A", "B", "C"]),
                Framework::for_tests("other", &["X"]),
            ],
            vec![
                Mapping {
                    from: "uk".into(),
                    to: "nist".into(),
                    pairs: vec![
                        pair("1", "B", Strength::Partial),
                        pair("1", "A", Strength::Strong),
                        pair("2", "B", Strength::Weak),
                        pair("3", "C", Strength::Strong),
                        pair("5", "A", Strength::Strong),
                    ],
                    origin: "bundled".into(),
                },
                Mapping {
                    from: "other".into(),
                    to: "uk".into(),
                    pairs: vec![pair("X", "1", Strength::Weak)],
                    origin: "bundled".into(),
                },
            ],
        )
    }

    fn stamp() -> Stamp {
        Stamp {
            by: "Ada <ada@example.com>".into(),
            at: "2026-11-27T18:00:00Z".into(),
        }
    }

    fn progress(entries: &[(&str, Status)]) -> Progress {
        let mut progress = Progress::default();
        for (id, status) in entries {
            let reason = (*status == Status::NotApplicable).then_some("not ours");
            progress.set_status(id, *status, reason, &stamp()).unwrap();
        }
        progress
    }

    #[test]
    fn each_row_lists_the_other_frameworks_items_strongest_first_with_their_status() {
        let progress = progress(&[("nist:B", Status::Done)]);
        let crosswalk = Crosswalk::build(&catalog(), &progress, "uk", "nist").unwrap();
        assert_eq!(crosswalk.rows.len(), 5);
        let first = &crosswalk.rows[0];
        assert_eq!(first.full_id, "uk:1");
        let covers: Vec<(&str, Strength, Status)> = first
            .covers
            .iter()
            .map(|c| (c.full_id.as_str(), c.strength, c.status))
            .collect();
        assert_eq!(
            covers,
            vec![
                ("nist:A", Strength::Strong, Status::Todo),
                ("nist:B", Strength::Partial, Status::Done),
            ]
        );
        assert_eq!(
            first.derived().unwrap().covered_via(),
            "covered via nist:B, partial, done"
        );
        assert!(crosswalk.rows[3].covers.is_empty(), "uk:4 has no nist item");
        assert!(
            crosswalk.rows[0]
                .covers
                .iter()
                .all(|c| c.full_id != "other:X"),
            "only the named framework's items"
        );
    }

    #[test]
    fn mappings_are_followed_backwards_too() {
        let crosswalk = Crosswalk::build(&catalog(), &Progress::default(), "nist", "uk").unwrap();
        let a: Vec<&str> = crosswalk.rows[0]
            .covers
            .iter()
            .map(|c| c.full_id.as_str())
            .collect();
        assert_eq!(a, vec!["uk:1", "uk:5"]);
        assert!(Crosswalk::build(&catalog(), &Progress::default(), "uk", "nope").is_none());
    }

    #[test]
    fn derived_coverage_is_counted_apart_from_own_and_never_as_done() {
        let progress = progress(&[
            ("nist:A", Status::Done),
            ("nist:B", Status::Done),
            ("uk:3", Status::InProgress),
            ("uk:5", Status::Done),
        ]);
        let catalog = catalog();
        let uk = catalog.framework("uk").unwrap();
        let via = ViaCoverage::of(&catalog, uk, &uk.items, &progress, "nist");
        assert_eq!(via.own.done, 1, "only uk:5 is done on its own");
        assert_eq!(via.own, Coverage::of(uk, &uk.items, &progress));
        // uk:1 strong (A done), uk:2 weak (B done); uk:3's C is todo; uk:5 is its own.
        assert_eq!(
            (via.derived_strong, via.derived_partial, via.derived_weak),
            (1, 0, 1)
        );
        assert_eq!(via.derived(), 2);
        assert_eq!(via.not_covered(), 2, "uk:3 and uk:4");
        assert_eq!(via.unmapped, 1);
        let crosswalk = Crosswalk::build(&catalog, &progress, "uk", "nist").unwrap();
        assert_eq!(crosswalk.summary(), via);
    }

    #[test]
    fn adoption_needs_a_mapping_and_a_settled_source() {
        let catalog = catalog();
        let mut progress = progress(&[("nist:C", Status::Done), ("nist:A", Status::InProgress)]);
        let err = adopt(&catalog, &mut progress, "uk:1", "nist:C", &stamp()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "uk:1 and nist:C are not mapped to each other, so uk:1 cannot adopt its status; \
             uk:1 is mapped to: nist:A (strong), nist:B (partial), other:X (weak)"
        );
        let err = adopt(&catalog, &mut progress, "uk:4", "nist:C", &stamp()).unwrap_err();
        assert!(
            err.to_string()
                .ends_with("uk:4 is mapped to no item of any loaded framework")
        );
        let err = adopt(&catalog, &mut progress, "uk:1", "nist:A", &stamp()).unwrap_err();
        assert!(
            matches!(err, AdoptError::Edit(EditError::NotSettled { .. })),
            "{err}"
        );
        assert!(progress.get("uk:1").is_none());

        adopt(&catalog, &mut progress, "uk:3", "nist:C", &stamp()).unwrap();
        assert_eq!(progress.status("uk:3"), Status::Done);
        assert_eq!(
            progress.get("uk:3").unwrap().adopted_from.as_deref(),
            Some("nist:C")
        );
        // Backwards along a mapping works too.
        adopt(&catalog, &mut progress, "nist:A", "uk:3", &stamp()).unwrap_err();
        progress
            .set_status("uk:1", Status::Done, None, &stamp())
            .unwrap();
        adopt(&catalog, &mut progress, "nist:A", "uk:1", &stamp()).unwrap();
        assert_eq!(progress.status("nist:A"), Status::Done);

        let uk = catalog.framework("uk").unwrap();
        let via = ViaCoverage::of(&catalog, uk, &uk.items, &progress, "nist");
        assert_eq!(via.adopted, 1, "uk:3 took its status from nist:C");
    }

    #[test]
    fn adoptable_lists_settled_mapped_items_and_drift_notices_a_changed_source() {
        let catalog = catalog();
        let mut progress = progress(&[("nist:A", Status::Done), ("nist:B", Status::NotApplicable)]);
        let ids: Vec<String> = adoptable(&catalog, &progress, "uk:1")
            .into_iter()
            .map(|c| c.full_id)
            .collect();
        assert_eq!(ids, vec!["nist:A", "nist:B"]);
        adopt(&catalog, &mut progress, "uk:1", "nist:A", &stamp()).unwrap();
        let entry = progress.get("uk:1").unwrap().clone();
        assert_eq!(adoption_drift(&progress, &entry), None);
        progress
            .set_status("nist:A", Status::InProgress, None, &stamp())
            .unwrap();
        assert_eq!(
            adoption_drift(&progress, &entry),
            Some(("nist:A".to_owned(), Status::InProgress))
        );
        assert_eq!(mapped_frameworks(&catalog, "uk"), vec!["nist", "other"]);
        assert_eq!(mapped_frameworks(&catalog, "nist"), vec!["uk"]);
    }
}
