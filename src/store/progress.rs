//! `.vouch/progress.toml`: reading it, and the one save path that writes it.
//!
//! The save is atomic (temporary file in the same folder, fsync, rename), deterministic (item
//! tables sorted by id, known keys in a fixed order), and minimal: only the tables of items that
//! changed are touched, so comments, unknown keys and other items keep their exact bytes. If the
//! file changed on disk since it was read, the save merges per item, or refuses when someone else
//! changed the same item differently.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use toml_edit::{Array, Document, DocumentMut, InlineTable, Item as TomlItem, Key, Table, Value};

use super::location::{Locator, Problem};
use super::progress_fast::{self, Layout};
use crate::model::progress::{Dismissal, Evidence};
use crate::model::{ItemProgress, Progress, Rename, Status};

/// Progress files larger than this are refused before reading, so a huge or hostile file cannot
/// exhaust memory. 100,000 items with notes and evidence take about 20 MB.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The format version this build writes and reads.
pub const FORMAT_VERSION: i64 = 1;

const HEADER: &str = "\
# Progress against secure-development checklists, kept by vouch.
# One table per item, keyed by full id and sorted; status is in-progress, done or n/a
# (todo is the default and is not written). Review and merge it like code.
version = 1
";

/// Keys vouch writes in an item table, in the order it writes them. Others are kept as found.
const KNOWN_KEYS: &[&str] = &[
    "status",
    "updated",
    "by",
    "owner",
    "reason",
    "review_by",
    "adopted_from",
    "note",
    "evidence",
    "dismissed",
];

/// Why progress could not be read or saved. Every variant names the file.
#[derive(Debug, thiserror::Error)]
pub enum ProgressError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The progress file.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
    /// The file is not valid, at a position; it is left untouched.
    #[error(
        "{problem}\n  {path} was left untouched; fix it by hand (or restore it with `git checkout -- {path}`) and run vouch again"
    )]
    Invalid {
        /// The progress file.
        path: PathBuf,
        /// Where and what.
        problem: Problem,
    },
    /// The file could not be written; the old file is still in place.
    #[error(
        "cannot save {path}: {source}; nothing was changed on disk (check that the folder is writable)"
    )]
    Write {
        /// The progress file.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
    /// Another vouch held the save lock for longer than a save takes.
    #[error(
        "cannot save {path}: another vouch has been saving it for {waited} seconds (lock file {lock}); nothing was saved. If no vouch is running, delete {lock} and try again"
    )]
    Locked {
        /// The progress file.
        path: PathBuf,
        /// The lock file.
        lock: PathBuf,
        /// How long this vouch waited, in seconds.
        waited: u64,
    },
    /// Someone else changed the same items since vouch read the file.
    #[error("{path} changed on disk since vouch read it, and {} changed there too: {}; nothing was saved. Reload to see their change, then make yours again", if ids.len() == 1 { "this item was" } else { "these items were" }, ids.join(", "))]
    Conflict {
        /// The progress file.
        path: PathBuf,
        /// The items changed on both sides.
        ids: Vec<String>,
    },
}

/// What a save did, for the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaveReport {
    /// True when changes made by someone else on disk were merged in.
    pub merged_from_disk: bool,
    /// True when the bytes on disk changed.
    pub wrote: bool,
}

/// The progress file as last read or written, so the next save can tell what changed on disk.
#[derive(Debug, Clone)]
pub struct ProgressFile {
    path: PathBuf,
    /// The text last read or written; `None` when the file did not exist.
    base_text: Option<String>,
    /// What that text held.
    base: Progress,
    /// Where that text's item tables start, when it is laid out as vouch writes it; lets a
    /// save edit only the changed items' text.
    layout: Option<Layout>,
    /// Replaced ids whose progress is shown under the replacing item; see [`Self::set_renames`].
    renames: Vec<Rename>,
}

impl ProgressFile {
    /// Reads the progress file at `path`; a missing file is empty progress.
    pub fn load(path: &Path) -> Result<(Self, Progress), ProgressError> {
        let text = read_optional(path)?;
        let (progress, layout) = match &text {
            Some(text) => match progress_fast::read(text) {
                Some(read) => read,
                None => (parse(path, text)?, None),
            },
            None => (Progress::default(), None),
        };
        let file = ProgressFile {
            path: path.to_owned(),
            base_text: text,
            base: progress.clone(),
            layout,
            renames: Vec::new(),
        };
        Ok((file, progress))
    }

    /// Tells the file which ids checklists have replaced (`replaces`). From then on, saving an
    /// item that carries progress from a replaced id also removes that id's table, so the entry
    /// moves in the file; and progress returned by saves and [`Self::reload`] has entries under
    /// replaced ids carried over as [`Progress::carry_over`] does. Nothing is dropped: an entry
    /// that cannot move (the new item has its own) stays as it is.
    pub fn set_renames(&mut self, renames: Vec<Rename>) {
        self.renames = renames;
    }

    /// Reads the file again, keeping the renames; returns the progress with them carried over.
    pub fn reload(&mut self) -> Result<Progress, ProgressError> {
        let (file, mut progress) = Self::load(&self.path)?;
        let renames = std::mem::take(&mut self.renames);
        *self = ProgressFile { renames, ..file };
        progress.carry_over(&self.renames);
        Ok(progress)
    }

    /// The file's path.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// True when the file has changed on disk since it was last read or written here.
    pub fn changed_on_disk(&self) -> Result<bool, ProgressError> {
        Ok(read_optional(&self.path)? != self.base_text)
    }

