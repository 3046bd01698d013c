//! Every detector of `vouch suggest`, on real throwaway git repositories: one where it fires,
//! with the items, lines and words it must report, and one where it must stay quiet (or say
//! less). The library's `suggest::scan` is called directly, as the TUI will call it.

// The helpers outside the tests fail the test loudly when their setup fails, as `unwrap` in
// the tests themselves does.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;

use common::Place;
use vouch::model::Catalog;
use vouch::model::progress::Evidence;
use vouch::store::load::{Sources, load_catalog};
use vouch::suggest::{self, Confidence, Proposal};

use Confidence::{High, Low, Medium};

/// Every bundled framework, so proposals for all of them show.
fn catalog() -> Catalog {
    load_catalog(&Sources::default(), None, Path::new(".")).catalog
}

/// A repository holding `files`, committed.
fn repo_with(files: &[(&str, &str)]) -> Place {
    let place = Place::repo();
    place.write("README.md", "# A project\n");
    for (path, text) in files {
        place.write(path, text);
    }
    place.commit_all("Add files");
    place
}

/// The proposals of one detector.
fn proposed(place: &Place, detector: &str) -> Vec<Proposal> {
    suggest::scan(&place.root, &catalog())
        .unwrap()
        .into_iter()
        .filter(|p| p.detector == detector)
        .collect()
}

/// (item, confidence) of each proposal, sorted.
fn items(proposals: &[Proposal]) -> Vec<(String, Confidence)> {
    let mut out: Vec<(String, Confidence)> = proposals
        .iter()
        .map(|p| (p.item.clone(), p.confidence))
        .collect();
    out.sort();
    out
}

fn item(proposals: &[Proposal], id: &str) -> Option<Confidence> {
    proposals
        .iter()
        .find(|p| p.item == id)
        .map(|p| p.confidence)
}

/// `path:lines` of the evidence, as `vouch show` prints it.
fn place_of(proposal: &Proposal) -> String {
    match &proposal.evidence {
        Evidence::File { path, lines, .. } => format!("{path}:{}", lines.as_deref().unwrap_or("")),
        other => other.to_string(),
    }
}

fn workflow(on: &str, steps: &str) -> String {
    format!("name: CI\non: {on}\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n{steps}")
}

// --- security-policy -------------------------------------------------------------------------

const POLICY: &str = "\
# Security policy

Please report vulnerabilities privately to:
security@example.com

We answer within three working days.
";

#[test]
fn security_policy_with_an_email_is_proposed_for_disclosure_items_with_the_contact_lines() {
    let place = repo_with(&[("SECURITY.md", POLICY)]);
    let found = proposed(&place, "security-policy");
    assert_eq!(
        items(&found),
        vec![
            ("cisa-sbd:G5".into(), High),
            ("eu-cra:CRA-II-5".into(), High),
            ("eu-cra:CRA-II-6".into(), High),
            ("nist-ssdf:RV.1.1".into(), Medium),
            ("nist-ssdf:RV.1.3".into(), High),
            ("uk-sscop:3.2-C1".into(), High),
            ("uk-sscop:3.2-C2".into(), High),
        ]
    );
    assert_eq!(place_of(&found[0]), "SECURITY.md:3-4");
    assert_eq!(
        found[0].finding,
        "SECURITY.md names security@example.com as a reporting contact (lines 3-4)"
    );
    let Evidence::File { blob, at, .. } = &found[0].evidence else {
        panic!("a file");
    };
    assert_eq!(
        blob.as_deref(),
        Some(place.git(&["rev-parse", "HEAD:SECURITY.md"]).trim())
    );
    assert_eq!(
        at.as_deref(),
        Some(place.git(&["rev-parse", "HEAD"]).trim())
    );
}

#[test]
fn security_policy_in_github_folder_with_a_private_reporting_link_counts_too() {
    let place = repo_with(&[(
        ".github/SECURITY.md",
        "# Security\n\nReport at https://github.com/acme/app/security/advisories/new\n",
    )]);
    let found = proposed(&place, "security-policy");
    assert_eq!(item(&found, "uk-sscop:3.2-C2"), Some(High));
    assert_eq!(place_of(&found[0]), ".github/SECURITY.md:3");
}

#[test]
fn security_policy_without_a_contact_is_only_a_low_confidence_policy_and_never_a_private_route() {
    let place = repo_with(&[(
        "SECURITY.md",
        "# Security\n\nWe take security seriously.\nReport bugs at https://github.com/acme/app/issues\n",
    )]);
    let found = proposed(&place, "security-policy");
    assert_eq!(item(&found, "uk-sscop:3.2-C2"), None);
    assert_eq!(item(&found, "eu-cra:CRA-II-6"), None);
    assert_eq!(item(&found, "uk-sscop:3.2-C1"), Some(Low));
    assert!(
        found[0]
            .finding
            .contains("names no email address or private reporting link"),
        "{}",
        found[0].finding
    );
    assert!(found[0].finding.contains("public issue tracker"));
}

