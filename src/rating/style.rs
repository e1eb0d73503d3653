//! Style-controlled Bradley-Terry, the leaderboard's default view since 2025: arena-rank's
//! `ContextualBradleyTerry` with the feature recipe of its LMArena example. Answer length and
//! markdown (headers, lists, bold) enter every battle as covariates, so a model is not
//! rewarded for being long or heavily formatted. A Newton solver on the (models + 4) system,
//! sandwich intervals from the joint Hessian as the reference computes them, and a bootstrap.

use std::sync::atomic::{AtomicBool, Ordering};

use rand::SeedableRng;
use rand::rngs::Xoshiro256PlusPlus;
use rayon::prelude::*;

use crate::index::{BattleId, Index};
use crate::model::{ConvMeta, Winner};

use super::bootstrap::{Cancelled, interval_95};
use super::bt::{BtFit, FitPair, RatedProblem, add_centring, groups_strongly_connected};
use super::linalg::{cholesky, cholesky_inverse, cholesky_solve};
use super::pairs::{PairCounts, subset_keeps};
use super::sample::below;
use super::{INIT_RATING, POINTS_PER_LOGIT, SubsetOptions, TiePolicy};

/// L2 penalty on the style coefficients (not on the ratings), as in the LMArena recipe.
pub const PENALTY: f64 = 1.0;
/// A battle weighs `1 / max(n_pair, MIN_PAIR_BATTLES)` before normalising to mean 1.
pub const MIN_PAIR_BATTLES: f64 = 50.0;
/// arena-rank's `hessian_reg`: added to the whole diagonal of the sandwich's Hessian.
pub const HESSIAN_REG: f64 = 1e-5;
/// Newton stops once every component of the gradient of the (mean) loss is below this.
pub const GRADIENT_TOLERANCE: f64 = 1e-11;
/// Gradient tolerance of bootstrap refits: far below the spread of the rounds.
const ROUND_TOLERANCE: f64 = 1e-8;
/// Ridge on the ratings in bootstrap rounds whose redraw has no finite MLE.
const DEGENERATE_ROUND_RIDGE: f64 = 1e-4;
const MAX_ITERATIONS: u32 = 100;
const NONE: u32 = u32::MAX;

/// A 95% interval, lower and upper bound.
pub type Interval = (f64, f64);

/// The four style features, in the order of every array here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Feature {
    Length,
    Header,
    List,
    Bold,
}

impl Feature {
    pub const ALL: [Feature; 4] = [Feature::Length, Feature::Header, Feature::List, Feature::Bold];

    /// The JSON key.
    pub fn name(self) -> &'static str {
        match self {
            Feature::Length => "length",
            Feature::Header => "header",
            Feature::List => "list",
            Feature::Bold => "bold",
        }
    }

    /// "a one-standard-deviation longer answer", for sentences.
    pub fn phrase(self) -> &'static str {
        match self {
            Feature::Length => "a one-standard-deviation longer answer",
            Feature::Header => "one standard deviation more headers",
            Feature::List => "one standard deviation more list items",
            Feature::Bold => "one standard deviation more bold text",
        }
    }
}

/// `(A - B) / (A + B)` for length, headers, lists and bold (a zero sum counts as 1).
pub fn raw_features(meta: &ConvMeta) -> [f64; 4] {
    let f = |a: u32, b: u32| {
        let (a, b) = (a as f64, b as f64);
        let s = a + b;
        (a - b) / if s == 0.0 { 1.0 } else { s }
    };
    [
        f(meta.a.tokens, meta.b.tokens),
        f(meta.a.header_total(), meta.b.header_total()),
        f(meta.a.list_total(), meta.b.list_total()),
        f(meta.a.bold, meta.b.bold),
    ]
}

/// The battles of one pair of rated models, contiguous in [`StyleData`].
#[derive(Debug, Clone, Copy, PartialEq)]
struct StylePair {
    lo: u32,
    hi: u32,
    start: u32,
    end: u32,
    /// The pair's battle weight, normalised so that battles average 1.
    weight: f64,
}

/// The battles of a style fit, grouped by pair, features z-scored and oriented to `lo`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StyleData {
    /// The rated models of the plain fit (positions in `PairCounts::models`) and their groups.
    problem: RatedProblem,
    pairs: Vec<StylePair>,
    /// Per battle: z-scored features as seen from `lo` (negated where `lo` was model B).
    x: Vec<[f64; 4]>,
    /// Per battle: `lo`'s score (1, 0.5 or 0).
    y: Vec<f64>,
    /// Mean and standard deviation (ddof 0) of each raw feature, as seen from model A.
    pub mean: [f64; 4],
    pub sd: [f64; 4],
    /// False for a feature with no variation: it is left at 0 and its coefficient is 0.
    pub varies: [bool; 4],
}

