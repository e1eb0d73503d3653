//! A seeded mutation fuzzer: valid parquet, JSON array, JSON Lines, gzip, review-journal,
//! review-export and config files written by the project's own writers, broken by byte flips, truncations, insertions,
//! splices and JSON value swaps, then loaded (and, now and then, run through the real binary);
//! and random queries built from the query language's own pieces, parsed and evaluated. Every
//! case runs on its own thread under a deadline: no panic, no hang, and every failure is one
//! line that names the file; the input file is left as it was.
//!
//! `ARENASCOPE_FUZZ_CASES=N` runs N cases per form (CI runs a few hundred);
//! `ARENASCOPE_FUZZ_SEED=S` changes the seed; `ARENASCOPE_FUZZ_CASE=I` reruns one case;
//! `ARENASCOPE_FUZZ_DEADLINE_MS` sets the deadline; `ARENASCOPE_FUZZ_CLI_EVERY=K` runs every
//! K-th file case through the binary too (0: never). A failure prints the seed, the case and
//! where its input was saved.

use std::io::Write;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::process::Command;
use std::sync::mpsc;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use arenascope::fixtures;
use arenascope::index::{BattleId, DatasetInfo, Index};
use arenascope::load::{self, LoadOptions};
use arenascope::model::{Battle, Winner};
use arenascope::query::{CompiledQuery, ReviewLookup, battles_matching, match_spans, parse};
use arenascope::review::export as review_export;
use arenascope::review::import::read_import;
use arenascope::review::{BattleKey, Edit, Entry, ReviewConfig, ReviewStore};
use arenascope::row_json::row_to_json;
use arenascope::stats::DatasetStats;
use arenascope::synth::{self, JsonLayout, ParquetCompression};
use arenascope::tui::testing::Config;
use serde_json::Value;
use tempfile::TempDir;

// --- the harness -------------------------------------------------------------------------

/// SplitMix64: tiny, seedable, the same on every machine.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in 0..n (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok())
}

fn cases(default: u64) -> u64 {
    env_number("ARENASCOPE_FUZZ_CASES").unwrap_or(default)
}

fn base_seed() -> u64 {
    env_number("ARENASCOPE_FUZZ_SEED").unwrap_or(0x00a7_e7a5_c09e)
}

fn deadline() -> Duration {
    Duration::from_millis(env_number("ARENASCOPE_FUZZ_DEADLINE_MS").unwrap_or(20_000))
}

/// The seed of one case: each form and case number gets its own stream.
fn case_seed(form: &str, case: u64) -> u64 {
    let mut h = base_seed() ^ 0xcbf2_9ce4_8422_2325;
    for b in form.bytes() {
        h = (h ^ b as u64).wrapping_mul(0x100_0000_01b3);
    }
    Rng::new(h ^ case.wrapping_mul(0x9e37_79b9_7f4a_7c15)).next()
}

/// The case numbers to run: all of them, or the one `ARENASCOPE_FUZZ_CASE` names.
fn case_numbers(default: u64) -> Vec<u64> {
    match env_number("ARENASCOPE_FUZZ_CASE") {
        Some(one) => vec![one],
        None => (0..cases(default)).collect(),
    }
}

/// One input under test, kept so that a failure can save it and say how to run it again.
struct Case {
    form: &'static str,
    case: u64,
    input: Vec<u8>,
    mutations: Vec<String>,
}

impl Case {
    /// Saves the input beside the build and describes the case in one paragraph.
    fn report(&self, what: &str) -> String {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-failures");
        let _ = std::fs::create_dir_all(&dir);
        let saved = dir.join(format!("{}-{:x}-{}.bin", self.form, base_seed(), self.case));
        let _ = std::fs::write(&saved, &self.input);
        let preview: String =
            String::from_utf8_lossy(&self.input[..self.input.len().min(300)]).escape_debug().collect();
        format!(
            "{what}\n  form {} case {} (rerun: ARENASCOPE_FUZZ_SEED={} ARENASCOPE_FUZZ_CASE={} cargo test --release \
             --test cli fuzz::{})\n  mutations: {}\n  input ({} bytes) saved to {}\n  starts: {preview}",
            self.form,
            self.case,
            base_seed(),
            self.case,
            self.form,
            self.mutations.join(", "),
            self.input.len(),
            saved.display(),
        )
    }
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_owned())
}

/// Runs `check` on its own thread under the deadline. A panic, a hang or a broken property
/// (an `Err` from `check`) fails the test with the case's seed and saved input; with
/// `ARENASCOPE_FUZZ_KEEP_GOING=1` it is printed and counted, and the test fails at the end.
fn guarded(case: &Case, tally: &mut Tally, check: impl FnOnce() -> Result<&'static str, String> + Send + 'static) {
    match run_guarded(case, check) {
        Ok(outcome) => *tally.outcomes.entry(outcome).or_default() += 1,
        Err(report) if std::env::var_os("ARENASCOPE_FUZZ_KEEP_GOING").is_some() => {
            eprintln!("{report}");
            tally.failures += 1;
        }
        Err(report) => panic!("{report}"),
    }
}

/// How the cases of one campaign ended (printed with `--nocapture`, for the record).
#[derive(Default)]
struct Tally {
    outcomes: std::collections::BTreeMap<&'static str, u64>,
    failures: u64,
}

