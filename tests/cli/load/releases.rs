//! The later releases (140k, 100k, MT-bench, the 55k CSV) open as the same battles: fixtures
//! are written in each layout by the project's own writers, and real-looking damage is
//! reported by row and field.

use arenascope::index::{BattleId, Index, Side};
use arenascope::model::{Battle, CategoryTags, DedupTag, Release, ReleaseTags, Winner};
use arenascope::query::{CompiledQuery, NoReviews, battles_matching};
use arenascope::synth::{self, ReleaseLayout, write_release_parquet};
use tempfile::TempDir;

use super::common::*;

/// Generated battles with tags on some (as the later releases carry them).
fn tagged_battles(n: usize) -> Vec<Battle> {
    let mut rows = synth::generate(n, 21);
    for (i, b) in rows.iter_mut().enumerate() {
        if i % 3 == 0 {
            b.tags = ReleaseTags {
                categories: Some(CategoryTags {
                    criteria_known: 0x7f,
                    criteria_true: if i % 2 == 0 { 0x7f } else { 0x0f },
                    if_score: Some((i % 6) as i32),
                    math: Some(i % 4 == 0),
                    creative_writing: Some(i % 5 == 0),
                }),
                is_code: Some(i % 2 == 0),
                is_refusal: Some(i % 9 == 0),
                dedup: Some(DedupTag { high_freq: i % 6 == 0, sampled: false }),
                meta: None,
            };
        }
    }
    rows
}

fn texts(index: &Index, b: BattleId, side: Side) -> Vec<String> {
    index.conversation(b, side).iter().map(|m| index.message_text(m).to_owned()).collect()
}

fn count(index: &Index, query: &str) -> usize {
    let q = CompiledQuery::new(index, query).unwrap();
    battles_matching(index, &q, &NoReviews).len()
}

#[test]
fn p140k_parts_images_ids_times_and_tags() {
    let dir = TempDir::new().unwrap();
    let rows = tagged_battles(60);
    let path = dir.path().join("train.parquet");
    write_release_parquet(&path, &rows, ReleaseLayout::P140k, &[0, 7]).unwrap();
    let loaded = load_paths(&[&path]);
    let index = &loaded.index;
    assert_eq!(index.info.release, Some(Release::Preference140k));
    assert_eq!(index.len(), rows.len());
    for (i, r) in rows.iter().enumerate() {
        let b = BattleId(i as u32);
        assert_eq!(index.question_id(b), synth::uuid_of(r, i), "the uuid is the battle id");
        assert_eq!(index.winner(b), r.winner, "both_bad is Winner::BothBad");
        let t = index.tstamp(b).unwrap();
        assert!((t - r.tstamp.unwrap()).abs() < 1e-5, "timestamp in microseconds");
        let mut want: Vec<String> = r.conversation_a.iter().map(|m| m.content.clone()).collect();
        if i == 0 || i == 7 {
            want[0].push_str("\n[image: image/png]");
        }
        assert_eq!(texts(index, b, Side::A), want, "row {i}: text parts joined, image shown");
        assert_eq!(index.tags(b).categories, r.tags.categories);
        assert_eq!(index.tags(b).is_code, r.tags.is_code);
        let meta = index.tags(b).meta.expect("conv_metadata read from the file");
        assert!(!meta.computed);
        assert_eq!(meta.a.tokens, index.style(b).a.tokens);
        let extra: Vec<&str> = index.extra(b).map(|(k, _)| k).collect();
        assert_eq!(extra, ["evaluation_session_id", "evaluation_order"], "kept; full_conversation never read");
    }
    assert_eq!(count(index, "image/png"), 2);
    assert!(rows.iter().any(|r| r.winner == Winner::BothBad));
}

