//! Registering vouch as the merge driver for `progress.toml` in a repository's own git config.

use std::path::{Path, PathBuf};

use git2::{ConfigLevel, Repository};

/// The driver's name, as `.gitattributes` refers to it (`merge=vouch`).
pub const DRIVER: &str = "vouch";

/// What git runs: `%O` base, `%A` ours (receives the result), `%B` theirs, `%P` the path.
pub const DRIVER_COMMAND: &str = "vouch merge-driver %O %A %B %P";

/// The driver's description, shown by git in some messages.
pub const DRIVER_NAME: &str = "vouch: per-item merge of .vouch/progress.toml";

/// Why the driver could not be registered.
#[derive(Debug, thiserror::Error)]
#[error("cannot register the merge driver in the git config of {}: {message} while {doing}", .root.display())]
pub struct RegisterError {
    /// The repository's work tree.
    pub root: PathBuf,
    /// What vouch was doing.
    pub doing: String,
    /// What libgit2 said.
    pub message: String,
}

/// Sets `merge.vouch.name` and `merge.vouch.driver` in the repository's local config (for a
/// worktree, the repository's shared config). Returns true when something changed.
pub fn register(root: &Path) -> Result<bool, RegisterError> {
    let fail = |doing: String| {
        move |err: git2::Error| RegisterError {
            root: root.to_owned(),
            doing,
            message: err.message().to_owned(),
        }
    };
    let repo = Repository::discover(root).map_err(fail("opening the repository".into()))?;
    let mut config = repo
        .config()
        .and_then(|c| c.open_level(ConfigLevel::Local))
        .map_err(fail("opening the repository's own config".into()))?;
    let mut changed = false;
    for (key, value) in [
        (format!("merge.{DRIVER}.name"), DRIVER_NAME),
        (format!("merge.{DRIVER}.driver"), DRIVER_COMMAND),
    ] {
        if config.get_string(&key).ok().as_deref() != Some(value) {
            config
                .set_str(&key, value)
                .map_err(fail(format!("setting {key}")))?;
            changed = true;
        }
    }
    Ok(changed)
}
