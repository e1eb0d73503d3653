//! Loading: every real form of the Arena data (parquet, JSON array, JSON Lines, gzip, folders
//! of shards, the Hugging Face cache, the embedded sample) into one [`Index`].
//!
//! Files are decoded in pieces (row groups, blocks of lines) on all cores and appended in
//! order. Bad rows become [`Problem`]s naming the file, line or row, and field; a file that
//! cannot be read at all is a [`LoadError`].

mod arrow_tags;
pub mod cache;
pub mod columns;
mod csv;
pub mod discover;
pub mod json;
pub mod parquet;
mod pipeline;
mod release;
mod row;
mod search_arena;

use std::fmt;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::index::{BattleId, BattleTable, DatasetInfo, Index};
use crate::model::Release;

/// The 55k Kaggle CSV's columns in its order, which its export writes too.
pub(crate) use csv::COLUMNS as KAGGLE_COLUMNS;
pub use discover::{DataSource, SAMPLE_NOTICE};

/// How many problems a load keeps for display (the count covers all of them).
pub const PROBLEMS_KEPT: usize = 100;

/// Load progress: bytes of input consumed so far out of the total.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
}

impl Progress {
    /// Whole percent done (100 for an empty total).
    pub fn percent(&self) -> u64 {
        (self.done.min(self.total) * 100).checked_div(self.total).unwrap_or(100)
    }
}

#[derive(Default, Clone, Copy)]
pub struct LoadOptions<'a> {
    /// Stop at the first bad row instead of skipping it.
    pub strict: bool,
    /// Called from the loading thread as input is consumed.
    pub progress: Option<&'a (dyn Fn(Progress) + Sync)>,
    /// Use the index cache (see [`cache`]): [`load`] reads it when it matches the inputs'
    /// bytes and writes it after a cold load. Off by default; the CLI and browser turn it on
    /// unless `--no-cache`.
    pub cache: bool,
    /// The optional fields to decode (all by default).
    pub fields: Fields,
    /// Called from the loading thread with the battles loaded so far (see [`Snapshot`]).
    pub snapshot: Option<&'a (dyn Fn(Snapshot) + Sync)>,
}

/// The optional fields of a battle a load decodes. A field left out is not read from a
/// parquet file at all (its pages are not even fetched) and is unknown in every battle; the
/// other forms are parsed whole anyway and keep everything. What decides whether a row is
/// valid (its id, models, winner, conversations, turn and time) is always decoded, so the same
/// rows are skipped, and counted, whatever is left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fields {
    pub judge: bool,
    pub anony: bool,
    /// The language, and Search Arena's `languages` it falls back on.
    pub language: bool,
    pub moderation: bool,
    pub toxic: bool,
    /// The later releases' tags: `conv_metadata`, `category_tag`, `is_code`, `is_refusal`,
    /// `dedup_tag`.
    pub tags: bool,
    /// Every column no field holds (Search Arena's per-side metadata is read either way: its
    /// battle ids come from there).
    pub extra: bool,
}

impl Fields {
    pub const ALL: Fields =
        Fields { judge: true, anony: true, language: true, moderation: true, toxic: true, tags: true, extra: true };
    /// Only what every load decodes.
    pub const NONE: Fields = Fields {
        judge: false,
        anony: false,
        language: false,
        moderation: false,
        toxic: false,
        tags: false,
        extra: false,
    };
}

impl Default for Fields {
    fn default() -> Fields {
        Fields::ALL
    }
}

/// The battles a load in progress has so far, in file order: after the first piece, then
/// whenever their number has doubled, or grown by half and [`SNAPSHOT_EVERY`] has passed,
/// until the input is all read (the whole index comes next). The columns are copied (so the
/// copies add up to a few times the final columns, never more) and the text is shared with
/// the load, not copied.
#[derive(Debug)]
pub struct Snapshot {
    pub index: Index,
    pub report: LoadReport,
    pub progress: Progress,
}

/// How often a load may hand over a snapshot that has not doubled the last one.
pub const SNAPSHOT_EVERY: Duration = Duration::from_millis(250);

