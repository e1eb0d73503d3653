//! The battle list: the query's matching battles in the chosen order, the selection, and the
//! first visible row (the table is virtualised: only visible rows are ever drawn).

use crate::index::{BattleId, Index, Side};

/// What the list is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    #[default]
    Date,
    Models,
    Language,
    Turns,
    AnswerLength,
}

impl SortKey {
    pub fn next(self) -> SortKey {
        match self {
            SortKey::Date => SortKey::Models,
            SortKey::Models => SortKey::Language,
            SortKey::Language => SortKey::Turns,
            SortKey::Turns => SortKey::AnswerLength,
            SortKey::AnswerLength => SortKey::Date,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SortKey::Date => "date",
            SortKey::Models => "models",
            SortKey::Language => "language",
            SortKey::Turns => "turns",
            SortKey::AnswerLength => "answer length",
        }
    }
}

/// Sort ranks of names, computed once per dataset so sorting compares integers.
#[derive(Debug, Clone, Default)]
pub(crate) struct SortRanks {
    pub(crate) model: Vec<u32>,
    pub(crate) language: Vec<u32>,
}

impl SortRanks {
    pub(crate) fn new(index: &Index) -> SortRanks {
        fn ranks(names: &[String]) -> Vec<u32> {
            let mut order: Vec<usize> = (0..names.len()).collect();
            order.sort_by_cached_key(|&i| names[i].to_lowercase());
            let mut rank = vec![0; names.len()];
            for (r, i) in order.into_iter().enumerate() {
                rank[i] = r as u32;
            }
            rank
        }
        SortRanks { model: ranks(index.models()), language: ranks(index.languages()) }
    }
}

#[derive(Debug, Clone, Default)]
pub(crate) struct ListState {
    /// The battles shown, in display order.
    pub(crate) rows: Vec<BattleId>,
    pub(crate) sort: SortKey,
    pub(crate) descending: bool,
    pub(crate) selected: usize,
    /// The first visible row.
    pub(crate) offset: usize,
}

impl ListState {
    pub(crate) fn selected_battle(&self) -> Option<BattleId> {
        self.rows.get(self.selected).copied()
    }

    /// Shows a new set of battles (in dataset order), keeping the selected battle if it is
    /// still there.
    pub(crate) fn set_battles(&mut self, index: &Index, ranks: &SortRanks, battles: Vec<BattleId>) {
        let keep = self.selected_battle();
        self.rows = battles;
        self.sort_rows(index, ranks);
        self.selected = keep.and_then(|b| self.rows.iter().position(|&r| r == b)).unwrap_or(0);
    }

    /// [`ListState::set_battles`] when more of the same battles came in (the load goes on):
    /// the selected battle stays selected, on the same row of the screen.
    pub(crate) fn grow_battles(&mut self, index: &Index, ranks: &SortRanks, battles: Vec<BattleId>) {
        let on_screen = self.selected.saturating_sub(self.offset);
        self.set_battles(index, ranks, battles);
        self.offset = self.selected.saturating_sub(on_screen);
    }

    /// [`ListState::set_battles`] after a change of flags: when the selected battle dropped
    /// out (unflagged under `review:flagged`), the selection stays on the same row, which now
    /// holds the next battle.
    pub(crate) fn refresh_battles(&mut self, index: &Index, ranks: &SortRanks, battles: Vec<BattleId>) {
        let (keep, row) = (self.selected_battle(), self.selected);
        self.set_battles(index, ranks, battles);
        let still_there = keep.is_some_and(|b| self.rows.contains(&b));
        if !still_there && !self.rows.is_empty() {
            self.selected = row.min(self.rows.len() - 1);
        }
    }

    /// Re-sorts by the current key, keeping the selected battle selected.
    pub(crate) fn resort(&mut self, index: &Index, ranks: &SortRanks) {
        let keep = self.selected_battle();
        self.sort_rows(index, ranks);
        self.selected = keep.and_then(|b| self.rows.iter().position(|&r| r == b)).unwrap_or(0);
    }

