//! The state the TUI shows: catalog and progress, what is selected, and the open box.

use std::collections::HashMap;

use tui_input::Input;

use super::keymap::KeyMap;
use crate::model::progress::ItemProgress;
use crate::model::{Catalog, Coverage, Framework, ItemRef, Progress};

/// Which pane takes the movement keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// Frameworks and sections.
    Tree,
    /// The items of the selected node, or the search results.
    Items,
    /// The selected item's detail.
    Detail,
}

/// What the keys currently do.
#[derive(Debug, Clone)]
pub enum Mode {
    /// Moving around and changing items.
    Normal,
    /// The help overlay is open.
    Help,
    /// Typing a search; results update as you type.
    Search(Input),
    /// Writing an item's note.
    Note {
        /// The item being edited.
        id: String,
        /// The text box.
        input: Input,
    },
    /// Choosing a commit to link.
    CommitPicker(super::pickers::CommitPicker),
    /// Choosing a file (and lines) to link.
    FilePicker(super::pickers::FilePicker),
    /// Typing a web address to link.
    Url {
        /// The item the address will be linked to.
        id: String,
        /// The text box.
        input: Input,
    },
    /// Naming an item's owner.
    Owner {
        /// The item.
        id: String,
        /// The text box.
        input: Input,
    },
    /// Reading a diff (of a linked file since it was linked).
    Diff {
        /// What it is of.
        title: String,
        /// The diff, a line each.
        lines: Vec<String>,
        /// Scroll, in lines.
        scroll: u16,
    },
    /// The crosswalk: for each item of one framework, what another framework covers.
    Crosswalk(CrosswalkView),
    /// Giving the reason an item does not apply.
    Reason {
        /// The item being set aside.
        id: String,
        /// The text box.
        input: Input,
    },
}

/// The crosswalk screen's state: which two frameworks, the rows, the selection.
#[derive(Debug, Clone)]
pub struct CrosswalkView {
    /// The framework whose items are listed.
    pub from: String,
    /// Frameworks mapped with `from`, to cycle through.
    pub targets: Vec<String>,
    /// Index into `targets`.
    pub target: usize,
    /// The rows, recomputed when the target or progress changes.
    pub rows: Vec<crate::model::CrosswalkRow>,
    /// Selected row.
    pub selected: usize,
}

impl CrosswalkView {
    /// Recomputes the rows for the current target.
    pub fn rebuild(&mut self, catalog: &Catalog, progress: &Progress) {
        self.rows = self
            .targets
            .get(self.target)
            .and_then(|to| crate::model::Crosswalk::build(catalog, progress, &self.from, to))
            .map(|c| c.rows)
            .unwrap_or_default();
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
    }
}

/// One row of the frameworks/sections tree, with its coverage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeNode {
    /// Index of the framework.
    pub framework: usize,
    /// Index of the section within the framework; `None` for the framework row itself.
    pub section: Option<usize>,
    /// Indentation level: 0 for frameworks.
    pub depth: usize,
    /// Status counts of every item at or below this node.
    pub coverage: Coverage,
}

/// A change that can be undone: the item and its entry before the change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UndoEntry {
    /// The item changed.
    pub id: String,
    /// Its entry before, `None` when nothing was recorded.
    pub previous: Option<ItemProgress>,
    /// What the change was, for the status line.
    pub description: String,
}

/// A line of feedback at the bottom of the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The text.
    pub text: String,
    /// Shown as an error.
    pub is_error: bool,
}

