//! Percentile bootstrap intervals (FastChat's method): each round redraws the counts of the
//! observed (pair, outcome) cells from a multinomial with the battle total, refits, and the
//! 2.5% and 97.5% quantiles of the rounds bound each rating. Seeded per round, so the result
//! does not depend on how rounds are spread over threads; cancellable between rounds.

use std::sync::atomic::{AtomicBool, Ordering};

use rand::SeedableRng;
use rand::rngs::Xoshiro256PlusPlus;
use rayon::prelude::*;

use super::bt::{BtFit, FitPair, Workspace, groups_strongly_connected, newton, recentre};
use super::elo::{TimedBattle, update};
use super::pairs::PairCounts;
use super::sample::{LnFactorials, below, binomial};
use super::{INIT_RATING, POINTS_PER_LOGIT};

/// Ridge applied in rounds whose resample has no finite MLE (a model won or lost all of its
/// redrawn battles): weak enough to leave well-measured models alone, strong enough to keep
/// the others finite, so that such rounds widen the intervals instead of breaking them.
pub const DEGENERATE_ROUND_RIDGE: f64 = 0.01;

/// Gradient tolerance of the refits (log-likelihood units): it moves a rating by well under
/// 0.01 points even on small subsets, far below the spread of the rounds, and saves a Newton
/// step per round against the main fit's 1e-8.
const ROUND_TOLERANCE: f64 = 1e-4;

/// The bootstrap was cancelled before it finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("cancelled")]
pub struct Cancelled;

/// 95% percentile intervals, in rating points before any anchor shift.
#[derive(Debug, Clone, PartialEq)]
pub struct BootstrapIntervals {
    /// One per model of the counts; `None` where the model is not rated.
    pub lower: Vec<Option<f64>>,
    pub upper: Vec<Option<f64>>,
    pub rounds: u32,
    /// Rounds fitted with [`DEGENERATE_ROUND_RIDGE`].
    pub ridged_rounds: u32,
}

/// One (pair, outcome) cell: the pair's position in the fit and what the outcome adds to `lo`'s
/// score per battle.
#[derive(Debug, Clone, Copy)]
struct Cell {
    pair: u32,
    lo_score: f64,
    count: u64,
}

/// Bootstrap intervals for a Bradley-Terry fit of `counts`.
pub fn bootstrap_bt(
    counts: &PairCounts,
    fit: &BtFit,
    rounds: u32,
    seed: u64,
    cancel: &AtomicBool,
) -> Result<BootstrapIntervals, Cancelled> {
    let problem = &fit.problem;
    let mut cells = Vec::new();
    for (k, q) in problem.pairs.iter().enumerate() {
        let c = &counts.cells[q.cell as usize];
        for (lo_score, count) in [(1.0, c.lo_wins), (0.0, c.hi_wins), (0.5, c.used_ties(counts.ties))] {
            if count > 0 {
                cells.push(Cell { pair: k as u32, lo_score, count: count as u64 });
            }
        }
    }
    let total: u64 = cells.iter().map(|c| c.count).sum();
    let ln_fact = LnFactorials::new(total);
    let start: Vec<f64> = problem.rated.iter().map(|&i| fit.theta[i as usize]).collect();
    let m = problem.len();

    let results: Vec<Option<(Vec<f64>, bool)>> = (0..rounds)
        .into_par_iter()
        .map_init(
            || (Workspace::new(m), problem.pairs.clone(), vec![0u64; cells.len()]),
            |(ws, pairs, draw), round| {
                if cancel.load(Ordering::Relaxed) {
                    return None;
                }
                let mut rng = round_rng(seed, round);
                multinomial(&cells, total, draw, &mut rng, &ln_fact);
                for p in pairs.iter_mut() {
                    p.n = 0.0;
                    p.s = 0.0;
                }
                for (c, &k) in cells.iter().zip(draw.iter()) {
                    let p: &mut FitPair = &mut pairs[c.pair as usize];
                    p.n += k as f64;
                    p.s += k as f64 * c.lo_score;
                }
                let mut theta = start.clone();
                let mut ridged = false;
                // Every cell drawn at least once keeps the observed (strongly connected) win graph.
                let same_graph = draw.iter().all(|&k| k > 0);
                let ok = (same_graph || groups_strongly_connected(problem, pairs))
                    && newton(problem, pairs, &mut theta, 0.0, ROUND_TOLERANCE, ws).converged;
                if !ok {
                    ridged = true;
                    theta.copy_from_slice(&start);
                    newton(problem, pairs, &mut theta, DEGENERATE_ROUND_RIDGE, ROUND_TOLERANCE, ws);
                    recentre(problem, &mut theta);
                }
                Some((theta, ridged))
            },
        )
        .collect();
    if cancel.load(Ordering::Relaxed) || results.iter().any(Option::is_none) {
        return Err(Cancelled);
    }
    let samples: Vec<(Vec<f64>, bool)> = results.into_iter().flatten().collect();
    let ridged_rounds = samples.iter().filter(|s| s.1).count() as u32;
    let mut lower = vec![None; counts.models.len()];
    let mut upper = vec![None; counts.models.len()];
    let mut column = Vec::with_capacity(samples.len());
    for (k, &pos) in problem.rated.iter().enumerate() {
        column.clear();
        column.extend(samples.iter().map(|s| INIT_RATING + POINTS_PER_LOGIT * s.0[k]));
        if let Some((lo, hi)) = interval_95(&mut column) {
            lower[pos as usize] = Some(lo);
            upper[pos as usize] = Some(hi);
        }
    }
    Ok(BootstrapIntervals { lower, upper, rounds, ridged_rounds })
}

