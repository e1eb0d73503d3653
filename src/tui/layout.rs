//! Where each pane goes for a terminal size. One pure function, used both by drawing and by
//! the state updates that need sizes (page lengths, wrapping width, mouse hit tests).

use ratatui::layout::Rect;

use super::action::Pane;

/// The smallest terminal the browser draws in; below it, one message says so.
pub(super) const MIN_WIDTH: u16 = 60;
pub(super) const MIN_HEIGHT: u16 = 20;
/// Below this size one pane is shown at a time (Tab switches): side by side they would each
/// be too small to read.
pub(super) const PANES_WIDTH: u16 = 80;
pub(super) const PANES_HEIGHT: u16 = 24;
/// From this width the rating table gets its own column.
pub(super) const WIDE: u16 = 160;
/// Below this width the two answers stack (A above B).
pub(super) const SIDE_BY_SIDE: u16 = 120;
/// Rows of the vote pane when everything fits (borders included).
pub(super) const VOTE_FULL_HEIGHT: u16 = 23;
const RATINGS_WIDTH: u16 = 42;

/// The panes' rectangles (borders included).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Screen {
    pub(crate) area: Rect,
    pub(crate) query: Rect,
    pub(crate) list: Rect,
    pub(crate) vote: Rect,
    /// The transcript, or on narrow screens the ratings while they are shown.
    pub(crate) main: Rect,
    /// The rating column of wide screens.
    pub(crate) ratings: Option<Rect>,
    pub(crate) status: Rect,
    /// The answers stack (A above B) instead of standing side by side.
    pub(crate) stacked: bool,
    /// One pane at a time: list, vote and main are the same rectangle and only the focused
    /// pane is drawn.
    pub(crate) single: bool,
}

/// A place the mouse can point at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Region {
    Query,
    Pane(Pane),
    Status,
}

impl Screen {
    /// The layout of `area`, or `None` when it is too small to be usable.
    pub(crate) fn new(area: Rect) -> Option<Screen> {
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            return None;
        }
        let query = Rect { height: 3, ..area };
        let status = Rect { y: area.bottom() - 1, height: 1, ..area };
        let body = Rect { y: area.y + 3, height: area.height - 4, ..area };
        let w = area.width;
        if w < PANES_WIDTH || area.height < PANES_HEIGHT {
            let (list, vote, main) = (body, body, body);
            return Some(Screen { area, query, list, vote, main, ratings: None, status, stacked: true, single: true });
        }
        let left_w = if w >= WIDE {
            (w * 30 / 100).clamp(48, 64)
        } else if w >= SIDE_BY_SIDE {
            46
        } else {
            (w * 45 / 100).clamp(36, 46)
        };
        let ratings_w = if w >= WIDE { RATINGS_WIDTH } else { 0 };
        let left = Rect { width: left_w, ..body };
        let main = Rect { x: body.x + left_w, width: w - left_w - ratings_w, ..body };
        let ratings = (ratings_w > 0).then(|| Rect { x: main.right(), width: ratings_w, ..body });
        let vote_h = VOTE_FULL_HEIGHT.min((body.height * 2 / 5).max(8));
        let list = Rect { height: body.height - vote_h, ..left };
        let vote = Rect { y: list.bottom(), height: vote_h, ..left };
        Some(Screen { area, query, list, vote, main, ratings, status, stacked: w < SIDE_BY_SIDE, single: false })
    }

    /// The transcript's rectangle, if it is on screen.
    pub(crate) fn transcript(&self, ratings_shown: bool) -> Option<Rect> {
        (self.ratings.is_some() || !ratings_shown).then_some(self.main)
    }

    /// The rating pane's rectangle, if it is on screen.
    pub(crate) fn ratings_pane(&self, ratings_shown: bool) -> Option<Rect> {
        self.ratings.or(ratings_shown.then_some(self.main))
    }

    /// The rectangle of a pane, if it is on screen.
    pub(crate) fn pane(&self, pane: Pane, ratings_shown: bool) -> Option<Rect> {
        match pane {
            Pane::List => Some(self.list),
            Pane::Vote => Some(self.vote),
            Pane::Transcript => self.transcript(ratings_shown),
            Pane::Ratings => self.ratings_pane(ratings_shown),
        }
    }

    /// The panes Tab visits, in order.
    pub(crate) fn focus_order(&self, ratings_shown: bool) -> Vec<Pane> {
        [Pane::List, Pane::Transcript, Pane::Ratings, Pane::Vote]
            .into_iter()
            .filter(|&p| self.pane(p, ratings_shown).is_some())
            .collect()
    }

    /// What is at a screen position; `focus` is the pane shown when only one is.
    pub(crate) fn region_at(&self, column: u16, row: u16, ratings_shown: bool, focus: Pane) -> Option<Region> {
        let hit = |r: Rect| r.contains(ratatui::layout::Position { x: column, y: row });
        if hit(self.query) {
            return Some(Region::Query);
        }
        if hit(self.status) {
            return Some(Region::Status);
        }
        if self.single {
            return self.pane(focus, ratings_shown).is_some_and(hit).then_some(Region::Pane(focus));
        }
        [Pane::List, Pane::Vote, Pane::Transcript, Pane::Ratings]
            .into_iter()
            .find(|&p| self.pane(p, ratings_shown).is_some_and(hit))
            .map(Region::Pane)
    }
}

