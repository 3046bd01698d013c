//! Properties of the save path and the merge, checked on generated progress: any text in notes
//! and ids, any evidence, owners, adoptions, review dates and dismissed suggestions, layouts left
//! by earlier saves, and sides that change an item without a new `updated` (a dismissal, an
//! owner put in by hand).
//! - Load after save returns the same state, whatever the file held before.
//! - The same state gives the same bytes, whatever order its changes were saved in.
//! - Merging is deterministic, keeps every item either side changed, does not depend on which
//!   side is ours, and merging its own result again changes nothing.

// Helpers fail the test loudly, as `unwrap` does in the tests themselves.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use proptest::collection::{btree_map, vec};
use proptest::option;
use proptest::prelude::*;
use vouch::model::progress::{Dismissal, Evidence, Stamp};
use vouch::model::{ItemProgress, Progress, Status};
use vouch::store::merge::{merge, merge_progress};
use vouch::store::progress::{ProgressFile, parse, render_new};

/// Text as people and tools put it in files: mostly plain, sometimes anything at all
/// (quotes, `'''`, line breaks, control characters, other scripts).
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-z ]{0,12}",
        1 => "[a-z'\"\\\\\n]{0,12}",
        1 => any::<String>(),
    ]
}

fn id() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => "[a-c]:[1-4]",
        1 => any::<String>(),
    ]
}

fn time() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (1u8..=28, 0u8..24).prop_map(|(d, h)| format!("2026-01-{d:02}T{h:02}:00:00Z")),
        1 => "[a-z]{1,8}",
    ]
}

fn status() -> impl Strategy<Value = Status> {
    prop_oneof![
        Just(Status::Todo),
        Just(Status::InProgress),
        Just(Status::Done),
        Just(Status::NotApplicable),
    ]
}

fn evidence() -> impl Strategy<Value = Evidence> {
    prop_oneof![
        "[0-9a-f]{4}".prop_map(|id| Evidence::Commit { id }),
        (
            "[a-c]{1,3}\\.md",
            option::of("[1-3]-[4-6]"),
            option::of("[0-9a-f]{4}"),
            option::of("[0-9a-f]{4}"),
            option::of(text()),
        )
            .prop_map(|(path, lines, blob, at, confirmed)| Evidence::File {
                path,
                lines,
                blob,
                at,
                confirmed,
            }),
        text().prop_map(|url| Evidence::Url { url }),
    ]
}

/// `Name <email>`, as git config gives it.
fn who() -> impl Strategy<Value = String> {
    "[A-D][a-z]{0,4} <[a-z]{1,3}@example\\.com>"
}

/// An owner as the team writes it: a name, `Name <email>`, or any text; trimmed and never
/// empty, as `Progress::assign` keeps it.
fn owner() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[A-D][a-z]{0,4}",
        2 => who(),
        1 => text()
            .prop_map(|owner| owner.trim().to_owned())
            .prop_filter("an owner is never empty", |owner| !owner.is_empty()),
    ]
}

/// A review date: a calendar date, as `review_by` holds one.
fn date() -> impl Strategy<Value = String> {
    (2026u16..=2028, 1u8..=12, 1u8..=28).prop_map(|(y, m, d)| format!("{y}-{m:02}-{d:02}"))
}

/// A detector's name, as `vouch suggest --dismiss` records it.
fn detector() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-d]{1,3}-[a-z]{1,4}",
        1 => text(),
    ]
}

/// Dismissed suggestions: one per detector, in the order they were dismissed.
fn dismissed() -> impl Strategy<Value = Vec<Dismissal>> {
    vec((detector(), option::of(who()), option::of(time())), 0..3).prop_map(|found| {
        let mut dismissed: Vec<Dismissal> = Vec::new();
        for (detector, by, on) in found {
            if !dismissed.iter().any(|d| d.detector == detector) {
                dismissed.push(Dismissal { detector, by, on });
            }
        }
        dismissed
    })
}