    /// Saves the entries of `changed` ids from `ours`, merging with whatever is on disk now.
    /// On success `ours` holds the merged progress (their other changes included).
    pub fn save(
        &mut self,
        ours: &mut Progress,
        changed: &[String],
    ) -> Result<SaveReport, ProgressError> {
        // Read, merge and rename as one step against other vouch processes: without it two
        // saves that read the same file both rename, and the first one's change is lost.
        let _lock = SaveLock::acquire(&self.path)?;
        // Saving an item that carries progress from a replaced id moves it: the old table goes.
        let mut changed = changed.to_vec();
        for rename in &self.renames {
            if changed.contains(&rename.new)
                && !changed.contains(&rename.old)
                && ours.get(&rename.old).is_none()
            {
                changed.push(rename.old.clone());
            }
        }
        let changed = changed.as_slice();
        let disk_text = read_optional(&self.path)?;
        let merged_from_disk = disk_text != self.base_text;
        let theirs = match &disk_text {
            Some(text) if merged_from_disk => parse(&self.path, text)?,
            _ => self.base.clone(),
        };
        if merged_from_disk {
            let conflicts: Vec<String> = changed
                .iter()
                .filter(|id| {
                    let base = self.base.get(id);
                    let their = theirs.get(id);
                    their != base && their != ours.get(id)
                })
                .cloned()
                .collect();
            if !conflicts.is_empty() {
                return Err(ProgressError::Conflict {
                    path: self.path.clone(),
                    ids: conflicts,
                });
            }
        }

        let mut merged = theirs;
        for id in changed {
            merged.restore(id, ours.get(id).cloned());
        }
        // The usual case, nobody else wrote the file: edit only the changed items' text.
        let spliced = match (&disk_text, &self.layout) {
            (Some(text), Some(layout)) if !merged_from_disk => {
                progress_fast::splice(text, layout, &merged, changed)
            }
            _ => None,
        };
        let (new_text, layout) = if let Some((text, layout)) = spliced {
            (text, Some(layout))
        } else {
            let text = render(disk_text.as_deref(), &merged, changed).map_err(|problem| {
                ProgressError::Invalid {
                    path: self.path.clone(),
                    problem: Problem {
                        file: self.path.display().to_string(),
                        ..problem
                    },
                }
            })?;
            let layout = progress_fast::read(&text).and_then(|(_, layout)| layout);
            (text, layout)
        };
        let wrote = disk_text.as_deref() != Some(new_text.as_str());
        if wrote {
            write_atomically(&self.path, new_text.as_bytes()).map_err(|source| {
                ProgressError::Write {
                    path: self.path.clone(),
                    source,
                }
            })?;
        }
        self.base_text = Some(new_text);
        self.layout = layout;
        self.base = merged.clone();
        *ours = merged;
        ours.carry_over(&self.renames);
        Ok(SaveReport {
            merged_from_disk,
            wrote,
        })
    }
}

/// How long a save waits for another vouch's save before giving up.
const LOCK_WAIT: Duration = Duration::from_secs(10);

/// A lock whose holder cannot be checked (no `/proc`) is taken as abandoned after this long.
const LOCK_STALE: Duration = Duration::from_secs(30);

/// `progress.toml.lock` beside the progress file, held (created exclusively, holding the
/// holder's process id) while one save reads, merges and renames; removed on drop. A lock left
/// by a vouch that was killed is taken over once its process is gone (or, where that cannot be
/// checked, once it is [`LOCK_STALE`]).
struct SaveLock {
    path: PathBuf,
}

impl SaveLock {
    fn acquire(progress: &Path) -> Result<Self, ProgressError> {
        Self::acquire_within(progress, LOCK_WAIT)
    }

    fn acquire_within(progress: &Path, wait: Duration) -> Result<Self, ProgressError> {
        let mut name = progress.as_os_str().to_owned();
        name.push(".lock");
        let lock = PathBuf::from(name);
        let started = Instant::now();
        let write_error = |source| ProgressError::Write {
            path: progress.to_owned(),
            source,
        };
        loop {
            match create_lock(&lock) {
                Ok(()) => return Ok(SaveLock { path: lock }),
                Err(err) if err.kind() == io::ErrorKind::AlreadyExists => {
                    if let Some(holder) = abandoned_lock(&lock) {
                        // Remove it only if it is still the abandoned one.
                        if fs::read_to_string(&lock).ok().as_deref() == Some(holder.as_str()) {
                            let _ = fs::remove_file(&lock);
                        }
                        continue;
                    }
                    if started.elapsed() > wait {
                        return Err(ProgressError::Locked {
                            path: progress.to_owned(),
                            lock,
                            waited: started.elapsed().as_secs(),
                        });
                    }
                    std::thread::sleep(Duration::from_millis(2));
                }
                Err(err) if err.kind() == io::ErrorKind::NotFound => {
                    let folder = lock.parent().unwrap_or(Path::new("."));
                    if folder.exists() {
                        return Err(write_error(err));
                    }
                    fs::create_dir_all(folder).map_err(write_error)?;
                }
                Err(err) => return Err(write_error(err)),
            }
        }
    }
}

/// Creates `lock` holding this process's id in one step: the id goes into a temporary file that
/// is then hard-linked to the lock's name, which fails when the lock exists. So a lock is never
/// seen empty, even when vouch is killed midway. Where hard links are not supported, the lock
/// is created exclusively and the id written after.
fn create_lock(lock: &Path) -> io::Result<()> {
    let folder = lock
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let id = format!("{}\n", std::process::id());
    let mut temp = tempfile::Builder::new()
        .prefix(".progress-")
        .suffix(".tmp")
        .tempfile_in(folder)?;
    temp.write_all(id.as_bytes())?;
    match fs::hard_link(temp.path(), lock) {
        Ok(()) => Ok(()),
        Err(err) if err.kind() == io::ErrorKind::AlreadyExists => Err(err),
        Err(_) => {
            let mut file = fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(lock)?;
            file.write_all(id.as_bytes())
        }
    }
}

impl Drop for SaveLock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

/// The lock's text when its holder is gone: a process id that no longer runs (Linux), or a lock
/// older than [`LOCK_STALE`]. `None` while it may still be held.
fn abandoned_lock(lock: &Path) -> Option<String> {
    let text = fs::read_to_string(lock).ok()?;
    let age = fs::metadata(lock)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .unwrap_or_default();
    let proc = Path::new("/proc");
    let holder_gone = match text.trim().parse::<u32>() {
        Ok(pid) if proc.join("self").exists() => !proc.join(pid.to_string()).exists(),
        _ => false,
    };
    // An empty lock is one whose writer was stopped between creating it and writing the id
    // (only where hard links are not supported); it is abandoned once older than a moment.
    let empty_and_old = text.trim().is_empty() && age > Duration::from_secs(2);
    (holder_gone || empty_and_old || age > LOCK_STALE).then_some(text)
}

/// Reads a progress file's text; `None` when there is no file. Text that is not UTF-8 is an
/// [`ProgressError::Invalid`] naming the line and column of the first bad byte.
pub fn read_optional(path: &Path) -> Result<Option<String>, ProgressError> {
    if let Ok(meta) = fs::metadata(path)
        && meta.len() > MAX_FILE_BYTES
    {
        let problem = Locator::new(&path.display().to_string(), "").problem(
            None,
            format!(
                "the file is {} bytes, over the {MAX_FILE_BYTES} byte limit for progress files; it was not read",
                meta.len()
            ),
        );
        return Err(ProgressError::Invalid {
            path: path.to_owned(),
            problem,
        });
    }
    match fs::read(path) {
        Ok(bytes) => String::from_utf8(bytes).map(Some).map_err(|err| {
            let valid = err.utf8_error().valid_up_to();
            let bytes = err.as_bytes();
            let text = String::from_utf8_lossy(&bytes[..valid]);
            let problem = Locator::new(&path.display().to_string(), &text)
                .problem(Some(valid..valid), "the file is not valid UTF-8 text");
            ProgressError::Invalid {
                path: path.to_owned(),
                problem,
            }
        }),
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(ProgressError::Read {
            path: path.to_owned(),
            source,
        }),
    }
}

