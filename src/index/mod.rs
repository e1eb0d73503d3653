//! The in-memory index of battles: interned names, per-battle facets in compact columns, and
//! all message text in a few large buffers (one per loaded piece, addressed by one global
//! offset space) that full-text scans run over.
//!
//! `ids` holds the typed ids, `text` the text storage, `table` the columns, `build` the way rows
//! get in; this file is the read side every other module uses.

mod build;
pub mod cache;
mod column;
pub mod fold;
mod ids;
mod memory;
mod packed;
mod qids;
mod table;
mod text;
pub mod trigram;

use std::ops::Range;
use std::path::PathBuf;
use std::sync::OnceLock;

use crate::model::{Battle, ConvMeta, Message, Moderation, Release, ReleaseTags, ToxicTags, Winner};

pub use build::BattleFacets;
pub use ids::{BattleId, JudgeId, LanguageId, ModelId, Side};
pub use qids::QuestionId;
pub use table::BattleTable;
pub use text::{FoldOverlay, MessageSpan, SearchText, SegmentedBytes, TextKind, TextSegments};

pub use column::Column;
use ids::some_id;

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
    /// The folded text of the battles that need it (see [`Index::folded_text`]).
    folded: OnceLock<FoldOverlay>,
    trigrams: crate::index::trigram::LazyFilter,
    /// Style counts computed from the text, for battles whose file has no `conv_metadata`.
    computed_style: OnceLock<Vec<ConvMeta>>,
    /// Whether deduplication with the defaults keeps each battle (`dedup:` queries).
    dedup_kept: OnceLock<Vec<bool>>,
    pub info: DatasetInfo,
}

impl Index {
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

    pub fn question_id(&self, b: BattleId) -> QuestionId<'_> {
        self.table.question_ids.get(b.index())
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

    pub fn model_ids_a(&self) -> &Column<u32> {
        &self.table.model_a
    }

    pub fn model_ids_b(&self) -> &Column<u32> {
        &self.table.model_b
    }

    pub fn winner(&self, b: BattleId) -> Winner {
        self.table.winner[b.index()]
    }

    pub fn winners(&self) -> &Column<Winner> {
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
    pub fn tstamps(&self) -> &Column<f64> {
        &self.table.tstamp
    }

    pub fn moderation(&self, b: BattleId) -> Option<Moderation> {
        self.table.moderation.get(b.index()).map(|m| m.unpack())
    }

    pub fn moderation_flagged(&self, b: BattleId) -> Option<bool> {
        self.moderation(b).and_then(|m| m.flagged)
    }

    pub fn toxic(&self, b: BattleId) -> Option<ToxicTags> {
        self.table.toxic.get(b.index()).map(|t| t.unpack())
    }

    pub fn toxic_flagged(&self, b: BattleId) -> Option<bool> {
        self.toxic(b).and_then(|t| t.either_flagged())
    }

    // --- text ------------------------------------------------------------------------------

    /// Every message of a battle: conversation A, then conversation B.
    pub fn messages(&self, b: BattleId) -> &[MessageSpan] {
        self.table.messages.slice(self.message_range(b))
    }

    /// Positions of the battle's messages among all battles' messages.
    pub fn message_range(&self, b: BattleId) -> Range<usize> {
        let i = b.index();
        let start = if i == 0 { 0 } else { self.table.msg_ends[i - 1] as usize };
        start..self.table.msg_ends[i] as usize
    }

    /// The messages of battles `battles`, in order.
    pub fn messages_of(&self, battles: Range<u32>) -> impl Iterator<Item = &MessageSpan> + Clone + '_ {
        battles.flat_map(|b| self.messages(BattleId(b)))
    }

    /// The battle owning message number `m` (a position among all battles' messages, as in [`Index::message_range`]).
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
        // The first message owns its text, so it starts lowest; a later one may share an
        // earlier one's text (a user turn kept once), so the end is the largest end.
        let msgs = self.messages(b);
        match msgs.first() {
            Some(f) => f.start() as usize..msgs.iter().map(|m| m.range().end).max().unwrap_or(0),
            None => 0..0,
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

    /// [`Index::text`] as searches see it: case-folded with [`crate::index::fold`] (same length,
    /// same offsets) in the battles where folding changes more than ASCII case, the original
    /// elsewhere (see [`TextKind`]). The folded part is built on first use (on all cores) so
    /// that commands without text search never pay for it.
    pub fn folded_text(&self) -> SearchText<'_> {
        let overlay = self.folded.get_or_init(|| self.fold_text());
        SearchText { text: self.text(), overlay }
    }

