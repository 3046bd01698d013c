//! `vouch hooks install` against real throwaway repositories, with real commits running the
//! hook and a stand-in `vouch` on PATH.

// Integration tests: a panic is the failure report, so helpers may unwrap too.
#![allow(clippy::unwrap_used)]

#[path = "common/gitrepo.rs"]
mod gitrepo;

use std::path::{Path, PathBuf};

use gitrepo::{TestRepo, git_command};
use vouch::git::hooks::{
    CHAINED_HOOK_NAME, HOOK_MARKER, HookOutcome, hooks_dir, install_commit_msg_hook,
};

/// A folder with a stand-in `vouch` that logs its arguments to `calls.log` next to it and
/// rejects messages containing `Vouch: bad:`, as `vouch hooks check-msg` would.
fn fake_vouch(repo: &TestRepo) -> PathBuf {
    let bin = repo.outside().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let script = format!(
        "#!/bin/sh\necho \"$@\" >> '{}'\nif grep -q 'Vouch: bad:' \"$3\"; then echo 'unknown item bad:1' >&2; exit 1; fi\nexit 0\n",
        bin.join("calls.log").display()
    );
    write_executable(&bin.join("vouch"), &script);
    bin
}

fn write_executable(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

/// Commits through the git CLI (which runs hooks) with `bin` first on PATH.
fn try_commit(repo: &TestRepo, bin: &Path, message: &str) -> (bool, String) {
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let output = git_command(&repo.root)
        .args(["commit", "-q", "--allow-empty", "-m", message])
        .env("PATH", path)
        .output()
        .unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn installing_writes_an_executable_hook_once() {
    let repo = TestRepo::init();
    let install = install_commit_msg_hook(&repo.open()).unwrap();
    assert_eq!(install.path, repo.root.join(".git/hooks/commit-msg"));
    assert_eq!(install.outcome, HookOutcome::Installed);
    let text = std::fs::read_to_string(&install.path).unwrap();
    assert!(text.starts_with("#!/bin/sh\n"));
    assert!(text.contains(HOOK_MARKER));
    assert!(text.contains("vouch hooks check-msg \"$1\""));
    #[cfg(unix)]
    assert_eq!(mode(&install.path), 0o755);

    let again = install_commit_msg_hook(&repo.open()).unwrap();
    assert_eq!(again.outcome, HookOutcome::AlreadyInstalled);
    assert_eq!(std::fs::read_to_string(&install.path).unwrap(), text);
}

#[test]
fn the_hook_runs_vouch_and_a_rejection_stops_the_commit() {
    let repo = TestRepo::init();
    install_commit_msg_hook(&repo.open()).unwrap();
    let bin = fake_vouch(&repo);

    let (ok, _) = try_commit(&repo, &bin, "Good\n\nVouch: uk-sscop:1.1-C1");
    assert!(ok);
    let (ok, stderr) = try_commit(&repo, &bin, "Bad\n\nVouch: bad:1");
    assert!(!ok);
    assert!(stderr.contains("unknown item bad:1"), "{stderr}");
    let calls = std::fs::read_to_string(bin.join("calls.log")).unwrap();
    let calls: Vec<&str> = calls.lines().collect();
    assert_eq!(calls.len(), 2);
    assert!(calls[0].starts_with("hooks check-msg ") && calls[0].ends_with("COMMIT_EDITMSG"));
}

#[test]
fn an_existing_hook_is_kept_and_runs_first_with_its_exit_code() {
    let repo = TestRepo::init();
    let dir = repo.root.join(".git/hooks");
    let theirs = "#!/bin/sh\nif grep -q WIP \"$1\"; then echo 'no WIP commits' >&2; exit 3; fi\n";
    write_executable(&dir.join("commit-msg"), theirs);

    let install = install_commit_msg_hook(&repo.open()).unwrap();
    let previous = dir.join(CHAINED_HOOK_NAME);
    assert_eq!(
        install.outcome,
        HookOutcome::Chained {
            previous: previous.clone()
        }
    );
    assert_eq!(std::fs::read_to_string(&previous).unwrap(), theirs);

    let bin = fake_vouch(&repo);
    let (ok, stderr) = try_commit(&repo, &bin, "WIP: half done");
    assert!(!ok);
    assert!(stderr.contains("no WIP commits"), "{stderr}");
    assert!(
        !bin.join("calls.log").exists(),
        "vouch does not run after the chained hook failed"
    );
    let (ok, _) = try_commit(&repo, &bin, "Done\n\nVouch: a:1");
    assert!(ok);
    assert!(bin.join("calls.log").exists());

    // Installing again neither chains vouch's hook to itself nor touches theirs.
    let again = install_commit_msg_hook(&repo.open()).unwrap();
    assert_eq!(again.outcome, HookOutcome::AlreadyInstalled);
    assert_eq!(std::fs::read_to_string(&previous).unwrap(), theirs);
}

#[test]
fn a_hook_that_cannot_be_chained_is_left_alone_with_a_clear_error() {
    let repo = TestRepo::init();
    let dir = repo.root.join(".git/hooks");
    write_executable(&dir.join("commit-msg"), "#!/bin/sh\nexit 0\n");
    write_executable(&dir.join(CHAINED_HOOK_NAME), "#!/bin/sh\nexit 0\n");

    let err = install_commit_msg_hook(&repo.open())
        .unwrap_err()
        .to_string();
    assert!(err.contains("commit-msg.local exists too"), "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.join("commit-msg")).unwrap(),
        "#!/bin/sh\nexit 0\n"
    );
}

#[test]
fn an_older_vouch_hook_is_updated_in_place() {
    let repo = TestRepo::init();
    let path = repo.root.join(".git/hooks/commit-msg");
    write_executable(&path, &format!("#!/bin/sh\n{HOOK_MARKER}\nexit 0\n"));
    let install = install_commit_msg_hook(&repo.open()).unwrap();
    assert_eq!(install.outcome, HookOutcome::Updated);
    assert!(
        !repo
            .root
            .join(".git/hooks")
            .join(CHAINED_HOOK_NAME)
            .exists()
    );
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("check-msg")
    );
}

#[test]
fn core_hooks_path_is_respected() {
    let repo = TestRepo::init();
    repo.git(&["config", "core.hooksPath", ".githooks"]);
    let git = repo.open();
    assert_eq!(hooks_dir(&git).unwrap(), repo.root.join(".githooks"));
    let install = install_commit_msg_hook(&git).unwrap();
    assert_eq!(install.path, repo.root.join(".githooks/commit-msg"));

    let bin = fake_vouch(&repo);
    let (ok, _) = try_commit(&repo, &bin, "Bad\n\nVouch: bad:2");
    assert!(!ok, "git runs the hook from core.hooksPath");
}

#[test]
fn a_worktree_installs_into_the_shared_hooks_folder() {
    let repo = TestRepo::init();
    repo.commit_all("one");
    let wt_path = repo.outside().join("wt");
    repo.git(&[
        "worktree",
        "add",
        "-q",
        "-b",
        "wt",
        wt_path.to_str().unwrap(),
    ]);
    let wt = repo.at(wt_path);

    let install = install_commit_msg_hook(&wt.open()).unwrap();
    assert_eq!(
        std::fs::canonicalize(&install.path).unwrap(),
        std::fs::canonicalize(repo.root.join(".git/hooks/commit-msg")).unwrap()
    );
    let bin = fake_vouch(&repo);
    let (ok, _) = try_commit(&wt, &bin, "Bad\n\nVouch: bad:3");
    assert!(!ok, "the worktree's commits run the shared hook");
}
