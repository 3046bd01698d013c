//! The detail pane: everything about the selected item.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{has_focus, pane, style, text};
use crate::app::{AppState, Focus};
use crate::model::Status;

/// Draws the selected item's detail: guidance, status, note, evidence, mapped items.
pub fn render_detail(state: &AppState, frame: &mut Frame, area: Rect) {
    let focused = has_focus(state, Focus::Detail);
    let block = pane(" Detail ".to_owned(), focused);
    let Some(at) = state.selected_item() else {
        frame.render_widget(Paragraph::new("").block(block), area);
        return;
    };
    let lines = detail_lines(state, at);
    let paragraph = Paragraph::new(lines)
        .block(block)
        .wrap(Wrap { trim: false })
        .scroll((state.detail_scroll, 0));
    frame.render_widget(paragraph, area);
}

fn heading(text: &str) -> Line<'static> {
    Line::from(Span::styled(text.to_owned(), style::HEADING))
}

/// The detail pane's lines for one item. Public so tests and exports can reuse the wording.
#[must_use]
pub fn detail_lines(state: &AppState, at: crate::model::ItemRef) -> Vec<Line<'static>> {
    let (framework, item) = state.catalog.get(at);
    let full_id = framework.full_id(item);
    let entry = state.progress.get(&full_id);
    let status = entry.map_or(Status::Todo, |e| e.status);
    let mut lines = vec![
        Line::from(vec![
            Span::styled(format!("{} ", text::visible(&item.id, false)), style::KEY),
            Span::styled(
                text::visible(&item.title, false).into_owned(),
                style::HEADING,
            ),
        ]),
        Line::from(Span::styled(section_path(state, at), style::DIM)),
        Line::raw(""),
    ];

    let mut status_spans = vec![
        Span::styled("Status  ", style::HEADING),
        Span::styled(
            format!("{} {}", style::status_mark(status), status),
            style::status_style(status),
        ),
    ];
    if let Some(entry) = entry {
        if let Some(by) = &entry.by {
            status_spans.push(Span::styled(
                format!("  by {}", text::visible(by, false)),
                style::DIM,
            ));
        }
        if let Some(updated) = &entry.updated {
            status_spans.push(Span::styled(
                format!("  {}", text::visible(updated, false)),
                style::DIM,
            ));
        }
    }
    lines.push(Line::from(status_spans));
    if let Some(reason) = entry.and_then(|e| e.reason.as_deref()) {
        lines.push(Line::from(vec![
            Span::styled("Reason  ", style::HEADING),
            Span::raw(text::visible(reason, false).into_owned()),
        ]));
    }
    match entry.and_then(|e| e.note.as_deref()) {
        Some(note) => {
            lines.push(heading("Note"));
            for line in text::visible(note, true).lines() {
                lines.push(Line::raw(line.to_owned()));
            }
        }
        None => lines.push(Line::from(vec![
            Span::styled("Note    ", style::HEADING),
            Span::styled(
                "none yet: press e to say why the evidence supports this item",
                style::DIM,
            ),
        ])),
    }

    lines.push(Line::raw(""));
    lines.push(heading("Guidance"));
    // Wrapped paragraphs are not indented, so wrapped lines line up with the first.
    lines.push(Line::raw(
        text::visible(&item.guidance.replace('\n', " "), false).into_owned(),
    ));
    if !item.evidence_hints.is_empty() {
        lines.push(Line::raw(""));
        lines.push(heading("What would prove it"));
        for hint in &item.evidence_hints {
            lines.push(Line::raw(format!("  • {}", text::visible(hint, false))));
        }
    }

    lines.push(Line::raw(""));
    lines.push(heading("Evidence"));
    match entry.map(|e| e.evidence.as_slice()) {
        Some(evidence) if !evidence.is_empty() => {
            for (n, piece) in evidence.iter().enumerate() {
                lines.push(Line::raw(format!(
                    "  {}. {}",
                    n + 1,
                    text::visible(&piece.to_string(), false)
                )));
            }
        }
        _ => lines.push(Line::from(Span::styled("  none linked yet", style::DIM))),
    }

    let mapped = state.catalog.mapped(&full_id);
    if !mapped.is_empty() {
        lines.push(Line::raw(""));
        lines.push(heading("Mapped items (derived, not counted)"));
        for other in mapped {
            let other_status = state.progress.status(&other.full_id);
            let title = state
                .catalog
                .lookup(&other.full_id)
                .map(|at| state.catalog.get(at).1.title.clone())
                .unwrap_or_default();
            lines.push(Line::from(vec![
                Span::styled(
                    format!("  {} ", style::status_mark(other_status)),
                    style::status_style(other_status),
                ),
                Span::styled(format!("{} ", other.full_id), style::KEY),
                Span::styled(format!("{} ", other.strength), style::DIM),
                Span::raw(text::visible(&title, false).into_owned()),
            ]));
        }
    }
    lines
}

/// `framework › section › subsection` for an item.
fn section_path(state: &AppState, at: crate::model::ItemRef) -> String {
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
