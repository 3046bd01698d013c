//! `vouch crosswalk`, `vouch adopt` and `vouch status --via`: coverage that one framework gives
//! another through mappings, always labelled derived, and adoption as the explicit step.

// Test helpers fail the test loudly, as `unwrap` in a test does.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Place;
use predicates::prelude::*;
use serde_json::Value;

fn line_with<'a>(text: &'a str, start: &str) -> &'a str {
    text.lines()
        .find(|l| l.starts_with(start))
        .unwrap_or_else(|| panic!("no line starting {start:?} in:\n{text}"))
}

fn json_of(place: &Place, args: &[&str]) -> Value {
    serde_json::from_str(&place.stdout_of(args)).unwrap()
}

#[test]
fn show_lists_the_ssdf_cra_and_cisa_items_a_ticked_claim_bears_on() {
    let place = Place::repo();
    place.stdout_of(&["set", "uk-sscop:3.2-C1", "done"]);
    let show = place.stdout_of(&["show", "uk-sscop:3.2-C1"]);
    assert!(show.contains("  status     done\n"), "{show}");
    let mapped = &show[show.find("mapped items (derived, not counted)").unwrap()..];
    for id in [
        "nist-ssdf:RV.1.3",
        "eu-cra:CRA-II-5",
        "eu-cra:CRA-II-6",
        "cisa-sbd:G5",
    ] {
        assert!(mapped.contains(id), "{id} missing from:\n{mapped}");
    }
}

#[test]
fn crosswalk_says_what_the_other_framework_covers_and_never_counts_it_as_done() {
    let place = Place::repo();
    place.stdout_of(&["set", "nist-ssdf:RV.1.3", "done"]);
    let out = place.stdout_of(&["crosswalk", "uk-sscop", "nist-ssdf"]);
    assert!(
        line_with(&out, "uk-sscop:3.2-C1").contains(" todo "),
        "the claim's own status is unchanged:\n{out}"
    );
    assert!(
        out.contains(
            "    => covered via nist-ssdf:RV.1.3, strong, done (derived, not counted as done; \
             `vouch adopt uk-sscop:3.2-C1 --from nist-ssdf:RV.1.3` makes it its own)"
        ),
        "{out}"
    );
    assert!(
        out.contains("uk-sscop:4.3-C1  todo ") && out.contains("    no nist-ssdf item is mapped"),
        "{out}"
    );
    let summary = out.lines().last().unwrap();
    assert!(
        summary.starts_with("45 items: 0 done and 0 n/a on their own"),
        "{summary}"
    );
    assert!(
        summary.contains("covered via nist-ssdf, derived (2 strong, 1 partial, 0 weak)"),
        "{summary}"
    );
    assert!(
        summary.ends_with("2 with no nist-ssdf item mapped"),
        "{summary}"
    );

    // Derived coverage shows nowhere as done.
    let status = json_of(&place, &["status", "--format", "json"]);
    assert_eq!(status["frameworks"][0]["id"], "uk-sscop");
    assert_eq!(status["frameworks"][0]["coverage"]["done"], 0);
    assert!(status["frameworks"][0].get("derived").is_none(), "{status}");
}

#[test]
fn crosswalk_json_has_every_item_its_mapped_items_and_the_derived_cover() {
    let place = Place::repo();
    place.stdout_of(&["set", "nist-ssdf:RV.1.3", "done"]);
    let json = json_of(
        &place,
        &["crosswalk", "nist-ssdf", "uk-sscop", "--format", "json"],
    );
    assert_eq!(json["schema"], 1);
    assert_eq!(
        (json["from"].as_str(), json["to"].as_str()),
        (Some("nist-ssdf"), Some("uk-sscop"))
    );
    let items = json["items"].as_array().unwrap();
    assert_eq!(items.len(), 42);
    let rv13 = items
        .iter()
        .find(|i| i["id"] == "nist-ssdf:RV.1.3")
        .unwrap();
    assert_eq!(rv13["status"], "done");
    let mapped: Vec<&str> = rv13["mapped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert!(
        mapped.contains(&"uk-sscop:3.2-C1"),
        "followed backwards: {mapped:?}"
    );
    assert!(rv13["derived"].is_null());
    let first = &rv13["mapped"][0];
    assert_eq!(first["strength"], "strong");
    assert_eq!(first["provenance"], "proposed by vouch maintainers");
    assert!(first["title"].as_str().is_some_and(|t| !t.is_empty()));
    assert_eq!(json["summary"]["items"], 42);
    assert_eq!(json["summary"]["done"], 1);
    assert_eq!(json["summary"]["derived"]["total"], 0);
}