/// Parses progress text; the first problem is an error naming its line and column.
pub fn parse(path: &Path, text: &str) -> Result<Progress, ProgressError> {
    let name = path.display().to_string();
    parse_text(&name, text).map_err(|problem| ProgressError::Invalid {
        path: path.to_owned(),
        problem,
    })
}

/// Parses progress text reported under the name `name` (a path, or `REV:path` for a version
/// read from git); the first problem is returned with its line and column.
pub fn parse_text(name: &str, text: &str) -> Result<Progress, Problem> {
    match progress_fast::read(text) {
        Some((progress, _)) => Ok(progress),
        None => parse_carefully(name, text),
    }
}

/// [`parse_text`] with `toml_edit`, which keeps every value's span: slower, and the one that
/// reports problems (the fast reader only ever gives up).
pub fn parse_carefully(name: &str, text: &str) -> Result<Progress, Problem> {
    let locator = Locator::new(name, text);
    let document = Document::parse(text).map_err(|err| {
        locator.problem(
            err.span(),
            format!("not valid TOML: {}", err.message().trim_end()),
        )
    })?;
    let root = document.as_table();
    if let Some(version) = root.get("version") {
        match version.as_integer() {
            Some(v) if v <= FORMAT_VERSION => {}
            Some(v) => {
                return Err(locator.problem(
                    version.span(),
                    format!("this progress file is format version {v}, newer than this vouch reads ({FORMAT_VERSION}); upgrade vouch"),
                ));
            }
            None => {
                return Err(locator.problem(version.span(), "`version` must be a whole number"));
            }
        }
    }
    let mut progress = Progress::default();
    let Some(items) = root.get("items") else {
        return Ok(progress);
    };
    let Some(items) = items.as_table_like() else {
        return Err(locator.problem(items.span(), "`items` must be a table of item tables"));
    };
    for (id, entry) in items.iter() {
        let Some(table) = entry.as_table_like() else {
            return Err(locator.problem(
                entry.span(),
                format!("the entry for `{id}` must be a table, like [items.\"{id}\"]"),
            ));
        };
        let key_span = |key: &str| {
            table
                .get(key)
                .and_then(TomlItem::span)
                .or_else(|| entry.span())
        };
        let string = |key: &str| -> Result<Option<String>, Problem> {
            match table.get(key) {
                None => Ok(None),
                Some(value) => value.as_str().map(|s| Some(s.to_owned())).ok_or_else(|| {
                    locator.problem(
                        value.span(),
                        format!("`{key}` of `{id}` must be a string in quotes"),
                    )
                }),
            }
        };
        let status = match string("status")? {
            None => Status::Todo,
            Some(word) => Status::parse(&word).ok_or_else(|| {
                locator.problem(
                    key_span("status"),
                    format!(
                        "unknown status `{word}` for `{id}`; use todo, in-progress, done or n/a"
                    ),
                )
            })?,
        };
        let updated = match table.get("updated") {
            None => None,
            Some(value) => match value.as_datetime() {
                Some(datetime) => Some(datetime.to_string()),
                None => value.as_str().map(str::to_owned).map(Some).ok_or_else(|| {
                    locator.problem(
                        value.span(),
                        format!(
                            "`updated` of `{id}` must be a date and time like 2026-11-27T18:02:11Z"
                        ),
                    )
                })?,
            },
        };
        let review_by = match table.get("review_by") {
            None => None,
            Some(value) => Some(parse_date(value).ok_or_else(|| {
                locator.problem(
                    value.span(),
                    format!("`review_by` of `{id}` must be a date like 2027-11-27"),
                )
            })?),
        };
        let evidence = match table.get("evidence") {
            None => Vec::new(),
            Some(value) => parse_evidence(&locator, id, value)?,
        };
        let dismissed = match table.get("dismissed") {
            None => Vec::new(),
            Some(value) => parse_dismissed(&locator, id, value)?,
        };
        progress.items.insert(
            id.to_owned(),
            ItemProgress {
                status,
                updated,
                by: string("by")?,
                note: string("note")?,
                reason: string("reason")?,
                owner: string("owner")?,
                adopted_from: string("adopted_from")?,
                review_by,
                evidence,
                dismissed,
            },
        );
    }
    Ok(progress)
}

/// A calendar date, written as a TOML date (`2027-11-27`) or a string holding one.
fn parse_date(value: &TomlItem) -> Option<String> {
    let text = match value.as_datetime() {
        Some(datetime) if datetime.time.is_none() && datetime.offset.is_none() => {
            datetime.to_string()
        }
        Some(_) => return None,
        None => value.as_str()?.trim().to_owned(),
    };
    text.parse::<jiff::civil::Date>()
        .ok()
        .map(|date| date.to_string())
}

fn parse_evidence(
    locator: &Locator<'_>,
    id: &str,
    value: &TomlItem,
) -> Result<Vec<Evidence>, Problem> {
    let example = "[{ commit = \"...\" }, { file = \"path\" }, { url = \"https://...\" }]";
    parse_inline_tables(
        locator,
        value,
        &format!("evidence` of `{id}"),
        example,
        |table| {
            let get = |key: &str| table.get(key).and_then(Value::as_str).map(str::to_owned);
            if let Some(commit) = get("commit") {
                Some(Evidence::Commit { id: commit })
            } else if let Some(path) = get("file") {
                Some(Evidence::File {
                    path,
                    lines: get("lines"),
                    blob: get("blob"),
                    at: get("at"),
                    confirmed: get("confirmed"),
                })
            } else {
                get("url").map(|url| Evidence::Url { url })
            }
        },
    )
}

fn parse_dismissed(
    locator: &Locator<'_>,
    id: &str,
    value: &TomlItem,
) -> Result<Vec<Dismissal>, Problem> {
    let example =
        "[{ detector = \"security-policy\", by = \"Name <email>\", on = 2026-11-27T18:02:11Z }]";
    parse_inline_tables(
        locator,
        value,
        &format!("dismissed` of `{id}"),
        example,
        |table| {
            let detector = table.get("detector").and_then(Value::as_str)?;
            let on = table.get("on").and_then(|v| match v {
                Value::Datetime(datetime) => Some(datetime.value().to_string()),
                other => other.as_str().map(str::to_owned),
            });
            Some(Dismissal {
                detector: detector.to_owned(),
                by: table.get("by").and_then(Value::as_str).map(str::to_owned),
                on,
            })
        },
    )
}

