//! The index cache: after a cold load of large files, the whole decoded index (and the load's
//! report) is written under the data folder, keyed by a hash of the input files' bytes, their
//! sizes and paths and the load options (strict, the fields decoded); the next load of the same bytes reads it back
//! instead of decoding (4.6x faster at 135K battles, see BENCHMARKS.md). Optional, bounded,
//! and never trusted: a cache that is foreign, cut short or inconsistent is ignored and
//! replaced.

use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::SystemTime;

use crate::index::Index;
use crate::index::cache::{SectionReader, SectionWriter, Sum, bad};

use super::discover::{InputFile, Resolved};
use super::{Fields, LoadReport, Location, Problem};

const MAGIC: &[u8; 8] = b"ASCIDX\0\x01";
/// Bumped whenever the layout written by `Index::write_cache` changes.
const FORMAT_VERSION: u32 = 1;
/// Inputs smaller than this load cold in well under a second: not cached.
const DEFAULT_MIN_INPUT: u64 = 16 << 20;
/// The cache folder's size cap; the least recently used caches go first.
const DEFAULT_CAP: u64 = 2 << 30;
/// Turns the cache off (as `--no-cache` does) when set to anything but empty or `0`.
pub const NO_CACHE_VAR: &str = "ARENASCOPE_NO_CACHE";
/// The folder's size cap in bytes (default 2 GiB).
pub const CAP_VAR: &str = "ARENASCOPE_CACHE_MAX_BYTES";
/// The smallest input that is cached, in bytes (default 16 MiB).
pub const MIN_INPUT_VAR: &str = "ARENASCOPE_CACHE_MIN_BYTES";

fn env_u64(var: &str) -> Option<u64> {
    std::env::var(var).ok().and_then(|v| v.trim().parse().ok())
}

/// Whether the environment turns the cache off.
pub fn disabled_by_env() -> bool {
    std::env::var_os(NO_CACHE_VAR).is_some_and(|v| !v.is_empty() && v != "0")
}

/// Where caches live: `index-cache` in the data folder (`$XDG_DATA_HOME/arenascope` on Linux).
pub fn cache_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "arenascope").map(|d| d.data_dir().join("index-cache"))
}

fn cap() -> u64 {
    env_u64(CAP_VAR).unwrap_or(DEFAULT_CAP)
}

/// Whether these inputs are worth caching: files on disk (not the sample, not standard
/// input) of at least the minimum size in all, with the cache not turned off.
pub(crate) fn worth_caching(resolved: &Resolved) -> bool {
    disk_files(resolved).is_some()
}

fn disk_files(resolved: &Resolved) -> Option<Vec<(&PathBuf, u64)>> {
    if disabled_by_env() || resolved.is_sample || resolved.files.is_empty() {
        return None;
    }
    let mut files = Vec::new();
    for f in &resolved.files {
        match f {
            InputFile::Disk { path, size } => files.push((path, *size)),
            _ => return None,
        }
    }
    let total: u64 = files.iter().map(|(_, s)| s).sum();
    if total < env_u64(MIN_INPUT_VAR).unwrap_or(DEFAULT_MIN_INPUT) || cap() == 0 {
        return None;
    }
    Some(files)
}

/// The cache file for these inputs and options, if they are worth caching. Hashing reads
/// every byte (from the page cache when the files were read recently: ~0.1 s per GB), which
/// is why [`crate::load::load`] runs it beside the cold load.
pub fn path_for(resolved: &Resolved, strict: bool, fields: Fields) -> Option<PathBuf> {
    let files = disk_files(resolved)?;
    let mut sum = Sum::default();
    sum.write(env!("CARGO_PKG_VERSION").as_bytes());
    sum.write(&[u8::from(strict)]);
    // A load that leaves fields out builds another index.
    sum.write(format!("{fields:?}").as_bytes());
    let mut buf = vec![0u8; 1 << 20];
    for (path, size) in files {
        // Paths are part of the key: the report and the status bar name them.
        sum.write(path.as_os_str().as_encoded_bytes());
        sum.write(&size.to_le_bytes());
        let mut f = File::open(path).ok()?;
        let mut read = 0u64;
        loop {
            let n = f.read(&mut buf).ok()?;
            if n == 0 {
                break;
            }
            sum.write(&buf[..n]);
            read += n as u64;
        }
        if read != size {
            return None; // changing under us: not cached
        }
    }
    Some(cache_dir()?.join(format!("{:016x}.idx", sum.finish())))
}

