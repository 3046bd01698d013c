//! The key map: which key asks for which action in normal mode. It is data, so help is
//! generated from it and never drifts from what the keys do.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::Action;

/// A key with its modifiers, as the user presses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    /// The key.
    pub code: KeyCode,
    /// Ctrl, Alt, Shift as pressed (Shift is ignored for characters, whose case carries it).
    pub modifiers: KeyModifiers,
}

impl Key {
    const fn plain(code: KeyCode) -> Self {
        Key {
            code,
            modifiers: KeyModifiers::NONE,
        }
    }

    const fn ctrl(c: char) -> Self {
        Key {
            code: KeyCode::Char(c),
            modifiers: KeyModifiers::CONTROL,
        }
    }

    /// The key of a terminal key event, with Shift folded into characters.
    #[must_use]
    pub fn from_event(event: KeyEvent) -> Self {
        let mut modifiers = event.modifiers;
        if matches!(event.code, KeyCode::Char(_)) {
            modifiers.remove(KeyModifiers::SHIFT);
        }
        Key {
            code: event.code,
            modifiers,
        }
    }

    /// Parses a key as the user config writes it: `q`, `G`, `space`, `enter`, `esc`, `tab`,
    /// `up`, `down`, `left`, `right`, `pgup`, `pgdn`, `home`, `end`, `ctrl-x`.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        let (ctrl, rest) = match text
            .strip_prefix("ctrl-")
            .or_else(|| text.strip_prefix("C-"))
        {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let code = match rest.to_ascii_lowercase().as_str() {
            "space" => KeyCode::Char(' '),
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "pgup" | "pageup" => KeyCode::PageUp,
            "pgdn" | "pagedown" => KeyCode::PageDown,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            _ => {
                let mut chars = rest.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) if !c.is_control() => KeyCode::Char(c),
                    _ => return None,
                }
            }
        };
        Some(Key {
            code,
            modifiers: if ctrl {
                KeyModifiers::CONTROL
            } else {
                KeyModifiers::NONE
            },
        })
    }

    /// How the key is written in help and hints.
    #[must_use]
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_owned(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Up => "↑".to_owned(),
            KeyCode::Down => "↓".to_owned(),
            KeyCode::Left => "←".to_owned(),
            KeyCode::Right => "→".to_owned(),
            KeyCode::Enter => "Enter".to_owned(),
            KeyCode::Esc => "Esc".to_owned(),
            KeyCode::Tab => "Tab".to_owned(),
            KeyCode::PageUp => "PgUp".to_owned(),
            KeyCode::PageDown => "PgDn".to_owned(),
            KeyCode::Home => "Home".to_owned(),
            KeyCode::End => "End".to_owned(),
            other => format!("{other:?}"),
        };
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            format!("Ctrl-{base}")
        } else {
            base
        }
    }
}

/// One entry of the key map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    /// The keys that trigger it.
    pub keys: Vec<Key>,
    /// What they ask for.
    pub action: Action,
}

/// The normal-mode key map, in the order help lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyMap {
    /// Bindings, most used first.
    pub bindings: Vec<Binding>,
}

impl Default for KeyMap {
    fn default() -> Self {
        use KeyCode::{Char, Down, End, Enter, Esc, Home, Left, PageDown, PageUp, Right, Tab, Up};
        let bind = |keys: &[Key], action: Action| Binding {
            keys: keys.to_vec(),
            action,
        };
        let p = Key::plain;
        KeyMap {
            bindings: vec![
                bind(&[p(Char(' '))], Action::CycleStatus),
                bind(&[p(Char('x'))], Action::MarkNotApplicable),
                bind(&[p(Char('e'))], Action::EditNote),
                bind(&[p(Char('a'))], Action::AssignOwner),
                bind(&[p(Char('u'))], Action::Undo),
                bind(&[p(Char('c'))], Action::LinkCommit),
                bind(&[p(Char('f'))], Action::LinkFile),
                bind(&[p(Char('w'))], Action::LinkUrl),
                bind(&[p(Char('r'))], Action::ReconfirmEvidence),
                bind(&[p(Char('d'))], Action::ViewDiff),
                bind(&[p(Char('o'))], Action::OpenEvidence),
                bind(&[p(Char('y'))], Action::CopyEvidence),
                bind(&[p(Char('-'))], Action::UnlinkEvidence),
                bind(&[p(Char('s'))], Action::AcceptSuggestion),
                bind(&[p(Char('S'))], Action::DismissSuggestion),
                bind(&[p(Char('/'))], Action::Search),
                bind(&[p(Char('v'))], Action::NextView),
                bind(&[p(Char('C'))], Action::OpenCrosswalk),
                bind(&[p(Char('H'))], Action::ShowHistory),
                bind(&[p(Char('A'))], Action::Adopt),
                bind(&[p(Char('R'))], Action::StartReview { since: None }),
                bind(&[p(Up), p(Char('k'))], Action::MoveUp),
                bind(&[p(Down), p(Char('j'))], Action::MoveDown),
                bind(&[p(Left), p(Char('h'))], Action::FocusLeft),
                bind(&[p(Right), p(Char('l'))], Action::FocusRight),
                bind(&[p(Tab)], Action::FocusNext),
                bind(&[p(Enter)], Action::Open),
                bind(&[p(PageUp), Key::ctrl('u')], Action::PageUp),
                bind(&[p(PageDown), Key::ctrl('d')], Action::PageDown),
                bind(&[p(Home), p(Char('g'))], Action::First),
                bind(&[p(End), p(Char('G'))], Action::Last),
                bind(&[p(Char('?'))], Action::ToggleHelp),
                bind(&[p(Esc)], Action::Cancel),
                bind(&[p(Char('q')), Key::ctrl('c')], Action::Quit),
            ],
        }
    }
}

