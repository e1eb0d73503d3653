//! `arenascope export` end to end: the built binary on files written here (the synthetic
//! generator's 2023 parquet and 140k layout, hand-made JSON Lines), each export read back with
//! arenascope's own loader and compared with `search` of the same query.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use arenascope::fixtures;
use arenascope::index::{DatasetInfo, Index};
use arenascope::load::{DataSource, LoadOptions, load};
use arenascope::model::Winner;
use arenascope::row_json::row_to_json;
use arenascope::synth;
use arenascope::synth::{ParquetCompression, ReleaseLayout, write_parquet, write_release_parquet};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_arenascope")).args(args).output().expect("run arenascope")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

/// 600 generated battles in the hub's 2023 parquet layout.
fn parquet_2023(dir: &Path) -> PathBuf {
    let path = dir.join("arena.parquet");
    write_parquet(&path, &synth::generate(600, 11), ParquetCompression::Snappy, 200).expect("write fixture");
    path
}

/// The same kind of battles in the 140k layout (content parts, `both_bad`, uuid ids).
fn parquet_140k(dir: &Path) -> PathBuf {
    let path = dir.join("arena-140k.parquet");
    write_release_parquet(&path, &synth::generate(500, 12), ReleaseLayout::P140k, &[]).expect("write fixture");
    path
}

fn export(query: &str, input: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["export", query, s(input), "--out", s(out)];
    args.extend_from_slice(extra);
    run(&args)
}

/// `stats --json` of a file, less what depends on the file rather than the battles.
fn stats(path: &Path) -> serde_json::Value {
    let o = run(&["stats", s(path), "--json"]);
    assert!(o.status.success(), "stats {}: {}", path.display(), stderr(&o));
    let mut v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("stats JSON");
    let obj = v.as_object_mut().expect("object");
    for k in ["load_seconds", "release", "problems"] {
        obj.remove(k);
    }
    v
}

/// `stats` of the battles a query matches: `search --json` written to a file, then `stats`.
fn stats_of_query(query: &str, input: &Path, dir: &Path) -> serde_json::Value {
    let o = run(&["search", query, s(input), "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let path = dir.join(format!("search-{}.jsonl", query.len()));
    std::fs::write(&path, &o.stdout).expect("write search output");
    stats(&path)
}

fn assert_same_battles(export: &serde_json::Value, query: &serde_json::Value, what: &str) {
    for key in ["rows", "battles_per_model", "winner_counts", "languages", "turn_histogram", "distinct_question_ids"] {
        assert_eq!(export[key], query[key], "{what}: {key}");
    }
}

#[test]
fn every_dataset_format_of_the_2023_layout_round_trips() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = parquet_2023(dir.path());
    for query in ["", "model:gpt-4 -winner:tie"] {
        let want = stats_of_query(query, &input, dir.path());
        assert!(want["rows"].as_u64().is_some_and(|n| n > 20), "{want}");
        for ext in ["parquet", "jsonl"] {
            let out = dir.path().join(format!("out{}.{ext}", query.len()));
            let o = export(query, &input, &out, &["--no-card"]);
            assert!(o.status.success(), "{}", stderr(&o));
            let line = stderr(&o);
            assert!(line.contains(&format!("wrote {} battles", want["rows"])), "{line}");
            assert_same_battles(&stats(&out), &want, &format!("{query:?} as {ext}"));
        }
    }
    // The moderation and toxic records survive the parquet form exactly.
    let out = dir.path().join("all.parquet");
    assert!(export("", &input, &out, &["--no-card"]).status.success());
    let (a, b) = (loaded(&input), loaded(&out));
    assert_eq!(a.len(), b.len());
    for id in a.battle_ids() {
        assert_eq!(a.battle(id), b.battle(id), "battle {id:?}");
    }
}

#[test]
fn the_2023_parquet_export_has_the_hubs_schema_and_is_smaller() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = parquet_2023(dir.path());
    let out = dir.path().join("all.parquet");
    assert!(export("", &input, &out, &["--no-card"]).status.success());
    let schema = |p: &Path| {
        let f = std::fs::File::open(p).expect("open");
        let r = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(f).expect("parquet");
        strip_item_names(&r.schema().fields().iter().map(|f| f.as_ref().clone()).collect::<Vec<_>>())
    };
    assert_eq!(schema(&out), schema(&input));
    let size = |p: &Path| std::fs::metadata(p).expect("size").len();
    assert!(size(&out) <= size(&input), "{} > {}", size(&out), size(&input));
}

