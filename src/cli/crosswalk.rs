//! `vouch crosswalk A B`: for every item of framework A, the items of framework B mapped to it
//! with strength and status, and the coverage B gives it, always labelled derived.

use std::io::Write;
use std::path::Path;

use anyhow::bail;
use serde::Serialize;

use super::status::Format;
use super::{Outcome, find_framework, one_line, open_session, truncate};
use crate::model::crosswalk::mapped_frameworks;
use crate::model::{Crosswalk, CrosswalkRow, ViaCoverage};
use crate::session::Session;

/// Options of `vouch crosswalk`.
#[derive(Debug, clap::Args)]
#[command(
    long_about = "For every item of framework FROM, the items of framework TO mapped to it \
                  (in either direction), each with its strength and status.\n\nAn item that is \
                  not done or n/a on its own, but has a done item in TO, is shown as \"covered \
                  via TO:ID, strength, done\". That coverage is derived: it is never counted as \
                  done. `vouch adopt` makes it the item's own status, recording where it came \
                  from."
)]
pub struct Args {
    /// The framework whose items are listed, e.g. uk-sscop
    pub from: String,
    /// The framework that may cover them, e.g. nist-ssdf
    pub to: String,
    /// Output format; json is for tools (shape in docs/cli-json.md)
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Version of the JSON shape; raised only when a field changes meaning or goes away.
pub const JSON_SCHEMA: u32 = 1;

const WIDTH: usize = 100;

/// Prints the crosswalk from `args.from` to `args.to`.
pub fn run(args: &Args, start: &Path, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let session = open_session(start)?;
    let from = find_framework(&session, args.from.trim())?.id.clone();
    let to = find_framework(&session, args.to.trim())?.id.clone();
    if from == to {
        bail!("a crosswalk needs two different frameworks; both are `{from}`");
    }
    if !mapped_frameworks(&session.catalog, &from).contains(&to.as_str()) {
        let others = mapped_frameworks(&session.catalog, &from);
        let hint = if others.is_empty() {
            format!("no loaded mapping involves `{from}`")
        } else {
            format!("`{from}` is mapped with: {}", others.join(", "))
        };
        bail!(
            "no mapping between `{from}` and `{to}` is loaded; {hint} (mapping files live in checklists/mappings/ and .vouch/checklists/mappings/)"
        );
    }
    let Some(crosswalk) = Crosswalk::build(&session.catalog, &session.progress, &from, &to) else {
        bail!("framework `{from}` or `{to}` is not loaded");
    };
    match args.format {
        Format::Text => render_text(&session, &crosswalk, out)?,
        Format::Json => {
            let json = serde_json::to_string_pretty(&report(&session, &crosswalk))?;
            writeln!(out, "{json}")?;
        }
    }
    Ok(Outcome::Fine)
}

/// The title of an item as written in its checklist; empty for an id no checklist has.
fn title_of<'s>(session: &'s Session, full_id: &str) -> &'s str {
    session
        .catalog
        .lookup(full_id)
        .map_or("", |at| session.catalog.get(at).1.title.as_str())
}

fn render_text(
    session: &Session,
    crosswalk: &Crosswalk,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let to = &crosswalk.to;
    writeln!(
        out,
        "{} -> {to}: what {to} covers for each item of {} (derived coverage is never counted as done)",
        crosswalk.from, crosswalk.from
    )?;
    let id_width = crosswalk
        .rows
        .iter()
        .map(|r| one_line(&r.full_id).chars().count())
        .max()
        .unwrap_or(0);
    let cover_width = crosswalk
        .rows
        .iter()
        .flat_map(|r| &r.covers)
        .map(|c| one_line(&c.full_id).chars().count())
        .max()
        .unwrap_or(0);
    for row in &crosswalk.rows {
        writeln!(out)?;
        let head = format!(
            "{:id_width$}  {:11}  ",
            one_line(&row.full_id),
            row.status.as_str()
        );
        let room = WIDTH.saturating_sub(head.chars().count()).max(20);
        writeln!(
            out,
            "{head}{}",
            truncate(&one_line(title_of(session, &row.full_id)), room)
        )?;
        for cover in &row.covers {
            writeln!(
                out,
                "    {:7}  {:cover_width$}  {:11}  {}",
                cover.strength.as_str(),
                one_line(&cover.full_id),
                cover.status.as_str(),
                truncate(
                    &one_line(title_of(session, &cover.full_id)),
                    WIDTH.saturating_sub(cover_width + 28).max(20)
                )
            )?;
        }
        write_verdict(row, to, out)?;
    }
    let summary = crosswalk.summary();
    writeln!(out)?;
    write_summary(&summary, crosswalk.rows.len(), to, out)?;
    Ok(())
}

