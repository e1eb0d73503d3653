//! `arenascope search` while the data loads: each decoded piece is scanned where it was
//! decoded and `--ids`/`--json` stream out; the output must be the whole load's, byte for
//! byte, whatever the query, the output form and the number of files and pieces.

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use arenascope::index::BattleId;
use arenascope::index::{Index, Side};
use arenascope::load::{self, DataSource, Fields, LoadError, LoadOptions};
use arenascope::query::{self, CompiledQuery, NoReviews};
use arenascope::synth::{self, ParquetCompression, ReleaseLayout};

/// A parquet file of many small row groups (many pieces) with question ids repeated across
/// pieces, and a JSON Lines file that repeats ids of the first file.
fn write_fixtures(dir: &Path) -> (PathBuf, PathBuf) {
    let mut first = synth::generate(2_400, 7);
    for i in 0..6 {
        first[2_000 + i].question_id = first[i].question_id.clone();
    }
    let mut second = synth::generate(500, 8);
    second[10].question_id = first[3].question_id.clone();
    second[11].question_id = first[2_001].question_id.clone();
    let parquet = dir.join("first.parquet");
    synth::write_parquet(&parquet, &first, ParquetCompression::Snappy, 300).expect("write parquet");
    let jsonl = dir.join("second.jsonl");
    synth::write_jsonl(&jsonl, &second[..]).expect("write jsonl");
    (parquet, jsonl)
}

/// Runs `search` streaming and with the whole load; asserts that both give the same status,
/// output and messages, the whole load succeeding. Returns the streamed run.
fn assert_streamed_is_whole(args: &[&str]) -> Output {
    let (streamed, whole) = (search(args, false), search(args, true));
    let what = format!("search {args:?}");
    assert!(whole.status.success(), "{what}: {}", String::from_utf8_lossy(&whole.stderr));
    assert_eq!(streamed.status.code(), whole.status.code(), "{what}");
    assert_eq!(String::from_utf8_lossy(&streamed.stdout), String::from_utf8_lossy(&whole.stdout), "{what}");
    assert_eq!(String::from_utf8_lossy(&streamed.stderr), String::from_utf8_lossy(&whole.stderr), "{what}");
    streamed
}

fn search(args: &[&str], full_load: bool) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_arenascope"));
    cmd.arg("search").args(args);
    if full_load {
        cmd.env("ARENASCOPE_SEARCH_FULL_LOAD", "1");
    }
    cmd.output().expect("run arenascope")
}

#[test]
fn streamed_output_is_the_whole_loads() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (parquet, jsonl) = write_fixtures(dir.path());
    let review_file = dir.path().join("reviews.jsonl");
    let (p, j, r) = (parquet.to_str().unwrap(), jsonl.to_str().unwrap(), review_file.to_str().unwrap());
    let queries = [
        "python",
        "python -java",
        "\"machine learning\"",
        "/def \\w+\\(/",
        "",
        "prompt:python winner:tie|a",
        "answer_b:the turns:>1 anony:yes",
        "-the",
        // Fields a count alone leaves out, asked for by the query.
        "mod:flagged python",
        "toxic:yes -python",
        "anony:no",
        // Fall back to the whole load: names, repeats, the review store.
        "python model:gpt-4",
        "id:0#2",
        "review:none",
    ];
    let forms: [&[&str]; 5] = [&["--count"], &["--ids"], &["--json"], &[], &["--ids", "--limit", "7"]];
    let mut matched_some = 0;
    for q in queries {
        for files in [&[p][..], &[p, j][..]] {
            for form in forms {
                let mut args = vec![q];
                args.extend_from_slice(files);
                args.extend_from_slice(form);
                args.extend_from_slice(&["--review-file", r]);
                let streamed = assert_streamed_is_whole(&args);
                if form == ["--ids"] && !streamed.stdout.is_empty() {
                    matched_some += 1;
                }
            }
        }
    }
    assert!(matched_some >= 16, "most queries match something ({matched_some})");
    // Repeats across pieces and files are numbered as in the whole data.
    let ids = search(&["", p, j, "--ids"], false);
    let ids = String::from_utf8_lossy(&ids.stdout);
    assert!(ids.lines().filter(|l| l.ends_with("#2")).count() >= 7, "{ids}");
}

#[test]
fn pieces_come_in_file_order_with_their_offsets() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (parquet, jsonl) = write_fixtures(dir.path());
    let source = DataSource::from_paths(&[parquet, jsonl]);
    let whole = load::load(&source, LoadOptions::default()).expect("load");
    let q = CompiledQuery::new(&whole.index, "python -java").expect("query");
    let want: Vec<BattleId> = query::battles_matching(&whole.index, &q, &NoReviews);

    let scan = |piece: &arenascope::index::Index| query::battles_matching(piece, &q, &NoReviews);
    let (mut got, mut next, mut pieces) = (Vec::new(), 0, 0);
    let mut take = |piece: &arenascope::index::Index, matches: &[BattleId], before: usize| {
        assert_eq!(before, next, "pieces are handed on in order, none skipped");
        for &b in matches {
            assert_eq!(whole.index.question_id(BattleId((before + b.index()) as u32)), piece.question_id(b));
            got.push(BattleId((before + b.index()) as u32));
        }
        next += piece.len();
        pieces += 1;
        ControlFlow::Continue(())
    };
    let scanned = load::scan(&source, LoadOptions::default(), &scan, &mut take).expect("scan");
    assert_eq!(scanned.rows, whole.index.len());
    assert_eq!(got, want);
    assert!(pieces >= 9, "eight row groups and the JSON Lines: {pieces} pieces");

    // Asking to stop stops the load.
    let mut taken = 0;
    let mut stop = |_: &arenascope::index::Index, _: &[BattleId], _: usize| {
        taken += 1;
        if taken == 2 { ControlFlow::Break(()) } else { ControlFlow::Continue(()) }
    };
    let stopped = load::scan(&source, LoadOptions::default(), &scan, &mut stop);
    assert!(matches!(stopped, Err(LoadError::Stopped)), "{stopped:?}");
    assert_eq!(taken, 2);
}