/// Everything the screen is drawn from.
#[derive(Debug, Clone)]
pub struct AppState {
    /// Frameworks and mappings.
    pub catalog: Catalog,
    /// Recorded progress.
    pub progress: Progress,
    /// Normal-mode keys.
    pub keymap: KeyMap,
    /// Keys during a review meeting.
    pub review_keymap: KeyMap,
    /// The review meeting, while one runs.
    pub review: Option<super::review::Review>,
    /// Colours and styles.
    pub theme: crate::ui::style::Theme,
    /// Shown in the header: the repository or folder name.
    pub title: String,
    /// Who is using vouch (`Name <email>` from git config): what `me` means as an owner.
    pub who: String,
    /// What the keys do now.
    pub mode: Mode,
    /// Which pane has focus.
    pub focus: Focus,
    /// Tree rows with coverage; rebuilt when progress changes.
    pub tree: Vec<TreeNode>,
    /// Selected tree row.
    pub tree_selected: usize,
    /// The framework whose sections the tree shows; the others show as one row each.
    pub expanded: usize,
    /// Items listed: the selected node's, or the search results.
    pub items: Vec<ItemRef>,
    /// Selected item row.
    pub item_selected: usize,
    /// The applied search, if any.
    pub search: Option<String>,
    /// Saved views of the item list, from the repository config.
    pub views: Vec<crate::model::view::View>,
    /// The view in force, as an index into `views`; `None` shows every item.
    pub view: Option<usize>,
    /// Full ids of items whose evidence is stale or missing, as the git thread last found.
    pub attention: std::collections::HashSet<String>,
    /// What each item's evidence looks like now, as the git thread last found, in the order
    /// the evidence is listed.
    pub evidence_states: HashMap<String, Vec<crate::git::evidence::EvidenceState>>,
    /// The selected piece of evidence of the selected item, from 0.
    pub evidence_selected: usize,
    /// Evidence proposals found in the repository by the git thread (all, decided or not).
    pub proposals: Vec<crate::suggest::Proposal>,
    /// Scroll of the detail pane, in lines.
    pub detail_scroll: u16,
    /// Scroll of the help overlay, in lines.
    pub help_scroll: u16,
    /// Words typed in the help overlay to find an action.
    pub help_query: String,
    /// Today (`YYYY-MM-DD`), from the last action's stamp, so drawing never reads the clock.
    pub today: String,
    /// Rows a page moves.
    pub page: usize,
    /// Feedback line.
    pub message: Option<Message>,
    /// Changes made this session, newest last.
    pub undo: Vec<UndoEntry>,
    /// What is being saved, shown once the save succeeds.
    pub pending: Option<String>,
    /// Months an `n/a` set here holds before it is due for review (`[review]` in the config).
    pub na_valid_for_months: u32,
}

impl AppState {
    /// State for a catalog and progress, with the first framework selected.
    #[must_use]
    pub fn new(catalog: Catalog, progress: Progress, title: String) -> Self {
        let mut state = AppState {
            catalog,
            progress,
            keymap: KeyMap::default(),
            review_keymap: KeyMap::review(),
            review: None,
            theme: crate::ui::style::Theme::default(),
            title,
            who: String::new(),
            mode: Mode::Normal,
            focus: Focus::Items,
            tree: Vec::new(),
            tree_selected: 0,
            expanded: 0,
            items: Vec::new(),
            item_selected: 0,
            search: None,
            views: crate::model::view::View::defaults(),
            view: None,
            attention: std::collections::HashSet::new(),
            evidence_states: HashMap::new(),
            evidence_selected: 0,
            proposals: Vec::new(),
            detail_scroll: 0,
            help_scroll: 0,
            help_query: String::new(),
            today: String::new(),
            page: 10,
            message: None,
            undo: Vec::new(),
            pending: None,
            na_valid_for_months: crate::model::review::DEFAULT_NA_VALID_FOR_MONTHS,
        };
        state.rebuild_tree();
        state.refresh_items();
        state
    }

    /// The keys in force: the review meeting's while one runs, else the main screen's.
    #[must_use]
    pub fn active_keymap(&self) -> &KeyMap {
        if self.review.is_some() {
            &self.review_keymap
        } else {
            &self.keymap
        }
    }

