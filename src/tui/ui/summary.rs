//! Draws the summary of own votes (`v`) in a popup: the lines `view::summary` builds, scrolled,
//! or a spinner while they are computed.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::{popup, title};
use crate::tui::app::App;
use crate::tui::keymap::Context;
use crate::tui::view::summary::{lines, popup_width};
use crate::tui::view::{spinner, styled};

pub(crate) fn render(app: &App, scroll: usize, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let hints: Vec<String> = app.keymap.hints(Context::Summary).into_iter().map(|(k, l)| format!("{k} {l}")).collect();
    let t = title("Your votes against the crowd's", vec![styled(hints.join(" · "), theme.dim)], theme);
    let width = popup_width(area.width as usize) as u16;
    let inner = popup(area, width + 4, area.height.saturating_sub(4), t, theme, buf);
    let content = lines(app, area.width as usize);
    if content.is_empty() {
        let msg = format!("{} computing…", spinner(app.frame));
        buf.set_stringn(inner.x + 1, inner.y, msg, inner.width.saturating_sub(2) as usize, theme.dim);
        return;
    }
    for (i, line) in content.iter().skip(scroll).take(inner.height as usize).enumerate() {
        buf.set_line(inner.x + 1, inner.y + i as u16, line, inner.width.saturating_sub(2));
    }
}
