//! What the detectors may read: the tracked paths (from the git index, listed once, no folder
//! walk), the text of a candidate file as committed at HEAD (capped, read at most once), and a
//! bounded stretch of recent history.

use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;
use std::path::Path;
use std::rc::Rc;

use git2::{Commit, ObjectType, Odb, Oid, Repository, Tree};

use super::ci::CiFile;

/// At most this much of a file is read; the rest is not looked at.
pub const READ_CAP: usize = 1024 * 1024;

/// Files larger than this are not read at all (a detector's candidate this large is not the
/// kind of file it looks for).
const SKIP_ABOVE: usize = 16 * 1024 * 1024;

/// A file as committed at HEAD, read for a detector.
#[derive(Debug)]
pub struct FileText {
    /// Repository-relative path with `/` separators.
    pub path: String,
    /// Blob id at HEAD, which the evidence is pinned to.
    pub blob: Oid,
    /// The text (invalid UTF-8 replaced), at most [`READ_CAP`] bytes of it.
    pub text: String,
    /// True when the file is longer than what was read.
    pub truncated: bool,
}

impl FileText {
    /// Lines with their numbers, from 1.
    pub fn numbered(&self) -> impl Iterator<Item = (usize, &str)> {
        self.text.lines().enumerate().map(|(i, l)| (i + 1, l))
    }

    /// How many lines were read.
    #[must_use]
    pub fn line_count(&self) -> usize {
        self.text.lines().count()
    }
}

/// The repository as the detectors see it during one scan.
pub struct Repo<'r> {
    git: &'r Repository,
    head: Commit<'r>,
    tree: Tree<'r>,
    odb: Odb<'r>,
    paths: Vec<String>,
    read: RefCell<HashMap<String, Option<Rc<FileText>>>>,
    pub(super) ci: OnceCell<Rc<Vec<CiFile>>>,
}

impl<'r> Repo<'r> {
    /// Lists the tracked paths from the index and finds HEAD. `None` when there is no commit
    /// yet: evidence is pinned to a commit, so there is nothing to propose before the first.
    pub fn open(git: &'r Repository) -> Result<Option<Self>, git2::Error> {
        let Ok(head) = git.head().and_then(|h| h.peel_to_commit()) else {
            return Ok(None);
        };
        let tree = head.tree()?;
        let odb = git.odb()?;
        let index = git.index()?;
        let mut paths: Vec<String> = index
            .iter()
            .filter_map(|entry| String::from_utf8(entry.path).ok())
            .collect();
        // The index is sorted by path bytes already; conflicts list a path up to three times.
        paths.dedup();
        Ok(Some(Repo {
            git,
            head,
            tree,
            odb,
            paths,
            read: RefCell::new(HashMap::new()),
            ci: OnceCell::new(),
        }))
    }

    /// Every tracked path, sorted.
    #[must_use]
    pub fn paths(&self) -> &[String] {
        &self.paths
    }

    /// True when `path` is tracked.
    #[must_use]
    pub fn is_tracked(&self, path: &str) -> bool {
        self.paths
            .binary_search_by(|p| p.as_bytes().cmp(path.as_bytes()))
            .is_ok()
    }

    /// Tracked paths whose file name (the part after the last `/`), lower-cased, is one of
    /// `names`.
    #[must_use]
    pub fn named(&self, names: &[&str]) -> Vec<&str> {
        self.paths
            .iter()
            .map(String::as_str)
            .filter(|p| {
                let name = file_name(p);
                names.iter().any(|n| name.eq_ignore_ascii_case(n))
            })
            .collect()
    }

    /// The first of `paths` (exact, case-insensitive) that is tracked, in the order given.
    #[must_use]
    pub fn first_of(&self, paths: &[&str]) -> Option<&str> {
        paths.iter().find_map(|wanted| {
            self.paths
                .iter()
                .find(|p| p.eq_ignore_ascii_case(wanted))
                .map(String::as_str)
        })
    }

    /// The file as committed at HEAD, read once and kept for the other detectors. `None` when
    /// it is not in the last commit (added but not committed), not a regular file, or huge.
    pub fn read(&self, path: &str) -> Option<Rc<FileText>> {
        if let Some(known) = self.read.borrow().get(path) {
            return known.clone();
        }
        let text = self.read_uncached(path).map(Rc::new);
        self.read.borrow_mut().insert(path.to_owned(), text.clone());
        text
    }

    fn read_uncached(&self, path: &str) -> Option<FileText> {
        let entry = self.tree.get_path(Path::new(path)).ok()?;
        if entry.kind() != Some(ObjectType::Blob) {
            return None;
        }
        let blob_id = entry.id();
        let (size, _) = self.odb.read_header(blob_id).ok()?;
        if size > SKIP_ABOVE {
            return None;
        }
        let blob = self.git.find_blob(blob_id).ok()?;
        let bytes = blob.content();
        let truncated = bytes.len() > READ_CAP;
        let mut bytes = &bytes[..bytes.len().min(READ_CAP)];
        if truncated {
            // Cut at the last whole line, so the last line read is not half a line.
            if let Some(newline) = bytes.iter().rposition(|&b| b == b'\n') {
                bytes = &bytes[..=newline];
            }
        }
        Some(FileText {
            path: path.to_owned(),
            blob: blob_id,
            text: String::from_utf8_lossy(bytes).into_owned(),
            truncated,
        })
    }

    /// The HEAD commit's id.
    #[must_use]
    pub fn head_id(&self) -> Oid {
        self.head.id()
    }

    /// The repository itself, for history detectors.
    #[must_use]
    pub fn git(&self) -> &'r Repository {
        self.git
    }
}

/// The part of `path` after the last `/`.
#[must_use]
pub fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The part of `path` before the last `/`, or `""` at the top.
#[must_use]
pub fn folder(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// True for paths inside vendored or generated trees (`vendor/`, `node_modules/`,
/// `third_party/`) and test fixtures, whose files describe someone else's project.
#[must_use]
pub fn is_foreign(path: &str) -> bool {
    const FOREIGN: &[&str] = &[
        "vendor",
        "vendored",
        "node_modules",
        "third_party",
        "third-party",
        "thirdparty",
        "external",
        "deps",
        "fixtures",
        "testdata",
        "test-data",
        "examples",
    ];
    path.split('/')
        .rev()
        .skip(1)
        .any(|dir| FOREIGN.iter().any(|f| dir.eq_ignore_ascii_case(f)))
}
