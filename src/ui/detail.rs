//! The detail pane: everything about the selected item, wrapped to the pane's width.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{has_focus, pane, render_scrollbar, style};
use crate::app::{AppState, Focus};
use crate::git::evidence::EvidenceState;
use crate::model::{ItemRef, Status};
use crate::text;

/// Draws the selected item's detail: status, note, evidence, mapped items, guidance.
pub fn render_detail(state: &AppState, frame: &mut Frame, area: Rect) {
    let theme = &state.theme;
    let focused = has_focus(state, Focus::Detail);
    let block = pane(theme, " Detail ".to_owned(), focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(at) = state.selected_item() else {
        return;
    };
    if inner.width < 4 || inner.height == 0 {
        return;
    }
    // One column is kept for the scrollbar.
    let lines = detail_lines(state, at, (inner.width - 1) as usize);
    let height = inner.height as usize;
    let max_scroll = lines.len().saturating_sub(height);
    let scroll = usize::from(state.detail_scroll).min(max_scroll);
    let shown: Vec<Line> = lines.iter().skip(scroll).take(height).cloned().collect();
    frame.render_widget(Paragraph::new(shown), inner);
    render_scrollbar(theme, frame, area, lines.len(), height, scroll);
}

/// Text wrapped under a label: the first line after `label`, the rest indented to match.
struct Writer<'t> {
    lines: Vec<Line<'static>>,
    width: usize,
    theme: &'t crate::ui::style::Theme,
}

impl Writer<'_> {
    fn blank(&mut self) {
        self.lines.push(Line::raw(""));
    }

    fn heading(&mut self, text: &str) {
        self.lines.push(Line::from(Span::styled(
            text.to_owned(),
            self.theme.heading,
        )));
    }

    /// `lead` spans, then `body` wrapped, later lines indented by `indent` cells.
    fn wrapped(&mut self, lead: &[Span<'static>], body: &str, body_style: Style, indent: usize) {
        let lead_width: usize = lead.iter().map(|s| text::width(&s.content)).sum();
        let pieces = text::wrap(
            body,
            self.width.saturating_sub(lead_width),
            self.width.saturating_sub(indent),
        );
        for (n, piece) in pieces.into_iter().enumerate() {
            let mut spans = if n == 0 {
                lead.to_vec()
            } else {
                vec![Span::raw(" ".repeat(indent))]
            };
            spans.push(Span::styled(piece, body_style));
            self.lines.push(Line::from(spans));
        }
    }
}

/// Width of the `Status  ` style labels, so wrapped values line up under the first.
const LABEL: usize = 8;

