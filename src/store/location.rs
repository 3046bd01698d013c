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
#[derive(Debug, Clone)]
pub struct Locator<'a> {
    file: &'a str,
    text: &'a str,
    /// Byte offsets where lines start, found on first use, so locating many positions in a
    /// big file (an id per item of 100,000) is a binary search each, not a scan from the top.
    line_starts: std::cell::OnceCell<Vec<usize>>,
}

impl<'a> Locator<'a> {
    /// A locator for `text`, reported under the name `file`.
    #[must_use]
    pub fn new(file: &'a str, text: &'a str) -> Self {
        Locator {
            file,
            text,
            line_starts: std::cell::OnceCell::new(),
        }
    }

    /// Line and column (from 1, column in characters) of a byte offset.
    #[must_use]
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let starts = self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        let line = starts.partition_point(|&start| start <= offset);
        let line_start = starts[line - 1];
        let column = self.text[line_start..offset].chars().count() + 1;
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
        assert_eq!(locator.line_column(99), (3, 1), "past the end is the end");
        assert_eq!(
            locator.line_column(8),
            (2, 2),
            "inside a character is at it"
        );
        assert_eq!(Locator::new("e", "").line_column(0), (1, 1));
    }
}
