//! The 20 models of the real data: how often each fought, how strong each is (so that ratings
//! fitted on generated data come out in the official order), when each joined the arena, and
//! how each tends to answer.

use super::rng::Rng;
use crate::model::Winner;
use crate::time::days_from_civil;

/// How a model writes: drives answer length, structure and mistakes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tier {
    /// Long, structured markdown; refuses harmful requests.
    Top,
    /// Solid answers, mostly markdown.
    Good,
    /// Shorter, sometimes sloppy.
    Mid,
    /// Short, often wrong or off-topic.
    Weak,
    /// A base model: continues the text instead of answering.
    Base,
}

#[derive(Debug, Clone, Copy)]
pub struct ModelSpec {
    pub name: &'static str,
    /// Battles in the real 33K release (DATA.md): the target share.
    pub battles: u32,
    /// An Elo-scale strength; the order is the official notebook's.
    pub rating: f64,
    /// First day (UTC, y/m/d) the model took part.
    pub joined: (i64, u32, u32),
    pub tier: Tier,
}

const fn spec(name: &'static str, battles: u32, rating: f64, joined: (i64, u32, u32), tier: Tier) -> ModelSpec {
    ModelSpec { name, battles, rating, joined, tier }
}

const START: (i64, u32, u32) = (2023, 4, 24);

/// In the official order (strongest first).
pub const MODELS: [ModelSpec; 20] = [
    spec("gpt-4", 4217, 1250.0, START, Tier::Top),
    spec("claude-v1", 3927, 1205.0, START, Tier::Top),
    spec("claude-instant-v1", 2626, 1170.0, (2023, 5, 8), Tier::Top),
    spec("gpt-3.5-turbo", 4654, 1135.0, START, Tier::Top),
    spec("guanaco-33b", 1034, 1110.0, (2023, 5, 28), Tier::Good),
    spec("vicuna-13b", 5931, 1068.0, START, Tier::Good),
    spec("palm-2", 2955, 1040.0, (2023, 5, 10), Tier::Good),
    spec("wizardlm-13b", 1116, 1010.0, (2023, 5, 25), Tier::Good),
    spec("vicuna-7b", 2869, 980.0, (2023, 5, 6), Tier::Good),
    spec("koala-13b", 5573, 950.0, START, Tier::Good),
    spec("gpt4all-13b-snoozy", 1097, 920.0, (2023, 5, 25), Tier::Mid),
    spec("mpt-7b-chat", 2854, 890.0, (2023, 5, 6), Tier::Mid),
    spec("RWKV-4-Raven-14B", 3682, 860.0, START, Tier::Mid),
    spec("alpaca-13b", 4453, 830.0, START, Tier::Mid),
    spec("oasst-pythia-12b", 4890, 800.0, START, Tier::Mid),
    spec("chatglm-6b", 3322, 770.0, START, Tier::Weak),
    spec("fastchat-t5-3b", 3210, 740.0, START, Tier::Weak),
    spec("llama-13b", 2009, 710.0, START, Tier::Base),
    spec("stablelm-tuned-alpha-7b", 2795, 680.0, START, Tier::Weak),
    spec("dolly-v2-12b", 2786, 650.0, START, Tier::Weak),
];

/// Shares of the four votes in the real data: tie 10.4%, both bad 19.0% on average.
const TIE: f64 = 0.104;
const BOTH_BAD_MEAN: f64 = 0.182;

/// How many time slices the pairing weights are solved over.
const SLICES: usize = 64;

/// The pairs of models available in one time slice, with cumulative pairing weights.
struct Slice {
    pairs: Vec<(u8, u8)>,
    cumulative: Vec<f64>,
}

/// Pair sampling tables, one per time slice, built so that each model's share of battles over
/// the whole period matches the real one although some models joined late.
pub struct Matchmaker {
    slices: Vec<Slice>,
    start: f64,
    end: f64,
    /// Mean rating of the battling pair, averaged over all battles (centres the both-bad rate).
    mean_pair_rating: f64,
}

fn joined_at(m: &ModelSpec) -> f64 {
    let (y, mo, d) = m.joined;
    days_from_civil(y, mo, d) as f64 * 86_400.0
}

