//! Detectors for checks that CI runs: tests, linters, static analysis, dependency audit, secret
//! scanning and fuzzing; and fuzz targets kept in the repository.

use std::fmt::Write as _;

use super::Confidence::{High, Low, Medium};
use super::ci::{CiFile, CiKind, ci_files};
use super::repo::{Repo, file_name, is_foreign};
use super::text::{
    Lines, Pattern, and_list, command_words, contains_ci, ends_with_ci, list_item_around,
};
use super::{Confidence, Detector, Finding, capped, file_finding};

/// When a mapped item applies to a CI match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum When {
    /// Whenever the check runs automatically (manual-only or pre-commit runs are capped at
    /// medium).
    Always,
    /// Only when the file runs on pull or merge requests.
    PullRequests,
    /// Only when a GitHub workflow runs on a schedule.
    Schedule,
}

/// A rule over CI commands: what to look for and what it bears on.
pub(super) struct CheckRule {
    pub detector: &'static str,
    /// Command lines that count.
    pub commands: &'static [Pattern],
    /// `uses:` action prefixes (lower-case) that count.
    pub actions: &'static [&'static str],
    /// Lines that match but must not count (`cargo deny check licenses` is no audit).
    pub reject: fn(&[String]) -> bool,
    /// Items, base confidence, and when each applies.
    pub items: &'static [(&'static str, Confidence, When)],
    /// True for release steps (signing, SBOM, provenance): they run on tags or by hand by
    /// design, so such triggers do not lower confidence.
    pub release_step: bool,
}

fn keep_all(_: &[String]) -> bool {
    false
}

/// What one CI file shows for a rule.
struct Matches<'a> {
    ci: &'a CiFile,
    /// (line, what matched), sorted by line.
    hits: Vec<(usize, String)>,
}

/// Runs a rule over every CI file: one finding per file that has a match, pointing at the
/// first matching step.
pub(super) fn run_rule(repo: &Repo<'_>, rule: &CheckRule) -> Vec<Finding> {
    const MAX_FILES: usize = 10;
    let files = ci_files(repo);
    let mut out = Vec::new();
    for ci in files.iter() {
        let matches = matches_in(ci, rule);
        if matches.hits.is_empty() {
            continue;
        }
        out.push(finding_for(rule, &matches));
        if out.len() == MAX_FILES {
            break;
        }
    }
    out
}

/// True when `action` is `wanted`, or inside it (`wanted/sub`); a `wanted` ending in `/` or
/// `-` matches every action starting with it.
pub(super) fn action_matches(action: &str, wanted: &str) -> bool {
    if wanted.ends_with('/') || wanted.ends_with('-') {
        return action.starts_with(wanted);
    }
    action == wanted
        || action
            .strip_prefix(wanted)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// The commands of a shell line: the parts between `&&`, `||`, `;` and `|`.
fn command_segments(text: &str) -> impl Iterator<Item = &str> {
    text.split(['&', '|', ';']).filter(|s| !s.trim().is_empty())
}

/// True for a command that installs or downloads a tool (`pip install bandit`, `cargo
/// install cargo-audit`, `npm i -g @cyclonedx/cyclonedx-npm`): having a tool is not running it.
fn is_install(words: &[String]) -> bool {
    let words: Vec<&str> = words
        .iter()
        .map(String::as_str)
        .filter(|w| *w != "sudo" && !w.starts_with('-'))
        .collect();
    let (Some(tool), verb) = (words.first().copied(), words.get(1).copied()) else {
        return false;
    };
    match tool {
        "curl" | "wget" => true,
        "pip" | "pip3" | "pipx" | "gem" | "brew" | "apt" | "apt-get" | "dnf" | "yum" | "choco"
        | "winget" | "go" => matches!(verb, Some("install" | "get")),
        "cargo" => matches!(verb, Some("install" | "binstall")),
        "npm" => matches!(verb, Some("install" | "i" | "ci" | "add")),
        "yarn" | "pnpm" | "bun" => matches!(verb, Some("add" | "install")),
        "apk" => matches!(verb, Some("add")),
        "uv" => matches!(verb, Some("pip" | "tool")),
        "python" | "python3" => {
            words.get(1) == Some(&"pip") || words.windows(2).any(|w| w == ["pip", "install"])
        }
        "dotnet" => matches!(verb, Some("tool")),
        _ => false,
    }
}

fn matches_in<'a>(ci: &'a CiFile, rule: &CheckRule) -> Matches<'a> {
    let mut hits: Vec<(usize, String)> = Vec::new();
    for command in &ci.commands {
        let found = command_segments(&command.text).find_map(|segment| {
            let words = command_words(segment);
            if is_install(&words) || (rule.reject)(&words) {
                return None;
            }
            rule.commands.iter().find(|p| p.matches(&words))
        });
        if let Some(pattern) = found {
            hits.push((command.line, pattern.label()));
        }
    }
    for uses in &ci.uses {
        if let Some(prefix) = rule
            .actions
            .iter()
            .find(|prefix| action_matches(&uses.action, prefix))
        {
            hits.push((uses.line, prefix.trim_end_matches('/').to_owned()));
        }
    }
    hits.sort();
    Matches { ci, hits }
}

