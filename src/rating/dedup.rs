//! Deduplication of over-frequent prompts before rating (FastChat's
//! `fastchat/serve/monitor/deduplication.py`): battles are keyed by their user turns; a key
//! seen more often than the q-quantile of the per-key counts keeps only `int(cutoff)` of its
//! battles, drawn with a fixed seed. Releases that carry `dedup_tag` use the tag instead.

use std::collections::HashMap;

use rand::SeedableRng;
use rand::rngs::Xoshiro256PlusPlus;

use crate::index::{BattleId, Index, Side};

use super::sample::below;

/// The published leaderboard's quantile ("the top 0.1% most frequent prompts"); FastChat's
/// script itself defaults to 0.9999.
pub const DEFAULT_QUANTILE: f64 = 0.999;
pub const DEFAULT_SEED: u64 = 42;
/// A key is the user turns, each followed by a newline, cut to this many characters.
pub const KEY_CHARS: usize = 10_000;

/// Which battles deduplication keeps (over the whole dataset).
#[derive(Debug, Clone, PartialEq)]
pub struct Dedup {
    /// One per battle of the index.
    pub kept: Vec<bool>,
    /// The q-quantile of the per-prompt counts (`None` when the file's tags decided).
    pub cutoff: Option<f64>,
    pub quantile: f64,
    /// True when every battle carried `dedup_tag`.
    pub from_tags: bool,
}

impl Dedup {
    /// Battles of the index it drops.
    pub fn dropped(&self) -> usize {
        self.kept.iter().filter(|k| !**k).count()
    }

    /// Keeps the battles of `ids` that deduplication keeps; returns them and how many it dropped.
    pub fn filter(&self, ids: &[BattleId]) -> (Vec<BattleId>, usize) {
        let kept: Vec<BattleId> = ids.iter().copied().filter(|b| self.kept[b.index()]).collect();
        let dropped = ids.len() - kept.len();
        (kept, dropped)
    }

    /// "threshold 12 battles per prompt (the 0.999 quantile of the per-prompt counts, 11.7)".
    pub fn describe(&self) -> String {
        match self.cutoff {
            Some(c) => format!(
                "a prompt keeps at most {} battles (the {} quantile of the battles per prompt is {c:.2})",
                c as u64, self.quantile
            ),
            None => "the file's dedup_tag decides (kept: not high_freq, or sampled)".to_owned(),
        }
    }
}

/// The prompt key of a battle: its user turns, each followed by a newline, cut to
/// [`KEY_CHARS`] characters.
pub fn prompt_key(index: &Index, b: BattleId) -> String {
    let mut key = String::new();
    for m in index.conversation(b, Side::A).iter().filter(|m| m.is_user) {
        key.push_str(index.message_text(m));
        key.push('\n');
    }
    match key.char_indices().nth(KEY_CHARS) {
        Some((cut, _)) => key[..cut].to_owned(),
        None => key,
    }
}

/// The `q` quantile of `values` with linear interpolation (pandas' default).
pub fn quantile_linear(values: &mut [u64], q: f64) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_unstable();
    let h = (values.len() - 1) as f64 * q.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(values.len() - 1);
    values[lo] as f64 + (h - lo as f64) * (values[hi] as f64 - values[lo] as f64)
}