/// Why a user key map could not be applied; the defaults stay in force.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyMapError {
    /// The config names an action vouch does not have.
    #[error("unknown action `{0}` in [keys]; actions are: {1}")]
    UnknownAction(String, String),
    /// The config names a key vouch cannot read.
    #[error(
        "unknown key `{key}` for {action} in [keys]; write keys like \"q\", \"space\", \"ctrl-d\", \"pgdn\""
    )]
    UnknownKey {
        /// The action.
        action: String,
        /// The key as written.
        key: String,
    },
}

impl KeyMap {
    /// The keys of a review meeting: few, large, and the same change keys as the main screen.
    #[must_use]
    pub fn review() -> Self {
        use KeyCode::{Char, Down, Esc, Left, PageDown, PageUp, Right, Up};
        let bind = |keys: &[Key], action: Action| Binding {
            keys: keys.to_vec(),
            action,
        };
        let p = Key::plain;
        KeyMap {
            bindings: vec![
                bind(&[p(Char('n')), p(Right)], Action::ReviewNext),
                bind(&[p(Char('p')), p(Left)], Action::ReviewPrevious),
                bind(&[p(Char('s'))], Action::ReviewSkip),
                bind(&[p(Char(' '))], Action::CycleStatus),
                bind(&[p(Char('x'))], Action::MarkNotApplicable),
                bind(&[p(Char('e'))], Action::EditNote),
                bind(&[p(Char('a'))], Action::AssignOwner),
                bind(&[p(Char('u'))], Action::Undo),
                bind(&[p(Char('t'))], Action::ReviewToggleTodo),
                bind(&[p(Up), p(Char('k')), p(PageUp)], Action::MoveUp),
                bind(&[p(Down), p(Char('j')), p(PageDown)], Action::MoveDown),
                bind(&[p(Char('?'))], Action::ToggleHelp),
                bind(&[p(Char('q')), p(Esc)], Action::EndReview),
                bind(&[Key::ctrl('c')], Action::Quit),
            ],
        }
    }

    /// Applies the user's overrides (`action name -> keys`): each named action gets exactly the
    /// keys given, and those keys are taken from any other action, so no key does two things.
    /// On an error nothing is changed.
    pub fn with_overrides<'a>(
        &self,
        overrides: impl IntoIterator<Item = (&'a str, &'a [String])>,
    ) -> Result<Self, KeyMapError> {
        let mut map = self.clone();
        for (name, keys) in overrides {
            let Some(index) = map.bindings.iter().position(|b| b.action.name() == name) else {
                let names: Vec<&str> = map.bindings.iter().map(|b| b.action.name()).collect();
                return Err(KeyMapError::UnknownAction(
                    name.to_owned(),
                    names.join(", "),
                ));
            };
            let parsed = keys
                .iter()
                .map(|k| {
                    Key::parse(k).ok_or_else(|| KeyMapError::UnknownKey {
                        action: name.to_owned(),
                        key: k.clone(),
                    })
                })
                .collect::<Result<Vec<Key>, _>>()?;
            for binding in &mut map.bindings {
                binding.keys.retain(|k| !parsed.contains(k));
            }
            map.bindings[index].keys = parsed;
        }
        Ok(map)
    }

    /// The action a key asks for in normal mode.
    #[must_use]
    pub fn action_for(&self, key: Key) -> Option<Action> {
        self.bindings
            .iter()
            .find(|b| b.keys.contains(&key))
            .map(|b| b.action.clone())
    }

    /// The keys bound to an action, written as in help (`↑/k`).
    #[must_use]
    pub fn keys_for(&self, action: &Action) -> String {
        self.bindings
            .iter()
            .find(|b| &b.action == action)
            .map(|b| b.keys.iter().map(Key::label).collect::<Vec<_>>().join("/"))
            .unwrap_or_default()
    }

    /// Help lines: keys and what they do, one per binding, in key-map order.
    #[must_use]
    pub fn help_lines(&self) -> Vec<(String, &'static str)> {
        self.bindings
            .iter()
            .map(|b| (self.keys_for(&b.action), b.action.help()))
            .collect()
    }
}