/// When the next snapshot is due.
#[derive(Debug, Default)]
struct SnapshotPacing {
    /// Battles in the last snapshot, and when it was taken.
    last: Option<(usize, Instant)>,
}

impl SnapshotPacing {
    fn due(&self, rows: usize, progress: Progress) -> bool {
        // Once the input is all read, the whole index follows at once: a copy of it now would
        // only sit beside it (at x4, a snapshot of every battle was taken just before).
        if progress.total > 0 && progress.done >= progress.total {
            return false;
        }
        match self.last {
            None => rows > 0,
            Some((last, at)) => rows >= 2 * last || (rows >= last + last / 2 && at.elapsed() >= SNAPSHOT_EVERY),
        }
    }
}

/// Where in a file a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// 1-based line of a JSON Lines file.
    Line(u64),
    /// 0-based row of a parquet file or element of a JSON array.
    Row(u64),
}

/// One bad row: it was skipped, or kept with the bad part unknown (see [`LoadReport`]); with
/// `--strict` either stops the load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub location: Location,
    pub field: String,
    pub reason: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.location {
            Location::Line(n) => write!(f, "{}:{}: {}: {}", self.file, n, self.field, self.reason),
            Location::Row(n) => write!(f, "{}: row {}: {}: {}", self.file, n, self.field, self.reason),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file cannot be read at all.
    #[error("{file}: {reason}")]
    Unreadable { file: String, reason: String },
    /// `--strict` and a bad row.
    #[error("{0}")]
    Strict(Problem),
    /// The caller of [`scan`] asked to stop (its reader went away).
    #[error("stopped before the end of the data")]
    Stopped,
}

impl LoadError {
    pub fn unreadable(file: &Path, reason: impl Into<String>) -> LoadError {
        LoadError::Unreadable { file: file.display().to_string(), reason: reason.into() }
    }
}

/// What a load did besides building the index.
#[derive(Debug, Clone, Default)]
pub struct LoadReport {
    pub rows: usize,
    pub skipped: usize,
    /// The first [`PROBLEMS_KEPT`] problems of skipped rows, in file order.
    pub problems: Vec<Problem>,
    /// Rows loaded with a part set to unknown (a timestamp out of range).
    pub kept: usize,
    /// The first [`PROBLEMS_KEPT`] problems of kept rows, in file order.
    pub kept_problems: Vec<Problem>,
    pub seconds: f64,
    /// About the files rather than rows: links that loop (skipped), files named twice (read
    /// once).
    pub warnings: Vec<String>,
}

impl LoadReport {
    /// The skipped rows, and the rows kept with a value set to unknown, in words for stderr:
    /// for each kind a count line, then its first `at_most` problems indented, one per line
    /// (unsanitized: the caller passes each line through `sanitize_line`). `None` when every
    /// row loaded whole.
    pub fn skipped_summary(&self, at_most: usize) -> Option<Vec<String>> {
        let which = |n: usize| if n > at_most { format!("the first {at_most}") } else { "problems".to_owned() };
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        let mut lines = Vec::new();
        if self.skipped > 0 {
            let (n, rows) = (self.skipped, self.rows);
            lines.push(format!("skipped {n} bad row{} ({rows} loaded); {}:", plural(n), which(n)));
            lines.extend(self.problems.iter().take(at_most).map(|p| format!("  {p}")));
        }
        if self.kept > 0 {
            let n = self.kept;
            lines.push(format!("kept {n} row{} with a value set to unknown; {}:", plural(n), which(n)));
            lines.extend(self.kept_problems.iter().take(at_most).map(|p| format!("  {p}")));
        }
        (!lines.is_empty()).then_some(lines)
    }

    fn add_problems(&mut self, problems: Vec<Problem>, kept: Vec<Problem>) {
        self.skipped += problems.len();
        self.kept += kept.len();
        for (list, new) in [(&mut self.problems, problems), (&mut self.kept_problems, kept)] {
            let room = PROBLEMS_KEPT.saturating_sub(list.len());
            list.extend(new.into_iter().take(room));
        }
    }
}

pub struct Loaded {
    pub index: Index,
    pub report: LoadReport,
    /// After a cold load of inputs worth caching: the cache to write once the caller has
    /// shown the index (writing takes a while, and nothing shown should wait for it).
    pub cache: Option<cache::CacheWrite>,
}

