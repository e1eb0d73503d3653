//! Work off the UI thread: loading (with progress), query evaluation, rating tables and the
//! review store. Searches and ratings have a slot holding only the latest request: a new
//! request cancels the running one, so typing fast never queues stale work, and results carry
//! a generation number so the app can drop any that arrive late. Review jobs are different:
//! every save counts, so they queue, in order, on one thread, which also re-reads the store
//! every few seconds while nothing else happens.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Condvar, Mutex, Weak};
use std::thread;
use std::time::{Duration, Instant};

use crate::index::{BattleId, Index, ModelId};
use crate::load::{self, DataSource, LoadOptions, Progress, Snapshot};
use crate::query::ReviewLookup;
use crate::rating::{
    self, Intervals, MatrixKind, PairCounts, PairMatrix, RatingHistory, RatingOptions, RatingTable, SubsetOptions,
    bt_history, elo_history, rate_counts,
};
use crate::review::ReviewView;

use super::action::Action;
use super::app::Dataset;
use super::event::Event;
use super::message::{LoadedData, RatingsResult, SearchResult, SharedStore};
use super::query_eval;
use super::review_jobs::{self, ReviewJob};
use super::state::ratings::{
    Method, RatingRow, RatingsSnapshot, Split, SplitColumnHead, SplitSnapshot, StyleSummary, WinMatrix,
};

/// How often the review worker looks for other processes' changes while idle.
pub(super) const REVIEW_RELOAD: Duration = Duration::from_secs(2);

/// What the app asks the workers to do.
#[derive(Debug, Clone)]
pub enum Effect {
    /// Evaluate a query over `index` (the battles the app shows: while loading, those so far);
    /// `reviews` answers its `review:` terms.
    Search {
        generation: u64,
        text: String,
        reviews: Arc<ReviewView>,
        index: Arc<Index>,
    },
    Ratings {
        generation: u64,
        index: Arc<Index>,
        battles: Arc<Vec<BattleId>>,
        method: Method,
        /// Style-controlled Bradley-Terry (with `method` Bradley-Terry).
        style: bool,
        /// Deduplicate over-frequent prompts first.
        dedup: bool,
        /// Also the side-by-side table split this way.
        split: Option<Split>,
        full: bool,
    },
    Review(ReviewJob),
    /// Write an export (the export dialog); a thread of its own, since parquet takes a while.
    Export(Box<ExportJob>),
}

/// One export from the dialog, with all it needs.
#[derive(Debug, Clone)]
pub struct ExportJob {
    pub(crate) index: Arc<Index>,
    pub(crate) battles: Arc<Vec<BattleId>>,
    pub(crate) request: crate::export::Request,
    /// The query that chose the battles (for the dataset card).
    pub(crate) query: String,
    /// Files read besides the dataset (the review journal): never written.
    pub(crate) inputs: Vec<std::path::PathBuf>,
    pub(crate) reviews: Arc<ReviewView>,
}

/// Writes one export: the summary line for the status bar, or why nothing was written.
pub(super) fn run_export(job: &ExportJob) -> Result<String, String> {
    let prov = crate::export::Provenance { query: &job.query, inputs: &job.inputs, reviews: Some(&job.reviews) };
    crate::export::run(&job.index, &job.battles, &job.request, &prov)
        .map(|summary| crate::present::export::summary_line(&summary))
        .map_err(|e| e.to_string())
}

/// A job and the flag that cancels it.
type Cancellable<T> = (T, Arc<AtomicBool>);

/// The latest job of one kind (waiting), and the cancel flag of the one running.
struct Slot<T> {
    state: Mutex<(Option<Cancellable<T>>, Arc<AtomicBool>)>,
    ready: Condvar,
}

impl<T> Slot<T> {
    fn new() -> Arc<Slot<T>> {
        Arc::new(Slot { state: Mutex::new((None, Arc::new(AtomicBool::new(false)))), ready: Condvar::new() })
    }

    /// Replaces any waiting job and cancels the running one.
    fn submit(&self, job: T) {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        s.1.store(true, Ordering::Relaxed);
        let cancel = Arc::new(AtomicBool::new(false));
        s.1 = cancel.clone();
        s.0 = Some((job, cancel));
        self.ready.notify_one();
    }