impl StyleData {
    /// Collects the battles of `ids` that `subset` keeps and whose models both have a plain
    /// Bradley-Terry rating in `plain` (a fit of the same battles): the others have no finite
    /// estimate with or without covariates.
    pub fn collect(
        index: &Index,
        ids: &[BattleId],
        subset: &SubsetOptions,
        counts: &PairCounts,
        plain: &BtFit,
    ) -> StyleData {
        let problem = plain.problem.clone();
        let m = problem.len();
        let mut rated_of = vec![NONE; index.models().len()];
        for (k, &pos) in problem.rated.iter().enumerate() {
            rated_of[counts.models[pos as usize].0 as usize] = k as u32;
        }
        let (ma, mb, winners) = (index.model_ids_a(), index.model_ids_b(), index.winners());
        // (pair key, lo's score, raw features from A, A is lo)
        let mut rows: Vec<(u32, f64, [f64; 4], bool)> = Vec::with_capacity(ids.len());
        for &b in ids {
            let i = b.index();
            if !subset_keeps(index, subset, b) || ma[i] == mb[i] {
                continue;
            }
            let (ra, rb) = (rated_of[ma[i] as usize], rated_of[mb[i] as usize]);
            if ra == NONE || rb == NONE {
                continue;
            }
            let y_a = match (winners[i], subset.ties) {
                (Winner::ModelA, _) => 1.0,
                (Winner::ModelB, _) => 0.0,
                (Winner::NoVote, _) => continue,
                (Winner::Tie, TiePolicy::None) | (Winner::BothBad, TiePolicy::None | TiePolicy::NoBothBad) => continue,
                (Winner::Tie | Winner::BothBad, _) => 0.5,
            };
            let a_is_lo = ra < rb;
            let (lo, hi) = if a_is_lo { (ra, rb) } else { (rb, ra) };
            let key = lo * m as u32 + hi;
            rows.push((key, if a_is_lo { y_a } else { 1.0 - y_a }, raw_features(&index.style(b)), a_is_lo));
        }
        Self::from_rows(problem, rows)
    }

    fn from_rows(problem: RatedProblem, rows: Vec<(u32, f64, [f64; 4], bool)>) -> StyleData {
        let m = problem.len() as u32;
        let n = rows.len();
        let (mut mean, mut sd, mut varies) = ([0.0; 4], [0.0; 4], [false; 4]);
        if n > 0 {
            for r in &rows {
                for (m, v) in mean.iter_mut().zip(&r.2) {
                    *m += v;
                }
            }
            mean.iter_mut().for_each(|v| *v /= n as f64);
            for r in &rows {
                for f in 0..4 {
                    sd[f] += (r.2[f] - mean[f]).powi(2);
                }
            }
            for f in 0..4 {
                sd[f] = (sd[f] / n as f64).sqrt();
                // Rounding leaves a constant column a few ulps off its mean: not variation.
                varies[f] = sd[f] > 1e-12 * (1.0 + mean[f].abs());
            }
        }
        // Grouped by pair with a counting sort (keys are below m²), stable, so that battles keep
        // their order within a pair (sums are then reproducible).
        let mut start = vec![0u32; (m as usize * m as usize) + 1];
        for r in &rows {
            start[r.0 as usize + 1] += 1;
        }
        for k in 1..start.len() {
            start[k] += start[k - 1];
        }
        let mut order = vec![0u32; n];
        for (i, r) in rows.iter().enumerate() {
            let slot = &mut start[r.0 as usize];
            order[*slot as usize] = i as u32;
            *slot += 1;
        }
        let rows: Vec<(u32, f64, [f64; 4], bool)> = order.iter().map(|&i| rows[i as usize]).collect();
        let mut pairs = Vec::new();
        let (mut x, mut y) = (Vec::with_capacity(n), Vec::with_capacity(n));
        for (i, r) in rows.iter().enumerate() {
            if i == 0 || rows[i - 1].0 != r.0 {
                pairs.push(StylePair { lo: r.0 / m, hi: r.0 % m, start: i as u32, end: i as u32, weight: 0.0 });
            }
            if let Some(p) = pairs.last_mut() {
                p.end = i as u32 + 1;
            }
            let sign = if r.3 { 1.0 } else { -1.0 };
            x.push(std::array::from_fn(|f| if varies[f] { sign * (r.2[f] - mean[f]) / sd[f] } else { 0.0 }));
            y.push(r.1);
        }
        // 1 / max(n_pair, 50), normalised to mean 1 over battles.
        let raw: f64 =
            pairs.iter().map(|p| (p.end - p.start) as f64 / ((p.end - p.start) as f64).max(MIN_PAIR_BATTLES)).sum();
        for p in &mut pairs {
            p.weight = n as f64 / ((p.end - p.start) as f64).max(MIN_PAIR_BATTLES) / raw;
        }
        StyleData { problem, pairs, x, y, mean, sd, varies }
    }

