//! Search Arena (`search-arena-24k`) in its parquet and JSON Lines forms, written by the
//! project's own writer: the same battles in both, citations and intents kept, battles without
//! a vote kept as such (not ties) through stats, queries, ratings and JSON output.

use arenascope::index::{BattleId, Index, Side};
use arenascope::model::{Battle, Release, Winner};
use arenascope::query::{CompiledQuery, NoReviews, battles_matching};
use arenascope::synth::{self, ReleaseLayout, write_release_parquet};
use tempfile::TempDir;

use super::common::*;

/// Generated battles, every fifth without a vote.
fn search_battles(n: usize) -> Vec<Battle> {
    let mut rows = synth::generate(n, 31);
    for (i, b) in rows.iter_mut().enumerate() {
        if i % 5 == 2 {
            b.winner = Winner::NoVote;
        }
    }
    rows
}

fn count(index: &Index, query: &str) -> usize {
    let q = CompiledQuery::new(index, query).unwrap_or_else(|e| panic!("{query}: {e}"));
    battles_matching(index, &q, &NoReviews).len()
}

fn extra<'i>(index: &'i Index, b: BattleId, name: &str) -> Option<&'i str> {
    index.extra(b).iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

/// Writes both forms of `rows` into `dir`.
fn both_forms(dir: &std::path::Path, rows: &[Battle]) -> [std::path::PathBuf; 2] {
    let parquet = dir.join("search-arena.parquet");
    write_release_parquet(&parquet, rows, ReleaseLayout::SearchArena, &[]).unwrap();
    let jsonl = dir.join("search_arena_24k.jsonl");
    std::fs::write(&jsonl, synth::search_arena_jsonl(rows)).unwrap();
    [parquet, jsonl]
}

#[test]
fn parquet_and_json_open_as_the_same_battles_with_citations_and_intents() {
    let dir = TempDir::new().unwrap();
    let rows = search_battles(1200);
    let [parquet, jsonl] = both_forms(dir.path(), &rows);
    let from_parquet = load_paths(&[&parquet]);
    let from_json = load_paths(&[&jsonl]);
    assert!(from_parquet.report.problems.is_empty(), "{:?}", from_parquet.report.problems);
    assert!(from_json.report.problems.is_empty(), "{:?}", from_json.report.problems);
    for loaded in [&from_parquet, &from_json] {
        let index = &loaded.index;
        assert_eq!(index.info.release, Some(Release::SearchArena));
        assert_eq!(index.len(), rows.len());
        for (i, r) in rows.iter().enumerate() {
            let b = BattleId(i as u32);
            assert_eq!(index.winner(b), r.winner, "row {i}: a null winner is no vote, not a tie");
            assert_eq!(index.model_name(index.model_a(b)), r.model_a);
            for (side, conv) in [(Side::A, &r.conversation_a), (Side::B, &r.conversation_b)] {
                let got: Vec<&str> = index.conversation(b, side).iter().map(|m| index.message_text(m)).collect();
                let want: Vec<&str> = conv.iter().map(|m| m.content.as_str()).collect();
                assert_eq!(got, want, "row {i}");
            }
            assert_eq!(index.language_str(b), r.language.as_deref(), "row {i}: the first of `languages`");
            assert!((index.tstamp(b).unwrap() - r.tstamp.unwrap()).abs() < 1e-3, "row {i}");
            let (primary, secondary) = synth::search_intents(i);
            assert_eq!(extra(index, b, "primary_intent"), Some(primary));
            assert_eq!(extra(index, b, "secondary_intent"), secondary);
            assert_eq!(extra(index, b, "client_country"), synth::search_country(i), "row {i}");
            for x in ['a', 'b'] {
                let urls = synth::search_citation_urls(r, i, x);
                let got = extra(index, b, &format!("citations_{x}"))
                    .map(|v| serde_json::from_str::<Vec<String>>(v).unwrap())
                    .unwrap_or_default();
                assert_eq!(got, urls, "row {i} side {x}");
            }
            assert_eq!(extra(index, b, "system_a"), Some("citation_format: markdown"));
            assert_eq!(extra(index, b, "languages").is_some(), i % 4 == 1 && r.language.is_some());
        }
    }
    // No id column: both forms derive the same stable id from the battle's content.
    for b in from_parquet.index.battle_ids() {
        assert!(from_parquet.index.question_id(b).starts_with("sa-"));
        assert_eq!(from_parquet.index.question_id(b), from_json.index.question_id(b));
    }
    let no_vote = rows.iter().filter(|r| r.winner == Winner::NoVote).count();
    let factual = (0..rows.len()).filter(|&i| {
        let (p, s) = synth::search_intents(i);
        p == "Factual Lookup" || s == Some("Factual Lookup")
    });
    let factual = factual.count();
    for loaded in [&from_parquet, &from_json] {
        assert_eq!(count(&loaded.index, "winner:none"), no_vote);
        assert_eq!(count(&loaded.index, "-winner:none"), rows.len() - no_vote);
        assert_eq!(count(&loaded.index, "winner:tie"), rows.iter().filter(|r| r.winner == Winner::Tie).count());
        assert_eq!(count(&loaded.index, "intent:\"factual lookup\""), factual);
        assert_eq!(count(&loaded.index, "github.com"), 0, "citations are not message text");
    }
}