fn entry() -> impl Strategy<Value = ItemProgress> {
    (
        (
            status(),
            option::of(time()),
            option::of(who()),
            option::of(text()),
            option::of(text()),
            vec(evidence(), 0..4),
        ),
        (
            option::of(owner()),
            option::of(id()),
            option::of(date()),
            dismissed(),
        ),
    )
        .prop_map(
            |(
                (status, updated, by, note, reason, evidence),
                (owner, adopted_from, review_by, dismissed),
            )| ItemProgress {
                status,
                updated,
                by,
                note,
                reason,
                owner,
                adopted_from,
                review_by,
                evidence,
                dismissed,
            },
        )
}

/// Progress as vouch keeps it: no blank entries (they are never written).
fn progress() -> impl Strategy<Value = Progress> {
    btree_map(id(), entry(), 0..6).prop_map(|items| Progress {
        items: items.into_iter().filter(|(_, e)| !e.is_blank()).collect(),
    })
}

/// What one side does to an item besides taking a new version of it: dismiss a detector's
/// suggestions (as `vouch suggest --dismiss` does: no new `updated`), or put a new owner in by
/// hand (as an editor does: no stamp at all).
#[derive(Debug, Clone)]
struct SideEdits {
    detector: String,
    stamp: Stamp,
    owner: String,
}

fn side_edits() -> impl Strategy<Value = SideEdits> {
    (detector(), who(), time(), owner()).prop_map(|(detector, by, at, owner)| SideEdits {
        detector,
        stamp: Stamp { by, at },
        owner,
    })
}

/// A base and two descendants: each side keeps, changes, removes or adds items, dismisses
/// suggestions on them or hands them to someone else.
fn three_versions() -> impl Strategy<Value = (Progress, Progress, Progress)> {
    (
        (progress(), progress(), progress()),
        (vec(0u8..6, 12), vec(0u8..6, 12)),
        (side_edits(), side_edits()),
    )
        .prop_map(
            |(
                (base, ours_new, theirs_new),
                (ours_moves, theirs_moves),
                (ours_edits, theirs_edits),
            )| {
                let descend = |new: &Progress, moves: &[u8], edits: &SideEdits| {
                    let mut side = base.clone();
                    let ids: Vec<&String> = base.items.keys().chain(new.items.keys()).collect();
                    for (id, step) in ids.into_iter().zip(moves) {
                        match step {
                            0 => {} // kept
                            1 => {
                                side.items.remove(id);
                            }
                            4 => {
                                side.dismiss(id, &edits.detector, &edits.stamp);
                            }
                            5 => {
                                let mut entry = side.get(id).cloned().unwrap_or_default();
                                entry.owner = Some(edits.owner.clone());
                                side.items.insert(id.clone(), entry);
                            }
                            _ => {
                                if let Some(entry) = new.get(id).or_else(|| base.get(id)) {
                                    let mut entry = entry.clone();
                                    if base.get(id) == Some(&entry) {
                                        entry.note =
                                            Some(format!("{}+", entry.note.unwrap_or_default()));
                                    }
                                    side.items.insert(id.clone(), entry);
                                }
                            }
                        }
                    }
                    side
                };
                let ours = descend(&ours_new, &ours_moves, &ours_edits);
                let theirs = descend(&theirs_new, &theirs_moves, &theirs_edits);
                (base, ours, theirs)
            },
        )
}

fn read_back(text: &str) -> Progress {
    parse(Path::new("progress.toml"), text).expect("a file vouch wrote parses")
}