/// A list of inline tables, each read by `read`; anything else (not a list, an element that
/// is not an inline table, or one `read` refuses) is reported as "`what` must be a list like
/// `example`" at that element.
fn parse_inline_tables<T>(
    locator: &Locator<'_>,
    value: &TomlItem,
    what: &str,
    example: &str,
    read: impl Fn(&InlineTable) -> Option<T>,
) -> Result<Vec<T>, Problem> {
    let bad = |span| locator.problem(span, format!("`{what}` must be a list like {example}"));
    let Some(array) = value.as_array() else {
        return Err(bad(value.span()));
    };
    array
        .iter()
        .map(|element| {
            element
                .as_inline_table()
                .and_then(&read)
                .ok_or_else(|| bad(element.span()))
        })
        .collect()
}

/// The text of a new progress file holding exactly `progress` (its blank entries left out), as
/// the save path would write it. For tools and tests that need a file's text without a file.
pub fn render_new(progress: &Progress) -> Result<String, Problem> {
    let ids: Vec<String> = progress.items.keys().cloned().collect();
    render(None, progress, &ids)
}

/// Renders the new file text: the current text with the `changed` items' tables rewritten.
/// The save path and the merge driver both write through here, so they write the same bytes.
pub(super) fn render(
    current: Option<&str>,
    merged: &Progress,
    changed: &[String],
) -> Result<String, Problem> {
    let text = current.unwrap_or(HEADER);
    let mut document: DocumentMut = text.parse().map_err(|err: toml_edit::TomlError| {
        Locator::new("progress", text).problem(
            err.span(),
            format!("not valid TOML: {}", err.message().trim_end()),
        )
    })?;
    if document.get("items").is_some_and(TomlItem::is_inline_table) {
        // `items = { ... }` reads as well as `[items."id"]` tables; written, it becomes tables.
        if let Some(Ok(mut table)) = document.remove("items").map(TomlItem::into_table) {
            table.set_implicit(true);
            document.insert("items", TomlItem::Table(table));
        }
    }
    if !document.contains_key("items") {
        let mut items = Table::new();
        items.set_implicit(true);
        document.insert("items", TomlItem::Table(items));
    }
    let Some(items) = document.get_mut("items").and_then(TomlItem::as_table_mut) else {
        return Err(
            Locator::new("progress", text).problem(None, "`items` must be a table of item tables")
        );
    };
    for id in changed {
        match merged.get(id).filter(|entry| !entry.is_blank()) {
            None => {
                items.remove(id);
            }
            Some(entry) => {
                // An entry written inline (`"id" = { status = "done" }`) becomes a table, keeping
                // its keys; anything else in the way is replaced, as parse would have refused it.
                if items.get(id).is_some_and(|item| !item.is_table()) {
                    let inline = items.remove(id).and_then(|item| item.into_table().ok());
                    items.insert(id, TomlItem::Table(inline.unwrap_or_default()));
                }
                let table = items
                    .entry(id)
                    .or_insert_with(|| TomlItem::Table(Table::new()));
                if let Some(table) = table.as_table_mut() {
                    write_entry(table, entry);
                }
            }
        }
    }
    sort_item_tables(items);
    Ok(document.to_string())
}

/// Brings one item table in line with `entry`, touching only values that differ.
pub(super) fn write_entry(table: &mut Table, entry: &ItemProgress) {
    let wanted: [(&str, Option<Value>); 10] = [
        (
            "status",
            (entry.status != Status::Todo).then(|| Value::from(entry.status.as_str())),
        ),
        ("updated", entry.updated.as_deref().map(datetime_value)),
        ("by", entry.by.as_deref().map(Value::from)),
        ("owner", entry.owner.as_deref().map(Value::from)),
        ("reason", entry.reason.as_deref().map(Value::from)),
        (
            "adopted_from",
            entry.adopted_from.as_deref().map(Value::from),
        ),
        ("review_by", entry.review_by.as_deref().map(datetime_value)),
        ("note", entry.note.as_deref().map(string_value)),
        (
            "evidence",
            (!entry.evidence.is_empty()).then(|| evidence_value(&entry.evidence)),
        ),
        (
            "dismissed",
            (!entry.dismissed.is_empty()).then(|| dismissed_value(&entry.dismissed)),
        ),
    ];
    for (key, value) in wanted {
        match value {
            None => {
                table.remove(key);
            }
            Some(value) => {
                let same = table
                    .get(key)
                    .and_then(TomlItem::as_value)
                    .is_some_and(|old| same_value(old, &value));
                if !same {
                    table.insert(key, TomlItem::Value(value));
                }
            }
        }
    }
    // Known keys in a fixed order, then the rest as found, so equal state gives equal bytes.
    let mut entries: Vec<(Key, TomlItem)> = Vec::new();
    let keys: Vec<String> = table.iter().map(|(k, _)| k.to_owned()).collect();
    for key in &keys {
        if let Some(pair) = table.remove_entry(key) {
            entries.push(pair);
        }
    }
    entries.sort_by_key(|(key, _)| {
        KNOWN_KEYS
            .iter()
            .position(|k| *k == key.get())
            .unwrap_or(KNOWN_KEYS.len())
    });
    for (key, item) in entries {
        table.insert_formatted(&key, item);
    }
}

fn same_value(old: &Value, new: &Value) -> bool {
    match (old, new) {
        (Value::String(a), Value::String(b)) => a.value() == b.value(),
        (Value::Datetime(a), Value::Datetime(b)) => a.value() == b.value(),
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b.iter()).all(|(x, y)| same_value(x, y))
        }
        (Value::InlineTable(a), Value::InlineTable(b)) => {
            a.len() == b.len()
                && a.iter()
                    .all(|(k, v)| b.get(k).is_some_and(|w| same_value(v, w)))
        }
        _ => false,
    }
}

fn datetime_value(text: &str) -> Value {
    text.parse::<toml_edit::Datetime>()
        .map_or_else(|_| Value::from(text), Value::from)
}

/// Notes with line breaks are written as multi-line strings so diffs show them line by line.
fn string_value(text: &str) -> Value {
    if !text.contains('\n')
        || text.contains("'''")
        || text
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Value::from(text);
    }
    let literal = format!("'''\n{text}'''");
    literal
        .parse::<Value>()
        .ok()
        .filter(|v| v.as_str() == Some(text))
        .unwrap_or_else(|| Value::from(text))
}

fn evidence_value(evidence: &[Evidence]) -> Value {
    let mut array = Array::new();
    for piece in evidence {
        let mut table = InlineTable::new();
        match piece {
            Evidence::Commit { id } => {
                table.insert("commit", Value::from(id.as_str()));
            }
            Evidence::File {
                path,
                lines,
                blob,
                at,
                confirmed,
            } => {
                table.insert("file", Value::from(path.as_str()));
                for (key, value) in [
                    ("lines", lines),
                    ("blob", blob),
                    ("at", at),
                    ("confirmed", confirmed),
                ] {
                    if let Some(value) = value {
                        table.insert(key, Value::from(value.as_str()));
                    }
                }
            }
            Evidence::Url { url } => {
                table.insert("url", Value::from(url.as_str()));
            }
        }
        array.push(Value::InlineTable(table));
    }
    one_a_line(array)
}

