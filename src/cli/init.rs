//! `vouch init`: create `.vouch/` with a config and an empty progress file. Running it again
//! changes nothing, and says so.

use std::io::Write;
use std::path::Path;

use anyhow::{anyhow, bail};

use super::{Outcome, framework_hint};
use crate::git::merge_driver::{self, DRIVER_COMMAND};
use crate::session::load_workspace_catalog;
use crate::store::config::Config;
use crate::store::gitattributes::{MERGE_LINE, add_merge_line};
use crate::store::progress::{create_atomically, create_empty};
use crate::store::workspace::Workspace;

/// Options of `vouch init`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Frameworks to enable, comma-separated (see `vouch frameworks`); all when not given
    #[arg(long, value_delimiter = ',', value_name = "ID,ID")]
    pub frameworks: Option<Vec<String>>,
    /// Also register vouch as git's merge driver for .vouch/progress.toml: a line in
    /// .gitattributes (commit it) and merge.vouch.* in this repository's git config (each clone
    /// runs this once)
    #[arg(long)]
    pub merge_driver: bool,
}

/// Creates what is missing of `.vouch/config.toml` and `.vouch/progress.toml`.
pub fn run(args: &Args, start: &Path, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let workspace = Workspace::discover(start)?;
    if args.merge_driver && !workspace.in_git {
        bail!(
            "--merge-driver needs a git repository, and {} is not in one; nothing was created",
            workspace.root.display()
        );
    }
    let frameworks = args
        .frameworks
        .as_ref()
        .map(|ids| checked_frameworks(&workspace, ids))
        .transpose()?;

    let config_path = workspace.config_path();
    let progress_path = workspace.progress_path();
    let shown_config = workspace.display_path(&config_path);
    let shown_progress = workspace.display_path(&progress_path);
    let config = Config {
        frameworks: frameworks.clone(),
        ..Config::default()
    };
    let config_created = create_atomically(&config_path, config.render_new().as_bytes())
        .map_err(|err| {
            anyhow!("cannot create {shown_config}: {err}; nothing was changed on disk (check that the folder is writable)")
        })?;
    let progress_created = create_empty(&progress_path)?;

    if !config_created && !progress_created {
        writeln!(
            out,
            "vouch is already set up in {}: {shown_config} and {shown_progress} exist; nothing changed",
            workspace.root.display()
        )?;
    } else {
        let place = if workspace.in_git {
            "in the git repository"
        } else {
            "outside git (evidence is limited to files and URLs)"
        };
        writeln!(out, "set up vouch {place} at {}", workspace.root.display())?;
        if config_created {
            let enabled = frameworks.as_ref().map_or_else(
                || "all frameworks enabled".to_owned(),
                |ids| format!("enabled: {}", ids.join(", ")),
            );
            writeln!(out, "  created {shown_config} ({enabled})")?;
        } else {
            writeln!(out, "  kept {shown_config}, which already exists")?;
        }
        if progress_created {
            writeln!(out, "  created {shown_progress}")?;
        } else {
            writeln!(out, "  kept {shown_progress}, which already exists")?;
        }
        if workspace.in_git {
            writeln!(
                out,
                "commit .vouch/ so the team shares the settings and progress"
            )?;
        }
    }
    if args.merge_driver {
        register_merge_driver(&workspace, out)?;
    }
    if !config_created && frameworks.is_some() {
        eprintln!(
            "note: --frameworks was not applied because {shown_config} already exists; edit its `frameworks` list instead"
        );
    }
    Ok(Outcome::Fine)
}

/// Adds the `.gitattributes` line and the git config entries that make git merge
/// `progress.toml` with `vouch merge-driver`, saying what changed.
fn register_merge_driver(workspace: &Workspace, out: &mut dyn Write) -> anyhow::Result<()> {
    let attributes_added = add_merge_line(&workspace.root).map_err(|err| {
        anyhow!("cannot update .gitattributes: {err}; the merge driver was not registered")
    })?;
    let config_changed = merge_driver::register(&workspace.root)?;
    if attributes_added {
        writeln!(
            out,
            "  added `{MERGE_LINE}` to .gitattributes (commit it so the whole team merges per item)"
        )?;
    }
    if config_changed {
        writeln!(
            out,
            "  set merge.vouch.driver = \"{DRIVER_COMMAND}\" in this repository's git config"
        )?;
    }
    if !attributes_added && !config_changed {
        writeln!(
            out,
            "the vouch merge driver is already registered; nothing changed"
        )?;
    }
    Ok(())
}

/// The requested framework ids, without repeats, after checking each is loaded (bundled or in
/// the team's checklist folder).
fn checked_frameworks(workspace: &Workspace, ids: &[String]) -> anyhow::Result<Vec<String>> {
    let loaded = load_workspace_catalog(workspace, &Config::default());
    let mut wanted: Vec<String> = Vec::new();
    for id in ids.iter().map(|id| id.trim()) {
        if loaded.catalog.framework(id).is_none() {
            bail!(
                "unknown framework `{}` in --frameworks, so nothing was created{}",
                super::one_line(id),
                framework_hint(&loaded.catalog, id)
            );
        }
        if !wanted.iter().any(|w| w == id) {
            wanted.push(id.to_owned());
        }
    }
    Ok(wanted)
}