/// Deduplicates the whole dataset: by the file's `dedup_tag` when every battle has one,
/// otherwise by FastChat's rule with quantile `q` and `seed`.
pub fn dedup(index: &Index, q: f64, seed: u64) -> Dedup {
    let n = index.len();
    let tags: Vec<Option<bool>> = index.battle_ids().map(|b| index.tags(b).dedup.map(|t| t.kept())).collect();
    if n > 0 && tags.iter().all(Option::is_some) {
        return Dedup {
            kept: tags.into_iter().map(|t| t.unwrap_or(true)).collect(),
            cutoff: None,
            quantile: q,
            from_tags: true,
        };
    }
    let mut groups: HashMap<String, Vec<u32>> = HashMap::new();
    for b in index.battle_ids() {
        groups.entry(prompt_key(index, b)).or_default().push(b.0);
    }
    let mut counts: Vec<u64> = groups.values().map(|g| g.len() as u64).collect();
    let cutoff = quantile_linear(&mut counts, q);
    let keep = cutoff as usize;
    let mut kept = vec![true; n];
    // Over-frequent keys in a fixed order, so that the draw depends only on the seed.
    let mut frequent: Vec<&Vec<u32>> = groups.values().filter(|g| g.len() as f64 > cutoff).collect();
    frequent.sort_unstable_by_key(|g| g[0]);
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    for g in frequent {
        let mut order = g.clone();
        // A partial Fisher-Yates shuffle picks `keep` of them.
        for i in 0..keep.min(order.len()) {
            let j = i + below(&mut rng, order.len() - i);
            order.swap(i, j);
        }
        for &b in &order[keep.min(order.len())..] {
            kept[b as usize] = false;
        }
    }
    Dedup { kept, cutoff: Some(cutoff), quantile: q, from_tags: false }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{battle, conversation};
    use crate::index::DatasetInfo;
    use crate::model::DedupTag;

    fn with_prompts(prompts: &[&str]) -> Index {
        let rows: Vec<_> = prompts
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let mut r = battle(&format!("q{i}"), "a", "b");
                r.conversation_a = conversation(&[p, "answer"]);
                r.conversation_b = conversation(&[p, "other"]);
                r
            })
            .collect();
        Index::from_battles(&rows, DatasetInfo::default())
    }

    #[test]
    fn the_quantile_interpolates_like_pandas() {
        assert_eq!(quantile_linear(&mut [1, 1, 1, 10], 0.5), 1.0);
        // h = 3 * 0.9 = 2.7: 1 + 0.7 * (10 - 1).
        assert!((quantile_linear(&mut [10, 1, 1, 1], 0.9) - 7.3).abs() < 1e-12);
        assert_eq!(quantile_linear(&mut [], 0.9), 0.0);
    }

    #[test]
    fn a_prompt_above_the_cutoff_keeps_int_cutoff_battles() {
        // Per-prompt counts: "hi" 6, four others once: counts [1,1,1,1,6]; q 0.9 gives
        // h = 3.6, cutoff 1 + 0.6 * 5 = 4: "hi" keeps 4 of its 6.
        let mut prompts = vec!["hi"; 6];
        prompts.extend(["a", "b", "c", "d"]);
        let idx = with_prompts(&prompts);
        let d = dedup(&idx, 0.9, 1);
        assert_eq!(d.cutoff, Some(4.0));
        assert_eq!(d.dropped(), 2);
        assert!(d.kept[6..].iter().all(|k| *k));
        assert_eq!(d.kept[..6].iter().filter(|k| **k).count(), 4);
        assert_eq!(dedup(&idx, 0.9, 1), d, "the same seed keeps the same battles");
        // At q = 1 the cutoff is the largest count: nothing is above it.
        assert_eq!(dedup(&idx, 1.0, 1).dropped(), 0);
        let ids: Vec<_> = idx.battle_ids().collect();
        let (kept, dropped) = d.filter(&ids);
        assert_eq!((kept.len(), dropped), (8, 2));
    }

    #[test]
    fn the_dedup_query_selects_exactly_the_dropped_battles() {
        let names: Vec<String> = (0..970).map(|i| format!("prompt {i}")).collect();
        let mut prompts = vec!["same prompt"; 30];
        prompts.extend(names.iter().map(String::as_str));
        let idx = with_prompts(&prompts);
        let d = dedup(&idx, DEFAULT_QUANTILE, DEFAULT_SEED);
        // 971 keys: 970 once, one 30 times; h = 970 * 0.999 = 969.03 -> 1 + 0.03 * 29 = 1.87.
        assert!((d.cutoff.unwrap() - 1.87).abs() < 1e-9);
        assert_eq!(d.dropped(), 29);
        let run = |q: &str| {
            let compiled = crate::query::CompiledQuery::new(&idx, q).unwrap();
            crate::query::battles_matching(&idx, &compiled, &crate::query::NoReviews)
        };
        let dropped = run("dedup:dropped");
        assert_eq!(dropped.len(), 29);
        assert!(dropped.iter().all(|b| !d.kept[b.index()]));
        assert_eq!(run("dedup:kept").len(), 971);
        assert_eq!(run("dedup:kept|dropped").len(), 1000);
        assert!(crate::query::parse("dedup:maybe").is_err());
    }

    #[test]
    fn keys_join_user_turns_and_cut_at_ten_thousand_characters() {
        let long = "é".repeat(KEY_CHARS + 5);
        let idx = with_prompts(&[&long]);
        let b = idx.battle_ids().next().unwrap();
        assert_eq!(prompt_key(&idx, b).chars().count(), KEY_CHARS);
        let idx = with_prompts(&["x"]);
        assert_eq!(prompt_key(&idx, idx.battle_ids().next().unwrap()), "x\n");
    }

    #[test]
    fn tags_decide_when_every_battle_has_one() {
        let mut rows: Vec<_> = (0..3).map(|i| battle(&format!("q{i}"), "a", "b")).collect();
        rows[0].tags.dedup = Some(DedupTag { high_freq: true, sampled: false });
        rows[1].tags.dedup = Some(DedupTag { high_freq: true, sampled: true });
        rows[2].tags.dedup = Some(DedupTag { high_freq: false, sampled: false });
        let idx = Index::from_battles(&rows, DatasetInfo::default());
        let d = dedup(&idx, DEFAULT_QUANTILE, DEFAULT_SEED);
        assert!(d.from_tags);
        assert_eq!(d.kept, [false, true, true]);
    }
}
