//! The one error type of the git functions: what failed, on which path or revision, and what to
//! do about it, in words a user can act on.

use std::path::PathBuf;

/// Why a git operation could not be done. Every message names the path or revision involved
/// and, where there is one, the next step.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    /// Linking files needs a work tree, which a bare repository lacks.
    #[error(
        "{} is a bare git repository, which has no work tree to link files from; run vouch in a clone or worktree of it",
        .path.display()
    )]
    Bare {
        /// The repository's git folder.
        path: PathBuf,
    },
    /// HEAD points at a branch with no commits yet, so nothing is committed to pin to.
    #[error("the repository has no commits yet: commit {what} first, then link it")]
    NoCommits {
        /// What the user was trying to pin, e.g. the path.
        what: String,
    },
    /// A revision the user typed does not name a commit here.
    #[error("cannot find commit `{rev}`: {why}")]
    BadRev {
        /// The revision as typed.
        rev: String,
        /// Why, with a hint (a full sentence fragment).
        why: String,
    },
    /// The path leaves the repository's work tree (absolute path, `..`, or a symbolic link).
    #[error(
        "{} is outside the repository at {}: {why}; evidence files must live inside the repository",
        .path.display(), .workdir.display()
    )]
    OutsideRepo {
        /// The path as given.
        path: PathBuf,
        /// The work tree it should be inside.
        workdir: PathBuf,
        /// How it escapes.
        why: String,
    },
    /// There is no such file in the work tree.
    #[error("{} does not exist; check the path (relative paths start at {})", .path.display(), .base.display())]
    NotFound {
        /// The path as given.
        path: PathBuf,
        /// The folder relative paths were resolved from.
        base: PathBuf,
    },
    /// progress.toml stores paths as text, so a file whose name is not UTF-8 cannot be stored
    /// without changing it (and a changed name would never be found again).
    #[error(
        "{} has a name that is not valid UTF-8; vouch stores paths as text, so rename the file to link it",
        .path.display()
    )]
    NonUtf8Path {
        /// The path as given.
        path: PathBuf,
    },
    /// The file is in the work tree but not in HEAD's tree, so there is no committed version to
    /// pin.
    #[error("{path} is not committed yet: {hint}")]
    NotCommitted {
        /// Repository-relative path.
        path: String,
        /// What to do (add and commit it, it is ignored, ...).
        hint: String,
    },
    /// The path names a folder or a submodule rather than a file.
    #[error("{path} is {what}, not a file; link a file inside it")]
    NotAFile {
        /// Repository-relative path (empty for the root).
        path: String,
        /// "a folder" or "a submodule".
        what: &'static str,
    },
    /// A line range did not parse.
    #[error("`{input}` is not a line range: {why}")]
    BadLineRange {
        /// The text as typed.
        input: String,
        /// What is wrong and how to write it.
        why: String,
    },
    /// The line range runs past the end of the committed file.
    #[error(
        "lines {range} are past the end of {path}, which has {lines} line{} at HEAD; pick a range within it",
        if *.lines == 1 { "" } else { "s" }
    )]
    RangePastEnd {
        /// Repository-relative path.
        path: String,
        /// The range asked for, as `A-B`.
        range: String,
        /// How many lines the file has at HEAD.
        lines: usize,
    },
    /// Line ranges only make sense for text.
    #[error("{path} is a binary file; link the whole file instead of a line range")]
    BinaryRange {
        /// Repository-relative path.
        path: String,
    },
    /// There is no diff to show for this evidence.
    #[error("no diff for {evidence}: {why}")]
    NoDiff {
        /// The evidence, as `vouch show` prints it.
        evidence: String,
        /// Why not, and what to do.
        why: String,
    },
    /// The trailer scan cache could not be written.
    #[error(
        "cannot write the scan cache {}: {message}; check the folder's permissions, or delete the file and scan again",
        .path.display()
    )]
    Cache {
        /// The cache file.
        path: PathBuf,
        /// What the system said.
        message: String,
    },
    /// The commit-msg hook could not be installed as asked.
    #[error("cannot install the commit-msg hook at {}: {message}", .path.display())]
    Hook {
        /// The hook file.
        path: PathBuf,
        /// What went wrong and what to do.
        message: String,
    },
    /// libgit2 failed in a way the cases above do not cover (a damaged repository, I/O).
    #[error("git failed while {context}: {message}")]
    Git {
        /// What vouch was doing, e.g. "reading HEAD".
        context: String,
        /// What libgit2 said.
        message: String,
    },
}

impl GitError {
    /// Wraps a libgit2 error with what vouch was doing when it happened.
    pub(crate) fn git(context: impl Into<String>, err: &git2::Error) -> Self {
        GitError::Git {
            context: context.into(),
            message: err.message().to_owned(),
        }
    }
}
