//! `vouch assign ID NAME`: give an item an owner (`me` is you, from git config; `none` clears).

use std::io::Write;
use std::path::Path;

use super::set::save_and_report;
use super::{Outcome, one_line, open_session, resolve_item};

/// Options of `vouch assign`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The item: a full id like uk-sscop:1.1-C1, or the bare id when one framework has it
    pub id: String,
    /// Who looks after it: a name, `Name <email>`, `me` (you, from git config) or `none`
    pub owner: String,
}

/// What `me` and `none` mean, so list filters and assignment agree.
#[must_use]
pub fn resolve_owner(typed: &str, me: &str) -> Option<String> {
    match typed.trim() {
        "" | "none" | "-" => None,
        "me" | "mine" => Some(me.to_owned()),
        other => Some(other.to_owned()),
    }
}

/// Assigns, saves, and prints what was saved.
pub fn run(args: &Args, start: &Path, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let mut session = open_session(start)?;
    let id = resolve_item(&session, &args.id)?;
    let owner = resolve_owner(&args.owner, &session.who);
    let stamp = session.stamp();
    let before = session.progress.get(&id).cloned();
    session.progress.assign(&id, owner.as_deref(), &stamp);
    if session.progress.get(&id) == before.as_ref() {
        writeln!(
            out,
            "nothing changed: {} already has that owner",
            one_line(&id)
        )?;
        return Ok(Outcome::Fine);
    }
    save_and_report(&mut session, &id, before.as_ref(), out)
}
