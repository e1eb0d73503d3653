//! Closed-form ("sandwich") standard errors of Bradley-Terry ratings, LMArena's method since
//! 2025: `Var = H^-1 G H^-1`, robust to a misspecified model and cheap enough to show live.

use super::POINTS_PER_LOGIT;
use super::bt::{BtFit, sigmoid};
use super::linalg::{cholesky, cholesky_inverse};
use super::pairs::PairCounts;

/// Ridge on the Hessian diagonal, per battle (as in arena-rank), for numerical stability.
pub const HESSIAN_RIDGE_PER_BATTLE: f64 = 1e-5;
/// The normal quantile of a two-sided 95% interval.
pub const Z_95: f64 = 1.959_963_984_540_054;

/// Below this share of the model-based variance, a sandwich variance is taken as vanished.
const VANISHED_MEAT: f64 = 1e-6;

/// Standard deviations, in rating points, of each model's rating.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SandwichSd {
    /// Positions as in [`PairCounts::models`]; `None` where the model is not rated.
    pub sd: Vec<Option<f64>>,
    /// Models whose battles all ended as the fit expects them to on average (every one a tie
    /// at even odds): the sandwich's "meat" vanishes and would claim a width of zero, so they
    /// get the model-based (inverse Hessian) deviation instead.
    pub model_based: usize,
}

/// The sandwich standard deviations (see [`SandwichSd`]).
pub fn sandwich_sd(counts: &PairCounts, fit: &BtFit) -> SandwichSd {
    let p = &fit.problem;
    let m = p.len();
    let mut out = SandwichSd { sd: vec![None; counts.models.len()], model_based: 0 };
    if m == 0 {
        return out;
    }
    let theta: Vec<f64> = p.rated.iter().map(|&i| fit.theta[i as usize]).collect();
    let battles: f64 = p.pairs.iter().map(|q| q.n).sum();
    let mut hess = vec![0.0; m * m];
    // Per pair: the weights of x x^T (x = e_lo - e_hi) in the outer-product sum G and in H.
    let mut g_weight = Vec::with_capacity(p.pairs.len());
    for q in &p.pairs {
        let (lo, hi) = (q.lo as usize, q.hi as usize);
        let prob = sigmoid(theta[lo] - theta[hi]);
        let w = q.n * prob * (1.0 - prob);
        hess[lo * m + lo] += w;
        hess[hi * m + hi] += w;
        hess[lo * m + hi] -= w;
        hess[hi * m + lo] -= w;
        let cell = &counts.cells[q.cell as usize];
        let ties = cell.used_ties(counts.ties) as f64;
        let g = cell.lo_wins as f64 * (1.0 - prob).powi(2)
            + cell.hi_wins as f64 * prob.powi(2)
            + ties * (0.5 - prob).powi(2);
        g_weight.push((g, w));
    }
    for i in 0..m {
        hess[i * m + i] += HESSIAN_RIDGE_PER_BATTLE * battles;
    }
    if !cholesky(&mut hess, m) {
        return out;
    }
    let mut inv = vec![0.0; m * m];
    cholesky_inverse(&hess, m, &mut inv);
    for i in 0..m {
        let row = &inv[i * m..(i + 1) * m];
        // The sandwich H^-1 G H^-1, and beside it the model-based H^-1 H H^-1 (H without the
        // ridge, so the direction that only the ridge pins down drops out as it does in G).
        let (var, model_var) = p.pairs.iter().zip(&g_weight).fold((0.0, 0.0), |(var, model), (q, &(g, w))| {
            let d = row[q.lo as usize] - row[q.hi as usize];
            (var + g * d * d, model + w * d * d)
        });
        let var = if var < VANISHED_MEAT * model_var {
            out.model_based += 1;
            model_var
        } else {
            var
        };
        if var.is_finite() {
            out.sd[p.rated[i] as usize] = Some(var.max(0.0).sqrt() * POINTS_PER_LOGIT);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rating::bt::fit_bt;
    use crate::rating::testing::counts_of;

    /// For two models the sandwich has a closed form: with k wins of n, p = k/n,
    /// H = n p (1 - p) (+ ridge), G = n p (1 - p), so Var(theta_x) = G / (4 H^2) after centring.
    #[test]
    fn two_models_match_the_closed_form() {
        let (_, c) = counts_of(&[("x", "y", 'A'), ("x", "y", 'A'), ("x", "y", 'A'), ("x", "y", 'B')]);
        let fit = fit_bt(&c);
        let sd = sandwich_sd(&c, &fit);
        let (n, p) = (4.0, 0.75);
        let w = n * p * (1.0 - p);
        let ridge = HESSIAN_RIDGE_PER_BATTLE * n;
        // H = [[w+r, -w], [-w, w+r]]: along (1, -1) its eigenvalue is 2w + r.
        // theta_x = (x . theta)/2 with x = (1, -1); Var = G |x|^2 ... projected: w / (2w + r)^2.
        let expected = (w / (2.0 * w + ridge).powi(2)).sqrt() * POINTS_PER_LOGIT;
        assert!((sd.sd[0].unwrap() - expected).abs() < 1e-9, "{:?} vs {expected}", sd.sd[0]);
        assert!((sd.sd[1].unwrap() - expected).abs() < 1e-9);
        assert_eq!(sd.model_based, 0);
    }

    #[test]
    fn unrated_models_have_no_interval() {
        let (_, c) = counts_of(&[("x", "y", 'A'), ("x", "y", 'A')]);
        let fit = fit_bt(&c);
        assert_eq!(sandwich_sd(&c, &fit).sd, vec![None, None]);
    }

    /// Every battle a tie: each residual is zero at the fit, so the sandwich would claim an
    /// exact rating; the model-based deviation is reported instead, and it shrinks with n.
    #[test]
    fn all_ties_get_a_model_based_interval_not_a_width_of_zero() {
        let width = |n: usize| {
            let spec = vec![("x", "y", 'T'); n];
            let (_, c) = counts_of(&spec);
            let fit = fit_bt(&c);
            let sd = sandwich_sd(&c, &fit);
            assert_eq!(sd.model_based, 2);
            sd.sd[0].unwrap()
        };
        let (few, many) = (width(8), width(32));
        assert!(few > 50.0, "eight ties do not pin a rating down: ±{few}");
        assert!((few / many - 2.0).abs() < 0.05, "four times the battles, half the width: {few} vs {many}");
    }
}
