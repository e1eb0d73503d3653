//! Shared helpers: fixture battles, writing and loading, running the binary.

use std::ffi::OsStr;
use std::io::Write;
use std::path::Path;
use std::process::Command;

use arenascope::fixtures;
use arenascope::index::{DatasetInfo, Index};
use arenascope::load::{self, DataSource, LoadOptions, Loaded};
use arenascope::model::{Battle, Moderation, TaggerVerdict, ToxicTags};
use arenascope::row_json::row_to_json;
use arenascope::synth;

/// Text that must survive every format unchanged.
pub const TRICKY: [&str; 10] = [
    "line one\r\nline two\r\n\r\n",
    "中文 日本語の文 한국어 문장 Ελληνικά עברית العربية",
    "emoji 👨‍👩‍👧 🇩🇪 👍🏽 𝄞 and a lone combining mark e\u{301}",
    "quotes \" backslash \\ slash / tab \t nul \u{0} bell \u{7} del \u{7f}",
    "escape \u{1b}[31mred\u{1b}[0m osc \u{1b}]0;title\u{7} c1 \u{9b}2J",
    "bidi \u{202e}cba\u{202c} zero width \u{200b}\u{200d}\u{feff} nbsp\u{a0}",
    "</script> & <b> &amp; {\"json\": [1, 2]}",
    "",
    "trailing spaces   \n\n\n",
    "```rust\nfn main() {\n    println!(\"hi\");\n}\n```",
];

/// A battle whose messages are the tricky strings.
pub fn tricky_battle() -> Battle {
    let mut b = fixtures::battle("7f1c0000000000000000000000tricky", "gpt-4", "koala-13b");
    let mut texts = Vec::new();
    for t in TRICKY {
        texts.push(t);
        texts.push(t);
    }
    b.conversation_a = fixtures::conversation(&texts);
    b.conversation_b = fixtures::conversation(&texts[..4]);
    b.turn = TRICKY.len() as u32;
    b
}

/// A battle with every optional part absent, and one whose moderation keeps only five keys
/// (as real rows seen outside the hub do).
pub fn sparse_battles() -> Vec<Battle> {
    let mut bare = fixtures::battle("5a0000000000000000000000000bare", "vicuna-13b", "dolly-v2-12b");
    bare.judge = None;
    bare.language = None;
    bare.tstamp = None;
    bare.anony = None;
    bare.openai_moderation = None;
    bare.toxic_chat_tag = None;
    let mut five = fixtures::battle("5a000000000000000000000000five", "palm-2", "gpt-4");
    let mut m = Moderation { has_categories: true, has_scores: true, flagged: Some(false), ..Default::default() };
    for i in 0..5 {
        m.set_category(i, false);
        m.scores[i] = Some(0.001 * (i + 1) as f64);
    }
    five.openai_moderation = Some(m);
    five.toxic_chat_tag =
        Some(ToxicTags { roberta: Some(TaggerVerdict { flagged: Some(false), score: Some(0.01) }), t5: None });
    vec![bare, five]
}

/// Generated rows plus the hand-made varied, tricky and sparse ones.
pub fn battles() -> Vec<Battle> {
    let mut rows = synth::generate(150, 11);
    rows.extend(fixtures::varied());
    rows.push(tricky_battle());
    rows.extend(sparse_battles());
    rows
}

/// Every row of an index in the dataset's JSON form: equal lists mean equal indexes.
pub fn rows_json(index: &Index) -> Vec<String> {
    index.battle_ids().map(|b| row_to_json(index, b)).collect()
}

pub fn reference(battles: &[Battle]) -> Vec<String> {
    rows_json(&Index::from_battles(battles, DatasetInfo::default()))
}

pub fn load_paths(paths: &[&Path]) -> Loaded {
    let paths = paths.iter().map(|p| p.to_path_buf()).collect();
    match load::load(&DataSource::Paths(paths), LoadOptions::default()) {
        Ok(l) => l,
        Err(e) => panic!("load failed: {e}"),
    }
}

pub fn gzip(from: &Path, to: &Path) {
    let data = std::fs::read(from).unwrap();
    let mut enc = flate2::write::GzEncoder::new(std::fs::File::create(to).unwrap(), flate2::Compression::default());
    enc.write_all(&data).unwrap();
    enc.finish().unwrap();
}

/// The result of running the real binary.
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `arenascope ARGS` with no Hugging Face variables and HOME at `home`.
pub fn arenascope<S: AsRef<OsStr>>(args: &[S], home: &Path) -> Run {
    arenascope_env(args, home, &[])
}

pub fn arenascope_env<S: AsRef<OsStr>>(args: &[S], home: &Path, env: &[(&str, &Path)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_arenascope"));
    cmd.args(args).env_remove("HF_HUB_CACHE").env_remove("HF_HOME").env("HOME", home).env("RUST_BACKTRACE", "1");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("the binary runs");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// No panic message or backtrace, whatever happened.
pub fn assert_no_panic(run: &Run) {
    for bad in ["panicked", "backtrace", "RUST_BACKTRACE", "thread '"] {
        assert!(!run.stderr.contains(bad), "stderr shows a panic:\n{}", run.stderr);
    }
}

/// Exit status 1 and exactly one line on stderr that contains every needle.
pub fn assert_one_line_error(run: &Run, needles: &[&str]) {
    assert_no_panic(run);
    assert_eq!(run.code, Some(1), "stderr: {}", run.stderr);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "expected one line on stderr, got:\n{}", run.stderr);
    assert!(lines[0].starts_with("arenascope: "), "{}", lines[0]);
    for n in needles {
        assert!(lines[0].contains(n), "{:?} not in {:?}", n, lines[0]);
    }
    assert!(run.stdout.is_empty(), "nothing on stdout after an error: {}", run.stdout);
}

/// The `stats --json` object of a successful run.
pub fn stats_json(run: &Run) -> serde_json::Value {
    assert_no_panic(run);
    assert_eq!(run.code, Some(0), "stderr: {}", run.stderr);
    serde_json::from_str(&run.stdout).expect("stats --json prints JSON")
}
