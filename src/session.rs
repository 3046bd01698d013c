//! An open workspace: settings, catalog and progress loaded together, and the one place that
//! turns an edit into a saved file. The CLI and the TUI both go through it.

use std::path::Path;

use crate::git::identity;
use crate::model::progress::Stamp;
use crate::model::{Catalog, Framework, Progress, Rename};
use crate::store::Problem;
use crate::store::config::{Config, ConfigError};
use crate::store::load::{Loaded, Sources, load_catalog, load_catalog_and_progress};
use crate::store::progress::{ProgressError, ProgressFile, SaveReport};
use crate::store::workspace::{Workspace, WorkspaceError};

/// Why a workspace could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    /// No usable workspace.
    #[error(transparent)]
    Workspace(#[from] WorkspaceError),
    /// `.vouch/config.toml` is broken.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// `.vouch/progress.toml` is broken or unreadable.
    #[error(transparent)]
    Progress(#[from] ProgressError),
}

/// Everything loaded for one run of vouch.
#[derive(Debug)]
pub struct Session {
    /// Where vouch works.
    pub workspace: Workspace,
    /// The repository's settings.
    pub config: Config,
    /// Frameworks and mappings in use.
    pub catalog: Catalog,
    /// Problems found while loading checklists; shown, not fatal.
    pub problems: Vec<Problem>,
    /// Notices from loading (a team file replacing a bundled one).
    pub notices: Vec<String>,
    /// Frameworks loaded but not enabled in the config; their progress is kept, not shown.
    pub disabled: Vec<Framework>,
    /// Progress as last loaded or saved, with entries under replaced ids carried over to the
    /// items that replace them (see [`Session::carried`]).
    pub progress: Progress,
    /// Entries found under an id that a current item replaces (`replaces` in its checklist),
    /// shown as that item's; the file moves them when the item is next saved.
    pub carried: Vec<Rename>,
    /// `Name <email>` recorded on changes.
    pub who: String,
    file: ProgressFile,
}

impl Session {
    /// Opens the workspace holding `start`: config, checklists and progress.
    pub fn open(start: &Path) -> Result<Self, SessionError> {
        let workspace = Workspace::discover(start)?;
        let config = Config::load(&workspace.config_path())?;
        let (
            Loaded {
                catalog,
                problems,
                notices,
                disabled,
            },
            progress,
        ) = load_catalog_and_progress(
            &workspace_sources(&workspace, &config),
            config.frameworks.as_deref(),
            &workspace.root,
            &workspace.progress_path(),
        );
        let (mut file, mut progress) = progress?;
        let renames = all_renames(&catalog, &disabled);
        let carried = progress.carry_over(&renames);
        file.set_renames(renames);
        let who = identity::who(&workspace.root);
        Ok(Session {
            workspace,
            config,
            catalog,
            problems,
            notices,
            disabled,
            progress,
            carried,
            who,
            file,
        })
    }

    /// Who is changing things, and now, for recording on a change.
    #[must_use]
    pub fn stamp(&self) -> Stamp {
        stamp_now(&self.who)
    }

    /// Saves the entries of `changed` from `self.progress`, merging with the file on disk.
    pub fn save(&mut self, changed: &[String]) -> Result<SaveReport, ProgressError> {
        self.file.save(&mut self.progress, changed)
    }

    /// The progress file behind this session.
    #[must_use]
    pub fn progress_file(&mut self) -> &mut ProgressFile {
        &mut self.file
    }

    /// True when some loaded checklist, enabled or not, has the item `full_id`. Progress
    /// entries for which this is false are orphans: listed as such, never deleted.
    #[must_use]
    pub fn knows(&self, full_id: &str) -> bool {
        knows(&self.catalog, &self.disabled, full_id)
    }

    /// The full id of the current item that replaces `full_id`, when a loaded checklist
    /// (enabled or not) says one does.
    #[must_use]
    pub fn replaced_by(&self, full_id: &str) -> Option<String> {
        replaced_by(&self.catalog, &self.disabled, full_id)
    }

    /// Resolves what a user typed to a full item id: an exact full id, or a bare item id that
    /// exactly one framework has. The error says what was meant, with the closest ids.
    pub fn resolve(&self, typed: &str) -> Result<String, UnknownItem> {
        resolve_id(&self.catalog, typed)
    }
}

/// An id that names no loaded item, with the closest known ids.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown item `{typed}`{}", hint(.closest, *.ambiguous))]
pub struct UnknownItem {
    /// What the user typed.
    pub typed: String,
    /// The closest known full ids.
    pub closest: Vec<String>,
    /// True when the bare id matched several frameworks.
    pub ambiguous: bool,
}

fn hint(closest: &[String], ambiguous: bool) -> String {
    match (closest.is_empty(), ambiguous) {
        (true, _) => "; see `vouch list` for the ids".to_owned(),
        (false, true) => format!(
            "; it is in several frameworks, name one: {}",
            closest.join(", ")
        ),
        (false, false) => format!("; did you mean {}?", closest.join(", ")),
    }
}

/// See [`Session::resolve`].
pub fn resolve_id(catalog: &Catalog, typed: &str) -> Result<String, UnknownItem> {
    let typed = typed.trim();
    if catalog.lookup(typed).is_some() {
        return Ok(typed.to_owned());
    }
    if !typed.contains(':') {
        let matches: Vec<String> = catalog
            .frameworks
            .iter()
            .filter(|f| f.items.iter().any(|i| i.id == typed))
            .map(|f| format!("{}:{typed}", f.id))
            .collect();
        match matches.len() {
            1 => return Ok(matches.into_iter().next().unwrap_or_default()),
            0 => {}
            _ => {
                return Err(UnknownItem {
                    typed: typed.to_owned(),
                    closest: matches,
                    ambiguous: true,
                });
            }
        }
    }
    Err(UnknownItem {
        typed: typed.to_owned(),
        closest: catalog.closest_ids(typed, 3),
        ambiguous: false,
    })
}

/// True when some loaded checklist, enabled or not, has the item `full_id`.
#[must_use]
pub fn knows(catalog: &Catalog, disabled: &[Framework], full_id: &str) -> bool {
    catalog.lookup(full_id).is_some()
        || full_id.split_once(':').is_some_and(|(framework, item)| {
            disabled
                .iter()
                .any(|f| f.id == framework && f.items.iter().any(|i| i.id == item))
        })
}

/// See [`Session::replaced_by`].
#[must_use]
pub fn replaced_by(catalog: &Catalog, disabled: &[Framework], full_id: &str) -> Option<String> {
    all_renames(catalog, disabled)
        .into_iter()
        .find(|rename| rename.old == full_id)
        .map(|rename| rename.new)
}

/// Every rename the loaded checklists declare, enabled frameworks first.
#[must_use]
pub fn all_renames(catalog: &Catalog, disabled: &[Framework]) -> Vec<Rename> {
    catalog
        .frameworks
        .iter()
        .chain(disabled)
        .flat_map(Framework::renames)
        .collect()
}

/// Loads the catalog for a workspace: bundled files, `.vouch/checklists`, configured folders.
#[must_use]
pub fn load_workspace_catalog(workspace: &Workspace, config: &Config) -> Loaded {
    let sources = workspace_sources(workspace, config);
    load_catalog(&sources, config.frameworks.as_deref(), &workspace.root)
}

/// The team's checklist files for a workspace: `.vouch/checklists` and the configured folders.
#[must_use]
pub fn workspace_sources(workspace: &Workspace, config: &Config) -> Sources {
    let mut dirs = vec![workspace.checklists_dir()];
    dirs.extend(config.checklists.iter().map(|d| workspace.root.join(d)));
    Sources::from_dirs(&dirs)
}

/// A stamp for `who` at the current time, UTC, whole seconds.
#[must_use]
pub fn stamp_now(who: &str) -> Stamp {
    let now = jiff::Timestamp::now();
    let whole = jiff::Timestamp::from_second(now.as_second()).unwrap_or(now);
    Stamp {
        by: who.to_owned(),
        at: whole.to_string(),
    }
}