    /// Battles in the fit.
    pub fn len(&self) -> usize {
        self.y.len()
    }

    pub fn is_empty(&self) -> bool {
        self.y.is_empty()
    }

    fn dim(&self) -> usize {
        self.problem.len() + 4
    }
}

/// A style-controlled fit.
#[derive(Debug, Clone, PartialEq)]
pub struct StyleFit {
    /// Log-odds strength of each rated model (positions as in the plain fit's problem), each
    /// group averaging 0.
    theta: Vec<f64>,
    /// The four coefficients, in log-odds per standard deviation of the feature.
    pub gamma: [f64; 4],
    pub iterations: u32,
    pub max_gradient: f64,
    pub converged: bool,
}

/// Standard deviations (log-odds) of a fit's parameters from the sandwich.
#[derive(Debug, Clone, PartialEq)]
pub struct StyleSandwich {
    theta_sd: Vec<f64>,
    pub gamma_sd: [f64; 4],
}

impl StyleFit {
    /// Log-odds strength of the `k`-th rated model of the plain fit.
    pub fn theta(&self, k: usize) -> f64 {
        self.theta[k]
    }

    /// Rating points of the `k`-th rated model.
    pub fn rating(&self, k: usize) -> f64 {
        INIT_RATING + POINTS_PER_LOGIT * self.theta[k]
    }
}

impl StyleSandwich {
    pub fn theta_sd(&self, k: usize) -> f64 {
        self.theta_sd[k]
    }
}

/// What one pass over the battles gives at a point: the gradient and the Hessian.
struct Workspace {
    dim: usize,
    hess: Vec<f64>,
    grad: Vec<f64>,
    step: Vec<f64>,
    trial: Vec<f64>,
}

impl Workspace {
    fn new(dim: usize) -> Workspace {
        Workspace { dim, hess: vec![0.0; dim * dim], grad: vec![0.0; dim], step: vec![0.0; dim], trial: vec![0.0; dim] }
    }
}

/// Fits the style-controlled model, starting from `start` (the plain ratings' log-odds, one per
/// rated model; zeros do too).
pub fn fit_style(data: &StyleData, start: &[f64]) -> StyleFit {
    let mut params = vec![0.0; data.dim()];
    params[..start.len().min(data.problem.len())].copy_from_slice(&start[..start.len().min(data.problem.len())]);
    let mut ws = Workspace::new(data.dim());
    let (iterations, max_gradient, converged) = newton(data, None, 0.0, GRADIENT_TOLERANCE, &mut params, &mut ws);
    let m = data.problem.len();
    let mut theta = params[..m].to_vec();
    super::bt::recentre(&data.problem, &mut theta);
    StyleFit { theta, gamma: std::array::from_fn(|f| params[m + f]), iterations, max_gradient, converged }
}

