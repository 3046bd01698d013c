//! `vouch merge-driver` under real `git merge` and `git rebase`: branches that both changed
//! progress merge per item with no manual edit; a version that does not parse is left for a
//! person in a form vouch can show and finish.

// Helpers fail the test loudly, as `unwrap` does in the tests themselves.
#![allow(clippy::unwrap_used)]

mod common;

use common::{Place, VOUCH, item_ids};
use predicates::prelude::*;
use vouch::model::{Progress, Status};
use vouch::store::progress::parse;

/// A repository with vouch set up, the merge driver registered by `vouch init --merge-driver`
/// and then pointed at the binary under test (the registered command runs `vouch` from PATH).
fn repo_with_driver() -> Place {
    let place = Place::repo();
    place.write("README.md", "# project\n");
    place
        .vouch(&["init", "--merge-driver"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "added `.vouch/progress.toml merge=vouch` to .gitattributes",
        ));
    assert_eq!(
        place.git(&["config", "--local", "merge.vouch.driver"]),
        "vouch merge-driver %O %A %B %P\n"
    );
    place.git(&[
        "config",
        "merge.vouch.driver",
        &format!("{VOUCH} merge-driver %O %A %B %P"),
    ]);
    place.commit_all("set up vouch");
    place
}

fn progress_of(place: &Place) -> Progress {
    parse(std::path::Path::new("progress.toml"), &place.progress()).unwrap()
}

/// One item's table, written by hand so times and people differ as they do across a team.
fn entry(id: &str, status: &str, updated: &str, by: &str, rest: &str) -> String {
    format!("\n[items.\"{id}\"]\nstatus = \"{status}\"\nupdated = {updated}\nby = \"{by}\"\n{rest}")
}

fn append_progress(place: &Place, text: &str) {
    let mut progress = place.progress();
    progress.push_str(text);
    place.write(".vouch/progress.toml", &progress);
}

fn assert_clean(place: &Place) {
    assert_eq!(place.git(&["status", "--porcelain"]), "");
    let text = place.progress();
    assert!(
        !text.contains("<<<<<<<") && !text.contains(">>>>>>>"),
        "{text}"
    );
}

#[test]
fn init_registers_the_driver_once() {
    let place = repo_with_driver();
    place
        .vouch(&["init", "--merge-driver"])
        .assert()
        .success()
        .stdout(predicate::str::contains("added").not());
    assert_eq!(
        place.read(".gitattributes"),
        ".vouch/progress.toml merge=vouch\n"
    );
    assert_eq!(
        place.git(&["config", "--local", "merge.vouch.name"]),
        "vouch: per-item merge of .vouch/progress.toml\n"
    );
    assert_eq!(
        place.git(&["check-attr", "merge", ".vouch/progress.toml"]),
        ".vouch/progress.toml: merge: vouch\n"
    );
}

#[test]
fn init_with_merge_driver_outside_git_is_refused() {
    let place = Place::plain();
    place
        .vouch(&["init", "--merge-driver"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--merge-driver needs a git repository",
        ));
    assert!(!place.path(".vouch").exists());
}

#[test]
fn branches_that_tick_different_items_merge_cleanly() {
    let place = repo_with_driver();
    place.git(&["checkout", "--quiet", "-b", "feature"]);
    place
        .vouch(&["set", "uk-sscop:1.1-C1", "done", "--note", "SDLC written"])
        .assert()
        .success();
    place.commit_all("tick 1.1-C1");
    place.git(&["checkout", "--quiet", "main"]);
    place
        .vouch(&["set", "nist-ssdf:PO.1.1", "in-progress"])
        .assert()
        .success();
    place.commit_all("start PO.1.1");

    let output = place.git(&["merge", "--no-edit", "feature"]);
    assert!(
        output.starts_with("vouch: merged .vouch/progress.toml per item\n"),
        "the driver ran: {output}"
    );
    assert_clean(&place);
    assert_eq!(
        item_ids(&place.progress()),
        ["nist-ssdf:PO.1.1", "uk-sscop:1.1-C1"]
    );
    let progress = progress_of(&place);
    assert_eq!(progress.status("uk-sscop:1.1-C1"), Status::Done);
    assert_eq!(progress.status("nist-ssdf:PO.1.1"), Status::InProgress);
}

