//! The in-memory index of battles: interned names, per-battle facets in compact columns, and
//! all message text in a few large buffers (one per loaded piece, addressed by one global
//! offset space) that full-text scans run over.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::OnceLock;

use crate::intern::Interner;
use crate::model::{Battle, ConvMeta, Message, Moderation, Release, ReleaseTags, ToxicTags, Winner};

/// A battle's position in dataset order (its row number across all loaded files).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BattleId(pub u32);

impl BattleId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ModelId(pub u32);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LanguageId(pub u32);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct JudgeId(pub u32);

const NONE_ID: u32 = u32::MAX;

/// Which conversation a message belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    A,
    B,
}

/// Where one message's text sits in the text buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MessageSpan {
    pub start: u64,
    pub len: u32,
    /// Id in the role interner (see [`Index::role_name`]); `is_user` saves a lookup.
    pub role: u16,
    pub is_user: bool,
}

impl MessageSpan {
    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.start as usize + self.len as usize
    }
}

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

/// Battles in the index layout. Loaders fill one table per piece of input (a row group, a
/// block of lines) in parallel; the pieces are then appended in order.
#[derive(Debug, Default)]
pub struct BattleTable {
    models: Interner,
    languages: Interner,
    judges: Interner,
    roles: Interner,
    question_ids: String,
    /// `question_ids[qid_ends[i-1]..qid_ends[i]]` is battle i's id.
    qid_ends: Vec<u32>,
    model_a: Vec<u32>,
    model_b: Vec<u32>,
    winner: Vec<Winner>,
    judge: Vec<u32>,
    language: Vec<u32>,
    turn: Vec<u32>,
    anony: Vec<Option<bool>>,
    /// Unix seconds; NaN when unknown.
    tstamp: Vec<f64>,
    moderation: Vec<Option<Moderation>>,
    toxic: Vec<Option<ToxicTags>>,
    tags: Vec<ReleaseTags>,
    /// Battle i's extra columns are `extra[extra_ends[i-1]..extra_ends[i]]`.
    extra_ends: Vec<u32>,
    extra: Vec<(String, String)>,
    /// Battle i's messages are `messages[msg_ends[i-1]..msg_ends[i]]`: conversation A, then B.
    msg_ends: Vec<u32>,
    /// Number of conversation-A messages of each battle.
    conv_a_len: Vec<u32>,
    messages: Vec<MessageSpan>,
    text: TextSegments,
}

/// Message text as segments laid end to end in one offset space: segment i covers
/// `starts[i]..starts[i] + segments[i].len()`. Loaded pieces become segments as they are,
/// without being copied again; a battle's text never spans two segments.
#[derive(Debug, Default)]
pub struct TextSegments {
    segments: Vec<String>,
    starts: Vec<u64>,
    len: u64,
}

impl TextSegments {
    fn with_capacity(bytes: usize) -> TextSegments {
        TextSegments { segments: vec![String::with_capacity(bytes)], starts: vec![0], len: 0 }
    }

    /// Appends to the last segment; returns where `s` starts.
    fn push_str(&mut self, s: &str) -> u64 {
        if self.segments.is_empty() {
            self.segments.push(String::new());
            self.starts.push(self.len);
        }
        let start = self.len;
        if let Some(last) = self.segments.last_mut() {
            last.push_str(s);
        }
        self.len += s.len() as u64;
        start
    }

    /// Moves `other`'s segments after ours (offsets in `other` shift by our length).
    fn append(&mut self, other: TextSegments) {
        for (mut segment, start) in other.segments.into_iter().zip(other.starts) {
            if segment.is_empty() {
                continue;
            }
            segment.shrink_to_fit();
            self.starts.push(self.len + start);
            self.segments.push(segment);
        }
        self.len += other.len;
    }

    pub fn len(&self) -> usize {
        self.len as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The text of a range that lies within one segment (a message's or a battle's).
    pub fn get(&self, r: Range<usize>) -> &str {
        if self.segments.is_empty() {
            return "";
        }
        let i = segment_of(&self.starts, r.start);
        let base = self.starts[i] as usize;
        &self.segments[i][r.start - base..r.end - base]
    }

    /// The segments as bytes, for scans.
    pub fn bytes(&self) -> SegmentedBytes<'_> {
        SegmentedBytes { segments: self.segments.iter().map(|s| s.as_bytes()).collect(), starts: &self.starts }
    }

