//! Issue 12, defect 6: every command and output form, with standard output on `/dev/full`,
//! says "writing to standard output: No space left on device" on one line and exits 1 (no
//! panic, no exit 101); with standard output closed early (`| head`) it exits quietly.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use arenascope::fixtures::varied;
use arenascope::index::{DatasetInfo, Index};
use arenascope::row_json::row_to_json;

struct Env {
    dir: tempfile::TempDir,
    data: PathBuf,
}

impl Env {
    fn new() -> Env {
        let dir = tempfile::tempdir().expect("temp dir");
        let index = Index::from_battles(&varied(), DatasetInfo::default());
        let data = dir.path().join("battles.jsonl");
        let rows: String = index.battle_ids().map(|b| row_to_json(&index, b) + "\n").collect();
        std::fs::write(&data, rows).expect("write dataset");
        Env { dir, data }
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_arenascope"));
        cmd.args(args)
            .env("HOME", self.dir.path())
            .env("XDG_DATA_HOME", self.dir.path().join("data-home"))
            .env("XDG_CONFIG_HOME", self.dir.path().join("config-home"))
            .stdin(Stdio::null())
            .stderr(Stdio::piped());
        cmd
    }

    fn path(&self, name: &str) -> String {
        self.dir.path().join(name).to_string_lossy().into_owned()
    }
}

/// Every command and output form, with the dataset path and a review file filled in.
fn every_command(env: &Env) -> Vec<Vec<String>> {
    let data = env.data.to_string_lossy().into_owned();
    let store = env.path("s.jsonl");
    let d = data.as_str();
    let r = ["--review-file", store.as_str()];
    let forms: Vec<Vec<&str>> = vec![
        vec!["stats", d],
        vec!["stats", d, "--json"],
        vec!["ratings", d],
        vec!["ratings", d, "--json"],
        vec!["ratings", d, "--csv"],
        vec!["ratings", d, "--method", "elo"],
        vec!["ratings", d, "--matrix", "wins"],
        vec!["ratings", d, "--matrix", "battles", "--json"],
        vec!["ratings", d, "--matrix", "predicted", "--csv"],
        vec!["search", "", d],
        vec!["search", "", d, "--ids"],
        vec!["search", "", d, "--json"],
        vec!["search", "", d, "--count"],
        [&["review", "add", d, "--id", "0002bbbb", "--label", "unsafe"][..], &r].concat(),
        [&["review", "list", d][..], &r].concat(),
        [&["review", "list", d, "--json"][..], &r].concat(),
        [&["review", "list", d, "--ids"][..], &r].concat(),
        [&["review", "stats", d][..], &r].concat(),
        [&["review", "stats", d, "--json"][..], &r].concat(),
        [&["review", "import", d, "--from", store.as_str()][..], &r].concat(),
        [&["review", "remove", d, "--id", "0003cccc"][..], &r].concat(),
        vec!["--help"],
        vec!["--version"],
        vec!["ratings", "--help"],
    ];
    forms.into_iter().map(|f| f.into_iter().map(str::to_owned).collect()).collect()
}

#[test]
fn a_full_disk_is_one_error_line_and_exit_1() {
    if !Path::new("/dev/full").exists() {
        eprintln!("skipped: no /dev/full");
        return;
    }
    let env = Env::new();
    // A flag first, so that list and stats have something to print.
    let data = env.data.to_string_lossy().into_owned();
    let store = env.path("s.jsonl");
    let ok = env
        .command(&["review", "add", &data, "--id", "0001aaaa", "--label", "unsafe", "--review-file", &store])
        .stdout(Stdio::null())
        .output()
        .expect("run");
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    let export = env.path("flags.jsonl");
    let mut forms = every_command(&env);
    forms.push(vec![
        "review".into(),
        "export".into(),
        data.clone(),
        "--out".into(),
        export,
        "--review-file".into(),
        store,
    ]);
    for args in forms {
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        let full = File::create("/dev/full").expect("open /dev/full");
        let out = env.command(&argv).stdout(Stdio::from(full)).output().expect("run");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{argv:?}: {stderr}");
        let last = stderr.lines().last().unwrap_or_default();
        assert_eq!(last, "arenascope: writing to standard output: No space left on device", "{argv:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{argv:?}: {stderr}");
    }
}

#[test]
fn a_closed_pipe_exits_quietly() {
    let env = Env::new();
    // Enough output to overflow any pipe buffer, so the write meets the closed pipe even if
    // the reader goes away late.
    let big = env.dir.path().join("big.jsonl");
    let row = std::fs::read_to_string(&env.data).expect("read");
    let mut text = String::new();
    for i in 0..400 {
        text.push_str(&row.replace("0001aaaa", &format!("{i:08x}")));
    }
    std::fs::write(&big, text).expect("write");
    let big = big.to_string_lossy().into_owned();
    for args in [vec!["search", "", &big, "--json"], vec!["search", "", &big], vec!["stats", &big, "--json"]] {
        let mut child = env.command(&args).stdout(Stdio::piped()).spawn().expect("spawn");
        let mut first = [0u8; 16];
        let mut stdout = child.stdout.take().expect("stdout");
        let _ = stdout.read(&mut first);
        drop(stdout);
        let out = child.wait_with_output().expect("wait");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(!stderr.contains("error") && !stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}
