//! The numbers of a review: entries, labels, own votes and agreement with the crowd, for
//! `arenascope review stats` and the TUI's summary view.

use serde::Serialize;

use super::agreement::{AgreementReport, agreement};
use super::ratings::{ComparedRatings, compare_ratings};
use super::{ReviewConfig, ReviewView, labels_equal};
use crate::index::Index;
use crate::model::Winner;
use crate::stats::OrderedCounts;

#[derive(Debug, Clone, Serialize)]
pub struct ReviewSummary {
    /// Battles with an entry (flagged, or only voted on).
    pub entries: usize,
    /// Battles with labels or a note.
    pub flagged: usize,
    pub noted: usize,
    /// Every configured label (zero counts too), then any other label in use; battles each.
    pub labels: OrderedCounts,
    /// Own votes per outcome (`A`, `B`, `tie`, `both bad`).
    pub own_votes: OrderedCounts,
    pub agreement: AgreementReport,
    /// Bradley-Terry ratings from own votes beside the crowd's, on the battles voted on.
    pub ratings: ComparedRatings,
    /// Entries in the store whose battle this dataset does not have.
    pub not_in_dataset: usize,
}

impl ReviewSummary {
    pub fn compute(view: &ReviewView, index: &Index, config: &ReviewConfig) -> ReviewSummary {
        let reviewed = view.reviewed();
        let entries: Vec<_> = reviewed.iter().filter_map(|&b| view.entry(b)).collect();
        let mut labels: Vec<(String, usize)> = config.labels.iter().map(|l| (l.clone(), 0)).collect();
        for e in &entries {
            for l in &e.labels {
                match labels.iter_mut().find(|(have, _)| labels_equal(have, l)) {
                    Some((_, n)) => *n += 1,
                    None => labels.push((l.clone(), 1)),
                }
            }
        }
        let extra = config.labels.len();
        labels[extra..].sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let votes = view.own_votes(index);
        let own_votes = Winner::ALL
            .iter()
            .map(|w| (w.label().to_owned(), votes.iter().filter(|(_, own, _)| own == w).count()))
            .collect();
        let pairs: Vec<(Winner, Winner)> = votes.iter().map(|&(_, own, crowd)| (own, crowd)).collect();
        ReviewSummary {
            entries: entries.len(),
            flagged: view.flagged().len(),
            noted: entries.iter().filter(|e| !e.note.is_empty()).count(),
            labels: OrderedCounts(labels),
            own_votes: OrderedCounts(own_votes),
            agreement: agreement(&pairs),
            ratings: compare_ratings(index, &votes),
            not_in_dataset: view.unresolved().len(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::varied;
    use crate::index::{BattleId, DatasetInfo};
    use crate::review::{Edit, Reviews, StoreLocation};

    #[test]
    fn counts_labels_votes_and_agreement() {
        let dir = tempfile::tempdir().expect("temp dir");
        let index = Index::from_battles(&varied(), DatasetInfo::default());
        let (mut r, _) = Reviews::open(&index, &StoreLocation::File(dir.path().join("r.jsonl"))).expect("open");
        let mut edit = |b: u32, e: Edit| r.edit(&index, BattleId(b), e).expect("edit");
        edit(0, Edit::AddLabels(vec!["Unsafe".into(), "jailbreak".into()]));
        edit(1, Edit::AddLabels(vec!["unsafe".into()]));
        edit(1, Edit::SetNote("n".into()));
        // Crowd: 0 tie, 1 B, 2 both bad, 3 B.
        edit(0, Edit::SetVote(Some(Winner::Tie)));
        edit(1, Edit::SetVote(Some(Winner::ModelA)));
        edit(3, Edit::SetVote(Some(Winner::ModelB)));
        let s = ReviewSummary::compute(r.view(), &index, &ReviewConfig::default());
        assert_eq!((s.entries, s.flagged, s.noted), (3, 2, 1));
        assert_eq!(s.labels.get("unsafe"), Some(2));
        assert_eq!(s.labels.get("refusal"), Some(0));
        assert_eq!(s.labels.0.last(), Some(&("jailbreak".to_owned(), 1)));
        assert_eq!(s.own_votes.0, [("A".into(), 1), ("B".into(), 1), ("tie".into(), 1), ("both bad".into(), 0)]);
        assert_eq!((s.agreement.all_outcomes.n, s.agreement.all_outcomes.agreed), (3, 2));
        assert_eq!((s.agreement.decisive.n, s.agreement.decisive.agreed), (2, 1));
    }
}