    fn take(&self) -> Cancellable<T> {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if let Some(job) = s.0.take() {
                return job;
            }
            s = self.ready.wait(s).unwrap_or_else(|e| e.into_inner());
        }
    }
}

type RatingsJob = (u64, Arc<Index>, Arc<Vec<BattleId>>, PaneOptions, bool);

/// What the rating pane shows, beyond the battles.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(super) struct PaneOptions {
    pub(crate) method: Method,
    /// Style-controlled Bradley-Terry (Bradley-Terry only).
    pub(crate) style: bool,
    /// Over-frequent prompts dropped first (q 0.999, seed 42, or the file's `dedup_tag`).
    pub(crate) dedup: bool,
    /// The side-by-side table too, split this way.
    pub(crate) split: Option<Split>,
}

type SearchJob = (u64, String, Arc<ReviewView>, Arc<Index>);

/// The worker threads. Dropping it leaves them blocked on their slots until the process ends
/// (the review worker ends when its queue closes).
pub(super) struct Workers {
    tx: Sender<Event>,
    search: Arc<Slot<SearchJob>>,
    ratings: Arc<Slot<RatingsJob>>,
    baseline: Arc<Slot<RatingsJob>>,
    reviews: Sender<ReviewJob>,
}

impl Workers {
    pub(super) fn start(tx: Sender<Event>) -> Workers {
        let (reviews, review_jobs) = mpsc::channel();
        let w = Workers { tx, search: Slot::new(), ratings: Slot::new(), baseline: Slot::new(), reviews };
        w.spawn_search();
        w.spawn_ratings(w.ratings.clone());
        w.spawn_ratings(w.baseline.clone());
        w.spawn_reviews(review_jobs);
        w
    }

    /// Loads on a background thread, sending progress at most every 30 ms and the battles
    /// loaded so far as the load hands them over ([`Snapshot`]): each is made ready for the
    /// browser here (counts, sort ranks), so the UI thread only swaps it in.
    pub(super) fn load(&self, source: DataSource, strict: bool, cache: bool) {
        let tx = self.tx.clone();
        // The rayon pool is made here, so that its threads (searches, ratings) do not inherit
        // the load thread's lower priority.
        let _ = rayon::current_num_threads();
        thread::Builder::new()
            .name("load".into())
            .spawn(move || {
                lower_priority();
                let last = Mutex::new(Instant::now());
                let progress = |p: Progress| {
                    let mut last = last.lock().unwrap_or_else(|e| e.into_inner());
                    if last.elapsed() >= Duration::from_millis(30) {
                        *last = Instant::now();
                        let _ = tx.send(Event::Worker(Action::LoadProgress(p)));
                    }
                };
                // The last snapshot handed over, to know when the app has let go of it.
                let last_snapshot = Mutex::new(Weak::new());
                let snapshot = |s: Snapshot| {
                    let data = LoadedData { index: Arc::new(s.index), report: s.report };
                    *last_snapshot.lock().unwrap_or_else(|e| e.into_inner()) = Arc::downgrade(&data.index);
                    let dataset = Dataset::so_far(data, s.progress);
                    let _ = tx.send(Event::Worker(Action::LoadedSoFar(Box::new(dataset))));
                };
                let opts = LoadOptions {
                    strict,
                    progress: Some(&progress),
                    snapshot: Some(&snapshot),
                    cache,
                    ..Default::default()
                };
                match load::load(&source, opts) {
                    Ok(loaded) => {
                        let index = Arc::new(loaded.index);
                        let data = LoadedData { index: index.clone(), report: loaded.report };
                        let _ = tx.send(Event::Worker(Action::Loaded(Box::new(data))));
                        // Text search needs the trigram filter; build it now rather than on the
                        // first keystrokes, but only once the app has let go of the last
                        // snapshot, so that it never comes on top of it. The folded copy of the
                        // text that needs it waits for a needle with non-ASCII letters (46 MiB
                        // on the 140k-sized file with long answers; an ASCII needle never uses it).
                        let last = last_snapshot.lock().unwrap_or_else(|e| e.into_inner()).clone();
                        wait_until_dropped(&last, Duration::from_millis(500));
                        // What the load freed goes back before the filter is built.
                        crate::heap::return_free_pages();
                        let _ = index.trigram_filter();
                        // Last, the index cache for the next open (through a temporary file: a
                        // write cut short by quitting leaves no cache behind).
                        if let Some(cache) = loaded.cache {
                            let _ = cache.write(&index);
                        }
                    }
                    Err(e) => {
                        let _ = tx.send(Event::Worker(Action::LoadFailed(e.to_string())));
                    }
                }
            })
            .ok();
    }

