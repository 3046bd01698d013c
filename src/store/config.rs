//! `.vouch/config.toml`: which frameworks are enabled, where the team's checklists live, how
//! long an `n/a` holds, and the policy `vouch check` enforces.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::location::{Locator, Problem};
use crate::model::Status;
use crate::model::review::{DEFAULT_DUE_WITHIN_DAYS, DEFAULT_NA_VALID_FOR_MONTHS, ReviewTerms};

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
    /// `[review]`: how long an `n/a` holds before it is due for review.
    #[serde(default, skip_serializing_if = "ReviewConfig::is_default")]
    pub review: ReviewConfig,
    /// `[check]`: the policy `vouch check` enforces; absent means only the defaults.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check: Option<CheckPolicy>,
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

/// `[review]` in the config.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewConfig {
    /// Months an `n/a` holds when it is set without `--review-by`.
    #[serde(default = "default_na_valid_for_months")]
    pub na_valid_for_months: u32,
    /// Days before its review date that an `n/a` shows as due (`vouch list --due`).
    #[serde(default = "default_due_within_days")]
    pub due_within_days: u32,
}

impl Default for ReviewConfig {
    fn default() -> Self {
        ReviewConfig {
            na_valid_for_months: DEFAULT_NA_VALID_FOR_MONTHS,
            due_within_days: DEFAULT_DUE_WITHIN_DAYS,
        }
    }
}

impl ReviewConfig {
    #[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
    fn is_default(&self) -> bool {
        *self == ReviewConfig::default()
    }

    /// The terms the model's review rules take.
    #[must_use]
    pub fn terms(&self) -> ReviewTerms {
        ReviewTerms {
            valid_for_months: self.na_valid_for_months,
            due_within_days: self.due_within_days,
        }
    }
}

fn default_na_valid_for_months() -> u32 {
    DEFAULT_NA_VALID_FOR_MONTHS
}

fn default_due_within_days() -> u32 {
    DEFAULT_DUE_WITHIN_DAYS
}

fn yes() -> bool {
    true
}

/// `[check]` in the config: what `vouch check` requires.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CheckPolicy {
    /// Items, sections or frameworks that must reach a status.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub require: Vec<Requirement>,
    /// Fail when evidence is stale or missing.
    #[serde(default)]
    pub fail_on_stale: bool,
    /// Fail when an `n/a` is past its review date (on unless set to false).
    #[serde(default = "yes")]
    pub fail_on_expired_na: bool,
    /// Lowest whole percent done (of applicable items) per framework id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub min_coverage: BTreeMap<String, Percent>,
}

impl Default for CheckPolicy {
    fn default() -> Self {
        CheckPolicy {
            require: Vec::new(),
            fail_on_stale: false,
            fail_on_expired_na: true,
            min_coverage: BTreeMap::new(),
        }
    }
}

/// One entry of `[check] require`: exactly one of `item`, `section` or `framework`, each a
/// full id (`uk-sscop:3.2-C1`, `uk-sscop:1.4`, `uk-sscop`), and the status it needs.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    /// A full item id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// A section as `framework:section`; every item at or below it must reach the status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// A framework id; every item in it must reach the status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub framework: Option<String>,
    /// The status needed; `done` when absent.
    #[serde(default = "StatusWord::done")]
    pub status: StatusWord,
}

/// A status word in the config, checked while reading so a typo is reported at its place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(try_from = "String", into = "String")]
pub struct StatusWord(pub Status);

impl StatusWord {
    fn done() -> Self {
        StatusWord(Status::Done)
    }
}

impl TryFrom<String> for StatusWord {
    type Error = String;

    fn try_from(word: String) -> Result<Self, String> {
        Status::parse(&word)
            .map(StatusWord)
            .ok_or_else(|| format!("unknown status `{word}`; use todo, in-progress, done or n/a"))
    }
}

impl From<StatusWord> for String {
    fn from(word: StatusWord) -> String {
        word.0.as_str().to_owned()
    }
}

/// A whole percent, 0 to 100, checked while reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(try_from = "i64", into = "i64")]
pub struct Percent(pub u8);

impl TryFrom<i64> for Percent {
    type Error = String;

    fn try_from(value: i64) -> Result<Self, String> {
        u8::try_from(value)
            .ok()
            .filter(|v| *v <= 100)
            .map(Percent)
            .ok_or_else(|| format!("{value} is not a percent; use a whole number from 0 to 100"))
    }
}

impl From<Percent> for i64 {
    fn from(percent: Percent) -> i64 {
        i64::from(percent.0)
    }
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
            ..Config::default()
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

    #[test]
    fn review_terms_and_check_policy_are_read_with_defaults() {
        let text = r#"
frameworks = ["uk-sscop"]

[review]
na_valid_for_months = 6

[check]
require = [
  { item = "uk-sscop:3.2-C1", status = "done" },
  { section = "uk-sscop:1.4" },
]
fail_on_stale = true
min_coverage = { "uk-sscop" = 80 }
"#;
        let config = Config::parse("c", text).unwrap();
        assert_eq!(config.review.na_valid_for_months, 6);
        assert_eq!(config.review.due_within_days, DEFAULT_DUE_WITHIN_DAYS);
        let check = config.check.unwrap();
        assert_eq!(check.require.len(), 2);
        assert_eq!(check.require[1].section.as_deref(), Some("uk-sscop:1.4"));
        assert_eq!(check.require[1].status, StatusWord(Status::Done));
        assert!(check.fail_on_stale);
        assert!(check.fail_on_expired_na, "on unless switched off");
        assert_eq!(check.min_coverage["uk-sscop"], Percent(80));
    }

    #[test]
    fn policy_mistakes_are_reported_at_their_place() {
        let bad_status = "[check]\nrequire = [{ item = \"a:1\", status = \"finished\" }]\n";
        let message = Config::parse("c.toml", bad_status).unwrap_err().to_string();
        assert!(message.starts_with("c.toml:2:"), "{message}");
        assert!(message.contains("unknown status `finished`"), "{message}");

        let bad_percent = "[check]\nmin_coverage = { a = 120 }\n";
        let message = Config::parse("c.toml", bad_percent)
            .unwrap_err()
            .to_string();
        assert!(message.contains("120 is not a percent"), "{message}");

        let unknown = "[review]\nna_valid_for = 3\n";
        let message = Config::parse("c.toml", unknown).unwrap_err().to_string();
        assert!(message.starts_with("c.toml:2:1:"), "{message}");
        assert!(message.contains("na_valid_for"), "{message}");
    }
}
