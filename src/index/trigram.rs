//! A filter that lets substring search skip most battles: for every group of 64 battles and
//! each of 4096 hash buckets of byte trigrams, a 64-bit word saying which battles of the group
//! contain a trigram of that bucket (in the folded text). A battle containing a needle
//! contains all the needle's trigrams, so ANDing their words leaves a small superset of the
//! battles that can match; only those are scanned.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

/// Hash buckets per group: enough that a battle's ~1,000 distinct trigrams fill about a
/// fifth of them.
pub const BUCKETS: usize = 4096;
/// Battles per group: one bit each in a `u64`.
const GROUP: usize = 64;

#[derive(Debug, Clone)]
pub struct TrigramFilter {
    /// Group g's word for bucket k is `words[g * BUCKETS + k]`.
    words: Vec<u64>,
    battles: usize,
}

#[inline]
fn bucket(trigram: u32) -> usize {
    (trigram.wrapping_mul(0x9E37_79B1) >> 20) as usize
}

/// The eight bytes of `x` with ASCII capitals made lower case (the others unchanged).
#[inline]
fn ascii_lower_word(x: u64) -> u64 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let low7 = x & 0x7f7f_7f7f_7f7f_7f7f;
    // High bit of each byte: its low 7 bits are >= 'A', resp. > 'Z' (no carry between bytes).
    let from_a = low7.wrapping_add(0x3f3f_3f3f_3f3f_3f3f);
    let past_z = low7.wrapping_add(0x2525_2525_2525_2525);
    let capital = from_a & !past_z & !x & HIGH;
    x | (capital >> 2)
}

/// Calls `f` with the bucket of every trigram of `bytes` with ASCII case ignored (a trigram's
/// value is its three bytes, lower-cased, read little-endian). Ignoring ASCII case lets the
/// filter be built from the original text where folding changes nothing else (see
/// [`crate::index::TextKind`]); on folded text and needles it changes nothing.
#[inline]
fn for_each_bucket(bytes: &[u8], mut f: impl FnMut(usize)) {
    let mut p = 0;
    // Eight bytes hold six trigrams: one load instead of a dependent chain of shifts.
    while let Some(w) = bytes.get(p..p + 8) {
        let x = ascii_lower_word(u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]));
        for j in 0..6 {
            f(bucket((x >> (8 * j)) as u32 & 0x00FF_FFFF));
        }
        p += 6;
    }
    while let Some(w) = bytes.get(p..p + 3) {
        let [a, b, c] = [w[0], w[1], w[2]].map(|x| u32::from(x.to_ascii_lowercase()));
        f(bucket(a | (b << 8) | (c << 16)));
        p += 1;
    }
}

impl TrigramFilter {
    /// Builds the filter over `battles` battles whose (folded) text is `text(b)`.
    pub fn build<'t>(battles: usize, text: impl Fn(usize) -> &'t [u8] + Sync) -> TrigramFilter {
        let groups = battles.div_ceil(GROUP);
        let mut words = vec![0u64; groups * BUCKETS];
        // Group-major: each group's 32 kB of words stays in cache while its battles are hashed,
        // and groups are independent, so they are built in parallel.
        words.par_chunks_mut(BUCKETS).enumerate().for_each(|(g, chunk)| {
            for b in g * GROUP..((g + 1) * GROUP).min(battles) {
                let bit = 1u64 << (b % GROUP);
                // The mask is a no-op that lets the compiler drop the bounds check.
                for_each_bucket(text(b), |k| chunk[k & (BUCKETS - 1)] |= bit);
            }
        });
        TrigramFilter { words, battles }
    }

    /// The buckets of a needle's trigrams (sorted, distinct); `None` if it is too short to
    /// filter anything.
    pub fn needle_buckets(needle: &[u8]) -> Option<Vec<u16>> {
        let mut out = Vec::new();
        for_each_bucket(needle, |k| out.push(k as u16));
        out.sort_unstable();
        out.dedup();
        (!out.is_empty()).then_some(out)
    }

    /// Which battles of group `g` (bit i: battle `64 g + i`) may contain a needle with these
    /// buckets.
    pub fn group_mask(&self, g: usize, buckets: &[u16]) -> u64 {
        let words = &self.words[g * BUCKETS..(g + 1) * BUCKETS];
        buckets.iter().fold(u64::MAX, |acc, &k| acc & words[k as usize])
    }

    /// Keeps the battles of `candidates` (sorted) that may contain one of the needles, each
    /// given by its buckets.
    pub fn retain_possible(&self, candidates: &[u32], needles: &[&[u16]]) -> Vec<u32> {
        let mut out = Vec::new();
        let mut cached: Option<(usize, u64)> = None;
        for &b in candidates {
            if b as usize >= self.battles {
                continue;
            }
            let g = b as usize / GROUP;
            let mask = match cached {
                Some((cg, m)) if cg == g => m,
                _ => {
                    let m = needles.iter().fold(0, |acc, n| acc | self.group_mask(g, n));
                    cached = Some((g, m));
                    m
                }
            };
            if mask & (1 << (b as usize % GROUP)) != 0 {
                out.push(b);
            }
        }
        out
    }

    /// Heap bytes held.
    pub fn bytes(&self) -> usize {
        self.words.len() * 8
    }
}

