//! `vouch frameworks`: the loaded frameworks with id, title, version, where each came from,
//! and item and section counts; then what loading had to say (a team file replacing a bundled
//! one, frameworks loaded but not enabled).

use std::io::Write;
use std::path::Path;

use super::{Outcome, one_line, open_session};

/// Prints one framework a line in aligned columns, then loading notices.
pub fn run(start: &Path, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let session = open_session(start)?;
    let header = ["id", "title", "version", "items", "sections", "source"];
    let rows: Vec<[String; 6]> = session
        .catalog
        .frameworks
        .iter()
        .map(|f| {
            [
                one_line(&f.id),
                one_line(&f.title),
                one_line(&f.version),
                f.items.len().to_string(),
                f.sections.len().to_string(),
                one_line(&f.origin),
            ]
        })
        .collect();
    let mut widths = header.map(str::len);
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let [w_id, w_title, w_version, w_items, w_sections, _] = widths;
    writeln!(
        out,
        "{:w_id$}  {:w_title$}  {:w_version$}  {:>w_items$}  {:>w_sections$}  {}",
        header[0], header[1], header[2], header[3], header[4], header[5]
    )?;
    for [id, title, version, items, sections, source] in &rows {
        writeln!(
            out,
            "{id:w_id$}  {title:w_title$}  {version:w_version$}  {items:>w_items$}  {sections:>w_sections$}  {source}"
        )?;
    }
    if rows.is_empty() {
        writeln!(out, "no frameworks enabled")?;
    }
    if !session.disabled.is_empty() {
        let ids: Vec<String> = session.disabled.iter().map(|f| one_line(&f.id)).collect();
        writeln!(
            out,
            "\nalso loaded, not enabled in {}: {}",
            session
                .workspace
                .display_path(&session.workspace.config_path()),
            ids.join(", ")
        )?;
    }
    for notice in &session.notices {
        writeln!(out, "note: {}", one_line(notice))?;
    }
    Ok(Outcome::Fine)
}
