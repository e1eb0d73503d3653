//! The query bar: the query (with a cursor while editing), the match count, and for a
//! malformed query the message with the offending column marked.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Widget};
use unicode_width::UnicodeWidthStr;

use crate::present::format::thousands;
use crate::sanitize::sanitize_line;

use super::{pane_block, title};
use crate::tui::app::App;
use crate::tui::keymap::{Command, Context};
use crate::tui::text::document::truncate;
use crate::tui::view::{spinner, styled};

/// What the empty bar says, after "press / to search".
const PLACEHOLDER: &str = "words, \"a phrase\", model:gpt-4 lang:german winner:tie turns:>1 …";

pub(crate) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let name = app.dataset().map(|d| sanitize_line(&d.index.info.name).into_owned()).unwrap_or_default();
    let t = title("arenascope", vec![styled(name, theme.dim)], theme);
    let block = pane_block(t, app.query.editing, theme);
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.height == 0 {
        return;
    }
    let right = right_side(app, (inner.width as usize * 2 / 3).max(20));
    let right_w = right.width() as u16;
    draw_long_message(app, area, buf);
    let text_w = inner.width.saturating_sub(right_w + 3);
    buf.set_line(inner.x + inner.width.saturating_sub(right_w), inner.y, &right, right_w);
    buf.set_string(inner.x, inner.y, "/", if app.query.editing { theme.key } else { theme.dim });
    let x = inner.x + 2;
    let text = app.query.text();
    if text.is_empty() && !app.query.editing {
        let key = app.keymap.key_name(Context::Global, Command::EditQuery);
        let placeholder = format!("press {key} to search: {PLACEHOLDER}");
        buf.set_stringn(x, inner.y, placeholder, text_w as usize, theme.dim);
        return;
    }
    buf.set_line(x, inner.y, &query_line(app, &text, text_w as usize), text_w);
}

/// The query's error (or, while editing, its warning) in full, wrapped in a box hanging
/// below the bar when the bar has no room for it: a list of closest names must not be cut.
fn draw_long_message(app: &App, bar: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let (text, style) = match (&app.query.error, app.query.warnings.first()) {
        (Some(e), _) => (format!("✗ {} (column {})", sanitize_line(&e.message), e.column + 1), theme.error),
        (None, Some(w)) if app.query.editing => (format!("{}", sanitize_line(w)), theme.warning),
        _ => return,
    };
    // The bar shows up to two thirds of its width; beyond that the box takes over.
    let inner_w = bar.width.saturating_sub(2) as usize;
    if UnicodeWidthStr::width(text.as_str()) + 4 <= (inner_w * 2 / 3).max(20) {
        return;
    }
    let room = buf.area.bottom().saturating_sub(bar.bottom());
    let lines = crate::tui::view::wrap_words(&text, inner_w.saturating_sub(2));
    let height = (lines.len() as u16 + 2).min(room);
    if height < 3 {
        return;
    }
    let r = Rect { y: bar.bottom(), height, ..bar };
    Clear.render(r, buf);
    let block = Block::default().borders(Borders::ALL).border_style(style);
    let inside = block.inner(r);
    block.render(r, buf);
    for (i, line) in lines.iter().take(inside.height as usize).enumerate() {
        buf.set_stringn(inside.x + 1, inside.y + i as u16, line, inside.width.saturating_sub(1) as usize, style);
    }
}

/// The query's characters, scrolled so the cursor shows, with the cursor and the error
/// column marked.
fn query_line(app: &App, text: &str, width: usize) -> Line<'static> {
    let theme = &app.theme;
    let chars: Vec<char> = sanitize_line(text).chars().collect();
    let cursor = app.query.editing.then(|| app.query.input.cursor().1.min(chars.len()));
    let error_col = app.query.error.as_ref().map(|e| e.column);
    // Start late enough that the cursor (or the error) is on screen.
    let focus = cursor.or(error_col).unwrap_or(0);
    let widths: Vec<usize> = chars.iter().map(|c| UnicodeWidthStr::width(c.to_string().as_str()).max(1)).collect();
    let mut start = 0;
    while start < focus && widths[start..=focus.min(chars.len().saturating_sub(1))].iter().sum::<usize>() + 1 > width {
        start += 1;
    }
    let mut spans = Vec::new();
    for (i, &c) in chars.iter().enumerate().skip(start) {
        let mut style = theme.text;
        if error_col == Some(i) {
            style = theme.error.add_modifier(Modifier::UNDERLINED | Modifier::BOLD);
        }
        if cursor == Some(i) {
            style = style.patch(theme.cursor);
        }
        spans.push(Span::styled(c.to_string(), style));
    }
    if cursor == Some(chars.len()) {
        spans.push(Span::styled(" ", theme.cursor));
    }
    if error_col.is_some_and(|c| c >= chars.len()) {
        spans.push(Span::styled("␣", theme.error.add_modifier(Modifier::UNDERLINED)));
    }
    Line::from(spans)
}

/// Right of the query: the count, a spinner while evaluating, or the error.
fn right_side(app: &App, max_width: usize) -> Line<'static> {
    let theme = &app.theme;
    let total = app.index().map_or(0, |i| i.len());
    if let Some(e) = &app.query.error {
        let message = format!("{} (column {})", sanitize_line(&e.message), e.column + 1);
        return Line::from(vec![
            styled("✗ ", theme.error),
            styled(truncate(&message, max_width.saturating_sub(4)), theme.error),
            styled("  ", theme.text),
        ]);
    }
    let mut spans = Vec::new();
    if app.query.running() {
        spans.push(styled(format!("{} ", spinner(app.frame)), theme.dim));
    }
    if let Some(warning) = app.query.warnings.first() {
        let note = format!("{} · ", sanitize_line(warning));
        spans.push(styled(truncate(&note, max_width.saturating_sub(24)), theme.warning));
    } else if let Some(label) = app.query.unknown_labels.first() {
        let note = format!("no battle has the label {:?} · ", sanitize_line(label));
        spans.push(styled(truncate(&note, max_width.saturating_sub(24)), theme.warning));
    }
    let so_far = if app.loading().is_some() { " so far" } else { "" };
    let count = format!("{} of {} battles{so_far}", thousands(app.list.rows.len()), thousands(total));
    spans.push(styled(count, theme.text));
    spans.push(styled("  ", theme.text));
    Line::from(spans)
}
