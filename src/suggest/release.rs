//! Detectors for the release path: SBOM generation, signing, build provenance, and GitHub
//! Actions pinned to commit ids.

use super::Confidence::{High, Medium};
use super::checks::{CheckRule, When, action_matches, run_rule};
use super::ci::{CiKind, ci_files};
use super::repo::{FileText, Repo, file_name, is_foreign};
use super::text::{
    Lines, Pattern, contains_ci, counted, ends_with_ci, indent, split_key, strip_hash_comment,
};
use super::{Confidence, Detector, Finding, capped, file_finding};

fn keep_all(_: &[String]) -> bool {
    false
}

/// SBOMs: generated in CI or by `GoReleaser`, or committed.
pub const SBOM: Detector = Detector {
    id: "sbom",
    looks_for: "SBOM generation in CI or GoReleaser (cargo cyclonedx, cargo sbom, syft, cdxgen, cyclonedx-*, Trivy with CycloneDX/SPDX output, anchore/sbom-action), or a committed CycloneDX/SPDX file",
    bears_on: &[
        "uk-sscop:1.2-C1",
        "nist-ssdf:PS.3.2",
        "eu-cra:CRA-II-1",
        "owasp-samm:I-SB-B",
    ],
    run: sbom,
};

const SBOM_ITEMS: &[(&str, Confidence, When)] = &[
    ("uk-sscop:1.2-C1", High, When::Always),
    ("nist-ssdf:PS.3.2", High, When::Always),
    ("eu-cra:CRA-II-1", High, When::Always),
    ("owasp-samm:I-SB-B", Medium, When::Always),
];

const SBOM_RULE: CheckRule = CheckRule {
    detector: "sbom",
    commands: &[
        Pattern::Seq(&["cargo", "cyclonedx"]),
        Pattern::Seq(&["cargo-cyclonedx"]),
        Pattern::Seq(&["cargo", "sbom"]),
        Pattern::Seq(&["cargo-sbom"]),
        Pattern::Seq(&["syft"]),
        Pattern::Seq(&["cdxgen"]),
        Pattern::Seq(&["cyclonedx-*"]),
        Pattern::Seq(&["cyclonedx"]),
        Pattern::Seq(&["spdx-sbom-generator"]),
        Pattern::Seq(&["sbom-tool"]),
        Pattern::All(&["trivy", "cyclonedx"]),
        Pattern::All(&["trivy", "spdx*"]),
    ],
    actions: &[
        "anchore/sbom-action",
        "cyclonedx/gh-",
        "microsoft/sbom-tool",
    ],
    reject: keep_all,
    items: SBOM_ITEMS,
    release_step: true,
};

