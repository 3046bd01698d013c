//! `vouch adopt ID --from OTHER`: take over a mapped item's done or n/a status, recording where
//! it came from, through the same rule as the TUI.

use std::io::Write;
use std::path::Path;

use super::set::save_and_report;
use super::{Outcome, one_line, open_session, resolve_item};
use crate::model::crosswalk;

/// Options of `vouch adopt`.
#[derive(Debug, clap::Args)]
#[command(
    long_about = "Set ID's status to OTHER's status (done, or n/a with its reason) and record \
                  `adopted_from = \"OTHER\"` in progress.toml, so reviewers see where the status \
                  came from.\n\nRefused when the two items are not mapped to each other (the \
                  error lists what ID is mapped to), or when OTHER is not done or n/a. Changing \
                  ID's status later by hand drops the record."
)]
pub struct Args {
    /// The item that takes over the status: a full id like uk-sscop:3.2-C1, or a bare id
    pub id: String,
    /// The mapped item whose status it takes, e.g. nist-ssdf:RV.1.3
    #[arg(long, value_name = "OTHER_ID")]
    pub from: String,
}

/// Adopts, saves, and prints what was saved.
pub fn run(args: &Args, start: &Path, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let mut session = open_session(start)?;
    let id = resolve_item(&session, &args.id)?;
    let from = resolve_item(&session, &args.from)?;
    let stamp = session.stamp();
    let before = session.progress.get(&id).cloned();
    crosswalk::adopt(&session.catalog, &mut session.progress, &id, &from, &stamp)?;
    if session.progress.get(&id) == before.as_ref() {
        writeln!(
            out,
            "nothing changed: {} has already adopted {} from {}",
            one_line(&id),
            session.progress.status(&id),
            one_line(&from)
        )?;
        return Ok(Outcome::Fine);
    }
    save_and_report(&mut session, &id, before.as_ref(), out)
}
