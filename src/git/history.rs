//! Every change to progress, read from the git history of `.vouch/progress.toml`.
//!
//! The walk follows first parents from HEAD, like `git log --first-parent`: a branch merged
//! into the current one shows as one change, at the merge commit, by whoever merged it. Only
//! commits whose version of the file differs from their parent's are read (blob ids are
//! compared first, which costs no parsing). Each version is compared with the one before it
//! that parses: a commit that left the file broken shows nothing, and the commit that mended
//! it shows everything that changed across the gap. In a shallow clone the history starts at
//! the oldest commit present, whose version is taken as it stands.

use git2::{Commit, ErrorCode, ObjectType, Oid, Repository};

use super::error::GitError;
use crate::model::diff::{FieldChange, item_changes};
use crate::model::{ItemProgress, Progress};
use crate::store::progress::parse_text;

/// One commit's change to one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Full id of the commit.
    pub commit: String,
    /// Commit author, `Name <email>`.
    pub author: String,
    /// Author time, UTC, RFC 3339.
    pub time: String,
    /// First line of the commit message.
    pub summary: String,
    /// Full id of the item.
    pub item: String,
    /// Who vouch recorded as making the change (`by` in the file), when it says.
    pub recorded_by: Option<String>,
    /// When vouch recorded the change (`updated` in the file), when it says.
    pub recorded_at: Option<String>,
    /// What changed, in a fixed field order.
    pub fields: Vec<FieldChange>,
}

/// The history of one item, newest first. `progress_path_rel` is the progress file's path in
/// the repository (`.vouch/progress.toml`), with `/` separators.
pub fn item_history(
    repo: &Repository,
    progress_path_rel: &str,
    item_id: &str,
) -> Result<Vec<Change>, GitError> {
    let (base, versions) = versions(repo, progress_path_rel)?;
    let mut walker = ItemWalker {
        id: item_id,
        slice: OwnedSlice::Absent,
        entry: None,
    };
    let mut changes = Vec::new();
    walker.start(repo, base, progress_path_rel)?;
    for version in versions {
        // Borrowed from the blob, not copied: most versions are only looked at, not parsed.
        let blob = match version.blob {
            Some(oid) => Some(
                repo.find_blob(oid)
                    .map_err(|err| GitError::git(format!("reading blob {oid}"), &err))?,
            ),
            None => None,
        };
        let Ok(text) = std::str::from_utf8(blob.as_ref().map_or(&[][..], git2::Blob::content))
        else {
            continue;
        };
        if let Some((fields, entry)) = walker.step(text, progress_path_rel) {
            changes.push(change(repo, &version, item_id, entry.as_ref(), fields)?);
        }
    }
    changes.reverse();
    Ok(changes)
}

/// Every change to every item, newest commit first; within a commit, by item id.
pub fn file_history(repo: &Repository, progress_path_rel: &str) -> Result<Vec<Change>, GitError> {
    let (base, versions) = versions(repo, progress_path_rel)?;
    let mut changes = Vec::new();
    let mut last = read_progress(repo, base, progress_path_rel)?.unwrap_or_default();
    for version in versions {
        let Some(progress) = read_progress(repo, version.blob, progress_path_rel)? else {
            continue;
        };
        let mut ids: Vec<&String> = last.items.keys().chain(progress.items.keys()).collect();
        ids.sort();
        ids.dedup();
        let mut in_commit = Vec::new();
        for id in ids {
            let (old, new) = (last.get(id), progress.get(id));
            if old == new {
                continue;
            }
            let fields = item_changes(old, new);
            if !fields.is_empty() {
                in_commit.push(change(repo, &version, id, new.or(old), fields)?);
            }
        }
        // Newest first overall, but a commit's items stay in id order once reversed below.
        in_commit.reverse();
        changes.extend(in_commit);
        last = progress;
    }
    changes.reverse();
    Ok(changes)
}

/// The progress recorded at revision `rev` (anything `git rev-parse` takes: a tag, a branch,
/// `HEAD~3`, a commit id). A revision whose tree has no progress file holds no progress.
pub fn progress_at(
    repo: &Repository,
    rev: &str,
    progress_path_rel: &str,
) -> Result<Progress, GitError> {
    let commit = resolve_commit(repo, rev)?;
    let Some(blob) = blob_at(&commit, progress_path_rel)? else {
        return Ok(Progress::default());
    };
    let name = format!("{rev}:{progress_path_rel}");
    let text = read_text(repo, Some(blob))?.ok_or_else(|| GitError::BadRev {
        rev: rev.to_owned(),
        why: format!("{name} is not UTF-8 text"),
    })?;
    parse_text(&name, &text).map_err(|problem| GitError::BadRev {
        rev: rev.to_owned(),
        why: format!("its progress file does not parse: {problem}"),
    })
}

