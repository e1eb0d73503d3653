//! Review store costs the TUI pays: opening (replay) a journal, one saved change (replay under
//! the lock, append, fsync), an unchanged reload, and resolving the store against an index.
//! The index is built from fixtures (33,000 battles), or loaded from ARENASCOPE_BENCH_FILE.

use std::hint::black_box;
use std::path::Path;

use arenascope::fixtures::battle;
use arenascope::index::{BattleId, DatasetInfo, Index};
use arenascope::load::{LoadOptions, load_paths};
use arenascope::review::{BattleKey, Edit, ReviewStore, ReviewView};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};

fn index() -> Index {
    if let Some(file) = std::env::var_os("ARENASCOPE_BENCH_FILE") {
        let loaded = load_paths(&[file.into()], LoadOptions::default()).expect("ARENASCOPE_BENCH_FILE loads");
        return loaded.index;
    }
    let rows: Vec<_> = (0..33_000).map(|i| battle(&format!("{i:032x}"), "gpt-4", "claude-v1")).collect();
    Index::from_battles(&rows, DatasetInfo::default())
}

/// A compact journal flagging `n` battles of the index.
fn journal(path: &Path, index: &Index, n: usize) {
    let (mut store, _) = ReviewStore::open(path).expect("open");
    let step = (index.len() / n).max(1);
    let edits = (0..n)
        .map(|i| {
            let key = BattleKey::of(index, BattleId((i * step % index.len()) as u32));
            (key, Edit::SetFlag { labels: vec!["unsafe".into()], note: format!("note {i}") })
        })
        .collect();
    store.apply(edits).expect("apply");
    ReviewStore::open(path).expect("compact");
}

fn benches(c: &mut Criterion) {
    let index = index();
    let dir = tempfile::tempdir().expect("temp dir");
    for n in [100, 1_000, 10_000] {
        let path = dir.path().join(format!("r{n}.jsonl"));
        journal(&path, &index, n);
        c.bench_function(&format!("review open {n} entries"), |b| {
            b.iter(|| black_box(ReviewStore::open(&path).expect("open")))
        });
        let (mut store, _) = ReviewStore::open(&path).expect("open");
        c.bench_function(&format!("review reload unchanged {n} entries"), |b| {
            b.iter(|| black_box(store.reload().expect("reload")))
        });
        c.bench_function(&format!("review view over {} battles, {n} entries", index.len()), |b| {
            b.iter(|| black_box(ReviewView::new(&store, &index)))
        });
        let key = BattleKey::of(&index, BattleId(0));
        let mut i = 0u64;
        c.bench_function(&format!("review one saved change, {n} entries"), |b| {
            b.iter_batched(
                || {
                    i += 1;
                    vec![(key.clone(), Edit::SetNote(format!("n{i}")))]
                },
                |edits| black_box(store.apply(edits).expect("apply")),
                BatchSize::SmallInput,
            )
        });
    }
}

criterion_group! {
    name = review;
    config = Criterion::default().sample_size(20);
    targets = benches
}
criterion_main!(review);
