//! Making outside text safe to draw: control characters become visible, never reach the terminal.

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
