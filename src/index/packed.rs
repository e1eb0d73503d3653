//! Compact column forms of the per-battle tags (release tags, toxic-chat verdicts): the
//! model's types hold an `Option` per part and a `u32` per count, which costs twice the values.

use crate::model::{CategoryTags, ConvMeta, DedupTag, ReleaseTags, StyleCounts, TaggerVerdict, ToxicTags};

use super::table::Sparse;

/// An `Option<bool>` in 2 bits: 0 none, 1 false, 2 true.
fn opt_bits(v: Option<bool>) -> u16 {
    match v {
        None => 0,
        Some(false) => 1,
        Some(true) => 2,
    }
}

fn bits_opt(bits: u16) -> Option<bool> {
    match bits & 3 {
        1 => Some(false),
        2 => Some(true),
        _ => None,
    }
}

// `PackedTags::flags`.
const META: u16 = 1;
/// The counts did not fit in `u16`: `user_tokens` holds their position in the wide table.
const WIDE: u16 = 1 << 1;
const COMPUTED: u16 = 1 << 2;
const CATEGORIES: u16 = 1 << 3;
const IF_SCORE: u16 = 1 << 4;
const MATH: u32 = 5;
const CREATIVE: u32 = 7;
const CODE: u32 = 9;
const REFUSAL: u32 = 11;
const DEDUP: u16 = 1 << 13;
const HIGH_FREQ: u16 = 1 << 14;
const SAMPLED: u16 = 1 << 15;

/// [`ReleaseTags`] in 56 bytes instead of 112: the style counts as `u16` (the largest in a
/// 140k-sized file is about 20,000 tokens) and every `Option` as bits. Counts that do not fit
/// go whole to [`TagColumn::wide`]: never truncated.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct PackedTags {
    /// Side a, then b: tokens, h1..h6, ordered, unordered, bold.
    counts: [u16; 20],
    /// `sum_user_tokens`; with [`WIDE`], the counts' position in [`TagColumn::wide`].
    user_tokens: u32,
    if_score: i32,
    turns: u16,
    flags: u16,
    criteria_known: u8,
    criteria_true: u8,
}

/// The counts and turns of `m` as `u16`, if they all fit.
fn narrow(m: &ConvMeta) -> Option<([u16; 20], u16)> {
    let mut counts = [0u16; 20];
    for (side, out) in [&m.a, &m.b].into_iter().zip(counts.chunks_exact_mut(10)) {
        let all = [side.tokens].into_iter().chain(side.headers).chain([side.ordered, side.unordered, side.bold]);
        for (o, v) in out.iter_mut().zip(all) {
            *o = u16::try_from(v).ok()?;
        }
    }
    Some((counts, u16::try_from(m.turns).ok()?))
}

fn widen(c: &[u16]) -> StyleCounts {
    let w = |i: usize| u32::from(c[i]);
    StyleCounts {
        tokens: w(0),
        headers: [w(1), w(2), w(3), w(4), w(5), w(6)],
        ordered: w(7),
        unordered: w(8),
        bold: w(9),
    }
}

/// The release tags of every battle: only battles with some tag hold a value (the 2023
/// release has none), packed (see [`PackedTags`]).
#[derive(Debug, Clone, Default)]
pub(super) struct TagColumn {
    pub(super) sparse: Sparse<PackedTags>,
    /// The style counts too large for [`PackedTags`] (none in the published releases).
    pub(super) wide: Vec<ConvMeta>,
}

impl TagColumn {
    pub(super) fn push(&mut self, tags: Option<ReleaseTags>) {
        let packed = tags.map(|t| pack(t, &mut self.wide));
        self.sparse.push(packed);
    }

    pub(super) fn get(&self, i: usize) -> Option<ReleaseTags> {
        self.sparse.get(i).map(|p| self.unpack(p))
    }

    /// Only the `conv_metadata` part of [`TagColumn::get`] (style paths read nothing else).
    pub(super) fn meta(&self, i: usize) -> Option<ConvMeta> {
        self.sparse.get(i).and_then(|p| self.unpack_meta(p))
    }

