//! The review store of one dataset: an append-only JSON Lines journal that never loses an
//! acknowledged change.
//!
//! **Durability.** Every change is one self-contained record (`put`: the battle's whole entry
//! after the change; `remove`), appended with a single `write` on an `O_APPEND` file and
//! `fsync`ed before [`ReviewStore::apply`] returns: "saved" means on disk. On open the journal
//! is replayed and, unless it is already compact, rewritten with one `put` per entry (sorted by
//! id, so a file kept in git diffs well) into a temporary file that is fsynced and atomically
//! renamed over the journal, then the folder is fsynced. A torn last line (a write cut short by
//! a crash, a kill -9 or a power cut) and corrupt lines elsewhere are reported as [`Warning`]s
//! and skipped; compaction copies them to `<journal>.rejected` first, so nothing is silently
//! dropped. An append after a torn line starts with a newline, so it never merges into it.
//!
//! **Several processes: lock, then read-modify-write.** Every change and every compaction holds
//! an exclusive `flock` on the journal (std's `File::lock`, which is `flock` on Unix: no extra
//! dependency). Under the lock a process first replays the journal as others left it, then
//! computes the new entry from that up-to-date state and appends it. Changes are therefore
//! serialised, replay is last-writer-wins per battle, and processes flagging the same or
//! different battles never lose each other's work (two labels added to one battle at once both
//! stay). Compaction (on open, and when a long session's journal has grown to more than twice
//! its entries) re-reads the journal under the lock, so no concurrent append is dropped; a
//! process that locked the old file after a compaction renamed a new one into place notices
//! (the path names another inode), lets go and locks the new file. Readers take a shared lock,
//! so they never see half a record. A running process sees others' changes on its next change
//! or [`ReviewStore::reload`].

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{BattleKey, Entry, ReviewError, Warning, labels_equal, now};
use crate::index::Index;
use crate::model::Winner;

/// Where a dataset's review store lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreLocation {
    /// `<data dir>/reviews/<fingerprint>.jsonl`: one store per dataset content, wherever the
    /// dataset file is and whatever it is called.
    Dataset,
    /// A file the user chose (`--review-file`), e.g. one a team keeps in git.
    File(PathBuf),
}

impl StoreLocation {
    pub fn from_option(review_file: Option<&Path>) -> StoreLocation {
        review_file.map_or(StoreLocation::Dataset, |p| StoreLocation::File(p.to_path_buf()))
    }

    /// The journal's path for this index.
    pub fn path_for(&self, index: &Index) -> Result<PathBuf, ReviewError> {
        match self {
            StoreLocation::File(p) => Ok(p.clone()),
            StoreLocation::Dataset => {
                let dirs = directories::ProjectDirs::from("", "", "arenascope").ok_or(ReviewError::NoDataDir)?;
                Ok(dirs.data_dir().join("reviews").join(format!("{:016x}.jsonl", index.fingerprint())))
            }
        }
    }
}

/// One change to a battle's entry.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    AddLabels(Vec<String>),
    RemoveLabels(Vec<String>),
    SetLabels(Vec<String>),
    SetNote(String),
    /// Labels and note together, as the TUI's flag dialog saves them.
    SetFlag {
        labels: Vec<String>,
        note: String,
    },
    SetVote(Option<Winner>),
    /// Clears labels and note, keeps the own vote.
    Unflag,
    /// Deletes the whole entry.
    Remove,
    /// Merges a colleague's entry (import): labels are united, a different note is appended
    /// below ours, their vote is taken only where we have none.
    Merge(Entry),
}

/// What [`ReviewStore::apply`] did; everything in it is already on disk.
#[derive(Debug, Clone, Default)]
pub struct Applied {
    /// Each battle whose entry changed, with its entry now (`None`: removed).
    pub changed: Vec<(BattleKey, Option<Entry>)>,
    /// True when changes by other processes were read in on the way.
    pub others_changed: bool,
    pub warnings: Vec<Warning>,
}

/// The journal as last read under the lock.
struct Replayed {
    bytes: Vec<u8>,
    /// Lines that were skipped (kept aside by the next compaction).
    rejected: Vec<Vec<u8>>,
    /// Non-blank lines, good or bad.
    lines: usize,
}