#[test]
fn crosswalk_refuses_frameworks_with_no_mapping_and_names_the_ones_there_are() {
    let place = Place::repo();
    place
        .vouch(&["crosswalk", "uk-sscop", "slsa-build"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "error: no mapping between `uk-sscop` and `slsa-build` is loaded; `uk-sscop` is mapped with: cisa-sbd, eu-cra, nist-ssdf, owasp-samm",
        ));
    place
        .vouch(&["crosswalk", "uk-sscop", "uk-sscop"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("two different frameworks"));
    place
        .vouch(&["crosswalk", "uk-sscop", "nist-sdf"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean nist-ssdf"));
}

#[test]
fn adopt_takes_over_a_mapped_done_status_and_records_where_it_came_from() {
    let place = Place::repo();
    place.stdout_of(&["set", "nist-ssdf:RV.1.3", "done"]);
    let out = place.stdout_of(&["adopt", "3.2-C1", "--from", "RV.1.3"]);
    assert!(
        out.starts_with("uk-sscop:3.2-C1: done (was todo)\n  adopted from nist-ssdf:RV.1.3\n"),
        "{out}"
    );
    let progress = place.progress();
    let entry = &progress[progress.find("[items.\"uk-sscop:3.2-C1\"]").unwrap()..];
    assert!(entry.contains("status = \"done\"\n"), "{progress}");
    assert!(
        entry.contains("adopted_from = \"nist-ssdf:RV.1.3\"\n"),
        "{progress}"
    );
    let show = place.stdout_of(&["show", "uk-sscop:3.2-C1"]);
    assert!(
        show.contains("  adopted    from nist-ssdf:RV.1.3\n"),
        "{show}"
    );

    // Adopted is the item's own status now: counted as done, and the crosswalk says whence.
    let crosswalk = place.stdout_of(&["crosswalk", "uk-sscop", "nist-ssdf"]);
    assert!(
        crosswalk.contains("    => done (adopted from nist-ssdf:RV.1.3)"),
        "{crosswalk}"
    );
    let again = place.stdout_of(&["adopt", "uk-sscop:3.2-C1", "--from", "nist-ssdf:RV.1.3"]);
    assert!(again.starts_with("nothing changed"), "{again}");

    // When the source changes, show asks for a second look.
    place.stdout_of(&["set", "nist-ssdf:RV.1.3", "in-progress"]);
    let show = place.stdout_of(&["show", "uk-sscop:3.2-C1"]);
    assert!(
        show.contains("  adopted    from nist-ssdf:RV.1.3 (which is in-progress now; check that the status still holds)"),
        "{show}"
    );
    // Changing the status by hand makes it the item's own.
    let out = place.stdout_of(&["set", "uk-sscop:3.2-C1", "in-progress"]);
    assert!(
        out.contains("no longer marked as adopted from nist-ssdf:RV.1.3"),
        "{out}"
    );
    assert!(!place.progress().contains("adopted_from"));
}

#[test]
fn adopting_n_a_carries_the_reason() {
    let place = Place::repo();
    place.stdout_of(&["set", "cisa-sbd:G1", "n/a", "--reason", "no user accounts"]);
    place.stdout_of(&["adopt", "uk-sscop:1.4-C2", "--from", "cisa-sbd:G1"]);
    let show = place.stdout_of(&["show", "uk-sscop:1.4-C2"]);
    assert!(show.contains("  status     n/a\n"), "{show}");
    assert!(show.contains("  reason     no user accounts\n"), "{show}");
    assert!(show.contains("  adopted    from cisa-sbd:G1\n"), "{show}");
}

#[test]
fn adopt_is_refused_without_a_mapping_or_from_an_undecided_item_and_nothing_is_written() {
    let place = Place::repo();
    place.stdout_of(&["set", "nist-ssdf:PW.8.2", "done"]);
    place.stdout_of(&["set", "nist-ssdf:RV.1.3", "in-progress"]);
    let before = place.progress();
    place
        .vouch(&["adopt", "uk-sscop:3.2-C1", "--from", "nist-ssdf:PW.8.2"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "error: uk-sscop:3.2-C1 and nist-ssdf:PW.8.2 are not mapped to each other, so uk-sscop:3.2-C1 cannot adopt its status; \
             uk-sscop:3.2-C1 is mapped to: cisa-sbd:G5 (strong), eu-cra:CRA-II-5 (strong), nist-ssdf:RV.1.3 (strong)",
        ));
    place
        .vouch(&["adopt", "uk-sscop:3.2-C1", "--from", "nist-ssdf:RV.1.3"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "error: nist-ssdf:RV.1.3 is in-progress; only a done or n/a item can be adopted from",
        ));
    place
        .vouch(&["adopt", "uk-sscop:3.2-C1", "--from", "uk-sscop:3.2-C1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot adopt its own status"));
    place
        .vouch(&["adopt", "uk-sscop:3.2-C1", "--from", "nist-ssdf:RV.9.9"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown item `nist-ssdf:RV.9.9`"));
    assert_eq!(place.progress(), before);
}

#[test]
fn status_via_splits_own_done_from_derived_coverage_by_strength() {
    let place = Place::repo();
    // RV.1.3 done covers 3.2-C1 and 3.2-C2 (strong) and 3.4-C1 (partial); PO.1.2 done covers
    // 1.1-C1 and 1.1-C5 (strong), 4.1-C1 (partial), 4.1-C2 and 4.2-C1 (weak).
    place.stdout_of(&["set", "nist-ssdf:RV.1.3", "done"]);
    place.stdout_of(&["set", "nist-ssdf:PO.1.2", "done"]);
    place.stdout_of(&["set", "uk-sscop:3.2-C1", "done"]);
    place.stdout_of(&[
        "set",
        "uk-sscop:4.3-C1",
        "n/a",
        "--reason",
        "no incidents service",
    ]);
    let out = place.stdout_of(&["status", "--via", "nist-ssdf"]);
    assert!(
        out.starts_with(
            "uk-sscop  Software Security Code of Practice, with coverage derived via nist-ssdf\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("own, counted") && out.contains("derived via nist-ssdf, not counted"),
        "{out}"
    );
    let numbers = |line: &str| -> Vec<String> {
        let after_bar = &line[line.find(']').unwrap() + 1..];
        after_bar.split_whitespace().map(str::to_owned).collect()
    };
    // own%, done, n/a, strong, partial, weak, not covered
    let all = line_with(&out, "  all 45 items");
    assert_eq!(numbers(all), ["2%", "1", "1", "3", "2", "2", "36"], "{all}");
    let vdp = line_with(&out, "    3.2 ");
    assert_eq!(numbers(vdp), ["50%", "1", "0", "1", "0", "0", "0"], "{vdp}");
    assert!(vdp.contains("[##########++++++++++]"), "{vdp}");
    assert!(
        out.contains("not mapped with nist-ssdf, so not shown: eu-cra, cisa-sbd, owasp-samm"),
        "{out}"
    );
    assert!(line_with(&out, "slsa-build  ").contains("derived via nist-ssdf"));

    let json = json_of(
        &place,
        &["status", "--via", "nist-ssdf", "--format", "json"],
    );
    assert_eq!(json["via"], "nist-ssdf");
    let uk = &json["frameworks"][0];
    assert_eq!(uk["coverage"]["done"], 1, "derived never enters coverage");
    let derived = &uk["derived"];
    assert_eq!(
        (
            &derived["strong"],
            &derived["partial"],
            &derived["weak"],
            &derived["total"],
            &derived["not_covered"]
        ),
        (
            &Value::from(3),
            &Value::from(2),
            &Value::from(2),
            &Value::from(7),
            &Value::from(36)
        )
    );
    let ssdf = json["frameworks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "nist-ssdf")
        .unwrap();
    assert!(
        ssdf.get("derived").is_none(),
        "the via framework has no derived block"
    );
    let cra = json["frameworks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "eu-cra")
        .unwrap();
    assert!(cra.get("derived").is_none(), "no mapping, no derived block");

    place
        .vouch(&["status", "--via", "nist-sdf"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown framework `nist-sdf`; did you mean nist-ssdf",
        ));
}
