//! `vouch import asvs`: OWASP's ASVS CSV export becomes a team checklist that validates, that
//! items can be set in, and that is refused, with `file:line:column`, when the CSV is malformed.

// Test helpers fail the test loudly, as `unwrap` in a test does.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Place, fixture};
use predicates::prelude::*;

const TARGET: &str = ".vouch/checklists/owasp-asvs.toml";

/// A repository with the fixture CSV copied in as `asvs.csv`, byte for byte.
fn place_with_csv(name: &str) -> Place {
    let place = Place::repo();
    std::fs::copy(fixture(&format!("asvs/{name}")), place.path("asvs.csv")).unwrap();
    place
}

#[test]
fn import_writes_a_checklist_that_validates_and_whose_items_can_be_set() {
    let place = place_with_csv("small.csv");
    let out = place.stdout_of(&["import", "asvs", "asvs.csv"]);
    assert_eq!(
        out,
        "wrote .vouch/checklists/owasp-asvs.toml: 4 requirements at level 3 and below, in 2 chapters and 3 sections\n\
         next: `vouch list --framework owasp-asvs`, then `vouch set ID done`\n"
    );
    let text = place.read(TARGET);
    assert!(
        text.contains("[framework]\nid = \"owasp-asvs\"\n"),
        "{text}"
    );
    assert!(
        text.contains("id = \"V1.2\"\nparent = \"V1\"\ntitle = \"Injection Prevention\"\n"),
        "{text}"
    );
    assert!(text.contains("level = \"L2\""), "{text}");
    // Bare `2.1.1` got the V prefix the export uses.
    assert!(
        text.contains("id = \"V2.1.1\"\nsection = \"V2.1\"\n"),
        "{text}"
    );

    place
        .vouch(&["validate"])
        .assert()
        .success()
        .stdout("12 files checked, 0 problems\n");
    place
        .vouch(&["validate", TARGET])
        .assert()
        .success()
        .stdout("1 file checked, 0 problems\n");

    let list = place.stdout_of(&["list", "--framework", "owasp-asvs"]);
    assert_eq!(list.lines().count(), 4, "{list}");
    assert!(
        list.contains("owasp-asvs:V1.2.2  todo  Check that database queries use parameters, e.g. prepared statements, not string building\n"),
        "the title is the first sentence, not cut at `e.g.`: {list}"
    );
    place.stdout_of(&["set", "V1.2.1", "done"]);
    let show = place.stdout_of(&["show", "owasp-asvs:V1.2.1"]);
    assert!(
        show.contains("  section    V1 Encoding and Sanitization > V1.2 Injection Prevention\n"),
        "{show}"
    );
    assert!(show.contains("  level      L1\n"), "{show}");
    assert!(show.contains("  status     done\n"), "{show}");
    // Quotes, commas and the line break of the text come through as they were.
    assert!(
        show.contains(
            "(HTML, a URL, a \"shell\"),\n  right before use. Say why, in the design notes.\n"
        ),
        "{show}"
    );
    assert!(
        text.contains("right before use.\nSay why, in the design notes.'''"),
        "{text}"
    );

    let frameworks = place.stdout_of(&["frameworks"]);
    let row = frameworks
        .lines()
        .find(|l| l.starts_with("owasp-asvs "))
        .unwrap();
    assert!(row.ends_with(".vouch/checklists/owasp-asvs.toml"), "{row}");
    assert!(row.contains("5.0, levels 1 to 3"), "{row}");
}

#[test]
fn level_keeps_requirements_that_first_appear_at_it_or_below() {
    let place = place_with_csv("small.csv");
    let out = place.stdout_of(&["import", "asvs", "asvs.csv", "--level", "1"]);
    assert!(out.starts_with("wrote .vouch/checklists/owasp-asvs.toml: 2 requirements at level 1 and below, in 1 chapter and 1 section\n  2 requirements above level 1 left out"), "{out}");
    let list = place.stdout_of(&["list", "--framework", "owasp-asvs"]);
    let ids: Vec<&str> = list
        .lines()
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(ids, ["owasp-asvs:V1.2.1", "owasp-asvs:V1.2.2"]);
    place
        .vouch(&["import", "asvs", "asvs.csv", "--level", "4", "--force"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("4 is not in 1..=3"));
}

#[test]
fn an_existing_checklist_is_replaced_only_with_force_and_progress_is_kept() {
    let place = place_with_csv("small.csv");
    place.stdout_of(&["import", "asvs", "asvs.csv", "--level", "1"]);
    place.stdout_of(&["set", "owasp-asvs:V1.2.1", "done"]);
    let before = place.read(TARGET);
    place
        .vouch(&["import", "asvs", "asvs.csv"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "error: .vouch/checklists/owasp-asvs.toml already exists; use --force to replace it",
        ));
    assert_eq!(place.read(TARGET), before);
    place.stdout_of(&["import", "asvs", "asvs.csv", "--force"]);
    let list = place.stdout_of(&["list", "--framework", "owasp-asvs"]);
    assert_eq!(list.lines().count(), 4);
    assert!(list.contains("owasp-asvs:V1.2.1  done"), "{list}");
}

#[test]
fn a_missing_column_is_named() {
    let place = place_with_csv("missing-column.csv");
    place
        .vouch(&["import", "asvs", "asvs.csv"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with(
            "error: asvs.csv:1:1: the header has no `req_id`, `L` columns; it has `chapter_id`, `chapter_name`, `section_id`, `section_name`, `requirement`, `req_description`.",
        ))
        .stderr(predicate::str::contains("1 problem in asvs.csv; nothing was written"));
    assert!(!place.path(TARGET).exists());
}

#[test]
fn a_bad_level_value_is_reported_at_its_line() {
    let place = place_with_csv("bad-level.csv");
    place
        .vouch(&["import", "asvs", "asvs.csv"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with(
            "error: asvs.csv:3:30: `L` of V1.1.2 is `high`; use the level the requirement first appears at: 1, 2 or 3\n",
        ));
    assert!(!place.path(TARGET).exists());
}

#[test]
fn a_duplicate_req_id_is_reported_at_its_line_after_a_multi_line_row() {
    let place = place_with_csv("duplicate-id.csv");
    place
        .vouch(&["import", "asvs", "asvs.csv"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with(
            "error: asvs.csv:5:13: duplicate req_id `V1.1.1` (first at line 2)",
        ));
    assert!(!place.path(TARGET).exists());
}

#[test]
fn a_config_that_leaves_the_import_out_says_how_to_enable_it() {
    let place = place_with_csv("small.csv");
    place.stdout_of(&["init", "--frameworks", "uk-sscop"]);
    let out = place.stdout_of(&["import", "asvs", "asvs.csv"]);
    assert!(
        out.contains("note: .vouch/config.toml enables only uk-sscop; add \"owasp-asvs\" to `frameworks` there to use it"),
        "{out}"
    );
}

#[test]
fn a_file_that_is_not_there_is_bad_input() {
    let place = Place::repo();
    place
        .vouch(&["import", "asvs", "nope.csv"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with("error: cannot read nope.csv"));
}
