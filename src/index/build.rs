//! Building the index: rows go into a [`BattleTable`] battle by battle (loaders) or from
//! owned [`Battle`]s (tests, fixtures, imports), then become an [`Index`].

use std::sync::OnceLock;

use crate::model::{Battle, Message, Moderation, ReleaseTags, ToxicTags, Winner};

use super::ids::NONE_ID;
use super::table::BattleTable;
use super::text::MessageSpan;
use super::{DatasetInfo, Index};

/// The per-row values a loader hands to [`BattleTable::push_battle`], borrowed from its input.
#[derive(Debug, Clone)]
pub struct BattleFacets<'a> {
    pub question_id: &'a str,
    pub model_a: &'a str,
    pub model_b: &'a str,
    pub winner: Winner,
    pub judge: Option<&'a str>,
    /// `None`: the row had no `turn`, so it is counted from the user messages.
    pub turn: Option<u32>,
    pub anony: Option<bool>,
    pub language: Option<&'a str>,
    pub tstamp: Option<f64>,
    pub moderation: Option<Moderation>,
    pub toxic: Option<ToxicTags>,
    /// Categories, conv_metadata and tags of the later releases (default: none).
    pub tags: ReleaseTags,
    /// Columns no field above holds, `(name, value)`, shown as they are.
    pub extra: Vec<(String, String)>,
}

impl BattleTable {
    /// A table of owned battles (see [`Index::from_battles`]).
    fn table_of(battles: &[Battle]) -> BattleTable {
        let mut table = BattleTable::new();
        for b in battles {
            let facets = BattleFacets {
                question_id: &b.question_id,
                model_a: &b.model_a,
                model_b: &b.model_b,
                winner: b.winner,
                judge: b.judge.as_deref(),
                turn: Some(b.turn),
                anony: b.anony,
                language: b.language.as_deref(),
                tstamp: b.tstamp,
                moderation: b.openai_moderation,
                toxic: b.toxic_chat_tag,
                tags: b.tags,
                extra: b.extra.clone(),
            };
            table.push_battle(&facets, pairs(&b.conversation_a), pairs(&b.conversation_b));
        }
        table
    }

    /// Adds one battle. The conversations are `(role, content)` pairs.
    pub fn push_battle<'m>(
        &mut self,
        facets: &BattleFacets<'_>,
        conversation_a: impl IntoIterator<Item = (&'m str, &'m str)>,
        conversation_b: impl IntoIterator<Item = (&'m str, &'m str)>,
    ) {
        self.question_ids.push_str(facets.question_id);
        self.qid_ends.push(self.question_ids.len() as u32);
        let ma = self.models.intern(facets.model_a);
        let mb = self.models.intern(facets.model_b);
        self.model_a.push(ma);
        self.model_b.push(mb);
        self.winner.push(facets.winner);
        let judge = facets.judge.map_or(NONE_ID, |j| self.judges.intern(j));
        self.judge.push(judge);
        let language = facets.language.map_or(NONE_ID, |l| self.languages.intern(l));
        self.language.push(language);
        self.anony.push(facets.anony);
        self.tstamp.push(facets.tstamp.unwrap_or(f64::NAN));
        self.moderation.push(facets.moderation);
        self.toxic.push(facets.toxic);
        self.tags.push(facets.tags);
        self.extra.extend(facets.extra.iter().cloned());
        self.extra_ends.push(self.extra.len() as u32);

        let first = self.messages.len();
        for (role, content) in conversation_a {
            self.push_message(role, content);
        }
        let a_len = self.messages.len() - first;
        for (role, content) in conversation_b {
            self.push_message(role, content);
        }
        self.conv_a_len.push(a_len as u32);
        self.msg_ends.push(self.messages.len() as u32);
        let counted = || self.messages[first..first + a_len].iter().filter(|m| m.is_user).count();
        let turn = facets.turn.unwrap_or_else(|| counted() as u32);
        self.turn.push(turn);
    }

    fn push_message(&mut self, role: &str, content: &str) {
        let role_id = self.roles.intern(role) as u16;
        let start = self.text.push_str(content);
        self.messages.push(MessageSpan { start, len: content.len() as u32, role: role_id, is_user: role == "user" });
    }
}

impl Index {
    pub fn from_table(table: BattleTable, info: DatasetInfo) -> Index {
        let occurrence = occurrences(&table);
        Index {
            table,
            occurrence,
            folded: OnceLock::new(),
            trigrams: Default::default(),
            computed_style: OnceLock::new(),
            dedup_kept: OnceLock::new(),
            info,
        }
    }

