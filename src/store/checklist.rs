//! Parsing and checking checklist and mapping files, reporting every problem with its position.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use toml_edit::{Document, Item as TomlItem, Table};

use super::location::{Locator, Problem};
use crate::model::{Framework, Item, Mapping, MappingPair, Section, Strength};

/// Checklist and mapping files larger than this are refused before parsing, so a huge or
/// hostile file cannot stall start-up. The largest bundled file is under 100 KiB.
pub const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;

/// A parsed mapping file, with the position of each pair's ids for later cross-checks.
#[derive(Debug, Clone)]
pub struct ParsedMapping {
    /// The mapping as the model sees it.
    pub mapping: Mapping,
    /// For each pair: where its `from` and `to` ids stand in the file.
    pub pair_positions: Vec<(Problem, Problem)>,
    /// Where the header's `from` and `to` framework ids stand.
    pub header_positions: (Problem, Problem),
}

/// What a file holds, judged by its top-level table.
#[derive(Debug, Clone)]
pub enum ParsedFile {
    /// A framework checklist.
    Framework(Framework),
    /// A mapping between two frameworks.
    Mapping(ParsedMapping),
}

/// Parses one checklist or mapping file, deciding which by its `[framework]` or `[mapping]`
/// table. Returns what could be read and every problem found; `None` when nothing usable was.
#[must_use]
pub fn parse_file(file: &str, text: &str, origin: &str) -> (Option<ParsedFile>, Vec<Problem>) {
    let locator = Locator::new(file, text);
    if text.len() > MAX_FILE_BYTES {
        return (
            None,
            vec![locator.problem(
                None,
                format!(
                    "the file is {} bytes, over the {} byte limit for checklist files; split it into smaller frameworks",
                    text.len(),
                    MAX_FILE_BYTES
                ),
            )],
        );
    }
    let document = match Document::parse(text) {
        Ok(document) => document,
        Err(err) => {
            let message = err.message().trim_end().to_owned();
            return (
                None,
                vec![locator.problem(err.span(), format!("not valid TOML: {message}"))],
            );
        }
    };
    let mut reader = Reader {
        locator,
        problems: Vec::new(),
        more: 0,
    };
    let root = document.as_table();
    let parsed = if root.contains_key("mapping") {
        reader.mapping(root, origin).map(ParsedFile::Mapping)
    } else if root.contains_key("framework") {
        reader.framework(root, origin).map(ParsedFile::Framework)
    } else {
        reader.report(
            None,
            "neither a [framework] nor a [mapping] table: a checklist file starts with [framework], a mapping file with [mapping]",
        );
        None
    };
    (parsed, reader.finish())
}

/// The item ids of a framework, for lookups by id.
fn item_ids(framework: Option<&Framework>) -> HashSet<&str> {
    framework
        .map(|f| f.items.iter().map(|item| item.id.as_str()).collect())
        .unwrap_or_default()
}

/// The sections that are their own ancestor through `parent`, found in one pass over the parent
/// links (a hostile file may chain 100,000 sections).
fn sections_in_cycles(sections: &[Section]) -> HashSet<&str> {
    const ON_PATH: u8 = 1;
    const DONE: u8 = 2;
    let parents: HashMap<&str, &str> = sections
        .iter()
        .filter_map(|s| s.parent.as_deref().map(|p| (s.id.as_str(), p)))
        .collect();
    let mut state: HashMap<&str, u8> = HashMap::new();
    let mut cyclic = HashSet::new();
    for start in sections {
        let mut path = Vec::new();
        let mut current = Some(start.id.as_str());
        while let Some(id) = current {
            match state.get(id) {
                Some(&DONE) => break,
                Some(&ON_PATH) => {
                    if let Some(at) = path.iter().position(|p| *p == id) {
                        cyclic.extend(path[at..].iter().copied());
                    }
                    break;
                }
                _ => {}
            }
            state.insert(id, ON_PATH);
            path.push(id);
            current = parents.get(id).copied();
        }
        for id in path {
            state.insert(id, DONE);
        }
    }
    cyclic
}

