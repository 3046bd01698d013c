//! Importing OWASP's ASVS CSV export as a checklist file (`vouch import asvs`).
//!
//! The CSV that OWASP publishes for ASVS 5.0 has the columns `chapter_id`, `chapter_name`,
//! `section_id`, `section_name`, `req_id`, `req_description` and `L` (the level a requirement
//! first appears at). Columns are found by their header name, in any order and case; others
//! are ignored. Chapters and sections become nested sections, requirements become items with
//! `level = "L1"` .. `"L3"`. The requirement text is the user's own copy of OWASP's text: it
//! goes in unchanged as the guidance (line breaks normalised to `\n`), and its first sentence
//! becomes the title.
//!
//! Ids are kept as given, except that bare numbers (`1.2.3`) get the `V` prefix the ASVS 5.0
//! export uses (`V1.2.3`), so a file with either spelling gives the same ids and progress
//! survives a re-import.

use std::collections::HashMap;

use toml_edit::{ArrayOfTables, DocumentMut, Item as TomlItem, Table, Value};

use super::checklist::{ParsedFile, parse_file};
use super::location::{Locator, Problem};

/// The framework id of an imported ASVS checklist.
pub const FRAMEWORK_ID: &str = "owasp-asvs";

/// The columns the import reads, by header name.
const COLUMNS: [&str; 7] = [
    "chapter_id",
    "chapter_name",
    "section_id",
    "section_name",
    "req_id",
    "req_description",
    "L",
];

/// Titles longer than this many characters are cut at a word, with `…`.
const MAX_TITLE: usize = 100;

/// A chapter or section: id and name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// Id as normalised, e.g. `V1` or `V1.2`.
    pub id: String,
    /// Name as given; the id when the file leaves it empty.
    pub name: String,
    /// For a section, its chapter's id.
    pub parent: Option<String>,
}

/// One requirement kept by the import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    /// Id as normalised, e.g. `V1.2.3`.
    pub id: String,
    /// The section (or, when the row has none, the chapter) that holds it.
    pub section: String,
    /// The requirement text as given.
    pub text: String,
    /// The level it first appears at, 1 to 3.
    pub level: u8,
}

/// What a CSV file holds, filtered by level.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AsvsImport {
    /// Chapters and sections that hold at least one kept requirement, each chapter followed by
    /// its sections, in the order they first appear.
    pub groups: Vec<Group>,
    /// Requirements at the chosen level and below, in file order.
    pub requirements: Vec<Requirement>,
    /// Requirements left out because their level is above the chosen one.
    pub above_level: usize,
    /// The chosen level.
    pub max_level: u8,
}

impl AsvsImport {
    /// Number of chapters kept.
    #[must_use]
    pub fn chapters(&self) -> usize {
        self.groups.iter().filter(|g| g.parent.is_none()).count()
    }

    /// Number of sections kept (below chapters).
    #[must_use]
    pub fn sections(&self) -> usize {
        self.groups.len() - self.chapters()
    }
}

/// Reads an ASVS CSV export reported under the name `file`, keeping requirements at
/// `max_level` and below. Every problem is reported with its line and column; nothing is
/// kept when there is any.
pub fn read_csv(file: &str, bytes: &[u8], max_level: u8) -> Result<AsvsImport, Vec<Problem>> {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let valid = err.valid_up_to();
            let before = String::from_utf8_lossy(&bytes[..valid]).into_owned();
            let problem = Locator::new(file, &before).problem(
                Some(valid..valid),
                "the file is not valid UTF-8 text; save it as UTF-8",
            );
            return Err(vec![problem]);
        }
    };
    let locator = Locator::new(file, text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let header = match reader.headers() {
        Ok(header) => header.clone(),
        Err(err) => return Err(vec![csv_problem(&locator, &err)]),
    };
    let columns = find_columns(&locator, &header)?;

    let mut reading = Reading {
        locator,
        text,
        problems: Vec::new(),
        import: AsvsImport {
            max_level,
            ..AsvsImport::default()
        },
        first_line: HashMap::new(),
        chapter_of: HashMap::new(),
        names: HashMap::new(),
        order: Vec::new(),
    };
    for record in reader.records() {
        match record {
            Ok(record) => reading.row(&columns, &record),
            Err(err) => reading.problems.push(csv_problem(&reading.locator, &err)),
        }
    }
    if reading.problems.is_empty() && reading.first_line.is_empty() {
        reading.problems.push(
            reading
                .locator
                .problem(None, "the file has a header but no requirements"),
        );
    }
    if !reading.problems.is_empty() {
        return Err(reading.problems);
    }
    Ok(reading.finish())
}

