//! The terminal loop: draw, read an event, map it to an action, update, run effects.

use std::path::Path;

/// Opens the TUI on the workspace holding `start`.
pub fn run(start: &Path) -> anyhow::Result<()> {
    let _ = start;
    anyhow::bail!("the TUI is not built yet")
}
