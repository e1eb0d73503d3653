//! Ratings side by side: one column per category, language or month of a set of battles, each
//! cell a model's rank (by upper bound) and rating in that column, as the leaderboard's category
//! view shows them. Every column is an independent fit (plain or style-controlled) of the
//! battles it selects; columns run in parallel.

use std::collections::HashMap;
use std::sync::atomic::AtomicBool;

use rayon::prelude::*;

use crate::category::Category;
use crate::index::{BattleId, Index, ModelId};
use crate::time::{civil_from_days, day_of, days_from_civil, format_day};

use super::bootstrap::Cancelled;
use super::pairs::PairCounts;
use super::style_table::rate_style;
use super::table::rate_counts;
use super::{RatingOptions, Unrated};

/// Languages shown beside the categories in `--by category`.
pub const CATEGORY_LANGUAGES: usize = 4;
/// Languages shown in `--by language`.
pub const MAX_LANGUAGES: usize = 10;

/// How the battles are split into columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Split {
    /// The leaderboard's categories, then the largest languages.
    Category,
    Language,
    /// Calendar months (UTC).
    Month,
}

/// One model in one column.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SplitCell {
    pub rank_ub: u32,
    pub rating: f64,
}

/// One column: its battles' ratings.
#[derive(Debug, Clone, PartialEq)]
pub struct SplitColumn {
    /// "overall", "coding", "German", "2023-05".
    pub label: String,
    /// The query term that selects the column's battles (empty for overall).
    pub query: String,
    /// Battles in the fit.
    pub battles: usize,
    pub cells: HashMap<ModelId, SplitCell>,
    /// Models with battles in the column but no finite rating.
    pub unrated: Vec<(ModelId, Unrated)>,
}

impl SplitColumn {
    pub fn cell(&self, model: ModelId) -> Option<SplitCell> {
        self.cells.get(&model).copied()
    }
}

/// The table: rows are the models of the overall column (best first), then any model rated
/// only in some column.
#[derive(Debug, Clone, PartialEq)]
pub struct SplitTable {
    pub split: Split,
    pub style: bool,
    pub models: Vec<ModelId>,
    pub columns: Vec<SplitColumn>,
    /// Columns left out and why ("math: the file has no category_tag.math_v0.1").
    pub left_out: Vec<String>,
}

/// One column to compute: label, query term, its battles.
type ColumnSpec = (String, String, Vec<BattleId>);

/// Rates `ids` overall and per column of `split`, plain or style-controlled, with `opts`.
pub fn rate_split(
    index: &Index,
    ids: &[BattleId],
    split: Split,
    style: bool,
    opts: &RatingOptions,
    cancel: &AtomicBool,
) -> Result<SplitTable, Cancelled> {
    let (specs, left_out) = columns(index, ids, split);
    let columns: Vec<Result<SplitColumn, Cancelled>> =
        std::iter::once((String::from("overall"), String::new(), ids.to_vec()))
            .chain(specs)
            .collect::<Vec<ColumnSpec>>()
            .into_par_iter()
            .map(|(label, query, battles)| rate_column(index, label, query, &battles, style, opts, cancel))
            .collect();
    let columns: Vec<SplitColumn> = columns.into_iter().collect::<Result<_, _>>()?;
    let mut models: Vec<ModelId> = {
        let overall = &columns[0];
        let mut m: Vec<(ModelId, SplitCell)> = overall.cells.iter().map(|(&k, &v)| (k, v)).collect();
        m.sort_by(|a, b| b.1.rating.total_cmp(&a.1.rating).then(a.0.cmp(&b.0)));
        m.into_iter().map(|(k, _)| k).collect()
    };
    let mut others: Vec<ModelId> =
        columns.iter().flat_map(|c| c.cells.keys().copied()).filter(|m| !models.contains(m)).collect();
    others.sort_unstable();
    others.dedup();
    models.extend(others);
    Ok(SplitTable { split, style, models, columns, left_out })
}

fn rate_column(
    index: &Index,
    label: String,
    query: String,
    battles: &[BattleId],
    style: bool,
    opts: &RatingOptions,
    cancel: &AtomicBool,
) -> Result<SplitColumn, Cancelled> {
    let counts = PairCounts::aggregate(index, battles, &opts.subset);
    let (cells, unrated, used) = if style {
        let t = rate_style(index, battles, &counts, opts, cancel)?;
        let cells = t.rows.iter().map(|r| (r.model, SplitCell { rank_ub: r.rank_ub, rating: r.rating })).collect();
        let unrated = t.plain.unrated.iter().map(|u| (u.model, u.reason)).collect();
        (cells, unrated, t.battles)
    } else {
        let t = rate_counts(index, battles, &counts, opts, cancel)?;
        let cells = t.rows.iter().map(|r| (r.model, SplitCell { rank_ub: r.rank_ub, rating: r.rating })).collect();
        let unrated = t.unrated.iter().map(|u| (u.model, u.reason)).collect();
        (cells, unrated, t.battles)
    };
    Ok(SplitColumn { label, query, battles: used, cells, unrated })
}