/// The commit `rev` names, or an error saying why it names none.
pub fn resolve_commit<'r>(repo: &'r Repository, rev: &str) -> Result<Commit<'r>, GitError> {
    let object = repo.revparse_single(rev).map_err(|err| GitError::BadRev {
        rev: rev.to_owned(),
        why: if err.code() == ErrorCode::NotFound {
            "no branch, tag or commit has that name here (see `git log --oneline` and `git tag`)"
                .to_owned()
        } else {
            err.message().to_owned()
        },
    })?;
    object.peel_to_commit().map_err(|_| GitError::BadRev {
        rev: rev.to_owned(),
        why: format!("it names a {}, not a commit", kind_name(object.kind())),
    })
}

fn kind_name(kind: Option<ObjectType>) -> &'static str {
    match kind {
        Some(ObjectType::Blob) => "file",
        Some(ObjectType::Tree) => "folder",
        Some(ObjectType::Tag) => "tag",
        _ => "object",
    }
}

/// One version of the file along the first-parent chain: the commit that made it and its blob
/// (none when the commit removed the file).
struct Version {
    commit: Oid,
    blob: Option<Oid>,
}

/// The base version (the file before the oldest change, as a blob id; none when absent) and
/// then one version per commit that changed the file, oldest first.
fn versions(repo: &Repository, path: &str) -> Result<(Option<Oid>, Vec<Version>), GitError> {
    let mut commit = match repo.head() {
        Ok(head) => head
            .peel_to_commit()
            .map_err(|err| GitError::git("reading HEAD", &err))?,
        Err(err) if matches!(err.code(), ErrorCode::UnbornBranch | ErrorCode::NotFound) => {
            return Ok((None, Vec::new()));
        }
        Err(err) => return Err(GitError::git("reading HEAD", &err)),
    };
    // Newest first while walking; reversed at the end.
    let mut changed = Vec::new();
    let mut blob = blob_at(&commit, path)?;
    let base_blob = loop {
        let parent = if commit.parent_count() == 0 {
            None
        } else {
            match commit.parent(0) {
                Ok(parent) => Some(parent),
                // A shallow clone: the parent is not here. Take this version as the base.
                Err(_) => break blob,
            }
        };
        let Some(parent) = parent else {
            if blob.is_some() {
                changed.push(Version {
                    commit: commit.id(),
                    blob,
                });
            }
            break None;
        };
        let parent_blob = blob_at(&parent, path)?;
        if parent_blob != blob {
            changed.push(Version {
                commit: commit.id(),
                blob,
            });
        }
        commit = parent;
        blob = parent_blob;
    };
    changed.reverse();
    Ok((base_blob, changed))
}

/// The blob id of `path` in the commit's tree, if the file is there.
fn blob_at(commit: &Commit<'_>, path: &str) -> Result<Option<Oid>, GitError> {
    let tree = commit
        .tree()
        .map_err(|err| GitError::git(format!("reading the tree of {}", commit.id()), &err))?;
    match tree.get_path(std::path::Path::new(path)) {
        Ok(entry) if entry.kind() == Some(ObjectType::Blob) => Ok(Some(entry.id())),
        Ok(_) => Ok(None),
        Err(err) if err.code() == ErrorCode::NotFound => Ok(None),
        Err(err) => Err(GitError::git(format!("looking up {path}"), &err)),
    }
}

/// The blob's text: `Some("")` for an absent file, `None` when it is not UTF-8.
fn read_text(repo: &Repository, blob: Option<Oid>) -> Result<Option<String>, GitError> {
    let Some(oid) = blob else {
        return Ok(Some(String::new()));
    };
    let blob = repo
        .find_blob(oid)
        .map_err(|err| GitError::git(format!("reading blob {oid}"), &err))?;
    Ok(std::str::from_utf8(blob.content()).ok().map(str::to_owned))
}