/// Compaction also runs during a long session once the journal holds this many lines more
/// than twice the entries.
const COMPACT_SLACK: usize = 64;

/// The flags and own votes of one dataset, backed by a journal file.
#[derive(Debug)]
pub struct ReviewStore {
    path: PathBuf,
    entries: BTreeMap<BattleKey, Entry>,
    /// Bumped whenever the entries change (own changes or others' read in).
    generation: u64,
    read_only: bool,
    /// Hashes of the bad lines already reported, so each is reported once per process.
    reported: HashSet<u64>,
    /// The journal as last replayed, so that a reload of an unchanged journal is one `stat`.
    seen: Option<Stamp>,
}

impl ReviewStore {
    /// Opens (replays and compacts) the journal at `path`. A missing file is an empty store;
    /// the file and its folders are created on the first change.
    pub fn open(path: &Path) -> Result<(ReviewStore, Vec<Warning>), ReviewError> {
        let mut store = ReviewStore {
            path: path.to_path_buf(),
            entries: BTreeMap::new(),
            generation: 0,
            read_only: false,
            reported: HashSet::new(),
            seen: None,
        };
        let mut warnings = Vec::new();
        let file = match lock_journal(path, Access::Compact) {
            Ok(Some(f)) => f,
            Ok(None) => return Ok((store, warnings)),
            Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
                store.read_only = true;
                warnings.push(Warning(format!("{}: read-only; changes cannot be saved", path.display())));
                match lock_journal(path, Access::Read).map_err(|e| ReviewError::io(path, &e))? {
                    Some(f) => f,
                    None => return Ok((store, warnings)),
                }
            }
            Err(e) => return Err(ReviewError::io(path, &e)),
        };
        let replayed = store.replay(&file, &mut warnings)?;
        if !store.read_only
            && let Err(e) = store.compact(&replayed.bytes, &replayed.rejected)
        {
            warnings.push(Warning(format!("could not compact the review journal: {e}")));
        }
        drop(file);
        Ok((store, warnings))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn get(&self, key: &BattleKey) -> Option<&Entry> {
        self.entries.get(key)
    }

    /// All entries, sorted by battle key.
    pub fn entries(&self) -> impl Iterator<Item = (&BattleKey, &Entry)> {
        self.entries.iter()
    }

    /// Changes whenever the entries do; compare to know when to rebuild a view.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Every label some entry uses, sorted.
    pub fn labels_in_use(&self) -> BTreeSet<String> {
        self.entries.values().flat_map(|e| e.labels.iter().cloned()).collect()
    }

    /// Reads the journal again, picking up other processes' changes. Returns whether the
    /// entries changed. Cheap when nothing changed (the TUI may call it every few seconds).
    pub fn reload(&mut self) -> Result<(bool, Vec<Warning>), ReviewError> {
        let mut warnings = Vec::new();
        let before = self.generation;
        let io = |e: std::io::Error| ReviewError::io(&self.path, &e);
        match lock_journal(&self.path, Access::Read).map_err(io)? {
            Some(file) => {
                // Only a shortcut for display: a change always replays in full under the lock.
                if self.seen.is_some() && self.seen == Some(Stamp::of(&file.metadata().map_err(io)?)) {
                    return Ok((false, warnings));
                }
                self.replay(&file, &mut warnings)?;
            }
            None => self.set_entries(BTreeMap::new()),
        }
        Ok((self.generation != before, warnings))
    }