/// A rectangle without its one-cell border.
pub(super) fn inner(r: Rect) -> Rect {
    Rect { x: r.x + 1, y: r.y + 1, width: r.width.saturating_sub(2), height: r.height.saturating_sub(2) }
}

/// Visible rows of the battle list (its header row excluded).
pub(super) fn list_rows(screen: &Screen) -> usize {
    inner(screen.list).height.saturating_sub(1) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panes_tile_the_screen_at_every_supported_size() {
        for (w, h) in [(80, 24), (119, 30), (120, 40), (159, 50), (160, 40), (200, 60), (400, 120)] {
            let s = Screen::new(Rect::new(0, 0, w, h)).unwrap();
            let panes = [s.query, s.list, s.vote, s.main, s.status];
            let area: u32 = panes.iter().chain(s.ratings.iter()).map(|r| r.width as u32 * r.height as u32).sum();
            assert_eq!(area, w as u32 * h as u32, "{w}x{h}");
            for (i, a) in panes.iter().enumerate() {
                for b in &panes[i + 1..] {
                    assert!(!a.intersects(*b), "{w}x{h}: {a:?} {b:?}");
                }
            }
            assert_eq!(s.stacked, w < 120);
            assert_eq!(s.ratings.is_some(), w >= 160);
        }
        assert!(Screen::new(Rect::new(0, 0, 59, 40)).is_none());
        assert!(Screen::new(Rect::new(0, 0, 200, 19)).is_none());
    }

    #[test]
    fn below_80x24_one_pane_fills_the_body_and_tab_visits_each() {
        for (w, h) in [(60, 20), (79, 40), (200, 23)] {
            let s = Screen::new(Rect::new(0, 0, w, h)).unwrap();
            assert!(s.single && s.stacked, "{w}x{h}");
            assert_eq!((s.list, s.vote, s.main), (s.main, s.main, Rect::new(0, 3, w, h - 4)));
            assert_eq!(s.ratings, None);
            assert_eq!(s.focus_order(false), [Pane::List, Pane::Transcript, Pane::Vote]);
            assert_eq!(s.focus_order(true), [Pane::List, Pane::Ratings, Pane::Vote]);
            assert_eq!(s.region_at(5, 10, false, Pane::Vote), Some(Region::Pane(Pane::Vote)));
            assert_eq!(s.region_at(5, 1, false, Pane::Vote), Some(Region::Query));
        }
        assert!(!Screen::new(Rect::new(0, 0, 80, 24)).unwrap().single);
    }

    #[test]
    fn the_mouse_finds_the_pane_under_it() {
        let s = Screen::new(Rect::new(0, 0, 200, 60)).unwrap();
        let f = Pane::List;
        assert_eq!(s.region_at(1, 1, false, f), Some(Region::Query));
        assert_eq!(s.region_at(5, 10, false, f), Some(Region::Pane(Pane::List)));
        assert_eq!(s.region_at(100, 10, false, f), Some(Region::Pane(Pane::Transcript)));
        assert_eq!(s.region_at(199, 10, false, f), Some(Region::Pane(Pane::Ratings)));
        assert_eq!(s.region_at(5, 58, false, f), Some(Region::Pane(Pane::Vote)));
        let narrow = Screen::new(Rect::new(0, 0, 100, 30)).unwrap();
        assert_eq!(narrow.region_at(90, 10, true, f), Some(Region::Pane(Pane::Ratings)));
        assert_eq!(narrow.region_at(90, 10, false, f), Some(Region::Pane(Pane::Transcript)));
    }
}
