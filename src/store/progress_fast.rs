//! The fast paths of reading and saving `.vouch/progress.toml`, beside the careful ones in
//! [`super::progress`].
//!
//! The careful reader parses with `toml_edit` (every value's span, for `file:line:column`
//! errors) and the careful writer parses the whole file again to edit it; on a 1,000-item
//! file each takes several milliseconds. Most files are valid and laid out the way vouch
//! writes them, so:
//!
//! - [`read`] parses with `toml`'s lighter span-keeping parser and builds the same
//!   [`Progress`]. It gives up (`None`) at the first thing it does not like, and the careful
//!   reader then runs and reports the problem exactly as before. It never reports errors itself.
//! - It also notes the file's [`Layout`]: where each `[items."id"]` table starts, when the file
//!   is one block of such tables in id order after the top-level keys (vouch writes nothing
//!   else). [`splice`] then edits only the changed items' stretch of text, with the same
//!   `toml_edit` steps the careful writer applies to the whole document, and pastes it back.
//!   Anything else (an item before the first table, other tables, inline entries) is `None`,
//!   and the careful writer runs.
//!
//! Both must give exactly what the careful paths give; `tests/properties.rs` checks that on
//! generated files and edits.

use std::ops::Range;

use toml::de::{DeTable, DeValue};
use toml_edit::{DocumentMut, Item as TomlItem};

use super::progress::{FORMAT_VERSION, sort_item_tables, write_entry};
use crate::model::progress::{Dismissal, Evidence};
use crate::model::{ItemProgress, Progress, Status};

type Spanned<T> = toml::Spanned<T>;

/// Where each item table starts in a file laid out as vouch writes it: the top-level keys,
/// then `[items."id"]` tables only, in id order. An item's table runs from its header to the
/// next header (or the end of the file), comments before the next header included.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Layout {
    /// (id, byte offset of its `[` ), in file order, which is id order.
    tables: Vec<(String, usize)>,
}

impl Layout {
    fn range(&self, index: usize, text_len: usize) -> Range<usize> {
        let end = self.tables.get(index + 1).map_or(text_len, |(_, at)| *at);
        self.tables[index].1..end
    }
}

/// Reads valid progress text quickly, with its layout when it has the usual one. `None` when
/// anything is off: the caller then runs the careful reader, which says what.
pub(crate) fn read(text: &str) -> Option<(Progress, Option<Layout>)> {
    let root = DeTable::parse(text).ok()?;
    let root = root.get_ref();
    if !root.values().all(|value| numbers_fit(value.get_ref())) {
        return None;
    }
    let mut layout_ok = true;
    for (key, value) in root {
        match (key.get_ref().as_ref(), value.get_ref()) {
            ("version", DeValue::Integer(integer)) => {
                if !i64::from_str_radix(integer.as_str(), integer.radix())
                    .is_ok_and(|v| v <= FORMAT_VERSION)
                {
                    return None;
                }
            }
            ("version", _) => return None,
            ("items", _) => {}
            // Unknown top-level keys are kept; a table among them is not the usual layout.
            (_, value) => layout_ok &= !holds_a_table_header(text, value),
        }
    }
    let mut progress = Progress::default();
    let Some(items) = root.get("items") else {
        return Some((progress, Some(Layout::default())));
    };
    let DeValue::Table(entries) = items.get_ref() else {
        return None;
    };
    let mut tables = Vec::with_capacity(entries.len());
    for (id, entry) in entries {
        let DeValue::Table(table) = entry.get_ref() else {
            return None;
        };
        let id = id.get_ref().as_ref();
        progress
            .items
            .insert(id.to_owned(), read_entry(text, table)?);
        let header = &text[entry.span()];
        layout_ok &= header.starts_with('[') && !header.starts_with("[[");
        layout_ok &= !table.iter().any(|(key, value)| {
            value.span().start < key.span().end || holds_a_table_header(text, value.get_ref())
        });
        tables.push((id.to_owned(), entry.span().start));
    }
    tables.sort_by_key(|(_, at)| *at);
    // `[items]` itself written below an item table, or tables out of id order: not the usual.
    layout_ok &= tables
        .first()
        .is_none_or(|(_, first)| items.span().start <= *first + "[items".len());
    layout_ok &= tables.windows(2).all(|pair| pair[0].0 < pair[1].0);
    Some((progress, layout_ok.then_some(Layout { tables })))
}