/// Field names and types with list item names left out (pyarrow says `element`, arrow `item`).
fn strip_item_names(fields: &[arrow_schema::Field]) -> Vec<String> {
    fn ty(t: &arrow_schema::DataType) -> String {
        use arrow_schema::DataType;
        match t {
            DataType::List(f) | DataType::LargeList(f) => format!("list<{}>", ty(f.data_type())),
            DataType::Struct(fs) => {
                let inner: Vec<String> = fs.iter().map(|f| format!("{}: {}", f.name(), ty(f.data_type()))).collect();
                format!("struct<{}>", inner.join(", "))
            }
            other => other.to_string(),
        }
    }
    fields.iter().map(|f| format!("{}: {}", f.name(), ty(f.data_type()))).collect()
}

fn loaded(path: &Path) -> Index {
    load(&DataSource::from_paths(&[path.to_path_buf()]), LoadOptions::default()).expect("load").index
}

#[test]
fn a_later_release_round_trips_in_its_own_layout() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = parquet_140k(dir.path());
    let query = "lang:en";
    let want = stats_of_query(query, &input, dir.path());
    for ext in ["parquet", "jsonl", "csv"] {
        let out = dir.path().join(format!("en.{ext}"));
        let o = export(query, &input, &out, &["--no-card"]);
        assert!(o.status.success(), "{}", stderr(&o));
        if ext == "csv" {
            let text = std::fs::read_to_string(&out).expect("csv");
            assert!(text.starts_with("id,question_id,occurrence,model_a,model_b,winner,language,"), "{text}");
            assert_eq!(
                csv::Reader::from_path(&out).expect("csv").records().count() as u64,
                want["rows"].as_u64().unwrap_or(0)
            );
            continue;
        }
        assert_same_battles(&stats(&out), &want, ext);
    }
    // The parquet is recognised as the 140k again, with its own columns and `both_bad`.
    let out = dir.path().join("en.parquet");
    let o = run(&["stats", s(&out), "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["release"], "arena-human-preference-140k");
    assert_eq!(v["categories"], want["categories"], "the categories survive");
    assert_eq!(v["code"], want["code"]);
    let f = std::fs::File::open(&out).expect("open");
    let r = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(f).expect("parquet");
    let names: Vec<String> = r.schema().fields().iter().map(|f| f.name().clone()).collect();
    for col in
        ["id", "winner", "evaluation_session_id", "evaluation_order", "timestamp", "conv_metadata", "category_tag"]
    {
        assert!(names.iter().any(|n| n == col), "{col} missing from {names:?}");
    }
    // Both-bad votes are spelled as the 140k spells them.
    let mut winners = std::collections::BTreeSet::new();
    for batch in r.build().expect("reader") {
        let batch = batch.expect("batch");
        let col = batch.column_by_name("winner").expect("winner");
        let col = col.as_any().downcast_ref::<arrow_array::StringArray>().expect("strings");
        winners.extend(col.iter().flatten().map(str::to_owned));
    }
    assert!(winners.contains("both_bad") && !winners.contains("tie (bothbad)"), "{winners:?}");
}

/// Pair rows as JSON values.
fn pair_rows(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .expect("read pairs")
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

#[test]
fn pairs_are_the_decisive_battles_with_whole_conversations() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = parquet_2023(dir.path());
    let src = loaded(&input);
    let out = dir.path().join("pairs.jsonl");
    let o = export("", &input, &out, &["--format", "pairs"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let rows = pair_rows(&out);
    let decisive: Vec<_> = src.battle_ids().filter(|&b| !src.winner(b).is_tie()).collect();
    assert_eq!(rows.len(), decisive.len());
    let ties = src.battle_ids().filter(|&b| src.winner(b) == Winner::Tie).count();
    let bad = src.battle_ids().filter(|&b| src.winner(b) == Winner::BothBad).count();
    assert!(stderr(&o).contains(&format!("skipped {ties} ties, {bad} both bad")), "{}", stderr(&o));
    let mut multi_turn = 0;
    for (row, &b) in rows.iter().zip(&decisive) {
        let keys: Vec<&str> = row.as_object().expect("object").keys().map(String::as_str).collect();
        assert_eq!(keys, ["id", "chosen", "rejected", "chosen_model", "rejected_model", "language", "turn"]);
        let battle = src.battle(b);
        let a = (&battle.model_a, &battle.conversation_a);
        let bb = (&battle.model_b, &battle.conversation_b);
        let ((win_model, win_conv), loser) = if battle.winner == Winner::ModelA { (a, bb) } else { (bb, a) };
        assert_eq!(row["id"], src.battle_label(b));
        assert_eq!(row["chosen_model"], win_model.as_str());
        assert_eq!(row["rejected_model"], loser.0.as_str());
        let msgs = |v: &serde_json::Value| -> Vec<(String, String)> {
            v.as_array()
                .expect("list")
                .iter()
                .map(|m| (m["role"].as_str().unwrap_or("").to_owned(), m["content"].as_str().unwrap_or("").to_owned()))
                .collect()
        };
        let want = |c: &[arenascope::model::Message]| -> Vec<(String, String)> {
            c.iter().map(|m| (m.role.clone(), m.content.clone())).collect()
        };
        assert_eq!(msgs(&row["chosen"]), want(win_conv));
        assert_eq!(msgs(&row["rejected"]), want(loser.1));
        if battle.turn > 1 {
            multi_turn += 1;
            assert_eq!(msgs(&row["chosen"]).len(), 2 * battle.turn as usize, "every turn is kept");
        }
    }
    assert!(multi_turn > 5, "the fixture has multi-turn battles: {multi_turn}");
    let card = std::fs::read_to_string(dir.path().join("README.md")).expect("card");
    assert!(card.contains("ties and both-bad votes are left out"), "{card}");

    // --ties keep: every battle, with a label; parquet holds the same rows.
    let kept = dir.path().join("kept.jsonl");
    assert!(export("", &input, &kept, &["--format", "pairs", "--ties", "keep"]).status.success());
    let rows = pair_rows(&kept);
    assert_eq!(rows.len(), src.len());
    assert_eq!(rows.iter().filter(|r| r["label"] == "tie").count(), ties);
    assert_eq!(rows.iter().filter(|r| r["label"] == "both_bad").count(), bad);
    let pq = dir.path().join("pairs.parquet");
    assert!(export("", &input, &pq, &["--format", "pairs"]).status.success());
    let f = std::fs::File::open(&pq).expect("open");
    let r = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(f).expect("parquet");
    assert_eq!(r.metadata().file_metadata().num_rows() as usize, decisive.len());
    let names: Vec<String> = r.schema().fields().iter().map(|f| f.name().clone()).collect();
    assert_eq!(names, ["id", "chosen", "rejected", "chosen_model", "rejected_model", "language", "turn"]);
}

#[test]
fn battles_whose_user_turns_differ_are_reported_and_skipped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut battles = fixtures::varied();
    battles[0].winner = Winner::ModelA;
    battles[1].winner = Winner::ModelB;
    battles[1].conversation_b[0].content = "Another question".to_owned();
    let index = Index::from_battles(&battles, DatasetInfo::default());
    let lines: Vec<String> = index.battle_ids().map(|b| row_to_json(&index, b)).collect();
    let input = dir.path().join("b.jsonl");
    std::fs::write(&input, lines.join("\n") + "\n").expect("write");
    let out = dir.path().join("p.jsonl");
    let o = export("", &input, &out, &["--format", "pairs", "--ties", "keep", "--no-card"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("1 user turns differ"), "{err}");
    assert!(err.contains(&index.battle_label(arenascope::index::BattleId(1))), "the battle is named: {err}");
    assert_eq!(pair_rows(&out).len(), battles.len() - 1);
}

#[test]
fn never_writes_over_an_input_or_an_existing_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = parquet_2023(dir.path());
    let before = std::fs::read(&input).expect("read");
    for extra in [&[][..], &["--force"][..]] {
        let o = export("", &input, &input, extra);
        assert_eq!(o.status.code(), Some(1));
        assert!(stderr(&o).contains("refusing to write over"), "{}", stderr(&o));
    }
    assert_eq!(std::fs::read(&input).expect("read"), before);
    let out = dir.path().join("x.jsonl");
    std::fs::write(&out, "keep me\n").expect("write");
    let o = export("", &input, &out, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("already exists"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&out).expect("read"), "keep me\n");
    assert!(!dir.path().join("README.md").exists(), "no card without its export");
    let o = export("", &input, &out, &["--force"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(pair_rows(&out).len(), 600);
    // A name without a known extension is refused before loading.
    let o = export("", &input, &dir.path().join("x.txt"), &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("end it in .jsonl, .csv or .parquet"), "{}", stderr(&o));
    let o = export("", &input, &dir.path().join("p.csv"), &["--format", "pairs"]);
    assert!(stderr(&o).contains("not CSV"), "{}", stderr(&o));
}

#[test]
fn the_card_says_where_the_rows_came_from() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = parquet_2023(dir.path());
    let out = dir.path().join("gpt4.parquet");
    let o = export("model:gpt-4", &input, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let card_path = dir.path().join("README.md");
    let card = std::fs::read_to_string(&card_path).expect("card");
    let fingerprint = format!("{:016x}", loaded(&input).fingerprint());
    let rows = loaded(&out).len();
    for want in [
        "---\nlicense:\n- cc-by-4.0\n- cc-by-nc-4.0\n",
        "source_datasets:\n- lmsys/chatbot_arena_conversations\n",
        "    path: \"gpt4.parquet\"\n",
        &fingerprint,
        "arena.parquet",
        "model:gpt-4",
        &format!("- rows written: {rows}\n"),
        concat!("arenascope ", env!("CARGO_PKG_VERSION")),
        "prompts are licensed CC-BY-4.0 and the model outputs CC-BY-NC-4.0",
    ] {
        assert!(card.contains(want), "{want:?} not in\n{card}");
    }
    // A second export into the folder gets its own card; the first is untouched.
    let other = dir.path().join("claude.jsonl");
    let o = export("model:claude-v1", &input, &other, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("claude.jsonl.README.md"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&card_path).expect("card"), card);
    let second = std::fs::read_to_string(dir.path().join("claude.jsonl.README.md")).expect("second card");
    assert!(second.contains("model:claude-v1"), "{second}");
    // Exporting the first again (with --force) replaces its own card, not the other's.
    let o = export("model:gpt-4 lang:English", &input, &out, &["--force"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::read_to_string(&card_path).expect("card").contains("lang:English"));
    // A README.md that is not a card of this export is never replaced.
    let project = tempfile::tempdir().expect("temp dir");
    std::fs::write(project.path().join("README.md"), "# my project\n").expect("write");
    let o = export("", &input, &project.path().join("all.jsonl"), &["--force"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(project.path().join("README.md")).expect("read"), "# my project\n");
    assert!(project.path().join("all.jsonl.README.md").exists());
}

#[test]
fn a_140k_card_says_cc_by_and_mt_bench_unknown() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = parquet_140k(dir.path());
    let out = dir.path().join("x.parquet");
    assert!(export("", &input, &out, &[]).status.success());
    let card = std::fs::read_to_string(dir.path().join("README.md")).expect("card");
    assert!(card.starts_with("---\nlicense: cc-by-4.0\n"), "{card}");
    let mt = dir.path().join("mt.parquet");
    write_release_parquet(&mt, &synth::generate(50, 3), ReleaseLayout::MtBench, &[]).expect("write");
    let out = dir.path().join("mt-out.parquet");
    assert!(export("", &mt, &out, &[]).status.success());
    let card = std::fs::read_to_string(dir.path().join("mt-out.parquet.README.md")).expect("card");
    assert!(card.starts_with("---\nlicense: unknown\n"), "{card}");
    assert_eq!(stats(&out)["rows"], 50);
}

/// Search Arena battles without a vote are never preference pairs, whatever `--ties` says, and
/// the summary counts them apart from ties.
#[test]
fn battles_without_a_vote_are_never_pairs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut rows = synth::generate(300, 13);
    for (i, b) in rows.iter_mut().enumerate() {
        if i % 4 == 1 {
            b.winner = Winner::NoVote;
        }
    }
    let input = dir.path().join("search-arena.parquet");
    write_release_parquet(&input, &rows, ReleaseLayout::SearchArena, &[]).expect("write fixture");
    let no_vote = rows.iter().filter(|b| b.winner == Winner::NoVote).count();
    let decisive = rows.iter().filter(|b| matches!(b.winner, Winner::ModelA | Winner::ModelB)).count();
    assert!(no_vote > 0 && decisive > 0);
    for (name, keep) in [("drop.jsonl", false), ("keep.jsonl", true)] {
        let out = dir.path().join(name);
        let mut args = vec!["--format", "pairs"];
        if keep {
            args.extend_from_slice(&["--ties", "keep"]);
        }
        let o = export("", &input, &out, &args);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(stderr(&o).contains(&format!("{no_vote} no vote")), "{}", stderr(&o));
        let written = pair_rows(&out);
        assert_eq!(written.len(), if keep { rows.len() - no_vote } else { decisive }, "{name}");
        if keep {
            assert!(written.iter().all(|r| r["label"] != "no vote" && !r["label"].is_null()), "{name}");
        }
    }
}

/// `stats --json` of a file with its release (which [`stats`] leaves out).
fn release_of(path: &Path) -> serde_json::Value {
    let o = run(&["stats", s(path), "--json"]);
    assert!(o.status.success(), "stats {}: {}", path.display(), stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("stats JSON");
    v["release"].clone()
}

/// Every battle of `a` is in `b` with the same id, models, vote, conversations, language and
/// extra columns (`skip` names extras `b` need not have).
fn assert_same_rows(a: &Index, b: &Index, what: &str) {
    assert_eq!(a.len(), b.len(), "{what}: rows");
    for id in a.battle_ids() {
        let (x, y) = (a.battle(id), b.battle(id));
        assert_eq!(x.question_id, y.question_id, "{what}: {id:?}");
        assert_eq!((&x.model_a, &x.model_b, x.winner), (&y.model_a, &y.model_b, y.winner), "{what}: {id:?}");
        assert_eq!(x.conversation_a, y.conversation_a, "{what}: {id:?}");
        assert_eq!(x.conversation_b, y.conversation_b, "{what}: {id:?}");
        assert_eq!(x.language, y.language, "{what}: {id:?}");
        let mut ex = x.extra.clone();
        let mut ey = y.extra.clone();
        ex.sort();
        ey.sort();
        assert_eq!(ex, ey, "{what}: extra columns of {id:?}");
    }
}

/// Search Arena exports keep its layout: battles nobody voted on stay (a null winner), and the
/// citations, settings, country, languages and intents come back as they were read.
#[test]
fn search_arena_round_trips_in_its_own_layout() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut rows = synth::generate(400, 17);
    for (i, b) in rows.iter_mut().enumerate() {
        if i % 5 == 2 {
            b.winner = Winner::NoVote;
        }
    }
    let no_vote = rows.iter().filter(|b| b.winner == Winner::NoVote).count();
    let parquet = dir.path().join("search-arena.parquet");
    write_release_parquet(&parquet, &rows, ReleaseLayout::SearchArena, &[]).expect("write fixture");
    let jsonl = dir.path().join("search_arena_24k.jsonl");
    std::fs::write(&jsonl, synth::search_arena_jsonl(&rows)).expect("write fixture");
    for input in [&parquet, &jsonl] {
        let want = stats(input);
        assert_eq!(want["rows"], rows.len(), "{}", input.display());
        let src = loaded(input);
        for ext in ["parquet", "jsonl"] {
            let out =
                dir.path().join(format!("out-{}.{ext}", input.extension().and_then(|e| e.to_str()).unwrap_or("")));
            let o = export("", input, &out, &["--no-card"]);
            assert!(o.status.success(), "{}", stderr(&o));
            let what = format!("{} as {ext}", input.display());
            assert_same_battles(&stats(&out), &want, &what);
            assert_eq!(release_of(&out), "search-arena-24k", "{what}");
            let back = loaded(&out);
            assert_same_rows(&src, &back, &what);
            let votes = back.battle_ids().filter(|&b| back.winner(b) == Winner::NoVote).count();
            assert_eq!(votes, no_vote, "{what}: battles without a vote are kept");
        }
    }
    // The parquet has Search Arena's columns, not the 2023 ones.
    let out = dir.path().join("out-parquet.parquet");
    let f = std::fs::File::open(&out).expect("open");
    let r = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(f).expect("parquet");
    let names: Vec<String> = r.schema().fields().iter().map(|f| f.name().clone()).collect();
    for col in ["messages_a", "messages_b", "system_a_metadata", "system_b_metadata", "languages", "primary_intent"] {
        assert!(names.iter().any(|n| n == col), "{col} missing from {names:?}");
    }
    for col in ["conversation_a", "question_id", "openai_moderation", "citations_a"] {
        assert!(!names.iter().any(|n| n == col), "{col} in {names:?}");
    }
    // A query's subset: the same battles `search` finds.
    let sub = dir.path().join("sub.jsonl");
    let o = export("-model:gpt-4", &parquet, &sub, &["--no-card"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let src = loaded(&parquet);
    let gpt4 = src.model_id("gpt-4").expect("gpt-4 fights");
    let want = src.battle_ids().filter(|&b| src.model_a(b) != gpt4 && src.model_b(b) != gpt4).count();
    assert_eq!(loaded(&sub).len(), want);
}

/// The 55k's battles: `.csv` in its Kaggle layout (the same header, ids, JSON turn lists and
/// vote columns; null turns null again), `.jsonl` and `.parquet` with its conversation
/// columns; each reads back as the same battles.
#[test]
fn the_55k_round_trips_as_its_kaggle_csv() {
    let dir = tempfile::tempdir().expect("temp dir");
    let rows = synth::generate(300, 19);
    let input = dir.path().join("train.csv");
    let mut text = synth::csv_55k(&rows);
    // One response the file holds as null (the release has about 200), in a one-turn battle.
    let k = rows.iter().position(|r| r.turn == 1).expect("a one-turn battle");
    let answer = serde_json::to_string(&rows[k].conversation_b[1].content).expect("json").replace('"', "\"\"");
    let at = text.find(&answer).expect("the response is in the file");
    text.replace_range(at..at + answer.len(), "null");
    std::fs::write(&input, &text).expect("write fixture");
    let src = loaded(&input);
    assert_eq!(src.len(), rows.len());
    for query in ["", "turns:>1"] {
        let want = stats_of_query(query, &input, dir.path());
        for ext in ["csv", "jsonl", "parquet"] {
            let out = dir.path().join(format!("out{}.{ext}", query.len()));
            let o = export(query, &input, &out, &["--no-card"]);
            assert!(o.status.success(), "{}", stderr(&o));
            assert_same_battles(&stats(&out), &want, &format!("{query:?} as {ext}"));
        }
    }
    let out = dir.path().join("out0.csv");
    assert_eq!(release_of(&out), "arena-human-preference-55k");
    assert_same_rows(&src, &loaded(&out), "55k csv");
    let written = std::fs::read_to_string(&out).expect("csv");
    let header = text.lines().next().expect("header");
    assert_eq!(written.lines().next(), Some(header), "the Kaggle header");
    let records: Vec<csv::StringRecord> =
        csv::Reader::from_path(&out).expect("csv").records().collect::<Result<_, _>>().expect("records");
    let row = &records[k];
    assert_eq!(&row[0], &*src.question_id(arenascope::index::BattleId(k as u32)));
    assert_eq!(&row[5], "[null]", "a null turn is null again");
    let w = rows[k].winner;
    let flags: Vec<&str> =
        [w == Winner::ModelA, w == Winner::ModelB, w.is_tie()].map(|f| if f { "1" } else { "0" }).to_vec();
    assert_eq!((6..9).map(|i| &row[i]).collect::<Vec<_>>(), flags);
    assert_same_rows(&src, &loaded(&dir.path().join("out0.jsonl")), "55k jsonl");
    assert_same_rows(&src, &loaded(&dir.path().join("out0.parquet")), "55k parquet");
}

/// MT-bench's JSON Lines reads back as MT-bench: integer question ids, its columns.
#[test]
fn mt_bench_json_lines_keep_integer_ids() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mt = dir.path().join("mt.parquet");
    write_release_parquet(&mt, &synth::generate(60, 5), ReleaseLayout::MtBench, &[]).expect("write");
    let out = dir.path().join("mt.jsonl");
    let o = export("", &mt, &out, &["--no-card"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(release_of(&out), "mt_bench_human_judgments");
    assert_same_battles(&stats(&out), &stats(&mt), "mt-bench jsonl");
    assert_same_rows(&loaded(&mt), &loaded(&out), "mt-bench jsonl");
    for row in pair_rows(&out) {
        assert!(row["question_id"].is_i64(), "{}", row["question_id"]);
        let keys: Vec<&str> = row.as_object().expect("object").keys().map(String::as_str).collect();
        assert_eq!(
            keys[..8],
            ["question_id", "model_a", "model_b", "winner", "judge", "conversation_a", "conversation_b", "turn"]
        );
    }
    // And the 100k's as the 100k (its `judge_hash`), whatever tags a battle has.
    let p100 = dir.path().join("p100.parquet");
    write_release_parquet(&p100, &synth::generate(60, 6), ReleaseLayout::P100k, &[]).expect("write");
    let out = dir.path().join("p100.jsonl");
    assert!(export("", &p100, &out, &["--no-card"]).status.success());
    assert_eq!(release_of(&out), "arena-human-preference-100k");
    assert_same_rows(&loaded(&p100), &loaded(&out), "100k jsonl");
}

/// `--with-review` on pairs adds each battle's review (null where there is none) in both forms.
#[test]
fn pairs_carry_the_review_when_asked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = parquet_2023(dir.path());
    let src = loaded(&input);
    let store = dir.path().join("reviews.jsonl");
    let store_arg = s(&store).to_owned();
    // A decisive battle, flagged.
    let b = src.battle_ids().find(|&b| matches!(src.winner(b), Winner::ModelA | Winner::ModelB)).expect("decisive");
    let id = src.battle_label(b);
    let o = run(&["review", "add", s(&input), "--id", &id, "--label", "unsafe", "--review-file", &store_arg]);
    assert!(o.status.success(), "{}", stderr(&o));
    for ext in ["jsonl", "parquet"] {
        let out = dir.path().join(format!("flagged.{ext}"));
        let args = ["--format", "pairs", "--with-review", "--review-file", &store_arg, "--no-card"];
        let o = export("review:flagged", &input, &out, &args);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(stderr(&o).contains("wrote 1 pair"), "{}", stderr(&o));
        if ext == "parquet" {
            let f = std::fs::File::open(&out).expect("open");
            let r = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(f).expect("parquet");
            let names: Vec<String> = r.schema().fields().iter().map(|f| f.name().clone()).collect();
            assert_eq!(names.last().map(String::as_str), Some("review"), "{names:?}");
            continue;
        }
        let rows = pair_rows(&out);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0]["id"], id.as_str());
        assert_eq!(rows[0]["review"]["labels"], serde_json::json!(["unsafe"]), "{}", rows[0]);
    }
    // Unflagged battles get a null review.
    let all = dir.path().join("all.jsonl");
    let args = ["--format", "pairs", "--with-review", "--review-file", &store_arg, "--no-card"];
    assert!(export("", &input, &all, &args).status.success());
    let rows = pair_rows(&all);
    assert_eq!(rows.iter().filter(|r| !r["review"].is_null()).count(), 1);
    assert!(rows.iter().all(|r| r.as_object().is_some_and(|o| o.contains_key("review"))));
}
