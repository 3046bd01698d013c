//! `vouch note ID TEXT`: set an item's note, the argument for why its evidence supports it.

use std::io::Write;
use std::path::Path;

use super::set::save_and_report;
use super::{Outcome, one_line, open_session, resolve_item};

/// Options of `vouch note`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The item: a full id like uk-sscop:1.1-C1, or the bare id when one framework has it
    pub id: String,
    /// The note; an empty text ("") clears it
    pub text: String,
}

/// Sets the note, saves, and prints what was saved.
pub fn run(args: &Args, start: &Path, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let mut session = open_session(start)?;
    let id = resolve_item(&session, &args.id)?;
    let stamp = session.stamp();
    let before = session.progress.get(&id).cloned();
    session.progress.set_note(&id, &args.text, &stamp);
    if session.progress.get(&id) == before.as_ref() {
        let has = if args.text.trim().is_empty() {
            "has no note"
        } else {
            "has this note"
        };
        writeln!(out, "nothing changed: {} already {has}", one_line(&id))?;
        return Ok(Outcome::Fine);
    }
    save_and_report(&mut session, &id, before.as_ref(), out)
}
