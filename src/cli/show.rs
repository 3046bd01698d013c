//! `vouch show ID`: one item whole: where it sits, guidance, evidence hints, status with who and
//! when, reason, note, evidence numbered from 1, and mapped items (derived, not counted).

use std::io::Write;
use std::path::Path;

use super::{Outcome, one_line, open_session, resolve_item, visible, wrap};
use crate::git::evidence::{EvidenceState, ReachabilityCache, check};
use crate::model::crosswalk::adoption_drift;
use crate::model::progress::Evidence;
use crate::model::{Framework, Item, ItemProgress, Progress, Status};
use crate::session::Session;

/// Options of `vouch show`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The item: a full id like uk-sscop:1.1-C1, or the bare id when one framework has it
    pub id: String,
}

const WIDTH: usize = 80;

/// Prints the item named by `args.id`.
pub fn run(args: &Args, start: &Path, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let session = open_session(start)?;
    let full_id = match resolve_item(&session, &args.id) {
        Ok(full_id) => full_id,
        Err(unknown) => {
            // An orphaned entry is still worth showing: it is in the file, and someone asks.
            let typed = args.id.trim();
            if let Some(entry) = session
                .progress
                .get(typed)
                .filter(|_| !session.knows(typed))
            {
                render_orphan(&session, typed, entry, out)?;
                return Ok(Outcome::Fine);
            }
            return Err(unknown);
        }
    };
    let Some(at) = session.catalog.lookup(&full_id) else {
        anyhow::bail!("unknown item `{full_id}`");
    };
    let (framework, item) = session.catalog.get(at);
    let entry = session.progress.get(&full_id);

    writeln!(out, "{}  {}", one_line(&full_id), one_line(&item.title))?;
    writeln!(
        out,
        "  framework  {} ({})",
        one_line(&framework.title),
        one_line(&framework.id)
    )?;
    writeln!(out, "  section    {}", section_path(framework, item))?;
    if let Some(level) = &item.level {
        writeln!(out, "  level      {}", one_line(level))?;
    }
    if !item.tags.is_empty() {
        let tags: Vec<String> = item.tags.iter().map(|t| one_line(t)).collect();
        writeln!(out, "  tags       {}", tags.join(", "))?;
    }
    render_entry(entry, &session.progress, out)?;
    if let Some(rename) = session.carried.iter().find(|r| r.new == full_id) {
        writeln!(
            out,
            "  carried    from {}, the id this item replaces; progress.toml moves the entry here on the next change",
            one_line(&rename.old)
        )?;
    }

    writeln!(out)?;
    writeln!(out, "guidance")?;
    write!(out, "{}", wrap(&visible(&item.guidance), "  ", WIDTH))?;
    if !item.evidence_hints.is_empty() {
        writeln!(out)?;
        writeln!(out, "what would prove it")?;
        for hint in &item.evidence_hints {
            let wrapped = wrap(&visible(hint), "    ", WIDTH);
            write!(out, "  - {}", wrapped.trim_start())?;
        }
    }
    render_evidence(&session, entry, &full_id, out)?;
    render_mapped(&session, &full_id, out)?;
    Ok(Outcome::Fine)
}

/// `Theme > Principle`: the item's section with its ancestors, outermost first.
fn section_path(framework: &Framework, item: &Item) -> String {
    let mut path = Vec::new();
    let mut current = Some(item.section.as_str());
    while let Some(id) = current {
        if path.len() > framework.sections.len() {
            break; // a cycle in an invalid file; `vouch validate` reports it
        }
        if let Some(section) = framework.sections.iter().find(|s| s.id == id) {
            path.push(format!(
                "{} {}",
                one_line(&section.id),
                one_line(&section.title)
            ));
            current = section.parent.as_deref();
        } else {
            path.push(one_line(id));
            current = None;
        }
    }
    path.reverse();
    path.join(" > ")
}

/// Status, who and when, reason and note.
fn render_entry(
    entry: Option<&ItemProgress>,
    progress: &Progress,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let status = entry.map_or(Status::Todo, |e| e.status);
    writeln!(out, "  status     {status}")?;
    let Some(entry) = entry else {
        return Ok(());
    };
    match (&entry.by, &entry.updated) {
        (Some(by), Some(at)) => writeln!(out, "  changed    {} by {}", one_line(at), one_line(by))?,
        (Some(by), None) => writeln!(out, "  changed    by {}", one_line(by))?,
        (None, Some(at)) => writeln!(out, "  changed    {}", one_line(at))?,
        (None, None) => {}
    }
    if let Some(owner) = &entry.owner {
        writeln!(out, "  owner      {}", one_line(owner))?;
    }
    if let Some(reason) = &entry.reason {
        writeln!(out, "  reason     {}", one_line(reason))?;
    }
    if let Some(source) = &entry.adopted_from {
        match adoption_drift(progress, entry) {
            Some((_, now)) => writeln!(
                out,
                "  adopted    from {} (which is {now} now; check that the status still holds)",
                one_line(source)
            )?,
            None => writeln!(out, "  adopted    from {}", one_line(source))?,
        }
    }
    if let Some(review_by) = &entry.review_by {
        let expired = crate::model::review::date_of(review_by)
            .is_some_and(|date| date < crate::model::review::today());
        let mark = if expired { " (expired: review it)" } else { "" };
        writeln!(out, "  review by  {}{mark}", one_line(review_by))?;
    }
    if let Some(note) = &entry.note {
        let mut lines = visible(note)
            .lines()
            .map(str::to_owned)
            .collect::<Vec<_>>()
            .into_iter();
        if let Some(first) = lines.next() {
            writeln!(out, "  note       {first}")?;
        }
        for line in lines {
            writeln!(out, "             {line}")?;
        }
    }
    Ok(())
}

