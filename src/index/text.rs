//! Message text storage: every message's text in a few large buffers (one per loaded piece)
//! addressed by one global offset space, and the spans that locate each message in it.

use std::ops::Range;
use std::sync::Arc;

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

    /// Folds every segment (see [`crate::index::fold`]), on all cores.
    pub(super) fn folded(&self) -> Vec<Vec<u8>> {
        use rayon::prelude::*;
        self.segments.par_iter().map(|s| crate::index::fold::fold_parallel(s.as_str())).collect()
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

#[cfg(test)]
mod tests {
    use super::*;

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
