//! `vouch init`, `vouch set` and `vouch note`: what they write, what they refuse, and what a
//! user sees in git afterwards.

mod common;

use common::{Place, WHO, item_ids};
use predicates::prelude::*;

#[test]
fn init_creates_config_and_an_empty_progress_file_and_a_second_run_changes_nothing() {
    let place = Place::repo();
    place
        .vouch(&["init"])
        .assert()
        .success()
        .stdout(predicate::str::contains("created .vouch/config.toml"))
        .stdout(predicate::str::contains("created .vouch/progress.toml"));
    let config = place.read(".vouch/config.toml");
    let progress = place.progress();
    assert!(config.starts_with("# vouch settings"), "{config}");
    assert!(progress.contains("version = 1"), "{progress}");
    assert!(item_ids(&progress).is_empty(), "{progress}");

    place
        .vouch(&["init", "--frameworks", "nist-ssdf"])
        .assert()
        .success()
        .stdout(predicate::str::contains("nothing changed"))
        .stderr(predicate::str::contains("--frameworks was not applied"));
    assert_eq!(place.read(".vouch/config.toml"), config);
    assert_eq!(place.progress(), progress);
}

#[test]
fn init_with_frameworks_enables_only_those() {
    let place = Place::repo();
    place
        .vouch(&["init", "--frameworks", "slsa-build,cisa-sbd"])
        .assert()
        .success();
    assert!(
        place
            .read(".vouch/config.toml")
            .contains("frameworks = [\"slsa-build\", \"cisa-sbd\"]")
    );
    let status = place.stdout_of(&["status"]);
    assert!(status.contains("slsa-build  SLSA Build Track"), "{status}");
    assert!(!status.contains("uk-sscop"), "{status}");
}

