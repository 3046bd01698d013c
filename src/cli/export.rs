//! `vouch export --format F [-o FILE]`: reports for people and tools, on stdout or written
//! atomically to a file.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use super::{Outcome, open_session, report_context};
use crate::report;
use crate::store::progress::write_atomically;

/// Options of `vouch export`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to produce
    #[arg(long, value_enum)]
    pub format: Format,
    /// Write to this file (atomically) instead of stdout
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// The export formats.
// The doc comments are `--help` text, where backticks would show.
#[allow(clippy::doc_markdown)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// An audit or meeting pack per framework and section, evidence linked to the forge.
    Markdown,
    /// Everything recorded, for tools (docs/export-json.md).
    Json,
    /// One row per item, for spreadsheets.
    Csv,
    /// NIST OSCAL assessment results (JSON).
    Oscal,
    /// Items as JUnit test cases for CI dashboards: done passes, n/a is skipped.
    Junit,
    /// The customer-facing self-assessment for the UK Software Security Code of Practice.
    Assurance,
}

/// Builds the report and prints or writes it.
pub fn run(args: &Args, start: &Path, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let session = open_session(start)?;
    let context = report_context(&session);
    let (catalog, progress) = (&session.catalog, &session.progress);
    let text = match args.format {
        Format::Markdown => report::markdown::render(catalog, progress, &context),
        Format::Json => report::json::render(catalog, progress, &context)?,
        Format::Csv => report::csv::render(catalog, progress, &context)?,
        Format::Oscal => report::oscal::render(catalog, progress, &context)?,
        Format::Junit => report::junit::render(catalog, progress, &context),
        Format::Assurance => report::assurance::render(catalog, progress, &context)?,
    };
    match &args.output {
        None => out.write_all(text.as_bytes())?,
        Some(file) => {
            let path = start.join(file);
            write_atomically(&path, text.as_bytes()).with_context(|| {
                format!("cannot write {}; nothing was written there", file.display())
            })?;
            eprintln!("wrote {}", file.display());
        }
    }
    Ok(Outcome::Fine)
}
