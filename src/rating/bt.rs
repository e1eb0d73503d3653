//! Bradley-Terry maximum likelihood on per-pair counts: Newton's method with the weighted graph
//! Laplacian as Hessian, each group of connected models centred at 1000, and a check of the
//! Zermelo/Ford condition so that models without a finite estimate are named, not rated.

use super::POINTS_PER_LOGIT;
use super::linalg::{cholesky, cholesky_solve};
use super::pairs::PairCounts;

/// Newton stops once every component of the log-likelihood gradient is below this.
pub const GRADIENT_TOLERANCE: f64 = 1e-8;
const MAX_ITERATIONS: u32 = 100;
const NONE: u32 = u32::MAX;

/// Why a model that has battles gets no rating: its maximum likelihood estimate is infinite.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unrated {
    /// It won every battle it had (the estimate is +infinity).
    WonAll,
    /// It lost every battle it had (-infinity).
    LostAll,
    /// Its group of models won, or lost, every battle against the models that are rated, or
    /// met them only through such a group: its distance to them is infinite.
    Detached,
}

/// Where a model (a position in [`PairCounts::models`]) stands in the fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// No battle counts for it under the tie policy: it is not in the table.
    NoBattles,
    /// Rated; `group` numbers the sets of models that can be compared with each other.
    Rated {
        group: u32,
    },
    Unrated(Unrated),
}

/// One pair of rated models as the fit sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct FitPair {
    /// Positions among the rated models.
    pub lo: u32,
    pub hi: u32,
    /// Position of the pair in [`PairCounts::cells`].
    pub cell: u32,
    /// Battles counted, and `lo`'s score.
    pub n: f64,
    pub s: f64,
}

/// The rated models and their pairs: what Newton, the sandwich and the bootstrap work on.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct RatedProblem {
    /// Position in `PairCounts::models` of each rated model.
    pub rated: Vec<u32>,
    /// Group of each rated model, and the size of each group.
    pub group: Vec<u32>,
    pub group_sizes: Vec<u32>,
    pub pairs: Vec<FitPair>,
}

impl RatedProblem {
    pub fn len(&self) -> usize {
        self.rated.len()
    }
}

/// A Bradley-Terry fit.
#[derive(Debug, Clone, PartialEq)]
pub struct BtFit {
    /// One per model of the counts.
    pub standing: Vec<Standing>,
    /// Log-odds strength of each model, each group averaging 0; 0 where not rated.
    pub theta: Vec<f64>,
    /// Number of groups of rated models.
    pub groups: u32,
    /// True when every model with battles has a finite estimate.
    pub mle_exists: bool,
    pub iterations: u32,
    /// Largest component of the log-likelihood gradient at `theta`.
    pub max_gradient: f64,
    pub converged: bool,
    pub(crate) problem: RatedProblem,
}

impl BtFit {
    /// Log-odds strengths of the rated models, in the order of the fit's problem (the start of
    /// a style-controlled fit).
    pub fn problem_theta(&self) -> Vec<f64> {
        self.problem.rated.iter().map(|&p| self.theta[p as usize]).collect()
    }

    /// Rating points of a rated model (1000 + 400/ln10 theta), `None` otherwise.
    pub fn rating(&self, model: usize) -> Option<f64> {
        matches!(self.standing[model], Standing::Rated { .. })
            .then(|| super::INIT_RATING + POINTS_PER_LOGIT * self.theta[model])
    }
}

/// Fits Bradley-Terry to the counts.
pub fn fit_bt(counts: &PairCounts) -> BtFit {
    let (standing, groups, mle_exists) = analyse(counts);
    let problem = rated_problem(counts, &standing, groups);
    let mut theta_rated = vec![0.0; problem.len()];
    let mut ws = Workspace::new(problem.len());
    let conv = newton(&problem, &problem.pairs, &mut theta_rated, 0.0, GRADIENT_TOLERANCE, &mut ws);
    let mut theta = vec![0.0; counts.models.len()];
    for (k, &pos) in problem.rated.iter().enumerate() {
        theta[pos as usize] = theta_rated[k];
    }
    BtFit {
        standing,
        theta,
        groups,
        mle_exists,
        iterations: conv.iterations,
        max_gradient: conv.max_gradient,
        converged: conv.converged,
        problem,
    }
}

