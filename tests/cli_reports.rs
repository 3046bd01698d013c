//! Review meetings, history and reports through the real binary: `history`, `diff`, `export`,
//! `check`, and the review dates that make exceptions expire.

// Helpers here fail the test loudly when their throwaway setup cannot be made.
#![allow(clippy::expect_used)]

mod common;

use common::{Place, WHO};
use predicates::prelude::*;
use serde_json::Value;

/// A repository with vouch set up, committed and tagged `v1`, then three items changed and
/// committed: one done with a note, one set aside as n/a, one started.
fn repo_with_three_changes() -> Place {
    let place = Place::repo();
    place.git(&["remote", "add", "origin", "git@github.com:acme/app.git"]);
    place.vouch(&["init"]).assert().success();
    place.write("SECURITY.md", "Report to security@example.com\n");
    place.commit_all("set up vouch");
    place.git(&["tag", "v1"]);
    place.stdout_of(&[
        "set",
        "uk-sscop:3.2-C1",
        "done",
        "--note",
        "SECURITY.md names the contact",
    ]);
    place.stdout_of(&[
        "set",
        "uk-sscop:1.4-C2",
        "n/a",
        "--reason",
        "no user accounts",
    ]);
    place.stdout_of(&["set", "nist-ssdf:PO.1.1", "in-progress"]);
    place.commit_all("review meeting outcomes");
    place
}

/// Replaces the progress file with `items` (TOML item tables) after the header.
fn write_progress(place: &Place, items: &str) {
    place.write(".vouch/progress.toml", &format!("version = 1\n\n{items}"));
}

#[test]
fn history_diff_and_export_show_the_three_changes() {
    let place = repo_with_three_changes();

    let history = place.stdout_of(&["history", "3.2-C1"]);
    assert!(history.contains("review meeting outcomes"), "{history}");
    assert!(history.contains("status todo -> done"), "{history}");
    assert!(
        history.contains("note: SECURITY.md names the contact"),
        "{history}"
    );
    assert!(history.contains("1 change in 1 commit"), "{history}");

    let all = place.stdout_of(&["history"]);
    for id in ["uk-sscop:3.2-C1", "uk-sscop:1.4-C2", "nist-ssdf:PO.1.1"] {
        assert!(all.contains(id), "{id} missing from\n{all}");
    }
    assert!(all.contains("reason: no user accounts"), "{all}");

    let diff = place.stdout_of(&["diff", "v1"]);
    assert!(
        diff.contains("newly done 1, n/a added 1, other status changes 1"),
        "{diff}"
    );
    assert!(diff.contains("uk-sscop:3.2-C1"), "{diff}");
    let markdown = place.stdout_of(&["diff", "v1", "HEAD", "--format", "markdown"]);
    assert!(
        markdown.starts_with("## Security posture changes (vouch)"),
        "{markdown}"
    );
    assert!(
        markdown.contains("| `uk-sscop:1.4-C2` | ")
            && markdown.contains("| todo | n/a: no user accounts |"),
        "{markdown}"
    );
    assert!(
        markdown.contains("| 1 | 0 | 1 | 1 | 0 | 0 | 1 |"),
        "{markdown}"
    );

    let pack = place.stdout_of(&["export", "--format", "markdown"]);
    assert!(pack.contains("| `3.2-C1` "), "{pack}");
    assert!(pack.contains("SECURITY.md names the contact"), "{pack}");
    assert!(pack.contains("n/a: no user accounts (review by "), "{pack}");
    assert!(
        pack.contains("https://github.com/acme/app/commit/"),
        "{pack}"
    );
}