#[test]
fn init_refuses_an_unknown_framework_with_the_closest_ids_and_creates_nothing() {
    let place = Place::repo();
    place
        .vouch(&["init", "--frameworks", "uk-sscop,nist-ssfd"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with(
            "error: unknown framework `nist-ssfd`",
        ))
        .stderr(predicate::str::contains("did you mean nist-ssdf"));
    assert!(!place.path(".vouch").exists());
}

#[test]
fn init_accepts_a_framework_from_the_teams_own_checklists() {
    let place = Place::repo();
    place.copy_fixture("valid/team-framework.toml", ".vouch/checklists/team.toml");
    place
        .vouch(&["init", "--frameworks", "team-sec"])
        .assert()
        .success();
    let list = place.stdout_of(&["list"]);
    assert_eq!(list.lines().count(), 3, "{list}");
}

#[test]
fn set_records_status_and_the_local_git_identity() {
    let place = Place::repo();
    place
        .vouch(&[
            "set",
            "uk-sscop:1.1-C1",
            "done",
            "--note",
            "See docs/sdlc.md",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("uk-sscop:1.1-C1: done (was todo)"))
        .stdout(predicate::str::contains(format!("by {WHO} at ")))
        .stdout(predicate::str::contains("saved .vouch/progress.toml"));
    let progress = place.progress();
    assert_eq!(item_ids(&progress), ["uk-sscop:1.1-C1"]);
    assert!(progress.contains("status = \"done\""), "{progress}");
    assert!(progress.contains(&format!("by = \"{WHO}\"")), "{progress}");
    assert!(
        progress.contains("note = \"See docs/sdlc.md\""),
        "{progress}"
    );
    assert!(
        progress
            .lines()
            .any(|l| l.starts_with("updated = 20") && l.ends_with('Z')),
        "{progress}"
    );
}

#[test]
fn set_accepts_a_bare_id_that_one_framework_has() {
    let place = Place::repo();
    place.vouch(&["set", "PO.1.1", "wip"]).assert().success();
    assert_eq!(item_ids(&place.progress()), ["nist-ssdf:PO.1.1"]);
    assert!(place.progress().contains("status = \"in-progress\""));
}

#[test]
fn set_on_an_unknown_id_suggests_the_closest_ids_and_writes_nothing() {
    let place = Place::repo();
    place
        .vouch(&["set", "uk-sscop:1.1-C9", "done"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with(
            "error: unknown item `uk-sscop:1.1-C9`; did you mean uk-sscop:1.1-C1",
        ));
    assert!(!place.path(".vouch/progress.toml").exists());
}

#[test]
fn not_applicable_without_a_reason_is_refused() {
    let place = Place::repo();
    place
        .vouch(&["set", "uk-sscop:1.2-C1", "n/a"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`n/a` needs a reason"));
    assert!(!place.path(".vouch/progress.toml").exists());

    place
        .vouch(&[
            "set",
            "uk-sscop:1.2-C1",
            "n/a",
            "--reason",
            "no third-party code",
        ])
        .assert()
        .success();
    assert!(place.progress().contains("status = \"n/a\"\nupdated = "));
    assert!(
        place
            .progress()
            .contains("reason = \"no third-party code\"")
    );
}

#[test]
fn a_reason_with_any_status_but_not_applicable_is_refused_rather_than_dropped() {
    let place = Place::repo();
    place
        .vouch(&["set", "uk-sscop:1.1-C1", "done", "--reason", "because"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--reason goes with n/a only"));
    assert!(!place.path(".vouch/progress.toml").exists());
}

#[test]
fn an_unknown_status_word_is_refused_with_the_valid_words() {
    let place = Place::repo();
    place
        .vouch(&["set", "uk-sscop:1.1-C1", "finished"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown status `finished`; use one of: todo, in-progress, done, n/a",
        ));
}

#[test]
fn setting_the_same_status_again_changes_nothing() {
    let place = Place::repo();
    place
        .vouch(&["set", "uk-sscop:1.1-C1", "done"])
        .assert()
        .success();
    let before = place.progress();
    place
        .vouch(&["set", "uk-sscop:1.1-C1", "done"])
        .assert()
        .success()
        .stdout(predicate::str::contains("nothing changed"));
    assert_eq!(place.progress(), before, "not even re-stamped");
}

#[test]
fn back_to_todo_with_nothing_else_removes_the_entry() {
    let place = Place::repo();
    place
        .vouch(&["set", "uk-sscop:1.1-C1", "done"])
        .assert()
        .success();
    place
        .vouch(&["set", "uk-sscop:1.1-C1", "todo"])
        .assert()
        .success();
    assert!(item_ids(&place.progress()).is_empty());
}

#[test]
fn note_sets_and_clears_the_note() {
    let place = Place::repo();
    place
        .vouch(&["note", "uk-sscop:1.1-C1", "Lifecycle in docs/sdlc.md"])
        .assert()
        .success()
        .stdout(predicate::str::contains("note: Lifecycle in docs/sdlc.md"));
    let progress = place.progress();
    assert!(progress.contains("note = \"Lifecycle in docs/sdlc.md\""));
    assert!(progress.contains(&format!("by = \"{WHO}\"")));
    assert!(
        !progress.contains("status ="),
        "a note alone leaves the item todo"
    );

    place
        .vouch(&["note", "uk-sscop:1.1-C1", ""])
        .assert()
        .success()
        .stdout(predicate::str::contains("note cleared"));
    assert!(item_ids(&place.progress()).is_empty());
}

#[test]
fn note_on_an_unknown_id_suggests_the_closest_ids() {
    let place = Place::repo();
    place
        .vouch(&["note", "nist-ssdf:PO.1.9", "x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean nist-ssdf:PO.1."));
}

#[test]
fn orphaned_entries_are_kept_through_another_set() {
    let place = Place::repo();
    place.copy_fixture("valid/progress-with-orphan.toml", ".vouch/progress.toml");
    place
        .vouch(&["set", "uk-sscop:1.1-C2", "done"])
        .assert()
        .success();
    let progress = place.progress();
    assert_eq!(
        item_ids(&progress),
        ["retired-fw:9.9", "uk-sscop:1.1-C1", "uk-sscop:1.1-C2"]
    );
    assert!(
        progress.contains("note = \"Kept for the record\""),
        "{progress}"
    );
    place
        .vouch(&["status"])
        .assert()
        .success()
        .stdout(predicate::str::contains("orphaned progress entries"))
        .stdout(predicate::str::contains("retired-fw:9.9  done"));
}

#[test]
fn an_item_of_a_framework_the_config_leaves_out_is_refused_as_not_enabled() {
    let place = Place::repo();
    place
        .vouch(&["init", "--frameworks", "uk-sscop"])
        .assert()
        .success();
    place
        .vouch(&["set", "nist-ssdf:PO.1.1", "done"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "item `nist-ssdf:PO.1.1` is in framework `nist-ssdf`, which is not enabled",
        ));
}

#[test]
fn progress_of_a_framework_the_config_leaves_out_is_not_called_orphaned() {
    let place = Place::repo();
    place
        .vouch(&["set", "nist-ssdf:PO.1.1", "done"])
        .assert()
        .success();
    place.write(".vouch/config.toml", "frameworks = [\"uk-sscop\"]\n");
    let status = place.stdout_of(&["status", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&status).unwrap();
    assert_eq!(json["orphans"], serde_json::json!([]));
    assert_eq!(item_ids(&place.progress()), ["nist-ssdf:PO.1.1"]);
}

/// The "done when" of the command line: in a repository with a commit and no progress file,
/// three `vouch set` runs leave a progress file holding exactly those three items.
#[test]
fn three_sets_in_a_fresh_repository_give_a_progress_file_with_exactly_those_items() {
    let place = Place::repo();
    place.write("README.md", "# project\n");
    place.commit_all("first commit");
    assert!(!place.path(".vouch/progress.toml").exists());

    place
        .vouch(&["set", "uk-sscop:1.1-C1", "done"])
        .assert()
        .success();
    place
        .vouch(&["set", "nist-ssdf:PO.1.1", "in-progress"])
        .assert()
        .success();
    place
        .vouch(&["set", "slsa-build:L1", "n/a", "--reason", "no releases yet"])
        .assert()
        .success();

    let progress = place.progress();
    assert_eq!(
        item_ids(&progress),
        ["nist-ssdf:PO.1.1", "slsa-build:L1", "uk-sscop:1.1-C1"],
        "sorted by id"
    );
    assert_eq!(progress.matches(&format!("by = \"{WHO}\"")).count(), 3);
    assert_eq!(place.git(&["status", "--porcelain"]), "?? .vouch/\n");
}

/// The same with `.vouch/` committed after `vouch init`: `git diff` shows only added lines, and
/// among them exactly the three item tables.
#[test]
fn three_sets_after_a_committed_init_show_in_git_diff_as_three_added_tables() {
    let place = Place::repo();
    place.vouch(&["init"]).assert().success();
    place.commit_all("set up vouch");

    for (id, status) in [
        ("uk-sscop:1.1-C1", "done"),
        ("uk-sscop:1.1-C2", "in-progress"),
        ("cisa-sbd:G1", "done"),
    ] {
        place.vouch(&["set", id, status]).assert().success();
    }

    let diff = place.git(&["diff", "--unified=0", "--", ".vouch/progress.toml"]);
    let removed: Vec<&str> = diff
        .lines()
        .filter(|l| l.starts_with('-') && !l.starts_with("---"))
        .collect();
    assert!(removed.is_empty(), "{diff}");
    let added_tables: Vec<&str> = diff.lines().filter(|l| l.starts_with("+[items.")).collect();
    assert_eq!(
        added_tables,
        [
            "+[items.\"cisa-sbd:G1\"]",
            "+[items.\"uk-sscop:1.1-C1\"]",
            "+[items.\"uk-sscop:1.1-C2\"]"
        ],
        "{diff}"
    );
    assert_eq!(
        place.git(&["status", "--porcelain"]),
        " M .vouch/progress.toml\n"
    );
}
