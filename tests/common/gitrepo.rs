//! Throwaway git repositories for the git tests, built with the git CLI with the developer's own
//! git config shut out. Include with `#[path = "common/gitrepo.rs"] mod gitrepo;`.
#![allow(dead_code)]

use std::cell::Cell;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

/// A git command with no global or system config and no inherited repository variables.
pub fn git_command(dir: &Path) -> Command {
    let mut command = Command::new("git");
    command
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_SYSTEM", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_OBJECT_DIRECTORY")
        .env_remove("GIT_COMMON_DIR");
    command
}

/// Runs git in `dir` and returns its trimmed stdout; panics with stderr when it fails.
pub fn git_in(dir: &Path, args: &[&str]) -> String {
    let output = git_command(dir).args(args).output().unwrap();
    assert!(
        output.status.success(),
        "git {args:?} failed in {}: {}",
        dir.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

/// A repository in `<tempdir>/repo`, so tests have room for files outside it.
pub struct TestRepo {
    pub tmp: TempDir,
    pub root: PathBuf,
    clock: Cell<u64>,
}

impl TestRepo {
    /// `git init -b main` with a local identity and no signing.
    pub fn init() -> Self {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("repo");
        std::fs::create_dir(&root).unwrap();
        let repo = TestRepo {
            tmp,
            root,
            clock: Cell::new(1_700_000_000),
        };
        repo.git(&["init", "-q", "-b", "main"]);
        repo.configure();
        repo
    }

    /// A wrapper around an existing folder (a clone, a worktree) sharing this one's clock.
    pub fn at(&self, root: PathBuf) -> TestRepo {
        let other = TestRepo {
            tmp: tempfile::tempdir().unwrap(),
            root,
            clock: Cell::new(self.clock.get() + 100_000),
        };
        other.configure();
        other
    }

    fn configure(&self) {
        self.git(&["config", "user.name", "Test User"]);
        self.git(&["config", "user.email", "test@example.com"]);
        self.git(&["config", "commit.gpgsign", "false"]);
    }

    /// The folder holding the repository, for files that must be outside it.
    pub fn outside(&self) -> &Path {
        self.tmp.path()
    }

    /// Runs git in the work tree.
    pub fn git(&self, args: &[&str]) -> String {
        git_in(&self.root, args)
    }

    /// Writes a file (creating folders) in the work tree.
    pub fn write(&self, path: &str, content: &str) {
        let full = self.root.join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, content).unwrap();
    }

    /// Stages everything and commits with `message`, one second after the previous commit, so
    /// history order is deterministic. Returns the new commit's full id.
    pub fn commit_all(&self, message: &str) -> String {
        self.git(&["add", "-A"]);
        self.commit(&["--allow-empty", "-m", message])
    }

    /// `git commit -q ARGS` with the next timestamp; returns HEAD's full id.
    pub fn commit(&self, args: &[&str]) -> String {
        let when = format!("@{} +0000", self.tick());
        let mut full = vec!["commit", "-q"];
        full.extend_from_slice(args);
        let output = git_command(&self.root)
            .args(&full)
            .env("GIT_AUTHOR_DATE", &when)
            .env("GIT_COMMITTER_DATE", &when)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "git {full:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        self.head()
    }

    fn tick(&self) -> u64 {
        let now = self.clock.get() + 1;
        self.clock.set(now);
        now
    }

    /// HEAD's full id.
    pub fn head(&self) -> String {
        self.git(&["rev-parse", "HEAD"])
    }

    /// Opens the repository with libgit2.
    pub fn open(&self) -> git2::Repository {
        git2::Repository::open(&self.root).unwrap()
    }
}

/// `count` numbered lines, `line 1` to `line N`, each ending in a newline.
pub fn numbered_lines(count: usize) -> String {
    (1..=count).fold(String::new(), |mut text, n| {
        let _ = writeln!(text, "line {n}");
        text
    })
}