/// The filter of one index, built on demand. Searches build it on the second search: a
/// one-off search (the CLI) is cheaper as a plain scan, while repeated searches (the TUI)
/// repay the build many times over.
#[derive(Debug, Default)]
pub struct LazyFilter {
    searches: AtomicUsize,
    filter: OnceLock<TrigramFilter>,
    /// Searches never build it (an index soon replaced: a snapshot of a load).
    never: bool,
}

impl LazyFilter {
    /// The filter if some search built it.
    pub fn built(&self) -> Option<&TrigramFilter> {
        self.filter.get()
    }

    pub fn get_or_build(&self, build: impl FnOnce() -> TrigramFilter) -> &TrigramFilter {
        self.filter.get_or_init(build)
    }

    /// A filter that searches never build (see [`Index::from_snapshot`](super::Index::from_snapshot)).
    pub fn never() -> LazyFilter {
        LazyFilter { never: true, ..LazyFilter::default() }
    }

    /// The filter for a search: `None` on the first search, built on the second.
    pub fn for_search(&self, build: impl FnOnce() -> TrigramFilter) -> Option<&TrigramFilter> {
        if let Some(f) = self.filter.get() {
            return Some(f);
        }
        if self.never || self.searches.fetch_add(1, Ordering::Relaxed) == 0 {
            return None;
        }
        Some(self.filter.get_or_init(build))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ops::Range;

    fn filter(texts: &[&str]) -> (TrigramFilter, String, Vec<Range<usize>>) {
        let joined: String = texts.concat();
        let mut ranges = Vec::new();
        let mut start = 0;
        for t in texts {
            ranges.push(start..start + t.len());
            start += t.len();
        }
        let r = ranges.clone();
        let f = TrigramFilter::build(texts.len(), |b| &joined.as_bytes()[r[b].clone()]);
        (f, joined.clone(), ranges)
    }

    #[test]
    fn battles_containing_a_needle_are_always_kept() {
        let texts: Vec<String> = (0..200).map(|i| format!("battle {i} talks about topic{}", i % 13)).collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let (f, _, _) = filter(&refs);
        let all: Vec<u32> = (0..200).collect();
        for needle in ["topic7", "battle 19", "talks", "c1", "bat"] {
            let buckets = TrigramFilter::needle_buckets(needle.as_bytes());
            let kept = match &buckets {
                Some(b) => f.retain_possible(&all, &[b]),
                None => all.clone(),
            };
            for (i, t) in texts.iter().enumerate() {
                if t.contains(needle) {
                    assert!(kept.contains(&(i as u32)), "{needle} in {t}");
                }
            }
        }
    }

    #[test]
    fn a_rare_needle_leaves_few_candidates() {
        let texts: Vec<String> = (0..1000)
            .map(|i| if i == 500 { "the axolotl".to_owned() } else { format!("the cat number {i}") })
            .collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let (f, _, _) = filter(&refs);
        let all: Vec<u32> = (0..1000).collect();
        let buckets = TrigramFilter::needle_buckets(b"axolotl").expect("long enough");
        let kept = f.retain_possible(&all, &[&buckets]);
        assert!(kept.contains(&500));
        assert!(kept.len() < 10, "{kept:?}");
    }

    #[test]
    fn the_lazy_filter_is_built_on_the_second_search() {
        let lazy = LazyFilter::default();
        let build = || TrigramFilter::build(1, |_| b"abcdef");
        assert!(lazy.for_search(build).is_none());
        assert!(lazy.for_search(build).is_some());
        let forced = LazyFilter::default();
        assert_eq!(forced.get_or_build(build).bytes(), BUCKETS * 8);
        assert!(forced.for_search(|| unreachable!("already built")).is_some());
        let never = LazyFilter::never();
        for _ in 0..3 {
            assert!(never.for_search(|| unreachable!("a snapshot's searches never build it")).is_none());
        }
    }

    #[test]
    fn words_lower_case_ascii_capitals_only() {
        let all: Vec<u8> = (0..=255).collect();
        for w in all.chunks(8) {
            let x = u64::from_le_bytes(w.try_into().expect("8 bytes"));
            let want: Vec<u8> = w.iter().map(u8::to_ascii_lowercase).collect();
            assert_eq!(ascii_lower_word(x).to_le_bytes().to_vec(), want);
        }
        let mut upper = Vec::new();
        for_each_bucket("PyThOn ÄB".as_bytes(), |k| upper.push(k));
        let mut lower = Vec::new();
        for_each_bucket("python Äb".as_bytes(), |k| lower.push(k));
        assert_eq!(upper, lower);
    }

    #[test]
    fn short_needles_cannot_filter() {
        assert_eq!(TrigramFilter::needle_buckets(b"ab"), None);
        assert_eq!(TrigramFilter::needle_buckets(b"abc").map(|b| b.len()), Some(1));
        assert_eq!(TrigramFilter::needle_buckets("中".as_bytes()).map(|b| b.len()), Some(1));
    }
}
