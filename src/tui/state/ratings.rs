//! The rating pane's state: the latest rating table for the current query and for the full
//! data (for the ▲/▼ comparison), which view is shown, and whether work is still running.
//! The tables are plain snapshots made by the worker from the `rating` module's results
//! (`tui::worker::ratings_snapshot`), so drawing needs nothing from that module.

use crate::index::ModelId;

pub use crate::rating::Method;

/// `BT` or `Elo`, for titles.
pub fn method_label(m: Method) -> &'static str {
    match m {
        Method::BradleyTerry => "BT",
        Method::OnlineElo => "Elo",
    }
}

/// The method `e` switches to.
pub fn other_method(m: Method) -> Method {
    match m {
        Method::BradleyTerry => Method::OnlineElo,
        Method::OnlineElo => Method::BradleyTerry,
    }
}

/// The three views `r` cycles through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RatingView {
    #[default]
    Table,
    Heatmap,
    OverTime,
}

impl RatingView {
    pub fn next(self) -> RatingView {
        match self {
            RatingView::Table => RatingView::Heatmap,
            RatingView::Heatmap => RatingView::OverTime,
            RatingView::OverTime => RatingView::Table,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RatingView::Table => "Ratings",
            RatingView::Heatmap => "Win fraction",
            RatingView::OverTime => "Rating over time",
        }
    }
}

/// One model's line of the rating table.
#[derive(Debug, Clone, PartialEq)]
pub struct RatingRow {
    pub model: ModelId,
    pub rating: f64,
    /// 95% interval, when one was computed.
    pub interval: Option<(f64, f64)>,
    /// Rank by upper bound: 1 + the models whose lower bound beats this model's upper bound.
    pub rank: usize,
    pub battles: usize,
    /// Mean share of decisive battles won against each opponent; `None` without any.
    pub win_rate: Option<f64>,
}

/// Win fractions between every pair of models, in table order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WinMatrix {
    pub models: Vec<ModelId>,
    /// Row-major: `fraction[i * n + j]` = i's wins over j among their decisive battles.
    pub fraction: Vec<Option<f64>>,
    pub decisive: Vec<u32>,
}

impl WinMatrix {
    pub fn cell(&self, i: usize, j: usize) -> (Option<f64>, u32) {
        let k = i * self.models.len() + j;
        (self.fraction.get(k).copied().flatten(), self.decisive.get(k).copied().unwrap_or(0))
    }
}

/// Everything the rating pane shows for one set of battles.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RatingsSnapshot {
    pub method: Method,
    pub battles: usize,
    /// Sorted best first.
    pub rows: Vec<RatingRow>,
    /// True once the bootstrap intervals replaced the quick ones.
    pub bootstrapped: bool,
    /// What the fit could not do (e.g. models with a perfect record), said in words.
    pub notes: Vec<String>,
    pub matrix: WinMatrix,
    /// Each model's rating after each day, oldest first (`None` before its first battle).
    pub over_time: Vec<(ModelId, Vec<Option<f64>>)>,
    /// Set when the rows are style-controlled.
    pub style: Option<StyleSummary>,
}

/// What the style-controlled table adds: each model's plain rank and the coefficients.
#[derive(Debug, Clone, PartialEq)]
pub struct StyleSummary {
    pub plain_rank: Vec<(ModelId, usize)>,
    pub coefficients: [CoefficientLine; 4],
}

/// A style coefficient: feature name, rating points per standard deviation, 95% interval in
/// points.
pub type CoefficientLine = (&'static str, f64, Option<(f64, f64)>);

impl StyleSummary {
    /// Places a model gained under style control (positive: better than its plain rank).
    pub fn rank_change(&self, row: &RatingRow) -> Option<i64> {
        let plain = self.plain_rank.iter().find(|(m, _)| *m == row.model)?.1;
        Some(plain as i64 - row.rank as i64)
    }
}

impl RatingsSnapshot {
    pub fn rating_of(&self, model: ModelId) -> Option<f64> {
        self.rows.iter().find(|r| r.model == model).map(|r| r.rating)
    }
}

#[derive(Debug, Clone, Default)]
pub struct RatingsState {
    pub view: RatingView,
    pub method: Method,
    /// Style-controlled Bradley-Terry instead of plain (toggled by `c`).
    pub style: bool,
    /// On narrow screens the ratings take the transcript's place while this is set.
    pub shown: bool,
    pub scroll: usize,
    /// The table for the current query.
    pub current: Option<RatingsSnapshot>,
    /// The table for all battles, the baseline of the ▲/▼ marks.
    pub full: Option<RatingsSnapshot>,
    /// The job whose results are wanted; older ones are dropped.
    pub generation: u64,
    /// A table is being computed for the current query.
    pub computing: bool,
    /// The bootstrap intervals are still being computed.
    pub bootstrapping: bool,
}

/// A change against the full data smaller than this is not marked (rating points).
pub const DELTA_SHOWN: f64 = 5.0;

impl RatingsState {
    /// +1 / -1 when a model rates clearly higher / lower on this query than on all data.
    pub fn delta(&self, row: &RatingRow) -> Option<(i8, f64)> {
        let full = self.full.as_ref()?.rating_of(row.model)?;
        let d = row.rating - full;
        (d.abs() >= DELTA_SHOWN).then_some((if d > 0.0 { 1 } else { -1 }, d))
    }

    pub fn busy(&self) -> bool {
        self.computing || self.bootstrapping
    }
}
