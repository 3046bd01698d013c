//! Suggested evidence: small rules ("detectors") that read the repository and propose proof for
//! checklist items — a security policy with a contact, CI that runs an audit, a lock file.
//!
//! Each detector says what it found, where (file and lines, or a commit) and how sure it is. It
//! never says a practice is met: people decide that, and linking a proposal never changes an
//! item's status. [`scan`] is a pure function of the repository at HEAD and the catalog, safe
//! to run on a worker thread; [`pending`] drops what was dismissed or is linked already.
//!
//! Speed: tracked paths come from the git index once; detectors match paths by name first and
//! read only candidate files, as committed at HEAD, each at most [`repo::READ_CAP`] bytes, and
//! at most [`history::RECENT_COMMITS`] commits.

mod checks;
mod ci;
mod deps;
mod history;
mod policy;
mod release;
mod repo;
mod text;

use std::fmt;
use std::path::Path;

use git2::Repository;
use serde::Serialize;

use crate::model::progress::Evidence;
use crate::model::{Catalog, ItemProgress, Progress};

pub use text::Lines;

/// How sure a detector is that what it found bears on the item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// Related, but weak on its own (a policy file with no contact in it).
    Low,
    /// Part of the proof, or proof with a caveat (a check that may fail without failing CI).
    Medium,
    /// What the item's evidence hints ask for, found where it takes effect.
    High,
}

impl Confidence {
    /// The word shown and written in JSON.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }
}

impl fmt::Display for Confidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a finding points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Lines of a file as committed at HEAD.
    File {
        /// Repository-relative path.
        path: String,
        /// The matching lines.
        lines: Lines,
        /// The blob at HEAD.
        blob: String,
    },
    /// A commit.
    Commit {
        /// Full id.
        id: String,
        /// Other commits that show the same thing (other signed commits); linking any of them
        /// counts as linked.
        alike: Vec<String>,
    },
}

/// What one detector found in one place, and the items it bears on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The detector's id.
    pub detector: &'static str,
    /// Where.
    pub target: Target,
    /// One line saying what was found (never that a practice is met).
    pub text: String,
    /// Full item ids with the confidence for each.
    pub items: Vec<(&'static str, Confidence)>,
}

/// A detector: an id, what it looks for, the items it may propose, and the rule.
pub struct Detector {
    /// Stable id, used in `--detector` and in dismissals.
    pub id: &'static str,
    /// What it looks for, one line.
    pub looks_for: &'static str,
    /// Every full item id it may propose, in any framework.
    pub bears_on: &'static [&'static str],
    run: fn(&repo::Repo<'_>) -> Vec<Finding>,
}

impl fmt::Debug for Detector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Detector")
            .field("id", &self.id)
            .field("looks_for", &self.looks_for)
            .field("bears_on", &self.bears_on)
            .finish_non_exhaustive()
    }
}

/// Every detector, in the order their proposals are listed.
pub const DETECTORS: &[Detector] = &[
    policy::SECURITY_POLICY,
    policy::SECURITY_TXT,
    policy::CODEOWNERS,
    policy::THREAT_MODEL,
    deps::DEPENDABOT,
    deps::RENOVATE,
    deps::LOCK_FILES,
    deps::DEPENDENCY_POLICY,
    deps::TOOLCHAIN_PIN,
    checks::CI_TESTS,
    checks::CI_LINTERS,
    checks::CI_STATIC_ANALYSIS,
    checks::CI_DEPENDENCY_AUDIT,
    checks::CI_SECRET_SCANNING,
    checks::CI_FUZZING,
    checks::FUZZ_TARGETS,
    release::SBOM,
    release::RELEASE_SIGNING,
    release::BUILD_PROVENANCE,
    release::PINNED_ACTIONS,
    history::SIGNED_COMMITS,
    history::SIGNED_TAGS,
];

/// The detector with this id.
#[must_use]
pub fn detector(id: &str) -> Option<&'static Detector> {
    DETECTORS.iter().find(|d| d.id == id)
}

/// Proposed evidence for one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    /// Full item id.
    pub item: String,
    /// The detector that found it.
    pub detector: &'static str,
    /// How sure the detector is.
    pub confidence: Confidence,
    /// What it found, one line.
    pub finding: String,
    /// The evidence to link: a file pinned to its blob and the HEAD commit, or a commit.
    pub evidence: Evidence,
    /// Commits that show the same thing as a commit proposal; linking any counts as linked.
    pub alike: Vec<String>,
}

impl Proposal {
    /// True when `entry` already has this evidence: the same file (whatever lines), or the
    /// same commit or one [`Proposal::alike`] it.
    #[must_use]
    pub fn is_linked_in(&self, entry: &ItemProgress) -> bool {
        entry
            .evidence
            .iter()
            .any(|linked| match (&self.evidence, linked) {
                (Evidence::File { path: a, .. }, Evidence::File { path: b, .. }) => a == b,
                (Evidence::Commit { id: a }, Evidence::Commit { id: b }) => {
                    a == b || self.alike.contains(b)
                }
                (a, b) => a.same_target(b),
            })
    }
}

