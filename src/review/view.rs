//! The review store resolved against one loaded dataset: entries by [`BattleId`], for the query
//! language (`review:flagged`, `review:LABEL`, `review:noted`, `review:none`) and the TUI
//! (markers, `]`/`[` jumps, the flag dialog, blind votes). [`Reviews`] keeps a store and its
//! view in step.

use std::collections::HashMap;

use super::store::{Applied, Edit, ReviewStore, StoreLocation};
use super::{BattleKey, Entry, KeyResolver, ReviewError, Warning};
use crate::index::{BattleId, Index};
use crate::model::Winner;
use crate::query::ReviewLookup;

/// A snapshot of the entries by battle. Owned and `Sync`: clone it into an `Arc` for worker
/// threads that evaluate queries.
#[derive(Debug, Clone, Default)]
pub struct ReviewView {
    entries: HashMap<BattleId, Entry>,
    /// Battles with labels or a note, in dataset order.
    flagged: Vec<BattleId>,
    /// Entries whose battle is not in this dataset (a review file made for other data).
    unresolved: Vec<BattleKey>,
}

impl ReviewView {
    /// Resolves every entry of `store` in one pass over `index`.
    pub fn new(store: &ReviewStore, index: &Index) -> ReviewView {
        let resolver = KeyResolver::new(index, store.entries().map(|(k, _)| k));
        let mut view = ReviewView::default();
        for (key, entry) in store.entries() {
            match resolver.resolve(key) {
                Some(b) => {
                    view.entries.insert(b, entry.clone());
                }
                None => view.unresolved.push(key.clone()),
            }
        }
        view.flagged = view.entries.iter().filter(|(_, e)| e.is_flagged()).map(|(b, _)| *b).collect();
        view.flagged.sort_unstable();
        view
    }

    /// Replaces one battle's entry (after a change to it).
    pub fn set(&mut self, b: BattleId, entry: Option<Entry>) {
        let flagged = entry.as_ref().is_some_and(Entry::is_flagged);
        match entry {
            Some(e) => self.entries.insert(b, e),
            None => self.entries.remove(&b),
        };
        match (self.flagged.binary_search(&b), flagged) {
            (Err(at), true) => self.flagged.insert(at, b),
            (Ok(at), false) => {
                self.flagged.remove(at);
            }
            _ => {}
        }
    }

    // --- the query language's questions (also as `query::ReviewLookup`) --------------------

    /// Labelled or annotated (an own vote alone does not flag a battle).
    pub fn is_flagged(&self, b: BattleId) -> bool {
        self.entries.get(&b).is_some_and(Entry::is_flagged)
    }

    /// Every label some entry uses (with repeats).
    pub fn labels_in_use(&self) -> impl Iterator<Item = &str> + Clone {
        self.entries.values().flat_map(|e| e.labels.iter().map(String::as_str))
    }

    /// Has this label, ignoring case.
    pub fn has_label(&self, b: BattleId, label: &str) -> bool {
        self.entries.get(&b).is_some_and(|e| e.has_label(label))
    }

    pub fn has_note(&self, b: BattleId) -> bool {
        self.entries.get(&b).is_some_and(|e| !e.note.is_empty())
    }

    // --- for the TUI and the CLI -------------------------------------------------------------

    pub fn entry(&self, b: BattleId) -> Option<&Entry> {
        self.entries.get(&b)
    }

    pub fn own_vote(&self, b: BattleId) -> Option<Winner> {
        self.entries.get(&b).and_then(|e| e.own_vote)
    }

    /// Flagged battles in dataset order.
    pub fn flagged(&self) -> &[BattleId] {
        &self.flagged
    }

    /// The first flagged battle after `b` in dataset order (`None` at the end: the caller
    /// decides whether to wrap).
    pub fn next_flagged(&self, b: BattleId) -> Option<BattleId> {
        let at = self.flagged.partition_point(|&f| f <= b);
        self.flagged.get(at).copied()
    }

    /// The last flagged battle before `b`.
    pub fn prev_flagged(&self, b: BattleId) -> Option<BattleId> {
        let at = self.flagged.partition_point(|&f| f < b);
        at.checked_sub(1).map(|i| self.flagged[i])
    }

    /// Every battle with an entry (flagged or only voted on), in dataset order.
    pub fn reviewed(&self) -> Vec<BattleId> {
        let mut all: Vec<BattleId> = self.entries.keys().copied().collect();
        all.sort_unstable();
        all
    }

    /// (battle, own vote, crowd's vote) for every own vote, in dataset order.
    pub fn own_votes(&self, index: &Index) -> Vec<(BattleId, Winner, Winner)> {
        let mut votes: Vec<_> =
            self.entries.iter().filter_map(|(&b, e)| e.own_vote.map(|v| (b, v, index.winner(b)))).collect();
        votes.sort_unstable_by_key(|v| v.0);
        votes
    }

