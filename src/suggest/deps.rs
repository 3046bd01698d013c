//! Detectors for dependencies and tools: update bots, lock files, dependency policies, and
//! pinned toolchains.

use super::Confidence::{High, Low, Medium};
use super::repo::{FileText, Repo, file_name, folder, is_foreign};
use super::text::{Lines, and_list, counted, split_key, strip_hash_comment, unquote};
use super::{Detector, Finding, file_finding};

/// Dependabot version updates.
pub const DEPENDABOT: Detector = Detector {
    id: "dependabot",
    looks_for: ".github/dependabot.yml with `updates:` entries (package-ecosystem and schedule)",
    bears_on: &[
        "uk-sscop:1.2-C5",
        "uk-sscop:1.1-C3",
        "nist-ssdf:PW.4.1",
        "nist-ssdf:PO.3.2",
        "owasp-samm:I-SB-B",
    ],
    run: dependabot,
};

fn dependabot(repo: &Repo<'_>) -> Vec<Finding> {
    let Some(path) = repo.first_of(&[".github/dependabot.yml", ".github/dependabot.yaml"]) else {
        return Vec::new();
    };
    let Some(file) = repo.read(path) else {
        return Vec::new();
    };
    let mut ecosystems: Vec<(usize, String)> = Vec::new();
    let mut intervals: Vec<(usize, String)> = Vec::new();
    for (n, raw) in file.numbered() {
        let content = strip_hash_comment(raw).trim();
        let content = content.strip_prefix("- ").unwrap_or(content).trim();
        match split_key(content) {
            Some((key, value)) if key == "package-ecosystem" => {
                ecosystems.push((n, unquote(value).to_owned()));
            }
            Some((key, value)) if key == "interval" => {
                intervals.push((n, unquote(value).to_owned()));
            }
            _ => {}
        }
    }
    let Some(first) = ecosystems.first().map(|e| e.0) else {
        return Vec::new();
    };
    let last = ecosystems
        .iter()
        .map(|e| e.0)
        .chain(intervals.iter().map(|i| i.0))
        .max()
        .unwrap_or(first);
    let range = Lines::span(first, last);
    let names: Vec<String> = ecosystems.iter().map(|(_, e)| e.clone()).collect();
    let mut schedule: Vec<String> = intervals.iter().map(|(_, i)| i.clone()).collect();
    schedule.sort();
    schedule.dedup();
    let schedule_text = if schedule.is_empty() {
        "with no schedule".to_owned()
    } else {
        format!("on a {} schedule", and_list(&schedule))
    };
    let tools = names
        .iter()
        .any(|e| matches!(e.as_str(), "github-actions" | "docker" | "docker-compose"));
    let text = format!(
        "{} asks Dependabot for updates of {} {schedule_text} ({})",
        file.path,
        and_list(&names),
        range.describe()
    );
    let mut items = vec![
        (
            "uk-sscop:1.2-C5",
            if schedule.is_empty() { Medium } else { High },
        ),
        ("nist-ssdf:PW.4.1", Medium),
        ("owasp-samm:I-SB-B", Medium),
    ];
    if tools {
        items.push(("uk-sscop:1.1-C3", Medium));
        items.push(("nist-ssdf:PO.3.2", Medium));
    }
    vec![file_finding("dependabot", &file, range, text, items)]
}

/// Renovate configuration.
pub const RENOVATE: Detector = Detector {
    id: "renovate",
    looks_for: "Renovate configuration (renovate.json, renovate.json5, .github/renovate.json, .gitlab/renovate.json, .renovaterc, .renovaterc.json); a config with \"enabled\": false does not count",
    bears_on: &[
        "uk-sscop:1.2-C5",
        "uk-sscop:1.1-C3",
        "nist-ssdf:PW.4.1",
        "nist-ssdf:PO.3.2",
        "owasp-samm:I-SB-B",
    ],
    run: renovate,
};

