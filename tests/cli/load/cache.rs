//! The index cache: a second load of the same bytes reads the cache and answers exactly as the
//! cold load did (`stats --json`, `search --json`, the problems on stderr) for every layout; a
//! damaged cache is replaced without a word; `--no-cache` reads and writes nothing.

use std::path::{Path, PathBuf};

use arenascope::synth::{self, ParquetCompression, ReleaseLayout, write_release_parquet};
use tempfile::TempDir;

use super::common::*;

fn cache_dir(home: &Path) -> PathBuf {
    home.join("data").join("arenascope").join("index-cache")
}

fn caches(home: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(cache_dir(home)) else { return Vec::new() };
    let mut v: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    v.sort();
    v
}

/// Runs with the data folder under `home` and every input cached, whatever its size.
fn run(args: &[&str], home: &Path) -> Run {
    let data = home.join("data");
    let env = [
        ("XDG_DATA_HOME", data.as_path()),
        ("ARENASCOPE_CACHE_MIN_BYTES", Path::new("0")),
        ("ARENASCOPE_SEARCH_FULL_LOAD", Path::new("1")),
    ];
    let r = arenascope_env(args, home, &env);
    assert_no_panic(&r);
    r
}

/// `stats --json` without the load time, which differs from run to run.
fn stats(file: &str, home: &Path, extra: &[&str]) -> (serde_json::Value, String) {
    let mut args = vec!["stats", "--json", file];
    args.extend_from_slice(extra);
    let r = run(&args, home);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let mut v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    strip_seconds(&mut v);
    (v, r.stderr)
}

fn strip_seconds(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(m) => {
            m.retain(|k, _| !k.contains("seconds"));
            m.values_mut().for_each(strip_seconds);
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(strip_seconds),
        _ => {}
    }
}

fn search(file: &str, home: &Path, query: &str) -> String {
    let r = run(&["search", "--json", query, file], home);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    r.stdout
}

/// Fixtures in several layouts, one with a bad row (so the report's problems are cached too).
fn fixtures(dir: &Path) -> Vec<PathBuf> {
    let rows = synth::generate(400, 5);
    let p2023 = dir.join("conv-2023.parquet");
    synth::write_parquet(&p2023, &rows, ParquetCompression::Snappy, 90).unwrap();
    let p140 = dir.join("p140k.parquet");
    write_release_parquet(&p140, &rows, ReleaseLayout::P140k, &[0, 7]).unwrap();
    let p100 = dir.join("p100k.parquet");
    write_release_parquet(&p100, &rows, ReleaseLayout::P100k, &[]).unwrap();
    let search = dir.join("search.parquet");
    write_release_parquet(&search, &rows, ReleaseLayout::SearchArena, &[]).unwrap();
    let csv = dir.join("train.csv");
    std::fs::write(&csv, synth::csv_55k(&rows)).unwrap();
    let jsonl = dir.join("damaged.jsonl");
    let mut text = String::from_utf8(synth::jsonl_bytes(&rows[..50])).unwrap();
    text.push_str("{\"question_id\": 5, \"model_a\": \n");
    std::fs::write(&jsonl, text).unwrap();
    vec![p2023, p140, p100, search, csv, jsonl]
}

#[test]
fn a_cached_load_answers_exactly_as_the_cold_load_in_every_layout() {
    let dir = TempDir::new().unwrap();
    let home = dir.path();
    for (n, file) in fixtures(home).iter().enumerate() {
        let file = file.to_str().unwrap();
        let cold = stats(file, home, &[]);
        let cold_search = search(file, home, "python");
        assert_eq!(caches(home).len(), n + 1, "{file}: one cache written");
        let cached = stats(file, home, &[]);
        assert_eq!(cached, cold, "{file}: stats and stderr from the cache");
        assert_eq!(search(file, home, "python"), cold_search, "{file}: search from the cache");
        assert_eq!(stats(file, home, &["--no-cache"]), cold, "{file}");
        assert_eq!(caches(home).len(), n + 1, "{file}: no second cache");
    }
    // The damaged file's problems come back from the cache.
    let (_, stderr) = stats(home.join("damaged.jsonl").to_str().unwrap(), home, &[]);
    assert!(stderr.contains("skipped 1 bad row"), "{stderr}");
}

