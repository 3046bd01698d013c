//! `vouch export --format assurance`: the customer-facing self-assessment against the UK
//! Software Security Code of Practice, in the layout vendors publish: per principle a status
//! and a narrative, per claim its evidence and argument (the item's note), a closing table of
//! the 14 principles and a sign-off. Markdown.
//!
//! A principle is **Met** only when every one of its claims is `done`. A claim set aside as
//! `n/a` keeps its principle from Met (the NCSC's claims have no "does not apply"), and its
//! reason is listed so the reader can judge the exception. Other statuses: **Not applicable**
//! when every claim is `n/a`, **Partially met** when some claims are done, **Not met** when
//! none is.

use std::fmt::Write as _;

use super::{
    Context, evidence_markdown, grouped, md_cell, md_escape, name_only, short_id, status_text,
};
use crate::model::{Catalog, Framework, Item, Progress, Section, Status};

/// The framework this export is for.
pub const FRAMEWORK: &str = "uk-sscop";

/// Why the assurance export could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AssuranceError {
    /// The UK Code is not among the enabled frameworks.
    #[error(
        "the assurance export is for the UK Software Security Code of Practice (`uk-sscop`), which is not enabled; add it to `frameworks` in .vouch/config.toml"
    )]
    NotEnabled,
}

/// A principle's standing, worked out from its claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Every claim is done.
    Met,
    /// Some claims are done, not all.
    PartiallyMet,
    /// No claim is done.
    NotMet,
    /// Every claim is `n/a`.
    NotApplicable,
}

impl Standing {
    /// Works out a principle's standing from its claims' statuses.
    #[must_use]
    pub fn of(statuses: &[Status]) -> Self {
        let done = statuses.iter().filter(|s| **s == Status::Done).count();
        let na = statuses
            .iter()
            .filter(|s| **s == Status::NotApplicable)
            .count();
        if !statuses.is_empty() && done == statuses.len() {
            Standing::Met
        } else if !statuses.is_empty() && na == statuses.len() {
            Standing::NotApplicable
        } else if done > 0 {
            Standing::PartiallyMet
        } else {
            Standing::NotMet
        }
    }

    /// How the document names it.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Standing::Met => "Met",
            Standing::PartiallyMet => "Partially met",
            Standing::NotMet => "Not met",
            Standing::NotApplicable => "Not applicable",
        }
    }
}

fn claim_label(status: Status) -> &'static str {
    match status {
        Status::Done => "met",
        Status::InProgress => "not yet met (in progress)",
        Status::Todo => "not met",
        Status::NotApplicable => "not applicable",
    }
}

struct Principle<'a> {
    section: &'a Section,
    theme: Option<&'a Section>,
    claims: Vec<&'a Item>,
    standing: Standing,
}

/// The self-assessment as Markdown.
pub fn render(
    catalog: &Catalog,
    progress: &Progress,
    context: &Context,
) -> Result<String, AssuranceError> {
    let framework = catalog
        .framework(FRAMEWORK)
        .ok_or(AssuranceError::NotEnabled)?;
    let principles = principles(framework, progress);
    let mut out = String::new();
    let name = md_escape(&context.name);
    let _ = writeln!(
        out,
        "# {name}: self-assessment against the Software Security Code of Practice\n"
    );
    let _ = writeln!(
        out,
        "This document is a **self-assessment** by the team behind {name} against the UK \
         Software Security Code of Practice (DSIT and NCSC, May 2025), set out claim by claim \
         after the NCSC's Assurance Principles and Claims. It has not been checked by a third \
         party and is not a certification. It is not the official self-assessment form.\n"
    );
    let _ = writeln!(
        out,
        "The claim numbers (`1.1-C1`, `1.1-C2`, ...) are vouch's own numbering of the NCSC \
         claims, in the order the NCSC lists them; they are not official identifiers. Claim \
         texts are short paraphrases, not the NCSC's wording. Each claim shows the evidence \
         recorded for it and the argument for why that evidence supports it. A principle is \
         *Met* only when all of its claims are; claims that do not apply are listed with the \
         reason.\n"
    );
    let met = principles
        .iter()
        .filter(|p| p.standing == Standing::Met)
        .count();
    let _ = writeln!(
        out,
        "**Summary: {met} of {} principles met.** Recorded at commit {}{}.\n",
        principles.len(),
        context.head_markdown(),
        if context.uncommitted {
            ", with changes to the progress file not yet committed"
        } else {
            ""
        }
    );

    let mut theme_shown: Option<&str> = None;
    for principle in &principles {
        if let Some(theme) = principle.theme
            && theme_shown != Some(theme.id.as_str())
        {
            let _ = writeln!(
                out,
                "## {} {}\n",
                md_escape(&theme.id),
                md_escape(&theme.title)
            );
            theme_shown = Some(&theme.id);
        }
        render_principle(&mut out, framework, principle, progress, context);
    }

    out.push_str("## Principles at a glance\n\n");
    out.push_str("| Principle | | Status | Claims met |\n|---|---|---|---|\n");
    for principle in &principles {
        let done = principle
            .claims
            .iter()
            .filter(|c| progress.status(&framework.full_id(c)) == Status::Done)
            .count();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {done} of {} |",
            md_cell(&principle.section.id),
            md_cell(&principle.section.title),
            principle.standing.label(),
            principle.claims.len()
        );
    }

    out.push_str("\n## Sign-off\n\n| | |\n|---|---|\n");
    let _ = writeln!(
        out,
        "| Prepared by | {} (git `user.name` and `user.email`) |",
        md_cell(&context.who)
    );
    let _ = writeln!(out, "| Prepared on | {} |", md_cell(&context.now));
    let state = match (&context.head, context.uncommitted) {
        (Some(_), false) => format!("commit {}", context.head_markdown()),
        (Some(_), true) => format!(
            "commit {} plus uncommitted changes to `.vouch/progress.toml`: commit them so the record can be traced",
            context.head_markdown()
        ),
        (None, _) => "no commit yet".to_owned(),
    };
    let _ = writeln!(out, "| Record | {state} |");
    let _ = writeln!(
        out,
        "| Made with | vouch {}; claim numbering is vouch's own |",
        env!("CARGO_PKG_VERSION")
    );
    out.push_str("| Approved by (Senior Responsible Owner) | |\n| Approved on | |\n");
    Ok(out)
}

