//! The style-controlled rating table: each model's style-controlled rating and interval beside
//! its plain Bradley-Terry rating, the shift and the change of rank (by upper bound), and the
//! four style coefficients with intervals, in rating points.

use std::sync::atomic::AtomicBool;

use crate::index::{BattleId, Index, ModelId};

use super::bootstrap::Cancelled;
use super::bt::fit_bt;
use super::pairs::PairCounts;
use super::sandwich::Z_95;
use super::style::{Feature, Interval, StyleData, bootstrap_style, fit_style, style_sandwich};
use super::table::{RatingRow, RatingTable, assign_rank_ub, rate_counts};
use super::{INIT_RATING, Intervals, Method, POINTS_PER_LOGIT, RatingOptions, TiePolicy};

/// One style coefficient.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Coefficient {
    pub feature: Feature,
    /// Log-odds per standard deviation of the feature.
    pub value: f64,
    /// 95% interval (log-odds), when intervals were computed.
    pub lower: Option<f64>,
    pub upper: Option<f64>,
    /// False when the feature did not vary over the battles (the coefficient is then 0).
    pub varies: bool,
}

impl Coefficient {
    /// Rating points per standard deviation: what the feature is worth against an opponent.
    pub fn points(&self) -> f64 {
        self.value * POINTS_PER_LOGIT
    }

    /// "a one-standard-deviation longer answer is worth +21.3 points (95%: +18.0 to +24.6)".
    pub fn sentence(&self) -> String {
        if !self.varies {
            return format!("{}: no variation in these battles, so no coefficient (0)", self.feature.name());
        }
        let mut s = format!("{} is worth {:+.1} points", self.feature.phrase(), self.points());
        if let (Some(l), Some(u)) = (self.lower, self.upper) {
            s += &format!(" (95%: {:+.1} to {:+.1})", l * POINTS_PER_LOGIT, u * POINTS_PER_LOGIT);
        }
        s
    }
}

/// One model of the style-controlled table.
#[derive(Debug, Clone, PartialEq)]
pub struct StyleRow {
    pub model: ModelId,
    pub rating: f64,
    pub lower: Option<f64>,
    pub upper: Option<f64>,
    /// Rank by upper bound among the style-controlled ratings.
    pub rank_ub: u32,
    pub plain_rating: f64,
    pub plain_lower: Option<f64>,
    pub plain_upper: Option<f64>,
    pub plain_rank_ub: u32,
    pub battles: u32,
    pub win_rate: Option<f64>,
    pub group: u32,
}

impl StyleRow {
    /// Style-controlled minus plain rating.
    pub fn shift(&self) -> f64 {
        self.rating - self.plain_rating
    }

    /// Places gained by style control (positive: ranked better than in the plain table).
    pub fn rank_change(&self) -> i64 {
        self.plain_rank_ub as i64 - self.rank_ub as i64
    }
}

/// The style-controlled ratings of a set of battles, with the plain table they are compared to.
#[derive(Debug, Clone, PartialEq)]
pub struct StyleTable {
    pub intervals: Intervals,
    pub ties: TiePolicy,
    /// Battles in the style fit (both models rated).
    pub battles: usize,
    /// Best first (group by group).
    pub rows: Vec<StyleRow>,
    pub coefficients: [Coefficient; 4],
    pub iterations: u32,
    pub converged: bool,
    /// True when every battle's style counts were computed from the answer text.
    pub counts_from_text: bool,
    /// The plain Bradley-Terry table of the same battles (its problems, unrated models, ...).
    pub plain: RatingTable,
    /// Sentences a reader must know, the plain table's included.
    pub problems: Vec<String>,
}

impl StyleTable {
    pub fn row(&self, model: ModelId) -> Option<&StyleRow> {
        self.rows.iter().find(|r| r.model == model)
    }
}

