//! `vouch diff`: a [`PostureDiff`] as people read it, in a terminal or as a pull-request
//! comment in Markdown (a heading, the counts, a table per kind of change).

use std::fmt::Write as _;

use super::links::Forge;
use super::{evidence_label, evidence_markdown, md_cell, md_escape};
use crate::model::Catalog;
use crate::model::diff::{EvidenceMove, PostureDiff, StatusMove};
use crate::text::visible;

/// The counts, in the order both formats show them.
fn counts(diff: &PostureDiff) -> [(&'static str, usize); 7] {
    [
        ("newly done", diff.newly_done.len()),
        ("regressed", diff.regressed.len()),
        ("n/a added", diff.na_added.len()),
        ("other status changes", diff.other_status.len()),
        ("evidence added", diff.evidence_added.len()),
        ("evidence removed", diff.evidence_removed.len()),
        ("notes changed", diff.notes_changed.len()),
    ]
}

fn title<'a>(catalog: &'a Catalog, id: &str) -> &'a str {
    catalog
        .lookup(id)
        .map_or("", |at| catalog.get(at).1.title.as_str())
}

fn one_line(text: &str) -> String {
    visible(text, false).into_owned()
}

/// Plain text for a terminal: a line of counts, then each non-empty list.
#[must_use]
pub fn text(diff: &PostureDiff, catalog: &Catalog, from: &str, to: &str) -> String {
    let mut out = format!("posture from {} to {}\n", one_line(from), one_line(to));
    if diff.is_empty() {
        out.push_str("  no change\n");
        return out;
    }
    let summary: Vec<String> = counts(diff)
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(label, n)| format!("{label} {n}"))
        .collect();
    let _ = writeln!(out, "  {}", summary.join(", "));
    let status_block = |out: &mut String, heading: &str, list: &[StatusMove]| {
        if list.is_empty() {
            return;
        }
        let width = list.iter().map(|m| m.id.chars().count()).max().unwrap_or(0);
        let _ = writeln!(out, "\n{heading}");
        for m in list {
            let moved = format!("{} -> {}", m.from, m.to);
            let _ = write!(
                out,
                "  {:width$}  {moved:24}  {}",
                one_line(&m.id),
                one_line(title(catalog, &m.id))
            );
            if let Some(reason) = &m.reason {
                let _ = write!(out, "\n  {:width$}  reason: {}", "", one_line(reason));
            }
            out.push('\n');
        }
    };
    status_block(&mut out, "newly done", &diff.newly_done);
    status_block(&mut out, "regressed", &diff.regressed);
    status_block(&mut out, "n/a added", &diff.na_added);
    status_block(&mut out, "other status changes", &diff.other_status);
    let evidence_block = |out: &mut String, heading: &str, list: &[EvidenceMove]| {
        if list.is_empty() {
            return;
        }
        let width = list.iter().map(|m| m.id.chars().count()).max().unwrap_or(0);
        let _ = writeln!(out, "\n{heading}");
        for m in list {
            let _ = writeln!(
                out,
                "  {:width$}  {}",
                one_line(&m.id),
                one_line(&m.evidence.to_string())
            );
        }
    };
    evidence_block(&mut out, "evidence added", &diff.evidence_added);
    evidence_block(&mut out, "evidence removed", &diff.evidence_removed);
    if !diff.notes_changed.is_empty() {
        out.push_str("\nnotes changed\n");
        for m in &diff.notes_changed {
            let _ = writeln!(
                out,
                "  {}\n    was: {}\n    now: {}",
                one_line(&m.id),
                m.from.as_deref().map_or("(none)".to_owned(), one_line),
                m.to.as_deref().map_or("(none)".to_owned(), one_line),
            );
        }
    }
    out
}

/// Markdown for a pull-request comment.
#[must_use]
pub fn markdown(
    diff: &PostureDiff,
    catalog: &Catalog,
    from: &str,
    to: &str,
    forge: Option<&Forge>,
) -> String {
    let mut out = String::from("## Security posture changes (vouch)\n\n");
    let _ = writeln!(
        out,
        "From `{}` to {}.\n",
        one_line(from).replace('`', "'"),
        md_escape(to)
    );
    if diff.is_empty() {
        out.push_str("No change in posture.\n");
        return out;
    }
    let counts = counts(diff);
    let _ = writeln!(
        out,
        "| {} |",
        counts
            .iter()
            .map(|(label, _)| capitalised(label))
            .collect::<Vec<_>>()
            .join(" | ")
    );
    let _ = writeln!(out, "|{}", "---:|".repeat(counts.len()));
    let _ = writeln!(
        out,
        "| {} |",
        counts
            .iter()
            .map(|(_, n)| n.to_string())
            .collect::<Vec<_>>()
            .join(" | ")
    );
    let status_table = |out: &mut String, heading: &str, list: &[StatusMove]| {
        if list.is_empty() {
            return;
        }
        let _ = writeln!(
            out,
            "\n### {heading}\n\n| Item | Title | Was | Now |\n|---|---|---|---|"
        );
        for m in list {
            let now = match &m.reason {
                Some(reason) => format!("{}: {}", m.to, md_cell(reason)),
                None => m.to.to_string(),
            };
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {now} |",
                m.id.replace('`', "'"),
                md_cell(title(catalog, &m.id)),
                m.from
            );
        }
    };
    status_table(&mut out, "Newly done", &diff.newly_done);
    status_table(&mut out, "Regressed", &diff.regressed);
    status_table(&mut out, "n/a added", &diff.na_added);
    status_table(&mut out, "Other status changes", &diff.other_status);
    let evidence_table = |out: &mut String, heading: &str, list: &[EvidenceMove]| {
        if list.is_empty() {
            return;
        }
        let _ = writeln!(out, "\n### {heading}\n\n| Item | Evidence |\n|---|---|");
        for m in list {
            let shown = if forge.is_some() {
                evidence_markdown(forge, &m.evidence)
            } else {
                md_cell(&evidence_label(&m.evidence))
            };
            let _ = writeln!(out, "| `{}` | {shown} |", m.id.replace('`', "'"));
        }
    };
    evidence_table(&mut out, "Evidence added", &diff.evidence_added);
    evidence_table(&mut out, "Evidence removed", &diff.evidence_removed);
    if !diff.notes_changed.is_empty() {
        out.push_str("\n### Notes changed\n\n| Item | Was | Now |\n|---|---|---|\n");
        for m in &diff.notes_changed {
            let _ = writeln!(
                out,
                "| `{}` | {} | {} |",
                m.id.replace('`', "'"),
                m.from.as_deref().map_or_else(String::new, md_cell),
                m.to.as_deref().map_or_else(String::new, md_cell)
            );
        }
    }
    out
}

fn capitalised(label: &str) -> String {
    if label.starts_with("n/a") {
        return label.to_owned();
    }
    let mut chars = label.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}