fn renovate(repo: &Repo<'_>) -> Vec<Finding> {
    let Some(path) = repo.first_of(&[
        "renovate.json",
        "renovate.json5",
        ".github/renovate.json",
        ".github/renovate.json5",
        ".gitlab/renovate.json",
        ".gitlab/renovate.json5",
        ".renovaterc",
        ".renovaterc.json",
        ".renovaterc.json5",
    ]) else {
        return Vec::new();
    };
    let Some(file) = repo.read(path) else {
        return Vec::new();
    };
    let mut disabled = false;
    let mut keys: Vec<(usize, String)> = Vec::new();
    for (n, raw) in file.numbered() {
        let content = raw.split("//").next().unwrap_or_default().trim();
        let compact: String = content.chars().filter(|c| !c.is_whitespace()).collect();
        if compact.starts_with("\"enabled\":false") || compact.starts_with("enabled:false") {
            // Only the top level matters; a nested "enabled": false switches off one rule.
            if raw.len() - raw.trim_start().len() <= 2 {
                disabled = true;
            }
        }
        for key in [
            "extends",
            "schedule",
            "packageRules",
            "lockFileMaintenance",
            "vulnerabilityAlerts",
        ] {
            if compact.starts_with(&format!("\"{key}\":"))
                || compact.starts_with(&format!("{key}:"))
            {
                keys.push((n, key.to_owned()));
            }
        }
    }
    if disabled {
        return Vec::new();
    }
    let range = match (keys.first(), keys.last()) {
        (Some(first), Some(last)) => Lines::span(first.0, last.0),
        _ => Lines::span(1, file.line_count().max(1)),
    };
    let names: Vec<String> = keys.iter().map(|(_, k)| format!("`{k}`")).collect();
    let settings = if names.is_empty() {
        "with Renovate's defaults".to_owned()
    } else {
        format!("setting {}", and_list(&names))
    };
    let scheduled = keys.iter().any(|(_, k)| k == "schedule");
    let text = format!(
        "{} configures Renovate {settings} ({})",
        file.path,
        range.describe()
    );
    vec![file_finding(
        "renovate",
        &file,
        range,
        text,
        vec![
            ("uk-sscop:1.2-C5", if scheduled { High } else { Medium }),
            ("nist-ssdf:PW.4.1", Medium),
            ("owasp-samm:I-SB-B", Medium),
            // Renovate updates GitHub Actions and Docker images unless told not to.
            ("uk-sscop:1.1-C3", Medium),
            ("nist-ssdf:PO.3.2", Medium),
        ],
    )]
}

/// How a lock file records checksums.
struct LockKind {
    name: &'static str,
    ecosystem: &'static str,
    /// A line holding a checksum contains this.
    checksum: &'static str,
}

const LOCK_KINDS: &[LockKind] = &[
    LockKind {
        name: "Cargo.lock",
        ecosystem: "Cargo",
        checksum: "checksum = \"",
    },
    LockKind {
        name: "package-lock.json",
        ecosystem: "npm",
        checksum: "\"integrity\":",
    },
    LockKind {
        name: "npm-shrinkwrap.json",
        ecosystem: "npm",
        checksum: "\"integrity\":",
    },
    LockKind {
        name: "yarn.lock",
        ecosystem: "Yarn",
        checksum: "integrity ",
    },
    LockKind {
        name: "pnpm-lock.yaml",
        ecosystem: "pnpm",
        checksum: "integrity: ",
    },
    LockKind {
        name: "poetry.lock",
        ecosystem: "Poetry",
        checksum: "sha256:",
    },
    LockKind {
        name: "Pipfile.lock",
        ecosystem: "Pipenv",
        checksum: "\"sha256:",
    },
    LockKind {
        name: "uv.lock",
        ecosystem: "uv",
        checksum: "sha256:",
    },
    LockKind {
        name: "go.sum",
        ecosystem: "Go modules",
        checksum: " h1:",
    },
    LockKind {
        name: "Gemfile.lock",
        ecosystem: "Bundler",
        checksum: "sha256=",
    },
    LockKind {
        name: "composer.lock",
        ecosystem: "Composer",
        checksum: "\"shasum\": \"",
    },
    LockKind {
        name: "bun.lock",
        ecosystem: "Bun",
        checksum: "sha512-",
    },
    LockKind {
        name: "flake.lock",
        ecosystem: "Nix",
        checksum: "\"narHash\":",
    },
    LockKind {
        name: "packages.lock.json",
        ecosystem: "NuGet",
        checksum: "\"contentHash\":",
    },
];

/// Committed lock files.
pub const LOCK_FILES: Detector = Detector {
    id: "lock-files",
    looks_for: "committed lock files (Cargo.lock, package-lock.json, yarn.lock, pnpm-lock.yaml, poetry.lock, Pipfile.lock, uv.lock, go.sum, Gemfile.lock, composer.lock, ...), outside vendored and example folders, and whether they record checksums",
    bears_on: &[
        "uk-sscop:1.2-C1",
        "uk-sscop:1.2-C2",
        "nist-ssdf:PW.4.1",
        "nist-ssdf:PW.4.4",
        "owasp-samm:I-SB-B",
    ],
    run: lock_files,
};

