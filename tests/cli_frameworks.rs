//! The team's own checklists, which frameworks the config enables, and framework revisions:
//! progress on removed ids is kept as orphaned, and progress on renamed ids (`replaces`)
//! carries over to the new item and moves in the file when that item next changes.

// Test helpers fail the test loudly, as `unwrap` in a test does.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Place, fixture, item_ids, read_fixture};
use predicates::prelude::*;

const TEAM: &str = ".vouch/checklists/team.toml";

/// The team framework of the fixtures, revised: `T.1-1` became `T.1-1b` (declared with
/// `replaces`), and `R-1` was dropped.
fn revised_team_framework() -> String {
    let text =
        read_fixture("valid/team-framework.toml").replace("version = \"3\"", "version = \"4\"");
    let start = text.find("[[items]]\nid = \"R-1\"").unwrap();
    text[..start].replace(
        "id = \"T.1-1\"\n",
        "id = \"T.1-1b\"\nreplaces = [\"T.1-1\"]\n",
    )
}

#[test]
fn everything_in_the_issue_works_together() {
    let place = Place::repo();
    place.stdout_of(&["set", "uk-sscop:3.2-C1", "done"]);
    let show = place.stdout_of(&["show", "uk-sscop:3.2-C1"]);
    for id in ["nist-ssdf:RV.1.3", "eu-cra:CRA-II-5", "cisa-sbd:G5"] {
        assert!(show.contains(id), "{id}: {show}");
    }
    place.stdout_of(&["adopt", "nist-ssdf:RV.1.3", "--from", "uk-sscop:3.2-C1"]);
    assert!(
        place
            .progress()
            .contains("adopted_from = \"uk-sscop:3.2-C1\"")
    );

    std::fs::copy(fixture("asvs/small.csv"), place.path("asvs.csv")).unwrap();
    place.stdout_of(&["import", "asvs", "asvs.csv", "--level", "2"]);
    place.stdout_of(&["set", "owasp-asvs:V1.2.1", "done"]);
    place.copy_fixture("valid/team-framework.toml", TEAM);
    place.stdout_of(&["set", "team-sec:R-1", "in-progress"]);

    let frameworks = place.stdout_of(&["frameworks"]);
    let ids: Vec<&str> = frameworks
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "uk-sscop",
            "nist-ssdf",
            "eu-cra",
            "cisa-sbd",
            "owasp-samm",
            "slsa-build",
            "owasp-asvs",
            "team-sec"
        ],
        "{frameworks}"
    );
    assert_eq!(
        item_ids(&place.progress()),
        [
            "nist-ssdf:RV.1.3",
            "owasp-asvs:V1.2.1",
            "team-sec:R-1",
            "uk-sscop:3.2-C1"
        ]
    );
    place
        .vouch(&["validate"])
        .assert()
        .success()
        .stdout("14 files checked, 0 problems\n");
}

#[test]
fn the_config_enables_frameworks_and_keeps_the_progress_of_the_others() {
    let place = Place::repo();
    place.copy_fixture("valid/team-framework.toml", TEAM);
    place.stdout_of(&["set", "uk-sscop:1.1-C1", "done"]);
    place.write(
        ".vouch/config.toml",
        "frameworks = [\"team-sec\", \"nist-ssdf\"]\n",
    );
    let list = place.stdout_of(&["list"]);
    assert!(
        list.starts_with("nist-ssdf:PO.1.1 "),
        "bundled come first: {list}"
    );
    assert!(list.contains("\nteam-sec:T.1-1 "), "{list}");
    assert!(!list.contains("uk-sscop:"), "{list}");
    assert_eq!(list.lines().count(), 3 + 42);
    let status = place.stdout_of(&["status"]);
    assert!(
        !status.contains("orphaned"),
        "a disabled framework's progress is not orphaned: {status}"
    );
    place
        .vouch(&["set", "uk-sscop:1.1-C2", "done"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "item `uk-sscop:1.1-C2` is in framework `uk-sscop`, which is not enabled in .vouch/config.toml",
        ));
    place.write(".vouch/config.toml", "frameworks = [\"uk-sscop\"]\n");
    assert!(
        place
            .stdout_of(&["list", "--status", "done"])
            .contains("uk-sscop:1.1-C1")
    );
}

#[test]
fn validate_names_progress_entries_no_checklist_has_and_still_passes() {
    let place = Place::repo();
    place.copy_fixture("valid/progress-with-orphan.toml", ".vouch/progress.toml");
    place
        .vouch(&["validate"])
        .assert()
        .success()
        .stdout("12 files checked, 0 problems\n")
        .stderr(
            "note: .vouch/progress.toml has 1 entry for ids no checklist has: retired-fw:9.9; \
             they are kept, never deleted (`vouch status` lists them)\n",
        );
}

#[test]
fn validate_reports_a_progress_file_that_does_not_parse() {
    let place = Place::repo();
    place.copy_fixture(
        "invalid/progress-unknown-status.toml",
        ".vouch/progress.toml",
    );
    place
        .vouch(&["validate"])
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with(".vouch/progress.toml:"))
        .stdout(predicate::str::contains("unknown status"))
        .stdout(predicate::str::ends_with("12 files checked, 1 problem\n"));
}