/// The columns of a split (overall excluded) and the columns left out, in words.
fn columns(index: &Index, ids: &[BattleId], split: Split) -> (Vec<ColumnSpec>, Vec<String>) {
    let mut specs = Vec::new();
    let mut left_out = Vec::new();
    match split {
        Split::Category => {
            for c in Category::ALL {
                let mut known = false;
                let battles: Vec<BattleId> = ids
                    .iter()
                    .copied()
                    .filter(|&b| match c.contains(index, b) {
                        Some(inside) => {
                            known = true;
                            inside
                        }
                        None => false,
                    })
                    .collect();
                if !known {
                    let field = c.source_field().unwrap_or("its field");
                    left_out.push(format!("{}: the data has no {field}", c.label()));
                    continue;
                }
                specs.push((c.label().to_owned(), format!("category:{}", c.query_name()), battles));
            }
            specs.extend(languages(index, ids, CATEGORY_LANGUAGES));
        }
        Split::Language => specs.extend(languages(index, ids, MAX_LANGUAGES)),
        Split::Month => {
            let tstamps = index.tstamps();
            let mut by_month: std::collections::BTreeMap<(i64, u32), Vec<BattleId>> = Default::default();
            let mut untimed = 0usize;
            for &b in ids {
                let t = tstamps[b.index()];
                if t.is_nan() {
                    untimed += 1;
                    continue;
                }
                let (y, m, _) = civil_from_days(day_of(t));
                by_month.entry((y, m)).or_default().push(b);
            }
            for ((y, m), battles) in by_month {
                let first = days_from_civil(y, m, 1);
                let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
                let last = days_from_civil(ny, nm, 1) - 1;
                let query = format!("date:{}..{}", format_day(first), format_day(last));
                specs.push((format!("{y:04}-{m:02}"), query, battles));
            }
            if untimed > 0 {
                left_out.push(format!("{untimed} battles without a time are in no month"));
            }
        }
    }
    (specs, left_out)
}

/// The `n` languages with the most battles among `ids`, largest first.
fn languages(index: &Index, ids: &[BattleId], n: usize) -> Vec<ColumnSpec> {
    let mut per: HashMap<u32, Vec<BattleId>> = HashMap::new();
    for &b in ids {
        if let Some(l) = index.language(b) {
            per.entry(l.0).or_default().push(b);
        }
    }
    let mut langs: Vec<(u32, Vec<BattleId>)> = per.into_iter().collect();
    langs.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
    langs
        .into_iter()
        .take(n)
        .map(|(l, battles)| {
            let name = index.language_name(crate::index::LanguageId(l)).to_owned();
            let query = format!("lang:\"{name}\"");
            (name, query, battles)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rating::testing::{index_of, votes};

    #[test]
    fn a_category_with_one_model_pair_gives_its_column_and_missing_fields_are_named() {
        let mut rows = votes(&[
            ("a", "b", 'A'),
            ("a", "b", 'B'),
            ("b", "c", 'A'),
            ("b", "c", 'B'),
            ("a", "c", 'A'),
            ("a", "c", 'B'),
            ("a", "c", 'A'),
        ]);
        // Only the last battle is multi-turn: one pair, and a won it, so no finite rating.
        rows[6].turn = 2;
        rows[5].language = Some("German".to_owned());
        rows[6].language = Some("German".to_owned());
        let idx = index_of(&rows);
        let ids: Vec<_> = idx.battle_ids().collect();
        let never = AtomicBool::new(false);
        let t = rate_split(&idx, &ids, Split::Category, false, &RatingOptions::default(), &never).unwrap();
        let labels: Vec<&str> = t.columns.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(labels, ["overall", "longer query", "multi-turn", "English", "German"]);
        assert!(t.left_out.iter().any(|s| s.starts_with("coding: the data has no is_code")), "{:?}", t.left_out);
        let multi = &t.columns[2];
        assert!(multi.cells.is_empty());
        assert_eq!(multi.unrated.len(), 2);
        assert_eq!(t.columns[0].cells.len(), 3);
        assert_eq!(t.models.len(), 3);
        let style = rate_split(&idx, &ids, Split::Language, true, &RatingOptions::default(), &never).unwrap();
        assert_eq!(style.columns.len(), 3);
    }

    #[test]
    fn months_are_calendar_months_with_their_date_query() {
        let mut rows = votes(&[("a", "b", 'A'), ("a", "b", 'B'), ("a", "b", 'A'), ("a", "b", 'B')]);
        rows[2].tstamp = Some(1_685_577_600.0 + 60.0); // 2023-06-01
        rows[3].tstamp = Some(1_685_577_600.0 + 120.0);
        let idx = index_of(&rows);
        let ids: Vec<_> = idx.battle_ids().collect();
        let never = AtomicBool::new(false);
        let t = rate_split(&idx, &ids, Split::Month, false, &RatingOptions::default(), &never).unwrap();
        let cols: Vec<(&str, &str, usize)> =
            t.columns.iter().map(|c| (c.label.as_str(), c.query.as_str(), c.battles)).collect();
        assert_eq!(
            cols,
            [
                ("overall", "", 4),
                ("2023-04", "date:2023-04-01..2023-04-30", 2),
                ("2023-06", "date:2023-06-01..2023-06-30", 2)
            ]
        );
    }
}