#[test]
fn the_same_item_on_both_branches_keeps_the_newest_status_and_both_notes() {
    let place = repo_with_driver();
    append_progress(
        &place,
        &entry(
            "uk-sscop:1.1-C1",
            "in-progress",
            "2026-01-01T09:00:00Z",
            "Ada <ada@example.com>",
            "note = \"started\"\n",
        ),
    );
    place.commit_all("start 1.1-C1");

    place.git(&["checkout", "--quiet", "-b", "feature"]);
    let base = place.progress();
    let feature = base
        .replace("\"in-progress\"", "\"done\"")
        .replace("2026-01-01T09:00:00Z", "2026-01-03T09:00:00Z")
        .replace("Ada <ada", "Bob <bob")
        .replace("\"started\"", "\"Finished: docs/sdlc.md\"");
    place.write(".vouch/progress.toml", &feature);
    place.commit_all("finish 1.1-C1");

    place.git(&["checkout", "--quiet", "main"]);
    let main = base
        .replace("2026-01-01T09:00:00Z", "2026-01-02T09:00:00Z")
        .replace("\"started\"", "\"Waiting for the security review\"");
    place.write(".vouch/progress.toml", &main);
    place.commit_all("note on 1.1-C1");

    let output = place.git(&["merge", "--no-edit", "feature"]);
    assert!(
        output.starts_with(
            "vouch: merged .vouch/progress.toml per item; 1 item changed on both sides, combined"
        ),
        "{output}"
    );
    assert_clean(&place);
    let merged = progress_of(&place);
    let item = merged.get("uk-sscop:1.1-C1").unwrap();
    assert_eq!(item.status, Status::Done, "Bob's change is the newest");
    assert_eq!(item.by.as_deref(), Some("Bob <bob@example.com>"));
    assert_eq!(item.updated.as_deref(), Some("2026-01-03T09:00:00Z"));
    assert_eq!(
        item.note.as_deref(),
        Some(
            "Finished: docs/sdlc.md\n--- merged from Ada <ada@example.com> on 2026-01-02T09:00:00Z ---\nWaiting for the security review"
        )
    );
    // The merged file reads back through vouch and is shown with both notes.
    place
        .vouch(&["show", "uk-sscop:1.1-C1"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Waiting for the security review"))
        .stdout(predicate::str::contains("--- merged from Ada"));
}

#[test]
fn evidence_linked_on_both_branches_is_united() {
    let place = repo_with_driver();
    let with = |evidence: &str, updated: &str| {
        entry(
            "uk-sscop:2.1-C1",
            "done",
            updated,
            "Ada <ada@example.com>",
            &format!("evidence = [\n{evidence}]\n"),
        )
    };
    let header = place.progress();
    place.write(
        ".vouch/progress.toml",
        &format!(
            "{header}{}",
            with("  { commit = \"aaaa\" },\n", "2026-01-01T00:00:00Z")
        ),
    );
    place.commit_all("link aaaa");
    place.git(&["checkout", "--quiet", "-b", "feature"]);
    place.write(
        ".vouch/progress.toml",
        &format!(
            "{header}{}",
            with(
                "  { commit = \"aaaa\" },\n  { url = \"https://ci.example.com/run/1\" },\n",
                "2026-01-02T00:00:00Z"
            )
        ),
    );
    place.commit_all("link the CI run");
    place.git(&["checkout", "--quiet", "main"]);
    place.write(
        ".vouch/progress.toml",
        &format!(
            "{header}{}",
            with(
                "  { commit = \"aaaa\" },\n  { file = \"SECURITY.md\", lines = \"1-5\" },\n  { commit = \"aaaa\" },\n",
                "2026-01-03T00:00:00Z"
            )
        ),
    );
    place.commit_all("link SECURITY.md");

    place.git(&["merge", "--no-edit", "feature"]);
    assert_clean(&place);
    let merged = progress_of(&place);
    let shown: Vec<String> = merged
        .get("uk-sscop:2.1-C1")
        .unwrap()
        .evidence
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        shown,
        [
            "commit aaaa",
            "file SECURITY.md:1-5",
            "url https://ci.example.com/run/1"
        ],
        "one piece per target, the newest side's order first"
    );
}

#[test]
fn rebase_replays_progress_changes_through_the_driver() {
    let place = repo_with_driver();
    place.git(&["checkout", "--quiet", "-b", "feature"]);
    for id in ["uk-sscop:1.1-C1", "uk-sscop:1.1-C2"] {
        place.vouch(&["set", id, "done"]).assert().success();
        place.commit_all(&format!("tick {id}"));
    }
    place.git(&["checkout", "--quiet", "main"]);
    place
        .vouch(&["set", "uk-sscop:1.1-C3", "in-progress", "--note", "main"])
        .assert()
        .success();
    place.commit_all("start 1.1-C3");

    place.git(&["checkout", "--quiet", "feature"]);
    let output = place.git(&["rebase", "main"]);
    assert_eq!(
        output
            .matches("vouch: merged .vouch/progress.toml per item")
            .count(),
        2,
        "the driver ran for each replayed commit: {output}"
    );
    assert_clean(&place);
    assert_eq!(
        item_ids(&place.progress()),
        ["uk-sscop:1.1-C1", "uk-sscop:1.1-C2", "uk-sscop:1.1-C3"]
    );
    let log = place.git(&["log", "--format=%s", "main..feature"]);
    assert_eq!(log, "tick uk-sscop:1.1-C2\ntick uk-sscop:1.1-C1\n");
}

#[test]
fn a_version_that_does_not_parse_is_left_for_a_person_and_finished_by_the_printed_command() {
    let place = repo_with_driver();
    place.git(&["checkout", "--quiet", "-b", "feature"]);
    append_progress(
        &place,
        &entry(
            "uk-sscop:1.1-C1",
            "finished",
            "2026-01-02T00:00:00Z",
            "Bob <bob@example.com>",
            "",
        ),
    );
    place.commit_all("a hand edit with a typo");
    place.git(&["checkout", "--quiet", "main"]);
    place
        .vouch(&["set", "uk-sscop:1.2-C1", "done"])
        .assert()
        .success();
    place.commit_all("tick 1.2-C1");
    let ours = place.progress();

    let output = place.git_output(&["merge", "--no-edit", "feature"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("their version does not parse: .vouch/progress.toml.theirs:"),
        "{stderr}"
    );
    assert!(stderr.contains("unknown status `finished`"), "{stderr}");
    let command = "vouch merge-driver .vouch/progress.toml.base .vouch/progress.toml .vouch/progress.toml.theirs";
    assert!(stderr.contains(command), "{stderr}");

    // Ours is intact, so vouch keeps working, and says a merge is waiting.
    assert_eq!(place.progress(), ours);
    assert!(
        place
            .read(".vouch/progress.toml.theirs")
            .contains("\"finished\"")
    );
    place
        .vouch(&["show", "uk-sscop:1.2-C1"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            ".vouch/progress.toml.theirs is left from a merge",
        ));

    // Fix their file, run the printed command, and the merge is done.
    let fixed = place
        .read(".vouch/progress.toml.theirs")
        .replace("\"finished\"", "\"done\"");
    place.write(".vouch/progress.toml.theirs", &fixed);
    let args: Vec<&str> = command.split(' ').skip(1).collect();
    place
        .vouch(&args)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "merged .vouch/progress.toml per item",
        ));
    assert!(!place.path(".vouch/progress.toml.theirs").exists());
    assert!(!place.path(".vouch/progress.toml.base").exists());
    place.git(&["add", ".vouch/progress.toml"]);
    place.git(&["commit", "--quiet", "--no-edit"]);
    assert_clean(&place);
    assert_eq!(
        item_ids(&place.progress()),
        ["uk-sscop:1.1-C1", "uk-sscop:1.2-C1"]
    );
}

