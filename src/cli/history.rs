//! `vouch history [ID]`: every change to an item (or to every item), newest first, read from
//! the git history of `.vouch/progress.toml`, with changes not yet committed on top.

use std::io::Write;
use std::path::Path;

use serde_json::{Value, json};

use super::{Outcome, one_line, open_repo, open_session, progress_path_in_repo, resolve_item};
use crate::git::history::{Change, file_history, item_history, progress_at};
use crate::model::diff::{FieldChange, item_changes};
use crate::model::progress::Evidence;
use crate::session::Session;

/// Options of `vouch history`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The item: a full id like uk-sscop:1.1-C1, or the bare id when one framework has it;
    /// every item when absent
    pub id: Option<String>,
    /// Output format; json is for tools (shape in docs/cli-json.md)
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// How `vouch history` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One block per change, for people.
    Text,
    /// One JSON document, for tools.
    Json,
}

/// Version of the JSON shape.
pub const JSON_SCHEMA: u32 = 1;

/// A change as shown: from a commit, or not committed yet (`commit` empty).
struct Shown {
    change: Change,
    committed: bool,
}

/// Prints the history.
pub fn run(args: &Args, start: &Path, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let session = open_session(start)?;
    let id = match &args.id {
        Some(typed) => Some(match resolve_item(&session, typed) {
            Ok(id) => id,
            // An orphaned entry has a history too.
            Err(_) if session.progress.get(typed.trim()).is_some() => typed.trim().to_owned(),
            Err(err) => return Err(err),
        }),
        None => None,
    };
    let repo = open_repo(
        &session,
        "show history (it reads the git history of .vouch/progress.toml)",
    )?;
    let path = progress_path_in_repo(&session);
    let mut shown: Vec<Shown> = uncommitted(&session, &repo, &path, id.as_deref())
        .into_iter()
        .map(|change| Shown {
            change,
            committed: false,
        })
        .collect();
    let committed = match &id {
        Some(id) => item_history(&repo, &path, id)?,
        None => file_history(&repo, &path)?,
    };
    shown.extend(committed.into_iter().map(|change| Shown {
        change,
        committed: true,
    }));
    if repo.is_shallow() {
        eprintln!(
            "note: this is a shallow clone, so history starts at the oldest commit present; `git fetch --unshallow` brings the rest"
        );
    }
    match args.format {
        Format::Text => render_text(&session, id.as_deref(), &shown, out)?,
        Format::Json => {
            let json = serde_json::to_string_pretty(&to_json(id.as_deref(), &shown))?;
            writeln!(out, "{json}")?;
        }
    }
    Ok(Outcome::Fine)
}

/// Changes in the working tree's progress file that HEAD does not have yet.
fn uncommitted(
    session: &Session,
    repo: &git2::Repository,
    path: &str,
    id: Option<&str>,
) -> Vec<Change> {
    let committed = if repo.head().is_ok() {
        progress_at(repo, "HEAD", path).unwrap_or_default()
    } else {
        crate::model::Progress::default()
    };
    let now = &session.progress;
    let mut ids: Vec<&String> = match id {
        Some(_) => Vec::new(),
        None => committed.items.keys().chain(now.items.keys()).collect(),
    };
    ids.sort();
    ids.dedup();
    let ids: Vec<String> = match id {
        Some(id) => vec![id.to_owned()],
        None => ids.into_iter().cloned().collect(),
    };
    ids.into_iter()
        .filter_map(|item| {
            let (old, new) = (committed.get(&item), now.get(&item));
            let fields = item_changes(old, new);
            let entry = new.or(old);
            (!fields.is_empty()).then(|| Change {
                commit: String::new(),
                author: String::new(),
                time: String::new(),
                summary: String::new(),
                recorded_by: entry.and_then(|e| e.by.clone()),
                recorded_at: entry.and_then(|e| e.updated.clone()),
                item,
                fields,
            })
        })
        .collect()
}