/// Minimises `-mean(c w (y l - softplus(l))) + 0.5 λ |γ|^2 + 0.5 ridge |θ|^2` over `params`
/// (ratings then coefficients) by Newton's method with step halving; `mult` are bootstrap
/// multiplicities per battle (1 when `None`).
fn newton(
    data: &StyleData,
    mult: Option<&[u32]>,
    ridge: f64,
    tolerance: f64,
    params: &mut [f64],
    ws: &mut Workspace,
) -> (u32, f64, bool) {
    let n = data.dim();
    if data.is_empty() {
        return (0, 0.0, true);
    }
    let mut max_gradient = evaluate(data, mult, ridge, params, ws);
    for iteration in 0..MAX_ITERATIONS {
        if max_gradient < tolerance {
            return (iteration, max_gradient, true);
        }
        if ridge == 0.0 {
            // Shifting a group's ratings together is the Hessian's null vector (the
            // coefficients' cross terms sum to zero over a group too), and the gradient has no
            // component along it: centre the rating block as plain BT does.
            add_centring(&data.problem, n, &mut ws.hess);
        }
        if !cholesky(&mut ws.hess, n) {
            break;
        }
        for (s, g) in ws.step.iter_mut().zip(&ws.grad) {
            *s = -g;
        }
        cholesky_solve(&ws.hess, n, &mut ws.step);
        let mut t = 1.0;
        loop {
            for ((x, &p0), &s) in ws.trial.iter_mut().zip(params.iter()).zip(&ws.step) {
                *x = p0 + t * s;
            }
            let trial = std::mem::take(&mut ws.trial);
            let new_max = evaluate(data, mult, ridge, &trial, ws);
            // A step that shrinks the gradient is taken without computing the loss (near the
            // optimum every Newton step does); otherwise the loss decides, as usual.
            let accept = new_max < max_gradient || t < 1e-6 || {
                let (old, new) = (loss(data, mult, ridge, params), loss(data, mult, ridge, &trial));
                new <= old + 1e-13 * (1.0 + old.abs())
            };
            ws.trial = trial;
            if accept {
                max_gradient = new_max;
                break;
            }
            t *= 0.5;
        }
        params.copy_from_slice(&ws.trial);
    }
    (MAX_ITERATIONS, max_gradient, max_gradient < tolerance)
}

/// The penalised loss at `params` (one pass over the battles).
fn loss(data: &StyleData, mult: Option<&[u32]>, ridge: f64, params: &[f64]) -> f64 {
    let m = data.problem.len();
    let inv_n = 1.0 / data.len() as f64;
    let gamma: [f64; 4] = std::array::from_fn(|f| params[m + f]);
    let mut ll = 0.0;
    for p in &data.pairs {
        let d = params[p.lo as usize] - params[p.hi as usize];
        let mut sll = 0.0;
        for b in p.start as usize..p.end as usize {
            let c = mult.map_or(1.0, |mu| mu[b] as f64);
            let x = &data.x[b];
            let l = d + x[0] * gamma[0] + x[1] * gamma[1] + x[2] * gamma[2] + x[3] * gamma[3];
            let softplus = l.max(0.0) + (-l.abs()).exp().ln_1p();
            sll += c * (data.y[b] * l - softplus);
        }
        ll += p.weight * inv_n * sll;
    }
    let penalty: f64 = gamma.iter().map(|g| 0.5 * PENALTY * g * g).sum();
    let ridged: f64 = params[..m].iter().map(|t| 0.5 * ridge * t * t).sum();
    -ll + penalty + ridged
}

/// Fills `ws.grad` and `ws.hess` at `params`; returns the largest gradient component. One
/// pass over the battles, pair by pair (a pair's rating difference and weight are shared by
/// its battles).
fn evaluate(data: &StyleData, mult: Option<&[u32]>, ridge: f64, params: &[f64], ws: &mut Workspace) -> f64 {
    let (n, m) = (ws.dim, data.problem.len());
    let inv_n = 1.0 / data.len() as f64;
    ws.hess.iter_mut().for_each(|h| *h = 0.0);
    ws.grad.iter_mut().for_each(|g| *g = 0.0);
    let gamma: [f64; 4] = std::array::from_fn(|f| params[m + f]);
    let mut gx = [0.0; 4];
    let mut hxx = [0.0; 16];
    for p in &data.pairs {
        let (lo, hi) = (p.lo as usize, p.hi as usize);
        let d = params[lo] - params[hi];
        let (mut sr, mut sv) = (0.0, 0.0);
        let (mut svx, mut srx, mut sxx) = ([0.0; 4], [0.0; 4], [0.0; 16]);
        for b in p.start as usize..p.end as usize {
            let x = &data.x[b];
            let c = match mult {
                Some(mu) if mu[b] == 0 => continue,
                Some(mu) => mu[b] as f64,
                None => 1.0,
            };
            let l = d + x[0] * gamma[0] + x[1] * gamma[1] + x[2] * gamma[2] + x[3] * gamma[3];
            let e = (-l.abs()).exp();
            let prob = if l >= 0.0 { 1.0 / (1.0 + e) } else { e / (1.0 + e) };
            let r = c * (data.y[b] - prob);
            let v = c * prob * (1.0 - prob);
            sr += r;
            sv += v;
            for f in 0..4 {
                svx[f] += v * x[f];
                srx[f] += r * x[f];
                let vx = v * x[f];
                // The upper triangle only; mirrored below.
                for g in f..4 {
                    sxx[f * 4 + g] += vx * x[g];
                }
            }
        }
        let w = p.weight * inv_n;
        ws.grad[lo] -= w * sr;
        ws.grad[hi] += w * sr;
        let wv = w * sv;
        ws.hess[lo * n + lo] += wv;
        ws.hess[hi * n + hi] += wv;
        ws.hess[lo * n + hi] -= wv;
        ws.hess[hi * n + lo] -= wv;
        for f in 0..4 {
            gx[f] += w * srx[f];
            let c = w * svx[f];
            ws.hess[lo * n + m + f] += c;
            ws.hess[hi * n + m + f] -= c;
            ws.hess[(m + f) * n + lo] += c;
            ws.hess[(m + f) * n + hi] -= c;
        }
        for (h, s) in hxx.iter_mut().zip(&sxx) {
            *h += w * s;
        }
    }
    for f in 0..4 {
        ws.grad[m + f] = -gx[f] + PENALTY * gamma[f];
        for g in 0..4 {
            ws.hess[(m + f) * n + m + g] += hxx[f.min(g) * 4 + f.max(g)];
        }
        ws.hess[(m + f) * n + m + f] += PENALTY;
    }
    if ridge > 0.0 {
        for (i, &t) in params.iter().enumerate().take(m) {
            ws.grad[i] += ridge * t;
            ws.hess[i * n + i] += ridge;
        }
    }
    ws.grad.iter().fold(0.0, |a, g| a.max(g.abs()))
}

