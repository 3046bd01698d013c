//! `vouch validate [FILE...]`: check checklist and mapping files and report every problem as
//! `file:line:column: sentence`, then a summary line.
//!
//! Exit codes: 0 when every file is clean, 1 when problems were found (they are findings, like
//! a failed check), 2 when a named file cannot be read at all (bad input; the other files are
//! still checked and reported).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::{Outcome, one_line, plural};
use crate::model::{Catalog, Framework, Progress};
use crate::session::{all_renames, knows, workspace_sources};
use crate::store::Problem;
use crate::store::bundled;
use crate::store::checklist::{ParsedFile, ParsedMapping, check_mapping_targets, parse_file};
use crate::store::config::{Config, ConfigError};
use crate::store::load::{Loaded, Sources, load_catalog, read_checklist_text};
use crate::store::progress::{ProgressError, ProgressFile};
use crate::store::workspace::Workspace;

/// Options of `vouch validate`.
#[derive(Debug, clap::Args)]
#[command(
    long_about = "Check checklist and mapping files and report every problem as \
                  file:line:column: sentence.\n\nWith no FILE, checks the bundled checklists, \
                  .vouch/config.toml and the team's files in .vouch/checklists (and any folder \
                  the config names), and says which entries of .vouch/progress.toml no checklist \
                  has (they are kept, never deleted). With FILEs, checks those; mapping files are checked against \
                  the loaded frameworks plus the framework FILEs given.\n\nExits 0 when all is \
                  clean, 1 when problems were found, 2 when a FILE cannot be read at all."
)]
pub struct Args {
    /// Checklist or mapping files to check; none checks what this workspace loads
    pub files: Vec<PathBuf>,
}

/// What was checked and found.
struct Findings {
    files: usize,
    problems: Vec<Problem>,
    unreadable: bool,
    notices: Vec<String>,
}

/// Checks the files and prints every problem and a summary line.
pub fn run(args: &Args, start: &Path, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let findings = if args.files.is_empty() {
        check_workspace(start)?
    } else {
        check_files(&args.files, start)
    };
    for problem in &findings.problems {
        // File names and ids in problems come from outside; shown inert like all such text.
        writeln!(out, "{}", one_line(&problem.to_string()))?;
    }
    writeln!(
        out,
        "{} file{} checked, {} problem{}",
        findings.files,
        plural(findings.files),
        findings.problems.len(),
        plural(findings.problems.len())
    )?;
    for notice in &findings.notices {
        eprintln!("note: {}", one_line(notice));
    }
    Ok(if findings.unreadable {
        Outcome::BadInput
    } else if findings.problems.is_empty() {
        Outcome::Fine
    } else {
        Outcome::CheckFailed
    })
}

/// Everything the workspace loads: bundled files, the config, the team's checklist folders.
fn check_workspace(start: &Path) -> anyhow::Result<Findings> {
    let workspace = Workspace::discover(start)?;
    let config_path = workspace.config_path();
    let mut problems = Vec::new();
    let mut files = 0;
    let config = match Config::load(&config_path) {
        Ok(config) => config,
        Err(ConfigError::Invalid(problem)) => {
            problems.push(Problem {
                file: workspace.display_path(&config_path),
                ..problem
            });
            Config::default()
        }
        Err(err) => return Err(err.into()),
    };
    if config_path.is_file() {
        files += 1;
    }
    let sources = workspace_sources(&workspace, &config);
    let loaded = load_catalog(&sources, config.frameworks.as_deref(), &workspace.root);
    files += bundled::FRAMEWORKS.len() + bundled::MAPPINGS.len() + sources.files.len();
    let mut notices = loaded.notices.clone();
    problems.extend(loaded.problems.iter().cloned());
    let progress_path = workspace.progress_path();
    let shown = workspace.display_path(&progress_path);
    match ProgressFile::load(&progress_path) {
        Ok((_, progress)) => {
            if progress_path.is_file() {
                files += 1;
            }
            notices.extend(progress_notes(&shown, progress, &loaded));
        }
        Err(ProgressError::Invalid { problem, .. }) => {
            files += 1;
            problems.push(Problem {
                file: shown,
                ..problem
            });
        }
        Err(err) => return Err(err.into()),
    }
    Ok(Findings {
        files,
        problems,
        unreadable: false,
        notices,
    })
}

