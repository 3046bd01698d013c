//! `vouch status`: coverage per framework and per section, as text or as JSON (the JSON shape
//! is documented in `docs/cli-json.md`).

use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;

use serde::Serialize;

use super::{Outcome, find_framework, one_line, open_session, truncate};
use crate::model::crosswalk::mapped_frameworks;
use crate::model::review::{na_reviews, today};
use crate::model::{Coverage, Framework, Progress, Section, Status, ViaCoverage};
use crate::session::Session;

/// Options of `vouch status`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format; json is for tools (shape in docs/cli-json.md)
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Also show coverage per owner (items nobody owns are counted under "nobody")
    #[arg(long)]
    pub by_owner: bool,
    /// Also show coverage derived through mappings to FRAMEWORK (e.g. nist-ssdf): items not
    /// done on their own but mapped to a done item there, by strength. Never counted as done
    #[arg(long, value_name = "FRAMEWORK")]
    pub via: Option<String>,
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
    let via = match &args.via {
        Some(id) => Some(find_framework(&session, id.trim())?.id.as_str()),
        None => None,
    };
    match (args.format, via) {
        (Format::Text, via) => {
            match via {
                None => render_text(&session, out)?,
                Some(via) => render_via_text(&session, via, out)?,
            }
            if args.by_owner {
                render_owners(&session, out)?;
            }
        }
        (Format::Json, via) => {
            let mut value = serde_json::to_value(report(&session, via))?;
            if args.by_owner
                && let Some(object) = value.as_object_mut()
            {
                let owners: Vec<serde_json::Value> = by_owner(&session)
                    .into_iter()
                    .map(|(owner, coverage)| {
                        serde_json::json!({ "owner": owner, "coverage": coverage_json(&coverage) })
                    })
                    .collect();
                object.insert("owners".into(), owners.into());
            }
            // Serialised whole first, so a closed pipe shows up as the io error it is.
            let json = serde_json::to_string_pretty(&value)?;
            writeln!(out, "{json}")?;
        }
    }
    Ok(Outcome::Fine)
}

/// Coverage of the enabled frameworks' items per owner, owners sorted, "nobody" last.
fn by_owner(session: &Session) -> Vec<(String, Coverage)> {
    let mut owners: std::collections::BTreeMap<String, Coverage> =
        std::collections::BTreeMap::new();
    let mut nobody = Coverage::default();
    for framework in &session.catalog.frameworks {
        for item in &framework.items {
            let id = framework.full_id(item);
            let status = session.progress.status(&id);
            match session.progress.get(&id).and_then(|e| e.owner.clone()) {
                Some(owner) => owners.entry(owner).or_default().add(status),
                None => nobody.add(status),
            }
        }
    }
    let mut rows: Vec<(String, Coverage)> = owners.into_iter().collect();
    rows.push(("nobody".to_owned(), nobody));
    rows
}

fn coverage_json(coverage: &Coverage) -> serde_json::Value {
    serde_json::json!({
        "done": coverage.done,
        "in_progress": coverage.in_progress,
        "not_applicable": coverage.not_applicable,
        "todo": coverage.todo,
        "total": coverage.total(),
        "percent": coverage.percent(),
    })
}

fn render_owners(session: &Session, out: &mut dyn Write) -> anyhow::Result<()> {
    let rows = by_owner(session);
    let width = rows
        .iter()
        .map(|(owner, _)| one_line(owner).chars().count())
        .max()
        .unwrap_or(5)
        .max(5);
    writeln!(out)?;
    writeln!(
        out,
        "{:width$}   done  in progress   n/a  todo  of",
        "owner"
    )?;
    for (owner, coverage) in rows {
        writeln!(
            out,
            "{:width$}  {:>5}  {:>11}  {:>4}  {:>4}  {:>3}  {:>3}%",
            one_line(&owner),
            coverage.done,
            coverage.in_progress,
            coverage.not_applicable,
            coverage.todo,
            coverage.total(),
            coverage.percent()
        )?;
    }
    Ok(())
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

/// Progress entries no loaded checklist knows, with their recorded status and the item that
/// replaces the id, if a checklist says one does (that item has its own entry, or the entry
/// would have carried over to it).
fn orphans(session: &Session) -> Vec<(&str, Status, Option<String>)> {
    session
        .progress
        .orphans(|id| session.knows(id))
        .map(|id| (id, session.progress.status(id), session.replaced_by(id)))
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

    render_orphans(session, out)
}

fn render_orphans(session: &Session, out: &mut dyn Write) -> anyhow::Result<()> {
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
            .map(|(id, _, _)| one_line(id).chars().count())
            .max()
            .unwrap_or(0);
        for (id, status, replaced_by) in orphans {
            match replaced_by {
                Some(new) => writeln!(
                    out,
                    "  {:width$}  {:11}  replaced by {}, which has its own entry",
                    one_line(id),
                    status.as_str(),
                    one_line(&new)
                )?,
                None => writeln!(out, "  {:width$}  {status}", one_line(id))?,
            }
        }
    }
    Ok(())
}