/// Checks the pairs of a mapping against the loaded frameworks: unknown frameworks and items.
#[must_use]
pub fn check_mapping_targets(parsed: &ParsedMapping, frameworks: &[Framework]) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mapping = &parsed.mapping;
    let find = |id: &str| frameworks.iter().find(|framework| framework.id == id);
    let from = find(&mapping.from);
    let to = find(&mapping.to);
    for (framework, id, at) in [
        (from, &mapping.from, &parsed.header_positions.0),
        (to, &mapping.to, &parsed.header_positions.1),
    ] {
        if framework.is_none() {
            problems.push(Problem {
                message: format!(
                    "the mapping names framework `{id}`, which no loaded checklist defines"
                ),
                ..at.clone()
            });
        }
    }
    let (from_ids, to_ids) = (item_ids(from), item_ids(to));
    for (pair, (from_at, to_at)) in mapping.pairs.iter().zip(&parsed.pair_positions) {
        for (framework, known, id, at) in [
            (from, &from_ids, &pair.from, from_at),
            (to, &to_ids, &pair.to, to_at),
        ] {
            if let Some(framework) = framework
                && !known.contains(id.as_str())
            {
                problems.push(Problem {
                    message: format!(
                        "the pair names item `{id}`, which framework `{}` does not have",
                        framework.id
                    ),
                    ..at.clone()
                });
            }
        }
    }
    problems
}

const FRAMEWORK_KEYS: &[&str] = &["id", "title", "publisher", "version", "source", "licence"];
const SECTION_KEYS: &[&str] = &["id", "title", "parent"];
const ITEM_KEYS: &[&str] = &[
    "id", "section", "title", "guidance", "evidence", "tags", "level", "replaces",
];
const MAPPING_KEYS: &[&str] = &["from", "to", "provenance"];
const PAIR_KEYS: &[&str] = &["from", "to", "strength", "provenance"];

/// At most this many problems are reported per file; a file with more (a generated or hostile
/// one) gets one closing line with the count instead of millions of lines.
pub const MAX_PROBLEMS: usize = 1000;

struct Reader<'a> {
    locator: Locator<'a>,
    problems: Vec<Problem>,
    /// Problems found past [`MAX_PROBLEMS`], counted, not located.
    more: usize,
}

