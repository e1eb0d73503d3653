//! The index cache: after a cold load of large files, the whole decoded index (and the load's
//! report) is written under the data folder, keyed by a hash of the input files' bytes, their
//! sizes and paths and the load options (strict, the fields decoded); the next load of the same bytes reads it back
//! instead of decoding (4.6x faster at 135K battles, see BENCHMARKS.md). Optional, bounded,
//! and never trusted: a cache that is foreign, cut short or inconsistent is ignored and
//! replaced.

use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
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

/// The cache file for these inputs and options, if they are worth caching: files on disk
/// (not the sample, not standard input) of at least the minimum size in all. Hashing reads
/// every byte (from the page cache when the files were read recently: ~0.1 s per GB).
pub fn path_for(resolved: &Resolved, strict: bool, fields: Fields) -> Option<PathBuf> {
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

/// Reads a cache back: `None` (and the file removed) unless everything checks out.
pub fn read(path: &Path) -> Option<(Index, LoadReport)> {
    let mut file = File::open(path).ok()?;
    match read_from(&mut file) {
        Ok(found) => {
            // Touched, so that eviction removes the least recently used first.
            let _ = file.set_modified(SystemTime::now());
            Some(found)
        }
        Err(_) => {
            let _ = std::fs::remove_file(path);
            None
        }
    }
}

fn read_from(file: &mut File) -> io::Result<(Index, LoadReport)> {
    let len = file.metadata()?.len();
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
/// (the one just written goes last), and temporary files left by a crashed writer.
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
            let stale = modified.elapsed().is_ok_and(|age| age.as_secs() > 3600);
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