#[test]
fn a_damaged_cache_is_replaced_and_changed_bytes_miss() {
    let dir = TempDir::new().unwrap();
    let home = dir.path();
    let file = home.join("b.parquet");
    synth::write_parquet(&file, &synth::generate(200, 9), ParquetCompression::Snappy, 50).unwrap();
    let f = file.to_str().unwrap();
    let cold = stats(f, home, &[]);
    let [cache] = &caches(home)[..] else { panic!("one cache") };
    let good = std::fs::read(cache).unwrap();
    for damaged in [good[..good.len() - 9].to_vec(), b"garbage".to_vec(), {
        let mut g = good.clone();
        let at = g.len() / 2;
        g[at] ^= 1;
        g
    }] {
        std::fs::write(cache, &damaged).unwrap();
        assert_eq!(stats(f, home, &[]), cold);
        assert_eq!(std::fs::read(cache).unwrap(), good, "the bad cache was replaced");
    }
    // Other bytes, other key: a second cache, and the new answer.
    synth::write_parquet(&file, &synth::generate(150, 9), ParquetCompression::Snappy, 50).unwrap();
    let (changed, _) = stats(f, home, &[]);
    assert_ne!(changed, cold.0);
    assert_eq!(caches(home).len(), 2);
}

#[test]
fn no_cache_and_the_environment_turn_it_off() {
    let dir = TempDir::new().unwrap();
    let home = dir.path();
    let file = home.join("b.parquet");
    synth::write_parquet(&file, &synth::generate(100, 4), ParquetCompression::Snappy, 50).unwrap();
    let f = file.to_str().unwrap();
    stats(f, home, &["--no-cache"]);
    assert!(caches(home).is_empty());
    let data = home.join("data");
    let env = [
        ("XDG_DATA_HOME", data.as_path()),
        ("ARENASCOPE_CACHE_MIN_BYTES", Path::new("0")),
        ("ARENASCOPE_NO_CACHE", Path::new("1")),
    ];
    assert_eq!(arenascope_env(&["stats", f], home, &env).code, Some(0));
    assert!(caches(home).is_empty());
    // Small inputs (the default minimum is 16 MiB) are not cached either.
    let env = [("XDG_DATA_HOME", data.as_path())];
    assert_eq!(arenascope_env(&["stats", f], home, &env).code, Some(0));
    assert!(caches(home).is_empty());
}

#[test]
fn on_a_first_open_the_answer_is_printed_before_the_cache_is_written() {
    use std::io::Read;
    let dir = TempDir::new().unwrap();
    let home = dir.path();
    let file = home.join("b.parquet");
    synth::write_parquet(&file, &synth::generate(100, 4), ParquetCompression::Snappy, 50).unwrap();
    // The test build waits this long before writing the cache.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_arenascope"))
        .args(["stats", "--json", file.to_str().unwrap()])
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("ARENASCOPE_CACHE_MIN_BYTES", "0")
        .env("ARENASCOPE_TEST_CACHE_WRITE_DELAY_MS", "1500")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let (mut out, mut buf) = (Vec::new(), [0u8; 4096]);
    // The whole answer arrives while the process is still running...
    while serde_json::from_slice::<serde_json::Value>(&out).is_err() {
        let n = stdout.read(&mut buf).unwrap();
        assert!(n > 0, "stdout ended before a whole answer: {}", String::from_utf8_lossy(&out));
        out.extend_from_slice(&buf[..n]);
    }
    assert!(caches(home).is_empty(), "the cache waits for the answer");
    assert_eq!(child.try_wait().unwrap(), None, "still writing the cache");
    // ...and the cache is written after it.
    assert!(child.wait().unwrap().success());
    assert_eq!(caches(home).len(), 1, "one cache, written after the output");
    let (cached, _) = stats(file.to_str().unwrap(), home, &[]);
    let mut cold: serde_json::Value = serde_json::from_slice(&out).unwrap();
    strip_seconds(&mut cold);
    assert_eq!(cached, cold, "and it answers as the cold load did");
}