#[test]
fn p140k_rows_in_json_form_open_whole() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("rows.jsonl");
    let part = |t: &str| serde_json::json!({"type": "text", "text": t, "image": null, "mimeType": null});
    let image =
        serde_json::json!({"type": "image", "text": null, "image": "https://x/y.jpg", "mimeType": "image/jpeg"});
    let row = |id: &str, winner: &str, lang: &str| {
        serde_json::json!({
            "id": id, "model_a": "m1", "model_b": "m2", "winner": winner,
            "evaluation_session_id": "sess", "evaluation_order": 2,
            "conversation_a": [{"role": "user", "content": [part("Bonjour"), image.clone()]},
                               {"role": "assistant", "content": [part("**Salut** !")]}],
            "conversation_b": [{"role": "user", "content": [part("Bonjour")], "num_tokens": null},
                               {"role": "assistant", "content": [part("Hello")], "num_tokens": 2}],
            "full_conversation": [{"user": {"role": "user", "content": [part("Bonjour")]}}],
            "conv_metadata": {"sum_assistant_a_tokens": 9, "header_count_a": {"h1": 1, "h2": 0, "h3": 0, "h4": 0, "h5": 0, "h6": 0},
                              "list_count_a": {"ordered": 2, "unordered": 0}, "bold_count_a": {"**": 1, "__": 0},
                              "sum_assistant_b_tokens": 1, "sum_user_tokens": 3, "turns": 1},
            "category_tag": {"creative_writing_v0.1": {"creative_writing": true, "score": "yes"},
                             "criteria_v0.1": {"complexity": true, "creativity": true, "domain_knowledge": true,
                                               "problem_solving": true, "real_world": true, "specificity": true,
                                               "technical_accuracy": false},
                             "if_v0.1": {"if": true, "score": 4}, "math_v0.1": {"math": false}},
            "language": lang, "is_code": false, "timestamp": "2025-05-29T14:48:41.602925"
        })
        .to_string()
    };
    let body = [row("u1", "both_bad", "fr"), row("u2", "model_a", "<err>")].join("\n");
    std::fs::write(&path, body).unwrap();
    let loaded = load_paths(&[&path]);
    let index = &loaded.index;
    assert_eq!((index.len(), loaded.report.skipped), (2, 0));
    assert_eq!(index.info.release, Some(Release::Preference140k));
    let b = BattleId(0);
    assert_eq!(index.question_id(b), "u1");
    assert_eq!(index.winner(b), Winner::BothBad);
    assert_eq!(texts(index, b, Side::A), ["Bonjour\n[image: image/jpeg]", "**Salut** !"]);
    assert_eq!(arenascope::time::format_utc(index.tstamp(b).unwrap()), "2025-05-29 14:48:41");
    assert_eq!(index.language_str(b), Some("fr"));
    assert_eq!(index.language_str(BattleId(1)), None, "<err> is unknown");
    let tags = index.tags(b);
    assert_eq!(tags.categories.and_then(|c| c.hard()), Some(true));
    assert_eq!(tags.categories.and_then(|c| c.if_score), Some(4));
    let meta = tags.meta.unwrap();
    assert_eq!((meta.a.tokens, meta.a.headers[0], meta.a.ordered, meta.a.bold, meta.user_tokens), (9, 1, 2, 1, 3));
    assert_eq!(index.extra(b).collect::<Vec<_>>(), [("evaluation_session_id", "sess"), ("evaluation_order", "2")]);
}

#[test]
fn p100k_tags_are_read() {
    let dir = TempDir::new().unwrap();
    let rows = tagged_battles(40);
    let path = dir.path().join("arena-explorer-preference-100k.parquet");
    write_release_parquet(&path, &rows, ReleaseLayout::P100k, &[]).unwrap();
    let loaded = load_paths(&[&path]);
    let index = &loaded.index;
    assert_eq!(index.info.release, Some(Release::Preference100k));
    for (i, r) in rows.iter().enumerate() {
        let b = BattleId(i as u32);
        let t = index.tags(b);
        assert_eq!(
            (t.categories, t.is_code, t.is_refusal, t.dedup),
            (r.tags.categories, r.tags.is_code, r.tags.is_refusal, r.tags.dedup)
        );
        assert_eq!(index.judge_str(b), r.judge.as_deref(), "judge_hash is the judge");
        assert_eq!(index.winner(b), r.winner);
        assert_eq!(index.extra(b).len(), 0);
    }
}