fn sbom(repo: &Repo<'_>) -> Vec<Finding> {
    let mut out = run_rule(repo, &SBOM_RULE);
    out.extend(goreleaser_section(
        repo,
        "sbom",
        "sboms",
        "generation of SBOMs",
        SBOM_ITEMS,
    ));
    let items: Vec<(&'static str, Confidence)> =
        SBOM_ITEMS.iter().map(|&(id, c, _)| (id, c)).collect();
    let committed = repo.paths().iter().filter(|p| {
        let name = file_name(p);
        let named = [".cdx.json", ".cdx.xml", ".spdx", ".spdx.json", ".spdx.yaml"]
            .iter()
            .any(|ext| ends_with_ci(name, ext))
            || ((contains_ci(name, "sbom")
                || name.eq_ignore_ascii_case("bom.json")
                || name.eq_ignore_ascii_case("bom.xml"))
                && (ends_with_ci(name, ".json") || ends_with_ci(name, ".xml")));
        named && !is_foreign(p)
    });
    for path in committed.take(3) {
        let Some(file) = repo.read(path) else {
            continue;
        };
        let Some((line, format)) = file.numbered().take(200).find_map(|(n, l)| {
            if l.contains("CycloneDX") || l.contains("cyclonedx.org/schema") {
                Some((n, "CycloneDX"))
            } else if l.contains("spdxVersion") || l.contains("SPDXVersion") {
                Some((n, "SPDX"))
            } else {
                None
            }
        }) else {
            continue;
        };
        let text = format!(
            "{} is a committed {format} SBOM ({}); a committed SBOM is only as current as its last update",
            file.path,
            Lines::one(line).describe()
        );
        out.push(file_finding(
            "sbom",
            &file,
            Lines::one(line),
            text,
            capped(&items, Medium),
        ));
    }
    out
}

/// Release signing steps.
pub const RELEASE_SIGNING: Detector = Detector {
    id: "release-signing",
    looks_for: "steps that sign release artefacts (cosign sign, sigstore, gpg --detach-sign, minisign, signify, jarsigner, signtool, GoReleaser signs)",
    bears_on: &[
        "uk-sscop:3.1-C1",
        "uk-sscop:3.5-C2",
        "nist-ssdf:PS.2.1",
        "eu-cra:CRA-II-7",
    ],
    run: release_signing,
};

const SIGNING_ITEMS: &[(&str, Confidence, When)] = &[
    ("uk-sscop:3.1-C1", High, When::Always),
    ("uk-sscop:3.5-C2", Medium, When::Always),
    ("nist-ssdf:PS.2.1", High, When::Always),
    ("eu-cra:CRA-II-7", High, When::Always),
];

const SIGNING_RULE: CheckRule = CheckRule {
    detector: "release-signing",
    commands: &[
        Pattern::Seq(&["cosign", "sign"]),
        Pattern::Seq(&["cosign", "sign-blob"]),
        Pattern::Seq(&["sigstore", "sign"]),
        Pattern::All(&["gpg", "--detach-sign"]),
        Pattern::All(&["gpg", "--detach-sig"]),
        Pattern::All(&["gpg", "--clearsign"]),
        Pattern::All(&["gpg", "--sign"]),
        Pattern::All(&["minisign", "-s"]),
        Pattern::All(&["signify", "-s"]),
        Pattern::Seq(&["jarsigner"]),
        Pattern::Seq(&["signtool", "sign"]),
        Pattern::Seq(&["rpmsign"]),
        Pattern::Seq(&["debsign"]),
    ],
    actions: &[
        "sigstore/gh-action-sigstore-python",
        "sigstore/cosign-installer",
    ],
    reject: keep_all,
    items: SIGNING_ITEMS,
    release_step: true,
};

fn release_signing(repo: &Repo<'_>) -> Vec<Finding> {
    let mut out = run_rule(repo, &SIGNING_RULE);
    out.extend(goreleaser_section(
        repo,
        "release-signing",
        "signs",
        "signing of release artefacts",
        SIGNING_ITEMS,
    ));
    out.extend(goreleaser_section(
        repo,
        "release-signing",
        "docker_signs",
        "signing of container images",
        SIGNING_ITEMS,
    ));
    out
}

/// Build provenance (attestations) for releases.
pub const BUILD_PROVENANCE: Detector = Detector {
    id: "build-provenance",
    looks_for: "steps that make signed build provenance (slsa-github-generator, actions/attest-build-provenance, npm publish --provenance, cosign attest, witness, in-toto)",
    bears_on: &[
        "slsa-build:L1",
        "slsa-build:L2",
        "slsa-build:L3",
        "nist-ssdf:PS.3.2",
        "nist-ssdf:PO.3.3",
        "uk-sscop:3.1-C1",
    ],
    run: build_provenance,
};

const PROVENANCE_RULE: CheckRule = CheckRule {
    detector: "build-provenance",
    commands: &[
        Pattern::All(&["npm", "publish", "--provenance"]),
        Pattern::Seq(&["cosign", "attest"]),
        Pattern::Seq(&["cosign", "attest-blob"]),
        Pattern::Seq(&["witness", "run"]),
        Pattern::Seq(&["in-toto-run"]),
    ],
    actions: &[
        "actions/attest-build-provenance",
        "actions/attest",
        "slsa-framework/slsa-github-generator/",
    ],
    reject: keep_all,
    items: &[
        ("slsa-build:L1", High, When::Always),
        ("slsa-build:L2", Medium, When::Always),
        ("nist-ssdf:PS.3.2", High, When::Always),
        ("nist-ssdf:PO.3.3", Medium, When::Always),
        ("uk-sscop:3.1-C1", Medium, When::Always),
    ],
    release_step: true,
};

fn build_provenance(repo: &Repo<'_>) -> Vec<Finding> {
    let mut out = run_rule(repo, &PROVENANCE_RULE);
    // The SLSA generator's documentation claims Build L3 for its builders; say so only where
    // it is the generator that runs.
    let files = ci_files(repo);
    for finding in &mut out {
        let super::Target::File { path, lines, .. } = &finding.target else {
            continue;
        };
        let generator = files.iter().any(|ci| {
            &ci.file.path == path
                && ci.uses.iter().any(|u| {
                    u.line >= lines.start
                        && u.line <= lines.end
                        && action_matches(&u.action, "slsa-framework/slsa-github-generator/")
                })
        });
        if generator {
            finding.items.push(("slsa-build:L3", Medium));
        }
    }
    out
}

/// A top-level section of the `GoReleaser` configuration, if there is one.
fn goreleaser_section(
    repo: &Repo<'_>,
    detector: &'static str,
    key: &str,
    what: &str,
    items: &[(&'static str, Confidence, When)],
) -> Option<Finding> {
    let path = repo.first_of(&[
        ".goreleaser.yml",
        ".goreleaser.yaml",
        "goreleaser.yml",
        "goreleaser.yaml",
    ])?;
    let file = repo.read(path)?;
    let lines = top_level_block(&file, key)?;
    let ran = ci_files(repo).iter().any(|ci| {
        ci.kind != CiKind::PreCommit
            && (ci
                .uses
                .iter()
                .any(|u| action_matches(&u.action, "goreleaser/goreleaser-action"))
                || ci.commands.iter().any(|c| {
                    super::text::command_words(&c.text)
                        .iter()
                        .any(|w| w == "goreleaser")
                }))
    });
    let items: Vec<(&'static str, Confidence)> = items.iter().map(|&(id, c, _)| (id, c)).collect();
    let (text, cap) = if ran {
        (
            format!(
                "{} configures {what} in `{key}:` ({}), and CI runs GoReleaser",
                file.path,
                lines.describe()
            ),
            High,
        )
    } else {
        (
            format!(
                "{} configures {what} in `{key}:` ({}); no CI file was seen running GoReleaser",
                file.path,
                lines.describe()
            ),
            Medium,
        )
    };
    Some(file_finding(
        detector,
        &file,
        lines,
        text,
        capped(&items, cap),
    ))
}

/// The lines of a top-level YAML key and the block under it.
fn top_level_block(file: &FileText, key: &str) -> Option<Lines> {
    let mut start = None;
    let mut end = 0;
    for (n, raw) in file.numbered() {
        let content = strip_hash_comment(raw);
        if content.trim().is_empty() {
            continue;
        }
        let top = indent(content) == 0;
        match start {
            None if top && split_key(content).is_some_and(|(k, _)| k == key) => {
                start = Some(n);
                end = n;
            }
            Some(_) if top => break,
            Some(_) => end = n,
            None => {}
        }
    }
    start.map(|s| Lines::span(s, end))
}

/// GitHub Actions pinned to full commit ids.
pub const PINNED_ACTIONS: Detector = Detector {
    id: "pinned-actions",
    looks_for: "GitHub workflows whose every `uses:` names its action by a full 40-hex commit id (or an image by sha256 digest); fires only when all of them, across all workflows, are pinned",
    bears_on: &["nist-ssdf:PO.3.2", "uk-sscop:1.2-C2", "uk-sscop:1.1-C3"],
    run: pinned_actions,
};

fn pinned_actions(repo: &Repo<'_>) -> Vec<Finding> {
    let files = ci_files(repo);
    let workflows: Vec<_> = files
        .iter()
        .filter(|ci| ci.kind == CiKind::GitHub && ci.uses.iter().any(|u| !u.local))
        .collect();
    let total: usize = workflows
        .iter()
        .map(|ci| ci.uses.iter().filter(|u| !u.local).count())
        .sum();
    let pinned: usize = workflows
        .iter()
        .map(|ci| ci.uses.iter().filter(|u| !u.local && u.is_pinned()).count())
        .sum();
    if total == 0 || pinned < total {
        return Vec::new();
    }
    workflows
        .iter()
        .map(|ci| {
            let lines: Vec<usize> = ci
                .uses
                .iter()
                .filter(|u| !u.local)
                .map(|u| u.line)
                .collect();
            let range = Lines::span(lines[0], lines[lines.len() - 1]);
            let these = if lines.len() == 1 {
                format!("the one `uses:` in {} names", ci.file.path)
            } else {
                format!("all {} `uses:` in {} name", lines.len(), ci.file.path)
            };
            let text = format!(
                "{these} an action by full commit id ({}); across {}, {pinned} of {total} are pinned",
                range.describe(),
                counted(workflows.len(), "workflow"),
            );
            file_finding(
                "pinned-actions",
                &ci.file,
                range,
                text,
                vec![
                    ("nist-ssdf:PO.3.2", High),
                    ("uk-sscop:1.2-C2", Medium),
                    ("uk-sscop:1.1-C3", Medium),
                ],
            )
        })
        .collect()
}