#[test]
fn security_policy_elsewhere_or_not_committed_is_not_proposed() {
    let place = repo_with(&[("src/vendor-notes/SECURITY.md", POLICY)]);
    place.write("SECURITY.md", POLICY);
    place.git(&["add", "SECURITY.md"]); // staged, not committed: nothing to pin to
    assert!(proposed(&place, "security-policy").is_empty());
}

// --- security-txt ----------------------------------------------------------------------------

#[test]
fn security_txt_with_a_contact_is_proposed_and_an_expired_one_is_weaker() {
    let place = repo_with(&[(
        "public/.well-known/security.txt",
        "Contact: mailto:security@example.com\nExpires: 2099-01-01T00:00:00Z\n",
    )]);
    let found = proposed(&place, "security-txt");
    assert_eq!(item(&found, "uk-sscop:3.2-C2"), Some(High));
    assert_eq!(place_of(&found[0]), "public/.well-known/security.txt:1");

    let expired = repo_with(&[(
        ".well-known/security.txt",
        "Contact: https://example.com/report\nExpires: 2020-01-01T00:00:00Z\n",
    )]);
    let weaker = proposed(&expired, "security-txt");
    assert_eq!(item(&weaker, "uk-sscop:3.2-C2"), Some(Medium));
    assert!(
        weaker[0].finding.contains("has passed"),
        "{}",
        weaker[0].finding
    );
}

#[test]
fn security_txt_without_a_contact_is_not_proposed() {
    let place = repo_with(&[(
        ".well-known/security.txt",
        "Expires: 2099-01-01T00:00:00Z\n",
    )]);
    assert!(proposed(&place, "security-txt").is_empty());
}

// --- codeowners ------------------------------------------------------------------------------

#[test]
fn codeowners_covering_ci_files_is_proposed_for_build_change_control() {
    let place = repo_with(&[(
        ".github/CODEOWNERS",
        "# owners\n\n*       @acme/maintainers\n/.github/ @acme/release\n",
    )]);
    let found = proposed(&place, "codeowners");
    assert_eq!(
        items(&found),
        vec![
            ("nist-ssdf:PO.2.1".into(), Medium),
            ("nist-ssdf:PW.7.1".into(), Medium),
            ("uk-sscop:2.2-C2".into(), Medium),
        ]
    );
    assert_eq!(place_of(&found[0]), ".github/CODEOWNERS:3-4");
    assert!(found[0].finding.contains("2 ownership rules"));
}

#[test]
fn codeowners_with_no_rules_is_not_proposed_and_one_missing_ci_files_is_low() {
    let empty = repo_with(&[("CODEOWNERS", "# nobody yet\n\n")]);
    assert!(proposed(&empty, "codeowners").is_empty());

    let partial = repo_with(&[("CODEOWNERS", "/src/ @acme/devs\n")]);
    let found = proposed(&partial, "codeowners");
    assert_eq!(item(&found, "uk-sscop:2.2-C2"), Some(Low));
    assert!(found[0].finding.contains("no rule covers the CI files"));
}

// --- threat-model ----------------------------------------------------------------------------

#[test]
fn threat_model_document_that_discusses_threats_is_proposed_with_high_confidence() {
    let place = repo_with(&[(
        "docs/threat-model.md",
        "# Threat model\n\n## Trust boundaries\n\nThe API.\n\n## Threats (STRIDE)\n\nSpoofing; mitigation: signed tokens.\n",
    )]);
    let found = proposed(&place, "threat-model");
    assert_eq!(item(&found, "uk-sscop:1.4-C1"), Some(High));
    assert_eq!(item(&found, "nist-ssdf:PW.1.1"), Some(High));
    assert_eq!(place_of(&found[0]), "docs/threat-model.md:1-9");
}

#[test]
fn threat_model_heading_in_a_readme_points_at_its_section() {
    let place = repo_with(&[(
        "docs/DESIGN.md",
        "# Design\n\nText.\n\n## Threat Model\n\nAttackers on the network.\n\n## Storage\n\nFiles.\n",
    )]);
    let found = proposed(&place, "threat-model");
    assert_eq!(item(&found, "uk-sscop:1.4-C1"), Some(Medium));
    assert_eq!(place_of(&found[0]), "docs/DESIGN.md:5-7");
}