impl Tally {
    /// Fails the test if a case failed under `ARENASCOPE_FUZZ_KEEP_GOING`.
    fn finish(self, form: &str) {
        eprintln!("fuzz {form}: {:?}, {} failures", self.outcomes, self.failures);
        assert_eq!(self.failures, 0, "{form}: {} failing cases (printed above)", self.failures);
    }
}

fn run_guarded<T: Send + 'static>(
    case: &Case,
    check: impl FnOnce() -> Result<T, String> + Send + 'static,
) -> Result<T, String> {
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .name(format!("{}-{}", case.form, case.case))
        .spawn(move || {
            let result = catch_unwind(AssertUnwindSafe(check));
            let _ = tx.send(result);
        })
        .expect("spawn a case thread");
    let limit = deadline();
    match rx.recv_timeout(limit) {
        Ok(Ok(Ok(outcome))) => Ok(outcome),
        Ok(Ok(Err(broken))) => Err(case.report(&format!("PROPERTY BROKEN: {broken}"))),
        Ok(Err(payload)) => Err(case.report(&format!("PANIC: {}", panic_message(payload.as_ref())))),
        // The stuck thread is left behind: the process ends with the failed test.
        Err(_) => Err(case.report(&format!("HANG: no answer within {limit:?}"))),
    }
}

/// A failure message must be one line.
fn one_line(what: &str, msg: &str) -> Result<(), String> {
    if msg.contains('\n') || msg.contains('\r') {
        return Err(format!("{what} is not one line: {msg:?}"));
    }
    if msg.trim().is_empty() {
        return Err(format!("{what} is empty"));
    }
    Ok(())
}

// --- mutations ---------------------------------------------------------------------------

/// Byte strings that tend to matter to a JSON, gzip or parquet decoder.
const TOKENS: &[&[u8]] = &[
    b"\"",
    b"\\",
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b":",
    b"\n",
    b"\r\n",
    b"\0",
    b"\xff",
    b"\xc3",
    b"\xef\xbb\xbf",
    b"null",
    b"true",
    b"-1",
    b"0",
    b"1e309",
    b"-1e309",
    b"1e13",
    b"-0",
    b"18446744073709551616",
    b"4294967295",
    b"2147483648",
    b"NaN",
    b"\\ud800",
    b"\\u0000",
    b"\\u001b[2J",
    b"\xe2\x80\xae",
    b"\x1b]0;x\x07",
    b"\x1b[31m",
    b"\"\":",
    b"{}",
    b"[]",
    b"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
    b"PAR1",
    b"\x1f\x8b",
    b"\xff\xff\xff\x7f",
    b"\x00\x00\x00\x80",
    b"\xff\xff\xff\xff\xff\xff\xff\xff",
];

/// Applies one to four random byte-level mutations; returns their descriptions.
fn mutate_bytes(rng: &mut Rng, data: &mut Vec<u8>, donors: &[&[u8]], tail_bias: bool) -> Vec<String> {
    let mut done = Vec::new();
    for _ in 0..1 + rng.below(4) {
        let len = data.len();
        // Parquet keeps its metadata at the end: aim there half the time.
        let pos = |rng: &mut Rng| {
            if tail_bias && len > 0 && rng.chance(0.5) {
                len - 1 - rng.below(len.min(4096))
            } else {
                rng.below(len + 1)
            }
        };
        match rng.below(8) {
            0 if len > 0 => {
                let n = 1 + rng.below(8);
                for _ in 0..n {
                    let p = pos(rng).min(len - 1);
                    if rng.chance(0.5) {
                        data[p] ^= 1 << rng.below(8);
                    } else {
                        data[p] = rng.next() as u8;
                    }
                }
                done.push(format!("flip {n} bytes"));
            }
            1 => {
                let p = pos(rng).min(len);
                data.truncate(p);
                done.push(format!("truncate at {p}"));
            }
            2 => {
                let p = pos(rng).min(len);
                let token = rng.pick(TOKENS);
                data.splice(p..p, token.iter().copied());
                done.push(format!("insert {:?} at {p}", String::from_utf8_lossy(token)));
            }
            3 => {
                let p = pos(rng).min(len);
                let n = 1 + rng.below(64);
                let junk: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
                data.splice(p..p, junk);
                done.push(format!("insert {n} random bytes at {p}"));
            }
            4 if len > 0 => {
                let p = pos(rng).min(len - 1);
                let n = 1 + rng.below((len - p).min(512));
                data.drain(p..p + n);
                done.push(format!("delete {n} bytes at {p}"));
            }
            5 if !donors.is_empty() => {
                let donor = rng.pick(donors);
                if donor.is_empty() {
                    continue;
                }
                let from = rng.below(donor.len());
                let n = 1 + rng.below((donor.len() - from).min(2048));
                let p = pos(rng).min(len);
                if rng.chance(0.5) {
                    let end = (p + n).min(len);
                    data.splice(p..end, donor[from..from + n].iter().copied());
                    done.push(format!("overwrite {n} bytes at {p} from a donor"));
                } else {
                    data.splice(p..p, donor[from..from + n].iter().copied());
                    done.push(format!("splice {n} bytes at {p} from a donor"));
                }
            }
            6 if len > 0 => {
                let p = pos(rng).min(len - 1);
                let n = 1 + rng.below((len - p).min(256));
                let times = 2 + rng.below(40);
                let chunk = data[p..p + n].to_vec();
                for _ in 1..times {
                    data.splice(p..p, chunk.iter().copied());
                }
                done.push(format!("repeat {n} bytes at {p} {times} times"));
            }
            _ => {
                // A run of digits becomes an extreme number.
                let start = pos(rng).min(len);
                if let Some(off) = data[start..].iter().position(u8::is_ascii_digit) {
                    let p = start + off;
                    let end = p + data[p..].iter().take_while(|b| b.is_ascii_digit()).count();
                    let token: &[u8] =
                        rng.pick::<&[u8]>(&[&b"0"[..], b"-1", b"99999999999999999999", b"1e308", b"4294967296"]);
                    data.splice(p..end, token.iter().copied());
                    done.push(format!("number at {p} -> {}", String::from_utf8_lossy(token)));
                }
            }
        }
    }
    done
}

