//! `vouch export --format csv`: one row per item for spreadsheets, with a header row.
//!
//! Columns: `framework, id, title, status, note, owner, evidence, updated, by, reason,
//! review_by`. `owner` stays empty until progress records owners. Evidence pieces are one a
//! line inside their cell, each with its permalink when the forge is known. A cell that starts
//! with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, so a spreadsheet
//! shows it as text rather than running it as a formula.

use super::links::evidence_link;
use super::{Context, evidence_label};
use crate::model::{Catalog, Progress};

/// The column names, in order.
pub const COLUMNS: [&str; 11] = [
    "framework",
    "id",
    "title",
    "status",
    "note",
    "owner",
    "evidence",
    "updated",
    "by",
    "reason",
    "review_by",
];

/// The export as CSV text (RFC 4180 quoting, `\n` line ends).
pub fn render(
    catalog: &Catalog,
    progress: &Progress,
    context: &Context,
) -> Result<String, csv::Error> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    writer.write_record(COLUMNS)?;
    for framework in &catalog.frameworks {
        for item in &framework.items {
            let id = framework.full_id(item);
            let entry = progress.get(&id);
            let text = |f: fn(&crate::model::ItemProgress) -> Option<&String>| {
                entry.and_then(f).cloned().unwrap_or_default()
            };
            let evidence: Vec<String> = entry
                .map(|e| e.evidence.as_slice())
                .unwrap_or_default()
                .iter()
                .map(|piece| {
                    let label = evidence_label(piece);
                    match evidence_link(context.forge.as_ref(), piece) {
                        Some(url) if url != label => format!("{label} {url}"),
                        _ => label,
                    }
                })
                .collect();
            let row = [
                framework.id.clone(),
                id.clone(),
                item.title.clone(),
                progress.status(&id).to_string(),
                text(|e| e.note.as_ref()),
                String::new(),
                evidence.join("\n"),
                text(|e| e.updated.as_ref()),
                text(|e| e.by.as_ref()),
                text(|e| e.reason.as_ref()),
                text(|e| e.review_by.as_ref()),
            ];
            writer.write_record(row.iter().map(|cell| defuse(cell)))?;
        }
    }
    let bytes = writer
        .into_inner()
        .map_err(csv::IntoInnerError::into_error)?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// A cell a spreadsheet would run as a formula, made plain text.
fn defuse(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_and_plain_text_is_left_alone() {
        assert_eq!(defuse("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(defuse("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(defuse("fine, \"quoted\""), "fine, \"quoted\"");
    }
}