    /// Applies edits in order and returns once they are on disk (one write, one fsync).
    pub fn apply(&mut self, edits: Vec<(BattleKey, Edit)>) -> Result<Applied, ReviewError> {
        if self.read_only {
            return Err(ReviewError::Invalid(format!("{}: read-only; changes cannot be saved", self.path.display())));
        }
        for (_, edit) in &edits {
            validate(edit)?;
        }
        let mut applied = Applied::default();
        let path = self.path.clone();
        let io = |e: std::io::Error| ReviewError::io(&path, &e);
        let created = !path.exists();
        if let Some(dir) = parent_dir(&path) {
            std::fs::create_dir_all(dir).map_err(|e| ReviewError::io(dir, &e))?;
        }
        let mut file = lock_journal(&path, Access::Write).map_err(io)?.ok_or_else(|| ReviewError::Io {
            path: path.clone(),
            reason: "the journal vanished while it was being opened".into(),
        })?;
        if created {
            sync_dir(&path).map_err(io)?;
        }
        // Under the lock: the state others left, then our change on top of it.
        let before = self.generation;
        let mut replayed = self.replay(&file, &mut applied.warnings)?;
        applied.others_changed = self.generation != before;

        // Compute every new entry first; nothing changes in memory until the write is durable.
        let time = now();
        let mut pending: BTreeMap<BattleKey, Option<Entry>> = BTreeMap::new();
        let mut order = Vec::new();
        for (key, edit) in edits {
            let current = match pending.get(&key) {
                Some(e) => e.clone(),
                None => self.entries.get(&key).cloned(),
            };
            let next = edited(current.as_ref(), edit, time);
            if next != current {
                if !pending.contains_key(&key) {
                    order.push(key.clone());
                }
                pending.insert(key, next);
            }
        }
        if order.is_empty() {
            return Ok(applied);
        }
        let mut buf = Vec::new();
        if !replayed.bytes.is_empty() && !replayed.bytes.ends_with(b"\n") {
            // After a torn line: never glue a record onto it.
            buf.push(b'\n');
        }
        for key in &order {
            let record = match &pending[key] {
                Some(entry) => Record::put(key, entry),
                None => Record::Remove { id: key.to_string(), time },
            };
            record.write_line(&mut buf);
        }
        file.write_all(&buf).map_err(io)?;
        file.sync_data().map_err(io)?;
        self.seen = file.metadata().ok().map(|m| Stamp::of(&m));
        self.generation += 1;
        for key in order {
            let entry = pending.remove(&key).flatten();
            match &entry {
                Some(e) => self.entries.insert(key.clone(), e.clone()),
                None => self.entries.remove(&key),
            };
            applied.changed.push((key, entry));
        }
        replayed.lines += applied.changed.len();
        if replayed.lines > 2 * self.entries.len() + COMPACT_SLACK {
            replayed.bytes.extend_from_slice(&buf);
            if let Err(e) = self.compact(&replayed.bytes, &replayed.rejected) {
                applied.warnings.push(Warning(format!("could not compact the review journal: {e}")));
            }
        }
        drop(file);
        Ok(applied)
    }

    /// Reads the whole locked journal and makes its entries ours. Every change replays the
    /// journal rather than reading only what is new: a compaction by another process replaces
    /// the file, and the new file can even reuse the old one's inode number.
    fn replay(&mut self, file: &File, warnings: &mut Vec<Warning>) -> Result<Replayed, ReviewError> {
        let mut bytes = Vec::new();
        let mut reader = file;
        reader
            .seek(SeekFrom::Start(0))
            .and_then(|_| reader.read_to_end(&mut bytes))
            .map_err(|e| ReviewError::io(&self.path, &e))?;
        self.seen = file.metadata().ok().map(|m| Stamp::of(&m));
        let parsed = parse_journal(&bytes);
        for (line, problem, raw) in &parsed.problems {
            if self.reported.insert(hash_line(raw)) {
                warnings.push(Warning(format!("{}: line {line}: {problem}; skipped", self.path.display())));
            }
        }
        let mut entries = BTreeMap::new();
        for record in parsed.records {
            match record {
                Record::Put { id, labels, note, own_vote, created, updated } => {
                    let entry = Entry {
                        labels: labels.into_iter().collect(),
                        note,
                        own_vote: own_vote.and_then(|v| Winner::from_dataset_str(&v)),
                        created,
                        updated,
                    };
                    if let Some(key) = BattleKey::parse(&id) {
                        entries.insert(key, entry);
                    }
                }
                Record::Remove { id, .. } => {
                    if let Some(key) = BattleKey::parse(&id) {
                        entries.remove(&key);
                    }
                }
            }
        }
        self.set_entries(entries);
        let rejected = parsed.problems.into_iter().map(|(_, _, raw)| raw).collect();
        Ok(Replayed { bytes, rejected, lines: parsed.lines })
    }

    fn set_entries(&mut self, entries: BTreeMap<BattleKey, Entry>) {
        if entries != self.entries {
            self.entries = entries;
            self.generation += 1;
        }
    }

