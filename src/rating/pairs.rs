//! Battles collapsed into per-pair outcome counts, the sufficient statistics of every rating
//! here: one pass over the battle ids, after which nothing depends on the number of battles.

use crate::index::{BattleId, Index, ModelId};
use crate::model::Winner;
use crate::time::day_of;

use super::{SubsetOptions, TiePolicy};

const NONE: u32 = u32::MAX;

/// The votes between two models, oriented so that `lo < hi` (positions in
/// [`PairCounts::models`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PairCell {
    pub lo: u32,
    pub hi: u32,
    pub lo_wins: u32,
    pub hi_wins: u32,
    pub ties: u32,
    pub both_bad: u32,
}

impl PairCell {
    /// Ties that count under `policy`.
    pub fn used_ties(&self, policy: TiePolicy) -> u32 {
        match policy {
            TiePolicy::Half => self.ties + self.both_bad,
            TiePolicy::NoBothBad => self.ties,
            TiePolicy::None => 0,
        }
    }

    /// Battles that count under `policy`.
    pub fn used(&self, policy: TiePolicy) -> u32 {
        self.lo_wins + self.hi_wins + self.used_ties(policy)
    }

    /// `lo`'s score: wins plus half the counted ties.
    pub fn lo_score(&self, policy: TiePolicy) -> f64 {
        self.lo_wins as f64 + 0.5 * self.used_ties(policy) as f64
    }

    pub fn decisive(&self) -> u32 {
        self.lo_wins + self.hi_wins
    }

    /// Wins of `model` (which must be `lo` or `hi`) in this pair.
    pub fn wins_of(&self, model: u32) -> u32 {
        if model == self.lo { self.lo_wins } else { self.hi_wins }
    }
}

/// Why battles of the given set did not enter the counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LeftOut {
    pub not_anonymous: usize,
    pub after_until: usize,
    /// Without a time, while `until_day` was set.
    pub untimed: usize,
    /// A model against itself: no information about anyone.
    pub self_battles: usize,
    /// Battles without a vote (Search Arena): their winner is unknown.
    pub no_vote: usize,
}

/// Per-pair outcome counts of a set of battles.
#[derive(Debug, Clone, PartialEq)]
pub struct PairCounts {
    /// The models that appear, in id order; cells refer to positions in this list.
    pub models: Vec<ModelId>,
    /// Pairs with at least one battle, sorted by `(lo, hi)`.
    pub cells: Vec<PairCell>,
    pub ties: TiePolicy,
    /// Battles given, before any filter.
    pub given: usize,
    pub left_out: LeftOut,
}

impl PairCounts {
    /// Counts the battles `ids` of `index` that `subset` keeps, in one pass.
    pub fn aggregate(index: &Index, ids: &[BattleId], subset: &SubsetOptions) -> PairCounts {
        let mut acc = PairAccumulator::new(index.models().len());
        let mut left_out = LeftOut::default();
        let (ma, mb, winners, tstamps) = (index.model_ids_a(), index.model_ids_b(), index.winners(), index.tstamps());
        // The columns' chunk for the battles in order, fetched again only when a battle is in
        // another chunk (ids are mostly ascending).
        let mut chunk = (usize::MAX, &[][..], &[][..], &[][..], &[][..]);
        for &b in ids {
            if b.index().wrapping_sub(chunk.0) >= chunk.1.len() {
                let (start, w) = winners.chunk_at(b.index());
                chunk = (start, w, ma.chunk_at(start).1, mb.chunk_at(start).1, tstamps.chunk_at(start).1);
            }
            let (start, winners, ma, mb, tstamps) = chunk;
            let i = b.index() - start;
            let winner = winners[i];
            if winner == Winner::NoVote {
                left_out.no_vote += 1;
                continue;
            }
            if subset.anony_only && index.anony(b) != Some(true) {
                left_out.not_anonymous += 1;
                continue;
            }
            if let Some(until) = subset.until_day {
                let t = tstamps[i];
                if t.is_nan() {
                    left_out.untimed += 1;
                    continue;
                }
                if day_of(t) > until {
                    left_out.after_until += 1;
                    continue;
                }
            }
            let (model_a, model_b) = (ma[i], mb[i]);
            if model_a == model_b {
                left_out.self_battles += 1;
                continue;
            }
            acc.add(model_a, model_b, winner);
        }
        acc.finish(subset.ties, ids.len(), left_out)
    }

    /// Battles that count under the tie policy.
    pub fn used_battles(&self) -> usize {
        self.cells.iter().map(|c| c.used(self.ties) as usize).sum()
    }

