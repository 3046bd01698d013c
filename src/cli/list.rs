//! `vouch list`: one item a line (full id, status, title) in aligned columns, filtered by
//! framework and status.

use std::io::Write;
use std::path::Path;

use super::{Outcome, find_framework, one_line, open_session, parse_status};
use crate::model::Framework;
use crate::model::progress::owner_matches;
use crate::model::review::{NaReview, today};
use crate::session::Session;

/// Options of `vouch list`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only items of this framework (see `vouch frameworks`)
    #[arg(long, value_name = "ID")]
    pub framework: Option<String>,
    /// Only items with this status: todo, in-progress, done or n/a
    #[arg(long, value_name = "STATUS")]
    pub status: Option<String>,
    /// Only items with stale or missing evidence
    #[arg(long)]
    pub stale: bool,
    /// Only items this person owns; `me` is you (from git config), `none` lists unowned items
    #[arg(long, value_name = "NAME")]
    pub owner: Option<String>,
    /// Only n/a items due for review: within `[review] due_within_days` (30) of their review
    /// date, or past it (expired); each line shows the date
    #[arg(long)]
    pub due: bool,
}

/// Prints the items that pass every filter, in framework and file order.
pub fn run(args: &Args, start: &Path, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let session = open_session(start)?;
    let status = args.status.as_deref().map(parse_status).transpose()?;
    let frameworks: Vec<&Framework> = match &args.framework {
        Some(id) => vec![find_framework(&session, id.trim())?],
        None => session.catalog.frameworks.iter().collect(),
    };
    let stale: Option<std::collections::HashSet<String>> = if args.stale {
        let repo = super::open_repo(&session, "check evidence")?;
        Some(
            super::verify::check_all(&session, &repo)
                .into_iter()
                .filter(|c| c.state.needs_attention())
                .map(|c| c.id)
                .collect(),
        )
    } else {
        None
    };

    if args.due {
        return list_due(&session, &frameworks, out);
    }

    let progress = &session.progress;
    let rows: Vec<(String, &'static str, String)> = frameworks
        .iter()
        .flat_map(|framework| {
            framework.items.iter().map(move |item| {
                let id = framework.full_id(item);
                let item_status = progress.status(&id);
                (id, item_status, &item.title)
            })
        })
        .filter(|(_, item_status, _)| status.is_none_or(|wanted| *item_status == wanted))
        .filter(|(id, _, _)| stale.as_ref().is_none_or(|stale| stale.contains(id)))
        .filter(|(id, _, _)| match &args.owner {
            None => true,
            Some(typed) => {
                let owner = progress.get(id).and_then(|e| e.owner.as_deref());
                match (super::assign::resolve_owner(typed, &session.who), owner) {
                    (None, owner) => owner.is_none(),
                    (Some(wanted), Some(owner)) => owner_matches(owner, &wanted),
                    (Some(_), None) => false,
                }
            }
        })
        .map(|(id, item_status, title)| (one_line(&id), item_status.as_str(), one_line(title)))
        .collect();
    if rows.is_empty() {
        eprintln!("note: no item matches");
        return Ok(Outcome::Fine);
    }
    let id_width = rows
        .iter()
        .map(|(id, _, _)| id.chars().count())
        .max()
        .unwrap_or(0);
    let status_width = rows
        .iter()
        .map(|(_, status, _)| status.len())
        .max()
        .unwrap_or(0);
    for (id, item_status, title) in rows {
        writeln!(out, "{id:id_width$}  {item_status:status_width$}  {title}")?;
    }
    Ok(Outcome::Fine)
}

/// `--due`: n/a items whose review date is near or past, soonest first, with the date.
fn list_due(
    session: &Session,
    frameworks: &[&Framework],
    out: &mut dyn Write,
) -> anyhow::Result<Outcome> {
    let today = today();
    let terms = session.config.review.terms();
    let mut rows: Vec<(NaReview, String)> = frameworks
        .iter()
        .flat_map(|framework| framework.items.iter().map(move |item| (framework, item)))
        .filter_map(|(framework, item)| {
            let id = framework.full_id(item);
            let entry = session.progress.get(&id)?;
            let review = NaReview::of(&id, entry, today, terms).filter(|r| r.due)?;
            Some((review, one_line(&item.title)))
        })
        .collect();
    rows.sort_by(|(a, _), (b, _)| a.review_by.cmp(&b.review_by).then(a.id.cmp(&b.id)));
    if rows.is_empty() {
        eprintln!(
            "note: no n/a item is due for review (within {} days of its date)",
            terms.due_within_days
        );
        return Ok(Outcome::Fine);
    }
    let id_width = rows
        .iter()
        .map(|(r, _)| one_line(&r.id).chars().count())
        .max()
        .unwrap_or(0);
    for (review, title) in rows {
        let date = review
            .review_by
            .map_or_else(|| "no date".to_owned(), |d| d.to_string());
        let state = if review.expired { "expired" } else { "due" };
        writeln!(
            out,
            "{:id_width$}  {date:10}  {state:7}  {title}",
            one_line(&review.id)
        )?;
    }
    Ok(Outcome::Fine)
}
