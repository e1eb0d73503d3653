//! The index cache (issue 18 item 5): a cold load split into parquet decoding (decompression
//! included) and the rest (the index build), against writing and reading back the whole index
//! with `load::cache` (group `reopen`). Runs on a generated 20,000-battle parquet,
//! or on ARENASCOPE_BENCH_FILE:
//! `ARENASCOPE_BENCH_FILE=/work/data/rel-135k.parquet cargo bench --bench index_cache -- cold_load`

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use arenascope::load::{self, DataSource, LoadOptions};
use arenascope::synth::{self, ParquetCompression};
use criterion::{Criterion, criterion_group, criterion_main};

#[path = "support/raw_cache.rs"]
mod raw_cache;

fn load_file(path: &Path) -> arenascope::index::Index {
    load::load(&DataSource::Paths(vec![path.to_path_buf()]), LoadOptions::default())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .index
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let path = match std::env::var_os("ARENASCOPE_BENCH_FILE") {
        Some(p) => PathBuf::from(p),
        None => {
            let p = dir.path().join("battles.parquet");
            synth::write_parquet(&p, &synth::generate(20_000, 1), ParquetCompression::Snappy, 2000).expect("parquet");
            p
        }
    };
    let mut g = c.benchmark_group("cold_load");
    g.sample_size(10).measurement_time(Duration::from_secs(15));
    g.bench_function("decode", |b| b.iter(|| black_box(raw_cache::decode(&path))));
    g.bench_function("load", |b| b.iter(|| black_box(load_file(&path).len())));
    g.finish();

    let loaded = load::load(&DataSource::Paths(vec![path.clone()]), LoadOptions::default()).expect("load");
    let cache = dir.path().join("cache").join("index.idx");
    let mut g = c.benchmark_group("reopen");
    g.sample_size(10).measurement_time(Duration::from_secs(15));
    g.bench_function("write", |b| {
        b.iter(|| load::cache::write(&cache, black_box(&loaded.index), &loaded.report).expect("write"))
    });
    drop(loaded);
    g.bench_function("read", |b| b.iter(|| black_box(load::cache::read(&cache).expect("read").0.len())));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
