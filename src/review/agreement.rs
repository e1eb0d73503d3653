//! How often the user's own (blind) votes agree with the crowd's: percent agreement and Cohen's
//! kappa, over the four outcomes and over the battles both called decisively (A or B).

use serde::Serialize;

use crate::model::Winner;

/// Agreement over one set of outcomes; the table has own votes as rows, the crowd's as columns.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agreement {
    pub outcomes: Vec<&'static str>,
    pub table: Vec<Vec<usize>>,
    /// Battles counted.
    pub n: usize,
    /// Battles where both votes are the same.
    pub agreed: usize,
    /// `agreed / n`; `None` when `n` is 0.
    pub fraction: Option<f64>,
    /// Cohen's kappa; `None` when undefined (no battles, or both sides used one and the same
    /// outcome throughout, so chance agreement is already 1).
    pub kappa: Option<f64>,
}

/// Agreement over all four outcomes and over decisive votes only.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgreementReport {
    pub all_outcomes: Agreement,
    /// Battles where both the user and the crowd voted A or B.
    pub decisive: Agreement,
}

/// Compares (own vote, crowd's vote) pairs.
pub fn agreement(votes: &[(Winner, Winner)]) -> AgreementReport {
    let all = Winner::ALL;
    let decisive = [Winner::ModelA, Winner::ModelB];
    AgreementReport { all_outcomes: over(&all, votes), decisive: over(&decisive, votes) }
}

/// Agreement over the pairs whose two votes are both in `outcomes`.
fn over(outcomes: &[Winner], votes: &[(Winner, Winner)]) -> Agreement {
    let k = outcomes.len();
    let mut table = vec![vec![0usize; k]; k];
    for (own, crowd) in votes {
        let at = |w: &Winner| outcomes.iter().position(|o| o == w);
        if let (Some(i), Some(j)) = (at(own), at(crowd)) {
            table[i][j] += 1;
        }
    }
    let n: usize = table.iter().flatten().sum();
    let agreed: usize = (0..k).map(|i| table[i][i]).sum();
    Agreement {
        outcomes: outcomes.iter().map(|w| w.label()).collect(),
        fraction: (n > 0).then(|| agreed as f64 / n as f64),
        kappa: cohen_kappa(&table),
        table,
        n,
        agreed,
    }
}

/// Cohen's kappa of a square table of counts (rater one in rows, rater two in columns):
/// `(p_o - p_e) / (1 - p_e)`. `None` when it is undefined: an empty table, or chance
/// agreement of exactly 1 (both raters used the same single category), which would be 0/0.
pub fn cohen_kappa(table: &[Vec<usize>]) -> Option<f64> {
    let k = table.len();
    let n: u128 = table.iter().flatten().map(|&c| c as u128).sum();
    if n == 0 || table.iter().any(|row| row.len() != k) {
        return None;
    }
    let rows: Vec<u128> = table.iter().map(|r| r.iter().map(|&c| c as u128).sum()).collect();
    let cols: Vec<u128> = (0..k).map(|j| table.iter().map(|r| r[j] as u128).sum()).collect();
    let observed: u128 = (0..k).map(|i| table[i][i] as u128).sum();
    // In units of 1/n²: exact integers, so the undefined case is found without rounding.
    let chance: u128 = rows.iter().zip(&cols).map(|(r, c)| r * c).sum();
    let n2 = n * n;
    if chance == n2 {
        return None;
    }
    Some((observed as f64 * n as f64 - chance as f64) / (n2 as f64 - chance as f64))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-12)
    }

    #[test]
    fn kappa_on_hand_computed_tables() {
        // Perfect agreement: p_o = 1, p_e = (9 + 4) / 25.
        assert!(close(cohen_kappa(&[vec![3, 0], vec![0, 2]]), 1.0));
        // Chance level: p_o = p_e = 0.5.
        assert!(close(cohen_kappa(&[vec![25, 25], vec![25, 25]]), 0.0));
        // p_o = 35/50 = 0.7; p_e = 0.5*0.6 + 0.5*0.4 = 0.5; kappa = 0.2 / 0.5.
        assert!(close(cohen_kappa(&[vec![20, 5], vec![10, 15]]), 0.4));
        // Systematic disagreement: p_o = 0, p_e = 0.5.
        assert!(close(cohen_kappa(&[vec![0, 5], vec![5, 0]]), -1.0));
        // 4x4: p_o = 0.8; rows 3,3,2,2, columns 2,4,1,3: p_e = 0.26; kappa = 0.54 / 0.74.
        let t = vec![vec![2, 1, 0, 0], vec![0, 3, 0, 0], vec![0, 0, 1, 1], vec![0, 0, 0, 2]];
        assert!(close(cohen_kappa(&t), 0.54 / 0.74));
    }

    #[test]
    fn kappa_edge_cases_are_none_or_finite_never_nan() {
        assert_eq!(cohen_kappa(&[vec![0, 0], vec![0, 0]]), None, "no battles");
        assert_eq!(cohen_kappa(&[vec![5, 0], vec![0, 0]]), None, "both used one and the same outcome");
        assert_eq!(cohen_kappa(&[vec![7]]), None, "a single category");
        // Each rater used one outcome, but different ones: p_o = 0, p_e = 0.
        assert!(close(cohen_kappa(&[vec![0, 5], vec![0, 0]]), 0.0));
        // One rater constant, the other not: p_e = p_o, kappa 0.
        assert!(close(cohen_kappa(&[vec![3, 2], vec![0, 0]]), 0.0));
    }

    #[test]
    fn four_outcomes_and_decisive_ones() {
        use Winner::*;
        let votes =
            [(ModelA, ModelA), (ModelB, ModelB), (ModelA, ModelB), (Tie, BothBad), (BothBad, BothBad), (Tie, ModelA)];
        let r = agreement(&votes);
        assert_eq!((r.all_outcomes.n, r.all_outcomes.agreed), (6, 3));
        assert!(close(r.all_outcomes.fraction, 0.5));
        assert_eq!(r.all_outcomes.outcomes, ["A", "B", "tie", "both bad"]);
        assert_eq!(r.all_outcomes.table[2][3], 1, "own tie, crowd both bad");
        // Decisive: (A,A) (B,B) (A,B): p_o = 2/3; rows 2,1; columns 1,2; p_e = 4/9.
        assert_eq!((r.decisive.n, r.decisive.agreed), (3, 2));
        assert!(close(r.decisive.kappa, (2.0 / 3.0 - 4.0 / 9.0) / (1.0 - 4.0 / 9.0)));
        let none = agreement(&[]);
        assert_eq!((none.all_outcomes.fraction, none.all_outcomes.kappa), (None, None));
    }
}
