//! Evidence from git: resolving what a user names to ids worth storing, and judging later
//! whether the evidence still holds.
//!
//! Linking:
//! - A commit is stored by full id ([`resolve_commit`] accepts anything `git rev-parse` does).
//! - A file is stored as a repository-relative path with `/` separators, pinned to its blob at
//!   HEAD and to HEAD itself ([`pin_file`]). Only committed files can be pinned: a file that is
//!   not in HEAD's tree is refused with "not committed yet", because an uncommitted version
//!   cannot be found again by anyone else. The committed version is pinned even when the work
//!   tree has edits, and line ranges are checked against it.
//! - Paths are refused when they leave the work tree: absolute paths elsewhere, `..` that climbs
//!   out, and symbolic links that resolve outside (the path is canonicalized and must stay
//!   under the canonical work tree). A symbolic link that stays inside is pinned as its target.
//! - A path whose name is not valid UTF-8 is refused with a message: `progress.toml` stores
//!   text, and a lossy name would never match the file again.
//!
//! Checking ([`check`]):
//! - A commit is fresh when it exists and is reachable from a branch (local or remote-tracking),
//!   a tag, or HEAD (so a detached CI checkout counts); stale when it exists but nothing reaches
//!   it (history rewritten); missing when it is not in the object database, except in a
//!   shallow clone, where it is unknown because it may lie beyond the clone's depth.
//!   Reachability comes from [`crate::git::reachable`], which remembers it between passes.
//! - A whole file is fresh when its blob at HEAD is the linked blob, stale (with a `+N -M`
//!   summary) when the blob differs, missing when the path is gone from HEAD (with a hint when
//!   it was renamed or deleted since the linked commit).
//! - A line range is judged by the text of its lines, not by the blob: if the exact lines of
//!   the linked version still appear, contiguous and in order, in the file at HEAD, the
//!   evidence is fresh; if they now sit elsewhere, it is fresh and reports where
//!   ([`EvidenceState::Fresh::moved_to`], choosing the copy nearest the old position). Edits
//!   elsewhere in the file do not make it stale. Otherwise it is stale, with a summary of the
//!   changes that touch the range. Line ends are compared without the final `\n`, so adding a
//!   newline at the end of the file does not count.
//! - URLs are not fetched; they are [`EvidenceState::NotChecked`].
//! - With no commits yet (unborn HEAD), files are unknown.

use std::fmt;
use std::path::{Component, Path, PathBuf};
use std::str::FromStr;

use git2::{Blob, Commit, Delta, DiffFindOptions, DiffOptions, ErrorCode, ObjectType, Oid, Patch};

use crate::git::GitError;
pub use crate::git::reachable::ReachabilityCache;
use crate::model::progress::Evidence;

/// A 1-based, inclusive range of lines, written `A-B` (or `A` for one line).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LineRange {
    start: usize,
    end: usize,
}

impl LineRange {
    /// A range from `start` to `end`, both counted from 1; refused when it runs backwards or
    /// starts at 0.
    pub fn new(start: usize, end: usize) -> Result<Self, GitError> {
        let input = || {
            if start == end {
                start.to_string()
            } else {
                format!("{start}-{end}")
            }
        };
        if start == 0 || end == 0 {
            return Err(GitError::BadLineRange {
                input: input(),
                why: "lines are counted from 1".into(),
            });
        }
        if start > end {
            return Err(GitError::BadLineRange {
                input: input(),
                why: format!("it runs backwards; write {end}-{start}"),
            });
        }
        Ok(LineRange { start, end })
    }

    /// Parses `A-B` or `A` (spaces around the numbers are allowed).
    pub fn parse(text: &str) -> Result<Self, GitError> {
        let bad = |why: String| GitError::BadLineRange {
            input: text.to_owned(),
            why,
        };
        let number = |part: &str| -> Result<usize, GitError> {
            let part = part.trim();
            if part.is_empty() {
                return Err(bad(
                    "a number is missing; write A-B (e.g. 10-20) or a single line".into(),
                ));
            }
            part.parse::<usize>().map_err(|_| {
                bad(format!(
                    "`{part}` is not a line number; write A-B (e.g. 10-20) or a single line"
                ))
            })
        };
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err(bad(
                "it is empty; write A-B (e.g. 10-20) or a single line".into()
            ));
        }
        let (start, end) = if let Some((a, b)) = trimmed.split_once('-') {
            (number(a)?, number(b)?)
        } else {
            let line = number(trimmed)?;
            (line, line)
        };
        LineRange::new(start, end).map_err(|err| match err {
            GitError::BadLineRange { why, .. } => bad(why),
            other => other,
        })
    }

    /// First line, from 1.
    #[must_use]
    pub fn start(self) -> usize {
        self.start
    }

    /// Last line, inclusive.
    #[must_use]
    pub fn end(self) -> usize {
        self.end
    }

    /// How many lines it spans (at least 1).
    #[must_use]
    pub fn line_count(self) -> usize {
        self.end - self.start + 1
    }
}

