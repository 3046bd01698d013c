//! Reading and writing files: checklists (bundled and the team's), `.vouch/config.toml`, and
//! the one save path of `.vouch/progress.toml`.

pub mod asvs;
pub mod bundled;
pub mod checklist;
pub mod config;
pub mod gitattributes;
pub mod load;
pub mod location;
pub mod merge;
pub mod progress;
mod progress_fast;
pub mod user_config;
pub mod workspace;

pub use location::Problem;
