//! Building the index: rows go into a [`BattleTable`] battle by battle (loaders) or from
//! owned [`Battle`]s (tests, fixtures, imports), then become an [`Index`].

use std::sync::OnceLock;

use crate::model::{Battle, Message, Moderation, ReleaseTags, ToxicTags, Winner};

use super::ids::NONE_ID;
use super::qids::IdKey;
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
    pub extra: Vec<(&'a str, &'a str)>,
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
                extra: b.extra.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect(),
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
        self.question_ids.push(facets.question_id);
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
        self.moderation.push(facets.moderation.map(Into::into));
        self.toxic.push(facets.toxic.map(Into::into));
        self.tags.push(Some(facets.tags).filter(|t| *t != ReleaseTags::default()));
        self.extra.push(facets.extra.iter().copied());

        let first = self.messages.len();
        for (role, content) in conversation_a {
            self.push_message(role, content);
        }
        let a_len = self.messages.len() - first;
        for (i, (role, content)) in conversation_b.into_iter().enumerate() {
            // The user turns of both conversations are usually the same: store them once.
            let twin = (i < a_len && role == "user")
                .then(|| self.messages.get(first + i).copied())
                .flatten()
                .filter(|a| a.is_user && a.len as usize == content.len() && self.text.get(a.range()) == content);
            match twin {
                Some(span) => self.messages.push(span),
                None => self.push_message(role, content),
            }
        }
        self.conv_a_len.push(a_len as u32);
        self.msg_ends.push(self.messages.len() as u32);
        let counted = || self.messages.slice(first..first + a_len).iter().filter(|m| m.is_user).count();
        let turn = facets.turn.unwrap_or_else(|| counted() as u32);
        self.turn.push(turn);
        self.messages.seal();
    }

    fn push_message(&mut self, role: &str, content: &str) {
        let role_id = self.roles.intern(role) as u16;
        let start = self.text.push_str(content);
        self.messages.push(MessageSpan::new(start, content.len() as u32, role_id, role == "user"));
    }
}