/// The blob's progress; `None` when it does not parse (that version is skipped).
fn read_progress(
    repo: &Repository,
    blob: Option<Oid>,
    path: &str,
) -> Result<Option<Progress>, GitError> {
    Ok(read_text(repo, blob)?.and_then(|text| parse_text(path, &text).ok()))
}

/// Follows one item from version to version, parsing only when its table may have changed.
struct ItemWalker<'a> {
    id: &'a str,
    /// What the last version that parsed says about the item, unparsed.
    slice: OwnedSlice,
    /// The item's entry in it.
    entry: Option<ItemProgress>,
}

impl ItemWalker<'_> {
    fn start(&mut self, repo: &Repository, blob: Option<Oid>, path: &str) -> Result<(), GitError> {
        let text = read_text(repo, blob)?.unwrap_or_default();
        // A broken base holds nothing to compare with; the first version that parses then
        // shows everything the item has.
        if let Ok(progress) = parse_text(path, &text) {
            self.entry = progress.get(self.id).cloned();
            self.slice = OwnedSlice::from(item_slice(&text, self.id));
        }
        Ok(())
    }

    /// Moves to the next version; returns the item's changes and its new entry when it changed.
    fn step(&mut self, text: &str, path: &str) -> Option<(Vec<FieldChange>, Option<ItemProgress>)> {
        let after = item_slice(text, self.id);
        if self.slice.same_as(&after) {
            // The same bytes for this item, and nothing elsewhere mentions it.
            return None;
        }
        let progress = parse_text(path, text).ok()?;
        self.slice = OwnedSlice::from(after);
        let entry = progress.get(self.id).cloned();
        let fields = item_changes(self.entry.as_ref(), entry.as_ref());
        self.entry.clone_from(&entry);
        (!fields.is_empty()).then_some((fields, entry))
    }
}

/// What a version's text says about one item, without parsing it.
#[derive(Debug, PartialEq, Eq)]
enum Slice<'t> {
    /// The id appears nowhere, so the item has no entry.
    Absent,
    /// The item's table, from its header to the next header: the id appears only in the
    /// header, and the table holds no multi-line string that could hide a header line.
    Table(&'t str),
    /// Anything else; the version must be parsed.
    Unknown,
}

/// A [`Slice`] kept from one version to the next.
#[derive(Debug)]
enum OwnedSlice {
    Absent,
    Table(String),
    Unknown,
}

impl From<Slice<'_>> for OwnedSlice {
    fn from(slice: Slice<'_>) -> Self {
        match slice {
            Slice::Absent => OwnedSlice::Absent,
            Slice::Table(table) => OwnedSlice::Table(table.to_owned()),
            Slice::Unknown => OwnedSlice::Unknown,
        }
    }
}

impl OwnedSlice {
    /// True when both surely hold the same entry for the item.
    fn same_as(&self, other: &Slice<'_>) -> bool {
        match (self, other) {
            (OwnedSlice::Absent, Slice::Absent) => true,
            (OwnedSlice::Table(a), Slice::Table(b)) => a == b,
            _ => false,
        }
    }
}

fn item_slice<'t>(text: &'t str, id: &str) -> Slice<'t> {
    let mut found = text.match_indices(id);
    let Some((first, _)) = found.next() else {
        return Slice::Absent;
    };
    if found.next().is_some() {
        return Slice::Unknown;
    }
    let line_start = text[..first].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[first..].find('\n').map_or(text.len(), |i| first + i);
    let header = text[line_start..line_end].trim_end();
    if header != format!("[items.\"{id}\"]") {
        return Slice::Unknown;
    }
    let body_start = (line_end + 1).min(text.len());
    let body_end = text[body_start..]
        .match_indices("\n[")
        .next()
        .map_or(text.len(), |(i, _)| body_start + i);
    let table = &text[line_start..body_end];
    if table.contains("'''") || table.contains("\"\"\"") || text[body_start..].starts_with('[') {
        return Slice::Unknown;
    }
    Slice::Table(table)
}

