//! Search speed: field-only, keyword, phrase, scoped and regex queries over a loaded index,
//! plus the one-off cost of folding the text, and search while loading: one decoded piece
//! scanned as `search` scans it, and a whole parquet file scanned piece by piece against
//! loading it and then searching. Runs on ARENASCOPE_BENCH_FILE when set (the
//! 33K / 330K stand-ins), else on battles generated here. ARENASCOPE_BENCH_TRIGRAMS=off
//! searches without the trigram filter; `FILL,SHARE,SKIP` sizes it so (see
//! [`arenascope::index::trigram::Sizing`]; `0,1,1`: every group at full size).

use std::hint::black_box;
use std::time::Duration;

use arenascope::fixtures::{battle, conversation};
use arenascope::index::trigram::{Sizing, TrigramFilter};
use arenascope::index::{BattleId, DatasetInfo, Index};
use arenascope::load::{self, DataSource, LoadOptions};
use arenascope::model::{Battle, Winner};
use arenascope::query::{CompiledQuery, NoReviews, battles_matching, battles_matching_here};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};

/// The queries measured, by name; the targets are in BENCHMARKS.md.
const QUERIES: &[(&str, &str)] = &[
    ("facets", "model:gpt-4 lang:English winner:tie"),
    ("rare word", "axolotl"),
    ("common word", "python"),
    ("three words", "python function list"),
    ("phrase", "\"machine learning\""),
    ("scoped word", "prompt:python"),
    ("word and facets", "python model:gpt-4 lang:English"),
    ("negated word", "-python"),
    ("regex with literal", r"/def \w+\(/"),
    ("regex without literal", r"/\d{3}-\d{4}/"),
];

fn load_index() -> Index {
    let index = load_file();
    let Some(setting) = std::env::var("ARENASCOPE_BENCH_TRIGRAMS").ok() else { return index };
    let filter = match setting.split(',').map(str::parse).collect::<Result<Vec<f64>, _>>().as_deref() {
        _ if setting == "off" => None,
        Ok(&[target_fill, share, skip_fill]) => {
            let sizing = Sizing { target_fill, text_share: share as usize, skip_fill };
            let folded = index.folded_text();
            Some(TrigramFilter::build_with(index.len(), sizing, |i| {
                folded.get(index.battle_text_range(BattleId(i as u32)))
            }))
        }
        _ => panic!("ARENASCOPE_BENCH_TRIGRAMS: off or FILL,SHARE,SKIP, not {setting:?}"),
    };
    index.with_trigram_filter(filter)
}

fn load_file() -> Index {
    match std::env::var_os("ARENASCOPE_BENCH_FILE") {
        Some(path) => {
            let source = DataSource::from_paths(&[path.into()]);
            match load::load(&source, LoadOptions::default()) {
                Ok(loaded) => loaded.index,
                Err(e) => panic!("ARENASCOPE_BENCH_FILE: {e}"),
            }
        }
        None => Index::from_battles(&generated(20_000), DatasetInfo::default()),
    }
}