#[test]
fn the_driver_alone_reports_a_combined_item_and_exits_zero() {
    let place = Place::plain();
    let base = entry(
        "a:1",
        "todo",
        "2026-01-01T00:00:00Z",
        "Ada",
        "note = \"x\"\n",
    );
    place.write("base", &base);
    place.write("ours", &base.replace("\"x\"", "\"ours\""));
    place.write("theirs", &base.replace("\"x\"", "\"theirs\""));
    place
        .vouch(&[
            "merge-driver",
            "base",
            "ours",
            "theirs",
            ".vouch/progress.toml",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "1 item changed on both sides, combined (newer status, both notes, all evidence): a:1",
        ));
    let merged = place.read("ours");
    assert!(merged.contains("--- merged from Ada"), "{merged}");
}

#[test]
fn the_driver_keeps_ours_when_ours_is_not_utf8() {
    let place = Place::plain();
    std::fs::write(place.path("ours"), b"version = 1\n# \xff\xfe\n").unwrap();
    place.write("base", "version = 1\n");
    place.write("theirs", "version = 1\n");
    place
        .vouch(&["merge-driver", "base", "ours", "theirs", "p.toml"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "our version does not parse: p.toml:2:3: the file is not valid UTF-8",
        ));
    assert_eq!(
        std::fs::read(place.path("ours")).unwrap(),
        b"version = 1\n# \xff\xfe\n"
    );
    assert_eq!(place.read("p.toml.theirs"), "version = 1\n");
}