/// Sandwich standard deviations as arena-rank computes them: the Hessian of the mean weighted
/// log-likelihood over ratings and coefficients plus `1e-5 I`, the covariance of the
/// per-battle gradients less the penalty's term `λ² γ γ^T / n`, and
/// `Var = diag(H^-1 G H^-1) / n` (for the coefficients with λ in the Hessian, see below).
/// `None` when the Hessian cannot be inverted.
pub fn style_sandwich(data: &StyleData, fit: &StyleFit) -> Option<StyleSandwich> {
    let (m, n) = (data.problem.len(), data.dim());
    if data.is_empty() {
        return None;
    }
    let inv_n = 1.0 / data.len() as f64;
    let (mut hess, mut gcov) = (vec![0.0; n * n], vec![0.0; n * n]);
    let (mut hxx, mut gxx) = ([0.0; 16], [0.0; 16]);
    for p in &data.pairs {
        let (lo, hi) = (p.lo as usize, p.hi as usize);
        let d = fit.theta[lo] - fit.theta[hi];
        let (mut sv, mut sg) = (0.0, 0.0);
        let (mut svx, mut sgx) = ([0.0; 4], [0.0; 4]);
        for b in p.start as usize..p.end as usize {
            let x = &data.x[b];
            let l = d + (0..4).map(|f| x[f] * fit.gamma[f]).sum::<f64>();
            let prob = super::bt::sigmoid(l);
            // Per battle: p(1-p) w and ((y - p) w)^2, the weight applied below.
            let v = prob * (1.0 - prob);
            let g = (data.y[b] - prob).powi(2);
            sv += v;
            sg += g;
            for f in 0..4 {
                svx[f] += v * x[f];
                sgx[f] += g * x[f];
                // The upper triangle only; mirrored below.
                let (wv, wg) = (p.weight * v * x[f], p.weight * p.weight * g * x[f]);
                for k in f..4 {
                    hxx[f * 4 + k] += wv * x[k];
                    gxx[f * 4 + k] += wg * x[k];
                }
            }
        }
        for (mat, s, sx, w) in [(&mut hess, sv, svx, p.weight), (&mut gcov, sg, sgx, p.weight * p.weight)] {
            let s = s * w * inv_n;
            mat[lo * n + lo] += s;
            mat[hi * n + hi] += s;
            mat[lo * n + hi] -= s;
            mat[hi * n + lo] -= s;
            for f in 0..4 {
                let c = sx[f] * w * inv_n;
                mat[lo * n + m + f] += c;
                mat[hi * n + m + f] -= c;
                mat[(m + f) * n + lo] += c;
                mat[(m + f) * n + hi] -= c;
            }
        }
    }
    for f in 0..4 {
        for k in 0..4 {
            let t = f.min(k) * 4 + f.max(k);
            hess[(m + f) * n + m + k] += hxx[t] * inv_n;
            gcov[(m + f) * n + m + k] += gxx[t] * inv_n - PENALTY * PENALTY * inv_n * fit.gamma[f] * fit.gamma[k];
        }
    }
    for i in 0..n {
        hess[i * n + i] += HESSIAN_REG;
    }
    // The ratings' variances exactly as arena-rank computes them (its Hessian leaves the
    // penalty out). The coefficients' come from the Hessian of the penalised loss that is
    // actually minimised: leaving λ out there overstates their spread several times over
    // (against the bootstrap), and arena-rank reports no interval for them.
    let mut penalised = hess.clone();
    for f in 0..4 {
        penalised[(m + f) * n + m + f] += PENALTY;
    }
    let var = sandwich_variances(&mut hess, &gcov, n, inv_n)?;
    let var_penalised = sandwich_variances(&mut penalised, &gcov, n, inv_n)?;
    let sd = |v: f64| v.max(0.0).sqrt();
    Some(StyleSandwich {
        theta_sd: var[..m].iter().map(|&v| sd(v)).collect(),
        gamma_sd: std::array::from_fn(|f| sd(var_penalised[m + f])),
    })
}

