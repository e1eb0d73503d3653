//! The rating table from the user's own votes beside the crowd's, both fitted on the same
//! battles (those the user voted on), so the two columns differ only by who voted.

use std::sync::atomic::AtomicBool;

use serde::Serialize;

use crate::index::{BattleId, Index, ModelId};
use crate::model::Winner;
use crate::rating::bt::Unrated;
use crate::rating::pairs::{LeftOut, PairAccumulator};
use crate::rating::{Intervals, Method, PairCounts, RatingOptions, RatingTable, rate_counts};

/// One side's rating of a model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SideRating {
    /// `None` when the model has no finite rating on this side (see `unrated`).
    pub rating: Option<f64>,
    /// 95% interval (sandwich).
    pub lower: Option<f64>,
    pub upper: Option<f64>,
    /// Why there is no rating: `won all`, `lost all` or `detached`.
    pub unrated: Option<&'static str>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComparedRow {
    pub model: String,
    /// Battles of this model among those voted on.
    pub battles: u32,
    pub own: SideRating,
    pub crowd: SideRating,
}

/// Own-vote ratings beside the crowd's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComparedRatings {
    /// Battles with an own vote between two different models.
    pub battles: usize,
    pub method: String,
    pub ties: &'static str,
    /// Best first by own rating; models without one last.
    pub rows: Vec<ComparedRow>,
    /// The rating module's remarks (thin data, no finite MLE, separate groups), per side.
    pub problems: Vec<String>,
}

/// Bradley-Terry (ties as half, sandwich intervals) on the battles in `votes`, once from the
/// own votes and once from the crowd's.
pub fn compare_ratings(index: &Index, votes: &[(BattleId, Winner, Winner)]) -> ComparedRatings {
    let opts = RatingOptions { method: Method::BradleyTerry, intervals: Intervals::Sandwich, ..Default::default() };
    let ids: Vec<BattleId> = votes.iter().map(|v| v.0).collect();
    let crowd_counts = PairCounts::aggregate(index, &ids, &opts.subset);
    let mut acc = PairAccumulator::new(index.models().len());
    let mut left_out = LeftOut::default();
    for &(b, own, _) in votes {
        let (a, bb) = (index.model_a(b), index.model_b(b));
        if a == bb {
            left_out.self_battles += 1;
        } else {
            acc.add(a.0, bb.0, own);
        }
    }
    let own_counts = acc.finish(opts.subset.ties, ids.len(), left_out);
    // Nothing cancels these fits, so they always return a table.
    let never = AtomicBool::new(false);
    let own = rate_counts(index, &ids, &own_counts, &opts, &never).ok();
    let crowd = rate_counts(index, &ids, &crowd_counts, &opts, &never).ok();

    let mut models: Vec<ModelId> = crowd_counts.models.clone();
    models.extend(own_counts.models.iter().filter(|m| !crowd_counts.models.contains(m)));
    let per_model = crowd_counts.battles_per_model();
    let mut rows: Vec<ComparedRow> = models
        .iter()
        .map(|&m| ComparedRow {
            model: index.model_name(m).to_owned(),
            battles: crowd_counts.position(m).map_or(0, |k| per_model[k]),
            own: side(own.as_ref(), m),
            crowd: side(crowd.as_ref(), m),
        })
        .collect();
    let key = |r: &SideRating| r.rating.map_or(f64::NEG_INFINITY, |x| x);
    rows.sort_by(|a, b| key(&b.own).total_cmp(&key(&a.own)).then_with(|| key(&b.crowd).total_cmp(&key(&a.crowd))));
    let mut problems = Vec::new();
    for (who, table) in [("own votes", &own), ("crowd", &crowd)] {
        problems.extend(table.iter().flat_map(|t| t.problems.iter().map(move |p| format!("{who}: {p}"))));
    }
    ComparedRatings {
        battles: crowd_counts.all_battles(),
        method: Method::BradleyTerry.to_string(),
        ties: opts.subset.ties.describe(),
        rows,
        problems,
    }
}

fn side(table: Option<&RatingTable>, m: ModelId) -> SideRating {
    let none = SideRating { rating: None, lower: None, upper: None, unrated: None };
    let Some(t) = table else { return none };
    if let Some(r) = t.row(m) {
        return SideRating { rating: Some(r.rating), lower: r.lower, upper: r.upper, unrated: None };
    }
    let reason = t.unrated.iter().find(|u| u.model == m).map(|u| match u.reason {
        Unrated::WonAll => "won all",
        Unrated::LostAll => "lost all",
        Unrated::Detached => "detached",
    });
    SideRating { unrated: reason, ..none }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::battle;
    use crate::index::DatasetInfo;

    /// Three models in a cycle of battles, crowd votes as given.
    fn index(crowd: &[Winner]) -> Index {
        let pairs = [("x", "y"), ("y", "z"), ("z", "x")];
        let rows: Vec<_> = crowd
            .iter()
            .enumerate()
            .map(|(i, &w)| {
                let (a, b) = pairs[i % 3];
                let mut row = battle(&format!("q{i}"), a, b);
                row.winner = w;
                row
            })
            .collect();
        Index::from_battles(&rows, DatasetInfo::default())
    }

    #[test]
    fn own_votes_and_crowd_votes_rate_the_same_battles() {
        use Winner::*;
        // Crowd: model_a always wins, so each model wins and loses; own votes: x always wins.
        let crowd = [ModelA, ModelA, ModelA, ModelA, ModelA, ModelA, Tie, Tie, Tie];
        let idx = index(&crowd);
        let own_of = |b: BattleId| -> Winner {
            let a = idx.model_name(idx.model_a(b));
            let bb = idx.model_name(idx.model_b(b));
            match (a, bb) {
                ("x", _) => ModelA,
                (_, "x") => ModelB,
                _ => Tie,
            }
        };
        let votes: Vec<_> = idx.battle_ids().map(|b| (b, own_of(b), idx.winner(b))).collect();
        let r = compare_ratings(&idx, &votes);
        assert_eq!(r.battles, 9);
        let names: Vec<&str> = r.rows.iter().map(|row| row.model.as_str()).collect();
        assert_eq!(names.len(), 3);
        let x = r.rows.iter().find(|row| row.model == "x").expect("x");
        assert_eq!(x.own.unrated, Some("won all"), "x won every own vote: no finite rating");
        assert!(x.crowd.rating.is_some(), "the crowd's x won some and lost some");
        assert_eq!(x.battles, 6);
        let y = r.rows.iter().find(|row| row.model == "y").expect("y");
        let z = r.rows.iter().find(|row| row.model == "z").expect("z");
        assert!(y.crowd.rating.is_some() && z.crowd.rating.is_some());
        assert!(y.crowd.lower.is_some_and(|l| l < y.crowd.rating.unwrap_or(f64::NAN)), "intervals");
        assert!(!r.problems.is_empty() && r.problems.iter().any(|p| p.starts_with("own votes: ")));
    }

    #[test]
    fn no_votes_give_an_empty_table() {
        let idx = index(&[Winner::ModelA]);
        let r = compare_ratings(&idx, &[]);
        assert_eq!((r.battles, r.rows.len()), (0, 0));
    }
}
