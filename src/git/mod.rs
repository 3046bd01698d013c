//! Blocking git functions over a repository path. The TUI calls them off the drawing path.

pub mod error;
pub mod history;
pub mod identity;
pub mod log;
pub mod repo;
pub mod worker;
