//! Facts about the repository that reports state: the HEAD commit, the `origin` remote, and
//! the committed version of a file.

use git2::Repository;

/// The commit HEAD points at: full id and commit time (UTC, RFC 3339). `None` before the
/// first commit.
#[must_use]
pub fn head_commit(repo: &Repository) -> Option<(String, String)> {
    let commit = repo.head().ok()?.peel_to_commit().ok()?;
    let time = jiff::Timestamp::from_second(commit.time().seconds())
        .map(|t| t.to_string())
        .unwrap_or_default();
    Some((commit.id().to_string(), time))
}

/// The address of the `origin` remote, as configured.
#[must_use]
pub fn origin_url(repo: &Repository) -> Option<String> {
    repo.find_remote("origin")
        .ok()
        .and_then(|remote| remote.url().ok().map(str::to_owned))
}

/// The text of `path` (repository-relative, `/` separators) as committed at HEAD: `None` when
/// there is no commit or the file is not in it (or is not UTF-8).
#[must_use]
pub fn committed_text(repo: &Repository, path: &str) -> Option<String> {
    let tree = repo.head().ok()?.peel_to_tree().ok()?;
    let entry = tree.get_path(std::path::Path::new(path)).ok()?;
    let blob = repo.find_blob(entry.id()).ok()?;
    String::from_utf8(blob.content().to_vec()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_repository_has_no_head_no_origin_and_no_committed_files() {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        assert_eq!(head_commit(&repo), None);
        assert_eq!(origin_url(&repo), None);
        assert_eq!(committed_text(&repo, "a.txt"), None);
        repo.remote("origin", "git@github.com:a/b.git").unwrap();
        assert_eq!(origin_url(&repo).as_deref(), Some("git@github.com:a/b.git"));
    }
}