/// Decides which models can be rated: per connected group of models, the largest set whose
/// win graph is strongly connected (the Zermelo/Ford condition for a finite MLE).
fn analyse(counts: &PairCounts) -> (Vec<Standing>, u32, bool) {
    let m = counts.models.len();
    let policy = counts.ties;
    let (mut used, mut score) = (vec![0u32; m], vec![0.0f64; m]);
    let mut undirected = Vec::new();
    let mut beats = Vec::new();
    for c in &counts.cells {
        let n = c.used(policy);
        if n == 0 {
            continue;
        }
        let s = c.lo_score(policy);
        used[c.lo as usize] += n;
        used[c.hi as usize] += n;
        score[c.lo as usize] += s;
        score[c.hi as usize] += n as f64 - s;
        undirected.push((c.lo, c.hi));
        undirected.push((c.hi, c.lo));
        if s > 0.0 {
            beats.push((c.lo, c.hi));
        }
        if s < n as f64 {
            beats.push((c.hi, c.lo));
        }
    }
    let (component, components) = strong_components(m, &undirected);
    let (scc, sccs) = strong_components(m, &beats);

    // Battles inside each strongly connected set, to pick the one to rate in each component.
    let mut scc_battles = vec![0u64; sccs as usize];
    let mut scc_size = vec![0u32; sccs as usize];
    for c in &counts.cells {
        if scc[c.lo as usize] == scc[c.hi as usize] {
            scc_battles[scc[c.lo as usize] as usize] += c.used(policy) as u64;
        }
    }
    let mut best = vec![NONE; components as usize];
    for i in 0..m {
        if used[i] == 0 {
            continue;
        }
        scc_size[scc[i] as usize] += 1;
    }
    for i in 0..m {
        if used[i] == 0 {
            continue;
        }
        let (comp, s) = (component[i] as usize, scc[i]);
        let better = |cur: u32| {
            let key = |x: u32| (scc_battles[x as usize], scc_size[x as usize]);
            cur == NONE || key(s) > key(cur)
        };
        if scc_size[s as usize] >= 2 && better(best[comp]) {
            best[comp] = s;
        }
    }

    let mut group_of_component = vec![NONE; components as usize];
    let mut groups = 0;
    let mut mle_exists = m > 0 && used.iter().any(|&u| u > 0);
    let mut standing = Vec::with_capacity(m);
    for i in 0..m {
        if used[i] == 0 {
            standing.push(Standing::NoBattles);
            continue;
        }
        let comp = component[i] as usize;
        if best[comp] == scc[i] {
            if group_of_component[comp] == NONE {
                group_of_component[comp] = groups;
                groups += 1;
            }
            standing.push(Standing::Rated { group: group_of_component[comp] });
        } else {
            mle_exists = false;
            let reason = if score[i] >= used[i] as f64 {
                Unrated::WonAll
            } else if score[i] <= 0.0 {
                Unrated::LostAll
            } else {
                Unrated::Detached
            };
            standing.push(Standing::Unrated(reason));
        }
    }
    (standing, groups, mle_exists)
}

fn rated_problem(counts: &PairCounts, standing: &[Standing], groups: u32) -> RatedProblem {
    let mut position = vec![NONE; standing.len()];
    let mut p = RatedProblem { group_sizes: vec![0; groups as usize], ..Default::default() };
    for (i, s) in standing.iter().enumerate() {
        if let Standing::Rated { group } = *s {
            position[i] = p.rated.len() as u32;
            p.rated.push(i as u32);
            p.group.push(group);
            p.group_sizes[group as usize] += 1;
        }
    }
    for (k, c) in counts.cells.iter().enumerate() {
        let (lo, hi) = (position[c.lo as usize], position[c.hi as usize]);
        let n = c.used(counts.ties);
        if lo == NONE || hi == NONE || n == 0 {
            continue;
        }
        p.pairs.push(FitPair { lo, hi, cell: k as u32, n: n as f64, s: c.lo_score(counts.ties) });
    }
    p
}

