//! Three-way, per-item merge of `progress.toml` texts: what `vouch merge-driver` runs when git
//! merges or rebases branches that both changed progress.
//!
//! The rules, item by item (an item is one `[items."<id>"]` table):
//! - Changed on one side only (added, edited or removed): that side's version.
//! - Changed on both sides: merged field by field against the base. A field only one side
//!   changed takes that change. Where both changed the status (with its reason, review date and
//!   `adopted_from`, which go with it) or the owner, the newer change by `updated` wins; a tie
//!   goes to the greater `by`, then the greater value, so the answer never depends on which side
//!   is "ours", nor changes when the result is merged again. `updated` and `by` come from the
//!   newer side. Two different notes are both kept: the newer side's note, then a line
//!   `--- merged from <by> on <updated> ---`, then the other note; a note that already contains
//!   the other is kept alone, so merging again adds nothing. Evidence is united (one piece per
//!   target, [`Evidence::same_target`]); a piece one side unlinked stays unlinked; a piece both
//!   re-pinned keeps the newer side's pin. Dismissed suggestions are united the same way (one
//!   per detector), those of the base first, then the new ones oldest first.
//! - Removed on one side and changed on the other: kept, with the change.
//!
//! The result is rendered through the save path's rules onto OURS' text (items sorted, known keys
//! in a fixed order, comments and unknown keys of OURS kept), so the same three inputs always give
//! the same bytes. The function is pure: text in, text out.

use std::fmt;
use std::path::Path;

use super::location::Problem;
use super::progress::{self, ProgressError};
use crate::model::progress::{Dismissal, Evidence};
use crate::model::{ItemProgress, Progress, Status};

/// The line that separates two merged notes; `{by}` and `{updated}` name the appended note's side.
const NOTE_MARK: &str = "--- merged from";

/// One of the three versions git hands the merge driver.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The common ancestor (git's `%O`).
    Base,
    /// The current branch's version, which receives the result (git's `%A`).
    Ours,
    /// The version being merged in (git's `%B`).
    Theirs,
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Side::Base => "the common base",
            Side::Ours => "our version",
            Side::Theirs => "their version",
        })
    }
}

/// A merge that cannot be settled by rules: one of the versions does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{side} does not parse: {problem}")]
pub struct MergeError {
    /// Which version.
    pub side: Side,
    /// Where and what, with the file named after the side (`ours`, `theirs`).
    pub problem: Problem,
}

/// A settled merge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeOutcome {
    /// The merged file text, to write over OURS.
    pub text: String,
    /// Items both sides changed differently, merged by the rules above, sorted.
    pub combined: Vec<String>,
    /// True when the base did not parse and was taken as empty: every difference between the
    /// sides was then treated as a change on both.
    pub base_ignored: bool,
}

/// Merges `ours` and `theirs`, both descended from `base`, per item. See the module docs for the
/// rules. Fails only when OURS or THEIRS does not parse (or OURS' layout cannot take the result);
/// the caller then keeps OURS as it is.
pub fn merge(base: &str, ours: &str, theirs: &str) -> Result<MergeOutcome, MergeError> {
    let parse = |side: Side, name: &str, text: &str| {
        progress::parse(Path::new(name), text).map_err(|err| match err {
            ProgressError::Invalid { problem, .. } => MergeError { side, problem },
            other => MergeError {
                side,
                problem: Problem {
                    file: name.to_owned(),
                    line: 1,
                    column: 1,
                    message: other.to_string(),
                },
            },
        })
    };
    let our_progress = parse(Side::Ours, "ours", ours)?;
    let their_progress = parse(Side::Theirs, "theirs", theirs)?;
    let (base_progress, base_ignored) = match parse(Side::Base, "base", base) {
        Ok(progress) => (progress, false),
        Err(_) => (Progress::default(), true),
    };

    let (merged, combined) = merge_progress(&base_progress, &our_progress, &their_progress);
    let changed: Vec<String> = merged
        .items
        .keys()
        .chain(our_progress.items.keys())
        .filter(|id| merged.get(id) != our_progress.get(id))
        .cloned()
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let current = Some(ours).filter(|text| !text.trim().is_empty());
    let text = progress::render(current, &merged, &changed).map_err(|problem| MergeError {
        side: Side::Ours,
        problem: Problem {
            file: "ours".to_owned(),
            ..problem
        },
    })?;
    Ok(MergeOutcome {
        text,
        combined,
        base_ignored,
    })
}