    /// Battles in the counts, ties excluded by the policy included.
    pub fn all_battles(&self) -> usize {
        self.cells.iter().map(|c| (c.decisive() + c.ties + c.both_bad) as usize).sum()
    }

    /// Ties that the policy leaves out.
    pub fn excluded_ties(&self) -> usize {
        self.all_battles() - self.used_battles()
    }

    /// Counted battles per model (positions as in `models`).
    pub fn battles_per_model(&self) -> Vec<u32> {
        let mut n = vec![0u32; self.models.len()];
        for c in &self.cells {
            let u = c.used(self.ties);
            n[c.lo as usize] += u;
            n[c.hi as usize] += u;
        }
        n
    }

    /// Each model's mean, over the opponents it has a decisive battle with, of its share of
    /// those battles won: the Arena notebook's "mean win fraction". `None` without any.
    pub fn mean_win_fraction(&self) -> Vec<Option<f64>> {
        let m = self.models.len();
        let (mut sum, mut opponents) = (vec![0.0; m], vec![0u32; m]);
        for c in &self.cells {
            let d = c.decisive();
            if d == 0 {
                continue;
            }
            for (me, wins) in [(c.lo, c.lo_wins), (c.hi, c.hi_wins)] {
                sum[me as usize] += wins as f64 / d as f64;
                opponents[me as usize] += 1;
            }
        }
        sum.iter().zip(&opponents).map(|(&s, &k)| (k > 0).then(|| s / k as f64)).collect()
    }

    /// Position of a model in `models`.
    pub fn position(&self, model: ModelId) -> Option<usize> {
        self.models.binary_search(&model).ok()
    }
}

/// True when `subset` keeps battle `b` (anonymity and date; ties are the caller's to judge).
pub(crate) fn subset_keeps(index: &Index, subset: &SubsetOptions, b: BattleId) -> bool {
    if subset.anony_only && index.anony(b) != Some(true) {
        return false;
    }
    match subset.until_day {
        Some(until) => {
            let t = index.tstamps()[b.index()];
            !t.is_nan() && day_of(t) <= until
        }
        None => true,
    }
}

/// Adds battles one at a time (aggregation, and ratings through time day by day).
#[derive(Debug, Clone)]
pub struct PairAccumulator {
    /// Global model id -> local slot, `NONE` until first seen.
    local: Vec<u32>,
    /// Local slot -> global model id, in order of first appearance.
    globals: Vec<u32>,
    cap: usize,
    /// `grid[a * cap + b][winner]`: battles with model_a in slot a, model_b in slot b.
    grid: Vec<[u32; 4]>,
}

impl PairAccumulator {
    pub fn new(global_models: usize) -> PairAccumulator {
        let cap = global_models.min(32);
        PairAccumulator { local: vec![NONE; global_models], globals: Vec::new(), cap, grid: vec![[0; 4]; cap * cap] }
    }

    /// Adds one battle between two different models (global ids).
    #[inline]
    pub fn add(&mut self, model_a: u32, model_b: u32, winner: Winner) {
        let a = self.slot(model_a);
        let b = self.slot(model_b);
        // A battle without a vote tells nothing; callers leave it out and count it.
        if let Some(cell) = self.grid[a * self.cap + b].get_mut(winner as usize) {
            *cell += 1;
        }
    }

    #[inline]
    fn slot(&mut self, global: u32) -> usize {
        let l = self.local[global as usize];
        if l != NONE {
            return l as usize;
        }
        let l = self.globals.len();
        if l == self.cap {
            self.grow();
        }
        self.globals.push(global);
        self.local[global as usize] = l as u32;
        l
    }

    fn grow(&mut self) {
        let cap = (self.cap * 2).max(8);
        let mut grid = vec![[0; 4]; cap * cap];
        for a in 0..self.cap {
            grid[a * cap..a * cap + self.cap].copy_from_slice(&self.grid[a * self.cap..(a + 1) * self.cap]);
        }
        self.cap = cap;
        self.grid = grid;
    }