    /// Folds every segment (see [`crate::fold`]), on all cores.
    fn folded(&self) -> Vec<Vec<u8>> {
        use rayon::prelude::*;
        self.segments.par_iter().map(|s| crate::fold::fold_parallel(s)).collect()
    }
}

/// The segment holding `offset`, given the segments' start offsets.
fn segment_of(starts: &[u64], offset: usize) -> usize {
    starts.partition_point(|&s| s as usize <= offset).saturating_sub(1)
}

/// A view of segmented text (original or folded) by global byte offsets.
#[derive(Debug, Clone)]
pub struct SegmentedBytes<'a> {
    segments: Vec<&'a [u8]>,
    starts: &'a [u64],
}

impl<'a> SegmentedBytes<'a> {
    /// The bytes of a range that lies within one segment (a message's or a battle's).
    pub fn get(&self, r: Range<usize>) -> &'a [u8] {
        if self.segments.is_empty() {
            return &[];
        }
        let i = segment_of(self.starts, r.start);
        let base = self.starts[i] as usize;
        &self.segments[i][r.start - base..r.end - base]
    }

    /// The parts of a range that may span segments: `(global start, bytes)` in order.
    pub fn parts(&self, r: Range<usize>) -> impl Iterator<Item = (usize, &'a [u8])> + '_ {
        let first = if self.segments.is_empty() { 0 } else { segment_of(self.starts, r.start) };
        (first..self.segments.len()).map_while(move |i| {
            let base = self.starts[i] as usize;
            let seg = self.segments[i];
            let (from, to) = (r.start.max(base), r.end.min(base + seg.len()));
            (from < to).then(|| (from, &seg[from - base..to - base]))
        })
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
        self.moderation.extend_from_slice(&other.moderation);
        self.toxic.extend_from_slice(&other.toxic);
        self.tags.extend_from_slice(&other.tags);
        let extra_base = self.extra.len() as u32;
        self.extra_ends.extend(other.extra_ends.iter().map(|e| e + extra_base));
        self.extra.extend(other.extra);
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
}

/// Where the battles came from, for the status bar and the CLI.
#[derive(Debug, Clone, Default)]
pub struct DatasetInfo {
    /// A short name: the file or folder name, or "sample".
    pub name: String,
    pub paths: Vec<PathBuf>,
    /// Bytes read from disk (compressed size for parquet and gzip).
    pub bytes: u64,
    /// True when this is the small sample embedded in the binary.
    pub is_sample: bool,
    /// The release the columns were recognised as (`None`: not known, or files of several).
    pub release: Option<Release>,
}

/// The loaded dataset. Immutable once built; share it behind an `Arc`.
#[derive(Debug)]
pub struct Index {
    table: BattleTable,
    /// 0 for the first row with a question_id, 1 for its first repeat, ...
    occurrence: Vec<u32>,
    /// The text's segments case-folded (see [`Index::folded_text`]).
    folded: OnceLock<Vec<Vec<u8>>>,
    trigrams: crate::trigram::LazyFilter,
    /// Style counts computed from the text, for battles whose file has no `conv_metadata`.
    computed_style: OnceLock<Vec<ConvMeta>>,
    /// Whether deduplication with the defaults keeps each battle (`dedup:` queries).
    dedup_kept: OnceLock<Vec<bool>>,
    pub info: DatasetInfo,
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

    pub fn len(&self) -> usize {
        self.table.len()
    }

    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }

    pub fn battle_ids(&self) -> impl DoubleEndedIterator<Item = BattleId> + ExactSizeIterator {
        (0..self.len() as u32).map(BattleId)
    }

    // --- names ---------------------------------------------------------------------------

    pub fn models(&self) -> &[String] {
        self.table.models.names()
    }

    pub fn model_name(&self, m: ModelId) -> &str {
        self.table.models.name(m.0)
    }

    pub fn model_id(&self, name: &str) -> Option<ModelId> {
        self.table.models.get(name).map(ModelId)
    }

    pub fn languages(&self) -> &[String] {
        self.table.languages.names()
    }

    pub fn language_name(&self, l: LanguageId) -> &str {
        self.table.languages.name(l.0)
    }

    pub fn judges(&self) -> &[String] {
        self.table.judges.names()
    }

    pub fn judge_name(&self, j: JudgeId) -> &str {
        self.table.judges.name(j.0)
    }

    pub fn role_name(&self, m: &MessageSpan) -> &str {
        self.table.roles.name(m.role as u32)
    }

    // --- per-battle facets -----------------------------------------------------------------

    pub fn question_id(&self, b: BattleId) -> &str {
        let i = b.index();
        let start = if i == 0 { 0 } else { self.table.qid_ends[i - 1] as usize };
        &self.table.question_ids[start..self.table.qid_ends[i] as usize]
    }

    /// Which repeat of its question_id this battle is (0 for the first).
    pub fn occurrence(&self, b: BattleId) -> u32 {
        self.occurrence[b.index()]
    }

    /// How many rows share this battle's question_id.
    pub fn model_a(&self, b: BattleId) -> ModelId {
        ModelId(self.table.model_a[b.index()])
    }

    pub fn model_b(&self, b: BattleId) -> ModelId {
        ModelId(self.table.model_b[b.index()])
    }

    pub fn model_ids_a(&self) -> &[u32] {
        &self.table.model_a
    }

    pub fn model_ids_b(&self) -> &[u32] {
        &self.table.model_b
    }

    pub fn winner(&self, b: BattleId) -> Winner {
        self.table.winner[b.index()]
    }

    pub fn winners(&self) -> &[Winner] {
        &self.table.winner
    }

    pub fn judge(&self, b: BattleId) -> Option<JudgeId> {
        some_id(self.table.judge[b.index()]).map(JudgeId)
    }

    pub fn judge_str(&self, b: BattleId) -> Option<&str> {
        self.judge(b).map(|j| self.judge_name(j))
    }

    pub fn language(&self, b: BattleId) -> Option<LanguageId> {
        some_id(self.table.language[b.index()]).map(LanguageId)
    }

    pub fn language_str(&self, b: BattleId) -> Option<&str> {
        self.language(b).map(|l| self.language_name(l))
    }

    pub fn turn(&self, b: BattleId) -> u32 {
        self.table.turn[b.index()]
    }

    pub fn anony(&self, b: BattleId) -> Option<bool> {
        self.table.anony[b.index()]
    }

    pub fn tstamp(&self, b: BattleId) -> Option<f64> {
        let t = self.table.tstamp[b.index()];
        (!t.is_nan()).then_some(t)
    }

    /// All timestamps in dataset order; NaN where unknown.
    pub fn tstamps(&self) -> &[f64] {
        &self.table.tstamp
    }

    pub fn moderation(&self, b: BattleId) -> Option<&Moderation> {
        self.table.moderation[b.index()].as_ref()
    }

    pub fn moderation_flagged(&self, b: BattleId) -> Option<bool> {
        self.moderation(b).and_then(|m| m.flagged)
    }

    pub fn toxic(&self, b: BattleId) -> Option<&ToxicTags> {
        self.table.toxic[b.index()].as_ref()
    }

    pub fn toxic_flagged(&self, b: BattleId) -> Option<bool> {
        self.toxic(b).and_then(|t| t.either_flagged())
    }

    // --- text ------------------------------------------------------------------------------

    /// Every message of a battle: conversation A, then conversation B.
    pub fn messages(&self, b: BattleId) -> &[MessageSpan] {
        &self.table.messages[self.message_range(b)]
    }

    /// Positions of the battle's messages in [`Index::all_messages`].
    pub fn message_range(&self, b: BattleId) -> Range<usize> {
        let i = b.index();
        let start = if i == 0 { 0 } else { self.table.msg_ends[i - 1] as usize };
        start..self.table.msg_ends[i] as usize
    }

    pub fn all_messages(&self) -> &[MessageSpan] {
        &self.table.messages
    }

    /// The battle owning message number `m` (a position in [`Index::all_messages`]).
    pub fn battle_of_message(&self, m: usize) -> BattleId {
        BattleId(self.table.msg_ends.partition_point(|&end| end as usize <= m) as u32)
    }

    pub fn conversation(&self, b: BattleId, side: Side) -> &[MessageSpan] {
        let all = self.messages(b);
        let a_len = self.table.conv_a_len[b.index()] as usize;
        match side {
            Side::A => &all[..a_len],
            Side::B => &all[a_len..],
        }
    }

    /// The side of the battle's `i`-th message (an index into [`Index::messages`]).
    pub fn side_of(&self, b: BattleId, i: usize) -> Side {
        if i < self.table.conv_a_len[b.index()] as usize { Side::A } else { Side::B }
    }

    pub fn message_text(&self, m: &MessageSpan) -> &str {
        self.table.text.get(m.range())
    }

    /// The byte range of all of a battle's text in [`Index::text`] (within one segment).
    pub fn battle_text_range(&self, b: BattleId) -> Range<usize> {
        let msgs = self.messages(b);
        match (msgs.first(), msgs.last()) {
            (Some(f), Some(l)) => f.start as usize..l.range().end,
            _ => 0..0,
        }
    }

    /// All message text, battles in order, by the offsets of [`MessageSpan`].
    pub fn text(&self) -> SegmentedBytes<'_> {
        self.table.text.bytes()
    }

    /// Total bytes of message text.
    pub fn text_len(&self) -> usize {
        self.table.text.len()
    }

    /// [`Index::text`] case-folded with [`crate::fold`]: same length, same offsets. Built on
    /// first use (on all cores) so that commands without text search never pay for it.
    pub fn folded_text(&self) -> SegmentedBytes<'_> {
        let folded = self.folded.get_or_init(|| self.table.text.folded());
        SegmentedBytes { segments: folded.iter().map(Vec::as_slice).collect(), starts: &self.table.text.starts }
    }

    /// Folds the text afresh, as [`Index::folded_text`] does once (for benchmarks).
    pub fn fold_text(&self) -> Vec<Vec<u8>> {
        self.table.text.folded()
    }

    /// [`Index::folded_text`] if some search already built it.
    pub fn folded_text_if_built(&self) -> Option<SegmentedBytes<'_>> {
        self.folded.get().is_some().then(|| self.folded_text())
    }

    /// One message's folded text, if some search already built the folded text (highlighting
    /// calls this per message, so it skips building a view of every segment).
    pub fn folded_message_if_built(&self, m: &MessageSpan) -> Option<&[u8]> {
        let folded = self.folded.get()?;
        if folded.is_empty() {
            return Some(&[]);
        }
        let starts = &self.table.text.starts;
        let i = segment_of(starts, m.range().start);
        let base = starts[i] as usize;
        Some(&folded[i][m.range().start - base..m.range().end - base])
    }

    /// Which battles may contain a needle (see [`crate::trigram`]), built now if need be
    /// (the TUI may call this in the background after loading).
    pub fn trigram_filter(&self) -> &crate::trigram::TrigramFilter {
        self.trigrams.get_or_build(|| self.build_trigram_filter())
    }

    /// The trigram filter for one text search: none for the first search, built for the
    /// second (see [`crate::trigram::LazyFilter`]).
    pub fn trigram_filter_for_search(&self) -> Option<&crate::trigram::TrigramFilter> {
        self.trigrams.for_search(|| self.build_trigram_filter())
    }

    fn build_trigram_filter(&self) -> crate::trigram::TrigramFilter {
        let folded = self.folded_text();
        crate::trigram::TrigramFilter::build(self.len(), |b| folded.get(self.battle_text_range(BattleId(b as u32))))
    }

    /// The user prompt of the first turn (conversation A's first user message).
    pub fn first_prompt(&self, b: BattleId) -> &str {
        self.conversation(b, Side::A).iter().find(|m| m.is_user).map_or("", |m| self.message_text(m))
    }

    /// Total length in bytes of the assistant answers of one side.
    pub fn answer_bytes(&self, b: BattleId, side: Side) -> usize {
        self.conversation(b, side).iter().filter(|m| !m.is_user).map(|m| m.len as usize).sum()
    }

    /// Categories, `conv_metadata` and tags as the file holds them.
    pub fn tags(&self, b: BattleId) -> &ReleaseTags {
        &self.table.tags[b.index()]
    }

    /// Columns of the file that no other field holds, `(name, value)`.
    pub fn extra(&self, b: BattleId) -> &[(String, String)] {
        let end = self.table.extra_ends[b.index()] as usize;
        let start = if b.index() == 0 { 0 } else { self.table.extra_ends[b.index() - 1] as usize };
        &self.table.extra[start..end]
    }

    /// Style counts for every release: `conv_metadata` where the file has it, else computed
    /// from the answers by FastChat's rules (once, on all cores, on first use).
    pub fn style(&self, b: BattleId) -> ConvMeta {
        if let Some(meta) = self.table.tags[b.index()].meta {
            return meta;
        }
        self.computed_style()[b.index()]
    }

    /// [`Index::style`] of one battle without computing every battle's counts first (for
    /// drawing, which must not stall on the whole dataset): computed for this battle alone
    /// unless the whole set is already there.
    pub fn style_now(&self, b: BattleId) -> ConvMeta {
        if let Some(meta) = self.table.tags[b.index()].meta {
            return meta;
        }
        match self.computed_style.get() {
            Some(all) => all[b.index()],
            None => self.compute_style(b),
        }
    }

    /// Whether deduplication (FastChat's rule with the published leaderboard's q 0.999 and seed
    /// 42, or the file's `dedup_tag`) keeps battle `b`; computed once, on first use.
    pub fn dedup_kept(&self, b: BattleId) -> bool {
        use crate::rating::dedup::{DEFAULT_QUANTILE, DEFAULT_SEED, dedup};
        self.dedup_kept.get_or_init(|| dedup(self, DEFAULT_QUANTILE, DEFAULT_SEED).kept)[b.index()]
    }

    /// True when at least one battle carries `conv_metadata` from its file.
    pub fn has_file_style(&self) -> bool {
        self.table.tags.iter().any(|t| t.meta.is_some())
    }

    fn computed_style(&self) -> &[ConvMeta] {
        self.computed_style.get_or_init(|| {
            use rayon::prelude::*;
            (0..self.len() as u32)
                .into_par_iter()
                .map(|i| {
                    let b = BattleId(i);
                    if self.table.tags[b.index()].meta.is_some() {
                        return ConvMeta::default();
                    }
                    self.compute_style(b)
                })
                .collect()
        })
    }

    /// Style counts of one battle from its text.
    fn compute_style(&self, b: BattleId) -> ConvMeta {
        let texts = |side, user| {
            self.conversation(b, side).iter().filter(move |m| m.is_user == user).map(|m| self.message_text(m))
        };
        crate::markdown::conv_meta(texts(Side::A, false), texts(Side::B, false), texts(Side::A, true))
    }

    /// The battle as an owned row.
    pub fn battle(&self, b: BattleId) -> Battle {
        let conv = |side| {
            self.conversation(b, side)
                .iter()
                .map(|m| Message { role: self.role_name(m).to_owned(), content: self.message_text(m).to_owned() })
                .collect()
        };
        Battle {
            question_id: self.question_id(b).to_owned(),
            model_a: self.model_name(self.model_a(b)).to_owned(),
            model_b: self.model_name(self.model_b(b)).to_owned(),
            winner: self.winner(b),
            judge: self.judge_str(b).map(str::to_owned),
            conversation_a: conv(Side::A),
            conversation_b: conv(Side::B),
            turn: self.turn(b),
            anony: self.anony(b),
            language: self.language_str(b).map(str::to_owned),
            tstamp: self.tstamp(b),
            openai_moderation: self.moderation(b).copied(),
            toxic_chat_tag: self.toxic(b).copied(),
            tags: *self.tags(b),
            extra: self.extra(b).to_vec(),
        }
    }

    /// Finds a battle by its address (see [`crate::address`]): `question_id` or
    /// `question_id#N` (N counts repeats from 1), with `\#` for a `#` inside the id.
    pub fn find_battle(&self, id: &str) -> Option<BattleId> {
        let (qid, occurrence) = crate::address::parse(id)?;
        self.battle_ids().find(|&b| self.occurrence(b) == occurrence && self.question_id(b) == qid)
    }

    /// The address a user types for a battle (see [`crate::address`]): `question_id`, or
    /// `question_id#N` for the N-th repeat; unique even when ids themselves contain `#`.
    pub fn battle_label(&self, b: BattleId) -> String {
        crate::address::format(self.question_id(b), self.occurrence(b))
    }

    /// A 64-bit fingerprint of the content (ids, models, votes, times, text lengths), the same
    /// whatever file format or file name the data came in.
    pub fn fingerprint(&self) -> u64 {
        let mut h = Fnv64::new();
        for b in self.battle_ids() {
            h.write(self.question_id(b).as_bytes());
            h.write(self.model_name(self.model_a(b)).as_bytes());
            h.write(self.model_name(self.model_b(b)).as_bytes());
            h.write(self.winner(b).as_str().as_bytes());
            h.write(&self.table.tstamp[b.index()].to_bits().to_le_bytes());
            for m in self.messages(b) {
                h.write(&m.len.to_le_bytes());
            }
        }
        h.finish()
    }
}