fn render_text(
    session: &Session,
    id: Option<&str>,
    shown: &[Shown],
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    if let Some(id) = id {
        let title = session
            .catalog
            .lookup(id)
            .map(|at| one_line(&session.catalog.get(at).1.title))
            .unwrap_or_default();
        writeln!(out, "{}  {title}", one_line(id))?;
    }
    if shown.is_empty() {
        writeln!(
            out,
            "  no change recorded: {} has no commit that changes {}",
            if id.is_some() {
                "the history"
            } else {
                "this repository"
            },
            id.map_or_else(|| "progress".to_owned(), one_line)
        )?;
        return Ok(());
    }
    let mut commits = 0;
    let mut last_header: Option<(bool, &str)> = None;
    for entry in shown {
        let c = &entry.change;
        let key = (entry.committed, c.commit.as_str());
        let new_group = last_header != Some(key);
        last_header = Some(key);
        if entry.committed && new_group {
            commits += 1;
        }
        let header = if entry.committed {
            let when = c.time.get(..16).unwrap_or(&c.time).replace('T', " ");
            format!(
                "{when}  {}  {}  {}",
                crate::report::short_id(&c.commit),
                one_line(&c.author),
                one_line(&c.summary)
            )
        } else {
            "not committed yet (the working tree's .vouch/progress.toml)".to_owned()
        };
        if new_group {
            writeln!(out, "  {header}")?;
        }
        if id.is_none() {
            writeln!(out, "    {}", one_line(&c.item))?;
        }
        let indent = if id.is_some() { "    " } else { "      " };
        if let Some(by) = &c.recorded_by
            && (!entry.committed || !same_person(by, &c.author))
        {
            let at = c
                .recorded_at
                .as_deref()
                .map_or(String::new(), |at| format!(" at {}", one_line(at)));
            writeln!(out, "{indent}recorded by {}{at}", one_line(by))?;
        }
        for field in &c.fields {
            writeln!(out, "{indent}{}", one_line(&field.describe()))?;
        }
    }
    let changes = shown.len();
    writeln!(
        out,
        "{changes} change{} in {commits} commit{}",
        super::plural(changes),
        super::plural(commits)
    )?;
    Ok(())
}

fn same_person(recorded: &str, author: &str) -> bool {
    recorded.trim().eq_ignore_ascii_case(author.trim())
}

fn to_json(id: Option<&str>, shown: &[Shown]) -> Value {
    let changes: Vec<Value> = shown
        .iter()
        .map(|entry| {
            let c = &entry.change;
            let commit = |text: &str| {
                if entry.committed {
                    Value::String(text.to_owned())
                } else {
                    Value::Null
                }
            };
            json!({
                "commit": commit(&c.commit),
                "author": commit(&c.author),
                "time": commit(&c.time),
                "summary": commit(&c.summary),
                "item": c.item,
                "recorded_by": c.recorded_by,
                "recorded_at": c.recorded_at,
                "fields": c.fields.iter().map(field_json).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "schema": JSON_SCHEMA,
        "item": id,
        "changes": changes,
    })
}

#[must_use]
/// A field change for tools: `{ "field", "from", "to" }`, or `{ "field", "evidence" }`.
pub fn field_json(change: &FieldChange) -> Value {
    let field = change.field();
    match change {
        FieldChange::Status { from, to } => {
            json!({ "field": field, "from": from.as_str(), "to": to.as_str() })
        }
        FieldChange::Reason { from, to }
        | FieldChange::ReviewBy { from, to }
        | FieldChange::Owner { from, to }
        | FieldChange::Note { from, to } => json!({ "field": field, "from": from, "to": to }),
        FieldChange::EvidenceAdded(e) | FieldChange::EvidenceRemoved(e) => {
            json!({ "field": field, "evidence": evidence_json(e) })
        }
        FieldChange::EvidenceRepinned { from, to } => {
            json!({ "field": field, "from": evidence_json(from), "to": evidence_json(to) })
        }
    }
}

#[must_use]
/// Evidence as the progress file writes it: `{ "commit" }`, `{ "file", "lines", ... }`, `{ "url" }`.
pub fn evidence_json(evidence: &Evidence) -> Value {
    match evidence {
        Evidence::Commit { id } => json!({ "commit": id }),
        Evidence::File {
            path,
            lines,
            blob,
            at,
            confirmed,
        } => json!({
            "file": path, "lines": lines, "blob": blob, "at": at, "confirmed": confirmed,
        }),
        Evidence::Url { url } => json!({ "url": url }),
    }
}