/// A JSON value chosen to upset a row decoder.
fn odd_value(rng: &mut Rng, depth: usize) -> Value {
    match rng.below(14) {
        0 => Value::Null,
        1 => Value::Bool(rng.chance(0.5)),
        2 => Value::from(*rng.pick(&[0i64, -1, i64::MIN, i64::MAX, 4_294_967_296, 1])),
        3 => {
            Value::from(*rng.pick(&[0.5f64, -0.0, 1e13, 1e300, -1e300, 1.682e9, 1.682e12, 1.682e15, f64::MIN_POSITIVE]))
        }
        4 => Value::from(u64::MAX),
        5 => Value::from(""),
        6 => Value::from(*rng.pick(&[
            "a",
            "user",
            "assistant",
            "model_a",
            "model_b",
            "tie",
            "tie (bothbad)",
            "English",
            "\u{1b}]0;x\u{7}",
            "\u{202e}x",
            "日本語",
            "#",
            "q#2",
            "x#0",
            "\u{0}",
            "NaN",
            "2023-05-03",
        ])),
        7 => Value::from("long answer ".repeat(1 + rng.below(20_000))),
        8 if depth < 4 => Value::Array((0..rng.below(4)).map(|_| odd_value(rng, depth + 1)).collect()),
        9 if depth < 4 => {
            let mut m = serde_json::Map::new();
            for _ in 0..rng.below(4) {
                let key = rng.pick(&["content", "role", "flagged", "score", "categories", "x", ""]).to_string();
                m.insert(key, odd_value(rng, depth + 1));
            }
            Value::Object(m)
        }
        10 => {
            // Deep nesting, as a denial of service would try.
            let mut v = Value::Null;
            for _ in 0..rng.below(300) {
                v = Value::Array(vec![v]);
            }
            v
        }
        11 => Value::Array(Vec::new()),
        12 => Value::Object(serde_json::Map::new()),
        _ => Value::from(rng.next() as f64 / 7.0),
    }
}

/// Every place in a value a mutation can reach, as paths of keys and indexes.
fn paths(v: &Value, here: &mut Vec<PathStep>, out: &mut Vec<Vec<PathStep>>) {
    out.push(here.clone());
    match v {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                here.push(PathStep::Index(i));
                paths(item, here, out);
                here.pop();
            }
        }
        Value::Object(m) => {
            for (k, item) in m {
                here.push(PathStep::Key(k.clone()));
                paths(item, here, out);
                here.pop();
            }
        }
        _ => {}
    }
}

#[derive(Clone, Debug)]
enum PathStep {
    Key(String),
    Index(usize),
}

fn at_path<'a>(v: &'a mut Value, path: &[PathStep]) -> Option<&'a mut Value> {
    let mut v = v;
    for step in path {
        v = match step {
            PathStep::Key(k) => v.get_mut(k.as_str())?,
            PathStep::Index(i) => v.get_mut(*i)?,
        };
    }
    Some(v)
}

/// Swaps, removes or adds fields of one row: the structure stays JSON, the content goes wrong.
fn mutate_row(rng: &mut Rng, row: &mut Value) -> String {
    let mut all = Vec::new();
    paths(row, &mut Vec::new(), &mut all);
    let path = rng.pick(&all).clone();
    let shown = format!("{path:?}");
    match rng.below(4) {
        0 if !path.is_empty() => {
            let (last, parent) = path.split_last().expect("not empty");
            if let (Some(Value::Object(m)), PathStep::Key(k)) = (at_path(row, parent), last) {
                m.remove(k);
            }
            format!("remove {shown}")
        }
        1 => {
            if let Some(Value::Object(m)) = at_path(row, &path) {
                let key = rng.pick(&["unknown_field", "tstamp", "turn", "winner", "conversation_a", "", "\u{1b}"]);
                m.insert(key.to_string(), odd_value(rng, 0));
            }
            format!("add a field at {shown}")
        }
        _ => {
            if let Some(v) = at_path(row, &path) {
                *v = odd_value(rng, 0);
            }
            format!("replace {shown}")
        }
    }
}

// --- the files ---------------------------------------------------------------------------

/// The battles every base file holds: generated rows plus the hand-made varied ones.
fn base_battles() -> &'static [Battle] {
    static ROWS: OnceLock<Vec<Battle>> = OnceLock::new();
    ROWS.get_or_init(|| {
        let mut rows = synth::generate(14, 7);
        rows.extend(fixtures::varied());
        rows
    })
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(bytes).expect("gzip to memory");
    enc.finish().expect("gzip to memory")
}

fn jsonl_base() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| synth::jsonl_bytes(base_battles()))
}

