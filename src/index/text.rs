//! Message text storage: every message's text in a few large buffers (one per loaded piece)
//! addressed by one global offset space, and the spans that locate each message in it.

use std::ops::Range;
use std::sync::Arc;

/// Where one message's text sits in the text buffer: 12 bytes (a `u64` start made it 16, and
/// there is one per message).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MessageSpan {
    /// The start's low 32 bits; `start_high` holds bits 32..40 (offsets up to 1 TiB: the text
    /// is held in memory, so a larger offset cannot be reached).
    start_low: u32,
    pub len: u32,
    /// Id in the role interner (see [`Index::role_name`]); `is_user` saves a lookup.
    pub role: u16,
    pub is_user: bool,
    start_high: u8,
}

impl MessageSpan {
    pub fn new(start: u64, len: u32, role: u16, is_user: bool) -> MessageSpan {
        debug_assert!(start >> 40 == 0, "text offsets are below 1 TiB");
        MessageSpan { start_low: start as u32, len, role, is_user, start_high: (start >> 32) as u8 }
    }

    /// Where the text starts in [`crate::index::Index::text`].
    pub fn start(&self) -> u64 {
        u64::from(self.start_high) << 32 | u64::from(self.start_low)
    }

    pub fn range(&self) -> Range<usize> {
        let start = self.start() as usize;
        start..start + self.len as usize
    }
}

/// Message text as segments laid end to end in one offset space: segment i covers
/// `starts[i]..starts[i] + segments[i].len()`. Loaded pieces become segments as they are,
/// without being copied again; a battle's text never spans two segments. Segments are shared
/// (`Arc`): a clone of the table (a snapshot of a load in progress) copies no text.
#[derive(Debug, Default, Clone)]
pub struct TextSegments {
    pub(super) segments: Vec<Arc<String>>,
    pub(super) starts: Vec<u64>,
    len: u64,
}

impl TextSegments {
    /// Segments read back from a cache: `None` unless each starts at or after the previous
    /// one's end and all end by `len`, so every offset lookup stays inside one segment.
    pub(super) fn from_parts(segments: Vec<String>, starts: Vec<u64>, len: u64) -> Option<TextSegments> {
        if segments.len() != starts.len() {
            return None;
        }
        let mut end = 0u64;
        for (s, &start) in segments.iter().zip(&starts) {
            if start < end {
                return None;
            }
            end = start.checked_add(s.len() as u64)?;
        }
        (end <= len).then(|| TextSegments { segments: segments.into_iter().map(Arc::new).collect(), starts, len })
    }

    pub(super) fn with_capacity(bytes: usize) -> TextSegments {
        TextSegments { segments: vec![Arc::new(String::with_capacity(bytes))], starts: vec![0], len: 0 }
    }

    /// Appends to the last segment; returns where `s` starts.
    pub(super) fn push_str(&mut self, s: &str) -> u64 {
        if self.segments.is_empty() {
            self.segments.push(Arc::default());
            self.starts.push(self.len);
        }
        let start = self.len;
        if let Some(last) = self.segments.last_mut() {
            // Unshared while a piece is built: no copy.
            Arc::make_mut(last).push_str(s);
        }
        self.len += s.len() as u64;
        start
    }

    /// Moves `other`'s segments after ours (offsets in `other` shift by our length).
    pub(super) fn append(&mut self, other: TextSegments) {
        for (mut segment, start) in other.segments.into_iter().zip(other.starts) {
            if segment.is_empty() {
                continue;
            }
            if let Some(s) = Arc::get_mut(&mut segment) {
                s.shrink_to_fit();
            }
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
}

/// The segment holding `offset`, given the segments' start offsets.
pub(super) fn segment_of(starts: &[u64], offset: usize) -> usize {
    starts.partition_point(|&s| s as usize <= offset).saturating_sub(1)
}

/// A view of segmented text (original or folded) by global byte offsets.
#[derive(Debug, Clone)]
pub struct SegmentedBytes<'a> {
    pub(super) segments: Vec<&'a [u8]>,
    pub(super) starts: &'a [u64],
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

/// How the bytes of a part of [`SearchText`] relate to the case-folded text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    /// Folded text (see [`crate::index::fold`]).
    Folded,
    /// The original text, where folding would change ASCII letters only: searching it for a
    /// folded needle while ignoring ASCII case finds exactly what the folded text would.
    Original,
}

/// The folded text of the battles whose text has a non-ASCII letter that folding changes,
/// the only ones whose folded text differs from the original by more than ASCII case. The
/// rest of the text is searched as it is, so the folded copy is small (one copy of all the
/// text cost as much memory as the text itself).
#[derive(Debug, Default)]
pub struct FoldOverlay {
    /// Sorted, disjoint ranges of the global offset space, each with where its folded bytes
    /// start in `bytes`.
    regions: Vec<FoldRegion>,
    bytes: Vec<u8>,
}

/// An overlay that folds nothing.
pub(super) static NO_FOLD: FoldOverlay = FoldOverlay { regions: Vec::new(), bytes: Vec::new() };

#[derive(Debug, Clone, Copy)]
struct FoldRegion {
    start: u64,
    end: u64,
    at: u64,
}

/// Whether the folded form of `s` differs from its ASCII lower case.
pub fn needs_fold(s: &str) -> bool {
    !s.is_ascii() && s.chars().any(|c| !c.is_ascii() && crate::index::fold::fold_char(c) != c)
}

impl FoldOverlay {
    /// Folds the given ranges of `text` (sorted, disjoint; each within one segment), merging
    /// ranges that touch.
    pub(super) fn build(text: &TextSegments, ranges: impl Iterator<Item = Range<usize>>) -> FoldOverlay {
        use rayon::prelude::*;
        let mut regions: Vec<FoldRegion> = Vec::new();
        let mut parts: Vec<Range<usize>> = Vec::new();
        let mut at = 0u64;
        for r in ranges.filter(|r| !r.is_empty()) {
            match regions.last_mut() {
                Some(last) if last.end == r.start as u64 => last.end = r.end as u64,
                _ => regions.push(FoldRegion { start: r.start as u64, end: r.end as u64, at }),
            }
            at += r.len() as u64;
            parts.push(r);
        }
        let mut bytes = vec![0u8; at as usize];
        let mut rest: &mut [u8] = &mut bytes;
        let mut jobs = Vec::with_capacity(parts.len());
        for r in parts {
            let (head, tail) = rest.split_at_mut(r.len());
            jobs.push((text.get(r), head));
            rest = tail;
        }
        jobs.into_par_iter().for_each(|(s, d)| crate::index::fold::fold_into(s, d));
        FoldOverlay { regions, bytes }
    }

