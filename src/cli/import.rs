//! `vouch import asvs FILE.csv [--level N] [--force]`: turn OWASP's ASVS CSV export into the
//! team checklist `.vouch/checklists/owasp-asvs.toml`.

use std::fmt::Write as _;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, anyhow, bail};

use super::{Outcome, one_line, plural};
use crate::store::asvs::{self, FRAMEWORK_ID};
use crate::store::checklist::MAX_FILE_BYTES;
use crate::store::config::Config;
use crate::store::progress::{create_atomically, write_atomically};
use crate::store::workspace::Workspace;

/// Options of `vouch import`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to import
    #[command(subcommand)]
    pub source: Source,
}

/// The formats `vouch import` reads.
#[derive(Debug, clap::Subcommand)]
pub enum Source {
    /// OWASP ASVS 5.0 from its CSV export, into .vouch/checklists/owasp-asvs.toml
    #[command(long_about = "Turn OWASP's ASVS 5.0 CSV export into the checklist \
                      .vouch/checklists/owasp-asvs.toml (framework id owasp-asvs).\n\n\
                      Columns are found by header name: chapter_id, chapter_name, section_id, \
                      section_name, req_id, req_description and L (the level a requirement \
                      first appears at). Chapters and sections become nested sections; each \
                      requirement becomes an item with its level (level = \"L2\"), its text as \
                      the guidance, unchanged, and its first sentence as the title.\n\n\
                      Ids are kept as given; bare numbers (1.2.3) get the V prefix of the \
                      ASVS 5.0 export (V1.2.3), so either spelling gives the same ids and \
                      progress survives a re-import.\n\n\
                      Nothing is written when the file has any problem; each is reported as \
                      file:line:column.")]
    Asvs(AsvsArgs),
}

/// Options of `vouch import asvs`.
#[derive(Debug, clap::Args)]
pub struct AsvsArgs {
    /// The CSV file, as OWASP publishes it for ASVS 5.0
    pub file: PathBuf,
    /// Keep requirements that first appear at this level or below
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u8).range(1..=3))]
    pub level: u8,
    /// Replace an existing .vouch/checklists/owasp-asvs.toml (progress is kept: ids stay the same)
    #[arg(long)]
    pub force: bool,
}

/// Runs the import named by `args`.
pub fn run(args: &Args, start: &Path, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    match &args.source {
        Source::Asvs(args) => run_asvs(args, start, out),
    }
}

fn run_asvs(args: &AsvsArgs, start: &Path, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let workspace = Workspace::discover(start)?;
    let shown = args.file.display().to_string();
    let size = fs::metadata(&args.file)
        .with_context(|| format!("cannot read {shown}"))?
        .len();
    if size > MAX_FILE_BYTES as u64 {
        bail!(
            "{shown} is {size} bytes, over the {MAX_FILE_BYTES} byte limit; is it the ASVS CSV export?"
        );
    }
    let bytes = fs::read(&args.file).with_context(|| format!("cannot read {shown}"))?;
    let import = asvs::read_csv(&shown, &bytes, args.level).map_err(|problems| {
        let mut text = String::new();
        for problem in &problems {
            let _ = writeln!(text, "{}", one_line(&problem.to_string()));
        }
        anyhow!(
            "{text}{} problem{} in {shown}; nothing was written",
            problems.len(),
            plural(problems.len())
        )
    })?;

    let target = workspace
        .checklists_dir()
        .join(format!("{FRAMEWORK_ID}.toml"));
    let target_shown = workspace.display_path(&target);
    let text = asvs::render_checklist(&import, &shown);
    asvs::check_rendered(&target_shown, &text).map_err(|problems| {
        let list: Vec<String> = problems.iter().map(ToString::to_string).collect();
        anyhow!(
            "the checklist made from {shown} does not pass `vouch validate`, so it was not written (a bug in vouch; please report it):\n{}",
            list.join("\n")
        )
    })?;
    if args.force {
        write_atomically(&target, text.as_bytes())
            .with_context(|| format!("cannot write {target_shown}; nothing was changed"))?;
    } else if !create_atomically(&target, text.as_bytes())
        .with_context(|| format!("cannot write {target_shown}; nothing was changed"))?
    {
        bail!(
            "{target_shown} already exists; use --force to replace it (item ids stay the same, so progress is kept)"
        );
    }

    let requirements = import.requirements.len();
    writeln!(
        out,
        "wrote {target_shown}: {requirements} requirement{} at level {} and below, in {} chapter{} and {} section{}",
        plural(requirements),
        import.max_level,
        import.chapters(),
        plural(import.chapters()),
        import.sections(),
        plural(import.sections()),
    )?;
    if import.above_level > 0 {
        writeln!(
            out,
            "  {} requirement{} above level {} left out (--level 3 keeps every one)",
            import.above_level,
            plural(import.above_level),
            import.max_level
        )?;
    }
    let config = Config::load(&workspace.config_path()).unwrap_or_default();
    if let Some(enabled) = &config.frameworks
        && !enabled.iter().any(|id| id == FRAMEWORK_ID)
    {
        writeln!(
            out,
            "note: {} enables only {}; add \"{FRAMEWORK_ID}\" to `frameworks` there to use it",
            workspace.display_path(&workspace.config_path()),
            enabled.join(", ")
        )?;
    }
    writeln!(
        out,
        "next: `vouch list --framework {FRAMEWORK_ID}`, then `vouch set ID done`"
    )?;
    Ok(Outcome::Fine)
}