fn file_bytes(write: impl FnOnce(&Path)) -> Vec<u8> {
    let dir = TempDir::new().expect("temp dir");
    let path = dir.path().join("base");
    write(&path);
    std::fs::read(&path).expect("read back")
}

fn array_base(layout: JsonLayout) -> Vec<u8> {
    file_bytes(|p| synth::write_json_array(p, base_battles(), layout).expect("write array"))
}

fn parquet_bases() -> &'static [Vec<u8>] {
    static BYTES: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    BYTES.get_or_init(|| {
        ParquetCompression::ALL
            .iter()
            .map(|&c| file_bytes(|p| synth::write_parquet(p, base_battles(), c, 6).expect("write parquet")))
            .collect()
    })
}

fn rows_of(jsonl: &[u8]) -> Vec<Value> {
    jsonl.split(|&b| b == b'\n').filter(|l| !l.is_empty()).map(|l| serde_json::from_slice(l).expect("a row")).collect()
}

/// JSON Lines with a few rows' content broken (structure-aware), or bytes broken.
fn mutated_jsonl(rng: &mut Rng) -> (Vec<u8>, Vec<String>) {
    let mut done = Vec::new();
    let mut bytes = if rng.chance(0.5) {
        let mut rows = rows_of(jsonl_base());
        for _ in 0..1 + rng.below(3) {
            let i = rng.below(rows.len());
            done.push(format!("row {i}: {}", mutate_row(rng, &mut rows[i])));
        }
        rows.iter().map(|r| format!("{r}\n")).collect::<String>().into_bytes()
    } else {
        jsonl_base().to_vec()
    };
    if done.is_empty() || rng.chance(0.3) {
        let donors = [jsonl_base()];
        done.extend(mutate_bytes(rng, &mut bytes, &donors, false));
    }
    (bytes, done)
}

/// A JSON array with rows broken (structure-aware) or bytes broken.
fn mutated_array(rng: &mut Rng) -> (Vec<u8>, Vec<String>) {
    let layout = if rng.chance(0.5) { JsonLayout::Compact } else { JsonLayout::Pretty };
    let mut done = vec![format!("{layout:?}")];
    let mut bytes = if rng.chance(0.5) {
        let mut rows = rows_of(jsonl_base());
        for _ in 0..1 + rng.below(3) {
            let i = rng.below(rows.len());
            done.push(format!("row {i}: {}", mutate_row(rng, &mut rows[i])));
        }
        let all = Value::Array(rows);
        match layout {
            JsonLayout::Compact => serde_json::to_vec(&all),
            JsonLayout::Pretty => serde_json::to_vec_pretty(&all),
        }
        .expect("serialise")
    } else {
        array_base(layout)
    };
    if done.len() == 1 || rng.chance(0.3) {
        let donors = [jsonl_base()];
        done.extend(mutate_bytes(rng, &mut bytes, &donors, false));
    }
    (bytes, done)
}

// --- loading -----------------------------------------------------------------------------

/// Loads `path` (lenient, or strict), checks what came back, and uses the index a little.
fn check_load(path: &Path, strict: bool) -> Result<&'static str, String> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
    let opts = LoadOptions { strict, ..LoadOptions::default() };
    match load::load_paths(&[path.to_path_buf()], opts) {
        Err(e) => {
            let msg = e.to_string();
            one_line("the load error", &msg)?;
            if !msg.contains(&name) {
                return Err(format!("the load error does not name the file {name}: {msg:?}"));
            }
            Ok("refused")
        }
        Ok(loaded) => {
            for p in &loaded.report.problems {
                let msg = p.to_string();
                one_line("a row problem", &msg)?;
                if !msg.contains(&name) {
                    return Err(format!("a row problem does not name the file {name}: {msg:?}"));
                }
            }
            if strict && loaded.report.skipped > 0 {
                return Err(format!("--strict skipped {} rows instead of stopping", loaded.report.skipped));
            }
            if loaded.index.is_empty() {
                return Err("a load without an error gave no battles".into());
            }
            let index = &loaded.index;
            let _ = DatasetStats::compute(index, &loaded.report);
            for b in index.battle_ids() {
                let _ = row_to_json(index, b);
                let _ = BattleKey::of(index, b);
            }
            Ok(if loaded.report.skipped > 0 { "loaded, rows skipped" } else { "loaded whole" })
        }
    }
}

/// The real binary on the file: exit 0 or 1, no panic, nothing raw from the data on stderr,
/// and a failure is one `arenascope:` line.
fn check_cli(path: &Path, home: &Path) -> Result<(), String> {
    let out = Command::new(env!("CARGO_BIN_EXE_arenascope"))
        .args(["stats", "--json"])
        .arg(path)
        .env_remove("HF_HUB_CACHE")
        .env_remove("HF_HOME")
        .env("HOME", home)
        .env("RUST_BACKTRACE", "1")
        .output()
        .map_err(|e| format!("running the binary: {e}"))?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    if stderr.contains("panicked") || stderr.contains("RUST_BACKTRACE") {
        return Err(format!("the binary panicked: {stderr}"));
    }
    if stderr.contains('\u{1b}') {
        return Err(format!("an escape reached stderr: {stderr:?}"));
    }
    match out.status.code() {
        Some(0) => Ok(()),
        Some(1) => {
            let lines: Vec<&str> = stderr.lines().collect();
            if lines.len() != 1 || !lines[0].starts_with("arenascope: ") {
                return Err(format!("exit 1 without exactly one error line: {stderr:?}"));
            }
            Ok(())
        }
        other => Err(format!("exit status {other:?}: {stderr}")),
    }
}