/// Rates the battles `ids` (counted in `counts` with `opts.subset`) with style control, and
/// the plain Bradley-Terry table beside it, both with `opts.intervals`.
pub fn rate_style(
    index: &Index,
    ids: &[BattleId],
    counts: &PairCounts,
    opts: &RatingOptions,
    cancel: &AtomicBool,
) -> Result<StyleTable, Cancelled> {
    let plain_opts = RatingOptions { method: Method::BradleyTerry, ..*opts };
    let plain = rate_counts(index, ids, counts, &plain_opts, cancel)?;
    let bt = fit_bt(counts);
    let data = StyleData::collect(index, ids, &opts.subset, counts, &bt);
    let fit = fit_style(&data, &bt.problem_theta());
    let m = bt.problem.len();

    // Per rated model: interval in log-odds; per coefficient likewise.
    let (theta_bounds, gamma_bounds): (Vec<Option<Interval>>, [Option<Interval>; 4]) = match plain.intervals {
        Intervals::Sandwich => match style_sandwich(&data, &fit) {
            Some(s) => (
                (0..m)
                    .map(|k| Some((fit.theta(k) - Z_95 * s.theta_sd(k), fit.theta(k) + Z_95 * s.theta_sd(k))))
                    .collect(),
                std::array::from_fn(|f| {
                    Some((fit.gamma[f] - Z_95 * s.gamma_sd[f], fit.gamma[f] + Z_95 * s.gamma_sd[f]))
                }),
            ),
            None => (vec![None; m], [None; 4]),
        },
        Intervals::Bootstrap { rounds, seed } => {
            let (t, g, _) = bootstrap_style(&data, &fit, rounds, seed, cancel)?;
            (t.into_iter().map(Some).collect(), g.map(Some))
        }
        Intervals::None => (vec![None; m], [None; 4]),
    };

    let shift = match opts.anchor {
        Some(a) => counts
            .position(a.model)
            .and_then(|pos| bt.problem.rated.iter().position(|&r| r as usize == pos))
            .map(|k| a.value - (INIT_RATING + POINTS_PER_LOGIT * fit.theta(k)))
            .unwrap_or(0.0),
        None => 0.0,
    };
    let points = |t: f64| INIT_RATING + POINTS_PER_LOGIT * t + shift;
    let mut temp: Vec<RatingRow> = Vec::with_capacity(m);
    let mut rows: Vec<StyleRow> = Vec::with_capacity(m);
    for (k, &pos) in bt.problem.rated.iter().enumerate() {
        let model = counts.models[pos as usize];
        let Some(p) = plain.row(model) else { continue };
        let bounds = theta_bounds[k];
        let row = StyleRow {
            model,
            rating: points(fit.theta(k)),
            lower: bounds.map(|b| points(b.0)),
            upper: bounds.map(|b| points(b.1)),
            rank_ub: 0,
            plain_rating: p.rating,
            plain_lower: p.lower,
            plain_upper: p.upper,
            plain_rank_ub: p.rank_ub,
            battles: p.battles,
            win_rate: p.win_rate,
            group: p.group,
        };
        temp.push(RatingRow {
            model,
            rating: row.rating,
            lower: row.lower,
            upper: row.upper,
            rank_ub: 0,
            battles: row.battles,
            win_rate: row.win_rate,
            group: row.group,
        });
        rows.push(row);
    }
    assign_rank_ub(&mut temp);
    for (row, t) in rows.iter_mut().zip(&temp) {
        row.rank_ub = t.rank_ub;
    }
    rows.sort_by(|a, b| a.group.cmp(&b.group).then(b.rating.total_cmp(&a.rating)).then(a.model.cmp(&b.model)));

    let coefficients = std::array::from_fn(|f| Coefficient {
        feature: Feature::ALL[f],
        value: fit.gamma[f],
        lower: gamma_bounds[f].map(|b| b.0),
        upper: gamma_bounds[f].map(|b| b.1),
        varies: data.varies[f],
    });
    let mut problems = plain.problems.clone();
    if !fit.converged {
        problems.push(format!(
            "The style-controlled fit stopped before converging (largest gradient {:.2e}); treat it as approximate.",
            fit.max_gradient
        ));
    }
    let flat: Vec<&str> = Feature::ALL.iter().zip(&data.varies).filter(|(_, v)| !**v).map(|(f, _)| f.name()).collect();
    if !flat.is_empty() && !data.is_empty() {
        problems.push(format!(
            "No variation in {} over these battles: left out of the fit (coefficient 0).",
            flat.join(", ")
        ));
    }
    let counts_from_text = !index.has_file_style();
    Ok(StyleTable {
        intervals: plain.intervals,
        ties: counts.ties,
        battles: data.len(),
        rows,
        coefficients,
        iterations: fit.iterations,
        converged: fit.converged,
        counts_from_text,
        plain,
        problems,
    })
}