fn pairs(messages: &[Message]) -> impl Iterator<Item = (&str, &str)> {
    messages.iter().map(|m| (m.role.as_str(), m.content.as_str()))
}

fn some_id(id: u32) -> Option<u32> {
    (id != NONE_ID).then_some(id)
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

/// FNV-1a, written out so that fingerprints never change with the Rust version.
struct Fnv64(u64);

impl Fnv64 {
    fn new() -> Self {
        Fnv64(0xcbf2_9ce4_8422_2325)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= b as u64;
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
        // A separator so that ("ab","c") and ("a","bc") differ.
        self.0 ^= 0xff;
        self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::battle;

    #[test]
    fn one_battles_style_now_matches_and_computes_no_other() {
        let rows = crate::fixtures::later_releases();
        let index = Index::from_battles(&rows, DatasetInfo::default());
        let now: Vec<ConvMeta> = index.battle_ids().map(|b| index.style_now(b)).collect();
        assert!(index.computed_style.get().is_none(), "drawing one battle must not compute them all");
        let all: Vec<ConvMeta> = index.battle_ids().map(|b| index.style(b)).collect();
        assert_eq!(now, all);
        assert!(!now[0].computed && now[2].computed, "the file's counts, else the text's");
    }

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
    fn text_segments_address_one_offset_space() {
        let mut t = TextSegments::default();
        assert_eq!(t.get(0..0), "");
        assert_eq!(t.push_str("abc"), 0);
        let mut piece = TextSegments::with_capacity(8);
        assert_eq!(piece.push_str("defg"), 0);
        t.append(piece);
        t.append(TextSegments::default());
        let mut empty = TextSegments::with_capacity(4);
        empty.push_str("");
        t.append(empty);
        let mut last = TextSegments::default();
        last.push_str("hi");
        t.append(last);
        assert_eq!(t.len(), 9);
        assert_eq!((t.get(0..3), t.get(3..7), t.get(7..9), t.get(9..9)), ("abc", "defg", "hi", ""));
        let b = t.bytes();
        let parts: Vec<_> = b.parts(1..8).map(|(at, p)| (at, std::str::from_utf8(p).unwrap())).collect();
        assert_eq!(parts, [(1, "bc"), (3, "defg"), (7, "h")]);
        assert_eq!(b.parts(4..6).collect::<Vec<_>>(), [(4, &b"ef"[..])]);
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
    fn folded_messages_match_the_folded_text_across_segments() {
        let mut rows = crate::fixtures::varied();
        // A battle with no text at all: its piece adds no segment.
        let mut empty = rows[0].clone();
        for m in empty.conversation_a.iter_mut().chain(empty.conversation_b.iter_mut()) {
            m.content.clear();
        }
        rows.insert(1, empty.clone());
        for idx in [Index::from_battle_pieces(&rows, 1, DatasetInfo::default()), {
            Index::from_battles(&[empty], DatasetInfo::default())
        }] {
            let b = BattleId(idx.len() as u32 - 1);
            assert_eq!(idx.folded_message_if_built(&idx.messages(b)[0]), None, "not built yet");
            let folded = idx.folded_text();
            for b in idx.battle_ids() {
                for m in idx.messages(b) {
                    let want = crate::fold::fold_str(idx.message_text(m));
                    assert_eq!(idx.folded_message_if_built(m), Some(want.as_bytes()));
                    assert_eq!(folded.get(m.range()), want.as_bytes());
                }
            }
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

    #[test]
    fn fingerprint_depends_on_content_only() {
        let rows = vec![battle("x", "a", "b"), battle("y", "a", "b")];
        let one = Index::from_battles(&rows, DatasetInfo { name: "one".into(), ..Default::default() });
        let two = Index::from_battles(&rows, DatasetInfo { name: "two".into(), ..Default::default() });
        assert_eq!(one.fingerprint(), two.fingerprint());
        let other = Index::from_battles(&rows[..1], DatasetInfo::default());
        assert_ne!(one.fingerprint(), other.fingerprint());
    }
}