    /// The counts so far, models in id order.
    pub fn finish(&self, ties: TiePolicy, given: usize, left_out: LeftOut) -> PairCounts {
        let mut order: Vec<usize> = (0..self.globals.len()).collect();
        order.sort_unstable_by_key(|&s| self.globals[s]);
        let models: Vec<ModelId> = order.iter().map(|&s| ModelId(self.globals[s])).collect();
        let mut cells = Vec::new();
        for (lo, &sa) in order.iter().enumerate() {
            for (hi, &sb) in order.iter().enumerate().skip(lo + 1) {
                let ab = self.grid[sa * self.cap + sb];
                let ba = self.grid[sb * self.cap + sa];
                let [a, b, t, bb] = [0, 1, 2, 3].map(|k| ab[k] + ba[k]);
                if a + b + t + bb == 0 {
                    continue;
                }
                let idx = |k: usize| k as u32;
                cells.push(PairCell {
                    lo: idx(lo),
                    hi: idx(hi),
                    lo_wins: ab[Winner::ModelA as usize] + ba[Winner::ModelB as usize],
                    hi_wins: ab[Winner::ModelB as usize] + ba[Winner::ModelA as usize],
                    ties: t,
                    both_bad: bb,
                });
            }
        }
        PairCounts { models, cells, ties, given, left_out }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::DatasetInfo;
    use crate::rating::testing::{index_of, votes};

    #[test]
    fn counts_are_oriented_by_model_id_whatever_the_side() {
        let idx = index_of(&votes(&[("b", "a", 'A'), ("a", "b", 'A'), ("a", "b", 'T'), ("b", "a", 'X')]));
        let ids: Vec<_> = idx.battle_ids().collect();
        let c = PairCounts::aggregate(&idx, &ids, &SubsetOptions::default());
        assert_eq!(c.models.len(), 2);
        let a = c.position(idx.model_id("a").unwrap()).unwrap() as u32;
        let cell = c.cells[0];
        assert_eq!(cell.wins_of(a), 1);
        assert_eq!(cell.wins_of(1 - a), 1);
        assert_eq!((cell.ties, cell.both_bad), (1, 1));
        assert_eq!(c.used_battles(), 4);
        let none = PairCounts::aggregate(&idx, &ids, &SubsetOptions { ties: TiePolicy::None, ..Default::default() });
        assert_eq!((none.used_battles(), none.excluded_ties()), (2, 2));
        let nbb =
            PairCounts::aggregate(&idx, &ids, &SubsetOptions { ties: TiePolicy::NoBothBad, ..Default::default() });
        assert_eq!(nbb.used_battles(), 3);
    }

    #[test]
    fn grows_past_its_first_capacity() {
        let names: Vec<String> = (0..70).map(|i| format!("m{i:02}")).collect();
        let rows: Vec<_> = names.windows(2).map(|w| (w[0].as_str(), w[1].as_str(), 'A')).collect();
        let idx = index_of(&votes(&rows));
        let ids: Vec<_> = idx.battle_ids().collect();
        let c = PairCounts::aggregate(&idx, &ids, &SubsetOptions::default());
        assert_eq!(c.models.len(), 70);
        assert_eq!(c.cells.len(), 69);
        assert!(c.cells.iter().all(|cell| cell.lo_wins == 1 && cell.hi_wins == 0));
    }

    #[test]
    fn filters_anonymous_dates_and_self_battles() {
        let mut rows = votes(&[("a", "b", 'A'), ("a", "b", 'B'), ("a", "a", 'A'), ("a", "b", 'A')]);
        rows[1].anony = Some(false);
        rows[3].tstamp = Some(rows[0].tstamp.unwrap() + 86_400.0 * 3.0);
        let idx = Index::from_battles(&rows, DatasetInfo::default());
        let ids: Vec<_> = idx.battle_ids().collect();
        let day = day_of(rows[0].tstamp.unwrap());
        let subset = SubsetOptions { anony_only: true, until_day: Some(day + 1), ..Default::default() };
        let c = PairCounts::aggregate(&idx, &ids, &subset);
        assert_eq!(c.used_battles(), 1);
        assert_eq!(c.left_out, LeftOut { not_anonymous: 1, after_until: 1, untimed: 0, self_battles: 1, no_vote: 0 });
    }

    #[test]
    fn mean_win_fraction_skips_pairs_without_decisive_battles() {
        let idx = index_of(&votes(&[("a", "b", 'A'), ("a", "b", 'A'), ("a", "b", 'B'), ("a", "c", 'T')]));
        let ids: Vec<_> = idx.battle_ids().collect();
        let c = PairCounts::aggregate(&idx, &ids, &SubsetOptions::default());
        let w = c.mean_win_fraction();
        let at = |n: &str| w[c.position(idx.model_id(n).unwrap()).unwrap()];
        assert!((at("a").unwrap() - 2.0 / 3.0).abs() < 1e-12);
        assert!((at("b").unwrap() - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(at("c"), None);
    }
}