#[test]
fn threat_model_is_not_proposed_from_an_empty_file_or_unrelated_docs() {
    let place = repo_with(&[
        ("THREAT_MODEL.md", ""),
        (
            "docs/usage.md",
            "# Usage\n\nRun it. Threats are not discussed here.\n",
        ),
    ]);
    assert!(proposed(&place, "threat-model").is_empty());
}

// --- dependabot ------------------------------------------------------------------------------

const DEPENDABOT: &str = "\
version: 2
updates:
  - package-ecosystem: cargo
    directory: /
    schedule:
      interval: weekly
  - package-ecosystem: github-actions
    directory: /
    schedule:
      interval: monthly
";

#[test]
fn dependabot_updates_are_proposed_and_actions_updates_bear_on_tooling() {
    let place = repo_with(&[(".github/dependabot.yml", DEPENDABOT)]);
    let found = proposed(&place, "dependabot");
    assert_eq!(item(&found, "uk-sscop:1.2-C5"), Some(High));
    assert_eq!(item(&found, "nist-ssdf:PO.3.2"), Some(Medium));
    assert_eq!(place_of(&found[0]), ".github/dependabot.yml:3-10");
    assert_eq!(
        found[0].finding,
        ".github/dependabot.yml asks Dependabot for updates of cargo and github-actions on a monthly and weekly schedule (lines 3-10)"
    );
}

#[test]
fn dependabot_file_with_no_updates_is_not_proposed() {
    let place = repo_with(&[(".github/dependabot.yml", "version: 2\nupdates: []\n")]);
    assert!(proposed(&place, "dependabot").is_empty());
}

// --- renovate --------------------------------------------------------------------------------

#[test]
fn renovate_config_is_proposed_and_a_disabled_one_is_not() {
    let place = repo_with(&[(
        "renovate.json",
        "{\n  \"extends\": [\"config:recommended\"],\n  \"schedule\": [\"before 6am on monday\"]\n}\n",
    )]);
    let found = proposed(&place, "renovate");
    assert_eq!(item(&found, "uk-sscop:1.2-C5"), Some(High));
    assert_eq!(place_of(&found[0]), "renovate.json:2-3");

    let off = repo_with(&[(
        ".github/renovate.json",
        "{\n  \"enabled\": false,\n  \"extends\": [\"config:recommended\"]\n}\n",
    )]);
    assert!(proposed(&off, "renovate").is_empty());
}

// --- lock-files ------------------------------------------------------------------------------

const CARGO_LOCK: &str = "\
# This file is automatically @generated by Cargo.
version = 4

[[package]]
name = \"anyhow\"
version = \"1.0.0\"
source = \"registry+https://github.com/rust-lang/crates.io-index\"
checksum = \"aaaa\"

[[package]]
name = \"demo\"
version = \"0.1.0\"

[[package]]
name = \"serde\"
version = \"1.0.0\"
source = \"registry+https://github.com/rust-lang/crates.io-index\"
checksum = \"bbbb\"
";

#[test]
fn lock_files_with_checksums_bear_on_inventory_and_integrity() {
    let place = repo_with(&[("Cargo.lock", CARGO_LOCK)]);
    let found = proposed(&place, "lock-files");
    assert_eq!(
        items(&found),
        vec![
            ("nist-ssdf:PW.4.1".into(), Medium),
            ("nist-ssdf:PW.4.4".into(), Medium),
            ("owasp-samm:I-SB-B".into(), Low),
            ("uk-sscop:1.2-C1".into(), Medium),
            ("uk-sscop:1.2-C2".into(), Medium),
        ]
    );
    assert_eq!(place_of(&found[0]), "Cargo.lock:8-18");
    assert_eq!(
        found[0].finding,
        "Cargo.lock locks Cargo dependency versions with 2 checksums (lines 8-18)"
    );
}

#[test]
fn lock_files_of_vendored_code_do_not_count_and_no_checksums_means_no_integrity_claim() {
    let vendored = repo_with(&[("vendor/lib/package-lock.json", "{\"integrity\": \"x\"}\n")]);
    assert!(proposed(&vendored, "lock-files").is_empty());

    let place = repo_with(&[(
        "web/yarn.lock",
        "# yarn lockfile v1\n\nleft-pad@^1.0.0:\n  version \"1.3.0\"\n",
    )]);
    let found = proposed(&place, "lock-files");
    assert_eq!(item(&found, "uk-sscop:1.2-C1"), Some(Medium));
    assert_eq!(item(&found, "uk-sscop:1.2-C2"), None);
    assert!(found[0].finding.contains("records no checksums"));
}

// --- dependency-policy -----------------------------------------------------------------------

