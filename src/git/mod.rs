//! Blocking git functions over a repository path. The TUI calls them off the drawing path.

pub mod identity;
pub mod log;
pub mod merge_driver;
pub mod worker;
