//! Loading 33,000 battles from parquet, JSON Lines and a JSON array. The files are generated
//! by `synth` into a temp dir at bench time (no network, nothing outside the repository).
//! With ARENASCOPE_BENCH_FILE=PATH, that file is benched too.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use arenascope::load::{self, DataSource, LoadOptions};
use arenascope::synth::{self, JsonLayout, ParquetCompression};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const ROWS: usize = 33_000;
const SEED: u64 = 1;
/// Rows per row group, as in the hub-like files of `gen_arena.py`.
const ROW_GROUP: usize = 2000;

fn load_file(path: &Path) -> usize {
    let loaded = load::load(&DataSource::Paths(vec![path.to_path_buf()]), LoadOptions::default())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(loaded.report.skipped, 0);
    loaded.index.len()
}

fn bench_file(c: &mut Criterion, group: &str, name: &str, path: &Path) {
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let mut g = c.benchmark_group(group);
    g.sample_size(10).measurement_time(Duration::from_secs(10)).throughput(Throughput::Bytes(size));
    g.bench_function(name, |b| b.iter(|| black_box(load_file(path))));
    g.finish();
}

fn generated(c: &mut Criterion) {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let battles = synth::generate(ROWS, SEED);
    let parquet = dir.path().join("arena-33k.parquet");
    let jsonl = dir.path().join("arena-33k.jsonl");
    let json = dir.path().join("arena-33k.json");
    synth::write_parquet(&parquet, &battles, ParquetCompression::Snappy, ROW_GROUP).expect("write parquet");
    synth::write_jsonl(&jsonl, &battles).expect("write jsonl");
    synth::write_json_array(&json, &battles, JsonLayout::Compact).expect("write json");
    for (name, path) in [("parquet_snappy", &parquet), ("jsonl", &jsonl), ("json_array", &json)] {
        assert_eq!(load_file(path), ROWS);
        bench_file(c, "load_33k_synth", name, path);
    }

    let mut g = c.benchmark_group("synth");
    g.sample_size(10);
    g.bench_function("generate_33k", |b| b.iter(|| black_box(synth::generate(ROWS, SEED).len())));
    g.finish();
}

fn given_file(c: &mut Criterion) {
    let Some(path) = std::env::var_os("ARENASCOPE_BENCH_FILE").map(PathBuf::from) else { return };
    let name = path.file_name().map_or_else(|| "file".to_owned(), |n| n.to_string_lossy().into_owned());
    bench_file(c, "load_bench_file", &name, &path);
}

criterion_group!(benches, generated, given_file);
criterion_main!(benches);