    /// The state of a piece of evidence, if the git thread has checked it since it changed.
    #[must_use]
    pub fn evidence_state(
        &self,
        full_id: &str,
        number: usize,
    ) -> Option<&crate::git::evidence::EvidenceState> {
        let states = self.evidence_states.get(full_id)?;
        let count = self.progress.get(full_id).map_or(0, |e| e.evidence.len());
        // States from before a link or unlink no longer line up with the list.
        (states.len() == count)
            .then(|| states.get(number))
            .flatten()
    }

    /// The selected item's evidence, if it has the selected piece.
    #[must_use]
    pub fn selected_evidence(&self) -> Option<(String, usize, crate::model::progress::Evidence)> {
        let id = self.selected_id()?;
        let evidence = self
            .progress
            .get(&id)?
            .evidence
            .get(self.evidence_selected)?
            .clone();
        Some((id, self.evidence_selected, evidence))
    }

    /// Takes fresh evidence states from the git thread and recomputes which items need a look.
    pub fn take_evidence_states(
        &mut self,
        states: Vec<(String, Vec<crate::git::evidence::EvidenceState>)>,
    ) {
        for (id, item_states) in states {
            self.evidence_states.insert(id, item_states);
        }
        self.attention = self
            .evidence_states
            .iter()
            .filter(|(_, states)| {
                states
                    .iter()
                    .any(crate::git::evidence::EvidenceState::needs_attention)
            })
            .map(|(id, _)| id.clone())
            .collect();
    }

    /// Proposals for an item still waiting for a decision (not dismissed, not linked).
    #[must_use]
    pub fn pending_proposals(&self, full_id: &str) -> Vec<&crate::suggest::Proposal> {
        let entry = self.progress.get(full_id);
        self.proposals
            .iter()
            .filter(|p| p.item == full_id)
            .filter(|p| entry.is_none_or(|e| !e.has_dismissed(p.detector) && !p.is_linked_in(e)))
            .collect()
    }

    /// Help lines (keys, what the action does, its name) matching the help search, for the
    /// key map in force.
    #[must_use]
    pub fn help_matches(&self) -> Vec<(String, &'static str, &'static str)> {
        let words: Vec<String> = self
            .help_query
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        let keymap = self.active_keymap();
        keymap
            .bindings
            .iter()
            .map(|b| (keymap.keys_for(&b.action), b.action.help(), b.action.name()))
            .filter(|(keys, help, name)| {
                let haystack = format!("{keys} {help} {name}").to_lowercase();
                words.iter().all(|w| haystack.contains(w.as_str()))
            })
            .collect()
    }

    /// The selected item's full id.
    #[must_use]
    pub fn selected_id(&self) -> Option<String> {
        let at = *self.items.get(self.item_selected)?;
        let (framework, item) = self.catalog.get(at);
        Some(framework.full_id(item))
    }

    /// The selected item, if any.
    #[must_use]
    pub fn selected_item(&self) -> Option<ItemRef> {
        self.items.get(self.item_selected).copied()
    }

    /// The selected tree node, if any.
    #[must_use]
    pub fn selected_node(&self) -> Option<&TreeNode> {
        self.tree.get(self.tree_selected)
    }

    /// Moves the tree selection to `row`, expanding the framework it lands in (and collapsing
    /// the one before), so the tree stays short enough to read with six frameworks loaded.
    pub fn select_tree_row(&mut self, row: usize) {
        self.tree_selected = row.min(self.tree.len().saturating_sub(1));
        let Some(framework) = self.selected_node().map(|n| n.framework) else {
            return;
        };
        if framework != self.expanded {
            self.expanded = framework;
            self.rebuild_tree();
            self.tree_selected = self
                .tree
                .iter()
                .position(|n| n.framework == framework && n.section.is_none())
                .unwrap_or(0);
        }
    }