fn cli_every() -> u64 {
    env_number("ARENASCOPE_FUZZ_CLI_EVERY").unwrap_or(25)
}

/// Runs the file cases of one form: `make` builds the broken bytes of case `rng`.
fn file_campaign(form: &'static str, ext: &str, default_cases: u64, make: impl Fn(&mut Rng) -> (Vec<u8>, Vec<String>)) {
    let dir = TempDir::new().expect("temp dir");
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).expect("home");
    let every = cli_every();
    let numbers = case_numbers(default_cases);
    let mut tally = Tally::default();
    for &n in &numbers {
        let mut rng = Rng::new(case_seed(form, n));
        let (input, mutations) = make(&mut rng);
        let path = dir.path().join(format!("case-{n}.{ext}"));
        std::fs::write(&path, &input).expect("write the case");
        let case = Case { form, case: n, input, mutations };
        let strict = rng.chance(0.25);
        let cli = every > 0 && n % every == 0;
        let (p, h, original) = (path.clone(), home.clone(), case.input.clone());
        guarded(&case, &mut tally, move || {
            let outcome = check_load(&p, strict)?;
            if cli {
                check_cli(&p, &h)?;
            }
            // An input file is never written, whatever was in it.
            if std::fs::read(&p).ok().as_ref() != Some(&original) {
                return Err("the input file changed".into());
            }
            Ok(outcome)
        });
        let _ = std::fs::remove_file(&path);
    }
    tally.finish(form);
}

#[test]
fn jsonl() {
    file_campaign("jsonl", "jsonl", 400, mutated_jsonl);
}

#[test]
fn json_array() {
    file_campaign("json_array", "json", 300, mutated_array);
}

#[test]
fn jsonl_gz() {
    file_campaign("jsonl_gz", "jsonl.gz", 300, |rng| {
        if rng.chance(0.5) {
            // Broken content, well compressed.
            let (bytes, mut done) = mutated_jsonl(rng);
            done.insert(0, "gzip of".into());
            (gzip(&bytes), done)
        } else {
            // Broken compression: CRC, lengths, the deflate stream, a second member.
            let base = gzip(jsonl_base());
            let mut bytes = base.clone();
            let done = mutate_bytes(rng, &mut bytes, &[&base], false);
            (bytes, done)
        }
    });
}

#[test]
fn parquet() {
    file_campaign("parquet", "parquet", 300, |rng| {
        let bases = parquet_bases();
        let which = rng.below(bases.len());
        let mut bytes = bases[which].clone();
        let donors: Vec<&[u8]> = bases.iter().map(Vec::as_slice).collect();
        let mut done = vec![format!("{:?}", ParquetCompression::ALL[which])];
        done.extend(mutate_bytes(rng, &mut bytes, &donors, true));
        (bytes, done)
    });
}

// --- the review journal ------------------------------------------------------------------

/// A journal as the store writes it: flags, labels, multi-line notes, votes, removals.
fn journal_base() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| {
        let dir = TempDir::new().expect("temp dir");
        let path = dir.path().join("reviews.jsonl");
        let mut store = ReviewStore::open(&path).expect("open").0;
        let key = |s: &str| BattleKey::parse(s).expect("key");
        let edits = vec![
            (key("0001aaaa"), Edit::AddLabels(vec!["unsafe".into(), "wrong vote".into()])),
            (key("0002bbbb"), Edit::SetNote("line one\nline two ✓ 日本語 \u{1b}[31m".into())),
            (key("0003cccc"), Edit::SetVote(Some(Winner::BothBad))),
            (key("0001aaaa#2"), Edit::SetFlag { labels: vec!["great answer".into()], note: "\"quoted\"".into() }),
            (key("0004dddd"), Edit::SetVote(Some(Winner::ModelA))),
        ];
        for e in edits {
            store.apply(vec![e]).expect("apply");
        }
        store.apply(vec![(key("0004dddd"), Edit::Remove)]).expect("remove");
        store.apply(vec![(key("0003cccc"), Edit::AddLabels(vec!["jailbreak".into()]))]).expect("label");
        std::fs::read(&path).expect("read the journal")
    })
}

/// Opens a broken journal: a clean error or warnings, one line each; and a change made after
/// opening is there when the journal is opened again (no acknowledged flag is lost).
fn check_journal(path: &Path) -> Result<&'static str, String> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
    let (mut store, outcome) = match ReviewStore::open(path) {
        Err(e) => {
            let msg = e.to_string();
            one_line("the store error", &msg)?;
            return if msg.contains(&name) {
                Ok("refused")
            } else {
                Err(format!("the store error does not name {name}: {msg}"))
            };
        }
        Ok((store, warnings)) => {
            for w in &warnings {
                one_line("a journal warning", &w.0)?;
            }
            (store, if warnings.is_empty() { "opened clean" } else { "opened with warnings" })
        }
    };
    let key = BattleKey::parse("fuzz-check").expect("key");
    let applied = store
        .apply(vec![(key.clone(), Edit::AddLabels(vec!["acknowledged".into()]))])
        .map_err(|e| format!("a change to an opened store failed: {e}"))?;
    for w in &applied.warnings {
        one_line("a journal warning", &w.0)?;
    }
    let (again, _) = ReviewStore::open(path).map_err(|e| format!("reopening after a change: {e}"))?;
    match again.get(&key) {
        Some(e) if e.has_label("acknowledged") => Ok(outcome),
        other => Err(format!("an acknowledged flag was lost on reopening: {other:?}")),
    }
}

