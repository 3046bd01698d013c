//! `vouch validate`: one fixture per failure mode, each reported as `file:line:column: sentence`
//! with exit 1; clean files exit 0; a file that cannot be read exits 2.

mod common;

use common::{Place, fixture};
use predicates::prelude::*;

/// Runs `vouch validate` on one fixture, named relative to tests/fixtures so the reported
/// file name is stable.
fn validate_fixture(name: &str) -> assert_cmd::assert::Assert {
    let place = Place::plain();
    place
        .vouch(&["validate", name])
        .current_dir(fixture(""))
        .assert()
}

#[test]
fn malformed_toml_is_reported_at_its_line_and_column() {
    validate_fixture("invalid/malformed.toml")
        .code(1)
        .stdout(predicate::str::starts_with(
            "invalid/malformed.toml:4:26: not valid TOML:",
        ))
        .stdout(predicate::str::ends_with("1 file checked, 1 problem\n"));
}

#[test]
fn a_duplicate_item_id_is_reported_where_it_repeats() {
    validate_fixture("invalid/duplicate-item-ids.toml")
        .code(1)
        .stdout(predicate::str::starts_with(
            "invalid/duplicate-item-ids.toml:17:6: duplicate item id `A-1` (first defined at line 11)",
        ));
}

#[test]
fn an_item_in_an_unknown_section_is_reported() {
    validate_fixture("invalid/unknown-section.toml")
        .code(1)
        .stdout(predicate::str::starts_with(
            "invalid/unknown-section.toml:12:11: item `B-1` is in section `B`, which this file does not define",
        ));
}

#[test]
fn a_mapping_to_an_unknown_item_is_reported_against_the_bundled_frameworks() {
    validate_fixture("invalid/mapping-unknown-item.toml")
        .code(1)
        .stdout(predicate::str::starts_with(
            "invalid/mapping-unknown-item.toml:14:6: the pair names item `PO.9.9`, which framework `nist-ssdf` does not have",
        ))
        .stdout(predicate::str::contains("1 file checked, 1 problem"));
}

#[test]
fn every_problem_in_every_file_is_reported_with_a_summary() {
    let place = Place::plain();
    place
        .vouch(&[
            "validate",
            "invalid/duplicate-item-ids.toml",
            "invalid/unknown-section.toml",
            "valid/team-framework.toml",
        ])
        .current_dir(fixture(""))
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "invalid/duplicate-item-ids.toml:17:6:",
        ))
        .stdout(predicate::str::contains(
            "invalid/unknown-section.toml:12:11:",
        ))
        .stdout(predicate::str::contains("3 files checked, 2 problems\n"));
}

#[test]
fn valid_files_pass() {
    let place = Place::plain();
    place
        .vouch(&["validate", "valid/team-framework.toml"])
        .current_dir(fixture(""))
        .assert()
        .success()
        .stdout("1 file checked, 0 problems\n");
}

#[test]
fn a_mapping_is_checked_against_framework_files_given_alongside() {
    let place = Place::plain();
    place
        .vouch(&["validate", "valid/team-mapping.toml"])
        .current_dir(fixture(""))
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "valid/team-mapping.toml:3:8: the mapping names framework `team-sec`, which no loaded checklist defines",
        ));
    place
        .vouch(&[
            "validate",
            "valid/team-mapping.toml",
            "valid/team-framework.toml",
        ])
        .current_dir(fixture(""))
        .assert()
        .success()
        .stdout("2 files checked, 0 problems\n");
}

#[test]
fn a_mapping_is_checked_against_the_teams_own_checklists_too() {
    let place = Place::repo();
    place.copy_fixture("valid/team-framework.toml", ".vouch/checklists/team.toml");
    place.copy_fixture("valid/team-mapping.toml", "proposed-mapping.toml");
    place
        .vouch(&["validate", "proposed-mapping.toml"])
        .assert()
        .success()
        .stdout("1 file checked, 0 problems\n");
}

#[test]
fn a_file_that_cannot_be_read_is_bad_input_and_the_rest_is_still_checked() {
    let place = Place::plain();
    place
        .vouch(&[
            "validate",
            "no-such-file.toml",
            "invalid/unknown-section.toml",
        ])
        .current_dir(fixture(""))
        .assert()
        .code(2)
        .stdout(predicate::str::contains(
            "no-such-file.toml:1:1: cannot read the file",
        ))
        .stdout(predicate::str::contains(
            "invalid/unknown-section.toml:12:11:",
        ))
        .stdout(predicate::str::contains("2 files checked, 2 problems"));
}

#[test]
fn with_no_files_the_bundled_checklists_are_clean() {
    let place = Place::repo();
    place
        .vouch(&["validate"])
        .assert()
        .success()
        .stdout("11 files checked, 0 problems\n");
}

#[test]
fn with_no_files_the_workspace_checklists_and_config_are_checked() {
    let place = Place::repo();
    place.copy_fixture("valid/team-framework.toml", ".vouch/checklists/team.toml");
    place.copy_fixture(
        "invalid/duplicate-item-ids.toml",
        ".vouch/checklists/dupes.toml",
    );
    place.copy_fixture(
        "invalid/mapping-unknown-item.toml",
        ".vouch/checklists/mappings/uk--ssdf.toml",
    );
    place.write(".vouch/config.toml", "framewroks = [\"uk-sscop\"]\n");
    place
        .vouch(&["validate"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            ".vouch/checklists/dupes.toml:17:6: duplicate item id `A-1`",
        ))
        .stdout(predicate::str::contains(
            ".vouch/checklists/mappings/uk--ssdf.toml:14:6: the pair names item `PO.9.9`",
        ))
        .stdout(predicate::str::starts_with(".vouch/config.toml:1:1:"))
        .stdout(predicate::str::contains("framewroks"))
        .stdout(predicate::str::contains("15 files checked, 3 problems"))
        // The team's mapping file replaces the bundled one of the same pair, and says so.
        .stderr(predicate::str::contains(
            "replaces the uk-sscop -> nist-ssdf mapping",
        ));
}