    /// Hands the app's requests to the workers.
    pub(super) fn run(&self, effect: Effect) {
        match effect {
            Effect::Search { generation, text, reviews, index } => {
                self.search.submit((generation, text, reviews, index))
            }
            Effect::Ratings { generation, index, battles, method, style, dedup, split, full } => {
                let slot = if full { &self.baseline } else { &self.ratings };
                slot.submit((generation, index, battles, PaneOptions { method, style, dedup, split }, full));
            }
            Effect::Review(job) => {
                let _ = self.reviews.send(job);
            }
            Effect::Export(job) => {
                let tx = self.tx.clone();
                thread::Builder::new()
                    .name("export".into())
                    .spawn(move || {
                        let _ = tx.send(Event::Worker(Action::Exported(run_export(&job))));
                    })
                    .ok();
            }
        }
    }

    fn spawn_search(&self) {
        let (tx, slot) = (self.tx.clone(), self.search.clone());
        thread::Builder::new()
            .name("search".into())
            .spawn(move || {
                loop {
                    let ((generation, text, reviews, index), cancel) = slot.take();
                    if let Some(result) = run_search(&index, generation, &text, reviews.as_ref(), &cancel)
                        && tx.send(Event::Worker(Action::SearchDone(result))).is_err()
                    {
                        break;
                    }
                }
            })
            .ok();
    }

    /// The review worker: jobs in order; while a store is open and no job comes, a look for
    /// other processes' changes every [`REVIEW_RELOAD`] (one `stat` when there are none).
    fn spawn_reviews(&self, jobs: Receiver<ReviewJob>) {
        let tx = self.tx.clone();
        thread::Builder::new()
            .name("reviews".into())
            .spawn(move || {
                let mut open: Option<SharedStore> = None;
                loop {
                    let job = match &open {
                        Some(_) => match jobs.recv_timeout(REVIEW_RELOAD) {
                            Ok(job) => Some(job),
                            Err(RecvTimeoutError::Timeout) => None,
                            Err(RecvTimeoutError::Disconnected) => break,
                        },
                        None => match jobs.recv() {
                            Ok(job) => Some(job),
                            Err(_) => break,
                        },
                    };
                    let action = match job {
                        Some(job) => Some(review_jobs::run(job)),
                        None => open.as_deref().and_then(review_jobs::reload),
                    };
                    if let Some(Action::ReviewsOpened(Ok(opened))) = &action {
                        open = Some(opened.store.clone());
                    }
                    if let Some(action) = action
                        && tx.send(Event::Worker(action)).is_err()
                    {
                        break;
                    }
                }
            })
            .ok();
    }

    fn spawn_ratings(&self, slot: Arc<Slot<RatingsJob>>) {
        let tx = self.tx.clone();
        thread::Builder::new()
            .name("ratings".into())
            .spawn(move || {
                loop {
                    let ((generation, index, battles, options, full), cancel) = slot.take();
                    let send = |snapshot: RatingsSnapshot, finished: bool| {
                        let result = RatingsResult { generation, full, snapshot, finished };
                        let _ = tx.send(Event::Worker(Action::RatingsDone(Box::new(result))));
                    };
                    run_rating_pane(&index, &battles, &options, &cancel, send);
                }
            })
            .ok();
    }
}

/// Waits, `at_most`, until nothing holds `index`: the app drops a snapshot as it takes the
/// whole data, and a search over it stops soon after (the app sends a new one).
fn wait_until_dropped(index: &Weak<Index>, at_most: Duration) {
    let start = Instant::now();
    while index.strong_count() > 0 && start.elapsed() < at_most {
        thread::sleep(Duration::from_millis(2));
    }
}

