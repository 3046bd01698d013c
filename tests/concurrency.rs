//! Progress under several writers and hard kills: `vouch set` in other processes while a
//! `ProgressFile` holds an older base, many `vouch set` at once, and `vouch set` killed with
//! SIGKILL at random points of its save.

// Helpers fail the test loudly, as `unwrap` does in the tests themselves.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::fmt::Write as _;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::{Place, item_ids};
use vouch::model::progress::Stamp;
use vouch::model::{Progress, Status};
use vouch::store::progress::{ProgressError, ProgressFile, parse};

fn stamp() -> Stamp {
    Stamp {
        by: "Ada <ada@example.com>".into(),
        at: "2026-11-27T18:00:00Z".into(),
    }
}

fn parsed(text: &str) -> Progress {
    parse(Path::new("progress.toml"), text).expect("progress.toml always parses")
}

/// Ids of bundled items, enough for one writer each.
fn uk_ids(place: &Place, count: usize) -> Vec<String> {
    place
        .stdout_of(&["list", "--framework", "uk-sscop"])
        .lines()
        .take(count)
        .map(|line| line.split_whitespace().next().unwrap().to_owned())
        .collect()
}

#[test]
fn a_cli_change_made_while_a_file_is_open_is_merged_per_item_on_save() {
    let place = Place::repo();
    place.vouch(&["init"]).assert().success();
    let path = place.path(".vouch/progress.toml");
    let (mut file, mut progress) = ProgressFile::load(&path).unwrap();

    place
        .vouch(&["set", "uk-sscop:1.1-C2", "done", "--note", "from the CLI"])
        .assert()
        .success();

    progress
        .set_status("uk-sscop:1.1-C1", Status::InProgress, None, &stamp())
        .unwrap();
    let report = file
        .save(&mut progress, &["uk-sscop:1.1-C1".into()])
        .unwrap();
    assert!(report.merged_from_disk);
    assert_eq!(
        item_ids(&place.progress()),
        ["uk-sscop:1.1-C1", "uk-sscop:1.1-C2"]
    );
    assert_eq!(
        progress
            .get("uk-sscop:1.1-C2")
            .and_then(|e| e.note.as_deref()),
        Some("from the CLI"),
        "the other process's change is in memory too"
    );
}

#[test]
fn the_same_item_changed_by_the_cli_meanwhile_is_refused_and_the_cli_change_stays() {
    let place = Place::repo();
    place.vouch(&["init"]).assert().success();
    let path = place.path(".vouch/progress.toml");
    let (mut file, mut progress) = ProgressFile::load(&path).unwrap();

    place
        .vouch(&["set", "uk-sscop:1.1-C1", "done"])
        .assert()
        .success();
    let after_cli = place.progress();

    progress.set_note("uk-sscop:1.1-C1", "mine", &stamp());
    let err = file
        .save(&mut progress, &["uk-sscop:1.1-C1".into()])
        .unwrap_err();
    assert!(
        matches!(&err, ProgressError::Conflict { ids, .. } if ids == &["uk-sscop:1.1-C1"]),
        "{err}"
    );
    assert_eq!(place.progress(), after_cli, "nothing was overwritten");
}

#[test]
fn a_cli_save_while_the_cli_holds_an_older_base_does_not_lose_the_other_change() {
    // The reverse: this process saves first, then the CLI, which read nothing earlier.
    let place = Place::repo();
    place.vouch(&["init"]).assert().success();
    let path = place.path(".vouch/progress.toml");
    let (mut file, mut progress) = ProgressFile::load(&path).unwrap();
    progress
        .set_status("uk-sscop:1.1-C1", Status::Done, None, &stamp())
        .unwrap();
    file.save(&mut progress, &["uk-sscop:1.1-C1".into()])
        .unwrap();
    place
        .vouch(&["set", "uk-sscop:1.1-C2", "done"])
        .assert()
        .success();
    assert_eq!(
        item_ids(&place.progress()),
        ["uk-sscop:1.1-C1", "uk-sscop:1.1-C2"]
    );
}