fn dismissed_value(dismissed: &[Dismissal]) -> Value {
    let mut array = Array::new();
    for dismissal in dismissed {
        let mut table = InlineTable::new();
        table.insert("detector", Value::from(dismissal.detector.as_str()));
        if let Some(by) = &dismissal.by {
            table.insert("by", Value::from(by.as_str()));
        }
        if let Some(on) = &dismissal.on {
            table.insert("on", datetime_value(on));
        }
        array.push(Value::InlineTable(table));
    }
    one_a_line(array)
}

/// One element a line, so adding one shows as one added line in a diff.
fn one_a_line(mut array: Array) -> Value {
    for value in array.iter_mut() {
        value.decor_mut().set_prefix("\n  ");
    }
    array.set_trailing_comma(true);
    array.set_trailing("\n");
    Value::Array(array)
}

/// Orders the item tables by id, keeping the block of them where it stands in the document.
pub(super) fn sort_item_tables(items: &mut Table) {
    let mut ids: Vec<String> = items
        .iter()
        .filter(|(_, item)| item.is_table())
        .map(|(k, _)| k.to_owned())
        .collect();
    let start = items
        .iter()
        .filter_map(|(_, item)| item.as_table().and_then(Table::position))
        .min()
        .unwrap_or(isize::MAX / 2);
    ids.sort();
    for (offset, id) in ids.iter().enumerate() {
        if let Some(table) = items.get_mut(id).and_then(TomlItem::as_table_mut) {
            table.set_position(Some(start + offset.cast_signed()));
        }
    }
    items.sort_values_by(|a, _, b, _| a.get().cmp(b.get()));
}

/// Creates an empty progress file (just the header) at `path` unless one is there already.
/// Returns true when it created the file. An existing file is never touched, even a broken one.
pub fn create_empty(path: &Path) -> Result<bool, ProgressError> {
    create_atomically(path, HEADER.as_bytes()).map_err(|source| ProgressError::Write {
        path: path.to_owned(),
        source,
    })
}

/// Writes `bytes` to `path` so that readers see the old file or the new one, never a part:
/// a temporary file in the same folder, flushed to disk, then renamed over the old one.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_via_temp(path, bytes, true).map(|_| ())
}

/// Like [`write_atomically`], but only when `path` does not exist yet; returns false, writing
/// nothing, when it does. The check and the rename are one step, so a file that appears
/// meanwhile (another vouch, an editor) is not overwritten.
pub fn create_atomically(path: &Path, bytes: &[u8]) -> io::Result<bool> {
    if fs::symlink_metadata(path).is_ok() {
        return Ok(false);
    }
    write_via_temp(path, bytes, false)
}

fn write_via_temp(path: &Path, bytes: &[u8], replace: bool) -> io::Result<bool> {
    write_via_temp_with(path, bytes, replace, &mut |_| Ok(()))
}

/// Temporary files older than this are left from a vouch that was killed mid-save (a live save
/// holds its file for milliseconds), and the next save removes them.
const STALE_TEMP_AGE: Duration = Duration::from_secs(15 * 60);

/// [`write_via_temp`] with a hook that runs on the flushed temporary file just before the
/// rename; an error from it abandons the save there, as a crash at that point would. Tests use
/// it to show the old file survives an interrupted save.
fn write_via_temp_with(
    path: &Path,
    bytes: &[u8],
    replace: bool,
    before_rename: &mut dyn FnMut(&Path) -> io::Result<()>,
) -> io::Result<bool> {
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(folder)?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".progress-").suffix(".tmp");
    // Temporary files are made owner-only; the files vouch writes are ordinary repository
    // files, so a new one gets the mode any new file gets (0666 less the umask).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let mut temp = builder.tempfile_in(folder)?;
    // A replaced file keeps its mode.
    if let Ok(existing) = fs::metadata(path) {
        temp.as_file().set_permissions(existing.permissions())?;
    }
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    before_rename(temp.path())?;
    if replace {
        temp.persist(path).map_err(|err| err.error)?;
    } else {
        match temp.persist_noclobber(path) {
            Ok(_) => {}
            Err(err) if err.error.kind() == io::ErrorKind::AlreadyExists => return Ok(false),
            Err(err) => return Err(err.error),
        }
    }
    // The rename is durable only once the folder itself is flushed.
    if let Ok(dir) = fs::File::open(folder) {
        let _ = dir.sync_all();
    }
    remove_stale_temps(folder);
    Ok(true)
}

/// Removes temporary files a killed save left behind (they would show in `git status`). Only
/// files old enough that no live save can own them are touched; failures are ignored.
fn remove_stale_temps(folder: &Path) {
    let Ok(entries) = fs::read_dir(folder) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(".progress-") && name.ends_with(".tmp")) {
            continue;
        }
        let stale = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|modified| modified.elapsed().ok())
            .is_some_and(|age| age > STALE_TEMP_AGE);
        if stale {
            let _ = fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::progress::Stamp;

    fn stamp(at: &str) -> Stamp {
        Stamp {
            by: "Ada <ada@example.com>".into(),
            at: at.into(),
        }
    }

    fn open(dir: &Path) -> (ProgressFile, Progress) {
        ProgressFile::load(&dir.join(".vouch/progress.toml")).unwrap()
    }

    fn read(dir: &Path) -> String {
        fs::read_to_string(dir.join(".vouch/progress.toml")).unwrap()
    }

    #[test]
    fn first_save_creates_the_folder_and_a_readable_file() {
        let dir = tempfile::tempdir().unwrap();
        let (mut file, mut progress) = open(dir.path());
        progress
            .set_status(
                "uk:1.1-C1",
                Status::Done,
                None,
                &stamp("2026-11-27T18:02:11Z"),
            )
            .unwrap();
        progress.set_note(
            "uk:1.1-C1",
            "Lifecycle in docs/sdlc.md",
            &stamp("2026-11-27T18:02:11Z"),
        );
        file.save(&mut progress, &["uk:1.1-C1".into()]).unwrap();
        let text = read(dir.path());
        assert!(text.starts_with("# Progress against"), "{text}");
        assert!(text.contains(
            "[items.\"uk:1.1-C1\"]\nstatus = \"done\"\nupdated = 2026-11-27T18:02:11Z\nby = \"Ada <ada@example.com>\"\nnote = \"Lifecycle in docs/sdlc.md\"\n"
        ), "{text}");
        let (_, reloaded) = open(dir.path());
        assert_eq!(reloaded, progress);
    }

    #[test]
    fn one_change_touches_only_its_own_lines_and_keeps_comments_and_unknown_keys() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join(".vouch")).unwrap();
        let original = "\
# team notes stay
version = 1

