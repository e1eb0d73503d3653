//! Draws the vote and safety pane: its frame, and the lines `view::vote` builds, scrolled.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use super::{pane_block, title};
use crate::tui::action::Pane;
use crate::tui::app::App;
use crate::tui::view::vote::lines;
use crate::tui::view::{focused, styled};

pub(crate) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let scrolled =
        if app.vote_scroll > 0 { vec![styled(format!("↑{}", app.vote_scroll), theme.dim)] } else { vec![] };
    let block = pane_block(title("Vote & safety", scrolled, theme), focused(app, Pane::Vote), theme);
    let inner = block.inner(area);
    block.render(area, buf);
    let (Some(index), Some(b)) = (app.index(), app.selected_battle()) else { return };
    let lines = lines(app, index, b, inner.width as usize);
    for (i, line) in lines.iter().skip(app.vote_scroll).take(inner.height as usize).enumerate() {
        buf.set_line(inner.x, inner.y + i as u16, line, inner.width);
    }
}
