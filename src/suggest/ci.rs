//! CI files, read once per scan and shared by the detectors that look at what CI runs: GitHub
//! Actions workflows, GitLab CI, other hosted CI, Jenkinsfiles, pre-commit hooks, and the
//! scripts those files run. Only the values of command keys (`run`, `script`, `uses`, ...)
//! count, never names or comments.

use std::rc::Rc;

use super::repo::{FileText, Repo};
use super::text::{
    CommandLine, ends_with_ci, split_key, starts_with_ci, strip_hash_comment, unquote,
    yaml_commands,
};

/// Where a CI file comes from, which decides how it is read and how much a match in it says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CiKind {
    /// `.github/workflows/*.yml`.
    GitHub,
    /// `.gitlab-ci.yml` and `.gitlab/ci/*.yml`.
    GitLab,
    /// Other hosted CI in YAML (`CircleCI`, Azure Pipelines, Travis, Bitbucket, ...).
    OtherYaml,
    /// A Jenkinsfile, read line by line.
    Jenkins,
    /// `.pre-commit-config.yaml`: runs on developers' machines, not enforced by CI.
    PreCommit,
    /// A script in the repository that a CI file runs.
    Script,
}

/// A `uses:` line of a GitHub workflow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Uses {
    /// Line number, from 1.
    pub line: usize,
    /// The action, lower-cased, without the `@ref`: `actions/checkout`, `docker://alpine`.
    pub action: String,
    /// What follows `@`, as written.
    pub reference: Option<String>,
    /// True for actions in the same repository (`./.github/actions/x`).
    pub local: bool,
}

impl Uses {
    /// True when the action is pinned to a full 40-hex commit id (or a Docker image to a
    /// sha256 digest), so a moved tag cannot change what runs.
    #[must_use]
    pub fn is_pinned(&self) -> bool {
        let Some(reference) = &self.reference else {
            return false;
        };
        let hex = |s: &str, n: usize| s.len() == n && s.chars().all(|c| c.is_ascii_hexdigit());
        hex(reference, 40)
            || reference
                .strip_prefix("sha256:")
                .is_some_and(|digest| hex(digest, 64))
    }
}

/// One CI file, read and split into commands.
#[derive(Debug)]
pub struct CiFile {
    /// The file at HEAD.
    pub file: Rc<FileText>,
    /// What kind of file.
    pub kind: CiKind,
    /// Command lines (not `uses:`).
    pub commands: Vec<CommandLine>,
    /// `uses:` lines (GitHub only).
    pub uses: Vec<Uses>,
    /// Events that start a GitHub workflow, sorted; for a script, those of the file running it.
    pub triggers: Vec<String>,
    /// For a script: the CI file and line that runs it.
    pub run_by: Option<(String, usize)>,
}

impl CiFile {
    /// True when the file runs by itself on changes: every GitLab, hosted CI and Jenkins file,
    /// and GitHub workflows started by push, pull requests, merge queues or a schedule.
    #[must_use]
    pub fn runs_automatically(&self) -> bool {
        match self.kind {
            CiKind::PreCommit => false,
            CiKind::GitHub | CiKind::Script if !self.triggers.is_empty() => {
                self.triggers.iter().any(|t| {
                    matches!(
                        t.as_str(),
                        "push"
                            | "pull_request"
                            | "pull_request_target"
                            | "merge_group"
                            | "schedule"
                    )
                })
            }
            _ => true,
        }
    }

    /// True when the file runs on pull or merge requests (as far as the file shows).
    #[must_use]
    pub fn runs_on_pull_requests(&self) -> bool {
        match self.kind {
            CiKind::PreCommit => false,
            CiKind::GitHub | CiKind::Script => self.triggers.iter().any(|t| {
                matches!(
                    t.as_str(),
                    "pull_request" | "pull_request_target" | "merge_group"
                )
            }),
            // GitLab, hosted CI and Jenkins run on every pushed branch, merge requests included.
            _ => true,
        }
    }

    /// True when a GitHub workflow (or a script it runs) has a `schedule` trigger.
    #[must_use]
    pub fn runs_on_schedule(&self) -> bool {
        self.triggers.iter().any(|t| t == "schedule")
    }

