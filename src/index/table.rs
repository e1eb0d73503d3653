//! The battle table: per-battle facets in compact columns, interned names, message spans and
//! their text; pieces loaded in parallel are appended in order.

use std::sync::Arc;

use crate::intern::Interner;
use crate::model::{Moderation, ReleaseTags, ToxicTags, Winner};

use super::ids::NONE_ID;
use super::text::{MessageSpan, TextSegments};

/// Battles in the index layout. Loaders fill one table per piece of input (a row group, a
/// block of lines) in parallel; the pieces are then appended in order. A clone copies the
/// columns and shares the text and the sparse values (see [`BattleTable::snapshot`]).
#[derive(Debug, Default, Clone)]
pub struct BattleTable {
    pub(super) models: Interner,
    pub(super) languages: Interner,
    pub(super) judges: Interner,
    pub(super) roles: Interner,
    pub(super) question_ids: String,
    /// `question_ids[qid_ends[i-1]..qid_ends[i]]` is battle i's id.
    pub(super) qid_ends: Vec<u32>,
    pub(super) model_a: Vec<u32>,
    pub(super) model_b: Vec<u32>,
    pub(super) winner: Vec<Winner>,
    pub(super) judge: Vec<u32>,
    pub(super) language: Vec<u32>,
    pub(super) turn: Vec<u32>,
    pub(super) anony: Vec<Option<bool>>,
    /// Unix seconds; NaN when unknown.
    pub(super) tstamp: Vec<f64>,
    /// Sparse: a release without the column pays 4 bytes a battle, not the value's size.
    pub(super) moderation: Sparse<PackedModeration>,
    pub(super) toxic: Sparse<ToxicTags>,
    /// Only battles with some tag have a value (the 2023 release has none).
    pub(super) tags: Sparse<ReleaseTags>,
    pub(super) extra: ExtraColumns,
    /// Battle i's messages are `messages[msg_ends[i-1]..msg_ends[i]]`: conversation A, then B.
    pub(super) msg_ends: Vec<u32>,
    /// Number of conversation-A messages of each battle.
    pub(super) conv_a_len: Vec<u32>,
    /// A conversation-B user turn equal to conversation A's at the same place has A's span:
    /// its text is stored once. Within a battle, spans are therefore not ordered by offset.
    pub(super) messages: Vec<MessageSpan>,
    pub(super) text: TextSegments,
}

/// An optional value per battle, stored only for the battles that have one.
#[derive(Debug, Clone)]
pub(super) struct Sparse<T> {
    /// Per battle: its position in `values`, or [`NONE_ID`].
    pub(super) slot: Vec<u32>,
    pub(super) values: SharedValues<T>,
}

impl<T> Default for Sparse<T> {
    fn default() -> Self {
        Sparse { slot: Vec::new(), values: SharedValues::default() }
    }
}

impl<T: Clone> Sparse<T> {
    pub(super) fn push(&mut self, value: Option<T>) {
        match value {
            Some(v) => {
                self.slot.push(self.values.len() as u32);
                self.values.push(v);
            }
            None => self.slot.push(NONE_ID),
        }
    }
}

impl<T> Sparse<T> {
    pub(super) fn get(&self, i: usize) -> Option<&T> {
        self.values.get(*self.slot.get(i)? as usize)
    }

    /// The values present, in battle order.
    pub(super) fn values(&self) -> impl Iterator<Item = &T> + '_ {
        self.values.iter()
    }

    pub(super) fn append(&mut self, other: Sparse<T>) {
        let base = self.values.len() as u32;
        self.slot.extend(other.slot.iter().map(|&s| if s == NONE_ID { NONE_ID } else { s + base }));
        self.values.append(other.values);
    }

    fn reserve(&mut self, n: usize) {
        self.slot.reserve(n);
    }

    pub(super) fn shrink_to_fit(&mut self) {
        self.slot.shrink_to_fit();
        self.values.shrink_to_fit();
    }

    pub(super) fn heap_bytes(&self) -> usize {
        self.slot.len() * 4 + self.values.len() * std::mem::size_of::<T>()
    }
}

/// Values in the chunks they were loaded in (one per piece), shared between clones: appending
/// moves the other table's chunks in, and a clone (a snapshot of a load in progress) shares
/// them rather than copying (at 135K battles the moderation scores and toxic-chat tags are
/// 19 of the 45 MiB beside the text; at x4 the release tags are 14).
#[derive(Debug, Clone)]
pub(super) struct SharedValues<T> {
    chunks: Vec<Arc<Vec<T>>>,
    /// The position of each chunk's first value.
    starts: Vec<usize>,
    len: usize,
}

