//! Draws the rating pane: its frame with the method and progress in the title, and the lines
//! `view::ratings` builds, scrolled.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use crate::present::format::{count_of, thousands};

use super::{pane_block, title};
use crate::tui::action::Pane;
use crate::tui::app::App;
use crate::tui::state::ratings::{RatingView, SoFar, method_label, split_label};
use crate::tui::view::ratings::{lines, waiting_for_load};
use crate::tui::view::{focused, spinner, styled};

pub(crate) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let r = &app.ratings;
    let mut details = Vec::new();
    // First, so that a narrow pane never cuts it off.
    match (r.so_far, app.loading()) {
        (SoFar::Asked, Some(p)) => details.push(styled(format!("so far ({}% loaded) ", p.percent()), theme.warning)),
        (SoFar::Waiting, Some(_)) => details.push(styled("waiting for the load", theme.dim)),
        _ => {}
    }
    if let Some(s) = &r.current {
        let method = if s.style.is_some() { "style-controlled BT" } else { method_label(s.method) };
        details.push(styled(format!("{}, {method}", count_of(s.battles, "battle")), theme.dim));
        if let Some(dropped) = s.dedup_dropped {
            details.push(styled(format!(", dedup on: {} dropped", thousands(dropped)), theme.dim));
        }
    }
    if r.busy() {
        let what = if r.computing { " computing" } else { " bootstrap" };
        details.push(styled(format!(" {}{what}", spinner(app.frame)), theme.dim));
    }
    let split_title;
    let label = match (r.view, r.current.as_ref().is_some_and(|s| s.style.is_some())) {
        (RatingView::Table, true) => "Ratings (style-controlled)",
        (RatingView::Split, _) => {
            split_title = format!("Ratings {}", split_label(r.split));
            &split_title
        }
        (view, _) => view.label(),
    };
    let block = pane_block(title(label, details, theme), focused(app, Pane::Ratings), theme);
    let inner = block.inner(area);
    block.render(area, buf);
    if let Some(waiting) = waiting_for_load(app, inner.width.saturating_sub(1) as usize) {
        for (i, line) in waiting.iter().take(inner.height as usize).enumerate() {
            buf.set_line(inner.x + 1, inner.y + i as u16, line, inner.width.saturating_sub(1));
        }
        return;
    }
    if r.current.is_none() {
        let msg = if r.computing { "computing the ratings…" } else { "no ratings for this query" };
        buf.set_stringn(inner.x + 1, inner.y, msg, inner.width.saturating_sub(1) as usize, theme.dim);
        return;
    }
    for (i, line) in lines(app, inner.width as usize).iter().skip(r.scroll).take(inner.height as usize).enumerate() {
        buf.set_line(inner.x, inner.y + i as u16, line, inner.width);
    }
}
