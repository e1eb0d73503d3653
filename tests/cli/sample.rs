//! The sample embedded in the binary: what a user sees without the real data must cover
//! everything the browser shows, and must be exactly what the generator makes.

use std::collections::HashSet;

use arenascope::index::{BattleId, Side};
use arenascope::load::discover::SAMPLE_JSONL;
use arenascope::load::{self, DataSource, LoadOptions, SAMPLE_NOTICE};
use arenascope::model::Winner;
use arenascope::synth;

fn sample() -> load::Loaded {
    load::load(&DataSource::Sample, LoadOptions::default()).expect("the embedded sample loads")
}

#[test]
fn sample_is_what_make_sample_writes() {
    let expected = synth::jsonl_bytes(&synth::generate(synth::SAMPLE_ROWS, synth::SAMPLE_SEED));
    assert!(SAMPLE_JSONL == expected.as_slice(), "assets/sample.jsonl is stale: run `cargo run --example make_sample`");
}

#[test]
fn sample_notice_tells_the_truth() {
    let loaded = sample();
    assert!(loaded.index.info.is_sample);
    assert_eq!(loaded.report.skipped, 0);
    assert_eq!(loaded.index.len(), synth::SAMPLE_ROWS);
    assert!(SAMPLE_NOTICE.contains(&format!("{} synthetic battles", synth::SAMPLE_ROWS)));
}

#[test]
fn sample_covers_models_votes_turns_languages_code_and_flags() {
    let idx = sample().index;
    let ids: Vec<BattleId> = idx.battle_ids().collect();

    let models: HashSet<&str> = idx.models().iter().map(String::as_str).collect();
    let real: HashSet<&str> = synth::model_names().collect();
    assert_eq!(models, real, "all 20 models of the real data");

    let winners: HashSet<Winner> = idx.winners().iter().copied().collect();
    assert_eq!(winners.len(), 4, "all four winner values");

    assert!(ids.iter().filter(|&&b| idx.turn(b) >= 2).count() >= 10, "multi-turn battles");
    assert!(ids.iter().any(|&b| idx.turn(b) >= 5));

    let languages: HashSet<&str> = ids.iter().filter_map(|&b| idx.language_str(b)).collect();
    assert!(languages.len() >= 8, "{languages:?}");
    let text: String = idx.text().parts(0..idx.text_len()).map(|(_, b)| String::from_utf8_lossy(b)).collect();
    for (script, range) in [
        ("CJK", '\u{4e00}'..='\u{9fff}'),
        ("Cyrillic", '\u{400}'..='\u{4ff}'),
        ("Greek", '\u{370}'..='\u{3ff}'),
        ("Hangul or kana", '\u{3040}'..='\u{d7af}'),
    ] {
        assert!(text.chars().any(|c| range.contains(&c)), "no {script} text in the sample");
    }

    let code_blocks = ids
        .iter()
        .filter(|&&b| idx.conversation(b, Side::A).iter().any(|m| idx.message_text(m).contains("```")))
        .count();
    assert!(code_blocks >= 10, "{code_blocks} battles with code blocks");
    assert!(text.contains("|---|"), "a markdown table");

    assert!(ids.iter().any(|&b| idx.moderation_flagged(b) == Some(true)), "a moderation-flagged row");
    assert!(ids.iter().any(|&b| idx.toxic_flagged(b) == Some(true)), "a toxic-flagged row");
    assert!(ids.iter().any(|&b| idx.occurrence(b) > 0), "a repeated question_id");

    let tstamps: Vec<f64> = idx.tstamps().iter().copied().collect();
    assert!(tstamps.windows(2).all(|w| w[0] < w[1]), "rows in time order");
}