impl Loaded {
    /// Writes the index cache if this load calls for one (best effort: a cache that cannot be
    /// written only means that the next load is cold).
    pub fn write_cache(&self) {
        if let Some(c) = &self.cache {
            let _ = c.write(&self.index);
        }
    }
}

/// One decoded piece of a file: its rows in index layout, the rows it had to skip, and the
/// rows it kept with a part unknown.
pub(crate) struct Piece {
    pub table: BattleTable,
    pub problems: Vec<Problem>,
    pub kept: Vec<Problem>,
    /// The release its rows were recognised as, where the piece decides it (JSON).
    pub release: Option<Release>,
}

/// What [`scan`] runs on each decoded piece, on the thread that decoded it: the matching
/// battles of an index of that piece alone.
pub type PieceScan<'a> = &'a (dyn Fn(&Index) -> Vec<BattleId> + Sync);

/// What [`scan`] hands each scanned piece to, in file order: the piece's index, its matches
/// (ids within the piece) and how many battles came before it.
pub type PieceTake<'a> = &'a mut dyn FnMut(&Index, &[BattleId], usize) -> ControlFlow<()>;

/// A piece turned into an index of its own and scanned where it was decoded.
pub(crate) struct ScannedPiece {
    index: Index,
    matches: Vec<BattleId>,
}

/// Scans a piece's table with `scan` (on the calling thread): it becomes an index of its own.
pub(crate) fn scan_piece(table: BattleTable, scan: PieceScan<'_>) -> ScannedPiece {
    let index = Index::from_table(table, DatasetInfo::default());
    let matches = scan(&index);
    ScannedPiece { index, matches }
}

/// Accumulates pieces in file order into one table (or, for [`scan`], hands each on) and one
/// report.
pub(crate) struct Sink<'a> {
    pub table: BattleTable,
    /// Battles added so far (appended or handed on).
    rows: usize,
    /// Set for [`scan`]: pieces are scanned where decoded and handed on, never appended.
    scan: Option<(PieceScan<'a>, PieceTake<'a>)>,
    pub report: LoadReport,
    strict: bool,
    progress: Option<&'a (dyn Fn(Progress) + Sync)>,
    /// The optional fields to decode.
    pub fields: Fields,
    done: u64,
    total: u64,
    /// Bytes of all files before the current one.
    file_base: u64,
    /// The release each file was recognised as.
    pub releases: Vec<Release>,
    snapshot: Option<&'a (dyn Fn(Snapshot) + Sync)>,
    pacing: SnapshotPacing,
    /// Set when a cache read races this load: it stops once the cache is being read (after
    /// its first snapshot, so that the browser has battles to show meanwhile).
    race: Option<&'a cache::Race>,
    /// What snapshots say about the data (name, paths), set once the source is resolved.
    info: DatasetInfo,
    /// Test builds: a pause after each piece (`ARENASCOPE_TEST_PIECE_DELAY_MS`), so that a
    /// test can act while a small file is still loading.
    #[cfg(feature = "testkit")]
    piece_delay: Option<Duration>,
}

