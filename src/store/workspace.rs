//! Where vouch works: the repository (or plain folder) root and the files under `.vouch/`.

use std::path::{Path, PathBuf};

/// The folder vouch works in and what kind of place it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workspace {
    /// The work tree root of the git repository, or the plain folder outside git.
    pub root: PathBuf,
    /// True inside a git work tree; evidence from git is available only then.
    pub in_git: bool,
}

/// Why no workspace could be opened.
#[derive(Debug, thiserror::Error)]
pub enum WorkspaceError {
    /// vouch keeps its files in a work tree, which a bare repository lacks.
    #[error(
        "{0} is a bare git repository, which has no work tree for .vouch/; run vouch in a clone or worktree of it"
    )]
    Bare(PathBuf),
    /// git could not open the repository found.
    #[error("cannot open the git repository at {path}: {message}")]
    Git {
        /// Where it was found.
        path: PathBuf,
        /// What libgit2 said.
        message: String,
    },
}

impl Workspace {
    /// Finds the workspace holding `start`: the enclosing git work tree, else the nearest folder
    /// above that already has `.vouch/`, else `start` itself.
    pub fn discover(start: &Path) -> Result<Self, WorkspaceError> {
        match git2::Repository::discover(start) {
            Ok(repo) => match repo.workdir() {
                Some(workdir) => Ok(Workspace {
                    root: strip_trailing_separator(workdir),
                    in_git: true,
                }),
                None => Err(WorkspaceError::Bare(repo.path().to_owned())),
            },
            Err(err) if err.code() == git2::ErrorCode::NotFound => {
                let root = start
                    .ancestors()
                    .find(|dir| dir.join(".vouch").is_dir())
                    .unwrap_or(start)
                    .to_owned();
                Ok(Workspace {
                    root,
                    in_git: false,
                })
            }
            Err(err) => Err(WorkspaceError::Git {
                path: start.to_owned(),
                message: err.message().to_owned(),
            }),
        }
    }

    /// `.vouch/` under the root.
    #[must_use]
    pub fn vouch_dir(&self) -> PathBuf {
        self.root.join(".vouch")
    }

    /// `.vouch/progress.toml`.
    #[must_use]
    pub fn progress_path(&self) -> PathBuf {
        self.vouch_dir().join("progress.toml")
    }

    /// `.vouch/config.toml`.
    #[must_use]
    pub fn config_path(&self) -> PathBuf {
        self.vouch_dir().join("config.toml")
    }

    /// `.vouch/checklists/`, the team's own checklist files.
    #[must_use]
    pub fn checklists_dir(&self) -> PathBuf {
        self.vouch_dir().join("checklists")
    }

    /// A path shown relative to the root when it lies below it.
    #[must_use]
    pub fn display_path(&self, path: &Path) -> String {
        path.strip_prefix(&self.root)
            .unwrap_or(path)
            .display()
            .to_string()
    }
}

fn strip_trailing_separator(path: &Path) -> PathBuf {
    path.components().collect()
}