/// Linked evidence, numbered from 1 as `vouch unlink` counts it, each with its state now
/// (fresh, stale with what changed, missing with a hint) when the repository can tell.
fn render_evidence(
    session: &Session,
    entry: Option<&ItemProgress>,
    full_id: &str,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    writeln!(out)?;
    writeln!(out, "evidence")?;
    let evidence = entry.map(|e| e.evidence.as_slice()).unwrap_or_default();
    if evidence.is_empty() {
        writeln!(out, "  none linked")?;
        return Ok(());
    }
    let repo = session
        .workspace
        .in_git
        .then(|| git2::Repository::open(&session.workspace.root).ok())
        .flatten();
    let mut cache = repo
        .as_ref()
        .map_or_else(ReachabilityCache::new, ReachabilityCache::remembered);
    cache.want_evidence(evidence);
    let (mut stale_file, mut missing) = (false, false);
    for (number, piece) in evidence.iter().enumerate() {
        let state = repo.as_ref().map(|repo| check(repo, piece, &mut cache));
        match &state {
            Some(EvidenceState::Stale { .. }) if matches!(piece, Evidence::File { .. }) => {
                stale_file = true;
            }
            Some(EvidenceState::Stale { .. } | EvidenceState::Missing { .. }) => missing = true,
            _ => {}
        }
        match state {
            Some(now) => writeln!(
                out,
                "  {}. {}  [{}]",
                number + 1,
                one_line(&piece.to_string()),
                one_line(&now.to_string())
            )?,
            None => writeln!(out, "  {}. {}", number + 1, one_line(&piece.to_string()))?,
        }
        if let Evidence::File {
            confirmed: Some(confirmed),
            ..
        } = piece
        {
            writeln!(out, "     re-confirmed by {}", one_line(confirmed))?;
        }
    }
    if stale_file {
        writeln!(
            out,
            "  a file changed since linking: look at it again; `vouch reconfirm {} N` re-pins one you still vouch for",
            one_line(full_id)
        )?;
    }
    if missing {
        writeln!(
            out,
            "  evidence is gone or unreachable: link what replaced it, then `vouch unlink {} N`",
            one_line(full_id)
        )?;
    }
    Ok(())
}

/// Items in other frameworks related through mappings, with strength, provenance and their
/// own status. They are shown for context and never counted as coverage of this item.
fn render_mapped(session: &Session, full_id: &str, out: &mut dyn Write) -> anyhow::Result<()> {
    let mapped = session.catalog.mapped(full_id);
    if mapped.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(out, "mapped items (derived, not counted)")?;
    let id_width = mapped
        .iter()
        .map(|m| one_line(&m.full_id).chars().count())
        .max()
        .unwrap_or(0);
    for m in &mapped {
        let title = session
            .catalog
            .lookup(&m.full_id)
            .map(|at| one_line(&session.catalog.get(at).1.title))
            .unwrap_or_default();
        writeln!(
            out,
            "  {:7}  {:id_width$}  {:11}  {}",
            m.strength.as_str(),
            one_line(&m.full_id),
            session.progress.status(&m.full_id).as_str(),
            title
        )?;
        writeln!(out, "  {:7}  provenance: {}", "", one_line(&m.provenance))?;
    }
    Ok(())
}

fn render_orphan(
    session: &Session,
    id: &str,
    entry: &ItemProgress,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    writeln!(out, "{}  (orphaned)", one_line(id))?;
    writeln!(
        out,
        "  no loaded checklist has this id; its entry is kept in {}, never deleted",
        session
            .workspace
            .display_path(&session.workspace.progress_path())
    )?;
    if let Some(new) = session.replaced_by(id) {
        writeln!(
            out,
            "  replaced   by {} in its checklist; that item has its own entry, so this one stays as it is",
            one_line(&new)
        )?;
    }
    render_entry(Some(entry), &session.progress, out)?;
    render_evidence(session, Some(entry), id, out)
}