#[test]
fn cargo_deny_config_and_cargo_vet_audits_are_proposed() {
    let place = repo_with(&[
        (
            "deny.toml",
            "[graph]\nall-features = true\n\n[advisories]\nyanked = \"deny\"\n\n[licenses]\nallow = [\"MIT\"]\n",
        ),
        (
            "supply-chain/audits.toml",
            "\n[[audits.anyhow]]\nwho = \"Ada\"\ncriteria = \"safe-to-deploy\"\nversion = \"1.0.0\"\n",
        ),
    ]);
    let found = proposed(&place, "dependency-policy");
    let deny: Vec<&Proposal> = found
        .iter()
        .filter(|p| place_of(p).starts_with("deny.toml"))
        .collect();
    assert_eq!(place_of(deny[0]), "deny.toml:4-8");
    assert_eq!(deny[0].confidence, Medium);
    let vet = found
        .iter()
        .find(|p| place_of(p).starts_with("supply-chain") && p.item == "uk-sscop:1.2-C3")
        .unwrap();
    assert_eq!(vet.confidence, High);
    assert_eq!(place_of(vet), "supply-chain/audits.toml:2-5");
}

#[test]
fn deny_toml_without_rules_is_not_proposed() {
    let place = repo_with(&[("deny.toml", "[graph]\nall-features = true\n")]);
    assert!(proposed(&place, "dependency-policy").is_empty());
}

// --- toolchain-pin ---------------------------------------------------------------------------

#[test]
fn pinned_toolchains_are_proposed_and_moving_channels_are_not() {
    let place = repo_with(&[
        ("rust-toolchain.toml", "[toolchain]\nchannel = \"1.88.0\"\n"),
        (".nvmrc", "lts/*\n"),
    ]);
    let found = proposed(&place, "toolchain-pin");
    assert_eq!(
        found.iter().filter(|p| p.item == "uk-sscop:1.1-C3").count(),
        1
    );
    assert_eq!(place_of(&found[0]), "rust-toolchain.toml:2");

    let moving = repo_with(&[("rust-toolchain.toml", "[toolchain]\nchannel = \"stable\"\n")]);
    assert!(proposed(&moving, "toolchain-pin").is_empty());
}

// --- ci-tests --------------------------------------------------------------------------------

#[test]
fn ci_tests_point_at_the_step_and_say_when_it_runs() {
    let steps = "      - uses: actions/checkout@v4\n      - name: Tests\n        run: cargo test --locked\n";
    let place = repo_with(&[(
        ".github/workflows/ci.yml",
        &workflow("[push, pull_request]", steps),
    )]);
    let found = proposed(&place, "ci-tests");
    assert_eq!(
        items(&found),
        vec![
            ("owasp-samm:V-RT-A".into(), Low),
            ("uk-sscop:1.2-C4".into(), Medium),
            ("uk-sscop:1.3-C2".into(), High),
        ]
    );
    assert_eq!(place_of(&found[0]), ".github/workflows/ci.yml:8-9");
    assert_eq!(
        found[0].finding,
        ".github/workflows/ci.yml runs cargo test on pull_request and push (lines 8-9)"
    );
}

#[test]
fn ci_tests_named_or_commented_but_not_run_are_not_proposed() {
    let steps =
        "      - name: cargo test\n        # run: cargo test\n        run: echo cargo build\n";
    let place = repo_with(&[(".github/workflows/ci.yml", &workflow("push", steps))]);
    assert!(proposed(&place, "ci-tests").is_empty());
}

#[test]
fn ci_tests_in_gitlab_and_in_a_script_ci_runs_are_found() {
    let place = repo_with(&[
        (
            ".gitlab-ci.yml",
            "test:\n  script:\n    - pip install .\n    - pytest -q\n",
        ),
        (
            ".github/workflows/ci.yml",
            &workflow("push", "      - run: ./ci/check.sh\n"),
        ),
        (
            "ci/check.sh",
            "#!/bin/sh\nset -e\n# the tests\ngo test ./...\n",
        ),
    ]);
    let found = proposed(&place, "ci-tests");
    let places: Vec<String> = found
        .iter()
        .filter(|p| p.item == "uk-sscop:1.3-C2")
        .map(place_of)
        .collect();
    assert_eq!(places, vec![".gitlab-ci.yml:4", "ci/check.sh:4"]);
    let script = found
        .iter()
        .find(|p| place_of(p) == "ci/check.sh:4")
        .unwrap();
    assert!(
        script
            .finding
            .contains("the script is run by .github/workflows/ci.yml (line 7)"),
        "{}",
        script.finding
    );
}

// --- ci-linters ------------------------------------------------------------------------------