/// The per-item merge on parsed progress: the merged progress and the ids changed on both sides.
#[must_use]
pub fn merge_progress(
    base: &Progress,
    ours: &Progress,
    theirs: &Progress,
) -> (Progress, Vec<String>) {
    let mut merged = Progress::default();
    let mut combined = Vec::new();
    let ids: std::collections::BTreeSet<&String> = base
        .items
        .keys()
        .chain(ours.items.keys())
        .chain(theirs.items.keys())
        .collect();
    for id in ids {
        let (b, o, t) = (base.get(id), ours.get(id), theirs.get(id));
        let entry = if o == t || t == b {
            o.cloned()
        } else if o == b {
            t.cloned()
        } else {
            combined.push(id.clone());
            match (o, t) {
                (Some(o), Some(t)) => Some(merge_entry(b, o, t)),
                // Removed on one side, changed on the other: the change is kept.
                (Some(kept), None) | (None, Some(kept)) => Some(kept.clone()),
                (None, None) => None,
            }
        };
        // A blank entry is never written, so one that a side added or changed (or a combination
        // left) is dropped, as a save would drop it; one both sides hold alike stays as it is,
        // with whatever unknown keys it has. Either way the sides do not matter.
        if let Some(entry) = entry.filter(|e| !e.is_blank() || o == t) {
            merged.items.insert(id.clone(), entry);
        }
    }
    (merged, combined)
}

/// Merges one item both sides changed, field by field against `base`.
fn merge_entry(
    base: Option<&ItemProgress>,
    ours: &ItemProgress,
    theirs: &ItemProgress,
) -> ItemProgress {
    let (newer, older) = if rank(ours) >= rank(theirs) {
        (ours, theirs)
    } else {
        (theirs, ours)
    };
    // The status goes with what belongs to it: the reason and review date of an n/a, and
    // where an adopted status came from.
    let (status, reason, review_by, adopted_from) = pick(
        &base.map_or((Status::Todo, None, None, None), status_of),
        (ours, status_of(ours)),
        (theirs, status_of(theirs)),
    );
    let owner = pick(
        &base.and_then(|b| b.owner.as_deref()),
        (ours, ours.owner.as_deref()),
        (theirs, theirs.owner.as_deref()),
    );
    ItemProgress {
        status,
        reason: reason.map(str::to_owned),
        review_by: review_by.map(str::to_owned),
        adopted_from: adopted_from.map(str::to_owned),
        owner: owner.map(str::to_owned),
        dismissed: merge_dismissed(
            base.map(|b| b.dismissed.as_slice()).unwrap_or_default(),
            &ours.dismissed,
            &theirs.dismissed,
        ),
        updated: newer.updated.clone(),
        by: newer.by.clone(),
        note: merge_note(base.and_then(|b| b.note.as_deref()), newer, older),
        evidence: merge_evidence(
            base.map(|b| b.evidence.as_slice()).unwrap_or_default(),
            ours,
            theirs,
        ),
    }
}

/// The status with the fields that change with it.
fn status_of(e: &ItemProgress) -> (Status, Option<&str>, Option<&str>, Option<&str>) {
    (
        e.status,
        e.reason.as_deref(),
        e.review_by.as_deref(),
        e.adopted_from.as_deref(),
    )
}

/// One field after the merge: the change when only one side changed it; when both did, the
/// later stamped side's, a tie going to the greater value. The answer depends on neither the
/// side nor the rest of the entry, so merging the result with either side again keeps it.
fn pick<T: Ord>(base: &T, ours: (&ItemProgress, T), theirs: (&ItemProgress, T)) -> T {
    let ((our_entry, our_value), (their_entry, their_value)) = (ours, theirs);
    choose(base, our_value, their_value, |o, t| {
        (stamped(our_entry), o) >= (stamped(their_entry), t)
    })
}