impl FromStr for LineRange {
    type Err = GitError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        LineRange::parse(text)
    }
}

impl fmt::Display for LineRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.start == self.end {
            write!(f, "{}", self.start)
        } else {
            write!(f, "{}-{}", self.start, self.end)
        }
    }
}

/// Splits the CLI's `PATH[:A-B]` into the path and the optional range.
///
/// The text after the last `:` is a range when it is made only of digits, `-` and spaces;
/// anything else (no colon, `a:b.md`, a trailing `:`) is a plain path. A suffix that looks like
/// a range but is not a valid one (`x.md:20-10`, `x.md:0`) is an error rather than a path.
pub fn split_path_and_lines(arg: &str) -> Result<(&str, Option<LineRange>), GitError> {
    match arg.rsplit_once(':') {
        Some((path, suffix)) if !path.is_empty() && looks_like_range(suffix) => {
            Ok((path, Some(LineRange::parse(suffix)?)))
        }
        _ => Ok((arg, None)),
    }
}

fn looks_like_range(suffix: &str) -> bool {
    suffix.bytes().any(|b| b.is_ascii_digit())
        && suffix
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'-' || b == b' ')
}

/// Resolves a commit-ish the user typed (short id, `HEAD~2`, tag, branch, ...) to the full id
/// of the commit it names.
pub fn resolve_commit(repo: &git2::Repository, rev: &str) -> Result<String, GitError> {
    resolve_commit_oid(repo, rev).map(|oid| oid.to_string())
}

pub(crate) fn resolve_commit_oid(repo: &git2::Repository, rev: &str) -> Result<Oid, GitError> {
    let bad = |why: String| GitError::BadRev {
        rev: rev.to_owned(),
        why,
    };
    if rev.trim().is_empty() {
        return Err(bad(
            "no revision given; use a commit id, branch, tag or HEAD~N".into(),
        ));
    }
    let object = repo.revparse_single(rev).map_err(|err| {
        let shallow = if repo.is_shallow() {
            " (this is a shallow clone: `git fetch --unshallow` brings the rest of history)"
        } else {
            ""
        };
        match err.code() {
            ErrorCode::Ambiguous => bad(format!(
                "the short id matches more than one object; give more characters{shallow}"
            )),
            ErrorCode::UnbornBranch => bad("the repository has no commits yet".into()),
            ErrorCode::NotFound | ErrorCode::InvalidSpec => {
                if matches!(head_commit(repo), Ok(None)) {
                    bad("the repository has no commits yet".into())
                } else if rev.contains(['~', '^']) {
                    bad(format!(
                        "no commit there: the name is unknown or the history is not that long{shallow}"
                    ))
                } else {
                    bad(format!(
                        "no commit, branch or tag by that name; use a commit id, branch, tag or HEAD~N{shallow}"
                    ))
                }
            }
            _ => bad(format!("{}{shallow}", err.message())),
        }
    })?;
    let kind = object.kind();
    object.peel_to_commit().map(|c| c.id()).map_err(|_| {
        bad(format!(
            "it names a {}, not a commit",
            kind.map_or("git object", |kind| kind.str())
        ))
    })
}

/// HEAD's commit, or `None` when HEAD is unborn (no commits yet).
pub(crate) fn head_commit(repo: &git2::Repository) -> Result<Option<Commit<'_>>, GitError> {
    match repo.head() {
        Ok(head) => head
            .peel_to_commit()
            .map(Some)
            .map_err(|err| GitError::git("reading the commit HEAD points at", &err)),
        Err(err) if matches!(err.code(), ErrorCode::UnbornBranch | ErrorCode::NotFound) => Ok(None),
        Err(err) => Err(GitError::git("reading HEAD", &err)),
    }
}