impl Index {
    pub fn from_table(mut table: BattleTable, info: DatasetInfo) -> Index {
        table.shrink_to_fit();
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

    /// An index of the battles a load has so far (see [`BattleTable::snapshot`]): its searches
    /// scan the text as it is and never build the trigram filter, which would fold a copy of
    /// all the text for an index the next snapshot soon replaces.
    pub fn from_snapshot(table: BattleTable, info: DatasetInfo) -> Index {
        Index { trigrams: crate::index::trigram::LazyFilter::never(), ..Index::from_table(table, info) }
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

/// Which repeat of its question_id each battle is. Sorting (hash, battle) pairs takes 16 bytes
/// a battle where a hash map of the ids took about 48, at the end of the load, when memory
/// peaks.
fn occurrences(table: &BattleTable) -> Vec<u32> {
    occurrences_by(table, |id| {
        use std::hash::{BuildHasher, BuildHasherDefault};
        BuildHasherDefault::<crate::intern::FxHasher>::default().hash_one(id)
    })
}

fn occurrences_by(table: &BattleTable, hash: impl Fn(IdKey<'_>) -> u64) -> Vec<u32> {
    let qid = |i: u32| table.question_ids.key(i as usize);
    let mut keyed: Vec<(u64, u32)> = (0..table.len() as u32).map(|i| (hash(qid(i)), i)).collect();
    keyed.sort_unstable();
    let mut occurrence = vec![0u32; table.len()];
    // Battles with the same hash, in battle order.
    for run in keyed.chunk_by(|a, b| a.0 == b.0).filter(|run| run.len() > 1) {
        let first = qid(run[0].1);
        if run.iter().all(|&(_, i)| qid(i) == first) {
            for (n, &(_, i)) in run.iter().enumerate() {
                occurrence[i as usize] = n as u32;
            }
        } else {
            // Different ids with the same hash.
            let mut seen: crate::intern::FxHashMap<IdKey<'_>, u32> = Default::default();
            for &(_, i) in run {
                let n = seen.entry(qid(i)).or_insert(0);
                occurrence[i as usize] = *n;
                *n += 1;
            }
        }
    }
    occurrence
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
    fn a_snapshot_shares_the_text_and_keeps_its_battles_as_more_are_appended() {
        let (mut t1, t2) = two_tables();
        let snap = t1.snapshot();
        assert!(std::sync::Arc::ptr_eq(&snap.text.segments[0], &t1.text.segments[0]), "text shared, not copied");
        t1.append(t2);
        let grown = Index::from_table(t1, DatasetInfo::default());
        let snap = Index::from_snapshot(snap, DatasetInfo::default());
        assert_eq!((snap.len(), grown.len()), (1, 2));
        assert_eq!(snap.battle(BattleId(0)), grown.battle(BattleId(0)), "the same battle under the same id");
        assert!(snap.trigram_filter_for_search().is_none() && snap.trigram_filter_for_search().is_none());
    }

    #[test]
    fn a_snapshot_shares_every_finished_chunk_and_later_battles_leave_it_as_it_was() {
        use crate::index::column::CHUNK;
        let (t1, t2) = two_tables();
        let mut table = BattleTable::new();
        for _ in 0..CHUNK + 3 {
            table.append(t1.clone());
        }
        let snap = table.snapshot();
        let t = &table;
        let finished = [
            t.model_a.shared_chunks(&snap.model_a),
            t.model_b.shared_chunks(&snap.model_b),
            t.winner.shared_chunks(&snap.winner),
            t.judge.shared_chunks(&snap.judge),
            t.language.shared_chunks(&snap.language),
            t.turn.shared_chunks(&snap.turn),
            t.anony.shared_chunks(&snap.anony),
            t.tstamp.shared_chunks(&snap.tstamp),
            t.msg_ends.shared_chunks(&snap.msg_ends),
            t.conv_a_len.shared_chunks(&snap.conv_a_len),
            t.moderation.slot.shared_chunks(&snap.moderation.slot),
            t.extra.ends.shared_chunks(&snap.extra.ends),
        ];
        assert_eq!(finished, [2; 12], "a finished chunk and the open one shared, none copied");
        // 4 messages a battle: the spans of CHUNK + 3 battles fill 4 chunks and open a fifth.
        assert_eq!(t.messages.shared_chunks(&snap.messages), 5);
        for _ in 0..CHUNK {
            table.append(t2.clone());
        }
        assert_eq!(table.model_a.shared_chunks(&snap.model_a), 1, "the open chunk was copied, the finished one not");
        assert_eq!(table.messages.shared_chunks(&snap.messages), 4);
        let (n, grown) = (snap.len(), Index::from_table(table, DatasetInfo::default()));
        let snap = Index::from_snapshot(snap, DatasetInfo::default());
        assert_eq!((snap.len(), grown.len()), (CHUNK + 3, 2 * CHUNK + 3));
        for b in [0, CHUNK - 1, CHUNK, n - 1].map(|i| BattleId(i as u32)) {
            assert_eq!(snap.battle(b), grown.battle(b), "battle {b:?} as it was");
        }
        assert_eq!(grown.question_id(BattleId(n as u32)), "q2");
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
    fn occurrences_count_repeats_of_the_same_id_even_when_hashes_collide() {
        let ids = ["x", "y", "x", "zz", "y", "x", "ab", "zz"];
        let rows: Vec<Battle> = ids.iter().map(|q| battle(q, "a", "b")).collect();
        let idx = Index::from_battles(&rows, DatasetInfo::default());
        let want = [0, 0, 1, 0, 1, 2, 0, 1];
        assert_eq!(idx.occurrence, want);
        let by_len = |k: IdKey<'_>| match k {
            IdKey::Text(s) => s.len() as u64,
            IdKey::Packed(_) => 32,
        };
        for collide in [&|_: IdKey<'_>| 0u64, &by_len] as [&dyn Fn(IdKey<'_>) -> u64; 2] {
            assert_eq!(occurrences_by(&idx.table, collide), want);
        }
    }

    #[test]
    fn owned_battle_round_trips() {
        let rows = vec![battle("x", "a", "b")];
        let idx = Index::from_battles(&rows, DatasetInfo::default());
        assert_eq!(idx.battle(BattleId(0)), rows[0]);
    }

    /// Battles whose conversation B repeats A's user turns, changes one, or differs in shape.
    fn user_turn_cases() -> Vec<Battle> {
        let msg = |role: &str, content: &str| Message { role: role.into(), content: content.into() };
        let mut same = battle("same", "a", "b");
        same.conversation_a =
            vec![msg("user", "héllo"), msg("assistant", "A1"), msg("user", "again"), msg("assistant", "A2")];
        same.conversation_b =
            vec![msg("user", "héllo"), msg("assistant", "B1"), msg("user", "again"), msg("assistant", "B2")];
        let mut differ = same.clone();
        differ.question_id = "differ".into();
        differ.conversation_b[2].content = "other".into();
        let mut shape = same.clone();
        shape.question_id = "shape".into();
        // B ends with a user turn that A has as an answer's place, and an empty user turn.
        shape.conversation_a = vec![msg("user", ""), msg("assistant", "x")];
        shape.conversation_b = vec![msg("user", ""), msg("user", "x")];
        vec![same, differ, shape]
    }

    #[test]
    fn shared_user_turns_read_back_identical_and_are_stored_once() {
        let rows = user_turn_cases();
        for idx in [
            Index::from_battles(&rows, DatasetInfo::default()),
            Index::from_battle_pieces(&rows, 1, DatasetInfo::default()),
        ] {
            for (b, row) in idx.battle_ids().zip(&rows) {
                assert_eq!(&idx.battle(b), row, "{}", row.question_id);
                for (side, conv) in [(Side::A, &row.conversation_a), (Side::B, &row.conversation_b)] {
                    let texts: Vec<&str> = idx.conversation(b, side).iter().map(|m| idx.message_text(m)).collect();
                    let want: Vec<&str> = conv.iter().map(|m| m.content.as_str()).collect();
                    assert_eq!(texts, want);
                }
            }
            let stored = |r: &Battle| -> usize {
                let all = r.conversation_a.iter().chain(&r.conversation_b).map(|m| m.content.len()).sum::<usize>();
                let shared = r.conversation_a.iter().zip(&r.conversation_b).filter(|(a, b)| a == b && a.role == "user");
                all - shared.map(|(a, _)| a.content.len()).sum::<usize>()
            };
            assert_eq!(idx.text_len(), rows.iter().map(stored).sum::<usize>(), "each shared user turn stored once");
            assert_eq!(idx.message_text(&idx.conversation(BattleId(1), Side::B)[2]), "other");
        }
    }

    #[test]
    fn text_searches_see_shared_user_turns_on_both_sides() {
        let rows = user_turn_cases();
        let idx = Index::from_battle_pieces(&rows, 2, DatasetInfo::default());
        let count = |q: &str| {
            let q = crate::query::CompiledQuery::new(&idx, q).expect("query");
            crate::query::battles_matching(&idx, &q, &crate::query::NoReviews).len()
        };
        assert_eq!(count("again"), 2, "the shared turn and A's copy in the battle whose B differs");
        assert_eq!(count("other"), 1);
        assert_eq!(count("HÉLLO"), 2, "folded search over shared text");
        assert_eq!(count("B2"), 2);
        assert_eq!(count("a1 x"), 0, "a word in A and one in another battle");
        assert_eq!(count("x"), 1);
    }
}
