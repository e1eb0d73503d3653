//! Values out of any plausible range: the row is kept with the value unknown, reported apart
//! from skipped rows (file:line and field), and nothing downstream is sized by the value.

use arenascope::synth::{self, ParquetCompression};
use serde_json::Value;
use tempfile::TempDir;

use super::common::*;

fn rows_with_tstamps(n: usize, scale: impl Fn(f64) -> Value) -> String {
    let bytes = synth::jsonl_bytes(&synth::generate(n, 5));
    let mut out = String::new();
    for line in String::from_utf8(bytes).unwrap().lines() {
        let mut v: Value = serde_json::from_str(line).unwrap();
        v["tstamp"] = scale(v["tstamp"].as_f64().unwrap());
        out.push_str(&format!("{v}\n"));
    }
    out
}

#[test]
fn millisecond_times_load_are_reported_and_ratings_and_stats_work() {
    let dir = TempDir::new().unwrap();
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let path = dir.path().join("ms.jsonl");
    std::fs::write(&path, rows_with_tstamps(40, |t| Value::from((t * 1000.0).round() as i64))).unwrap();
    let file = path.to_str().unwrap();

    let run = arenascope(&["stats", file, "--json"], &home);
    let stats = stats_json(&run);
    assert_eq!((stats["rows"].as_u64(), stats["skipped"].as_u64()), (Some(40), Some(0)), "rows are kept");
    assert_eq!(stats["kept_with_problems"], 40);
    assert_eq!(stats["first_tstamp"], Value::Null, "the times are unknown, not absurd");
    let kept: Vec<&str> = stats["kept_problems"].as_array().unwrap().iter().map(|p| p.as_str().unwrap()).collect();
    assert!(kept[0].contains("ms.jsonl:1: tstamp: ") && kept[0].contains("looks like milliseconds"), "{kept:?}");
    assert!(run.stderr.starts_with("arenascope: kept 40 rows with a value set to unknown"), "{}", run.stderr);
    assert!(run.stderr.contains("ms.jsonl:2: tstamp: "), "{}", run.stderr);

    let text = arenascope(&["stats", file], &home);
    assert_eq!(text.code, Some(0), "{}", text.stderr);
    assert!(text.stdout.contains("40 loaded, 0 skipped, 40 kept with a value set to unknown"), "{}", text.stdout);
    assert!(text.stdout.contains("rows kept with a value set to unknown (first 10)"), "{}", text.stdout);

    let ratings = arenascope(&["ratings", file], &home);
    assert_eq!(ratings.code, Some(0), "{}", ratings.stderr);
    assert!(!ratings.stdout.is_empty());

    // --strict stops at the first one, naming it.
    let strict = arenascope(&["stats", file, "--strict"], &home);
    assert_one_line_error(&strict, &["ms.jsonl:1: tstamp: ", "looks like milliseconds"]);
}

#[test]
fn every_implausible_time_is_named_in_json_and_parquet() {
    let dir = TempDir::new().unwrap();
    let cases: [(f64, &str); 6] = [
        (1.682e12, "looks like milliseconds"),
        (1.682e15, "looks like microseconds"),
        (1.682e18, "looks like nanoseconds"),
        (1e13, "after 2100-01-01, not a plausible unix time"),
        (-5.0, "before 2000-01-01"),
        (86_400.0 * 365.0, "before 2000-01-01"),
    ];
    let mut battles = synth::generate(cases.len() + 2, 9);
    for (b, (t, _)) in battles.iter_mut().zip(&cases) {
        b.tstamp = Some(*t);
    }
    let jsonl = dir.path().join("t.jsonl");
    let parquet = dir.path().join("t.parquet");
    synth::write_jsonl(&jsonl, &battles).unwrap();
    synth::write_parquet(&parquet, &battles, ParquetCompression::Zstd, 3).unwrap();
    let json_at = |i: usize| format!("t.jsonl:{}: tstamp: ", i + 1);
    let parquet_at = |i: usize| format!("t.parquet: row {i}: tstamp: ");
    let places: [(&std::path::Path, &dyn Fn(usize) -> String); 2] = [(&jsonl, &json_at), (&parquet, &parquet_at)];
    for (path, at) in places {
        let loaded = load_paths(&[path]);
        let r = &loaded.report;
        assert_eq!((r.rows, r.skipped, r.kept), (battles.len(), 0, cases.len()), "{}", path.display());
        for (i, (_, words)) in cases.iter().enumerate() {
            let p = r.kept_problems[i].to_string();
            assert!(p.contains(&at(i)) && p.contains(words), "{p}");
            assert_eq!(loaded.index.tstamp(arenascope::index::BattleId(i as u32)), None);
        }
        let last = arenascope::index::BattleId(cases.len() as u32);
        assert_eq!(loaded.index.tstamp(last), battles[cases.len()].tstamp, "plausible times are untouched");
    }
}
