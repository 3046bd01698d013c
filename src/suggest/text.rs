//! Small text tools the detectors share: comment stripping, command tokens and patterns, the
//! lines of a YAML file that are commands, list-item and heading ranges. Line numbers are
//! counted from 1, as editors and `vouch show` count them.

/// A range of lines, from 1, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Lines {
    /// First line.
    pub start: usize,
    /// Last line.
    pub end: usize,
}

impl Lines {
    /// One line.
    #[must_use]
    pub fn one(line: usize) -> Self {
        Lines {
            start: line,
            end: line,
        }
    }

    /// Lines `start` to `end`, in either order.
    #[must_use]
    pub fn span(a: usize, b: usize) -> Self {
        Lines {
            start: a.min(b),
            end: a.max(b),
        }
    }

    /// As evidence stores it: `A-B`, or `A` for one line.
    #[must_use]
    pub fn as_evidence(self) -> String {
        if self.start == self.end {
            self.start.to_string()
        } else {
            format!("{}-{}", self.start, self.end)
        }
    }

    /// As a finding says it: `line 3` or `lines 3-4`.
    #[must_use]
    pub fn describe(self) -> String {
        if self.start == self.end {
            format!("line {}", self.start)
        } else {
            format!("lines {}-{}", self.start, self.end)
        }
    }
}

/// The line with a `#` comment removed: a `#` at the start or after a space or tab, outside
/// quotes. Good for YAML, TOML, shell and CODEOWNERS.
#[must_use]
pub fn strip_hash_comment(line: &str) -> &str {
    let mut quote: Option<char> = None;
    let mut previous = ' ';
    for (at, c) in line.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '"' | '\'' if previous.is_whitespace() || "=:[{,(".contains(previous) => {
                    quote = Some(c);
                }
                '#' if previous.is_whitespace() => return &line[..at],
                _ => {}
            },
        }
        previous = c;
    }
    line
}

/// The words of a command line, lower-cased, each cut to its last path segment (so
/// `./node_modules/.bin/eslint` is `eslint`), with quotes, `;`, `&&`, `|` and brackets as
/// separators and `+toolchain` words (`cargo +nightly fuzz`) left out.
#[must_use]
pub fn command_words(line: &str) -> Vec<String> {
    line.split(|c: char| c.is_whitespace() || "\"'`;&|(){}[],$".contains(c))
        .filter(|word| !word.is_empty() && !word.starts_with('+'))
        .map(|word| {
            let word = word.trim_end_matches(':');
            let last = if word.starts_with('-') {
                word
            } else {
                word.rsplit('/').next().unwrap_or(word)
            };
            last.to_ascii_lowercase()
        })
        .filter(|word| !word.is_empty())
        .collect()
}

/// What a command line must hold for a detector to count it.
#[derive(Debug, Clone, Copy)]
pub enum Pattern {
    /// These words in this order; options (`--locked`) may come between them. A word ending
    /// in `*` matches any word starting with the rest.
    Seq(&'static [&'static str]),
    /// All of these words somewhere on the line, in any order.
    All(&'static [&'static str]),
}

impl Pattern {
    /// True when `words` (from [`command_words`]) hold the pattern.
    #[must_use]
    pub fn matches(self, words: &[String]) -> bool {
        match self {
            Pattern::Seq(wanted) => (0..words.len()).any(|at| seq_at(words, at, wanted)),
            Pattern::All(wanted) => wanted
                .iter()
                .all(|w| words.iter().any(|word| word_matches(word, w))),
        }
    }