    pub(super) fn any_meta(&self) -> bool {
        self.sparse.values().any(|p| p.flags & META != 0)
    }

    pub(super) fn unpack(&self, p: &PackedTags) -> ReleaseTags {
        let f = p.flags;
        ReleaseTags {
            meta: self.unpack_meta(p),
            categories: (f & CATEGORIES != 0).then(|| CategoryTags {
                criteria_known: p.criteria_known,
                criteria_true: p.criteria_true,
                if_score: (f & IF_SCORE != 0).then_some(p.if_score),
                math: bits_opt(f >> MATH),
                creative_writing: bits_opt(f >> CREATIVE),
            }),
            is_code: bits_opt(f >> CODE),
            is_refusal: bits_opt(f >> REFUSAL),
            dedup: (f & DEDUP != 0).then_some(DedupTag { high_freq: f & HIGH_FREQ != 0, sampled: f & SAMPLED != 0 }),
        }
    }

    fn unpack_meta(&self, p: &PackedTags) -> Option<ConvMeta> {
        if p.flags & META == 0 {
            return None;
        }
        if p.flags & WIDE != 0 {
            return self.wide.get(p.user_tokens as usize).copied();
        }
        Some(ConvMeta {
            a: widen(&p.counts[..10]),
            b: widen(&p.counts[10..]),
            user_tokens: p.user_tokens,
            turns: u32::from(p.turns),
            computed: p.flags & COMPUTED != 0,
        })
    }

    pub(super) fn append(&mut self, other: TagColumn) {
        let base = self.wide.len() as u32;
        let mut sparse = other.sparse;
        if base > 0 && !other.wide.is_empty() {
            sparse.values.update(|p| {
                if p.flags & WIDE != 0 {
                    p.user_tokens += base;
                }
            });
        }
        self.sparse.append(sparse);
        self.wide.extend(other.wide);
    }

    pub(super) fn reserve(&mut self, n: usize) {
        self.sparse.reserve(n);
    }

    pub(super) fn shrink_to_fit(&mut self) {
        self.sparse.shrink_to_fit();
        self.wide.shrink_to_fit();
    }

    pub(super) fn heap_bytes(&self) -> usize {
        self.sparse.heap_bytes() + self.wide.len() * std::mem::size_of::<ConvMeta>()
    }
}

/// Packs `t`, moving its counts to `wide` if they do not fit.
pub(super) fn pack(t: ReleaseTags, wide: &mut Vec<ConvMeta>) -> PackedTags {
    let mut p = PackedTags {
        counts: [0; 20],
        user_tokens: 0,
        if_score: 0,
        turns: 0,
        flags: opt_bits(t.is_code) << CODE | opt_bits(t.is_refusal) << REFUSAL,
        criteria_known: 0,
        criteria_true: 0,
    };
    if let Some(m) = t.meta {
        p.flags |= META | if m.computed { COMPUTED } else { 0 };
        match narrow(&m) {
            Some((counts, turns)) => (p.counts, p.turns, p.user_tokens) = (counts, turns, m.user_tokens),
            None => {
                p.flags |= WIDE;
                p.user_tokens = wide.len() as u32;
                wide.push(m);
            }
        }
    }
    if let Some(c) = t.categories {
        p.flags |= CATEGORIES | opt_bits(c.math) << MATH | opt_bits(c.creative_writing) << CREATIVE;
        (p.criteria_known, p.criteria_true) = (c.criteria_known, c.criteria_true);
        if let Some(s) = c.if_score {
            p.flags |= IF_SCORE;
            p.if_score = s;
        }
    }
    if let Some(d) = t.dedup {
        p.flags |= DEDUP | if d.high_freq { HIGH_FREQ } else { 0 } | if d.sampled { SAMPLED } else { 0 };
    }
    p
}

/// [`ToxicTags`] in 17 bytes instead of 48: the two scores as bytes (no alignment padding)
/// and, per tagger, 4 bits: present, flagged (2 bits), score present.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct PackedToxic {
    scores: [[u8; 8]; 2],
    flags: u8,
}

