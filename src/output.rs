//! Writing a file the user named (an export), so that no input is ever overwritten and no
//! half-written file is ever left under the final name. Every writer of a user-named file goes
//! through [`write_file`].
//!
//! The rules: the target must not be any file the command reads (compared by device and inode
//! when both exist, so a symlink or another spelling such as `./x/../data.jsonl` is caught;
//! by canonical path otherwise), even with `force`; an existing file is replaced only with
//! `force`; the bytes go to a new temporary file in the target's folder (created with
//! `O_EXCL`, so it never clobbers anything either), which is fsynced and then renamed into
//! place, so the target is either untouched or complete. On any error the temporary file is
//! removed.

use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Why a file was not written. Each message is one line that names the path.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The target is one of the command's inputs.
    #[error("{path}: refusing to write over {input}, which this command reads; choose another output file")]
    IsInput { path: PathBuf, input: PathBuf },
    /// The target exists and `force` was not given.
    #[error("{path}: already exists; not replaced (use --force to replace it)")]
    Exists { path: PathBuf },
    /// The target is a folder.
    #[error("{path}: is a folder, not a file")]
    IsFolder { path: PathBuf },
    #[error("{path}: {reason}")]
    Io { path: PathBuf, reason: String },
}

impl OutputError {
    fn io(path: &Path, e: &io::Error) -> OutputError {
        OutputError::Io { path: path.to_path_buf(), reason: io_reason(e) }
    }
}

/// What a write must respect.
#[derive(Debug, Clone, Copy, Default)]
pub struct WriteOptions<'a> {
    /// Replace an existing file (never one of `inputs`).
    pub force: bool,
    /// Every file the command reads: dataset files, the review journal, ...
    pub inputs: &'a [PathBuf],
}

/// Writes `path` with what `write` produces, by the rules in the module comment.
pub fn write_file(
    path: &Path,
    opts: WriteOptions<'_>,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), OutputError> {
    check_target(path, opts)?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let (tmp, file) = create_temp(&dir, path)?;
    let result = fill(file, write).map_err(|e| OutputError::io(path, &e)).and_then(|()| publish(&tmp, path, opts));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result?;
    sync_dir(&dir);
    Ok(())
}

/// Refuses an input (always) and an existing file (without `force`) before anything is written.
pub fn check_target(path: &Path, opts: WriteOptions<'_>) -> Result<(), OutputError> {
    if let Some(input) = opts.inputs.iter().find(|i| same_file(path, i)) {
        return Err(OutputError::IsInput { path: path.to_path_buf(), input: input.clone() });
    }
    match std::fs::symlink_metadata(path) {
        Ok(_) if std::fs::metadata(path).is_ok_and(|m| m.is_dir()) => {
            Err(OutputError::IsFolder { path: path.to_path_buf() })
        }
        Ok(_) if !opts.force => Err(OutputError::Exists { path: path.to_path_buf() }),
        Ok(_) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(OutputError::io(path, &e)),
    }
}

/// Do `a` and `b` name the same file? Same device and inode when both exist; the same
/// canonical path otherwise (a file not created yet, such as a new review journal).
pub fn same_file(a: &Path, b: &Path) -> bool {
    if let (Ok(ma), Ok(mb)) = (std::fs::metadata(a), std::fs::metadata(b))
        && let (Some(ia), Some(ib)) = (file_id(&ma), file_id(&mb))
    {
        return ia == ib;
    }
    canonical(a) == canonical(b)
}

#[cfg(unix)]
fn file_id(m: &std::fs::Metadata) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    Some((m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn file_id(_: &std::fs::Metadata) -> Option<(u64, u64)> {
    None
}

/// The absolute path with links and `..` resolved, as far as the path exists: a missing file
/// in an existing folder is that folder's canonical path plus the name.
fn canonical(p: &Path) -> Option<PathBuf> {
    if let Ok(c) = std::fs::canonicalize(p) {
        return Some(c);
    }
    let name = p.file_name()?;
    let parent = match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::canonicalize(parent).ok().map(|d| d.join(name))
}

/// A new, empty temporary file beside `target`: `.NAME.PID.N.tmp`, created exclusively.
fn create_temp(dir: &Path, target: &Path) -> Result<(PathBuf, File), OutputError> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    for _ in 0..100 {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let tmp = dir.join(format!(".{name}.{}.{n}.tmp", std::process::id()));
        match OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(OutputError::io(target, &e)),
        }
    }
    Err(OutputError::Io { path: target.to_path_buf(), reason: "cannot create a temporary file beside it".into() })
}

fn fill(file: File, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    let mut out = BufWriter::new(file);
    write(&mut out)?;
    let file = out.into_inner().map_err(|e| e.into_error())?;
    file.sync_all()
}

