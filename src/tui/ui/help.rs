//! Draws the help overlay (`?`) in a popup: the lines `view::help` builds, scrolled.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::{popup, title};
use crate::tui::app::App;
use crate::tui::keymap::Context;
use crate::tui::view::help::{POPUP_WIDTH, lines, text_width};
use crate::tui::view::styled;

pub(crate) fn render(app: &App, scroll: usize, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let hints: Vec<String> = app.keymap.hints(Context::Help).into_iter().map(|(k, l)| format!("{k} {l}")).collect();
    let t = title("Help", vec![styled(hints.join(" · "), theme.dim)], theme);
    let inner = popup(area, POPUP_WIDTH, area.height.saturating_sub(4), t, theme, buf);
    let width = text_width(area.width);
    for (i, line) in lines(&app.keymap, theme, app.config_path.as_deref(), app.config_problem.as_deref(), width)
        .iter()
        .skip(scroll)
        .take(inner.height as usize)
        .enumerate()
    {
        buf.set_line(inner.x + 1, inner.y + i as u16, line, inner.width.saturating_sub(1));
    }
}