#[test]
fn ci_linters_are_proposed_for_secure_coding_and_review() {
    let steps = "      - run: cargo +stable clippy --all-targets -- -D warnings\n      - uses: golangci/golangci-lint-action@v6\n";
    let place = repo_with(&[(
        ".github/workflows/lint.yml",
        &workflow("pull_request", steps),
    )]);
    let found = proposed(&place, "ci-linters");
    assert_eq!(item(&found, "nist-ssdf:PW.5.1"), Some(Medium));
    assert_eq!(place_of(&found[0]), ".github/workflows/lint.yml:7");
    assert!(
        found[0]
            .finding
            .contains("cargo clippy and golangci/golangci-lint-action")
    );
    assert!(found[0].finding.contains("also at line 8"));
}

#[test]
fn ci_linters_mentioned_in_an_echo_are_not_proposed() {
    let steps = "      - run: echo \"remember to run clippy\"\n";
    let place = repo_with(&[(".github/workflows/ci.yml", &workflow("push", steps))]);
    assert!(proposed(&place, "ci-linters").is_empty());
}

// --- ci-static-analysis ----------------------------------------------------------------------

#[test]
fn codeql_on_a_schedule_also_bears_on_ongoing_discovery() {
    let steps = "      - uses: github/codeql-action/init@v3\n        with:\n          languages: rust\n      - uses: github/codeql-action/analyze@v3\n";
    let place = repo_with(&[(
        ".github/workflows/codeql.yml",
        &workflow("\n  push:\n  schedule:\n    - cron: '0 3 * * 1'", steps),
    )]);
    let found = proposed(&place, "ci-static-analysis");
    assert_eq!(item(&found, "nist-ssdf:PW.7.2"), Some(High));
    assert_eq!(item(&found, "nist-ssdf:RV.1.2"), Some(Medium));
    assert_eq!(place_of(&found[0]), ".github/workflows/codeql.yml:10-12");
}

#[test]
fn gitlab_sast_template_counts_and_a_commented_codeql_step_does_not() {
    let gitlab = repo_with(&[(
        ".gitlab-ci.yml",
        "include:\n  - template: Jobs/SAST.gitlab-ci.yml\n",
    )]);
    assert_eq!(
        item(&proposed(&gitlab, "ci-static-analysis"), "uk-sscop:1.3-C2"),
        Some(High)
    );

    let steps = "      # - uses: github/codeql-action/analyze@v3\n      - name: CodeQL (coming soon)\n        run: echo later\n";
    let commented = repo_with(&[(".github/workflows/codeql.yml", &workflow("push", steps))]);
    assert!(proposed(&commented, "ci-static-analysis").is_empty());
}

#[test]
fn installing_a_scanner_is_not_running_it() {
    let install = "      - run: pip install bandit semgrep\n      - run: sudo npm install -g @cyclonedx/cyclonedx-npm\n";
    let place = repo_with(&[(".github/workflows/ci.yml", &workflow("push", install))]);
    assert!(proposed(&place, "ci-static-analysis").is_empty());
    assert!(proposed(&place, "sbom").is_empty());

    let run = "      - run: pip install bandit && bandit -r src\n";
    let running = repo_with(&[(".github/workflows/ci.yml", &workflow("push", run))]);
    assert_eq!(
        item(
            &proposed(&running, "ci-static-analysis"),
            "nist-ssdf:PW.7.2"
        ),
        Some(High)
    );
}

// --- ci-dependency-audit ---------------------------------------------------------------------

#[test]
fn ci_dependency_audit_is_proposed_for_monitoring_and_a_soft_failing_step_is_medium() {
    let steps = "      - name: Audit\n        run: |\n          cargo install cargo-audit\n          cargo audit\n        continue-on-error: true\n";
    let place = repo_with(&[(
        ".github/workflows/audit.yml",
        &workflow("[push, pull_request]", steps),
    )]);
    let found = proposed(&place, "ci-dependency-audit");
    assert_eq!(item(&found, "uk-sscop:3.3-C1"), Some(Medium));
    assert_eq!(item(&found, "nist-ssdf:PW.4.1"), Some(Medium));
    assert_eq!(place_of(&found[0]), ".github/workflows/audit.yml:7-11");
    assert!(
        found[0]
            .finding
            .contains("may fail without failing the run")
    );

    let firm = repo_with(&[(
        ".github/workflows/audit.yml",
        &workflow("push", "      - run: cargo deny check\n"),
    )]);
    assert_eq!(
        item(&proposed(&firm, "ci-dependency-audit"), "uk-sscop:3.3-C1"),
        Some(High)
    );
}

#[test]
fn audit_in_a_comment_or_a_licence_only_check_is_no_dependency_audit() {
    let steps = "      # TODO: cargo audit\n      - name: Security audit\n        run: cargo deny check licenses\n";
    let place = repo_with(&[(".github/workflows/ci.yml", &workflow("push", steps))]);
    assert!(proposed(&place, "ci-dependency-audit").is_empty());
}

