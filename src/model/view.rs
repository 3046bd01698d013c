//! Saved views: named filters over the item list ("mine", "open", "stale"), kept in
//! `.vouch/config.toml` so a team shares them, switched with one key.

use std::collections::HashSet;

use super::progress::{Progress, Status, owner_matches};

/// A named filter. An item is shown when it passes every condition that is set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct View {
    /// The name shown in the item list's title.
    pub name: String,
    /// Only items this person owns; `me` means the person using vouch.
    pub owner: Option<String>,
    /// Only items at one of these statuses; all when empty.
    pub statuses: Vec<Status>,
    /// Only items with stale or missing evidence.
    pub stale: bool,
}

impl View {
    /// The views offered when the config defines none.
    #[must_use]
    pub fn defaults() -> Vec<View> {
        vec![
            View {
                name: "mine".into(),
                owner: Some("me".into()),
                statuses: Vec::new(),
                stale: false,
            },
            View {
                name: "open".into(),
                owner: None,
                statuses: vec![Status::Todo, Status::InProgress],
                stale: false,
            },
            View {
                name: "stale".into(),
                owner: None,
                statuses: Vec::new(),
                stale: true,
            },
        ]
    }

    /// Whether an item passes the view. `who` is what `me` means; `attention` holds the ids
    /// whose evidence is stale or missing.
    #[must_use]
    pub fn shows(
        &self,
        full_id: &str,
        progress: &Progress,
        who: &str,
        attention: &HashSet<String>,
    ) -> bool {
        if let Some(wanted) = &self.owner {
            let wanted = if wanted == "me" { who } else { wanted.as_str() };
            let owner = progress.get(full_id).and_then(|e| e.owner.as_deref());
            if !owner.is_some_and(|owner| owner_matches(owner, wanted)) {
                return false;
            }
        }
        if !self.statuses.is_empty() && !self.statuses.contains(&progress.status(full_id)) {
            return false;
        }
        !self.stale || attention.contains(full_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::progress::Stamp;

    #[test]
    fn views_filter_by_owner_status_and_attention() {
        let stamp = Stamp {
            by: "Ada <ada@example.com>".into(),
            at: "2026-11-27T00:00:00Z".into(),
        };
        let mut progress = Progress::default();
        progress.assign("a:1", Some("Ada <ada@example.com>"), &stamp);
        progress
            .set_status("a:2", Status::Done, None, &stamp)
            .unwrap();
        let [mine, open, stale] = <[View; 3]>::try_from(View::defaults()).unwrap();
        let none = HashSet::new();
        assert!(mine.shows("a:1", &progress, "Ada <ada@example.com>", &none));
        assert!(!mine.shows("a:2", &progress, "Ada <ada@example.com>", &none));
        assert!(open.shows("a:1", &progress, "", &none));
        assert!(!open.shows("a:2", &progress, "", &none));
        let attention: HashSet<String> = ["a:2".to_owned()].into();
        assert!(stale.shows("a:2", &progress, "", &attention));
        assert!(!stale.shows("a:1", &progress, "", &attention));
    }
}