#[test]
fn review_journal() {
    let dir = TempDir::new().expect("temp dir");
    let numbers = case_numbers(300);
    let mut tally = Tally::default();
    for &n in &numbers {
        let mut rng = Rng::new(case_seed("review_journal", n));
        let mut input = journal_base().to_vec();
        let mutations = mutate_bytes(&mut rng, &mut input, &[journal_base()], false);
        let path = dir.path().join(format!("case-{n}.jsonl"));
        std::fs::write(&path, &input).expect("write the case");
        let case = Case { form: "review_journal", case: n, input, mutations };
        let p = path.clone();
        guarded(&case, &mut tally, move || check_journal(&p));
        for leftover in [path.clone(), path.with_extension("jsonl.rejected")] {
            let _ = std::fs::remove_file(leftover);
        }
    }
    tally.finish("review_journal");
}

// --- queries -----------------------------------------------------------------------------

/// Battles 0, 3, 5, ... are flagged; labels and notes on some.
struct SomeReviews;

impl ReviewLookup for SomeReviews {
    fn is_flagged(&self, b: BattleId) -> bool {
        b.0.is_multiple_of(3)
    }

    fn has_label(&self, b: BattleId, label: &str) -> bool {
        b.0.is_multiple_of(3) && label.eq_ignore_ascii_case("unsafe")
    }

    fn has_note(&self, b: BattleId) -> bool {
        b.0.is_multiple_of(5)
    }

    fn has_any_label(&self, b: BattleId) -> bool {
        b.0.is_multiple_of(3)
    }
}

fn query_index() -> Arc<Index> {
    static INDEX: OnceLock<Arc<Index>> = OnceLock::new();
    INDEX
        .get_or_init(|| {
            let mut rows = synth::generate(300, 3);
            rows.extend(fixtures::varied());
            Arc::new(Index::from_battles(&rows, DatasetInfo::default()))
        })
        .clone()
}

const KEYS: &[&str] = &[
    "prompt", "answer", "answer_a", "answer_b", "model", "model_a", "model_b", "winner", "loser", "lang", "language",
    "turns", "turn", "mod", "toxic", "anony", "judge", "id", "date", "review", "MODEL", "Lang", "promt", "x", "12",
];

const VALUES: &[&str] = &[
    "gpt-4",
    "claude-v1",
    "vicuna-13b",
    "a",
    "b",
    "tie",
    "bothbad",
    "german",
    "\"norwegian nynorsk\"",
    "English",
    "flagged",
    "harassment",
    "self-harm/intent",
    "violence/graphic",
    "yes",
    "no",
    "arena_user_1",
    "arena_user_973",
    "0001",
    "0001aaaa#2",
    "#",
    "x#0",
    "x#99999999999999999999",
    "2023-05-03",
    "2023-06",
    "2023-05-01..2023-05-15",
    ">2023-06-01",
    "<=2023-04-30",
    "2023-13-45",
    "0000-00-00",
    "9999-12-31",
    "-99999-01-01",
    "..",
    "1",
    "0",
    ">2",
    "<1",
    ">=3",
    "2..5",
    "5..2",
    "..3",
    "4294967296",
    "99999999999999999999",
    "-1",
    "noted",
    "none",
    "unsafe",
    "\"wrong vote\"",
    "python",
    "Rust",
    "并行",
    "القاهرة",
    "👨‍👩‍👧",
    "e\u{301}",
    "\u{202e}x",
    "\u{1b}[2J",
    "\u{0}",
    "ß",
    "İ",
];

const REGEXES: &[&str] = &[
    "/a+/",
    "/(?-i)Python/",
    "/\\bpandas\\b/",
    "/\\p{Han}+/",
    "/[/",
    "/(/",
    "/a{1000}{1000}/",
    "/(a*)*b/",
    "/.*.*.*.*.*x/",
    "/\\//",
    "//",
    "/^$/",
    "/(?s).{0,5000}/",
    "/[\\u{0}-\\u{10FFFF}]/",
    "/\\x{1b}/",
    "/(?x) a # comment/",
    "/\\d{1,3}(,\\d{3})*/",
    "/\\/",
    "/é|ü|ß/",
];

/// Values that suit a key (the fuzzer mostly asks sensible questions, so that evaluation, not
/// only parsing, is exercised).
fn fitting(key: &str) -> &'static [&'static str] {
    match key.to_ascii_lowercase().as_str() {
        "model" | "model_a" | "model_b" | "loser" => {
            &["gpt-4", "claude-v1", "vicuna-13b", "palm-2", "koala-13b", "GPT-4"]
        }
        "winner" => &["a", "b", "tie", "bothbad", "gpt-4", "vicuna-13b"],
        "lang" | "language" => &["german", "English", "\"norwegian nynorsk\"", "chinese", "arabic"],
        "turns" | "turn" => &["1", "2", ">1", "<3", ">=2", "<=1", "1..3", "2..", "..2", "0", "4294967296"],
        "mod" => &["flagged", "harassment", "self-harm/intent", "violence/graphic", "hate"],
        "toxic" | "anony" => &["yes", "no"],
        "judge" => &["arena_user_1", "arena_user_973"],
        "id" => &["0", "0001aaaa", "0001aaaa#2", "0001aaaa#1", "a"],
        "date" => &["2023-05-03", "2023-06", "2023-05-01..2023-05-15", ">2023-06-01", "<=2023-04-30", "2023-05.."],
        "review" => &["flagged", "noted", "none", "unsafe", "\"wrong vote\""],
        _ => &["python", "Rust", "the", "并行", "القاهرة", "e\u{301}", "ß", "İ", "code", "poem", "12:30", "a"],
    }
}

