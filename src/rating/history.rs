//! Ratings through time: every model's rating at the end of each UTC day, from the first day
//! with a battle to the last, for sparklines. Online Elo is replayed once; Bradley-Terry is
//! refitted on the battles up to each day (a small Newton problem per day). Spans longer than
//! [`MAX_BUCKETS`] days are cut into that many buckets of whole days, whatever the times say.

use crate::index::{BattleId, Index, ModelId};
use crate::model::Winner;
use crate::time::day_of;

use super::bt::{Standing, fit_bt};
use super::elo::{TimedBattle, for_each_in_time_order, update};
use super::pairs::{LeftOut, PairAccumulator, PairCounts};
use super::{INIT_RATING, Method, POINTS_PER_LOGIT, SubsetOptions};

/// At most this many points per series: more than any sparkline shows, and the memory of a
/// history is bounded by models x buckets even when times span centuries.
pub const MAX_BUCKETS: usize = 1000;

/// Ratings per model per day (or per bucket of days).
#[derive(Debug, Clone, PartialEq)]
pub struct RatingHistory {
    pub method: Method,
    /// The first UTC day number of each bucket (see [`crate::time`]), `bucket_days` apart.
    pub days: Vec<i64>,
    /// Days per bucket: 1 unless the battles span more than [`MAX_BUCKETS`] days.
    pub bucket_days: i64,
    /// Models with at least one counted battle, in id order.
    pub models: Vec<ModelId>,
    /// `series[model][day]`: the rating after that day; `None` before the model's first battle
    /// (and, for Bradley-Terry, while it has no finite rating).
    pub series: Vec<Vec<Option<f64>>>,
}

impl RatingHistory {
    pub fn series_of(&self, model: ModelId) -> Option<&[Option<f64>]> {
        self.models.iter().position(|&m| m == model).map(|k| self.series[k].as_slice())
    }
}

/// Online Elo after each day. Battles without a time are left out.
pub fn elo_history(index: &Index, ids: &[BattleId], subset: &SubsetOptions) -> RatingHistory {
    let counts = PairCounts::aggregate(index, ids, subset);
    let mut r = vec![INIT_RATING; counts.models.len()];
    let mut seen = vec![false; counts.models.len()];
    let mut days = DaySnapshots::new(index, ids);
    for_each_in_time_order(index, ids, subset, &counts, |b| {
        if b.tstamp.is_nan() {
            return;
        }
        days.reach(day_of(b.tstamp), || snapshot(&r, &seen));
        update(&mut r, b);
        seen[b.a as usize] = true;
        seen[b.b as usize] = true;
    });
    days.finish(|| snapshot(&r, &seen));
    days.into_history(Method::OnlineElo, &counts)
}

/// The Bradley-Terry table (ratings only) as of the end of each day.
pub fn bt_history(index: &Index, ids: &[BattleId], subset: &SubsetOptions) -> RatingHistory {
    let counts = PairCounts::aggregate(index, ids, subset);
    // Battles are re-added by position in the counts' model list, so positions serve as ids.
    let mut acc = PairAccumulator::new(counts.models.len());
    let mut added = 0;
    let mut days = DaySnapshots::new(index, ids);
    let ratings_so_far = |acc: &PairAccumulator, added: usize| {
        let so_far = acc.finish(counts.ties, added, LeftOut::default());
        let fit = fit_bt(&so_far);
        let mut out = vec![None; counts.models.len()];
        for (p, m) in so_far.models.iter().enumerate() {
            if let Standing::Rated { .. } = fit.standing[p] {
                out[m.0 as usize] = Some(INIT_RATING + POINTS_PER_LOGIT * fit.theta[p]);
            }
        }
        out
    };
    for_each_in_time_order(index, ids, subset, &counts, |b| {
        if b.tstamp.is_nan() {
            return;
        }
        days.reach(day_of(b.tstamp), || ratings_so_far(&acc, added));
        acc.add(b.a, b.b, winner_of(b));
        added += 1;
    });
    days.finish(|| ratings_so_far(&acc, added));
    days.into_history(Method::BradleyTerry, &counts)
}

