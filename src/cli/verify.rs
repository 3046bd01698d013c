//! `vouch verify`: every piece of linked evidence checked against the repository as it is now;
//! stale or missing evidence is listed and fails the run (exit 1).

use std::io::Write;
use std::path::Path;

use super::{Outcome, one_line, open_repo, open_session};
use crate::git::evidence::{self, EvidenceState};

/// Options of `vouch verify`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Also list evidence that is fresh, unknown or not checked (URLs)
    #[arg(long)]
    pub all: bool,
}

/// One checked piece of evidence.
pub struct Checked {
    /// The item.
    pub id: String,
    /// The evidence's number, from 1.
    pub number: usize,
    /// What it is.
    pub evidence: String,
    /// What it looks like now.
    pub state: EvidenceState,
}

/// Checks every piece of evidence of every item in progress, in id order, with one walk of
/// history for all commit reachability.
#[must_use]
pub fn check_all(session: &crate::session::Session, repo: &git2::Repository) -> Vec<Checked> {
    let pieces: Vec<(&String, usize, &crate::model::progress::Evidence)> = session
        .progress
        .items
        .iter()
        .flat_map(|(id, entry)| {
            entry
                .evidence
                .iter()
                .enumerate()
                .map(move |(index, evidence)| (id, index + 1, evidence))
        })
        .collect();
    let states = evidence::check_all(repo, pieces.iter().map(|(_, _, evidence)| *evidence));
    pieces
        .into_iter()
        .zip(states)
        .map(|((id, number, evidence), state)| Checked {
            id: id.clone(),
            number,
            evidence: evidence.to_string(),
            state,
        })
        .collect()
}

/// Prints stale and missing evidence (all with `--all`); exit 1 when any needs attention.
pub fn run(args: &Args, start: &Path, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let session = open_session(start)?;
    let repo = open_repo(&session, "verify evidence")?;
    let checked = check_all(&session, &repo);
    let attention = checked.iter().filter(|c| c.state.needs_attention()).count();
    for item in &checked {
        if args.all || item.state.needs_attention() {
            writeln!(
                out,
                "{}  {}. {}  {}",
                one_line(&item.id),
                item.number,
                one_line(&item.evidence),
                one_line(&item.state.to_string())
            )?;
        }
    }
    if attention == 0 {
        writeln!(
            out,
            "{} pieces of evidence checked; none stale or missing",
            checked.len()
        )?;
        Ok(Outcome::Fine)
    } else {
        writeln!(
            out,
            "{attention} of {} pieces of evidence are stale or missing; look again and `vouch reconfirm ID N`, or `vouch unlink ID N`",
            checked.len()
        )?;
        Ok(Outcome::CheckFailed)
    }
}
