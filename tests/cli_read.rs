//! `vouch status`, `list`, `show` and `frameworks`: what a user reads.

// Test helpers fail the test loudly, as `unwrap` in a test does.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Place;
use predicates::prelude::*;
use serde_json::{Value, json};

/// A repository where three UK Code items are set: one done, one in progress, one n/a.
fn place_with_progress() -> Place {
    let place = Place::repo();
    place
        .vouch(&["set", "uk-sscop:1.1-C1", "done"])
        .assert()
        .success();
    place
        .vouch(&["set", "uk-sscop:1.1-C2", "in-progress"])
        .assert()
        .success();
    place
        .vouch(&[
            "set",
            "uk-sscop:2.1-C1",
            "n/a",
            "--reason",
            "no build servers",
        ])
        .assert()
        .success();
    place
}

fn line_with<'a>(text: &'a str, start: &str) -> &'a str {
    text.lines()
        .find(|l| l.starts_with(start))
        .unwrap_or_else(|| panic!("no line starting {start:?} in:\n{text}"))
}

fn numbers(line: &str) -> Vec<String> {
    line.split_whitespace()
        .rev()
        .take(5)
        .map(str::to_owned)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect()
}

#[test]
fn status_shows_coverage_per_framework_and_nested_sections() {
    let place = place_with_progress();
    let status = place.stdout_of(&["status"]);
    // percent, done, in progress, n/a, todo
    let all = line_with(&status, "  all 45 items");
    assert_eq!(numbers(all), ["2%", "1", "1", "1", "42"], "{all}");
    let theme = line_with(&status, "  T1 ");
    let principle = line_with(&status, "    1.1 ");
    assert_eq!(
        numbers(principle),
        ["16%", "1", "1", "0", "4"],
        "{principle}"
    );
    assert!(theme.contains('['), "{theme}");
    let theme2 = line_with(&status, "  T2 ");
    assert_eq!(numbers(theme2)[2..], ["0", "1", "9"], "{theme2}");
    assert!(
        status.contains("\nnist-ssdf  "),
        "every enabled framework: {status}"
    );
    assert!(!status.contains("orphaned"), "{status}");
}

#[test]
fn status_bars_fill_with_the_share_done() {
    let place = Place::repo();
    for id in ["slsa-build:L1", "slsa-build:L2"] {
        place.vouch(&["set", id, "done"]).assert().success();
    }
    let status = place.stdout_of(&["status"]);
    let all = line_with(&status, "  all 3 items");
    assert!(all.contains("[#############-------]   66%"), "{all}");
}

#[test]
fn status_json_has_the_documented_shape() {
    let place = place_with_progress();
    place.write(
        ".vouch/progress.toml",
        &(place.progress() + "\n[items.\"gone:1\"]\nstatus = \"done\"\n"),
    );
    let text = place.stdout_of(&["status", "--format", "json"]);
    let json: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["schema"], 1);
    let uk = &json["frameworks"][0];
    assert_eq!(uk["id"], "uk-sscop");
    assert!(uk["title"].is_string() && uk["version"].is_string());
    assert_eq!(
        uk["coverage"],
        json!({"done": 1, "in_progress": 1, "not_applicable": 1, "todo": 42, "total": 45, "percent": 2})
    );
    let sections = uk["sections"].as_array().unwrap();
    assert_eq!(sections.len(), 18);
    assert_eq!(sections[0]["id"], "T1");
    assert_eq!(sections[0]["parent"], Value::Null);
    assert_eq!(sections[1]["id"], "1.1");
    assert_eq!(sections[1]["parent"], "T1");
    assert_eq!(sections[1]["coverage"]["done"], 1);
    assert_eq!(sections[1]["coverage"]["total"], 6);
    let ids: Vec<&str> = json["frameworks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "uk-sscop",
            "nist-ssdf",
            "eu-cra",
            "cisa-sbd",
            "owasp-samm",
            "slsa-build"
        ]
    );
    assert_eq!(json["orphans"], json!([{"id": "gone:1", "status": "done"}]));
}

