//! Helpers shared by the CLI tests: throwaway places to run the real `vouch` binary in, with
//! the developer's own git config shut out and a local identity set.

// Each test binary uses its own part of these helpers, and a helper that cannot set up its
// throwaway place should fail the test loudly, as `unwrap` does in the tests themselves.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command as StdCommand;

use assert_cmd::Command;
use tempfile::TempDir;

/// The identity every test repository has in its local git config.
pub const WHO: &str = "Test User <test@example.com>";

/// Variables that would point git at another repository or identity, or vouch at the
/// developer's own settings; removed for every command run in a [`Place`].
pub const UNSET: [&str; 8] = [
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_AUTHOR_NAME",
    "GIT_AUTHOR_EMAIL",
    "GIT_COMMITTER_NAME",
    "GIT_COMMITTER_EMAIL",
    "VOUCH_CONFIG",
];

/// The vouch binary cargo built for these tests.
pub const VOUCH: &str = env!("CARGO_BIN_EXE_vouch");

/// A folder to run vouch in: a git repository with no commits, or a plain folder.
pub struct Place {
    /// Holds `home/` and `work/`; removed when the place is dropped.
    pub temp: TempDir,
    /// Where vouch runs: the repository's work tree, or the plain folder.
    pub root: PathBuf,
    /// `HOME` for git and vouch, empty, so no user config leaks in.
    pub home: PathBuf,
}

impl Place {
    /// A fresh git repository with no commits, `user.name`/`user.email` set locally.
    pub fn repo() -> Self {
        let place = Self::plain();
        place.git(&["init", "--quiet", "--initial-branch=main"]);
        place.git(&["config", "user.name", "Test User"]);
        place.git(&["config", "user.email", "test@example.com"]);
        place
    }

    /// A folder outside any git repository.
    pub fn plain() -> Self {
        let temp = tempfile::tempdir().expect("temporary folder");
        let root = temp.path().join("work");
        let home = temp.path().join("home");
        fs::create_dir_all(&root).expect("work folder");
        fs::create_dir_all(&home).expect("home folder");
        Place { temp, root, home }
    }

    /// The environment shared by git and vouch: no global or system git config, an empty home
    /// and empty XDG folders under it. Set these and remove [`UNSET`] for any command run here.
    pub fn environment(&self) -> Vec<(&'static str, OsString)> {
        let under_home = |folder: &str| self.home.join(folder).into_os_string();
        vec![
            ("GIT_CONFIG_GLOBAL", "/dev/null".into()),
            ("GIT_CONFIG_SYSTEM", "/dev/null".into()),
            ("GIT_CONFIG_NOSYSTEM", "1".into()),
            ("HOME", self.home.clone().into_os_string()),
            ("XDG_CONFIG_HOME", under_home(".config")),
            ("XDG_DATA_HOME", under_home(".local/share")),
            ("XDG_STATE_HOME", under_home(".local/state")),
            ("XDG_CACHE_HOME", under_home(".cache")),
            ("USER", "nobody-in-particular".into()),
        ]
    }

    fn isolate(&self, command: &mut StdCommand) {
        command.current_dir(&self.root).envs(self.environment());
        for var in UNSET {
            command.env_remove(var);
        }
    }

    /// `vouch ARGS` in this place, ready for assertions.
    pub fn vouch(&self, args: &[&str]) -> Command {
        let mut command = StdCommand::new(VOUCH);
        command.args(args);
        self.isolate(&mut command);
        Command::from_std(command)
    }

    /// `vouch ARGS` in this place as a plain command, to spawn and wait for (or kill).
    pub fn vouch_process(&self, args: &[&str]) -> StdCommand {
        let mut command = StdCommand::new(VOUCH);
        command.args(args);
        self.isolate(&mut command);
        command
    }

    /// `PROGRAM ARGS` in this place with vouch's environment, for running vouch through a
    /// wrapper such as `setpriv`.
    pub fn command(&self, program: &Path, args: &[&str]) -> Command {
        let mut command = StdCommand::new(program);
        command.args(args);
        self.isolate(&mut command);
        Command::from_std(command)
    }

    /// Runs `git ARGS` here and returns its stdout; panics with git's stderr if it fails.
    pub fn git(&self, args: &[&str]) -> String {
        let mut command = StdCommand::new("git");
        command.args(args);
        self.isolate(&mut command);
        let output = command.output().expect("git runs");
        assert!(
            output.status.success(),
            "git {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).expect("git output is UTF-8")
    }

    /// Runs `git ARGS` here and returns what happened, without judging it.
    pub fn git_output(&self, args: &[&str]) -> std::process::Output {
        let mut command = StdCommand::new("git");
        command.args(args);
        self.isolate(&mut command);
        command.output().expect("git runs")
    }

    /// Adds everything and commits it.
    pub fn commit_all(&self, message: &str) {
        self.git(&["add", "--all"]);
        self.git(&["commit", "--quiet", "--message", message]);
    }

    /// A path under the root.
    pub fn path(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }

    /// Writes a file under the root, creating folders.
    pub fn write(&self, relative: &str, text: &str) {
        let path = self.path(relative);
        fs::create_dir_all(path.parent().expect("a parent folder")).expect("folders");
        fs::write(path, text).expect("write file");
    }

    /// Copies a fixture to a path under the root.
    pub fn copy_fixture(&self, fixture_name: &str, relative: &str) {
        self.write(relative, &read_fixture(fixture_name));
    }

    /// Reads a file under the root.
    pub fn read(&self, relative: &str) -> String {
        fs::read_to_string(self.path(relative))
            .unwrap_or_else(|err| panic!("cannot read {relative}: {err}"))
    }

    /// `.vouch/progress.toml` as text.
    pub fn progress(&self) -> String {
        self.read(".vouch/progress.toml")
    }

    /// Runs vouch with the arguments, asserts it succeeded, and returns its stdout.
    pub fn stdout_of(&self, args: &[&str]) -> String {
        let output = self.vouch(args).output().expect("vouch runs");
        assert!(
            output.status.success(),
            "vouch {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).expect("vouch output is UTF-8")
    }
}

/// The path of a file under `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The text of a file under `tests/fixtures/`.
pub fn read_fixture(name: &str) -> String {
    fs::read_to_string(fixture(name)).unwrap_or_else(|err| panic!("fixture {name}: {err}"))
}

/// The ids of the `[items."..."]` tables in a progress file's text, in file order.
pub fn item_ids(progress: &str) -> Vec<String> {
    progress
        .lines()
        .filter_map(|line| line.strip_prefix("[items.\"")?.strip_suffix("\"]"))
        .map(str::to_owned)
        .collect()
}
