//! Ratings through time: every model's rating at the end of each UTC day, from the first day
//! with a battle to the last, for sparklines. Online Elo is replayed once; Bradley-Terry is
//! refitted on the battles up to each day (a small Newton problem per day).

use crate::index::{BattleId, Index, ModelId};
use crate::model::Winner;
use crate::time::day_of;

use super::bt::{Standing, fit_bt};
use super::elo::{TimedBattle, for_each_in_time_order, update};
use super::pairs::{LeftOut, PairAccumulator, PairCounts};
use super::{INIT_RATING, Method, POINTS_PER_LOGIT, SubsetOptions};

/// Ratings per model per day.
#[derive(Debug, Clone, PartialEq)]
pub struct RatingHistory {
    pub method: Method,
    /// Consecutive UTC day numbers (see [`crate::time`]).
    pub days: Vec<i64>,
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
    let mut days = DaySnapshots::default();
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
    let mut days = DaySnapshots::default();
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

/// Per-day snapshots of all models' ratings while battles stream by in time order.
#[derive(Default)]
struct DaySnapshots {
    first: Option<i64>,
    current: Option<i64>,
    /// One per day from `first`: a rating per model of the counts.
    rows: Vec<Vec<Option<f64>>>,
}

impl DaySnapshots {
    /// Called before a battle of `day`: closes the previous day (and carries it over the days
    /// without battles) when `day` is later.
    fn reach(&mut self, day: i64, snapshot: impl FnOnce() -> Vec<Option<f64>>) {
        match self.current {
            Some(c) if day > c => {
                let row = snapshot();
                for _ in c..day {
                    self.rows.push(row.clone());
                }
            }
            Some(_) => {}
            None => self.first = Some(day),
        }
        self.current = Some(day);
    }

    fn finish(&mut self, snapshot: impl FnOnce() -> Vec<Option<f64>>) {
        if self.current.is_some() {
            self.rows.push(snapshot());
        }
    }

    /// Transposes to one series per model that had a battle.
    fn into_history(self, method: Method, counts: &PairCounts) -> RatingHistory {
        let first = self.first.unwrap_or(0);
        let days: Vec<i64> = (0..self.rows.len() as i64).map(|d| first + d).collect();
        let played: Vec<usize> =
            (0..counts.models.len()).filter(|&k| self.rows.iter().any(|row| row[k].is_some())).collect();
        let series = played.iter().map(|&k| self.rows.iter().map(|row| row[k]).collect()).collect();
        let models = played.iter().map(|&k| counts.models[k]).collect();
        RatingHistory { method, days, models, series }
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
    fn empty_input_gives_an_empty_history() {
        let idx = index_of(&votes(&[("a", "b", 'A')]));
        let h = bt_history(&idx, &[], &SubsetOptions::default());
        assert!(h.days.is_empty() && h.models.is_empty());
    }
}