/// Column positions of [`COLUMNS`], in that order.
fn find_columns(
    locator: &Locator<'_>,
    header: &csv::StringRecord,
) -> Result<[usize; 7], Vec<Problem>> {
    let names: Vec<String> = header
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim().to_owned())
        .collect();
    let mut found = [0; 7];
    let mut missing = Vec::new();
    for (slot, wanted) in found.iter_mut().zip(COLUMNS) {
        let position = names.iter().position(|name| {
            name.eq_ignore_ascii_case(wanted)
                || (wanted == "L" && name.eq_ignore_ascii_case("level"))
        });
        match position {
            Some(position) => *slot = position,
            None => missing.push(wanted),
        }
    }
    if missing.is_empty() {
        return Ok(found);
    }
    let quoted: Vec<String> = missing.iter().map(|m| format!("`{m}`")).collect();
    let has: Vec<String> = names
        .iter()
        .map(|n| format!("`{}`", n.escape_debug()))
        .collect();
    Err(vec![locator.problem(
        Some(0..0),
        format!(
            "the header has no {} column{}; it has {}. OWASP's ASVS 5.0 CSV has the columns {}",
            quoted.join(", "),
            if missing.len() == 1 { "" } else { "s" },
            has.join(", "),
            COLUMNS.join(", ")
        ),
    )])
}

fn csv_problem(locator: &Locator<'_>, err: &csv::Error) -> Problem {
    let at = err.position().map(|p| {
        let offset = usize::try_from(p.byte()).unwrap_or(usize::MAX);
        offset..offset
    });
    let message = match err.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!(
            "this row has {len} fields, but the header has {expected_len}; check its quotes and commas"
        ),
        csv::ErrorKind::Utf8 { .. } => "this row is not valid UTF-8 text".to_owned(),
        _ => format!("cannot read this row: {err}"),
    };
    locator.problem(at, message)
}

struct Reading<'a> {
    locator: Locator<'a>,
    text: &'a str,
    problems: Vec<Problem>,
    import: AsvsImport,
    /// Line each requirement id was first seen on.
    first_line: HashMap<String, usize>,
    /// Chapter of each section id, with the line that said so.
    chapter_of: HashMap<String, (String, usize)>,
    /// Name of each chapter and section id, from its first row.
    names: HashMap<String, String>,
    /// Chapter and section ids in order of first appearance.
    order: Vec<String>,
}

