//! `vouch review [--since REV]`: open the TUI straight into a review meeting.

use std::path::Path;

use super::Outcome;

/// Options of `vouch review`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Put items changed since this revision (a tag, branch or commit) first on the agenda
    #[arg(long, value_name = "REV")]
    pub since: Option<String>,
}

/// Runs the meeting in the terminal; everything is saved as it happens.
pub fn run(args: &Args, start: &Path) -> anyhow::Result<Outcome> {
    Ok(crate::tui::run_review(start, args.since.clone())?.into())
}