/// Strongly connected components of a digraph on `n` nodes given as an edge list (iterative
/// Tarjan). Returns each node's component and the number of components.
pub(crate) fn strong_components(n: usize, edges: &[(u32, u32)]) -> (Vec<u32>, u32) {
    // Adjacency in compressed rows.
    let mut start = vec![0u32; n + 1];
    for &(u, _) in edges {
        start[u as usize + 1] += 1;
    }
    for i in 0..n {
        start[i + 1] += start[i];
    }
    let mut fill = start.clone();
    let mut targets = vec![0u32; edges.len()];
    for &(u, v) in edges {
        targets[fill[u as usize] as usize] = v;
        fill[u as usize] += 1;
    }
    let mut t = Tarjan {
        index: vec![NONE; n],
        low: vec![0; n],
        on_stack: vec![false; n],
        stack: Vec::new(),
        call: Vec::new(),
        next: 0,
    };
    let (mut comp, mut count) = (vec![NONE; n], 0u32);
    for root in 0..n as u32 {
        if t.index[root as usize] != NONE {
            continue;
        }
        t.visit(root, &start);
        while let Some(&(v, e)) = t.call.last() {
            let vi = v as usize;
            if e < start[vi + 1] {
                if let Some(top) = t.call.last_mut() {
                    top.1 += 1;
                }
                let w = targets[e as usize] as usize;
                if t.index[w] == NONE {
                    t.visit(w as u32, &start);
                } else if t.on_stack[w] {
                    t.low[vi] = t.low[vi].min(t.index[w]);
                }
                continue;
            }
            t.call.pop();
            if let Some(&(u, _)) = t.call.last() {
                t.low[u as usize] = t.low[u as usize].min(t.low[vi]);
            }
            if t.low[vi] == t.index[vi] {
                while let Some(w) = t.stack.pop() {
                    t.on_stack[w as usize] = false;
                    comp[w as usize] = count;
                    if w == v {
                        break;
                    }
                }
                count += 1;
            }
        }
    }
    (comp, count)
}

struct Tarjan {
    index: Vec<u32>,
    low: Vec<u32>,
    on_stack: Vec<bool>,
    stack: Vec<u32>,
    /// The explicit call stack: node and its next edge.
    call: Vec<(u32, u32)>,
    next: u32,
}

impl Tarjan {
    fn visit(&mut self, v: u32, start: &[u32]) {
        self.index[v as usize] = self.next;
        self.low[v as usize] = self.next;
        self.next += 1;
        self.stack.push(v);
        self.on_stack[v as usize] = true;
        self.call.push((v, start[v as usize]));
    }
}

/// Buffers for Newton, reused across bootstrap rounds.
pub(crate) struct Workspace {
    hess: Vec<f64>,
    grad: Vec<f64>,
    step: Vec<f64>,
    trial: Vec<f64>,
}