    /// The pattern as a reader would type it, for findings: `cargo audit`.
    #[must_use]
    pub fn label(self) -> String {
        let words = match self {
            Pattern::Seq(w) | Pattern::All(w) => w,
        };
        words
            .iter()
            .map(|w| w.trim_end_matches('*'))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn word_matches(word: &str, wanted: &str) -> bool {
    match wanted.strip_suffix('*') {
        Some(prefix) => word.starts_with(prefix),
        None => word == wanted,
    }
}

fn seq_at(words: &[String], at: usize, wanted: &[&str]) -> bool {
    let Some((first, rest)) = wanted.split_first() else {
        return false;
    };
    if !word_matches(&words[at], first) {
        return false;
    }
    let mut position = at + 1;
    for w in rest {
        loop {
            let Some(word) = words.get(position) else {
                return false;
            };
            position += 1;
            if word_matches(word, w) {
                break;
            }
            if !word.starts_with('-') {
                return false;
            }
        }
    }
    true
}

/// Leading spaces (tabs count as one).
#[must_use]
pub fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// A line of a YAML file that holds a command: a value of one of the keys a detector reads,
/// inline or in the block below the key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandLine {
    /// Line number, from 1.
    pub line: usize,
    /// The key it belongs to: `run`, `script`, `uses`, ...
    pub key: String,
    /// The text with comments removed, trimmed, with a leading `- ` list mark dropped.
    pub text: String,
}

/// The lines of YAML `text` that are values of `keys`, with comments removed. Names,
/// descriptions and comments are never commands, so "audit" in a step's name or a comment
/// does not count. The reading is by lines and indentation, not a full YAML parser: enough
/// for CI files, which are written in block style.
#[must_use]
pub fn yaml_commands(text: &str, keys: &[&str]) -> Vec<CommandLine> {
    let mut out = Vec::new();
    let mut block: Option<(usize, String)> = None;
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let content = strip_hash_comment(raw);
        if content.trim().is_empty() {
            continue;
        }
        let column = indent(content);
        if let Some((key_column, key)) = &block {
            if column > *key_column {
                out.push(CommandLine {
                    line,
                    key: key.clone(),
                    text: drop_list_mark(content.trim()).to_owned(),
                });
                continue;
            }
            block = None;
        }
        let (key_column, rest) = after_list_marks(content, column);
        let Some((key, value)) = split_key(rest) else {
            continue;
        };
        if !keys.contains(&key.as_str()) {
            continue;
        }
        let value = value.trim();
        if value.is_empty() || value.starts_with('|') || value.starts_with('>') {
            block = Some((key_column, key));
        } else {
            out.push(CommandLine {
                line,
                key,
                text: unquote(value).to_owned(),
            });
        }
    }
    out
}

fn drop_list_mark(text: &str) -> &str {
    text.strip_prefix("- ").map_or(text, str::trim_start)
}

/// The text after any `- ` list marks, and the column where it starts.
fn after_list_marks(content: &str, column: usize) -> (usize, &str) {
    let mut rest = &content[column..];
    let mut at = column;
    while let Some(after) = rest.strip_prefix("- ") {
        let trimmed = after.trim_start();
        at += rest.len() - trimmed.len();
        rest = trimmed;
    }
    (at, rest)
}

/// `key: value` or `key:` at the start of `text`; the key lower-cased, quotes removed.
#[must_use]
pub fn split_key(text: &str) -> Option<(String, &str)> {
    let (key, value) = text.split_once(':')?;
    if !(value.is_empty() || value.starts_with(' ') || value.starts_with('\t')) {
        return None;
    }
    let key = unquote(key.trim());
    if key.is_empty()
        || !key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c))
    {
        return None;
    }
    Some((key.to_ascii_lowercase(), value))
}

/// `text` without one pair of surrounding quotes.
#[must_use]
pub fn unquote(text: &str) -> &str {
    let text = text.trim();
    for q in ['"', '\''] {
        if let Some(inner) = text.strip_prefix(q).and_then(|t| t.strip_suffix(q)) {
            return inner;
        }
    }
    text
}

/// The YAML list item (`- ...` and the lines indented under it) that holds line `line`, so a
/// finding points at the whole CI step. Falls back to the line itself when there is no list
/// item around it or the item is very long.
#[must_use]
pub fn list_item_around(text: &str, line: usize) -> Lines {
    const LONGEST: usize = 40;
    let lines: Vec<&str> = text.lines().collect();
    let Some(at) = line.checked_sub(1).filter(|&i| i < lines.len()) else {
        return Lines::one(line);
    };
    let content = |i: usize| strip_hash_comment(lines[i]);
    let is_item = |i: usize| {
        let trimmed = content(i).trim_start();
        trimmed.starts_with("- ") || trimmed == "-"
    };
    let mut start = None;
    let mut level = indent(content(at));
    if is_item(at) {
        start = Some(at);
    } else {
        for i in (0..at).rev() {
            if content(i).trim().is_empty() {
                continue;
            }
            let column = indent(content(i));
            if column < level {
                if is_item(i) {
                    start = Some(i);
                    break;
                }
                level = column;
                if column == 0 {
                    break;
                }
            }
        }
    }
    let Some(start) = start else {
        return Lines::one(line);
    };
    let dash = indent(content(start));
    let mut end = start;
    for (i, _) in lines.iter().enumerate().skip(start + 1) {
        let c = content(i);
        if c.trim().is_empty() {
            continue;
        }
        if indent(c) <= dash {
            break;
        }
        end = i;
    }
    if end - start >= LONGEST {
        return Lines::one(line);
    }
    Lines::span(start + 1, end + 1)
}