impl Matchmaker {
    pub fn new(start: f64, end: f64) -> Matchmaker {
        let slice_time = |s: usize| start + (s as f64 + 0.5) / SLICES as f64 * (end - start);
        let available: Vec<Vec<usize>> = (0..SLICES)
            .map(|s| (0..MODELS.len()).filter(|&m| joined_at(&MODELS[m]) <= slice_time(s)).collect())
            .collect();
        let total: f64 = MODELS.iter().map(|m| m.battles as f64).sum();
        let target: Vec<f64> = MODELS.iter().map(|m| m.battles as f64 / total).collect();
        let mut w = vec![1.0f64; MODELS.len()];
        // Fixed-point iteration: scale each weight by how far its expected share is from target.
        for _ in 0..300 {
            let share = expected_shares(&w, &available);
            for m in 0..w.len() {
                w[m] *= (target[m] / share[m].max(1e-12)).powf(0.8);
            }
        }
        let mut slices = Vec::with_capacity(SLICES);
        let mut pair_rating_sum = 0.0;
        for avail in &available {
            let mut pairs = Vec::new();
            let mut cumulative = Vec::new();
            let mut acc = 0.0;
            let mut rating_acc = 0.0;
            for (x, &i) in avail.iter().enumerate() {
                for &j in &avail[x + 1..] {
                    let p = w[i] * w[j];
                    acc += p;
                    rating_acc += p * (MODELS[i].rating + MODELS[j].rating) / 2.0;
                    pairs.push((i as u8, j as u8));
                    cumulative.push(acc);
                }
            }
            pair_rating_sum += rating_acc / acc;
            slices.push(Slice { pairs, cumulative });
        }
        Matchmaker { slices, start, end, mean_pair_rating: pair_rating_sum / SLICES as f64 }
    }

    /// Two different models for a battle at time `t`, in random order (model_a, model_b).
    pub fn pair(&self, t: f64, rng: &mut Rng) -> (usize, usize) {
        let s = (((t - self.start) / (self.end - self.start)) * SLICES as f64).clamp(0.0, SLICES as f64 - 1.0) as usize;
        let Slice { pairs, cumulative } = &self.slices[s];
        let x = rng.unit() * cumulative[cumulative.len() - 1];
        let k = cumulative.partition_point(|&c| c <= x).min(pairs.len() - 1);
        let (i, j) = (pairs[k].0 as usize, pairs[k].1 as usize);
        if rng.chance(0.5) { (i, j) } else { (j, i) }
    }

    /// The vote: ties at the real rate, "both bad" more often between weak models, otherwise
    /// the Elo expectation.
    pub fn winner(&self, a: usize, b: usize, rng: &mut Rng) -> Winner {
        let (ra, rb) = (MODELS[a].rating, MODELS[b].rating);
        let both_bad = (BOTH_BAD_MEAN - 0.0011 * ((ra + rb) / 2.0 - self.mean_pair_rating)).clamp(0.04, 0.45);
        let x = rng.unit();
        if x < TIE {
            Winner::Tie
        } else if x < TIE + both_bad {
            Winner::BothBad
        } else if rng.unit() < 1.0 / (1.0 + 10f64.powf((rb - ra) / 400.0)) {
            Winner::ModelA
        } else {
            Winner::ModelB
        }
    }
}

/// Each model's expected share of battle appearances with pairing weights `w`, every slice
/// holding the same number of battles.
fn expected_shares(w: &[f64], available: &[Vec<usize>]) -> Vec<f64> {
    let mut share = vec![0.0; w.len()];
    for avail in available {
        let sum: f64 = avail.iter().map(|&i| w[i]).sum();
        let sum_sq: f64 = avail.iter().map(|&i| w[i] * w[i]).sum();
        let z = (sum * sum - sum_sq) / 2.0;
        for &i in avail {
            // P(i in the pair) = w_i (sum - w_i) / z; two models per battle, hence the halving.
            share[i] += w[i] * (sum - w[i]) / z / 2.0 / available.len() as f64;
        }
    }
    share
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairing_matches_real_battle_shares() {
        let (start, end) = (1_682_351_591.0, 1_688_169_000.0);
        let mm = Matchmaker::new(start, end);
        let mut rng = Rng::new(3);
        let mut counts = [0usize; 20];
        let n = 200_000;
        for k in 0..n {
            let t = start + (end - start) * k as f64 / n as f64;
            let (a, b) = mm.pair(t, &mut rng);
            assert_ne!(a, b);
            counts[a] += 1;
            counts[b] += 1;
        }
        for (m, c) in MODELS.iter().zip(counts) {
            let expected = m.battles as f64 / 66_000.0 * 2.0 * n as f64;
            assert!((c as f64 / expected - 1.0).abs() < 0.05, "{} {c} vs {expected}", m.name);
        }
    }

    #[test]
    fn late_models_do_not_fight_before_they_join() {
        let start = days_from_civil(2023, 4, 24) as f64 * 86_400.0;
        let mm = Matchmaker::new(start, start + 67.0 * 86_400.0);
        let mut rng = Rng::new(1);
        for _ in 0..2000 {
            let (a, b) = mm.pair(start + 3600.0, &mut rng);
            assert_eq!(MODELS[a].joined, START);
            assert_eq!(MODELS[b].joined, START);
        }
    }
}
