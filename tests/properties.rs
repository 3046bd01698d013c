//! Properties of the save path and the merge, checked on generated progress: any text in notes
//! and ids, any evidence, layouts left by earlier saves.
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
use vouch::model::progress::Evidence;
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

fn entry() -> impl Strategy<Value = ItemProgress> {
    (
        status(),
        option::of(time()),
        option::of("[A-D][a-z]{0,4} <[a-z]{1,3}@example.com>"),
        option::of(text()),
        option::of(text()),
        vec(evidence(), 0..4),
    )
        .prop_map(
            |(status, updated, by, note, reason, evidence)| ItemProgress {
                status,
                updated,
                by,
                note,
                reason,
                evidence,
                ..ItemProgress::default()
            },
        )
}

/// Progress as vouch keeps it: no blank entries (they are never written).
fn progress() -> impl Strategy<Value = Progress> {
    btree_map(id(), entry(), 0..6).prop_map(|items| Progress {
        items: items.into_iter().filter(|(_, e)| !e.is_blank()).collect(),
    })
}

/// A base and two descendants: each side keeps, changes, removes or adds items.
fn three_versions() -> impl Strategy<Value = (Progress, Progress, Progress)> {
    (
        progress(),
        progress(),
        progress(),
        vec(0u8..4, 12),
        vec(0u8..4, 12),
    )
        .prop_map(|(base, ours_new, theirs_new, ours_moves, theirs_moves)| {
            let descend = |new: &Progress, moves: &[u8]| {
                let mut side = base.clone();
                let ids: Vec<&String> = base.items.keys().chain(new.items.keys()).collect();
                for (id, step) in ids.into_iter().zip(moves) {
                    match step {
                        0 => {} // kept
                        1 => {
                            side.items.remove(id);
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
            let ours = descend(&ours_new, &ours_moves);
            let theirs = descend(&theirs_new, &theirs_moves);
            (base, ours, theirs)
        })
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