/// The three-way rule for one value: ours when theirs is unchanged (or the same), theirs when
/// ours is unchanged; when both changed it differently, `ours_wins` decides.
fn choose<T: PartialEq>(base: &T, ours: T, theirs: T, ours_wins: impl FnOnce(&T, &T) -> bool) -> T {
    if ours == theirs || theirs == *base {
        ours
    } else if ours == *base || !ours_wins(&ours, &theirs) {
        theirs
    } else {
        ours
    }
}

/// When a version of an entry was last changed: the `updated` time, then its text, then `by`.
fn stamped(entry: &ItemProgress) -> (Option<jiff::Timestamp>, Option<&str>, Option<&str>) {
    (
        entry.updated.as_deref().and_then(|t| t.parse().ok()),
        entry.updated.as_deref(),
        entry.by.as_deref(),
    )
}

/// Dismissed suggestions after a merge, one per detector: a dismissal either side added is
/// kept, one a side took back stays taken back, and where both changed the same detector's the
/// later one (by `on`, then `by`) wins. Those from the base keep their places; new ones follow,
/// oldest first, so the order depends on neither the side nor how often it is merged.
fn merge_dismissed(base: &[Dismissal], ours: &[Dismissal], theirs: &[Dismissal]) -> Vec<Dismissal> {
    let find = |list: &'_ [Dismissal], detector: &str| {
        list.iter().find(|d| d.detector == detector).cloned()
    };
    let when = |d: &Dismissal| {
        (
            d.on.as_deref()
                .and_then(|t| t.parse::<jiff::Timestamp>().ok()),
            d.on.clone(),
            d.by.clone(),
        )
    };
    let merged = |detector: &str| {
        choose(
            &find(base, detector),
            find(ours, detector),
            find(theirs, detector),
            |o, t| o.as_ref().map(when) >= t.as_ref().map(when),
        )
    };
    let mut out: Vec<Dismissal> = base.iter().filter_map(|d| merged(&d.detector)).collect();
    let mut added: Vec<Dismissal> = Vec::new();
    for d in ours.iter().chain(theirs) {
        let known = base.iter().chain(&added).any(|x| x.detector == d.detector);
        if !known && let Some(d) = merged(&d.detector) {
            added.push(d);
        }
    }
    added.sort_by(|a, b| (when(a), &a.detector).cmp(&(when(b), &b.detector)));
    out.extend(added);
    out
}

/// Orders two versions of an entry: the later `updated` time, then `by`, then the status, then
/// every other field, so that which one is "newer" never depends on the side it came from. Two
/// versions rank equal only when they are equal.
fn rank(entry: &ItemProgress) -> impl Ord + '_ {
    let time = entry
        .updated
        .as_deref()
        .and_then(|t| t.parse::<jiff::Timestamp>().ok());
    (
        (
            time,
            entry.updated.as_deref(),
            entry.by.as_deref(),
            entry.status,
            entry.reason.as_deref(),
            entry.note.as_deref(),
            format!("{:?}", entry.evidence),
        ),
        // Changes that leave `updated` alone (a dismissed suggestion, an owner edited by hand)
        // are told apart here, or both sides would count as newer.
        (
            entry.owner.as_deref(),
            entry.adopted_from.as_deref(),
            entry.review_by.as_deref(),
            format!("{:?}", entry.dismissed),
        ),
    )
}

