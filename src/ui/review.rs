//! The review meeting screen: one item at a time in a large, calm layout for a shared screen,
//! and the closing summary of what the meeting changed.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::detail::detail_lines;
use super::style::status_mark;
use crate::app::AppState;
use crate::app::review::Review;
use crate::model::Status;
use crate::text;

/// Draws the meeting over the whole body.
pub fn render_review(state: &AppState, review: &Review, frame: &mut Frame, body: Rect) {
    let theme = &state.theme;
    let since = review
        .since
        .as_deref()
        .map(|rev| format!(" · since {}", text::visible(rev, false)))
        .unwrap_or_default();
    let title = if review.finished {
        format!(" Review meeting{since} · summary ")
    } else if review.agenda.is_empty() {
        format!(" Review meeting{since} · nothing on the agenda ")
    } else {
        format!(
            " Review meeting{since} · {} of {} ",
            review.index + 1,
            review.agenda.len()
        )
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.focused)
        .title(Span::styled(title, theme.focused));
    let inner = block.inner(body);
    frame.render_widget(block, body);
    // Generous margins: the screen is read from across a room.
    let area = inner.inner(Margin::new(
        if inner.width > 100 { 4 } else { 1 },
        u16::from(inner.height > 20),
    ));
    if area.width < 4 || area.height < 2 {
        return;
    }
    if review.finished {
        render_summary(state, review, frame, area);
        return;
    }
    let Some(current) = review.current() else {
        let message = "No item needs discussing: nothing changed since the revision, no stale evidence, no n/a due, nothing in progress. Press t to walk the not-started items, q to leave.";
        frame.render_widget(
            Paragraph::new(
                text::wrap(message, area.width as usize, area.width as usize).join("\n"),
            )
            .style(theme.dim),
            area,
        );
        return;
    };
    let reasons: Vec<String> = current
        .reasons
        .iter()
        .map(|r| match (r, &review.since) {
            (crate::app::review::Reason::ChangedSince, Some(rev)) => {
                format!("changed since {}", text::visible(rev, false))
            }
            _ => r.label().to_owned(),
        })
        .collect();
    let [why, rest] = Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(area);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled("On the agenda: ", theme.dim),
            Span::styled(reasons.join(" · "), theme.key),
        ])),
        why,
    );
    let lines = detail_lines(state, current.at, rest.width as usize);
    let height = rest.height as usize;
    let scroll = usize::from(state.detail_scroll).min(lines.len().saturating_sub(height));
    let shown: Vec<Line> = lines.into_iter().skip(scroll).take(height).collect();
    frame.render_widget(Paragraph::new(shown), rest);
}

fn render_summary(state: &AppState, review: &Review, frame: &mut Frame, area: Rect) {
    let theme = &state.theme;
    let changes = review.changes(&state.progress);
    let mut lines = vec![
        Line::from(Span::styled(
            format!(
                "{} item{} changed in this meeting; {} skipped.",
                changes.len(),
                if changes.len() == 1 { "" } else { "s" },
                review.skipped.len()
            ),
            theme.heading,
        )),
        Line::raw(""),
    ];
    for (id, before, now) in &changes {
        let status = |e: Option<&crate::model::ItemProgress>| e.map_or(Status::Todo, |e| e.status);
        let (was, is) = (status(*before), status(*now));
        let mut spans = vec![
            Span::styled(format!("{} ", text::visible(id, false)), theme.key),
            Span::styled(format!("{} {was}", status_mark(was)), theme.status(was)),
            Span::raw(" → "),
            Span::styled(format!("{} {is}", status_mark(is)), theme.status(is)),
        ];
        let note = |e: Option<&crate::model::ItemProgress>| e.and_then(|e| e.note.clone());
        if note(*before) != note(*now) {
            spans.push(Span::styled("  note updated", theme.dim));
        }
        let owner = |e: Option<&crate::model::ItemProgress>| e.and_then(|e| e.owner.clone());
        if owner(*before) != owner(*now) {
            spans.push(Span::styled("  owner changed", theme.dim));
        }
        lines.push(Line::from(spans));
        if let Some(note) = now.and_then(|e| e.note.as_deref()) {
            for piece in text::wrap(
                &text::visible(note, false),
                (area.width as usize).saturating_sub(4),
                (area.width as usize).saturating_sub(4),
            ) {
                lines.push(Line::from(Span::styled(
                    format!("    {piece}"),
                    Style::new(),
                )));
            }
        }
    }
    if !review.skipped.is_empty() {
        lines.push(Line::raw(""));
        let mut skipped: Vec<&String> = review.skipped.iter().collect();
        skipped.sort();
        let names: Vec<String> = skipped
            .iter()
            .map(|s| text::visible(s, false).into_owned())
            .collect();
        lines.push(Line::from(vec![
            Span::styled("Skipped: ", theme.heading),
            Span::raw(names.join(", ")),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::from(Span::styled(
        "Every change is already saved in .vouch/progress.toml; commit it to record the meeting. q leaves the review.",
        theme.dim,
    )));
    frame.render_widget(
        Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: false }),
        area,
    );
}
