//! The battle table: per-battle facets in compact columns, interned names, message spans and
//! their text; pieces loaded in parallel are appended in order.

use std::ops::Range;
use std::sync::Arc;

use crate::intern::Interner;
use crate::model::{Moderation, Winner};

use super::column::{CHUNK, CHUNK_BITS, Column, grow};
use super::ids::NONE_ID;
use super::packed::{PackedToxic, TagColumn};
use super::qids::QuestionIds;
use super::text::{MessageSpan, TextSegments};

/// Battles in the index layout. Loaders fill one table per piece of input (a row group, a
/// block of lines) in parallel; the pieces are then appended in order. A clone shares every
/// column's finished chunks and the text (see [`BattleTable::snapshot`]).
#[derive(Debug, Default, Clone)]
pub struct BattleTable {
    pub(super) models: Interner,
    pub(super) languages: Interner,
    pub(super) judges: Interner,
    pub(super) roles: Interner,
    pub(super) question_ids: QuestionIds,
    pub(super) model_a: Column<u32>,
    pub(super) model_b: Column<u32>,
    pub(super) winner: Column<Winner>,
    pub(super) judge: Column<u32>,
    pub(super) language: Column<u32>,
    pub(super) turn: Column<u32>,
    pub(super) anony: Column<Option<bool>>,
    /// Unix seconds; NaN when unknown.
    pub(super) tstamp: Column<f64>,
    /// Sparse: a release without the column pays 4 bytes a battle, not the value's size.
    pub(super) moderation: Sparse<PackedModeration>,
    pub(super) toxic: Sparse<PackedToxic>,
    pub(super) tags: TagColumn,
    pub(super) extra: ExtraColumns,
    /// Battle i's messages are `messages[msg_ends[i-1]..msg_ends[i]]`: conversation A, then B.
    pub(super) msg_ends: Column<u32>,
    /// Number of conversation-A messages of each battle.
    pub(super) conv_a_len: Column<u32>,
    /// A conversation-B user turn equal to conversation A's at the same place has A's span:
    /// its text is stored once. Within a battle, spans are therefore not ordered by offset.
    /// Chunks end only between battles, so that a battle's messages are one slice.
    pub(super) messages: SharedValues<MessageSpan>,
    pub(super) text: TextSegments,
}

/// An optional value per battle, stored only for the battles that have one.
#[derive(Debug, Clone)]
pub(super) struct Sparse<T> {
    /// Per battle: its position in `values`, or [`NONE_ID`].
    pub(super) slot: Column<u32>,
    pub(super) values: SharedValues<T>,
}

