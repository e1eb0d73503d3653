//! Hostile files through the real binary: a clear message naming the file (and line or row
//! and field for row problems), the right exit status, never a panic or a backtrace.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use arenascope::synth::{self, ParquetCompression};
use arrow_array::{ArrayRef, Int64Array, RecordBatch, StringArray};
use serde_json::Value;
use tempfile::TempDir;

use super::common::*;

/// 60 good JSON Lines rows as values, to break one by one.
fn good_rows() -> Vec<Value> {
    let bytes = synth::jsonl_bytes(&synth::generate(60, 21));
    String::from_utf8(bytes).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

fn write_rows(path: &Path, rows: &[Value]) {
    let text: String = rows.iter().map(|r| format!("{r}\n")).collect();
    std::fs::write(path, text).unwrap();
}

struct Case {
    dir: TempDir,
}

impl Case {
    fn new() -> Case {
        Case { dir: TempDir::new().unwrap() }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn home(&self) -> PathBuf {
        let home = self.dir.path().join("home");
        std::fs::create_dir_all(&home).unwrap();
        home
    }

    fn stats(&self, args: &[&str]) -> Run {
        let mut full = vec!["stats".to_owned()];
        full.extend(args.iter().map(|a| a.to_string()));
        arenascope(&full, &self.home())
    }

    fn stats_of(&self, file: &Path, extra: &[&str]) -> Run {
        let mut args: Vec<&str> = vec![file.to_str().unwrap()];
        args.extend_from_slice(extra);
        self.stats(&args)
    }
}

/// A lenient run that skipped rows: exit 0, the count, then the problems, one per line.
fn assert_skipped(run: &Run, skipped: usize, problems: &[&str]) -> Value {
    let stats = stats_json(run);
    assert_eq!(stats["skipped"], skipped, "stderr: {}", run.stderr);
    let first = run.stderr.lines().next().unwrap_or("");
    assert!(first.starts_with(&format!("arenascope: skipped {skipped} bad row")), "{}", run.stderr);
    for p in problems {
        assert!(run.stderr.contains(p), "{p:?} not in stderr:\n{}", run.stderr);
    }
    stats
}

#[test]
fn truncated_last_line_is_skipped_or_fatal_with_strict() {
    let c = Case::new();
    let path = c.path("broken.jsonl");
    let mut text = String::new();
    for r in good_rows() {
        text.push_str(&format!("{r}\n"));
    }
    // Cut the last line in half, as a download or a copy that stopped early leaves it.
    let last_start = text[..text.len() - 1].rfind('\n').map_or(0, |i| i + 1);
    text.truncate(last_start + (text.len() - last_start) / 2);
    std::fs::write(&path, &text).unwrap();

    let run = c.stats_of(&path, &["--json"]);
    let stats = assert_skipped(&run, 1, &["broken.jsonl:60: ", "truncated"]);
    assert_eq!(stats["rows"], 59);
    assert_eq!(stats["problems"].as_array().unwrap().len(), 1);

    let run = c.stats_of(&path, &["--strict"]);
    assert_one_line_error(&run, &["broken.jsonl:60:", "truncated"]);
}

#[test]
fn row_problems_name_file_line_and_field() {
    let c = Case::new();
    let path = c.path("broken.jsonl");
    let mut rows = good_rows();
    rows[2]["turn"] = Value::from("one");
    rows[4]["model_a"] = Value::from(5);
    rows[9]["winner"] = Value::from("draw");
    rows[14]["conversation_a"] = Value::from("hello");
    rows[19]["conversation_b"][1] = Value::from(7);
    rows[40].as_object_mut().unwrap().remove("conversation_b");
    rows[44].as_object_mut().unwrap().remove("winner");
    rows[49]["tstamp"] = Value::from("yesterday");
    write_rows(&path, &rows);

    let run = c.stats_of(&path, &["--json"]);
    let stats = assert_skipped(
        &run,
        8,
        &[
            "broken.jsonl:3: turn: ",
            "broken.jsonl:5: model_a: ",
            "broken.jsonl:10: winner: unknown value \"draw\"",
            "broken.jsonl:15: conversation_a: expected a list of messages",
            "broken.jsonl:20: conversation_b: message 1: expected an object with content and role, found integer `7`",
            "broken.jsonl:41: conversation_b: missing field",
            "broken.jsonl:45: winner: missing field",
            "broken.jsonl:50: tstamp: ",
        ],
    );
    assert_eq!(stats["rows"], 52);
    let problems: Vec<&str> = stats["problems"].as_array().unwrap().iter().map(|p| p.as_str().unwrap()).collect();
    assert_eq!(problems.len(), 8);
    assert!(problems[5].ends_with("broken.jsonl:41: conversation_b: missing field"), "{problems:?}");

    // --strict stops at the first one.
    let run = c.stats_of(&path, &["--strict"]);
    assert_one_line_error(&run, &["broken.jsonl:3: turn:"]);
}

#[test]
fn array_rows_are_named_by_row_number() {
    let c = Case::new();
    let path = c.path("broken.json");
    let mut rows = good_rows();
    rows[7]["winner"] = Value::from("bothbad");
    std::fs::write(&path, serde_json::to_string_pretty(&rows).unwrap()).unwrap();
    let run = c.stats_of(&path, &["--json"]);
    assert_skipped(&run, 1, &["broken.json: row 7: winner: unknown value \"bothbad\""]);
}

#[test]
fn lenient_prints_the_count_and_the_first_ten_problems() {
    let c = Case::new();
    let path = c.path("many.jsonl");
    let mut rows = good_rows();
    for r in rows.iter_mut().take(15) {
        r["winner"] = Value::from("?");
    }
    write_rows(&path, &rows);
    let run = c.stats_of(&path, &["--json"]);
    let stats = assert_skipped(&run, 15, &["the first 10", "many.jsonl:10: winner"]);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 11, "count line plus ten problems:\n{}", run.stderr);
    assert!(!run.stderr.contains("many.jsonl:11:"));
    assert_eq!(stats["problems"].as_array().unwrap().len(), 10);
    assert_eq!(stats["rows"], 45);

    let run = c.stats_of(&path, &["--strict", "--json"]);
    assert_one_line_error(&run, &["many.jsonl:1: winner"]);
}

#[test]
fn invalid_utf8_in_one_row_skips_it_and_a_non_utf8_file_is_an_error() {
    let c = Case::new();
    let path = c.path("latin1.jsonl");
    let mut bytes = synth::jsonl_bytes(&synth::generate(20, 4));
    // Break one byte inside the content of row 6.
    let line_starts: Vec<usize> =
        std::iter::once(0).chain(bytes.iter().enumerate().filter(|(_, b)| **b == b'\n').map(|(i, _)| i + 1)).collect();
    let row6 = line_starts[5];
    let content = row6 + String::from_utf8_lossy(&bytes[row6..]).find("\"content\":\"").unwrap() + 11;
    bytes[content] = 0xE9;
    std::fs::write(&path, &bytes).unwrap();
    let run = c.stats_of(&path, &["--json"]);
    let stats = assert_skipped(&run, 1, &["latin1.jsonl:6: ", "invalid UTF-8"]);
    assert_eq!(stats["rows"], 19);

    // A whole file in Latin-1, and one in UTF-16.
    let latin = c.path("all-latin1.jsonl");
    let rows = good_rows();
    let text: Vec<u8> = rows
        .iter()
        .map(|r| r.to_string().replace("\"content\":\"", "\"content\":\"caf\u{e9} "))
        .flat_map(|l| {
            // Latin-1: one byte per character, '?' where Latin-1 has none.
            let mut v: Vec<u8> = l.chars().map(|ch| u8::try_from(u32::from(ch)).unwrap_or(b'?')).collect();
            v.push(b'\n');
            v
        })
        .collect();
    std::fs::write(&latin, text).unwrap();
    assert_one_line_error(&c.stats_of(&latin, &[]), &["all-latin1.jsonl", "invalid UTF-8"]);

    let utf16 = c.path("utf16.json");
    let mut wide = vec![0xFF, 0xFE];
    for unit in "[{\"question_id\": \"q\"}]".encode_utf16() {
        wide.extend_from_slice(&unit.to_le_bytes());
    }
    std::fs::write(&utf16, wide).unwrap();
    assert_one_line_error(&c.stats_of(&utf16, &[]), &["utf16.json"]);
}

#[test]
fn huge_message_and_long_conversation_load() {
    let c = Case::new();
    let mut rows = synth::generate(3, 8);
    rows[0].conversation_a[1].content = "word ".repeat(4 << 20);
    let turns: Vec<String> = (0..800).map(|i| format!("message {i} ✓")).collect();
    let refs: Vec<&str> = turns.iter().map(String::as_str).collect();
    rows[1].conversation_a = arenascope::fixtures::conversation(&refs);
    rows[1].conversation_b = arenascope::fixtures::conversation(&refs);
    rows[1].turn = 400;
    let jsonl = c.path("big.jsonl");
    let parquet = c.path("big.parquet");
    synth::write_jsonl(&jsonl, &rows).unwrap();
    synth::write_parquet(&parquet, &rows, ParquetCompression::Zstd, 2).unwrap();
    for path in [&jsonl, &parquet] {
        let stats = stats_json(&c.stats_of(path, &["--json"]));
        assert_eq!(stats["rows"], 3);
        assert_eq!(stats["turn_histogram"]["400"], 1);
        let loaded = load_paths(&[path]);
        let b = loaded.index.battle_ids().next().unwrap();
        assert_eq!(loaded.index.answer_bytes(b, arenascope::index::Side::A), 20 << 20);
    }
}

#[test]
fn truncated_and_corrupt_parquet_is_one_line() {
    let c = Case::new();
    let good = c.path("good.parquet");
    synth::write_parquet(&good, &synth::generate(200, 2), ParquetCompression::Snappy, 50).unwrap();
    let bytes = std::fs::read(&good).unwrap();
    for (name, data) in [
        ("half.parquet", bytes[..bytes.len() / 2].to_vec()),
        ("no-footer.parquet", bytes[..bytes.len() - 5].to_vec()),
        ("magic-only.parquet", b"PAR1".to_vec()),
    ] {
        let path = c.path(name);
        std::fs::write(&path, data).unwrap();
        assert_one_line_error(&c.stats_of(&path, &[]), &[name]);
    }
    // Garbage inside a data page, footer intact.
    let mut corrupt = bytes.clone();
    for b in &mut corrupt[200..bytes.len() / 2] {
        *b = b.wrapping_mul(31).wrapping_add(7);
    }
    let path = c.path("corrupt.parquet");
    std::fs::write(&path, corrupt).unwrap();
    let run = c.stats_of(&path, &[]);
    assert_no_panic(&run);
    assert_one_line_error(&run, &["corrupt.parquet"]);
}

#[test]
fn parquet_of_another_schema_names_the_columns() {
    let c = Case::new();
    let path = c.path("other.parquet");
    let batch = RecordBatch::try_from_iter([
        ("id", Arc::new(Int64Array::from(vec![1, 2])) as ArrayRef),
        ("question_id", Arc::new(StringArray::from(vec!["a", "b"])) as ArrayRef),
        ("conversation_a", Arc::new(StringArray::from(vec!["hi", "yo"])) as ArrayRef),
        ("turn", Arc::new(StringArray::from(vec!["1", "2"])) as ArrayRef),
    ])
    .unwrap();
    let mut w =
        parquet::arrow::ArrowWriter::try_new(std::fs::File::create(&path).unwrap(), batch.schema(), None).unwrap();
    w.write(&batch).unwrap();
    w.close().unwrap();
    let run = c.stats_of(&path, &[]);
    assert_one_line_error(
        &run,
        &["other.parquet", "model_a", "model_b", "winner", "conversation_b", "conversation_a is Utf8", "turn is Utf8"],
    );
}

#[test]
fn empty_files_and_json_that_is_not_objects() {
    let c = Case::new();
    for (name, content) in [
        ("empty.jsonl", ""),
        ("empty.parquet", ""),
        ("blank.json", "\n \n\t\n"),
        ("numbers.json", "[1, 2, 3]"),
        ("strings.jsonl", "\"a\"\n\"b\"\n"),
        ("scalar.json", "42\n"),
        ("nested.json", "[[1], [2]]"),
        ("empty-array.json", "[]"),
        ("text.jsonl", "hello world\n"),
    ] {
        let path = c.path(name);
        std::fs::write(&path, content).unwrap();
        let run = c.stats_of(&path, &[]);
        assert_one_line_error(&run, &[name]);
    }
    let run = c.stats_of(&c.path("missing.jsonl"), &[]);
    assert_one_line_error(&run, &["missing.jsonl", "no such file"]);
}

#[test]
fn a_bad_file_among_good_ones_is_named() {
    let c = Case::new();
    let good = c.path("good.jsonl");
    synth::write_jsonl(&good, &synth::generate(10, 1)).unwrap();
    let bad = c.path("bad.parquet");
    std::fs::write(&bad, b"PAR1 not really").unwrap();
    let run = c.stats(&[good.to_str().unwrap(), bad.to_str().unwrap()]);
    assert_one_line_error(&run, &["bad.parquet"]);
}

#[test]
fn truncated_json_array_and_gzip() {
    let c = Case::new();
    let rows = good_rows();
    let path = c.path("cut.json");
    let text = serde_json::to_string_pretty(&rows).unwrap();
    std::fs::write(&path, &text[..text.len() - 300]).unwrap();
    let stats = assert_skipped(&c.stats_of(&path, &["--json"]), 1, &["cut.json: row 59: ", "truncated"]);
    assert_eq!(stats["rows"], 59);
    assert_one_line_error(&c.stats_of(&path, &["--strict"]), &["cut.json: row 59:"]);

    let after = c.path("after.json");
    std::fs::write(&after, format!("{}\n]", serde_json::to_string(&rows).unwrap())).unwrap();
    assert_one_line_error(&c.stats_of(&after, &[]), &["after.json", "after the closing"]);

    let jsonl = c.path("rows.jsonl");
    write_rows(&jsonl, &rows);
    let gz = c.path("rows.jsonl.gz");
    gzip(&jsonl, &gz);
    let bytes = std::fs::read(&gz).unwrap();
    // Cut the compressed stream in half: the rows before the cut are kept, the line the cut
    // falls in and everything after it are reported as lost.
    std::fs::write(&gz, &bytes[..bytes.len() / 2]).unwrap();
    let run = c.stats_of(&gz, &["--json"]);
    let kept = stats_json(&run)["rows"].as_u64().unwrap();
    assert!(kept > 0 && kept < rows.len() as u64, "{kept} rows kept");
    let lost_at = format!("rows.jsonl.gz:{}: (file): truncated gzip data; this row and the rest", kept + 1);
    assert_skipped(&run, 1, &[&lost_at]);
    assert_one_line_error(&c.stats_of(&gz, &["--strict"]), &[&lost_at]);

    // Corrupt bytes in the middle of the stream: the same, with the decoder's reason.
    let mut corrupt = bytes.clone();
    let middle = corrupt.len() / 2;
    corrupt[middle..middle + 64].fill(0xFF);
    std::fs::write(&gz, &corrupt).unwrap();
    let run = c.stats_of(&gz, &["--json"]);
    let kept = stats_json(&run)["rows"].as_u64().unwrap();
    assert!(kept > 0 && kept < rows.len() as u64, "{kept} rows kept");
    assert_skipped(&run, 1, &[&format!("rows.jsonl.gz:{}: (file): corrupt gzip data", kept + 1)]);

    // A gzipped JSON array cut in half: rows count from 0, so the first lost one is `kept`.
    let array_gz = c.path("rows.json.gz");
    gzip(&path_of_pretty_array(&c, &rows), &array_gz);
    let array_bytes = std::fs::read(&array_gz).unwrap();
    std::fs::write(&array_gz, &array_bytes[..array_bytes.len() / 2]).unwrap();
    let run = c.stats_of(&array_gz, &["--json"]);
    let kept = stats_json(&run)["rows"].as_u64().unwrap();
    assert!(kept > 0 && kept < rows.len() as u64, "{kept} rows kept");
    assert_skipped(&run, 1, &[&format!("rows.json.gz: row {kept}: (file): truncated gzip data")]);

    // Cut so early that no row is whole: nothing to keep, the file is unreadable.
    std::fs::write(&gz, &bytes[..40]).unwrap();
    assert_one_line_error(&c.stats_of(&gz, &[]), &["rows.jsonl.gz", "gzip"]);
}

#[test]
fn rows_that_are_not_objects_or_have_bad_nested_values() {
    let c = Case::new();
    let path = c.path("odd.jsonl");
    let mut lines: Vec<String> = good_rows().iter().map(|r| r.to_string()).collect();
    lines[1] = "null".into();
    lines[2] = "[1, 2]".into();
    let mut r: Value = serde_json::from_str(&lines[3]).unwrap();
    r["openai_moderation"]["flagged"] = Value::from("yes");
    lines[3] = r.to_string();
    let mut r: Value = serde_json::from_str(&lines[4]).unwrap();
    r["toxic_chat_tag"]["t5-large"]["score"] = Value::from("high");
    lines[4] = r.to_string();
    std::fs::write(&path, format!("\u{feff}{}\n", lines.join("\n"))).unwrap();
    let stats = assert_skipped(
        &c.stats_of(&path, &["--json"]),
        4,
        &[
            "odd.jsonl:2: (row): expected a JSON object",
            "odd.jsonl:3: (row): ",
            "odd.jsonl:4: openai_moderation",
            "odd.jsonl:5: toxic_chat_tag",
        ],
    );
    assert_eq!(stats["rows"], 56);
}

/// A parquet file with only the six required columns, written by hand.
pub(crate) fn required_only(path: &Path, winners: &[Option<&str>]) {
    use arrow_array::{ListArray, StructArray};
    use arrow_buffer::OffsetBuffer;
    use arrow_schema::{DataType, Field, Fields};
    let n = winners.len();
    let fields =
        Fields::from(vec![Field::new("content", DataType::Utf8, true), Field::new("role", DataType::Utf8, true)]);
    let conversation = || -> ArrayRef {
        let content: StringArray = (0..2 * n).map(|i| Some(if i % 2 == 0 { "hi" } else { "hello!" })).collect();
        let role: StringArray = (0..2 * n).map(|i| Some(if i % 2 == 0 { "user" } else { "assistant" })).collect();
        let values = StructArray::new(fields.clone(), vec![Arc::new(content), Arc::new(role)], None);
        let item = Arc::new(Field::new("item", DataType::Struct(fields.clone()), true));
        Arc::new(ListArray::new(item, OffsetBuffer::from_lengths(vec![2; n]), Arc::new(values), None))
    };
    let strings =
        |f: &dyn Fn(usize) -> Option<String>| -> ArrayRef { Arc::new((0..n).map(f).collect::<StringArray>()) };
    let batch = RecordBatch::try_from_iter([
        ("question_id", strings(&|i| (i != 3).then(|| format!("q{i}")))),
        ("model_a", strings(&|_| Some("gpt-4".into()))),
        ("model_b", strings(&|_| Some("vicuna-13b".into()))),
        ("winner", strings(&|i| winners[i].map(str::to_owned))),
        ("conversation_a", conversation()),
        ("conversation_b", conversation()),
        ("unknown_extra", strings(&|_| Some("ignored".into()))),
    ])
    .unwrap();
    let mut w =
        parquet::arrow::ArrowWriter::try_new(std::fs::File::create(path).unwrap(), batch.schema(), None).unwrap();
    w.write(&batch).unwrap();
    w.close().unwrap();
}

#[test]
fn parquet_row_problems_name_the_row_and_optional_columns_may_be_absent() {
    let c = Case::new();
    let path = c.path("minimal.parquet");
    required_only(&path, &[Some("model_a"), Some("tie"), Some("draw"), Some("model_b"), None, Some("tie (bothbad)")]);
    let stats = assert_skipped(
        &c.stats_of(&path, &["--json"]),
        3,
        &[
            "minimal.parquet: row 2: winner: unknown value \"draw\"",
            "minimal.parquet: row 3: question_id: missing value (null)",
            "minimal.parquet: row 4: winner: missing value (null)",
        ],
    );
    assert_eq!(stats["rows"], 3);
    assert_eq!(stats["moderation_flagged"], 0);
    assert_eq!(stats["first_tstamp"], Value::Null, "no tstamp column: unknown");
    assert_eq!(stats["languages"]["(missing)"], 3);
    assert_one_line_error(&c.stats_of(&path, &["--strict"]), &["minimal.parquet: row 2: winner"]);

    let loaded = load_paths(&[&path]);
    let b = loaded.index.battle_ids().next().unwrap();
    assert!(loaded.index.moderation(b).is_none() && loaded.index.toxic(b).is_none());
    assert_eq!((loaded.index.judge_str(b), loaded.index.tstamp(b), loaded.index.anony(b)), (None, None, None));
    assert_eq!(loaded.index.turn(b), 1, "turn counted from the messages");
}

fn path_of_pretty_array(c: &Case, rows: &[Value]) -> std::path::PathBuf {
    let path = c.path("rows-pretty.json");
    std::fs::write(&path, serde_json::to_string_pretty(rows).unwrap()).unwrap();
    path
}
