//! The model picker popup (`m`): a filter line, then the models with their battle counts,
//! best fuzzy match first; marked models (up to two) carry a dot.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::present::format::thousands;
use crate::sanitize::sanitize_line;

use super::{popup, title};
use crate::tui::app::App;
use crate::tui::keymap::{Command, Context};
use crate::tui::state::picker::PickerState;
use crate::tui::view::{fit, fit_right, styled};

pub(crate) fn render(app: &App, picker: &PickerState, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let Some(index) = app.index() else { return };
    let hints: Vec<String> = app.keymap.hints(Context::Picker).into_iter().map(|(k, l)| format!("{k} {l}")).collect();
    let t = title("Models", vec![styled(hints.join(" · "), theme.dim)], theme);
    let height = (picker.shown.len() as u16 + 4).clamp(8, area.height.saturating_sub(4));
    let inner = popup(area, 60, height, t, theme, buf);
    if inner.height < 3 {
        return;
    }
    let filter = picker.filter_text();
    let cursor = picker.filter.cursor().1;
    let mut spans = vec![styled("› ", theme.key)];
    for (i, c) in sanitize_line(&filter).chars().enumerate() {
        spans.push(Span::styled(c.to_string(), if i == cursor { theme.cursor } else { theme.text }));
    }
    if cursor >= filter.chars().count() {
        spans.push(Span::styled(" ", theme.cursor));
    }
    if filter.is_empty() {
        spans.push(styled(" type to filter", theme.dim));
    }
    buf.set_line(inner.x + 1, inner.y, &Line::from(spans), inner.width.saturating_sub(1));
    let marked: Vec<String> = picker.marked.iter().map(|&m| sanitize_line(index.model_name(m)).into_owned()).collect();
    let key = |cmd: Command| app.keymap.key_name(Context::Picker, cmd);
    let status = match marked.len() {
        0 => format!("{} inserts the highlighted model", key(Command::Choose)),
        1 => format!("marked: {}", marked[0]),
        _ => format!(
            "{} {} vs {} (between them) · {} either of them",
            key(Command::Choose),
            marked[0],
            marked[1],
            key(Command::ChooseEither)
        ),
    };
    buf.set_stringn(inner.x + 1, inner.y + 1, status, inner.width.saturating_sub(1) as usize, theme.dim);

    let rows = (inner.height - 2) as usize;
    let offset = picker.selected.saturating_sub(rows.saturating_sub(1));
    // Battles within the query beside the total, when a query narrows the list.
    let counts_w = if picker.in_query.is_some() { 20 } else { 10 };
    let name_w = (inner.width as usize).saturating_sub(4 + counts_w);
    if picker.in_query.is_some() && rows > 1 {
        let head = format!("{}{}", fit_right("in query", 10), fit_right("all", 10));
        // On the filter's row, right-aligned over the count columns.
        buf.set_stringn(inner.x + 3 + name_w as u16, inner.y, fit_right(&head, counts_w), counts_w, theme.header);
    }
    if picker.shown.is_empty() {
        buf.set_stringn(inner.x + 2, inner.y + 2, "no model matches", inner.width as usize, theme.dim);
    }
    for (i, &(m, n)) in picker.shown.iter().enumerate().skip(offset).take(rows) {
        let y = inner.y + 2 + (i - offset) as u16;
        let mark = if picker.marked.contains(&m) { "● " } else { "  " };
        let style = if i == picker.selected { theme.selected } else { theme.text };
        let line = Line::from(vec![
            styled(mark, theme.key),
            styled(fit(&sanitize_line(index.model_name(m)), name_w), style),
            match picker.in_query(m) {
                Some(q) => styled(fit_right(&thousands(q), 10), style),
                None => styled(String::new(), style),
            },
            styled(fit_right(&thousands(n), 10), if i == picker.selected { style } else { theme.dim }),
        ]);
        buf.set_line(inner.x + 1, y, &line, inner.width.saturating_sub(1));
    }
}