impl<'a> Sink<'a> {
    fn new(
        opts: &LoadOptions<'a>,
        total: u64,
        scan: Option<(PieceScan<'a>, PieceTake<'a>)>,
        race: Option<&'a cache::Race>,
    ) -> Sink<'a> {
        Sink {
            table: BattleTable::new(),
            rows: 0,
            scan,
            report: LoadReport::default(),
            strict: opts.strict,
            progress: opts.progress,
            fields: opts.fields,
            done: 0,
            total,
            file_base: 0,
            releases: Vec::new(),
            snapshot: opts.snapshot,
            pacing: SnapshotPacing::default(),
            race,
            info: DatasetInfo::default(),
            #[cfg(feature = "testkit")]
            piece_delay: std::env::var("ARENASCOPE_TEST_PIECE_DELAY_MS")
                .ok()
                .and_then(|ms| ms.parse().ok())
                .map(Duration::from_millis),
        }
    }

    /// Hands the battles so far to the snapshot hook, if one is due.
    fn maybe_snapshot(&mut self) {
        let Some(hook) = self.snapshot else { return };
        let progress = Progress { done: self.done, total: self.total };
        if self.scan.is_some() || !self.pacing.due(self.rows, progress) {
            return;
        }
        let info = DatasetInfo { bytes: self.done, release: one_release(&self.releases), ..self.info.clone() };
        let index = Index::from_snapshot(self.table.snapshot(), info);
        let report = LoadReport { rows: self.rows, ..self.report.clone() };
        hook(Snapshot { index, report, progress });
        self.pacing.last = Some((self.rows, Instant::now()));
        if let Some(race) = self.race {
            race.first_snapshot_given();
        }
    }

    /// The scan to run on each piece where it is decoded, if this sink hands pieces on.
    pub fn scanner(&self) -> Option<PieceScan<'a>> {
        self.scan.as_ref().map(|(scan, _)| *scan)
    }

    pub fn add(&mut self, piece: Piece) -> Result<(), LoadError> {
        self.add_scanned(piece, None)
    }

    /// Adds a piece that [`Sink::scanner`] may have scanned already (else it is scanned here).
    pub fn add_scanned(&mut self, piece: Piece, scanned: Option<ScannedPiece>) -> Result<(), LoadError> {
        if let Some(race) = self.race
            && self.pacing.last.is_some()
        {
            race.wait_until_decided();
            if race.cache_won() {
                return Err(LoadError::Stopped);
            }
        }
        if self.strict {
            // The first problem in file order, whether its row was skipped or kept.
            let first = piece.problems.into_iter().chain(piece.kept).min_by_key(|p| match p.location {
                Location::Line(n) | Location::Row(n) => n,
            });
            if let Some(first) = first {
                return Err(LoadError::Strict(first));
            }
        } else {
            self.report.add_problems(piece.problems, piece.kept);
        }
        if let Some(r) = piece.release
            && self.releases.last() != Some(&r)
        {
            self.releases.push(r);
        }
        match &mut self.scan {
            None => {
                self.rows += piece.table.len();
                self.table.append(piece.table);
            }
            Some((scan, take)) => {
                let scanned = scanned.unwrap_or_else(|| scan_piece(piece.table, *scan));
                let before = self.rows;
                self.rows += scanned.index.len();
                if take(&scanned.index, &scanned.matches, before).is_break() {
                    return Err(LoadError::Stopped);
                }
            }
        }
        #[cfg(feature = "testkit")]
        if let Some(pause) = self.piece_delay {
            std::thread::sleep(pause);
        }
        Ok(())
    }

    /// Reports that `bytes` of the current file have been consumed.
    /// Reports that `bytes` of the current file have been consumed (after the pieces that
    /// consumed them are added: a snapshot, when due, goes with it).
    pub fn file_progress(&mut self, bytes: u64) {
        let done = (self.file_base + bytes).min(self.total);
        if done > self.done {
            self.done = done;
            if let Some(p) = self.progress {
                p(Progress { done, total: self.total });
            }
        }
        self.maybe_snapshot();
    }
}