impl<T> Default for SharedValues<T> {
    fn default() -> Self {
        SharedValues { chunks: Vec::new(), starts: Vec::new(), len: 0 }
    }
}

impl<T> From<Vec<T>> for SharedValues<T> {
    fn from(values: Vec<T>) -> Self {
        let mut shared = SharedValues::default();
        if !values.is_empty() {
            shared.len = values.len();
            shared.chunks.push(Arc::new(values));
            shared.starts.push(0);
        }
        shared
    }
}

impl<T: Clone> SharedValues<T> {
    /// Appends to the last chunk (a piece being built: unshared, so not copied).
    fn push(&mut self, value: T) {
        if self.chunks.is_empty() {
            self.chunks.push(Arc::default());
            self.starts.push(self.len);
        }
        if let Some(last) = self.chunks.last_mut() {
            Arc::make_mut(last).push(value);
        }
        self.len += 1;
    }
}

impl<T> SharedValues<T> {
    pub(super) fn len(&self) -> usize {
        self.len
    }

    pub(super) fn get(&self, i: usize) -> Option<&T> {
        if i >= self.len {
            return None;
        }
        let c = self.starts.partition_point(|&s| s <= i).checked_sub(1)?;
        self.chunks[c].get(i - self.starts[c])
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = &T> + '_ {
        self.chunks.iter().flat_map(|c| c.iter())
    }

    fn append(&mut self, other: SharedValues<T>) {
        for (chunk, start) in other.chunks.into_iter().zip(other.starts) {
            if !chunk.is_empty() {
                self.starts.push(self.len + start);
                self.chunks.push(chunk);
            }
        }
        self.len += other.len;
    }

    fn shrink_to_fit(&mut self) {
        for chunk in &mut self.chunks {
            if let Some(c) = Arc::get_mut(chunk) {
                c.shrink_to_fit();
            }
        }
    }
}

/// [`Moderation`] in 96 bytes instead of 184: the scores without an `Option` each (a bit
/// says which are known). The 2023 release has one per battle.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct PackedModeration {
    pub(super) scores: [f64; 11],
    pub(super) categories_known: u16,
    pub(super) categories_true: u16,
    pub(super) scores_known: u16,
    pub(super) flagged: Option<bool>,
    /// Bit 0: `has_categories`; bit 1: `has_scores`.
    pub(super) has: u8,
}

impl From<Moderation> for PackedModeration {
    fn from(m: Moderation) -> Self {
        let mut scores_known = 0;
        for (i, s) in m.scores.iter().enumerate() {
            if s.is_some() {
                scores_known |= 1 << i;
            }
        }
        PackedModeration {
            scores: m.scores.map(|s| s.unwrap_or(0.0)),
            categories_known: m.categories_known,
            categories_true: m.categories_true,
            scores_known,
            flagged: m.flagged,
            has: u8::from(m.has_categories) | u8::from(m.has_scores) << 1,
        }
    }
}

impl PackedModeration {
    pub(super) fn unpack(&self) -> Moderation {
        let mut scores = [None; 11];
        for (i, s) in scores.iter_mut().enumerate() {
            *s = (self.scores_known & (1 << i) != 0).then_some(self.scores[i]);
        }
        Moderation {
            categories_known: self.categories_known,
            categories_true: self.categories_true,
            scores,
            flagged: self.flagged,
            has_categories: self.has & 1 != 0,
            has_scores: self.has & 2 != 0,
        }
    }
}

/// The columns of a file that no field holds, as text: each column's name interned once,
/// every value in one string.
#[derive(Debug, Default, Clone)]
pub(super) struct ExtraColumns {
    pub(super) names: Interner,
    /// Battle i's cells are `cells[ends[i-1]..ends[i]]`.
    pub(super) ends: Vec<u32>,
    pub(super) cells: Vec<ExtraCell>,
    pub(super) values: String,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct ExtraCell {
    pub(super) name: u32,
    /// Where the value ends in `values`; it starts where the previous cell's ends.
    pub(super) end: u64,
}

impl ExtraColumns {
    pub(super) fn push<'s>(&mut self, cells: impl IntoIterator<Item = (&'s str, &'s str)>) {
        for (name, value) in cells {
            let name = self.names.intern(name);
            self.values.push_str(value);
            self.cells.push(ExtraCell { name, end: self.values.len() as u64 });
        }
        self.ends.push(self.cells.len() as u32);
    }

