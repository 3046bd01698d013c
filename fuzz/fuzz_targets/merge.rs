//! The per-item merge on three arbitrary texts: it settles or refuses, never panics; a settled
//! merge parses, equals the model-level merge, and does not depend on which side is ours.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use vouch::model::Progress;
use vouch::store::merge::{merge, merge_progress};
use vouch::store::progress::parse;

/// Splits the input into base, ours and theirs at the first two `\0` bytes (NUL never appears
/// in valid TOML text, so the parts stay free to be anything else).
fn three(data: &[u8]) -> Option<(&str, &str, &str)> {
    let text = std::str::from_utf8(data).ok()?;
    let mut parts = text.splitn(3, '\0');
    Some((parts.next()?, parts.next()?, parts.next()?))
}

fuzz_target!(|data: &[u8]| {
    let Some((base, ours, theirs)) = three(data) else {
        return;
    };
    let path = Path::new("progress.toml");
    let Ok(outcome) = merge(base, ours, theirs) else {
        return;
    };
    let merged = parse(path, &outcome.text).expect("a merge's text parses");
    let read = |text: &str| parse(path, text).unwrap_or_default();
    let base_progress: Progress = if outcome.base_ignored {
        Progress::default()
    } else {
        read(base)
    };
    let (expected, combined) = merge_progress(&base_progress, &read(ours), &read(theirs));
    assert_eq!(merged, expected);
    assert_eq!(outcome.combined, combined);
    let swapped = merge(base, theirs, ours).expect("the swapped merge settles too");
    assert_eq!(parse(path, &swapped.text).expect("parses"), merged);
});
