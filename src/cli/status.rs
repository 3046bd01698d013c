//! `vouch status`: coverage per framework and per section, as text or as JSON (the JSON shape
//! is documented in `docs/cli-json.md`).

use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;

use serde::Serialize;

use super::{Outcome, one_line, open_session, truncate};
use crate::model::review::{na_reviews, today};
use crate::model::{Coverage, Framework, Progress, Section, Status};
use crate::session::Session;

/// Options of `vouch status`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format; json is for tools (shape in docs/cli-json.md)
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// How `vouch status` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned table with coverage bars, for people.
    Text,
    /// One JSON document, for tools.
    Json,
}

/// Version of the JSON shape; raised only when a field changes meaning or goes away.
pub const JSON_SCHEMA: u32 = 1;

const BAR_WIDTH: usize = 20;
const MAX_LABEL: usize = 48;

/// Prints coverage for every enabled framework, then any orphaned progress entries.
pub fn run(args: &Args, start: &Path, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let session = open_session(start)?;
    match args.format {
        Format::Text => render_text(&session, out)?,
        Format::Json => {
            // Serialised whole first, so a closed pipe shows up as the io error it is.
            let json = serde_json::to_string_pretty(&report(&session))?;
            writeln!(out, "{json}")?;
        }
    }
    Ok(Outcome::Fine)
}

fn section_coverage(framework: &Framework, section: &Section, progress: &Progress) -> Coverage {
    Coverage::of(framework, framework.items_within(&section.id), progress)
}

/// How many `n/a` items of the enabled frameworks are due for review, and how many of those
/// have expired.
pub(super) fn na_due(session: &Session) -> (usize, usize) {
    let reviews = na_reviews(&session.progress, today(), session.config.review.terms());
    let known = reviews
        .iter()
        .filter(|r| session.catalog.lookup(&r.id).is_some());
    known.fold((0, 0), |(due, expired), r| {
        (due + usize::from(r.due), expired + usize::from(r.expired))
    })
}

/// Progress entries no loaded checklist knows, with their recorded status.
fn orphans(session: &Session) -> Vec<(&str, Status)> {
    session
        .progress
        .orphans(|id| session.knows(id))
        .map(|id| (id, session.progress.status(id)))
        .collect()
}

struct Row {
    label: String,
    coverage: Coverage,
}

fn render_text(session: &Session, out: &mut dyn Write) -> anyhow::Result<()> {
    let progress = &session.progress;
    let mut blocks: Vec<(String, Vec<Row>)> = Vec::new();
    for framework in &session.catalog.frameworks {
        let mut heading = format!("{}  {}", framework.id, one_line(&framework.title));
        if !framework.version.is_empty() {
            let _ = write!(heading, ", version {}", one_line(&framework.version));
        }
        let total = Coverage::of(framework, &framework.items, progress);
        let mut rows = vec![Row {
            label: format!("  all {} items", total.total()),
            coverage: total,
        }];
        for (section, depth) in framework.sections_in_tree_order() {
            rows.push(Row {
                label: format!(
                    "{}{} {}",
                    "  ".repeat(depth + 1),
                    one_line(&section.id),
                    one_line(&section.title)
                ),
                coverage: section_coverage(framework, section, progress),
            });
        }
        blocks.push((heading, rows));
    }

    let label_width = blocks
        .iter()
        .flat_map(|(_, rows)| rows)
        .map(|row| row.label.chars().count())
        .max()
        .unwrap_or(0)
        .min(MAX_LABEL);
    for (index, (heading, rows)) in blocks.iter().enumerate() {
        if index > 0 {
            writeln!(out)?;
        }
        writeln!(out, "{heading}")?;
        writeln!(
            out,
            "{:label_width$}  {:bar$}  {:>4}  {:>4}  {:>11}  {:>4}  {:>4}",
            "",
            "",
            "",
            "done",
            "in progress",
            "n/a",
            "todo",
            bar = BAR_WIDTH + 2,
        )?;
        for row in rows {
            let c = row.coverage;
            writeln!(
                out,
                "{:label_width$}  [{}]  {:>3}%  {:>4}  {:>11}  {:>4}  {:>4}",
                truncate(&row.label, label_width),
                bar(&c),
                c.percent(),
                c.done,
                c.in_progress,
                c.not_applicable,
                c.todo,
            )?;
        }
    }
    if session.catalog.frameworks.is_empty() {
        writeln!(
            out,
            "no frameworks enabled; see `vouch frameworks` and the `frameworks` list in .vouch/config.toml"
        )?;
    }

    let (due, expired) = na_due(session);
    if due > 0 {
        writeln!(out)?;
        writeln!(
            out,
            "n/a due for review: {due}{}; see `vouch list --due`",
            if expired > 0 {
                format!(" ({expired} past the review date)")
            } else {
                String::new()
            }
        )?;
    }

    let orphans = orphans(session);
    if !orphans.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "orphaned progress entries: no loaded checklist has these ids; they are kept in {}, never deleted",
            session
                .workspace
                .display_path(&session.workspace.progress_path())
        )?;
        let width = orphans
            .iter()
            .map(|(id, _)| one_line(id).chars().count())
            .max()
            .unwrap_or(0);
        for (id, status) in orphans {
            writeln!(out, "  {:width$}  {status}", one_line(id))?;
        }
    }
    Ok(())
}