/// Frameworks mapped with `via`, each with own coverage and, kept apart, what `via` covers.
fn render_via_text(session: &Session, via: &str, out: &mut dyn Write) -> anyhow::Result<()> {
    let catalog = &session.catalog;
    let progress = &session.progress;
    let mapped = mapped_frameworks(catalog, via);
    let mut blocks: Vec<(String, Vec<(String, ViaCoverage)>)> = Vec::new();
    for framework in catalog
        .frameworks
        .iter()
        .filter(|f| mapped.contains(&f.id.as_str()))
    {
        let total = ViaCoverage::of(catalog, framework, &framework.items, progress, via);
        let mut rows = vec![(format!("  all {} items", total.own.total()), total)];
        for (section, depth) in framework.sections_in_tree_order() {
            let items = framework.items_within(&section.id);
            rows.push((
                format!(
                    "{}{} {}",
                    "  ".repeat(depth + 1),
                    one_line(&section.id),
                    one_line(&section.title)
                ),
                ViaCoverage::of(catalog, framework, items, progress, via),
            ));
        }
        let heading = format!(
            "{}  {}, with coverage derived via {via}",
            framework.id,
            one_line(&framework.title)
        );
        blocks.push((heading, rows));
    }
    let label_width = blocks
        .iter()
        .flat_map(|(_, rows)| rows)
        .map(|(label, _)| label.chars().count())
        .max()
        .unwrap_or(0)
        .min(MAX_LABEL);
    let derived_label = format!("derived via {via}, not counted");
    for (index, (heading, rows)) in blocks.iter().enumerate() {
        if index > 0 {
            writeln!(out)?;
        }
        writeln!(out, "{heading}")?;
        writeln!(
            out,
            "{:label_width$}  {:bar$}  {:16}  {derived_label}",
            "",
            "",
            "own, counted",
            bar = BAR_WIDTH + 2,
        )?;
        writeln!(
            out,
            "{:label_width$}  {:bar$}  {:>4}  {:>4}  {:>4}  {:>6}  {:>7}  {:>4}  {:>11}",
            "",
            "",
            "",
            "done",
            "n/a",
            "strong",
            "partial",
            "weak",
            "not covered",
            bar = BAR_WIDTH + 2,
        )?;
        for (label, c) in rows {
            writeln!(
                out,
                "{:label_width$}  [{}]  {:>3}%  {:>4}  {:>4}  {:>6}  {:>7}  {:>4}  {:>11}",
                truncate(label, label_width),
                via_bar(c),
                c.own.percent(),
                c.own.done,
                c.own.not_applicable,
                c.derived_strong,
                c.derived_partial,
                c.derived_weak,
                c.not_covered(),
            )?;
        }
        if let Some((_, total)) = rows.first()
            && total.adopted > 0
        {
            writeln!(
                out,
                "  {} of the done or n/a items adopted their status from {via} (`vouch adopt`)",
                total.adopted
            )?;
        }
    }
    let unmapped: Vec<&str> = catalog
        .frameworks
        .iter()
        .map(|f| f.id.as_str())
        .filter(|id| *id != via && !mapped.contains(id))
        .collect();
    if blocks.is_empty() {
        writeln!(
            out,
            "no enabled framework is mapped with {via}; see `vouch status` for own coverage"
        )?;
    } else {
        writeln!(out)?;
        writeln!(
            out,
            "bar: # done on its own, + covered via {via} (derived), - neither; n/a items are left out"
        )?;
    }
    if !unmapped.is_empty() {
        writeln!(
            out,
            "not mapped with {via}, so not shown: {} (see `vouch status`)",
            unmapped.join(", ")
        )?;
    }
    render_orphans(session, out)
}

