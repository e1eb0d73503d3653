//! Ratings over a whole dataset: online Elo, Bradley-Terry with aggregation, sandwich, 1,000
//! bootstrap rounds, and the full recompute the TUI does after a query change.
//!
//! Data: ARENASCOPE_BENCH_FILE when set (e.g. /work/data/arena-33k.parquet), otherwise 33,000
//! battles from the repository's generator (`synth::generate(33_000, 1)`).
//!
//! ARENASCOPE_BENCH_CPU=1 measures process CPU time (all threads) instead of wall time: on a
//! machine shared with other work it shows what a run costs without the waiting.

use std::hint::black_box;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use arenascope::index::{BattleId, DatasetInfo, Index};
use arenascope::load::{self, DataSource, LoadOptions};
use arenascope::rating::bootstrap::bootstrap_bt;
use arenascope::rating::bt::fit_bt;
use arenascope::rating::elo::elo_ratings;
use arenascope::rating::sandwich::sandwich_sd;
use arenascope::rating::split::{Split, rate_split};
use arenascope::rating::style::{StyleData, bootstrap_style, fit_style, style_sandwich};
use arenascope::rating::{
    Intervals, MatrixKind, PairCounts, PairMatrix, RatingOptions, SubsetOptions, bt_history, elo_history, rate_counts,
    rate_style,
};
use arenascope::synth;
use criterion::measurement::{Measurement, ValueFormatter};
use criterion::{Criterion, Throughput, criterion_group};

fn data() -> Index {
    match std::env::var_os("ARENASCOPE_BENCH_FILE") {
        Some(path) => {
            let source = DataSource::from_paths(&[path.into()]);
            load::load(&source, LoadOptions::default()).expect("ARENASCOPE_BENCH_FILE loads").index
        }
        None => Index::from_battles(&synth::generate(33_000, 1), DatasetInfo::default()),
    }
}

/// CPU time of the whole process, in nanoseconds.
fn process_cpu_ns() -> u64 {
    #[repr(C)]
    struct Timespec {
        tv_sec: i64,
        tv_nsec: i64,
    }
    unsafe extern "C" {
        fn clock_gettime(clock: i32, ts: *mut Timespec) -> i32;
    }
    const CLOCK_PROCESS_CPUTIME_ID: i32 = 2;
    let mut ts = Timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `ts` is a valid, writable timespec (two 64-bit fields on 64-bit Linux, matching
    // the C layout), and clock_gettime writes only into it.
    let rc = unsafe { clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_PROCESS_CPUTIME_ID)");
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

/// Criterion measurement of process CPU time.
struct CpuTime;

struct NanosFormatter;

impl ValueFormatter for NanosFormatter {
    fn scale_values(&self, typical: f64, values: &mut [f64]) -> &'static str {
        let (factor, unit) = match typical {
            t if t < 1e3 => (1.0, "ns (cpu)"),
            t if t < 1e6 => (1e-3, "µs (cpu)"),
            t if t < 1e9 => (1e-6, "ms (cpu)"),
            _ => (1e-9, "s (cpu)"),
        };
        values.iter_mut().for_each(|v| *v *= factor);
        unit
    }

    fn scale_throughputs(&self, _typical: f64, _throughput: &Throughput, _values: &mut [f64]) -> &'static str {
        "-"
    }

    fn scale_for_machines(&self, _values: &mut [f64]) -> &'static str {
        "ns"
    }
}

impl Measurement for CpuTime {
    type Intermediate = u64;
    type Value = u64;

    fn start(&self) -> u64 {
        process_cpu_ns()
    }

    fn end(&self, start: u64) -> u64 {
        process_cpu_ns().saturating_sub(start)
    }

    fn add(&self, a: &u64, b: &u64) -> u64 {
        a + b
    }

    fn zero(&self) -> u64 {
        0
    }

    fn to_f64(&self, v: &u64) -> f64 {
        *v as f64
    }

    fn formatter(&self) -> &dyn ValueFormatter {
        &NanosFormatter
    }
}

fn ratings_wall(c: &mut Criterion) {
    ratings(c);
}

fn ratings_cpu(c: &mut Criterion<CpuTime>) {
    ratings(c);
}