fn lock_files(repo: &Repo<'_>) -> Vec<Finding> {
    const MAX_FILES: usize = 5;
    let names: Vec<&str> = LOCK_KINDS.iter().map(|k| k.name).collect();
    let mut found: Vec<&str> = repo
        .named(&names)
        .into_iter()
        .filter(|p| !is_foreign(p))
        .collect();
    // The shallowest first: the project's own lock files before those of sub-projects.
    found.sort_by_key(|p| (p.matches('/').count(), *p));
    found
        .into_iter()
        .take(MAX_FILES)
        .filter_map(|path| {
            let kind = LOCK_KINDS
                .iter()
                .find(|k| k.name.eq_ignore_ascii_case(file_name(path)))?;
            let file = repo.read(path)?;
            Some(lock_finding(&file, kind))
        })
        .collect()
}

fn lock_finding(file: &FileText, kind: &LockKind) -> Finding {
    let mut count = 0usize;
    let mut first = 0usize;
    let mut last = 0usize;
    for (n, line) in file.numbered() {
        let matches = if kind.name == "composer.lock" {
            line.contains(kind.checksum) && !line.contains("\"shasum\": \"\"")
        } else {
            line.contains(kind.checksum)
        };
        if matches {
            count += 1;
            if first == 0 {
                first = n;
            }
            last = n;
        }
    }
    let at_least = if file.truncated { "at least " } else { "" };
    let place = if folder(&file.path).is_empty() {
        String::new()
    } else {
        format!(" in {}", folder(&file.path))
    };
    if count == 0 {
        let range = Lines::span(1, file.line_count().max(1));
        let text = format!(
            "{} locks {} dependency versions{place} but records no checksums ({})",
            file.path,
            kind.ecosystem,
            range.describe()
        );
        return file_finding(
            "lock-files",
            file,
            range,
            text,
            vec![
                ("uk-sscop:1.2-C1", Medium),
                ("nist-ssdf:PW.4.1", Medium),
                ("owasp-samm:I-SB-B", Low),
            ],
        );
    }
    let range = Lines::span(first, last);
    let text = format!(
        "{} locks {} dependency versions{place} with {at_least}{} ({})",
        file.path,
        kind.ecosystem,
        counted(count, "checksum"),
        range.describe()
    );
    file_finding(
        "lock-files",
        file,
        range,
        text,
        vec![
            ("uk-sscop:1.2-C1", Medium),
            ("uk-sscop:1.2-C2", Medium),
            ("nist-ssdf:PW.4.1", Medium),
            ("nist-ssdf:PW.4.4", Medium),
            ("owasp-samm:I-SB-B", Low),
        ],
    )
}

/// Dependency policies: cargo-deny configuration and cargo-vet audits.
pub const DEPENDENCY_POLICY: Detector = Detector {
    id: "dependency-policy",
    looks_for: "a cargo-deny deny.toml with [advisories], [bans], [licenses] or [sources], and cargo-vet audits in supply-chain/audits.toml",
    bears_on: &["uk-sscop:1.2-C3", "nist-ssdf:PW.4.1"],
    run: dependency_policy,
};

fn dependency_policy(repo: &Repo<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    if let Some(file) = repo
        .first_of(&["deny.toml", ".cargo/deny.toml"])
        .and_then(|p| repo.read(p))
    {
        let sections: Vec<(usize, String)> = file
            .numbered()
            .filter_map(|(n, l)| {
                let t = strip_hash_comment(l).trim();
                ["[advisories]", "[bans]", "[licenses]", "[sources]"]
                    .contains(&t)
                    .then(|| (n, t.trim_matches(['[', ']']).to_owned()))
            })
            .collect();
        if let (Some(first), Some(last)) = (sections.first(), sections.last()) {
            let range = Lines::span(first.0, last.0 + section_length(&file, last.0));
            let names: Vec<String> = sections.iter().map(|(_, s)| s.clone()).collect();
            let text = format!(
                "{} sets cargo-deny rules for {} ({}); the file alone does not show that CI runs cargo deny",
                file.path,
                and_list(&names),
                range.describe()
            );
            out.push(file_finding(
                "dependency-policy",
                &file,
                range,
                text,
                vec![("uk-sscop:1.2-C3", Medium), ("nist-ssdf:PW.4.1", Medium)],
            ));
        }
    }
    if let Some(file) = repo.read("supply-chain/audits.toml") {
        let audits: Vec<usize> = file
            .numbered()
            .filter(|(_, l)| l.trim_start().starts_with("[[audits."))
            .map(|(n, _)| n)
            .collect();
        if let (Some(&first), Some(&last)) = (audits.first(), audits.last()) {
            let range = Lines::span(first, last + section_length(&file, last));
            let text = format!(
                "{} records {} of dependencies with cargo-vet ({})",
                file.path,
                counted(audits.len(), "review"),
                range.describe()
            );
            out.push(file_finding(
                "dependency-policy",
                &file,
                range,
                text,
                vec![("uk-sscop:1.2-C3", High), ("nist-ssdf:PW.4.1", High)],
            ));
        }
    }
    out
}

