//! Every form of the same data gives the same index.

use arenascope::index::Side;
use arenascope::model::Battle;
use arenascope::synth::{self, JsonLayout, ParquetCompression};
use tempfile::TempDir;

use super::common::*;

#[test]
fn parquet_every_codec_and_row_group_size_gives_the_same_index() {
    let battles = battles();
    let want = reference(&battles);
    let dir = TempDir::new().unwrap();
    for codec in ParquetCompression::ALL {
        for group in [1, 7, 2000, battles.len()] {
            let path = dir.path().join(format!("{codec:?}-{group}.parquet"));
            synth::write_parquet(&path, &battles, codec, group).unwrap();
            let loaded = load_paths(&[&path]);
            assert_eq!(loaded.report.skipped, 0, "{codec:?} {group}: {:?}", loaded.report.problems);
            assert!(rows_json(&loaded.index) == want, "{codec:?} with row groups of {group} differs");
        }
    }
}

#[test]
fn json_array_lines_ndjson_pretty_and_gzip_give_the_same_index() {
    let battles = battles();
    let want = reference(&battles);
    let dir = TempDir::new().unwrap();
    let p = |name: &str| dir.path().join(name);
    synth::write_jsonl(&p("a.jsonl"), &battles).unwrap();
    synth::write_jsonl(&p("a.ndjson"), &battles).unwrap();
    // `.json` holding JSON Lines, as pandas and `Dataset.to_json` write it.
    synth::write_jsonl(&p("lines.json"), &battles).unwrap();
    synth::write_json_array(&p("array.json"), &battles, JsonLayout::Compact).unwrap();
    synth::write_json_array(&p("pretty.json"), &battles, JsonLayout::Pretty).unwrap();
    gzip(&p("a.jsonl"), &p("a.jsonl.gz"));
    gzip(&p("pretty.json"), &p("pretty.json.gz"));
    // Recognised by content, not by name.
    gzip(&p("array.json"), &p("no-extension"));
    let pretty = std::fs::read_to_string(p("pretty.json")).unwrap();
    assert!(pretty.lines().count() > 1000, "pretty JSON spans many lines");
    for name in [
        "a.jsonl",
        "a.ndjson",
        "lines.json",
        "array.json",
        "pretty.json",
        "a.jsonl.gz",
        "pretty.json.gz",
        "no-extension",
    ] {
        let loaded = load_paths(&[&p(name)]);
        assert_eq!(loaded.report.skipped, 0, "{name}: {:?}", loaded.report.problems);
        assert!(rows_json(&loaded.index) == want, "{name} differs");
    }
}

#[test]
fn folders_of_shards_load_in_sorted_order_and_paths_in_given_order() {
    let battles = battles();
    let dir = TempDir::new().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(data.join("nested")).unwrap();
    let thirds: Vec<&[Battle]> = battles.chunks(battles.len().div_ceil(3)).collect();
    // Written out of order and in three forms; the loader sorts by name.
    let shard = |i: usize| data.join(format!("train-0000{i}-of-00003.parquet"));
    synth::write_parquet(&shard(2), thirds[2], ParquetCompression::Snappy, 50).unwrap();
    synth::write_jsonl(&data.join("nested").join("zz-extra.jsonl"), thirds[0]).unwrap();
    synth::write_parquet(&shard(0), thirds[0], ParquetCompression::Zstd, 1000).unwrap();
    synth::write_json_array(&shard(1).with_extension("json"), thirds[1], JsonLayout::Compact).unwrap();
    std::fs::write(data.join("README.md"), "not data").unwrap();
    std::fs::write(data.join(".hidden.jsonl"), "garbage").unwrap();

    let loaded = load_paths(&[&data]);
    // Entries sort by name, folders included: nested/ comes before train-*.
    let mut expected = thirds[0].to_vec();
    expected.extend_from_slice(&battles);
    assert!(rows_json(&loaded.index) == reference(&expected), "folder rows out of order");
    assert_eq!(loaded.index.info.paths.len(), 4);

    let two = load_paths(&[&shard(2), &shard(0)]);
    let mut expected = thirds[2].to_vec();
    expected.extend_from_slice(thirds[0]);
    assert!(rows_json(&two.index) == reference(&expected), "paths are read in the order given");
}

#[test]
fn text_comes_through_byte_for_byte_in_every_form() {
    let b = tricky_battle();
    let dir = TempDir::new().unwrap();
    let p = |name: &str| dir.path().join(name);
    let rows = std::slice::from_ref(&b);
    synth::write_jsonl(&p("t.jsonl"), rows).unwrap();
    synth::write_json_array(&p("t.json"), rows, JsonLayout::Pretty).unwrap();
    synth::write_parquet(&p("t.parquet"), rows, ParquetCompression::Snappy, 10).unwrap();
    for name in ["t.jsonl", "t.json", "t.parquet"] {
        let idx = load_paths(&[&p(name)]).index;
        let battle = idx.battle_ids().next().unwrap();
        let got: Vec<&str> = idx.conversation(battle, Side::A).iter().map(|m| idx.message_text(m)).collect();
        let want: Vec<&str> = b.conversation_a.iter().map(|m| m.content.as_str()).collect();
        assert_eq!(got, want, "{name}");
        assert_eq!(idx.battle(battle), b, "{name}");
    }
}