/// Bootstrap intervals for online Elo: each round redraws the battles with replacement and
/// replays them in time order (a battle drawn k times is played k times in its place).
pub fn bootstrap_elo(
    battles: &[TimedBattle],
    models: usize,
    rounds: u32,
    seed: u64,
    cancel: &AtomicBool,
) -> Result<BootstrapIntervals, Cancelled> {
    let n = battles.len();
    let results: Vec<Option<Vec<f64>>> = (0..rounds)
        .into_par_iter()
        .map_init(
            || vec![0u32; n],
            |draws, round| {
                if cancel.load(Ordering::Relaxed) {
                    return None;
                }
                let mut rng = round_rng(seed, round);
                draws.iter_mut().for_each(|d| *d = 0);
                for _ in 0..n {
                    draws[below(&mut rng, n)] += 1;
                }
                let mut r = vec![INIT_RATING; models];
                for (b, &times) in battles.iter().zip(draws.iter()) {
                    for _ in 0..times {
                        update(&mut r, b);
                    }
                }
                Some(r)
            },
        )
        .collect();
    if cancel.load(Ordering::Relaxed) || results.iter().any(Option::is_none) {
        return Err(Cancelled);
    }
    let samples: Vec<Vec<f64>> = results.into_iter().flatten().collect();
    let mut played = vec![false; models];
    for b in battles {
        played[b.a as usize] = true;
        played[b.b as usize] = true;
    }
    let (mut lower, mut upper) = (vec![None; models], vec![None; models]);
    let mut column = Vec::with_capacity(samples.len());
    for k in (0..models).filter(|&k| played[k]) {
        column.clear();
        column.extend(samples.iter().map(|s| s[k]));
        if let Some((lo, hi)) = interval_95(&mut column) {
            lower[k] = Some(lo);
            upper[k] = Some(hi);
        }
    }
    Ok(BootstrapIntervals { lower, upper, rounds, ridged_rounds: 0 })
}

/// Each round's own generator: the same numbers whichever thread runs it.
fn round_rng(seed: u64, round: u32) -> Xoshiro256PlusPlus {
    Xoshiro256PlusPlus::seed_from_u64(seed ^ (round as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15))
}

/// Draws `total` battles over the cells in proportion to their counts, as a chain of
/// conditional binomials (cost per cell, not per battle).
fn multinomial(cells: &[Cell], total: u64, out: &mut [u64], rng: &mut Xoshiro256PlusPlus, ln_fact: &LnFactorials) {
    let (mut left, mut weight_left) = (total, total);
    for (c, o) in cells.iter().zip(out.iter_mut()) {
        if left == 0 || c.count >= weight_left {
            *o = left;
            left = 0;
            weight_left = weight_left.saturating_sub(c.count);
            continue;
        }
        let p = c.count as f64 / weight_left as f64;
        let k = binomial(rng, left, p, ln_fact);
        *o = k;
        left -= k;
        weight_left -= c.count;
    }
}

