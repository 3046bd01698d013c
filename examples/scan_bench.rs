//! Times `vouch`'s trailer scan against `git log` on one repository, in one run:
//!
//! ```text
//! cargo run --release --example scan_bench -- /path/to/repo [rounds]
//! ```
//!
//! Build the repository with `scripts/make-big-repo.sh 100000 DIR`. "Cold" is a scan with no
//! scan cache yet; "repeat" is the next scan with the cache and no new commits. Both sides run
//! with the operating system's file cache warm.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use vouch::git::trailers::{CacheUse, scan_trailers};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let repo_path = PathBuf::from(args.next().ok_or("usage: scan_bench REPO [ROUNDS]")?);
    let rounds: usize = args.next().map_or(Ok(5), |n| n.parse())?;
    let repo = git2::Repository::open(&repo_path)?;
    let scratch = tempfile::tempdir()?;

    let mut git_log = Vec::new();
    let mut cold = Vec::new();
    let mut repeat = Vec::new();
    let mut vouch_links = 0;
    let mut walked = (0, 0);
    for round in 0..rounds {
        let started = Instant::now();
        let output = Command::new("git")
            .arg("-C")
            .arg(&repo_path)
            .args(["log", "--format=%H %(trailers:key=Vouch,valueonly)"])
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_SYSTEM", "/dev/null")
            .stderr(Stdio::inherit())
            .output()?;
        git_log.push(started.elapsed());
        let from_git = links_from_git_log(&String::from_utf8_lossy(&output.stdout));

        // A fresh repository handle each round, so libgit2's object cache starts empty too.
        let repo = git2::Repository::open(&repo_path)?;
        let cache = scratch.path().join(format!("scan-cache-{round}"));
        let started = Instant::now();
        let first = scan_trailers(&repo, None, Some(&cache))?;
        cold.push(started.elapsed());
        assert_eq!(first.cache, CacheUse::Cold);

        let repo = git2::Repository::open(&repo_path)?;
        let started = Instant::now();
        let second = scan_trailers(&repo, None, Some(&cache))?;
        repeat.push(started.elapsed());
        assert!(matches!(second.cache, CacheUse::Reused { .. }));
        assert_eq!(first.links, second.links);
        let ours: Vec<(String, String)> = first
            .links
            .iter()
            .map(|link| (link.commit.clone(), link.item.clone()))
            .collect();
        assert_eq!(ours, from_git, "the scan and git log disagree");
        vouch_links = first.links.len();
        walked = (first.walked, second.walked);
    }
    drop(repo);

    // Ten new commits on top, in a clone sharing the objects, scanned with the cache left by
    // the last cold scan (the cache is keyed by commit ids, so it serves the clone too).
    let clone = scratch.path().join("clone");
    run_git(
        scratch.path(),
        &["clone", "-q", "--shared"],
        &[repo_path.as_os_str(), clone.as_os_str()],
    )?;
    for n in 0..10 {
        let message = format!("new commit {n}\n\nVouch: uk-sscop:1.1-C1");
        run_git(
            &clone,
            &[
                "-c",
                "user.name=Bench",
                "-c",
                "user.email=bench@example.com",
                "commit",
                "-q",
                "--allow-empty",
                "-m",
                &message,
            ],
            &[],
        )?;
    }
    let clone_repo = git2::Repository::open(&clone)?;
    let cache = scratch.path().join(format!("scan-cache-{}", rounds - 1));
    let started = Instant::now();
    let newer = scan_trailers(&clone_repo, None, Some(&cache))?;
    let after_new = started.elapsed();
    assert_eq!(newer.links.len(), vouch_links + 10);

    let median = |times: &mut Vec<Duration>| {
        times.sort();
        times[times.len() / 2]
    };
    let (git, cold_t, repeat_t) = (median(&mut git_log), median(&mut cold), median(&mut repeat));
    println!("repository: {}", repo_path.display());
    println!("rounds: {rounds} (medians below)");
    println!("git log --format='%H %(trailers:key=Vouch,valueonly)': {git:?}");
    println!(
        "scan_trailers cold:   {cold_t:?} = {:.2}x git log (walked {}, {vouch_links} links, same as git log's)",
        cold_t.as_secs_f64() / git.as_secs_f64(),
        walked.0
    );
    println!(
        "scan_trailers repeat: {repeat_t:?} = {:.3}x git log (walked {})",
        repeat_t.as_secs_f64() / git.as_secs_f64(),
        walked.1
    );
    println!(
        "scan_trailers after 10 new commits: {after_new:?} = {:.3}x git log (walked {})",
        after_new.as_secs_f64() / git.as_secs_f64(),
        newer.walked
    );
    Ok(())
}

fn run_git(
    dir: &std::path::Path,
    args: &[&str],
    more: &[&std::ffi::OsStr],
) -> Result<(), Box<dyn std::error::Error>> {
    let status = Command::new("git")
        .current_dir(dir)
        .args(args)
        .args(more)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_SYSTEM", "/dev/null")
        .status()?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("git {args:?} failed").into())
    }
}

/// (commit, item) pairs from `git log --format='%H %(trailers:key=Vouch,valueonly)'`: a line
/// starts with the commit id and its first value; further values follow on their own lines.
fn links_from_git_log(text: &str) -> Vec<(String, String)> {
    let mut links = Vec::new();
    let mut commit = String::new();
    for line in text.lines() {
        let value = match line.split_once(' ') {
            Some((id, rest)) if id.len() == 40 && id.bytes().all(|b| b.is_ascii_hexdigit()) => {
                id.clone_into(&mut commit);
                rest
            }
            _ => line,
        };
        for item in value.split(|c: char| c == ',' || c.is_whitespace()) {
            if !item.is_empty() {
                links.push((commit.clone(), item.to_owned()));
            }
        }
    }
    links
}
