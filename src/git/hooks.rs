//! The commit-msg hook that checks `Vouch:` trailers name real items (`vouch hooks install`).
//!
//! The hook goes where git looks for hooks: `core.hooksPath` when set (relative to the work
//! tree, as git reads it), else `hooks/` in the common git folder, which all worktrees share.
//! It runs `vouch hooks check-msg "$1"`. A hook that is already there and is not vouch's is
//! never overwritten: it is renamed to `commit-msg.local`, and vouch's hook runs it first and
//! stops with its exit code if it fails. Installing again is harmless: vouch's hook is known by
//! its marker line and rewritten only when its text changed. When `vouch` is not on `PATH`
//! (a GUI client, a teammate without it), the hook warns and lets the commit through rather
//! than block all work.

use std::path::{Path, PathBuf};

use git2::Repository;

use crate::git::GitError;

/// The line that marks a hook as vouch's, so reinstalling recognises it.
pub const HOOK_MARKER: &str = "# vouch-managed-hook: commit-msg";

/// The name an existing hook is given when vouch's hook takes its place and chains to it.
pub const CHAINED_HOOK_NAME: &str = "commit-msg.local";

const HOOK_SCRIPT: &str = r#"#!/bin/sh
# vouch-managed-hook: commit-msg
# Checks that `Vouch:` trailers in the commit message name real checklist items.
# Installed by `vouch hooks install`, which rewrites this file; put your own checks in
# commit-msg.local next to it: it runs first, and a failure there stops the commit.
hook_dir=$(dirname "$0")
if [ -x "$hook_dir/commit-msg.local" ]; then
    "$hook_dir/commit-msg.local" "$@" || exit $?
fi
if command -v vouch >/dev/null 2>&1; then
    exec vouch hooks check-msg "$1"
fi
echo "vouch commit-msg hook: vouch is not on PATH, so Vouch: trailers were not checked" >&2
exit 0
"#;

/// What installing did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HookOutcome {
    /// There was no commit-msg hook; vouch's is now there.
    Installed,
    /// vouch's hook was there already, exactly as it would be written; nothing changed.
    AlreadyInstalled,
    /// An older vouch hook was there and has been rewritten.
    Updated,
    /// Another hook was there: it was renamed and vouch's hook runs it first.
    Chained {
        /// Where the previous hook now lives.
        previous: PathBuf,
    },
}

/// Where the hook is and what installing it did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HookInstall {
    /// The commit-msg hook file.
    pub path: PathBuf,
    /// What changed.
    pub outcome: HookOutcome,
}

/// The folder git runs hooks from for this repository (see the module documentation).
pub fn hooks_dir(repo: &Repository) -> Result<PathBuf, GitError> {
    let config = repo
        .config()
        .map_err(|err| GitError::git("reading git config for core.hooksPath", &err))?;
    match config.get_path("core.hooksPath") {
        Ok(path) if path.is_absolute() => Ok(path),
        Ok(path) => Ok(repo.workdir().unwrap_or_else(|| repo.path()).join(path)),
        Err(err) if err.code() == git2::ErrorCode::NotFound => Ok(repo.commondir().join("hooks")),
        Err(err) => Err(GitError::git("reading core.hooksPath", &err)),
    }
}

/// Installs (or refreshes) vouch's commit-msg hook, keeping any other hook by chaining to it.
pub fn install_commit_msg_hook(repo: &Repository) -> Result<HookInstall, GitError> {
    let dir = hooks_dir(repo)?;
    let path = dir.join("commit-msg");
    let failed = |path: &Path, message: String| GitError::Hook {
        path: path.to_owned(),
        message,
    };
    std::fs::create_dir_all(&dir)
        .map_err(|err| failed(&path, format!("cannot create {}: {err}", dir.display())))?;

    let outcome = match std::fs::symlink_metadata(&path) {
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => HookOutcome::Installed,
        Err(err) => return Err(failed(&path, err.to_string())),
        Ok(meta) if meta.is_dir() => {
            return Err(failed(
                &path,
                "it is a folder; move it aside and install again".into(),
            ));
        }
        Ok(_) => {
            // Unreadable or non-UTF-8 content is not ours: it gets chained, not overwritten.
            let existing = std::fs::read(&path).unwrap_or_default();
            let existing = String::from_utf8_lossy(&existing);
            if existing.lines().any(|line| line.trim() == HOOK_MARKER) {
                if existing == HOOK_SCRIPT && is_executable(&path) {
                    return Ok(HookInstall {
                        path,
                        outcome: HookOutcome::AlreadyInstalled,
                    });
                }
                HookOutcome::Updated
            } else {
                let previous = dir.join(CHAINED_HOOK_NAME);
                if std::fs::symlink_metadata(&previous).is_ok() {
                    return Err(failed(
                        &path,
                        format!(
                            "another hook is installed there and {} exists too; merge them into {} by hand, then install again",
                            previous.display(),
                            previous.display()
                        ),
                    ));
                }
                std::fs::rename(&path, &previous).map_err(|err| {
                    failed(
                        &path,
                        format!(
                            "cannot move the existing hook to {}: {err}",
                            previous.display()
                        ),
                    )
                })?;
                HookOutcome::Chained { previous }
            }
        }
    };
    write_executable(&dir, &path, HOOK_SCRIPT)
        .map_err(|err| failed(&path, format!("cannot write it: {err}")))?;
    Ok(HookInstall { path, outcome })
}

/// Writes the file atomically with mode 0755.
fn write_executable(dir: &Path, path: &Path, text: &str) -> std::io::Result<()> {
    let mut temp = tempfile::NamedTempFile::new_in(dir)?;
    std::io::Write::write_all(&mut temp, text.as_bytes())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        temp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o755))?;
    }
    temp.persist(path).map_err(|err| err.error)?;
    Ok(())
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|meta| meta.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(_path: &Path) -> bool {
    true
}