#[test]
fn a_removed_item_leaves_its_progress_orphaned_and_kept() {
    let place = Place::repo();
    place.copy_fixture("valid/team-framework.toml", TEAM);
    place.stdout_of(&[
        "set",
        "team-sec:R-1",
        "done",
        "--note",
        "signed with the release key",
    ]);
    place.write(
        TEAM,
        &revised_team_framework().replace("replaces = [\"T.1-1\"]\n", ""),
    );
    let status = place.stdout_of(&["status"]);
    assert!(status.contains("orphaned progress entries"), "{status}");
    assert!(status.contains("  team-sec:R-1  done"), "{status}");
    let show = place.stdout_of(&["show", "team-sec:R-1"]);
    assert!(show.starts_with("team-sec:R-1  (orphaned)"), "{show}");
    place.stdout_of(&["set", "team-sec:T.1-2", "done"]);
    assert!(
        place
            .progress()
            .contains("[items.\"team-sec:R-1\"]\nstatus = \"done\"")
    );
}

#[test]
fn progress_under_a_replaced_id_carries_over_and_moves_on_the_next_change() {
    let place = Place::repo();
    place.copy_fixture("valid/team-framework.toml", TEAM);
    place.stdout_of(&[
        "set",
        "team-sec:T.1-1",
        "done",
        "--note",
        "scanner runs in CI",
    ]);
    place.write(TEAM, &revised_team_framework());
    let before = place.progress();

    // Reading shows the entry as the new item's, and changes nothing on disk.
    let list = place.stdout_of(&["list", "--framework", "team-sec"]);
    assert!(list.starts_with("team-sec:T.1-1b  done "), "{list}");
    let status = place.stdout_of(&["status"]);
    assert!(!status.contains("T.1-1 "), "not an orphan: {status}");
    let show = place.stdout_of(&["show", "team-sec:T.1-1b"]);
    assert!(show.contains("  status     done\n"), "{show}");
    assert!(show.contains("  note       scanner runs in CI\n"), "{show}");
    assert!(
        show.contains("  carried    from team-sec:T.1-1, the id this item replaces; progress.toml moves the entry here on the next change"),
        "{show}"
    );
    place
        .vouch(&["validate"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "note: .vouch/progress.toml has 1 entry under ids that a current item replaces; vouch shows each as that item's and moves it there when the item next changes: team-sec:T.1-1 -> team-sec:T.1-1b",
        ));
    assert_eq!(place.progress(), before);

    // The next change to the new item moves the entry, with who and when kept as they were
    // until this change.
    place.stdout_of(&[
        "note",
        "team-sec:T.1-1b",
        "scanner runs in CI on every pull request",
    ]);
    let after = place.progress();
    assert_eq!(item_ids(&after), ["team-sec:T.1-1b"], "{after}");
    assert!(after.contains("status = \"done\""), "{after}");
    assert!(
        after.contains("note = \"scanner runs in CI on every pull request\""),
        "{after}"
    );
    let show = place.stdout_of(&["show", "team-sec:T.1-1b"]);
    assert!(!show.contains("carried"), "{show}");
}

#[test]
fn an_old_entry_stays_beside_a_new_item_that_has_its_own() {
    let place = Place::repo();
    place.copy_fixture("valid/team-framework.toml", TEAM);
    place.stdout_of(&["set", "team-sec:T.1-1", "done"]);
    place.write(TEAM, &revised_team_framework());
    place.stdout_of(&["set", "team-sec:T.1-1b", "in-progress"]);
    // The carried entry moved with that change; write an old one back by hand, as a merge might.
    let mut progress = place.progress();
    progress.push_str("\n[items.\"team-sec:T.1-1\"]\nstatus = \"done\"\n");
    place.write(".vouch/progress.toml", &progress);
    let status = place.stdout_of(&["status"]);
    assert!(
        status.contains(
            "team-sec:T.1-1  done         replaced by team-sec:T.1-1b, which has its own entry"
        ),
        "{status}"
    );
    let list = place.stdout_of(&["list", "--framework", "team-sec"]);
    assert!(list.starts_with("team-sec:T.1-1b  in-progress"), "{list}");
    place.stdout_of(&["note", "team-sec:T.1-1b", "half done"]);
    assert!(
        place
            .progress()
            .contains("[items.\"team-sec:T.1-1\"]\nstatus = \"done\""),
        "never dropped"
    );
    place
        .vouch(&["validate"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "has 1 entry under replaced ids whose new item has its own entry, so they stay as they are: team-sec:T.1-1 (replaced by team-sec:T.1-1b)",
        ));
}

#[test]
fn validate_refuses_a_replaced_id_that_is_still_an_item() {
    let place = Place::plain();
    let text = read_fixture("valid/team-framework.toml")
        .replace("id = \"T.1-2\"\n", "id = \"T.1-2\"\nreplaces = [\"R-1\"]\n");
    place.write("team.toml", &text);
    place
        .vouch(&["validate", "team.toml"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "team.toml:32:13: item `T.1-2` replaces `R-1`, but `R-1` is still an item of this file (line 39); remove it, or drop it from `replaces`",
        ));
}
