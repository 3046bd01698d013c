//! The user's own settings, in the platform's config folder (`~/.config/vouch/config.toml` on
//! Linux): theme and key map overrides. A broken file never stops vouch: it starts with the
//! defaults and says what was wrong.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::location::Locator;

/// Settings a person carries across repositories.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserConfig {
    /// `default`, `high-contrast` (for projectors) or `no-color`.
    #[serde(default)]
    pub theme: Option<String>,
    /// Action name (as the `Action` enum names it) to the keys that trigger it.
    #[serde(default)]
    pub keys: BTreeMap<String, Vec<String>>,
}

/// Where the user config lives: `$VOUCH_CONFIG` when set, else the platform's config folder.
#[must_use]
pub fn user_config_path() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("VOUCH_CONFIG").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(path));
    }
    directories::ProjectDirs::from("", "", "vouch")
        .map(|dirs| dirs.config_dir().join("config.toml"))
}

impl UserConfig {
    /// Reads the user config; a missing file is the default. The error is a sentence naming the
    /// file, line and column.
    pub fn load(path: &Path) -> Result<Self, String> {
        let text = match fs::read_to_string(path) {
            Ok(text) => text,
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(UserConfig::default()),
            Err(err) => return Err(format!("cannot read {}: {err}", path.display())),
        };
        let name = path.display().to_string();
        toml::from_str(&text).map_err(|err| {
            Locator::new(&name, &text)
                .problem(err.span(), err.message().trim_end().to_owned())
                .to_string()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_file_is_the_default_and_a_good_one_reads() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        assert_eq!(UserConfig::load(&path).unwrap(), UserConfig::default());
        fs::write(
            &path,
            "theme = \"high-contrast\"\n[keys]\nCycleStatus = [\"t\"]\n",
        )
        .unwrap();
        let config = UserConfig::load(&path).unwrap();
        assert_eq!(config.theme.as_deref(), Some("high-contrast"));
        assert_eq!(config.keys["CycleStatus"], vec!["t"]);
    }

    #[test]
    fn a_broken_file_names_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        fs::write(&path, "theme = \"dark\"\ncolour = 1\n").unwrap();
        let err = UserConfig::load(&path).unwrap_err();
        assert!(err.contains("config.toml:2:1"), "{err}");
    }
}
