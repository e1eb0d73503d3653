//! Issue 12, defect 3: each real file is read once, however many paths, folders and links lead
//! to it; a link back to a folder being walked (a loop) is skipped with a warning the user sees.

use std::path::Path;

use super::common::*;
use arenascope::load::{self, DataSource, LoadOptions};

/// A folder `data/` with one JSON Lines file of `n` battles, and `data/sub/up` a link to `data`.
fn looped_folder(root: &Path) -> (std::path::PathBuf, usize) {
    let rows = battles();
    let data = root.join("data");
    std::fs::create_dir_all(data.join("sub")).expect("mkdir");
    std::fs::write(data.join("battles.jsonl"), reference(&rows).join("\n") + "\n").expect("write");
    std::os::unix::fs::symlink(&data, data.join("sub").join("up")).expect("symlink");
    std::os::unix::fs::symlink("..", data.join("sub").join("parent")).expect("symlink");
    (data, rows.len())
}

#[test]
fn a_symlink_loop_is_walked_once_and_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (data, n) = looped_folder(dir.path());
    let loaded = load_paths(&[&data]);
    assert_eq!(loaded.index.len(), n, "every row once");
    assert_eq!(loaded.report.warnings.len(), 2, "{:?}", loaded.report.warnings);
    assert!(loaded.report.warnings.iter().all(|w| w.contains("a loop")), "{:?}", loaded.report.warnings);

    // The user sees it on stderr; the rows are counted once.
    let run = arenascope(&[Path::new("stats"), &data, Path::new("--json")], dir.path());
    let stats = stats_json(&run);
    assert_eq!(stats["rows"].as_u64(), Some(n as u64));
    let warned: Vec<&str> = run.stderr.lines().filter(|l| l.starts_with("arenascope: warning:")).collect();
    assert_eq!(warned.len(), 2, "{}", run.stderr);
    assert!(warned[0].contains("skipped, a link back to") && warned[0].contains("(a loop)"), "{}", run.stderr);
}

#[test]
fn a_file_named_twice_or_with_its_folder_is_read_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (data, n) = looped_folder(dir.path());
    let file = data.join("battles.jsonl");
    let other_spelling = data.join("sub").join("..").join("battles.jsonl");
    let link = dir.path().join("link.jsonl");
    std::os::unix::fs::symlink(&file, &link).expect("symlink");

    for paths in [vec![&file, &file], vec![&file, &other_spelling, &link], vec![&file, &data], vec![&data, &file]] {
        let paths: Vec<&Path> = paths.iter().map(|p| p.as_path()).collect();
        let loaded = load_paths(&paths);
        assert_eq!(loaded.index.len(), n, "{paths:?}");
    }
    let loaded = load_paths(&[&file, &link]);
    assert_eq!(loaded.report.warnings.len(), 1, "{:?}", loaded.report.warnings);
    assert!(loaded.report.warnings[0].contains("the same file as one named before; read once"));

    // A folder named twice (once through a link to it) is walked once.
    let folder_link = dir.path().join("again");
    std::os::unix::fs::symlink(&data, &folder_link).expect("symlink");
    let both = load::load(&DataSource::Paths(vec![data.clone(), folder_link]), LoadOptions::default()).expect("load");
    assert_eq!(both.index.len(), n);
}