#[test]
fn mtbench_integer_ids_and_splits_in_one_folder() {
    let dir = TempDir::new().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let mut human = synth::generate(30, 4);
    for (i, b) in human.iter_mut().enumerate() {
        b.judge = Some(format!("expert_{}", i % 5));
    }
    let mut gpt = synth::generate(20, 5);
    for b in &mut gpt {
        b.judge = Some("gpt4_pair".into());
    }
    write_release_parquet(&data.join("human-00000-of-00001.parquet"), &human, ReleaseLayout::MtBench, &[]).unwrap();
    write_release_parquet(&data.join("gpt4_pair-00000-of-00001.parquet"), &gpt, ReleaseLayout::MtBench, &[]).unwrap();
    let loaded = load_paths(&[&data]);
    let index = &loaded.index;
    assert_eq!(index.len(), 50);
    assert_eq!(index.info.release, Some(Release::MtBench));
    // gpt4_pair sorts first in the folder.
    let split = |b: u32| index.extra(BattleId(b)).find(|(k, _)| *k == "split").map(|(_, v)| v.to_owned());
    assert_eq!(split(0).as_deref(), Some("gpt4_pair"));
    assert_eq!(split(20).as_deref(), Some("human"));
    assert_eq!(index.question_id(BattleId(20)), "81");
    assert_eq!(index.battle_label(BattleId(20)), "81#2", "battles share an integer question id");
    assert_eq!(index.battle_label(BattleId(1)), "82");
    assert!(index.battle_ids().all(|b| !matches!(index.winner(b), Winner::BothBad)));
}

const CSV_HEADER: &str = "id,model_a,model_b,prompt,response_a,response_b,winner_model_a,winner_model_b,winner_tie\n";

#[test]
fn csv_55k_damage_skips_only_that_row() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("train.csv");
    let body = format!(
        "{CSV_HEADER}\
         30192,gpt-4,claude-2,\"[\"\"hi\"\",\"\"more\"\"]\",\"[\"\"hello\"\",\"\"yes\"\"]\",\"[\"\"hey\"\",null]\",0,0,1\n\
         53567,gpt-4,llama-2,\"[\"\"q\"\"]\",\"[\"\"broken\"\",\",\"[\"\"b\"\"]\",1,0,0\n\
         65089,mistral,gpt-4,\"[\"\"multi\\nline\"\"]\",\"[\"\"a, with comma\"\"]\",\"[\"\"b\"\"]\",0,1,0\n"
    );
    std::fs::write(&path, body).unwrap();
    let loaded = load_paths(&[&path]);
    let index = &loaded.index;
    assert_eq!(index.info.release, Some(Release::Kaggle55k));
    assert_eq!((index.len(), loaded.report.skipped), (2, 1));
    let problem = loaded.report.problems[0].to_string();
    assert!(problem.starts_with(&format!("{}: row 1: response_a: not a JSON list", path.display())), "{problem}");
    let b = BattleId(0);
    assert_eq!(index.question_id(b), "30192");
    assert_eq!(index.winner(b), Winner::Tie);
    assert_eq!(index.turn(b), 2);
    assert_eq!(texts(index, b, Side::B), ["hi", "hey", "more", ""], "a null turn stays, empty");
    let null_turns = index.extra(b).find(|(k, _)| *k == "null_turns").map(|(_, v)| v);
    assert!(null_turns.is_some_and(|v| v.starts_with("response_b 2")), "{null_turns:?}");
    assert_eq!((index.judge_str(b), index.language_str(b), index.tstamp(b)), (None, None, None));
    assert_eq!(texts(index, BattleId(1), Side::A), ["multi\nline", "a, with comma"]);
    assert_eq!(index.winner(BattleId(1)), Winner::ModelB);
}