/// The detail pane's lines for one item at a given width.
#[must_use]
pub fn detail_lines(state: &AppState, at: ItemRef, width: usize) -> Vec<Line<'static>> {
    let theme = &state.theme;
    let (framework, item) = state.catalog.get(at);
    let full_id = framework.full_id(item);
    let entry = state.progress.get(&full_id);
    let status = entry.map_or(Status::Todo, |e| e.status);
    let mut out = Writer {
        lines: Vec::new(),
        width,
        theme,
    };
    let id = text::visible(&item.id, false).into_owned();
    let id_width = text::width(&id) + 1;
    out.wrapped(
        &[Span::styled(format!("{id} "), theme.key)],
        &text::visible(&item.title, false),
        theme.heading,
        id_width,
    );
    out.wrapped(&[], &section_path(state, at), theme.dim, 0);
    out.blank();

    out.lines.push(Line::from(vec![
        Span::styled("Status  ", theme.heading),
        Span::styled(
            format!("{} {}", style::status_mark(status), status),
            theme.status(status),
        ),
    ]));
    if let Some(entry) = entry {
        let by = entry
            .by
            .as_deref()
            .map(|by| format!("by {}", text::visible(by, false)));
        let when = entry
            .updated
            .as_deref()
            .map(|t| format!("on {}", text::short_time(t)));
        let stamp: Vec<String> = by.into_iter().chain(when).collect();
        if !stamp.is_empty() {
            out.wrapped(
                &[Span::raw(" ".repeat(LABEL))],
                &stamp.join(" "),
                theme.dim,
                LABEL,
            );
        }
    }
    if let Some(owner) = entry.and_then(|e| e.owner.as_deref()) {
        out.wrapped(
            &[Span::styled("Owner   ", theme.heading)],
            &text::visible(owner, false),
            Style::new(),
            LABEL,
        );
    }
    if let Some(reason) = entry.and_then(|e| e.reason.as_deref()) {
        out.wrapped(
            &[Span::styled("Reason  ", theme.heading)],
            &text::visible(reason, false),
            Style::new(),
            LABEL,
        );
    }
    let terms = crate::model::review::ReviewTerms {
        valid_for_months: state.na_valid_for_months,
        ..crate::model::review::ReviewTerms::default()
    };
    if let (Some(entry), Some(today)) = (entry, crate::model::review::date_of(&state.today))
        && let Some(review) = crate::model::review::NaReview::of(&full_id, entry, today, terms)
    {
        let date = review
            .review_by
            .map_or_else(|| "not set".to_owned(), |d| d.to_string());
        let (mark, mark_style) = if review.expired {
            (
                "  expired: review it (x keeps it with a new date)",
                theme.error,
            )
        } else if review.due {
            ("  due soon", theme.key)
        } else {
            ("", theme.dim)
        };
        out.lines.push(Line::from(vec![
            Span::styled("Review  ", theme.heading),
            Span::raw(format!("by {date}")),
            Span::styled(mark, mark_style),
        ]));
    }
    match entry.and_then(|e| e.note.as_deref()) {
        Some(note) => out.wrapped(
            &[Span::styled("Note    ", theme.heading)],
            &text::visible(note, true),
            Style::new(),
            LABEL,
        ),
        None => out.wrapped(
            &[Span::styled("Note    ", theme.heading)],
            "none yet: e writes why the evidence supports this item",
            theme.dim,
            LABEL,
        ),
    }

    out.blank();
    out.heading("Evidence");
    match entry.map(|e| e.evidence.as_slice()) {
        Some(evidence) if !evidence.is_empty() => {
            let focused = state.focus == crate::app::Focus::Detail;
            for (n, piece) in evidence.iter().enumerate() {
                let cursor = if focused && n == state.evidence_selected {
                    "›"
                } else {
                    " "
                };
                let lead = format!(" {cursor}{}. ", n + 1);
                let indent = text::width(&lead);
                let (mark, mark_style, words) = match state.evidence_state(&full_id, n) {
                    None => ("…", theme.dim, String::from("checking")),
                    Some(now) => match now {
                        EvidenceState::Fresh { .. } => ("✓", theme.ok, now.to_string()),
                        EvidenceState::Stale { .. } | EvidenceState::Missing { .. } => {
                            ("✗", theme.error, now.to_string())
                        }
                        EvidenceState::Unknown { .. } | EvidenceState::NotChecked => {
                            ("?", theme.dim, now.to_string())
                        }
                    },
                };
                let body_style = if focused && n == state.evidence_selected {
                    theme.heading
                } else {
                    Style::new()
                };
                out.wrapped(
                    &[
                        Span::styled(lead, theme.dim),
                        Span::styled(format!("{mark} "), mark_style),
                    ],
                    &format!(
                        "{}  ({})",
                        text::visible(&piece.to_string(), false),
                        text::visible(&words, false)
                    ),
                    body_style,
                    indent + 2,
                );
            }
            if focused {
                out.wrapped(
                    &[Span::raw("  ")],
                    "j/k picks evidence · d diff · r re-confirm · o open · y copy · - remove",
                    theme.dim,
                    2,
                );
            }
        }
        _ => out.wrapped(
            &[Span::raw("  ")],
            "none yet: c links a commit, f a file or lines, w a web address",
            theme.dim,
            2,
        ),
    }

    let proposals = state.pending_proposals(&full_id);
    if !proposals.is_empty() {
        out.blank();
        out.heading("Suggested evidence (found here; nothing is ticked)");
        for proposal in proposals {
            out.wrapped(
                &[Span::styled(
                    format!("  + {:?} ", proposal.confidence).to_lowercase(),
                    theme.key,
                )],
                &format!(
                    "{}: {}",
                    proposal.detector,
                    text::visible(&proposal.finding, false)
                ),
                Style::new(),
                4,
            );
        }
        out.wrapped(
            &[Span::raw("  ")],
            "s links the first, S dismisses it",
            theme.dim,
            2,
        );
    }

    let mapped = state.catalog.mapped(&full_id);
    if !mapped.is_empty() {
        out.blank();
        out.heading("Mapped items (derived, not counted)");
        for other in mapped {
            let other_status = state.progress.status(&other.full_id);
            let title = state
                .catalog
                .lookup(&other.full_id)
                .map(|at| state.catalog.get(at).1.title.clone())
                .unwrap_or_default();
            let lead = vec![
                Span::styled(
                    format!("  {} ", style::status_mark(other_status)),
                    theme.status(other_status),
                ),
                Span::styled(format!("{} ", other.full_id), theme.key),
                Span::styled(format!("{} ", other.strength), theme.dim),
            ];
            out.wrapped(&lead, &text::visible(&title, false), Style::new(), 6);
        }
    }

    out.blank();
    out.heading("Guidance");
    out.wrapped(
        &[],
        &text::visible(&item.guidance.replace('\n', " "), false),
        Style::new(),
        0,
    );
    if !item.evidence_hints.is_empty() {
        out.blank();
        out.heading("What would prove it");
        for hint in &item.evidence_hints {
            out.wrapped(
                &[Span::raw("  • ")],
                &text::visible(hint, false),
                Style::new(),
                4,
            );
        }
    }
    out.lines
}

/// `framework › section › subsection` for an item.
fn section_path(state: &AppState, at: ItemRef) -> String {
    let (framework, item) = state.catalog.get(at);
    let mut chain = Vec::new();
    let mut current = Some(item.section.as_str());
    for _ in 0..=framework.sections.len() {
        let Some(id) = current else { break };
        let Some(section) = framework.sections.iter().find(|s| s.id == id) else {
            break;
        };
        chain.push(format!("{} {}", section.id, section.title));
        current = section.parent.as_deref();
    }
    chain.push(framework.title.clone());
    chain.reverse();
    text::visible(&chain.join(" › "), false).into_owned()
}
