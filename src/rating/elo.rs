//! Online Elo, the Arena's 2023 leaderboard: battles in time order, each moving both ratings by
//! `K (score - expected)`. The result depends on the order of the battles, by nature.

use crate::index::{BattleId, Index};
use crate::model::Winner;
use crate::time::day_of;

use super::pairs::PairCounts;
use super::{INIT_RATING, SubsetOptions, TiePolicy};

/// Rating points moved by a battle whose result was certain to be the other way round.
pub const K: f64 = 4.0;
pub const SCALE: f64 = 400.0;
pub const BASE: f64 = 10.0;

/// One counted battle: models as positions in [`PairCounts::models`], `score_a` 1, 0 or 0.5.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimedBattle {
    pub a: u32,
    pub b: u32,
    pub score_a: f64,
    /// Unix seconds; NaN when unknown.
    pub tstamp: f64,
}

/// The counted battles of a subset in time order, materialised (for the bootstrap).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TimedBattles {
    pub battles: Vec<TimedBattle>,
    /// Battles without a time (they come last).
    pub untimed: usize,
}

/// Calls `f` with each battle of `ids` that `counts` (built from the same ids and subset)
/// counted, in time order: equal times in file order, battles without a time last, in file
/// order. Returns the number of battles without a time. Nothing is materialised when the ids
/// are already in time order (a query's result over a time-sorted file).
pub fn for_each_in_time_order(
    index: &Index,
    ids: &[BattleId],
    subset: &SubsetOptions,
    counts: &PairCounts,
    mut f: impl FnMut(&TimedBattle),
) -> usize {
    let mut position = vec![u32::MAX; index.models().len()];
    for (k, m) in counts.models.iter().enumerate() {
        position[m.0 as usize] = k as u32;
    }
    let (ma, mb, winners, tstamps) = (index.model_ids_a(), index.model_ids_b(), index.winners(), index.tstamps());
    let mut untimed = 0;
    // Score of model_a per vote (indexed by `Winner as usize`), NaN where the vote does not
    // count: a lookup instead of a hard-to-predict branch per battle.
    let mut score_of = [1.0, 0.0, 0.5, 0.5, f64::NAN];
    match subset.ties {
        TiePolicy::Half => {}
        TiePolicy::NoBothBad => score_of[Winner::BothBad as usize] = f64::NAN,
        TiePolicy::None => {
            score_of[Winner::Tie as usize] = f64::NAN;
            score_of[Winner::BothBad as usize] = f64::NAN;
        }
    }
    let mut visit = |i: usize| {
        let score_a = score_of[winners[i] as usize];
        if score_a.is_nan() {
            return;
        }
        let t = tstamps[i];
        if ma[i] == mb[i] || (subset.anony_only && index.anony(BattleId(i as u32)) != Some(true)) {
            return;
        }
        if let Some(until) = subset.until_day
            && (t.is_nan() || day_of(t) > until)
        {
            return;
        }
        let (a, b) = (position[ma[i] as usize], position[mb[i] as usize]);
        if a == u32::MAX || b == u32::MAX {
            return;
        }
        untimed += t.is_nan() as usize;
        f(&TimedBattle { a, b, score_a, tstamp: t });
    };
    let in_order = ids.windows(2).all(|w| tstamps[w[0].index()] <= tstamps[w[1].index()])
        && ids.last().is_none_or(|b| !tstamps[b.index()].is_nan());
    if in_order {
        ids.iter().for_each(|b| visit(b.index()));
    } else {
        // Stable: equal times keep file order; unknown times go last.
        let mut order: Vec<u32> = ids.iter().map(|b| b.0).collect();
        order.sort_by(|&x, &y| {
            let (tx, ty) = (tstamps[x as usize], tstamps[y as usize]);
            match (tx.is_nan(), ty.is_nan()) {
                (false, false) => tx.total_cmp(&ty),
                (a, b) => a.cmp(&b),
            }
        });
        order.iter().for_each(|&i| visit(i as usize));
    }
    untimed
}

/// [`for_each_in_time_order`], collected.
pub fn timed_battles(index: &Index, ids: &[BattleId], subset: &SubsetOptions, counts: &PairCounts) -> TimedBattles {
    let mut battles = Vec::with_capacity(ids.len());
    let untimed = for_each_in_time_order(index, ids, subset, counts, |b| battles.push(*b));
    TimedBattles { battles, untimed }
}

/// Online Elo of the counted battles of `ids`, one rating per model of `counts` (1000 for a
/// model without a battle), and the number of battles without a time (played last).
pub fn elo_ratings(index: &Index, ids: &[BattleId], subset: &SubsetOptions, counts: &PairCounts) -> (Vec<f64>, usize) {
    let mut r = vec![INIT_RATING; counts.models.len()];
    let untimed = for_each_in_time_order(index, ids, subset, counts, |b| update(&mut r, b));
    (r, untimed)
}