/// A Markdown or reStructuredText heading: its line, level (1 is the top) and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// Line number, from 1.
    pub line: usize,
    /// 1 for `#`, 2 for `##`, ...; underlined headings count `=` as 1 and `-` as 2.
    pub level: usize,
    /// The heading's words.
    pub text: String,
}

/// The headings of a Markdown (ATX `#` or setext underline) or reStructuredText document,
/// leaving out lines inside fenced code blocks.
#[must_use]
pub fn headings(text: &str) -> Vec<Heading> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut fenced = false;
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        let hashes = trimmed.chars().take_while(|&c| c == '#').count();
        if (1..=6).contains(&hashes) && trimmed[hashes..].starts_with(' ') {
            out.push(Heading {
                line: i + 1,
                level: hashes,
                text: trimmed[hashes..]
                    .trim()
                    .trim_end_matches('#')
                    .trim()
                    .to_owned(),
            });
            continue;
        }
        if let Some(next) = lines.get(i + 1) {
            let next = next.trim();
            let underline = |c: char| next.len() >= 3 && next.chars().all(|n| n == c);
            if !trimmed.is_empty()
                && !trimmed.starts_with('-')
                && (underline('=') || underline('-'))
            {
                out.push(Heading {
                    line: i + 1,
                    level: if underline('=') { 1 } else { 2 },
                    text: trimmed.to_owned(),
                });
            }
        }
    }
    out
}

/// The lines of the section under `heading`: from the heading to the line before the next
/// heading of the same or a higher level (or the end), without trailing blank lines.
#[must_use]
pub fn section_lines(text: &str, all: &[Heading], heading: &Heading) -> Lines {
    let lines: Vec<&str> = text.lines().collect();
    let next = all
        .iter()
        .find(|h| h.line > heading.line && h.level <= heading.level)
        .map_or(lines.len() + 1, |h| h.line);
    let mut end = next - 1;
    while end > heading.line && lines.get(end - 1).is_some_and(|l| l.trim().is_empty()) {
        end -= 1;
    }
    Lines::span(heading.line, end.max(heading.line))
}

/// Email addresses in `line`: `local@domain.tld`, also inside `<...>` or `mailto:`.
#[must_use]
pub fn emails(line: &str) -> Vec<String> {
    line.split(|c: char| c.is_whitespace() || "<>()[]\"'`,;*".contains(c))
        .map(|word| word.trim_start_matches("mailto:").trim_end_matches('.'))
        .filter(|word| is_email(word))
        .map(str::to_owned)
        .collect()
}

fn is_email(word: &str) -> bool {
    let Some((local, domain)) = word.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._%+-".contains(c));
    let domain_ok = domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && domain
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".-".contains(c))
        && domain
            .rsplit('.')
            .next()
            .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()));
    local_ok && domain_ok
}

/// Web addresses (`http://` or `https://`) in `line`.
#[must_use]
pub fn urls(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find("http") {
        let candidate = &rest[at..];
        if candidate.starts_with("https://") || candidate.starts_with("http://") {
            let end = candidate
                .find(|c: char| c.is_whitespace() || "<>()[]\"'`".contains(c))
                .unwrap_or(candidate.len());
            let url = candidate[..end].trim_end_matches(['.', ',', ';', ':']);
            if url.len() > "https://".len() {
                out.push(url.to_owned());
            }
            rest = &candidate[end..];
        } else {
            rest = &candidate[4..];
        }
    }
    out
}

