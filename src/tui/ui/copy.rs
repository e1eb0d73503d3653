//! The copy menu (`y`): what of the selected battle goes to the clipboard, one key each, the
//! keys and their order taken from the keymap in force.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::{popup, title};
use crate::index::Side;
use crate::present::width::truncate;
use crate::sanitize::sanitize_line;
use crate::tui::action::Command;
use crate::tui::app::App;
use crate::tui::keymap::Context;
use crate::tui::view::styled;

pub(crate) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let (Some(index), Some(b)) = (app.index(), app.selected_battle()) else { return };
    let focused = app.focused_side();
    let letter = |s: Side| if s == Side::A { "A" } else { "B" };
    let other = if focused == Side::A { Side::B } else { Side::A };
    let rows: Vec<(String, String)> = app
        .keymap
        .bindings_of(Context::Copy)
        .filter(|(cmd, _)| *cmd != Command::Quit)
        .map(|(cmd, keys)| {
            let keys: Vec<String> = keys.iter().map(ToString::to_string).collect();
            let what = match cmd {
                Command::CopyId => "the battle's id".to_owned(),
                Command::CopyPrompt => "the prompt".to_owned(),
                Command::CopyAnswer => format!("answer {} (the focused one)", letter(focused)),
                Command::CopyOtherAnswer => format!("answer {}", letter(other)),
                Command::CopyJson => "the whole battle as JSON".to_owned(),
                Command::Close => "cancel".to_owned(),
                other => other.description().to_owned(),
            };
            (keys.join(" "), what)
        })
        .collect();
    let label = truncate(&sanitize_line(&index.battle_label(b)), 30);
    let t = title("Copy", vec![styled(label, theme.dim)], theme);
    let width = 46;
    let inner = popup(area, width, rows.len() as u16 + 5, t, theme, buf);
    for (i, (keys, what)) in rows.iter().enumerate() {
        let line = Line::from(vec![styled(format!("{keys:<6}"), theme.key), styled(what.clone(), theme.text)]);
        buf.set_line(inner.x + 1, inner.y + 1 + i as u16, &line, inner.width.saturating_sub(2));
    }
    let foot = "to the clipboard (OSC 52)";
    let y = inner.y + rows.len() as u16 + 2;
    if y < inner.bottom() {
        buf.set_stringn(inner.x + 1, y, foot, inner.width.saturating_sub(2) as usize, theme.dim);
    }
}