// --- ci-secret-scanning ----------------------------------------------------------------------

#[test]
fn secret_scanning_in_ci_is_proposed_and_a_pre_commit_hook_is_medium() {
    let steps = "      - uses: gitleaks/gitleaks-action@v2\n";
    let place = repo_with(&[
        (".github/workflows/secrets.yml", &workflow("push", steps)),
        (
            ".pre-commit-config.yaml",
            "repos:\n  - repo: https://github.com/Yelp/detect-secrets\n    rev: v1.5.0\n    hooks:\n      - id: detect-secrets\n",
        ),
    ]);
    let found = proposed(&place, "ci-secret-scanning");
    let conf: Vec<(String, Confidence)> = found
        .iter()
        .filter(|p| p.item == "uk-sscop:1.4-C3")
        .map(|p| (place_of(p), p.confidence))
        .collect();
    assert_eq!(
        conf,
        vec![
            (".github/workflows/secrets.yml:7".into(), Medium),
            (".pre-commit-config.yaml:2-5".into(), Medium),
        ]
    );
    let hook = found
        .iter()
        .find(|p| place_of(p).starts_with(".pre-commit"))
        .unwrap();
    assert!(
        hook.finding.contains("CI does not enforce it"),
        "{}",
        hook.finding
    );
}

#[test]
fn a_gitleaks_config_alone_is_not_secret_scanning() {
    let place = repo_with(&[(".gitleaks.toml", "[allowlist]\npaths = [\"tests\"]\n")]);
    assert!(proposed(&place, "ci-secret-scanning").is_empty());
}

// --- ci-fuzzing ------------------------------------------------------------------------------

#[test]
fn ci_fuzzing_is_proposed_and_a_manual_only_workflow_is_medium() {
    let steps = "      - run: cargo +nightly fuzz run parse -- -max_total_time=300\n";
    let place = repo_with(&[(".github/workflows/fuzz.yml", &workflow("[push]", steps))]);
    let found = proposed(&place, "ci-fuzzing");
    assert_eq!(item(&found, "nist-ssdf:PW.8.2"), Some(High));

    let manual = repo_with(&[(
        ".github/workflows/fuzz.yml",
        &workflow("workflow_dispatch", steps),
    )]);
    let manual = proposed(&manual, "ci-fuzzing");
    assert_eq!(item(&manual, "nist-ssdf:PW.8.2"), Some(Medium));
    assert!(manual[0].finding.contains("only when started by hand"));
}

#[test]
fn a_workflow_named_fuzz_that_does_not_fuzz_is_not_proposed() {
    let steps = "      - name: fuzz\n        run: cargo build\n";
    let place = repo_with(&[(".github/workflows/fuzz.yml", &workflow("push", steps))]);
    assert!(proposed(&place, "ci-fuzzing").is_empty());
}

// --- fuzz-targets ----------------------------------------------------------------------------

#[test]
fn fuzz_targets_in_the_repository_are_proposed_without_claiming_they_run() {
    let place = repo_with(&[(
        "fuzz/fuzz_targets/parse.rs",
        "#![no_main]\nuse libfuzzer_sys::fuzz_target;\n\nfuzz_target!(|data: &[u8]| {\n    let _ = data;\n});\n",
    )]);
    let found = proposed(&place, "fuzz-targets");
    assert_eq!(item(&found, "nist-ssdf:PW.8.2"), Some(Medium));
    assert_eq!(place_of(&found[0]), "fuzz/fuzz_targets/parse.rs:4");
    assert!(
        found[0]
            .finding
            .contains("whether and how often it runs is not shown")
    );
}

#[test]
fn fuzzing_docs_are_not_fuzz_targets() {
    let place = repo_with(&[(
        "docs/fuzzing.md",
        "# Fuzzing\n\nUse fuzz_target! some day.\n",
    )]);
    assert!(proposed(&place, "fuzz-targets").is_empty());
}

// --- sbom ------------------------------------------------------------------------------------

#[test]
fn sbom_generated_in_a_release_workflow_is_high_and_a_committed_one_medium() {
    let steps = "      - run: cargo cyclonedx --format json\n";
    let place = repo_with(&[
        (
            ".github/workflows/release.yml",
            &workflow("\n  release:\n    types: [published]", steps),
        ),
        (
            "bom.cdx.json",
            "{\n  \"bomFormat\": \"CycloneDX\",\n  \"specVersion\": \"1.5\"\n}\n",
        ),
    ]);
    let found = proposed(&place, "sbom");
    let conf: Vec<(String, Confidence)> = found
        .iter()
        .filter(|p| p.item == "uk-sscop:1.2-C1")
        .map(|p| (place_of(p), p.confidence))
        .collect();
    assert_eq!(
        conf,
        vec![
            (".github/workflows/release.yml:9".into(), High),
            ("bom.cdx.json:2".into(), Medium),
        ]
    );
}