/// True when every number in the value fits its type. This parser keeps numbers as text and
/// converts them only when asked; `toml_edit` refuses the file at once (an integer beyond 64
/// bits, a float too large to be anything but infinity), and so must this reader.
fn numbers_fit(value: &DeValue<'_>) -> bool {
    match value {
        DeValue::Integer(integer) => i64::from_str_radix(integer.as_str(), integer.radix()).is_ok(),
        DeValue::Float(float) => float
            .as_str()
            .parse::<f64>()
            .is_ok_and(|f| f.is_finite() || float.as_str().contains("inf")),
        DeValue::Array(array) => array.iter().all(|element| numbers_fit(element.get_ref())),
        DeValue::Table(table) => table.values().all(|value| numbers_fit(value.get_ref())),
        DeValue::String(_) | DeValue::Boolean(_) | DeValue::Datetime(_) => true,
    }
}

/// True when a value is, or holds, a table: one written with a `[header]` cuts the file where
/// the layout does not expect it. (Inline tables in arrays, like evidence, are fine.)
fn holds_a_table_header(text: &str, value: &DeValue<'_>) -> bool {
    match value {
        DeValue::Table(_) => true,
        DeValue::Array(array) => array.iter().any(|element| {
            !text[element.span()].starts_with('{') && holds_a_table_header(text, element.get_ref())
        }),
        _ => false,
    }
}

/// A value that should be a string and is something else: the careful reader reports it.
struct NotText;

fn string<'a>(table: &'a DeTable<'_>, key: &str) -> Result<Option<&'a str>, NotText> {
    match table.get(key).map(Spanned::get_ref) {
        None => Ok(None),
        Some(DeValue::String(text)) => Ok(Some(text.as_ref())),
        Some(_) => Err(NotText),
    }
}

fn owned(table: &DeTable<'_>, key: &str) -> Result<Option<String>, NotText> {
    string(table, key).map(|value| value.map(str::to_owned))
}

/// One item's progress, as [`super::progress::parse_text`] reads it; `None` where it would
/// report a problem.
fn read_entry(text: &str, table: &DeTable<'_>) -> Option<ItemProgress> {
    let status = match string(table, "status").ok()? {
        None => Status::Todo,
        Some(word) => Status::parse(word)?,
    };
    let updated = match table.get("updated").map(Spanned::get_ref) {
        None => None,
        Some(DeValue::Datetime(datetime)) => Some(datetime.to_string()),
        Some(DeValue::String(text)) => Some(text.to_string()),
        Some(_) => return None,
    };
    let review_by = match table.get("review_by").map(Spanned::get_ref) {
        None => None,
        Some(DeValue::Datetime(datetime))
            if datetime.time.is_none() && datetime.offset.is_none() =>
        {
            Some(datetime.to_string())
        }
        Some(DeValue::String(text)) => {
            Some(text.trim().parse::<jiff::civil::Date>().ok()?.to_string())
        }
        Some(_) => return None,
    };
    let evidence = list_of(text, table, "evidence", read_evidence)?;
    let dismissed = list_of(text, table, "dismissed", read_dismissal)?;
    Some(ItemProgress {
        status,
        updated,
        by: owned(table, "by").ok()?,
        note: owned(table, "note").ok()?,
        reason: owned(table, "reason").ok()?,
        owner: owned(table, "owner").ok()?,
        adopted_from: owned(table, "adopted_from").ok()?,
        review_by,
        evidence,
        dismissed,
    })
}