    /// Battle `i`'s `(name, value)` pairs, in the file's column order.
    pub(super) fn get(&self, i: usize) -> impl ExactSizeIterator<Item = (&str, &str)> + Clone + '_ {
        let first = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        let cells = &self.cells[first..self.ends[i] as usize];
        let mut start = if first == 0 { 0 } else { self.cells[first - 1].end as usize };
        cells.iter().map(move |c| {
            let value = &self.values[start..c.end as usize];
            start = c.end as usize;
            (self.names.name(c.name), value)
        })
    }

    fn append(&mut self, other: ExtraColumns) {
        let names = self.names.merge(&other.names);
        let (cell_base, value_base) = (self.cells.len() as u32, self.values.len() as u64);
        self.ends.extend(other.ends.iter().map(|e| e + cell_base));
        self.cells
            .extend(other.cells.iter().map(|c| ExtraCell { name: names[c.name as usize], end: c.end + value_base }));
        self.values.push_str(&other.values);
    }

    fn shrink_to_fit(&mut self) {
        self.ends.shrink_to_fit();
        self.cells.shrink_to_fit();
        self.values.shrink_to_fit();
    }

    pub(super) fn heap_bytes(&self) -> usize {
        self.ends.len() * 4 + self.cells.len() * std::mem::size_of::<ExtraCell>() + self.values.len()
    }
}

impl BattleTable {
    pub fn new() -> Self {
        Self::default()
    }

    /// A table (one loaded piece) that expects about `text_bytes` of message text: reserving
    /// avoids re-copying, and untouched reserved pages cost no memory.
    pub fn with_text_capacity(text_bytes: usize) -> Self {
        BattleTable { text: TextSegments::with_capacity(text_bytes), ..Self::default() }
    }

    pub fn len(&self) -> usize {
        self.model_a.len()
    }

    pub fn is_empty(&self) -> bool {
        self.model_a.is_empty()
    }

    /// Makes room for `battles` more battles with `messages` messages in all, so that the
    /// columns do not grow by doubling (each doubling copies, and the old block is garbage
    /// the process keeps). Room never touched costs no memory: an overestimate is harmless.
    pub fn reserve(&mut self, battles: usize, messages: usize) {
        self.qid_ends.reserve(battles);
        self.model_a.reserve(battles);
        self.model_b.reserve(battles);
        self.winner.reserve(battles);
        self.judge.reserve(battles);
        self.language.reserve(battles);
        self.turn.reserve(battles);
        self.anony.reserve(battles);
        self.tstamp.reserve(battles);
        self.moderation.reserve(battles);
        self.toxic.reserve(battles);
        self.tags.reserve(battles);
        self.extra.ends.reserve(battles);
        self.msg_ends.reserve(battles);
        self.conv_a_len.reserve(battles);
        self.messages.reserve(messages);
    }

    /// The battles so far, for a load still in progress: the columns copied (each exactly
    /// as long as it is), the text and the sparse values shared with this table rather than
    /// copied.
    pub fn snapshot(&self) -> BattleTable {
        self.clone()
    }

    /// Appends all battles of `other` after ours, remapping its interned ids.
    pub fn append(&mut self, other: BattleTable) {
        let models = self.models.merge(&other.models);
        let languages = self.languages.merge(&other.languages);
        let judges = self.judges.merge(&other.judges);
        let roles = self.roles.merge(&other.roles);
        let remap = |table: &[u32], id: u32| if id == NONE_ID { NONE_ID } else { table[id as usize] };

        let qid_base = self.question_ids.len() as u32;
        self.question_ids.push_str(&other.question_ids);
        self.qid_ends.extend(other.qid_ends.iter().map(|e| e + qid_base));
        self.model_a.extend(other.model_a.iter().map(|&m| models[m as usize]));
        self.model_b.extend(other.model_b.iter().map(|&m| models[m as usize]));
        self.winner.extend_from_slice(&other.winner);
        self.judge.extend(other.judge.iter().map(|&j| remap(&judges, j)));
        self.language.extend(other.language.iter().map(|&l| remap(&languages, l)));
        self.turn.extend_from_slice(&other.turn);
        self.anony.extend_from_slice(&other.anony);
        self.tstamp.extend_from_slice(&other.tstamp);
        self.moderation.append(other.moderation);
        self.toxic.append(other.toxic);
        self.tags.append(other.tags);
        self.extra.append(other.extra);
        self.conv_a_len.extend_from_slice(&other.conv_a_len);
        let msg_base = self.messages.len() as u32;
        self.msg_ends.extend(other.msg_ends.iter().map(|e| e + msg_base));
        let text_base = self.text.len() as u64;
        self.messages.extend(other.messages.iter().map(|m| MessageSpan {
            start: m.start + text_base,
            role: roles[m.role as usize] as u16,
            ..*m
        }));
        self.text.append(other.text);
    }

