//! What a user can ask for, and what the loop must do about it.

use tui_input::InputRequest;

use crate::git::worker::{Request, Response};

/// One user intent. Keys map to these through the key map; help is generated from them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Move the selection up one row in the focused pane.
    MoveUp,
    /// Move the selection down one row in the focused pane.
    MoveDown,
    /// Move the selection up one page.
    PageUp,
    /// Move the selection down one page.
    PageDown,
    /// Jump to the first row.
    First,
    /// Jump to the last row.
    Last,
    /// Focus the pane to the right (tree -> items -> detail).
    FocusRight,
    /// Focus the pane to the left (detail -> items -> tree).
    FocusLeft,
    /// Cycle focus through the panes.
    FocusNext,
    /// Open the selected tree node's items, or the selected item's detail.
    Open,
    /// Cycle the selected item's status: todo -> in progress -> done -> todo.
    CycleStatus,
    /// Mark the selected item as not applicable; asks for a reason.
    MarkNotApplicable,
    /// Edit the selected item's note (the argument for why the evidence supports it).
    EditNote,
    /// Give the selected item an owner (`me` for you; empty clears).
    AssignOwner,
    /// Link a commit to the selected item, chosen from history (searchable).
    LinkCommit,
    /// Link a tracked file, optionally a line range, to the selected item.
    LinkFile,
    /// Link a web address to the selected item.
    LinkUrl,
    /// Switch to the next saved view of the item list (mine, open, stale, ...), then back to all.
    NextView,
    /// Start a review meeting: an agenda of items to discuss, one per screen. `since` adds
    /// the items changed since that revision.
    StartReview {
        /// A tag, branch or commit to compare with.
        since: Option<String>,
    },
    /// Review: go to the next agenda item.
    ReviewNext,
    /// Review: go back to the previous agenda item.
    ReviewPrevious,
    /// Review: pass over this item for now (the summary lists it as skipped).
    ReviewSkip,
    /// Review: put not-started items on the agenda, or take them off.
    ReviewToggleTodo,
    /// Review: end the meeting and show what it changed; again to leave.
    EndReview,
    /// Re-confirm the selected file evidence: re-pin it to the file at HEAD, noting who.
    ReconfirmEvidence,
    /// Show what changed in the selected file evidence since it was linked.
    ViewDiff,
    /// Open the selected file evidence in `$EDITOR` at its first line.
    OpenEvidence,
    /// Copy the selected evidence (commit id, path and lines, or URL) to the clipboard.
    CopyEvidence,
    /// Remove the selected evidence from the item.
    UnlinkEvidence,
    /// Open the crosswalk: what other frameworks cover for each item of this one (derived).
    OpenCrosswalk,
    /// Take over a mapped item's done or n/a status for the selected item, recording where it
    /// came from (the strongest mapped item that is settled).
    Adopt,
    /// Link the selected item's first suggested evidence (found in the repository); the status
    /// stays as it is.
    AcceptSuggestion,
    /// Set the selected item's first suggestion aside for good, noting who did.
    DismissSuggestion,
    /// Show every committed change to the selected item (status, note, evidence, owner), with
    /// author, date and commit, read from the git history of progress.toml.
    ShowHistory,
    /// Search items by id and title across all frameworks.
    Search,
    /// Clear the search and show the selected tree node's items again.
    ClearSearch,
    /// Undo the last change made in this session, and again, back through the session.
    Undo,
    /// Show the keys and what they do.
    ToggleHelp,
    /// Leave the current box or help, or clear the search.
    Cancel,
    /// Quit vouch; everything is already saved.
    Quit,
    /// Mouse: select a tree row (index into the tree's rows) and focus the tree.
    ClickTree(usize),
    /// Mouse: select an item row (index into the item list); on its status mark, also cycle
    /// the status.
    ClickItem {
        /// Row index into the item list.
        row: usize,
        /// The click landed on the `[ ]` mark.
        on_mark: bool,
    },
    /// Mouse: focus the detail pane.
    ClickDetail,
    /// Mouse wheel over a pane: move its selection (or scroll the detail) up or down.
    Wheel {
        /// The pane under the pointer.
        pane: crate::app::state::Focus,
        /// Towards the top.
        up: bool,
    },
    /// Edit the text in the open box.
    Input(InputRequest),
    /// Confirm the text in the open box.
    Submit,
    /// The screen size changed; keeps the selection visible.
    Resize {
        /// New width.
        width: u16,
        /// New height.
        height: u16,
    },
    /// The git thread answered a request.
    Git(Response),
    /// The loop finished saving: `Ok(message)` or `Err(message)`.
    Saved(Result<String, SaveFailure>),
}

/// Why a save did not happen, as the loop reports it back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaveFailure {
    /// The message to show.
    pub message: String,
    /// True when the file changed under us and must be reloaded before the next change.
    pub needs_reload: bool,
}

/// Work for the loop to do after an update: the only way `app` reaches the outside world.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Save these items' entries through the one save path.
    Save(Vec<String>),
    /// Ask the git thread for something; the answer comes back as `Action::Git`.
    Git(Request),
    /// Re-read progress from disk, replacing what is in memory.
    Reload,
    /// Suspend the screen and open a repository file in the user's editor at a line.
    OpenEditor {
        /// Repository-relative path.
        path: String,
        /// First line to show.
        line: Option<u32>,
    },
    /// Put text on the clipboard through the terminal (OSC 52).
    Copy(String),
    /// Leave the loop and restore the terminal.
    Quit,
}