    /// How a finding should say when the file runs: ` on push and pull_request`.
    #[must_use]
    pub fn when(&self) -> String {
        match self.kind {
            CiKind::PreCommit => {
                " as a pre-commit hook (it runs where developers install pre-commit; CI does not enforce it)"
                    .to_owned()
            }
            _ if self.triggers.is_empty() => String::new(),
            _ => format!(" on {}", super::text::and_list(&self.triggers)),
        }
    }
}

const MAX_CI_FILES: usize = 100;
const MAX_SCRIPTS: usize = 20;

/// The CI files of the repository, read once per scan.
pub fn ci_files(repo: &Repo<'_>) -> Rc<Vec<CiFile>> {
    repo.ci.get_or_init(|| Rc::new(read_ci_files(repo))).clone()
}

/// Hosted CI files in YAML other than GitHub's and GitLab's.
const OTHERS: &[&str] = &[
    ".circleci/config.yml",
    "azure-pipelines.yml",
    "azure-pipelines.yaml",
    ".travis.yml",
    "bitbucket-pipelines.yml",
    ".buildkite/pipeline.yml",
    ".drone.yml",
    ".woodpecker.yml",
    "cloudbuild.yaml",
    "cloudbuild.yml",
    ".cirrus.yml",
    "appveyor.yml",
    ".appveyor.yml",
];

fn ci_kind(path: &str) -> Option<CiKind> {
    let yaml = ends_with_ci(path, ".yml") || ends_with_ci(path, ".yaml");
    if starts_with_ci(path, ".github/workflows/") {
        let rest = &path[".github/workflows/".len()..];
        return (yaml && !rest.contains('/')).then_some(CiKind::GitHub);
    }
    if path.eq_ignore_ascii_case(".gitlab-ci.yml") || (starts_with_ci(path, ".gitlab/ci/") && yaml)
    {
        return Some(CiKind::GitLab);
    }
    if path.eq_ignore_ascii_case(".pre-commit-config.yaml")
        || path.eq_ignore_ascii_case(".pre-commit-config.yml")
    {
        return Some(CiKind::PreCommit);
    }
    if path.eq_ignore_ascii_case("jenkinsfile") {
        return Some(CiKind::Jenkins);
    }
    let other = OTHERS.iter().any(|o| path.eq_ignore_ascii_case(o))
        || ((starts_with_ci(path, ".woodpecker/") || starts_with_ci(path, ".azure-pipelines/"))
            && yaml);
    other.then_some(CiKind::OtherYaml)
}

/// Keys whose values are commands, per kind of file.
fn command_keys(kind: CiKind) -> &'static [&'static str] {
    match kind {
        CiKind::PreCommit => &["repo", "id", "entry"],
        _ => &[
            "run",
            "uses",
            "script",
            "before_script",
            "after_script",
            "command",
            "commands",
            "bash",
            "sh",
            "pwsh",
            "powershell",
            "template",
            "include",
            "local",
            "file",
        ],
    }
}

fn read_ci_files(repo: &Repo<'_>) -> Vec<CiFile> {
    let mut files: Vec<CiFile> = repo
        .paths()
        .iter()
        .filter_map(|p| ci_kind(p).map(|kind| (p, kind)))
        .take(MAX_CI_FILES)
        .filter_map(|(path, kind)| {
            let file = repo.read(path)?;
            Some(parse(file, kind))
        })
        .collect();
    let mut scripts: Vec<CiFile> = Vec::new();
    for ci in &files {
        for command in &ci.commands {
            for word in command.text.split_whitespace() {
                let candidate = unquote(word).trim_start_matches("./");
                let looks_like_script = candidate.contains('/')
                    || [".sh", ".bash", ".py", ".ps1"]
                        .iter()
                        .any(|ext| candidate.ends_with(ext));
                if !looks_like_script
                    || scripts.len() >= MAX_SCRIPTS
                    || scripts.iter().any(|s| s.file.path == candidate)
                    || files.iter().any(|f| f.file.path == candidate)
                    || !repo.is_tracked(candidate)
                {
                    continue;
                }
                let Some(file) = repo.read(candidate) else {
                    continue;
                };
                let commands = file
                    .numbered()
                    .filter_map(|(line, raw)| {
                        let text = strip_hash_comment(raw).trim();
                        (!text.is_empty()).then(|| CommandLine {
                            line,
                            key: "script".to_owned(),
                            text: text.to_owned(),
                        })
                    })
                    .collect();
                scripts.push(CiFile {
                    file,
                    kind: CiKind::Script,
                    commands,
                    uses: Vec::new(),
                    triggers: ci.triggers.clone(),
                    run_by: Some((ci.file.path.clone(), command.line)),
                });
            }
        }
    }
    files.extend(scripts);
    files
}