    /// Bytes of folded text held.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The region holding `offset`, if any.
    fn region_of(&self, offset: usize) -> Option<&FoldRegion> {
        let i = self.regions.partition_point(|r| r.end as usize <= offset);
        self.regions.get(i).filter(|r| r.start as usize <= offset)
    }
}

/// The text as searches see it: the folded text where folding changes more than ASCII case
/// ([`FoldOverlay`]), the original elsewhere.
#[derive(Debug, Clone)]
pub struct SearchText<'a> {
    pub(super) text: SegmentedBytes<'a>,
    pub(super) overlay: &'a FoldOverlay,
}

impl<'a> SearchText<'a> {
    /// The bytes of a range that lies within one battle, and their kind.
    pub fn get_with_kind(&self, r: Range<usize>) -> (TextKind, &'a [u8]) {
        match self.overlay.region_of(r.start) {
            Some(reg) if r.end <= reg.end as usize => {
                let from = (reg.at + r.start as u64 - reg.start) as usize;
                (TextKind::Folded, &self.overlay.bytes[from..from + r.len()])
            }
            _ => (TextKind::Original, self.text.get(r)),
        }
    }

    /// The bytes of a range that lies within one battle (folded or original).
    pub fn get(&self, r: Range<usize>) -> &'a [u8] {
        self.get_with_kind(r).1
    }

    /// The parts of a range, which may span segments and regions: `(global start, kind, bytes)`
    /// in order. A battle's text is never split.
    pub fn parts(&self, r: Range<usize>) -> Vec<(usize, TextKind, &'a [u8])> {
        let regions = &self.overlay.regions;
        let mut out = Vec::new();
        for (base, seg) in self.text.parts(r) {
            let end = base + seg.len();
            let mut pos = base;
            let mut i = regions.partition_point(|reg| reg.end as usize <= pos);
            while pos < end {
                match regions.get(i) {
                    Some(reg) if (reg.start as usize) < end => {
                        let start = reg.start as usize;
                        if start > pos {
                            out.push((pos, TextKind::Original, &seg[pos - base..start - base]));
                            pos = start;
                        }
                        let to = (reg.end as usize).min(end);
                        let from = (reg.at as usize) + pos - start;
                        out.push((pos, TextKind::Folded, &self.overlay.bytes[from..from + to - pos]));
                        pos = to;
                        i += 1;
                    }
                    _ => {
                        out.push((pos, TextKind::Original, &seg[pos - base..end - base]));
                        pos = end;
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_spans_hold_40_bit_starts_in_12_bytes() {
        for start in [0, 7, u32::MAX as u64, (1 << 32) + 3, (1 << 40) - 1] {
            let m = MessageSpan::new(start, 9, 2, true);
            assert_eq!((m.start(), m.range().end as u64, m.role, m.is_user), (start, start + 9, 2, true));
        }
        assert_eq!(std::mem::size_of::<MessageSpan>(), 12);
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
}

#[cfg(test)]
mod overlay_tests {
    use super::*;

    #[test]
    fn search_text_is_folded_only_inside_the_overlay() {
        let mut t = TextSegments::default();
        t.push_str("Hello ÄÖ");
        let mut piece = TextSegments::default();
        piece.push_str("ЖЖ abc 中文 Straße");
        t.append(piece);
        assert_eq!(t.len(), 10 + 23);
        // "ÄÖ" (bytes 6..10) and the Cyrillic starting the next segment touch: one region
        // across the segment boundary.
        let overlay = FoldOverlay::build(&t, [6..10, 10..14].into_iter());
        assert_eq!((overlay.regions.len(), overlay.len()), (1, 8));
        let view = SearchText { text: t.bytes(), overlay: &overlay };
        assert_eq!(view.get_with_kind(0..5), (TextKind::Original, &b"Hello"[..]));
        assert_eq!(view.get_with_kind(6..10), (TextKind::Folded, "äö".as_bytes()));
        assert_eq!(view.get_with_kind(10..14), (TextKind::Folded, "жж".as_bytes()));
        let parts: Vec<(usize, TextKind, String)> =
            view.parts(2..19).into_iter().map(|(at, k, b)| (at, k, String::from_utf8_lossy(b).into_owned())).collect();
        let want = [
            (2, TextKind::Original, "llo ".to_owned()),
            (6, TextKind::Folded, "äö".to_owned()),
            (10, TextKind::Folded, "жж".to_owned()),
            (14, TextKind::Original, " abc ".to_owned()),
        ];
        assert_eq!(parts, want);
        assert!(needs_fold("ÄÖ") && needs_fold("x Ж") && needs_fold("ς"));
        assert!(!needs_fold("ABC") && !needs_fold("中文 abc") && !needs_fold("ä") && !needs_fold("İ"));
    }
}
