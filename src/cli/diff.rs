//! `vouch diff REV1 [REV2]`: what changed in posture between two revisions of
//! `.vouch/progress.toml` (the second defaults to the file in the working tree), as text or as
//! Markdown for a pull-request comment.

use std::io::Write;
use std::path::Path;

use super::{Outcome, open_repo, open_session, progress_path_in_repo, report_context};
use crate::git::history::progress_at;
use crate::model::diff::posture_diff;
use crate::report::posture;

/// Options of `vouch diff`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The revision to compare from: a tag, branch, commit or HEAD~N
    pub from: String,
    /// The revision to compare to; the working tree's file when absent
    pub to: Option<String>,
    /// Output format; markdown suits a pull-request comment
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// How `vouch diff` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned lists, for a terminal.
    Text,
    /// A heading, the counts and a table per kind of change.
    Markdown,
}

/// Prints the posture change.
pub fn run(args: &Args, start: &Path, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let session = open_session(start)?;
    let repo = open_repo(
        &session,
        "compare revisions (it reads the git history of .vouch/progress.toml)",
    )?;
    let path = progress_path_in_repo(&session);
    let before = progress_at(&repo, &args.from, &path)?;
    let (after, to_label) = match &args.to {
        Some(rev) => (progress_at(&repo, rev, &path)?, format!("`{rev}`")),
        None => (session.progress.clone(), "the working tree".to_owned()),
    };
    let diff = posture_diff(&before, &after);
    let text = match args.format {
        Format::Text => posture::text(
            &diff,
            &session.catalog,
            &args.from,
            to_label.trim_matches('`'),
        ),
        Format::Markdown => {
            let context = report_context(&session);
            posture::markdown(
                &diff,
                &session.catalog,
                &args.from,
                &to_label,
                context.forge.as_ref(),
            )
        }
    };
    out.write_all(text.as_bytes())?;
    Ok(Outcome::Fine)
}
