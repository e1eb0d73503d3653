//! The review store never loses acknowledged work: a writer killed with SIGKILL at random
//! moments, several writers at once. The writers are this test binary run again as a child
//! process (the ignored `writer_process` test), so they are real, separate processes.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use arenascope::review::{BattleKey, Edit, ReviewStore};

const JOURNAL_ENV: &str = "ARENASCOPE_TEST_JOURNAL";
const PREFIX_ENV: &str = "ARENASCOPE_TEST_PREFIX";
const COUNT_ENV: &str = "ARENASCOPE_TEST_COUNT";
const SHARED_ENV: &str = "ARENASCOPE_TEST_SHARED";
/// The writer reopens the store (replay and compaction) this often, so kills and the other
/// writer also meet compactions.
const REOPEN_EVERY: u64 = 3;

fn key(s: &str) -> BattleKey {
    BattleKey::parse(s).expect("key")
}

/// The child: flags `<prefix><i>` and adds label `<prefix><i>` to the shared battle, in one
/// change, for i = 0.. (up to COUNT, or until killed), printing `ack i` once it is saved.
#[test]
#[ignore = "a child process of the other tests in this file"]
fn writer_process() {
    let (Ok(journal), Ok(prefix), Ok(shared)) =
        (std::env::var(JOURNAL_ENV), std::env::var(PREFIX_ENV), std::env::var(SHARED_ENV))
    else {
        panic!("run by the durability tests, with {JOURNAL_ENV}, {PREFIX_ENV} and {SHARED_ENV} set");
    };
    let count: u64 = std::env::var(COUNT_ENV).ok().and_then(|c| c.parse().ok()).unwrap_or(u64::MAX);
    let path = Path::new(&journal);
    let mut store = ReviewStore::open(path).expect("open").0;
    for i in 0..count {
        if i > 0 && i % REOPEN_EVERY == 0 {
            store = ReviewStore::open(path).expect("reopen").0;
        }
        let id = format!("{prefix}{i}");
        let edits =
            vec![(key(&id), Edit::AddLabels(vec!["unsafe".into()])), (key(&shared), Edit::AddLabels(vec![id.clone()]))];
        store.apply(edits).expect("apply");
        println!("ack {i}");
    }
}

fn spawn_writer(journal: &Path, prefix: &str, shared: &str, count: Option<u64>) -> Child {
    let exe = std::env::current_exe().expect("test binary");
    let mut cmd = Command::new(exe);
    cmd.args(["review_durability::writer_process", "--exact", "--ignored", "--nocapture", "--test-threads=1", "-q"])
        .env(JOURNAL_ENV, journal)
        .env(PREFIX_ENV, prefix)
        .env(SHARED_ENV, shared)
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    if let Some(n) = count {
        cmd.env(COUNT_ENV, n.to_string());
    }
    cmd.spawn().expect("spawn writer")
}

/// Sends each acknowledged number as it is printed (only whole lines count).
fn read_acks(child: &mut Child) -> mpsc::Receiver<u64> {
    let (tx, rx) = mpsc::channel();
    let stdout = child.stdout.take().expect("stdout");
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        let mut line = Vec::new();
        while reader.read_until(b'\n', &mut line).is_ok_and(|n| n > 0) {
            let text = String::from_utf8_lossy(&line);
            // The test harness may print on the same line before the first ack.
            let ack = text.strip_suffix('\n').and_then(|l| l.rsplit_once("ack ")).map(|(_, n)| n);
            if let Some(n) = ack.and_then(|n| n.parse().ok())
                && tx.send(n).is_err()
            {
                return;
            }
            line.clear();
        }
    });
    rx
}

/// A simple deterministic spread of kill delays.
fn delay_ms(round: u64) -> u64 {
    5 + (round * 7919 + 13) % 60
}

#[test]
fn every_acknowledged_flag_survives_sigkill() {
    let dir = tempfile::tempdir().expect("temp dir");
    let journal = dir.path().join("review.jsonl");
    let mut total_acked = 0;
    let mut torn_seen = 0;
    for round in 0..20u64 {
        let prefix = format!("r{round}-");
        let shared = format!("shared-{round}");
        let mut child = spawn_writer(&journal, &prefix, &shared, None);
        let acks = read_acks(&mut child);
        // Wait for the first saved flag, then kill at a varying moment.
        let first = acks.recv_timeout(Duration::from_secs(20)).expect("the writer saves a flag");
        std::thread::sleep(Duration::from_millis(delay_ms(round)));
        child.kill().expect("SIGKILL");
        child.wait().expect("reap");
        let acked: Vec<u64> = std::iter::once(first).chain(acks.iter()).collect();
        assert!(acked.windows(2).all(|w| w[1] == w[0] + 1), "acks in order: {acked:?}");

        let (store, warnings) = ReviewStore::open(&journal).expect("reopen after the kill");
        torn_seen += warnings.iter().filter(|w| w.0.contains("torn")).count();
        let shared = store.get(&key(&shared)).expect("the shared battle");
        for i in &acked {
            let id = format!("{prefix}{i}");
            let entry = store.get(&key(&id));
            assert!(entry.is_some_and(|e| e.has_label("unsafe")), "round {round}: acknowledged {id} lost");
            assert!(shared.has_label(&id), "round {round}: acknowledged label {id} lost");
        }
        total_acked += acked.len();
    }
    let (store, warnings) = ReviewStore::open(&journal).expect("open");
    assert!(warnings.is_empty(), "compaction left the journal clean: {warnings:?}");
    assert!(store.len() > total_acked, "every acknowledged flag is there: {} > {total_acked}", store.len());
    eprintln!("{total_acked} acknowledged flags over 20 kills, {torn_seen} torn lines skipped");
}

#[test]
fn concurrent_writers_lose_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let journal = dir.path().join("review.jsonl");
    let per_writer = 75;
    let start = Instant::now();
    let mut writers: Vec<Child> =
        ["a", "b", "c", "d"].iter().map(|p| spawn_writer(&journal, p, "shared", Some(per_writer))).collect();
    for w in &mut writers {
        assert!(w.wait().expect("wait").success(), "a writer failed");
    }
    let (store, warnings) = ReviewStore::open(&journal).expect("open");
    assert!(warnings.is_empty(), "{warnings:?}");
    let shared = store.get(&key("shared")).expect("shared");
    for p in ["a", "b", "c", "d"] {
        for i in 0..per_writer {
            let id = format!("{p}{i}");
            assert!(store.get(&key(&id)).is_some(), "{id} lost");
            assert!(shared.has_label(&id), "label {id} on the shared battle lost");
        }
    }
    assert_eq!(shared.labels.len() as u64, 4 * per_writer);
    assert_eq!(store.len() as u64, 4 * per_writer + 1);
    eprintln!("four writers, {per_writer} changes each, in {:?}", start.elapsed());
}