    /// Finds and folds the battles that need it, as [`Index::folded_text`] does once (for
    /// benchmarks).
    pub fn fold_text(&self) -> FoldOverlay {
        use rayon::prelude::*;
        let need: Vec<bool> = (0..self.len() as u32)
            .into_par_iter()
            .with_min_len(256)
            .map(|b| text::needs_fold(self.table.text.get(self.battle_text_range(BattleId(b)))))
            .collect();
        let ranges = self.battle_ids().filter(|b| need[b.index()]).map(|b| self.battle_text_range(b));
        FoldOverlay::build(&self.table.text, ranges)
    }

    /// The text as [`Index::folded_text`] would be before any folding: the original throughout
    /// (searching it is right for needles without non-ASCII letters; see [`TextKind`]).
    pub fn unfolded_text(&self) -> SearchText<'_> {
        SearchText { text: self.text(), overlay: &text::NO_FOLD }
    }

    /// [`Index::folded_text`] if some search already built it.
    pub fn folded_text_if_built(&self) -> Option<SearchText<'_>> {
        self.folded.get().is_some().then(|| self.folded_text())
    }

    /// One message's text as searches see it (see [`Index::folded_text`]), if some search
    /// already built the folded part.
    pub fn folded_message_if_built(&self, m: &MessageSpan) -> Option<(TextKind, &[u8])> {
        let overlay = self.folded.get()?;
        Some(SearchText { text: self.text(), overlay }.get_with_kind(m.range()))
    }

    /// Which battles may contain a needle (see [`crate::index::trigram`]), built now if need be
    /// (the TUI may call this in the background after loading).
    pub fn trigram_filter(&self) -> &crate::index::trigram::TrigramFilter {
        self.trigrams.get_or_build(|| self.build_trigram_filter())
    }

    /// The trigram filter for one text search: none for the first search, built for the
    /// second (see [`crate::index::trigram::LazyFilter`]).
    pub fn trigram_filter_for_search(&self) -> Option<&crate::index::trigram::TrigramFilter> {
        self.trigrams.for_search(|| self.build_trigram_filter())
    }

    /// Uses `filter` as the trigram filter, or none ever when `None` (benches compare search
    /// with filters of other sizes and without one). Before any search has built one.
    #[cfg(feature = "testkit")]
    pub fn with_trigram_filter(mut self, filter: Option<crate::index::trigram::TrigramFilter>) -> Index {
        self.trigrams = crate::index::trigram::LazyFilter::never();
        if let Some(f) = filter {
            self.trigrams.set(f);
        }
        self
    }

    /// Built from the text as searches see it (see [`Index::folded_text`]). When no search has
    /// folded the text yet, the battles that need folding are folded one at a time into a
    /// scratch buffer: the folded copy (46 MiB on the 140k-sized file with long answers) is
    /// then made only by a search for a needle with non-ASCII letters, never for the filter.
    fn build_trigram_filter(&self) -> crate::index::trigram::TrigramFilter {
        use crate::index::trigram::{Sizing, TrigramFilter};
        let range = |b: usize| self.battle_text_range(BattleId(b as u32));
        if let Some(folded) = self.folded_text_if_built() {
            return TrigramFilter::build(self.len(), |b| folded.get(range(b)));
        }
        thread_local! {
            static SCRATCH: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        TrigramFilter::build_visiting(self.len(), Sizing::default(), |b, visit| {
            let text = self.table.text.get(range(b));
            if !text::needs_fold(text) {
                return visit(text.as_bytes());
            }
            SCRATCH.with_borrow_mut(|buf| {
                buf.clear();
                buf.resize(text.len(), 0);
                crate::index::fold::fold_into(text, buf);
                visit(buf);
            });
        })
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
    pub fn tags(&self, b: BattleId) -> ReleaseTags {
        self.table.tags.get(b.index()).unwrap_or_default()
    }

    /// `conv_metadata` as the file holds it (the part of [`Index::tags`] style paths read).
    pub fn file_style(&self, b: BattleId) -> Option<ConvMeta> {
        self.table.tags.meta(b.index())
    }

    /// Columns of the file that no other field holds, `(name, value)`.
    pub fn extra(&self, b: BattleId) -> impl ExactSizeIterator<Item = (&str, &str)> + Clone + '_ {
        self.table.extra.get(b.index())
    }

    /// Style counts for every release: `conv_metadata` where the file has it, else computed
    /// from the answers by FastChat's rules (once, on all cores, on first use).
    pub fn style(&self, b: BattleId) -> ConvMeta {
        if let Some(meta) = self.file_style(b) {
            return meta;
        }
        self.computed_style()[b.index()]
    }

    /// [`Index::style`] of one battle without computing every battle's counts first (for
    /// drawing, which must not stall on the whole dataset): computed for this battle alone
    /// unless the whole set is already there.
    pub fn style_now(&self, b: BattleId) -> ConvMeta {
        if let Some(meta) = self.file_style(b) {
            return meta;
        }
        match self.computed_style.get() {
            Some(all) => all[b.index()],
            None => self.compute_style(b),
        }
    }

    /// `sum_user_tokens` of battle `b`: the file's, else estimated from the prompts alone as
    /// [`Index::style`] estimates it (for `category:long`, which needs no markdown counts).
    pub fn user_tokens(&self, b: BattleId) -> u32 {
        if let Some(meta) = self.file_style(b) {
            return meta.user_tokens;
        }
        if let Some(all) = self.computed_style.get() {
            return all[b.index()].user_tokens;
        }
        self.conversation(b, Side::A)
            .iter()
            .filter(|m| m.is_user)
            .fold(0u32, |n, m| n.saturating_add(crate::markdown::estimate_tokens(self.message_text(m))))
    }

    /// Whether deduplication (FastChat's rule with the published leaderboard's q 0.999 and seed
    /// 42, or the file's `dedup_tag`) keeps battle `b`; computed once, on first use.
    pub fn dedup_kept(&self, b: BattleId) -> bool {
        use crate::rating::dedup::{DEFAULT_QUANTILE, DEFAULT_SEED, dedup};
        self.dedup_kept.get_or_init(|| dedup(self, DEFAULT_QUANTILE, DEFAULT_SEED).kept)[b.index()]
    }

    /// True when at least one battle carries `conv_metadata` from its file.
    pub fn has_file_style(&self) -> bool {
        self.table.tags.any_meta()
    }

    fn computed_style(&self) -> &[ConvMeta] {
        self.computed_style.get_or_init(|| {
            use rayon::prelude::*;
            (0..self.len() as u32)
                .into_par_iter()
                .map(|i| {
                    let b = BattleId(i);
                    if self.file_style(b).is_some() {
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
            openai_moderation: self.moderation(b),
            toxic_chat_tag: self.toxic(b),
            tags: self.tags(b),
            extra: self.extra(b).map(|(k, v)| (k.to_owned(), v.to_owned())).collect(),
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
        crate::address::format(&self.question_id(b), self.occurrence(b))
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
                    let want = crate::index::fold::fold_str(idx.message_text(m));
                    let (kind, bytes) = idx.folded_message_if_built(m).expect("built");
                    let seen = match kind {
                        TextKind::Folded => bytes.to_vec(),
                        TextKind::Original => bytes.to_ascii_lowercase(),
                    };
                    assert_eq!(seen, want.as_bytes());
                    assert_eq!(
                        kind == TextKind::Folded,
                        text::needs_fold(idx.message_text(m)) || {
                            // A message without such letters is folded when its battle has some.
                            text::needs_fold(idx.table.text.get(idx.battle_text_range(b)))
                        }
                    );
                    assert_eq!(folded.get(m.range()), bytes);
                }
            }
        }
    }

    #[test]
    fn the_trigram_filter_is_the_same_whether_or_not_a_search_folded_the_text_first() {
        // Enough battles (with Cyrillic and Greek capitals) that the filter keeps its groups.
        let mut rows = crate::synth::generate(2_000, 7);
        rows.extend(crate::fixtures::varied());
        let early = Index::from_battles(&rows, DatasetInfo::default());
        let filter = early.trigram_filter();
        assert!(early.folded_text_if_built().is_none(), "the filter alone makes no folded copy");
        let late = Index::from_battles(&rows, DatasetInfo::default());
        let _ = late.folded_text();
        let from_folded = late.trigram_filter();
        // Needles with capitals that only Unicode folding lowers, and plain ones.
        let needles = ["grüße aus ägypten", "σίσυφος", "straße", "привет", "pyarrow", "hallo", "parquet file"];
        let mut kept = 0;
        for needle in needles {
            let buckets = crate::index::trigram::TrigramFilter::needle_buckets(needle.as_bytes()).expect("long");
            for g in 0..early.len().div_ceil(64) {
                assert_eq!(filter.group_mask(g, &buckets), from_folded.group_mask(g, &buckets), "{needle}");
            }
            let all: Vec<u32> = (0..early.len() as u32).collect();
            kept += filter.retain_possible(&all, &[&buckets]).len();
        }
        assert!(kept > 0 && kept < needles.len() * early.len() / 2, "the filter prunes: {kept}");
        // The battle with `ÄGYPTEN` and `Σίσυφος` is found by its folded needles.
        let q = crate::query::CompiledQuery::new(&early, "ΣΊΣΥΦΟΣ").expect("query");
        assert_eq!(crate::query::battles_matching(&early, &q, &crate::query::NoReviews).len(), 1);
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
