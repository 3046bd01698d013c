//! Owners: `vouch assign`, `vouch list --owner`, `vouch status --by-owner`.

mod common;

use common::Place;
use predicates::prelude::*;

#[test]
fn assign_me_records_the_git_identity_and_list_finds_it_by_name() {
    let place = Place::repo();
    place
        .vouch(&["assign", "uk-sscop:3.2-C1", "me"])
        .assert()
        .success();
    place
        .vouch(&["assign", "uk-sscop:3.2-C2", "Grace Hopper"])
        .assert()
        .success();
    let progress = place.progress();
    assert!(progress.contains("owner = \""), "{progress}");

    let mine = place.stdout_of(&["list", "--owner", "me"]);
    assert!(mine.contains("uk-sscop:3.2-C1"), "{mine}");
    assert!(!mine.contains("uk-sscop:3.2-C2"), "{mine}");
    let grace = place.stdout_of(&["list", "--owner", "grace hopper"]);
    assert!(
        grace.contains("uk-sscop:3.2-C2") && !grace.contains("3.2-C1"),
        "{grace}"
    );

    let shown = place.stdout_of(&["show", "uk-sscop:3.2-C2"]);
    assert!(shown.contains("owner      Grace Hopper"), "{shown}");
}

#[test]
fn clearing_the_only_thing_recorded_removes_the_entry() {
    let place = Place::repo();
    place
        .vouch(&["assign", "uk-sscop:3.2-C1", "ops"])
        .assert()
        .success();
    place
        .vouch(&["assign", "uk-sscop:3.2-C1", "none"])
        .assert()
        .success();
    assert!(!place.progress().contains("3.2-C1"), "{}", place.progress());
}

#[test]
fn status_by_owner_counts_each_owners_items_and_nobodys() {
    let place = Place::repo();
    place
        .vouch(&["assign", "uk-sscop:3.2-C1", "ops"])
        .assert()
        .success();
    place
        .vouch(&["set", "uk-sscop:3.2-C1", "done"])
        .assert()
        .success();
    place
        .vouch(&["status", "--by-owner"])
        .assert()
        .success()
        .stdout(predicate::str::is_match(r"\nops\s+1\s+0\s+0\s+0\s+1\s+100%").unwrap())
        .stdout(predicate::str::contains("nobody"));
    let json = place.stdout_of(&["status", "--by-owner", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["owners"][0]["owner"], "ops");
    assert_eq!(value["owners"][0]["coverage"]["done"], 1);
}