/// Who got there first when a cold load and a cache read race (see [`lookup`]).
#[derive(Debug, Default)]
pub(crate) struct Race {
    state: AtomicU8,
    /// Whether the cold load has handed over its first snapshot (or ended), and whether the
    /// hash is known (whether there is a cache to read).
    steps: Mutex<Steps>,
    changed: Condvar,
}

#[derive(Debug, Default)]
struct Steps {
    first_snapshot: bool,
    decided: bool,
}

/// Calls its step on the race when dropped (see [`Race::wake_on_drop`]).
struct OnDrop<'r>(&'r Race, fn(&Race));

impl Drop for OnDrop<'_> {
    fn drop(&mut self) {
        (self.1)(self.0);
    }
}

const RACING: u8 = 0;
/// The cache is being read: the cold load stops (after its first snapshot, if it hands them over).
const CACHE: u8 = 1;
/// The cold load is done: a cache read in progress stops.
const COLD: u8 = 2;

impl Race {
    /// Whether the cache is being read, so that the cold load can stop.
    pub(crate) fn cache_won(&self) -> bool {
        self.state.load(Ordering::Relaxed) == CACHE
    }

    /// The cold load has every battle (or failed): a cache read still running is not needed.
    pub(crate) fn cold_finished(&self) {
        self.state.store(COLD, Ordering::Relaxed);
        self.first_snapshot_given();
    }

    fn step(&self, set: impl FnOnce(&mut Steps)) {
        set(&mut self.steps.lock().unwrap_or_else(|e| e.into_inner()));
        self.changed.notify_all();
    }

    fn wait(&self, until: impl Fn(&Steps) -> bool) {
        let mut steps = self.steps.lock().unwrap_or_else(|e| e.into_inner());
        while !until(&steps) {
            steps = self.changed.wait(steps).unwrap_or_else(|e| e.into_inner());
        }
    }

    pub(crate) fn first_snapshot_given(&self) {
        self.step(|s| s.first_snapshot = true);
    }

    pub(crate) fn wait_for_first_snapshot(&self) {
        self.wait(|s| s.first_snapshot);
    }

    /// The cold load, once its first battles are shown, waits for the hash rather than
    /// decoding beside it: on a hit its pieces would be thrown away, and both cores go to
    /// the hash and then the cache read.
    pub(crate) fn wait_until_decided(&self) {
        self.wait(|s| s.decided);
    }

    fn decided(&self) {
        self.step(|s| s.decided = true);
    }

    /// A guard that says "first snapshot given" when dropped, however the load ends.
    pub(crate) fn wake_on_drop(&self) -> impl Drop + '_ {
        OnDrop(self, Race::first_snapshot_given)
    }

    /// A guard that says "decided" when dropped, however the lookup ends.
    pub(crate) fn decided_on_drop(&self) -> impl Drop + '_ {
        OnDrop(self, Race::decided)
    }

    fn claim_for_cache(&self) -> bool {
        self.state.compare_exchange(RACING, CACHE, Ordering::Relaxed, Ordering::Relaxed).is_ok()
    }

    fn cold_done(&self) -> bool {
        self.state.load(Ordering::Relaxed) == COLD
    }
}

/// What [`lookup`] found.
pub(crate) enum Lookup {
    /// Not cached: turned off, the sample or standard input, inputs too small or unreadable.
    Off,
    /// No usable cache for these bytes: one is written here after the load.
    Miss(PathBuf),
    /// The index and report read from the cache.
    Hit(Box<Index>, LoadReport),
    /// A cache exists but the cold load finished first: nothing to read or write.
    Present,
}