/// Online Elo over battles already in order, every model starting at 1000.
pub fn online_elo(battles: &[TimedBattle], models: usize) -> Vec<f64> {
    let mut r = vec![INIT_RATING; models];
    for b in battles {
        update(&mut r, b);
    }
    r
}

/// Applies one battle.
#[inline]
pub fn update(r: &mut [f64], b: &TimedBattle) {
    let (a, bb) = (b.a as usize, b.b as usize);
    // BASE^x as exp(x ln BASE): the same number, a few times faster than powf.
    let e_a = 1.0 / (1.0 + ((r[bb] - r[a]) * (std::f64::consts::LN_10 / SCALE)).exp());
    let delta = K * (b.score_a - e_a);
    r[a] += delta;
    r[bb] -= delta;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rating::testing::{counts_of, index_of, votes};

    #[test]
    fn one_win_moves_both_by_two() {
        let (idx, c) = counts_of(&[("x", "y", 'A')]);
        let ids: Vec<_> = idx.battle_ids().collect();
        let t = timed_battles(&idx, &ids, &SubsetOptions::default(), &c);
        let r = online_elo(&t.battles, c.models.len());
        let at = |n: &str| r[c.position(idx.model_id(n).unwrap()).unwrap()];
        assert!((at("x") - 1002.0).abs() < 1e-12);
        assert!((at("y") - 998.0).abs() < 1e-12);
    }

    /// The textbook loop over battles in time order, with `powf` and names, as FastChat wrote it.
    fn plain_elo(rows: &[(String, String, f64, f64)]) -> std::collections::HashMap<String, f64> {
        let mut sorted: Vec<_> = rows.iter().enumerate().collect();
        sorted.sort_by(|(i, x), (j, y)| x.3.partial_cmp(&y.3).unwrap().then(i.cmp(j)));
        let mut rating = std::collections::HashMap::new();
        for (_, (a, b, s, _)) in sorted {
            let ra = *rating.get(a).unwrap_or(&1000.0);
            let rb = *rating.get(b).unwrap_or(&1000.0);
            let ea = 1.0 / (1.0 + 10f64.powf((rb - ra) / 400.0));
            rating.insert(a.clone(), ra + 4.0 * (s - ea));
            rating.insert(b.clone(), rb - 4.0 * (s - ea));
        }
        rating
    }

    #[test]
    fn equals_a_plain_sequential_loop_on_shuffled_times() {
        let mut seed = 7u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let names = ["a", "b", "c", "d", "e", "f"];
        let mut spec = Vec::new();
        for _ in 0..3000 {
            let i = (next() % 6) as usize;
            let j = (i + 1 + (next() % 5) as usize) % 6;
            let v = ['A', 'B', 'T', 'X'][(next() % 4) as usize];
            spec.push((names[i], names[j], v));
        }
        let mut rows = votes(&spec);
        // Out of order, with many equal times (ties in time keep file order).
        for r in rows.iter_mut() {
            r.tstamp = Some(1_682_000_000.0 + (next() % 500) as f64);
        }
        let idx = index_of(&rows);
        let ids: Vec<_> = idx.battle_ids().collect();
        let c = crate::rating::PairCounts::aggregate(&idx, &ids, &SubsetOptions::default());
        let (r, _) = elo_ratings(&idx, &ids, &SubsetOptions::default(), &c);
        let t = timed_battles(&idx, &ids, &SubsetOptions::default(), &c);
        assert_eq!(online_elo(&t.battles, c.models.len()), r);
        let plain_rows: Vec<_> = rows
            .iter()
            .map(|b| {
                let s = match b.winner {
                    Winner::ModelA => 1.0,
                    Winner::ModelB => 0.0,
                    _ => 0.5,
                };
                (b.model_a.clone(), b.model_b.clone(), s, b.tstamp.unwrap())
            })
            .collect();
        let expected = plain_elo(&plain_rows);
        for (k, m) in c.models.iter().enumerate() {
            let e = expected[idx.model_name(*m)];
            assert!((r[k] - e).abs() < 1e-9, "{}: {} vs {e}", idx.model_name(*m), r[k]);
        }
    }

    #[test]
    fn untimed_battles_go_last_in_file_order() {
        let mut rows = votes(&[("x", "y", 'A'), ("x", "y", 'B'), ("x", "y", 'A')]);
        rows[0].tstamp = None;
        rows[1].tstamp = Some(2.0);
        rows[2].tstamp = Some(1.0);
        let idx = index_of(&rows);
        let ids: Vec<_> = idx.battle_ids().collect();
        let c = crate::rating::PairCounts::aggregate(&idx, &ids, &SubsetOptions::default());
        let t = timed_battles(&idx, &ids, &SubsetOptions::default(), &c);
        assert_eq!(t.untimed, 1);
        let order: Vec<f64> = t.battles.iter().map(|b| b.tstamp).collect();
        assert_eq!(order[..2], [1.0, 2.0]);
        assert!(order[2].is_nan());
    }
}
