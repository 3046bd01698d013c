//! Evidence from git through the real binary: link, show, verify, reconfirm, unlink, scan and
//! the commit-msg hook, on temporary repositories.

mod common;

use common::Place;
use predicates::prelude::*;

/// A repository with a committed SECURITY.md and README.
fn place() -> Place {
    let place = Place::repo();
    place.write(
        "SECURITY.md",
        "# Security\nReport to security@example.com\nWe reply within 5 days\n",
    );
    place.write("README.md", "demo\n");
    place.commit_all("Add a security policy");
    place
}

#[test]
fn linking_a_commit_a_file_range_and_a_url_writes_one_readable_line_each() {
    let place = place();
    place
        .vouch(&["link", "3.2-C1", "--commit", "HEAD"])
        .assert()
        .success();
    place
        .vouch(&["link", "3.2-C1", "--file", "SECURITY.md:2-3"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "linked file SECURITY.md:2-3 as evidence 2",
        ));
    place
        .vouch(&["link", "3.2-C1", "--url", "https://example.com/vdp"])
        .assert()
        .success();
    let head = place.git(&["rev-parse", "HEAD"]).trim().to_owned();
    let blob = place
        .git(&["rev-parse", "HEAD:SECURITY.md"])
        .trim()
        .to_owned();
    let progress = place.progress();
    assert!(
        progress.contains(&format!("  {{ commit = \"{head}\" }},\n")),
        "{progress}"
    );
    assert!(
        progress.contains(&format!(
            "  {{ file = \"SECURITY.md\", lines = \"2-3\", blob = \"{blob}\", at = \"{head}\" }},\n"
        )),
        "{progress}"
    );
    assert!(
        progress.contains("  { url = \"https://example.com/vdp\" },\n"),
        "{progress}"
    );
    place
        .vouch(&["show", "3.2-C1"])
        .assert()
        .success()
        .stdout(predicate::str::contains("2. file SECURITY.md:2-3  [fresh]"));
}

#[test]
fn an_edited_file_goes_stale_with_what_changed_and_reconfirming_repins_it() {
    let place = place();
    place
        .vouch(&["link", "3.2-C1", "--file", "SECURITY.md:2-2"])
        .assert()
        .success();
    place.vouch(&["verify"]).assert().success();

    place.write(
        "SECURITY.md",
        "# Security\nReport to psirt@example.com\nWe reply within 5 days\n",
    );
    place.commit_all("New contact");
    place
        .vouch(&["verify"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "uk-sscop:3.2-C1  1. file SECURITY.md:2  stale: 2 lines changed in 2 since linking (+1 -1)",
        ));
    place
        .vouch(&["list", "--stale"])
        .assert()
        .success()
        .stdout(predicate::str::contains("uk-sscop:3.2-C1"));
    place
        .vouch(&["show", "3.2-C1"])
        .assert()
        .stdout(predicate::str::contains("stale"))
        .stdout(predicate::str::contains(
            "vouch reconfirm uk-sscop:3.2-C1 N",
        ));

    place
        .vouch(&["reconfirm", "3.2-C1", "1"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "re-confirmed at HEAD by Test User <test@example.com>",
        ));
    place.vouch(&["verify"]).assert().success();
    assert!(
        place
            .progress()
            .contains("confirmed = \"Test User <test@example.com> on ")
    );
}