/// Loads a data source: paths given by the user, or the default (Hugging Face cache, else
/// the embedded sample).
///
/// With the cache on, the inputs are hashed to find their cache. With a snapshot hook (the
/// browser) the cold load starts at once and the hash runs beside it; when a cache for the
/// bytes exists, it is read and the cold load stops after its first snapshot, so that battles
/// are shown while the cache is read. Without one, the hash goes first. After a cold load,
/// [`Loaded::cache`] says where to write the cache: the caller writes it when it has shown
/// what it needs to.
pub fn load(source: &DataSource, opts: LoadOptions<'_>) -> Result<Loaded, LoadError> {
    let start = Instant::now();
    let resolved = source.resolve()?;
    if !opts.cache || !cache::worth_caching(&resolved) {
        let (sink, info) = read(&resolved, &opts, None, None)?;
        return Ok(finish(sink, info, start, None));
    }
    let total: u64 = resolved.files.iter().map(|f| f.size()).sum();
    // Both the cold load and the cache read report progress: the bar only moves forward.
    let shown = std::sync::atomic::AtomicU64::new(0);
    let forward = |p: Progress| {
        if shown.fetch_max(p.done, std::sync::atomic::Ordering::Relaxed) <= p.done
            && let Some(report) = opts.progress
        {
            report(p);
        }
    };
    let opts = LoadOptions { progress: Some(&forward), ..opts };
    let race = cache::Race::default();
    let cache_read = |read: u64, len: u64| {
        let done = (u128::from(total) * u128::from(read) / u128::from(len.max(1))) as u64;
        forward(Progress { done: done.min(total), total });
    };
    let lookup = || cache::lookup(&resolved, opts.strict, opts.fields, &race, &cache_read);
    let (cold, found) = if opts.snapshot.is_none() {
        // Nothing to show while loading (the CLI): the hash goes first, so that a hit only
        // reads the cache (a cold load beside it costs a hit a fifth more time and memory).
        let found = lookup();
        let cold = match found {
            cache::Lookup::Hit(..) => Err(LoadError::Stopped),
            _ => read(&resolved, &opts, None, None),
        };
        (cold, found)
    } else {
        std::thread::scope(|s| {
            // The hash waits for the first snapshot: until the first battles are on screen, the
            // decode has both cores.
            let after_first_snapshot = || {
                let _decided = race.decided_on_drop();
                race.wait_for_first_snapshot();
                lookup()
            };
            let handle = std::thread::Builder::new().name("cache".into()).spawn_scoped(s, after_first_snapshot);
            let cold = {
                // Wakes the hash even if the decode panics: the scope waits for its thread.
                let _wake = race.wake_on_drop();
                read(&resolved, &opts, None, Some(&race))
            };
            if matches!(cold, Err(LoadError::Stopped)) {
                // The decode's buffers, freed on its threads, go back to the system before the
                // cache's columns and text fill the memory.
                crate::heap::return_free_pages();
            } else {
                race.cold_finished();
            }
            let found = match handle {
                Ok(handle) => handle.join().unwrap_or(cache::Lookup::Off),
                Err(_) => cache::Lookup::Off,
            };
            (cold, found)
        })
    };
    let write_to = match found {
        cache::Lookup::Hit(mut index, mut report) => {
            // What the paths given (not the bytes) decide is taken from this call.
            index.info.name = resolved.name.clone();
            report.warnings = resolved.warnings.clone();
            forward(Progress { done: total, total });
            report.seconds = start.elapsed().as_secs_f64();
            return Ok(Loaded { index: *index, report, cache: None });
        }
        cache::Lookup::Miss(path) => Some(path),
        cache::Lookup::Off | cache::Lookup::Present => None,
    };
    let (sink, info) = match cold {
        // Stopped for a cache that then failed its checks: load cold after all.
        Err(LoadError::Stopped) => read(&resolved, &opts, None, None)?,
        cold => cold?,
    };
    Ok(finish(sink, info, start, write_to))
}

/// The index and report of a cold load, and the cache it calls for.
fn finish(sink: Sink<'_>, info: DatasetInfo, start: Instant, cache_path: Option<PathBuf>) -> Loaded {
    let mut report = sink.report;
    let index = Index::from_table(sink.table, info);
    report.seconds = start.elapsed().as_secs_f64();
    let cache = cache_path.map(|path| cache::CacheWrite::new(path, &report));
    Loaded { index, report, cache }
}

/// What [`scan`] read: the battles' number and the load's report; no index is kept.
#[derive(Debug)]
pub struct Scanned {
    pub rows: usize,
    pub report: LoadReport,
    pub info: DatasetInfo,
}

/// Reads a data source as [`load`] does, but keeps nothing: each decoded piece becomes an
/// index of its own, `scan` runs over it on the thread that decoded it (the pieces of one
/// file decode on all cores), and `take` gets it with its matches in file order as soon as
/// the pieces before it are taken. `take` returning `Break` stops the load
/// ([`LoadError::Stopped`]). Only what can be decided battle by battle can be scanned this
/// way: ids that count repeats (`question_id#2`) need the battles before the piece.
pub fn scan(
    source: &DataSource,
    opts: LoadOptions<'_>,
    scan: PieceScan<'_>,
    take: PieceTake<'_>,
) -> Result<Scanned, LoadError> {
    let start = Instant::now();
    let (sink, info) = read(&source.resolve()?, &opts, Some((scan, take)), None)?;
    let mut report = sink.report;
    report.seconds = start.elapsed().as_secs_f64();
    Ok(Scanned { rows: sink.rows, report, info })
}