    /// Builds an index from owned battles (tests, fixtures, imports).
    pub fn from_battles(battles: &[Battle], info: DatasetInfo) -> Index {
        Index::from_battle_pieces(battles, usize::MAX, info)
    }

    /// Builds an index the way a loader does: `rows_per_piece` battles per piece, each piece
    /// a text segment of its own (tests use it to cross segment boundaries).
    pub fn from_battle_pieces(battles: &[Battle], rows_per_piece: usize, info: DatasetInfo) -> Index {
        let mut table = BattleTable::new();
        for chunk in battles.chunks(rows_per_piece.max(1)) {
            table.append(BattleTable::table_of(chunk));
        }
        Index::from_table(table, info)
    }
}

fn pairs(messages: &[Message]) -> impl Iterator<Item = (&str, &str)> {
    messages.iter().map(|m| (m.role.as_str(), m.content.as_str()))
}

fn occurrences(table: &BattleTable) -> Vec<u32> {
    let mut seen: crate::intern::FxHashMap<&str, u32> = Default::default();
    seen.reserve(table.len());
    let mut start = 0usize;
    table
        .qid_ends
        .iter()
        .map(|&end| {
            let qid = &table.question_ids[start..end as usize];
            start = end as usize;
            let n = seen.entry(qid).or_insert(0);
            *n += 1;
            *n - 1
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::battle;
    use crate::index::{BattleId, Side};

    fn two_tables() -> (BattleTable, BattleTable) {
        let mut t1 = BattleTable::new();
        let mut t2 = BattleTable::new();
        for (t, qid, a, b) in [(&mut t1, "q1", "gpt-4", "claude-v1"), (&mut t2, "q2", "palm-2", "gpt-4")] {
            let f = BattleFacets {
                question_id: qid,
                model_a: a,
                model_b: b,
                winner: Winner::Tie,
                judge: Some("arena_user_1"),
                turn: None,
                anony: Some(true),
                language: Some("English"),
                tstamp: Some(1.5),
                moderation: None,
                toxic: None,
                tags: Default::default(),
                extra: Vec::new(),
            };
            t.push_battle(&f, [("user", "hi"), ("assistant", "hello")], [("user", "hi"), ("assistant", "yo")]);
        }
        (t1, t2)
    }

    #[test]
    fn pieces_give_the_same_index_as_one_table() {
        let rows = crate::fixtures::varied();
        let one = Index::from_battles(&rows, DatasetInfo::default());
        let pieces = Index::from_battle_pieces(&rows, 2, DatasetInfo::default());
        assert_eq!(pieces.table.text.segments.len(), 3);
        for b in one.battle_ids() {
            assert_eq!(one.battle(b), pieces.battle(b));
        }
    }

    #[test]
    fn append_remaps_names_and_offsets() {
        let (mut t1, t2) = two_tables();
        t1.append(t2);
        let idx = Index::from_table(t1, DatasetInfo::default());
        assert_eq!(idx.len(), 2);
        let b = BattleId(1);
        assert_eq!(idx.question_id(b), "q2");
        assert_eq!(idx.model_name(idx.model_a(b)), "palm-2");
        assert_eq!(idx.model_name(idx.model_b(b)), "gpt-4");
        assert_eq!(idx.models().len(), 3);
        assert_eq!(idx.turn(b), 1, "turn counted from user messages when absent");
        let texts: Vec<_> = idx.messages(b).iter().map(|m| idx.message_text(m)).collect();
        assert_eq!(texts, ["hi", "hello", "hi", "yo"]);
        assert_eq!(idx.conversation(b, Side::B).len(), 2);
        assert_eq!(idx.battle_of_message(4), BattleId(1));
        assert_eq!(idx.battle_of_message(3), BattleId(0));
    }

    #[test]
    fn repeated_question_ids_get_stable_occurrences() {
        let rows = vec![battle("x", "a", "b"), battle("y", "a", "b"), battle("x", "b", "a")];
        let idx = Index::from_battles(&rows, DatasetInfo::default());
        assert_eq!(idx.occurrence(BattleId(2)), 1);
        assert_eq!(idx.battle_label(BattleId(2)), "x#2");
        assert_eq!(idx.find_battle("x#2"), Some(BattleId(2)));
        assert_eq!(idx.find_battle("x"), Some(BattleId(0)));
        assert_eq!(idx.find_battle("x#3"), None);
        assert_eq!(idx.find_battle("x#0"), None);
    }

    #[test]
    fn owned_battle_round_trips() {
        let rows = vec![battle("x", "a", "b")];
        let idx = Index::from_battles(&rows, DatasetInfo::default());
        assert_eq!(idx.battle(BattleId(0)), rows[0]);
    }
}