impl Reading<'_> {
    /// Where field `index` of the record starting at byte `start` begins.
    fn field_span(&self, start: usize, index: usize) -> std::ops::Range<usize> {
        let mut commas = 0;
        let mut quoted = false;
        if index == 0 {
            return start..start;
        }
        for (offset, c) in self.text[start.min(self.text.len())..].char_indices() {
            match c {
                '"' => quoted = !quoted,
                ',' if !quoted => {
                    commas += 1;
                    if commas == index {
                        let at = start + offset + 1;
                        return at..at;
                    }
                }
                '\n' if !quoted => break,
                _ => {}
            }
        }
        start..start
    }

    fn row(&mut self, columns: &[usize; 7], record: &csv::StringRecord) {
        let start = record
            .position()
            .map_or(0, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX));
        let line = record
            .position()
            .map_or(0, |p| usize::try_from(p.line()).unwrap_or(usize::MAX));
        let field = |i: usize| record.get(columns[i]).unwrap_or("");
        if record.iter().all(|f| f.trim().is_empty()) {
            return;
        }
        let problem = |this: &mut Self, column: usize, message: String| {
            let span = this.field_span(start, columns[column]);
            this.problems
                .push(this.locator.problem(Some(span), message));
        };

        let Some(req_id) = normalise_id(field(4)) else {
            let message = format!(
                "`req_id` `{}` is not a usable id: it must not be empty or contain spaces or `:`",
                field(4).escape_debug()
            );
            problem(self, 4, message);
            return;
        };
        let Some(level) = parse_level(field(6)) else {
            let message = format!(
                "`L` of {req_id} is `{}`; use the level the requirement first appears at: 1, 2 or 3",
                field(6).escape_debug()
            );
            problem(self, 6, message);
            return;
        };
        if let Some(first) = self.first_line.get(&req_id) {
            let message = format!(
                "duplicate req_id `{req_id}` (first at line {first}); each requirement must appear once"
            );
            problem(self, 4, message);
            return;
        }
        self.first_line.insert(req_id.clone(), line);
        let Some(chapter) = normalise_id(field(0)) else {
            let message = format!(
                "`chapter_id` of {req_id} is `{}`; it must not be empty or contain spaces or `:`",
                field(0).escape_debug()
            );
            problem(self, 0, message);
            return;
        };
        let section = if field(2).trim().is_empty() {
            None
        } else if let Some(section) = normalise_id(field(2)) {
            Some(section)
        } else {
            let message = format!(
                "`section_id` of {req_id} is `{}`; it must not contain spaces or `:`",
                field(2).escape_debug()
            );
            problem(self, 2, message);
            return;
        };
        let text = field(5).replace("\r\n", "\n");
        if text.trim().is_empty() {
            problem(self, 5, format!("`req_description` of {req_id} is empty"));
            return;
        }
        if let Some(section) = &section
            && *section != chapter
        {
            match self.chapter_of.get(section) {
                Some((other, first)) if *other != chapter => {
                    let message = format!(
                        "section {section} is in chapter {other} at line {first}, but in chapter {chapter} here"
                    );
                    problem(self, 0, message);
                    return;
                }
                Some(_) => {}
                None => {
                    self.chapter_of
                        .insert(section.clone(), (chapter.clone(), line));
                }
            }
        }
        if level > self.import.max_level {
            self.import.above_level += 1;
            return;
        }
        self.remember(&chapter, field(1));
        let holder = match section {
            Some(section) if section != chapter => {
                self.remember(&section, field(3));
                section
            }
            _ => chapter,
        };
        self.import.requirements.push(Requirement {
            id: req_id,
            section: holder,
            text,
            level,
        });
    }

    fn remember(&mut self, id: &str, name: &str) {
        if !self.names.contains_key(id) {
            let name = one_line(name);
            let name = if name.is_empty() { id.to_owned() } else { name };
            self.names.insert(id.to_owned(), name);
            self.order.push(id.to_owned());
        }
    }

    fn finish(mut self) -> AsvsImport {
        let mut groups = Vec::new();
        for id in self
            .order
            .iter()
            .filter(|id| !self.chapter_of.contains_key(*id))
        {
            groups.push(Group {
                id: id.clone(),
                name: self.names[id].clone(),
                parent: None,
            });
            for section in self.order.iter().filter(|s| {
                self.chapter_of
                    .get(*s)
                    .is_some_and(|(chapter, _)| chapter == id)
            }) {
                groups.push(Group {
                    id: section.clone(),
                    name: self.names[section].clone(),
                    parent: Some(id.clone()),
                });
            }
        }
        self.import.groups = groups;
        self.import
    }
}

/// `1.2.3` -> `V1.2.3`; other ids as given, trimmed. `None` for an empty id or one with
/// spaces, control characters or `:`, which checklist ids cannot have.
#[must_use]
pub fn normalise_id(raw: &str) -> Option<String> {
    let id = raw.trim();
    if id.is_empty()
        || id
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == ':')
    {
        return None;
    }
    let bare = id
        .split('.')
        .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit()));
    Some(if bare {
        format!("V{id}")
    } else {
        id.to_owned()
    })
}

