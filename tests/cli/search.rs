//! `arenascope search` end to end: the built binary on a small JSON Lines file written here.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use arenascope::fixtures;
use arenascope::index::{DatasetInfo, Index};
use arenascope::row_json::row_to_json;

/// The varied fixtures (multi-turn, CJK, RTL, escape sequences, a repeated id) as JSON Lines.
fn write_fixture(dir: &Path) -> PathBuf {
    let index = Index::from_battles(&fixtures::varied(), DatasetInfo::default());
    let lines: Vec<String> = index.battle_ids().map(|b| row_to_json(&index, b)).collect();
    let path = dir.join("battles.jsonl");
    std::fs::write(&path, lines.join("\n") + "\n").expect("write fixture");
    path
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_arenascope")).args(args).output().expect("run arenascope")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 stdout")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn search(query: &str, file: &Path, extra: &[&str]) -> Output {
    let path = file.to_str().expect("UTF-8 path");
    let mut args = vec!["search", query, path];
    args.extend_from_slice(extra);
    run(&args)
}

#[test]
fn count_ids_and_limit() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = write_fixture(dir.path());
    let o = search("python", &file, &["--count"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "1\n");
    assert_eq!(stdout(&search("model:gpt-4", &file, &["--count"])), "4\n");
    assert_eq!(stdout(&search("", &file, &["--count"])), "5\n", "the empty query matches everything");

    let o = search("id:0001", &file, &["--ids"]);
    assert_eq!(stdout(&o), "0001aaaa\n0001aaaa#2\n", "repeats get #N");
    assert!(stderr(&o).contains("2 of 5 battles match"), "{}", stderr(&o));
    let o = search("id:0001", &file, &["--ids", "--limit", "1"]);
    assert_eq!(stdout(&o), "0001aaaa\n");
    assert!(stderr(&o).contains("showing the first 1"), "{}", stderr(&o));
}

#[test]
fn queries_starting_with_a_dash_are_queries_not_flags() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = write_fixture(dir.path());
    let o = search("-python", &file, &["--count"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "4\n");
    assert_eq!(stdout(&search("-lang:english -model:palm-2", &file, &["--ids"])), "0002bbbb\n0001aaaa#2\n");
}

#[test]
fn unicode_queries() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = write_fixture(dir.path());
    assert_eq!(stdout(&search("ägypten", &file, &["--ids"])), "0001aaaa#2\n");
    assert_eq!(stdout(&search("ΣΊΣΥΦΟΣ", &file, &["--ids"])), "0001aaaa#2\n");
    assert_eq!(stdout(&search("并行", &file, &["--ids"])), "0002bbbb\n");
    assert_eq!(stdout(&search("answer_b:/קהיר/", &file, &["--ids"])), "0003cccc\n");
}

#[test]
fn the_table_is_sanitised() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = write_fixture(dir.path());
    let o = search("pwned", &file, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(lines[0].starts_with("question_id"));
    for col in ["date", "model_a", "model_b", "winner", "language", "prompt"] {
        assert!(lines[0].contains(col), "{}", lines[0]);
    }
    assert!(lines[1].contains("0004dddd") && lines[1].contains("alpaca-13b") && lines[1].contains("model_b"));
    assert!(lines[1].contains("Print ␛]0;pwned␇ and ␛[2J please"), "{}", lines[1]);
    assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "{out:?}");
}

#[test]
fn json_output_is_a_valid_input_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = write_fixture(dir.path());
    let o = search("", &file, &["--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 5);
    assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "terminal controls are escaped: {out:?}");
    assert!(!out.contains('\u{202e}'));
    for line in out.lines() {
        let row: serde_json::Value = serde_json::from_str(line).expect("each line is JSON");
        assert!(row.get("conversation_a").is_some() && row.get("winner").is_some());
    }
    // Fed back to arenascope, the output gives the same answers.
    let again = dir.path().join("again.jsonl");
    std::fs::write(&again, &out).expect("write output");
    assert_eq!(stdout(&search("", &again, &["--count"])), "5\n");
    assert_eq!(stdout(&search("pwned", &again, &["--json"])), stdout(&search("pwned", &file, &["--json"])));
    assert_eq!(stdout(&search("mod:flagged toxic:yes", &again, &["--ids"])), "0004dddd\n");
}