/// Reads every file of `source` into a sink (appending, or scanning with `scan`).
fn read<'a>(
    resolved: &discover::Resolved,
    opts: &LoadOptions<'a>,
    scan: Option<(PieceScan<'a>, PieceTake<'a>)>,
    race: Option<&'a cache::Race>,
) -> Result<(Sink<'a>, DatasetInfo), LoadError> {
    let files = &resolved.files;
    let total: u64 = files.iter().map(|f| f.size()).sum();
    let mut bytes = 0;
    let mut sink = Sink::new(opts, total, scan, race);
    sink.info = DatasetInfo {
        name: resolved.name.clone(),
        paths: files.iter().filter_map(|f| f.path().map(Path::to_path_buf)).collect(),
        is_sample: resolved.is_sample,
        ..DatasetInfo::default()
    };
    for file in files {
        let rows_before = sink.rows;
        let skipped_before = sink.report.skipped;
        bytes += file.load_into(&mut sink)?;
        sink.file_base += file.size();
        sink.file_progress(0);
        let rows = sink.rows - rows_before;
        let skipped = sink.report.skipped - skipped_before;
        if rows == 0 {
            return Err(no_rows_error(&file.display_name(), skipped, &sink.report));
        }
    }
    sink.report.rows = sink.rows;
    sink.report.warnings = resolved.warnings.clone();
    let info = DatasetInfo {
        name: resolved.name.clone(),
        paths: files.iter().filter_map(|f| f.path().map(Path::to_path_buf)).collect(),
        bytes,
        is_sample: resolved.is_sample,
        release: one_release(&sink.releases),
    };
    Ok((sink, info))
}

/// Loads the given paths (files or folders); none means the default data.
pub fn load_paths(paths: &[PathBuf], opts: LoadOptions<'_>) -> Result<Loaded, LoadError> {
    load(&DataSource::from_paths(paths), opts)
}

/// The release all files were recognised as; `None` for a mix.
fn one_release(releases: &[Release]) -> Option<Release> {
    let first = *releases.first()?;
    releases.iter().all(|r| *r == first).then_some(first)
}

fn no_rows_error(file: &str, skipped: usize, report: &LoadReport) -> LoadError {
    let reason = if skipped == 0 {
        "empty file: no battles in it".to_owned()
    } else {
        let first = report
            .problems
            .iter()
            .find(|p| p.file == file)
            .map(|p| match p.location {
                Location::Line(n) => format!("line {n}: {}: {}", p.field, p.reason),
                Location::Row(n) => format!("row {n}: {}: {}", p.field, p.reason),
            })
            .unwrap_or_default();
        format!("no valid battles ({skipped} bad rows; first: {first})")
    };
    LoadError::Unreadable { file: file.to_owned(), reason }
}

/// The forms a file can take, recognised by its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Parquet,
    Gzip,
    Json,
}

fn sniff(head: &[u8]) -> Option<Format> {
    if head.starts_with(b"PAR1") {
        Some(Format::Parquet)
    } else if head.starts_with(&[0x1f, 0x8b]) {
        Some(Format::Gzip)
    } else {
        let rest = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        match rest.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'[' | b'{') | None => Some(Format::Json),
            Some(_) => None,
        }
    }
}