    /// Rewrites the journal as one `put` per entry, unless it already is exactly that. The
    /// caller holds the exclusive lock and has just replayed `current`.
    fn compact(&mut self, current: &[u8], rejected: &[Vec<u8>]) -> Result<(), ReviewError> {
        let mut compact = Vec::new();
        for (key, entry) in &self.entries {
            Record::put(key, entry).write_line(&mut compact);
        }
        if compact == current {
            return Ok(());
        }
        let path = &self.path;
        let io = |p: &Path, e: std::io::Error| ReviewError::io(p, &e);
        if !rejected.is_empty() {
            let kept = sidecar(path, "rejected");
            let mut f = OpenOptions::new().create(true).append(true).open(&kept).map_err(|e| io(&kept, e))?;
            for line in rejected {
                f.write_all(line).and_then(|_| f.write_all(b"\n")).map_err(|e| io(&kept, e))?;
            }
            f.sync_all().map_err(|e| io(&kept, e))?;
        }
        // A fixed name is safe: only the holder of the exclusive lock compacts.
        let tmp = sidecar(path, "compact");
        let mut f = File::create(&tmp).map_err(|e| io(&tmp, e))?;
        f.write_all(&compact).and_then(|_| f.sync_all()).map_err(|e| io(&tmp, e))?;
        std::fs::rename(&tmp, path).map_err(|e| io(path, e))?;
        sync_dir(path).map_err(|e| io(path, e))?;
        self.seen = None;
        Ok(())
    }
}

fn hash_line(line: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    line.hash(&mut h);
    h.finish()
}

/// `journal.jsonl` -> `journal.jsonl.<suffix>`, beside it.
fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{suffix}"));
    path.with_file_name(name)
}

fn parent_dir(path: &Path) -> Option<&Path> {
    path.parent().filter(|p| !p.as_os_str().is_empty())
}

fn validate(edit: &Edit) -> Result<(), ReviewError> {
    let labels: &[String] = match edit {
        Edit::AddLabels(l) | Edit::RemoveLabels(l) | Edit::SetLabels(l) | Edit::SetFlag { labels: l, .. } => l,
        _ => &[],
    };
    for l in labels {
        if l.trim().is_empty() || l.chars().any(char::is_control) {
            return Err(ReviewError::Invalid(format!(
                "{l:?} is not a usable label (empty or with control characters)"
            )));
        }
    }
    Ok(())
}

/// The entry after `edit`; `None` when nothing is left. `current` is returned unchanged (and
/// so nothing is written) when the edit changes nothing.
fn edited(current: Option<&Entry>, edit: Edit, time: f64) -> Option<Entry> {
    let mut e = current.cloned().unwrap_or(Entry { created: time, updated: time, ..Entry::default() });
    let before = e.clone();
    match edit {
        Edit::Remove => return None,
        Edit::Merge(theirs) if current.is_none() => return (!theirs.is_empty()).then_some(theirs),
        Edit::Merge(theirs) => {
            add_labels(&mut e.labels, theirs.labels);
            let (ours, other) = (e.note.trim(), theirs.note.trim());
            if ours.is_empty() {
                e.note = theirs.note;
            } else if !other.is_empty() && !ours.contains(other) {
                e.note = format!("{}\n\n{}", e.note.trim_end(), theirs.note);
            }
            e.own_vote = e.own_vote.or(theirs.own_vote);
            if theirs.created > 0.0 && theirs.created < e.created {
                e.created = theirs.created;
            }
        }
        Edit::AddLabels(l) => add_labels(&mut e.labels, l),
        Edit::RemoveLabels(l) => e.labels.retain(|have| !l.iter().any(|gone| labels_equal(have, gone))),
        Edit::SetLabels(l) => {
            e.labels.clear();
            add_labels(&mut e.labels, l);
        }
        Edit::SetNote(n) => e.note = n,
        Edit::SetFlag { labels, note } => {
            e.labels.clear();
            add_labels(&mut e.labels, labels);
            e.note = note;
        }
        Edit::SetVote(v) => e.own_vote = v,
        Edit::Unflag => {
            e.labels.clear();
            e.note.clear();
        }
    }
    if e.is_empty() {
        return None;
    }
    if current.is_some() && e == before {
        return current.cloned();
    }
    e.updated = time;
    Some(e)
}

