//! The rating table of a set of battles: one call from battle ids to rows (rating, interval,
//! rank by upper bound, battles, win rate), the models without a finite rating, and plain
//! sentences about anything a reader must know to trust the numbers.

use std::fmt::Write as _;
use std::sync::atomic::AtomicBool;

use crate::index::{BattleId, Index, ModelId};
use crate::time::format_day;

use super::bootstrap::{BootstrapIntervals, Cancelled, DEGENERATE_ROUND_RIDGE, bootstrap_bt, bootstrap_elo};
pub use super::bt::Unrated;
use super::bt::{Standing, fit_bt};
use super::elo::{elo_ratings, timed_battles};
use super::pairs::PairCounts;
use super::sandwich::{SandwichSd, Z_95, sandwich_sd};
use super::{Intervals, Method, RatingOptions, TiePolicy};

/// One rated model.
#[derive(Debug, Clone, PartialEq)]
pub struct RatingRow {
    pub model: ModelId,
    pub rating: f64,
    /// 95% interval; `None` when no interval was computed.
    pub lower: Option<f64>,
    pub upper: Option<f64>,
    /// 1 + the number of models (of the same group) whose lower bound exceeds this upper bound.
    pub rank_ub: u32,
    /// Battles that count for this model.
    pub battles: u32,
    /// Mean over its opponents of its share of decisive battles won ("mean win fraction").
    pub win_rate: Option<f64>,
    /// Models of different groups never met, even indirectly: their ratings do not compare.
    pub group: u32,
}

/// A model with battles but no finite Bradley-Terry rating.
#[derive(Debug, Clone, PartialEq)]
pub struct UnratedRow {
    pub model: ModelId,
    pub battles: u32,
    pub win_rate: Option<f64>,
    pub reason: Unrated,
}

/// The ratings of a set of battles.
#[derive(Debug, Clone, PartialEq)]
pub struct RatingTable {
    pub method: Method,
    /// The intervals the rows carry (`None` when none were asked for or none apply).
    pub intervals: Intervals,
    pub ties: TiePolicy,
    /// Battles that count.
    pub battles: usize,
    /// Whether the Bradley-Terry MLE exists for every model with battles (checked for Elo too).
    pub mle_exists: bool,
    pub groups: u32,
    /// Sentences about empty subsets, models without a rating, separate groups, ...
    pub problems: Vec<String>,
    /// Best first (group by group when there are several).
    pub rows: Vec<RatingRow>,
    pub unrated: Vec<UnratedRow>,
}

impl RatingTable {
    pub fn row(&self, model: ModelId) -> Option<&RatingRow> {
        self.rows.iter().find(|r| r.model == model)
    }
}

/// Rates the battles `ids` of `index`. Only a bootstrap can be cancelled (between rounds).
pub fn rate(
    index: &Index,
    ids: &[BattleId],
    opts: &RatingOptions,
    cancel: &AtomicBool,
) -> Result<RatingTable, Cancelled> {
    let counts = PairCounts::aggregate(index, ids, &opts.subset);
    rate_counts(index, ids, &counts, opts, cancel)
}