#[test]
fn status_on_a_progress_file_with_an_unknown_status_word_names_the_place() {
    let place = Place::repo();
    place.copy_fixture(
        "invalid/progress-unknown-status.toml",
        ".vouch/progress.toml",
    );
    place
        .vouch(&["status"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with("error: "))
        .stderr(predicate::str::contains(
            ".vouch/progress.toml:5:10: unknown status `finished`",
        ));
}

#[test]
fn list_prints_one_item_a_line_in_aligned_columns() {
    let place = place_with_progress();
    let list = place.stdout_of(&["list", "--framework", "uk-sscop"]);
    let lines: Vec<&str> = list.lines().collect();
    assert_eq!(lines.len(), 45);
    assert!(
        lines[0].starts_with("uk-sscop:1.1-C1  done         "),
        "{}",
        lines[0]
    );
    assert!(lines[1].starts_with("uk-sscop:1.1-C2  in-progress  "));
    let title_column = lines[0].find("The team").unwrap();
    assert!(
        lines
            .iter()
            .all(|l| l.chars().nth(title_column - 1) == Some(' ')),
        "titles start in one column:\n{list}"
    );
}

#[test]
fn list_filters_by_status_across_frameworks() {
    let place = place_with_progress();
    place
        .vouch(&["set", "nist-ssdf:PO.1.1", "done"])
        .assert()
        .success();
    let done = place.stdout_of(&["list", "--status", "done"]);
    let ids: Vec<&str> = done
        .lines()
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(ids, ["uk-sscop:1.1-C1", "nist-ssdf:PO.1.1"]);
    let not_applicable = place.stdout_of(&["list", "--status", "na"]);
    assert_eq!(not_applicable.lines().count(), 1);
    assert!(not_applicable.starts_with("uk-sscop:2.1-C1  n/a  "));
}

#[test]
fn list_refuses_an_unknown_framework_or_status_with_a_hint() {
    let place = Place::repo();
    place
        .vouch(&["list", "--framework", "slsa"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "unknown framework `slsa`; did you mean slsa-build",
        ));
    place
        .vouch(&["list", "--status", "closed"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "use one of: todo, in-progress, done, n/a",
        ));
}

#[test]
fn show_prints_the_item_its_progress_evidence_and_mapped_items() {
    let place = Place::repo();
    place.copy_fixture("valid/progress-with-orphan.toml", ".vouch/progress.toml");
    place
        .vouch(&["set", "nist-ssdf:PO.1.1", "done"])
        .assert()
        .success();
    let show = place.stdout_of(&["show", "1.1-C1"]);
    assert!(show.starts_with("uk-sscop:1.1-C1  "), "{show}");
    assert!(show.contains("  framework  Software Security Code of Practice (uk-sscop)"));
    assert!(show.contains("  section    T1 Building security into design and code > 1.1 "));
    assert!(show.contains("  status     done\n"));
    assert!(show.contains("  changed    2026-01-05T10:00:00Z by Ada Lovelace <ada@example.com>"));
    assert!(show.contains("  note       Lifecycle in docs/sdlc.md"));
    assert!(show.contains("\nguidance\n  "));
    assert!(show.contains("\nwhat would prove it\n  - "));
    // The fixture's commit is not in this fresh repository, so it shows as missing.
    assert!(show.contains(
        "\nevidence\n  1. commit 9c1e77b3f0a4c1e2d3b4a5968778695a4b3c2d1e  [missing]\n  2. url https://example.com/sdlc  [not checked (links are not fetched)]\n"
    ), "{show}");
    let mapped = &show[show
        .find("mapped items (derived, not counted)")
        .expect(&show)..];
    let ssdf = line_with(mapped, "  strong   nist-ssdf:PO.1.1");
    assert!(ssdf.contains(" done "), "its own status: {ssdf}");
    assert!(mapped.contains("provenance: proposed by vouch maintainers"));
    assert!(mapped.contains("  weak     eu-cra:"), "{mapped}");
}

#[test]
fn show_reports_a_not_applicable_reason_and_the_recorder() {
    let place = place_with_progress();
    let show = place.stdout_of(&["show", "uk-sscop:2.1-C1"]);
    assert!(show.contains("  status     n/a\n"), "{show}");
    assert!(show.contains("  reason     no build servers\n"), "{show}");
    assert!(show.contains("by Test User <test@example.com>"), "{show}");
    assert!(show.contains("evidence\n  none linked\n"), "{show}");
}

#[test]
fn show_an_orphaned_entry_says_so() {
    let place = Place::repo();
    place.copy_fixture("valid/progress-with-orphan.toml", ".vouch/progress.toml");
    let show = place.stdout_of(&["show", "retired-fw:9.9"]);
    assert!(show.starts_with("retired-fw:9.9  (orphaned)"), "{show}");
    assert!(show.contains("note       Kept for the record"), "{show}");
}

#[test]
fn show_an_unknown_id_suggests_the_closest() {
    let place = Place::repo();
    place
        .vouch(&["show", "uk-sscop:1.1-c1x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean uk-sscop:1.1-C1"));
}

#[test]
fn an_ambiguous_bare_id_names_the_frameworks_that_have_it() {
    let place = Place::repo();
    place.copy_fixture("valid/team-framework.toml", ".vouch/checklists/team.toml");
    place.write(
        ".vouch/checklists/other.toml",
        &common::read_fixture("valid/team-framework.toml").replace("team-sec", "other-sec"),
    );
    place
        .vouch(&["show", "R-1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "it is in several frameworks, name one: other-sec:R-1, team-sec:R-1",
        ));
}

#[test]
fn text_from_checklist_files_is_printed_with_control_characters_escaped() {
    let place = Place::repo();
    let team = common::read_fixture("valid/team-framework.toml")
        .replace("Releases are signed", "Releases are signed\\u001b[2J");
    place.write(".vouch/checklists/team.toml", &team);
    let output = place
        .vouch(&["list", "--framework", "team-sec"])
        .output()
        .unwrap();
    let list = String::from_utf8(output.stdout).unwrap();
    assert!(!list.contains('\u{1b}'), "{list:?}");
    assert!(list.contains("Releases are signed␛[2J"), "{list}");
}

#[test]
fn frameworks_lists_source_version_and_counts_and_says_what_replaced_what() {
    let place = Place::repo();
    place.copy_fixture("valid/team-framework.toml", ".vouch/checklists/team.toml");
    place.write(
        ".vouch/checklists/slsa.toml",
        &common::read_fixture("valid/team-framework.toml")
            .replace("id = \"team-sec\"", "id = \"slsa-build\""),
    );
    let out = place.stdout_of(&["frameworks"]);
    let header = line_with(&out, "id ");
    for column in ["title", "version", "items", "sections", "source"] {
        assert!(header.contains(column), "{header}");
    }
    let uk = line_with(&out, "uk-sscop ");
    assert!(uk.ends_with("  45        18  bundled"), "{uk}");
    let team = line_with(&out, "team-sec ");
    assert!(team.contains("Team Security Basics"), "{team}");
    assert!(
        team.ends_with("  3         3  .vouch/checklists/team.toml"),
        "{team}"
    );
    let slsa = line_with(&out, "slsa-build ");
    assert!(slsa.ends_with(".vouch/checklists/slsa.toml"), "{slsa}");
    assert!(
        out.contains(
            "note: .vouch/checklists/slsa.toml replaces framework `slsa-build` from bundled"
        ),
        "{out}"
    );
}

#[test]
fn frameworks_work_while_the_progress_file_is_broken() {
    let place = Place::repo();
    place.copy_fixture("invalid/progress-unparseable.toml", ".vouch/progress.toml");
    let out = place.stdout_of(&["frameworks"]);
    assert_eq!(
        out.lines().filter(|l| l.ends_with("  bundled")).count(),
        6,
        "{out}"
    );
}

#[test]
fn frameworks_names_those_the_config_leaves_out() {
    let place = Place::repo();
    place
        .vouch(&["init", "--frameworks", "uk-sscop,nist-ssdf"])
        .assert()
        .success();
    let out = place.stdout_of(&["frameworks"]);
    assert_eq!(
        out.lines().filter(|l| l.contains("bundled")).count(),
        2,
        "{out}"
    );
    assert!(out.contains(
        "also loaded, not enabled in .vouch/config.toml: eu-cra, cisa-sbd, owasp-samm, slsa-build"
    ));
}

#[test]
fn a_broken_team_checklist_is_a_warning_and_the_rest_still_loads() {
    let place = Place::repo();
    place.copy_fixture(
        "invalid/unknown-section.toml",
        ".vouch/checklists/lost.toml",
    );
    place
        .vouch(&["list", "--framework", "slsa-build"])
        .assert()
        .success()
        .stdout(predicate::str::contains("slsa-build:L1"))
        .stderr(predicate::str::contains(
            "warning: 1 problem in checklist files; the rest is loaded. Run `vouch validate`",
        ));
}

#[test]
fn usage_errors_exit_2_and_help_exits_0() {
    let place = Place::repo();
    place
        .vouch(&["set", "uk-sscop:1.1-C1"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with("error: "));
    place
        .vouch(&["status", "--format", "xml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("possible values: text, json"));
    place
        .vouch(&["--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Usage: vouch [COMMAND]"));
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    let place = Place::repo();
    let mut child = std::process::Command::new(common::VOUCH)
        .arg("list")
        .current_dir(&place.root)
        .env("HOME", &place.home)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // like `vouch list | head -0`
    let output = child.wait_with_output().unwrap();
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    assert!(output.status.success(), "{:?}", output.status);
}
