//! `arenascope review ...` as a user runs it: flag, list, remove, export, import, stats, with
//! the real binary on a small dataset written by the test.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use arenascope::fixtures::varied;
use arenascope::index::{BattleId, DatasetInfo, Index};
use arenascope::row_json::row_to_json;
use serde_json::Value;

struct Env {
    dir: tempfile::TempDir,
    data: PathBuf,
    index: Index,
}

impl Env {
    fn new() -> Env {
        let dir = tempfile::tempdir().expect("temp dir");
        let index = Index::from_battles(&varied(), DatasetInfo::default());
        let data = dir.path().join("battles.jsonl");
        let rows: Vec<String> = index.battle_ids().map(|b| row_to_json(&index, b)).collect();
        std::fs::write(&data, rows.join("\n") + "\n").expect("write dataset");
        Env { dir, data, index }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Runs the binary with HOME and the XDG folders inside the temp dir.
    fn run(&self, args: &[&str], stdin: Option<&str>) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_arenascope"));
        cmd.args(args)
            .env("HOME", self.dir.path())
            .env("XDG_DATA_HOME", self.path("data-home"))
            .env("XDG_CONFIG_HOME", self.path("config-home"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("run arenascope");
        if let Some(input) = stdin {
            child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("write stdin");
        }
        drop(child.stdin.take());
        child.wait_with_output().expect("wait")
    }

    /// Runs `review ARGS... <dataset> --review-file <store>` and expects success.
    fn review(&self, store: &str, args: &[&str]) -> String {
        let out = self.review_output(store, args, None);
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).expect("utf-8")
    }

    fn review_output(&self, store: &str, args: &[&str], stdin: Option<&str>) -> Output {
        let data = self.data.to_string_lossy().into_owned();
        let store = self.path(store).to_string_lossy().into_owned();
        let mut all = vec!["review"];
        all.extend_from_slice(args);
        all.extend_from_slice(&[data.as_str(), "--review-file", store.as_str()]);
        self.run(&all, stdin)
    }

    /// `review list --json`, parsed.
    fn listed(&self, store: &str) -> Vec<Value> {
        self.review(store, &["list", "--json"]).lines().map(|l| serde_json::from_str(l).expect("json line")).collect()
    }
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn ids(listed: &[Value]) -> Vec<&str> {
    listed.iter().map(|v| v["id"].as_str().unwrap_or_default()).collect()
}

#[test]
fn flag_list_and_remove() {
    let env = Env::new();
    env.review(
        "s.jsonl",
        &["add", "--id", "0001aaaa#2", "--id", "0003cccc", "--label", "Unsafe", "--note", "two\nlines"],
    );
    let out =
        env.review_output("s.jsonl", &["add", "--ids-from", "-", "--label", "refusal"], Some("0002bbbb\n\n0004dddd\n"));
    assert!(out.status.success(), "{}", stderr(&out));
    env.review("s.jsonl", &["add", "--id", "0003cccc", "--vote", "both bad"]);

    let listed = env.listed("s.jsonl");
    assert_eq!(ids(&listed), ["0002bbbb", "0003cccc", "0004dddd", "0001aaaa#2"], "dataset order");
    let c = &listed[1];
    assert_eq!(c["labels"], serde_json::json!(["unsafe"]), "the configured spelling is kept");
    assert_eq!((c["note"].as_str(), c["own_vote"].as_str()), (Some("two\nlines"), Some("tie (bothbad)")));
    assert_eq!(env.review("s.jsonl", &["list", "--ids", "--label", "REFUSAL"]), "0002bbbb\n0004dddd\n");
    let text = env.review("s.jsonl", &["list"]);
    assert!(text.contains("0001aaaa#2") && text.contains("two lines") && text.ends_with("4 battles\n"), "{text}");

    env.review("s.jsonl", &["remove", "--id", "0003cccc", "--label", "unsafe"]);
    env.review("s.jsonl", &["remove", "--id", "0002bbbb"]);
    let listed = env.listed("s.jsonl");
    assert_eq!(ids(&listed), ["0003cccc", "0004dddd", "0001aaaa#2"]);
    assert_eq!(listed[0]["labels"], serde_json::json!([]), "the note and vote stay");
}

#[test]
fn unknown_ids_and_labels_are_errors_that_name_them() {
    let env = Env::new();
    let out = env.review_output(
        "s.jsonl",
        &["add", "--id", "0001aaaa#3", "--id", "0002bbbb", "--id", "zzz", "--label", "unsafe"],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("not in this dataset: 0001aaaa#3, zzz"), "{}", stderr(&out));
    let out = env.review_output("s.jsonl", &["add", "--id", "0002bbbb", "--label", "unsfe"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("unknown label \"unsfe\""), "{}", stderr(&out));
    let out = env.review_output("s.jsonl", &["add", "--id", "0002bbbb"], None);
    assert_eq!(out.status.code(), Some(2), "nothing to add is a usage error");
    assert!(env.listed("s.jsonl").is_empty(), "a failed command changes nothing");
}

#[test]
fn labels_come_from_review_toml() {
    let env = Env::new();
    let config = env.path("config-home").join("arenascope");
    std::fs::create_dir_all(&config).expect("mkdir");
    std::fs::write(config.join("review.toml"), "labels = [\"jailbreak\", \"great answer\"]\n").expect("write");
    env.review("s.jsonl", &["add", "--id", "0002bbbb", "--label", "great answer"]);
    let out = env.review_output("s.jsonl", &["add", "--id", "0002bbbb", "--label", "unsafe"], None);
    assert_eq!(out.status.code(), Some(1), "the defaults are replaced");
    let stats = env.review("s.jsonl", &["stats"]);
    assert!(stats.contains("jailbreak") && stats.contains("great answer") && !stats.contains("unsafe"), "{stats}");
}

#[test]
fn default_store_follows_the_content_not_the_file() {
    let env = Env::new();
    let data = env.data.to_string_lossy().into_owned();
    let out = env.run(&["review", "add", &data, "--id", "0004dddd", "--label", "unsafe"], None);
    assert!(out.status.success(), "{}", stderr(&out));
    let reviews = env.path("data-home").join("arenascope").join("reviews");
    let files: Vec<PathBuf> =
        std::fs::read_dir(&reviews).expect("store folder").map(|e| e.expect("entry").path()).collect();
    assert_eq!(files.len(), 1);
    let name = files[0].file_name().unwrap_or_default().to_string_lossy().into_owned();
    assert!(name.len() == "0123456789abcdef.jsonl".len() && name.ends_with(".jsonl"), "{name}");

    // The same rows moved, renamed and rewritten as a pretty JSON array.
    let moved = env.path("elsewhere").join("renamed.json");
    std::fs::create_dir_all(moved.parent().unwrap_or(Path::new("."))).expect("mkdir");
    let rows: Vec<Value> =
        env.index.battle_ids().map(|b| serde_json::from_str(&row_to_json(&env.index, b)).expect("row")).collect();
    std::fs::write(&moved, serde_json::to_string_pretty(&rows).expect("json")).expect("write");
    let moved = moved.to_string_lossy().into_owned();
    let out = env.run(&["review", "list", "--ids", &moved], None);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "0004dddd\n");
}

#[test]
fn torn_last_line_loses_only_that_flag() {
    let env = Env::new();
    for id in ["0001aaaa", "0002bbbb", "0003cccc", "0004dddd", "0001aaaa#2"] {
        env.review("s.jsonl", &["add", "--id", id, "--label", "interesting"]);
    }
    let store = env.path("s.jsonl");
    let bytes = std::fs::read(&store).expect("read");
    std::fs::write(&store, &bytes[..bytes.len() - 25]).expect("truncate mid-line");
    let out = env.review_output("s.jsonl", &["list", "--ids"], None);
    assert!(out.status.success());
    assert!(stderr(&out).contains("torn last line"), "{}", stderr(&out));
    let listed = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(listed.lines().count(), 4, "{listed}");
    assert!(!listed.contains("0001aaaa#2"), "the journal is sorted by id: the last line is 0004dddd? {listed}");
}

#[test]
fn export_is_the_dataset_rows_plus_review_and_imports_back() {
    let env = Env::new();
    env.review("s.jsonl", &["add", "--id", "0001aaaa#2", "--id", "0004dddd", "--label", "unsafe"]);
    env.review(
        "s.jsonl",
        &[
            "add",
            "--id",
            "0004dddd",
            "--label",
            "wrong vote",
            "--note",
            "crowd chose the refusal\nreally",
            "--vote",
            "A",
        ],
    );
    env.review("s.jsonl", &["add", "--id", "0002bbbb", "--vote", "tie"]);
    let export = env.path("flags.jsonl");
    let export_arg = export.to_string_lossy().into_owned();
    let said = env.review("s.jsonl", &["export", "--out", &export_arg]);
    assert!(said.starts_with("wrote 3 battles"), "{said}");

    // Exactly the original row (keys in the dataset's order) plus `review`.
    let text = std::fs::read_to_string(&export).expect("read export");
    let expected_battles = [BattleId(1), BattleId(3), BattleId(4)];
    assert_eq!(text.lines().count(), 3);
    for (line, b) in text.lines().zip(expected_battles) {
        let mut row: serde_json::Map<String, Value> = serde_json::from_str(line).expect("json");
        let review = row.remove("review").expect("a review object");
        let original: serde_json::Map<String, Value> = serde_json::from_str(&row_to_json(&env.index, b)).expect("json");
        assert_eq!(row.keys().collect::<Vec<_>>(), original.keys().collect::<Vec<_>>());
        assert_eq!(row, original);
        let keys: Vec<&str> = review.as_object().map(|o| o.keys().map(String::as_str).collect()).unwrap_or_default();
        assert_eq!(keys, ["id", "labels", "note", "own_vote", "created", "updated"]);
        assert!(review["labels"].is_array() && review["note"].is_string());
    }

    // arenascope reads it as a dataset.
    let out = env.run(&["stats", "--json", &export_arg], None);
    assert!(out.status.success(), "{}", stderr(&out));
    let stats: Value = serde_json::from_slice(&out.stdout).expect("stats json");
    assert_eq!((stats["rows"].as_u64(), stats["skipped"].as_u64()), (Some(3), Some(0)));

    // Import into a fresh store gives the same flags, times included.
    let said = env.review("fresh.jsonl", &["import", "--from", &export_arg]);
    assert!(said.starts_with("imported 3 battles"), "{said}");
    assert_eq!(env.listed("fresh.jsonl"), env.listed("s.jsonl"));
    let again = env.review("fresh.jsonl", &["import", "--from", &export_arg]);
    assert!(again.contains("(0 changed, 3 already the same)"), "{again}");

    // A colleague's review file imports too, merging with what is there.
    env.review("other.jsonl", &["add", "--id", "0004dddd", "--label", "refusal", "--note", "theirs"]);
    let other = env.path("other.jsonl").to_string_lossy().into_owned();
    env.review("fresh.jsonl", &["import", "--from", &other]);
    let d = env.listed("fresh.jsonl").into_iter().find(|v| v["id"] == "0004dddd").expect("0004dddd");
    assert_eq!(d["labels"], serde_json::json!(["refusal", "unsafe", "wrong vote"]));
    assert_eq!(d["note"], "crowd chose the refusal\nreally\n\ntheirs");
    assert_eq!(d["own_vote"], "model_a");
}

#[test]
fn csv_export_and_filtered_export() {
    let env = Env::new();
    env.review("s.jsonl", &["add", "--id", "0002bbbb", "--label", "refusal", "--note", "a, \"quoted\"\nnote"]);
    env.review("s.jsonl", &["add", "--id", "0003cccc", "--label", "unsafe"]);
    let csv = env.path("flags.csv");
    env.review("s.jsonl", &["export", "--label", "refusal", "--out", &csv.to_string_lossy()]);
    let text = std::fs::read_to_string(&csv).expect("read csv");
    assert!(text.starts_with("id,question_id,occurrence,model_a,model_b,winner,language,"), "{text}");
    assert!(text.contains("0002bbbb,0002bbbb,1,vicuna-13b,koala-13b,model_b,Chinese,"), "{text}");
    assert!(text.contains(",\"a, \"\"quoted\"\"\nnote\","), "{text}");
    assert!(!text.contains("0003cccc"));
    let bad = env.review_output("s.jsonl", &["export", "--out", "flags.txt"], None);
    assert_eq!(bad.status.code(), Some(1));
    assert!(stderr(&bad).contains(".jsonl (or .ndjson) or .csv"));
}

#[test]
fn stats_show_agreement_with_the_crowd() {
    let env = Env::new();
    // Crowd: 0001aaaa tie, 0002bbbb B, 0003cccc both bad, 0004dddd B, 0001aaaa#2 A.
    for (id, vote) in
        [("0001aaaa", "tie"), ("0002bbbb", "B"), ("0003cccc", "A"), ("0004dddd", "B"), ("0001aaaa#2", "B")]
    {
        env.review("s.jsonl", &["add", "--id", id, "--vote", vote]);
    }
    let out = env.review("s.jsonl", &["stats", "--json"]);
    let s: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(s["entries"], 5);
    assert_eq!(s["flagged"], 0, "own votes alone do not flag");
    let all = &s["agreement"]["all_outcomes"];
    assert_eq!((all["n"].as_u64(), all["agreed"].as_u64()), (Some(5), Some(3)));
    // Decisive pairs (own, crowd): (B,B) (B,B) (B,A): p_o = 2/3, p_e = 0*1/3 + 1*2/3 = 2/3: kappa 0.
    let dec = &s["agreement"]["decisive"];
    assert_eq!((dec["n"].as_u64(), dec["agreed"].as_u64(), dec["kappa"].as_f64()), (Some(3), Some(2), Some(0.0)));
    // The rating table from own votes beside the crowd's, on the same five battles.
    let r = &s["ratings"];
    assert_eq!(r["battles"], 5);
    let rows = r["rows"].as_array().expect("rows");
    assert!(rows.iter().any(|row| row["model"] == "gpt-4" && row["battles"] == 4), "{r}");
    let text = env.review("s.jsonl", &["stats"]);
    assert!(text.contains("60.0% agree"), "{text}");
    assert!(text.contains("ratings on the 5 battles you voted on (Bradley-Terry"), "{text}");
}

#[test]
fn search_finds_flags_and_feeds_review_add() {
    let env = Env::new();
    let data = env.data.to_string_lossy().into_owned();
    let store = env.path("s.jsonl").to_string_lossy().into_owned();
    let search = |query: &str| {
        let out = env.run(&["search", query, &data, "--ids", "--review-file", &store], None);
        assert!(out.status.success(), "{}", stderr(&out));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    // Flag every battle a query finds, through a pipe, as the README shows.
    let found = search("lang:German|Arabic");
    assert_eq!(found, "0003cccc\n0001aaaa#2\n");
    let out = env.review_output("s.jsonl", &["add", "--ids-from", "-", "--label", "wrong-language"], Some(&found));
    assert!(out.status.success(), "{}", stderr(&out));
    env.review("s.jsonl", &["add", "--id", "0002bbbb", "--note", "odd", "--vote", "A"]);
    assert_eq!(search("review:flagged"), "0002bbbb\n0003cccc\n0001aaaa#2\n");
    assert_eq!(search("review:\"wrong language\""), "0003cccc\n0001aaaa#2\n");
    assert_eq!(search("review:noted"), "0002bbbb\n");
    assert_eq!(search("review:none"), "0001aaaa\n0004dddd\n");
    assert_eq!(search("-review:flagged winner:b"), "0004dddd\n");

    // A label nobody uses or configured is probably a typo: it matches nothing, and says so.
    let warned = |query: &str| {
        let out = env.run(&["search", query, &data, "--count", "--review-file", &store], None);
        assert!(out.status.success(), "{}", stderr(&out));
        (String::from_utf8_lossy(&out.stdout).into_owned(), stderr(&out))
    };
    let (count, err) = warned("review:flagge");
    assert_eq!(count, "0\n");
    assert!(err.contains("warning: review:flagge: no battle has this label; known: flagged, noted, none,"), "{err}");
    assert!(err.contains("wrong-language"), "{err}");
    // Known labels do not warn: one in use, and a configured default no battle has yet.
    for known in ["review:wrong-language", "review:Wrong_Language", "review:unsafe"] {
        assert!(!warned(known).1.contains("warning"), "{known}");
    }
}

#[test]
fn flagged_battles_can_be_left_out_of_the_ratings() {
    let env = Env::new();
    env.review("s.jsonl", &["add", "--id", "0001aaaa", "--id", "0004dddd", "--label", "bad data"]);
    let data = env.data.to_string_lossy().into_owned();
    let store = env.path("s.jsonl").to_string_lossy().into_owned();
    let battles = |extra: &[&str]| {
        let mut args = vec!["ratings", data.as_str(), "--json", "--review-file", store.as_str()];
        args.extend_from_slice(extra);
        let out = env.run(&args, None);
        assert!(out.status.success(), "{}", stderr(&out));
        let v: Value = serde_json::from_slice(&out.stdout).expect("json");
        v["battles"].as_u64()
    };
    assert_eq!(battles(&[]), Some(5));
    assert_eq!(battles(&["-q=-review:flagged"]), Some(3));
    assert_eq!(battles(&["-q", "review:bad-data"]), Some(2));
}

/// Issue 12, defect 1: an export never writes over a file the command reads (however the path
/// is spelled), never replaces a file without `--force`, and leaves no temporary file.
#[test]
fn export_never_overwrites_an_input_or_an_existing_file() {
    let env = Env::new();
    env.review("s.jsonl", &["add", "--id", "0002bbbb", "--label", "refusal"]);
    let original = std::fs::read(&env.data).expect("read dataset");
    let journal = std::fs::read(env.path("s.jsonl")).expect("read journal");
    std::fs::create_dir(env.path("x")).expect("mkdir");
    let link = env.path("link.jsonl");
    std::os::unix::fs::symlink(&env.data, &link).expect("symlink");
    let targets = [
        env.data.clone(),
        env.path("x/../battles.jsonl"),
        env.dir.path().join(".").join("battles.jsonl"),
        link,
        env.path("s.jsonl"),
        env.path("x/../s.jsonl"),
    ];
    for target in &targets {
        for force in [false, true] {
            let mut args = vec!["export", "--out", target.to_str().expect("utf-8 path")];
            if force {
                args.push("--force");
            }
            let out = env.review_output("s.jsonl", &args, None);
            assert_eq!(out.status.code(), Some(1), "{target:?} force={force}: {}", stderr(&out));
            let err = stderr(&out);
            assert!(err.contains("refusing to write over") && err.lines().count() == 1, "{err}");
        }
    }
    assert_eq!(std::fs::read(&env.data).expect("read dataset"), original, "the dataset is untouched");
    assert_eq!(std::fs::read(env.path("s.jsonl")).expect("read journal"), journal, "the journal is untouched");

    // An existing file is replaced only with --force.
    let other = env.path("flags.jsonl");
    std::fs::write(&other, "keep me\n").expect("write");
    let other_arg = other.to_string_lossy().into_owned();
    let out = env.review_output("s.jsonl", &["export", "--out", &other_arg], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("already exists; not replaced (use --force to replace it)"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&other).expect("read"), "keep me\n");
    let said = env.review("s.jsonl", &["export", "--out", &other_arg, "--force"]);
    assert!(said.starts_with("wrote 1 battle"), "{said}");
    assert!(std::fs::read_to_string(&other).expect("read").contains("\"refusal\""));

    // No temporary file is left anywhere.
    let names: Vec<String> = std::fs::read_dir(env.dir.path())
        .expect("dir")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    assert!(!names.iter().any(|n| n.ends_with(".tmp") || n.ends_with(".partial")), "{names:?}");
}

/// A review file that is the dataset itself would be appended to and compacted: refused.
#[test]
fn the_review_file_is_never_a_dataset_file() {
    let env = Env::new();
    let original = std::fs::read(&env.data).expect("read dataset");
    let data = env.data.to_string_lossy().into_owned();
    let out =
        env.run(&["review", "add", &data, "--id", "0002bbbb", "--label", "refusal", "--review-file", &data], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("the review file is the dataset file"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&env.data).expect("read dataset"), original);
}

/// Issue 12, defect 2: `q1` twice and a literal `q1#2` are three battles with three addresses;
/// a flag given by address lands on its own battle, and stays there after a reopen. A journal
/// written with the old addresses keeps the meaning it was read with.
#[test]
fn ids_containing_hash_get_their_own_flags() {
    let env = Env::new();
    let rows = [
        arenascope::fixtures::battle("q1", "first-a", "first-b"),
        arenascope::fixtures::battle("q1", "repeat-a", "repeat-b"),
        arenascope::fixtures::battle("q1#2", "literal-a", "literal-b"),
    ];
    let index = Index::from_battles(&rows, DatasetInfo::default());
    let data = env.path("hash.jsonl");
    let text: String = index.battle_ids().map(|b| row_to_json(&index, b) + "\n").collect();
    std::fs::write(&data, text).expect("write");
    let data = data.to_string_lossy().into_owned();
    let store = env.path("h.jsonl").to_string_lossy().into_owned();
    let run = |args: &[&str], stdin: Option<&str>| {
        let mut all = vec!["review"];
        all.extend_from_slice(args);
        all.extend_from_slice(&[data.as_str(), "--review-file", store.as_str()]);
        let out = env.run(&all, stdin);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        String::from_utf8(out.stdout).expect("utf-8")
    };

    // `search --ids` prints three distinct addresses that feed back into `review add`.
    let ids = env.run(&["search", "", &data, "--ids"], None);
    assert_eq!(String::from_utf8_lossy(&ids.stdout), "q1\nq1#2\nq1\\#2\n");
    run(&["add", "--id", "q1\\#2", "--label", "unsafe"], None);
    run(&["add", "--ids-from", "-", "--label", "refusal"], Some("q1#2\n"));

    let listed = |run: &dyn Fn(&[&str], Option<&str>) -> String| -> Vec<(String, String, Vec<String>)> {
        run(&["list", "--json"], None)
            .lines()
            .map(|l| {
                let v: Value = serde_json::from_str(l).expect("json");
                let labels = v["labels"].as_array().expect("labels").iter().map(|x| x.to_string()).collect();
                (
                    v["id"].as_str().unwrap_or_default().to_owned(),
                    v["model_a"].as_str().unwrap_or_default().to_owned(),
                    labels,
                )
            })
            .collect()
    };
    let expected = vec![
        ("q1#2".to_owned(), "repeat-a".to_owned(), vec!["\"refusal\"".to_owned()]),
        ("q1\\#2".to_owned(), "literal-a".to_owned(), vec!["\"unsafe\"".to_owned()]),
    ];
    assert_eq!(listed(&run), expected);
    // Reopened (the journal is replayed and compacted), the flags sit on the same battles.
    assert_eq!(listed(&run), expected);

    // A journal from before the escapes: `q1#2` was read as q1's second row, and still is.
    let old = r#"{"op":"put","id":"q1#2","labels":["old"],"note":"","own_vote":null,"created":1.0,"updated":1.0}"#;
    std::fs::write(&store, format!("{old}\n")).expect("write");
    let listed = listed(&run);
    assert_eq!(listed, vec![("q1#2".to_owned(), "repeat-a".to_owned(), vec!["\"old\"".to_owned()])]);
}