/// Turns a path the user typed into a repository-relative path with `/` separators.
///
/// Relative paths start at `base` (usually the current folder); absolute paths are taken as
/// they are. The path must exist and, once symbolic links are resolved, lie inside the work
/// tree; a name that is not UTF-8 is refused (see [`GitError::NonUtf8Path`]).
pub fn repo_relative_path(
    repo: &git2::Repository,
    base: &Path,
    user_path: &Path,
) -> Result<String, GitError> {
    let workdir = repo.workdir().ok_or_else(|| GitError::Bare {
        path: repo.path().to_owned(),
    })?;
    let canonical_workdir = std::fs::canonicalize(workdir).map_err(|err| GitError::Git {
        context: format!("finding the work tree {}", workdir.display()),
        message: err.to_string(),
    })?;
    let joined = if user_path.is_absolute() {
        user_path.to_owned()
    } else {
        base.join(user_path)
    };
    let joined = std::path::absolute(&joined).unwrap_or(joined);
    let outside = |why: String| GitError::OutsideRepo {
        path: user_path.to_owned(),
        // Without libgit2's trailing separator, for the message.
        workdir: workdir.components().collect(),
        why,
    };
    // By the text of the path alone: does it name something below the work tree? Decides
    // between "outside" and "a symbolic link points outside" in the messages.
    let lexical = normalize_lexically(&joined);
    let lexically_inside = [workdir, canonical_workdir.as_path()]
        .iter()
        .any(|root| lexical.starts_with(normalize_lexically(root)));
    let resolved = match std::fs::canonicalize(&joined) {
        Ok(resolved) => resolved,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            // A missing file that would be outside gets "outside" rather than "does not exist".
            let probable = canonicalize_existing_prefix(&lexical);
            return Err(if probable.starts_with(&canonical_workdir) {
                GitError::NotFound {
                    path: user_path.to_owned(),
                    base: base.to_owned(),
                }
            } else {
                outside("it lies outside the work tree".into())
            });
        }
        Err(err) => {
            return Err(GitError::Git {
                context: format!("resolving {}", joined.display()),
                message: err.to_string(),
            });
        }
    };
    let Ok(relative) = resolved.strip_prefix(&canonical_workdir) else {
        return Err(outside(if lexically_inside {
            format!(
                "it goes through a symbolic link that points outside, to {}",
                resolved.display()
            )
        } else {
            "it lies outside the work tree".into()
        }));
    };
    let mut parts = Vec::new();
    for component in relative.components() {
        match component {
            Component::Normal(part) => match part.to_str() {
                Some(part) => parts.push(part),
                None => {
                    return Err(GitError::NonUtf8Path {
                        path: user_path.to_owned(),
                    });
                }
            },
            // canonicalize leaves only normal components below the root.
            _ => return Err(outside("it does not resolve below the work tree".into())),
        }
    }
    let path = parts.join("/");
    if resolved.is_dir() {
        return Err(GitError::NotAFile {
            path,
            what: "a folder",
        });
    }
    Ok(path)
}

/// The path with its longest existing ancestor canonicalized and the rest appended, for paths
/// that do not exist (yet).
fn canonicalize_existing_prefix(path: &Path) -> PathBuf {
    let mut missing = Vec::new();
    let mut current = path;
    loop {
        if let Ok(mut found) = std::fs::canonicalize(current) {
            found.extend(missing.iter().rev());
            return found;
        }
        match (current.parent(), current.file_name()) {
            (Some(parent), Some(name)) => {
                missing.push(name);
                current = parent;
            }
            _ => return path.to_owned(),
        }
    }
}