/// Hashes the inputs and, when a cache for them exists and the cold load running beside is
/// not done yet, reads it (the cold load stops when it sees [`Race::cache_won`]). `progress`
/// gets the bytes of the cache read so far and its length.
pub(crate) fn lookup(
    resolved: &Resolved,
    strict: bool,
    fields: Fields,
    race: &Race,
    progress: &dyn Fn(u64, u64),
) -> Lookup {
    let Some(path) = path_for(resolved, strict, fields) else { return Lookup::Off };
    if !path.is_file() {
        return Lookup::Miss(path);
    }
    let claimed = race.claim_for_cache();
    race.decided();
    if !claimed {
        return Lookup::Present;
    }
    // Test builds: a slow cache read, so that a test sees the battles shown meanwhile.
    #[cfg(feature = "testkit")]
    if let Some(ms) = env_u64("ARENASCOPE_TEST_CACHE_READ_DELAY_MS") {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
    let stop = || race.cold_done();
    match read_with(&path, progress, &stop) {
        Some(Ok((index, report))) => Lookup::Hit(Box::new(index), report),
        Some(Err(())) => Lookup::Miss(path),
        None => Lookup::Present,
    }
}

/// Reads a cache back: `None` (and the file removed) unless everything checks out.
pub fn read(path: &Path) -> Option<(Index, LoadReport)> {
    read_with(path, &|_, _| {}, &|| false).and_then(Result::ok)
}

/// Reads a cache, reporting progress; `None` when `stop` said so (the file is kept), an
/// error (and the file removed) when it is not a whole cache of this version.
fn read_with(
    path: &Path,
    progress: &dyn Fn(u64, u64),
    stop: &dyn Fn() -> bool,
) -> Option<Result<(Index, LoadReport), ()>> {
    let mut file = File::open(path).ok()?;
    let len = file.metadata().ok()?.len();
    let mut reader = Watched { file: &mut file, read: 0, len, reported: 0, progress, stop, stopped: false };
    let found = read_from(&mut reader, len);
    if reader.stopped {
        return None;
    }
    match found {
        Ok(found) => {
            // Touched, so that eviction removes the least recently used first.
            let _ = file.set_modified(SystemTime::now());
            Some(Ok(found))
        }
        Err(_) => {
            let _ = std::fs::remove_file(path);
            Some(Err(()))
        }
    }
}

/// The cache file as it is read: progress every few MB, and an error once `stop` says so.
struct Watched<'a> {
    file: &'a mut File,
    read: u64,
    len: u64,
    reported: u64,
    progress: &'a dyn Fn(u64, u64),
    stop: &'a dyn Fn() -> bool,
    stopped: bool,
}

impl Read for Watched<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if (self.stop)() {
            self.stopped = true;
            // Not `Interrupted`: `read_exact` would retry it.
            return Err(io::Error::other("stopped"));
        }
        let n = self.file.read(buf)?;
        self.read += n as u64;
        if self.read - self.reported >= 8 << 20 || self.read == self.len {
            self.reported = self.read;
            (self.progress)(self.read, self.len);
        }
        Ok(n)
    }
}

fn read_from(file: &mut dyn Read, len: u64) -> io::Result<(Index, LoadReport)> {
    let mut r = SectionReader::new(file, len);
    let head = r.raw::<16>()?;
    if &head[..8] != MAGIC || head[8..12] != FORMAT_VERSION.to_le_bytes() {
        return Err(bad("not an index cache of this format"));
    }
    if r.string()? != env!("CARGO_PKG_VERSION") {
        return Err(bad("written by another version"));
    }
    let index = Index::read_cache(&mut r)?;
    let report = read_report(&mut r)?;
    let sum = r.sum.finish();
    if u64::from_le_bytes(r.raw::<8>()?) != sum || r.left() != 0 {
        return Err(bad("checksum mismatch"));
    }
    Ok((index, report))
}