/// Moves the finished temporary file to `path`. Without `force` a file that appeared at
/// `path` meanwhile is not replaced: a hard link fails if the name exists (where the file
/// system has no hard links, a last check and a rename).
fn publish(tmp: &Path, path: &Path, opts: WriteOptions<'_>) -> Result<(), OutputError> {
    // Checked again: the inputs cannot have moved, but the target may have become a link.
    check_target(path, opts)?;
    if opts.force {
        return std::fs::rename(tmp, path).map_err(|e| OutputError::io(path, &e));
    }
    match std::fs::hard_link(tmp, path) {
        Ok(()) => {
            let _ = std::fs::remove_file(tmp);
            Ok(())
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(OutputError::Exists { path: path.to_path_buf() }),
        Err(_) => std::fs::rename(tmp, path).map_err(|e| OutputError::io(path, &e)),
    }
}

/// Makes the rename durable (best effort: not every platform can open a folder).
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// An I/O error as a short reason ("no such file or folder", "No space left on device").
pub fn io_reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or folder".to_owned(),
        io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => {
            let s = e.to_string();
            // "No space left on device (os error 28)": the number tells a user nothing.
            match s.rfind(" (os error ") {
                Some(i) if s.ends_with(')') => s[..i].to_owned(),
                _ => s,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_text(path: &Path, opts: WriteOptions<'_>, text: &str) -> Result<(), OutputError> {
        write_file(path, opts, |w| w.write_all(text.as_bytes()))
    }

    fn leftovers(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .expect("dir")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        names.sort();
        names
    }

    #[test]
    fn writes_a_new_file_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("out.jsonl");
        write_text(&out, WriteOptions::default(), "hello\n").expect("write");
        assert_eq!(std::fs::read_to_string(&out).expect("read"), "hello\n");
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn never_overwrites_an_input_however_it_is_spelled() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir(dir.path().join("x")).expect("mkdir");
        let data = dir.path().join("data.jsonl");
        std::fs::write(&data, "precious\n").expect("write");
        let link = dir.path().join("link.jsonl");
        #[cfg(unix)]
        std::os::unix::fs::symlink(&data, &link).expect("symlink");
        let inputs = [data.clone()];
        let spellings = [data.clone(), dir.path().join("x/../data.jsonl"), dir.path().join("./data.jsonl"), link];
        for target in spellings {
            for force in [false, true] {
                let err = write_text(&target, WriteOptions { force, inputs: &inputs }, "x").expect_err("refused");
                assert!(matches!(err, OutputError::IsInput { .. }), "{target:?}: {err}");
                assert!(err.to_string().contains("refusing to write over"), "{err}");
            }
        }
        assert_eq!(std::fs::read_to_string(&data).expect("read"), "precious\n");
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn a_journal_not_created_yet_is_protected_by_its_path() {
        let dir = tempfile::tempdir().expect("tempdir");
        let journal = dir.path().join("reviews.jsonl");
        let inputs = [journal.clone()];
        let other = dir.path().join(".").join("reviews.jsonl");
        let err = write_text(&other, WriteOptions { force: true, inputs: &inputs }, "x").expect_err("refused");
        assert!(matches!(err, OutputError::IsInput { .. }), "{err}");
    }

    #[test]
    fn an_existing_file_is_replaced_only_with_force() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("out.csv");
        std::fs::write(&out, "old\n").expect("write");
        let err = write_text(&out, WriteOptions::default(), "new\n").expect_err("exists");
        assert_eq!(
            err.to_string(),
            format!("{}: already exists; not replaced (use --force to replace it)", out.display())
        );
        assert_eq!(std::fs::read_to_string(&out).expect("read"), "old\n");
        write_text(&out, WriteOptions { force: true, inputs: &[] }, "new\n").expect("forced");
        assert_eq!(std::fs::read_to_string(&out).expect("read"), "new\n");
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn a_failed_write_leaves_nothing_behind() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("out.jsonl");
        std::fs::write(&out, "old\n").expect("write");
        let err = write_file(&out, WriteOptions { force: true, inputs: &[] }, |w| {
            w.write_all(b"half")?;
            Err(io::Error::other("disk on fire"))
        })
        .expect_err("fails");
        assert!(err.to_string().contains("disk on fire"), "{err}");
        assert_eq!(std::fs::read_to_string(&out).expect("read"), "old\n");
        assert!(leftovers(dir.path()).is_empty(), "{:?}", leftovers(dir.path()));
        let fresh = dir.path().join("fresh.jsonl");
        let _ = write_file(&fresh, WriteOptions::default(), |_| Err(io::Error::other("no")));
        assert!(!fresh.exists());
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn a_folder_is_not_a_target() {
        let dir = tempfile::tempdir().expect("tempdir");
        let err = write_text(dir.path(), WriteOptions { force: true, inputs: &[] }, "x").expect_err("folder");
        assert!(matches!(err, OutputError::IsFolder { .. }), "{err}");
    }

    #[test]
    fn io_reasons_are_short() {
        let e = io::Error::from_raw_os_error(28);
        assert_eq!(io_reason(&e), "No space left on device");
    }
}