/// What to say about progress entries under ids no checklist has as an item: carried over to
/// the item that replaces them, kept beside a replacing item that has its own entry, or kept as
/// orphans. None of them is ever deleted.
fn progress_notes(shown: &str, mut progress: Progress, loaded: &Loaded) -> Vec<String> {
    let renames = all_renames(&loaded.catalog, &loaded.disabled);
    let carried = progress.carry_over(&renames);
    let mut replaced = Vec::new();
    let mut orphans = Vec::new();
    for id in progress.orphans(|id| knows(&loaded.catalog, &loaded.disabled, id)) {
        match renames.iter().find(|r| r.old == id) {
            Some(rename) => replaced.push(format!("{id} (replaced by {})", rename.new)),
            None => orphans.push(id.to_owned()),
        }
    }
    let entries = |n: usize| {
        if n == 1 {
            "1 entry".to_owned()
        } else {
            format!("{n} entries")
        }
    };
    let mut notes = Vec::new();
    if !orphans.is_empty() {
        notes.push(format!(
            "{shown} has {} for ids no checklist has: {}; they are kept, never deleted (`vouch status` lists them)",
            entries(orphans.len()),
            one_line(&orphans.join(", "))
        ));
    }
    if !carried.is_empty() {
        let moves: Vec<String> = carried
            .iter()
            .map(|r| format!("{} -> {}", r.old, r.new))
            .collect();
        notes.push(format!(
            "{shown} has {} under ids that a current item replaces; vouch shows each as that item's and moves it there when the item next changes: {}",
            entries(carried.len()),
            one_line(&moves.join(", "))
        ));
    }
    if !replaced.is_empty() {
        notes.push(format!(
            "{shown} has {} under replaced ids whose new item has its own entry, so they stay as they are: {}",
            entries(replaced.len()),
            one_line(&replaced.join(", "))
        ));
    }
    notes
}

/// The named files, with mapping files checked against the workspace's frameworks (all of them,
/// enabled or not) plus the framework files named alongside.
fn check_files(paths: &[PathBuf], start: &Path) -> Findings {
    let mut problems = Vec::new();
    let mut unreadable = false;
    let mut frameworks: Vec<Framework> = Vec::new();
    let mut mappings: Vec<ParsedMapping> = Vec::new();
    for path in paths {
        let shown = path.display().to_string();
        let text = match read_checklist_text(path, &shown) {
            Ok(text) => text,
            Err(problem) => {
                unreadable |= !path.is_file() || fs::File::open(path).is_err();
                problems.push(problem);
                continue;
            }
        };
        let (parsed, found) = parse_file(&shown, &text, &shown);
        problems.extend(found);
        match parsed {
            Some(ParsedFile::Framework(framework)) => frameworks.push(framework),
            Some(ParsedFile::Mapping(mapping)) => mappings.push(mapping),
            None => {}
        }
    }
    if !mappings.is_empty() {
        let catalog = known_frameworks(start, frameworks);
        for mapping in &mappings {
            problems.extend(check_mapping_targets(mapping, &catalog.frameworks));
        }
    }
    Findings {
        files: paths.len(),
        problems,
        unreadable,
        notices: Vec::new(),
    }
}

/// The workspace's frameworks (bundled and the team's, enabled or not), with `given` replacing
/// those of the same id. Problems in the workspace's own files are not this run's business.
fn known_frameworks(start: &Path, given: Vec<Framework>) -> Catalog {
    let (sources, root) = match Workspace::discover(start) {
        Ok(workspace) => {
            let config = Config::load(&workspace.config_path()).unwrap_or_default();
            (workspace_sources(&workspace, &config), workspace.root)
        }
        Err(_) => (Sources::default(), start.to_owned()),
    };
    let loaded = load_catalog(&sources, None, &root);
    let mut frameworks = loaded.catalog.frameworks;
    for framework in given {
        if let Some(existing) = frameworks.iter_mut().find(|f| f.id == framework.id) {
            *existing = framework;
        } else {
            frameworks.push(framework);
        }
    }
    Catalog::new(frameworks, Vec::new())
}