/// [`rate`] with the counts already made (from the same `ids` and `opts.subset`), so that a
/// caller that also wants matrices aggregates once.
pub fn rate_counts(
    index: &Index,
    ids: &[BattleId],
    counts: &PairCounts,
    opts: &RatingOptions,
    cancel: &AtomicBool,
) -> Result<RatingTable, Cancelled> {
    let fit = fit_bt(counts);
    let mut problems = subset_problems(counts, opts);
    let n = counts.models.len();
    // Point estimates and bounds per model position; None where not rated.
    let (points, bounds, intervals): (Vec<Option<f64>>, Option<BootstrapIntervals>, Intervals) = match opts.method {
        Method::BradleyTerry => {
            if !fit.converged {
                problems.push(format!(
                    "The Bradley-Terry fit stopped before converging (largest gradient {:.2e}); treat the ratings as approximate.",
                    fit.max_gradient
                ));
            }
            let points = (0..n).map(|k| fit.rating(k)).collect();
            match opts.intervals {
                Intervals::None => (points, None, Intervals::None),
                Intervals::Sandwich => {
                    let SandwichSd { sd, model_based } = sandwich_sd(counts, &fit);
                    if model_based > 0 {
                        problems.push(format!(
                            "{model_based} model{} had only battles that end as the fit expects on average (all ties at even odds): the sandwich sees no spread there, so their intervals are model-based (inverse Hessian) instead of a width of zero.",
                            plural(model_based)
                        ));
                    }
                    let bounds = BootstrapIntervals {
                        lower: (0..n).map(|k| Some(fit.rating(k)? - Z_95 * sd[k]?)).collect(),
                        upper: (0..n).map(|k| Some(fit.rating(k)? + Z_95 * sd[k]?)).collect(),
                        rounds: 0,
                        ridged_rounds: 0,
                    };
                    (points, Some(bounds), Intervals::Sandwich)
                }
                Intervals::Bootstrap { rounds, seed } => {
                    let b = bootstrap_bt(counts, &fit, rounds, seed, cancel)?;
                    if b.ridged_rounds > 0 {
                        problems.push(format!(
                            "{} of {} bootstrap rounds had no finite MLE (a model won or lost all its redrawn battles) and were fitted with a weak ridge ({DEGENERATE_ROUND_RIDGE}): intervals are wide where data are thin.",
                            b.ridged_rounds, b.rounds
                        ));
                    }
                    (points, Some(b), opts.intervals)
                }
            }
        }
        Method::OnlineElo => {
            let (elo, untimed) = elo_ratings(index, ids, &opts.subset, counts);
            if untimed > 0 {
                problems.push(format!(
                    "{untimed} battle{} without a time: online Elo took them last, in file order.",
                    plural(untimed)
                ));
            }
            let per_model = counts.battles_per_model();
            let points = (0..n).map(|k| (per_model[k] > 0).then_some(elo[k])).collect();
            match opts.intervals {
                Intervals::None => (points, None, Intervals::None),
                Intervals::Sandwich => {
                    problems.push(
                        "Sandwich intervals exist for Bradley-Terry only; online Elo gets intervals from the bootstrap."
                            .to_owned(),
                    );
                    (points, None, Intervals::None)
                }
                Intervals::Bootstrap { rounds, seed } => {
                    let timed = timed_battles(index, ids, &opts.subset, counts);
                    let b = bootstrap_elo(&timed.battles, n, rounds, seed, cancel)?;
                    (points, Some(b), opts.intervals)
                }
            }
        }
    };

    let shift = anchor_shift(index, counts, &points, opts, &mut problems);
    let per_model = counts.battles_per_model();
    let win_rate = counts.mean_win_fraction();
    let bt_groups = opts.method == Method::BradleyTerry;
    let mut rows = Vec::new();
    let mut unrated = Vec::new();
    for k in 0..n {
        let model = counts.models[k];
        match (points[k], fit.standing[k]) {
            (Some(r), standing) => {
                let group = match standing {
                    Standing::Rated { group } if bt_groups => group,
                    _ => 0,
                };
                let (lower, upper) = match &bounds {
                    Some(b) => (b.lower[k].map(|x| x + shift), b.upper[k].map(|x| x + shift)),
                    None => (None, None),
                };
                rows.push(RatingRow {
                    model,
                    rating: r + shift,
                    lower,
                    upper,
                    rank_ub: 0,
                    battles: per_model[k],
                    win_rate: win_rate[k],
                    group,
                });
            }
            (None, Standing::Unrated(reason)) => {
                unrated.push(UnratedRow { model, battles: per_model[k], win_rate: win_rate[k], reason })
            }
            (None, _) => {}
        }
    }
    assign_rank_ub(&mut rows);
    rows.sort_by(|a, b| a.group.cmp(&b.group).then(b.rating.total_cmp(&a.rating)).then(a.model.cmp(&b.model)));
    unrated.sort_by(|a, b| b.battles.cmp(&a.battles).then(a.model.cmp(&b.model)));

    if opts.method == Method::BradleyTerry {
        if !unrated.is_empty() {
            problems.push(unrated_sentence(index, &unrated));
        }
        if fit.groups > 1 {
            problems.push(groups_sentence(index, &rows, fit.groups));
        }
    }
    let groups = if bt_groups { fit.groups } else { u32::from(!rows.is_empty()) };
    Ok(RatingTable {
        method: opts.method,
        intervals,
        ties: counts.ties,
        battles: counts.used_battles(),
        mle_exists: fit.mle_exists,
        groups,
        problems,
        rows,
        unrated,
    })
}

/// Rank (UB): 1 + the number of models of the same group whose lower bound exceeds this
/// model's upper bound (the point rating stands in for a missing bound).
pub fn assign_rank_ub(rows: &mut [RatingRow]) {
    let bounds: Vec<(u32, f64, f64)> =
        rows.iter().map(|r| (r.group, r.lower.unwrap_or(r.rating), r.upper.unwrap_or(r.rating))).collect();
    for (row, &(group, _, upper)) in rows.iter_mut().zip(&bounds) {
        let above = bounds.iter().filter(|&&(g, lower, _)| g == group && lower > upper).count();
        row.rank_ub = 1 + above as u32;
    }
}