[items.\"a:1\"]
status = \"done\" # ticked in the March review
owner = \"ops\"

[items.\"a:3\"]
status = \"in-progress\"
";
        fs::write(dir.path().join(".vouch/progress.toml"), original).unwrap();
        let (mut file, mut progress) = open(dir.path());
        progress
            .set_status("a:2", Status::Done, None, &stamp("2026-11-27T00:00:00Z"))
            .unwrap();
        file.save(&mut progress, &["a:2".into()]).unwrap();
        let text = read(dir.path());
        let expected = "\
# team notes stay
version = 1

[items.\"a:1\"]
status = \"done\" # ticked in the March review
owner = \"ops\"

[items.\"a:2\"]
status = \"done\"
updated = 2026-11-27T00:00:00Z
by = \"Ada <ada@example.com>\"

[items.\"a:3\"]
status = \"in-progress\"
";
        assert_eq!(text, expected);
    }

    #[test]
    fn the_same_state_gives_the_same_bytes_whatever_the_order_of_changes() {
        let s = stamp("2026-11-27T00:00:00Z");
        let mut texts = Vec::new();
        for order in [["a:1", "b:2"], ["b:2", "a:1"]] {
            let dir = tempfile::tempdir().unwrap();
            let (mut file, mut progress) = open(dir.path());
            for id in order {
                progress.set_note(id, "n", &s);
                progress.set_status(id, Status::Done, None, &s).unwrap();
                file.save(&mut progress, &[id.to_owned()]).unwrap();
            }
            texts.push(read(dir.path()));
        }
        assert_eq!(texts[0], texts[1]);
    }

    #[test]
    fn items_back_to_todo_with_nothing_recorded_are_removed_from_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let (mut file, mut progress) = open(dir.path());
        let s = stamp("2026-11-27T00:00:00Z");
        progress.set_status("a:1", Status::Done, None, &s).unwrap();
        file.save(&mut progress, &["a:1".into()]).unwrap();
        progress.set_status("a:1", Status::Todo, None, &s).unwrap();
        file.save(&mut progress, &["a:1".into()]).unwrap();
        assert!(!read(dir.path()).contains("a:1"));
    }

    #[test]
    fn multi_line_notes_are_written_line_by_line_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let (mut file, mut progress) = open(dir.path());
        let note = "first line\nsecond line";
        progress.set_note("a:1", note, &stamp("2026-11-27T00:00:00Z"));
        file.save(&mut progress, &["a:1".into()]).unwrap();
        let text = read(dir.path());
        assert!(
            text.contains("note = '''\nfirst line\nsecond line'''"),
            "{text}"
        );
        let (_, reloaded) = open(dir.path());
        assert_eq!(reloaded.get("a:1").unwrap().note.as_deref(), Some(note));
    }

    #[test]
    fn changes_on_disk_to_other_items_are_merged_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let s = stamp("2026-11-27T00:00:00Z");
        let (mut mine, mut my_progress) = open(dir.path());
        let (mut theirs, mut their_progress) = open(dir.path());
        their_progress
            .set_status("b:1", Status::Done, None, &s)
            .unwrap();
        theirs.save(&mut their_progress, &["b:1".into()]).unwrap();

        my_progress
            .set_status("a:1", Status::Done, None, &s)
            .unwrap();
        let report = mine.save(&mut my_progress, &["a:1".into()]).unwrap();
        assert!(report.merged_from_disk);
        assert_eq!(
            my_progress.status("b:1"),
            Status::Done,
            "their tick is now in memory too"
        );
        let (_, on_disk) = open(dir.path());
        assert_eq!(on_disk.status("a:1"), Status::Done);
        assert_eq!(on_disk.status("b:1"), Status::Done);
    }

    #[test]
    fn the_same_item_changed_on_disk_is_refused_and_nothing_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let s = stamp("2026-11-27T00:00:00Z");
        let (mut mine, mut my_progress) = open(dir.path());
        let (mut theirs, mut their_progress) = open(dir.path());
        their_progress.set_note("a:1", "theirs", &s);
        theirs.save(&mut their_progress, &["a:1".into()]).unwrap();
        let before = read(dir.path());

        my_progress.set_note("a:1", "mine", &s);
        let err = mine.save(&mut my_progress, &["a:1".into()]).unwrap_err();
        assert!(
            matches!(err, ProgressError::Conflict { ref ids, .. } if ids == &["a:1"]),
            "{err}"
        );
        assert!(err.to_string().contains("changed on disk"));
        assert_eq!(read(dir.path()), before);
    }

    #[test]
    fn a_file_that_does_not_parse_is_reported_with_line_and_column_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join(".vouch")).unwrap();
        let broken = "version = 1\n[items.\"a:1\"]\nstatus = \"finished\"\n";
        fs::write(dir.path().join(".vouch/progress.toml"), broken).unwrap();
        let err = ProgressFile::load(&dir.path().join(".vouch/progress.toml")).unwrap_err();
        let message = err.to_string();
        assert!(
            message.contains("progress.toml:3:10: unknown status `finished`"),
            "{message}"
        );
        assert!(message.contains("left untouched"), "{message}");
        assert_eq!(read(dir.path()), broken);
    }

    #[test]
    fn an_exception_is_written_with_its_review_date_after_the_reason() {
        let dir = tempfile::tempdir().unwrap();
        let (mut file, mut progress) = open(dir.path());
        progress
            .set_status(
                "a:1",
                Status::NotApplicable,
                Some("no UI"),
                &stamp("2026-11-27T18:02:11Z"),
            )
            .unwrap();
        file.save(&mut progress, &["a:1".into()]).unwrap();
        assert!(read(dir.path()).ends_with(
            "[items.\"a:1\"]\nstatus = \"n/a\"\nupdated = 2026-11-27T18:02:11Z\nby = \"Ada <ada@example.com>\"\nreason = \"no UI\"\nreview_by = 2027-11-27\n"
        ));
        let (_, reloaded) = open(dir.path());
        assert_eq!(reloaded, progress);

        let text = "[items.\"a:1\"]\nstatus = \"n/a\"\nreview_by = \"next year\"\n";
        let problem = parse_text("p.toml", text).unwrap_err();
        assert_eq!(
            problem.to_string(),
            "p.toml:3:13: `review_by` of `a:1` must be a date like 2027-11-27"
        );
        let quoted = "[items.\"a:1\"]\nstatus = \"n/a\"\nreview_by = \"2027-01-02\"\n";
        assert_eq!(
            parse_text("p.toml", quoted).unwrap().items["a:1"]
                .review_by
                .as_deref(),
            Some("2027-01-02")
        );
    }

    #[test]
    fn evidence_is_written_one_piece_a_line_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let (mut file, mut progress) = open(dir.path());
        let s = stamp("2026-11-27T00:00:00Z");
        progress.set_status("a:1", Status::Done, None, &s).unwrap();
        let entry = progress.items.get_mut("a:1").unwrap();
        entry.evidence = vec![
            Evidence::Commit { id: "9c1e".into() },
            Evidence::Url {
                url: "https://example.com".into(),
            },
        ];
        file.save(&mut progress, &["a:1".into()]).unwrap();
        let text = read(dir.path());
        assert!(
            text.contains(
                "evidence = [\n  { commit = \"9c1e\" },\n  { url = \"https://example.com\" },\n]"
            ),
            "{text}"
        );
        let (_, reloaded) = open(dir.path());
        assert_eq!(reloaded, progress);
    }

    #[test]
    fn adopted_from_is_written_after_the_reason_and_review_date_read_back_and_dropped_with_one_line()
     {
        let dir = tempfile::tempdir().unwrap();
        let (mut file, mut progress) = open(dir.path());
        let s = stamp("2026-11-27T00:00:00Z");
        progress
            .set_status("b:1", Status::NotApplicable, Some("no UI"), &s)
            .unwrap();
        progress.adopt("a:1", "b:1", &s).unwrap();
        file.save(&mut progress, &["a:1".into(), "b:1".into()])
            .unwrap();
        let text = read(dir.path());
        assert!(
            text.contains(
                "[items.\"a:1\"]\nstatus = \"n/a\"\nupdated = 2026-11-27T00:00:00Z\nby = \"Ada <ada@example.com>\"\nreason = \"no UI\"\nreview_by = 2027-11-27\nadopted_from = \"b:1\"\n"
            ),
            "{text}"
        );
        let (_, reloaded) = open(dir.path());
        assert_eq!(reloaded, progress);

        // Setting the same status by hand keeps the record; the diff of a real change is small.
        progress
            .set_status("a:1", Status::NotApplicable, Some("no UI at all"), &s)
            .unwrap();
        file.save(&mut progress, &["a:1".into()]).unwrap();
        let after = read(dir.path());
        assert!(!after.contains("adopted_from"), "{after}");
        let a1 = |text: &str| -> Vec<String> {
            let lines = text.lines().skip_while(|l| *l != "[items.\"a:1\"]");
            lines
                .take_while(|l| !l.is_empty())
                .map(str::to_owned)
                .collect()
        };
        let (before, now) = (a1(&text), a1(&after));
        let removed: Vec<&str> = before
            .iter()
            .filter(|l| !now.contains(l))
            .map(String::as_str)
            .collect();
        let added: Vec<&str> = now
            .iter()
            .filter(|l| !before.contains(l))
            .map(String::as_str)
            .collect();
        assert_eq!(
            (removed, added),
            (
                vec!["reason = \"no UI\"", "adopted_from = \"b:1\""],
                vec!["reason = \"no UI at all\""]
            ),
            "the reason line changes and the adopted_from line goes"
        );
    }

    #[test]
    fn progress_under_a_replaced_id_moves_in_the_file_when_the_new_item_is_saved() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".vouch/progress.toml");
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        let original = "\
version = 1