impl Action {
    /// The name used for the action in the user config's `[keys]` table: the variant's name.
    #[must_use]
    pub fn name(&self) -> &'static str {
        match self {
            Action::MoveUp => "MoveUp",
            Action::MoveDown => "MoveDown",
            Action::PageUp => "PageUp",
            Action::PageDown => "PageDown",
            Action::First => "First",
            Action::Last => "Last",
            Action::FocusRight => "FocusRight",
            Action::FocusLeft => "FocusLeft",
            Action::FocusNext => "FocusNext",
            Action::Open => "Open",
            Action::CycleStatus => "CycleStatus",
            Action::MarkNotApplicable => "MarkNotApplicable",
            Action::EditNote => "EditNote",
            Action::AssignOwner => "AssignOwner",
            Action::ReconfirmEvidence => "ReconfirmEvidence",
            Action::ViewDiff => "ViewDiff",
            Action::OpenEvidence => "OpenEvidence",
            Action::CopyEvidence => "CopyEvidence",
            Action::UnlinkEvidence => "UnlinkEvidence",
            Action::LinkCommit => "LinkCommit",
            Action::LinkFile => "LinkFile",
            Action::LinkUrl => "LinkUrl",
            Action::NextView => "NextView",
            Action::AcceptSuggestion => "AcceptSuggestion",
            Action::DismissSuggestion => "DismissSuggestion",
            Action::OpenCrosswalk => "OpenCrosswalk",
            Action::ShowHistory => "ShowHistory",
            Action::Adopt => "Adopt",
            Action::StartReview { .. } => "StartReview",
            Action::ReviewNext => "ReviewNext",
            Action::ReviewPrevious => "ReviewPrevious",
            Action::ReviewSkip => "ReviewSkip",
            Action::ReviewToggleTodo => "ReviewToggleTodo",
            Action::EndReview => "EndReview",
            Action::Search => "Search",
            Action::ClearSearch => "ClearSearch",
            Action::Undo => "Undo",
            Action::ToggleHelp => "ToggleHelp",
            Action::Cancel => "Cancel",
            Action::Quit => "Quit",
            Action::ClickTree(_) => "ClickTree",
            Action::ClickItem { .. } => "ClickItem",
            Action::ClickDetail => "ClickDetail",
            Action::Wheel { .. } => "Wheel",
            Action::Input(_) => "Input",
            Action::Submit => "Submit",
            Action::Resize { .. } => "Resize",
            Action::Git(_) => "Git",
            Action::Saved(_) => "Saved",
        }
    }

    /// One line saying what the action does, for help and hints.
    #[must_use]
    pub fn help(&self) -> &'static str {
        match self {
            Action::MoveUp => "move up",
            Action::MoveDown => "move down",
            Action::PageUp => "page up",
            Action::PageDown => "page down",
            Action::First => "go to the first row",
            Action::Last => "go to the last row",
            Action::FocusRight => "focus the pane to the right",
            Action::FocusLeft => "focus the pane to the left",
            Action::FocusNext => "cycle focus: tree, items, detail",
            Action::Open => "open the section's items, or the item's detail",
            Action::CycleStatus => "cycle status: todo, in progress, done",
            Action::MarkNotApplicable => "mark n/a (asks why)",
            Action::EditNote => "edit the note: why the evidence supports the item",
            Action::AssignOwner => "assign an owner (me for you; empty clears)",
            Action::ReconfirmEvidence => "re-confirm the selected file evidence at HEAD",
            Action::ViewDiff => "show what changed in the selected file since linking",
            Action::OpenEvidence => "open the selected file in $EDITOR at its first line",
            Action::CopyEvidence => "copy the selected evidence (commit id, path, URL)",
            Action::UnlinkEvidence => "remove the selected evidence (u undoes)",
            Action::LinkCommit => "link a commit as evidence (searchable history)",
            Action::LinkFile => "link a tracked file, optionally lines, as evidence",
            Action::LinkUrl => "link a web address as evidence",
            Action::Git(_) => "git answered",
            Action::NextView => "next saved view (mine, open, stale, ...; then all)",
            Action::AcceptSuggestion => "link the suggested evidence found in the repository",
            Action::DismissSuggestion => "dismiss the suggestion for good (recorded with who)",
            Action::OpenCrosswalk => "crosswalk: what other frameworks cover here (derived)",
            Action::ShowHistory => "history of the item: every committed change, who and when",
            Action::Adopt => "adopt the status of the strongest settled mapped item",
            Action::StartReview { .. } => "start a review meeting: one agenda item per screen",
            Action::ReviewNext => "next agenda item",
            Action::ReviewPrevious => "previous agenda item",
            Action::ReviewSkip => "skip this item for now",
            Action::ReviewToggleTodo => "add or remove not-started items on the agenda",
            Action::EndReview => "end the meeting and show what changed (again to leave)",
            Action::Search => "search ids and titles in every framework",
            Action::ClearSearch => "clear the search",
            Action::Undo => "undo the last change (again for earlier ones)",
            Action::ToggleHelp => "show or hide this help",
            Action::Cancel => "close the box or help, or clear the search",
            Action::Quit => "quit (every change is already saved)",
            Action::ClickTree(_) | Action::ClickItem { .. } | Action::ClickDetail => {
                "click to select and focus; click a status mark to cycle it"
            }
            Action::Wheel { .. } => "scroll with the mouse wheel",
            Action::Input(_) => "edit text",
            Action::Submit => "confirm",
            Action::Resize { .. } => "resize",
            Action::Saved(_) => "saved",
        }
    }

    /// A short word for the hint bar.
    #[must_use]
    pub fn hint(&self) -> &'static str {
        match self {
            Action::CycleStatus => "status",
            Action::MarkNotApplicable => "n/a",
            Action::EditNote => "note",
            Action::Undo => "undo",
            Action::LinkCommit => "commit",
            Action::LinkFile => "file",
            Action::Search => "search",
            Action::NextView => "view",
            Action::OpenCrosswalk => "crosswalk",
            Action::StartReview { .. } => "review",
            Action::ReviewNext => "next",
            Action::ReviewPrevious => "previous",
            Action::ReviewSkip => "skip",
            Action::EndReview => "end",
            Action::ToggleHelp => "help",
            Action::Quit => "quit",
            _ => "",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_binding_has_help_and_no_key_is_bound_twice() {
        let map = KeyMap::default();
        let mut seen = Vec::new();
        for binding in &map.bindings {
            assert!(!binding.action.help().is_empty());
            for key in &binding.keys {
                assert!(!seen.contains(key), "{key:?} bound twice");
                seen.push(*key);
            }
        }
    }

    #[test]
    fn shift_is_folded_into_characters() {
        let map = KeyMap::default();
        let event = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(map.action_for(Key::from_event(event)), Some(Action::Last));
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(map.action_for(Key::from_event(ctrl_c)), Some(Action::Quit));
    }

    #[test]
    fn user_overrides_rebind_actions_and_free_their_keys() {
        let keys = vec!["t".to_owned(), "space".to_owned()];
        let quit = vec!["ctrl-q".to_owned()];
        let map = KeyMap::default()
            .with_overrides([("CycleStatus", keys.as_slice()), ("Quit", quit.as_slice())])
            .unwrap();
        let t = Key::parse("t").unwrap();
        assert_eq!(map.action_for(t), Some(Action::CycleStatus));
        assert_eq!(
            map.action_for(Key::parse("q").unwrap()),
            None,
            "q no longer quits"
        );
        assert_eq!(
            map.action_for(Key::parse("ctrl-q").unwrap()),
            Some(Action::Quit)
        );
        assert_eq!(map.keys_for(&Action::CycleStatus), "t/Space");
    }

    #[test]
    fn bad_overrides_are_refused_and_name_what_is_wrong() {
        let keys = vec!["t".to_owned()];
        let err = KeyMap::default()
            .with_overrides([("Cycle", keys.as_slice())])
            .unwrap_err();
        assert!(err.to_string().contains("unknown action `Cycle`"));
        let bad = vec!["hyper-x".to_owned()];
        let err = KeyMap::default()
            .with_overrides([("Quit", bad.as_slice())])
            .unwrap_err();
        assert!(err.to_string().contains("unknown key `hyper-x`"));
    }

    #[test]
    fn help_lines_name_the_keys() {
        let lines = KeyMap::default().help_lines();
        assert!(lines.contains(&("↑/k".to_owned(), "move up")));
        assert!(lines.contains(&("Space".to_owned(), "cycle status: todo, in progress, done")));
    }
}