fn anchor_shift(
    index: &Index,
    counts: &PairCounts,
    points: &[Option<f64>],
    opts: &RatingOptions,
    problems: &mut Vec<String>,
) -> f64 {
    let Some(anchor) = opts.anchor else { return 0.0 };
    match counts.position(anchor.model).and_then(|k| points[k]) {
        Some(r) => anchor.value - r,
        None => {
            problems.push(format!(
                "The anchor {} has no rating in this subset, so ratings are not shifted.",
                index.model_name(anchor.model)
            ));
            0.0
        }
    }
}

/// Why a subset gives few or no ratings.
fn subset_problems(counts: &PairCounts, opts: &RatingOptions) -> Vec<String> {
    let mut problems = Vec::new();
    let lo = counts.left_out;
    if counts.used_battles() == 0 {
        let mut why = Vec::new();
        if counts.given == 0 {
            why.push("the set of battles is empty".to_owned());
        }
        if lo.not_anonymous > 0 {
            why.push(format!("{} not anonymous", lo.not_anonymous));
        }
        if lo.after_until > 0 {
            why.push(format!("{} after the date limit", lo.after_until));
        }
        if lo.no_vote > 0 {
            why.push(format!("{} without a vote", lo.no_vote));
        }
        if counts.excluded_ties() > 0 {
            why.push(format!("{} ties left out", counts.excluded_ties()));
        }
        let why = if why.is_empty() { String::new() } else { format!(" ({})", why.join(", ")) };
        problems.push(format!("No battles to rate{why}."));
    }
    if lo.untimed > 0 {
        let until = opts.subset.until_day.map(format_day).unwrap_or_default();
        problems.push(format!(
            "{} battle{} without a time left out by the date limit {until}.",
            lo.untimed,
            plural(lo.untimed)
        ));
    }
    if lo.no_vote > 0 && counts.used_battles() > 0 {
        problems.push(format!(
            "{} battle{} without a vote left out (the user did not vote: the winner is unknown).",
            lo.no_vote,
            plural(lo.no_vote)
        ));
    }
    if lo.self_battles > 0 {
        problems.push(format!(
            "{} battle{} of a model against itself ignored.",
            lo.self_battles,
            plural(lo.self_battles)
        ));
    }
    problems
}

/// "its only battle" or "all its N battles".
fn all_its_battles(n: impl Into<u64>) -> String {
    match n.into() {
        1 => "its only battle".to_owned(),
        n => format!("all its {n} battles"),
    }
}

fn unrated_sentence(index: &Index, unrated: &[UnratedRow]) -> String {
    let mut s = String::from("The Bradley-Terry MLE does not exist for this subset: ");
    let mut parts = Vec::new();
    let name = |m: ModelId| index.model_name(m).to_owned();
    for u in unrated.iter().filter(|u| u.reason == Unrated::WonAll) {
        parts.push(format!("{} won {}", name(u.model), all_its_battles(u.battles)));
    }
    for u in unrated.iter().filter(|u| u.reason == Unrated::LostAll) {
        parts.push(format!("{} lost {}", name(u.model), all_its_battles(u.battles)));
    }
    let detached: Vec<String> =
        unrated.iter().filter(|u| u.reason == Unrated::Detached).map(|u| name(u.model)).collect();
    if !detached.is_empty() {
        parts.push(format!(
            "{} only won or only lost against the rated models (directly or through such models)",
            detached.join(", ")
        ));
    }
    s.push_str(&parts.join("; "));
    let _ = write!(
        s,
        ". {} no finite rating and {} left out of the ranking.",
        if unrated.len() == 1 { "It has" } else { "They have" },
        if unrated.len() == 1 { "is" } else { "are" }
    );
    s
}