/// Removes `.` and folds `..` without touching the file system.
fn normalize_lexically(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Pins a committed file (optionally a line range of it) as evidence: its repository-relative
/// path, its blob at HEAD and HEAD's commit id.
///
/// `base` is the folder relative paths start from (usually the current folder). See the module
/// documentation for what is refused and why.
pub fn pin_file(
    repo: &git2::Repository,
    base: &Path,
    user_path: &Path,
    lines: Option<LineRange>,
) -> Result<Evidence, GitError> {
    let path = repo_relative_path(repo, base, user_path)?;
    let head = head_commit(repo)?.ok_or_else(|| GitError::NoCommits { what: path.clone() })?;
    let tree = head
        .tree()
        .map_err(|err| GitError::git("reading HEAD's tree", &err))?;
    let entry = match tree.get_path(Path::new(&path)) {
        Ok(entry) => entry,
        Err(err) if err.code() == ErrorCode::NotFound => {
            return Err(not_committed(repo, path));
        }
        Err(err) => return Err(GitError::git(format!("looking up {path} at HEAD"), &err)),
    };
    match entry.kind() {
        Some(ObjectType::Blob) => {}
        Some(ObjectType::Commit) => {
            return Err(GitError::NotAFile {
                path,
                what: "a submodule",
            });
        }
        _ => {
            return Err(GitError::NotAFile {
                path,
                what: "a folder",
            });
        }
    }
    if let Some(range) = lines {
        let blob = repo
            .find_blob(entry.id())
            .map_err(|err| GitError::git(format!("reading {path} at HEAD"), &err))?;
        if blob.is_binary() {
            return Err(GitError::BinaryRange { path });
        }
        let count = split_lines(blob.content()).len();
        if range.end > count {
            return Err(GitError::RangePastEnd {
                path,
                range: range.to_string(),
                lines: count,
            });
        }
    }
    Ok(Evidence::File {
        path,
        lines: lines.map(|range| range.to_string()),
        blob: Some(entry.id().to_string()),
        at: Some(head.id().to_string()),
        confirmed: None,
    })
}

fn not_committed(repo: &git2::Repository, path: String) -> GitError {
    let as_path = Path::new(&path);
    let staged = repo
        .index()
        .ok()
        .is_some_and(|index| index.get_path(as_path, 0).is_some());
    let hint = if staged {
        "it is staged; commit it first, then link it".to_owned()
    } else if repo.is_path_ignored(as_path).unwrap_or(false) {
        "git ignores it (see .gitignore); un-ignore it, add and commit it first".to_owned()
    } else {
        "git does not track it; add and commit it first, then link it".to_owned()
    };
    GitError::NotCommitted { path, hint }
}

/// What a piece of evidence looks like now, compared with when it was linked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EvidenceState {
    /// Still what was linked.
    Fresh {
        /// For a line range whose text now sits at other line numbers, where it is now.
        moved_to: Option<LineRange>,
    },
    /// Changed since it was linked; a person should look again (and re-confirm).
    Stale {
        /// What changed, in a short phrase for lists.
        summary: String,
        /// For files, the blob at HEAD now (what re-confirming would pin).
        current_blob: Option<String>,
    },
    /// The file or commit is gone.
    Missing {
        /// Where it went, when that can be told (e.g. "renamed to docs/new.md in 1a2b3c4").
        hint: Option<String>,
    },
    /// Cannot be judged here (shallow clone, no commits, nothing pinned); not a failure.
    Unknown {
        /// Why.
        why: String,
    },
    /// Not checked at all: URLs are not fetched.
    NotChecked,
}

impl EvidenceState {
    /// One word for lists and exports: `fresh`, `stale`, `missing`, `unknown`, `not-checked`.
    #[must_use]
    pub fn label(&self) -> &'static str {
        match self {
            EvidenceState::Fresh { .. } => "fresh",
            EvidenceState::Stale { .. } => "stale",
            EvidenceState::Missing { .. } => "missing",
            EvidenceState::Unknown { .. } => "unknown",
            EvidenceState::NotChecked => "not-checked",
        }
    }

    /// True for stale and missing evidence: what `vouch verify` reports and fails on.
    #[must_use]
    pub fn needs_attention(&self) -> bool {
        matches!(
            self,
            EvidenceState::Stale { .. } | EvidenceState::Missing { .. }
        )
    }
}

impl fmt::Display for EvidenceState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EvidenceState::Fresh { moved_to: None } => f.write_str("fresh"),
            EvidenceState::Fresh {
                moved_to: Some(range),
            } => write!(f, "fresh (the lines are now {range})"),
            EvidenceState::Stale { summary, .. } => write!(f, "stale: {summary}"),
            EvidenceState::Missing { hint: None } => f.write_str("missing"),
            EvidenceState::Missing { hint: Some(hint) } => write!(f, "missing: {hint}"),
            EvidenceState::Unknown { why } => write!(f, "unknown: {why}"),
            EvidenceState::NotChecked => f.write_str("not checked (links are not fetched)"),
        }
    }
}

/// Judges one piece of evidence against the repository as it is now (see the module
/// documentation for the rules). Never fails: what cannot be judged is
/// [`EvidenceState::Unknown`].
pub fn check(
    repo: &git2::Repository,
    evidence: &Evidence,
    cache: &mut ReachabilityCache,
) -> EvidenceState {
    match evidence {
        Evidence::Commit { id } => check_commit(repo, id, cache),
        Evidence::File {
            path,
            lines,
            blob,
            at,
            ..
        } => check_file(repo, path, lines.as_deref(), blob.as_deref(), at.as_deref()),
        Evidence::Url { .. } => EvidenceState::NotChecked,
    }
}