/// Adds labels, trimmed; one that equals a present label but for case is not added twice.
fn add_labels(labels: &mut BTreeSet<String>, new: impl IntoIterator<Item = String>) {
    for l in new {
        let l = l.trim();
        if !labels.iter().any(|have| labels_equal(have, l)) {
            labels.insert(l.to_owned());
        }
    }
}

/// One journal line.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "op", rename_all = "lowercase")]
pub(crate) enum Record {
    /// The whole entry of a battle after a change.
    Put {
        id: String,
        labels: Vec<String>,
        note: String,
        /// The dataset's winner strings: `model_a`, `model_b`, `tie`, `tie (bothbad)`.
        own_vote: Option<String>,
        created: f64,
        updated: f64,
    },
    Remove {
        id: String,
        time: f64,
    },
}

impl Record {
    pub(crate) fn put(key: &BattleKey, e: &Entry) -> Record {
        Record::Put {
            id: key.to_string(),
            labels: e.labels.iter().cloned().collect(),
            note: e.note.clone(),
            own_vote: e.own_vote.map(|v| v.as_str().to_owned()),
            created: e.created,
            updated: e.updated,
        }
    }

    fn write_line(&self, out: &mut Vec<u8>) {
        // Serialising plain strings and numbers into a Vec cannot fail.
        if serde_json::to_writer(&mut *out, self).is_ok() {
            out.push(b'\n');
        }
    }

    /// Parses one line, checking what serde cannot (a known vote, a usable id, finite times).
    pub(crate) fn parse(line: &[u8]) -> Result<Record, String> {
        // A flat struct: serde's internally tagged enums buffer every field first, which made
        // replay several times slower.
        let raw: RawRecord = serde_json::from_slice(line).map_err(|e| format!("not a review record ({e})"))?;
        if BattleKey::parse(&raw.id).is_none() {
            return Err(format!("bad battle id {:?}", raw.id));
        }
        let finite = |t: Option<f64>, name: &str| match t {
            Some(t) if t.is_finite() => Ok(t),
            _ => Err(format!("missing or bad {name}")),
        };
        match raw.op.as_str() {
            "put" => {
                if let Some(v) = &raw.own_vote
                    && Winner::from_dataset_str(v).is_none()
                {
                    return Err(format!("unknown own_vote {v:?}"));
                }
                Ok(Record::Put {
                    id: raw.id,
                    labels: raw.labels.ok_or("missing labels")?,
                    note: raw.note.ok_or("missing note")?,
                    own_vote: raw.own_vote,
                    created: finite(raw.created, "created")?,
                    updated: finite(raw.updated, "updated")?,
                })
            }
            "remove" => Ok(Record::Remove { id: raw.id, time: finite(raw.time, "time")? }),
            other => Err(format!("unknown op {other:?}")),
        }
    }
}

/// Any journal line, as read.
#[derive(Deserialize)]
struct RawRecord {
    op: String,
    id: String,
    labels: Option<Vec<String>>,
    note: Option<String>,
    own_vote: Option<String>,
    created: Option<f64>,
    updated: Option<f64>,
    time: Option<f64>,
}

struct ParsedJournal {
    records: Vec<Record>,
    /// (1-based line, what is wrong, the raw line) of each line that was skipped.
    problems: Vec<(usize, String, Vec<u8>)>,
    /// Non-blank lines.
    lines: usize,
}

fn parse_journal(bytes: &[u8]) -> ParsedJournal {
    let mut out = ParsedJournal { records: Vec::new(), problems: Vec::new(), lines: 0 };
    let mut rest = bytes;
    let mut line_no = 0;
    while !rest.is_empty() {
        let (line, terminated) = match memchr::memchr(b'\n', rest) {
            Some(i) => (&rest[..i], true),
            None => (rest, false),
        };
        rest = &rest[(line.len() + usize::from(terminated)).min(rest.len())..];
        line_no += 1;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        out.lines += 1;
        match Record::parse(line) {
            Ok(r) => out.records.push(r),
            Err(reason) => {
                let problem = if terminated {
                    format!("corrupt line ({reason})")
                } else {
                    "torn last line (a write cut short by a crash or kill)".to_owned()
                };
                out.problems.push((line_no, problem, line.to_vec()));
            }
        }
    }
    out
}

