//! Battle identity as text: `question_id` for the first row with that id, `question_id#N` for
//! its N-th row (ids repeat in the dataset), with the escapes of [`crate::address`] so that no
//! two battles share an address. The same form as [`Index::battle_label`], so `search --ids`
//! output can be fed back in, and stable across file formats and renames; journals written
//! before the escapes read as they always did (see [`crate::address`]).

use std::collections::HashMap;
use std::fmt;

use crate::index::{BattleId, Index};

/// A battle's identity: question_id plus occurrence (0 for the first row with that id).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BattleKey {
    pub question_id: String,
    pub occurrence: u32,
}

impl BattleKey {
    /// Parses `qid` or `qid#N` (N from 1; `qid#1` is `qid`), see [`crate::address::parse`].
    /// `None` for an empty address or a bad N.
    pub fn parse(s: &str) -> Option<BattleKey> {
        crate::address::parse(s).map(|(question_id, occurrence)| BattleKey { question_id, occurrence })
    }

    pub fn of(index: &Index, b: BattleId) -> BattleKey {
        BattleKey { question_id: index.question_id(b).to_owned(), occurrence: index.occurrence(b) }
    }
}

impl fmt::Display for BattleKey {
    /// The canonical text form, as [`Index::battle_label`] writes it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::address::format(&self.question_id, self.occurrence))
    }
}

/// Finds many battles by key in one pass over the index ([`Index::find_battle`] scans the
/// whole index for every id, too slow for the thousands of ids a query can produce).
pub struct KeyResolver<'a> {
    index: &'a Index,
    /// question_id -> its battles in dataset order (only for the ids asked about).
    battles: HashMap<String, Vec<BattleId>>,
}

impl<'a> KeyResolver<'a> {
    /// Prepares lookups of the question_ids of `keys`.
    pub fn new<'k>(index: &'a Index, keys: impl IntoIterator<Item = &'k BattleKey>) -> KeyResolver<'a> {
        let mut battles: HashMap<String, Vec<BattleId>> =
            keys.into_iter().map(|k| (k.question_id.clone(), Vec::new())).collect();
        if !battles.is_empty() {
            for b in index.battle_ids() {
                if let Some(v) = battles.get_mut(&*index.question_id(b)) {
                    v.push(b);
                }
            }
        }
        KeyResolver { index, battles }
    }

    /// The battle a key names, if the index has it.
    pub fn resolve(&self, key: &BattleKey) -> Option<BattleId> {
        let found = self.battles.get(&key.question_id)?.get(key.occurrence as usize).copied();
        debug_assert!(found.is_none_or(|b| self.index.occurrence(b) == key.occurrence));
        found
    }
}

/// Resolves ids typed by a user; `Err` lists, in input order, every id that is malformed or
/// not in the index.
pub fn resolve_ids(index: &Index, ids: &[String]) -> Result<Vec<(BattleKey, BattleId)>, Vec<String>> {
    let parsed: Vec<Option<BattleKey>> = ids.iter().map(|id| BattleKey::parse(id)).collect();
    let resolver = KeyResolver::new(index, parsed.iter().flatten());
    let mut out = Vec::with_capacity(ids.len());
    let mut unknown = Vec::new();
    for (id, key) in ids.iter().zip(parsed) {
        match key.and_then(|k| resolver.resolve(&k).map(|b| (k, b))) {
            Some(found) => out.push(found),
            None => unknown.push(id.clone()),
        }
    }
    if unknown.is_empty() { Ok(out) } else { Err(unknown) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::varied;
    use crate::index::DatasetInfo;

    #[test]
    fn text_form_matches_the_index_labels() {
        let idx = Index::from_battles(&varied(), DatasetInfo::default());
        for b in idx.battle_ids() {
            let key = BattleKey::of(&idx, b);
            assert_eq!(key.to_string(), idx.battle_label(b));
            assert_eq!(BattleKey::parse(&idx.battle_label(b)), Some(key));
        }
        assert_eq!(BattleKey::parse("x#1").map(|k| k.to_string()).as_deref(), Some("x"));
        assert_eq!(BattleKey::parse(" x#3 \n").map(|k| k.occurrence), Some(2));
        assert_eq!(BattleKey::parse("x#0"), None);
        assert_eq!(BattleKey::parse("x#y").map(|k| k.question_id).as_deref(), Some("x#y"));
        assert_eq!(BattleKey::parse(""), None);
    }

    #[test]
    fn resolves_repeats_and_names_unknown_ids() {
        let idx = Index::from_battles(&varied(), DatasetInfo::default());
        let ok = resolve_ids(&idx, &["0001aaaa#2".into(), "0003cccc".into()]);
        let ids = ok.map(|v| v.into_iter().map(|(_, b)| b).collect::<Vec<_>>());
        assert_eq!(ids, Ok(vec![BattleId(4), BattleId(2)]));
        let bad = resolve_ids(&idx, &["0001aaaa#3".into(), "0002bbbb".into(), "nope".into(), "x#0".into()]);
        assert_eq!(bad, Err(vec!["0001aaaa#3".to_owned(), "nope".to_owned(), "x#0".to_owned()]));
    }
}

#[cfg(test)]
mod colliding_ids {
    use super::*;
    use crate::fixtures::battle;
    use crate::index::DatasetInfo;

    /// Issue 12, defect 2: `q1` twice and a literal `q1#2` are three battles with three
    /// addresses, each of which finds its own battle again.
    #[test]
    fn ids_containing_the_separator_get_their_own_addresses() {
        let rows = [battle("q1", "a", "b"), battle("q1", "c", "d"), battle("q1#2", "e", "f"), battle("x y#", "g", "h")];
        let idx = Index::from_battles(&rows, DatasetInfo::default());
        let labels: Vec<String> = idx.battle_ids().map(|b| idx.battle_label(b)).collect();
        assert_eq!(labels, ["q1", "q1#2", "q1\\#2", "x\\u{20}y\\#"]);
        for b in idx.battle_ids() {
            assert_eq!(idx.find_battle(&labels[b.0 as usize]), Some(b), "{}", labels[b.0 as usize]);
            let key = BattleKey::of(&idx, b);
            assert_eq!(key.to_string(), labels[b.0 as usize]);
            let found = resolve_ids(&idx, std::slice::from_ref(&labels[b.0 as usize]));
            assert_eq!(found.map(|v| v[0].1), Ok(b));
        }
    }
}