    /// Gives back the room that growing by doubling left unused (once, when loading ends).
    pub(super) fn shrink_to_fit(&mut self) {
        self.question_ids.shrink_to_fit();
        self.qid_ends.shrink_to_fit();
        self.model_a.shrink_to_fit();
        self.model_b.shrink_to_fit();
        self.winner.shrink_to_fit();
        self.judge.shrink_to_fit();
        self.language.shrink_to_fit();
        self.turn.shrink_to_fit();
        self.anony.shrink_to_fit();
        self.tstamp.shrink_to_fit();
        self.moderation.shrink_to_fit();
        self.toxic.shrink_to_fit();
        self.tags.shrink_to_fit();
        self.extra.shrink_to_fit();
        self.msg_ends.shrink_to_fit();
        self.conv_a_len.shrink_to_fit();
        self.messages.shrink_to_fit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_moderation_round_trips() {
        let mut m = Moderation { flagged: Some(true), ..Default::default() };
        m.set_category(3, true);
        m.set_category(7, false);
        m.scores[0] = Some(0.25);
        m.scores[10] = Some(0.0);
        m.has_scores = true;
        for m in [m, Moderation::default(), Moderation { has_scores: true, ..Default::default() }] {
            assert_eq!(PackedModeration::from(m).unpack(), m);
        }
        assert_eq!(std::mem::size_of::<PackedModeration>(), 96);
    }

    #[test]
    fn sparse_values_keep_their_battles_across_appends() {
        let mut a = Sparse::default();
        a.push(Some("x"));
        a.push(None);
        let mut b = Sparse::default();
        b.push(None);
        b.push(Some("y"));
        a.append(b);
        let got: Vec<_> = (0..5).map(|i| a.get(i).copied()).collect();
        assert_eq!(got, [Some("x"), None, None, Some("y"), None]);
        assert_eq!(a.values().copied().collect::<Vec<_>>(), ["x", "y"]);
    }

    #[test]
    fn a_clone_shares_the_sparse_values_and_what_comes_later_leaves_it_as_it_was() {
        let mut a = Sparse::default();
        a.push(Some(1u32));
        let snapshot = a.clone();
        assert!(Arc::ptr_eq(&a.values.chunks[0], &snapshot.values.chunks[0]), "shared, not copied");
        let mut b = Sparse::default();
        b.push(Some(2));
        b.push(None);
        a.append(b);
        a.push(Some(3));
        let mut other = snapshot.clone();
        other.push(Some(9));
        assert_eq!(snapshot.values().copied().collect::<Vec<_>>(), [1]);
        assert_eq!((0..2).map(|i| snapshot.get(i).copied()).collect::<Vec<_>>(), [Some(1), None]);
        assert_eq!((0..4).map(|i| a.get(i).copied()).collect::<Vec<_>>(), [Some(1), Some(2), None, Some(3)]);
        assert_eq!(other.values().copied().collect::<Vec<_>>(), [1, 9]);
    }

    #[test]
    fn extra_columns_intern_names_and_read_back_in_order() {
        let mut e = ExtraColumns::default();
        e.push([("session", "s1"), ("order", "1")]);
        e.push([]);
        e.push([("session", ""), ("order", "22")]);
        let mut other = ExtraColumns::default();
        other.push([("order", "3"), ("new", "z")]);
        e.append(other);
        let row = |i| e.get(i).collect::<Vec<_>>();
        assert_eq!(row(0), [("session", "s1"), ("order", "1")]);
        assert!(row(1).is_empty());
        assert_eq!(row(2), [("session", ""), ("order", "22")]);
        assert_eq!(row(3), [("order", "3"), ("new", "z")]);
        assert_eq!(e.names.names().len(), 3, "each name stored once");
    }
}
