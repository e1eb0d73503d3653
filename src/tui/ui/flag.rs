//! The flag dialog (`f`): the labels with their numbers and check boxes, the note being
//! written (ratatui-textarea, soft-wrapped), and the dialog's keys from the keymap.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, BorderType, Borders, Widget};

use crate::sanitize::sanitize_line;

use super::{popup, title};
use crate::tui::app::App;
use crate::tui::keymap::{Command, Context, REMOVE_FLAG_HINT};
use crate::tui::state::flag::{FlagDialog, FlagField};
use crate::tui::view::{fit, styled};

/// Rows of the note box, borders included.
const NOTE_HEIGHT: u16 = 7;

pub(crate) fn render(app: &App, dialog: &FlagDialog, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let label = app.index().map(|i| sanitize_line(&i.battle_label(dialog.battle)).into_owned()).unwrap_or_default();
    let name = if dialog.was_flagged { "Edit the flag of" } else { "Flag battle" };
    let t = title(name, vec![styled(label, theme.dim)], theme);
    let width = 66.min(area.width.saturating_sub(4));
    let hints = hint_lines(app, dialog, width.saturating_sub(3) as usize);
    // Borders, "Labels", the labels, a blank line, "Note", the note box, the keys.
    let wanted = 2 + 1 + dialog.labels.len() as u16 + 1 + 1 + NOTE_HEIGHT + hints.len() as u16;
    let inner = popup(area, width, wanted, t, theme, buf);
    if inner.height < NOTE_HEIGHT + 4 {
        return;
    }
    let x = inner.x + 1;
    let w = inner.width.saturating_sub(2);
    let on_labels = dialog.field == FlagField::Labels;
    buf.set_line(x, inner.y, &Line::from(styled("Labels", if on_labels { theme.heading } else { theme.header })), w);

    // The labels get what the note box and the keys leave, scrolled to keep the cursor shown.
    let rows = inner.height.saturating_sub(1 + 1 + 1 + NOTE_HEIGHT + hints.len() as u16).max(1) as usize;
    let offset = dialog.cursor.saturating_sub(rows - 1);
    for (i, name) in dialog.labels.iter().enumerate().skip(offset).take(rows) {
        let y = inner.y + 1 + (i - offset) as u16;
        let checked = dialog.checked[i];
        let cursor = on_labels && i == dialog.cursor;
        let number = if i < 9 { format!("{}", i + 1) } else { " ".to_owned() };
        let style = if cursor { theme.selected } else { theme.text };
        let line = Line::from(vec![
            styled(if cursor { "▸ " } else { "  " }, theme.key),
            styled(if checked { "[x] " } else { "[ ] " }, if checked { theme.warning } else { theme.dim }),
            styled(format!("{number} "), if cursor { style } else { theme.key }),
            styled(fit(&sanitize_line(name), (w as usize).saturating_sub(8)), style),
        ]);
        buf.set_line(x, y, &line, w);
    }

    let note_y = inner.y + 1 + rows as u16 + 1;
    let on_note = !on_labels;
    buf.set_line(
        x,
        note_y,
        &Line::from(styled("Note (optional)", if on_note { theme.heading } else { theme.header })),
        w,
    );
    let note_area =
        Rect { x, y: note_y + 1, width: w, height: NOTE_HEIGHT.min(inner.bottom().saturating_sub(note_y + 1)) };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(if on_note { BorderType::Thick } else { BorderType::Plain })
        .border_style(if on_note { theme.border_focused } else { theme.border });
    let text_area = block.inner(note_area);
    block.render(note_area, buf);
    // Styles depend on the focus and the theme; drawing must not change the state, so a copy.
    let mut note = dialog.note.clone();
    note.set_style(theme.text);
    note.set_cursor_line_style(Style::default());
    note.set_cursor_style(if on_note { theme.cursor } else { Style::default() });
    let placeholder = if on_note {
        format!("why this battle? {} starts a new line", app.keymap.key_name(Context::Note, Command::NewLine))
    } else {
        format!("{} to write a note", app.keymap.key_name(Context::Flag, Command::SwitchField))
    };
    note.set_placeholder_text(placeholder);
    note.set_placeholder_style(theme.dim);
    (&note).render(text_area, buf);

    let hints_y = note_area.bottom();
    for (i, line) in hints.iter().enumerate() {
        let y = hints_y + i as u16;
        if y < inner.bottom() {
            buf.set_line(x, y, line, w);
        }
    }
}

/// The keys of the field that has them, `key what · key what`, wrapped to `width`.
fn hint_lines(app: &App, dialog: &FlagDialog, width: usize) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let ctx = if dialog.field == FlagField::Note { Context::Note } else { Context::Flag };
    let mut hints: Vec<(String, &str)> =
        app.keymap.hints(ctx).into_iter().filter(|(_, what)| dialog.was_flagged || *what != REMOVE_FLAG_HINT).collect();
    let numbers = app.keymap.keys(Context::Flag, Command::ToggleLabelNumber);
    if ctx == Context::Flag && dialog.labels.len() > 1 && numbers.len() > 1 {
        let last = numbers[dialog.labels.len().min(numbers.len()) - 1];
        hints.insert(2.min(hints.len()), (format!("{}-{last}", numbers[0]), "toggle"));
    }
    let mut lines = Vec::new();
    let mut spans = Vec::new();
    let mut used = 0;
    for (keys, what) in hints {
        let w = keys.chars().count() + 1 + what.chars().count() + 3;
        if used + w > width && !spans.is_empty() {
            lines.push(Line::from(std::mem::take(&mut spans)));
            used = 0;
        }
        if used > 0 {
            spans.push(styled(" · ", theme.dim));
        }
        spans.push(styled(keys, theme.key));
        spans.push(styled(format!(" {what}"), theme.dim));
        used += w;
    }
    if !spans.is_empty() {
        lines.push(Line::from(spans));
    }
    lines
}
