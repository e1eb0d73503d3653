//! Pair matrices of a set of battles: battle counts, decisive battles, observed win fractions and
//! the win rates the ratings predict. Rows and columns follow the rating table's order.

use crate::index::ModelId;

use super::expected_score;
use super::pairs::PairCounts;
use super::table::RatingTable;

/// What a matrix cell holds for (row model, column model).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatrixKind {
    /// Row's wins over column / their decisive battles (both orientations). Every pair with at
    /// least one decisive battle has a value.
    WinFraction,
    /// Battles between the two that count under the tie policy.
    Battles,
    /// Battles between the two with a winner.
    Decisive,
    /// `1 / (1 + 10^((R_col - R_row) / 400))` from the table's ratings (same group only).
    Predicted,
}

impl MatrixKind {
    /// A caption for reports.
    pub fn describe(self) -> &'static str {
        match self {
            MatrixKind::WinFraction => "share of decisive battles the row model won against the column model",
            MatrixKind::Battles => "battles between the two models",
            MatrixKind::Decisive => "decisive battles (not ties) between the two models",
            MatrixKind::Predicted => "win rate of the row model against the column model predicted by the ratings",
        }
    }
}

/// A square matrix over the table's models (rated best first, then unrated).
#[derive(Debug, Clone, PartialEq)]
pub struct PairMatrix {
    pub kind: MatrixKind,
    pub models: Vec<ModelId>,
    /// Row-major; `None` on the diagonal and where the pair has no value.
    pub cells: Vec<Option<f64>>,
}

impl PairMatrix {
    /// The matrix of `kind` for `counts` and the table rated from them.
    pub fn new(counts: &PairCounts, table: &RatingTable, kind: MatrixKind) -> PairMatrix {
        let models: Vec<ModelId> =
            table.rows.iter().map(|r| r.model).chain(table.unrated.iter().map(|u| u.model)).collect();
        let n = models.len();
        let mut cells = vec![None; n * n];
        // Table position of each counts position.
        let mut at = vec![usize::MAX; counts.models.len()];
        for (i, m) in models.iter().enumerate() {
            if let Some(k) = counts.position(*m) {
                at[k] = i;
            }
        }
        match kind {
            MatrixKind::Predicted => {
                for (i, a) in table.rows.iter().enumerate() {
                    for (j, b) in table.rows.iter().enumerate() {
                        if i != j && a.group == b.group {
                            cells[i * n + j] = Some(expected_score(a.rating, b.rating));
                        }
                    }
                }
            }
            _ => {
                for c in &counts.cells {
                    let (i, j) = (at[c.lo as usize], at[c.hi as usize]);
                    if i == usize::MAX || j == usize::MAX {
                        continue;
                    }
                    let (ij, ji) = match kind {
                        MatrixKind::Battles => {
                            let u = c.used(counts.ties);
                            (u > 0).then_some((u as f64, u as f64)).unzip()
                        }
                        MatrixKind::Decisive => {
                            let d = c.decisive();
                            (d > 0).then_some((d as f64, d as f64)).unzip()
                        }
                        _ => {
                            let d = c.decisive() as f64;
                            (d > 0.0).then(|| (c.lo_wins as f64 / d, c.hi_wins as f64 / d)).unzip()
                        }
                    };
                    cells[i * n + j] = ij;
                    cells[j * n + i] = ji;
                }
            }
        }
        PairMatrix { kind, models, cells }
    }

    pub fn len(&self) -> usize {
        self.models.len()
    }

    pub fn is_empty(&self) -> bool {
        self.models.is_empty()
    }

    pub fn get(&self, row: usize, col: usize) -> Option<f64> {
        self.cells[row * self.models.len() + col]
    }

    /// One row as a slice.
    pub fn row(&self, row: usize) -> &[Option<f64>] {
        let n = self.models.len();
        &self.cells[row * n..(row + 1) * n]
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicBool;

    use super::*;
    use crate::index::Index;
    use crate::rating::testing::{index_of, votes};
    use crate::rating::{RatingOptions, rate_counts};

    fn matrices(rows: &[(&str, &str, char)]) -> (Index, PairCounts, RatingTable) {
        let idx = index_of(&votes(rows));
        let ids: Vec<_> = idx.battle_ids().collect();
        let opts = RatingOptions::default();
        let counts = PairCounts::aggregate(&idx, &ids, &opts.subset);
        let t = rate_counts(&idx, &ids, &counts, &opts, &AtomicBool::new(false)).unwrap();
        (idx, counts, t)
    }

    #[test]
    fn win_fraction_has_a_value_for_every_pair_with_a_decisive_battle() {
        // b never won as model_a and c never appears as model_b: FastChat's pivot tables lose
        // such pairs; every decisive pair must have a value here.
        let (idx, counts, t) = matrices(&[
            ("a", "b", 'A'),
            ("a", "b", 'B'),
            ("b", "a", 'B'),
            ("c", "a", 'B'),
            ("c", "b", 'A'),
            ("a", "b", 'T'),
        ]);
        let m = PairMatrix::new(&counts, &t, MatrixKind::WinFraction);
        let pos = |n: &str| m.models.iter().position(|&x| x == idx.model_id(n).unwrap()).unwrap();
        let (a, b, c) = (pos("a"), pos("b"), pos("c"));
        assert!((m.get(a, b).unwrap() - 2.0 / 3.0).abs() < 1e-12);
        assert!((m.get(b, a).unwrap() - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(m.get(c, a), Some(0.0));
        assert_eq!(m.get(a, c), Some(1.0));
        assert_eq!(m.get(c, b), Some(1.0));
        assert_eq!(m.get(a, a), None);
        let battles = PairMatrix::new(&counts, &t, MatrixKind::Battles);
        assert_eq!(battles.get(a, b), Some(4.0));
        let decisive = PairMatrix::new(&counts, &t, MatrixKind::Decisive);
        assert_eq!(decisive.get(b, a), Some(3.0));
    }

    #[test]
    fn predicted_follows_the_ratings_and_sums_to_one() {
        let (_, counts, t) = matrices(&[
            ("a", "b", 'A'),
            ("a", "b", 'A'),
            ("b", "a", 'A'),
            ("b", "c", 'A'),
            ("c", "b", 'A'),
            ("c", "a", 'A'),
        ]);
        let m = PairMatrix::new(&counts, &t, MatrixKind::Predicted);
        for i in 0..m.len() {
            for j in 0..m.len() {
                if i != j {
                    assert!((m.get(i, j).unwrap() + m.get(j, i).unwrap() - 1.0).abs() < 1e-12);
                }
            }
        }
        assert!(m.get(0, 1).unwrap() > 0.5, "the best-rated model is favoured");
    }
}