/// `diag(H^-1 G H^-1) / n`; `hess` is overwritten by its factor. `None` when `H` is not
/// positive definite.
fn sandwich_variances(hess: &mut [f64], gcov: &[f64], n: usize, inv_n: f64) -> Option<Vec<f64>> {
    if !cholesky(hess, n) {
        return None;
    }
    let mut inv = vec![0.0; n * n];
    cholesky_inverse(hess, n, &mut inv);
    let mut t = vec![0.0; n];
    Some(
        (0..n)
            .map(|i| {
                let row = &inv[i * n..(i + 1) * n];
                for (j, tj) in t.iter_mut().enumerate() {
                    *tj = gcov[j * n..(j + 1) * n].iter().zip(row).map(|(g, r)| g * r).sum();
                }
                row.iter().zip(&t).map(|(r, t)| r * t).sum::<f64>() * inv_n
            })
            .collect(),
    )
}

/// Percentile bootstrap of the style fit as arena-rank draws it: each round redraws the
/// battles with replacement (their weights and features as they are) and refits. Seeded per
/// round; cancellable between rounds. Returns per rated model and per coefficient the 95%
/// interval (log-odds), and the number of rounds that needed a ridge.
pub fn bootstrap_style(
    data: &StyleData,
    fit: &StyleFit,
    rounds: u32,
    seed: u64,
    cancel: &AtomicBool,
) -> Result<(Vec<Interval>, [Interval; 4], u32), Cancelled> {
    let (m, dim, n) = (data.problem.len(), data.dim(), data.len());
    let samples: Vec<Option<(Vec<f64>, bool)>> = (0..rounds)
        .into_par_iter()
        .map_init(
            || (Workspace::new(dim), vec![0u32; n]),
            |(ws, mult), round| {
                if cancel.load(Ordering::Relaxed) {
                    return None;
                }
                let mut rng =
                    Xoshiro256PlusPlus::seed_from_u64(seed ^ (round as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15));
                mult.iter_mut().for_each(|c| *c = 0);
                for _ in 0..n {
                    mult[below(&mut rng, n)] += 1;
                }
                let pairs: Vec<FitPair> = data
                    .pairs
                    .iter()
                    .map(|p| {
                        let (mut nn, mut s) = (0.0, 0.0);
                        let range = p.start as usize..p.end as usize;
                        for (&c, &y) in mult[range.clone()].iter().zip(&data.y[range]) {
                            nn += c as f64;
                            s += c as f64 * y;
                        }
                        FitPair { lo: p.lo, hi: p.hi, cell: 0, n: nn, s }
                    })
                    .collect();
                let degenerate = !groups_strongly_connected(&data.problem, &pairs);
                let mut params: Vec<f64> = fit.theta.iter().chain(&fit.gamma).copied().collect();
                let ridge = if degenerate { DEGENERATE_ROUND_RIDGE } else { 0.0 };
                newton(data, Some(mult), ridge, ROUND_TOLERANCE, &mut params, ws);
                let mut theta = params[..m].to_vec();
                super::bt::recentre(&data.problem, &mut theta);
                theta.extend_from_slice(&params[m..]);
                Some((theta, degenerate))
            },
        )
        .collect();
    if cancel.load(Ordering::Relaxed) || samples.iter().any(Option::is_none) {
        return Err(Cancelled);
    }
    let samples: Vec<(Vec<f64>, bool)> = samples.into_iter().flatten().collect();
    let ridged = samples.iter().filter(|s| s.1).count() as u32;
    let mut column = Vec::with_capacity(samples.len());
    let mut interval = |k: usize| {
        column.clear();
        column.extend(samples.iter().map(|s| s.0[k]));
        interval_95(&mut column).unwrap_or((f64::NAN, f64::NAN))
    };
    let theta: Vec<(f64, f64)> = (0..m).map(&mut interval).collect();
    let gamma = std::array::from_fn(|f| interval(m + f));
    Ok((theta, gamma, ridged))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Battle, StyleCounts};
    use crate::rating::bt::fit_bt;
    use crate::rating::testing::{index_of, votes};

    /// Battles `(a, b, vote, tokens_a, tokens_b)` with no markdown, counts set as a file would.
    pub(crate) fn with_tokens(spec: &[(&str, &str, char, u32, u32)]) -> Vec<Battle> {
        let plain: Vec<(&str, &str, char)> = spec.iter().map(|s| (s.0, s.1, s.2)).collect();
        let mut rows = votes(&plain);
        for (row, s) in rows.iter_mut().zip(spec) {
            let side = |tokens| StyleCounts { tokens, ..Default::default() };
            row.tags.meta = Some(ConvMeta { a: side(s.3), b: side(s.4), user_tokens: 10, turns: 1, computed: false });
        }
        rows
    }

    fn fit_all(rows: &[Battle]) -> (crate::index::Index, PairCounts, BtFit, StyleData, StyleFit) {
        let idx = index_of(rows);
        let ids: Vec<_> = idx.battle_ids().collect();
        let subset = SubsetOptions::default();
        let counts = PairCounts::aggregate(&idx, &ids, &subset);
        let bt = fit_bt(&counts);
        let data = StyleData::collect(&idx, &ids, &subset, &counts, &bt);
        let start: Vec<f64> = bt.problem.rated.iter().map(|&p| bt.theta[p as usize]).collect();
        let fit = fit_style(&data, &start);
        (idx, counts, bt, data, fit)
    }

    fn position(idx: &crate::index::Index, counts: &PairCounts, bt: &BtFit, name: &str) -> usize {
        let pos = counts.position(idx.model_id(name).expect("model")).expect("in counts");
        bt.problem.rated.iter().position(|&r| r as usize == pos).expect("rated")
    }

    #[test]
    fn features_are_relative_differences_with_zero_sums_as_one() {
        let side = |tokens, bold| StyleCounts { tokens, bold, ..Default::default() };
        let meta = ConvMeta { a: side(300, 0), b: side(100, 0), ..Default::default() };
        assert_eq!(raw_features(&meta), [0.5, 0.0, 0.0, 0.0]);
        let meta = ConvMeta { a: side(0, 3), b: side(0, 1), ..Default::default() };
        assert_eq!(raw_features(&meta), [0.0, 0.0, 0.0, 0.5]);
    }

    /// `long` wins exactly the battles where its answer is much longer (30 of 40); `good` wins
    /// 29 of 40 with answers as long as its opponents'. Plain Bradley-Terry puts `long` first;
    /// with style control the credit goes to length and `good` leads.
    #[test]
    fn a_longer_answer_that_always_wins_moves_credit_to_length() {
        let mut spec = Vec::new();
        for i in 0..40u32 {
            let longer = (i * 7) % 40 < 30;
            let opponent = if i % 2 == 0 { "b" } else { "c" };
            let (ta, tb) = if longer { (900, 100) } else { (300, 400) };
            spec.push(("long", opponent, if longer { 'A' } else { 'B' }, ta, tb));
            spec.push(("good", opponent, if (i * 3) % 40 < 29 { 'A' } else { 'B' }, 400, 400));
            spec.push(("b", "c", if i % 2 == 0 { 'A' } else { 'B' }, 400, 400));
        }
        let (idx, counts, bt, data, fit) = fit_all(&with_tokens(&spec));
        assert!(fit.converged);
        assert!(fit.gamma[0] > 0.1, "length coefficient {}", fit.gamma[0]);
        // Headers, lists and bold never vary: left out, coefficients exactly 0.
        assert_eq!(data.varies, [true, false, false, false]);
        assert_eq!(&fit.gamma[1..], &[0.0, 0.0, 0.0]);
        let (long, good) = (position(&idx, &counts, &bt, "long"), position(&idx, &counts, &bt, "good"));
        let plain = |k: usize| bt.rating(bt.problem.rated[k] as usize).expect("rated");
        assert!(plain(long) > plain(good) + 15.0, "plain: long {} good {}", plain(long), plain(good));
        assert!(fit.rating(long) < plain(long) - 15.0, "long: style {} plain {}", fit.rating(long), plain(long));
        assert!(
            fit.rating(good) > fit.rating(long) + 10.0,
            "style: good {} long {}",
            fit.rating(good),
            fit.rating(long)
        );
    }

    /// Without variation in any feature and with every pair under 50 battles (equal weights),
    /// the style fit is the plain Bradley-Terry fit.
    #[test]
    fn without_variation_the_style_fit_is_plain_bradley_terry() {
        let spec: Vec<_> =
            crate::rating::testing::random_votes(5, 150, 7).into_iter().map(|(a, b, v)| (a, b, v, 100, 100)).collect();
        let (_, _, bt, data, fit) = fit_all(&with_tokens(&spec));
        assert_eq!(data.varies, [false; 4]);
        assert_eq!(fit.gamma, [0.0; 4]);
        for (k, &pos) in bt.problem.rated.iter().enumerate() {
            let plain = bt.rating(pos as usize).expect("rated");
            assert!((fit.rating(k) - plain).abs() < 1e-6, "{} vs {plain}", fit.rating(k));
        }
    }

    #[test]
    fn pair_weights_are_one_over_max_n_50_with_mean_one() {
        let mut spec = vec![("a", "b", 'A', 100, 200); 100];
        spec.extend(vec![("a", "c", 'B', 300, 200); 10]);
        spec.push(("b", "c", 'A', 1, 2));
        spec.push(("c", "b", 'A', 1, 2));
        spec.push(("b", "a", 'A', 1, 2));
        spec.push(("c", "a", 'A', 1, 2));
        let (_, _, _, data, _) = fit_all(&with_tokens(&spec));
        let n = data.len() as f64;
        let total: f64 = data.pairs.iter().map(|p| p.weight * (p.end - p.start) as f64).sum();
        assert!((total - n).abs() < 1e-9);
        let w = |len: u32| data.pairs.iter().find(|p| p.end - p.start == len).expect("pair").weight;
        // a-b has 101 battles (1/101), a-c 11 (1/50): the ratio is 50/101.
        assert!((w(101) / w(11) - 50.0 / 101.0).abs() < 1e-12);
    }

    #[test]
    fn the_sandwich_gives_finite_intervals_and_the_bootstrap_brackets_the_fit() {
        let spec: Vec<_> = crate::rating::testing::random_votes(4, 400, 3)
            .into_iter()
            .enumerate()
            .map(|(i, (a, b, v))| (a, b, v, 100 + (i as u32 * 37) % 300, 100 + (i as u32 * 91) % 300))
            .collect();
        let (_, _, _, data, fit) = fit_all(&with_tokens(&spec));
        let s = style_sandwich(&data, &fit).expect("invertible");
        assert!(s.theta_sd.iter().all(|&v| v > 0.0 && v.is_finite()));
        assert!(s.gamma_sd[0] > 0.0 && s.gamma_sd[1] == 0.0);
        let never = AtomicBool::new(false);
        let (theta, gamma, _) = bootstrap_style(&data, &fit, 50, 1, &never).expect("not cancelled");
        for (k, &(lo, hi)) in theta.iter().enumerate() {
            assert!(lo <= fit.theta(k) && fit.theta(k) <= hi, "{lo} {} {hi}", fit.theta(k));
        }
        assert!(gamma[0].0 < fit.gamma[0] && fit.gamma[0] < gamma[0].1);
        // The coefficient's sandwich interval (penalised Hessian) is about as wide as the
        // bootstrap's; without the penalty it would be several times wider.
        let ratio = (gamma[0].1 - gamma[0].0) / (2.0 * 1.96 * s.gamma_sd[0]);
        assert!((0.5..2.0).contains(&ratio), "bootstrap / sandwich width {ratio}");
        let again = bootstrap_style(&data, &fit, 50, 1, &never).expect("not cancelled");
        assert_eq!(again.0, theta);
        let cancelled = AtomicBool::new(true);
        assert!(bootstrap_style(&data, &fit, 5, 1, &cancelled).is_err());
    }
}
