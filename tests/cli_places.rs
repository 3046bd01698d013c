//! Where vouch runs and what it finds there: outside git, a repository with no commits, a
//! progress file that does not parse, a `.vouch` folder it may not write to.

// Test helpers fail the test loudly, as `unwrap` in a test does.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::fs;
use std::path::Path;

use common::{Place, VOUCH, WHO, item_ids, read_fixture};
use predicates::prelude::*;

#[test]
fn every_command_works_outside_a_git_repository() {
    let place = Place::plain();
    place
        .vouch(&["init"])
        .assert()
        .success()
        .stdout(predicate::str::contains("outside git"));
    place
        .vouch(&["set", "uk-sscop:1.1-C1", "done"])
        .assert()
        .success();
    place
        .vouch(&["note", "uk-sscop:1.1-C1", "why"])
        .assert()
        .success();
    assert_eq!(item_ids(&place.progress()), ["uk-sscop:1.1-C1"]);
    place
        .vouch(&["status"])
        .assert()
        .success()
        .stdout(predicate::str::contains("all 45 items"));
    place
        .vouch(&["list", "--status", "done"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("uk-sscop:1.1-C1  done  "));
    place
        .vouch(&["show", "uk-sscop:1.1-C1"])
        .assert()
        .success()
        .stdout(predicate::str::contains("note       why"));
    place.vouch(&["frameworks"]).assert().success();
    place.vouch(&["validate"]).assert().success();
}

#[test]
fn a_subfolder_outside_git_finds_the_vouch_folder_above_it() {
    let place = Place::plain();
    place.vouch(&["init"]).assert().success();
    fs::create_dir_all(place.path("src/deep")).unwrap();
    place
        .vouch(&["set", "uk-sscop:1.1-C1", "done"])
        .current_dir(place.path("src/deep"))
        .assert()
        .success();
    assert_eq!(item_ids(&place.progress()), ["uk-sscop:1.1-C1"]);
    assert!(!place.path("src/deep/.vouch").exists());
}

#[test]
fn a_repository_with_no_commits_works_from_a_subfolder() {
    let place = Place::repo();
    fs::create_dir_all(place.path("src")).unwrap();
    place
        .vouch(&["set", "uk-sscop:1.1-C1", "done"])
        .current_dir(place.path("src"))
        .assert()
        .success();
    assert!(place.progress().contains(&format!("by = \"{WHO}\"")));
    assert!(
        !place.path("src/.vouch").exists(),
        "saved at the repository root"
    );
    place
        .vouch(&["status"])
        .current_dir(place.path("src"))
        .assert()
        .success();
}

#[test]
fn a_progress_file_that_does_not_parse_is_reported_and_left_byte_for_byte() {
    let place = Place::repo();
    place.copy_fixture("invalid/progress-unparseable.toml", ".vouch/progress.toml");
    let before = fs::read(place.path(".vouch/progress.toml")).unwrap();
    for args in [
        &["set", "uk-sscop:1.1-C2", "done"][..],
        &["note", "uk-sscop:1.1-C2", "x"][..],
        &["status"][..],
        &["list"][..],
        &["show", "uk-sscop:1.1-C2"][..],
    ] {
        place
            .vouch(args)
            .assert()
            .code(2)
            .stderr(predicate::str::starts_with("error: "))
            .stderr(predicate::str::contains(
                ".vouch/progress.toml:4:25: not valid TOML",
            ))
            .stderr(predicate::str::contains("left untouched"));
    }
    assert_eq!(
        fs::read(place.path(".vouch/progress.toml")).unwrap(),
        before
    );
    let entries: Vec<_> = fs::read_dir(place.path(".vouch")).unwrap().collect();
    assert_eq!(entries.len(), 1, "no temporary file left behind");
}

#[test]
fn a_progress_file_with_an_unknown_status_word_is_not_overwritten_by_set() {
    let place = Place::repo();
    place.copy_fixture(
        "invalid/progress-unknown-status.toml",
        ".vouch/progress.toml",
    );
    place
        .vouch(&["set", "uk-sscop:1.1-C1", "done"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            ".vouch/progress.toml:5:10: unknown status `finished`",
        ));
    assert_eq!(
        place.progress(),
        read_fixture("invalid/progress-unknown-status.toml")
    );
}

/// A `.vouch` folder vouch may not write to: a clear error, exit 2, the progress file as it
/// was, and no temporary file left behind.
#[test]
fn a_read_only_vouch_folder_gives_a_clear_error_and_no_partial_file() {
    let place = Place::repo();
    place
        .vouch(&["set", "uk-sscop:1.1-C1", "done"])
        .assert()
        .success();
    let before = place.progress();
    let vouch_dir = place.path(".vouch");
    let Some(mut command) = vouch_without_root(&place, &["set", "uk-sscop:1.1-C2", "done"]) else {
        eprintln!("skipped: running as root and setpriv is not available");
        return;
    };

    set_mode(&vouch_dir, 0o555);
    let assert = command.assert();
    set_mode(&vouch_dir, 0o755);
    assert
        .code(2)
        .stderr(predicate::str::starts_with("error: cannot save "))
        .stderr(predicate::str::contains("progress.toml"))
        .stderr(predicate::str::contains("Permission denied"))
        .stderr(predicate::str::contains("nothing was changed on disk"));
    assert_eq!(place.progress(), before);
    let names: Vec<String> = fs::read_dir(&vouch_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["progress.toml"], "no temporary file left behind");
}

#[test]
fn init_in_a_read_only_folder_fails_clearly_and_creates_nothing() {
    let place = Place::repo();
    let Some(mut command) = vouch_without_root(&place, &["init"]) else {
        eprintln!("skipped: running as root and setpriv is not available");
        return;
    };
    fs::create_dir(place.path(".vouch")).unwrap();

    set_mode(&place.path(".vouch"), 0o555);
    let assert = command.assert();
    set_mode(&place.path(".vouch"), 0o755);
    assert
        .code(2)
        .stderr(predicate::str::starts_with(
            "error: cannot create .vouch/config.toml",
        ))
        .stderr(predicate::str::contains("Permission denied"));
    assert_eq!(fs::read_dir(place.path(".vouch")).unwrap().count(), 0);
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt as _;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

/// The conventional uid and gid of `nobody`.
const NOBODY: u32 = 65534;

/// `vouch ARGS` in `place`, run so that file modes stop its writes. Root ignores modes (and
/// CI runs as root), so then it runs as `nobody` through `setpriv`: the place is handed to
/// `nobody` (so git sees a repository its user owns) and a copy of the binary is put where
/// `nobody` can run it. `None` when running as root without `setpriv`.
fn vouch_without_root(place: &Place, args: &[&str]) -> Option<assert_cmd::Command> {
    let uid = std::process::Command::new("id")
        .arg("-u")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned());
    if uid.as_deref() != Some("0") {
        return Some(place.vouch(args));
    }
    let setpriv_works = std::process::Command::new("setpriv")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !setpriv_works {
        return None;
    }
    let bin = place.temp.path().join("bin");
    fs::create_dir_all(&bin).unwrap();
    let copy = bin.join("vouch");
    fs::copy(VOUCH, &copy).unwrap();
    set_mode(&copy, 0o755);
    set_mode(&bin, 0o755);
    set_mode(place.temp.path(), 0o755);
    chown_tree(&place.root);
    chown_tree(&place.home);

    let copy = copy.to_string_lossy().into_owned();
    let as_nobody = [format!("--reuid={NOBODY}"), format!("--regid={NOBODY}")];
    // Another test thread may fork while the copy is still open for writing, and the child
    // holds that descriptor until it execs: executing the copy then fails with "Text file
    // busy". Wait until it runs, so the command under test never meets that race.
    let runs = || {
        std::process::Command::new("setpriv")
            .args([
                as_nobody[0].as_str(),
                as_nobody[1].as_str(),
                "--clear-groups",
                copy.as_str(),
                "--version",
            ])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    for _ in 0..100 {
        if runs() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let mut full_args: Vec<&str> = as_nobody.iter().map(String::as_str).collect();
    full_args.extend(["--clear-groups", copy.as_str()]);
    full_args.extend_from_slice(args);
    Some(place.command(Path::new("setpriv"), &full_args))
}

/// Hands `path` and everything below it to `nobody`.
fn chown_tree(path: &Path) {
    std::os::unix::fs::lchown(path, Some(NOBODY), Some(NOBODY)).unwrap();
    if path.is_dir() && !path.is_symlink() {
        for entry in fs::read_dir(path).unwrap() {
            chown_tree(&entry.unwrap().path());
        }
    }
}