/// Checks many pieces of evidence with one shared answer to "what do the refs reach": the
/// repository's reachability index when it is current (or only needs the newest commits), else
/// one history walk that stops as soon as every linked commit has been seen. The states come
/// back in the same order.
pub fn check_all<'a>(
    repo: &git2::Repository,
    evidence: impl IntoIterator<Item = &'a Evidence>,
) -> Vec<EvidenceState> {
    let evidence: Vec<&Evidence> = evidence.into_iter().collect();
    let mut cache = ReachabilityCache::remembered(repo);
    cache.want_evidence(evidence.iter().copied());
    evidence
        .into_iter()
        .map(|item| check(repo, item, &mut cache))
        .collect()
}

/// A full object id (40 hex digits for SHA-1, 64 for SHA-256); short ids are not accepted,
/// because `Oid::from_str` would pad them with zeros.
fn parse_full_oid(id: &str) -> Option<Oid> {
    let id = id.trim();
    ((id.len() == 40 || id.len() == 64) && id.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| Oid::from_str(id).ok())
        .flatten()
}

fn check_commit(repo: &git2::Repository, id: &str, cache: &mut ReachabilityCache) -> EvidenceState {
    let Some(oid) = parse_full_oid(id) else {
        return EvidenceState::Missing {
            hint: Some(format!(
                "`{id}` is not a full commit id; link the commit again"
            )),
        };
    };
    match repo.find_object(oid, None) {
        Ok(object) if object.kind() == Some(ObjectType::Commit) => {}
        Ok(object) => {
            return EvidenceState::Missing {
                hint: Some(format!(
                    "the id names a {}, not a commit",
                    object.kind().map_or("git object", |kind| kind.str())
                )),
            };
        }
        Err(err) if err.code() == ErrorCode::NotFound => {
            return if repo.is_shallow() {
                EvidenceState::Unknown {
                    why: "not in this shallow clone; `git fetch --unshallow` brings the rest of history"
                        .into(),
                }
            } else {
                EvidenceState::Missing { hint: None }
            };
        }
        Err(err) => {
            return EvidenceState::Unknown {
                why: format!("cannot read the commit: {}", err.message()),
            };
        }
    }
    match cache.is_reachable(repo, oid) {
        Ok(true) => EvidenceState::Fresh { moved_to: None },
        Ok(false) => EvidenceState::Stale {
            summary: "not reachable from any branch or tag (history rewritten?)".into(),
            current_blob: None,
        },
        Err(err) => EvidenceState::Unknown {
            why: err.to_string(),
        },
    }
}

fn check_file(
    repo: &git2::Repository,
    path: &str,
    lines: Option<&str>,
    blob: Option<&str>,
    at: Option<&str>,
) -> EvidenceState {
    let unknown = |why: String| EvidenceState::Unknown { why };
    let head = match head_commit(repo) {
        Ok(Some(head)) => head,
        Ok(None) => return unknown("no commits yet".into()),
        Err(err) => return unknown(err.to_string()),
    };
    let Some(linked) = blob.and_then(parse_full_oid) else {
        return unknown(
            "no version was pinned when it was linked; re-confirm it to pin the file as it is now"
                .into(),
        );
    };
    let range = match lines.map(LineRange::parse).transpose() {
        Ok(range) => range,
        Err(err) => return unknown(err.to_string()),
    };
    let tree = match head.tree() {
        Ok(tree) => tree,
        Err(err) => return unknown(format!("cannot read HEAD's tree: {}", err.message())),
    };
    let entry = match tree.get_path(Path::new(path)) {
        Ok(entry) => entry,
        Err(err) if err.code() == ErrorCode::NotFound => {
            return EvidenceState::Missing {
                hint: removal_hint(repo, &head, at, path),
            };
        }
        Err(err) => return unknown(format!("cannot look up {path}: {}", err.message())),
    };
    match entry.kind() {
        Some(ObjectType::Blob) => {}
        Some(ObjectType::Commit) => {
            return EvidenceState::Missing {
                hint: Some(format!("{path} is now a submodule")),
            };
        }
        _ => {
            return EvidenceState::Missing {
                hint: Some(format!("{path} is now a folder")),
            };
        }
    }
    let current = entry.id();
    if current == linked {
        return EvidenceState::Fresh { moved_to: None };
    }
    let current_blob = Some(current.to_string());
    let (old, new) = match (repo.find_blob(linked), repo.find_blob(current)) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(_), _) => {
            return EvidenceState::Stale {
                summary: "file changed since linking (the linked version is not in this repository, so the change cannot be shown)".into(),
                current_blob,
            };
        }
        (_, Err(err)) => return unknown(format!("cannot read {path} at HEAD: {}", err.message())),
    };
    match range {
        Some(range) if !old.is_binary() && !new.is_binary() => {
            check_line_range(&old, &new, range, current_blob)
        }
        _ => EvidenceState::Stale {
            summary: whole_file_summary(&old, &new),
            current_blob,
        },
    }
}