impl From<ToxicTags> for PackedToxic {
    fn from(t: ToxicTags) -> Self {
        let mut p = PackedToxic { scores: [[0; 8]; 2], flags: 0 };
        for (i, v) in [t.roberta, t.t5].into_iter().enumerate() {
            if let Some(v) = v {
                let bits = 1 | opt_bits(v.flagged) << 1 | u16::from(v.score.is_some()) << 3;
                p.flags |= (bits as u8) << (4 * i);
                p.scores[i] = v.score.unwrap_or(0.0).to_le_bytes();
            }
        }
        p
    }
}

impl PackedToxic {
    pub(super) fn unpack(&self) -> ToxicTags {
        let tagger = |i: usize| {
            let bits = u16::from(self.flags >> (4 * i));
            (bits & 1 != 0).then(|| TaggerVerdict {
                flagged: bits_opt(bits >> 1),
                score: (bits & 8 != 0).then(|| f64::from_le_bytes(self.scores[i])),
            })
        };
        ToxicTags { roberta: tagger(0), t5: tagger(1) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(tokens: u32, bold: u32) -> ConvMeta {
        let a = StyleCounts { tokens, headers: [1, 2, 3, 4, 5, 6], ordered: 7, unordered: 8, bold };
        ConvMeta { a, b: StyleCounts { tokens: 9, ..a }, user_tokens: 70_000, turns: 3, computed: false }
    }

    #[test]
    fn release_tags_round_trip_and_large_counts_go_wide_unchanged() {
        let cats = CategoryTags {
            criteria_known: 0x7f,
            criteria_true: 0x15,
            if_score: Some(-4),
            math: Some(false),
            creative_writing: Some(true),
        };
        let all = [
            ReleaseTags::default(),
            ReleaseTags { meta: Some(meta(19_396, 272)), ..Default::default() },
            ReleaseTags { meta: Some(ConvMeta { computed: true, ..meta(0, 0) }), ..Default::default() },
            ReleaseTags {
                meta: Some(meta(70_000, 3)),
                categories: Some(cats),
                is_code: Some(true),
                is_refusal: Some(false),
                dedup: Some(DedupTag { high_freq: true, sampled: false }),
            },
            ReleaseTags { categories: Some(CategoryTags { if_score: None, ..cats }), ..Default::default() },
            ReleaseTags {
                meta: Some(meta(5, u32::MAX)),
                dedup: Some(DedupTag { high_freq: false, sampled: true }),
                ..Default::default()
            },
            ReleaseTags { meta: Some(ConvMeta { turns: 65_536, ..meta(1, 1) }), ..Default::default() },
        ];
        let mut col = TagColumn::default();
        for t in all {
            col.push(Some(t));
        }
        col.push(None);
        let mut other = TagColumn::default();
        other.push(Some(all[3]));
        other.push(Some(all[1]));
        col.append(other);
        assert_eq!(col.wide.len(), 4, "70,000 tokens, a u32::MAX count, 65,536 turns, and the appended one");
        let want: Vec<Option<ReleaseTags>> =
            all.iter().copied().map(Some).chain([None, Some(all[3]), Some(all[1])]).collect();
        let got: Vec<_> = (0..want.len()).map(|i| col.get(i)).collect();
        assert_eq!(got, want);
        assert_eq!(col.meta(3), all[3].meta);
        assert!(col.any_meta());
        assert_eq!(std::mem::size_of::<PackedTags>(), 56);
    }

    #[test]
    fn toxic_tags_round_trip() {
        let v = |flagged, score| Some(TaggerVerdict { flagged, score });
        for t in [
            ToxicTags::default(),
            ToxicTags { roberta: v(Some(true), Some(0.75)), t5: v(None, None) },
            ToxicTags { roberta: v(None, Some(-0.0)), t5: v(Some(false), Some(1e-300)) },
            ToxicTags { roberta: None, t5: v(Some(true), Some(f64::MAX)) },
        ] {
            assert_eq!(PackedToxic::from(t).unpack(), t);
        }
        assert_eq!(std::mem::size_of::<PackedToxic>(), 17);
    }
}
