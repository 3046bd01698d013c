//! Text for the terminal, shared by the TUI and the CLI: outside text made inert (control
//! characters shown, never sent), widths, wrapping and cutting.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Text from outside (notes, names, titles from files) with every control character replaced
/// by a visible stand-in, so an escape sequence in a note cannot drive the terminal.
/// Newlines are kept only when `keep_newlines` is set (multi-line panes).
#[must_use]
pub fn visible(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() && !(keep_newlines && c == '\n');
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' if keep_newlines => out.push('\n'),
            '\t' => out.push_str("    "),
            '\u{1b}' => out.push('␛'),
            c if (c as u32) < 0x20 => {
                // The Unicode "control pictures" block shows C0 controls as printable symbols.
                out.push(char::from_u32(0x2400 + c as u32).unwrap_or('�'));
            }
            '\u{7f}' => out.push('␡'),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_and_controls_are_made_visible() {
        let hostile = "title\u{1b}]52;c;ZXZpbA==\u{7}\r\n\u{9b}31m";
        let shown = visible(hostile, false);
        assert!(!shown.chars().any(char::is_control), "{shown:?}");
        assert_eq!(shown, "title␛]52;c;ZXZpbA==␇␍␊\\u{9b}31m");
    }

    #[test]
    fn plain_text_is_not_copied_and_newlines_can_be_kept() {
        assert!(matches!(visible("plain", false), Cow::Borrowed(_)));
        assert_eq!(visible("a\nb", true), "a\nb");
    }
}

/// Cuts `text` to `width` characters, marking the cut with an ellipsis.
#[must_use]
pub fn fit(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_owned();
    }
    if width == 0 {
        return String::new();
    }
    let mut out: String = text.chars().take(width - 1).collect();
    out.push('…');
    out
}

/// Display width of text in terminal cells.
#[must_use]
pub fn width(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}

/// Splits `text` into lines of at most `first` cells for the first line and `rest` cells for
/// the others, breaking between words where it can and inside a word only when one is longer
/// than a line. Line breaks in `text` start new lines.
#[must_use]
pub fn wrap(text: &str, first: usize, rest: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut line_width = 0;
        for word in paragraph.split(' ') {
            let limit = if lines.is_empty() { first } else { rest }.max(1);
            let word_width = width(word);
            let gap = usize::from(!line.is_empty());
            if line_width + gap + word_width <= limit {
                if gap == 1 {
                    line.push(' ');
                }
                line.push_str(word);
                line_width += gap + word_width;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                line_width = 0;
            }
            // A word longer than a line is cut into pieces that fit.
            for c in word.chars() {
                let limit = if lines.is_empty() { first } else { rest }.max(1);
                let c_width = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
                if line_width + c_width > limit && !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    line_width = 0;
                }
                line.push(c);
                line_width += c_width;
            }
        }
        lines.push(line);
    }
    lines
}

/// Splits `text` (one line) into pieces of at most `width` cells, keeping every character,
/// spaces and indentation included, as a pager wraps a long line of code.
#[must_use]
pub fn hard_wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut pieces = vec![String::new()];
    let mut used = 0;
    for c in text.chars() {
        let c_width = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + c_width > width && used > 0 {
            pieces.push(String::new());
            used = 0;
        }
        if let Some(last) = pieces.last_mut() {
            last.push(c);
        }
        used += c_width;
    }
    pieces
}

/// A time as stored (RFC 3339, UTC) in the shorter form people read: `2026-11-27 18:02 UTC`.
#[must_use]
pub fn short_time(rfc3339: &str) -> String {
    rfc3339.parse::<jiff::Timestamp>().map_or_else(
        |_| rfc3339.to_owned(),
        |t| t.strftime("%Y-%m-%d %H:%M UTC").to_string(),
    )
}

#[cfg(test)]
mod wrap_tests {
    use super::*;

    #[test]
    fn hard_wrapping_keeps_every_character_and_counts_wide_ones_twice() {
        assert_eq!(
            hard_wrap("    indented code", 6),
            ["    in", "dented", " code"]
        );
        assert_eq!(hard_wrap("", 4), [""]);
        assert_eq!(hard_wrap("日本語です", 4), ["日本", "語で", "す"]);
        assert_eq!(hard_wrap("abc", 0), ["a", "b", "c"]);
    }

    #[test]
    fn wrapping_breaks_between_words_with_a_different_first_width() {
        assert_eq!(wrap("aa bb cc dd", 5, 8), vec!["aa bb", "cc dd"]);
        assert_eq!(wrap("aa bb cc dd", 2, 8), vec!["aa", "bb cc dd"]);
        assert_eq!(wrap("abcdefgh", 3, 3), vec!["abc", "def", "gh"]);
        assert_eq!(wrap("a\nb", 9, 9), vec!["a", "b"]);
        assert_eq!(wrap("", 9, 9), vec![""]);
    }

    #[test]
    fn fit_cuts_with_an_ellipsis() {
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(fit("abc", 4), "abc");
        assert_eq!(fit("abc", 0), "");
    }

    #[test]
    fn times_are_shortened_for_reading() {
        assert_eq!(short_time("2026-11-27T18:02:11Z"), "2026-11-27 18:02 UTC");
        assert_eq!(short_time("yesterday"), "yesterday");
    }
}
