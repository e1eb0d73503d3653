//! The rating pane's state: the latest rating table for the current query and for the full
//! data (for the ▲/▼ comparison), which view is shown, and whether work is still running.
//! The tables are plain snapshots made by the worker from the `rating` module's results
//! (`tui::worker::ratings_snapshot`), so drawing needs nothing from that module.

use crate::index::ModelId;

pub(crate) use crate::rating::Method;
pub(crate) use crate::rating::split::Split;

/// `BT` or `Elo`, for titles.
pub(crate) fn method_label(m: Method) -> &'static str {
    match m {
        Method::BradleyTerry => "BT",
        Method::OnlineElo => "Elo",
    }
}

/// The method `e` switches to.
pub(crate) fn other_method(m: Method) -> Method {
    match m {
        Method::BradleyTerry => Method::OnlineElo,
        Method::OnlineElo => Method::BradleyTerry,
    }
}

/// The views `r` cycles through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RatingView {
    #[default]
    Table,
    /// One column per category, language or month (`ratings --by`).
    Split,
    Heatmap,
    OverTime,
}

impl RatingView {
    pub const ALL: [RatingView; 4] = [RatingView::Table, RatingView::Split, RatingView::Heatmap, RatingView::OverTime];

    pub fn next(self) -> RatingView {
        match self {
            RatingView::Table => RatingView::Split,
            RatingView::Split => RatingView::Heatmap,
            RatingView::Heatmap => RatingView::OverTime,
            RatingView::OverTime => RatingView::Table,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RatingView::Table => "Ratings",
            RatingView::Split => "Side by side",
            RatingView::Heatmap => "Win fraction",
            RatingView::OverTime => "Rating over time",
        }
    }

    /// Lines above the first model row in this view's block (headers).
    pub fn header_lines(self) -> usize {
        match self {
            RatingView::Table | RatingView::Heatmap => 1,
            RatingView::Split => 2,
            RatingView::OverTime => 0,
        }
    }
}

/// The label of a split, for titles: "by category".
pub(crate) fn split_label(split: Split) -> &'static str {
    match split {
        Split::Category => "by category",
        Split::Language => "by language",
        Split::Month => "by month",
    }
}

/// The split `s` switches to.
pub(crate) fn next_split(split: Split) -> Split {
    match split {
        Split::Category => Split::Language,
        Split::Language => Split::Month,
        Split::Month => Split::Category,
    }
}

/// The side-by-side table: a row per model, a column per category (language, month), each
/// cell the model's rank (by upper bound, within the column) and rating.
#[derive(Debug, Clone, PartialEq)]
pub struct SplitSnapshot {
    pub split: Split,
    /// "overall" first.
    pub columns: Vec<SplitColumnHead>,
    /// Overall order first, then models rated only in some column.
    pub models: Vec<ModelId>,
    /// `cells[model][column]`: rank and rating.
    pub cells: Vec<Vec<Option<(usize, f64)>>>,
    /// Columns the data cannot give, and why.
    pub left_out: Vec<String>,
}

/// A column of the side-by-side table.
#[derive(Debug, Clone, PartialEq)]
pub struct SplitColumnHead {
    pub label: String,
    /// The query term that selects its battles (empty for overall).
    pub query: String,
    pub battles: usize,
}

impl SplitSnapshot {
    /// Places a model gains in `column` against its overall rank (positive: better there).
    pub fn rank_change(&self, model: usize, column: usize) -> Option<i64> {
        let row = self.cells.get(model)?;
        let overall = row.first().copied().flatten()?.0;
        let here = row.get(column).copied().flatten()?.0;
        Some(overall as i64 - here as i64)
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
    /// The side-by-side table, when the view asked for it.
    pub split: Option<SplitSnapshot>,
    /// Battles deduplication dropped from this set, when it is on.
    pub dedup_dropped: Option<usize>,
}

/// What the style-controlled table adds: each model's plain rank and the coefficients.
#[derive(Debug, Clone, PartialEq)]
pub struct StyleSummary {
    pub plain_rank: Vec<(ModelId, usize)>,
    pub coefficients: [CoefficientLine; 4],
}

/// A style coefficient: feature name, rating points per standard deviation, 95% interval in
/// points.
pub(crate) type CoefficientLine = (&'static str, f64, Option<(f64, f64)>);

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

#[derive(Debug, Clone)]
pub(crate) struct RatingsState {
    pub(crate) view: RatingView,
    pub(crate) method: Method,
    /// Style-controlled Bradley-Terry instead of plain (toggled by `c`).
    pub(crate) style: bool,
    /// Over-frequent prompts dropped before rating (FastChat's rule, q 0.999, seed 42).
    pub(crate) dedup: bool,
    /// What the side-by-side view splits by.
    pub(crate) split: Split,
    /// The chosen view's selected model row and (side by side, heat map) column.
    pub(crate) cursor: usize,
    pub(crate) column: usize,
    /// On narrow screens the ratings take the transcript's place while this is set.
    pub(crate) shown: bool,
    pub(crate) scroll: usize,
    /// The table for the current query.
    pub(crate) current: Option<RatingsSnapshot>,
    /// The table for all battles, the baseline of the ▲/▼ marks.
    pub(crate) full: Option<RatingsSnapshot>,
    /// The job whose results are wanted; older ones are dropped.
    pub(crate) generation: u64,
    /// A table is being computed for the current query.
    pub(crate) computing: bool,
    /// The bootstrap intervals are still being computed.
    pub(crate) bootstrapping: bool,
    /// While the file loads: whether the pane waits for it or rates the battles so far.
    pub(crate) so_far: SoFar,
}

/// The rating pane while the file loads: ratings of part of the data would look final, so
/// they wait for the last battle unless asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum SoFar {
    /// Every battle is in (or none yet): ratings as usual.
    #[default]
    Whole,
    /// Loading: the pane waits for the load to end.
    Waiting,
    /// Loading, and asked for: ratings over the battles so far, computed again as more come.
    Asked,
}

/// A change against the full data smaller than this is not marked (rating points).
pub(crate) const DELTA_SHOWN: f64 = 5.0;

impl RatingsState {
    /// +1 / -1 when a model rates clearly higher / lower on this query than on all data.
    pub(crate) fn delta(&self, row: &RatingRow) -> Option<(i8, f64)> {
        let full = self.full.as_ref()?.rating_of(row.model)?;
        let d = row.rating - full;
        (d.abs() >= DELTA_SHOWN).then_some((if d > 0.0 { 1 } else { -1 }, d))
    }

