//! Recent commits for the commit picker: newest first, searchable, loaded a page at a time so a
//! history of 100,000 commits opens at once.

use git2::{Oid, Repository, Revwalk};

/// One commit as the picker shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitRow {
    /// Full object id.
    pub id: String,
    /// First line of the message.
    pub summary: String,
    /// Author name.
    pub author: String,
    /// Author time, seconds since the Unix epoch.
    pub time: i64,
}

/// A lazily walked history from HEAD. Commits are read only as far as a page needs.
pub struct CommitLog<'repo> {
    repo: &'repo Repository,
    walk: Option<Revwalk<'repo>>,
    oids: Vec<Oid>,
    exhausted: bool,
}

impl<'repo> CommitLog<'repo> {
    /// A log of the commits reachable from HEAD; empty for a repository with no commits.
    #[must_use]
    pub fn new(repo: &'repo Repository) -> Self {
        let walk = repo.revwalk().ok().and_then(|mut walk| {
            // No explicit sort: libgit2's default is already newest first, and any sort mode
            // makes it read the whole history before the first commit (seconds on 100,000
            // commits), which the picker's first page cannot wait for.
            walk.push_head().ok()?;
            Some(walk)
        });
        let exhausted = walk.is_none();
        CommitLog {
            repo,
            walk,
            oids: Vec::new(),
            exhausted,
        }
    }

    /// Makes sure the first `count` commits (or all there are) have been walked.
    fn walk_to(&mut self, count: usize) {
        let Some(walk) = self.walk.as_mut() else {
            return;
        };
        while self.oids.len() < count {
            if let Some(Ok(oid)) = walk.next() {
                self.oids.push(oid);
            } else {
                self.exhausted = true;
                self.walk = None;
                return;
            }
        }
    }

    /// Up to `limit` commits matching `query`, skipping the first `skip` matches. An empty query
    /// matches every commit. Words in the query must all appear (case-insensitive) in the id,
    /// the summary or the author. Returns the rows and whether the history has more.
    pub fn page(&mut self, query: &str, skip: usize, limit: usize) -> (Vec<CommitRow>, bool) {
        let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
        let mut rows = Vec::new();
        let mut matched = 0;
        let mut index = 0;
        loop {
            if index >= self.oids.len() {
                if self.exhausted {
                    return (rows, false);
                }
                // Walk in chunks so a search does not re-enter the walk for every commit.
                self.walk_to(self.oids.len() + 512);
                if index >= self.oids.len() {
                    return (rows, false);
                }
            }
            let oid = self.oids[index];
            index += 1;
            let Some(row) = self.row(oid) else { continue };
            if !words.is_empty() {
                let haystack = format!("{} {} {}", row.id, row.summary, row.author).to_lowercase();
                if !words.iter().all(|w| haystack.contains(w.as_str())) {
                    continue;
                }
            }
            matched += 1;
            if matched <= skip {
                continue;
            }
            rows.push(row);
            if rows.len() == limit {
                let more = index < self.oids.len() || !self.exhausted;
                return (rows, more);
            }
        }
    }

    fn row(&self, oid: Oid) -> Option<CommitRow> {
        let commit = self.repo.find_commit(oid).ok()?;
        Some(CommitRow {
            id: oid.to_string(),
            summary: String::from_utf8_lossy(commit.summary_bytes().unwrap_or_default())
                .into_owned(),
            author: String::from_utf8_lossy(commit.author().name_bytes()).into_owned(),
            time: commit.author().when().seconds(),
        })
    }
}

/// Paths of the files tracked at HEAD (or in the index before the first commit), sorted, with
/// `/` separators. Paths that are not valid UTF-8 are left out: evidence paths are stored as
/// TOML strings.
pub fn tracked_files(repo: &Repository) -> Result<Vec<String>, git2::Error> {
    let index = repo.index()?;
    let mut paths: Vec<String> = index
        .iter()
        .filter_map(|entry| String::from_utf8(entry.path).ok())
        .collect();
    paths.sort();
    paths.dedup();
    Ok(paths)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn repo_with_commits(dir: &Path, messages: &[&str]) -> Repository {
        let repo = Repository::init(dir).unwrap();
        let sig =
            git2::Signature::new("Ada", "ada@example.com", &git2::Time::new(1_700_000_000, 0))
                .unwrap();
        let mut parent: Option<Oid> = None;
        for (n, message) in messages.iter().enumerate() {
            std::fs::write(dir.join("file.txt"), format!("{n}\n")).unwrap();
            let mut index = repo.index().unwrap();
            index.add_path(Path::new("file.txt")).unwrap();
            index.write().unwrap();
            let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
            let when = git2::Time::new(1_700_000_000 + i64::try_from(n).unwrap() * 60, 0);
            let sig = git2::Signature::new("Ada", "ada@example.com", &when).unwrap_or(sig.clone());
            let parents: Vec<git2::Commit> = parent
                .iter()
                .map(|p| repo.find_commit(*p).unwrap())
                .collect();
            let parent_refs: Vec<&git2::Commit> = parents.iter().collect();
            parent = Some(
                repo.commit(Some("HEAD"), &sig, &sig, message, &tree, &parent_refs)
                    .unwrap(),
            );
        }
        repo
    }

    #[test]
    fn pages_come_newest_first_and_say_whether_more_remain() {
        let dir = tempfile::tempdir().unwrap();
        let repo = repo_with_commits(dir.path(), &["one", "two", "three"]);
        let mut log = CommitLog::new(&repo);
        let (rows, more) = log.page("", 0, 2);
        assert_eq!(
            rows.iter().map(|r| r.summary.as_str()).collect::<Vec<_>>(),
            ["three", "two"]
        );
        assert!(more);
        let (rows, more) = log.page("", 2, 2);
        assert_eq!(rows[0].summary, "one");
        assert!(!more);
    }

    #[test]
    fn search_matches_summary_author_and_id() {
        let dir = tempfile::tempdir().unwrap();
        let repo = repo_with_commits(dir.path(), &["add SECURITY.md", "fix typo", "Security fix"]);
        let mut log = CommitLog::new(&repo);
        let (rows, _) = log.page("security", 0, 10);
        assert_eq!(rows.len(), 2);
        let id = rows[0].id[..8].to_owned();
        assert_eq!(log.page(&id, 0, 10).0.len(), 1);
        assert_eq!(log.page("ada", 0, 10).0.len(), 3);
    }

    #[test]
    fn a_repository_with_no_commits_has_an_empty_log() {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        assert_eq!(CommitLog::new(&repo).page("", 0, 10), (Vec::new(), false));
        assert!(tracked_files(&repo).unwrap().is_empty());
    }
}