impl Workspace {
    pub fn new(m: usize) -> Workspace {
        Workspace { hess: vec![0.0; m * m], grad: vec![0.0; m], step: vec![0.0; m], trial: vec![0.0; m] }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Convergence {
    pub iterations: u32,
    pub max_gradient: f64,
    pub converged: bool,
}

#[inline]
pub(crate) fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// Maximises the (ridge-penalised) log-likelihood of `problem` from `theta`, in place. Without a
/// ridge every group must be connected (its Laplacian then has only the constant null vector,
/// which the centring term removes); the step then keeps each group's mean unchanged.
pub(crate) fn newton(
    problem: &RatedProblem,
    pairs: &[FitPair],
    theta: &mut [f64],
    ridge: f64,
    tolerance: f64,
    ws: &mut Workspace,
) -> Convergence {
    let m = problem.len();
    let (mut ll, mut max_gradient) = evaluate(m, pairs, theta, ridge, &mut ws.grad, &mut ws.hess);
    for iteration in 0..MAX_ITERATIONS {
        if max_gradient < tolerance || m == 0 {
            recentre(problem, theta);
            return Convergence { iterations: iteration, max_gradient, converged: true };
        }
        if ridge == 0.0 {
            add_centring(problem, m, &mut ws.hess);
        }
        if !cholesky(&mut ws.hess, m) {
            break;
        }
        ws.step.copy_from_slice(&ws.grad);
        cholesky_solve(&ws.hess, m, &mut ws.step);
        // Step halving keeps Newton monotone far from the optimum; near it the full step is
        // taken and its evaluation serves the next iteration.
        let mut t = 1.0;
        loop {
            for ((x, &t0), &step) in ws.trial.iter_mut().zip(theta.iter()).zip(&ws.step) {
                *x = t0 + t * step;
            }
            let (new_ll, new_max) = evaluate(m, pairs, &ws.trial, ridge, &mut ws.grad, &mut ws.hess);
            if new_ll >= ll - 1e-12 * (1.0 + ll.abs()) || t < 1e-6 {
                ll = new_ll;
                max_gradient = new_max;
                break;
            }
            t *= 0.5;
        }
        theta.copy_from_slice(&ws.trial);
    }
    recentre(problem, theta);
    Convergence { iterations: MAX_ITERATIONS, max_gradient, converged: max_gradient < tolerance }
}

/// At `theta`: fills `grad` and `hess` (the negative Hessian: a weighted Laplacian, plus
/// the ridge) and returns the log-likelihood and the largest gradient component, in one pass.
fn evaluate(m: usize, pairs: &[FitPair], theta: &[f64], ridge: f64, grad: &mut [f64], hess: &mut [f64]) -> (f64, f64) {
    hess.iter_mut().for_each(|h| *h = 0.0);
    let mut ll = 0.0;
    for (g, &t) in grad.iter_mut().zip(theta) {
        *g = -ridge * t;
        ll -= 0.5 * ridge * t * t;
    }
    for p in pairs {
        let (lo, hi) = (p.lo as usize, p.hi as usize);
        let d = theta[lo] - theta[hi];
        // With e = exp(-|d|) and l = ln(1 + e): ln p(lo wins) and ln p(hi wins) without overflow.
        let e = (-d.abs()).exp();
        let l = e.ln_1p();
        let (prob, log_lo, log_hi) = if d >= 0.0 { (1.0 / (1.0 + e), -l, -d - l) } else { (e / (1.0 + e), d - l, -l) };
        ll += p.s * log_lo + (p.n - p.s) * log_hi;
        let r = p.s - p.n * prob;
        grad[lo] += r;
        grad[hi] -= r;
        let w = p.n * prob * (1.0 - prob);
        hess[lo * m + lo] += w;
        hess[hi * m + hi] += w;
        hess[lo * m + hi] -= w;
        hess[hi * m + lo] -= w;
    }
    for i in 0..m {
        hess[i * m + i] += ridge;
    }
    (ll, grad.iter().fold(0.0, |a, g| a.max(g.abs())))
}

/// Adds `c 1 1^T` within each group, making the Laplacian invertible without moving the
/// solution of `L x = g` (g sums to zero over each group). `hess` is row-major with rows of
/// `stride` entries whose first `problem.len()` are the ratings (the style fit's Hessian has
/// its coefficients after them, which this leaves alone).
pub(super) fn add_centring(problem: &RatedProblem, stride: usize, hess: &mut [f64]) {
    let m = problem.len();
    let mut diag_sum = vec![0.0; problem.group_sizes.len()];
    for i in 0..m {
        diag_sum[problem.group[i] as usize] += hess[i * stride + i];
    }
    for i in 0..m {
        let g = problem.group[i] as usize;
        let size = problem.group_sizes[g] as f64;
        let c = (diag_sum[g] / size).max(1e-12) / size;
        for j in 0..m {
            if problem.group[j] as usize == g {
                hess[i * stride + j] += c;
            }
        }
    }
}

/// Subtracts each group's mean (removes rounding drift; the likelihood is unchanged).
pub(crate) fn recentre(problem: &RatedProblem, theta: &mut [f64]) {
    let mut sum = vec![0.0; problem.group_sizes.len()];
    for (i, &t) in theta.iter().enumerate() {
        sum[problem.group[i] as usize] += t;
    }
    for (i, t) in theta.iter_mut().enumerate() {
        let g = problem.group[i] as usize;
        *t -= sum[g] / problem.group_sizes[g] as f64;
    }
}

/// Every group of `problem` still strongly connected when the pairs carry these counts:
/// `lo_score > 0` means `lo` beat `hi` at least once, `lo_score < n` the reverse.
pub(crate) fn groups_strongly_connected(problem: &RatedProblem, pairs: &[FitPair]) -> bool {
    let mut beats = Vec::with_capacity(pairs.len() * 2);
    for p in pairs {
        if p.n == 0.0 {
            continue;
        }
        if p.s > 0.0 {
            beats.push((p.lo, p.hi));
        }
        if p.s < p.n {
            beats.push((p.hi, p.lo));
        }
    }
    let (_, count) = strong_components(problem.len(), &beats);
    count as usize == problem.group_sizes.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rating::TiePolicy;
    use crate::rating::testing::{counts_of, rating_of};

    #[test]
    fn three_to_one_gives_two_hundred_log10_three() {
        let (idx, c) = counts_of(&[("x", "y", 'A'), ("x", "y", 'A'), ("y", "x", 'B'), ("y", "x", 'A')]);
        let fit = fit_bt(&c);
        let d = 200.0 * 3f64.log10();
        assert!((rating_of(&idx, &c, &fit, "x") - (1000.0 + d)).abs() < 1e-9);
        assert!((rating_of(&idx, &c, &fit, "y") - (1000.0 - d)).abs() < 1e-9);
        assert!(fit.mle_exists && fit.converged && fit.max_gradient < GRADIENT_TOLERANCE);
    }

    #[test]
    fn a_cycle_rates_everyone_equal() {
        let (idx, c) = counts_of(&[("a", "b", 'A'), ("b", "c", 'A'), ("c", "a", 'A')]);
        let fit = fit_bt(&c);
        for m in ["a", "b", "c"] {
            assert!((rating_of(&idx, &c, &fit, m) - 1000.0).abs() < 1e-9);
        }
    }

    #[test]
    fn disconnected_pairs_each_average_1000() {
        let (idx, c) = counts_of(&[
            ("a", "b", 'A'),
            ("a", "b", 'A'),
            ("a", "b", 'B'),
            ("c", "d", 'A'),
            ("c", "d", 'B'),
            ("c", "d", 'B'),
            ("c", "d", 'B'),
        ]);
        let fit = fit_bt(&c);
        assert_eq!(fit.groups, 2);
        let r = |m| rating_of(&idx, &c, &fit, m);
        assert!((r("a") + r("b") - 2000.0).abs() < 1e-9);
        assert!((r("c") + r("d") - 2000.0).abs() < 1e-9);
        assert!((r("a") - r("b") - 400.0 * 2f64.log10()).abs() < 1e-9);
        assert!((r("d") - r("c") - 400.0 * 3f64.log10()).abs() < 1e-9);
    }

    #[test]
    fn a_perfect_record_has_no_finite_rating() {
        let (idx, c) = counts_of(&[
            ("w", "a", 'A'),
            ("b", "w", 'B'),
            ("a", "b", 'A'),
            ("a", "b", 'B'),
            ("a", "c", 'T'),
            ("c", "l", 'A'),
        ]);
        let fit = fit_bt(&c);
        assert!(!fit.mle_exists);
        let at = |n: &str| fit.standing[c.position(idx.model_id(n).unwrap()).unwrap()];
        assert_eq!(at("w"), Standing::Unrated(Unrated::WonAll));
        assert_eq!(at("l"), Standing::Unrated(Unrated::LostAll));
        assert!(matches!(at("a"), Standing::Rated { .. }));
        assert!(fit.rating(c.position(idx.model_id("w").unwrap()).unwrap()).is_none());
        for v in &fit.theta {
            assert!(v.is_finite());
        }
    }

    #[test]
    fn all_ties_rate_everyone_1000_unless_ties_are_left_out() {
        let rows = [("a", "b", 'T'), ("b", "c", 'X'), ("a", "c", 'T')];
        let (idx, c) = counts_of(&rows);
        let fit = fit_bt(&c);
        assert!(fit.mle_exists);
        for m in ["a", "b", "c"] {
            assert!((rating_of(&idx, &c, &fit, m) - 1000.0).abs() < 1e-9);
        }
        let mut none = c.clone();
        none.ties = TiePolicy::None;
        let fit = fit_bt(&none);
        assert!(fit.standing.iter().all(|s| *s == Standing::NoBattles));
        assert_eq!(fit.groups, 0);
    }

    #[test]
    fn tarjan_finds_components() {
        let (comp, n) = strong_components(5, &[(0, 1), (1, 2), (2, 0), (2, 3), (3, 4)]);
        assert_eq!(n, 3);
        assert_eq!(comp[0], comp[1]);
        assert_eq!(comp[1], comp[2]);
        assert_ne!(comp[3], comp[4]);
        assert_ne!(comp[2], comp[3]);
    }
}