/// True when `text` starts with `prefix`, ignoring ASCII case.
#[must_use]
pub fn starts_with_ci(text: &str, prefix: &str) -> bool {
    text.len() >= prefix.len()
        && text.is_char_boundary(prefix.len())
        && text[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// True when `text` ends with `suffix`, ignoring ASCII case.
#[must_use]
pub fn ends_with_ci(text: &str, suffix: &str) -> bool {
    text.len() >= suffix.len()
        && text.is_char_boundary(text.len() - suffix.len())
        && text[text.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
}

/// True when `text` contains `needle`, ignoring ASCII case.
#[must_use]
pub fn contains_ci(text: &str, needle: &str) -> bool {
    needle.is_empty()
        || text
            .as_bytes()
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// `count thing` or `count things`.
#[must_use]
pub fn counted(count: usize, thing: &str) -> String {
    if count == 1 {
        format!("1 {thing}")
    } else {
        format!("{count} {thing}s")
    }
}

/// Words joined as people write lists: `a`, `a and b`, `a, b and c`.
#[must_use]
pub fn and_list(words: &[String]) -> String {
    match words {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_go_but_hashes_in_quotes_and_words_stay() {
        assert_eq!(
            strip_hash_comment("run: cargo audit # weekly"),
            "run: cargo audit "
        );
        assert_eq!(strip_hash_comment("# cargo audit"), "");
        assert_eq!(strip_hash_comment("url: a#b"), "url: a#b");
        assert_eq!(strip_hash_comment("run: echo '# no'"), "run: echo '# no'");
    }

    #[test]
    fn patterns_match_words_in_order_skipping_options() {
        let words = command_words("cargo +nightly --locked clippy --all-targets -- -D warnings");
        assert!(Pattern::Seq(&["cargo", "clippy"]).matches(&words));
        assert!(!Pattern::Seq(&["cargo", "test"]).matches(&words));
        let words = command_words("./node_modules/.bin/eslint src");
        assert!(Pattern::Seq(&["eslint"]).matches(&words));
        let words = command_words("cargo build && cargo audit");
        assert!(Pattern::Seq(&["cargo", "audit"]).matches(&words));
        let words = command_words("echo cargo build audit");
        assert!(!Pattern::Seq(&["cargo", "audit"]).matches(&words));
        let words = command_words("clang -fsanitize=fuzzer,address x.c");
        assert!(Pattern::Seq(&["-fsanitize=fuzzer*"]).matches(&words));
        let words = command_words("trivy fs --format cyclonedx .");
        assert!(Pattern::All(&["trivy", "cyclonedx"]).matches(&words));
    }

    #[test]
    fn yaml_commands_are_values_of_the_keys_never_names_or_comments() {
        let yaml = "\
name: Security audit
on: [push]
jobs:
  audit:
    steps:
      # cargo audit runs nightly elsewhere
      - name: cargo audit
        uses: actions/checkout@v4
      - run: |
          cargo test
          # cargo audit
          cargo clippy
      - run: \"cargo fmt --check\"
    script:
      - make test
";
        let found = yaml_commands(yaml, &["run", "uses", "script"]);
        let texts: Vec<(usize, &str)> = found.iter().map(|c| (c.line, c.text.as_str())).collect();
        assert_eq!(
            texts,
            vec![
                (8, "actions/checkout@v4"),
                (10, "cargo test"),
                (12, "cargo clippy"),
                (13, "cargo fmt --check"),
                (15, "make test"),
            ]
        );
    }

    #[test]
    fn a_step_is_the_list_item_around_a_line() {
        let yaml = "\
jobs:
  test:
    steps:
      - uses: actions/checkout@v4
      - name: Lint
        run: |
          cargo clippy
        continue-on-error: true
      - run: cargo test
";
        assert_eq!(list_item_around(yaml, 7), Lines::span(5, 8));
        assert_eq!(list_item_around(yaml, 9), Lines::one(9));
        assert_eq!(list_item_around(yaml, 2), Lines::one(2));
    }

    #[test]
    fn sections_run_to_the_next_heading_of_the_same_level() {
        let md = "# Title\n\n## Threat model\nA\n### STRIDE\nB\n\n## Other\nC\n";
        let all = headings(md);
        assert_eq!(all.len(), 4);
        assert_eq!(section_lines(md, &all, &all[1]), Lines::span(3, 6));
        assert_eq!(section_lines(md, &all, &all[3]), Lines::span(8, 9));
        let rst = "Threat model\n============\ntext\n";
        assert_eq!(headings(rst)[0].text, "Threat model");
    }

    #[test]
    fn contacts_are_found_in_prose_and_links() {
        assert_eq!(
            emails("Mail <security@example.com> or mailto:sec@example.org."),
            vec!["security@example.com", "sec@example.org"]
        );
        assert!(emails("use @maintainer on GitHub").is_empty());
        assert!(emails("version 1.2@3").is_empty());
        assert_eq!(
            urls("see [form](https://example.com/report), or http://x.io."),
            vec!["https://example.com/report", "http://x.io"]
        );
    }

    #[test]
    fn case_is_ignored_where_paths_are_matched() {
        assert!(ends_with_ci("docs/Threat-Model.MD", ".md"));
        assert!(starts_with_ci(".GitHub/workflows/x.yml", ".github/"));
        assert!(contains_ci("src/Fuzz/x.rs", "fuzz"));
        assert!(!ends_with_ci("md", ".md"));
        assert!(!contains_ci("src/fuz/x.rs", "fuzz"));
    }

    #[test]
    fn ranges_read_as_people_write_them() {
        assert_eq!(Lines::one(3).as_evidence(), "3");
        assert_eq!(Lines::span(4, 3).as_evidence(), "3-4");
        assert_eq!(Lines::span(3, 4).describe(), "lines 3-4");
        assert_eq!(
            and_list(&["a".into(), "b".into(), "c".into()]),
            "a, b and c"
        );
    }
}