impl<T> Default for Sparse<T> {
    fn default() -> Self {
        Sparse { slot: Column::default(), values: SharedValues::default() }
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

impl<T: Clone> Sparse<T> {
    pub(super) fn append(&mut self, other: Sparse<T>) {
        let base = self.values.len() as u32;
        self.slot.extend(other.slot.iter().map(|&s| if s == NONE_ID { NONE_ID } else { s + base }));
        self.values.append(other.values);
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

    pub(super) fn reserve(&mut self, n: usize) {
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

/// Values in chunks of any size, shared between clones: appending moves the other table's
/// chunks in, and a clone (a snapshot of a load in progress) shares them rather than copying
/// (at 135K battles the moderation scores and toxic-chat tags are 19 of the 45 MiB beside the
/// text; at x4 the release tags are 14). The message spans are added a battle at a time
/// ([`SharedValues::push_group`]), so that a battle's are one slice.
#[derive(Debug, Clone)]
pub(super) struct SharedValues<T> {
    chunks: Vec<Arc<Vec<T>>>,
    /// The position of each chunk's first value.
    starts: Vec<usize>,
    /// `window[w]`: the chunk holding position `w << CHUNK_BITS`, so that finding a value's
    /// chunk is a lookup and a step or two rather than a binary search.
    window: Vec<u32>,
    len: usize,
}

impl<T> Default for SharedValues<T> {
    fn default() -> Self {
        SharedValues { chunks: Vec::new(), starts: Vec::new(), window: Vec::new(), len: 0 }
    }
}

impl<T> From<Vec<T>> for SharedValues<T> {
    fn from(values: Vec<T>) -> Self {
        let mut shared = SharedValues::default();
        if !values.is_empty() {
            shared.len = values.len();
            shared.chunks.push(Arc::new(values));
            shared.starts.push(0);
            shared.index_windows();
        }
        shared
    }
}

impl<T: Clone> SharedValues<T> {
    /// Changes every value in place (a chunk that a clone shares is copied first).
    pub(super) fn update(&mut self, mut f: impl FnMut(&mut T)) {
        for chunk in &mut self.chunks {
            Arc::make_mut(chunk).iter_mut().for_each(&mut f);
        }
    }

    /// Appends to the last chunk (a piece being built: unshared, so not copied).
    pub(super) fn push(&mut self, value: T) {
        if self.chunks.is_empty() {
            self.chunks.push(Arc::default());
            self.starts.push(self.len);
        }
        if let Some(last) = self.chunks.last_mut() {
            Arc::make_mut(last).push(value);
        }
        self.len += 1;
        self.index_windows();
    }

    /// Ends the open chunk if it is full: a battle's messages, pushed one by one, go to one
    /// chunk, which ends only between battles.
    pub(super) fn seal(&mut self) {
        if self.chunks.last().is_some_and(|c| c.len() >= CHUNK) {
            self.chunks.push(Arc::default());
            self.starts.push(self.len);
        }
    }

    /// Appends `values` to one chunk: the open one if they fit (copied first if a clone
    /// shares it), else a new one.
    pub(super) fn push_group(&mut self, values: impl ExactSizeIterator<Item = T>) {
        let n = values.len();
        if self.chunks.last().is_none_or(|c| !c.is_empty() && c.len() + n > CHUNK) {
            self.chunks.push(Arc::default());
            self.starts.push(self.len);
        }
        if let Some(last) = self.chunks.last_mut() {
            let open = Arc::make_mut(last);
            grow(open, n);
            open.extend(values);
        }
        self.len += n;
        self.index_windows();
    }
}

impl<T> SharedValues<T> {
    /// Notes the chunk of each multiple of [`CHUNK`] below `len` not noted yet.
    fn index_windows(&mut self) {
        while self.window.len() << CHUNK_BITS < self.len {
            let at = self.window.len() << CHUNK_BITS;
            self.window.push((self.starts.partition_point(|&s| s <= at) - 1) as u32);
        }
    }

    /// The chunk holding position `i` (below `len`).
    #[inline]
    fn chunk_of(&self, i: usize) -> usize {
        let mut c = self.window[i >> CHUNK_BITS] as usize;
        while self.starts.get(c + 1).is_some_and(|&s| s <= i) {
            c += 1;
        }
        c
    }

    /// Values `range`, which lie in one chunk (a battle's messages: see
    /// [`SharedValues::push_group`]).
    pub(super) fn slice(&self, range: Range<usize>) -> &[T] {
        if range.is_empty() {
            return &[];
        }
        let c = self.chunk_of(range.start);
        let s = self.starts[c];
        &self.chunks[c][range.start - s..range.end - s]
    }

    pub(super) fn len(&self) -> usize {
        self.len
    }

    pub(super) fn get(&self, i: usize) -> Option<&T> {
        if i >= self.len {
            return None;
        }
        let c = self.chunk_of(i);
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
        self.index_windows();
    }

    /// How many of the chunks are the same allocation in `other` (tests of sharing).
    #[cfg(test)]
    pub(super) fn shared_chunks(&self, other: &SharedValues<T>) -> usize {
        self.chunks.iter().zip(&other.chunks).filter(|(a, b)| Arc::ptr_eq(a, b)).count()
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
    pub(super) ends: Column<u32>,
    pub(super) cells: Column<ExtraCell>,
    /// `wraps[k]`: the first cell whose end is at least `(k + 1) << 32` (empty below 4 GiB of
    /// values), so that a cell's end needs only its low 32 bits.
    pub(super) wraps: Vec<u32>,
    pub(super) values: String,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct ExtraCell {
    pub(super) name: u32,
    /// The low 32 bits of where the value ends in `values` (see [`ExtraColumns::end`]); it
    /// starts where the previous cell's ends.
    end_low: u32,
}

impl ExtraColumns {
    pub(super) fn push<'s>(&mut self, cells: impl IntoIterator<Item = (&'s str, &'s str)>) {
        for (name, value) in cells {
            let name = self.names.intern(name);
            self.values.push_str(value);
            self.push_cell(name, self.values.len() as u64);
        }
        self.ends.push(self.cells.len() as u32);
    }

    /// Adds a cell whose value ends at `end` in `values`.
    pub(super) fn push_cell(&mut self, name: u32, end: u64) {
        while (self.wraps.len() as u64) < end >> 32 {
            self.wraps.push(self.cells.len() as u32);
        }
        self.cells.push(ExtraCell { name, end_low: end as u32 });
    }

    /// Where cell `c`'s value ends in `values`.
    pub(super) fn end(&self, c: usize) -> usize {
        let high = self.wraps.partition_point(|&w| w as usize <= c) as u64;
        (high << 32 | u64::from(self.cells[c].end_low)) as usize
    }

    /// Battle `i`'s `(name, value)` pairs, in the file's column order.
    pub(super) fn get(&self, i: usize) -> impl ExactSizeIterator<Item = (&str, &str)> + Clone + '_ {
        let first = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        let last = self.ends[i] as usize;
        let mut start = if first == 0 { 0 } else { self.end(first - 1) };
        (first..last).map(move |c| {
            let end = self.end(c);
            let value = &self.values[start..end];
            start = end;
            (self.names.name(self.cells[c].name), value)
        })
    }

    fn append(&mut self, other: ExtraColumns) {
        let names = self.names.merge(&other.names);
        let (cell_base, value_base) = (self.cells.len() as u32, self.values.len() as u64);
        self.ends.extend(other.ends.iter().map(|e| e + cell_base));
        for (c, cell) in other.cells.iter().enumerate() {
            self.push_cell(names[cell.name as usize], value_base + other.end(c) as u64);
        }
        self.values.push_str(&other.values);
    }

    fn shrink_to_fit(&mut self) {
        self.ends.shrink_to_fit();
        self.cells.shrink_to_fit();
        self.values.shrink_to_fit();
    }

    pub(super) fn heap_bytes(&self) -> usize {
        self.ends.len() * 4
            + self.cells.len() * std::mem::size_of::<ExtraCell>()
            + self.wraps.len() * 4
            + self.values.len()
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
        self.question_ids.reserve(battles);
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
        let _ = messages;
    }

    /// The battles so far, for a load still in progress: every column's finished chunks and
    /// the text shared with this table, not copied (the next push copies the open chunk).
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

        self.question_ids.append(other.question_ids);
        self.model_a.extend(other.model_a.iter().map(|&m| models[m as usize]));
        self.model_b.extend(other.model_b.iter().map(|&m| models[m as usize]));
        self.winner.extend(other.winner.iter().copied());
        self.judge.extend(other.judge.iter().map(|&j| remap(&judges, j)));
        self.language.extend(other.language.iter().map(|&l| remap(&languages, l)));
        self.turn.extend(other.turn.iter().copied());
        self.anony.extend(other.anony.iter().copied());
        self.tstamp.extend(other.tstamp.iter().copied());
        self.moderation.append(other.moderation);
        self.toxic.append(other.toxic);
        self.tags.append(other.tags);
        self.extra.append(other.extra);
        self.conv_a_len.extend(other.conv_a_len.iter().copied());
        let msg_base = self.messages.len() as u32;
        self.msg_ends.extend(other.msg_ends.iter().map(|e| e + msg_base));
        let text_base = self.text.len() as u64;
        let mut start = 0;
        for &end in &other.msg_ends {
            let spans = other.messages.slice(start..end as usize).iter();
            self.messages.push_group(
                spans.map(|m| MessageSpan::new(m.start() + text_base, m.len, roles[m.role as usize] as u16, m.is_user)),
            );
            start = end as usize;
        }
        self.text.append(other.text);
    }

    /// Gives back the room that growing by doubling left unused (once, when loading ends).
    pub(super) fn shrink_to_fit(&mut self) {
        self.question_ids.shrink_to_fit();
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

    #[test]
    fn extra_values_past_4_gib_keep_their_ends() {
        // Cells as if their values ended past 4 GiB, without holding 4 GiB: ends checked only.
        let mut e = ExtraColumns::default();
        let big = 1u64 << 32;
        for end in [5, big - 1, big, big + 7, 3 * big + 1, 3 * big + 1] {
            e.push_cell(0, end);
        }
        let ends: Vec<u64> = (0..6).map(|c| e.end(c) as u64).collect();
        assert_eq!(ends, [5, big - 1, big, big + 7, 3 * big + 1, 3 * big + 1]);
        assert_eq!(e.wraps, [2, 4, 4]);
        assert_eq!(std::mem::size_of::<ExtraCell>(), 8);
    }
}