    fn sort_rows(&mut self, index: &Index, ranks: &SortRanks) {
        let rank = |ids: &[u32], i: usize| ids.get(i).copied().unwrap_or(u32::MAX);
        match self.sort {
            // Unknown times sort last; ties keep dataset order.
            SortKey::Date => self.rows.sort_by(|&x, &y| {
                let key = |b: BattleId| index.tstamp(b).unwrap_or(f64::INFINITY);
                key(x).total_cmp(&key(y)).then(x.cmp(&y))
            }),
            SortKey::Models => self.rows.sort_by_key(|&b| {
                (rank(&ranks.model, index.model_a(b).0 as usize), rank(&ranks.model, index.model_b(b).0 as usize), b)
            }),
            SortKey::Language => self
                .rows
                .sort_by_key(|&b| (index.language(b).map_or(u32::MAX, |l| rank(&ranks.language, l.0 as usize)), b)),
            SortKey::Turns => self.rows.sort_by_key(|&b| (index.turn(b), b)),
            SortKey::AnswerLength => {
                self.rows.sort_by_cached_key(|&b| (index.answer_bytes(b, Side::A) + index.answer_bytes(b, Side::B), b))
            }
        }
        if self.descending {
            self.rows.reverse();
        }
    }

    /// Moves the selection by `delta` rows, clamped to the list.
    pub(crate) fn move_by(&mut self, delta: isize, height: usize) {
        if self.rows.is_empty() {
            return;
        }
        let last = self.rows.len() - 1;
        self.selected = self.selected.saturating_add_signed(delta).min(last);
        self.keep_visible(height);
    }

    pub(crate) fn select(&mut self, row: usize, height: usize) {
        self.selected = row.min(self.rows.len().saturating_sub(1));
        self.keep_visible(height);
    }

    /// Scrolls the view (mouse wheel) without losing the selection off screen.
    pub(crate) fn scroll_by(&mut self, delta: isize, height: usize) {
        let max = self.rows.len().saturating_sub(height);
        self.offset = self.offset.saturating_add_signed(delta).min(max);
        if self.selected < self.offset {
            self.selected = self.offset;
        } else if height > 0 && self.selected >= self.offset + height {
            self.selected = self.offset + height - 1;
        }
    }

    /// Adjusts the first visible row so the selection is on screen.
    pub(crate) fn keep_visible(&mut self, height: usize) {
        if height == 0 {
            return;
        }
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
        self.offset = self.offset.min(self.rows.len().saturating_sub(height));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;
    use crate::index::DatasetInfo;

    #[test]
    fn sorting_keeps_the_selected_battle() {
        let idx = Index::from_battles(&fixtures::varied(), DatasetInfo::default());
        let ranks = SortRanks::new(&idx);
        let mut list = ListState::default();
        list.set_battles(&idx, &ranks, idx.battle_ids().collect());
        list.select(2, 10);
        let chosen = list.selected_battle();
        for _ in 0..5 {
            list.sort = list.sort.next();
            list.resort(&idx, &ranks);
            assert_eq!(list.selected_battle(), chosen);
        }
        list.sort = SortKey::Turns;
        list.descending = true;
        list.resort(&idx, &ranks);
        assert_eq!(list.rows[0], BattleId(0), "the two-turn battle first");
    }

    #[test]
    fn selection_stays_visible() {
        let mut list = ListState { rows: (0..100).map(BattleId).collect(), ..Default::default() };
        list.move_by(50, 10);
        assert_eq!((list.selected, list.offset), (50, 41));
        list.move_by(-45, 10);
        assert_eq!((list.selected, list.offset), (5, 5));
        list.move_by(1000, 10);
        assert_eq!((list.selected, list.offset), (99, 90));
        list.scroll_by(-30, 10);
        assert_eq!((list.selected, list.offset), (69, 60));
    }
}
