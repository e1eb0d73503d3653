//! Random draws for the bootstrap: uniforms and exact binomial variates, fast enough for
//! hundreds of binomials per round (the multinomial redraw of every (pair, outcome) cell).
//!
//! Binomials use inversion when `n p < 10` and Hörmann's transformed rejection with squeeze
//! (BTRS, "The generation of binomial random variates", 1993) otherwise: about 1.2 pairs of
//! uniforms per variate and no per-call table, where the parameters change on every call.

use rand::Rng;
use rand::rngs::Xoshiro256PlusPlus;

/// A uniform in the open interval (0, 1).
#[inline]
pub fn open01(rng: &mut Xoshiro256PlusPlus) -> f64 {
    ((rng.next_u64() >> 11) as f64 + 0.5) * (1.0 / (1u64 << 53) as f64)
}

/// A uniform integer in `0..n` (`n > 0`), by multiply-shift (bias below 2^-40 for any `n`
/// this program sees).
#[inline]
pub fn below(rng: &mut Xoshiro256PlusPlus, n: usize) -> usize {
    ((rng.next_u64() as u128 * n as u128) >> 64) as usize
}

/// A Binomial(`n`, `p`) variate.
pub fn binomial(rng: &mut Xoshiro256PlusPlus, n: u64, p: f64) -> u64 {
    if n == 0 || p <= 0.0 {
        return 0;
    }
    if p >= 1.0 {
        return n;
    }
    // Sample the rarer outcome: both methods want p <= 1/2.
    if p > 0.5 {
        return n - binomial(rng, n, 1.0 - p);
    }
    if (n as f64) * p < 10.0 { inversion(rng, n, p) } else { btrs(rng, n, p) }
}

/// Sequential search from 0 with the pmf recurrence `f(x+1) = f(x) (n - x) / (x + 1) p / q`.
fn inversion(rng: &mut Xoshiro256PlusPlus, n: u64, p: f64) -> u64 {
    let q = 1.0 - p;
    let s = p / q;
    let a = (n as f64 + 1.0) * s;
    let start = q.powf(n as f64);
    loop {
        let mut u = open01(rng);
        let mut r = start;
        let mut x = 0u64;
        while u > r {
            u -= r;
            x += 1;
            if x > n {
                break;
            }
            r *= a / x as f64 - s;
        }
        // Rounding can leave u above the last term; draw again rather than return n + 1.
        if x <= n {
            return x;
        }
    }
}

/// `ln k! - (k + 1/2) ln(k + 1) + (k + 1) - ln sqrt(2 pi)`: the tail of Stirling's series.
fn stirling_tail(k: f64) -> f64 {
    const SMALL: [f64; 10] = [
        0.081_061_466_795_327_26,
        0.041_340_695_955_409_29,
        0.027_677_925_684_998_34,
        0.020_790_672_103_765_09,
        0.016_644_691_189_821_19,
        0.013_876_128_823_070_75,
        0.011_896_709_945_891_77,
        0.010_411_265_261_972_1,
        0.009_255_462_182_712_73,
        0.008_330_563_433_362_87,
    ];
    if k <= 9.0 {
        return SMALL[k as usize];
    }
    let kp1sq = (k + 1.0) * (k + 1.0);
    (1.0 / 12.0 - (1.0 / 360.0 - 1.0 / 1260.0 / kp1sq) / kp1sq) / (k + 1.0)
}

/// Transformed rejection with squeeze, for `n p >= 10` and `p <= 1/2`.
fn btrs(rng: &mut Xoshiro256PlusPlus, n: u64, p: f64) -> u64 {
    let nf = n as f64;
    let q = 1.0 - p;
    let spq = (nf * p * q).sqrt();
    let b = 1.15 + 2.53 * spq;
    let a = -0.0873 + 0.0248 * b + 0.01 * p;
    let c = nf * p + 0.5;
    let v_r = 0.92 - 4.2 / b;
    let r = p / q;
    let alpha = (2.83 + 5.1 / b) * spq;
    let m = ((nf + 1.0) * p).floor();
    loop {
        let u = open01(rng) - 0.5;
        let v = open01(rng);
        let us = 0.5 - u.abs();
        let k = ((2.0 * a / us + b) * u + c).floor();
        if us >= 0.07 && v <= v_r {
            return k as u64;
        }
        if k < 0.0 || k > nf {
            continue;
        }
        let v = (v * alpha / (a / (us * us) + b)).ln();
        let bound = (m + 0.5) * ((m + 1.0) / (r * (nf - m + 1.0))).ln()
            + (nf + 1.0) * ((nf - m + 1.0) / (nf - k + 1.0)).ln()
            + (k + 0.5) * (r * (nf - k + 1.0) / (k + 1.0)).ln()
            + stirling_tail(m)
            + stirling_tail(nf - m)
            - stirling_tail(k)
            - stirling_tail(nf - k);
        if v <= bound {
            return k as u64;
        }
    }
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;

    use super::*;

    fn ln_pmf(n: u64, p: f64, k: u64) -> f64 {
        let ln_fact = |x: u64| (1..=x).map(|i| (i as f64).ln()).sum::<f64>();
        ln_fact(n) - ln_fact(k) - ln_fact(n - k) + k as f64 * p.ln() + (n - k) as f64 * (1.0 - p).ln()
    }

    /// Draws many variates and compares the histogram with the exact pmf: total variation
    /// distance and mean must be within sampling noise.
    fn check(n: u64, p: f64) {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(n ^ p.to_bits());
        let draws = 200_000;
        let mut hist = vec![0u64; n as usize + 1];
        let mut sum = 0.0;
        for _ in 0..draws {
            let k = binomial(&mut rng, n, p);
            assert!(k <= n);
            hist[k as usize] += 1;
            sum += k as f64;
        }
        let tv: f64 =
            (0..=n).map(|k| (hist[k as usize] as f64 / draws as f64 - ln_pmf(n, p, k).exp()).abs()).sum::<f64>() / 2.0;
        let mean = sum / draws as f64;
        let sd = (n as f64 * p * (1.0 - p) / draws as f64).sqrt();
        assert!((mean - n as f64 * p).abs() < 5.0 * sd + 1e-9, "n {n} p {p}: mean {mean}");
        // With ~sqrt(support) cells the noise in TV is about sqrt(cells / draws) / 2.
        let support = (n as f64 * p * (1.0 - p)).sqrt() * 10.0 + 10.0;
        assert!(tv < 1.5 * (support / draws as f64).sqrt(), "n {n} p {p}: total variation {tv}");
    }

    #[test]
    fn matches_the_exact_distribution() {
        for (n, p) in [(5, 0.3), (40, 0.1), (30, 0.5), (100, 0.12), (200, 0.5), (1000, 0.03), (5000, 0.37), (250, 0.9)]
        {
            check(n, p);
        }
    }

    #[test]
    fn edge_parameters() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
        assert_eq!(binomial(&mut rng, 0, 0.5), 0);
        assert_eq!(binomial(&mut rng, 10, 0.0), 0);
        assert_eq!(binomial(&mut rng, 10, 1.0), 10);
        for _ in 0..1000 {
            assert!(binomial(&mut rng, 1_000_000, 1e-9) <= 3);
            assert!(below(&mut rng, 7) < 7);
        }
    }
}