impl Reader<'_> {
    fn report(&mut self, span: Option<Range<usize>>, message: impl Into<String>) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(self.locator.problem(span, message));
        } else {
            self.more += 1;
        }
    }

    /// The problems, with a closing line when some were left out.
    fn finish(mut self) -> Vec<Problem> {
        if self.more > 0 {
            let message = format!(
                "{} more problems in this file are not listed; fix the ones above first",
                self.more
            );
            self.problems.push(self.locator.problem(None, message));
        }
        self.problems
    }

    fn here(&self, span: Option<Range<usize>>) -> Problem {
        self.locator.problem(span, String::new())
    }

    fn unknown_keys(&mut self, table: &Table, allowed: &[&str], what: &str) {
        for (key, _) in table {
            if !allowed.contains(&key) {
                let span = table.key(key).and_then(toml_edit::Key::span);
                self.report(
                    span,
                    format!(
                        "unknown key `{key}` in {what}; expected one of: {}",
                        allowed.join(", ")
                    ),
                );
            }
        }
    }

    /// A string value; reports a missing required key or a value of the wrong type.
    fn string(&mut self, table: &Table, key: &str, what: &str, required: bool) -> Option<String> {
        match table.get(key) {
            None => {
                if required {
                    self.report(table.span(), format!("{what} has no `{key}`"));
                }
                None
            }
            Some(value) => {
                if let Some(text) = value.as_str() {
                    Some(text.to_owned())
                } else {
                    self.report(
                        value.span(),
                        format!("`{key}` in {what} must be a string in quotes"),
                    );
                    None
                }
            }
        }
    }

    fn strings(&mut self, table: &Table, key: &str, what: &str) -> Vec<String> {
        let Some(value) = table.get(key) else {
            return Vec::new();
        };
        let Some(array) = value.as_array() else {
            self.report(
                value.span(),
                format!("`{key}` in {what} must be a list of strings, like [\"a\", \"b\"]"),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for element in array {
            match element.as_str() {
                Some(text) => out.push(text.to_owned()),
                None => self.report(
                    element.span(),
                    format!("every entry of `{key}` in {what} must be a string"),
                ),
            }
        }
        out
    }

    fn span_of(table: &Table, key: &str) -> Option<Range<usize>> {
        table
            .get(key)
            .and_then(TomlItem::span)
            .or_else(|| table.span())
    }

    fn check_id(&mut self, table: &Table, key: &str, id: &str, what: &str) -> bool {
        let problem = if id.trim().is_empty() {
            Some(format!("{what} has an empty `{key}`"))
        } else if id.chars().any(|c| c.is_whitespace() || c.is_control()) {
            Some(format!(
                "{what} `{}` contains a space or control character; ids are single words like `1.1-C1`",
                id.escape_debug()
            ))
        } else if id.contains(':') {
            Some(format!(
                "{what} `{id}` contains `:`, which separates framework and item in full ids"
            ))
        } else {
            None
        };
        if let Some(message) = problem {
            self.report(Self::span_of(table, key), message);
            return false;
        }
        // A letter from another script can pass for an ASCII one (Cyrillic `А` for `A`), so two
        // ids that look the same would be different items. Reported, and kept as written.
        if let Some(odd) = id.chars().find(|c| !c.is_ascii()) {
            self.report(
                Self::span_of(table, key),
                format!(
                    "{what} `{id}` contains `{odd}` (U+{:04X}), which is not ASCII and can look like an ASCII character; write ids in ASCII letters, digits and punctuation",
                    u32::from(odd)
                ),
            );
        }
        true
    }

    fn non_empty_title(&mut self, table: &Table, what: &str) -> String {
        let title = self.string(table, "title", what, true).unwrap_or_default();
        if table.contains_key("title") && title.trim().is_empty() {
            self.report(
                Self::span_of(table, "title"),
                format!("{what} has an empty title"),
            );
        }
        title
    }

    fn tables<'t>(&mut self, root: &'t Table, key: &str, example: &str) -> Vec<&'t Table> {
        match root.get(key) {
            None => Vec::new(),
            Some(TomlItem::ArrayOfTables(array)) => array.iter().collect(),
            Some(other) => {
                self.report(
                    other.span(),
                    format!(
                        "`{key}` must be written as a list of tables, each starting with {example}"
                    ),
                );
                Vec::new()
            }
        }
    }

    fn framework(&mut self, root: &Table, origin: &str) -> Option<Framework> {
        self.unknown_keys(
            root,
            &["framework", "sections", "items"],
            "a checklist file",
        );
        let Some(header) = root.get("framework").and_then(TomlItem::as_table) else {
            self.report(
                root.get("framework").and_then(TomlItem::span),
                "[framework] must be a table with id and title",
            );
            return None;
        };
        self.unknown_keys(header, FRAMEWORK_KEYS, "[framework]");
        let id = self.string(header, "id", "[framework]", true);
        if let Some(id) = &id {
            let valid = !id.is_empty()
                && id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if !valid {
                self.report(
                    Self::span_of(header, "id"),
                    format!(
                        "framework id `{}` must use lower-case letters, digits and '-' only, like `uk-sscop`",
                        id.escape_debug()
                    ),
                );
            }
        }
        let title = self.non_empty_title(header, "[framework]");
        let publisher = self.string(header, "publisher", "[framework]", false);
        let version = self.string(header, "version", "[framework]", false);
        let source = self.string(header, "source", "[framework]", false);
        let licence = self.string(header, "licence", "[framework]", false);

        let sections = self.sections(root);
        let items = self.items(root, &sections);
        Some(Framework {
            id: id?,
            title,
            publisher: publisher.unwrap_or_default(),
            version: version.unwrap_or_default(),
            source: source.unwrap_or_default(),
            licence: licence.unwrap_or_default(),
            sections,
            items,
            origin: origin.to_owned(),
        })
    }

    fn sections(&mut self, root: &Table) -> Vec<Section> {
        let tables = self.tables(root, "sections", "[[sections]]");
        let mut sections = Vec::new();
        let mut seen: HashMap<String, Problem> = HashMap::new();
        let mut parent_spans = Vec::new();
        for table in &tables {
            self.unknown_keys(table, SECTION_KEYS, "a section");
            let Some(id) = self.string(table, "id", "a section", true) else {
                continue;
            };
            let what = format!("section `{id}`");
            if !self.check_id(table, "id", &id, "section id") {
                continue;
            }
            if let Some(first) = seen.get(&id) {
                let message = format!(
                    "duplicate section id `{id}` (first defined at line {}); give each section its own id",
                    first.line
                );
                self.report(Self::span_of(table, "id"), message);
                continue;
            }
            seen.insert(id.clone(), self.here(Self::span_of(table, "id")));
            let title = self.non_empty_title(table, &what);
            let parent = self.string(table, "parent", &what, false);
            parent_spans.push(Self::span_of(table, "parent"));
            sections.push(Section { id, title, parent });
        }
        let in_cycle = sections_in_cycles(&sections);
        for (section, span) in sections.iter().zip(parent_spans) {
            if let Some(parent) = &section.parent
                && !seen.contains_key(parent)
            {
                self.report(
                    span.clone(),
                    format!(
                        "section `{}` names parent `{parent}`, which is not a section of this file",
                        section.id
                    ),
                );
            }
            if in_cycle.contains(section.id.as_str()) {
                self.report(
                    span,
                    format!(
                        "section `{}` is its own ancestor through `parent`; sections must form a tree",
                        section.id
                    ),
                );
            }
        }
        sections
    }

    fn items(&mut self, root: &Table, sections: &[Section]) -> Vec<Item> {
        let tables = self.tables(root, "items", "[[items]]");
        let section_ids: HashSet<&str> = sections.iter().map(|s| s.id.as_str()).collect();
        let mut items = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        // Every `replaces` entry: the replaced id, the item replacing it, and where it stands.
        let mut claims: Vec<(String, String, Problem)> = Vec::new();
        for table in &tables {
            self.unknown_keys(table, ITEM_KEYS, "an item");
            let Some(id) = self.string(table, "id", "an item", true) else {
                continue;
            };
            if !self.check_id(table, "id", &id, "item id") {
                continue;
            }
            let what = format!("item `{id}`");
            if let Some(&first) = seen.get(&id) {
                let line = self.locator.line_column(first).0;
                let message = format!(
                    "duplicate item id `{id}` (first defined at line {line}); ids must be unique and stable"
                );
                self.report(Self::span_of(table, "id"), message);
                continue;
            }
            let offset = Self::span_of(table, "id").map_or(0, |span| span.start);
            seen.insert(id.clone(), offset);
            let section = self
                .string(table, "section", &what, true)
                .unwrap_or_default();
            if table.contains_key("section") && !section_ids.contains(section.as_str()) {
                self.report(
                    Self::span_of(table, "section"),
                    format!("{what} is in section `{section}`, which this file does not define; add a [[sections]] entry or fix the id"),
                );
            }
            let title = self.non_empty_title(table, &what);
            let guidance = self
                .string(table, "guidance", &what, true)
                .unwrap_or_default();
            if table.contains_key("guidance") && guidance.trim().is_empty() {
                self.report(
                    Self::span_of(table, "guidance"),
                    format!("{what} has empty guidance; say in a few sentences what to do"),
                );
            }
            let evidence_hints = self.strings(table, "evidence", &what);
            let tags = self.strings(table, "tags", &what);
            let level = self.string(table, "level", &what, false);
            let replaces = self.replaces(table, &id, &mut claims);
            items.push(Item {
                id,
                section,
                title,
                guidance: guidance.trim().to_owned(),
                evidence_hints,
                tags,
                level,
                replaces,
            });
        }
        self.check_replaced(&claims, &seen);
        items
    }

    /// The `replaces` list of item `id`, each entry checked as an id and noted in `replaced`.
    fn replaces(
        &mut self,
        table: &Table,
        id: &str,
        replaced: &mut Vec<(String, String, Problem)>,
    ) -> Vec<String> {
        let what = format!("item `{id}`");
        let Some(value) = table.get("replaces") else {
            return Vec::new();
        };
        let Some(array) = value.as_array() else {
            self.report(
                value.span(),
                format!("`replaces` in {what} must be a list of the item ids it took over, like [\"1.1-C7\"]"),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for element in array {
            let Some(old) = element.as_str() else {
                self.report(
                    element.span(),
                    format!("every entry of `replaces` in {what} must be an item id in quotes"),
                );
                continue;
            };
            let problem = if old.trim().is_empty() {
                Some(format!("{what} replaces an empty id"))
            } else if old
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || c == ':')
            {
                Some(format!(
                    "{what} replaces `{}`, which is not an item id: ids have no spaces, control characters or `:` (name the old id within this framework)",
                    old.escape_debug()
                ))
            } else if old == id {
                Some(format!(
                    "{what} replaces itself; list only the ids it took over"
                ))
            } else {
                None
            };
            if let Some(message) = problem {
                self.report(element.span(), message);
                continue;
            }
            replaced.push((old.to_owned(), id.to_owned(), self.here(element.span())));
            out.push(old.to_owned());
        }
        out
    }

    /// A replaced id must be gone from the file, and can move to one item only.
    fn check_replaced(
        &mut self,
        replaced: &[(String, String, Problem)],
        items: &HashMap<String, usize>,
    ) {
        let mut first: HashMap<&str, (&str, usize)> = HashMap::new();
        for (old, new, at) in replaced {
            // `items` holds byte offsets of ids; lines are worked out only when reported.
            if let Some(&offset) = items.get(old) {
                let line = self.locator.line_column(offset).0;
                self.problems.push(Problem {
                    message: format!(
                        "item `{new}` replaces `{old}`, but `{old}` is still an item of this file (line {line}); remove it, or drop it from `replaces`"
                    ),
                    ..at.clone()
                });
            } else if let Some((other, line)) = first.get(old.as_str()) {
                self.problems.push(Problem {
                    message: format!(
                        "`{old}` is replaced by both `{other}` (line {line}) and `{new}`; its progress can carry over to one item only"
                    ),
                    ..at.clone()
                });
            } else {
                first.insert(old, (new, at.line));
            }
        }
    }

    fn mapping(&mut self, root: &Table, origin: &str) -> Option<ParsedMapping> {
        self.unknown_keys(root, &["mapping", "pairs"], "a mapping file");
        let Some(header) = root.get("mapping").and_then(TomlItem::as_table) else {
            self.report(
                root.get("mapping").and_then(TomlItem::span),
                "[mapping] must be a table with from, to and provenance",
            );
            return None;
        };
        self.unknown_keys(header, MAPPING_KEYS, "[mapping]");
        let from = self.string(header, "from", "[mapping]", true);
        let to = self.string(header, "to", "[mapping]", true);
        let provenance = self.string(header, "provenance", "[mapping]", false);
        let header_positions = (
            self.here(Self::span_of(header, "from")),
            self.here(Self::span_of(header, "to")),
        );
        let mut pairs = Vec::new();
        let mut pair_positions = Vec::new();
        let mut seen: HashMap<(String, String), usize> = HashMap::new();
        for table in self.tables(root, "pairs", "[[pairs]]") {
            self.unknown_keys(table, PAIR_KEYS, "a pair");
            let pair_from = self.string(table, "from", "a pair", true);
            let pair_to = self.string(table, "to", "a pair", true);
            let strength_word = self.string(table, "strength", "a pair", true);
            let strength = strength_word.as_deref().and_then(|word| {
                let strength = Strength::parse(word);
                if strength.is_none() {
                    self.report(
                        Self::span_of(table, "strength"),
                        format!("unknown strength `{word}`; use strong, partial or weak"),
                    );
                }
                strength
            });
            let pair_provenance = self
                .string(table, "provenance", "a pair", false)
                .or_else(|| provenance.clone());
            if pair_provenance.is_none() && table.contains_key("from") {
                self.report(
                    table.span(),
                    "the pair has no provenance; set `provenance` in [mapping] or on the pair",
                );
            }
            let (Some(pair_from), Some(pair_to), Some(strength)) = (pair_from, pair_to, strength)
            else {
                continue;
            };
            let from_at = self.here(Self::span_of(table, "from"));
            if let Some(line) = seen.get(&(pair_from.clone(), pair_to.clone())) {
                let message = format!(
                    "the pair `{pair_from}` -> `{pair_to}` is listed twice (first at line {line})"
                );
                self.report(Self::span_of(table, "from"), message);
                continue;
            }
            seen.insert((pair_from.clone(), pair_to.clone()), from_at.line);
            pair_positions.push((from_at, self.here(Self::span_of(table, "to"))));
            pairs.push(MappingPair {
                from: pair_from,
                to: pair_to,
                strength,
                provenance: pair_provenance.unwrap_or_default(),
            });
        }
        Some(ParsedMapping {
            mapping: Mapping {
                from: from?,
                to: to?,
                pairs,
                origin: origin.to_owned(),
            },
            pair_positions,
            header_positions,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
[framework]
id = "demo"
title = "Demo"

[[sections]]
id = "A"
title = "Alpha"

[[sections]]
id = "A.1"
parent = "A"
title = "Alpha one"

[[items]]
id = "A.1-C1"
section = "A.1"
title = "Do the thing"
guidance = "Do it well."
evidence = ["a file"]
"#;

    fn framework(text: &str) -> (Option<Framework>, Vec<String>) {
        let (parsed, problems) = parse_file("demo.toml", text, "test");
        let framework = match parsed {
            Some(ParsedFile::Framework(f)) => Some(f),
            _ => None,
        };
        (
            framework,
            problems.iter().map(ToString::to_string).collect(),
        )
    }

    #[test]
    fn a_good_file_parses_without_problems() {
        let (framework, problems) = framework(GOOD);
        assert!(problems.is_empty(), "{problems:?}");
        let framework = framework.unwrap();
        assert_eq!(framework.items[0].evidence_hints, vec!["a file"]);
        assert_eq!(framework.sections[1].parent.as_deref(), Some("A"));
    }

    #[test]
    fn malformed_toml_is_reported_at_its_line_and_column() {
        let (_, problems) = framework("[framework]\nid = = \"demo\"");
        assert_eq!(problems.len(), 1);
        assert!(problems[0].starts_with("demo.toml:2:"), "{problems:?}");
        assert!(problems[0].contains("not valid TOML"));
    }

    #[test]
    fn every_problem_is_reported_not_just_the_first() {
        let text = GOOD.to_owned()
            + r#"
[[items]]
id = "A.1-C1"
section = "A.1"
title = "dup"
guidance = "g"

[[items]]
id = "B-1"
section = "B"
title = ""
guidance = "g"
titel = "typo"
"#;
        let (_, problems) = framework(&text);
        let joined = problems.join("\n");
        assert!(
            joined
                .contains("demo.toml:23:6: duplicate item id `A.1-C1` (first defined at line 16)"),
            "{joined}"
        );
        assert!(
            joined.contains("section `B`, which this file does not define"),
            "{joined}"
        );
        assert!(joined.contains("item `B-1` has an empty title"), "{joined}");
        assert!(joined.contains("unknown key `titel`"), "{joined}");
    }

    #[test]
    fn parent_cycles_and_unknown_parents_are_reported() {
        let text = r#"
[framework]
id = "demo"
title = "Demo"
[[sections]]
id = "A"
parent = "B"
title = "A"
[[sections]]
id = "B"
parent = "A"
title = "B"
[[sections]]
id = "C"
parent = "Z"
title = "C"
"#;
        let (_, problems) = framework(text);
        let joined = problems.join("\n");
        assert!(joined.contains("`A` is its own ancestor"), "{joined}");
        assert!(
            joined.contains("parent `Z`, which is not a section"),
            "{joined}"
        );
    }

    #[test]
    fn a_long_parent_chain_is_checked_in_one_pass_and_only_true_cycles_are_reported() {
        use std::fmt::Write as _;
        let mut text = String::from("[framework]\nid = \"demo\"\ntitle = \"Demo\"\n");
        for n in 0..20_000 {
            let _ = write!(text, "[[sections]]\nid = \"S{n}\"\ntitle = \"t\"\n");
            if n > 0 {
                let _ = writeln!(text, "parent = \"S{}\"", n - 1);
            }
        }
        // A cycle hanging off the chain: X -> Y -> X, and Z leading into it.
        text.push_str("[[sections]]\nid = \"X\"\nparent = \"Y\"\ntitle = \"t\"\n");
        text.push_str("[[sections]]\nid = \"Y\"\nparent = \"X\"\ntitle = \"t\"\n");
        text.push_str("[[sections]]\nid = \"Z\"\nparent = \"X\"\ntitle = \"t\"\n");
        let started = std::time::Instant::now();
        let (_, problems) = framework(&text);
        assert!(started.elapsed() < std::time::Duration::from_secs(20));
        let cycles: Vec<&String> = problems
            .iter()
            .filter(|p| p.contains("own ancestor"))
            .collect();
        assert_eq!(cycles.len(), 2, "X and Y, not Z nor the chain: {cycles:?}");
    }

    #[test]
    fn a_file_with_very_many_problems_lists_a_thousand_and_counts_the_rest() {
        let mut text = GOOD.to_owned();
        text.push_str("[[items]]\nid = \"E\"\nsection = \"A.1\"\ntitle = \"t\"\nguidance = \"g\"\nevidence = [");
        text.push_str(&"1,".repeat(5_000));
        text.push_str("]\n");
        let (_, problems) = framework(&text);
        assert_eq!(problems.len(), MAX_PROBLEMS + 1);
        assert!(
            problems[MAX_PROBLEMS].ends_with(
                "4000 more problems in this file are not listed; fix the ones above first"
            ),
            "{}",
            problems[MAX_PROBLEMS]
        );
    }

    #[test]
    fn ids_with_spaces_or_colons_are_refused() {
        let text = GOOD.replace("id = \"A.1-C1\"", "id = \"A 1:C1\"");
        let (_, problems) = framework(&text);
        assert!(problems[0].contains("contains a space"), "{problems:?}");
    }

    #[test]
    fn replaces_names_old_ids_that_are_gone_and_claimed_once() {
        let text = GOOD.to_owned()
            + r#"replaces = ["A.1-C0", "A-old"]

[[items]]
id = "A.1-C2"
section = "A.1"
title = "Another"
guidance = "g"
replaces = ["A.1-C1", "A-old", "A.1-C2", "bad id", 3]
"#;
        let (framework, problems) = framework(&text);
        assert_eq!(
            framework.unwrap().items[0].replaces,
            vec!["A.1-C0", "A-old"]
        );
        assert_eq!(
            problems,
            vec![
                "demo.toml:28:32: item `A.1-C2` replaces itself; list only the ids it took over",
                "demo.toml:28:42: item `A.1-C2` replaces `bad id`, which is not an item id: ids have no spaces, control characters or `:` (name the old id within this framework)",
                "demo.toml:28:52: every entry of `replaces` in item `A.1-C2` must be an item id in quotes",
                "demo.toml:28:13: item `A.1-C2` replaces `A.1-C1`, but `A.1-C1` is still an item of this file (line 16); remove it, or drop it from `replaces`",
                "demo.toml:28:23: `A-old` is replaced by both `A.1-C1` (line 21) and `A.1-C2`; its progress can carry over to one item only",
            ]
        );
    }

    #[test]
    fn oversized_files_are_refused_before_parsing() {
        let text = "#".repeat(MAX_FILE_BYTES + 1);
        let (parsed, problems) = parse_file("big.toml", &text, "test");
        assert!(parsed.is_none());
        assert!(problems[0].to_string().contains("byte limit"));
    }

    #[test]
    fn mappings_report_bad_strength_duplicates_and_unknown_items() {
        let text = r#"
[mapping]
from = "demo"
to = "other"
provenance = "us"
[[pairs]]
from = "A.1-C1"
to = "X"
strength = "strong"
[[pairs]]
from = "A.1-C1"
to = "X"
strength = "strong"
[[pairs]]
from = "nope"
to = "X"
strength = "mighty"
"#;
        let (parsed, problems) = parse_file("m.toml", text, "test");
        let joined: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert!(
            joined.iter().any(|p| p.contains("listed twice")),
            "{joined:?}"
        );
        assert!(
            joined
                .iter()
                .any(|p| p.starts_with("m.toml:17:12: unknown strength `mighty`")),
            "{joined:?}"
        );
        let Some(ParsedFile::Mapping(parsed)) = parsed else {
            panic!("expected a mapping")
        };
        let (demo, _) = framework(GOOD);
        let targets: Vec<String> = check_mapping_targets(&parsed, &[demo.unwrap()])
            .iter()
            .map(ToString::to_string)
            .collect();
        assert!(
            targets
                .iter()
                .any(|p| p.starts_with("m.toml:4:6: the mapping names framework `other`")),
            "{targets:?}"
        );
    }
}
