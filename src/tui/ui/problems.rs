//! Draws the problems overlay (`p`) in a popup: the lines `view::problems` builds, scrolled.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::{popup, title};
use crate::tui::app::App;
use crate::tui::keymap::Context;
use crate::tui::view::problems::lines;
use crate::tui::view::styled;

pub(crate) fn render(app: &App, scroll: usize, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let hints: Vec<String> = app.keymap.hints(Context::Problems).into_iter().map(|(k, l)| format!("{k} {l}")).collect();
    let t = title("Problems", vec![styled(hints.join(" · "), theme.dim)], theme);
    let inner = popup(area, area.width.saturating_sub(8), area.height.saturating_sub(4), t, theme, buf);
    for (i, line) in lines(app).iter().skip(scroll).take(inner.height as usize).enumerate() {
        buf.set_line(inner.x + 1, inner.y + i as u16, line, inner.width.saturating_sub(1));
    }
}