/// Lowers the calling thread's priority (nice 10), and with it that of the threads it starts
/// (the decoding workers): while the file loads on every core, a keypress is drawn at once.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority takes plain integers and touches no memory; on Linux, PRIO_PROCESS
    // with who = 0 sets the nice value of the calling thread only (see setpriority(2), NOTES).
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 10);
    }
}

/// Evaluates one query; `None` if it was cancelled.
pub(super) fn run_search(
    index: &Index,
    generation: u64,
    text: &str,
    reviews: &dyn ReviewLookup,
    cancel: &AtomicBool,
) -> Option<SearchResult> {
    let start = Instant::now();
    let outcome = query_eval::evaluate(index, text, reviews, cancel)?;
    Some(SearchResult { generation, outcome, took: start.elapsed() })
}

/// Computes the rating pane's content for a set of battles, handing each stage to `send` as
/// soon as it is ready: the table with quick intervals (sandwich for Bradley-Terry) and the
/// win-fraction matrix; then the ratings over time; then, last and slowest, the table with
/// bootstrap intervals (`finished`). A set `cancel` stops it between stages and inside the
/// bootstrap. With `options`: the table style-controlled when asked (Bradley-Terry only:
/// sandwich intervals first, then the bootstrap of the style fit), over the battles
/// deduplication keeps when asked, and the side-by-side table as the second stage when asked.
pub(super) fn run_rating_pane(
    index: &Index,
    battles: &[BattleId],
    options: &PaneOptions,
    cancel: &AtomicBool,
    mut send: impl FnMut(RatingsSnapshot, bool),
) {
    let cancelled = || cancel.load(Ordering::Relaxed);
    let deduped: Vec<BattleId>;
    let (battles, dedup_dropped) = if options.dedup {
        deduped = battles.iter().copied().filter(|&b| index.dedup_kept(b)).collect();
        (deduped.as_slice(), Some(battles.len() - deduped.len()))
    } else {
        (battles, None)
    };
    let method = options.method;
    let style = options.style && method == Method::BradleyTerry;
    let subset = SubsetOptions::default();
    let counts = PairCounts::aggregate(index, battles, &subset);
    let quick_intervals = match method {
        Method::BradleyTerry => Intervals::Sandwich,
        Method::OnlineElo => Intervals::None,
    };
    let quick = RatingOptions { method, intervals: quick_intervals, subset, anchor: None };
    let boot = RatingOptions {
        intervals: Intervals::Bootstrap { rounds: rating::DEFAULT_ROUNDS, seed: rating::DEFAULT_SEED },
        ..quick
    };
    // The quick table, with the matrix.
    let (mut snapshot, table) = if style {
        let Ok(t) = rating::rate_style(index, battles, &counts, &quick, cancel) else { return };
        let matrix = win_matrix(&counts, &t.plain);
        (style_snapshot(&t, matrix), None)
    } else {
        let Ok(t) = rate_counts(index, battles, &counts, &quick, cancel) else { return };
        let matrix = win_matrix(&counts, &t);
        (ratings_snapshot(&t, matrix, Vec::new()), Some(t))
    };
    snapshot.dedup_dropped = dedup_dropped;
    if cancelled() {
        return;
    }
    send(snapshot.clone(), false);
    if let Some(split) = options.split {
        let split_opts = RatingOptions { method: Method::BradleyTerry, intervals: Intervals::Sandwich, ..quick };
        let Ok(t) = rating::split::rate_split(index, battles, split, style, &split_opts, cancel) else { return };
        snapshot.split = Some(split_snapshot(&t));
        if cancelled() {
            return;
        }
        send(snapshot.clone(), false);
    }
    if let Some(table) = &table {
        let history = match method {
            Method::BradleyTerry => bt_history(index, battles, &subset),
            Method::OnlineElo => elo_history(index, battles, &subset),
        };
        snapshot.over_time = over_time(table, &history);
        if cancelled() {
            return;
        }
        send(snapshot.clone(), false);
    }
    let last = if style {
        let Ok(t) = rating::rate_style(index, battles, &counts, &boot, cancel) else { return };
        style_snapshot(&t, snapshot.matrix.clone())
    } else {
        let Ok(t) = rate_counts(index, battles, &counts, &boot, cancel) else { return };
        ratings_snapshot(&t, snapshot.matrix.clone(), snapshot.over_time.clone())
    };
    if !cancelled() {
        send(RatingsSnapshot { split: snapshot.split, dedup_dropped, ..last }, true);
    }
}