fn load_file(path: &Path, sink: &mut Sink<'_>) -> Result<(), LoadError> {
    use std::sync::Arc;
    use std::sync::atomic::AtomicU64;
    let open = || std::fs::File::open(path).map_err(|e| LoadError::unreadable(path, discover::io_reason(&e)));
    let mut file = open()?;
    let mut head = [0u8; 64];
    let n = read_up_to(&mut file, &mut head).map_err(|e| LoadError::unreadable(path, e.to_string()))?;
    let head = &head[..n];
    let name = path.display().to_string();
    let consumed = Arc::new(AtomicU64::new(0));
    let counted = pipeline::CountingReader::new(open()?, consumed.clone());
    match sniff(head) {
        _ if head.is_empty() => Err(LoadError::unreadable(path, "empty file")),
        Some(Format::Parquet) => parquet::load_parquet(path, sink),
        Some(Format::Gzip) => {
            let decoder = flate2::read::MultiGzDecoder::new(counted);
            json::load_reader(Box::new(decoder), &name, consumed, sink)
        }
        Some(Format::Json) => json::load_reader(Box::new(counted), &name, consumed, sink),
        None if csv::looks_like_csv(head) => csv::load_csv(Box::new(counted), &name, consumed, sink),
        None => Err(LoadError::unreadable(
            path,
            format!(
                "not a parquet, JSON, JSON Lines or CSV file (it starts with {:?})",
                String::from_utf8_lossy(&head[..head.len().min(16)])
            ),
        )),
    }
}

/// The release a file's columns say it is, without loading it: the parquet schema, the CSV
/// header, or the first JSON row (for `arenascope datasets`, which checks what the cache holds).
pub fn recognise_file(path: &Path) -> Result<Release, String> {
    use std::io::Read;
    let open = || std::fs::File::open(path).map_err(|e| discover::io_reason(&e));
    let mut head = [0u8; 64];
    let n = read_up_to(&mut open()?, &mut head).map_err(|e| e.to_string())?;
    let head = &head[..n];
    let first_json_row = |reader: Box<dyn Read>| -> Result<Release, String> {
        // The first row of a file of rows is rarely large; a bound keeps a huge one cheap.
        let mut bytes = Vec::new();
        reader.take(16 << 20).read_to_end(&mut bytes).map_err(|e| e.to_string())?;
        let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes).trim_ascii_start();
        // An array's first element is its first row.
        let rows = text.strip_prefix(b"[").unwrap_or(text);
        let mut stream = serde_json::Deserializer::from_slice(rows).into_iter::<serde::de::IgnoredAny>();
        stream.next().ok_or("no rows")?.map_err(|e| format!("first row: invalid JSON: {e}"))?;
        let first = &rows[..stream.byte_offset()];
        let mut table = BattleTable::new();
        let (release, _) =
            row::parse_row_into(first, &mut table).map_err(|e| format!("first row: {}: {}", e.field, e.reason))?;
        Ok(release.unwrap_or(Release::Conversations2023))
    };
    match sniff(head) {
        _ if head.is_empty() => Err("empty file".into()),
        Some(Format::Parquet) => {
            let meta = parquet_meta(&open()?)?;
            parquet::recognise(meta.schema()).map(|plan| plan.release)
        }
        Some(Format::Gzip) => first_json_row(Box::new(flate2::read::MultiGzDecoder::new(open()?))),
        Some(Format::Json) => first_json_row(Box::new(std::io::BufReader::new(open()?))),
        None if csv::looks_like_csv(head) => csv::recognise_header(open()?),
        None => Err("not a parquet, JSON, JSON Lines or CSV file".into()),
    }
}

fn parquet_meta(file: &std::fs::File) -> Result<::parquet::arrow::arrow_reader::ArrowReaderMetadata, String> {
    use ::parquet::arrow::arrow_reader::{ArrowReaderMetadata, ArrowReaderOptions};
    pipeline::catch_quietly(|| ArrowReaderMetadata::load(file, ArrowReaderOptions::new()))
        .map_err(|p| format!("not a readable parquet file: {p}"))?
        .map_err(|e| format!("not a readable parquet file: {e}"))
}

