//! Reports built from loaded progress: the exports (`vouch export`), the posture diff as
//! people read it (`vouch diff`), and the policy verdict (`vouch check`).
//!
//! Everything here is a pure function of its inputs: the catalog, the progress, and a
//! [`Context`] of facts gathered beforehand (the commit, the forge, who signs). Nothing here
//! reads a file, runs git or looks at the clock, so the same inputs give the same bytes.

pub mod assurance;
pub mod check;
pub mod csv;
pub mod json;
pub mod junit;
pub mod links;
pub mod markdown;
pub mod oscal;
pub mod posture;

use std::fmt::Write as _;

use jiff::civil::Date;

use crate::model::progress::Evidence;
use crate::model::review::{NaReview, ReviewTerms};
use crate::model::{Framework, Item, ItemProgress, Section};
use links::Forge;

/// Facts about where and when a report is made, gathered by the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Context {
    /// The repository's name (its folder), for titles.
    pub name: String,
    /// Where evidence links point, when `origin` is on a known forge.
    pub forge: Option<Forge>,
    /// The commit checked out, when there is one.
    pub head: Option<Head>,
    /// True when the progress reported differs from the one committed at HEAD.
    pub uncommitted: bool,
    /// Who makes the report, `Name <email>` from git config.
    pub who: String,
    /// When the report is made, UTC, RFC 3339 (only the assurance sign-off states it).
    pub now: String,
    /// Today, for review dates.
    pub today: Date,
    /// How `n/a` ages.
    pub terms: ReviewTerms,
}

/// The commit a report describes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    /// Full object id.
    pub id: String,
    /// Commit time, UTC, RFC 3339.
    pub time: String,
}

impl Context {
    /// The HEAD commit as a Markdown link (or code span without a forge); "no commit yet" when
    /// the repository has none.
    #[must_use]
    pub fn head_markdown(&self) -> String {
        match &self.head {
            Some(head) => commit_markdown(self.forge.as_ref(), &head.id),
            None => "no commit yet".to_owned(),
        }
    }
}

/// A commit as `[abc123456789](link)` or `` `abc123456789` ``.
fn commit_markdown(forge: Option<&Forge>, id: &str) -> String {
    let short = short_id(id);
    match forge {
        Some(forge) => format!("[`{short}`]({})", forge.commit_url(id)),
        None => format!("`{short}`"),
    }
}

/// The first 12 characters of an object id, enough to be unique in any real repository.
#[must_use]
pub fn short_id(id: &str) -> &str {
    id.get(..12).unwrap_or(id)
}

/// A short label for a piece of evidence: `commit abc123456789`, `docs/x.md:1-5`, the URL.
#[must_use]
pub fn evidence_label(evidence: &Evidence) -> String {
    match evidence {
        Evidence::Commit { id } => format!("commit {}", short_id(id)),
        Evidence::File { path, lines, .. } => match lines {
            Some(lines) => format!("{path}:{lines}"),
            None => path.clone(),
        },
        Evidence::Url { url } => url.clone(),
    }
}

/// Evidence as Markdown: a link when there is one, else the label in a code span.
fn evidence_markdown(forge: Option<&Forge>, evidence: &Evidence) -> String {
    let label = evidence_label(evidence);
    match links::evidence_link(forge, evidence) {
        Some(url) if safe_url(&url) => {
            format!("[{}]({})", md_escape(&label), url.replace(' ', "%20"))
        }
        _ => code_span(&label),
    }
}

/// Only web addresses become links; anything else (`javascript:`, odd schemes) stays text.
fn safe_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && !url
            .chars()
            .any(|c| c.is_control() || matches!(c, '<' | '>' | '(' | ')' | '"'))
}

/// Text in a code span, with backticks and line breaks made harmless.
fn code_span(text: &str) -> String {
    let text = crate::text::visible(text, false)
        .replace('`', "'")
        .replace('|', "\\|");
    format!("`{text}`")
}

/// Text from users made safe inside Markdown: HTML and table pipes escaped, control
/// characters shown as symbols. Line breaks are kept.
#[must_use]
pub fn md_escape(text: &str) -> String {
    let text = crate::text::visible(text, true);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '|' => out.push_str("\\|"),
            '\\' | '`' | '*' | '_' | '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// Text for one table cell: escaped, line breaks as `<br>`.
#[must_use]
pub fn md_cell(text: &str) -> String {
    md_escape(text.trim())
        .replace("\r\n", "\n")
        .replace('\n', "<br>")
}

/// The status as a report shows it, with the reason and review date for `n/a`.
fn status_text(entry: Option<&ItemProgress>, id: &str, context: &Context) -> String {
    let Some(entry) = entry else {
        return "todo".to_owned();
    };
    let mut text = entry.status.to_string();
    if let Some(review) = NaReview::of(id, entry, context.today, context.terms) {
        text.push_str(": ");
        text.push_str(&review.reason);
        match (review.review_by, review.expired) {
            (Some(date), true) => {
                let _ = write!(text, " (review was due {date})");
            }
            (Some(date), false) => {
                let _ = write!(text, " (review by {date})");
            }
            (None, _) => text.push_str(" (no review date)"),
        }
    }
    text
}

/// A framework's sections in tree order with their depth and the items directly in each;
/// items whose section is unknown come last under `None`.
fn grouped(framework: &Framework) -> Vec<(Option<&Section>, usize, Vec<&Item>)> {
    let mut groups: Vec<(Option<&Section>, usize, Vec<&Item>)> = framework
        .sections_in_tree_order()
        .into_iter()
        .map(|(section, depth)| {
            (
                Some(section),
                depth,
                framework.items_in(&section.id).collect(),
            )
        })
        .collect();
    let loose: Vec<&Item> = framework
        .items
        .iter()
        .filter(|item| !framework.sections.iter().any(|s| s.id == item.section))
        .collect();
    if !loose.is_empty() {
        groups.push((None, 0, loose));
    }
    groups
}

/// `Name` from `Name <email>`, for places where the address is noise.
fn name_only(who: &str) -> &str {
    who.split_once(" <").map_or(who, |(name, _)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_text_cannot_break_out_of_markdown() {
        assert_eq!(
            md_cell("a | b\n<script>x</script>"),
            "a \\| b<br>&lt;script&gt;x&lt;/script&gt;"
        );
        assert_eq!(
            md_escape("[link](javascript:x)"),
            "\\[link\\](javascript:x)"
        );
        assert_eq!(code_span("a`b"), "`a'b`");
    }

    #[test]
    fn only_web_addresses_become_links() {
        let url = Evidence::Url {
            url: "javascript:alert(1)".into(),
        };
        assert_eq!(evidence_markdown(None, &url), "`javascript:alert(1)`");
        let web = Evidence::Url {
            url: "https://example.com/a b".into(),
        };
        assert_eq!(
            evidence_markdown(None, &web),
            "[https://example.com/a b](https://example.com/a%20b)"
        );
    }
}
