//! Random draws for the bootstrap: uniforms and exact binomial variates, fast enough for
//! hundreds of binomials per round (the multinomial redraw of every (pair, outcome) cell).
//!
//! Binomials use inversion when `n p < 10` and Hörmann's transformed rejection with squeeze
//! (BTRS, "The generation of binomial random variates", 1993) otherwise: about 1.2 pairs of
//! uniforms per variate and a cheap setup, which matters as the parameters change on every
//! call; the rejection test uses a table of `ln k!`.

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

/// A Binomial(`n`, `p`) variate; `ln_fact` must reach `n`.
pub fn binomial(rng: &mut Xoshiro256PlusPlus, n: u64, p: f64, ln_fact: &LnFactorials) -> u64 {
    if n == 0 || p <= 0.0 {
        return 0;
    }
    if p >= 1.0 {
        return n;
    }
    // Sample the rarer outcome: both methods want p <= 1/2.
    if p > 0.5 {
        return n - binomial(rng, n, 1.0 - p, ln_fact);
    }
    if (n as f64) * p < 10.0 { inversion(rng, n, p) } else { btrs(rng, n, p, ln_fact) }
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

/// `ln k!` for `k` up to a bound: the exact acceptance test of [`btrs`] by table lookups
/// instead of four logarithms and Stirling series per rejection step.
pub struct LnFactorials(Vec<f64>);

impl LnFactorials {
    pub fn new(max: u64) -> LnFactorials {
        let mut t = Vec::with_capacity(max as usize + 1);
        let mut sum = 0.0;
        t.push(0.0);
        for k in 1..=max {
            sum += (k as f64).ln();
            t.push(sum);
        }
        LnFactorials(t)
    }

    fn at(&self, k: f64) -> f64 {
        self.0[k as usize]
    }
}

/// Transformed rejection with squeeze, for `n p >= 10` and `p <= 1/2`.
fn btrs(rng: &mut Xoshiro256PlusPlus, n: u64, p: f64, lf: &LnFactorials) -> u64 {
    let nf = n as f64;
    let q = 1.0 - p;
    let spq = (nf * p * q).sqrt();
    let b = 1.15 + 2.53 * spq;
    let a = -0.0873 + 0.0248 * b + 0.01 * p;
    let c = nf * p + 0.5;
    let v_r = 0.92 - 4.2 / b;
    let alpha = (2.83 + 5.1 / b) * spq;
    let m = ((nf + 1.0) * p).floor();
    // ln f(m) up to the k-dependent part, and ln(p / q): computed at the first rejection step.
    let mut base: Option<(f64, f64)> = None;
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
        let (ln_fm, ln_r) = *base.get_or_insert_with(|| (lf.at(m) + lf.at(nf - m), (p / q).ln()));
        // ln(f(k) / f(m)), exactly.
        let bound = ln_fm - lf.at(k) - lf.at(nf - k) + (k - m) * ln_r;
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
        let lf = LnFactorials::new(n);
        let mut hist = vec![0u64; n as usize + 1];
        let mut sum = 0.0;
        for _ in 0..draws {
            let k = binomial(&mut rng, n, p, &lf);
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
        let lf = LnFactorials::new(1_000_000);
        assert!((lf.at(10.0) - 3_628_800f64.ln()).abs() < 1e-9);
        assert_eq!(binomial(&mut rng, 0, 0.5, &lf), 0);
        assert_eq!(binomial(&mut rng, 10, 0.0, &lf), 0);
        assert_eq!(binomial(&mut rng, 10, 1.0, &lf), 10);
        for _ in 0..1000 {
            assert!(binomial(&mut rng, 1_000_000, 1e-9, &lf) <= 3);
            assert!(below(&mut rng, 7) < 7);
        }
    }
}