/// Per-bucket snapshots of all models' ratings while battles stream by in time order.
struct DaySnapshots {
    /// The first day with a battle, and days per bucket.
    first: i64,
    width: i64,
    /// The buckets of the first and the last battle seen.
    start: usize,
    current: Option<usize>,
    /// One per bucket up to `current`: a rating per model of the counts.
    rows: Vec<Vec<Option<f64>>>,
}

impl DaySnapshots {
    /// Buckets for the span of the battles' days: one day each, or wider so that there are at
    /// most [`MAX_BUCKETS`].
    fn new(index: &Index, ids: &[BattleId]) -> DaySnapshots {
        let tstamps = index.tstamps();
        let days = ids.iter().map(|b| tstamps[b.index()]).filter(|t| !t.is_nan()).map(day_of);
        let (first, last) = days.fold((i64::MAX, i64::MIN), |(lo, hi), d| (lo.min(d), hi.max(d)));
        let span = (last as i128 - first as i128 + 1).max(1);
        let width = (span + MAX_BUCKETS as i128 - 1) / MAX_BUCKETS as i128;
        DaySnapshots {
            first,
            width: width.clamp(1, i64::MAX as i128) as i64,
            start: 0,
            current: None,
            rows: Vec::new(),
        }
    }

    fn bucket(&self, day: i64) -> usize {
        let k = (day as i128 - self.first as i128).div_euclid(self.width as i128);
        k.clamp(0, MAX_BUCKETS as i128 - 1) as usize
    }

    /// Called before a battle of `day`: closes the previous bucket (and carries it over the
    /// buckets without battles) when `day` falls in a later one.
    fn reach(&mut self, day: i64, snapshot: impl FnOnce() -> Vec<Option<f64>>) {
        let bucket = self.bucket(day);
        if let Some(c) = self.current
            && bucket > c
        {
            let row = snapshot();
            for _ in c..bucket {
                self.rows.push(row.clone());
            }
        }
        if self.current.is_none() {
            self.start = bucket;
        }
        self.current = Some(self.current.map_or(bucket, |c| c.max(bucket)));
    }

    fn finish(&mut self, snapshot: impl FnOnce() -> Vec<Option<f64>>) {
        if self.current.is_some() {
            self.rows.push(snapshot());
        }
    }

    /// Transposes to one series per model that had a battle.
    fn into_history(self, method: Method, counts: &PairCounts) -> RatingHistory {
        let bucket_start = |k: usize| self.first.saturating_add(((self.start + k) as i64).saturating_mul(self.width));
        let days: Vec<i64> = (0..self.rows.len()).map(bucket_start).collect();
        let played: Vec<usize> =
            (0..counts.models.len()).filter(|&k| self.rows.iter().any(|row| row[k].is_some())).collect();
        let series = played.iter().map(|&k| self.rows.iter().map(|row| row[k]).collect()).collect();
        let models = played.iter().map(|&k| counts.models[k]).collect();
        RatingHistory { method, days, bucket_days: self.width, models, series }
    }
}

fn snapshot(r: &[f64], seen: &[bool]) -> Vec<Option<f64>> {
    r.iter().zip(seen).map(|(&x, &s)| s.then_some(x)).collect()
}

