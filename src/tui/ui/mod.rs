//! Drawing: a pure function of the app's state (`impl Widget for &App`), one module per pane.
//! Nothing here changes state, so any frame can be redrawn from the state alone. What a pane
//! says (its lines) comes from `view`; this module places it: frames, popups, scrolling.

pub(super) mod battle_list;
pub(super) mod confirm;
pub(super) mod copy;
pub(super) mod export;
pub(super) mod flag;
pub(super) mod help;
pub(super) mod loading;
pub(super) mod model_picker;
pub(super) mod problems;
pub(super) mod ratings;
pub(super) mod search_bar;
pub(super) mod status_bar;
pub(super) mod summary;
pub(super) mod transcript;
pub(super) mod vote;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Widget};

use super::action::Pane;
use super::app::{App, DataState, Overlay};
use super::layout::{MIN_HEIGHT, MIN_WIDTH, Screen};
use super::theme::Theme;

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let Some(screen) = Screen::new(area) else {
            too_small(area, buf, &self.theme);
            return;
        };
        match &self.data {
            DataState::Loading(progress) => loading::render(self, *progress, area, buf),
            DataState::Failed(message) => loading::render_failure(self, message, area, buf),
            DataState::Ready(_) => {
                // One pane at a time on small screens: the focused one.
                let shown = |pane: Pane| !screen.single || self.focus == pane;
                if shown(Pane::List) {
                    battle_list::render(self, screen.list, buf);
                }
                if shown(Pane::Vote) {
                    vote::render(self, screen.vote, buf);
                }
                if let Some(r) = screen.transcript(self.ratings.shown).filter(|_| shown(Pane::Transcript)) {
                    transcript::render(self, r, buf);
                }
                if let Some(r) = screen.ratings_pane(self.ratings.shown).filter(|_| shown(Pane::Ratings)) {
                    ratings::render(self, r, buf);
                }
                // Drawn after the panes: a long query error may hang over the top of the list.
                search_bar::render(self, screen.query, buf);
                status_bar::render(self, screen.status, buf);
                match &self.overlay {
                    Some(Overlay::Help { scroll }) => help::render(self, *scroll, area, buf),
                    Some(Overlay::Picker(picker)) => model_picker::render(self, picker, area, buf),
                    Some(Overlay::Problems { scroll }) => problems::render(self, *scroll, area, buf),
                    Some(Overlay::Flag(dialog)) => flag::render(self, dialog, area, buf),
                    Some(Overlay::Confirm(question)) => confirm::render(self, *question, area, buf),
                    Some(Overlay::Summary { scroll, .. }) => summary::render(self, *scroll, area, buf),
                    Some(Overlay::Copy) => copy::render(self, area, buf),
                    Some(Overlay::Export(dialog)) => export::render(self, dialog, area, buf),
                    None => {}
                }
            }
        }
    }
}

/// One centred line saying how big the terminal must be.
fn too_small(area: Rect, buf: &mut Buffer, theme: &Theme) {
    let lines = [
        format!("Terminal too small: {}×{}", area.width, area.height),
        format!("arenascope needs at least {MIN_WIDTH}×{MIN_HEIGHT}"),
    ];
    let top = area.y + area.height.saturating_sub(lines.len() as u16) / 2;
    for (i, text) in lines.iter().enumerate() {
        let y = top + i as u16;
        if y >= area.bottom() {
            break;
        }
        let w = text.chars().count() as u16;
        let x = area.x + area.width.saturating_sub(w) / 2;
        buf.set_stringn(x, y, text, area.width as usize, if i == 0 { theme.warning } else { theme.text });
    }
}

/// The bordered frame of a pane, its border bright when it has the focus.
pub(super) fn pane_block<'a>(title: Line<'a>, focused: bool, theme: &Theme) -> Block<'a> {
    let border = if focused { theme.border_focused } else { theme.border };
    Block::default()
        .borders(Borders::ALL)
        .border_type(if focused { BorderType::Thick } else { BorderType::Plain })
        .border_style(border)
        .title(title)
}

/// A pane title: ` Name ` in the title style, then dimmer details.
pub(super) fn title<'a>(name: &'a str, details: Vec<Span<'a>>, theme: &Theme) -> Line<'a> {
    let mut spans = vec![Span::styled(format!(" {name} "), theme.title)];
    spans.extend(details);
    if spans.len() > 1 {
        spans.push(Span::raw(" "));
    }
    Line::from(spans)
}

/// A centred popup rectangle, cleared, with a border; returns its inner area.
pub(super) fn popup(area: Rect, width: u16, height: u16, title: Line<'_>, theme: &Theme, buf: &mut Buffer) -> Rect {
    let w = width.min(area.width.saturating_sub(4));
    let h = height.min(area.height.saturating_sub(2));
    let r = Rect { x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h };
    Clear.render(r, buf);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(theme.border_focused)
        .title(title);
    let inner = block.inner(r);
    block.render(r, buf);
    inner
}