/// How many lines after the TOML table header at `line` belong to it.
fn section_length(file: &FileText, line: usize) -> usize {
    file.text
        .lines()
        .skip(line)
        .take_while(|l| !l.trim_start().starts_with('['))
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .last()
        .map_or(0, |(i, _)| i + 1)
}

/// Toolchains pinned to a version.
pub const TOOLCHAIN_PIN: Detector = Detector {
    id: "toolchain-pin",
    looks_for: "toolchain versions pinned at the top of the repository (rust-toolchain.toml or rust-toolchain with a version, .tool-versions, .nvmrc, .node-version, .python-version, .ruby-version, .go-version, go.mod toolchain); moving channels such as stable or lts/* do not count",
    bears_on: &["uk-sscop:1.1-C3", "nist-ssdf:PW.6.1"],
    run: toolchain_pin,
};

fn toolchain_pin(repo: &Repo<'_>) -> Vec<Finding> {
    let candidates = [
        "rust-toolchain.toml",
        "rust-toolchain",
        ".tool-versions",
        ".nvmrc",
        ".node-version",
        ".python-version",
        ".ruby-version",
        ".go-version",
        "go.mod",
    ];
    let mut out = Vec::new();
    for name in candidates {
        let Some(path) = repo.first_of(&[name]) else {
            continue;
        };
        let Some(file) = repo.read(path) else {
            continue;
        };
        let pins: Vec<(usize, String)> = file
            .numbered()
            .filter_map(|(n, raw)| pinned_version(name, raw).map(|v| (n, v)))
            .collect();
        let (Some(first), Some(last)) = (pins.first(), pins.last()) else {
            continue;
        };
        let range = Lines::span(first.0, last.0);
        let versions: Vec<String> = pins.iter().map(|(_, v)| v.clone()).collect();
        let text = format!(
            "{} pins {} ({})",
            file.path,
            and_list(&versions),
            range.describe()
        );
        out.push(file_finding(
            "toolchain-pin",
            &file,
            range,
            text,
            vec![("uk-sscop:1.1-C3", Medium), ("nist-ssdf:PW.6.1", Medium)],
        ));
    }
    out
}

/// The pinned version on one line of a toolchain file, if it pins one.
fn pinned_version(file: &str, raw: &str) -> Option<String> {
    let line = strip_hash_comment(raw).trim();
    let has_digit_version = |v: &str| {
        let v = v.trim_start_matches(['v', 'V']);
        v.chars().next().is_some_and(|c| c.is_ascii_digit())
    };
    match file {
        "rust-toolchain.toml" => {
            let (key, value) = line.split_once('=')?;
            let value = unquote(value.trim());
            (key.trim() == "channel"
                && (has_digit_version(value) || value.contains('-') && value.contains("20")))
            .then(|| format!("Rust {value}"))
        }
        "rust-toolchain" => (has_digit_version(line) || line.starts_with("nightly-20"))
            .then(|| format!("Rust {line}")),
        ".tool-versions" => {
            let mut words = line.split_whitespace();
            let tool = words.next()?;
            let version = words.next()?;
            has_digit_version(version).then(|| format!("{tool} {version}"))
        }
        "go.mod" => line
            .strip_prefix("toolchain ")
            .map(|v| format!("Go toolchain {}", v.trim())),
        other => {
            let tool = match other {
                ".nvmrc" | ".node-version" => "Node.js",
                ".python-version" => "Python",
                ".ruby-version" => "Ruby",
                _ => "Go",
            };
            has_digit_version(line).then(|| format!("{tool} {line}"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_versions_count_as_pins_not_moving_channels() {
        assert_eq!(
            pinned_version("rust-toolchain.toml", "channel = \"1.88.0\""),
            Some("Rust 1.88.0".into())
        );
        assert_eq!(
            pinned_version("rust-toolchain.toml", "channel = \"nightly-2026-01-02\""),
            Some("Rust nightly-2026-01-02".into())
        );
        assert_eq!(
            pinned_version("rust-toolchain.toml", "channel = \"stable\""),
            None
        );
        assert_eq!(pinned_version(".nvmrc", "lts/*"), None);
        assert_eq!(
            pinned_version(".nvmrc", "v20.11.1"),
            Some("Node.js v20.11.1".into())
        );
        assert_eq!(
            pinned_version(".tool-versions", "python 3.12.2 # dev"),
            Some("python 3.12.2".into())
        );
        assert_eq!(pinned_version("go.mod", "go 1.22"), None);
        assert_eq!(
            pinned_version("go.mod", "toolchain go1.22.3"),
            Some("Go toolchain go1.22.3".into())
        );
    }
}