/// A query from the language's pieces, mixed with noise.
fn random_query(rng: &mut Rng) -> String {
    let mut q = String::new();
    for t in 0..1 + rng.below(5) {
        if t > 0 || rng.chance(0.1) {
            q.push_str(rng.pick::<&str>(&[" ", " ", "  ", "\t", "\u{3000}", ""]));
        }
        if rng.chance(0.2) {
            q.push('-');
        }
        let key = rng.chance(0.6).then(|| if rng.chance(0.9) { *rng.pick(&KEYS[..20]) } else { *rng.pick(KEYS) });
        if let Some(k) = key {
            q.push_str(k);
            q.push(':');
            let ordered = matches!(k, "turns" | "turn" | "date");
            if rng.chance(if ordered { 0.15 } else { 0.02 }) {
                q.push_str(rng.pick::<&str>(&[">", "<", ">=", "<=", ".."]));
            }
        }
        for alt in 0..1 + if rng.chance(0.2) { rng.below(5) } else { 0 } {
            if alt > 0 {
                q.push('|');
            }
            match rng.below(14) {
                0..=4 => match key {
                    Some(k) if rng.chance(0.8) => q.push_str(rng.pick::<&str>(fitting(k))),
                    _ => q.push_str(rng.pick::<&str>(VALUES)),
                },
                5..=7 => q.push_str(rng.pick::<&str>(fitting("prompt"))),
                8 | 9 => q.push_str(rng.pick::<&str>(REGEXES)),
                10 | 11 => {
                    q.push('"');
                    q.push_str(rng.pick::<&str>(VALUES));
                    if rng.chance(0.95) {
                        q.push('"');
                    }
                }
                12 => {
                    for _ in 0..1 + rng.below(6) {
                        q.push(*rng.pick(&['"', '/', '\\', '|', ':', '-', '#', '.', '>', '<', '(', '[', '*', ' ']));
                    }
                }
                _ => {
                    for _ in 0..1 + rng.below(8) {
                        let c = char::from_u32(rng.below(0x3_0000) as u32).unwrap_or('?');
                        q.push(c);
                    }
                }
            }
        }
    }
    if rng.chance(0.02) {
        // A long alternation, as a user pasting a word list would.
        let words: Vec<String> = (0..1 + rng.below(400)).map(|i| format!("w{i}")).collect();
        q.push(' ');
        q.push_str(&words.join("|"));
    }
    if rng.chance(0.1) {
        // Character-level damage.
        let mut chars: Vec<char> = q.chars().collect();
        if !chars.is_empty() {
            let i = rng.below(chars.len());
            match rng.below(3) {
                0 => {
                    chars.remove(i);
                }
                1 => chars.insert(i, *rng.pick(&['"', '/', '|', ':', '-', '\\', '\u{0}', '\n'])),
                _ => chars.truncate(i),
            }
        }
        q = chars.into_iter().collect();
    }
    q
}

/// Parses and evaluates; an error is one line with a column inside the text (or just after).
fn check_query(index: &Index, text: &str) -> Result<&'static str, String> {
    let len = text.chars().count();
    let compiled = match CompiledQuery::new(index, text) {
        Ok(c) => c,
        Err(e) => {
            one_line("the query error", &e.to_string())?;
            if e.column == 0 || e.column > len + 1 {
                return Err(format!("column {} outside the query of {len} characters", e.column));
            }
            return Ok("refused");
        }
    };
    if parse(text).is_err() {
        return Err("compiles but does not parse".into());
    }
    let found = battles_matching(index, &compiled, &SomeReviews);
    if found.windows(2).any(|w| w[0] >= w[1]) {
        return Err("matches not in dataset order".into());
    }
    if found.iter().any(|b| b.0 as usize >= index.len()) {
        return Err("a match outside the index".into());
    }
    for &b in found.iter().take(5) {
        let _ = match_spans(index, &compiled, b);
    }
    Ok(if found.is_empty() { "no match" } else { "matches" })
}

#[test]
fn queries() {
    let index = query_index();
    let numbers = case_numbers(3000);
    let mut tally = Tally::default();
    for &n in &numbers {
        let mut rng = Rng::new(case_seed("queries", n));
        let text = random_query(&mut rng);
        let case = Case { form: "queries", case: n, input: text.clone().into_bytes(), mutations: Vec::new() };
        let index = index.clone();
        guarded(&case, &mut tally, move || check_query(&index, &text));
    }
    tally.finish("queries");
}

// --- review imports and config files -------------------------------------------------------

fn base_index() -> Arc<Index> {
    static INDEX: OnceLock<Arc<Index>> = OnceLock::new();
    INDEX.get_or_init(|| Arc::new(Index::from_battles(base_battles(), DatasetInfo::default()))).clone()
}

