//! `vouch suggest`: evidence the detectors propose from the repository; `--accept` links it
//! (never changing status), `--dismiss` remembers that it is not wanted.

use std::io::Write;
use std::path::Path;

use anyhow::{anyhow, bail};
use serde::Serialize;

use super::{Outcome, one_line, open_session, plural, resolve_item};
use crate::model::EditError;
use crate::model::progress::Evidence;
use crate::session::Session;
use crate::suggest::{self, DETECTORS, Proposal};

/// Options of `vouch suggest`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Link the proposed evidence to these items; their status is not changed
    #[arg(long, value_name = "ITEM", num_args = 1.., conflicts_with = "dismiss")]
    pub accept: Vec<String>,
    /// Stop proposing evidence for these items (all detectors, or only --detector's)
    #[arg(long, value_name = "ITEM", num_args = 1..)]
    pub dismiss: Vec<String>,
    /// Only this detector's proposals, e.g. security-policy (an unknown id lists them all)
    #[arg(long, value_name = "DETECTOR")]
    pub detector: Option<String>,
    /// Also list proposals already linked or dismissed, marked as such
    #[arg(long, conflicts_with_all = ["accept", "dismiss"])]
    pub all: bool,
    /// Output format of the list; json is for tools (shape in docs/cli-json.md)
    #[arg(long, value_enum, default_value_t = Format::Text, conflicts_with_all = ["accept", "dismiss"])]
    pub format: Format,
}

/// How `vouch suggest` prints its list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Grouped by item, for people.
    Text,
    /// One JSON document, for tools.
    Json,
}

/// Version of the JSON shape; raised only when a field changes meaning or goes away.
pub const JSON_SCHEMA: u32 = 1;

/// Lists, accepts or dismisses proposals.
pub fn run(args: &Args, start: &Path, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let mut session = open_session(start)?;
    if let Some(id) = &args.detector {
        check_detector(id)?;
    }
    if !args.accept.is_empty() {
        return accept(&mut session, args, out);
    }
    if !args.dismiss.is_empty() {
        return dismiss(&mut session, args, out);
    }
    list(&session, args, out)
}

fn check_detector(id: &str) -> anyhow::Result<()> {
    if suggest::detector(id).is_some() {
        return Ok(());
    }
    let mut ids: Vec<(f64, &str)> = DETECTORS
        .iter()
        .map(|d| (strsim::jaro_winkler(id, d.id), d.id))
        .collect();
    ids.sort_by(|a, b| b.0.total_cmp(&a.0));
    let close: Vec<&str> = ids
        .iter()
        .filter(|(s, _)| *s > 0.8)
        .map(|(_, d)| *d)
        .take(3)
        .collect();
    if close.is_empty() {
        let all: Vec<&str> = DETECTORS.iter().map(|d| d.id).collect();
        bail!(
            "unknown detector `{}`; the detectors are: {}",
            one_line(id),
            all.join(", ")
        );
    }
    bail!(
        "unknown detector `{}`; did you mean {}?",
        one_line(id),
        close.join(", ")
    )
}

/// Every proposal for the workspace, narrowed to `--detector`.
fn scan(session: &Session, args: &Args) -> anyhow::Result<Vec<Proposal>> {
    let mut proposals = suggest::scan(&session.workspace.root, &session.catalog)?;
    if let Some(id) = &args.detector {
        proposals.retain(|p| p.detector == id);
    }
    Ok(proposals)
}

/// Why a proposal is not pending.
fn hidden_because(session: &Session, proposal: &Proposal) -> Option<&'static str> {
    let entry = session.progress.get(&proposal.item)?;
    if entry.has_dismissed(proposal.detector) {
        Some("dismissed")
    } else if proposal.is_linked_in(entry) {
        Some("linked")
    } else {
        None
    }
}

fn evidence_text(evidence: &Evidence) -> String {
    match evidence {
        Evidence::File { path, lines, .. } => match lines {
            Some(lines) => format!("{path}:{lines}"),
            None => path.clone(),
        },
        Evidence::Commit { id } => format!("commit {}", &id[..id.len().min(12)]),
        Evidence::Url { url } => url.clone(),
    }
}

fn list(session: &Session, args: &Args, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let proposals = scan(session, args)?;
    let shown: Vec<Shown<'_>> = proposals
        .iter()
        .map(|p| (p, hidden_because(session, p)))
        .filter(|(_, hidden)| args.all || hidden.is_none())
        .collect();
    let dismissed = proposals
        .iter()
        .filter(|p| hidden_because(session, p) == Some("dismissed"))
        .count();
    let linked = proposals
        .iter()
        .filter(|p| hidden_because(session, p) == Some("linked"))
        .count();
    match args.format {
        Format::Json => {
            let json = serde_json::to_string_pretty(&JsonReport {
                schema: JSON_SCHEMA,
                proposals: shown
                    .iter()
                    .map(|(p, hidden)| JsonProposal::new(session, p, *hidden))
                    .collect(),
                hidden: JsonHidden {
                    dismissed: if args.all { 0 } else { dismissed },
                    linked: if args.all { 0 } else { linked },
                },
            })?;
            writeln!(out, "{json}")?;
        }
        Format::Text => render_text(session, &shown, dismissed, linked, args.all, out)?,
    }
    Ok(Outcome::Fine)
}