/// Like [`bar`], with derived coverage as `+` after the items done on their own.
fn via_bar(coverage: &ViaCoverage) -> String {
    let applicable = coverage.own.applicable();
    if applicable == 0 {
        return bar(&coverage.own);
    }
    let done = (coverage.own.done * BAR_WIDTH / applicable).min(BAR_WIDTH);
    let with_derived =
        ((coverage.own.done + coverage.derived()) * BAR_WIDTH / applicable).min(BAR_WIDTH);
    format!(
        "{}{}{}",
        "#".repeat(done),
        "+".repeat(with_derived - done),
        "-".repeat(BAR_WIDTH - with_derived)
    )
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
    #[serde(skip_serializing_if = "Option::is_none")]
    via: Option<&'a str>,
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
    #[serde(skip_serializing_if = "Option::is_none")]
    derived: Option<ViaReport>,
    sections: Vec<SectionReport<'a>>,
}

#[derive(Debug, Serialize)]
struct SectionReport<'a> {
    id: &'a str,
    title: &'a str,
    parent: Option<&'a str>,
    coverage: CoverageReport,
    #[serde(skip_serializing_if = "Option::is_none")]
    derived: Option<ViaReport>,
}

/// What `--via` adds beside `coverage`: items covered only through the other framework.
#[derive(Debug, Serialize)]
struct ViaReport {
    strong: usize,
    partial: usize,
    weak: usize,
    total: usize,
    not_covered: usize,
    adopted: usize,
    unmapped: usize,
}

impl From<ViaCoverage> for ViaReport {
    fn from(v: ViaCoverage) -> Self {
        ViaReport {
            strong: v.derived_strong,
            partial: v.derived_partial,
            weak: v.derived_weak,
            total: v.derived(),
            not_covered: v.not_covered(),
            adopted: v.adopted,
            unmapped: v.unmapped,
        }
    }
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
    #[serde(skip_serializing_if = "Option::is_none")]
    replaced_by: Option<String>,
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

fn report<'a>(session: &'a Session, via: Option<&'a str>) -> Report<'a> {
    let catalog = &session.catalog;
    let progress = &session.progress;
    let mapped = via
        .map(|via| mapped_frameworks(catalog, via))
        .unwrap_or_default();
    let frameworks = catalog
        .frameworks
        .iter()
        .map(|framework| {
            // Derived coverage only where a mapping to the `via` framework exists.
            let via = via.filter(|_| mapped.contains(&framework.id.as_str()));
            let derived = |items: Vec<&crate::model::Item>| {
                via.map(|via| ViaCoverage::of(catalog, framework, items, progress, via).into())
            };
            FrameworkReport {
                id: &framework.id,
                title: &framework.title,
                version: &framework.version,
                coverage: Coverage::of(framework, &framework.items, progress).into(),
                derived: derived(framework.items.iter().collect()),
                sections: framework
                    .sections_in_tree_order()
                    .into_iter()
                    .map(|(section, _)| SectionReport {
                        id: &section.id,
                        title: &section.title,
                        parent: section.parent.as_deref(),
                        coverage: section_coverage(framework, section, progress).into(),
                        derived: derived(framework.items_within(&section.id).collect()),
                    })
                    .collect(),
            }
        })
        .collect();
    let orphans = orphans(session)
        .into_iter()
        .map(|(id, status, replaced_by)| OrphanReport {
            id,
            status: status.as_str(),
            replaced_by,
        })
        .collect();
    let (due, expired) = na_due(session);
    Report {
        schema: JSON_SCHEMA,
        via,
        frameworks,
        orphans,
        na_review: NaReviewReport { due, expired },
    }
}