#[test]
fn bad_queries_are_positioned_errors_with_exit_1() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = write_fixture(dir.path());
    let o = search("lang:", &file, &["--count"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout(&o), "");
    let err = stderr(&o);
    assert!(err.contains("lang: expects a language (column 5)"), "{err}");
    assert!(err.contains("\n      ^"), "a caret under the colon: {err}");

    let o = search("python model:gtp-4", &file, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("model: no model named `gtp-4`; closest: gpt-4"), "{}", stderr(&o));
    assert!(stderr(&o).contains("(column 14)"));

    for bad in ["\"unclosed", "/a(/", "turns:x", "date:2023-02-30", "a||b", "modle:x", "-"] {
        let o = search(bad, &file, &["--count"]);
        assert_eq!(o.status.code(), Some(1), "{bad}: {}", stderr(&o));
        assert!(stderr(&o).contains("(column "), "{bad}: {}", stderr(&o));
    }
}

#[test]
fn usage_errors_exit_2_and_data_errors_exit_1() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = write_fixture(dir.path());
    let path = file.to_str().expect("UTF-8 path");
    assert_eq!(run(&["search", "x", path, "--count", "--ids"]).status.code(), Some(2));
    assert_eq!(run(&["search", "x", path, "--limit", "many"]).status.code(), Some(2));
    assert_eq!(run(&["search"]).status.code(), Some(2));
    let missing = dir.path().join("missing.jsonl");
    let o = search("python", &missing, &["--count"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
}

#[test]
fn search_help_lists_every_filter_key_and_its_examples_run() {
    let help = stdout(&run(&["search", "--help"]));
    for key in arenascope::query::parse::filter_keys() {
        assert!(help.contains(&format!("{key}:")), "`{key}:` missing from `search --help`:\n{help}");
    }
    // The examples, on the fixture instead of data.parquet.
    let dir = tempfile::tempdir().unwrap();
    let file = write_fixture(dir.path());
    let examples: Vec<&str> = help.lines().filter_map(|l| l.trim().strip_prefix("arenascope search ")).collect();
    assert_eq!(examples.len(), 3, "{help}");
    for example in examples {
        let query = example.split('\'').nth(1).unwrap_or_else(|| example.split(' ').next().unwrap());
        let out = search(query, &file, &["--count"]);
        assert!(out.status.success(), "{example}: {}", stderr(&out));
    }
}

/// Issue 12, defect 5: `--limit` beyond any machine's memory is no allocation; beyond u64 it is
/// a usage error; `--help` shows the range.
#[test]
fn limit_takes_any_count_and_refuses_nonsense() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = write_fixture(dir.path());
    let o = search("", &file, &["--ids", "--limit", "18446744073709551615"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).lines().count(), 5);
    for bad in ["18446744073709551616", "-1", "lots"] {
        let bad = &format!("--limit={bad}");
        let o = search("", &file, &["--ids", bad]);
        assert_eq!(o.status.code(), Some(2), "{bad}: {}", stderr(&o));
        assert!(stderr(&o).starts_with("error: invalid value") && stderr(&o).contains("--limit"), "{}", stderr(&o));
    }
    let help = stdout(&run(&["search", "--help"])).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(help.contains("0 to 18446744073709551615"), "{help}");
}

#[test]
fn a_mistyped_command_is_named_not_taken_for_a_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = write_fixture(dir.path());
    let o = run(&["serch", "python", file.to_str().expect("UTF-8 path")]);
    assert_eq!(o.status.code(), Some(2), "a usage error");
    assert!(stderr(&o).contains("did you mean `arenascope search`?"), "{}", stderr(&o));
}

#[test]
fn queries_that_mean_something_else_are_warned_about() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = write_fixture(dir.path());
    let o = search("python OR rust", &file, &["--count"]);
    assert!(o.status.success());
    assert!(stderr(&o).contains("warning: `OR` is searched as a word here; for either term write `python|rust`"));
    let o = search("model:gpt-4 model:claude-v1 model:palm-2", &file, &["--count"]);
    assert_eq!(stdout(&o), "0\n");
    assert!(stderr(&o).contains("3 `model:` terms must all hold"), "{}", stderr(&o));
    let o = search("vote:a", &file, &["--count"]);
    assert!(stderr(&o).contains("did you mean `winner:`?"), "{}", stderr(&o));
    let o = search("turns:5..2", &file, &["--count"]);
    assert!(stderr(&o).contains("turns: `5..2` ends before it starts"), "{}", stderr(&o));
}

#[test]
fn stats_counts_one_repeated_id_in_the_singular() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = write_fixture(dir.path());
    let o = run(&["stats", file.to_str().expect("UTF-8 path")]);
    assert!(stdout(&o).contains("(1 row repeats an earlier id)"), "{}", stdout(&o));
}

