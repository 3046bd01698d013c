//! Pure data and rules: checklists, items, statuses, progress and coverage summaries.
//!
//! Nothing here touches a file, a terminal or git; `store` fills these types and `app`, `ui`
//! and `cli` read them.

pub mod catalog;
pub mod checklist;
pub mod crosswalk;
pub mod diff;
pub mod progress;
pub mod review;
pub mod summary;
pub mod view;

pub use catalog::{Catalog, ItemRef, MappedItem};
pub use checklist::{Framework, Item, Mapping, MappingPair, Rename, Section, Strength};
pub use crosswalk::{Cover, Crosswalk, CrosswalkRow, ViaCoverage};
pub use progress::{Dismissal, EditError, ItemProgress, Progress, Status};
pub use summary::Coverage;