#[test]
fn a_file_called_sbom_that_is_not_one_is_not_proposed() {
    let place = repo_with(&[("sbom.json", "{\"todo\": true}\n")]);
    assert!(proposed(&place, "sbom").is_empty());
}

// --- release-signing -------------------------------------------------------------------------

#[test]
fn release_signing_with_cosign_is_proposed_and_verifying_is_not_signing() {
    let steps = "      - uses: sigstore/cosign-installer@v3\n      - run: cosign sign-blob --yes dist/app.tar.gz --bundle app.sigstore.json\n";
    let place = repo_with(&[(
        ".github/workflows/release.yml",
        &workflow("\n  push:\n    tags: ['v*']", steps),
    )]);
    let found = proposed(&place, "release-signing");
    assert_eq!(item(&found, "uk-sscop:3.1-C1"), Some(High));
    assert_eq!(item(&found, "eu-cra:CRA-II-7"), Some(High));

    let verify = "      - run: cosign verify-blob --bundle b.json dist/app.tar.gz\n";
    let verifying = repo_with(&[(".github/workflows/check.yml", &workflow("push", verify))]);
    assert!(proposed(&verifying, "release-signing").is_empty());
}

#[test]
fn goreleaser_signing_counts_more_when_ci_runs_goreleaser() {
    let place = repo_with(&[(
        ".goreleaser.yaml",
        "builds:\n  - main: .\nsigns:\n  - artifacts: checksum\n    cmd: cosign\n",
    )]);
    let found = proposed(&place, "release-signing");
    assert_eq!(place_of(&found[0]), ".goreleaser.yaml:3-5");
    assert_eq!(item(&found, "uk-sscop:3.1-C1"), Some(Medium));
    assert!(
        found[0]
            .finding
            .contains("no CI file was seen running GoReleaser")
    );
}

// --- build-provenance ------------------------------------------------------------------------

#[test]
fn build_provenance_attestations_bear_on_slsa_levels() {
    let steps = "      - uses: actions/attest-build-provenance@v2\n        with:\n          subject-path: dist/*\n";
    let place = repo_with(&[(".github/workflows/release.yml", &workflow("release", steps))]);
    let found = proposed(&place, "build-provenance");
    assert_eq!(item(&found, "slsa-build:L1"), Some(High));
    assert_eq!(item(&found, "slsa-build:L2"), Some(Medium));
    assert_eq!(item(&found, "slsa-build:L3"), None);

    let generator = "      - uses: slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@v2.0.0\n";
    let slsa = repo_with(&[(
        ".github/workflows/release.yml",
        &workflow("release", generator),
    )]);
    assert_eq!(
        item(&proposed(&slsa, "build-provenance"), "slsa-build:L3"),
        Some(Medium)
    );
}

#[test]
fn an_sbom_attestation_is_not_build_provenance() {
    let steps = "      - uses: actions/attest-sbom@v1\n";
    let place = repo_with(&[(".github/workflows/release.yml", &workflow("release", steps))]);
    assert!(proposed(&place, "build-provenance").is_empty());
}

// --- pinned-actions --------------------------------------------------------------------------

const SHA: &str = "11bd71901bbe5b1630ceea73d27597364c9af683";

#[test]
fn pinned_actions_fire_only_when_every_use_is_pinned_and_say_how_many() {
    let steps = format!(
        "      - uses: actions/checkout@{SHA} # v4\n      - uses: ./.github/actions/local\n      - uses: dtolnay/rust-toolchain@{SHA}\n"
    );
    let place = repo_with(&[(".github/workflows/ci.yml", &workflow("push", &steps))]);
    let found = proposed(&place, "pinned-actions");
    assert_eq!(item(&found, "nist-ssdf:PO.3.2"), Some(High));
    assert_eq!(place_of(&found[0]), ".github/workflows/ci.yml:7-9");
    assert!(
        found[0]
            .finding
            .contains("across 1 workflow, 2 of 2 are pinned"),
        "{}",
        found[0].finding
    );
}

#[test]
fn one_action_on_a_tag_anywhere_means_no_pinned_actions_proposal() {
    let pinned = format!("      - uses: actions/checkout@{SHA}\n");
    let place = repo_with(&[
        (".github/workflows/ci.yml", &workflow("push", &pinned)),
        (
            ".github/workflows/lint.yml",
            &workflow("push", "      - uses: actions/setup-node@v4\n"),
        ),
    ]);
    assert!(proposed(&place, "pinned-actions").is_empty());
}