/// A list of inline tables under `key`, each read by `read`; empty when the key is absent.
fn list_of<T>(
    text: &str,
    table: &DeTable<'_>,
    key: &str,
    read: fn(&DeTable<'_>) -> Option<T>,
) -> Option<Vec<T>> {
    match table.get(key) {
        None => Some(Vec::new()),
        Some(value) => inline_tables(text, value)?.into_iter().map(read).collect(),
    }
}

/// The elements of an array that holds only `{ inline }` tables.
fn inline_tables<'a, 'i>(
    text: &str,
    value: &'a Spanned<DeValue<'i>>,
) -> Option<Vec<&'a DeTable<'i>>> {
    let DeValue::Array(array) = value.get_ref() else {
        return None;
    };
    array
        .iter()
        .map(|element| match element.get_ref() {
            DeValue::Table(table) if text[element.span()].starts_with('{') => Some(table),
            _ => None,
        })
        .collect()
}

/// A string value, or `None` for anything else (as the careful reader's lookups do).
fn text_of(table: &DeTable<'_>, key: &str) -> Option<String> {
    string(table, key).ok().flatten().map(str::to_owned)
}

fn read_evidence(table: &DeTable<'_>) -> Option<Evidence> {
    if let Some(id) = text_of(table, "commit") {
        Some(Evidence::Commit { id })
    } else if let Some(path) = text_of(table, "file") {
        Some(Evidence::File {
            path,
            lines: text_of(table, "lines"),
            blob: text_of(table, "blob"),
            at: text_of(table, "at"),
            confirmed: text_of(table, "confirmed"),
        })
    } else {
        text_of(table, "url").map(|url| Evidence::Url { url })
    }
}

fn read_dismissal(table: &DeTable<'_>) -> Option<Dismissal> {
    let on = match table.get("on").map(Spanned::get_ref) {
        Some(DeValue::Datetime(datetime)) => Some(datetime.to_string()),
        Some(DeValue::String(text)) => Some(text.to_string()),
        _ => None,
    };
    Some(Dismissal {
        detector: text_of(table, "detector")?,
        by: text_of(table, "by"),
        on,
    })
}

/// The careful writer's result for `text` with the `changed` items of `merged` written, made by
/// editing only the stretch of text from the first changed item's table to the last one's
/// (a new item's stretch is the table before it). Returns the new text and its layout; `None`
/// when the edit is not local (a new item sorting before every table), and the caller then
/// renders the whole file.
pub(crate) fn splice(
    text: &str,
    layout: &Layout,
    merged: &Progress,
    changed: &[String],
) -> Option<(String, Layout)> {
    let mut stretch: Option<(usize, usize)> = None;
    for id in changed {
        let blank = merged.get(id).is_none_or(ItemProgress::is_blank);
        let (from, to) = match layout
            .tables
            .binary_search_by(|(table, _)| table.as_str().cmp(id))
        {
            // A removed table takes the comments above it along, and they lie in the stretch
            // of the table before it.
            Ok(index) if blank => (index.checked_sub(1)?, index),
            Ok(index) => (index, index),
            // Nothing to write and nothing to remove.
            Err(_) if blank => continue,
            // A new table goes after the one before it in id order, inside that one's stretch.
            Err(0) => return None,
            Err(after) => (after - 1, after - 1),
        };
        stretch = Some(stretch.map_or((from, to), |(first, last)| (first.min(from), last.max(to))));
    }
    let Some((first, last)) = stretch else {
        return Some((text.to_owned(), layout.clone()));
    };
    let start = layout.range(first, text.len()).start;
    let end = layout.range(last, text.len()).end;

    let mut document: DocumentMut = text[start..end].parse().ok()?;
    let items = document.get_mut("items")?.as_table_mut()?;
    for id in changed {
        match merged.get(id).filter(|entry| !entry.is_blank()) {
            None => {
                items.remove(id);
            }
            Some(entry) => {
                let table = items
                    .entry(id)
                    .or_insert_with(|| TomlItem::Table(toml_edit::Table::new()));
                write_entry(table.as_table_mut()?, entry);
            }
        }
    }
    sort_item_tables(items);
    let middle = document.to_string();

    // The new layout: tables before the stretch stay, the stretch's own are read from its new
    // text, the ones after it move by the change in length.
    let (_, middle_layout) = read(&middle)?;
    let middle_layout = middle_layout?;
    let mut tables: Vec<(String, usize)> = layout.tables[..first].to_vec();
    tables.extend(
        middle_layout
            .tables
            .into_iter()
            .map(|(id, at)| (id, at + start)),
    );
    let shift = |at: usize| at + middle.len() - (end - start);
    tables.extend(
        layout.tables[last + 1..]
            .iter()
            .map(|(id, at)| (id.clone(), shift(*at))),
    );
    let mut new_text = String::with_capacity(text.len() + middle.len() - (end - start));
    new_text.push_str(&text[..start]);
    new_text.push_str(&middle);
    new_text.push_str(&text[end..]);
    Some((new_text, Layout { tables }))
}

#[cfg(test)]
mod tests {
    use proptest::collection::{btree_map, vec};
    use proptest::option;
    use proptest::prelude::*;

    use super::*;
    use crate::store::progress::{parse_carefully, render};

    /// Text that tries to look like structure: headers, quotes, comment marks, line breaks.
    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => "[a-z ]{0,10}",
            2 => prop_oneof![
                Just("line\n[items.\"a:1\"]\nstatus = \"done\"".to_owned()),
                Just("\"\"\"\n# not a comment\n'''".to_owned()),
                Just("[[items.\"b:2\".evidence]]".to_owned()),
            ],
            1 => "[a-z'\"\\\\\n#\\[\\]]{0,12}",
            1 => any::<String>(),
        ]
    }

    fn id() -> impl Strategy<Value = String> {
        prop_oneof![8 => "[a-d]:[1-6]", 1 => any::<String>()]
    }

    fn entry() -> impl Strategy<Value = ItemProgress> {
        let status = prop_oneof![
            Just(Status::Todo),
            Just(Status::InProgress),
            Just(Status::Done),
            Just(Status::NotApplicable)
        ];
        let evidence = prop_oneof![
            "[0-9a-f]{6}".prop_map(|id| Evidence::Commit { id }),
            (
                "[a-c]{1,3}\\.md",
                option::of("[1-3]-[4-6]"),
                option::of(text())
            )
                .prop_map(|(path, lines, confirmed)| Evidence::File {
                    path,
                    lines,
                    blob: Some("ab12".into()),
                    at: None,
                    confirmed
                }),
            text().prop_map(|url| Evidence::Url { url }),
        ];
        let dismissal = ("[a-z-]{1,8}", option::of(text())).prop_map(|(detector, by)| Dismissal {
            detector,
            by,
            on: Some("2026-11-27T18:02:11Z".into()),
        });
        (
            (
                status,
                option::of(Just("2026-11-27T18:02:11Z".to_owned())),
                option::of(text()),
            ),
            (option::of(text()), option::of(text()), option::of(text())),
            (
                option::of(text()),
                option::of(Just("2027-11-27".to_owned())),
            ),
            (vec(evidence, 0..3), vec(dismissal, 0..2)),
        )
            .prop_map(
                |(
                    (status, updated, by),
                    (note, reason, owner),
                    (adopted_from, review_by),
                    (evidence, dismissed),
                )| {
                    ItemProgress {
                        status,
                        updated,
                        by,
                        note,
                        reason,
                        owner,
                        adopted_from,
                        review_by,
                        evidence,
                        dismissed,
                    }
                },
            )
    }

    fn progress() -> impl Strategy<Value = Progress> {
        btree_map(id(), entry(), 0..8).prop_map(|items| Progress {
            items: items.into_iter().filter(|(_, e)| !e.is_blank()).collect(),
        })
    }

    /// A file vouch wrote, then touched by hand: comments and blank lines above some tables,
    /// unknown keys in some, comments at the end.
    fn file() -> impl Strategy<Value = String> {
        (progress(), vec(0u8..4, 8), any::<bool>()).prop_map(|(progress, touches, tail)| {
            let ids: Vec<String> = progress.items.keys().cloned().collect();
            let mut text = render(None, &progress, &ids).unwrap();
            let (_, layout) = read(&text).unwrap();
            let layout = layout.unwrap();
            for ((_, at), touch) in layout.tables.iter().zip(touches).rev() {
                let line_end = text[*at..].find('\n').map_or(text.len(), |n| at + n + 1);
                match touch {
                    1 => text.insert_str(*at, "# about the next item\n"),
                    2 => text.insert_str(line_end, "x-team = \"kept\" # why\n"),
                    3 => text.insert_str(*at, "\n\n"),
                    _ => {}
                }
            }
            if tail {
                text.push_str("\n# the end\n");
            }
            text
        })
    }

    /// Changes to some ids: new entries, blanked ones (removed from the file), and ids the file
    /// does not have.
    fn edits() -> impl Strategy<Value = Vec<(String, Option<ItemProgress>)>> {
        vec((id(), option::of(entry())), 0..4)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn the_fast_reader_agrees_with_the_careful_one(text in file()) {
            let careful = parse_carefully("p", &text).unwrap();
            let (fast, layout) = read(&text).expect("a file vouch wrote is read fast");
            prop_assert_eq!(fast, careful);
            prop_assert!(layout.is_some(), "the usual layout is recognised:\n{}", text);
        }

        #[test]
        fn splicing_writes_the_same_bytes_as_rendering_the_whole_file(
            text in file(),
            edits in edits(),
        ) {
            let (mut merged, layout) = read(&text).unwrap();
            let layout = layout.unwrap();
            let mut changed = Vec::new();
            for (id, entry) in edits {
                merged.restore(&id, entry);
                changed.push(id);
            }
            let careful = render(Some(&text), &merged, &changed).unwrap();
            if let Some((fast, fast_layout)) = splice(&text, &layout, &merged, &changed) {
                prop_assert_eq!(&fast, &careful, "from:\n{}", text);
                prop_assert_eq!(Some(fast_layout), read(&careful).unwrap().1);
            }
        }
    }

    #[test]
    fn unusual_files_are_read_but_not_spliced() {
        for text in [
            "[items]\n\"a:1\" = { status = \"done\" }\n",
            "[items.\"b:1\"]\nstatus = \"done\"\n[items.\"a:1\"]\nstatus = \"done\"\n",
            "[items.\"a:1\"]\nstatus = \"done\"\n[meta]\nx = 1\n",
            "[items.\"a:1\"]\nstatus = \"done\"\n[items.\"a:1\".more]\nx = 1\n",
            "[items.\"a:1\"]\nstatus = \"done\"\n[[items.\"a:1\".extra]]\nx = 1\n",
            "items.\"a:1\".status = \"done\"\n",
        ] {
            let (progress, layout) = read(text).expect(text);
            assert_eq!(progress, parse_carefully("p", text).unwrap(), "{text}");
            assert_eq!(layout, None, "{text}");
        }
    }

    #[test]
    fn anything_the_careful_reader_refuses_is_left_to_it() {
        for text in [
            "version = 2\n",
            "version = \"1\"\n",
            "items = 3\n",
            "[items]\n\"a:1\" = 3\n",
            "[items.\"a:1\"]\nstatus = \"finished\"\n",
            "[items.\"a:1\"]\nnote = 3\n",
            "[items.\"a:1\"]\nupdated = 3\n",
            "[items.\"a:1\"]\nreview_by = 2027-01-01T00:00:00Z\n",
            "[items.\"a:1\"]\nevidence = [{ nothing = \"x\" }]\n",
            "[items.\"a:1\"]\nevidence = \"x\"\n",
            "[[items.\"a:1\".evidence]]\ncommit = \"abc\"\n",
            "[items.\"a:1\"]\ndismissed = [{ by = \"x\" }]\n",
            "[items.\"a:1\"\nstatus = \"done\"\n",
            // Found by fuzzing: numbers this parser keeps as text and `toml_edit` refuses.
            "vmrsion = 54444444444444444444444444444444444444\n",
            "[items.\"a:1\"]\nx-count = -9223372036854775809\n",
            "[items.\"a:1\"]\nx-size = [1e400]\n",
        ] {
            assert!(
                parse_carefully("p", text).is_err(),
                "careful refuses {text}"
            );
            assert!(read(text).is_none(), "fast gives up on {text}");
        }
    }
}
