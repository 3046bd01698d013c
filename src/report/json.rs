//! `vouch export --format json`: everything recorded, for tools. The shape is documented in
//! `docs/export-json.md`; fields are only ever added, and `schema` goes up when one changes
//! meaning or goes away. Absent values are `null`, so every key is always there.

use serde::Serialize;

use super::Context;
use super::links::evidence_link;
use crate::model::progress::Evidence;
use crate::model::review::NaReview;
use crate::model::{Catalog, Coverage, Progress};

/// Version of the export's shape.
pub const SCHEMA: u32 = 1;

#[derive(Debug, Serialize)]
struct Export<'a> {
    schema: u32,
    tool: String,
    repository: Repository<'a>,
    frameworks: Vec<FrameworkOut<'a>>,
    orphans: Vec<ItemOut<'a>>,
}

#[derive(Debug, Serialize)]
struct Repository<'a> {
    name: &'a str,
    head: Option<&'a str>,
    uncommitted: bool,
    web: Option<&'a str>,
}

#[derive(Debug, Serialize)]
struct FrameworkOut<'a> {
    id: &'a str,
    title: &'a str,
    version: &'a str,
    publisher: &'a str,
    source: &'a str,
    coverage: CoverageOut,
    sections: Vec<SectionOut<'a>>,
    items: Vec<ItemOut<'a>>,
}

#[derive(Debug, Serialize)]
struct SectionOut<'a> {
    id: &'a str,
    title: &'a str,
    parent: Option<&'a str>,
    coverage: CoverageOut,
}

#[derive(Debug, Serialize)]
struct CoverageOut {
    done: usize,
    in_progress: usize,
    not_applicable: usize,
    todo: usize,
    total: usize,
    percent: usize,
}

impl From<Coverage> for CoverageOut {
    fn from(c: Coverage) -> Self {
        CoverageOut {
            done: c.done,
            in_progress: c.in_progress,
            not_applicable: c.not_applicable,
            todo: c.todo,
            total: c.total(),
            percent: c.percent(),
        }
    }
}

#[derive(Debug, Serialize)]
struct ItemOut<'a> {
    id: String,
    item: Option<&'a str>,
    section: Option<&'a str>,
    title: Option<&'a str>,
    status: &'static str,
    updated: Option<&'a str>,
    by: Option<&'a str>,
    note: Option<&'a str>,
    reason: Option<&'a str>,
    review_by: Option<String>,
    review_expired: Option<bool>,
    evidence: Vec<EvidenceOut<'a>>,
}

#[derive(Debug, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
enum EvidenceOut<'a> {
    Commit {
        id: &'a str,
        link: Option<String>,
    },
    File {
        path: &'a str,
        lines: Option<&'a str>,
        blob: Option<&'a str>,
        at: Option<&'a str>,
        confirmed: Option<&'a str>,
        link: Option<String>,
    },
    Url {
        url: &'a str,
    },
}

/// The export as pretty-printed JSON.
pub fn render(
    catalog: &Catalog,
    progress: &Progress,
    context: &Context,
) -> Result<String, serde_json::Error> {
    let mut text = serde_json::to_string_pretty(&build(catalog, progress, context))?;
    text.push('\n');
    Ok(text)
}

fn build<'a>(catalog: &'a Catalog, progress: &'a Progress, context: &'a Context) -> Export<'a> {
    let frameworks = catalog
        .frameworks
        .iter()
        .map(|framework| FrameworkOut {
            id: &framework.id,
            title: &framework.title,
            version: &framework.version,
            publisher: &framework.publisher,
            source: &framework.source,
            coverage: Coverage::of(framework, &framework.items, progress).into(),
            sections: framework
                .sections_in_tree_order()
                .into_iter()
                .map(|(section, _)| SectionOut {
                    id: &section.id,
                    title: &section.title,
                    parent: section.parent.as_deref(),
                    coverage: Coverage::of(
                        framework,
                        framework.items_within(&section.id),
                        progress,
                    )
                    .into(),
                })
                .collect(),
            items: framework
                .items
                .iter()
                .map(|item| {
                    let mut out = item_out(framework.full_id(item), progress, context);
                    out.item = Some(&item.id);
                    out.section = Some(&item.section);
                    out.title = Some(&item.title);
                    out
                })
                .collect(),
        })
        .collect();
    let orphans = progress
        .items
        .keys()
        .filter(|id| catalog.lookup(id).is_none())
        .map(|id| item_out(id.clone(), progress, context))
        .collect();
    Export {
        schema: SCHEMA,
        tool: format!("vouch {}", env!("CARGO_PKG_VERSION")),
        repository: Repository {
            name: &context.name,
            head: context.head.as_ref().map(|h| h.id.as_str()),
            uncommitted: context.uncommitted,
            web: context.forge.as_ref().map(|f| f.base.as_str()),
        },
        frameworks,
        orphans,
    }
}

/// One item's record; the catalog fields are filled in by the caller when the item is known.
fn item_out<'a>(id: String, progress: &'a Progress, context: &Context) -> ItemOut<'a> {
    let entry = progress.get(&id);
    let review = entry.and_then(|e| NaReview::of(&id, e, context.today, context.terms));
    ItemOut {
        item: None,
        section: None,
        title: None,
        status: progress.status(&id).as_str(),
        updated: entry.and_then(|e| e.updated.as_deref()),
        by: entry.and_then(|e| e.by.as_deref()),
        note: entry.and_then(|e| e.note.as_deref()),
        reason: entry.and_then(|e| e.reason.as_deref()),
        review_by: review
            .as_ref()
            .and_then(|r| r.review_by)
            .map(|d| d.to_string()),
        review_expired: review.as_ref().map(|r| r.expired),
        evidence: entry
            .map(|e| e.evidence.as_slice())
            .unwrap_or_default()
            .iter()
            .map(|piece| evidence_out(piece, context))
            .collect(),
        id,
    }
}

fn evidence_out<'a>(piece: &'a Evidence, context: &Context) -> EvidenceOut<'a> {
    let link = evidence_link(context.forge.as_ref(), piece);
    match piece {
        Evidence::Commit { id } => EvidenceOut::Commit { id, link },
        Evidence::File {
            path,
            lines,
            blob,
            at,
            confirmed,
        } => EvidenceOut::File {
            path,
            lines: lines.as_deref(),
            blob: blob.as_deref(),
            at: at.as_deref(),
            confirmed: confirmed.as_deref(),
            link,
        },
        Evidence::Url { url } => EvidenceOut::Url { url },
    }
}
