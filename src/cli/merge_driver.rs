//! `vouch merge-driver BASE OURS THEIRS [PATH]`: the git merge driver for `progress.toml`.
//!
//! git runs it (once `vouch init --merge-driver` registered it) whenever a merge or rebase
//! meets changes to `.vouch/progress.toml` on both sides. It merges per item (see
//! [`crate::store::merge`]), writes the result over OURS and exits 0.
//!
//! When a version does not parse, no rule can settle it. Then OURS is left exactly as it was
//! (so vouch keeps working on it), THEIRS and the base are saved beside the real file as
//! `progress.toml.theirs` and `progress.toml.base`, the message says which file is broken and
//! where, and the exit code is 1, so git marks the file conflicted. Fixing the broken file and
//! running the printed `vouch merge-driver` line by hand finishes the merge and removes the two
//! copies.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use super::{Outcome, plural, visible};
use crate::store::Problem;
use crate::store::merge::{MergeError, Side, merge};
use crate::store::progress::{ProgressError, read_optional, write_atomically};

/// The long help of `vouch merge-driver --help`.
pub const LONG_ABOUT: &str = "The git merge driver for .vouch/progress.toml: merges per item, so two \
                  branches that tick different items (or the same item) merge without a manual \
                  edit. Register it with `vouch init --merge-driver`; git then runs \
                  `vouch merge-driver %O %A %B %P`.\n\nThe same item changed on both sides keeps \
                  the newer status, both notes (marked) and the evidence of both. The result is \
                  written over OURS; exit 0.\n\nWhen a version does not parse, OURS is left as it \
                  was, THEIRS and BASE are saved as PATH.theirs and PATH.base, and the exit code \
                  is 1 (git marks the file conflicted). Fix the file the message names, then run \
                  the command it prints to finish.";

/// Options of `vouch merge-driver`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The common ancestor's version (git's %O)
    pub base: PathBuf,
    /// Our version, which receives the result (git's %A)
    pub ours: PathBuf,
    /// Their version, being merged in (git's %B)
    pub theirs: PathBuf,
    /// Where the file lives in the repository (git's %P), to name the copies left on a
    /// conflict; OURS when not given
    pub path: Option<PathBuf>,
}

/// Merges, writes the result over OURS, and reports; exit 1 on a conflict left for a person.
pub fn run(args: &Args, start: &Path, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let at = |path: &Path| start.join(path);
    let real = args.path.clone().unwrap_or_else(|| args.ours.clone());
    let shown = visible(&real.display().to_string());
    let theirs_copy = sibling(&real, "theirs");
    let base_copy = sibling(&real, "base");
    let (theirs_shown, base_shown) = (
        visible(&theirs_copy.display().to_string()),
        visible(&base_copy.display().to_string()),
    );
    let resolving = args.theirs == theirs_copy && args.base == base_copy;

    let base = read_side(&at(&args.base))?;
    let ours = read_side(&at(&args.ours))?;
    let theirs = read_side(&at(&args.theirs))?;
    let result = match (&base, &ours, &theirs) {
        (base, Ok(ours), Ok(theirs)) => {
            // A base that is not even UTF-8 is taken as empty, like one that does not parse.
            let base = base.as_ref().map_or("", String::as_str);
            merge(base, ours, theirs)
        }
        (_, Err(problem), _) => Err(MergeError {
            side: Side::Ours,
            problem: problem.clone(),
        }),
        (_, _, Err(problem)) => Err(MergeError {
            side: Side::Theirs,
            problem: problem.clone(),
        }),
    };

    match result {
        Ok(outcome) => {
            if ours.as_ref().ok() != Some(&outcome.text) {
                write_atomically(&at(&args.ours), outcome.text.as_bytes())
                    .with_context(|| format!("cannot write the merged {shown}"))?;
            }
            if resolving {
                for copy in [&theirs_copy, &base_copy] {
                    let _ = fs::remove_file(at(copy));
                }
            }
            write!(out, "vouch: merged {shown} per item")?;
            if outcome.combined.is_empty() {
                writeln!(out)?;
            } else {
                let count = outcome.combined.len();
                writeln!(
                    out,
                    "; {count} item{} changed on both sides, combined (newer status, both notes, all evidence): {}",
                    plural(count),
                    visible(&outcome.combined.join(", "))
                )?;
            }
            if outcome.base_ignored {
                writeln!(
                    out,
                    "vouch: the common base did not parse, so every difference was merged as a change on both sides"
                )?;
            }
            if resolving {
                writeln!(
                    out,
                    "vouch: removed {theirs_shown} and {base_shown}; now `git add {shown}`"
                )?;
            }
            Ok(Outcome::Fine)
        }
        Err(err) => {
            if !resolving {
                copy_raw(&at(&args.theirs), &at(&theirs_copy))?;
                copy_raw(&at(&args.base), &at(&base_copy))?;
            }
            let broken = match err.side {
                Side::Ours => &shown,
                Side::Theirs => &theirs_shown,
                Side::Base => &base_shown,
            };
            let problem = Problem {
                file: broken.clone(),
                ..err.problem
            };
            let problem = visible(&problem.to_string());
            eprintln!(
                "error: cannot merge {shown} per item: {} does not parse: {}\n  \
                 kept our version in {shown} as it was; theirs is in {}, the common base in {}\n  \
                 to finish: fix {broken}, then run\n    \
                 vouch merge-driver {} {shown} {}\n  \
                 and `git add {shown}` (the .theirs and .base copies are removed once it merges)",
                err.side, problem, theirs_shown, base_shown, base_shown, theirs_shown,
            );
            Ok(Outcome::CheckFailed)
        }
    }
}

/// `progress.toml` -> `progress.toml.<suffix>`, in the same folder.
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}

/// One version's text; a missing file is empty (git passes an empty base when both sides added
/// the file). Text that is not UTF-8 is a problem at its first bad byte.
fn read_side(path: &Path) -> anyhow::Result<Result<String, Problem>> {
    match read_optional(path) {
        Ok(text) => Ok(Ok(text.unwrap_or_default())),
        Err(ProgressError::Invalid { problem, .. }) => Ok(Err(problem)),
        Err(err) => Err(err.into()),
    }
}

/// Copies a version byte for byte (it may not be UTF-8), atomically.
fn copy_raw(from: &Path, to: &Path) -> anyhow::Result<()> {
    let bytes = match fs::read(from) {
        Ok(bytes) => bytes,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(err) => return Err(err).with_context(|| format!("cannot read {}", from.display())),
    };
    write_atomically(to, &bytes).with_context(|| format!("cannot write {}", to.display()))
}