/// The note after a merge: one side's change if only one changed it; both, marked, if both did.
fn merge_note(base: Option<&str>, newer: &ItemProgress, older: &ItemProgress) -> Option<String> {
    let (n, o) = (newer.note.as_deref(), older.note.as_deref());
    if n == o || o == base {
        return n.map(str::to_owned);
    }
    if n == base {
        return o.map(str::to_owned);
    }
    match (n, o) {
        // One side cleared the note, the other rewrote it: the text is kept.
        (None, kept) | (kept, None) => kept.map(str::to_owned),
        (Some(n), Some(o)) if n.contains(o) => Some(n.to_owned()),
        (Some(n), Some(o)) if o.contains(n) => Some(o.to_owned()),
        (Some(n), Some(o)) => Some(format!(
            "{n}\n{NOTE_MARK} {} on {} ---\n{o}",
            older.by.as_deref().unwrap_or("someone"),
            older.updated.as_deref().unwrap_or("an unknown date"),
        )),
    }
}

/// Evidence after a merge: the pieces of the side changed later in its order, then the other
/// side's new ones; a piece that was in the base and one side removed stays removed. A piece
/// both sides re-pinned keeps the later side's pin. Ties between the sides go to the longer
/// list, then to the greater targets and pins, so the result depends on neither the side nor
/// how often it is merged.
fn merge_evidence(base: &[Evidence], ours: &ItemProgress, theirs: &ItemProgress) -> Vec<Evidence> {
    // A side's pieces less those in the base that the other side unlinked.
    let kept = |side: &'_ ItemProgress, other: &ItemProgress| -> Vec<Evidence> {
        side.evidence
            .iter()
            .filter(|piece| find(base, piece).is_none() || find(&other.evidence, piece).is_some())
            .cloned()
            .collect()
    };
    let (our_pieces, their_pieces) = (kept(ours, theirs), kept(theirs, ours));
    let (first, second) = if order(ours, &our_pieces) >= order(theirs, &their_pieces) {
        (&our_pieces, &their_pieces)
    } else {
        (&their_pieces, &our_pieces)
    };
    let mut out: Vec<Evidence> = Vec::new();
    for piece in first.iter().chain(second) {
        if out.iter().any(|e| e.same_target(piece)) {
            continue;
        }
        // Re-pinned on one side only: that pin; on both: the later side's, or the greater pin.
        let chosen = choose(
            &find(base, piece),
            find(&our_pieces, piece),
            find(&their_pieces, piece),
            |o, t| (stamped(ours), format!("{o:?}")) >= (stamped(theirs), format!("{t:?}")),
        );
        out.extend(chosen.cloned());
    }
    out
}

/// The piece in `list` that points where `piece` does.
fn find<'a>(list: &'a [Evidence], piece: &Evidence) -> Option<&'a Evidence> {
    list.iter().find(|e| e.same_target(piece))
}

/// Which side's evidence goes first: the later stamped, then the longer list, then the greater
/// targets; equal only when the order would be the same either way.
fn order<'a>(side: &'a ItemProgress, pieces: &'a [Evidence]) -> impl Ord + 'a {
    let targets: Vec<(u8, &str, Option<&str>)> = pieces.iter().map(target).collect();
    (stamped(side), pieces.len(), targets)
}

