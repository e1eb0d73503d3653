//! Measures what the trigram filter can buy on a file: distinct trigrams per battle, and for a
//! filter of 4,096 down to 64 buckets per group of 64 battles, the fraction of bits set and the
//! candidates it leaves for a few needles (against the battles that contain them, case
//! sensitive), then the same for a filter sized per battle (rejected: more candidates for the
//! same bytes, see BENCHMARKS.md): `cargo run --release --example trigram_fill -- FILE`.

use arenascope::index::BattleId;
use arenascope::load::{LoadOptions, load_paths};

const GROUP: usize = 64;
const MAX: usize = 4096;

/// Same hash and trigram values as `src/index/trigram.rs` (bucket = top bits of the hash).
fn hash(t: u32) -> u32 {
    t.wrapping_mul(0x9E37_79B1)
}

fn trigrams(bytes: &[u8], mut f: impl FnMut(u32)) {
    for w in bytes.windows(3) {
        let [a, b, c] = [w[0], w[1], w[2]].map(|x| u32::from(x.to_ascii_lowercase()));
        f(a | (b << 8) | (c << 16));
    }
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else { anyhow::bail!("usage: trigram_fill FILE") };
    let index = load_paths(&[path.into()], LoadOptions::default())?.index;
    let folded = index.folded_text();
    let n = index.len();
    let text = |b: usize| folded.get(index.battle_text_range(BattleId(b as u32)));

    // Distinct trigrams per battle (a 2^24-bit set, cleared through the list of what was set).
    let mut seen = vec![0u64; 1 << 18];
    let mut touched = Vec::new();
    let mut distinct: Vec<usize> = Vec::with_capacity(n);
    for b in 0..n {
        let mut d = 0;
        trigrams(text(b), |t| {
            let (w, bit) = ((t >> 6) as usize, 1u64 << (t & 63));
            if seen[w] & bit == 0 {
                seen[w] |= bit;
                touched.push(w);
                d += 1;
            }
        });
        for w in touched.drain(..) {
            seen[w] = 0;
        }
        distinct.push(d);
    }
    let mut sorted = distinct.clone();
    sorted.sort_unstable();
    let pct = |p: usize| sorted[(sorted.len() - 1) * p / 100];
    println!(
        "{n} battles, {:.1} MiB text ({:.0} B/battle); distinct trigrams per battle: mean {:.0}, p10 {}, p50 {}, p90 {}, p99 {}, max {}",
        index.text_len() as f64 / (1 << 20) as f64,
        index.text_len() as f64 / n as f64,
        distinct.iter().sum::<usize>() as f64 / n as f64,
        pct(10),
        pct(50),
        pct(90),
        pct(99),
        sorted[n - 1]
    );

    // Filter words at 4096 buckets, then folded down (bucket >> 1) level by level.
    let groups = n.div_ceil(GROUP);
    let mut words = vec![0u64; groups * MAX];
    for g in 0..groups {
        let chunk = &mut words[g * MAX..(g + 1) * MAX];
        for b in g * GROUP..((g + 1) * GROUP).min(n) {
            trigrams(text(b), |t| chunk[(hash(t) >> 20) as usize] |= 1 << (b % GROUP));
        }
    }
    let needles: &[&str] = &["python", "axolotl", "machine learning", "function", "def ", "because"];
    let truth: Vec<usize> = needles
        .iter()
        .map(|nd| (0..n).filter(|&b| memchr::memmem::find(text(b), nd.as_bytes()).is_some()).count())
        .collect();
    println!(
        "matches: {}",
        needles.iter().zip(&truth).map(|(n, t)| format!("{n:?} {t}")).collect::<Vec<_>>().join(", ")
    );
    let mut size = MAX;
    let mut level = words;
    loop {
        let bits: u64 = level.iter().map(|w| u64::from(w.count_ones())).sum();
        let fill = bits as f64 / (n * size) as f64;
        let mut line = format!(
            "{size:>5} buckets ({:>4} B/battle, {:>6.1} MiB): fill {:.3};",
            size / 8,
            (groups * size * 8) as f64 / (1 << 20) as f64,
            fill
        );
        // Per-group fills: how many groups are above 0.5, 0.7, 0.9.
        let gfill: Vec<f64> = (0..groups)
            .map(|g| {
                let w = &level[g * size..(g + 1) * size];
                let rows = (n - g * GROUP).min(GROUP);
                w.iter().map(|x| x.count_ones() as f64).sum::<f64>() / (rows * size) as f64
            })
            .collect();
        for cut in [0.5, 0.7, 0.9] {
            line +=
                &format!(" >{cut}: {:.0}%", 100.0 * gfill.iter().filter(|&&f| f > cut).count() as f64 / groups as f64);
        }
        line += "; candidates:";
        let shift = 32 - size.trailing_zeros();
        for nd in needles {
            let mut hs = Vec::new();
            trigrams(nd.as_bytes(), |t| hs.push((hash(t) >> shift) as usize));
            let kept: u32 =
                (0..groups).map(|g| hs.iter().fold(u64::MAX, |acc, &k| acc & level[g * size + k]).count_ones()).sum();
            line += &format!(" {kept}");
        }
        println!("{line}");
        if size == 64 {
            break;
        }
        let half = size / 2;
        let mut next = vec![0u64; groups * half];
        for g in 0..groups {
            for k in 0..half {
                next[g * half + k] = level[g * size + 2 * k] | level[g * size + 2 * k + 1];
            }
        }
        level = next;
        size = half;
    }
    per_battle(n, &text, needles);
    Ok(())
}