/// Identifies an open file (not a path), to tell whether the file we locked is still the one
/// the path names (a compaction renames a new file into place). While we hold the old file
/// open its inode number cannot be reused, so the comparison is sound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileId {
    dev: u64,
    ino: u64,
}

impl FileId {
    #[cfg(unix)]
    fn of(meta: &std::fs::Metadata) -> FileId {
        use std::os::unix::fs::MetadataExt;
        FileId { dev: meta.dev(), ino: meta.ino() }
    }

    /// Without inode numbers a replaced journal is not noticed (Unix only, for now).
    #[cfg(not(unix))]
    fn of(_meta: &std::fs::Metadata) -> FileId {
        FileId { dev: 0, ino: 0 }
    }
}

/// What a `stat` says of a file's version: identity, size and change times.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    file: FileId,
    len: u64,
    modified: Option<std::time::SystemTime>,
}

impl Stamp {
    fn of(meta: &std::fs::Metadata) -> Stamp {
        Stamp { file: FileId::of(meta), len: meta.len(), modified: meta.modified().ok() }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    /// Shared lock, read only.
    Read,
    /// Exclusive lock, append, create the file if missing.
    Write,
    /// Exclusive lock on an existing file (replay and compaction).
    Compact,
}

/// Opens and locks the journal, making sure the locked file is still the one the path names
/// (a compaction may have renamed a new file into place between our open and our lock).
/// `Ok(None)`: the file does not exist and `access` does not create it.
fn lock_journal(path: &Path, access: Access) -> std::io::Result<Option<File>> {
    loop {
        let mut opts = OpenOptions::new();
        opts.read(true);
        if access != Access::Read {
            opts.append(true);
        }
        if access == Access::Write {
            opts.create(true);
        }
        let file = match opts.open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && access != Access::Write => return Ok(None),
            Err(e) => return Err(e),
        };
        if access == Access::Read {
            file.lock_shared()?
        } else {
            file.lock()?
        }
        match std::fs::metadata(path) {
            Ok(now) if FileId::of(&now) == FileId::of(&file.metadata()?) => return Ok(Some(file)),
            Ok(_) => continue,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        }
    }
}