/// The vote that gives this score (ties as `Tie`: the counts already follow the tie policy).
fn winner_of(b: &TimedBattle) -> Winner {
    if b.score_a == 1.0 {
        Winner::ModelA
    } else if b.score_a == 0.0 {
        Winner::ModelB
    } else {
        Winner::Tie
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicBool;

    use super::*;
    use crate::rating::testing::{index_of, random_votes, votes};
    use crate::rating::{RatingOptions, rate};
    use crate::time::format_day;

    #[test]
    fn last_day_matches_the_table() {
        let rows = votes(&random_votes(6, 1500, 5));
        let idx = index_of(&rows);
        let ids: Vec<_> = idx.battle_ids().collect();
        let never = AtomicBool::new(false);
        for method in [Method::OnlineElo, Method::BradleyTerry] {
            let h = match method {
                Method::OnlineElo => elo_history(&idx, &ids, &SubsetOptions::default()),
                Method::BradleyTerry => bt_history(&idx, &ids, &SubsetOptions::default()),
            };
            let t = rate(&idx, &ids, &RatingOptions { method, ..Default::default() }, &never).unwrap();
            assert!(h.days.len() > 5, "{:?}", h.days.iter().map(|&d| format_day(d)).collect::<Vec<_>>());
            for r in &t.rows {
                let last = h.series_of(r.model).unwrap().last().unwrap().unwrap();
                assert!((last - r.rating).abs() < 1e-6, "{method:?}: {last} vs {}", r.rating);
            }
        }
    }

    #[test]
    fn models_appear_on_their_first_day() {
        let mut rows = votes(&[("a", "b", 'A'), ("b", "a", 'A'), ("c", "a", 'A'), ("a", "c", 'A')]);
        let t0 = rows[0].tstamp.unwrap();
        for (i, r) in rows.iter_mut().enumerate() {
            r.tstamp = Some(t0 + 86_400.0 * (i / 2) as f64 * 2.0);
        }
        let idx = index_of(&rows);
        let ids: Vec<_> = idx.battle_ids().collect();
        let h = bt_history(&idx, &ids, &SubsetOptions::default());
        assert_eq!(h.days.len(), 3);
        let c = h.series_of(idx.model_id("c").unwrap()).unwrap();
        assert_eq!(c[0], None);
        assert_eq!(c[1], None, "the day in between carries the first day forward");
        assert!(c[2].is_some());
        let a = h.series_of(idx.model_id("a").unwrap()).unwrap();
        assert_eq!(a[0], Some(1000.0));
        let e = elo_history(&idx, &ids, &SubsetOptions::default());
        assert!(e.series_of(idx.model_id("a").unwrap()).unwrap()[0].is_some());
    }

    #[test]
    fn absurd_times_give_a_bounded_number_of_buckets() {
        // Milliseconds, a year-300,000 time and the largest finite times, all in one dataset.
        let mut rows = votes(&random_votes(5, 200, 3));
        let extremes = [1.7e12, 1e13, 9.4e15, f64::MAX, -f64::MAX, 0.0, 1.0e9];
        for (r, t) in rows.iter_mut().zip(extremes.iter().cycle()) {
            r.tstamp = Some(*t);
        }
        let idx = index_of(&rows);
        let ids: Vec<_> = idx.battle_ids().collect();
        for h in [elo_history(&idx, &ids, &SubsetOptions::default()), bt_history(&idx, &ids, &SubsetOptions::default())]
        {
            assert!(!h.days.is_empty() && h.days.len() <= MAX_BUCKETS, "{} buckets", h.days.len());
            assert!(h.bucket_days > 1);
            assert!(h.days.windows(2).all(|w| w[0] < w[1]), "bucket starts rise");
            assert!(h.series.iter().all(|s| s.len() == h.days.len()));
        }
    }

    #[test]
    fn a_long_span_is_cut_into_buckets_of_whole_days() {
        // Two battles 30 years apart: 10,958 days in 1000 buckets of 11 days.
        let mut rows = votes(&[("a", "b", 'A'), ("b", "a", 'A')]);
        rows[0].tstamp = Some(946_684_800.0);
        rows[1].tstamp = Some(946_684_800.0 + 86_400.0 * 10_957.0);
        let idx = index_of(&rows);
        let ids: Vec<_> = idx.battle_ids().collect();
        let h = elo_history(&idx, &ids, &SubsetOptions::default());
        assert_eq!(h.bucket_days, 11);
        assert_eq!(h.days.len(), 997);
        assert_eq!(format_day(h.days[0]), "2000-01-01");
    }

    #[test]
    fn empty_input_gives_an_empty_history() {
        let idx = index_of(&votes(&[("a", "b", 'A')]));
        let h = bt_history(&idx, &[], &SubsetOptions::default());
        assert!(h.days.is_empty() && h.models.is_empty());
    }
}