fn parse(file: Rc<FileText>, kind: CiKind) -> CiFile {
    let (commands, uses) = if kind == CiKind::Jenkins {
        let commands = file
            .numbered()
            .filter_map(|(line, raw)| {
                let text = raw.split("//").next().unwrap_or_default().trim();
                (!text.is_empty() && !text.starts_with('*') && !text.starts_with("/*")).then(|| {
                    CommandLine {
                        line,
                        key: "sh".to_owned(),
                        text: text.to_owned(),
                    }
                })
            })
            .collect();
        (commands, Vec::new())
    } else {
        let all = yaml_commands(&file.text, command_keys(kind));
        let (uses, commands): (Vec<CommandLine>, Vec<CommandLine>) = all
            .into_iter()
            .partition(|c| kind == CiKind::GitHub && c.key == "uses");
        let uses = uses.iter().map(parse_uses).collect();
        (commands, uses)
    };
    let triggers = if kind == CiKind::GitHub {
        github_triggers(&file.text)
    } else {
        Vec::new()
    };
    CiFile {
        file,
        kind,
        commands,
        uses,
        triggers,
        run_by: None,
    }
}

fn parse_uses(command: &CommandLine) -> Uses {
    let value = unquote(command.text.trim());
    let local = value.starts_with("./") || value.starts_with('.');
    let (action, reference) = if let Some(image) = value.strip_prefix("docker://") {
        match image.split_once('@') {
            Some((name, digest)) => (format!("docker://{name}"), Some(digest.to_owned())),
            None => (format!("docker://{image}"), None),
        }
    } else {
        match value.split_once('@') {
            Some((action, reference)) => (action.to_owned(), Some(reference.to_owned())),
            None => (value.to_owned(), None),
        }
    };
    Uses {
        line: command.line,
        action: action.to_ascii_lowercase(),
        reference,
        local,
    }
}

/// The events under a workflow's top-level `on:` key, sorted.
fn github_triggers(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut inside: Option<usize> = None;
    for raw in text.lines() {
        let content = strip_hash_comment(raw);
        if content.trim().is_empty() {
            continue;
        }
        let column = super::text::indent(content);
        if let Some(level) = inside {
            if column == 0 {
                break;
            }
            let level = if level == usize::MAX {
                inside = Some(column);
                column
            } else {
                level
            };
            if column == level
                && let Some((key, _)) = split_key(content.trim())
            {
                out.push(key);
            }
            continue;
        }
        if column != 0 {
            continue;
        }
        let Some((key, value)) = split_key(content) else {
            continue;
        };
        if key != "on" && key != "true" {
            continue;
        }
        let value = value.trim();
        if value.is_empty() {
            inside = Some(usize::MAX);
        } else {
            out.extend(
                value
                    .split(|c: char| "[], ".contains(c))
                    .map(|w| unquote(w).to_ascii_lowercase())
                    .filter(|w| !w.is_empty()),
            );
            break;
        }
    }
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn triggers_are_read_in_every_form() {
        assert_eq!(github_triggers("on: push\njobs: {}\n"), ["push"]);
        assert_eq!(
            github_triggers("'on': [push, pull_request]\n"),
            ["pull_request", "push"]
        );
        let block = "\
name: CI
on:
  push:
    branches: [main]
  # schedule is off
  workflow_dispatch:
  schedule:
    - cron: '0 3 * * *'
jobs:
  x: {}
";
        assert_eq!(
            github_triggers(block),
            ["push", "schedule", "workflow_dispatch"]
        );
    }

    #[test]
    fn uses_are_pinned_only_by_full_commit_ids_or_image_digests() {
        let uses = |text: &str| {
            parse_uses(&CommandLine {
                line: 1,
                key: "uses".into(),
                text: text.into(),
            })
        };
        assert!(uses("actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683").is_pinned());
        assert!(!uses("actions/checkout@v4").is_pinned());
        assert!(!uses("actions/checkout@11bd719").is_pinned());
        assert!(uses(&format!("docker://alpine@sha256:{}", "a".repeat(64))).is_pinned());
        assert!(uses("./.github/actions/build").local);
        assert_eq!(
            uses("GitHub/CodeQL-Action/analyze@v3").action,
            "github/codeql-action/analyze"
        );
    }
}