/// The per-battle design: each battle's trigrams hashed into 8,192 buckets, then mapped onto
/// `min(c * distinct, len * 8 / ratio)` bits (whole words; none when that would be fuller than
/// `skip`); prints size, fill and candidates for a few settings.
fn per_battle<'t>(n: usize, text: &dyn Fn(usize) -> &'t [u8], needles: &[&str]) {
    let mut scratch_sets: Vec<Vec<u16>> = Vec::with_capacity(n);
    for b in 0..n {
        let mut s = [0u64; 128];
        trigrams(text(b), |t| {
            let k = (hash(t) >> 19) as usize;
            s[k >> 6] |= 1 << (k & 63);
        });
        let mut set = Vec::new();
        for (i, w) in s.iter().enumerate() {
            let mut x = *w;
            while x != 0 {
                set.push((i * 64 + x.trailing_zeros() as usize) as u16);
                x &= x - 1;
            }
        }
        scratch_sets.push(set);
    }
    let hs: Vec<Vec<usize>> = needles
        .iter()
        .map(|nd| {
            let mut v = Vec::new();
            trigrams(nd.as_bytes(), |t| v.push((hash(t) >> 19) as usize));
            v
        })
        .collect();
    for (c, ratio, skip) in [
        (1.0, 16, 0.85),
        (1.44, 16, 0.85),
        (2.0, 16, 0.85),
        (1.44, 32, 0.85),
        (1.44, 8, 0.85),
        (1.44, 1000000, 2.0),
        (2.0, 1000000, 2.0),
        (1.0, 1000000, 2.0),
        (0.7, 1000000, 2.0),
        (1.44, 16, 0.7),
    ] {
        let mut total_words = 0usize;
        let mut bits_set = 0usize;
        let mut skipped = 0;
        let mut kept = vec![0usize; needles.len()];
        for (b, set) in scratch_sets.iter().enumerate() {
            let p = set.len() as f64;
            let d = -8192.0 * (1.0 - p / 8192.0).ln();
            let len = text(b).len();
            let want = ((c * d) / 64.0).ceil() as usize;
            let cap = len * 8 / ratio / 64;
            let mut w = want.min(cap).min(128);
            let mut words = vec![0u64; w];
            let m = w * 64;
            for &s in set.iter().filter(|_| m > 0) {
                let bit = (s as usize * m) >> 13;
                words[bit >> 6] |= 1 << (bit & 63);
            }
            let ones: usize = words.iter().map(|x| x.count_ones() as usize).sum();
            if w > 0 && ones as f64 > skip * m as f64 {
                w = 0;
            }
            if w == 0 {
                skipped += 1;
                for k in &mut kept {
                    *k += 1;
                }
                continue;
            }
            total_words += w;
            bits_set += ones;
            for (i, h) in hs.iter().enumerate() {
                if h.iter().all(|&s| {
                    let bit = (s * m) >> 13;
                    words[bit >> 6] >> (bit & 63) & 1 != 0
                }) {
                    kept[i] += 1;
                }
            }
        }
        println!(
            "per battle c {c} cap 1/{ratio} skip >{skip}: {:.1} MiB + {:.1} MiB offsets ({:.0} B/battle), fill {:.3}, {skipped} unfiltered; candidates: {}",
            (total_words * 8) as f64 / (1 << 20) as f64,
            (n * 4) as f64 / (1 << 20) as f64,
            (total_words * 8) as f64 / n as f64,
            bits_set as f64 / (total_words * 64).max(1) as f64,
            kept.iter().map(|k| k.to_string()).collect::<Vec<_>>().join(" ")
        );
    }
}