/// A file in each parquet layout (the 2023 form with moderation and toxic tags, the later
/// releases, Search Arena without ids) and one with bad rows and an unknown column: what a
/// search while loading decodes depends on the query and the output, all of it else is left
/// out of the read.
fn layout_fixtures(dir: &Path) -> Vec<PathBuf> {
    let battles = synth::generate(2_300, 11);
    let mut files = vec![dir.join("2023.parquet")];
    synth::write_parquet(&files[0], &battles, ParquetCompression::Snappy, 500).expect("write parquet");
    for (name, layout) in [
        ("140k.parquet", ReleaseLayout::P140k),
        ("100k.parquet", ReleaseLayout::P100k),
        ("mtbench.parquet", ReleaseLayout::MtBench),
        ("search-arena.parquet", ReleaseLayout::SearchArena),
    ] {
        let path = dir.join(name);
        synth::write_release_parquet(&path, &battles, layout, &[3, 1_200]).expect("write release parquet");
        files.push(path);
    }
    let bad = dir.join("bad-rows.parquet");
    crate::load::hostile::required_only(&bad, &[Some("model_a"), Some("draw"), None, Some("tie"), Some("model_b")]);
    files.push(bad);
    files
}

#[test]
fn answers_without_the_fields_left_out_are_the_whole_loads_in_every_layout() {
    let dir = tempfile::tempdir().expect("temp dir");
    let queries = ["python", "hi", "mod:flagged", "toxic:yes -the", "anony:no python"];
    let forms: [&[&str]; 4] = [&["--count"], &["--ids"], &[], &["--json"]];
    for file in layout_fixtures(dir.path()) {
        let f = file.to_str().unwrap();
        for q in queries {
            for form in forms {
                let mut args = vec![q, f];
                args.extend_from_slice(form);
                assert_streamed_is_whole(&args);
            }
        }
    }
}

/// A battle's id, models, vote, turns, time (bits) and messages (role, text) on each side.
type Core = (String, String, String, String, u32, Option<u64>, [Vec<(String, String)>; 2]);

/// Everything but the optional fields, battle by battle.
fn core_of(index: &Index, b: BattleId) -> Core {
    let side = |s: Side| {
        index
            .conversation(b, s)
            .iter()
            .map(|m| (index.role_name(m).to_owned(), index.message_text(m).to_owned()))
            .collect()
    };
    (
        index.question_id(b).to_owned(),
        index.model_name(index.model_a(b)).to_owned(),
        index.model_name(index.model_b(b)).to_owned(),
        index.winner(b).as_str().to_owned(),
        index.turn(b),
        index.tstamp(b).map(f64::to_bits),
        [side(Side::A), side(Side::B)],
    )
}

#[test]
fn a_load_without_the_optional_fields_keeps_every_row_and_message() {
    let dir = tempfile::tempdir().expect("temp dir");
    let files = layout_fixtures(dir.path());
    for file in &files {
        let source = DataSource::from_paths(std::slice::from_ref(file));
        let whole = load::load(&source, LoadOptions::default()).expect("load");
        let lean = load::load(&source, LoadOptions { fields: Fields::NONE, ..LoadOptions::default() }).expect("load");
        let (w, l) = (&whole.index, &lean.index);
        assert_eq!(l.len(), w.len(), "{file:?}");
        assert_eq!(lean.report.problems, whole.report.problems, "{file:?}: the same rows are skipped");
        for b in w.battle_ids() {
            assert_eq!(core_of(l, b), core_of(w, b), "{file:?} battle {b:?}");
            assert!(l.moderation(b).is_none() && l.toxic(b).is_none(), "{file:?}: left out, so unknown");
            assert_eq!((l.judge_str(b), l.anony(b), l.extra(b).len()), (None, None, 0), "{file:?}");
        }
    }
    // The 2023 form has what was left out: moderation, toxic tags, judges, anonymity.
    let source = DataSource::from_paths(&files[..1]);
    let whole = load::load(&source, LoadOptions::default()).expect("load");
    let w = &whole.index;
    assert!(w.battle_ids().any(|b| w.moderation(b).is_some() && w.toxic(b).is_some() && w.judge_str(b).is_some()));
    // Asking for a field decodes it and no other.
    let fields = Fields { moderation: true, ..Fields::NONE };
    let some = load::load(&source, LoadOptions { fields, ..LoadOptions::default() }).expect("load");
    for b in w.battle_ids() {
        assert_eq!(some.index.moderation(b), w.moderation(b));
        assert!(some.index.toxic(b).is_none());
    }
}