#[test]
fn json_escapes_are_decoded() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("escapes.jsonl");
    let line = r#"{"question_id":"q","model_a":"a","model_b":"b","winner":"tie","conversation_a":[{"content":"\u00e9\ud83d\ude00\/\b\f\n\r\t\"\\","role":"user"}],"conversation_b":[{"content":"plain","role":"user"}]}"#;
    std::fs::write(&path, format!("{line}\r\n")).unwrap();
    let idx = load_paths(&[&path]).index;
    let b = idx.battle_ids().next().unwrap();
    let text = idx.message_text(&idx.conversation(b, Side::A)[0]);
    assert_eq!(text, "é😀/\u{8}\u{c}\n\r\t\"\\");
    assert_eq!(idx.turn(b), 1, "turn counted from the user messages when absent");
}

#[test]
fn duplicate_question_ids_stay_separate_battles() {
    let mut rows = synth::generate(6, 5);
    let qid = rows[0].question_id.clone();
    rows[2].question_id = qid.clone();
    rows[5].question_id = qid.clone();
    let dir = TempDir::new().unwrap();
    synth::write_jsonl(&dir.path().join("d.jsonl"), &rows).unwrap();
    synth::write_parquet(&dir.path().join("d.parquet"), &rows, ParquetCompression::None, 2).unwrap();
    for name in ["d.jsonl", "d.parquet"] {
        let path = dir.path().join(name);
        let idx = load_paths(&[&path]).index;
        assert_eq!(idx.len(), 6, "{name}");
        let ids: Vec<_> = idx.battle_ids().collect();
        let occurrences: Vec<u32> = ids.iter().map(|&b| idx.occurrence(b)).collect();
        assert_eq!(occurrences, [0, 0, 1, 0, 0, 2], "{name}");
        assert_eq!(idx.battle_label(ids[5]), format!("{qid}#3"));
        assert_eq!(idx.find_battle(&format!("{qid}#2")), Some(ids[2]));
        assert_eq!(idx.find_battle(&qid), Some(ids[0]));
        assert_ne!(idx.battle(ids[0]), idx.battle(ids[2]), "repeats are different battles");
    }
}

#[test]
fn absent_optional_parts_are_unknown_not_false() {
    let rows = sparse_battles();
    let dir = TempDir::new().unwrap();
    let p = |name: &str| dir.path().join(name);
    synth::write_jsonl(&p("s.jsonl"), &rows).unwrap();
    synth::write_parquet(&p("s.parquet"), &rows, ParquetCompression::Snappy, 1).unwrap();
    // JSON that leaves the keys out entirely rather than writing null.
    let bare = r#"{"question_id":"q1","model_a":"a","model_b":"b","winner":"model_a","conversation_a":[{"content":"hi","role":"user"},{"content":"yo","role":"assistant"}],"conversation_b":[{"content":"hi","role":"user"},{"content":"hey","role":"assistant"}],"openai_moderation":{"categories":{"hate":true},"category_scores":{}},"toxic_chat_tag":{"t5-large":{"score":0.2}}}"#;
    std::fs::write(p("keys.jsonl"), format!("{bare}\n")).unwrap();

    for name in ["s.jsonl", "s.parquet"] {
        let idx = load_paths(&[&p(name)]).index;
        let ids: Vec<_> = idx.battle_ids().collect();
        let (bare, five) = (ids[0], ids[1]);
        assert_eq!(idx.judge_str(bare), None, "{name}");
        assert_eq!(idx.language_str(bare), None, "{name}");
        assert_eq!(idx.tstamp(bare), None, "{name}");
        assert_eq!(idx.anony(bare), None, "{name}");
        assert!(idx.moderation(bare).is_none(), "{name}");
        assert_eq!(idx.moderation_flagged(bare), None, "{name}");
        assert_eq!(idx.toxic_flagged(bare), None, "{name}");

        let m = idx.moderation(five).expect("moderation present");
        assert_eq!(m.category(0), Some(false), "{name}");
        assert_eq!(m.category(4), Some(false), "{name}");
        assert_eq!(m.category(5), None, "{name}: a missing key is unknown");
        assert_eq!(m.scores[10], None, "{name}");
        assert_eq!(m.scores[2], Some(0.003), "{name}");
        let t = idx.toxic(five).unwrap();
        assert!(t.t5.is_none(), "{name}");
        assert_eq!(idx.toxic_flagged(five), Some(false), "{name}");
    }

    let idx = load_paths(&[&p("keys.jsonl")]).index;
    let b = idx.battle_ids().next().unwrap();
    let m = idx.moderation(b).unwrap();
    assert_eq!(m.category(2), Some(true));
    assert_eq!(m.category(0), None);
    assert_eq!(m.flagged, None);
    assert_eq!(idx.moderation_flagged(b), None);
    assert_eq!(idx.toxic(b).unwrap().t5.unwrap().flagged, None);
    assert_eq!(idx.toxic_flagged(b), None, "a score without a verdict is no verdict");
    assert_eq!((idx.judge_str(b), idx.language_str(b), idx.tstamp(b)), (None, None, None));
}
