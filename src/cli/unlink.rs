//! `vouch unlink ID N`: remove evidence number N, as `vouch show` numbers it.

use std::io::Write;
use std::path::Path;

use super::{Outcome, one_line, open_session, resolve_item};

/// Options of `vouch unlink`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The item: a full id like uk-sscop:1.1-C1, or the bare id when one framework has it
    pub id: String,
    /// The evidence's number in `vouch show`, from 1
    pub number: usize,
}

/// Removes the evidence, saves, and prints what was removed.
pub fn run(args: &Args, start: &Path, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let mut session = open_session(start)?;
    let id = resolve_item(&session, &args.id)?;
    let stamp = session.stamp();
    let before = session.progress.unlink(&id, args.number, &stamp)?;
    let removed = before
        .and_then(|e| e.evidence.get(args.number - 1).map(ToString::to_string))
        .unwrap_or_default();
    session.save(std::slice::from_ref(&id))?;
    writeln!(
        out,
        "{}: removed evidence {} ({})",
        one_line(&id),
        args.number,
        one_line(&removed)
    )?;
    Ok(Outcome::Fine)
}
