//! A filter that lets substring search skip most battles: for every group of 64 battles and
//! each of up to 4096 hash buckets of byte trigrams, a 64-bit word saying which battles of the
//! group contain a trigram of that bucket (in the folded text). A battle containing a needle
//! contains all the needle's trigrams, so ANDing their words leaves a small superset of the
//! battles that can match; only those are scanned. Each group gets as few buckets as keep its
//! words about half full, within a share of its text; a group whose words would be nearly all
//! ones prunes nothing and gets none.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

/// Hash buckets a group is built with before it is shrunk (the most it keeps).
pub const BUCKETS: usize = 4096;
/// The fewest buckets a group keeps (below that it is nearly full anyway).
const MIN_BUCKETS: usize = 64;
/// Battles per group: one bit each in a `u64`.
const GROUP: usize = 64;

/// How many buckets each group keeps.
#[derive(Debug, Clone, Copy)]
pub struct Sizing {
    /// A group is halved while its words stay at most this full (fraction of bits set).
    pub target_fill: f64,
    /// A group keeps at most 1/`text_share` of its text's bytes in words.
    pub text_share: usize,
    /// A group fuller than this at the size it may keep prunes too little: it keeps nothing.
    pub skip_fill: f64,
}

impl Default for Sizing {
    /// Measured in BENCHMARKS.md ("Trigram filter sized by its fill"): at half full a needle
    /// of a few trigrams still leaves few false candidates; 1/12 of the text lets a group of
    /// 2 kB battles keep 1,024 buckets (128 B a battle, 16.5 MiB at 135K) and no more.
    fn default() -> Sizing {
        Sizing { target_fill: 0.55, text_share: 12, skip_fill: 0.85 }
    }
}

#[derive(Debug, Clone)]
pub struct TrigramFilter {
    /// Group g's word for bucket k (of `BUCKETS`) is `groups[g][k >> shift]` for its size
    /// `BUCKETS >> shift`; empty: every battle of the group may match.
    groups: Vec<Box<[u64]>>,
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

/// Bits set in `words`.
fn ones(words: &[u64]) -> usize {
    words.iter().map(|w| w.count_ones() as usize).sum()
}

/// The words one group keeps, from its words at `BUCKETS` (overwritten): halved (bucket k
/// goes to k / 2, so a needle's buckets are shifted alike) while the half stays within
/// `sizing.target_fill` or the words exceed the group's share of its text.
fn shrink(words: &mut [u64; BUCKETS], rows: usize, text_bytes: usize, sizing: &Sizing) -> Box<[u64]> {
    let cap = text_bytes / sizing.text_share.max(1) / 8;
    let full = |size: usize, words: &[u64]| ones(&words[..size]) as f64 / (rows * size) as f64;
    let mut size = BUCKETS;
    while size > MIN_BUCKETS {
        let half = size / 2;
        let mut folded = [0u64; BUCKETS / 2];
        for k in 0..half {
            folded[k] = words[2 * k] | words[2 * k + 1];
        }
        if size <= cap && full(half, &folded) > sizing.target_fill {
            break;
        }
        words[..half].copy_from_slice(&folded[..half]);
        size = half;
    }
    if size > cap || full(size, &words[..]) > sizing.skip_fill {
        return Box::default();
    }
    words[..size].into()
}

impl TrigramFilter {
    /// Builds the filter over `battles` battles whose (folded) text is `text(b)`.
    pub fn build<'t>(battles: usize, text: impl Fn(usize) -> &'t [u8] + Sync) -> TrigramFilter {
        TrigramFilter::build_with(battles, Sizing::default(), text)
    }