fn finding_for(rule: &CheckRule, matches: &Matches<'_>) -> Finding {
    let ci = matches.ci;
    let first = matches.hits[0].0;
    let lines = match ci.kind {
        CiKind::Jenkins | CiKind::Script => Lines::one(first),
        _ => list_item_around(&ci.file.text, first),
    };
    let mut labels: Vec<String> = Vec::new();
    for (_, label) in &matches.hits {
        if !labels.contains(label) {
            labels.push(label.clone());
        }
    }
    let others: Vec<String> = matches
        .hits
        .iter()
        .map(|(line, _)| *line)
        .filter(|line| *line < lines.start || *line > lines.end)
        .map(|line| line.to_string())
        .collect();

    let step_lines: Vec<&str> = ci
        .file
        .text
        .lines()
        .skip(lines.start - 1)
        .take(lines.end - lines.start + 1)
        .collect();
    let soft_fail = step_lines.iter().any(|l| {
        let l = super::text::strip_hash_comment(l).trim();
        l.starts_with("continue-on-error: true") || l.starts_with("allow_failure: true")
    });
    let automatic = ci.runs_automatically();

    let mut text = format!(
        "{} runs {}{} ({})",
        ci.file.path,
        and_list(&labels),
        ci.when(),
        lines.describe()
    );
    if !others.is_empty() {
        let _ = write!(
            text,
            "; also at line{} {}",
            if others.len() == 1 { "" } else { "s" },
            and_list(&others)
        );
    }
    if let Some((runner, line)) = &ci.run_by {
        let _ = write!(text, "; the script is run by {runner} (line {line})");
    }
    let mut cap = High;
    if soft_fail {
        text.push_str("; the step may fail without failing the run (continue-on-error)");
        cap = Medium;
    }
    if !rule.release_step && !automatic && ci.kind != CiKind::PreCommit {
        text.push_str("; the workflow runs only when started by hand or by another workflow");
        cap = Medium;
    }
    if ci.kind == CiKind::PreCommit {
        cap = Medium;
    }
    let items: Vec<(&'static str, Confidence)> = rule
        .items
        .iter()
        .filter(|(_, _, when)| match when {
            When::Always => true,
            When::PullRequests => ci.runs_on_pull_requests(),
            When::Schedule => ci.runs_on_schedule(),
        })
        .map(|&(id, confidence, _)| (id, confidence))
        .collect();
    file_finding(rule.detector, &ci.file, lines, text, capped(&items, cap))
}

const TEST_COMMANDS: &[Pattern] = &[
    Pattern::Seq(&["cargo", "test"]),
    Pattern::Seq(&["cargo", "nextest"]),
    Pattern::Seq(&["npm", "test"]),
    Pattern::Seq(&["npm", "run", "test*"]),
    Pattern::Seq(&["yarn", "test*"]),
    Pattern::Seq(&["pnpm", "test*"]),
    Pattern::Seq(&["pnpm", "run", "test*"]),
    Pattern::Seq(&["bun", "test"]),
    Pattern::Seq(&["deno", "test"]),
    Pattern::Seq(&["pytest"]),
    Pattern::Seq(&["tox"]),
    Pattern::Seq(&["nox"]),
    Pattern::Seq(&["go", "test"]),
    Pattern::Seq(&["mvn", "test"]),
    Pattern::Seq(&["mvn", "verify"]),
    Pattern::Seq(&["mvnw", "test"]),
    Pattern::Seq(&["mvnw", "verify"]),
    Pattern::Seq(&["gradle", "test"]),
    Pattern::Seq(&["gradle", "check"]),
    Pattern::Seq(&["gradlew", "test"]),
    Pattern::Seq(&["gradlew", "check"]),
    Pattern::Seq(&["make", "test"]),
    Pattern::Seq(&["make", "check"]),
    Pattern::Seq(&["ctest"]),
    Pattern::Seq(&["dotnet", "test"]),
    Pattern::Seq(&["rspec"]),
    Pattern::Seq(&["rake", "test"]),
    Pattern::Seq(&["rake", "spec"]),
    Pattern::Seq(&["phpunit"]),
    Pattern::Seq(&["jest"]),
    Pattern::Seq(&["vitest"]),
    Pattern::Seq(&["mix", "test"]),
    Pattern::Seq(&["swift", "test"]),
    Pattern::Seq(&["cabal", "test"]),
    Pattern::Seq(&["stack", "test"]),
    Pattern::Seq(&["zig", "build", "test"]),
    Pattern::Seq(&["bazel", "test"]),
];

/// CI runs the test suite.
pub const CI_TESTS: Detector = Detector {
    id: "ci-tests",
    looks_for: "CI steps that run the test suite (cargo test, npm test, pytest, go test, mvn verify, ...)",
    bears_on: &["uk-sscop:1.3-C2", "uk-sscop:1.2-C4", "owasp-samm:V-RT-A"],
    run: |repo| run_rule(repo, &TESTS_RULE),
};

const TESTS_RULE: CheckRule = CheckRule {
    detector: "ci-tests",
    commands: TEST_COMMANDS,
    actions: &[],
    reject: keep_all,
    items: &[
        ("uk-sscop:1.3-C2", High, When::Always),
        ("uk-sscop:1.2-C4", Medium, When::PullRequests),
        ("owasp-samm:V-RT-A", Low, When::Always),
    ],
    release_step: false,
};

/// CI runs a linter.
pub const CI_LINTERS: Detector = Detector {
    id: "ci-linters",
    looks_for: "CI steps that run a linter (cargo clippy, eslint, golangci-lint, ruff, flake8, pylint, rubocop, shellcheck, ...)",
    bears_on: &["nist-ssdf:PW.5.1", "nist-ssdf:PW.7.2", "uk-sscop:1.3-C2"],
    run: |repo| run_rule(repo, &LINTERS_RULE),
};

const LINTERS_RULE: CheckRule = CheckRule {
    detector: "ci-linters",
    commands: &[
        Pattern::Seq(&["cargo", "clippy"]),
        Pattern::Seq(&["eslint"]),
        Pattern::Seq(&["golangci-lint"]),
        Pattern::Seq(&["staticcheck"]),
        Pattern::Seq(&["go", "vet"]),
        Pattern::Seq(&["ruff"]),
        Pattern::Seq(&["flake8"]),
        Pattern::Seq(&["pylint"]),
        Pattern::Seq(&["rubocop"]),
        Pattern::Seq(&["shellcheck"]),
        Pattern::Seq(&["hadolint"]),
        Pattern::Seq(&["stylelint"]),
        Pattern::Seq(&["phpstan"]),
        Pattern::Seq(&["psalm"]),
        Pattern::Seq(&["ktlint"]),
        Pattern::Seq(&["detekt"]),
        Pattern::Seq(&["swiftlint"]),
        Pattern::Seq(&["biome", "lint"]),
        Pattern::Seq(&["biome", "check"]),
        Pattern::Seq(&["npm", "run", "lint*"]),
        Pattern::Seq(&["yarn", "lint*"]),
        Pattern::Seq(&["pnpm", "lint*"]),
        Pattern::Seq(&["pnpm", "run", "lint*"]),
    ],
    actions: &[
        "golangci/golangci-lint-action",
        "github/super-linter",
        "super-linter/super-linter",
        "actions-rs/clippy-check",
        "giraffate/clippy-action",
        "astral-sh/ruff-action",
        "chartboost/ruff-action",
        "ludeeus/action-shellcheck",
        "hadolint/hadolint-action",
    ],
    reject: keep_all,
    items: &[
        ("nist-ssdf:PW.5.1", Medium, When::Always),
        ("nist-ssdf:PW.7.2", Medium, When::Always),
        ("uk-sscop:1.3-C2", Medium, When::Always),
    ],
    release_step: false,
};

/// CI runs a static analyser for security.
pub const CI_STATIC_ANALYSIS: Detector = Detector {
    id: "ci-static-analysis",
    looks_for: "CI steps that run security static analysis (CodeQL, Semgrep, Bandit, gosec, Brakeman, SonarQube, GitLab SAST, ...)",
    bears_on: &[
        "nist-ssdf:PW.7.2",
        "nist-ssdf:RV.1.2",
        "uk-sscop:1.3-C2",
        "uk-sscop:1.4-C4",
        "eu-cra:CRA-II-3",
        "owasp-samm:V-ST-A",
    ],
    run: |repo| run_rule(repo, &SAST_RULE),
};

const SAST_RULE: CheckRule = CheckRule {
    detector: "ci-static-analysis",
    commands: &[
        Pattern::Seq(&["codeql"]),
        Pattern::Seq(&["semgrep"]),
        Pattern::Seq(&["bandit"]),
        Pattern::Seq(&["gosec"]),
        Pattern::Seq(&["brakeman"]),
        Pattern::Seq(&["sonar-scanner"]),
        Pattern::Seq(&["snyk", "code"]),
        Pattern::Seq(&["flawfinder"]),
        Pattern::Seq(&["cppcheck"]),
        Pattern::Seq(&["clang-tidy"]),
        Pattern::Seq(&["scan-build"]),
        Pattern::Seq(&["spotbugs"]),
        Pattern::Seq(&["njsscan"]),
        Pattern::Seq(&["horusec"]),
        Pattern::Seq(&["sast.gitlab-ci.yml"]),
        Pattern::Seq(&["sast-iac.gitlab-ci.yml"]),
    ],
    actions: &[
        "github/codeql-action/",
        "returntocorp/semgrep-action",
        "semgrep/semgrep-action",
        "pycqa/bandit-action",
        "securego/gosec",
        "sonarsource/sonarcloud-github-action",
        "sonarsource/sonarqube-scan-action",
    ],
    reject: keep_all,
    items: &[
        ("nist-ssdf:PW.7.2", High, When::Always),
        ("nist-ssdf:RV.1.2", Medium, When::Schedule),
        ("uk-sscop:1.3-C2", High, When::Always),
        ("uk-sscop:1.4-C4", Medium, When::Always),
        ("eu-cra:CRA-II-3", Medium, When::Always),
        ("owasp-samm:V-ST-A", High, When::Always),
    ],
    release_step: false,
};

/// `cargo deny check licenses` (or bans, sources) checks no advisories.
fn deny_without_advisories(words: &[String]) -> bool {
    let deny = words.iter().position(|w| w == "deny");
    let Some(at) = deny else { return false };
    let rest = &words[at + 1..];
    let named: Vec<&String> = rest
        .iter()
        .filter(|w| matches!(w.as_str(), "licenses" | "bans" | "sources" | "advisories"))
        .collect();
    !named.is_empty() && !named.iter().any(|w| *w == "advisories")
}

/// CI checks dependencies against vulnerability advisories.
pub const CI_DEPENDENCY_AUDIT: Detector = Detector {
    id: "ci-dependency-audit",
    looks_for: "CI steps that check dependencies against advisories (cargo audit, cargo deny, npm audit, pip-audit, osv-scanner, govulncheck, Trivy, dependency review, ...)",
    bears_on: &[
        "uk-sscop:3.3-C1",
        "uk-sscop:1.2-C3",
        "nist-ssdf:PW.4.1",
        "nist-ssdf:PW.4.4",
        "nist-ssdf:RV.1.1",
        "eu-cra:CRA-I-2a",
        "eu-cra:CRA-II-3",
        "owasp-samm:I-SB-B",
    ],
    run: |repo| run_rule(repo, &AUDIT_RULE),
};

const AUDIT_RULE: CheckRule = CheckRule {
    detector: "ci-dependency-audit",
    commands: &[
        Pattern::Seq(&["cargo", "audit"]),
        Pattern::Seq(&["cargo", "deny"]),
        Pattern::Seq(&["npm", "audit"]),
        Pattern::Seq(&["yarn", "audit"]),
        Pattern::Seq(&["yarn", "npm", "audit"]),
        Pattern::Seq(&["pnpm", "audit"]),
        Pattern::Seq(&["pip-audit"]),
        Pattern::Seq(&["pip_audit"]),
        Pattern::Seq(&["safety", "check"]),
        Pattern::Seq(&["safety", "scan"]),
        Pattern::Seq(&["osv-scanner"]),
        Pattern::Seq(&["govulncheck"]),
        Pattern::Seq(&["bundle", "audit"]),
        Pattern::Seq(&["bundler-audit"]),
        Pattern::Seq(&["composer", "audit"]),
        Pattern::Seq(&["trivy", "fs"]),
        Pattern::Seq(&["trivy", "repo"]),
        Pattern::Seq(&["grype"]),
        Pattern::Seq(&["snyk", "test"]),
        Pattern::Seq(&["dependency-check*"]),
        Pattern::Seq(&["dependency-scanning.gitlab-ci.yml"]),
    ],
    actions: &[
        "rustsec/audit-check",
        "actions-rs/audit-check",
        "embarkstudios/cargo-deny-action",
        "google/osv-scanner-action",
        "pypa/gh-action-pip-audit",
        "actions/dependency-review-action",
        "aquasecurity/trivy-action",
        "anchore/scan-action",
        "golang/govulncheck-action",
        "snyk/actions/",
        "dependency-check/dependency-check_action",
    ],
    reject: deny_without_advisories,
    items: &[
        ("uk-sscop:3.3-C1", High, When::Always),
        ("uk-sscop:1.2-C3", Medium, When::PullRequests),
        ("nist-ssdf:PW.4.1", High, When::Always),
        ("nist-ssdf:PW.4.4", Medium, When::Always),
        ("nist-ssdf:RV.1.1", Medium, When::Always),
        ("eu-cra:CRA-I-2a", Medium, When::Always),
        ("eu-cra:CRA-II-3", Medium, When::Always),
        ("owasp-samm:I-SB-B", Medium, When::Always),
    ],
    release_step: false,
};

/// CI (or a pre-commit hook) scans for committed secrets.
pub const CI_SECRET_SCANNING: Detector = Detector {
    id: "ci-secret-scanning",
    looks_for: "CI steps or pre-commit hooks that scan for committed secrets (gitleaks, TruffleHog, detect-secrets, ggshield, GitLab Secret Detection, ...)",
    bears_on: &[
        "uk-sscop:1.4-C3",
        "uk-sscop:1.4-C5",
        "uk-sscop:2.1-C4",
        "owasp-samm:I-SD-B",
    ],
    run: |repo| run_rule(repo, &SECRETS_RULE),
};

const SECRETS_RULE: CheckRule = CheckRule {
    detector: "ci-secret-scanning",
    commands: &[
        Pattern::Seq(&["gitleaks"]),
        Pattern::Seq(&["trufflehog"]),
        Pattern::Seq(&["detect-secrets*"]),
        Pattern::Seq(&["ggshield"]),
        Pattern::Seq(&["git-secrets"]),
        Pattern::Seq(&["secretlint"]),
        Pattern::Seq(&["talisman"]),
        Pattern::Seq(&["secret-detection.gitlab-ci.yml"]),
    ],
    actions: &[
        "gitleaks/gitleaks-action",
        "trufflesecurity/trufflehog",
        "gitguardian/ggshield-action",
        "gitguardian/ggshield/",
    ],
    reject: keep_all,
    items: &[
        ("uk-sscop:1.4-C3", Medium, When::Always),
        ("uk-sscop:1.4-C5", Medium, When::Always),
        ("uk-sscop:2.1-C4", Medium, When::Always),
        ("owasp-samm:I-SD-B", Medium, When::Always),
    ],
    release_step: false,
};

/// CI runs fuzzing.
pub const CI_FUZZING: Detector = Detector {
    id: "ci-fuzzing",
    looks_for: "CI steps that fuzz (cargo fuzz, CIFuzz/OSS-Fuzz, ClusterFuzzLite, go test -fuzz, libFuzzer, AFL, Jazzer, atheris, ...)",
    bears_on: &[
        "uk-sscop:1.3-C2",
        "uk-sscop:1.4-C4",
        "nist-ssdf:PW.8.2",
        "nist-ssdf:RV.1.2",
        "eu-cra:CRA-II-3",
    ],
    run: |repo| run_rule(repo, &FUZZ_RULE),
};

const FUZZ_RULE: CheckRule = CheckRule {
    detector: "ci-fuzzing",
    commands: &[
        Pattern::Seq(&["cargo", "fuzz"]),
        Pattern::Seq(&["cargo", "afl"]),
        Pattern::Seq(&["cargo", "bolero"]),
        Pattern::Seq(&["go", "test", "-fuzz*"]),
        Pattern::Seq(&["-fsanitize=fuzzer*"]),
        Pattern::Seq(&["afl-fuzz"]),
        Pattern::Seq(&["honggfuzz"]),
        Pattern::Seq(&["jazzer"]),
        Pattern::Seq(&["atheris"]),
        Pattern::Seq(&["cifuzz"]),
        Pattern::Seq(&["build_fuzzers"]),
        Pattern::Seq(&["run_fuzzers"]),
        Pattern::Seq(&["coverage-fuzzing.gitlab-ci.yml"]),
    ],
    actions: &[
        "google/oss-fuzz/infra/cifuzz/",
        "google/clusterfuzzlite/actions/",
        "codeintelligencetesting/github-actions/",
    ],
    reject: keep_all,
    items: &[
        ("uk-sscop:1.3-C2", High, When::Always),
        ("uk-sscop:1.4-C4", Medium, When::Always),
        ("nist-ssdf:PW.8.2", High, When::Always),
        ("nist-ssdf:RV.1.2", Medium, When::Schedule),
        ("eu-cra:CRA-II-3", Medium, When::Always),
    ],
    release_step: false,
};

/// Fuzz harnesses kept in the repository, whether or not CI runs them.
pub const FUZZ_TARGETS: Detector = Detector {
    id: "fuzz-targets",
    looks_for: "fuzz harnesses in the repository: a cargo-fuzz crate (fuzz/Cargo.toml with libfuzzer-sys), or sources in fuzz folders with LLVMFuzzerTestOneInput, fuzz_target!, Go Fuzz functions, atheris or Jazzer",
    bears_on: &[
        "uk-sscop:1.4-C4",
        "uk-sscop:1.3-C1",
        "nist-ssdf:PW.8.2",
        "eu-cra:CRA-I-2h",
    ],
    run: fuzz_targets,
};

fn fuzz_targets(repo: &Repo<'_>) -> Vec<Finding> {
    const MAX_READS: usize = 30;
    const MARKERS: &[(&str, &str)] = &[
        ("libfuzzer-sys", "a cargo-fuzz crate (libfuzzer-sys)"),
        ("fuzz_target!", "a fuzz_target! harness"),
        ("LLVMFuzzerTestOneInput", "a libFuzzer entry point"),
        ("*testing.F", "a Go fuzz test"),
        ("atheris.Setup", "an atheris harness"),
        ("@FuzzTest", "a Jazzer fuzz test"),
        ("FuzzedDataProvider", "a fuzz harness"),
    ];
    let sources = [
        ".rs", ".c", ".cc", ".cpp", ".cxx", ".go", ".py", ".java", ".kt",
    ];
    let candidates = repo.paths().iter().filter(|p| {
        contains_ci(p, "fuzz")
            && (sources.iter().any(|ext| ends_with_ci(p, ext))
                || file_name(p).eq_ignore_ascii_case("cargo.toml"))
            && !is_foreign(p)
    });
    let mut out = Vec::new();
    for path in candidates.take(MAX_READS) {
        let Some(file) = repo.read(path) else {
            continue;
        };
        let Some((line, what)) = file.numbered().find_map(|(line, text)| {
            MARKERS
                .iter()
                .find(|(marker, _)| text.contains(marker))
                .map(|(_, what)| (line, *what))
        }) else {
            continue;
        };
        let text = format!(
            "{} holds {what} ({}); whether and how often it runs is not shown here",
            file.path,
            Lines::one(line).describe()
        );
        out.push(file_finding(
            "fuzz-targets",
            &file,
            Lines::one(line),
            text,
            vec![
                ("uk-sscop:1.4-C4", Medium),
                ("uk-sscop:1.3-C1", Low),
                ("nist-ssdf:PW.8.2", Medium),
                ("eu-cra:CRA-I-2h", Low),
            ],
        ));
        if out.len() == 5 {
            break;
        }
    }
    out
}
