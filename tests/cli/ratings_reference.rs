//! Bradley-Terry against an independent reference: Hunter's MM algorithm run on the raw list of
//! battles (no per-pair aggregation, no Newton), on random data and on sparse subsets of it.

use std::collections::HashMap;

use arenascope::fixtures::battle;
use arenascope::index::{BattleId, DatasetInfo, Index};
use arenascope::model::{Battle, Winner};
use arenascope::rating::bt::{GRADIENT_TOLERANCE, Standing, fit_bt};
use arenascope::rating::{PairCounts, SubsetOptions, TiePolicy};

/// A reproducible xorshift stream in [0, 1).
struct Stream(u64);

impl Stream {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }

    fn below(&mut self, n: usize) -> usize {
        ((self.next() * n as f64) as usize).min(n - 1)
    }
}

/// Battles among `models` models with strengths spread over about 500 rating points.
fn random_battles(models: usize, n: usize, seed: u64) -> Vec<Battle> {
    let mut s = Stream(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let strength: Vec<f64> = (0..models).map(|_| 3.0 * s.next() - 1.5).collect();
    (0..n)
        .map(|i| {
            let a = s.below(models);
            let b = (a + 1 + s.below(models - 1)) % models;
            let mut row = battle(&format!("q{i}"), &format!("model-{a}"), &format!("model-{b}"));
            let p = 1.0 / (1.0 + (strength[b] - strength[a]).exp());
            row.winner = match s.next() {
                u if u < 0.1 => Winner::Tie,
                u if u < 0.25 => Winner::BothBad,
                _ if s.next() < p => Winner::ModelA,
                _ => Winner::ModelB,
            };
            row.tstamp = Some(1_682_294_400.0 + 60.0 * i as f64);
            row
        })
        .collect()
}

/// The score of model_a under a tie policy, or `None` when the battle does not count.
fn score(w: Winner, ties: TiePolicy) -> Option<f64> {
    match (w, ties) {
        (Winner::ModelA, _) => Some(1.0),
        (Winner::ModelB, _) => Some(0.0),
        (Winner::Tie, TiePolicy::None) | (Winner::BothBad, TiePolicy::None | TiePolicy::NoBothBad) => None,
        _ => Some(0.5),
    }
}

/// Hunter's MM iteration for Bradley-Terry with ties as half wins, on battles given as
/// (model_a, model_b, score_a) by name, restricted to the models in `keep`. Returns ratings
/// (1000 + 400/ln10 * ln gamma) with each connected group averaging 1000.
fn mm_reference(battles: &[(String, String, f64)], keep: &[String]) -> HashMap<String, f64> {
    let kept: Vec<&(String, String, f64)> =
        battles.iter().filter(|(a, b, _)| keep.contains(a) && keep.contains(b)).collect();
    let mut gamma: HashMap<&str, f64> = keep.iter().map(|m| (m.as_str(), 1.0)).collect();
    let mut wins: HashMap<&str, f64> = keep.iter().map(|m| (m.as_str(), 0.0)).collect();
    for (a, b, s) in &kept {
        *wins.get_mut(a.as_str()).unwrap() += s;
        *wins.get_mut(b.as_str()).unwrap() += 1.0 - s;
    }
    for _ in 0..200_000 {
        let mut denom: HashMap<&str, f64> = keep.iter().map(|m| (m.as_str(), 0.0)).collect();
        for (a, b, _) in &kept {
            let d = 1.0 / (gamma[a.as_str()] + gamma[b.as_str()]);
            *denom.get_mut(a.as_str()).unwrap() += d;
            *denom.get_mut(b.as_str()).unwrap() += d;
        }
        let mut change: f64 = 0.0;
        let mut next = HashMap::new();
        for m in keep {
            let g = wins[m.as_str()] / denom[m.as_str()];
            change = change.max((g / gamma[m.as_str()]).ln().abs());
            next.insert(m.as_str(), g);
        }
        // Normalise (the scale is free) to keep numbers moderate.
        let mean_log: f64 = next.values().map(|g: &f64| g.ln()).sum::<f64>() / keep.len() as f64;
        for g in next.values_mut() {
            *g = (g.ln() - mean_log).exp();
        }
        gamma = next;
        if change < 1e-13 {
            break;
        }
    }
    // The kept models are one connected group in these tests: centre them together.
    let mean: f64 = gamma.values().map(|g| g.ln()).sum::<f64>() / keep.len() as f64;
    gamma.iter().map(|(m, g)| (m.to_string(), 1000.0 + 400.0 / std::f64::consts::LN_10 * (g.ln() - mean))).collect()
}

fn named(index: &Index, ids: &[BattleId], ties: TiePolicy) -> Vec<(String, String, f64)> {
    ids.iter()
        .filter_map(|&b| {
            let s = score(index.winner(b), ties)?;
            Some((index.model_name(index.model_a(b)).to_owned(), index.model_name(index.model_b(b)).to_owned(), s))
        })
        .collect()
}

/// The largest gradient component of the log-likelihood at the given ratings, from the raw
/// battle list.
fn raw_gradient(battles: &[(String, String, f64)], rating: &HashMap<String, f64>) -> f64 {
    let mut g: HashMap<&str, f64> = HashMap::new();
    for (a, b, s) in battles {
        let (Some(ra), Some(rb)) = (rating.get(a), rating.get(b)) else { continue };
        let theta = (ra - rb) * std::f64::consts::LN_10 / 400.0;
        let p = 1.0 / (1.0 + (-theta).exp());
        *g.entry(a).or_default() += s - p;
        *g.entry(b).or_default() -= s - p;
    }
    g.values().fold(0.0, |m, v| m.max(v.abs()))
}

/// Compares our fit of `ids` with the reference on the rated models; returns how many models
/// were compared.
fn compare(index: &Index, ids: &[BattleId], ties: TiePolicy) -> usize {
    let counts = PairCounts::aggregate(index, ids, &SubsetOptions { ties, ..Default::default() });
    let fit = fit_bt(&counts);
    assert!(fit.converged && fit.max_gradient < GRADIENT_TOLERANCE, "{}", fit.max_gradient);
    let battles = named(index, ids, ties);
    let mut ours = HashMap::new();
    let mut by_group: HashMap<u32, Vec<String>> = HashMap::new();
    for (k, m) in counts.models.iter().enumerate() {
        if let Standing::Rated { group } = fit.standing[k] {
            let name = index.model_name(*m).to_owned();
            ours.insert(name.clone(), fit.rating(k).unwrap());
            by_group.entry(group).or_default().push(name);
        }
        for v in &fit.theta {
            assert!(v.is_finite());
        }
    }
    // Only battles among rated models of one group enter that group's likelihood.
    for keep in by_group.values() {
        let group_battles: Vec<_> =
            battles.iter().filter(|(a, b, _)| keep.contains(a) && keep.contains(b)).cloned().collect();
        assert!(raw_gradient(&group_battles, &ours) < 1e-8);
        let reference = mm_reference(&battles, keep);
        for m in keep {
            let (a, b) = (ours[m], reference[m]);
            assert!((a - b).abs() < 0.01, "{m}: ours {a}, reference {b}");
        }
    }
    ours.len()
}

#[test]
fn agrees_with_mm_on_random_data_under_every_tie_policy() {
    for (seed, models, n) in [(1, 6, 3000), (2, 10, 5000), (3, 15, 8000)] {
        let index = Index::from_battles(&random_battles(models, n, seed), DatasetInfo::default());
        let ids: Vec<_> = index.battle_ids().collect();
        for ties in [TiePolicy::Half, TiePolicy::NoBothBad, TiePolicy::None] {
            assert_eq!(compare(&index, &ids, ties), models, "seed {seed}: every model rated");
        }
    }
}

#[test]
fn agrees_with_mm_on_sparse_subsets() {
    let index = Index::from_battles(&random_battles(12, 4000, 9), DatasetInfo::default());
    let mut s = Stream(77);
    let (mut compared, mut partial) = (0, 0);
    for round in 0..40 {
        // Sparse: 20 to 200 battles drawn from the 4000, some subsets without a full MLE.
        let size = 20 + s.below(180);
        let mut ids: Vec<BattleId> = (0..size).map(|_| BattleId(s.below(4000) as u32)).collect();
        ids.sort_unstable();
        ids.dedup();
        let ties = [TiePolicy::Half, TiePolicy::None][round % 2];
        let counts = PairCounts::aggregate(&index, &ids, &SubsetOptions { ties, ..Default::default() });
        if !fit_bt(&counts).mle_exists {
            partial += 1;
        }
        compared += compare(&index, &ids, ties);
    }
    assert!(compared > 100, "{compared}");
    assert!(partial > 0, "some sparse subsets must lack a full MLE to test the partial case");
}