/// Reads `-`: standard input, recognised by content like a file; parquet needs a file (its
/// index is at the end), so it is refused with a word on what to do.
fn load_stdin(sink: &mut Sink<'_>) -> Result<u64, LoadError> {
    use std::io::Read;
    use std::sync::Arc;
    use std::sync::atomic::AtomicU64;
    let name = discover::STDIN_NAME;
    let unreadable = |reason: String| LoadError::Unreadable { file: name.to_owned(), reason };
    let mut stdin = std::io::stdin();
    let mut head = [0u8; 64];
    let n = read_up_to(&mut stdin, &mut head).map_err(|e| unreadable(e.to_string()))?;
    let head = head[..n].to_vec();
    let consumed = Arc::new(AtomicU64::new(0));
    // The sniffed bytes are read again, in front of the rest of the stream.
    let whole = std::io::Cursor::new(head.clone()).chain(stdin);
    let counted = pipeline::CountingReader::new(whole, consumed.clone());
    let read = match sniff(&head) {
        _ if head.is_empty() => Err(unreadable("empty input".into())),
        Some(Format::Parquet) => {
            Err(unreadable("parquet cannot be read from standard input: save it to a file and pass its path".into()))
        }
        Some(Format::Gzip) => {
            let decoder = flate2::read::MultiGzDecoder::new(counted);
            json::load_reader(Box::new(decoder), name, consumed.clone(), sink)
        }
        Some(Format::Json) => json::load_reader(Box::new(counted), name, consumed.clone(), sink),
        None if csv::looks_like_csv(&head) => csv::load_csv(Box::new(counted), name, consumed.clone(), sink),
        None => Err(unreadable(format!(
            "not JSON, JSON Lines or CSV (it starts with {:?})",
            String::from_utf8_lossy(&head[..head.len().min(16)])
        ))),
    };
    read.map(|()| consumed.load(std::sync::atomic::Ordering::Relaxed))
}

fn read_up_to(r: &mut impl std::io::Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match r.read(&mut buf[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

#[cfg(test)]
mod snapshot_tests {
    use super::*;

    const HALF: Progress = Progress { done: 50, total: 100 };

    #[test]
    fn snapshots_come_after_the_first_piece_then_when_the_battles_double_or_grow_by_half_later() {
        let mut pacing = SnapshotPacing::default();
        assert!(!pacing.due(0, HALF), "nothing to show yet");
        assert!(pacing.due(2000, HALF), "the first piece");
        pacing.last = Some((2000, Instant::now()));
        assert!(!pacing.due(3000, HALF) && pacing.due(4000, HALF), "doubled");
        pacing.last = Some((4000, Instant::now() - SNAPSHOT_EVERY));
        assert!(!pacing.due(5000, HALF), "a quarter more is not worth a copy");
        assert!(pacing.due(6000, HALF), "half more, and the time has passed");
    }

    #[test]
    fn no_snapshot_once_the_input_is_all_read() {
        let pacing = SnapshotPacing { last: Some((2000, Instant::now())) };
        assert!(pacing.due(4000, HALF));
        assert!(!pacing.due(4000, Progress { done: 100, total: 100 }), "the whole index comes next");
        assert!(pacing.due(4000, Progress { done: 0, total: 0 }), "standard input: the size is unknown");
    }

    #[test]
    fn a_load_with_a_snapshot_hook_hands_over_prefixes_and_ends_with_every_battle() {
        let dir = tempfile::tempdir().expect("temp dir");
        let rows = crate::fixtures::varied();
        let index = Index::from_battles(&rows, DatasetInfo::default());
        let text: String = index.battle_ids().map(|b| crate::row_json::row_to_json(&index, b) + "\n").collect();
        // Two files of one piece each: a snapshot after the first, none after the last (the
        // whole index comes next).
        let paths = [dir.path().join("a.jsonl"), dir.path().join("b.jsonl")];
        for path in &paths {
            std::fs::write(path, &text).expect("write");
        }
        let seen = std::sync::Mutex::new(Vec::new());
        let hook = |s: Snapshot| seen.lock().expect("lock").push((s.index.len(), s.progress, s.index.info.name));
        let opts = LoadOptions { snapshot: Some(&hook), ..LoadOptions::default() };
        let loaded = load(&DataSource::from_paths(&paths), opts).expect("loads");
        let seen = seen.into_inner().expect("lock");
        assert_eq!(seen.len(), 1, "{seen:?}");
        assert_eq!(seen[0].0, rows.len(), "the first file's battles");
        assert_eq!(seen[0].2, loaded.index.info.name);
        assert_eq!(seen[0].1.done * 2, seen[0].1.total, "half the input read");
        assert_eq!(loaded.index.len(), 2 * rows.len());
    }
}