#[test]
fn a_deleted_file_is_missing_and_unlink_removes_it() {
    let place = place();
    place
        .vouch(&["link", "3.2-C1", "--file", "README.md"])
        .assert()
        .success();
    place.git(&["rm", "--quiet", "README.md"]);
    place.commit_all("Drop the readme");
    place
        .vouch(&["verify"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("missing"));
    place
        .vouch(&["unlink", "3.2-C1", "2"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "has no evidence number 2; it has 1",
        ));
    place.vouch(&["unlink", "3.2-C1", "1"]).assert().success();
    place.vouch(&["verify"]).assert().success();
}

#[test]
fn paths_outside_the_repository_and_uncommitted_files_are_refused() {
    let place = place();
    place
        .vouch(&["link", "3.2-C1", "--file", "../outside.md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("outside the repository"));
    place
        .vouch(&["link", "3.2-C1", "--file", "/etc/passwd"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("outside the repository"));
    place.write("draft.md", "not yet\n");
    place
        .vouch(&["link", "3.2-C1", "--file", "draft.md"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("commit it first")
                .or(predicate::str::contains("add and commit")),
        );
    place
        .vouch(&["link", "3.2-C1", "--commit", "no-such-rev"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no-such-rev"));
    place
        .vouch(&["link", "3.2-C1", "--url", "not a url"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a full web address"));
    assert!(
        !place.path(".vouch/progress.toml").exists(),
        "nothing was written"
    );
}

#[test]
fn scan_links_trailer_commits_once_and_reports_unknown_ids() {
    let place = place();
    place.write("a.txt", "a\n");
    place.git(&["add", "a.txt"]);
    place.git(&[
        "commit",
        "--quiet",
        "-m",
        "Document the SDLC\n\nVouch: uk-sscop:1.1-C1, 1.1-C5\nvouch: nist-ssdf:PO.1.1\nVouch: uk-sscop:9.9-C9",
    ]);
    place
        .vouch(&["scan"])
        .assert()
        .success()
        .stdout(predicate::str::contains("linked 3 commits to 3 items"))
        .stderr(predicate::str::contains("uk-sscop:9.9-C9"));
    let progress = place.progress();
    for id in ["uk-sscop:1.1-C1", "uk-sscop:1.1-C5", "nist-ssdf:PO.1.1"] {
        assert!(
            progress.contains(&format!("[items.\"{id}\"]")),
            "{id}: {progress}"
        );
    }
    assert!(!progress.contains("9.9-C9"));
    let before = place.progress();
    place
        .vouch(&["scan"])
        .assert()
        .success()
        .stdout(predicate::str::contains("scanned 0 commits"));
    assert_eq!(place.progress(), before, "a second scan changes nothing");
}

#[test]
fn the_commit_msg_hook_stops_commits_naming_unknown_items_and_keeps_an_existing_hook() {
    let place = place();
    let hooks = place.path(".git/hooks");
    std::fs::create_dir_all(&hooks).unwrap();
    std::fs::write(
        hooks.join("commit-msg"),
        "#!/bin/sh\necho team-hook-ran >&2\n",
    )
    .unwrap();
    let mut perms = std::fs::metadata(hooks.join("commit-msg"))
        .unwrap()
        .permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    std::fs::set_permissions(hooks.join("commit-msg"), perms).unwrap();
    place
        .vouch(&["hooks", "install"])
        .assert()
        .success()
        .stdout(predicate::str::contains("previous hook moved to"));

    // git runs the hook, and the hook runs vouch: put the built binary on PATH.
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_vouch"))
        .parent()
        .unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let commit = |message: &str| {
        place.write("b.txt", message);
        place.git(&["add", "b.txt"]);
        place
            .command(
                std::path::Path::new("git"),
                &["commit", "--quiet", "-m", message],
            )
            .env("PATH", &path)
            .output()
            .unwrap()
    };
    let refused = commit("Fix\n\nVouch: uk-sscop:9.9-C9");
    assert!(!refused.status.success());
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(said.contains("team-hook-ran"), "{said}");
    assert!(said.contains("unknown item `uk-sscop:9.9-C9`"), "{said}");
    let accepted = commit("Fix\n\nVouch: uk-sscop:3.2-C1");
    assert!(
        accepted.status.success(),
        "{}",
        String::from_utf8_lossy(&accepted.stderr)
    );
}

#[test]
fn outside_git_only_urls_can_be_linked() {
    let place = Place::plain();
    place
        .vouch(&["link", "uk-sscop:3.2-C1", "--file", "x.md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not in a git repository"));
    place
        .vouch(&[
            "link",
            "uk-sscop:3.2-C1",
            "--url",
            "https://example.com/policy",
        ])
        .assert()
        .success();
}

#[test]
fn a_ci_policy_fails_on_one_stale_item_and_passes_after_it_is_reconfirmed() {
    let place = place();
    place.write(
        ".vouch/config.toml",
        "[check]\nfail_on_stale = true\nrequire = [{ item = \"uk-sscop:3.2-C1\", status = \"done\" }]\n",
    );
    place
        .vouch(&["link", "3.2-C1", "--file", "SECURITY.md:2"])
        .assert()
        .success();
    place.vouch(&["set", "3.2-C1", "done"]).assert().success();
    place.vouch(&["check"]).assert().success();

    place.write(
        "SECURITY.md",
        "# Security\nReport to psirt@example.com\nWe reply within 5 days\n",
    );
    place.commit_all("New contact");
    place
        .vouch(&["check"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "uk-sscop:3.2-C1: file SECURITY.md:2: stale",
        ));
    place
        .vouch(&["reconfirm", "3.2-C1", "1"])
        .assert()
        .success();
    place.vouch(&["check"]).assert().success();
}