    /// [`TrigramFilter::build`] with the groups sized by `sizing`.
    pub fn build_with<'t>(battles: usize, sizing: Sizing, text: impl Fn(usize) -> &'t [u8] + Sync) -> TrigramFilter {
        TrigramFilter::build_visiting(battles, sizing, |b, visit| visit(text(b)))
    }

    /// [`TrigramFilter::build_with`] for text that need not outlive the call: `text(b, visit)`
    /// hands battle `b`'s text to `visit` (from a scratch buffer, say, where it was folded).
    pub fn build_visiting(
        battles: usize,
        sizing: Sizing,
        text: impl Fn(usize, &mut dyn FnMut(&[u8])) + Sync,
    ) -> TrigramFilter {
        // Each group is built at full size in a buffer that stays in cache while its battles
        // are hashed, then only what it keeps is allocated (no transient second copy);
        // groups are independent, so they are built in parallel.
        let groups = (0..battles.div_ceil(GROUP))
            .into_par_iter()
            .map_init(
                || Box::new([0u64; BUCKETS]),
                |words, g| {
                    words.fill(0);
                    let rows = g * GROUP..((g + 1) * GROUP).min(battles);
                    let mut text_bytes = 0;
                    for b in rows.clone() {
                        let bit = 1u64 << (b % GROUP);
                        text(b, &mut |t| {
                            text_bytes += t.len();
                            // The mask is a no-op that lets the compiler drop the bounds check.
                            for_each_bucket(t, |k| words[k & (BUCKETS - 1)] |= bit);
                        });
                    }
                    shrink(words, rows.len(), text_bytes, &sizing)
                },
            )
            .collect();
        TrigramFilter { groups, battles }
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
        let words = &self.groups[g];
        if words.is_empty() {
            return u64::MAX;
        }
        // Sizes are powers of two from BUCKETS down.
        let shift = BUCKETS.trailing_zeros() - words.len().trailing_zeros();
        buckets.iter().fold(u64::MAX, |acc, &k| acc & words[(k as usize >> shift) & (words.len() - 1)])
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
        self.groups.len() * std::mem::size_of::<Box<[u64]>>() + self.groups.iter().map(|g| g.len() * 8).sum::<usize>()
    }

    /// The fraction of the stored bits that are set, and the share of groups that store none.
    pub fn fill(&self) -> (f64, f64) {
        let bits: usize = self.groups.iter().map(|g| g.len() * 64).sum();
        let set: usize = self.groups.iter().map(|g| ones(g)).sum();
        let empty = self.groups.iter().filter(|g| g.is_empty()).count();
        (set as f64 / bits.max(1) as f64, empty as f64 / self.groups.len().max(1) as f64)
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

    /// Sets the filter unless one is built (benches compare sizings); whether it was set.
    #[cfg(feature = "testkit")]
    pub fn set(&self, filter: TrigramFilter) -> bool {
        self.filter.set(filter).is_ok()
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

    fn filter(texts: &[String], sizing: Sizing) -> TrigramFilter {
        let joined: String = texts.concat();
        let mut ranges = Vec::new();
        let mut start = 0;
        for t in texts {
            ranges.push(start..start + t.len());
            start += t.len();
        }
        TrigramFilter::build_with(texts.len(), sizing, |b| &joined.as_bytes()[ranges[b].clone()])
    }

    /// Deterministic pseudo-random numbers (xorshift).
    fn numbers(mut seed: u64) -> impl FnMut() -> u64 {
        move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        }
    }

    /// Battles of English-like words, some short, some a few kB long.
    fn texts(n: usize) -> Vec<String> {
        const WORDS: &[&str] =
            &["the", "model", "answer", "python", "list", "of", "topic", "learning", "axolotl", "über", "data"];
        let mut next = numbers(7);
        (0..n)
            .map(|i| {
                let words = if i % 5 == 0 { 8 } else { 100 + (next() % 400) as usize };
                let mut t = format!("battle {i} ");
                for _ in 0..words {
                    let r = next();
                    t.push_str(WORDS[r as usize % WORDS.len()]);
                    t.push_str(&format!("{} ", (r >> 32) % 50));
                }
                t
            })
            .collect()
    }

    /// Every way a group can be sized: the default, full size, smallest size, a budget too
    /// small for any group, and every group too full to keep.
    fn sizings() -> [Sizing; 5] {
        [
            Sizing::default(),
            Sizing { target_fill: 0.0, text_share: 1, skip_fill: 1.0 },
            Sizing { target_fill: 1.0, text_share: 1, skip_fill: 1.0 },
            Sizing { text_share: 1 << 30, ..Sizing::default() },
            Sizing { skip_fill: 0.0, ..Sizing::default() },
        ]
    }

    #[test]
    fn battles_containing_a_needle_are_kept_whatever_the_sizing() {
        let texts = texts(300);
        let all: Vec<u32> = (0..300).collect();
        for sizing in sizings() {
            let f = filter(&texts, sizing);
            for needle in ["python1", "topic7", "battle 19", "learning3 ", "axolotl49", "über", "c1", "bat", "zzzz"] {
                let buckets = TrigramFilter::needle_buckets(needle.as_bytes());
                let kept = match &buckets {
                    Some(b) => f.retain_possible(&all, &[b]),
                    None => all.clone(),
                };
                for (i, t) in texts.iter().enumerate() {
                    if t.contains(needle) {
                        assert!(kept.contains(&(i as u32)), "{needle} in battle {i}, {sizing:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_rare_needle_leaves_few_candidates() {
        let texts: Vec<String> = (0..1000)
            .map(|i| if i == 500 { "the axolotl".to_owned() } else { format!("the cat number {i}") })
            .collect();
        let f = filter(&texts, Sizing { text_share: 1, ..Sizing::default() });
        let all: Vec<u32> = (0..1000).collect();
        let buckets = TrigramFilter::needle_buckets(b"axolotl").expect("long enough");
        let kept = f.retain_possible(&all, &[&buckets]);
        assert!(kept.contains(&500));
        assert!(kept.len() < 10, "{kept:?}");
    }

    #[test]
    fn groups_keep_about_half_full_words_within_their_share_of_the_text() {
        let texts = texts(640);
        let text_bytes: usize = texts.iter().map(String::len).sum();
        let f = filter(&texts, Sizing::default());
        let words: usize = f.groups.iter().map(|g| g.len()).sum();
        assert!(words * 8 <= text_bytes / 16, "{words} words for {text_bytes} bytes of text");
        assert!(f.groups.iter().all(|g| g.is_empty() || (MIN_BUCKETS..BUCKETS).contains(&g.len())));
        let (fill, empty) = f.fill();
        assert!(fill <= Sizing::default().target_fill && fill > 0.2, "fill {fill}");
        assert_eq!(empty, 0.0);
    }

    #[test]
    fn a_group_that_would_be_nearly_full_keeps_nothing() {
        let mut next = numbers(11);
        // 3 kB of random letters a battle: thousands of distinct trigrams each.
        let texts: Vec<String> =
            (0..128).map(|_| (0..3000).map(|_| char::from(b'a' + (next() % 26) as u8)).collect()).collect();
        let f = filter(&texts, Sizing::default());
        assert_eq!(f.fill().1, 1.0, "every group skipped");
        assert_eq!(f.bytes(), 2 * std::mem::size_of::<Box<[u64]>>());
        let all: Vec<u32> = (0..128).collect();
        let buckets = TrigramFilter::needle_buckets(&texts[5].as_bytes()[100..110]).expect("long enough");
        assert_eq!(f.retain_possible(&all, &[&buckets]), all);
    }

    #[test]
    fn the_lazy_filter_is_built_on_the_second_search() {
        let lazy = LazyFilter::default();
        let build = || TrigramFilter::build(1, |_| b"abcdef");
        assert!(lazy.for_search(build).is_none());
        assert!(lazy.for_search(build).is_some());
        let forced = LazyFilter::default();
        assert_eq!(forced.get_or_build(build).groups.len(), 1);
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