/// `1`, `L1`, `l1`, ` 2 ` -> the level; anything else, or a level outside 1 to 3, is `None`.
fn parse_level(raw: &str) -> Option<u8> {
    let raw = raw.trim();
    let digits = raw
        .strip_prefix('L')
        .or_else(|| raw.strip_prefix('l'))
        .unwrap_or(raw);
    match digits.parse::<u8>() {
        Ok(level @ 1..=3) => Some(level),
        _ => None,
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first sentence of `text` on one line, without its full stop; cut at a word with `…`
/// when longer than [`MAX_TITLE`] characters.
#[must_use]
pub fn title_from(text: &str) -> String {
    let flat = one_line(text);
    let mut end = flat.len();
    let mut search = 0;
    while let Some(found) = flat[search..].find(['.', '!', '?']) {
        let at = search + found;
        let next = flat[at + 1..].chars().next();
        let word_start = flat[..at].rfind(' ').map_or(0, |i| i + 1);
        let word = flat[word_start..=at].to_ascii_lowercase();
        let abbreviation = ["e.g.", "i.e.", "etc.", "vs.", "cf.", "approx."]
            .iter()
            .any(|a| word.ends_with(a));
        if next.is_none_or(char::is_whitespace) && !abbreviation {
            end = at + usize::from(flat.as_bytes()[at] != b'.');
            break;
        }
        search = at + 1;
    }
    let sentence = flat[..end].trim();
    if sentence.chars().count() <= MAX_TITLE {
        return sentence.to_owned();
    }
    let cut: String = sentence.chars().take(MAX_TITLE - 1).collect();
    let cut = cut.rfind(' ').map_or(cut.as_str(), |i| &cut[..i]);
    format!("{}…", cut.trim_end_matches([',', ';', ':']))
}

/// The checklist file for `import`: `[framework]`, chapters and sections as nested
/// `[[sections]]`, requirements as `[[items]]`. Written with `toml_edit`, so every string is
/// validly quoted whatever the text holds. `source_name` is the CSV as the user named it.
#[must_use]
pub fn render_checklist(import: &AsvsImport, source_name: &str) -> String {
    let mut document = DocumentMut::new();
    let mut header = Table::new();
    header.decor_mut().set_prefix(format!(
        "# OWASP Application Security Verification Standard, imported by `vouch import asvs`\n\
         # from {} with requirements at level {} and below.\n\
         # The requirement text is OWASP's (ASVS is licensed CC BY-SA 4.0), as given in that file.\n\
         # Import again with --force to update it: the item ids stay the same, so progress is kept.\n",
        one_line(source_name).replace(['\n', '\r'], " "),
        import.max_level
    ));
    header.insert("id", TomlItem::Value(FRAMEWORK_ID.into()));
    header.insert(
        "title",
        TomlItem::Value("OWASP Application Security Verification Standard".into()),
    );
    header.insert("publisher", TomlItem::Value("OWASP Foundation".into()));
    header.insert(
        "version",
        TomlItem::Value(format!("5.0, levels 1 to {}", import.max_level).into()),
    );
    header.insert(
        "source",
        TomlItem::Value(
            "https://owasp.org/www-project-application-security-verification-standard/".into(),
        ),
    );
    header.insert(
        "licence",
        TomlItem::Value(
            "Requirement text from the OWASP ASVS (CC BY-SA 4.0), imported from the team's own copy of the CSV export."
                .into(),
        ),
    );
    document.insert("framework", TomlItem::Table(header));

    let mut sections = ArrayOfTables::new();
    for group in &import.groups {
        let mut table = Table::new();
        table.decor_mut().set_prefix("\n");
        table.insert("id", TomlItem::Value(group.id.as_str().into()));
        if let Some(parent) = &group.parent {
            table.insert("parent", TomlItem::Value(parent.as_str().into()));
        }
        table.insert("title", TomlItem::Value(group.name.as_str().into()));
        sections.push(table);
    }
    document.insert("sections", TomlItem::ArrayOfTables(sections));

    let mut items = ArrayOfTables::new();
    for requirement in &import.requirements {
        let mut table = Table::new();
        table.decor_mut().set_prefix("\n");
        table.insert("id", TomlItem::Value(requirement.id.as_str().into()));
        table.insert(
            "section",
            TomlItem::Value(requirement.section.as_str().into()),
        );
        table.insert(
            "title",
            TomlItem::Value(title_from(&requirement.text).into()),
        );
        table.insert("guidance", TomlItem::Value(multi_line(&requirement.text)));
        table.insert(
            "level",
            TomlItem::Value(format!("L{}", requirement.level).into()),
        );
        items.push(table);
    }
    document.insert("items", TomlItem::ArrayOfTables(items));
    document.to_string()
}

/// Text with line breaks as a multi-line literal string when that reads back exactly, so the
/// file shows it line by line; otherwise an ordinary string with escapes.
fn multi_line(text: &str) -> Value {
    if !text.contains('\n')
        || text.contains("'''")
        || text.ends_with('\'')
        || text
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Value::from(text);
    }
    format!("'''\n{text}'''")
        .parse::<Value>()
        .ok()
        .filter(|v| v.as_str() == Some(text))
        .unwrap_or_else(|| Value::from(text))
}

/// Checks a rendered checklist with the same parser `vouch validate` uses; any problem here is
/// a bug in the import, reported rather than written.
pub fn check_rendered(name: &str, text: &str) -> Result<(), Vec<Problem>> {
    let (parsed, problems) = parse_file(name, text, name);
    if !problems.is_empty() {
        return Err(problems);
    }
    match parsed {
        Some(ParsedFile::Framework(_)) => Ok(()),
        _ => Err(vec![
            Locator::new(name, text).problem(None, "not a checklist file"),
        ]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Framework;
    use std::fmt::Write as _;

    const HEADER: &str =
        "chapter_id,chapter_name,section_id,section_name,req_id,req_description,L\n";

    fn read(text: &str, level: u8) -> Result<AsvsImport, Vec<String>> {
        read_csv("asvs.csv", text.as_bytes(), level)
            .map_err(|problems| problems.iter().map(ToString::to_string).collect())
    }

    fn framework_of(import: &AsvsImport) -> Framework {
        let text = render_checklist(import, "asvs.csv");
        check_rendered("owasp-asvs.toml", &text).unwrap();
        match parse_file("owasp-asvs.toml", &text, "test") {
            (Some(ParsedFile::Framework(framework)), _) => framework,
            other => panic!("not a framework: {other:?}"),
        }
    }

    #[test]
    fn chapters_and_sections_nest_and_levels_filter_by_first_appearance() {
        let text = format!(
            "{HEADER}V1,Encoding,V1.1,Architecture,V1.1.1,Decode once. Then check.,2\n\
             V1,Encoding,V1.1,Architecture,V1.1.2,Encode for the context.,1\n\
             V2,Validation,V2.1,Docs,V2.1.1,Write the rules down.,3\n"
        );
        let import = read(&text, 2).unwrap();
        assert_eq!(import.requirements.len(), 2);
        assert_eq!(import.above_level, 1);
        assert_eq!(
            (import.chapters(), import.sections()),
            (1, 1),
            "V2 holds nothing kept"
        );
        let framework = framework_of(&import);
        assert_eq!(framework.id, "owasp-asvs");
        let sections: Vec<(&str, Option<&str>, &str)> = framework
            .sections
            .iter()
            .map(|s| (s.id.as_str(), s.parent.as_deref(), s.title.as_str()))
            .collect();
        assert_eq!(
            sections,
            vec![
                ("V1", None, "Encoding"),
                ("V1.1", Some("V1"), "Architecture")
            ]
        );
        let item = &framework.items[0];
        assert_eq!(
            (
                item.id.as_str(),
                item.section.as_str(),
                item.level.as_deref()
            ),
            ("V1.1.1", "V1.1", Some("L2"))
        );
        assert_eq!(item.title, "Decode once");
        assert_eq!(item.guidance, "Decode once. Then check.");
        assert_eq!(read(&text, 3).unwrap().requirements.len(), 3);
    }

    #[test]
    fn columns_are_found_by_name_in_any_order_and_case() {
        let text = "L,REQ_ID,req_description,section_name,section_id,chapter_name,chapter_id,extra\n\
                    1,V3.1.1,Keep sessions short.,Sessions,V3.1,Session Management,V3,x\n";
        let import = read(text, 3).unwrap();
        assert_eq!(import.requirements[0].id, "V3.1.1");
        assert_eq!(import.requirements[0].section, "V3.1");
        assert_eq!(import.groups[0].name, "Session Management");
    }

    #[test]
    fn a_missing_column_is_named_with_what_the_header_has() {
        let text = "chapter_id,chapter_name,section_id,section_name,id,req_description\n";
        let problems = read(text, 3).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].starts_with(
                "asvs.csv:1:1: the header has no `req_id`, `L` columns; it has `chapter_id`"
            ),
            "{problems:?}"
        );
    }

    #[test]
    fn bad_levels_duplicates_and_short_rows_are_reported_at_their_line_and_column() {
        let text = format!(
            "{HEADER}V1,C,V1.1,S,V1.1.1,One.,1\n\
             V1,C,V1.1,S,V1.1.2,\"Two,\nlines.\",4\n\
             V1,C,V1.1,S,V1.1.1,Again.,2\n\
             V1,C,V1.1,S,V1.1.3,Short\n\
             V1,C,V1.1,S,V1.1.4,,1\n\
             V1,C,V1.1,S,bad id,Text.,1\n"
        );
        let problems = read(&text, 3).unwrap_err();
        assert_eq!(
            problems,
            vec![
                // The row starts on line 3; its `L` field is on line 4, after the quoted break.
                "asvs.csv:4:9: `L` of V1.1.2 is `4`; use the level the requirement first appears at: 1, 2 or 3".to_owned(),
                "asvs.csv:5:13: duplicate req_id `V1.1.1` (first at line 2); each requirement must appear once".to_owned(),
                "asvs.csv:6:1: this row has 6 fields, but the header has 7; check its quotes and commas".to_owned(),
                "asvs.csv:7:20: `req_description` of V1.1.4 is empty".to_owned(),
                "asvs.csv:8:13: `req_id` `bad id` is not a usable id: it must not be empty or contain spaces or `:`".to_owned(),
            ]
        );
    }

    #[test]
    fn bare_numbers_get_the_v_prefix_and_other_ids_are_kept() {
        assert_eq!(normalise_id(" 1.2.3 ").as_deref(), Some("V1.2.3"));
        assert_eq!(normalise_id("2").as_deref(), Some("V2"));
        assert_eq!(normalise_id("V1.2.3").as_deref(), Some("V1.2.3"));
        assert_eq!(normalise_id("v1.2").as_deref(), Some("v1.2"));
        assert_eq!(normalise_id("1..2").as_deref(), Some("1..2"));
        assert_eq!(normalise_id("a:b"), None);
        assert_eq!(normalise_id(""), None);
        let text = format!("{HEADER}1,C,1.1,S,1.1.1,Text.,L1\n");
        let import = read(&text, 3).unwrap();
        assert_eq!(import.requirements[0].id, "V1.1.1");
        assert_eq!(import.groups[1].id, "V1.1");
    }

    #[test]
    fn levels_are_read_as_numbers_with_or_without_l() {
        assert_eq!(parse_level("1"), Some(1));
        assert_eq!(parse_level(" L3 "), Some(3));
        assert_eq!(parse_level("l2"), Some(2));
        for bad in ["", "0", "4", "L", "two", "1.5"] {
            assert_eq!(parse_level(bad), None, "{bad}");
        }
    }

    #[test]
    fn titles_are_the_first_sentence_or_a_cut_at_a_word() {
        assert_eq!(title_from("Do this. Then that."), "Do this");
        assert_eq!(
            title_from("Use TLS (e.g. 1.3) everywhere. More."),
            "Use TLS (e.g. 1.3) everywhere"
        );
        assert_eq!(title_from("Really?  Yes."), "Really?");
        assert_eq!(
            title_from("Version 1.2 of\nthe rules"),
            "Version 1.2 of the rules"
        );
        let long = "word ".repeat(40);
        let title = title_from(&long);
        assert!(title.ends_with("word…"), "{title}");
        assert!(title.chars().count() <= MAX_TITLE, "{title}");
    }

    #[test]
    fn awkward_text_goes_in_unchanged_and_the_file_stays_valid_toml() {
        let awkward = [
            "Quotes \"double\" and 'single', commas, and a trailing quote'",
            "Three quotes ''' and \"\"\" inside.\nAnd a second line",
            "Back\\slashes \\n are not escapes.\r\nWindows line break above.\tTab.",
            "Ünïcödé and emoji 🔐 are kept.\n\nA blank line above.",
        ];
        let mut text = HEADER.to_owned();
        for (i, req) in awkward.iter().enumerate() {
            let quoted = req.replace('"', "\"\"");
            let _ = writeln!(text, "V1,C,V1.1,S,V1.1.{i},\"{quoted}\",1");
        }
        let framework = framework_of(&read(&text, 3).unwrap());
        for (item, req) in framework.items.iter().zip(awkward) {
            assert_eq!(
                item.guidance,
                req.replace("\r\n", "\n").trim(),
                "{}",
                item.id
            );
            assert!(!item.title.contains('\n'));
        }
    }

    #[test]
    fn an_empty_file_or_one_that_is_not_utf8_is_refused() {
        assert_eq!(
            read(HEADER, 3).unwrap_err(),
            vec!["asvs.csv:1:1: the file has a header but no requirements"]
        );
        let problems = read_csv("asvs.csv", b"chapter_id\n\xff", 3).unwrap_err();
        assert!(
            problems[0]
                .to_string()
                .starts_with("asvs.csv:2:1: the file is not valid UTF-8")
        );
    }
}