/// The rating pane's snapshot of a side-by-side table.
pub(super) fn split_snapshot(t: &rating::split::SplitTable) -> SplitSnapshot {
    SplitSnapshot {
        split: t.split,
        columns: t
            .columns
            .iter()
            .map(|c| SplitColumnHead { label: c.label.clone(), query: c.query.clone(), battles: c.battles })
            .collect(),
        models: t.models.clone(),
        cells: t
            .models
            .iter()
            .map(|&m| t.columns.iter().map(|c| c.cell(m).map(|x| (x.rank_ub as usize, x.rating))).collect())
            .collect(),
        left_out: t.left_out.clone(),
    }
}

/// The rating pane's snapshot of a style-controlled table: rows by style-controlled rating,
/// each with its plain rank, and the coefficients in points.
pub(super) fn style_snapshot(table: &rating::StyleTable, matrix: WinMatrix) -> RatingsSnapshot {
    let rows = table
        .rows
        .iter()
        .map(|r| RatingRow {
            model: r.model,
            rating: r.rating,
            interval: r.lower.zip(r.upper),
            rank: r.rank_ub as usize,
            battles: r.battles as usize,
            win_rate: r.win_rate,
        })
        .collect();
    let coefficients = table.coefficients.map(|c| {
        let bounds = c.lower.zip(c.upper).map(|(l, u)| (l * rating::POINTS_PER_LOGIT, u * rating::POINTS_PER_LOGIT));
        (c.feature.name(), c.points(), bounds)
    });
    RatingsSnapshot {
        method: Method::BradleyTerry,
        battles: table.battles,
        rows,
        bootstrapped: matches!(table.intervals, Intervals::Bootstrap { .. }),
        notes: table.problems.clone(),
        matrix,
        over_time: Vec::new(),
        split: None,
        dedup_dropped: None,
        style: Some(StyleSummary {
            plain_rank: table.rows.iter().map(|r| (r.model, r.plain_rank_ub as usize)).collect(),
            coefficients,
        }),
    }
}

/// The rating pane's snapshot of a rating table.
pub(super) fn ratings_snapshot(
    table: &RatingTable,
    matrix: WinMatrix,
    over_time: Vec<(ModelId, Vec<Option<f64>>)>,
) -> RatingsSnapshot {
    let rows = table
        .rows
        .iter()
        .map(|r| RatingRow {
            model: r.model,
            rating: r.rating,
            interval: r.lower.zip(r.upper),
            rank: r.rank_ub as usize,
            battles: r.battles as usize,
            win_rate: r.win_rate,
        })
        .collect();
    RatingsSnapshot {
        method: table.method,
        battles: table.battles,
        rows,
        bootstrapped: matches!(table.intervals, Intervals::Bootstrap { .. }),
        notes: table.problems.clone(),
        matrix,
        over_time,
        style: None,
        split: None,
        dedup_dropped: None,
    }
}

/// Win fractions and decisive-battle counts in the table's order.
fn win_matrix(counts: &PairCounts, table: &RatingTable) -> WinMatrix {
    let wins = PairMatrix::new(counts, table, MatrixKind::WinFraction);
    let decisive = PairMatrix::new(counts, table, MatrixKind::Decisive);
    WinMatrix {
        models: wins.models.clone(),
        fraction: wins.cells,
        decisive: decisive.cells.iter().map(|c| c.map_or(0, |n| n as u32)).collect(),
    }
}

/// Each rated model's daily series, in the table's order.
fn over_time(table: &RatingTable, history: &RatingHistory) -> Vec<(ModelId, Vec<Option<f64>>)> {
    table.rows.iter().filter_map(|r| Some((r.model, history.series_of(r.model)?.to_vec()))).collect()
}
