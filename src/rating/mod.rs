//! Model ratings over any set of battles: online Elo, Bradley-Terry maximum likelihood with
//! sandwich or bootstrap intervals, rank by upper bound, pair matrices and ratings through time.
//!
//! Every entry point takes the index plus the battle ids of a query's result and holds no state,
//! so the TUI can call it again on each query change. The method follows `RATINGS.md`.

pub mod bootstrap;
pub mod bt;
pub mod dedup;
pub mod elo;
pub mod history;
mod linalg;
pub mod matrix;
pub mod pairs;
mod sample;
pub mod sandwich;
pub mod split;
pub mod style;
pub mod style_table;
pub mod table;

use std::fmt;

use crate::index::ModelId;

pub use bootstrap::Cancelled;
pub use history::{RatingHistory, bt_history, elo_history};
pub use matrix::{MatrixKind, PairMatrix};
pub use pairs::PairCounts;
pub use style_table::{Coefficient, StyleRow, StyleTable, rate_style};
pub use table::{RatingRow, RatingTable, Unrated, UnratedRow, rate, rate_counts};

/// Rating points per unit of the Bradley-Terry log-odds: `400 / ln 10`.
pub const POINTS_PER_LOGIT: f64 = 400.0 / std::f64::consts::LN_10;
/// The rating every group of models averages (Bradley-Terry) or starts at (online Elo).
pub const INIT_RATING: f64 = 1000.0;
/// Default bootstrap rounds (FastChat's default).
pub const DEFAULT_ROUNDS: u32 = 100;
/// Default bootstrap seed.
pub const DEFAULT_SEED: u64 = 42;

/// How tied votes enter the ratings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TiePolicy {
    /// `tie` and `tie (bothbad)` both count as half a win for each side (the Arena's choice).
    #[default]
    Half,
    /// `tie` counts as half; `tie (bothbad)` battles are left out.
    NoBothBad,
    /// Only decisive battles count.
    None,
}

impl TiePolicy {
    /// The command-line spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            TiePolicy::Half => "half",
            TiePolicy::NoBothBad => "no-bothbad",
            TiePolicy::None => "none",
        }
    }

    /// A phrase for reports: "ties count as half".
    pub fn describe(self) -> &'static str {
        match self {
            TiePolicy::Half => "ties and both-bad count as half a win each",
            TiePolicy::NoBothBad => "ties count as half, both-bad battles left out",
            TiePolicy::None => "ties left out",
        }
    }
}

/// Which battles of the given set count.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct SubsetOptions {
    pub ties: TiePolicy,
    /// Keep only battles known to be anonymous (`anony: true`).
    pub anony_only: bool,
    /// Keep only battles on or before this UTC day (see [`crate::time`]); battles without a
    /// time are then left out.
    pub until_day: Option<i64>,
}

/// The rating method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Method {
    /// Bradley-Terry maximum likelihood (the leaderboard since December 2023).
    #[default]
    BradleyTerry,
    /// Online Elo in time order (the 2023 leaderboard); depends on the order of battles.
    OnlineElo,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::BradleyTerry => "bt",
            Method::OnlineElo => "elo",
        }
    }
}

/// Which confidence intervals to compute (95%).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Intervals {
    #[default]
    None,
    /// Closed form `H^-1 G H^-1` (Bradley-Terry only).
    Sandwich,
    /// Percentile bootstrap over resampled battles.
    Bootstrap { rounds: u32, seed: u64 },
}

impl Intervals {
    pub fn as_str(self) -> &'static str {
        match self {
            Intervals::None => "none",
            Intervals::Sandwich => "sandwich",
            Intervals::Bootstrap { .. } => "bootstrap",
        }
    }
}

/// Shift all ratings so that `model` shows `value`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Anchor {
    pub model: ModelId,
    pub value: f64,
}

/// Everything that shapes a rating table.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct RatingOptions {
    pub method: Method,
    pub intervals: Intervals,
    pub subset: SubsetOptions,
    pub anchor: Option<Anchor>,
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Method::BradleyTerry => "Bradley-Terry",
            Method::OnlineElo => "online Elo",
        })
    }
}

/// `1 / (1 + 10^((r_b - r_a) / 400))`: the chance that a model rated `r_a` beats one rated `r_b`.
pub fn expected_score(r_a: f64, r_b: f64) -> f64 {
    1.0 / (1.0 + 10f64.powf((r_b - r_a) / 400.0))
}

#[cfg(test)]
pub(crate) mod testing {
    //! Small battle sets written as `(model_a, model_b, vote)` with vote `A`, `B`, `T` (tie) or
    //! `X` (both bad), one hour apart.

    use crate::fixtures::battle;
    use crate::index::{DatasetInfo, Index};
    use crate::model::{Battle, Winner};

    use super::SubsetOptions;
    use super::bt::BtFit;
    use super::pairs::PairCounts;

    pub fn votes(spec: &[(&str, &str, char)]) -> Vec<Battle> {
        spec.iter()
            .enumerate()
            .map(|(i, &(a, b, v))| {
                let mut row = battle(&format!("q{i:06}"), a, b);
                row.winner = match v {
                    'A' => Winner::ModelA,
                    'B' => Winner::ModelB,
                    'T' => Winner::Tie,
                    _ => Winner::BothBad,
                };
                row.tstamp = Some(1_682_294_400.0 + 3600.0 * i as f64);
                row
            })
            .collect()
    }

    pub fn index_of(rows: &[Battle]) -> Index {
        Index::from_battles(rows, DatasetInfo::default())
    }

    pub fn counts_of(spec: &[(&str, &str, char)]) -> (Index, PairCounts) {
        let idx = index_of(&votes(spec));
        let ids: Vec<_> = idx.battle_ids().collect();
        let c = PairCounts::aggregate(&idx, &ids, &SubsetOptions::default());
        (idx, c)
    }

    pub fn rating_of(idx: &Index, c: &PairCounts, fit: &BtFit, name: &str) -> f64 {
        let k = idx.model_id(name).and_then(|m| c.position(m)).expect("model in counts");
        fit.rating(k).expect("rated")
    }

    const NAMES: [&str; 12] = ["m00", "m01", "m02", "m03", "m04", "m05", "m06", "m07", "m08", "m09", "m10", "m11"];

    /// `n` battles among `models` (at most 12) models of spread-out strengths, drawn from the
    /// Bradley-Terry model with 30% ties, reproducibly from `seed`.
    pub fn random_votes(models: usize, n: usize, seed: u64) -> Vec<(&'static str, &'static str, char)> {
        let mut s = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
        let mut next = move || {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            (s >> 11) as f64 / (1u64 << 53) as f64
        };
        let strength: Vec<f64> = (0..models).map(|i| i as f64 * 0.35 - 1.0).collect();
        (0..n)
            .map(|_| {
                let a = (next() * models as f64) as usize % models;
                let b = (a + 1 + (next() * (models - 1) as f64) as usize % (models - 1)) % models;
                let vote = if next() < 0.3 {
                    if next() < 0.6 { 'X' } else { 'T' }
                } else if next() < 1.0 / (1.0 + (strength[b] - strength[a]).exp()) {
                    'A'
                } else {
                    'B'
                };
                (NAMES[a], NAMES[b], vote)
            })
            .collect()
    }
}
