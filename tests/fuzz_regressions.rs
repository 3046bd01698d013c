//! Every input the fuzz targets in `fuzz/` found a failure with, run again with the same checks.
//! The inputs are in `tests/fixtures/fuzz/<target>/`, byte for byte as the fuzzer saved them;
//! a new crash is fixed, then its file is added there.

// Helpers fail the test loudly, as `unwrap` does in the tests themselves.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::path::{Path, PathBuf};

use vouch::model::Progress;
use vouch::store::checklist::parse_file;
use vouch::store::merge::{merge, merge_progress};
use vouch::store::progress::{parse, parse_carefully, render_new};

fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(target);
    let mut found: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.is_file() && !path.file_name().unwrap().to_string_lossy().starts_with('.')
        })
        .map(|path| {
            let bytes = fs::read(&path).unwrap();
            (path, bytes)
        })
        .collect();
    found.sort();
    found
}

/// The checks of `fuzz/fuzz_targets/checklist.rs`.
fn check_checklist(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (_, problems) = parse_file("fuzz.toml", text, "fuzz");
    let lines = text.split('\n').count();
    for problem in &problems {
        assert!(problem.line >= 1 && problem.line <= lines, "{problem}");
        assert!(problem.column >= 1, "{problem}");
    }
}

/// The checks of `fuzz/fuzz_targets/progress.rs`.
fn check_progress(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("progress.toml");
    let careful = parse_carefully("progress.toml", text);
    let Ok(progress) = parse(path, text) else {
        assert!(
            careful.is_err(),
            "the fast reader refused what the careful one reads"
        );
        return;
    };
    assert_eq!(
        careful.ok().as_ref(),
        Some(&progress),
        "the two readers disagree"
    );
    let mut kept = progress.clone();
    kept.items.retain(|_, entry| !entry.is_blank());
    let fresh = render_new(&progress).unwrap();
    assert_eq!(parse(path, &fresh).unwrap(), kept);
    if let Ok(outcome) = merge(text, text, text) {
        assert_eq!(parse(path, &outcome.text).unwrap(), progress);
    }
}

/// The checks of `fuzz/fuzz_targets/merge.rs`.
fn check_merge(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut parts = text.splitn(3, '\0');
    let (Some(base), Some(ours), Some(theirs)) = (parts.next(), parts.next(), parts.next()) else {
        return;
    };
    let path = Path::new("progress.toml");
    let Ok(outcome) = merge(base, ours, theirs) else {
        return;
    };
    let merged = parse(path, &outcome.text).unwrap();
    let read = |text: &str| parse(path, text).unwrap_or_default();
    let base_progress: Progress = if outcome.base_ignored {
        Progress::default()
    } else {
        read(base)
    };
    let (expected, combined) = merge_progress(&base_progress, &read(ours), &read(theirs));
    assert_eq!(merged, expected);
    assert_eq!(outcome.combined, combined);
    let swapped = merge(base, theirs, ours).unwrap();
    assert_eq!(parse(path, &swapped.text).unwrap(), merged);
}

#[test]
fn inputs_the_fuzzers_broke_vouch_with_pass_now() {
    type Check = fn(&[u8]);
    let checks: [(&str, Check); 3] = [
        ("checklist", check_checklist),
        ("progress", check_progress),
        ("merge", check_merge),
    ];
    let mut count = 0;
    for (target, check) in checks {
        for (path, data) in inputs(target) {
            eprintln!("{}", path.display());
            check(&data);
            count += 1;
        }
    }
    assert!(
        count >= 1,
        "the regression inputs are where this test looks"
    );
}