/// Many `vouch set` at once, each on its own item: every one of them must be in the file.
/// Without a lock around the read-merge-rename of a save, the last rename wins and the others'
/// ticks are lost silently.
#[test]
fn many_vouch_set_at_once_on_different_items_lose_nothing() {
    let place = Place::repo();
    place.vouch(&["init"]).assert().success();
    let ids = uk_ids(&place, 12);
    for round in 0..3 {
        let status = ["done", "in-progress", "done"][round];
        let children: Vec<_> = ids
            .iter()
            .map(|id| {
                place
                    .vouch_process(&["set", id, status])
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let output = child.wait_with_output().unwrap();
            assert!(
                output.status.success(),
                "{}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        let progress = parsed(&place.progress());
        let wanted = Status::parse(status).unwrap();
        let missing: Vec<&String> = ids
            .iter()
            .filter(|id| progress.status(id) != wanted)
            .collect();
        assert!(missing.is_empty(), "round {round}: lost {missing:?}");
    }
    assert!(
        !place.path(".vouch/progress.toml.lock").exists(),
        "the save lock is released"
    );
}

/// A tiny deterministic random source (xorshift), seeded from the clock and printed, so a
/// failing run can be replayed by setting `VOUCH_KILL_SEED`.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// `vouch set` killed with SIGKILL at random points, 50 times, on a progress file big enough
/// (300 entries) that a save takes a while: after every kill the file parses and is the old
/// file or the new one, never a mix or a fragment; the next `vouch set` works (no stuck lock).
#[cfg(unix)]
#[test]
fn vouch_set_killed_at_random_points_leaves_the_old_file_or_the_new_one() {
    let place = Place::repo();
    let mut text = String::from("version = 1\n");
    for n in 0..300 {
        let _ = write!(
            text,
            "\n[items.\"bulk:{n:05}\"]\nstatus = \"done\"\nupdated = 2026-01-01T00:00:00Z\nby = \"Ada <ada@example.com>\"\nnote = \"entry {n} with a note long enough to take some bytes\"\n"
        );
    }
    place.write(".vouch/progress.toml", &text);
    let target = "uk-sscop:1.1-C1";

    // How long one whole `vouch set` takes here, to spread the kills over it. Only runs that
    // finish lower the estimate, so it settles near the fastest run and most runs are killed.
    let started = Instant::now();
    place.vouch(&["set", target, "done"]).assert().success();
    let mut whole = started.elapsed();
    let first = whole;

    let seed = std::env::var("VOUCH_KILL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            u64::from(
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .subsec_nanos(),
            ) | 1
        });
    eprintln!("kill test: seed {seed}, first `vouch set` took {whole:?}");
    let mut rng = Rng(seed);
    let (mut old, mut new, mut finished) = (0, 0, 0);
    let mut temp_left = std::collections::BTreeSet::new();
    for round in 0..50 {
        let before = place.progress();
        let was = parsed(&before);
        // Always a real change, so a run that finishes always writes a new file.
        let (status, wanted) = if was.status(target) == Status::Done {
            ("in-progress", Status::InProgress)
        } else {
            ("done", Status::Done)
        };
        // Most of a run is start-up (loading checklists); the kills land from 30% to 115% of
        // a whole run, so many fall in the save itself.
        let micros = u64::try_from(whole.as_micros()).unwrap().max(10);
        let delay = Duration::from_micros(micros * 3 / 10 + rng.next() % (micros * 85 / 100));
        let mut child = place
            .vouch_process(&["set", target, status])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let spawned = Instant::now();
        let mut exited = false;
        while spawned.elapsed() < delay {
            if let Some(code) = child.try_wait().unwrap() {
                assert!(code.success(), "round {round}: vouch set failed");
                exited = true;
                break;
            }
            std::thread::sleep(Duration::from_micros(200));
        }
        if exited {
            finished += 1;
            whole = whole.min(spawned.elapsed());
        } else {
            child.kill().unwrap(); // SIGKILL
        }
        child.wait().unwrap();

        let after = place.progress();
        let now = parsed(&after);
        if after == before {
            assert!(!exited, "round {round}: a finished run wrote the new file");
            old += 1;
        } else {
            new += 1;
            assert_eq!(
                now.status(target),
                wanted,
                "round {round}: a changed file is the new one"
            );
            let mut expected = was.clone();
            expected.restore(target, now.get(target).cloned());
            assert_eq!(now, expected, "round {round}: only the target changed");
        }
        // A kill between creating the temporary file and the rename leaves it behind (the next
        // saves remove it once stale); it is never mistaken for the real file.
        temp_left.extend(
            std::fs::read_dir(place.path(".vouch"))
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|name| name.starts_with(".progress-")),
        );
    }
    eprintln!(
        "kill test: 50 runs, {} killed, {finished} finished first; {old} left the old file, {new} the new one; {} killed mid-save (temporary file left); fastest run {whole:?}",
        50 - finished,
        temp_left.len()
    );
    assert!(finished <= 40, "the kills land while vouch runs, not after");
    // After all that, a plain `vouch set` still works: no lock is left to wait for.
    let started = Instant::now();
    let output = place
        .vouch(&["set", "uk-sscop:1.1-C2", "done"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(started.elapsed() < first * 20 + Duration::from_secs(2));
    assert_eq!(parsed(&place.progress()).items.len(), 302);
}
