//! `vouch hooks install`: a commit-msg hook that refuses `Vouch:` trailers naming no item; and
//! `vouch hooks check-msg FILE`, which that hook runs.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use super::{Outcome, one_line, open_repo, open_session};
use crate::git::hooks::{HookOutcome, install_commit_msg_hook};
use crate::git::trailers::{committed_message, trailer_ids_in_message};

/// `vouch hooks` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum HooksCommand {
    /// Install the commit-msg hook; an existing hook is kept and run first
    Install,
    /// Check a commit message file's Vouch: trailers (what the hook runs)
    #[command(hide = true)]
    CheckMsg {
        /// The commit message file git passes to the hook
        file: PathBuf,
    },
}

/// Runs a `vouch hooks` subcommand.
pub fn run(command: &HooksCommand, start: &Path, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    match command {
        HooksCommand::Install => install(start, out),
        HooksCommand::CheckMsg { file } => check_msg(file, start),
    }
}

fn install(start: &Path, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let session = open_session(start)?;
    let repo = open_repo(&session, "install git hooks")?;
    let installed = install_commit_msg_hook(&repo)?;
    let path = installed.path.display();
    match installed.outcome {
        HookOutcome::Installed => writeln!(out, "installed the commit-msg hook at {path}")?,
        HookOutcome::AlreadyInstalled => writeln!(
            out,
            "the commit-msg hook at {path} is already vouch's; nothing changed"
        )?,
        HookOutcome::Updated => writeln!(out, "updated vouch's commit-msg hook at {path}")?,
        HookOutcome::Chained { previous } => writeln!(
            out,
            "installed the commit-msg hook at {path}; your previous hook moved to {} and still runs first",
            previous.display()
        )?,
    }
    Ok(Outcome::Fine)
}

fn check_msg(file: &Path, start: &Path) -> anyhow::Result<Outcome> {
    let text = std::fs::read_to_string(file)
        .with_context(|| format!("cannot read the commit message in {}", file.display()))?;
    let ids = trailer_ids_in_message(&committed_message(&text));
    if ids.is_empty() {
        return Ok(Outcome::Fine);
    }
    let session = open_session(start)?;
    let mut unknown = Vec::new();
    for typed in &ids {
        if let Err(err) = session.resolve(typed) {
            unknown.push(err.to_string());
        }
    }
    if unknown.is_empty() {
        return Ok(Outcome::Fine);
    }
    eprintln!(
        "vouch: this commit's Vouch: trailers name items that do not exist, so the commit was stopped:"
    );
    for line in &unknown {
        eprintln!("  {}", one_line(line));
    }
    eprintln!("Fix the trailer (see `vouch list`), or commit with --no-verify to skip the check.");
    Ok(Outcome::CheckFailed)
}