/// Lines of a text, without their `\n`; a final `\n` does not start another line.
fn split_lines(content: &[u8]) -> Vec<&[u8]> {
    if content.is_empty() {
        return Vec::new();
    }
    let content = content.strip_suffix(b"\n").unwrap_or(content);
    content.split(|&b| b == b'\n').collect()
}

fn whole_file_summary(old: &Blob<'_>, new: &Blob<'_>) -> String {
    if old.is_binary() || new.is_binary() {
        return "binary file changed since linking".into();
    }
    match Patch::from_blobs(old, None, new, None, None).and_then(|patch| patch.line_stats()) {
        Ok((_, added, deleted)) => {
            format!("file changed since linking (+{added} -{deleted} lines)")
        }
        Err(_) => "file changed since linking".into(),
    }
}

fn check_line_range(
    old: &Blob<'_>,
    new: &Blob<'_>,
    range: LineRange,
    current_blob: Option<String>,
) -> EvidenceState {
    let old_lines = split_lines(old.content());
    if range.end > old_lines.len() {
        return EvidenceState::Stale {
            summary: format!(
                "lines {range} are past the end of the linked version ({} lines); link them again",
                old_lines.len()
            ),
            current_blob,
        };
    }
    let wanted = &old_lines[range.start - 1..range.end];
    let new_lines = split_lines(new.content());
    if let Some(index) = find_run(&new_lines, wanted, range.start - 1) {
        let moved_to = (index != range.start - 1).then_some(LineRange {
            start: index + 1,
            end: index + wanted.len(),
        });
        return EvidenceState::Fresh { moved_to };
    }
    EvidenceState::Stale {
        summary: range_change_summary(old, new, range),
        current_blob,
    }
}

/// Where `wanted` appears as a contiguous run in `lines`, the copy nearest `near` winning.
fn find_run(lines: &[&[u8]], wanted: &[&[u8]], near: usize) -> Option<usize> {
    if wanted.is_empty() || wanted.len() > lines.len() {
        return None;
    }
    (0..=lines.len() - wanted.len())
        .filter(|&i| lines[i] == wanted[0] && lines[i..i + wanted.len()] == *wanted)
        .min_by_key(|&i| i.abs_diff(near))
}

/// "3 lines changed in 1-40 since linking (+2 -1)": the diff's lines that touch the range.
/// A hunk touches it when it removes a line of the range or inserts between two of its lines;
/// its additions count whole, its deletions only inside the range.
fn range_change_summary(old: &Blob<'_>, new: &Blob<'_>, range: LineRange) -> String {
    let fallback = || format!("lines {range} changed since linking");
    let mut options = DiffOptions::new();
    options.context_lines(0);
    let Ok(patch) = Patch::from_blobs(old, None, new, None, Some(&mut options)) else {
        return fallback();
    };
    let (mut added, mut deleted) = (0usize, 0usize);
    for hunk_index in 0..patch.num_hunks() {
        let Ok((hunk, line_count)) = patch.hunk(hunk_index) else {
            continue;
        };
        let old_start = hunk.old_start() as usize;
        let old_lines = hunk.old_lines() as usize;
        let touches = if old_lines == 0 {
            // A pure insertion after line `old_start`.
            range.start <= old_start && old_start < range.end
        } else {
            old_start <= range.end && range.start < old_start + old_lines
        };
        if !touches {
            continue;
        }
        for line_index in 0..line_count {
            let Ok(line) = patch.line_in_hunk(hunk_index, line_index) else {
                continue;
            };
            match line.origin() {
                '+' => added += 1,
                '-' if line
                    .old_lineno()
                    .is_some_and(|n| (range.start..=range.end).contains(&(n as usize))) =>
                {
                    deleted += 1;
                }
                _ => {}
            }
        }
    }
    let changed = added + deleted;
    if changed == 0 {
        return fallback();
    }
    format!(
        "{changed} line{} changed in {range} since linking (+{added} -{deleted})",
        if changed == 1 { "" } else { "s" }
    )
}

