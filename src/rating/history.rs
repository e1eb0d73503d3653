//! Ratings through time: every model's rating at the end of each UTC day, from the first day
//! with a battle to the last, for sparklines. Online Elo is replayed once; Bradley-Terry is
//! refitted on the battles up to each day (a small Newton problem per day).

use crate::index::{BattleId, Index, ModelId};
use crate::time::day_of;

use super::bt::{Standing, fit_bt};
use super::elo::{TimedBattle, timed_battles, update};
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
    let timed = timed_battles(index, ids, subset, &counts);
    let battles = &timed.battles[..timed.battles.len() - timed.untimed];
    let (days, models, keep) = axes(&counts, battles);
    let mut series = vec![vec![None; days.len()]; models.len()];
    let mut r = vec![INIT_RATING; counts.models.len()];
    let mut seen = vec![false; counts.models.len()];
    let mut next = 0;
    for (d, &day) in days.iter().enumerate() {
        while next < battles.len() && day_of(battles[next].tstamp) <= day {
            let b = &battles[next];
            update(&mut r, b);
            seen[b.a as usize] = true;
            seen[b.b as usize] = true;
            next += 1;
        }
        for (row, &k) in keep.iter().enumerate() {
            series[row][d] = seen[k].then_some(r[k]);
        }
    }
    RatingHistory { method: Method::OnlineElo, days, models, series }
}

/// The Bradley-Terry table (ratings only) as of the end of each day.
pub fn bt_history(index: &Index, ids: &[BattleId], subset: &SubsetOptions) -> RatingHistory {
    let counts = PairCounts::aggregate(index, ids, subset);
    let timed = timed_battles(index, ids, subset, &counts);
    let battles = &timed.battles[..timed.battles.len() - timed.untimed];
    let (days, models, keep) = axes(&counts, battles);
    let mut series = vec![vec![None; days.len()]; models.len()];
    // Battles are re-added by position in the counts' model list; winners from the score.
    let mut acc = PairAccumulator::new(counts.models.len());
    let mut next = 0;
    let mut last: Vec<Option<f64>> = vec![None; models.len()];
    for (d, &day) in days.iter().enumerate() {
        let before = next;
        while next < battles.len() && day_of(battles[next].tstamp) <= day {
            let b = &battles[next];
            acc.add(b.a, b.b, winner_of(b));
            next += 1;
        }
        if next > before {
            let so_far = acc.finish(counts.ties, next, LeftOut::default());
            let fit = fit_bt(&so_far);
            for (row, &k) in keep.iter().enumerate() {
                // so_far's models are positions in `counts.models`, as ModelIds.
                let at = so_far.position(ModelId(k as u32));
                last[row] = at.and_then(|p| match fit.standing[p] {
                    Standing::Rated { .. } => Some(INIT_RATING + POINTS_PER_LOGIT * fit.theta[p]),
                    _ => None,
                });
            }
        }
        for row in 0..models.len() {
            series[row][d] = last[row];
        }
    }
    RatingHistory { method: Method::BradleyTerry, days, models, series }
}

/// The day axis, the models with battles, and their positions in the counts.
fn axes(counts: &PairCounts, battles: &[TimedBattle]) -> (Vec<i64>, Vec<ModelId>, Vec<usize>) {
    let days = match (battles.first(), battles.last()) {
        (Some(f), Some(l)) => (day_of(f.tstamp)..=day_of(l.tstamp)).collect(),
        _ => Vec::new(),
    };
    let mut played = vec![false; counts.models.len()];
    for b in battles {
        played[b.a as usize] = true;
        played[b.b as usize] = true;
    }
    let keep: Vec<usize> = (0..counts.models.len()).filter(|&k| played[k]).collect();
    let models = keep.iter().map(|&k| counts.models[k]).collect();
    (days, models, keep)
}

/// The vote that gives this score (ties as `Tie`: the counts already follow the tie policy).
fn winner_of(b: &TimedBattle) -> crate::model::Winner {
    use crate::model::Winner;
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