#[test]
fn csv_without_the_columns_is_refused_by_name() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("other.csv");
    std::fs::write(&path, "a,b,c\n1,2,3\n").unwrap();
    let err = arenascope::load::load_paths(&[path], Default::default()).err().expect("refused");
    assert!(err.to_string().contains("missing") || err.to_string().contains("without"), "{err}");
    assert!(err.to_string().contains("prompt"), "{err}");
}

#[test]
fn every_layout_holds_the_same_battles() {
    let dir = TempDir::new().unwrap();
    let rows = synth::generate(300, 13);
    let base = dir.path().join("arena.parquet");
    synth::write_parquet(&base, &rows, synth::ParquetCompression::Snappy, 100).unwrap();
    let mut paths = vec![base];
    for (layout, name) in [
        (ReleaseLayout::P140k, "140k.parquet"),
        (ReleaseLayout::P100k, "100k.parquet"),
        (ReleaseLayout::MtBench, "mt.parquet"),
    ] {
        let p = dir.path().join(name);
        write_release_parquet(&p, &rows, layout, &[]).unwrap();
        paths.push(p);
    }
    let csv = dir.path().join("55k.csv");
    std::fs::write(&csv, synth::csv_55k(&rows)).unwrap();
    paths.push(csv);
    let reference = load_paths(&[&paths[0]]);
    let queries = ["python", "\"the\"", "/[0-9]{3}/", "model:gpt-4", "turn:2"];
    let want: Vec<usize> = queries.iter().map(|q| count(&reference.index, q)).collect();
    assert!(want.iter().all(|&n| n > 0), "{want:?}");
    let per_model = |idx: &Index| {
        let s = arenascope::stats::DatasetStats::compute(idx, &Default::default());
        (s.rows, s.battles_per_model)
    };
    for p in &paths[1..] {
        let loaded = load_paths(&[p]);
        let got: Vec<usize> = queries.iter().map(|q| count(&loaded.index, q)).collect();
        assert_eq!(got, want, "{}", p.display());
        assert_eq!(per_model(&loaded.index), per_model(&reference.index), "{}", p.display());
        for b in reference.index.battle_ids() {
            for side in [Side::A, Side::B] {
                assert_eq!(texts(&loaded.index, b, side), texts(&reference.index, b, side), "{}", p.display());
            }
        }
    }
}

#[test]
fn stats_json_reports_the_release_and_its_tags() {
    let dir = TempDir::new().unwrap();
    let rows = tagged_battles(90);
    let path = dir.path().join("train-00000.parquet");
    write_release_parquet(&path, &rows, ReleaseLayout::P140k, &[]).unwrap();
    let stats = stats_json(&arenascope(&["stats".as_ref(), "--json".as_ref(), path.as_os_str()], dir.path()));
    assert_eq!(stats["release"], "arena-human-preference-140k");
    assert_eq!(stats["rows"], 90);
    let both_bad = rows.iter().filter(|r| r.winner == Winner::BothBad).count();
    assert!(both_bad > 0);
    assert_eq!(stats["winner_counts"]["tie (bothbad)"], both_bad, "both_bad counted as tie (bothbad)");
    let code = rows.iter().filter(|r| r.tags.is_code == Some(true)).count();
    assert_eq!(stats["code"], code);
    assert_eq!(stats["categories"]["code"], code);
    let hard = rows.iter().filter(|r| r.tags.categories.and_then(|c| c.hard()) == Some(true)).count();
    assert_eq!(stats["categories"]["hard"], hard);
    assert!(stats["refusal"].is_null(), "the 140k has no is_refusal");
    let text = arenascope(&["stats".as_ref(), path.as_os_str()], dir.path()).stdout;
    assert!(text.contains("release       arena-human-preference-140k"), "{text}");
    assert!(text.contains("hard prompts"), "{text}");
}