/// What a piece of evidence points at, as [`Evidence::same_target`] compares it.
fn target(piece: &Evidence) -> (u8, &str, Option<&str>) {
    match piece {
        Evidence::Commit { id } => (0, id, None),
        Evidence::File { path, lines, .. } => (1, path, lines.as_deref()),
        Evidence::Url { url } => (2, url, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "\
# Progress kept by the team.
version = 1

[items.\"a:1\"]
status = \"in-progress\"
updated = 2026-01-01T00:00:00Z
by = \"Ada <ada@example.com>\"
note = \"started\"
";

    fn entry(text: &str, id: &str) -> ItemProgress {
        progress::parse(Path::new("t"), text)
            .unwrap()
            .get(id)
            .cloned()
            .unwrap()
    }

    fn ours_with(extra: &str) -> String {
        format!("{BASE}{extra}")
    }

    #[test]
    fn different_items_merge_and_the_result_is_sorted_and_keeps_our_comments() {
        let ours = ours_with(
            "\n[items.\"c:3\"]\nstatus = \"done\" # reviewed\nupdated = 2026-02-01T00:00:00Z\n",
        );
        let theirs =
            ours_with("\n[items.\"b:2\"]\nstatus = \"done\"\nupdated = 2026-02-02T00:00:00Z\n");
        let outcome = merge(BASE, &ours, &theirs).unwrap();
        assert!(outcome.combined.is_empty());
        let expected = ours_with(
            "\n[items.\"b:2\"]\nstatus = \"done\"\nupdated = 2026-02-02T00:00:00Z\n\n[items.\"c:3\"]\nstatus = \"done\" # reviewed\nupdated = 2026-02-01T00:00:00Z\n",
        );
        assert_eq!(outcome.text, expected);
    }

    #[test]
    fn the_same_item_keeps_the_newest_status_and_both_notes() {
        let ours = BASE
            .replace("in-progress", "done")
            .replace("2026-01-01", "2026-03-01")
            .replace("started", "finished, see docs/sdlc.md");
        let theirs = BASE
            .replace("in-progress", "todo")
            .replace("2026-01-01", "2026-02-01")
            .replace("Ada <ada", "Bob <bob")
            .replace("started", "blocked on review");
        let outcome = merge(BASE, &ours, &theirs).unwrap();
        assert_eq!(outcome.combined, ["a:1"]);
        let merged = entry(&outcome.text, "a:1");
        assert_eq!(merged.status, Status::Done);
        assert_eq!(merged.updated.as_deref(), Some("2026-03-01T00:00:00Z"));
        assert_eq!(
            merged.note.as_deref(),
            Some(
                "finished, see docs/sdlc.md\n--- merged from Bob <bob@example.com> on 2026-02-01T00:00:00Z ---\nblocked on review"
            )
        );

        let swapped = merge(BASE, &theirs, &ours).unwrap();
        assert_eq!(
            entry(&swapped.text, "a:1"),
            merged,
            "the sides do not matter"
        );

        let again = merge(BASE, &outcome.text, &theirs).unwrap();
        assert_eq!(
            entry(&again.text, "a:1"),
            merged,
            "merging again adds nothing"
        );
        assert_eq!(again.text, outcome.text);
    }

    #[test]
    fn a_status_changed_on_one_side_survives_a_newer_note_on_the_other() {
        let ours = BASE
            .replace("in-progress", "done")
            .replace("2026-01-01", "2026-02-01");
        let theirs = BASE
            .replace("started", "started, half done")
            .replace("2026-01-01", "2026-03-01");
        let merged = entry(&merge(BASE, &ours, &theirs).unwrap().text, "a:1");
        assert_eq!(merged.status, Status::Done);
        assert_eq!(merged.note.as_deref(), Some("started, half done"));
        assert_eq!(merged.updated.as_deref(), Some("2026-03-01T00:00:00Z"));
    }

    #[test]
    fn evidence_is_united_and_what_one_side_unlinked_stays_unlinked() {
        let with = |pieces: &str, at: &str| {
            format!("{}evidence = [{pieces}]\n", BASE.replace("2026-01-01", at))
        };
        let base = with(
            "{ commit = \"c1\" }, { url = \"https://old\" }",
            "2026-01-01",
        );
        let ours = with(
            "{ commit = \"c1\" }, { url = \"https://old\" }, { commit = \"c2\" }",
            "2026-01-02",
        );
        let theirs = with(
            "{ commit = \"c1\" }, { file = \"SECURITY.md\" }, { commit = \"c2\" }",
            "2026-01-03",
        );
        let merged = entry(&merge(&base, &ours, &theirs).unwrap().text, "a:1");
        let shown: Vec<String> = merged.evidence.iter().map(ToString::to_string).collect();
        assert_eq!(shown, ["commit c1", "file SECURITY.md", "commit c2"]);
    }

    #[test]
    fn a_file_re_pinned_on_one_side_keeps_the_new_pin() {
        let with = |blob: &str, note: &str| {
            format!(
                "{}evidence = [{{ file = \"SECURITY.md\", blob = \"{blob}\" }}]\n",
                BASE.replace("started", note)
            )
        };
        let base = with("old", "started");
        let ours = with("new", "started");
        let theirs = with("old", "other note");
        let merged = entry(&merge(&base, &ours, &theirs).unwrap().text, "a:1");
        assert!(
            matches!(&merged.evidence[..], [Evidence::File { blob: Some(b), .. }] if b == "new"),
            "{merged:?}"
        );
    }

    #[test]
    fn an_item_removed_on_one_side_and_changed_on_the_other_is_kept() {
        let empty = "version = 1\n";
        let theirs = BASE.replace("in-progress", "done");
        let outcome = merge(BASE, empty, &theirs).unwrap();
        assert_eq!(entry(&outcome.text, "a:1").status, Status::Done);
        let outcome = merge(BASE, &theirs, empty).unwrap();
        assert_eq!(entry(&outcome.text, "a:1").status, Status::Done);
        // Removed on one side, untouched on the other: removed.
        let outcome = merge(BASE, BASE, empty).unwrap();
        assert!(!outcome.text.contains("a:1"), "{}", outcome.text);
    }

    #[test]
    fn a_side_that_does_not_parse_is_a_conflict_naming_it() {
        let err = merge(
            BASE,
            BASE,
            "version = 1\n[items.\"a:1\"]\nstatus = \"finished\"\n",
        )
        .unwrap_err();
        assert_eq!(err.side, Side::Theirs);
        assert_eq!((err.problem.line, err.problem.column), (3, 10));
        assert!(
            err.to_string()
                .starts_with("their version does not parse: theirs:3:10")
        );
        let err = merge(BASE, "items = 3", BASE).unwrap_err();
        assert_eq!(err.side, Side::Ours);
    }

    #[test]
    fn a_base_that_does_not_parse_is_taken_as_empty() {
        let ours = BASE.replace("started", "ours");
        let outcome = merge("[[[", &ours, BASE).unwrap();
        assert!(outcome.base_ignored);
        let note = entry(&outcome.text, "a:1").note.unwrap();
        assert!(
            note.contains("ours") && note.contains("started") && note.contains(NOTE_MARK),
            "with no base both notes count as changes: {note}"
        );
    }

    #[test]
    fn empty_and_header_only_files_merge() {
        let outcome = merge("", "", BASE).unwrap();
        assert!(
            outcome.text.starts_with("# Progress against"),
            "{}",
            outcome.text
        );
        assert_eq!(entry(&outcome.text, "a:1").note.as_deref(), Some("started"));
    }

    #[test]
    fn a_blank_entry_added_on_one_side_is_dropped_whichever_side_it_is() {
        // Found by fuzzing (fuzz/artifacts/merge/crash-23d7d104...): a hand-written entry with a
        // misspelt `status` key is blank; it was kept as ours and dropped as theirs.
        let blank = "version = 1\n\n[items.\"a:1\"]\nstatTus = \"n/a\"\nreason = \"x\"\n";
        let empty = "version = 1\n";
        let straight = merge(empty, empty, blank).unwrap();
        let swapped = merge(empty, blank, empty).unwrap();
        let read = |text: &str| progress::parse(Path::new("t"), text).unwrap();
        assert_eq!(read(&straight.text), read(&swapped.text));
        assert!(read(&swapped.text).get("a:1").is_none());
    }

    #[test]
    fn a_blank_entry_nobody_changed_is_left_as_it_is() {
        let ours = "version = 1\n\n[items.\"a:1\"]\nnote = \"\"\nowner = \"ops\"\n";
        let theirs = format!("{ours}\n[items.\"b:1\"]\nstatus = \"done\"\n");
        let outcome = merge(ours, ours, &theirs).unwrap();
        assert_eq!(outcome.text, theirs, "{}", outcome.text);
    }

    #[test]
    fn entries_written_as_inline_tables_are_merged_too() {
        let ours = "version = 1\n[items]\n\"a:1\" = { status = \"done\" }\n";
        let theirs = "version = 1\n[items]\n\"a:1\" = { status = \"done\", note = \"why\" }\n";
        let base = "version = 1\n[items]\n\"a:1\" = { status = \"done\" }\n";
        let outcome = merge(base, ours, theirs).unwrap();
        assert_eq!(entry(&outcome.text, "a:1").note.as_deref(), Some("why"));
    }

    /// Merges both ways and once more with each side, asserting all four agree; returns the
    /// merged entry `id`.
    fn merged_every_way(base: &str, ours: &str, theirs: &str, id: &str) -> ItemProgress {
        let read = |text: &str| progress::parse(Path::new("t"), text).unwrap();
        let first = merge(base, ours, theirs).unwrap().text;
        let swapped = merge(base, theirs, ours).unwrap().text;
        assert_eq!(read(&swapped), read(&first), "the sides do not matter");
        assert_eq!(
            read(&merge(base, &first, theirs).unwrap().text),
            read(&first)
        );
        assert_eq!(read(&merge(base, ours, &first).unwrap().text), read(&first));
        read(&first).get(id).cloned().unwrap()
    }

    #[test]
    fn suggestions_dismissed_on_both_sides_merge_the_same_whichever_side_is_ours() {
        // Found by the property tests once they generated dismissals: dismissing leaves
        // `updated` alone, so neither side was newer and ours' dismissals went first.
        let base = "version = 1\n\n[items.\"a:1\"]\nstatus = \"done\"\n";
        let with = |detector: &str, on: &str| {
            format!(
                "{base}dismissed = [{{ detector = \"{detector}\", by = \"Ada <ada@example.com>\", on = {on} }}]\n"
            )
        };
        let ours = with("lock-files", "2026-02-02T00:00:00Z");
        let theirs = with("security-policy", "2026-02-01T00:00:00Z");
        let merged = merged_every_way(base, &ours, &theirs, "a:1");
        let detectors: Vec<&str> = merged
            .dismissed
            .iter()
            .map(|d| d.detector.as_str())
            .collect();
        assert_eq!(detectors, ["security-policy", "lock-files"], "oldest first");
    }

    #[test]
    fn owners_set_by_hand_on_both_sides_merge_the_same_every_time() {
        // Found by the property tests once they generated owners: an owner edited by hand
        // leaves `updated` alone, so neither side was newer and ours' owner won.
        let base = "version = 1\n\n[items.\"a:1\"]\nstatus = \"in-progress\"\n";
        let ours = format!("{base}owner = \"Bob\"\n");
        let theirs = format!("{base}owner = \"Ada\"\n");
        let merged = merged_every_way(base, &ours, &theirs, "a:1");
        assert_eq!(merged.owner.as_deref(), Some("Bob"), "the greater name");

        // Nor may the rest of the entry decide it: merging the result again would flip it.
        let theirs = "version = 1\n\n[items.\"a:1\"]\nowner = \"Ada\"\n";
        let merged = merged_every_way(base, &ours, theirs, "a:1");
        assert_eq!(
            merged.status,
            Status::Todo,
            "only theirs changed the status"
        );
        assert_eq!(merged.owner.as_deref(), Some("Bob"));
    }

    #[test]
    fn evidence_linked_on_both_sides_without_stamps_merges_the_same_every_time() {
        // Found by the property tests: the side whose pieces went first was chosen by the whole
        // entry, so merging the result with one side again put them in another order.
        let base = "version = 1\n\n[items.\"a:1\"]\nnote = \"\"\n";
        let ours = "version = 1\n\n[items.\"a:1\"]\nstatus = \"done\"\nevidence = [{ commit = \"a00a\" }]\n";
        let theirs = "version = 1\n\n[items.\"a:1\"]\nstatus = \"done\"\nnote = \"\"\nevidence = [{ commit = \"0aa0\" }]\n";
        let merged = merged_every_way(base, ours, theirs, "a:1");
        let shown: Vec<String> = merged.evidence.iter().map(ToString::to_string).collect();
        assert_eq!(shown, ["commit a00a", "commit 0aa0"]);
    }
}