/// A cache to write after a cold load, once the caller has shown what it loaded: the
/// browser after it has the whole index, the CLI after its output. The only way a cache is
/// written besides the tests.
#[derive(Debug)]
pub struct CacheWrite {
    path: PathBuf,
    report: LoadReport,
}

impl CacheWrite {
    pub(crate) fn new(path: PathBuf, report: &LoadReport) -> CacheWrite {
        CacheWrite { path, report: report.clone() }
    }

    /// Writes `index` (the one the load returned) to the cache; errors only mean that the
    /// next load is cold, and are returned for tests.
    pub fn write(&self, index: &Index) -> io::Result<()> {
        #[cfg(feature = "testkit")]
        if let Some(ms) = env_u64("ARENASCOPE_TEST_CACHE_WRITE_DELAY_MS") {
            std::thread::sleep(std::time::Duration::from_millis(ms));
        }
        write(&self.path, index, &self.report)
    }
}

/// Writes the cache through a temporary file and a rename (a reader sees the old file or the
/// whole new one), then evicts the oldest caches beyond the cap. Errors are returned for
/// tests; callers ignore them (the cache is only an optimisation).
pub fn write(path: &Path, index: &Index, report: &LoadReport) -> io::Result<()> {
    let dir = path.parent().ok_or_else(|| bad("no folder"))?;
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new().prefix(".tmp-").suffix(".part").tempfile_in(dir)?;
    {
        let mut out = BufWriter::with_capacity(1 << 20, tmp.as_file_mut());
        let mut head = [0u8; 16];
        head[..8].copy_from_slice(MAGIC);
        head[8..12].copy_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.write_all(&head)?;
        let mut w = SectionWriter::new(&mut out);
        w.section(env!("CARGO_PKG_VERSION").as_bytes())?;
        index.write_cache(&mut w)?;
        write_report(&mut w, report)?;
        let sum = w.sum.finish();
        out.write_all(&sum.to_le_bytes())?;
        out.flush()?;
    }
    // No fsync: a cache torn by a crash fails its length or checksum check and is replaced.
    tmp.persist(path).map_err(|e| e.error)?;
    evict(dir, cap(), path);
    Ok(())
}

/// Removes caches, least recently used first, until the folder holds at most `cap` bytes
/// (the one just written goes last), and temporary files left by a writer that was stopped
/// (quitting the browser while it writes): a writer at work touches its file every MB.
fn evict(dir: &Path, cap: u64, newest: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut caches = Vec::new();
    for e in entries.flatten() {
        let path = e.path();
        let Ok(meta) = e.metadata() else { continue };
        let modified = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
        let name = e.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(".tmp-") {
            let stale = modified.elapsed().is_ok_and(|age| age.as_secs() > 600);
            if stale {
                let _ = std::fs::remove_file(&path);
            }
        } else if name.ends_with(".idx") {
            caches.push((path != newest, modified, meta.len(), path));
        }
    }
    // Oldest first, the newest cache last whatever its time.
    caches.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut total: u64 = caches.iter().map(|c| c.2).sum();
    for (_, _, len, path) in caches {
        if total <= cap {
            break;
        }
        if std::fs::remove_file(&path).is_ok() {
            total -= len;
        }
    }
}

fn write_problems(w: &mut SectionWriter, problems: &[Problem]) -> io::Result<()> {
    w.strings(problems.iter().flat_map(|p| [p.file.as_str(), p.field.as_str(), p.reason.as_str()]))?;
    let locations: Vec<u64> = problems
        .iter()
        .flat_map(|p| match p.location {
            Location::Line(n) => [0, n],
            Location::Row(n) => [1, n],
        })
        .collect();
    w.u64s(locations)
}

