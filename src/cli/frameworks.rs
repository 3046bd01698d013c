//! `vouch frameworks`: the loaded frameworks with id, title, version, where each came from,
//! and item and section counts; then what loading had to say (a team file replacing a bundled
//! one, frameworks loaded but not enabled).

use std::io::Write;
use std::path::Path;

use super::{Outcome, one_line, warn_problems};
use crate::session::load_workspace_catalog;
use crate::store::config::Config;
use crate::store::workspace::Workspace;

/// Prints one framework a line in aligned columns, then loading notices. Progress is not read,
/// so this works even while the progress file is broken.
pub fn run(start: &Path, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let workspace = Workspace::discover(start)?;
    let config = Config::load(&workspace.config_path())?;
    let loaded = load_workspace_catalog(&workspace, &config);
    warn_problems(loaded.problems.len());
    let header = ["id", "title", "version", "items", "sections", "source"];
    let rows: Vec<[String; 6]> = loaded
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
    if !loaded.disabled.is_empty() {
        let ids: Vec<String> = loaded.disabled.iter().map(|f| one_line(&f.id)).collect();
        writeln!(
            out,
            "\nalso loaded, not enabled in {}: {}",
            workspace.display_path(&workspace.config_path()),
            ids.join(", ")
        )?;
    }
    for notice in &loaded.notices {
        writeln!(out, "note: {}", one_line(notice))?;
    }
    Ok(Outcome::Fine)
}