/// For a path gone from HEAD: "renamed to NEW in ID" or "deleted in ID", found by diffing the
/// linked commit's tree against HEAD's with rename detection, and walking back from HEAD to the
/// commit that removed it. `None` when the linked commit is not here.
fn removal_hint(
    repo: &git2::Repository,
    head: &Commit<'_>,
    at: Option<&str>,
    path: &str,
) -> Option<String> {
    let at = repo.find_commit(parse_full_oid(at?)?).ok()?;
    let old_tree = at.tree().ok()?;
    old_tree.get_path(Path::new(path)).ok()?;
    let new_tree = head.tree().ok()?;
    let renamed_to = repo
        .diff_tree_to_tree(Some(&old_tree), Some(&new_tree), None)
        .ok()
        .and_then(|mut diff| {
            let mut find = DiffFindOptions::new();
            find.renames(true);
            diff.find_similar(Some(&mut find)).ok()?;
            diff.deltas()
                .find(|delta| {
                    delta.status() == Delta::Renamed
                        && delta.old_file().path_bytes() == Some(path.as_bytes())
                })
                .and_then(|delta| {
                    delta
                        .new_file()
                        .path_bytes()
                        .map(|p| String::from_utf8_lossy(p).into_owned())
                })
        });
    let removed_in = removing_commit(repo, head, at.id(), path);
    let hint = match (renamed_to, removed_in) {
        (Some(new), Some(commit)) => format!("renamed to {new} in {commit}"),
        (Some(new), None) => format!("renamed to {new}"),
        (None, Some(commit)) => format!("deleted in {commit}"),
        (None, None) if !on_this_branch(repo, head.id(), at.id()) => format!(
            "not on this branch: it was linked at {}, which HEAD does not contain",
            short_id(&at).unwrap_or_else(|| at.id().to_string())
        ),
        (None, None) => "deleted since linking".into(),
    };
    Some(hint)
}

/// How far back to look for the commit that removed a file before giving up on naming it.
const REMOVAL_SEARCH_LIMIT: usize = 20_000;

/// The short id of the newest commit between `at` and HEAD that removed `path`: a commit
/// without the path whose parents (all of them, for a merge) had it.
fn removing_commit(
    repo: &git2::Repository,
    head: &Commit<'_>,
    at: Oid,
    path: &str,
) -> Option<String> {
    let path = Path::new(path);
    let has_path =
        |commit: &Commit<'_>| commit.tree().is_ok_and(|tree| tree.get_path(path).is_ok());
    let mut walk = repo.revwalk().ok()?;
    walk.push(head.id()).ok()?;
    walk.hide(at).ok()?;
    for oid in walk.take(REMOVAL_SEARCH_LIMIT) {
        let commit = repo.find_commit(oid.ok()?).ok()?;
        if commit.parent_count() == 0 || has_path(&commit) {
            continue;
        }
        if commit.parents().all(|parent| has_path(&parent)) {
            return short_id(&commit);
        }
    }
    None
}

/// True when `at` is HEAD or one of its ancestors.
fn on_this_branch(repo: &git2::Repository, head: Oid, at: Oid) -> bool {
    head == at || repo.graph_descendant_of(head, at).unwrap_or(false)
}

/// The shortest unambiguous abbreviation of a commit id (at least 7 digits).
fn short_id(commit: &Commit<'_>) -> Option<String> {
    commit
        .as_object()
        .short_id()
        .ok()
        .and_then(|id| id.as_str().ok().map(str::to_owned))
}