fn change(
    repo: &Repository,
    version: &Version,
    item: &str,
    entry: Option<&ItemProgress>,
    fields: Vec<FieldChange>,
) -> Result<Change, GitError> {
    let oid = version.commit;
    let commit = repo
        .find_commit(oid)
        .map_err(|err| GitError::git(format!("reading commit {oid}"), &err))?;
    let author = commit.author();
    let name = String::from_utf8_lossy(author.name_bytes());
    let email = String::from_utf8_lossy(author.email_bytes());
    let time = jiff::Timestamp::from_second(author.when().seconds())
        .map(|t| t.to_string())
        .unwrap_or_default();
    Ok(Change {
        commit: oid.to_string(),
        author: format!("{name} <{email}>"),
        time,
        summary: String::from_utf8_lossy(commit.summary_bytes().unwrap_or_default()).into_owned(),
        item: item.to_owned(),
        recorded_by: entry.and_then(|e| e.by.clone()),
        recorded_at: entry.and_then(|e| e.updated.clone()),
        fields,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Status;
    use std::fmt::Write as _;
    use std::path::Path;

    const PATH: &str = ".vouch/progress.toml";

    struct Repo {
        _dir: tempfile::TempDir,
        git: Repository,
        time: i64,
    }

    impl Repo {
        fn new() -> Self {
            let dir = tempfile::tempdir().unwrap();
            let repo = Repository::init(dir.path()).unwrap();
            Repo {
                _dir: dir,
                git: repo,
                time: 1_800_000_000,
            }
        }

        /// Commits `text` as the progress file (`None` removes it) plus a side file, so a
        /// commit can leave the progress file alone.
        fn commit(&mut self, text: Option<&str>, side: &str, message: &str) -> Oid {
            let root = self.git.workdir().unwrap().to_owned();
            std::fs::create_dir_all(root.join(".vouch")).unwrap();
            let mut index = self.git.index().unwrap();
            if let Some(text) = text {
                std::fs::write(root.join(PATH), text).unwrap();
                index.add_path(Path::new(PATH)).unwrap();
            } else {
                let _ = std::fs::remove_file(root.join(PATH));
                let _ = index.remove_path(Path::new(PATH));
            }
            std::fs::write(root.join("side.txt"), side).unwrap();
            index.add_path(Path::new("side.txt")).unwrap();
            index.write().unwrap();
            let tree = self.git.find_tree(index.write_tree().unwrap()).unwrap();
            self.time += 60;
            let sig =
                git2::Signature::new("Ada", "ada@example.com", &git2::Time::new(self.time, 0))
                    .unwrap();
            let parent = self.git.head().ok().map(|h| h.peel_to_commit().unwrap());
            let parents: Vec<&Commit> = parent.iter().collect();
            self.git
                .commit(Some("HEAD"), &sig, &sig, message, &tree, &parents)
                .unwrap()
        }
    }

    fn file(items: &[(&str, &str, Option<&str>)]) -> String {
        let mut text = String::from("version = 1\n");
        for (id, status, note) in items {
            let _ = write!(text, "\n[items.\"{id}\"]\nstatus = \"{status}\"\n");
            if let Some(note) = note {
                let _ = write!(text, "note = '''\n{note}'''\n");
            }
        }
        text
    }

    #[test]
    fn an_items_history_lists_only_the_commits_that_changed_it_newest_first() {
        let mut repo = Repo::new();
        repo.commit(None, "0", "before vouch");
        let c1 = repo.commit(
            Some(&file(&[("a:1", "in-progress", None)])),
            "1",
            "start a:1",
        );
        repo.commit(
            Some(&file(&[
                ("a:1", "in-progress", None),
                ("b:1", "done", None),
            ])),
            "2",
            "b only",
        );
        repo.commit(
            Some(&file(&[
                ("a:1", "in-progress", None),
                ("b:1", "done", None),
            ])),
            "3",
            "side only",
        );
        let c4 = repo.commit(
            Some(&file(&[
                ("a:1", "done", Some("see\nSECURITY.md")),
                ("b:1", "done", None),
            ])),
            "4",
            "finish a:1",
        );
        let history = item_history(&repo.git, PATH, "a:1").unwrap();
        let commits: Vec<&str> = history.iter().map(|c| c.commit.as_str()).collect();
        assert_eq!(commits, [c4.to_string(), c1.to_string()]);
        assert_eq!(history[0].summary, "finish a:1");
        assert_eq!(history[0].author, "Ada <ada@example.com>");
        assert_eq!(
            history[0].fields[0],
            FieldChange::Status {
                from: Status::InProgress,
                to: Status::Done
            }
        );
        assert_eq!(history[0].fields[1].field(), "note");
        assert_eq!(
            history[1].fields,
            [FieldChange::Status {
                from: Status::Todo,
                to: Status::InProgress
            }]
        );
        assert_eq!(item_history(&repo.git, PATH, "b:1").unwrap().len(), 1);
        assert!(item_history(&repo.git, PATH, "c:1").unwrap().is_empty());
    }

    #[test]
    fn the_whole_file_history_matches_the_per_item_histories() {
        let mut repo = Repo::new();
        repo.commit(Some(&file(&[("a:1", "done", None)])), "1", "one");
        repo.commit(
            Some(&file(&[
                ("a:1", "in-progress", None),
                ("b:1", "done", None),
            ])),
            "2",
            "two",
        );
        repo.commit(None, "3", "drop the file");
        let all = file_history(&repo.git, PATH).unwrap();
        let summary: Vec<(String, String)> = all
            .iter()
            .map(|c| (c.summary.clone(), c.item.clone()))
            .collect();
        let pairs: Vec<(&str, &str)> = summary
            .iter()
            .map(|(s, i)| (s.as_str(), i.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("drop the file", "a:1"),
                ("drop the file", "b:1"),
                ("two", "a:1"),
                ("two", "b:1"),
                ("one", "a:1"),
            ]
        );
        for id in ["a:1", "b:1"] {
            let mine: Vec<Change> = all.iter().filter(|c| c.item == id).cloned().collect();
            assert_eq!(mine, item_history(&repo.git, PATH, id).unwrap());
        }
    }

    #[test]
    fn a_broken_version_is_skipped_and_the_mending_commit_shows_the_whole_change() {
        let mut repo = Repo::new();
        repo.commit(Some(&file(&[("a:1", "in-progress", None)])), "1", "one");
        repo.commit(Some("version = 1\n[items.\"a:1\"\nstatus ="), "2", "broken");
        repo.commit(Some(&file(&[("a:1", "done", None)])), "3", "mended");
        let history = item_history(&repo.git, PATH, "a:1").unwrap();
        assert_eq!(history.len(), 2);
        assert_eq!(history[0].summary, "mended");
        assert_eq!(
            history[0].fields,
            [FieldChange::Status {
                from: Status::InProgress,
                to: Status::Done
            }]
        );
    }

    #[test]
    fn an_item_mentioned_elsewhere_is_still_followed_exactly() {
        let mut repo = Repo::new();
        let mut text = file(&[("a:1", "done", None), ("b:1", "done", Some("like a:1"))]);
        repo.commit(Some(&text), "1", "one");
        text = text.replace(
            "[items.\"a:1\"]\nstatus = \"done\"",
            "[items.\"a:1\"]\nstatus = \"in-progress\"",
        );
        repo.commit(Some(&text), "2", "two");
        let history = item_history(&repo.git, PATH, "a:1").unwrap();
        assert_eq!(history.len(), 2, "{history:?}");
    }

    #[test]
    fn no_commits_no_history_and_revisions_are_read_or_refused() {
        let mut repo = Repo::new();
        assert!(item_history(&repo.git, PATH, "a:1").unwrap().is_empty());
        repo.commit(Some(&file(&[("a:1", "done", None)])), "1", "one");
        repo.git
            .tag_lightweight(
                "v1",
                &repo.git.head().unwrap().peel(ObjectType::Commit).unwrap(),
                false,
            )
            .unwrap();
        repo.commit(None, "2", "gone");
        assert_eq!(
            progress_at(&repo.git, "v1", PATH).unwrap().status("a:1"),
            Status::Done
        );
        assert!(
            progress_at(&repo.git, "HEAD", PATH)
                .unwrap()
                .items
                .is_empty()
        );
        let err = progress_at(&repo.git, "v9", PATH).unwrap_err();
        assert!(err.to_string().contains("cannot find commit `v9`"), "{err}");
    }

    #[test]
    fn slices_are_trusted_only_when_they_cannot_hide_anything() {
        let text = "[items.\"a:1\"]\nstatus = \"done\"\n\n[items.\"b:1\"]\nnote = \"x\"\n";
        assert_eq!(
            item_slice(text, "a:1"),
            Slice::Table("[items.\"a:1\"]\nstatus = \"done\"\n")
        );
        assert_eq!(item_slice(text, "c:1"), Slice::Absent);
        let multi = "[items.\"a:1\"]\nnote = '''\n[x]\n'''\n";
        assert_eq!(item_slice(multi, "a:1"), Slice::Unknown);
        let dotted = "[items]\n\"a:1\" = { status = \"done\" }\n";
        assert_eq!(item_slice(dotted, "a:1"), Slice::Unknown);
    }
}