fn read_problems(r: &mut SectionReader) -> io::Result<Vec<Problem>> {
    let strings = r.strings()?;
    let locations = r.u64s()?;
    if strings.len() % 3 != 0 || locations.len() != strings.len() / 3 * 2 {
        return Err(bad("problems"));
    }
    let mut strings = strings.into_iter();
    let mut out = Vec::with_capacity(locations.len() / 2);
    for l in locations.chunks_exact(2) {
        let location = match l[0] {
            0 => Location::Line(l[1]),
            1 => Location::Row(l[1]),
            _ => return Err(bad("problem location")),
        };
        let (Some(file), Some(field), Some(reason)) = (strings.next(), strings.next(), strings.next()) else {
            return Err(bad("problems"));
        };
        out.push(Problem { file, location, field, reason });
    }
    Ok(out)
}

fn write_report(w: &mut SectionWriter, report: &LoadReport) -> io::Result<()> {
    w.u64s([report.rows as u64, report.skipped as u64, report.kept as u64])?;
    write_problems(w, &report.problems)?;
    write_problems(w, &report.kept_problems)?;
    w.strings(report.warnings.iter().map(String::as_str))
}

fn read_report(r: &mut SectionReader) -> io::Result<LoadReport> {
    let counts = r.u64s()?;
    let [rows, skipped, kept] = counts[..] else { return Err(bad("report")) };
    let size = |n: u64| usize::try_from(n).map_err(|_| bad("report"));
    Ok(LoadReport {
        rows: size(rows)?,
        skipped: size(skipped)?,
        problems: read_problems(r)?,
        kept: size(kept)?,
        kept_problems: read_problems(r)?,
        seconds: 0.0,
        warnings: r.strings()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::DatasetInfo;

    fn sample() -> (Index, LoadReport) {
        let index = Index::from_battles(&crate::synth::generate(50, 2), DatasetInfo::default());
        let report = LoadReport {
            rows: 50,
            skipped: 1,
            problems: vec![Problem {
                file: "f".into(),
                location: Location::Row(3),
                field: "x".into(),
                reason: "bad".into(),
            }],
            warnings: vec!["w".into()],
            ..Default::default()
        };
        (index, report)
    }

    #[test]
    fn a_written_cache_reads_back_and_a_damaged_one_is_removed() {
        let dir = tempfile::TempDir::new().expect("dir");
        let path = dir.path().join("c").join("1.idx");
        let (index, report) = sample();
        write(&path, &index, &report).expect("write");
        let (back, rep) = read(&path).expect("read back");
        assert_eq!(back.len(), 50);
        assert_eq!(rep.problems, report.problems);
        assert_eq!(rep.warnings, report.warnings);

        // One flipped byte in the text: the checksum catches it; the file is removed.
        let mut bytes = std::fs::read(&path).expect("bytes");
        let at = bytes.len() - 100;
        bytes[at] ^= 0x20;
        std::fs::write(&path, &bytes).expect("damage");
        assert!(read(&path).is_none());
        assert!(!path.exists());

        // Cut short, and foreign.
        write(&path, &index, &report).expect("write");
        let bytes = std::fs::read(&path).expect("bytes");
        std::fs::write(&path, &bytes[..bytes.len() / 2]).expect("cut");
        assert!(read(&path).is_none());
        std::fs::write(&path, b"not a cache at all").expect("foreign");
        assert!(read(&path).is_none());
    }

    #[test]
    fn eviction_keeps_the_folder_under_the_cap_oldest_first() {
        let dir = tempfile::TempDir::new().expect("dir");
        let file = |name: &str, age: u64| {
            let p = dir.path().join(name);
            std::fs::write(&p, vec![0u8; 100]).expect("write");
            let t = SystemTime::now() - std::time::Duration::from_secs(age);
            File::options().write(true).open(&p).and_then(|f| f.set_modified(t)).expect("time");
            p
        };
        let (old, mid, new) = (file("a.idx", 300), file("b.idx", 200), file("c.idx", 400));
        evict(dir.path(), 200, &new);
        assert!(!old.exists(), "the least recently used goes first");
        assert!(mid.exists() && new.exists(), "the one just written stays");
    }
}