#[test]
fn stats_ratings_and_json_output_keep_battles_without_a_vote_apart() {
    let dir = TempDir::new().unwrap();
    let rows = search_battles(400);
    let [parquet, jsonl] = both_forms(dir.path(), &rows);
    let no_vote = rows.iter().filter(|r| r.winner == Winner::NoVote).count();
    for path in [&parquet, &jsonl] {
        let stats = stats_json(&arenascope(&["stats".as_ref(), "--json".as_ref(), path.as_os_str()], dir.path()));
        assert_eq!(stats["release"], "search-arena-24k");
        assert_eq!(stats["rows"], rows.len());
        assert_eq!(stats["winner_counts"]["no vote"], no_vote, "{}", stats["winner_counts"]);
        let ties = rows.iter().filter(|r| r.winner == Winner::Tie).count();
        assert_eq!(stats["winner_counts"]["tie"], ties, "no vote is not a tie");
    }
    let ratings = arenascope(&["ratings".as_ref(), parquet.as_os_str()], dir.path());
    assert_eq!(ratings.code, Some(0), "{}", ratings.stderr);
    assert!(
        ratings.stdout.contains(&format!("{no_vote} battles without a vote left out")),
        "ratings say how many battles they skipped:\n{}",
        ratings.stdout
    );
    let search =
        arenascope(&["search".as_ref(), "--json".as_ref(), "winner:none".as_ref(), parquet.as_os_str()], dir.path());
    assert_eq!(search.code, Some(0), "{}", search.stderr);
    let lines: Vec<serde_json::Value> = search.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), no_vote);
    assert!(lines.iter().all(|l| l["winner"].is_null()), "JSON output holds null for no vote");
}

#[test]
fn any_subset_of_the_columns_opens() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("minimal.jsonl");
    let messages = r#"[{"role":"user","content":"who won?"},{"role":"assistant","content":"nobody yet"}]"#;
    let rows = [
        // Only the models and the messages: no id, no winner, no metadata.
        format!(r#"{{"model_a":"m1","model_b":"m2","messages_a":{messages},"messages_b":{messages}}}"#),
        format!(
            r#"{{"model_a":"m1","model_b":"m2","winner":"","messages_a":{messages},"messages_b":{messages},"system_a_metadata":{{"conv_id":"c-7","web_search_trace":null}},"system_b_metadata":null}}"#
        ),
        format!(
            r#"{{"model_a":"m2","model_b":"m1","winner":"model_a","messages_a":{messages},"messages_b":{messages}}}"#
        ),
        format!(r#"{{"model_a":"m2","model_b":"m1","winner":"draw","messages_a":{messages},"messages_b":{messages}}}"#),
    ];
    std::fs::write(&path, rows.join("\n")).unwrap();
    let loaded = load_paths(&[&path]);
    let index = &loaded.index;
    assert_eq!(index.info.release, Some(Release::SearchArena));
    assert_eq!(index.len(), 3, "the row with an unknown winner is skipped, its neighbours kept");
    assert_eq!(loaded.report.problems.len(), 1);
    assert_eq!(loaded.report.problems[0].field, "winner");
    let w: Vec<Winner> = index.battle_ids().map(|b| index.winner(b)).collect();
    assert_eq!(w, [Winner::NoVote, Winner::NoVote, Winner::ModelA]);
    assert!(index.question_id(BattleId(0)).starts_with("sa-"));
    assert_eq!(index.question_id(BattleId(1)), "c-7", "the metadata's conversation id");
}
