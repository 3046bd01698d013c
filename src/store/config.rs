//! `.vouch/config.toml`: which frameworks are enabled and where the team's checklists live.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::location::{Locator, Problem};

/// The repository's vouch settings. Every key is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Framework ids to show; all loaded frameworks when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frameworks: Option<Vec<String>>,
    /// Extra folders of checklist files, relative to the repository root.
    /// `.vouch/checklists` is always read.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checklists: Vec<String>,
    /// Saved views of the item list, by name; vouch offers "mine", "open" and "stale" when
    /// there are none.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub views: std::collections::BTreeMap<String, ViewConfig>,
}

/// One saved view as the config writes it: `[views.mine]` with `owner = "me"`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ViewConfig {
    /// Only items this person owns; `me` is whoever runs vouch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Only items at these statuses (todo, in-progress, done, n/a).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub status: Vec<String>,
    /// Only items whose evidence is stale or missing.
    #[serde(default)]
    pub stale: bool,
}

/// Why the config could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file exists but could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The config file.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
    /// The file is not valid.
    #[error("{0}")]
    Invalid(Problem),
}

impl Config {
    /// The saved views, in name order, or the defaults when the config has none. An unknown
    /// status word is an error naming the view.
    pub fn views(&self) -> Result<Vec<crate::model::view::View>, String> {
        if self.views.is_empty() {
            return Ok(crate::model::view::View::defaults());
        }
        self.views
            .iter()
            .map(|(name, spec)| {
                let statuses = spec
                    .status
                    .iter()
                    .map(|word| {
                        crate::model::Status::parse(word).ok_or_else(|| {
                            format!("view `{name}` in .vouch/config.toml has unknown status `{word}`; use todo, in-progress, done or n/a")
                        })
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(crate::model::view::View {
                    name: name.clone(),
                    owner: spec.owner.clone(),
                    statuses,
                    stale: spec.stale,
                })
            })
            .collect()
    }

    /// Reads the config at `path`; a missing file is the default config.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let text = match fs::read_to_string(path) {
            Ok(text) => text,
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(source) => {
                return Err(ConfigError::Read {
                    path: path.to_owned(),
                    source,
                });
            }
        };
        Self::parse(&path.display().to_string(), &text)
    }

    /// Parses config text reported under the name `file`.
    pub fn parse(file: &str, text: &str) -> Result<Self, ConfigError> {
        toml::from_str(text).map_err(|err| {
            ConfigError::Invalid(
                Locator::new(file, text).problem(err.span(), err.message().trim_end().to_owned()),
            )
        })
    }

    /// The text `vouch init` writes: the settings, with comments saying what each does.
    #[must_use]
    pub fn render_new(&self) -> String {
        let mut out = String::from(
            "# vouch settings for this repository.\n\
             # frameworks: the framework ids to show (see `vouch frameworks`); all when absent.\n\
             # checklists: extra folders of checklist files; .vouch/checklists is always read.\n",
        );
        match &self.frameworks {
            Some(ids) => {
                let quoted: Vec<String> = ids.iter().map(|id| format!("{id:?}")).collect();
                let _ = writeln!(out, "frameworks = [{}]", quoted.join(", "));
            }
            None => out.push_str("# frameworks = [\"uk-sscop\", \"nist-ssdf\"]\n"),
        }
        out.push_str(
            "# Saved views of the item list (the v key cycles them); without any, vouch offers\n\
             # mine, open and stale. For example:\n\
             # [views.mine]\n\
             # owner = \"me\"\n\
             # [views.open]\n\
             # status = [\"todo\", \"in-progress\"]\n",
        );
        if !self.checklists.is_empty() {
            let quoted: Vec<String> = self.checklists.iter().map(|d| format!("{d:?}")).collect();
            let _ = writeln!(out, "checklists = [{}]", quoted.join(", "));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rendered_config_reads_back() {
        let config = Config {
            frameworks: Some(vec!["uk-sscop".into(), "nist-ssdf".into()]),
            checklists: vec!["policies".into()],
            views: std::collections::BTreeMap::new(),
        };
        assert_eq!(Config::parse("c", &config.render_new()).unwrap(), config);
        assert_eq!(
            Config::parse("c", &Config::default().render_new()).unwrap(),
            Config::default()
        );
    }

    #[test]
    fn saved_views_read_from_the_config_and_default_when_absent() {
        let config = Config::parse(
            "c",
            "[views.mine]\nowner = \"me\"\n[views.todo]\nstatus = [\"todo\"]\n",
        )
        .unwrap();
        let views = config.views().unwrap();
        assert_eq!(
            views.iter().map(|v| v.name.as_str()).collect::<Vec<_>>(),
            ["mine", "todo"]
        );
        assert_eq!(views[1].statuses, vec![crate::model::Status::Todo]);
        assert_eq!(Config::default().views().unwrap().len(), 3);
        let bad = Config::parse("c", "[views.x]\nstatus = [\"finished\"]\n").unwrap();
        assert!(
            bad.views()
                .unwrap_err()
                .contains("unknown status `finished`")
        );
    }

    #[test]
    fn unknown_keys_are_reported_with_their_position() {
        let err =
            Config::parse(".vouch/config.toml", "frameworks = []\nframewroks = 1\n").unwrap_err();
        let message = err.to_string();
        assert!(message.starts_with(".vouch/config.toml:2:1:"), "{message}");
        assert!(message.contains("framewroks"), "{message}");
    }
}