/// The line under a row that says what the row gets from the other framework.
fn write_verdict(row: &CrosswalkRow, to: &str, out: &mut dyn Write) -> anyhow::Result<()> {
    if row.covers.is_empty() {
        writeln!(out, "    no {to} item is mapped")?;
        return Ok(());
    }
    if let Some(source) = &row.adopted_from
        && row.settled()
    {
        writeln!(
            out,
            "    => {} (adopted from {})",
            row.status,
            one_line(source)
        )?;
        return Ok(());
    }
    if row.settled() {
        return Ok(());
    }
    if let Some(cover) = row.derived() {
        writeln!(
            out,
            "    => {} (derived, not counted as done; `vouch adopt {} --from {}` makes it its own)",
            one_line(&cover.covered_via()),
            one_line(&row.full_id),
            one_line(&cover.full_id)
        )?;
    }
    Ok(())
}

fn write_summary(
    summary: &ViaCoverage,
    rows: usize,
    to: &str,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let own = summary.own;
    writeln!(
        out,
        "{rows} items: {} done and {} n/a on their own ({} of them adopted from {to}); \
         {} covered via {to}, derived ({} strong, {} partial, {} weak); {} not covered; \
         {} with no {to} item mapped",
        own.done,
        own.not_applicable,
        summary.adopted,
        summary.derived(),
        summary.derived_strong,
        summary.derived_partial,
        summary.derived_weak,
        summary.not_covered(),
        summary.unmapped,
    )?;
    Ok(())
}

/// `vouch crosswalk --format json`; see `docs/cli-json.md`.
#[derive(Debug, Serialize)]
struct Report<'a> {
    schema: u32,
    from: &'a str,
    to: &'a str,
    items: Vec<RowReport<'a>>,
    summary: SummaryReport,
}

#[derive(Debug, Serialize)]
struct RowReport<'a> {
    id: &'a str,
    title: &'a str,
    status: &'static str,
    adopted_from: Option<&'a str>,
    mapped: Vec<CoverReport<'a>>,
    derived: Option<CoverReport<'a>>,
}

#[derive(Debug, Serialize)]
struct CoverReport<'a> {
    id: &'a str,
    title: &'a str,
    strength: &'static str,
    status: &'static str,
    provenance: &'a str,
}

/// Counts over every item of the `from` framework.
#[derive(Debug, Serialize)]
struct SummaryReport {
    items: usize,
    done: usize,
    in_progress: usize,
    not_applicable: usize,
    todo: usize,
    adopted: usize,
    derived: DerivedReport,
    not_covered: usize,
    unmapped: usize,
}

/// Derived coverage by the strongest mapping to a done item.
#[derive(Debug, Serialize)]
struct DerivedReport {
    strong: usize,
    partial: usize,
    weak: usize,
    total: usize,
}

impl From<ViaCoverage> for SummaryReport {
    fn from(v: ViaCoverage) -> Self {
        SummaryReport {
            items: v.own.total(),
            done: v.own.done,
            in_progress: v.own.in_progress,
            not_applicable: v.own.not_applicable,
            todo: v.own.todo,
            adopted: v.adopted,
            derived: DerivedReport {
                strong: v.derived_strong,
                partial: v.derived_partial,
                weak: v.derived_weak,
                total: v.derived(),
            },
            not_covered: v.not_covered(),
            unmapped: v.unmapped,
        }
    }
}

fn report<'a>(session: &'a Session, crosswalk: &'a Crosswalk) -> Report<'a> {
    let cover = |c: &'a crate::model::Cover| CoverReport {
        id: &c.full_id,
        title: title_of(session, &c.full_id),
        strength: c.strength.as_str(),
        status: c.status.as_str(),
        provenance: &c.provenance,
    };
    let items = crosswalk
        .rows
        .iter()
        .map(|row| RowReport {
            id: &row.full_id,
            title: title_of(session, &row.full_id),
            status: row.status.as_str(),
            adopted_from: row.adopted_from.as_deref(),
            mapped: row.covers.iter().map(cover).collect(),
            derived: row.derived().map(cover),
        })
        .collect();
    Report {
        schema: JSON_SCHEMA,
        from: &crosswalk.from,
        to: &crosswalk.to,
        items,
        summary: crosswalk.summary().into(),
    }
}
