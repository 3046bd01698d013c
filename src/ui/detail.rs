//! The detail pane: everything about the selected item, wrapped to the pane's width.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{has_focus, pane, render_scrollbar, style};
use crate::app::{AppState, Focus};
use crate::model::{ItemRef, Status};
use crate::text;

/// Draws the selected item's detail: status, note, evidence, mapped items, guidance.
pub fn render_detail(state: &AppState, frame: &mut Frame, area: Rect) {
    let focused = has_focus(state, Focus::Detail);
    let block = pane(" Detail ".to_owned(), focused);
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
    render_scrollbar(frame, area, lines.len(), height, scroll);
}

/// Text wrapped under a label: the first line after `label`, the rest indented to match.
struct Writer {
    lines: Vec<Line<'static>>,
    width: usize,
}

impl Writer {
    fn blank(&mut self) {
        self.lines.push(Line::raw(""));
    }

    fn heading(&mut self, text: &str) {
        self.lines
            .push(Line::from(Span::styled(text.to_owned(), style::HEADING)));
    }

    /// `lead` spans, then `body` wrapped, later lines indented by `indent` cells.
    fn wrapped(&mut self, lead: Vec<Span<'static>>, body: &str, body_style: Style, indent: usize) {
        let lead_width: usize = lead.iter().map(|s| text::width(&s.content)).sum();
        let pieces = text::wrap(
            body,
            self.width.saturating_sub(lead_width),
            self.width.saturating_sub(indent),
        );
        let mut lead = Some(lead);
        for piece in pieces {
            let mut spans = lead
                .take()
                .unwrap_or_else(|| vec![Span::raw(" ".repeat(indent))]);
            spans.push(Span::styled(piece, body_style));
            self.lines.push(Line::from(spans));
        }
    }
}

/// The detail pane's lines for one item at a given width.
#[must_use]
pub fn detail_lines(state: &AppState, at: ItemRef, width: usize) -> Vec<Line<'static>> {
    const LABEL: usize = 8;
    let (framework, item) = state.catalog.get(at);
    let full_id = framework.full_id(item);
    let entry = state.progress.get(&full_id);
    let status = entry.map_or(Status::Todo, |e| e.status);
    let mut out = Writer {
        lines: Vec::new(),
        width,
    };
    let id = text::visible(&item.id, false).into_owned();
    let id_width = text::width(&id) + 1;
    out.wrapped(
        vec![Span::styled(format!("{id} "), style::KEY)],
        &text::visible(&item.title, false),
        style::HEADING,
        id_width,
    );
    out.wrapped(Vec::new(), &section_path(state, at), style::DIM, 0);
    out.blank();

    out.lines.push(Line::from(vec![
        Span::styled("Status  ", style::HEADING),
        Span::styled(
            format!("{} {}", style::status_mark(status), status),
            style::status_style(status),
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
                vec![Span::raw(" ".repeat(LABEL))],
                &stamp.join(" "),
                style::DIM,
                LABEL,
            );
        }
    }
    if let Some(reason) = entry.and_then(|e| e.reason.as_deref()) {
        out.wrapped(
            vec![Span::styled("Reason  ", style::HEADING)],
            &text::visible(reason, false),
            Style::new(),
            LABEL,
        );
    }
    match entry.and_then(|e| e.note.as_deref()) {
        Some(note) => out.wrapped(
            vec![Span::styled("Note    ", style::HEADING)],
            &text::visible(note, true),
            Style::new(),
            LABEL,
        ),
        None => out.wrapped(
            vec![Span::styled("Note    ", style::HEADING)],
            "none yet: e writes why the evidence supports this item",
            style::DIM,
            LABEL,
        ),
    }

    out.blank();
    out.heading("Evidence");
    match entry.map(|e| e.evidence.as_slice()) {
        Some(evidence) if !evidence.is_empty() => {
            for (n, piece) in evidence.iter().enumerate() {
                let lead = format!("  {}. ", n + 1);
                let indent = text::width(&lead);
                out.wrapped(
                    vec![Span::styled(lead, style::DIM)],
                    &text::visible(&piece.to_string(), false),
                    Style::new(),
                    indent,
                );
            }
        }
        _ => out.wrapped(
            vec![Span::raw("  ")],
            "none yet: c links a commit, f a file or lines, w a web address",
            style::DIM,
            2,
        ),
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
                    style::status_style(other_status),
                ),
                Span::styled(format!("{} ", other.full_id), style::KEY),
                Span::styled(format!("{} ", other.strength), style::DIM),
            ];
            out.wrapped(lead, &text::visible(&title, false), Style::new(), 6);
        }
    }

    out.blank();
    out.heading("Guidance");
    out.wrapped(
        Vec::new(),
        &text::visible(&item.guidance.replace('\n', " "), false),
        Style::new(),
        0,
    );
    if !item.evidence_hints.is_empty() {
        out.blank();
        out.heading("What would prove it");
        for hint in &item.evidence_hints {
            out.wrapped(
                vec![Span::raw("  • ")],
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
