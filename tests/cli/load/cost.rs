//! Inputs whose shape once cost quadratic time (long runs of whitespace, rows longer than many
//! read blocks) load correctly; their speed is measured by hand (BENCHMARKS.md).

use arenascope::synth::{self, JsonLayout};
use tempfile::TempDir;

use super::common::*;

/// More than two of the loader's 4 MiB read blocks.
const LONG: usize = 9 << 20;

#[test]
fn long_whitespace_runs_and_rows_longer_than_a_block_load_every_row() {
    let battles = battles();
    let want = reference(&battles);
    let dir = TempDir::new().unwrap();
    let array = dir.path().join("a.json");
    synth::write_json_array(&array, &battles, JsonLayout::Compact).unwrap();
    let compact = std::fs::read(&array).unwrap();
    let ws = |n: usize| " \n\t\r".bytes().cycle().take(n).collect::<Vec<u8>>();

    // Before the '[', after it, and between rows.
    let before = [ws(LONG), compact.clone()].concat();
    let after = [b"[".to_vec(), ws(LONG), compact[1..].to_vec()].concat();
    let comma = compact.iter().position(|&b| b == b',').unwrap();
    let between = [&compact[..comma], &ws(LONG), &compact[comma..]].concat();
    for (name, bytes) in [("before", before), ("after", after), ("between", between)] {
        let path = dir.path().join(format!("{name}.json"));
        std::fs::write(&path, bytes).unwrap();
        let loaded = load_paths(&[&path]);
        assert_eq!(loaded.report.skipped, 0, "{name}: {:?}", loaded.report.problems);
        assert!(rows_json(&loaded.index) == want, "{name} differs");
    }

    // JSON Lines after many blank lines: line numbers still count them.
    let lines = dir.path().join("l.jsonl");
    let mut bytes = "\n".repeat(LONG).into_bytes();
    bytes.extend(synth::jsonl_bytes(&battles));
    bytes.extend(b"{\"broken\n");
    std::fs::write(&lines, bytes).unwrap();
    let loaded = load_paths(&[&lines]);
    assert!(rows_json(&loaded.index) == want, "blank lines first");
    let at = format!("l.jsonl:{}: ", LONG + battles.len() + 1);
    assert!(loaded.report.problems[0].to_string().contains(&at), "{:?}", loaded.report.problems);

    // One row whose text is longer than several blocks.
    let mut big = battles[..3].to_vec();
    big[1].conversation_a[1].content = "long answer ".repeat(LONG / 4);
    let path = dir.path().join("big.json");
    synth::write_json_array(&path, &big, JsonLayout::Pretty).unwrap();
    let loaded = load_paths(&[&path]);
    assert!(rows_json(&loaded.index) == reference(&big), "a row of {} MiB", LONG * 3 / (4 << 20));
}
