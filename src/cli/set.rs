//! `vouch set ID STATUS`: change an item's status (and optionally its note), stamped with who
//! and when, saved through the one save path.

use std::io::Write;
use std::path::Path;

use anyhow::bail;

use super::{Outcome, one_line, open_session, parse_status, resolve_item};
use crate::model::review::{date_of, review_date, today};
use crate::model::{ItemProgress, Status};
use crate::session::Session;
use crate::store::progress::SaveReport;

/// Options of `vouch set`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The item: a full id like uk-sscop:1.1-C1, or the bare id when one framework has it
    pub id: String,
    /// The new status: todo, in-progress, done or n/a
    pub status: String,
    /// Also set the item's note: the argument for why the evidence supports it
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// Why the item does not apply; required with n/a, refused with any other status
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
    /// With n/a: when to review the exception again (YYYY-MM-DD); by default
    /// `[review] na_valid_for_months` (12) months from today
    #[arg(long, value_name = "DATE")]
    pub review_by: Option<String>,
}

/// Sets the status, saves, and prints what was saved.
pub fn run(args: &Args, start: &Path, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let mut session = open_session(start)?;
    let id = resolve_item(&session, &args.id)?;
    let status = parse_status(&args.status)?;
    if args.reason.is_some() && status != Status::NotApplicable {
        bail!(
            "--reason goes with n/a only, and would be dropped for {status}; use --note to say why {id} is {status}"
        );
    }
    let stamp = session.stamp();
    let review_by = match &args.review_by {
        Some(_) if status != Status::NotApplicable => {
            bail!("--review-by goes with n/a only: it is the date to look at the exception again")
        }
        Some(typed) => Some(review_by_date(typed)?),
        None => review_date(&stamp.at, session.config.review.na_valid_for_months),
    };
    let before = session.progress.get(&id).cloned();
    session.progress.set_status_until(
        &id,
        status,
        args.reason.as_deref(),
        review_by.as_deref(),
        &stamp,
    )?;
    if let Some(note) = &args.note {
        session.progress.set_note(&id, note, &stamp);
    }
    if session.progress.get(&id) == before.as_ref() {
        let note = if args.note.is_some() {
            " with that note"
        } else {
            ""
        };
        writeln!(
            out,
            "nothing changed: {} is already {status}{note}",
            one_line(&id)
        )?;
        return Ok(Outcome::Fine);
    }
    save_and_report(&mut session, &id, before.as_ref(), out)
}

/// A review date as typed: a calendar date, today or later.
fn review_by_date(typed: &str) -> anyhow::Result<String> {
    let Some(date) = date_of(typed).filter(|_| typed.trim().len() == 10) else {
        bail!(
            "--review-by `{}` is not a date; write it as YYYY-MM-DD, e.g. 2027-11-27",
            one_line(typed)
        );
    };
    if date < today() {
        bail!(
            "--review-by {date} is in the past, so the exception would be expired at once and fail `vouch check`; give a date from today on"
        );
    }
    Ok(date.to_string())
}

/// Saves the change to `id` (which was `before`), and says what was saved: the change, who and
/// when, and where. Shared by `set` and `note` so both report alike.
pub(super) fn save_and_report(
    session: &mut Session,
    id: &str,
    before: Option<&ItemProgress>,
    out: &mut dyn Write,
) -> anyhow::Result<Outcome> {
    let report: SaveReport = session.save(&[id.to_owned()])?;
    // The save may have merged in changes made on disk meanwhile; report what is saved now.
    let saved = session.progress.get(id);

    let old_status = before.map_or(Status::Todo, |e| e.status);
    let new_status = saved.map_or(Status::Todo, |e| e.status);
    if old_status == new_status {
        writeln!(out, "{}: {new_status}", one_line(id))?;
    } else {
        writeln!(out, "{}: {new_status} (was {old_status})", one_line(id))?;
    }
    if let Some(reason) = saved.and_then(|e| e.reason.as_deref()) {
        writeln!(out, "  reason: {}", one_line(reason))?;
    }
    let old_source = before.and_then(|e| e.adopted_from.as_deref());
    let new_source = saved.and_then(|e| e.adopted_from.as_deref());
    match (old_source, new_source) {
        (old, Some(new)) if old != Some(new) => {
            writeln!(out, "  adopted from {}", one_line(new))?;
        }
        (Some(old), None) => writeln!(
            out,
            "  no longer marked as adopted from {}: the status is this item's own now",
            one_line(old)
        )?,
        _ => {}
    }
    if let Some(review_by) = saved.and_then(|e| e.review_by.as_deref()) {
        writeln!(out, "  review by {}", one_line(review_by))?;
    }
    let old_note = before.and_then(|e| e.note.as_deref());
    let new_note = saved.and_then(|e| e.note.as_deref());
    match (old_note, new_note) {
        (old, Some(new)) if old != Some(new) => writeln!(out, "  note: {}", one_line(new))?,
        (Some(_), None) => writeln!(out, "  note cleared")?,
        _ => {}
    }
    if let Some(entry) = saved
        && let (Some(by), Some(at)) = (&entry.by, &entry.updated)
    {
        writeln!(out, "  by {} at {}", one_line(by), one_line(at))?;
    }
    let path = session
        .workspace
        .display_path(&session.workspace.progress_path());
    if report.merged_from_disk {
        writeln!(
            out,
            "saved {path} (merged with changes made there by someone else meanwhile)"
        )?;
    } else if saved.is_none() {
        writeln!(
            out,
            "saved {path} (the item is back to todo with no note or evidence, so its entry is gone)"
        )?;
    } else {
        writeln!(out, "saved {path}")?;
    }
    Ok(Outcome::Fine)
}