    /// Entries naming battles this dataset does not have.
    pub fn unresolved(&self) -> &[BattleKey] {
        &self.unresolved
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// What `review:` terms in a query ask (`review:flagged`, `review:LABEL`, `review:noted`,
/// `review:none`).
impl ReviewLookup for ReviewView {
    fn is_flagged(&self, b: BattleId) -> bool {
        ReviewView::is_flagged(self, b)
    }

    fn has_label(&self, b: BattleId, label: &str) -> bool {
        ReviewView::has_label(self, b, label)
    }

    fn has_note(&self, b: BattleId) -> bool {
        ReviewView::has_note(self, b)
    }

    fn has_any_label(&self, b: BattleId) -> bool {
        self.entries.get(&b).is_some_and(|e| !e.labels.is_empty())
    }
}

/// What a change saved (on disk already) and what the UI should show.
#[derive(Debug, Clone, Default)]
pub struct Saved {
    /// The battle's entry now; `None` when it was removed.
    pub entry: Option<Entry>,
    pub warnings: Vec<Warning>,
}

/// A dataset's review store and its view, kept in step: what the TUI holds.
///
/// ```no_run
/// use arenascope::index::{BattleId, Index};
/// use arenascope::model::Winner;
/// use arenascope::review::{Edit, ReviewConfig, Reviews, StoreLocation};
///
/// fn flag(index: &Index, review_file: Option<&std::path::Path>) -> anyhow::Result<()> {
///     let (mut reviews, warnings) = Reviews::open(index, &StoreLocation::from_option(review_file))?;
///     warnings.iter().for_each(|w| eprintln!("{w}")); // torn lines, entries for other data
///     let labels = ReviewConfig::load().0.labels; // the flag dialog's choices
///     let b = BattleId(0);
///     let edit = Edit::SetFlag { labels: vec![labels[0].clone()], note: "why".into() };
///     let saved = reviews.edit(index, b, edit)?; // on disk when this returns
///     assert!(saved.entry.is_some() && reviews.view().is_flagged(b));
///     reviews.edit(index, b, Edit::SetVote(Some(Winner::ModelB)))?; // a blind vote
///     let _next = reviews.view().next_flagged(b); // `]`
///     let (_changed, _warnings) = reviews.reload(index)?; // others' changes
///     Ok(())
/// }
/// ```
#[derive(Debug)]
pub struct Reviews {
    store: ReviewStore,
    view: ReviewView,
}

impl Reviews {
    /// Opens the store for `index` at `location` (replaying and compacting the journal).
    /// The warnings are for the user: torn or corrupt lines, entries for other data.
    pub fn open(index: &Index, location: &StoreLocation) -> Result<(Reviews, Vec<Warning>), ReviewError> {
        let path = location.path_for(index)?;
        // The journal is appended to and rewritten: it must never be one of the dataset's files.
        if let Some(data) = index.info.paths.iter().find(|p| crate::output::same_file(&path, p)) {
            return Err(ReviewError::Invalid(format!(
                "{}: the review file is the dataset file {}; choose another --review-file",
                path.display(),
                data.display()
            )));
        }
        let (store, mut warnings) = ReviewStore::open(&path)?;
        let reviews = Reviews::from_store(store, index);
        warnings.extend(reviews.unresolved_warning());
        Ok((reviews, warnings))
    }

    pub fn from_store(store: ReviewStore, index: &Index) -> Reviews {
        let view = ReviewView::new(&store, index);
        Reviews { store, view }
    }

    pub fn view(&self) -> &ReviewView {
        &self.view
    }

    pub fn store(&self) -> &ReviewStore {
        &self.store
    }

    pub fn entry(&self, b: BattleId) -> Option<&Entry> {
        self.view.entry(b)
    }

    /// Changes one battle's entry; returns after the change is fsynced.
    pub fn edit(&mut self, index: &Index, b: BattleId, edit: Edit) -> Result<Saved, ReviewError> {
        let applied = self.edit_many(index, vec![(b, edit)])?;
        Ok(Saved { entry: self.view.entry(b).cloned(), warnings: applied.warnings })
    }

    /// Changes many battles at once (one write, one fsync).
    pub fn edit_many(&mut self, index: &Index, edits: Vec<(BattleId, Edit)>) -> Result<Applied, ReviewError> {
        let mut battles: HashMap<BattleKey, BattleId> = HashMap::with_capacity(edits.len());
        let mut keyed = Vec::with_capacity(edits.len());
        for (b, edit) in edits {
            let key = BattleKey::of(index, b);
            battles.insert(key.clone(), b);
            keyed.push((key, edit));
        }
        let applied = self.store.apply(keyed)?;
        if applied.others_changed {
            self.view = ReviewView::new(&self.store, index);
        } else {
            for (key, entry) in &applied.changed {
                if let Some(&b) = battles.get(key) {
                    self.view.set(b, entry.clone());
                }
            }
        }
        Ok(applied)
    }

    /// Reads changes made by other processes; returns whether there were any.
    pub fn reload(&mut self, index: &Index) -> Result<(bool, Vec<Warning>), ReviewError> {
        let (changed, warnings) = self.store.reload()?;
        if changed {
            self.view = ReviewView::new(&self.store, index);
        }
        Ok((changed, warnings))
    }

    fn unresolved_warning(&self) -> Option<Warning> {
        let missing = self.view.unresolved();
        let first = missing.first()?;
        Some(Warning(format!(
            "{} review entr{} name battles not in this dataset (kept, not shown), e.g. {first}",
            missing.len(),
            if missing.len() == 1 { "y" } else { "ies" }
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::varied;
    use crate::index::DatasetInfo;

    fn setup() -> (tempfile::TempDir, Index, Reviews) {
        let dir = tempfile::tempdir().expect("temp dir");
        let index = Index::from_battles(&varied(), DatasetInfo::default());
        let loc = StoreLocation::File(dir.path().join("r.jsonl"));
        let (reviews, w) = Reviews::open(&index, &loc).expect("open");
        assert!(w.is_empty());
        (dir, index, reviews)
    }

    #[test]
    fn lookups_follow_edits() {
        let (_dir, index, mut r) = setup();
        let (b1, b4) = (BattleId(1), BattleId(4));
        r.edit(&index, b4, Edit::AddLabels(vec!["wrong vote".into()])).expect("edit");
        r.edit(&index, b1, Edit::SetNote("look".into())).expect("edit");
        let saved = r.edit(&index, BattleId(2), Edit::SetVote(Some(Winner::ModelA))).expect("edit");
        assert_eq!(saved.entry.and_then(|e| e.own_vote), Some(Winner::ModelA));
        let v = r.view();
        assert!(v.is_flagged(b4) && v.has_label(b4, "Wrong Vote") && !v.has_note(b4));
        assert!(v.is_flagged(b1) && v.has_note(b1) && !v.has_label(b1, "wrong vote"));
        assert!(!v.is_flagged(BattleId(2)) && v.own_vote(BattleId(2)) == Some(Winner::ModelA));
        assert!(!v.is_flagged(BattleId(0)), "the first row of a repeated id is not the second");
        assert_eq!(v.flagged(), [b1, b4]);
        assert_eq!(v.next_flagged(BattleId(0)), Some(b1));
        assert_eq!(v.next_flagged(b1), Some(b4));
        assert_eq!(v.next_flagged(b4), None);
        assert_eq!(v.prev_flagged(b4), Some(b1));
        assert_eq!(v.prev_flagged(b1), None);
        assert_eq!(v.reviewed(), [b1, BattleId(2), b4]);
        assert_eq!(v.own_votes(&index), [(BattleId(2), Winner::ModelA, Winner::BothBad)]);
        r.edit(&index, b4, Edit::Unflag).expect("edit");
        assert_eq!(r.view().flagged(), [b1]);
        let (again, _) = Reviews::open(&index, &StoreLocation::File(r.store().path().to_path_buf())).expect("open");
        assert_eq!(again.view().flagged(), [b1]);
        assert_eq!(again.view().reviewed(), [b1, BattleId(2)]);
    }

    #[test]
    fn review_terms_in_queries_use_the_view() {
        use crate::query::{CompiledQuery, battles_matching};
        let (_dir, index, mut r) = setup();
        r.edit(&index, BattleId(4), Edit::AddLabels(vec!["wrong vote".into()])).expect("edit");
        r.edit(&index, BattleId(1), Edit::SetNote("look".into())).expect("edit");
        r.edit(&index, BattleId(2), Edit::SetVote(Some(Winner::ModelA))).expect("edit");
        let matching = |q: &str| {
            let q = CompiledQuery::new(&index, q).expect("query");
            battles_matching(&index, &q, r.view())
        };
        assert_eq!(matching("review:flagged"), [BattleId(1), BattleId(4)]);
        assert_eq!(matching("review:wrong-vote"), [BattleId(4)]);
        assert_eq!(matching("review:\"Wrong Vote\""), [BattleId(4)]);
        assert_eq!(matching("review:noted"), [BattleId(1)]);
        assert_eq!(matching("review:none"), [BattleId(0), BattleId(2), BattleId(3)], "a vote alone is no flag");
        assert_eq!(matching("-review:flagged winner:b"), [BattleId(3)]);
    }

    #[test]
    fn entries_for_other_data_are_kept_and_reported() {
        let (_dir, index, mut r) = setup();
        let path = r.store().path().to_path_buf();
        let (mut store, _) = ReviewStore::open(&path).expect("open");
        let other = BattleKey::parse("not-in-this-dataset").expect("key");
        store.apply(vec![(other, Edit::AddLabels(vec!["unsafe".into()]))]).expect("apply");
        let (changed, _) = r.reload(&index).expect("reload");
        assert!(changed && r.view().is_empty() && r.store().len() == 1);
        let (again, w) = Reviews::open(&index, &StoreLocation::File(path)).expect("open");
        assert_eq!(again.view().unresolved().len(), 1);
        assert!(w.iter().any(|w| w.0.contains("1 review entry name battles not in this dataset")), "{w:?}");
    }
}