/// The 2.5% and 97.5% quantiles (linear interpolation, as numpy's default); sorts `values`.
pub fn interval_95(values: &mut [f64]) -> Option<(f64, f64)> {
    if values.is_empty() || values.iter().any(|v| !v.is_finite()) {
        return None;
    }
    values.sort_unstable_by(f64::total_cmp);
    Some((quantile_sorted(values, 0.025), quantile_sorted(values, 0.975)))
}

/// The `q` quantile of sorted values with linear interpolation between order statistics.
pub fn quantile_sorted(sorted: &[f64], q: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * q;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rating::bt::fit_bt;
    use crate::rating::testing::{counts_of, random_votes};

    #[test]
    fn quantiles_interpolate_like_numpy() {
        // numpy.quantile([1, 2, 3, 4, 10], [0.025, 0.975]) == [1.1, 9.4]
        let mut v = [10.0, 2.0, 4.0, 1.0, 3.0];
        let (lo, hi) = interval_95(&mut v).unwrap();
        assert!((lo - 1.1).abs() < 1e-12 && (hi - 9.4).abs() < 1e-12, "{lo} {hi}");
        assert_eq!(quantile_sorted(&[5.0], 0.975), 5.0);
    }

    #[test]
    fn multinomial_draws_the_total_and_follows_the_weights() {
        let cells: Vec<Cell> = [700u64, 200, 100].iter().map(|&count| Cell { pair: 0, lo_score: 1.0, count }).collect();
        let mut rng = round_rng(1, 0);
        let mut sums = [0u64; 3];
        let mut out = [0u64; 3];
        let lf = LnFactorials::new(1000);
        for _ in 0..200 {
            multinomial(&cells, 1000, &mut out, &mut rng, &lf);
            assert_eq!(out.iter().sum::<u64>(), 1000);
            for k in 0..3 {
                sums[k] += out[k];
            }
        }
        let share = sums[0] as f64 / 200_000.0;
        assert!((share - 0.7).abs() < 0.01, "{share}");
    }

    #[test]
    fn same_seed_same_intervals_and_they_bracket_the_estimate() {
        let (_, c) = counts_of(&random_votes(5, 2000, 11));
        let fit = fit_bt(&c);
        let never = AtomicBool::new(false);
        let a = bootstrap_bt(&c, &fit, 200, 9, &never).unwrap();
        let b = bootstrap_bt(&c, &fit, 200, 9, &never).unwrap();
        assert_eq!(a, b);
        let other = bootstrap_bt(&c, &fit, 200, 10, &never).unwrap();
        assert_ne!(a, other);
        for k in 0..c.models.len() {
            let r = fit.rating(k).unwrap();
            let (lo, hi) = (a.lower[k].unwrap(), a.upper[k].unwrap());
            assert!(lo < r && r < hi, "{lo} {r} {hi}");
        }
        assert_eq!(a.ridged_rounds, 0);
    }

    #[test]
    fn a_set_flag_cancels() {
        let (_, c) = counts_of(&random_votes(4, 500, 3));
        let fit = fit_bt(&c);
        let stop = AtomicBool::new(true);
        assert_eq!(bootstrap_bt(&c, &fit, 1000, 1, &stop), Err(Cancelled));
    }

    #[test]
    fn thin_data_gives_wide_but_finite_intervals() {
        // One win each way: rated, but a resample often keeps only one direction.
        let (_, c) = counts_of(&[("a", "b", 'A'), ("a", "b", 'B')]);
        let fit = fit_bt(&c);
        let never = AtomicBool::new(false);
        let iv = bootstrap_bt(&c, &fit, 100, 1, &never).unwrap();
        assert!(iv.ridged_rounds > 0);
        let (lo, hi) = (iv.lower[0].unwrap(), iv.upper[0].unwrap());
        assert!(lo.is_finite() && hi.is_finite() && hi - lo > 100.0, "{lo} {hi}");
    }
}