fn changed(base: &Progress, side: &Progress) -> BTreeSet<String> {
    base.items
        .keys()
        .chain(side.items.keys())
        .filter(|id| base.get(id) != side.get(id))
        .cloned()
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Whatever the file held, saving a state and loading it gives that state back.
    #[test]
    fn load_after_save_returns_the_saved_state(before in progress(), after in progress()) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("progress.toml");
        fs::write(&path, render_new(&before).unwrap()).unwrap();
        let (mut file, loaded) = ProgressFile::load(&path).unwrap();
        prop_assert_eq!(&loaded, &before);

        let mut ours = after.clone();
        let ids: Vec<String> = changed(&before, &after).into_iter().collect();
        file.save(&mut ours, &ids).unwrap();
        prop_assert_eq!(&ours, &after);
        let (_, reloaded) = ProgressFile::load(&path).unwrap();
        prop_assert_eq!(reloaded, after);
    }

    /// The same state gives the same bytes, whether saved in one go or item by item in any order.
    #[test]
    fn the_same_state_gives_the_same_bytes_in_any_save_order(
        state in progress(),
        order in any::<proptest::sample::Index>(),
    ) {
        let in_one_go = render_new(&state).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("progress.toml");
        let (mut file, mut ours) = ProgressFile::load(&path).unwrap();
        let mut ids: Vec<String> = state.items.keys().cloned().collect();
        if !ids.is_empty() {
            let start = order.index(ids.len());
            ids.rotate_left(start);
        }
        for id in &ids {
            ours.restore(id, state.get(id).cloned());
            file.save(&mut ours, std::slice::from_ref(id)).unwrap();
        }
        if !ids.is_empty() {
            prop_assert_eq!(fs::read_to_string(&path).unwrap(), in_one_go);
        }
    }

    /// Merging is deterministic, keeps every item a side changed, and the sides do not matter.
    #[test]
    fn merge_is_deterministic_keeps_every_item_and_is_symmetric(
        (base, ours, theirs) in three_versions(),
    ) {
        let texts = [&base, &ours, &theirs].map(|p| render_new(p).unwrap());
        let [b, o, t] = &texts;
        let first = merge(b, o, t).unwrap();
        prop_assert_eq!(&merge(b, o, t).unwrap(), &first, "deterministic");
        let merged = read_back(&first.text);
        prop_assert_eq!(&merged, &merge_progress(&base, &ours, &theirs).0, "text and model agree");

        // Every item is kept, except one removed on one side and untouched on the other.
        for id in ours.items.keys().chain(theirs.items.keys()) {
            let removed_cleanly = (ours.get(id).is_none() && theirs.get(id) == base.get(id))
                || (theirs.get(id).is_none() && ours.get(id) == base.get(id));
            prop_assert!(removed_cleanly || merged.get(id).is_some(), "{id} was dropped");
        }

        let swapped = read_back(&merge(b, t, o).unwrap().text);
        prop_assert_eq!(&swapped, &merged, "symmetric");

        // Changes to different items: the result is exactly base plus both sides' changes.
        let (ours_changed, theirs_changed) = (changed(&base, &ours), changed(&base, &theirs));
        if ours_changed.is_disjoint(&theirs_changed) {
            let mut expected = base.clone();
            for id in &ours_changed {
                expected.restore(id, ours.get(id).cloned());
            }
            for id in &theirs_changed {
                expected.restore(id, theirs.get(id).cloned());
            }
            prop_assert_eq!(&merged, &expected);
            prop_assert!(first.combined.is_empty());
        }

        // Merging the result with either side again changes nothing.
        let again = read_back(&merge(b, &first.text, t).unwrap().text);
        prop_assert_eq!(&again, &merged, "idempotent with theirs");
        let again = read_back(&merge(b, o, &first.text).unwrap().text);
        prop_assert_eq!(&again, &merged, "idempotent with ours");
    }

    /// Trivial merges are exact: one side unchanged gives the other side.
    #[test]
    fn a_side_equal_to_the_base_yields_the_other((base, ours, theirs) in three_versions()) {
        let [b, o, t] = [&base, &ours, &theirs].map(|p| render_new(p).unwrap());
        prop_assert_eq!(read_back(&merge(&b, &b, &t).unwrap().text), theirs);
        prop_assert_eq!(read_back(&merge(&b, &o, &b).unwrap().text), ours.clone());
        prop_assert_eq!(read_back(&merge(&b, &o, &o).unwrap().text), ours);
    }
}