/// A colleague's export: dataset rows plus a `review` object, as `review export` writes it.
fn export_base() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| {
        let index = base_index();
        let entries: Vec<(BattleId, Entry)> = index
            .battle_ids()
            .step_by(3)
            .enumerate()
            .map(|(i, b)| {
                let entry = Entry {
                    labels: ["unsafe", "wrong vote", "日本語"].iter().take(i % 3 + 1).map(|l| l.to_string()).collect(),
                    note: if i % 2 == 0 { format!("note {i}\nsecond line") } else { String::new() },
                    own_vote: [None, Some(Winner::ModelA), Some(Winner::BothBad)][i % 3],
                    created: 1_700_000_000.0,
                    updated: 1_700_000_100.0 + i as f64,
                };
                (b, entry)
            })
            .collect();
        let rows: Vec<(BattleId, &Entry)> = entries.iter().map(|(b, e)| (*b, e)).collect();
        let mut out = Vec::new();
        review_export::write_jsonl(&mut out, &index, &rows).expect("export to memory");
        out
    })
}

/// Reads a broken import against the dataset: a one-line error naming the file, or entries
/// with one-line warnings.
fn check_import(path: &Path, index: &Index) -> Result<&'static str, String> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
    match read_import(path, index) {
        Err(e) => {
            let msg = e.to_string();
            one_line("the import error", &msg)?;
            if msg.contains(&name) {
                Ok("refused")
            } else {
                Err(format!("the import error does not name {name}: {msg}"))
            }
        }
        Ok(imported) => {
            for w in &imported.warnings {
                one_line("an import warning", &w.0)?;
            }
            if imported.entries.iter().any(|(b, _)| b.0 as usize >= index.len()) {
                return Err("an imported entry outside the dataset".into());
            }
            Ok(if imported.warnings.is_empty() { "read clean" } else { "read with warnings" })
        }
    }
}

#[test]
fn review_import() {
    let dir = TempDir::new().expect("temp dir");
    let numbers = case_numbers(300);
    let mut tally = Tally::default();
    for &n in &numbers {
        let mut rng = Rng::new(case_seed("review_import", n));
        let mut done = Vec::new();
        let mut input = if rng.chance(0.5) {
            let mut rows = rows_of(export_base());
            for _ in 0..1 + rng.below(3) {
                let i = rng.below(rows.len());
                done.push(format!("row {i}: {}", mutate_row(&mut rng, &mut rows[i])));
            }
            rows.iter().map(|r| format!("{r}\n")).collect::<String>().into_bytes()
        } else {
            export_base().to_vec()
        };
        if done.is_empty() || rng.chance(0.3) {
            done.extend(mutate_bytes(&mut rng, &mut input, &[export_base(), journal_base()], false));
        }
        let path = dir.path().join(format!("case-{n}.jsonl"));
        std::fs::write(&path, &input).expect("write the case");
        let case = Case { form: "review_import", case: n, input, mutations: done };
        let (p, index) = (path.clone(), base_index());
        guarded(&case, &mut tally, move || check_import(&p, &index));
        let _ = std::fs::remove_file(&path);
    }
    tally.finish("review_import");
}

/// The README's config example.
const CONFIG_BASE: &str = "theme = \"light\"\n\n[keys.list]\ndown = [\"j\", \"ctrl-n\"]\nup = [\"k\", \"ctrl-p\"]\n\n\
    [keys.global]\nquit = [\"q\", \"ctrl-q\"]\n\n[keys.blind]\nvote_a = [\"a\", \"1\"]\nvote_b = [\"l\", \"2\"]\n\n\
    [keys.flag]\nsave = [\"ctrl-s\", \"f2\"]\n";

/// The README's `review.toml`.
const REVIEW_TOML_BASE: &str = "labels = [\"jailbreak\", \"great answer\", \"wrong vote\"]\n";

#[test]
fn config_files() {
    let numbers = case_numbers(1000);
    let mut tally = Tally::default();
    for &n in &numbers {
        let mut rng = Rng::new(case_seed("config_files", n));
        let keys_file = n % 2 == 0;
        let base = if keys_file { CONFIG_BASE } else { REVIEW_TOML_BASE };
        let mut input = base.as_bytes().to_vec();
        let tokens: &[&[u8]] =
            &[b"ctrl-alt-shift-f99", b"\"\"", b"[keys.nowhere]", b"= 5", b"f0", b"\xe2\x80\xae", b"[[keys]]", b"'''"];
        let mut mutations =
            mutate_bytes(&mut rng, &mut input, &[CONFIG_BASE.as_bytes(), REVIEW_TOML_BASE.as_bytes()], false);
        if rng.chance(0.3) {
            let t: &[u8] = rng.pick::<&[u8]>(tokens);
            let p = rng.below(input.len() + 1);
            input.splice(p..p, t.iter().copied());
            mutations.push(format!("insert {:?} at {p}", String::from_utf8_lossy(t)));
        }
        let text = String::from_utf8_lossy(&input).into_owned();
        let case = Case { form: "config_files", case: n, input, mutations };
        guarded(&case, &mut tally, move || {
            let problem = if keys_file { Config::parse(&text).err() } else { ReviewConfig::parse(&text).err() };
            match problem {
                Some(e) => one_line("the config problem", &e).map(|()| "refused"),
                None => Ok("parsed"),
            }
        });
    }
    tally.finish("config_files");
}
