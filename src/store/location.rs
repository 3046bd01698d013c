//! Positions in files, and problems reported at them as `file:line:column: sentence`.

use std::fmt;
use std::ops::Range;

/// A problem found in a file, at a line and column (both from 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file as the user named it, or `bundled:<name>` for compiled-in files.
    pub file: String,
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
    /// A plain sentence saying what is wrong and, where it helps, what to do.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

/// Turns byte offsets into line and column for one file's text.
#[derive(Debug, Clone, Copy)]
pub struct Locator<'a> {
    file: &'a str,
    text: &'a str,
}

impl<'a> Locator<'a> {
    /// A locator for `text`, reported under the name `file`.
    #[must_use]
    pub fn new(file: &'a str, text: &'a str) -> Self {
        Locator { file, text }
    }

    /// Line and column (from 1, column in characters) of a byte offset.
    #[must_use]
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let before = self.text.get(..offset).unwrap_or(self.text);
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        (line, column)
    }

    /// A problem at the start of `span`, or at the top of the file when the span is unknown.
    #[must_use]
    pub fn problem(&self, span: Option<Range<usize>>, message: impl Into<String>) -> Problem {
        let (line, column) = span.map_or((1, 1), |s| self.line_column(s.start));
        Problem {
            file: self.file.to_owned(),
            line,
            column,
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines_and_character_columns() {
        let text = "a = 1\nbé = 2\n";
        let locator = Locator::new("f.toml", text);
        assert_eq!(locator.line_column(0), (1, 1));
        assert_eq!(locator.line_column(6), (2, 1));
        // 'é' is two bytes but one column.
        assert_eq!(locator.line_column(9), (2, 3));
        let problem = locator.problem(Some(6..7), "bad");
        assert_eq!(problem.to_string(), "f.toml:2:1: bad");
    }
}