/// A proposal to show, and why it is hidden by default (`dismissed`, `linked`) if it is.
type Shown<'a> = (&'a Proposal, Option<&'static str>);

fn render_text(
    session: &Session,
    shown: &[Shown<'_>],
    dismissed: usize,
    linked: usize,
    all: bool,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    // Grouped by item, in the order scan gives them (catalog order).
    let mut by_item: Vec<(&str, Vec<Shown<'_>>)> = Vec::new();
    for (p, hidden) in shown {
        match by_item.last_mut() {
            Some((item, group)) if *item == p.item => group.push((p, *hidden)),
            _ => by_item.push((p.item.as_str(), vec![(p, *hidden)])),
        }
    }
    let detector_width = shown
        .iter()
        .map(|(p, _)| p.detector.len())
        .max()
        .unwrap_or(0);
    for (index, (item, proposals)) in by_item.iter().enumerate() {
        if index > 0 {
            writeln!(out)?;
        }
        let title = session
            .catalog
            .lookup(item)
            .map(|at| one_line(&session.catalog.get(at).1.title))
            .unwrap_or_default();
        writeln!(out, "{}  {title}", one_line(item))?;
        for (p, hidden) in proposals {
            let mark = hidden.map(|h| format!("  ({h})")).unwrap_or_default();
            writeln!(
                out,
                "  {:6}  {:detector_width$}  {}{mark}",
                p.confidence.as_str(),
                p.detector,
                one_line(&evidence_text(&p.evidence)),
            )?;
            writeln!(out, "  {:6}  {}", "", one_line(&p.finding))?;
        }
    }
    let items = by_item.len();
    let hidden_note = if all || dismissed + linked == 0 {
        String::new()
    } else {
        format!(
            " ({} not shown: {dismissed} dismissed, {linked} already linked; --all shows them)",
            dismissed + linked
        )
    };
    if shown.is_empty() {
        writeln!(out, "nothing new to propose{hidden_note}")?;
        return Ok(());
    }
    writeln!(out)?;
    writeln!(
        out,
        "{} proposal{} for {items} item{}{hidden_note}",
        shown.len(),
        plural(shown.len()),
        plural(items)
    )?;
    writeln!(
        out,
        "link them with `vouch suggest --accept ITEM...` (status is not changed), or set them aside with `vouch suggest --dismiss ITEM [--detector D]`"
    )?;
    Ok(())
}

fn accept(session: &mut Session, args: &Args, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let items = resolve_all(session, &args.accept)?;
    let proposals = suggest::pending(scan(session, args)?, &session.progress);
    let mut missing = Vec::new();
    for item in &items {
        if !proposals.iter().any(|p| &p.item == item) {
            missing.push(one_line(item));
        }
    }
    if !missing.is_empty() {
        let only = args
            .detector
            .as_deref()
            .map(|d| format!(" by {}", one_line(d)))
            .unwrap_or_default();
        bail!(
            "nothing is proposed{only} for {}; nothing was linked. `vouch suggest` lists what is proposed",
            missing.join(", ")
        );
    }
    let stamp = session.stamp();
    let mut linked: Vec<(String, &Proposal)> = Vec::new();
    for item in &items {
        for proposal in proposals.iter().filter(|p| &p.item == item) {
            match session
                .progress
                .link(item, proposal.evidence.clone(), &stamp)
            {
                Ok(_) => linked.push((item.clone(), proposal)),
                // Two detectors proposed the same file and lines: linked once is enough.
                Err(EditError::AlreadyLinked { .. }) => {}
                Err(err) => return Err(err.into()),
            }
        }
    }
    let report = session.save(&items)?;
    for item in &items {
        let status = session.progress.status(item);
        writeln!(out, "{}: status stays {status}", one_line(item))?;
        for (_, p) in linked.iter().filter(|(i, _)| i == item) {
            writeln!(
                out,
                "  linked {} ({}, {})",
                one_line(&p.evidence.to_string()),
                p.detector,
                p.confidence
            )?;
        }
    }
    saved_line(session, report.merged_from_disk, out)?;
    Ok(Outcome::Fine)
}

fn dismiss(session: &mut Session, args: &Args, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let items = resolve_all(session, &args.dismiss)?;
    let mut plan: Vec<(String, Vec<&'static str>)> = Vec::new();
    if let Some(id) = args.detector.as_deref() {
        let detector = suggest::detector(id).ok_or_else(|| anyhow!("unknown detector `{id}`"))?;
        for item in &items {
            if !detector.bears_on.contains(&item.as_str()) {
                bail!(
                    "detector {} never proposes evidence for {}; it bears on {}. Nothing was dismissed",
                    detector.id,
                    one_line(item),
                    detector.bears_on.join(", ")
                );
            }
            plan.push((item.clone(), vec![detector.id]));
        }
    } else {
        let proposals = suggest::pending(scan(session, args)?, &session.progress);
        for item in &items {
            let mut detectors: Vec<&'static str> = Vec::new();
            for p in proposals.iter().filter(|p| &p.item == item) {
                if !detectors.contains(&p.detector) {
                    detectors.push(p.detector);
                }
            }
            if detectors.is_empty() {
                bail!(
                    "nothing is proposed for {}, so there is nothing to dismiss; nothing was changed",
                    one_line(item)
                );
            }
            plan.push((item.clone(), detectors));
        }
    }
    let stamp = session.stamp();
    let mut changed = Vec::new();
    let mut lines = Vec::new();
    for (item, detectors) in &plan {
        for detector in detectors {
            let before = session.progress.get(item).cloned();
            session.progress.dismiss(item, detector, &stamp);
            if session.progress.get(item) == before.as_ref() {
                lines.push(format!(
                    "{}: proposals from {detector} were dismissed already",
                    one_line(item)
                ));
            } else {
                lines.push(format!(
                    "{}: dismissed proposals from {detector}; vouch suggest will not propose them again",
                    one_line(item)
                ));
                if !changed.contains(item) {
                    changed.push(item.clone());
                }
            }
        }
    }
    for line in &lines {
        writeln!(out, "{line}")?;
    }
    if changed.is_empty() {
        writeln!(out, "nothing changed")?;
        return Ok(Outcome::Fine);
    }
    let report = session.save(&changed)?;
    writeln!(out, "  by {} at {}", one_line(&stamp.by), stamp.at)?;
    saved_line(session, report.merged_from_disk, out)?;
    Ok(Outcome::Fine)
}

fn resolve_all(session: &Session, typed: &[String]) -> anyhow::Result<Vec<String>> {
    let mut items: Vec<String> = Vec::new();
    for t in typed {
        let id = resolve_item(session, t)?;
        if !items.contains(&id) {
            items.push(id);
        }
    }
    Ok(items)
}

fn saved_line(session: &Session, merged: bool, out: &mut dyn Write) -> anyhow::Result<()> {
    let path = session
        .workspace
        .display_path(&session.workspace.progress_path());
    if merged {
        writeln!(
            out,
            "saved {path} (merged with changes made there by someone else meanwhile)"
        )?;
    } else {
        writeln!(out, "saved {path}")?;
    }
    Ok(())
}

#[derive(Serialize)]
struct JsonReport<'a> {
    schema: u32,
    proposals: Vec<JsonProposal<'a>>,
    hidden: JsonHidden,
}

#[derive(Serialize)]
struct JsonHidden {
    dismissed: usize,
    linked: usize,
}

#[derive(Serialize)]
struct JsonProposal<'a> {
    item: &'a str,
    title: String,
    detector: &'static str,
    confidence: suggest::Confidence,
    finding: &'a str,
    evidence: JsonEvidence<'a>,
    state: &'static str,
}

#[derive(Serialize)]
#[serde(untagged)]
enum JsonEvidence<'a> {
    File {
        file: &'a str,
        lines: Option<&'a str>,
        blob: Option<&'a str>,
        at: Option<&'a str>,
    },
    Commit {
        commit: &'a str,
    },
    Url {
        url: &'a str,
    },
}

impl<'a> JsonProposal<'a> {
    fn new(session: &Session, p: &'a Proposal, hidden: Option<&'static str>) -> Self {
        let title = session
            .catalog
            .lookup(&p.item)
            .map(|at| session.catalog.get(at).1.title.clone())
            .unwrap_or_default();
        let evidence = match &p.evidence {
            Evidence::File {
                path,
                lines,
                blob,
                at,
                ..
            } => JsonEvidence::File {
                file: path,
                lines: lines.as_deref(),
                blob: blob.as_deref(),
                at: at.as_deref(),
            },
            Evidence::Commit { id } => JsonEvidence::Commit { commit: id },
            Evidence::Url { url } => JsonEvidence::Url { url },
        };
        JsonProposal {
            item: &p.item,
            title,
            detector: p.detector,
            confidence: p.confidence,
            finding: &p.finding,
            evidence,
            state: hidden.unwrap_or("pending"),
        }
    }
}