/// The UK Code's principles: the sections that hold claims, in tree order, with their theme.
fn principles<'a>(framework: &'a Framework, progress: &Progress) -> Vec<Principle<'a>> {
    grouped(framework)
        .into_iter()
        .filter_map(|(section, _, claims)| {
            let section = section?;
            if claims.is_empty() {
                return None;
            }
            let statuses: Vec<Status> = claims
                .iter()
                .map(|c| progress.status(&framework.full_id(c)))
                .collect();
            let theme = section
                .parent
                .as_deref()
                .and_then(|p| framework.sections.iter().find(|s| s.id == p));
            Some(Principle {
                section,
                theme,
                claims,
                standing: Standing::of(&statuses),
            })
        })
        .collect()
}

fn render_principle(
    out: &mut String,
    framework: &Framework,
    principle: &Principle<'_>,
    progress: &Progress,
    context: &Context,
) {
    let _ = writeln!(
        out,
        "### Principle {} {}\n\n**Status: {}**\n",
        md_escape(&principle.section.id),
        md_escape(&principle.section.title),
        principle.standing.label()
    );
    // The narrative: where the principle stands, then the exceptions with their reasons.
    let count = |wanted: Status| {
        principle
            .claims
            .iter()
            .filter(|c| progress.status(&framework.full_id(c)) == wanted)
            .count()
    };
    let total = principle.claims.len();
    let mut narrative = format!(
        "{} of {total} claim{} met",
        count(Status::Done),
        if total == 1 { "" } else { "s" }
    );
    let na = count(Status::NotApplicable);
    if na > 0 {
        let _ = write!(narrative, "; {na} not applicable");
    }
    let open: Vec<&str> = principle
        .claims
        .iter()
        .filter(|c| {
            matches!(
                progress.status(&framework.full_id(c)),
                Status::Todo | Status::InProgress
            )
        })
        .map(|c| c.id.as_str())
        .collect();
    if !open.is_empty() {
        let _ = write!(narrative, "; not yet met: {}", open.join(", "));
    }
    let _ = writeln!(out, "{}.\n", md_escape(&narrative));
    for claim in &principle.claims {
        let id = framework.full_id(claim);
        if progress.status(&id) == Status::NotApplicable {
            let _ = writeln!(
                out,
                "- `{}` does not apply: {}",
                claim.id.replace('`', "'"),
                md_cell(status_text(progress.get(&id), &id, context).trim_start_matches("n/a: "))
            );
        }
    }
    if na > 0 {
        out.push('\n');
    }

    for claim in &principle.claims {
        let id = framework.full_id(claim);
        let entry = progress.get(&id);
        let status = progress.status(&id);
        let _ = writeln!(
            out,
            "#### Claim {}: {}\n",
            md_escape(&claim.id),
            md_escape(&claim.title)
        );
        let _ = write!(out, "*Status:* {}.", claim_label(status));
        if let Some((at, by)) = entry.and_then(|e| e.updated.as_deref().zip(e.by.as_deref())) {
            let _ = write!(
                out,
                " Recorded {} by {}.",
                at.get(..10).unwrap_or(at),
                md_escape(name_only(by))
            );
        }
        if status == Status::NotApplicable {
            let _ = write!(
                out,
                "\n\n*Why it does not apply:* {}",
                md_escape(status_text(entry, &id, context).trim_start_matches("n/a: "))
            );
        }
        out.push_str("\n\n*Evidence:*");
        let evidence = entry.map(|e| e.evidence.as_slice()).unwrap_or_default();
        if evidence.is_empty() {
            out.push_str(" none recorded.\n\n");
        } else {
            out.push_str("\n\n");
            for piece in evidence {
                let pinned = match piece {
                    crate::model::progress::Evidence::File { at: Some(at), .. } => {
                        format!(" (as at commit `{}`)", short_id(at))
                    }
                    _ => String::new(),
                };
                let _ = writeln!(
                    out,
                    "- {}{pinned}",
                    evidence_markdown(context.forge.as_ref(), piece)
                );
            }
            out.push('\n');
        }
        match entry
            .and_then(|e| e.note.as_deref())
            .filter(|n| !n.trim().is_empty())
        {
            Some(note) => {
                let _ = writeln!(out, "*Argument:* {}\n", md_escape(note.trim()));
            }
            None => out.push_str("*Argument:* none recorded.\n\n"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_principle_is_met_only_when_every_claim_is_done() {
        use Status::{Done, InProgress, NotApplicable, Todo};
        assert_eq!(Standing::of(&[Done, Done]), Standing::Met);
        assert_eq!(Standing::of(&[Done, NotApplicable]), Standing::PartiallyMet);
        assert_eq!(Standing::of(&[Done, Todo]), Standing::PartiallyMet);
        assert_eq!(Standing::of(&[InProgress, Todo]), Standing::NotMet);
        assert_eq!(
            Standing::of(&[NotApplicable, NotApplicable]),
            Standing::NotApplicable
        );
        assert_eq!(Standing::of(&[]), Standing::NotMet);
    }
}