/// Makes a rename or a new file in `path`'s folder durable.
fn sync_dir(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        let dir = parent_dir(path).unwrap_or(Path::new("."));
        File::open(dir)?.sync_all()?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> BattleKey {
        BattleKey::parse(s).expect("key")
    }

    fn labels(l: &[&str]) -> Vec<String> {
        l.iter().map(|s| (*s).to_owned()).collect()
    }

    fn open(path: &Path) -> (ReviewStore, Vec<Warning>) {
        ReviewStore::open(path).expect("open")
    }

    #[test]
    fn changes_survive_reopening() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("sub").join("r.jsonl");
        let (mut s, w) = open(&path);
        assert!(w.is_empty() && s.is_empty() && !path.exists(), "opening creates nothing");
        s.apply(vec![(key("q1"), Edit::AddLabels(labels(&["unsafe", "refusal"])))]).expect("apply");
        s.apply(vec![(key("q1"), Edit::SetNote("line one\nline two".into()))]).expect("apply");
        s.apply(vec![(key("q2#2"), Edit::SetVote(Some(Winner::BothBad)))]).expect("apply");
        s.apply(vec![(key("q1"), Edit::RemoveLabels(labels(&["REFUSAL"])))]).expect("apply");
        let (again, w) = open(&path);
        assert!(w.is_empty(), "{w:?}");
        let e = again.get(&key("q1")).expect("q1");
        assert_eq!(e.labels.iter().collect::<Vec<_>>(), ["unsafe"]);
        assert_eq!(e.note, "line one\nline two");
        assert!(e.updated >= e.created && e.created > 0.0);
        assert_eq!(again.get(&key("q2#2")).and_then(|e| e.own_vote), Some(Winner::BothBad));
        assert_eq!(again.len(), 2);
    }

    #[test]
    fn opening_compacts_to_one_sorted_line_per_entry() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("r.jsonl");
        let (mut s, _) = open(&path);
        for l in ["a", "b", "c"] {
            s.apply(vec![(key("zz"), Edit::AddLabels(labels(&[l])))]).expect("apply");
        }
        s.apply(vec![(key("gone"), Edit::AddLabels(labels(&["x"])))]).expect("apply");
        s.apply(vec![(key("gone"), Edit::Remove)]).expect("apply");
        s.apply(vec![(key("aa"), Edit::SetNote("n".into()))]).expect("apply");
        assert_eq!(std::fs::read_to_string(&path).expect("read").lines().count(), 6);
        let (s, _) = open(&path);
        let text = std::fs::read_to_string(&path).expect("read");
        let ids: Vec<_> = text.lines().map(|l| l.split('"').nth(7).unwrap_or_default().to_owned()).collect();
        assert_eq!(ids, ["aa", "zz"], "{text}");
        assert_eq!(s.get(&key("zz")).map(|e| e.labels.len()), Some(3));
        let modified = std::fs::metadata(&path).and_then(|m| m.modified()).expect("mtime");
        let inode = FileId::of(&std::fs::metadata(&path).expect("meta"));
        open(&path);
        assert_eq!(FileId::of(&std::fs::metadata(&path).expect("meta")), inode, "a compact journal is left alone");
        assert_eq!(std::fs::metadata(&path).and_then(|m| m.modified()).expect("mtime"), modified);
    }

    #[test]
    fn torn_last_line_is_reported_skipped_and_kept_aside() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("r.jsonl");
        let (mut s, _) = open(&path);
        for i in 0..5 {
            s.apply(vec![(key(&format!("q{i}")), Edit::AddLabels(labels(&["interesting"])))]).expect("apply");
        }
        drop(s);
        let full = std::fs::read(&path).expect("read");
        let cut = full.len() - 20;
        std::fs::write(&path, &full[..cut]).expect("truncate");
        let (mut s, w) = open(&path);
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].0.contains("line 5: torn last line"), "{w:?}");
        assert_eq!(s.len(), 4, "only the torn line is lost");
        let rejected = std::fs::read(sidecar(&path, "rejected")).expect("rejected kept");
        let last_line = full[..full.len() - 1].iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
        assert_eq!(rejected, [&full[last_line..cut], b"\n"].concat());
        s.apply(vec![(key("q9"), Edit::AddLabels(labels(&["unsafe"])))]).expect("apply");
        let (s, w) = open(&path);
        assert!(w.is_empty() && s.len() == 5, "{w:?}");
    }

    #[test]
    fn append_after_a_torn_line_starts_a_new_line() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("r.jsonl");
        let (mut s, _) = open(&path);
        s.apply(vec![(key("q1"), Edit::AddLabels(labels(&["unsafe"])))]).expect("apply");
        // Another process dies halfway through a line, after we last looked.
        let mut f = OpenOptions::new().append(true).open(&path).expect("open");
        f.write_all(br#"{"op":"put","id":"q2","lab"#).expect("write");
        s.apply(vec![(key("q3"), Edit::AddLabels(labels(&["unsafe"])))]).expect("apply");
        let (s, w) = open(&path);
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].0.contains("line 2: corrupt line"), "{w:?}");
        assert!(s.get(&key("q1")).is_some() && s.get(&key("q3")).is_some());
    }

    #[test]
    fn corrupt_middle_line_loses_only_itself() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("r.jsonl");
        let good = |id: &str| {
            let mut v = Vec::new();
            Record::put(&key(id), &Entry { note: "n".into(), created: 1.0, updated: 2.0, ..Entry::default() })
                .write_line(&mut v);
            v
        };
        let text = [
            good("a"),
            b"{garbage\n".to_vec(),
            br#"{"op":"put","id":"b","labels":[],"note":"","own_vote":"c","created":1,"updated":1}"#.to_vec(),
            b"\n".to_vec(),
            good("c"),
        ]
        .concat();
        std::fs::write(&path, text).expect("write");
        let (s, w) = open(&path);
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(w[0].0.contains("line 2") && w[1].0.contains("line 3: corrupt line (unknown own_vote"), "{w:?}");
        assert_eq!(s.entries().map(|(k, _)| k.to_string()).collect::<Vec<_>>(), ["a", "c"]);
    }

    #[test]
    fn edits_that_change_nothing_write_nothing() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("r.jsonl");
        let (mut s, _) = open(&path);
        let a = s.apply(vec![(key("q"), Edit::RemoveLabels(labels(&["unsafe"])))]).expect("apply");
        assert!(a.changed.is_empty());
        assert_eq!(std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0), 0);
        s.apply(vec![(key("q"), Edit::AddLabels(labels(&["unsafe"])))]).expect("apply");
        let len = std::fs::metadata(&path).expect("meta").len();
        let a = s.apply(vec![(key("q"), Edit::AddLabels(labels(&["Unsafe "])))]).expect("apply");
        assert!(a.changed.is_empty());
        assert_eq!(std::fs::metadata(&path).expect("meta").len(), len);
        let a = s.apply(vec![(key("q"), Edit::RemoveLabels(labels(&["unsafe"])))]).expect("apply");
        assert_eq!(a.changed, [(key("q"), None)], "an entry with nothing left is removed");
        assert!(s.apply(vec![(key("q"), Edit::AddLabels(labels(&[" "])))]).is_err());
    }

    #[test]
    fn merge_unites_labels_and_keeps_both_notes() {
        let ours = Entry {
            labels: ["unsafe".to_owned()].into(),
            note: "mine".into(),
            own_vote: None,
            created: 10.0,
            updated: 10.0,
        };
        let theirs = Entry {
            labels: ["refusal".to_owned(), "Unsafe".to_owned()].into(),
            note: "theirs".into(),
            own_vote: Some(Winner::ModelA),
            created: 5.0,
            updated: 6.0,
        };
        let m = edited(Some(&ours), Edit::Merge(theirs.clone()), 20.0).expect("entry");
        assert_eq!(m.labels.iter().collect::<Vec<_>>(), ["refusal", "unsafe"]);
        assert_eq!(m.note, "mine\n\ntheirs");
        assert_eq!((m.own_vote, m.created, m.updated), (Some(Winner::ModelA), 5.0, 20.0));
        let again = edited(Some(&m), Edit::Merge(theirs.clone()), 30.0);
        assert_eq!(again.as_ref(), Some(&m), "merging the same entry twice changes nothing");
        assert_eq!(edited(None, Edit::Merge(theirs.clone()), 30.0), Some(theirs), "fresh: taken as is");
    }

    #[test]
    fn a_long_session_keeps_its_journal_small() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("r.jsonl");
        let (mut s, _) = open(&path);
        for i in 0..150 {
            let note = format!("draft {i}");
            s.apply(vec![(key("q"), Edit::SetNote(note))]).expect("apply");
        }
        let lines = std::fs::read_to_string(&path).expect("read").lines().count();
        assert!(lines <= 2 + COMPACT_SLACK + 1, "{lines} lines for one entry");
        let (again, w) = open(&path);
        assert!(w.is_empty());
        assert_eq!(again.get(&key("q")).map(|e| e.note.as_str()), Some("draft 149"));
    }

    #[test]
    fn a_second_store_sees_changes_on_reload_and_on_its_next_write() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("r.jsonl");
        let (mut one, _) = open(&path);
        let (mut two, _) = open(&path);
        one.apply(vec![(key("q"), Edit::AddLabels(labels(&["unsafe"])))]).expect("apply");
        let (changed, _) = two.reload().expect("reload");
        assert!(changed && two.get(&key("q")).is_some());
        // Both add a label to the same battle from stale states: neither is lost.
        one.apply(vec![(key("r"), Edit::AddLabels(labels(&["a"])))]).expect("apply");
        let applied = two.apply(vec![(key("r"), Edit::AddLabels(labels(&["b"])))]).expect("apply");
        assert!(applied.others_changed);
        assert_eq!(two.get(&key("r")).map(|e| e.labels.len()), Some(2));
        // A third process compacts the journal into a new file; both keep working on it.
        let (three, _) = open(&path);
        assert_eq!(three.len(), 2);
        one.apply(vec![(key("s"), Edit::SetNote("x".into()))]).expect("apply");
        assert_eq!(one.len(), 3, "{:?}", one.entries().collect::<Vec<_>>());
        assert_eq!(one.get(&key("r")).map(|e| e.labels.len()), Some(2));
        two.reload().expect("reload");
        assert_eq!(two.len(), 3);
    }
}