/// Battles of the later releases as JSON Lines in the 2023 schema: their language values as
/// the releases hold them ("de", "German", "en", "zh-Hant"), no category tags.
fn write_later_releases(dir: &Path) -> PathBuf {
    let index = Index::from_battles(&fixtures::later_releases(), DatasetInfo::default());
    let lines: Vec<String> = index.battle_ids().map(|b| row_to_json(&index, b)).collect();
    let path = dir.join("later.jsonl");
    std::fs::write(&path, lines.join("\n") + "\n").expect("write fixture");
    path
}

#[test]
fn languages_match_by_name_or_code_and_unanswerable_filters_are_errors() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = write_later_releases(dir.path());
    for q in ["lang:de", "lang:German", "lang:DE|germ"] {
        let o = search(q, &file, &["--count"]);
        assert!(o.status.success(), "{q}: {}", stderr(&o));
        assert_eq!(stdout(&o), "2\n", "{q}");
    }
    assert_eq!(stdout(&search("lang:chinese", &file, &["--ids"])), "0a1b2c3d-zh\n");
    assert_eq!(stdout(&search("lang:en -lang:english", &file, &["--count"])), "0\n");
    assert_eq!(stdout(&search("category:multiturn", &file, &["--count"])), "0\n");
    // An unknown language is still an error, not a silent miss.
    assert_eq!(search("lang:de|klingonese", &file, &["--count"]).status.code(), Some(1));

    let o = search("python category:hard", &file, &["--count"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout(&o), "");
    assert!(
        stderr(&o).contains(
            "category:hard needs category_tag.criteria_v0.1, which arena-human-preference-100k and \
             arena-human-preference-140k carry; this data has none (column 17)"
        ),
        "{}",
        stderr(&o)
    );
    let o = search("split:human", &file, &["--count"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("split: needs split, which mt_bench_human_judgments carries"), "{}", stderr(&o));
}

/// Runs the binary with `input` piped to its standard input.
fn run_with_stdin(args: &[&str], input: &[u8]) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_arenascope"))
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run arenascope");
    let mut stdin = child.stdin.take().expect("stdin");
    // The binary may refuse before reading everything; a broken pipe is then expected.
    let _ = stdin.write_all(input);
    drop(stdin);
    child.wait_with_output().expect("wait for arenascope")
}

#[test]
fn a_dash_reads_the_dataset_from_standard_input() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = write_fixture(dir.path());
    let path = file.to_str().expect("UTF-8 path");
    let all = stdout(&run(&["search", "--count", "", path])).trim().to_owned();
    let piped = run(&["search", "--json", "", path]);
    assert!(piped.status.success(), "{}", stderr(&piped));
    let lines = stdout(&piped);

    // JSON Lines, as `search --json` writes them, into `stats -` and `search -`.
    let stats = run_with_stdin(&["stats", "-"], lines.as_bytes());
    assert!(stats.status.success(), "{}", stderr(&stats));
    let text = stdout(&stats);
    assert!(text.contains("dataset       (stdin)"), "{text}");
    let count = run_with_stdin(&["search", "--count", "", "-"], lines.as_bytes());
    assert_eq!(stdout(&count).trim(), all);

    // The same rows as one JSON array, and gzipped.
    let rows: Vec<&str> = lines.lines().collect();
    let array = format!("  [{}]", rows.join(",\n"));
    let count = run_with_stdin(&["search", "--count", "", "-"], array.as_bytes());
    assert_eq!(stdout(&count).trim(), all, "{}", stderr(&count));
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut gz, lines.as_bytes()).expect("gzip");
    let count = run_with_stdin(&["search", "--count", "", "-"], &gz.finish().expect("gzip"));
    assert_eq!(stdout(&count).trim(), all, "{}", stderr(&count));

    // Problems name standard input; parquet and nonsense are refused in one line.
    let bad = format!("{}\n{{\"question_id\": 5}}\n", rows[0]);
    let stats = run_with_stdin(&["stats", "-"], bad.as_bytes());
    let said = format!("{}{}", stdout(&stats), stderr(&stats));
    assert!(said.contains("(stdin):2: "), "{said}");
    let refused = run_with_stdin(&["stats", "-"], b"PAR1....");
    assert!(!refused.status.success());
    assert!(stderr(&refused).contains("(stdin): parquet cannot be read from standard input"), "{}", stderr(&refused));
    let refused = run_with_stdin(&["stats", "-"], b"");
    assert!(stderr(&refused).contains("(stdin): empty input"), "{}", stderr(&refused));
}