// --- signed-commits and signed-tags ----------------------------------------------------------

const SIGNATURE: &str = "-----BEGIN PGP SIGNATURE-----\n\niQEzBAABCAAdFiEEexampleexample\n=abcd\n-----END PGP SIGNATURE-----\n";

/// Adds a commit on top of HEAD (same tree) carrying a `gpgsig` header, as `git commit -S`
/// writes it. vouch reads signatures, it does not verify them, so no key is needed.
fn add_signed_commit(place: &Place, message: &str) -> String {
    let tree = place.git(&["rev-parse", "HEAD^{tree}"]);
    let parent = place.git(&["rev-parse", "HEAD"]);
    let header: String = SIGNATURE
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                format!("gpgsig {l}\n")
            } else {
                format!(" {l}\n")
            }
        })
        .collect();
    let object = format!(
        "tree {}\nparent {}\nauthor Test User <test@example.com> 1700000000 +0000\ncommitter Test User <test@example.com> 1700000000 +0000\n{header}\n{message}\n",
        tree.trim(),
        parent.trim()
    );
    let file = place.temp.path().join("commit-object");
    std::fs::write(&file, object).unwrap();
    let id = place.git(&["hash-object", "-t", "commit", "-w", file.to_str().unwrap()]);
    let id = id.trim().to_owned();
    place.git(&["update-ref", "refs/heads/main", &id]);
    id
}

#[test]
fn signed_commits_are_counted_and_the_newest_is_proposed_as_a_commit() {
    let place = repo_with(&[]);
    let signed = add_signed_commit(&place, "Signed change");
    let found = proposed(&place, "signed-commits");
    assert_eq!(items(&found), vec![("nist-ssdf:PS.1.1".into(), Medium)]);
    assert_eq!(found[0].evidence, Evidence::Commit { id: signed.clone() });
    assert!(
        found[0]
            .finding
            .starts_with("1 of the last 2 commits carry a signature (not verified by vouch)"),
        "{}",
        found[0].finding
    );
}

#[test]
fn unsigned_history_gives_no_signed_commit_proposal() {
    let place = repo_with(&[]);
    place.write("a.txt", "a\n");
    place.commit_all("Second");
    assert!(proposed(&place, "signed-commits").is_empty());
}

#[test]
fn signed_tags_are_proposed_as_the_tagged_commit_and_unsigned_tags_are_not() {
    let place = repo_with(&[]);
    let head = place.git(&["rev-parse", "HEAD"]).trim().to_owned();
    place.git(&["tag", "-a", "v0.9.0", "-m", "Unsigned release"]);
    assert!(proposed(&place, "signed-tags").is_empty());

    let object = format!(
        "object {head}\ntype commit\ntag v1.0.0\ntagger Test User <test@example.com> 1700000000 +0000\n\nRelease 1.0.0\n{SIGNATURE}"
    );
    let file = place.temp.path().join("tag-object");
    std::fs::write(&file, object).unwrap();
    let id = place.git(&["hash-object", "-t", "tag", "-w", file.to_str().unwrap()]);
    place.git(&["update-ref", "refs/tags/v1.0.0", id.trim()]);
    let found = proposed(&place, "signed-tags");
    assert_eq!(
        items(&found),
        vec![
            ("nist-ssdf:PS.2.1".into(), Low),
            ("nist-ssdf:PS.3.1".into(), Low),
            ("uk-sscop:3.1-C1".into(), Low),
        ]
    );
    assert_eq!(found[0].evidence, Evidence::Commit { id: head });
    assert!(
        found[0]
            .finding
            .starts_with("1 of 2 tags carry a signature"),
        "{}",
        found[0].finding
    );
}

// --- the scan as a whole ---------------------------------------------------------------------

#[test]
fn every_detector_has_a_test_here() {
    let source = include_str!("suggest_detectors.rs");
    for detector in suggest::DETECTORS {
        assert!(
            source.contains(&format!("\"{}\")", detector.id)),
            "no test calls proposed(.., \"{}\")",
            detector.id
        );
    }
}

#[test]
fn a_repository_with_no_commits_or_outside_git_is_an_error_not_an_empty_list() {
    let empty = Place::repo();
    let err = suggest::scan(&empty.root, &catalog()).unwrap_err();
    assert!(err.to_string().contains("no commits yet"), "{err}");
    let plain = Place::plain();
    let err = suggest::scan(&plain.root, &catalog()).unwrap_err();
    assert!(err.to_string().contains("not in a git repository"), "{err}");
}