/// Why a scan could not run.
#[derive(Debug, thiserror::Error)]
pub enum SuggestError {
    /// The folder is not in a git repository; proposals are pinned to commits.
    #[error(
        "{} is not in a git repository; vouch suggest reads the repository's tracked files and history",
        .0.display()
    )]
    NotARepository(std::path::PathBuf),
    /// The repository has no commit yet, so there is nothing to pin evidence to.
    #[error(
        "the repository has no commits yet; vouch suggest proposes committed files, so commit first"
    )]
    NoCommits,
    /// Git failed while reading.
    #[error("cannot read the git repository at {}: {message}", .path.display())]
    Git {
        /// The repository.
        path: std::path::PathBuf,
        /// What git said.
        message: String,
    },
}

/// Runs every detector on the repository at `repo_root` (as committed at HEAD) and returns the
/// proposals for items the catalog has, in catalog order, then by detector and place. Dismissed and
/// already linked proposals are included; [`pending`] filters them.
pub fn scan(repo_root: &Path, catalog: &Catalog) -> Result<Vec<Proposal>, SuggestError> {
    let git = Repository::open(repo_root)
        .map_err(|_| SuggestError::NotARepository(repo_root.to_owned()))?;
    let repo = repo::Repo::open(&git)
        .map_err(|err| SuggestError::Git {
            path: repo_root.to_owned(),
            message: err.message().to_owned(),
        })?
        .ok_or(SuggestError::NoCommits)?;
    let findings: Vec<Finding> = DETECTORS.iter().flat_map(|d| (d.run)(&repo)).collect();
    Ok(proposals(&findings, &repo.head_id().to_string(), catalog))
}

/// Turns findings into proposals for the items `catalog` has.
fn proposals(findings: &[Finding], head: &str, catalog: &Catalog) -> Vec<Proposal> {
    let order = |id: &str| {
        DETECTORS
            .iter()
            .position(|d| d.id == id)
            .unwrap_or(usize::MAX)
    };
    let mut out: Vec<Proposal> = Vec::new();
    for finding in findings {
        let (evidence, alike) = match &finding.target {
            Target::File { path, lines, blob } => (
                Evidence::File {
                    path: path.clone(),
                    lines: Some(lines.as_evidence()),
                    blob: Some(blob.clone()),
                    at: Some(head.to_owned()),
                    confirmed: None,
                },
                Vec::new(),
            ),
            Target::Commit { id, alike } => (Evidence::Commit { id: id.clone() }, alike.clone()),
        };
        for (item, confidence) in &finding.items {
            if catalog.lookup(item).is_none() {
                continue;
            }
            out.push(Proposal {
                item: (*item).to_owned(),
                detector: finding.detector,
                confidence: *confidence,
                finding: finding.text.clone(),
                evidence: evidence.clone(),
                alike: alike.clone(),
            });
        }
    }
    // Items in catalog order (frameworks as loaded, items as in their files), as `vouch list`.
    let place = |id: &str| catalog.lookup(id).map(|at| (at.framework, at.item));
    out.sort_by(|a, b| {
        (place(&a.item), order(a.detector), a.evidence.to_string()).cmp(&(
            place(&b.item),
            order(b.detector),
            b.evidence.to_string(),
        ))
    });
    out.dedup_by(|b, a| a.item == b.item && a.detector == b.detector && a.evidence == b.evidence);
    out
}

/// The proposals still waiting for a decision: not dismissed for their item and detector, and
/// not linked to their item already.
#[must_use]
pub fn pending(proposals: Vec<Proposal>, progress: &Progress) -> Vec<Proposal> {
    proposals
        .into_iter()
        .filter(|p| {
            progress
                .get(&p.item)
                .is_none_or(|entry| !entry.has_dismissed(p.detector) && !p.is_linked_in(entry))
        })
        .collect()
}

