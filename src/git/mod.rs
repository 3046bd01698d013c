//! Blocking git functions over a repository path. The TUI calls them off the drawing path.

mod cache_file;
pub mod error;
pub mod evidence;
pub mod history;
pub mod hooks;
pub mod identity;
pub mod log;
pub mod merge_driver;
pub mod reachable;
pub mod repo;
pub mod trailers;
pub mod worker;

pub use error::GitError;