/// `#` for done, `-` for the rest of the applicable items; a full bar when nothing applies.
fn bar(coverage: &Coverage) -> String {
    let filled = (coverage.percent() * BAR_WIDTH / 100).min(BAR_WIDTH);
    format!("{}{}", "#".repeat(filled), "-".repeat(BAR_WIDTH - filled))
}

/// `vouch status --format json`; see `docs/cli-json.md`.
#[derive(Debug, Serialize)]
struct Report<'a> {
    schema: u32,
    frameworks: Vec<FrameworkReport<'a>>,
    orphans: Vec<OrphanReport<'a>>,
    na_review: NaReviewReport,
}

#[derive(Debug, Serialize)]
struct NaReviewReport {
    due: usize,
    expired: usize,
}

#[derive(Debug, Serialize)]
struct FrameworkReport<'a> {
    id: &'a str,
    title: &'a str,
    version: &'a str,
    coverage: CoverageReport,
    sections: Vec<SectionReport<'a>>,
}

#[derive(Debug, Serialize)]
struct SectionReport<'a> {
    id: &'a str,
    title: &'a str,
    parent: Option<&'a str>,
    coverage: CoverageReport,
}

#[derive(Debug, Serialize)]
struct CoverageReport {
    done: usize,
    in_progress: usize,
    not_applicable: usize,
    todo: usize,
    total: usize,
    percent: usize,
}

#[derive(Debug, Serialize)]
struct OrphanReport<'a> {
    id: &'a str,
    status: &'static str,
}

impl From<Coverage> for CoverageReport {
    fn from(c: Coverage) -> Self {
        CoverageReport {
            done: c.done,
            in_progress: c.in_progress,
            not_applicable: c.not_applicable,
            todo: c.todo,
            total: c.total(),
            percent: c.percent(),
        }
    }
}

fn report(session: &Session) -> Report<'_> {
    let progress = &session.progress;
    let frameworks = session
        .catalog
        .frameworks
        .iter()
        .map(|framework| FrameworkReport {
            id: &framework.id,
            title: &framework.title,
            version: &framework.version,
            coverage: Coverage::of(framework, &framework.items, progress).into(),
            sections: framework
                .sections_in_tree_order()
                .into_iter()
                .map(|(section, _)| SectionReport {
                    id: &section.id,
                    title: &section.title,
                    parent: section.parent.as_deref(),
                    coverage: section_coverage(framework, section, progress).into(),
                })
                .collect(),
        })
        .collect();
    let orphans = orphans(session)
        .into_iter()
        .map(|(id, status)| OrphanReport {
            id,
            status: status.as_str(),
        })
        .collect();
    let (due, expired) = na_due(session);
    Report {
        schema: JSON_SCHEMA,
        frameworks,
        orphans,
        na_review: NaReviewReport { due, expired },
    }
}