/// The unified diff of a linked file from the pinned version to the version at HEAD (whole
/// file, also for line-range evidence), for "view the diff since linking". Empty when the file
/// has not changed.
pub fn diff_since_linking(
    repo: &git2::Repository,
    evidence: &Evidence,
) -> Result<String, GitError> {
    let no_diff = |why: String| GitError::NoDiff {
        evidence: evidence.to_string(),
        why,
    };
    let Evidence::File { path, blob, at, .. } = evidence else {
        return Err(no_diff("only files have a diff since linking".into()));
    };
    let linked = blob.as_deref().and_then(parse_full_oid).ok_or_else(|| {
        no_diff("no version was pinned when it was linked; re-confirm it to pin it".into())
    })?;
    let head =
        head_commit(repo)?.ok_or_else(|| no_diff("the repository has no commits yet".into()))?;
    let tree = head
        .tree()
        .map_err(|err| GitError::git("reading HEAD's tree", &err))?;
    let entry = match tree.get_path(Path::new(path)) {
        Ok(entry) if entry.kind() == Some(ObjectType::Blob) => entry,
        Ok(_) => return Err(no_diff(format!("{path} is no longer a file at HEAD"))),
        Err(err) if err.code() == ErrorCode::NotFound => {
            let hint = removal_hint(repo, &head, at.as_deref(), path)
                .map_or_else(String::new, |hint| format!(" ({hint})"));
            return Err(no_diff(format!("{path} is no longer at HEAD{hint}")));
        }
        Err(err) => return Err(GitError::git(format!("looking up {path} at HEAD"), &err)),
    };
    if entry.id() == linked {
        return Ok(String::new());
    }
    let old = repo.find_blob(linked).map_err(|_| {
        no_diff(format!(
            "the linked version {linked} is not in this repository (shallow clone or rewritten history?)"
        ))
    })?;
    let new = repo
        .find_blob(entry.id())
        .map_err(|err| GitError::git(format!("reading {path} at HEAD"), &err))?;
    let as_path = Path::new(path);
    let text = Patch::from_blobs(&old, Some(as_path), &new, Some(as_path), None)
        .and_then(|mut patch| patch.to_buf())
        .map_err(|err| GitError::git(format!("diffing {path}"), &err))?;
    Ok(String::from_utf8_lossy(&text).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_ranges_parse_single_lines_and_spans_and_explain_mistakes() {
        assert_eq!(
            LineRange::parse("10-20").unwrap(),
            LineRange::new(10, 20).unwrap()
        );
        assert_eq!(LineRange::parse(" 7 ").unwrap().to_string(), "7");
        assert_eq!(LineRange::parse("3 - 4").unwrap().to_string(), "3-4");
        assert!(
            LineRange::parse("20-10")
                .unwrap_err()
                .to_string()
                .contains("runs backwards; write 10-20")
        );
        assert!(
            LineRange::parse("0-3")
                .unwrap_err()
                .to_string()
                .contains("from 1")
        );
        assert!(
            LineRange::parse("")
                .unwrap_err()
                .to_string()
                .contains("empty")
        );
        assert!(
            LineRange::parse("ten")
                .unwrap_err()
                .to_string()
                .contains("`ten` is not a line number")
        );
        assert!(
            LineRange::parse("5-")
                .unwrap_err()
                .to_string()
                .contains("missing")
        );
    }

    #[test]
    fn path_and_range_split_on_the_last_colon_only_when_a_range_follows() {
        let (path, range) = split_path_and_lines("docs/x.md:10-20").unwrap();
        assert_eq!(
            (path, range),
            ("docs/x.md", Some(LineRange::new(10, 20).unwrap()))
        );
        assert_eq!(
            split_path_and_lines("docs/x.md").unwrap(),
            ("docs/x.md", None)
        );
        assert_eq!(split_path_and_lines("a:b.md").unwrap(), ("a:b.md", None));
        assert_eq!(split_path_and_lines("a:b.md:3").unwrap().0, "a:b.md");
        assert_eq!(split_path_and_lines("x.md:").unwrap(), ("x.md:", None));
        assert_eq!(split_path_and_lines(":12").unwrap(), (":12", None));
        assert!(split_path_and_lines("x.md:20-10").is_err());
    }

    #[test]
    fn lines_split_without_counting_the_final_newline() {
        assert_eq!(split_lines(b""), Vec::<&[u8]>::new());
        assert_eq!(split_lines(b"a\nb\n"), vec![&b"a"[..], b"b"]);
        assert_eq!(split_lines(b"a\nb"), vec![&b"a"[..], b"b"]);
        assert_eq!(split_lines(b"\n"), vec![&b""[..]]);
    }

    #[test]
    fn the_nearest_copy_of_a_run_wins() {
        let lines: Vec<&[u8]> = vec![b"x", b"a", b"b", b"y", b"a", b"b"];
        let wanted: Vec<&[u8]> = vec![b"a", b"b"];
        assert_eq!(find_run(&lines, &wanted, 0), Some(1));
        assert_eq!(find_run(&lines, &wanted, 5), Some(4));
        assert_eq!(find_run(&lines, &[b"z"], 0), None);
    }

    #[test]
    fn short_ids_are_not_full_ids() {
        assert!(parse_full_oid("abc123").is_none());
        assert!(parse_full_oid(&"a".repeat(40)).is_some());
        assert!(parse_full_oid(&"g".repeat(40)).is_none());
    }
}