    pub(crate) fn busy(&self) -> bool {
        self.computing || self.bootstrapping
    }

    /// The models of the chosen view, top to bottom (the rows the cursor moves over).
    pub(crate) fn view_models(&self) -> Vec<ModelId> {
        let Some(s) = &self.current else { return Vec::new() };
        match self.view {
            RatingView::Table => s.rows.iter().map(|r| r.model).collect(),
            RatingView::Split => s.split.as_ref().map(|t| t.models.clone()).unwrap_or_default(),
            RatingView::Heatmap => s.matrix.models.clone(),
            RatingView::OverTime => s.over_time.iter().map(|(m, _)| *m).collect(),
        }
    }

    /// Columns the cursor moves over in the chosen view (1 where there are none to choose).
    pub(crate) fn view_columns(&self) -> usize {
        let Some(s) = &self.current else { return 1 };
        match self.view {
            RatingView::Split => s.split.as_ref().map_or(1, |t| t.columns.len().max(1)),
            RatingView::Heatmap => s.matrix.models.len().max(1),
            _ => 1,
        }
    }

    /// Keeps the cursor on a row and a column of the chosen view.
    pub(crate) fn clamp_cursor(&mut self) {
        self.cursor = self.cursor.min(self.view_models().len().saturating_sub(1));
        self.column = self.column.min(self.view_columns() - 1);
    }

    /// The query terms that select the battles behind the number under the cursor: the
    /// model's (in the column's category, language or month), or in the heat map the pair's
    /// head to head; with `dedup:kept` when deduplication is on. `None` without a number there.
    pub(crate) fn cell_terms(&self, model_name: impl Fn(ModelId) -> String) -> Option<Vec<String>> {
        let s = self.current.as_ref()?;
        let models = self.view_models();
        let model = *models.get(self.cursor)?;
        let mut terms = vec![model_term(&model_name(model))];
        match self.view {
            RatingView::Split => {
                let t = s.split.as_ref()?;
                let column = t.columns.get(self.column)?;
                if !column.query.is_empty() {
                    terms.push(column.query.clone());
                }
            }
            RatingView::Heatmap => {
                let other = *s.matrix.models.get(self.column)?;
                if other != model {
                    terms.push(model_term(&model_name(other)));
                }
            }
            RatingView::Table | RatingView::OverTime => {}
        }
        if self.dedup {
            terms.push("dedup:kept".to_owned());
        }
        Some(terms)
    }
}

impl Default for RatingsState {
    fn default() -> Self {
        RatingsState {
            view: RatingView::Table,
            method: Method::default(),
            style: false,
            dedup: false,
            split: Split::Category,
            cursor: 0,
            column: 0,
            shown: false,
            scroll: 0,
            current: None,
            full: None,
            generation: 0,
            computing: false,
            bootstrapping: false,
            so_far: SoFar::Whole,
        }
    }
}

/// `model:NAME`, quoted when the name has a space, a quote, `|` or a parenthesis.
pub(crate) fn model_term(name: &str) -> String {
    let needs_quotes = name.is_empty() || name.chars().any(|c| c.is_whitespace() || matches!(c, '"' | '|' | '(' | ')'));
    if needs_quotes { format!("model:\"{}\"", name.replace('"', "")) } else { format!("model:{name}") }
}