/// A finding on the lines of a file read at HEAD.
fn file_finding(
    detector: &'static str,
    file: &repo::FileText,
    lines: Lines,
    text: String,
    items: Vec<(&'static str, Confidence)>,
) -> Finding {
    Finding {
        detector,
        target: Target::File {
            path: file.path.clone(),
            lines,
            blob: file.blob.to_string(),
        },
        text,
        items,
    }
}

/// The confidence of `base` lowered to at most `cap`.
fn capped(
    items: &[(&'static str, Confidence)],
    cap: Confidence,
) -> Vec<(&'static str, Confidence)> {
    items.iter().map(|&(id, c)| (id, c.min(cap))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::progress::{Dismissal, Stamp};

    fn proposal(item: &str, detector: &'static str, path: &str) -> Proposal {
        Proposal {
            item: item.into(),
            detector,
            confidence: Confidence::High,
            finding: "found".into(),
            evidence: Evidence::File {
                path: path.into(),
                lines: Some("3-4".into()),
                blob: Some("b".into()),
                at: Some("c".into()),
                confirmed: None,
            },
            alike: Vec::new(),
        }
    }

    fn stamp() -> Stamp {
        Stamp {
            by: "Ada <ada@example.com>".into(),
            at: "2026-11-27T18:00:00Z".into(),
        }
    }

    #[test]
    fn pending_drops_dismissed_detectors_and_files_already_linked() {
        let all = vec![
            proposal("a:1", "security-policy", "SECURITY.md"),
            proposal("a:2", "security-policy", "SECURITY.md"),
            proposal("a:3", "lock-files", "Cargo.lock"),
            proposal("a:3", "dependabot", ".github/dependabot.yml"),
        ];
        let mut progress = Progress::default();
        progress.dismiss("a:1", "security-policy", &stamp());
        progress
            .link(
                "a:3",
                Evidence::File {
                    path: "Cargo.lock".into(),
                    lines: None,
                    blob: Some("old".into()),
                    at: None,
                    confirmed: None,
                },
                &stamp(),
            )
            .unwrap();
        let left: Vec<(String, &str)> = pending(all, &progress)
            .into_iter()
            .map(|p| (p.item, p.detector))
            .collect();
        assert_eq!(
            left,
            vec![
                ("a:2".to_owned(), "security-policy"),
                ("a:3".to_owned(), "dependabot")
            ]
        );
        assert_eq!(
            progress.get("a:1").unwrap().dismissed,
            vec![Dismissal {
                detector: "security-policy".into(),
                by: Some("Ada <ada@example.com>".into()),
                on: Some("2026-11-27T18:00:00Z".into()),
            }]
        );
    }

    #[test]
    fn a_commit_proposal_counts_as_linked_when_a_commit_alike_it_is() {
        let signed = Proposal {
            evidence: Evidence::Commit { id: "new".into() },
            alike: vec!["old".into()],
            ..proposal("a:1", "signed-commits", "")
        };
        let mut progress = Progress::default();
        progress
            .link("a:1", Evidence::Commit { id: "old".into() }, &stamp())
            .unwrap();
        assert!(pending(vec![signed.clone()], &progress).is_empty());
        assert_eq!(pending(vec![signed], &Progress::default()).len(), 1);
    }

    #[test]
    fn detector_ids_are_unique_and_every_item_they_name_is_bundled() {
        let loaded = crate::store::load::load_catalog(
            &crate::store::load::Sources::default(),
            None,
            Path::new("."),
        );
        let catalog = loaded.catalog;
        let mut ids: Vec<&str> = DETECTORS.iter().map(|d| d.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), DETECTORS.len(), "duplicate detector id");
        assert!(DETECTORS.len() >= 15);
        for d in DETECTORS {
            assert!(!d.bears_on.is_empty(), "{} bears on nothing", d.id);
            for item in d.bears_on {
                assert!(
                    catalog.lookup(item).is_some(),
                    "{} names {item}, which no bundled checklist has",
                    d.id
                );
            }
        }
    }

    #[test]
    fn docs_list_every_detector_with_every_item_it_may_propose() {
        let doc = include_str!("../../docs/SUGGEST.md");
        for d in DETECTORS {
            let row = doc
                .lines()
                .find(|l| l.starts_with(&format!("| `{}` |", d.id)))
                .unwrap_or_else(|| panic!("docs/SUGGEST.md has no row for {}", d.id));
            for item in d.bears_on {
                assert!(
                    row.contains(&format!("`{item}`")),
                    "the {} row of docs/SUGGEST.md does not name {item}",
                    d.id
                );
            }
        }
    }

    #[test]
    fn proposals_are_only_for_items_the_catalog_has() {
        let finding = Finding {
            detector: "security-policy",
            target: Target::File {
                path: "SECURITY.md".into(),
                lines: Lines::span(3, 4),
                blob: "b".into(),
            },
            text: "t".into(),
            items: vec![
                ("uk-sscop:3.2-C1", Confidence::High),
                ("nowhere:1", Confidence::High),
            ],
        };
        let loaded = crate::store::load::load_catalog(
            &crate::store::load::Sources::default(),
            Some(&["uk-sscop".to_owned()]),
            Path::new("."),
        );
        let out = proposals(&[finding], "head", &loaded.catalog);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].item, "uk-sscop:3.2-C1");
        assert_eq!(
            out[0].evidence,
            Evidence::File {
                path: "SECURITY.md".into(),
                lines: Some("3-4".into()),
                blob: Some("b".into()),
                at: Some("head".into()),
                confirmed: None,
            }
        );
    }
}