    /// Rebuilds tree rows and their coverage from the catalog and progress.
    pub fn rebuild_tree(&mut self) {
        let mut rows = Vec::new();
        for (fi, framework) in self.catalog.frameworks.iter().enumerate() {
            let section_coverage = section_coverage(framework, &self.progress);
            let framework_coverage = Coverage::of(framework, &framework.items, &self.progress);
            rows.push(TreeNode {
                framework: fi,
                section: None,
                depth: 0,
                coverage: framework_coverage,
            });
            if fi == self.expanded {
                // The same order `vouch status` prints; sections in a cycle or with a missing
                // parent come last, so none is lost.
                for (section, depth) in framework.sections_in_tree_order() {
                    let si = framework
                        .sections
                        .iter()
                        .position(|s| std::ptr::eq(s, section))
                        .unwrap_or_default();
                    rows.push(TreeNode {
                        framework: fi,
                        section: Some(si),
                        depth: depth + 1,
                        coverage: section_coverage
                            .get(&section.id)
                            .copied()
                            .unwrap_or_default(),
                    });
                }
            }
        }
        self.tree = rows;
        self.tree_selected = self.tree_selected.min(self.tree.len().saturating_sub(1));
    }

    /// Recomputes the item list from the selected node or the search, keeping the selection
    /// on the same item when it is still listed.
    pub fn refresh_items(&mut self) {
        let keep = self.selected_item();
        let mut items = match &self.search {
            Some(query) => self.search_results(query),
            None => self.node_items(),
        };
        if let Some(view) = self.view.and_then(|v| self.views.get(v)) {
            items.retain(|at| {
                let (framework, item) = self.catalog.get(*at);
                view.shows(
                    &framework.full_id(item),
                    &self.progress,
                    &self.who,
                    &self.attention,
                )
            });
        }
        self.items = items;
        self.item_selected = keep
            .and_then(|at| self.items.iter().position(|i| *i == at))
            .unwrap_or(0);
    }

    fn node_items(&self) -> Vec<ItemRef> {
        let Some(node) = self.selected_node() else {
            return Vec::new();
        };
        let framework = &self.catalog.frameworks[node.framework];
        let within: Option<std::collections::HashSet<&str>> = node.section.map(|si| {
            let root = framework.sections[si].id.as_str();
            framework
                .sections
                .iter()
                .filter(|s| framework.section_is_within(&s.id, root))
                .map(|s| s.id.as_str())
                .collect()
        });
        framework
            .items
            .iter()
            .enumerate()
            .filter(|(_, item)| {
                within
                    .as_ref()
                    .is_none_or(|w| w.contains(item.section.as_str()))
            })
            .map(|(ii, _)| ItemRef {
                framework: node.framework,
                item: ii,
            })
            .collect()
    }

    fn search_results(&self, query: &str) -> Vec<ItemRef> {
        let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
        let mut out = Vec::new();
        for (fi, framework) in self.catalog.frameworks.iter().enumerate() {
            for (ii, item) in framework.items.iter().enumerate() {
                let haystack =
                    format!("{}:{} {}", framework.id, item.id, item.title).to_lowercase();
                if words.iter().all(|w| haystack.contains(w.as_str())) {
                    out.push(ItemRef {
                        framework: fi,
                        item: ii,
                    });
                }
            }
        }
        out
    }

    /// Shows a message on the feedback line.
    pub fn say(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            is_error: false,
        });
    }

    /// Shows an error on the feedback line.
    pub fn warn(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            is_error: true,
        });
    }
}

/// Coverage of every section of a framework, counting each item in its section and all the
/// section's ancestors. One pass over the items.
fn section_coverage(framework: &Framework, progress: &Progress) -> HashMap<String, Coverage> {
    let parent: HashMap<&str, Option<&str>> = framework
        .sections
        .iter()
        .map(|s| (s.id.as_str(), s.parent.as_deref()))
        .collect();
    let mut coverage: HashMap<String, Coverage> = HashMap::new();
    for item in &framework.items {
        let status = progress.status(&framework.full_id(item));
        let mut current = Some(item.section.as_str());
        // Bounded walk: a cycle in a broken file cannot loop forever.
        for _ in 0..=framework.sections.len() {
            let Some(id) = current else { break };
            coverage.entry(id.to_owned()).or_default().add(status);
            current = parent.get(id).copied().flatten();
        }
    }
    coverage
}
