//! `vouch export --format markdown`: an audit or meeting pack. Per framework its coverage,
//! then per section a table of its items with status, note and evidence, evidence linked to
//! the forge at the commit it was pinned to.

use std::fmt::Write as _;

use super::{Context, evidence_markdown, grouped, md_cell, md_escape, name_only, status_text};
use crate::model::{Catalog, Coverage, Progress};

/// The pack as Markdown text.
#[must_use]
pub fn render(catalog: &Catalog, progress: &Progress, context: &Context) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Secure-development progress: {}\n",
        md_escape(&context.name)
    );
    let state = if context.uncommitted {
        " with changes not yet committed"
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "Progress recorded in `.vouch/progress.toml` at commit {}{state}. Evidence links open \
         each file at the commit it was pinned to.\n",
        context.head_markdown()
    );

    out.push_str("| Framework | Done | In progress | n/a | Todo | Done of applicable |\n");
    out.push_str("|---|---:|---:|---:|---:|---:|\n");
    for framework in &catalog.frameworks {
        let c = Coverage::of(framework, &framework.items, progress);
        let _ = writeln!(
            out,
            "| {} (`{}`) | {} | {} | {} | {} | {}% |",
            md_cell(&framework.title),
            framework.id,
            c.done,
            c.in_progress,
            c.not_applicable,
            c.todo,
            c.percent()
        );
    }

    for framework in &catalog.frameworks {
        let _ = writeln!(
            out,
            "\n## {} (`{}`)\n",
            md_escape(&framework.title),
            framework.id
        );
        let mut facts = Vec::new();
        if !framework.version.is_empty() {
            facts.push(format!("Version: {}", md_escape(&framework.version)));
        }
        if !framework.publisher.is_empty() {
            facts.push(format!("Publisher: {}", md_escape(&framework.publisher)));
        }
        if !facts.is_empty() {
            let _ = writeln!(out, "{}.\n", facts.join(". "));
        }
        for (section, depth, items) in grouped(framework) {
            let hashes = "#".repeat((depth + 3).min(6));
            let (title, within) = match section {
                Some(s) => (
                    format!("{} {}", md_escape(&s.id), md_escape(&s.title)),
                    Coverage::of(framework, framework.items_within(&s.id), progress),
                ),
                None => (
                    "Items in no known section".to_owned(),
                    Coverage::of(framework, items.iter().copied(), progress),
                ),
            };
            let _ = writeln!(
                out,
                "{hashes} {title}\n\n{} of {} applicable items done.\n",
                within.done,
                within.applicable()
            );
            if items.is_empty() {
                continue;
            }
            out.push_str("| Item | Status | Note | Evidence | Last change |\n");
            out.push_str("|---|---|---|---|---|\n");
            for item in items {
                let id = framework.full_id(item);
                let entry = progress.get(&id);
                let evidence: Vec<String> = entry
                    .map(|e| e.evidence.as_slice())
                    .unwrap_or_default()
                    .iter()
                    .map(|piece| evidence_markdown(context.forge.as_ref(), piece))
                    .collect();
                let last = entry.map_or_else(String::new, |e| {
                    match (e.updated.as_deref(), e.by.as_deref()) {
                        (Some(at), Some(by)) => format!(
                            "{} by {}",
                            at.get(..10).unwrap_or(at),
                            md_cell(name_only(by))
                        ),
                        (Some(at), None) => at.get(..10).unwrap_or(at).to_owned(),
                        (None, Some(by)) => md_cell(name_only(by)),
                        (None, None) => String::new(),
                    }
                });
                let _ = writeln!(
                    out,
                    "| `{}` {} | {} | {} | {} | {last} |",
                    item.id.replace('`', "'"),
                    md_cell(&item.title),
                    md_cell(&status_text(entry, &id, context)),
                    md_cell(entry.and_then(|e| e.note.as_deref()).unwrap_or_default()),
                    evidence.join("<br>"),
                );
            }
            out.push('\n');
        }
    }

    let orphans: Vec<&String> = progress
        .items
        .keys()
        .filter(|id| catalog.lookup(id).is_none())
        .collect();
    if !orphans.is_empty() {
        out.push_str(
            "\n## Entries for items no loaded checklist has\n\n\
             Kept in the progress file, never deleted; not counted above.\n\n",
        );
        for id in orphans {
            let _ = writeln!(
                out,
                "- `{}`: {}",
                id.replace('`', "'"),
                md_cell(&status_text(progress.get(id), id, context))
            );
        }
    }
    out
}
