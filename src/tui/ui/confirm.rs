//! A yes/no question in a small popup (removing a flag), with its keys from the keymap.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;

use crate::sanitize::sanitize_line;

use super::{popup, title};
use crate::tui::app::{App, Question};
use crate::tui::keymap::Context;
use crate::tui::text::wrap::wrap_message;
use crate::tui::view::styled;

pub(crate) fn render(app: &App, question: Question, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let Some(index) = app.index() else { return };
    let Question::Unflag(b) = question;
    let label = sanitize_line(&index.battle_label(b)).into_owned();
    let entry = app.review.view.entry(b);
    let labels: Vec<String> =
        entry.map(|e| e.labels.iter().map(|l| sanitize_line(l).into_owned()).collect()).unwrap_or_default();
    let mut what =
        if labels.is_empty() { "Its note".to_owned() } else { format!("Its labels ({})", labels.join(", ")) };
    if !labels.is_empty() && entry.is_some_and(|e| !e.note.is_empty()) {
        what.push_str(" and its note");
    }
    let mut text = format!("Remove the flag of {label}? {what} will be gone.");
    if entry.is_some_and(|e| e.own_vote.is_some()) {
        text.push_str(" Your own vote stays.");
    }
    let width = 60.min(area.width.saturating_sub(4));
    let wrapped: Vec<String> = wrap_message(&text, width.saturating_sub(4) as usize, &[])
        .lines
        .into_iter()
        .map(|l| l.segs.into_iter().map(|s| s.text).collect())
        .collect();
    let hints: Vec<(String, &str)> = app.keymap.hints(Context::Confirm);
    let t = title("Remove the flag?", Vec::new(), theme);
    let inner = popup(area, width, wrapped.len() as u16 + 4, t, theme, buf);
    for (i, line) in wrapped.iter().enumerate() {
        buf.set_stringn(inner.x + 1, inner.y + i as u16, line, inner.width.saturating_sub(2) as usize, theme.text);
    }
    let mut spans = Vec::new();
    for (i, (keys, what)) in hints.into_iter().enumerate() {
        if i > 0 {
            spans.push(styled("  ·  ", theme.dim));
        }
        spans.push(styled(keys, theme.key));
        spans.push(styled(format!(" {what}"), theme.text));
    }
    let y = inner.y + wrapped.len() as u16 + 1;
    if y < inner.bottom() {
        buf.set_line(inner.x + 1, y, &Line::from(spans), inner.width.saturating_sub(2));
    }
}
