//! A deterministic generator of realistic Arena battles in the dataset's exact shape, and
//! writers (JSON Lines, JSON array, parquet) for tests, benches and the embedded sample.
//!
//! All text comes from word banks and templates written for arenascope; none of it is copied
//! from the real dataset. The PRNG is hand-written, so a seed gives the same rows forever.

mod answer;
mod bank;
mod langs;
mod models;
mod question;
mod releases;
mod rng;
mod write;

use rayon::prelude::*;

use crate::model::{Battle, Message};
use models::{MODELS, Matchmaker};
use question::Question;
use rng::Rng;

pub use releases::{
    ReleaseLayout, SEARCH_INTENTS, csv_55k, search_arena_jsonl, search_citation_urls, search_citations, search_country,
    search_intents, uuid_of, write_release_parquet,
};
pub use write::{
    JsonLayout, ParquetCompression, Rows, hub_schema, jsonl_bytes, write_json_array, write_jsonl, write_parquet,
};

/// The model names of the real data, strongest first (the official notebook's order).
pub fn model_names() -> impl Iterator<Item = &'static str> {
    MODELS.iter().map(|m| m.name)
}

/// First and last moments of the generated period: 2023-04-24 15:53 to 2023-06-30 22:00 UTC.
pub const FIRST_TSTAMP: f64 = 1_682_351_591.132_2;
pub const LAST_TSTAMP: f64 = 1_688_162_400.0;

/// The embedded sample (`assets/sample.jsonl`) is `generate(SAMPLE_ROWS, SAMPLE_SEED)`;
/// `cargo run --example make_sample` rewrites it. `SAMPLE_NOTICE` states the row count. The
/// seed was picked among the first hundred so that 300 rows hold moderation-flagged rows (rare:
/// about 0.5%), every model and many languages and scripts.
pub const SAMPLE_ROWS: usize = 300;
pub const SAMPLE_SEED: u64 = 20_230_495;

/// Judge ids to draw from per battle: gives about 13,000 distinct judges for 33,000 battles,
/// as in the real data (13,383).
const JUDGES_PER_ROW: f64 = 0.55;
/// Rows whose question_id repeats an earlier row's, per row (the real 33K have 19).
const REPEATS_PER_ROW: f64 = 20.0 / 33_000.0;

/// Stream tags for per-row generators.
const QUESTION_STREAM: u64 = 1;
const BATTLE_STREAM: u64 = 2;
const TIMELINE_STREAM: u64 = 3;
const REPEAT_STREAM: u64 = 4;

/// `rows` battles in dataset order (rising tstamp), the same for the same seed on any machine.
pub fn generate(rows: usize, seed: u64) -> Vec<Battle> {
    let plan = Plan::new(rows, seed);
    (0..rows).into_par_iter().map(|i| plan.battle(i)).collect()
}

/// What is decided for the whole file before any row is written.
struct Plan {
    seed: u64,
    tstamps: Vec<f64>,
    /// The row whose question each row asks (itself, or an earlier row for a repeat).
    question_source: Vec<usize>,
    matchmaker: Matchmaker,
    judges: usize,
}

impl Plan {
    fn new(rows: usize, seed: u64) -> Plan {
        Plan {
            seed,
            tstamps: timeline(rows, seed),
            question_source: repeats(rows, seed),
            matchmaker: Matchmaker::new(FIRST_TSTAMP, LAST_TSTAMP),
            judges: ((rows as f64 * JUDGES_PER_ROW) as usize).max(1),
        }
    }

    fn battle(&self, i: usize) -> Battle {
        let q = Question::generate(&mut Rng::for_row(self.seed, self.question_source[i], QUESTION_STREAM));
        let mut rng = Rng::for_row(self.seed, i, BATTLE_STREAM);
        let t = self.tstamps[i];
        let (a, b) = self.matchmaker.pair(t, &mut rng);
        let winner = self.matchmaker.winner(a, b, &mut rng);
        let conversation = |model: usize, rng: &mut Rng| {
            let mut messages = Vec::with_capacity(2 * q.turns.len());
            for (k, (prompt, _)) in q.turns.iter().enumerate() {
                messages.push(Message { role: "user".into(), content: prompt.clone() });
                messages
                    .push(Message { role: "assistant".into(), content: answer::answer(&q, k, &MODELS[model], rng) });
            }
            messages
        };
        let conversation_a = conversation(a, &mut rng);
        let conversation_b = conversation(b, &mut rng);
        // A few very active users cast many of the votes.
        let judge = if rng.chance(0.3) { rng.below(self.judges / 25 + 1) } else { rng.below(self.judges) } + 1;
        Battle {
            question_id: q.question_id.clone(),
            model_a: MODELS[a].name.to_owned(),
            model_b: MODELS[b].name.to_owned(),
            winner,
            judge: Some(format!("arena_user_{judge}")),
            conversation_a,
            conversation_b,
            turn: q.turns.len() as u32,
            anony: Some(true),
            language: Some(q.language.to_owned()),
            tstamp: Some(t),
            openai_moderation: Some(q.moderation),
            toxic_chat_tag: Some(q.toxic),
            tags: Default::default(),
            extra: Vec::new(),
        }
    }
}

/// Strictly rising timestamps (4 decimals) spread over the period, busier in the
/// European/American afternoon than at night.
fn timeline(rows: usize, seed: u64) -> Vec<f64> {
    let mut rng = Rng::for_row(seed, 0, TIMELINE_STREAM);
    let mut raw = Vec::with_capacity(rows);
    let mut t = 0.0f64;
    for _ in 0..rows {
        let hour = (FIRST_TSTAMP + t * 3600.0) / 3600.0 % 24.0;
        let rate = 1.0 + 0.6 * ((hour - 9.0) / 24.0 * std::f64::consts::TAU).sin();
        t += rng.exponential() / rate;
        raw.push(t);
    }
    let span = LAST_TSTAMP - FIRST_TSTAMP;
    let (first, last) = (raw.first().copied().unwrap_or(0.0), raw.last().copied().unwrap_or(0.0));
    let scale = if last > first { span / (last - first) } else { 0.0 };
    let mut out: Vec<f64> = Vec::with_capacity(rows);
    for r in raw {
        let mut v = ((FIRST_TSTAMP + (r - first) * scale) * 10_000.0).round() / 10_000.0;
        if let Some(&prev) = out.last()
            && v <= prev
        {
            v = ((prev + 0.0001) * 10_000.0).round() / 10_000.0;
        }
        out.push(v);
    }
    out
}

/// For each row, the row whose question it asks: itself, except for a few repeats of a
/// recent earlier row (one of them a third occurrence), as in the real data.
fn repeats(rows: usize, seed: u64) -> Vec<usize> {
    let mut source: Vec<usize> = (0..rows).collect();
    if rows < 20 {
        return source;
    }
    let mut rng = Rng::for_row(seed, 0, REPEAT_STREAM);
    let count = ((rows as f64 * REPEATS_PER_ROW).round() as usize).max(3);
    let mut at = rng.sample_distinct(rows - 10, count);
    at.sort_unstable();
    let mut previous_source = None;
    for (k, i) in at.into_iter().map(|i| i + 10).enumerate() {
        // The second repeat reuses the first one's question: a third occurrence.
        let s = match previous_source {
            Some(s) if k == 1 && s < i && source[s] == s => s,
            _ => i - 1 - rng.below(i.min(40)),
        };
        source[i] = source[s];
        previous_source = Some(source[i]);
    }
    source
}

#[cfg(test)]
mod tests;
