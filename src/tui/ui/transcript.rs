//! The transcript pane: draws the laid-out battle (see `text::document`) from its scroll
//! positions: prompts across the width, answers side by side or stacked, the winner's column
//! marked by a bar, matches highlighted and the current one brighter.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::index::Side;
use crate::model::Winner;
use crate::sanitize::sanitize_line;

use super::{pane_block, title};
use crate::tui::action::Pane;
use crate::tui::app::App;
use crate::tui::text::document::{Document, GUTTER, Gutter, Row, split_columns};
use crate::tui::text::wrap::{SegKind, VLine};
use crate::tui::theme::Theme;
use crate::tui::view::{focused, styled};

pub(crate) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let state = &app.transcript;
    let mut details = Vec::new();
    if let (Some(index), Some(doc)) = (app.index(), &state.doc) {
        details.push(styled(sanitize_line(&index.battle_label(doc.battle)).into_owned(), theme.dim));
        if !doc.matches.is_empty() {
            let current = state.current_match.map_or_else(|| "-".to_owned(), |m| (m + 1).to_string());
            details.push(styled(format!(" · match {current}/{}", doc.matches.len()), theme.dim));
        }
        if doc.docs.len() > 1 {
            let side = if state.column == 0 { "A" } else { "B" };
            details.push(styled(format!(" · apart, scrolling {side}"), theme.dim));
        }
        if app.names_hidden(doc.battle) {
            details.push(styled(" · blind", theme.warning));
        } else if let Some(own) = app.review.own_vote(doc.battle) {
            let agree = own == index.winner(doc.battle);
            let (mark, style) = if agree { ("✓", theme.ok) } else { ("✗", theme.warning) };
            details.push(styled(format!(" · you: {} ", own.label()), theme.dim));
            details.push(styled(mark, style));
        }
        if app.review.is_flagged(doc.battle) {
            details.push(styled(" ★", theme.warning));
        }
    }
    let block = pane_block(title("Transcript", details, theme), focused(app, Pane::Transcript), theme);
    let inner = block.inner(area);
    block.render(area, buf);
    let Some(doc) = &state.doc else {
        buf.set_stringn(inner.x + 1, inner.y + 1, "no battle selected", inner.width as usize, theme.dim);
        return;
    };
    let ctx = Ctx {
        theme,
        winner: app.index().map(|i| i.winner(doc.battle)),
        blind: app.names_hidden(doc.battle),
        current: state.current_match,
    };
    if doc.docs.len() > 1 {
        let (lw, rw) = split_columns(inner.width as usize);
        let left = Rect { width: lw as u16, ..inner };
        let right = Rect { x: inner.x + lw as u16 + 1, width: rw as u16, ..inner };
        draw_document(&doc.docs[0], state.scroll[0], left, buf, &ctx);
        draw_document(&doc.docs[1], state.scroll[1], right, buf, &ctx);
        for y in inner.y..inner.bottom() {
            buf.set_string(inner.x + lw as u16, y, "│", theme.border);
        }
    } else {
        draw_document(&doc.docs[0], state.scroll[0], inner, buf, &ctx);
    }
}

/// What styling a row needs besides the row itself.
struct Ctx<'a> {
    theme: &'a Theme,
    winner: Option<Winner>,
    blind: bool,
    current: Option<usize>,
}

impl Ctx<'_> {
    fn seg_style(&self, kind: SegKind) -> Style {
        let t = self.theme;
        match kind {
            SegKind::Plain => t.text,
            SegKind::Code => t.code,
            SegKind::Fence => t.fence,
            SegKind::Heading => t.heading,
            SegKind::ListMarker => t.list_marker,
            SegKind::Placeholder => t.placeholder,
            SegKind::Match(n) if self.current == Some(n as usize) => t.current_match,
            SegKind::Match(_) => t.matched,
            SegKind::User => t.user,
            SegKind::Model => t.model,
            SegKind::Won => t.winner,
            SegKind::Tie => t.tie,
            SegKind::BothBad => t.both_bad,
            SegKind::Dim => t.dim,
        }
    }

    /// The bar left of a row: the winner's side gets a bright bar, ties and both-bad votes
    /// mark both sides in their own colour; the loser's side, and both in blind reading, none.
    fn gutter(&self, gutter: Gutter) -> Span<'static> {
        let t = self.theme;
        match gutter {
            Gutter::Blank => Span::raw(" "),
            Gutter::User => styled("▍", t.user),
            Gutter::Side(_) if self.blind => Span::raw(" "),
            Gutter::Side(side) => match (self.winner, side) {
                (Some(Winner::ModelA), Side::A) | (Some(Winner::ModelB), Side::B) => styled("▌", t.winner),
                (Some(Winner::Tie), _) => styled("▌", t.tie),
                (Some(Winner::BothBad), _) => styled("▌", t.both_bad),
                _ => Span::raw(" "),
            },
        }
    }

    fn line(&self, line: &VLine) -> Line<'static> {
        Line::from(line.segs.iter().map(|s| Span::styled(s.text.clone(), self.seg_style(s.kind))).collect::<Vec<_>>())
    }
}

fn draw_document(doc: &Document, scroll: usize, area: Rect, buf: &mut Buffer, ctx: &Ctx<'_>) {
    let (lw, rw) = split_columns(area.width as usize);
    for (i, row) in doc.rows.iter().skip(scroll).take(area.height as usize).enumerate() {
        let y = area.y + i as u16;
        match row {
            Row::Full { gutter, line } => {
                buf.set_span(area.x, y, &ctx.gutter(*gutter), 1);
                buf.set_line(area.x + GUTTER as u16, y, &ctx.line(line), area.width.saturating_sub(GUTTER as u16));
            }
            Row::Pair { a, b } => {
                let left_x = area.x;
                let right_x = area.x + lw as u16 + 1;
                buf.set_span(left_x, y, &ctx.gutter(Gutter::Side(Side::A)), 1);
                if let Some(a) = a {
                    buf.set_line(left_x + GUTTER as u16, y, &ctx.line(a), (lw - GUTTER.min(lw)) as u16);
                }
                buf.set_string(area.x + lw as u16, y, "│", ctx.theme.border);
                buf.set_span(right_x, y, &ctx.gutter(Gutter::Side(Side::B)), 1);
                if let Some(b) = b {
                    buf.set_line(right_x + GUTTER as u16, y, &ctx.line(b), (rw - GUTTER.min(rw)) as u16);
                }
            }
        }
    }
}