#[test]
fn history_as_json_and_uncommitted_changes_on_top() {
    let place = repo_with_three_changes();
    place.stdout_of(&["set", "3.2-C1", "in-progress"]);
    let json: Value =
        serde_json::from_str(&place.stdout_of(&["history", "3.2-C1", "--format", "json"])).unwrap();
    assert_eq!(json["schema"], 1);
    assert_eq!(json["item"], "uk-sscop:3.2-C1");
    let changes = json["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 2);
    assert_eq!(changes[0]["commit"], Value::Null, "uncommitted first");
    assert_eq!(changes[0]["fields"][0]["to"], "in-progress");
    assert_eq!(changes[1]["summary"], "review meeting outcomes");
    assert_eq!(changes[1]["author"], WHO);
}

#[test]
fn history_and_diff_need_git_and_a_real_revision() {
    let place = Place::plain();
    place
        .vouch(&["history", "uk-sscop:1.1-C1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not in a git repository"));
    let repo = repo_with_three_changes();
    repo.vouch(&["diff", "v9"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot find commit `v9`"));
}

#[test]
fn setting_na_records_a_review_date_and_refuses_a_past_one() {
    let place = Place::repo();
    place.write(".vouch/config.toml", "[review]\nna_valid_for_months = 6\n");
    let out = place.stdout_of(&["set", "1.4-C2", "n/a", "--reason", "no accounts"]);
    assert!(out.contains("review by "), "{out}");
    let progress = place.progress();
    let review_line = progress
        .lines()
        .find(|l| l.starts_with("review_by = "))
        .expect("a review date is written");
    let reason_at = progress.find("reason = ").unwrap();
    let review_at = progress.find("review_by = ").unwrap();
    assert!(
        reason_at < review_at,
        "review_by follows reason\n{progress}"
    );
    assert!(
        !review_line.contains('"'),
        "written as a TOML date: {review_line}"
    );

    place
        .vouch(&[
            "set",
            "1.4-C2",
            "n/a",
            "--reason",
            "x",
            "--review-by",
            "2001-01-01",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is in the past"));
    place
        .vouch(&["set", "1.4-C2", "done", "--review-by", "2099-01-01"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--review-by goes with n/a only"));
    place
        .vouch(&[
            "set",
            "1.4-C2",
            "n/a",
            "--reason",
            "x",
            "--review-by",
            "2099-02-03",
        ])
        .assert()
        .success();
    assert!(place.progress().contains("review_by = 2099-02-03\n"));
}

#[test]
fn expired_exceptions_show_as_due_and_fail_check() {
    let place = Place::repo();
    write_progress(
        &place,
        "[items.\"uk-sscop:1.4-C2\"]\nstatus = \"n/a\"\nreason = \"no accounts\"\nreview_by = 2020-01-01\n\n\
         [items.\"uk-sscop:1.4-C3\"]\nstatus = \"n/a\"\nreason = \"no passwords\"\nreview_by = 2999-01-01\n",
    );
    let due = place.stdout_of(&["list", "--due"]);
    assert!(
        due.contains("uk-sscop:1.4-C2  2020-01-01  expired"),
        "{due}"
    );
    assert!(!due.contains("1.4-C3"), "{due}");
    let status = place.stdout_of(&["status"]);
    assert!(
        status.contains("n/a due for review: 1 (1 past the review date)"),
        "{status}"
    );
    place
        .vouch(&["check"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "expired n/a: uk-sscop:1.4-C2 was due for review on 2020-01-01",
        ))
        .stderr(predicate::str::contains("check failed: 1 failure"));
    place.write(
        ".vouch/config.toml",
        "[check]\nfail_on_expired_na = false\n",
    );
    place.vouch(&["check"]).assert().success();
}

#[test]
fn check_applies_the_policy_one_line_per_failure() {
    let place = Place::repo();
    place.write(
        ".vouch/config.toml",
        "frameworks = [\"uk-sscop\", \"slsa-build\"]\n\n[check]\nrequire = [\n  { item = \"uk-sscop:3.2-C1\", status = \"done\" },\n  { section = \"uk-sscop:1.4\", status = \"in-progress\" },\n]\nmin_coverage = { \"slsa-build\" = 60 }\n",
    );
    let output = place.vouch(&["check"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1 + 5 + 1, "{stdout}");
    assert_eq!(lines[0], "require: uk-sscop:3.2-C1 is todo, needs done");
    assert!(
        lines[1].starts_with(
            "require section uk-sscop:1.4: uk-sscop:1.4-C1 is todo, needs in-progress"
        ),
        "{stdout}"
    );
    assert_eq!(
        lines[6],
        "min_coverage: slsa-build is 0% done (0 of 3 applicable items), needs 60%"
    );

    place.stdout_of(&["set", "3.2-C1", "done"]);
    for claim in ["1.4-C1", "1.4-C3", "1.4-C4", "1.4-C5"] {
        place.stdout_of(&["set", claim, "in-progress"]);
    }
    place.stdout_of(&["set", "1.4-C2", "n/a", "--reason", "no accounts"]);
    for level in ["slsa-build:L1", "slsa-build:L2"] {
        place.stdout_of(&["set", level, "done"]);
    }
    place
        .vouch(&["check"])
        .assert()
        .success()
        .stdout("check passed: 4 rules hold\n");

    let json: Value =
        serde_json::from_str(&place.stdout_of(&["check", "--format", "json"])).unwrap();
    assert_eq!(json["passed"], true);
    assert_eq!(
        json["rules"].as_array().unwrap().len(),
        4,
        "two requirements, one coverage floor, expired n/a (on by default)"
    );
    let junit = place.stdout_of(&["check", "--format", "junit"]);
    assert!(
        junit.contains("<testsuites name=\"vouch check\" tests=\"4\" failures=\"0\""),
        "{junit}"
    );
}

#[test]
fn check_fails_on_regression_against_a_baseline() {
    let place = repo_with_three_changes();
    place.git(&["tag", "v2"]);
    place
        .vouch(&["check", "--baseline", "v2"])
        .assert()
        .success();
    place.stdout_of(&["set", "3.2-C1", "in-progress"]);
    place
        .vouch(&["check", "--baseline", "v2"])
        .assert()
        .code(1)
        .stdout("regression since v2: uk-sscop:3.2-C1 done -> in-progress\n");
    let junit = place
        .vouch(&["check", "--baseline", "v2", "--format", "junit"])
        .output()
        .unwrap();
    assert_eq!(junit.status.code(), Some(1));
    let text = String::from_utf8(junit.stdout).unwrap();
    assert!(text.contains("failures=\"1\""), "{text}");
    assert!(text.contains("done -&gt; in-progress"), "{text}");
}

#[test]
fn a_policy_naming_unknown_things_is_a_config_mistake() {
    let place = Place::repo();
    place.write(
        ".vouch/config.toml",
        "[check]\nrequire = [{ item = \"uk-sscop:3.2-C9\" }]\n",
    );
    place
        .vouch(&["check"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "error: .vouch/config.toml: `[check]` names item `uk-sscop:3.2-C9`",
        ))
        .stderr(predicate::str::contains("did you mean"));
    place.write(".vouch/config.toml", "[check]\nfail_on_stael = true\n");
    place
        .vouch(&["check"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(".vouch/config.toml:2:1"));
}

#[test]
fn fail_on_stale_needs_a_repository_to_check_evidence_in() {
    let place = Place::plain();
    place.write(".vouch/config.toml", "[check]\nfail_on_stale = true\n");
    place
        .vouch(&["check"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "is not in a git repository, so vouch cannot check evidence for fail_on_stale",
        ));
}

const WITH_EVIDENCE: &str = "\
[items.\"uk-sscop:3.2-C1\"]
status = \"done\"
updated = 2026-11-27T18:02:11Z
by = \"Ada Lovelace <ada@example.com>\"
note = \"=HYPERLINK(\\\"x\\\") <b>bold</b> | pipe\"
evidence = [
  { file = \"SECURITY.md\", lines = \"1-2\", blob = \"b10b\", at = \"9c1e77b0000000000000000000000000000000ff\" },
  { commit = \"9c1e77b0000000000000000000000000000000ff\" },
  { url = \"https://example.com/policy\" },
]
";

#[test]
fn exports_link_evidence_and_escape_what_users_wrote() {
    let place = Place::repo();
    place.git(&[
        "remote",
        "add",
        "origin",
        "https://gitlab.com/acme/sub/app.git",
    ]);
    write_progress(&place, WITH_EVIDENCE);

    let pack = place.stdout_of(&["export", "--format", "markdown"]);
    assert!(
        pack.contains("[SECURITY.md:1-2](https://gitlab.com/acme/sub/app/-/blob/9c1e77b0000000000000000000000000000000ff/SECURITY.md#L1-2)"),
        "{pack}"
    );
    assert!(
        pack.contains(
            "(https://gitlab.com/acme/sub/app/-/commit/9c1e77b0000000000000000000000000000000ff)"
        ),
        "{pack}"
    );
    assert!(pack.contains("&lt;b&gt;bold&lt;/b&gt; \\| pipe"), "{pack}");

    let csv = place.stdout_of(&["export", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(
        header,
        [
            "framework",
            "id",
            "title",
            "status",
            "note",
            "owner",
            "evidence",
            "updated",
            "by",
            "reason",
            "review_by"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(
        rows.len(),
        149,
        "one row per item of every bundled framework"
    );
    let row = rows.iter().find(|r| &r[1] == "uk-sscop:3.2-C1").unwrap();
    assert_eq!(&row[3], "done");
    assert!(
        row[4].starts_with("'=HYPERLINK"),
        "a formula is defused: {:?}",
        &row[4]
    );
    assert_eq!(row[6].lines().count(), 3, "{:?}", &row[6]);

    let json: Value =
        serde_json::from_str(&place.stdout_of(&["export", "--format", "json"])).unwrap();
    assert_eq!(json["schema"], 1);
    assert_eq!(json["repository"]["web"], "https://gitlab.com/acme/sub/app");
    let uk = &json["frameworks"][0];
    assert_eq!(uk["id"], "uk-sscop");
    let item = uk["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "uk-sscop:3.2-C1")
        .unwrap();
    assert_eq!(item["evidence"][0]["kind"], "file");
    assert_eq!(item["evidence"][2]["url"], "https://example.com/policy");

    let junit = place.stdout_of(&["export", "--format", "junit"]);
    assert!(junit.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"vouch\" tests=\"149\" failures=\"148\" errors=\"0\" skipped=\"0\">"), "{junit}");
    assert!(!junit.contains("<b>"), "markup in notes is escaped");
}

#[test]
fn junit_exports_are_well_formed_xml_whatever_the_notes_hold() {
    let place = Place::repo();
    write_progress(
        &place,
        "[items.\"uk-sscop:1.1-C1\"]\nstatus = \"in-progress\"\nnote = \"<![CDATA[ & ]]> \\\"q\\\" 'a' \\u001b[31m \\u0007\"\n\n\
         [items.\"uk-sscop:1.4-C2\"]\nstatus = \"n/a\"\nreason = \"</skipped><evil/>\"\n",
    );
    let text = place.stdout_of(&["export", "--format", "junit"]);
    let document = roxmltree::Document::parse(&text).unwrap_or_else(|err| panic!("{err}\n{text}"));
    let root = document.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    assert_eq!(root.attribute("tests"), Some("149"));
    assert_eq!(root.attribute("skipped"), Some("1"));
    let case = root
        .descendants()
        .find(|n| {
            n.attribute("name")
                .is_some_and(|a| a.starts_with("uk-sscop:1.1-C1 "))
        })
        .unwrap();
    let failure = case.first_element_child().unwrap();
    assert_eq!(failure.tag_name().name(), "failure");
    assert!(
        failure
            .text()
            .unwrap()
            .starts_with("<![CDATA[ & ]]> \"q\" 'a' ␛[31m ␇")
    );
    let skipped = root
        .descendants()
        .find(|n| n.tag_name().name() == "skipped")
        .unwrap();
    assert!(
        skipped
            .attribute("message")
            .unwrap()
            .starts_with("n/a: </skipped><evil/>")
    );

    place.write(
        ".vouch/config.toml",
        "[check]\nrequire = [{ item = \"uk-sscop:1.1-C1\" }]\n",
    );
    let output = place
        .vouch(&["check", "--format", "junit"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8(output.stdout).unwrap();
    let document = roxmltree::Document::parse(&text).unwrap();
    let failures: Vec<_> = document
        .descendants()
        .filter(|n| n.tag_name().name() == "failure")
        .collect();
    assert_eq!(failures.len(), 1, "{text}");
}

#[test]
fn export_writes_a_file_atomically_with_o() {
    let place = Place::repo();
    place
        .vouch(&["export", "--format", "json", "-o", "out/report.json"])
        .assert()
        .success()
        .stdout("")
        .stderr(predicate::str::contains("wrote out/report.json"));
    let json: Value = serde_json::from_str(&place.read("out/report.json")).unwrap();
    assert_eq!(json["schema"], 1);
    let leftovers: Vec<_> = std::fs::read_dir(place.path("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers, ["report.json"]);
}

#[test]
fn the_assurance_export_is_a_signed_self_assessment_of_the_uk_code() {
    let place = repo_with_three_changes();
    let head = place.git(&["rev-parse", "HEAD"]).trim().to_owned();
    let doc = place.stdout_of(&["export", "--format", "assurance"]);
    assert!(doc.contains("self-assessment"), "{doc}");
    assert!(doc.contains("vouch's own numbering"), "{doc}");
    assert!(
        doc.contains("**Summary: 0 of 14 principles met.**"),
        "{doc}"
    );
    assert!(doc.contains("### Principle 3.2 "), "{doc}");
    assert!(
        doc.contains("*Argument:* SECURITY.md names the contact"),
        "{doc}"
    );
    assert!(
        doc.contains("- `1.4-C2` does not apply: no user accounts"),
        "{doc}"
    );
    let table = doc.split("## Principles at a glance").nth(1).unwrap();
    let rows = table
        .lines()
        .filter(|l| {
            l.starts_with("| 1.")
                || l.starts_with("| 2.")
                || l.starts_with("| 3.")
                || l.starts_with("| 4.")
        })
        .count();
    assert_eq!(rows, 14, "{table}");
    assert!(
        doc.contains("| Prepared by | Test User &lt;test@example.com&gt; (git `user.name`"),
        "{doc}"
    );
    assert!(doc.contains(&head), "signed at the HEAD commit: {doc}");
    assert!(!doc.contains("uncommitted"), "{doc}");

    place.write(".vouch/config.toml", "frameworks = [\"nist-ssdf\"]\n");
    place
        .vouch(&["export", "--format", "assurance"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("which is not enabled"));
}

/// NIST's OSCAL assessment-results schema, kept beside the repository in `shared/`.
fn oscal_schema() -> Option<Value> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/reference/oscal/oscal_assessment-results_schema.json");
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(serde_json::from_str(&text).expect("the schema is JSON")),
        Err(err) => {
            eprintln!(
                "\n!!! SKIPPING OSCAL SCHEMA VALIDATION: cannot read {}: {err} !!!\n",
                path.display()
            );
            None
        }
    }
}

fn schema_errors(validator: &jsonschema::Validator, document: &Value) -> Vec<String> {
    validator
        .iter_errors(document)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn the_oscal_export_validates_against_nists_schema_and_a_broken_one_does_not() {
    let Some(schema) = oscal_schema() else {
        return;
    };
    let validator = jsonschema::draft7::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();

    let place = repo_with_three_changes();
    place.git(&[
        "remote",
        "set-url",
        "origin",
        "https://github.com/acme/app.git",
    ]);
    let mut items = WITH_EVIDENCE.to_owned();
    items.push_str(
        "\n[items.\"uk-sscop:1.4-C2\"]\nstatus = \"n/a\"\nreason = \"no accounts\"\nreview_by = 2027-01-01\n\n[items.\"nist-ssdf:PO.1.1\"]\nstatus = \"in-progress\"\nnote = '''\ntwo\nlines'''\n",
    );
    write_progress(&place, &items);
    let text = place.stdout_of(&["export", "--format", "oscal"]);
    let document: Value = serde_json::from_str(&text).unwrap();
    let errors = schema_errors(&validator, &document);
    assert!(errors.is_empty(), "{errors:#?}");

    let results = document["assessment-results"]["results"]
        .as_array()
        .unwrap();
    assert_eq!(results.len(), 6, "one result per framework");
    let findings = results[0]["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 45, "one finding per UK claim");
    let done = findings
        .iter()
        .find(|f| f["target"]["target-id"] == "uk-sscop_3.2-C1")
        .unwrap();
    assert_eq!(done["target"]["status"]["state"], "satisfied");
    assert_eq!(done["related-observations"].as_array().unwrap().len(), 3);
    assert_eq!(
        text,
        place.stdout_of(&["export", "--format", "oscal"]),
        "the same progress gives the same document"
    );

    let mut broken = document.clone();
    broken["assessment-results"]["uuid"] = Value::String("not-a-uuid".into());
    broken["assessment-results"]["metadata"]
        .as_object_mut()
        .unwrap()
        .remove("last-modified");
    assert!(
        !schema_errors(&validator, &broken).is_empty(),
        "a broken document must fail validation"
    );
    let mut bad_time = document;
    bad_time["assessment-results"]["metadata"]["last-modified"] =
        Value::String("2026-11-27 18:02".into());
    assert!(!schema_errors(&validator, &bad_time).is_empty());
}