[items.\"a:1\"]
status = \"done\"

[items.\"a:old\"]
status = \"done\"
note = \"kept across the rename\"
";
        fs::write(&path, original).unwrap();
        let renames = vec![Rename {
            old: "a:old".into(),
            new: "a:new".into(),
        }];
        let (mut file, mut progress) = ProgressFile::load(&path).unwrap();
        file.set_renames(renames.clone());
        progress.carry_over(&renames);
        let s = stamp("2026-11-27T00:00:00Z");

        // Saving another item leaves the old table where it is and the carry-over in memory.
        progress.set_note("a:1", "unrelated", &s);
        file.save(&mut progress, &["a:1".into()]).unwrap();
        assert!(read(dir.path()).contains("[items.\"a:old\"]"));
        assert_eq!(
            progress.get("a:new").unwrap().note.as_deref(),
            Some("kept across the rename")
        );
        assert!(progress.get("a:old").is_none());

        // Saving the new item moves the entry: its table is written, the old one goes.
        progress
            .set_status("a:new", Status::Done, None, &s)
            .unwrap();
        progress.set_note("a:new", "kept across the rename; checked again", &s);
        file.save(&mut progress, &["a:new".into()]).unwrap();
        let text = read(dir.path());
        assert!(!text.contains("a:old"), "{text}");
        assert!(text.contains("[items.\"a:new\"]\nstatus = \"done\"\nupdated = 2026-11-27T00:00:00Z\nby = \"Ada <ada@example.com>\"\nnote = \"kept across the rename; checked again\"\n"), "{text}");
        assert_eq!(file.reload().unwrap(), progress);
    }

    #[test]
    fn an_entry_under_a_replaced_id_stays_when_the_new_item_has_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".vouch/progress.toml");
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(
            &path,
            "[items.\"a:new\"]\nstatus = \"done\"\n\n[items.\"a:old\"]\nnote = \"older\"\n",
        )
        .unwrap();
        let renames = vec![Rename {
            old: "a:old".into(),
            new: "a:new".into(),
        }];
        let (mut file, mut progress) = ProgressFile::load(&path).unwrap();
        file.set_renames(renames.clone());
        assert!(progress.carry_over(&renames).is_empty());
        progress.set_note("a:new", "mine", &stamp("2026-11-27T00:00:00Z"));
        file.save(&mut progress, &["a:new".into()]).unwrap();
        assert!(read(dir.path()).contains("[items.\"a:old\"]\nnote = \"older\"\n"));
    }

    #[test]
    fn an_empty_file_is_created_once_and_an_existing_file_is_never_touched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".vouch/progress.toml");
        assert!(create_empty(&path).unwrap());
        let (_, progress) = open(dir.path());
        assert_eq!(progress, Progress::default());
        assert_eq!(read(dir.path()), HEADER);

        fs::write(&path, "not = [valid").unwrap();
        assert!(!create_empty(&path).unwrap());
        assert_eq!(read(dir.path()), "not = [valid");
        let leftovers: Vec<_> = fs::read_dir(dir.path().join(".vouch"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(
            leftovers,
            vec!["progress.toml"],
            "no temporary file is left behind"
        );
    }

    #[test]
    fn a_save_interrupted_between_write_and_rename_leaves_the_old_file_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("progress.toml");
        write_atomically(&path, b"old = 1\n").unwrap();
        let new = "new = 2\n".repeat(10_000);
        let mut seen_temp = None;
        let err = write_via_temp_with(&path, new.as_bytes(), true, &mut |temp| {
            // At this point the new bytes are complete and flushed in the temporary file...
            assert_eq!(fs::read_to_string(temp)?, new);
            // ...and a reader of the real file still sees the old one.
            assert_eq!(fs::read_to_string(&path)?, "old = 1\n");
            seen_temp = Some(temp.to_owned());
            Err(io::Error::other("power cut"))
        })
        .unwrap_err();
        assert_eq!(err.to_string(), "power cut");
        assert_eq!(fs::read_to_string(&path).unwrap(), "old = 1\n");
        assert!(
            !seen_temp.unwrap().exists(),
            "an abandoned temporary file is removed"
        );
    }

    #[test]
    fn a_save_waits_for_a_live_lock_and_takes_over_an_abandoned_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("progress.toml");
        let lock = dir.path().join("progress.toml.lock");

        let held = SaveLock::acquire(&path).unwrap();
        assert_eq!(
            fs::read_to_string(&lock).unwrap().trim(),
            std::process::id().to_string()
        );
        let err = SaveLock::acquire_within(&path, Duration::from_millis(30))
            .err()
            .unwrap();
        assert!(matches!(err, ProgressError::Locked { .. }), "{err}");
        assert!(
            err.to_string().contains("If no vouch is running, delete"),
            "{err}"
        );
        drop(held);
        assert!(!lock.exists(), "released on drop");

        // A lock left by a process that is gone (a vouch killed mid-save) is taken over.
        if Path::new("/proc/self").exists() {
            let mut child = std::process::Command::new("true").spawn().unwrap();
            let dead = child.id();
            child.wait().unwrap();
            fs::write(&lock, format!("{dead}\n")).unwrap();
            let taken = SaveLock::acquire_within(&path, Duration::from_millis(30)).unwrap();
            assert_eq!(
                fs::read_to_string(&lock).unwrap().trim(),
                std::process::id().to_string()
            );
            drop(taken);
        }
    }

    #[test]
    fn temporary_files_left_by_a_killed_save_are_removed_once_stale() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join(".progress-killed.tmp");
        let fresh = dir.path().join(".progress-live.tmp");
        let other = dir.path().join("notes.tmp");
        for file in [&stale, &fresh, &other] {
            fs::write(file, "partial").unwrap();
        }
        let long_ago = std::time::SystemTime::now() - 2 * STALE_TEMP_AGE;
        for file in [&stale, &other] {
            fs::File::options()
                .write(true)
                .open(file)
                .unwrap()
                .set_modified(long_ago)
                .unwrap();
        }
        write_atomically(&dir.path().join("progress.toml"), b"x").unwrap();
        assert!(!stale.exists(), "a stale temporary file is removed");
        assert!(fresh.exists(), "a live save's file is left alone");
        assert!(other.exists(), "other files are never touched");
    }

    #[test]
    fn entries_written_as_inline_tables_are_saved_not_skipped() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join(".vouch")).unwrap();
        fs::write(
            dir.path().join(".vouch/progress.toml"),
            "version = 1\n[items]\n\"a:1\" = { status = \"done\" }\n",
        )
        .unwrap();
        let (mut file, mut progress) = open(dir.path());
        progress
            .set_status(
                "a:1",
                Status::InProgress,
                None,
                &stamp("2026-11-27T00:00:00Z"),
            )
            .unwrap();
        file.save(&mut progress, &["a:1".into()]).unwrap();
        let (_, reloaded) = open(dir.path());
        assert_eq!(reloaded, progress);
        assert_eq!(reloaded.status("a:1"), Status::InProgress);
    }

    #[cfg(unix)]
    #[test]
    fn saved_files_get_the_mode_of_any_new_file_and_keep_a_changed_mode() {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("plain");
        fs::File::create(&plain).unwrap();
        let path = dir.path().join("progress.toml");
        write_atomically(&path, b"a").unwrap();
        assert_eq!(
            mode(&path),
            mode(&plain),
            "not the owner-only mode of a temporary file"
        );

        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomically(&path, b"b").unwrap();
        assert_eq!(mode(&path), 0o640);
    }

    #[test]
    fn a_dismissal_alone_is_written_one_a_line_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let (mut file, mut progress) = open(dir.path());
        progress.dismiss("a:1", "security-policy", &stamp("2026-11-27T18:02:11Z"));
        file.save(&mut progress, &["a:1".into()]).unwrap();
        let text = read(dir.path());
        assert!(
            text.ends_with(
                "[items.\"a:1\"]\ndismissed = [\n  { detector = \"security-policy\", by = \"Ada <ada@example.com>\", on = 2026-11-27T18:02:11Z },\n]\n"
            ),
            "{text}"
        );
        assert!(
            !text.contains("status ="),
            "a dismissal is no status: {text}"
        );
        let (_, reloaded) = open(dir.path());
        assert_eq!(reloaded, progress);
        assert_eq!(reloaded.status("a:1"), Status::Todo);
    }

    #[test]
    fn dismissing_adds_only_its_own_lines_and_keeps_comments_and_unknown_keys() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join(".vouch")).unwrap();
        let original = "\
version = 1

