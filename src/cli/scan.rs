//! `vouch scan [--since REV]`: link the commits whose messages carry `Vouch: <id>` trailers.
//! Repeat scans remember where they stopped (a cache in the git folder) and are idempotent.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;

use super::{Outcome, one_line, open_repo, open_session};
use crate::git::trailers::{default_cache_path, scan_trailers};
use crate::model::EditError;
use crate::model::progress::Evidence;

/// Options of `vouch scan`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only commits after this revision (a tag, branch or commit)
    #[arg(long, value_name = "REV")]
    pub since: Option<String>,
}

/// Scans, links new trailer commits, saves once, and prints a summary; unknown ids go to
/// stderr and are not linked.
pub fn run(args: &Args, start: &Path, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let mut session = open_session(start)?;
    let repo = open_repo(&session, "scan commits")?;
    let cache = default_cache_path(&repo);
    let found = scan_trailers(&repo, args.since.as_deref(), Some(&cache))?;
    let stamp = session.stamp();
    let mut changed = BTreeSet::new();
    let (mut linked, mut already) = (0, 0);
    let mut unknown = Vec::new();
    for link in &found.links {
        let Ok(id) = session.resolve(&link.item) else {
            unknown.push(format!(
                "{} in {}",
                one_line(&link.item),
                &link.commit[..link.commit.len().min(12)]
            ));
            continue;
        };
        let evidence = Evidence::Commit {
            id: link.commit.clone(),
        };
        match session.progress.link(&id, evidence, &stamp) {
            Ok(_) => {
                linked += 1;
                changed.insert(id);
            }
            Err(EditError::AlreadyLinked { .. }) => already += 1,
            Err(err) => return Err(err.into()),
        }
    }
    if !changed.is_empty() {
        let ids: Vec<String> = changed.iter().cloned().collect();
        session.save(&ids)?;
    }
    writeln!(
        out,
        "scanned {} commit{}: linked {linked} commit{} to {} item{}, {already} already linked",
        found.walked,
        if found.walked == 1 { "" } else { "s" },
        if linked == 1 { "" } else { "s" },
        changed.len(),
        if changed.len() == 1 { "" } else { "s" },
    )?;
    for id in &changed {
        writeln!(out, "  {}", one_line(id))?;
    }
    if !unknown.is_empty() {
        eprintln!(
            "warning: {} trailer id{} name no item and were not linked: {}",
            unknown.len(),
            if unknown.len() == 1 { "" } else { "s" },
            unknown.join(", ")
        );
    }
    Ok(Outcome::Fine)
}
