//! `vouch reconfirm ID N`: a person has looked at a changed file and vouches for it again; the
//! evidence is re-pinned to the file as it is at HEAD, noting who re-confirmed it.

use std::io::Write;
use std::path::Path;

use anyhow::bail;

use super::{Outcome, one_line, open_repo, open_session, resolve_item};
use crate::git::evidence::{LineRange, pin_file};
use crate::model::progress::Evidence;

/// Options of `vouch reconfirm`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The item: a full id like uk-sscop:1.1-C1, or the bare id when one framework has it
    pub id: String,
    /// The evidence's number in `vouch show`, from 1
    pub number: usize,
}

/// Re-pins file evidence N at HEAD, saves, and prints what changed.
pub fn run(args: &Args, start: &Path, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let mut session = open_session(start)?;
    let id = resolve_item(&session, &args.id)?;
    let evidence = session
        .progress
        .get(&id)
        .and_then(|e| e.evidence.get(args.number.wrapping_sub(1)))
        .cloned();
    let Some(Evidence::File { path, lines, .. }) = evidence else {
        let count = session.progress.get(&id).map_or(0, |e| e.evidence.len());
        bail!(
            "{} has no file evidence number {} (it has {count} piece{}); only files are re-confirmed, see `vouch show {}`",
            one_line(&id),
            args.number,
            if count == 1 { "" } else { "s" },
            one_line(&id)
        );
    };
    let repo = open_repo(&session, "re-confirm file evidence")?;
    let range = lines.as_deref().map(LineRange::parse).transpose()?;
    let root = session.workspace.root.clone();
    let repinned = pin_file(&repo, &root, Path::new(&path), range)?;
    let stamp = session.stamp();
    session
        .progress
        .reconfirm(&id, args.number, repinned, &stamp)?;
    session.save(std::slice::from_ref(&id))?;
    writeln!(
        out,
        "{}: evidence {} ({}) re-confirmed at HEAD by {}",
        one_line(&id),
        args.number,
        one_line(&path),
        one_line(&stamp.by)
    )?;
    Ok(Outcome::Fine)
}