[items.\"a:1\"]
status = \"done\" # from the March review
updated = 2026-03-01T10:00:00Z
by = \"Bob <bob@example.com>\"
evidence = [
  { commit = \"9c1e\" },
]
team = \"ops\"
";
        fs::write(dir.path().join(".vouch/progress.toml"), original).unwrap();
        let (mut file, mut progress) = open(dir.path());
        progress.dismiss("a:1", "lock-files", &stamp("2026-11-27T00:00:00Z"));
        file.save(&mut progress, &["a:1".into()]).unwrap();
        let expected = "\
version = 1

[items.\"a:1\"]
status = \"done\" # from the March review
updated = 2026-03-01T10:00:00Z
by = \"Bob <bob@example.com>\"
evidence = [
  { commit = \"9c1e\" },
]
dismissed = [
  { detector = \"lock-files\", by = \"Ada <ada@example.com>\", on = 2026-11-27T00:00:00Z },
]
team = \"ops\"
";
        assert_eq!(read(dir.path()), expected);

        // A second dismissal adds one line; the first keeps its bytes.
        progress.dismiss("a:1", "dependabot", &stamp("2026-11-28T00:00:00Z"));
        file.save(&mut progress, &["a:1".into()]).unwrap();
        let text = read(dir.path());
        assert!(
            text.contains("dismissed = [\n  { detector = \"lock-files\", by = \"Ada <ada@example.com>\", on = 2026-11-27T00:00:00Z },\n  { detector = \"dependabot\""),
            "{text}"
        );
    }
}
