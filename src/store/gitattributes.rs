//! `.gitattributes` at the repository root: the line that sends `progress.toml` to vouch's
//! merge driver.

use std::fs;
use std::io;
use std::path::Path;

use super::progress::write_atomically;

/// The attribute line vouch adds.
pub const MERGE_LINE: &str = ".vouch/progress.toml merge=vouch";

/// `text` with [`MERGE_LINE`] appended, or `None` when a line already gives the progress file
/// `merge=vouch`.
#[must_use]
pub fn with_merge_line(text: &str) -> Option<String> {
    let present = text.lines().any(|line| {
        let mut words = line.split_whitespace();
        matches!(
            words.next(),
            Some(".vouch/progress.toml" | "/.vouch/progress.toml")
        ) && words.any(|w| w == "merge=vouch")
    });
    if present {
        return None;
    }
    let mut out = text.to_owned();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(MERGE_LINE);
    out.push('\n');
    Some(out)
}

/// Adds [`MERGE_LINE`] to `<root>/.gitattributes`, creating it if needed, keeping what is there.
/// Returns true when the file changed.
pub fn add_merge_line(root: &Path) -> io::Result<bool> {
    let path = root.join(".gitattributes");
    let text = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) if err.kind() == io::ErrorKind::NotFound => String::new(),
        Err(err) => return Err(err),
    };
    match with_merge_line(&text) {
        Some(new) => write_atomically(&path, new.as_bytes()).map(|()| true),
        None => Ok(false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_is_added_once_after_what_is_there() {
        assert_eq!(with_merge_line("").unwrap(), format!("{MERGE_LINE}\n"));
        assert_eq!(
            with_merge_line("*.png binary").unwrap(),
            format!("*.png binary\n{MERGE_LINE}\n")
        );
        let once = with_merge_line("*.png binary\n").unwrap();
        assert_eq!(with_merge_line(&once), None);
        assert_eq!(
            with_merge_line("/.vouch/progress.toml  text merge=vouch\n"),
            None
        );
        assert!(
            with_merge_line(".vouch/progress.toml merge=union\n").is_some(),
            "a later line overrides another driver"
        );
    }
}
