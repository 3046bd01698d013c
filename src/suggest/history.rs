//! Detectors over history: signed commits among the recent ones, and signed tags. Signatures
//! are seen, not verified: vouch holds no keys.

use git2::{ObjectType, Oid};

use super::Confidence::{High, Low, Medium};
use super::repo::Repo;
use super::{Detector, Finding, Target};

/// How many commits back from HEAD the signed-commit detector looks.
pub const RECENT_COMMITS: usize = 200;

/// How many tags the signed-tag detector looks at.
const MAX_TAGS: usize = 1000;

/// Signed commits in recent history.
pub const SIGNED_COMMITS: Detector = Detector {
    id: "signed-commits",
    looks_for: "signatures (a gpgsig header: GPG, SSH or X.509) on the last 200 commits from HEAD; confidence follows the share that is signed",
    bears_on: &["nist-ssdf:PS.1.1"],
    run: signed_commits,
};

fn signed_commits(repo: &Repo<'_>) -> Vec<Finding> {
    let git = repo.git();
    let Ok(mut walk) = git.revwalk() else {
        return Vec::new();
    };
    // The default order is newest first already; a sort mode would read all history first.
    if walk.push(repo.head_id()).is_err() {
        return Vec::new();
    }
    let mut seen = 0usize;
    let mut signed: Vec<Oid> = Vec::new();
    for oid in walk.take(RECENT_COMMITS).filter_map(Result::ok) {
        seen += 1;
        if git
            .find_commit(oid)
            .is_ok_and(|c| c.header_field_bytes("gpgsig").is_ok())
        {
            signed.push(oid);
        }
    }
    let Some(newest) = signed.first() else {
        return Vec::new();
    };
    let share = signed.len() * 100 / seen.max(1);
    let confidence = if signed.len() == seen && seen >= 10 {
        High
    } else if share >= 50 {
        Medium
    } else {
        Low
    };
    let summary = git
        .find_commit(*newest)
        .map(|c| String::from_utf8_lossy(c.summary_bytes().unwrap_or_default()).into_owned())
        .unwrap_or_default();
    let text = format!(
        "{} of the last {seen} commits carry a signature (not verified by vouch); the newest signed one is {} \"{}\"",
        signed.len(),
        &newest.to_string()[..12],
        crate::text::fit(&crate::text::visible(&summary, false), 60)
    );
    vec![Finding {
        detector: "signed-commits",
        target: Target::Commit {
            id: newest.to_string(),
            alike: signed.iter().skip(1).map(Oid::to_string).collect(),
        },
        text,
        items: vec![("nist-ssdf:PS.1.1", confidence)],
    }]
}

/// Signed release tags.
pub const SIGNED_TAGS: Detector = Detector {
    id: "signed-tags",
    looks_for: "annotated tags carrying a PGP, SSH or X.509 signature (up to 1,000 tags); the evidence is the commit the newest signed tag points at",
    bears_on: &["uk-sscop:3.1-C1", "nist-ssdf:PS.2.1", "nist-ssdf:PS.3.1"],
    run: signed_tags,
};

fn signed_tags(repo: &Repo<'_>) -> Vec<Finding> {
    let git = repo.git();
    let Ok(references) = git.references_glob("refs/tags/*") else {
        return Vec::new();
    };
    let mut tags = 0usize;
    // (tagger time, tag name, target commit)
    let mut signed: Vec<(i64, String, Oid)> = Vec::new();
    for reference in references.filter_map(Result::ok).take(MAX_TAGS) {
        tags += 1;
        let Some(oid) = reference.target() else {
            continue;
        };
        let Ok(tag) = git.find_tag(oid) else {
            continue; // a lightweight tag: no object to sign
        };
        let message = String::from_utf8_lossy(tag.message_bytes().unwrap_or_default());
        let has_signature = [
            "-----BEGIN PGP SIGNATURE-----",
            "-----BEGIN SSH SIGNATURE-----",
            "-----BEGIN SIGNED MESSAGE-----",
        ]
        .iter()
        .any(|marker| message.contains(marker));
        if !has_signature {
            continue;
        }
        let Ok(target) = tag.target().and_then(|o| o.peel(ObjectType::Commit)) else {
            continue;
        };
        let when = tag.tagger().map_or(0, |t| t.when().seconds());
        let name = String::from_utf8_lossy(tag.name_bytes()).into_owned();
        signed.push((when, name, target.id()));
    }
    signed.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let Some((_, name, commit)) = signed.first() else {
        return Vec::new();
    };
    let confidence = if signed.len() == tags { Medium } else { Low };
    let text = format!(
        "{} of {tags} tags carry a signature (not verified by vouch); the newest signed tag is {} at commit {}",
        signed.len(),
        crate::text::visible(name, false),
        &commit.to_string()[..12]
    );
    vec![Finding {
        detector: "signed-tags",
        target: Target::Commit {
            id: commit.to_string(),
            alike: signed.iter().skip(1).map(|s| s.2.to_string()).collect(),
        },
        text,
        items: vec![
            ("uk-sscop:3.1-C1", confidence),
            ("nist-ssdf:PS.2.1", confidence),
            ("nist-ssdf:PS.3.1", confidence),
        ],
    }]
}