fn groups_sentence(index: &Index, rows: &[RatingRow], groups: u32) -> String {
    let lists: Vec<String> = (0..groups)
        .map(|g| {
            let names: Vec<&str> = rows.iter().filter(|r| r.group == g).map(|r| index.model_name(r.model)).collect();
            format!("[{}]", names.join(", "))
        })
        .collect();
    format!(
        "The models form {groups} groups that never met each other: ratings and ranks compare only within a group, and each group averages 1000: {}.",
        lists.join(" and ")
    )
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rating::testing::{index_of, votes};
    use crate::rating::{Anchor, SubsetOptions};

    fn table(rows: &[(&str, &str, char)], opts: RatingOptions) -> (Index, RatingTable) {
        let idx = index_of(&votes(rows));
        let ids: Vec<_> = idx.battle_ids().collect();
        let t = rate(&idx, &ids, &opts, &AtomicBool::new(false)).unwrap();
        (idx, t)
    }

    fn row(rank_lower_upper: (f64, f64)) -> RatingRow {
        let (lower, upper) = rank_lower_upper;
        RatingRow {
            model: ModelId(0),
            rating: (lower + upper) / 2.0,
            lower: Some(lower),
            upper: Some(upper),
            rank_ub: 0,
            battles: 1,
            win_rate: None,
            group: 0,
        }
    }

    #[test]
    fn rank_ub_counts_models_clearly_above() {
        let mut rows = vec![row((10.0, 20.0)), row((21.0, 30.0)), row((15.0, 25.0))];
        assign_rank_ub(&mut rows);
        let ranks: Vec<u32> = rows.iter().map(|r| r.rank_ub).collect();
        assert_eq!(ranks, [2, 1, 1]);
    }

    #[test]
    fn a_model_that_won_everything_is_named_and_not_rated() {
        let (idx, t) = table(
            &[("w", "a", 'A'), ("w", "b", 'A'), ("a", "b", 'A'), ("b", "a", 'A')],
            RatingOptions { intervals: Intervals::Sandwich, ..Default::default() },
        );
        assert!(!t.mle_exists);
        assert_eq!(t.unrated.len(), 1);
        assert_eq!(idx.model_name(t.unrated[0].model), "w");
        assert_eq!(t.unrated[0].reason, Unrated::WonAll);
        assert!(t.problems.iter().any(|p| p.contains("w won all its 2 battles")), "{:?}", t.problems);
        assert_eq!(t.rows.len(), 2);
        for r in &t.rows {
            assert!(r.rating.is_finite() && r.lower.unwrap().is_finite() && r.upper.unwrap().is_finite());
        }
    }

    #[test]
    fn empty_subsets_say_so() {
        let idx = index_of(&votes(&[("a", "b", 'A')]));
        let t = rate(&idx, &[], &RatingOptions::default(), &AtomicBool::new(false)).unwrap();
        assert!(t.rows.is_empty() && t.unrated.is_empty() && !t.mle_exists);
        assert_eq!(t.problems, ["No battles to rate (the set of battles is empty)."]);
        let (_, t) = table(
            &[("a", "b", 'T')],
            RatingOptions {
                subset: SubsetOptions { ties: TiePolicy::None, ..Default::default() },
                ..Default::default()
            },
        );
        assert_eq!(t.problems, ["No battles to rate (1 ties left out)."]);
    }

    #[test]
    fn a_single_battle_rates_nobody_under_bt_but_moves_elo() {
        let (_, t) = table(&[("x", "y", 'A')], RatingOptions::default());
        assert!(t.rows.is_empty());
        assert_eq!(t.unrated.len(), 2);
        assert!(t.problems[0].contains("x won its only battle;") && t.problems[0].contains("y lost its only battle"));
        let (idx, t) = table(&[("x", "y", 'A')], RatingOptions { method: Method::OnlineElo, ..Default::default() });
        let x = t.row(idx.model_id("x").unwrap()).unwrap();
        assert!((x.rating - 1002.0).abs() < 1e-12);
        assert_eq!(x.rank_ub, 1);
    }

    #[test]
    fn anchor_shifts_everything() {
        let rows = [("x", "y", 'A'), ("x", "y", 'A'), ("x", "y", 'A'), ("y", "x", 'A')];
        let idx = index_of(&votes(&rows));
        let y = idx.model_id("y").unwrap();
        let opts = RatingOptions {
            anchor: Some(Anchor { model: y, value: 1100.0 }),
            intervals: Intervals::Sandwich,
            ..Default::default()
        };
        let ids: Vec<_> = idx.battle_ids().collect();
        let t = rate(&idx, &ids, &opts, &AtomicBool::new(false)).unwrap();
        let ry = t.row(y).unwrap();
        assert!((ry.rating - 1100.0).abs() < 1e-9);
        let rx = t.row(idx.model_id("x").unwrap()).unwrap();
        assert!((rx.rating - 1100.0 - 400.0 * 3f64.log10()).abs() < 1e-9);
        assert!(rx.lower.unwrap() < rx.rating && rx.rating < rx.upper.unwrap());
    }

    #[test]
    fn disconnected_groups_are_explained_and_ranked_apart() {
        let (_, t) = table(
            &[("a", "b", 'A'), ("a", "b", 'B'), ("a", "b", 'A'), ("c", "d", 'A'), ("c", "d", 'B')],
            RatingOptions::default(),
        );
        assert_eq!(t.groups, 2);
        assert!(t.problems.iter().any(|p| p.contains("2 groups") && p.contains("[a, b]") && p.contains("[c, d]")));
        assert_eq!(t.rows.iter().filter(|r| r.rank_ub == 1).count(), 3, "a, and c and d tied at 1000");
    }
}