/// Deterministic battles with about the real data's shape: ~2 kB of English-like text per
/// battle, "python" in about one in four, "axolotl" in a few dozen, a phone number and a
/// function definition in a few percent.
fn generated(rows: usize) -> Vec<Battle> {
    const WORDS: &[&str] = &[
        "the",
        "a",
        "of",
        "to",
        "and",
        "in",
        "is",
        "for",
        "that",
        "with",
        "function",
        "list",
        "data",
        "model",
        "learning",
        "machine",
        "code",
        "example",
        "value",
        "return",
        "string",
        "number",
        "file",
        "user",
        "time",
        "question",
        "answer",
        "world",
        "history",
        "because",
        "different",
        "Straße",
        "中文",
        "Привет",
        "über",
    ];
    const MODELS: &[&str] = &["gpt-4", "claude-v1", "vicuna-13b", "koala-13b", "palm-2", "alpaca-13b"];
    const LANGUAGES: &[&str] = &["English", "English", "English", "German", "Chinese", "Spanish"];
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let sentence = |words: usize, next: &mut dyn FnMut() -> u64| {
        let mut s = String::new();
        for i in 0..words {
            if i > 0 {
                s.push(' ');
            }
            let r = next();
            s.push_str(match r % 250_000 {
                7 => "axolotl",
                n if n % 4000 < 3 => "python",
                _ => WORDS[(r >> 20) as usize % WORDS.len()],
            });
            if r % 9973 == 1 {
                s.push_str(" def f(x): 555-1234");
            }
        }
        s
    };
    (0..rows)
        .map(|i| {
            let r = next();
            let mut b = battle(&format!("{:032x}", r), MODELS[i % MODELS.len()], MODELS[(i / 7) % MODELS.len()]);
            let prompt = sentence(40, &mut next);
            b.conversation_a = conversation(&[&prompt, &sentence(160, &mut next)]);
            b.conversation_b = conversation(&[&prompt, &sentence(160, &mut next)]);
            b.winner = Winner::ALL[(r >> 8) as usize % 4];
            b.language = Some(LANGUAGES[(r >> 16) as usize % LANGUAGES.len()].to_owned());
            b
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let index = load_index();
    eprintln!("bench data: {} battles, {} MB of text", index.len(), index.text_len() / 1_000_000);

    let mut fold = c.benchmark_group("prepare");
    fold.sample_size(10).measurement_time(Duration::from_secs(5));
    fold.bench_function("folded_text (one-off)", |b| b.iter(|| black_box(&index).fold_text()));
    let folded = index.folded_text();
    fold.bench_function("trigram filter (one-off)", |b| {
        b.iter(|| {
            TrigramFilter::build(index.len(), |i| black_box(&folded).get(index.battle_text_range(BattleId(i as u32))))
        })
    });
    // The old filter, for comparison: every group at 4,096 buckets.
    let full = Sizing { target_fill: 0.0, text_share: 1, skip_fill: 1.0 };
    fold.bench_function("trigram filter, full size (one-off)", |b| {
        b.iter(|| {
            TrigramFilter::build_with(index.len(), full, |i| {
                black_box(&folded).get(index.battle_text_range(BattleId(i as u32)))
            })
        })
    });
    fold.finish();
    // Built now unless the variable chose one (or none).
    let filter = match std::env::var_os("ARENASCOPE_BENCH_TRIGRAMS") {
        Some(_) => index.trigram_filter_for_search(),
        None => Some(index.trigram_filter()),
    };
    if let Some(f) = filter {
        let (fill, empty) = f.fill();
        eprintln!(
            "trigram filter: {:.1} MiB, {:.3} of its bits set, {:.1}% of groups without",
            f.bytes() as f64 / (1 << 20) as f64,
            fill,
            empty * 100.0
        );
    }

    let mut group = c.benchmark_group("search");
    group.sample_size(20).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
    for (name, text) in QUERIES {
        let q = match CompiledQuery::new(&index, text) {
            Ok(q) => q,
            Err(e) => panic!("{text}: {e}"),
        };
        eprintln!("{name:>22}: {text:<40} {} battles", battles_matching(&index, &q, &NoReviews).len());
        group.bench_function(*name, |b| b.iter(|| battles_matching(&index, black_box(&q), &NoReviews)));
    }
    group.bench_function("compile", |b| {
        b.iter(|| CompiledQuery::new(&index, black_box("python model:gpt-4 lang:English /def \\w+\\(/")))
    });
    group.finish();
}

/// Battles in one piece: the hub's parquet files have row groups of 2,000.
const PIECE_ROWS: usize = 2_000;

/// Search while loading: the scan of one decoded piece (a fresh index of 2,000 battles, as
/// each piece is), and a whole generated parquet file scanned piece by piece against
/// loaded and then searched.
fn bench_pieces(c: &mut Criterion) {
    let index = load_index();
    let rows: Vec<Battle> = index.battle_ids().take(PIECE_ROWS).map(|b| index.battle(b)).collect();
    let mut group = c.benchmark_group("piece_scan");
    group.sample_size(20).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
    for (name, text) in [("common word", "python"), ("rare word", "axolotl"), ("regex with literal", r"/def \w+\(/")] {
        let q = match CompiledQuery::for_pieces(&arenascope::query::parse(text).expect("parses")) {
            Some(Ok(q)) => q,
            _ => panic!("{text} runs over pieces"),
        };
        group.bench_function(name, |b| {
            b.iter_batched(
                || Index::from_battles(&rows, DatasetInfo::default()),
                |piece| battles_matching_here(&piece, black_box(&q), &NoReviews),
                BatchSize::LargeInput,
            )
        });
    }
    group.finish();

    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bench.parquet");
    let battles = arenascope::synth::generate(20_000, 1);
    arenascope::synth::write_parquet(&path, &battles, arenascope::synth::ParquetCompression::Snappy, PIECE_ROWS)
        .expect("write parquet");
    let source = DataSource::from_paths(&[path]);
    let parsed = arenascope::query::parse("python").expect("parses");
    let q = match CompiledQuery::for_pieces(&parsed) {
        Some(Ok(q)) => q,
        _ => panic!("python runs over pieces"),
    };
    let mut whole = c.benchmark_group("first_answer");
    whole.sample_size(10).measurement_time(Duration::from_secs(5));
    // As `search python --count` does: only the fields the query needs, then every field.
    for (name, fields) in [
        ("scan while loading (20K parquet, python)", CompiledQuery::fields_needed(&parsed)),
        ("scan while loading, every field (20K parquet, python)", load::Fields::ALL),
    ] {
        whole.bench_function(name, |b| {
            b.iter(|| {
                let mut found = 0;
                let scan = |piece: &Index| battles_matching_here(piece, &q, &NoReviews);
                let mut take = |_: &Index, m: &[BattleId], _: usize| {
                    found += m.len();
                    std::ops::ControlFlow::Continue(())
                };
                load::scan(&source, LoadOptions { fields, ..LoadOptions::default() }, &scan, &mut take).expect("scan");
                found
            })
        });
    }
    whole.bench_function("load, then search (20K parquet, python)", |b| {
        b.iter(|| {
            let loaded = load::load(&source, LoadOptions::default()).expect("load");
            let q = CompiledQuery::new(&loaded.index, "python").expect("query");
            battles_matching(&loaded.index, &q, &NoReviews).len()
        })
    });
    whole.finish();
}

criterion_group!(benches, bench, bench_pieces);
criterion_main!(benches);
