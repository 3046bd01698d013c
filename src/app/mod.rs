//! The terminal-free state machine: state, actions, and `update`, which turns an action into
//! state changes and effects (save, quit) for the loop to run.
//!
//! Nothing here touches a terminal, a file or git, so every behaviour is tested by feeding
//! actions and asserting on state.

pub mod action;
pub mod keymap;
pub mod pickers;
pub mod review;
pub mod state;
mod update;

pub use action::{Action, Effect};
pub use state::{AppState, Focus, Mode, TreeNode};
pub use update::update;