fn ratings<M: Measurement>(c: &mut Criterion<M>) {
    let index = data();
    let ids: Vec<BattleId> = index.battle_ids().collect();
    let subset = SubsetOptions::default();
    let never = AtomicBool::new(false);
    eprintln!("ratings bench over {} battles, {} models", ids.len(), index.models().len());

    let mut g = c.benchmark_group("ratings");
    g.measurement_time(Duration::from_secs(4));

    g.bench_function("online_elo", |b| {
        b.iter(|| {
            let counts = PairCounts::aggregate(&index, &ids, &subset);
            black_box(elo_ratings(&index, &ids, &subset, &counts))
        })
    });
    g.bench_function("aggregate", |b| b.iter(|| black_box(PairCounts::aggregate(&index, &ids, &subset))));
    g.bench_function("bt_fit_with_aggregation", |b| {
        b.iter(|| black_box(fit_bt(&PairCounts::aggregate(&index, &ids, &subset))))
    });
    let counts = PairCounts::aggregate(&index, &ids, &subset);
    let fit = fit_bt(&counts);
    g.bench_function("sandwich", |b| b.iter(|| black_box(sandwich_sd(&counts, &fit))));
    g.bench_function("full_recompute", |b| {
        b.iter(|| {
            let counts = PairCounts::aggregate(&index, &ids, &subset);
            let opts = RatingOptions { intervals: Intervals::Sandwich, ..Default::default() };
            let table = rate_counts(&index, &ids, &counts, &opts, &never).expect("not cancelled");
            for kind in [MatrixKind::WinFraction, MatrixKind::Battles, MatrixKind::Predicted] {
                black_box(PairMatrix::new(&counts, &table, kind));
            }
            table
        })
    });
    // Style control: the style counts are computed once per index (from the text when the file
    // has none); warm them so the benches measure the fit.
    let _ = index.style(ids[0]);
    g.bench_function("style_fit_with_sandwich", |b| {
        b.iter(|| {
            let counts = PairCounts::aggregate(&index, &ids, &subset);
            let fit = fit_bt(&counts);
            let data = StyleData::collect(&index, &ids, &subset, &counts, &fit);
            let start: Vec<f64> = fit.problem_theta();
            let style = fit_style(&data, &start);
            black_box(style_sandwich(&data, &style))
        })
    });
    g.bench_function("style_table_recompute", |b| {
        b.iter(|| {
            let counts = PairCounts::aggregate(&index, &ids, &subset);
            let opts = RatingOptions { intervals: Intervals::Sandwich, ..Default::default() };
            black_box(rate_style(&index, &ids, &counts, &opts, &never).expect("not cancelled"))
        })
    });
    for (name, style) in [("by_category_plain", false), ("by_category_style", true)] {
        g.bench_function(name, |b| {
            b.iter(|| {
                let opts = RatingOptions { intervals: Intervals::Sandwich, ..Default::default() };
                black_box(rate_split(&index, &ids, Split::Category, style, &opts, &never).expect("not cancelled"))
            })
        });
    }
    g.bench_function("elo_history_by_day", |b| b.iter(|| black_box(elo_history(&index, &ids, &subset))));
    g.bench_function("bt_history_by_day", |b| b.iter(|| black_box(bt_history(&index, &ids, &subset))));
    g.sample_size(20);
    g.measurement_time(Duration::from_secs(6));
    g.bench_function("bootstrap_1000_rounds", |b| {
        b.iter(|| black_box(bootstrap_bt(&counts, &fit, 1000, 42, &never).expect("not cancelled")))
    });
    let data = StyleData::collect(&index, &ids, &subset, &counts, &fit);
    let style = fit_style(&data, &fit.problem_theta());
    g.sample_size(10);
    g.bench_function("style_bootstrap_100_rounds", |b| {
        b.iter(|| black_box(bootstrap_style(&data, &style, 100, 42, &never).expect("not cancelled")))
    });
    g.finish();
}

criterion_group!(wall, ratings_wall);
criterion_group! {
    name = cpu;
    config = Criterion::default().with_measurement(CpuTime);
    targets = ratings_cpu
}

fn main() {
    if std::env::var_os("ARENASCOPE_BENCH_CPU").is_some() {
        cpu();
    } else {
        wall();
    }
    Criterion::default().configure_from_args().final_summary();
}
