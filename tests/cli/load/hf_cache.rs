//! Finding the dataset in the Hugging Face cache, and falling back to the sample.

use std::path::Path;

use arenascope::synth::{self, ParquetCompression, ReleaseLayout};
use tempfile::TempDir;

use super::common::*;

const REPO: &str = "datasets--lmsys--chatbot_arena_conversations";

/// A cache laid out like `huggingface_hub`'s: blobs, snapshots of symlinks, refs/main.
/// The snapshot `refs/main` names holds `rows` rows; an older one holds 5.
fn fake_cache(hub: &Path, rows: usize) {
    let repo = hub.join(REPO);
    let blobs = repo.join("blobs");
    std::fs::create_dir_all(&blobs).unwrap();
    for (rev, n) in
        [("0123456789abcdef0123456789abcdef01234567", rows), ("00000000000000000000000000000000000000ff", 5)]
    {
        let blob = blobs.join(format!("blob{n}"));
        synth::write_parquet(&blob, &synth::generate(n, n as u64), ParquetCompression::Snappy, 100).unwrap();
        let data = repo.join("snapshots").join(rev).join("data");
        std::fs::create_dir_all(&data).unwrap();
        let link = data.join("train-00000-of-00001-cced8514c7ed782a.parquet");
        std::os::unix::fs::symlink(Path::new("../../../blobs").join(format!("blob{n}")), link).unwrap();
        std::fs::write(repo.join("snapshots").join(rev).join(".gitattributes"), "*.parquet filter=lfs").unwrap();
    }
    std::fs::create_dir_all(repo.join("refs")).unwrap();
    std::fs::write(repo.join("refs").join("main"), "0123456789abcdef0123456789abcdef01234567").unwrap();
}

#[test]
fn hf_hub_cache_is_used_when_set() {
    let dir = TempDir::new().unwrap();
    let hub = dir.path().join("somewhere");
    fake_cache(&hub, 40);
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let run = arenascope_env(&["stats", "--json"], &home, &[("HF_HUB_CACHE", &hub)]);
    let stats = stats_json(&run);
    assert_eq!(stats["rows"], 40, "the snapshot refs/main points at");
    assert!(!run.stderr.contains("SAMPLE"), "{}", run.stderr);
}

#[test]
fn hf_home_hub_is_used_next() {
    let dir = TempDir::new().unwrap();
    let hf_home = dir.path().join("hf");
    fake_cache(&hf_home.join("hub"), 30);
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let stats = stats_json(&arenascope_env(&["stats", "--json"], &home, &[("HF_HOME", &hf_home)]));
    assert_eq!(stats["rows"], 30);
}

#[test]
fn home_cache_is_the_default() {
    let dir = TempDir::new().unwrap();
    let home = dir.path().join("home");
    fake_cache(&home.join(".cache").join("huggingface").join("hub"), 25);
    let stats = stats_json(&arenascope(&["stats", "--json"], &home));
    assert_eq!(stats["rows"], 25);
}

#[test]
fn without_a_cache_the_sample_is_shown_and_said_so() {
    let dir = TempDir::new().unwrap();
    let home = dir.path().join("empty-home");
    std::fs::create_dir_all(&home).unwrap();
    let run = arenascope(&["stats", "--json"], &home);
    let stats = stats_json(&run);
    assert_eq!(stats["rows"], synth::SAMPLE_ROWS);
    assert!(run.stderr.contains("showing the built-in SAMPLE"), "{}", run.stderr);
    assert!(run.stderr.contains("huggingface-cli download lmsys/chatbot_arena_conversations"), "{}", run.stderr);

    // An HF_HUB_CACHE without the dataset falls back to the sample as well.
    let empty_hub = dir.path().join("hub");
    std::fs::create_dir_all(&empty_hub).unwrap();
    let run = arenascope_env(&["stats", "--json"], &home, &[("HF_HUB_CACHE", &empty_hub)]);
    assert_eq!(stats_json(&run)["rows"], synth::SAMPLE_ROWS);
    assert!(run.stderr.contains("SAMPLE"));
}

/// One cached repository `owner/name` with a single snapshot (no refs/main) of `rows` rows,
/// in the layout and file names that repository publishes.
fn fake_repo(hub: &Path, repo: &str, rows: usize) {
    let snapshot = hub.join(format!("datasets--{}", repo.replace('/', "--"))).join("snapshots").join("abc");
    let data = snapshot.join("data");
    std::fs::create_dir_all(if repo.ends_with("-55k") { &snapshot } else { &data }).unwrap();
    let battles = synth::generate(rows, 7);
    let release = |path: &Path, rows: &[arenascope::model::Battle], layout| {
        synth::write_release_parquet(path, rows, layout, &[]).unwrap()
    };
    match repo.rsplit('/').next().unwrap_or(repo) {
        "chatbot_arena_conversations" => {
            synth::write_parquet(&data.join("train-00000-of-00001.parquet"), &battles, ParquetCompression::Snappy, 100)
                .unwrap()
        }
        // Kaggle's train.csv, at the top of the snapshot.
        name if name.ends_with("-55k") => std::fs::write(snapshot.join("train.csv"), synth::csv_55k(&battles)).unwrap(),
        "arena-human-preference-100k" => {
            release(&data.join("arena-explorer-preference-100k.parquet"), &battles, ReleaseLayout::P100k)
        }
        "arena-human-preference-140k" => {
            release(&data.join("train-00000-of-00001.parquet"), &battles, ReleaseLayout::P140k)
        }
        "mt_bench_human_judgments" => {
            let (human, gpt) = battles.split_at(rows / 2);
            release(&data.join("human-00000-of-00001.parquet"), human, ReleaseLayout::MtBench);
            release(&data.join("gpt4_pair-00000-of-00001.parquet"), gpt, ReleaseLayout::MtBench);
        }
        "search-arena-24k" => release(&data.join("test-00000-of-00001.parquet"), &battles, ReleaseLayout::SearchArena),
        other => panic!("no fixture layout for {other}"),
    }
}

fn home_in(dir: &Path) -> std::path::PathBuf {
    let home = dir.join("home");
    std::fs::create_dir_all(&home).unwrap();
    home
}

#[test]
fn datasets_lists_every_cached_release_or_says_where_it_looked() {
    let dir = TempDir::new().unwrap();
    let home = home_in(dir.path());
    let hub = dir.path().join("hub");
    std::fs::create_dir_all(&hub).unwrap();
    let run = arenascope_env(&["datasets"], &home, &[("HF_HUB_CACHE", &hub)]);
    assert!(run.stdout.contains("none found") && run.stdout.contains(&hub.display().to_string()), "{}", run.stdout);

    fake_repo(&hub, "lmarena-ai/arena-human-preference-140k", 12);
    fake_repo(&hub, "lmsys/lmsys-arena-human-preference-55k", 9);
    fake_repo(&hub, "lmsys/mt_bench_human_judgments", 8);
    let run = arenascope_env(&["datasets"], &home, &[("HF_HUB_CACHE", &hub)]);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", run.stdout);
    assert!(lines[0].starts_with("55k") && lines[0].contains("lmsys/lmsys-arena-human-preference-55k"), "{}", lines[0]);
    assert!(lines[1].starts_with("140k") && lines[1].contains("1 file"), "{}", lines[1]);
    assert!(lines[2].starts_with("mtbench"), "{}", lines[2]);
}

#[test]
fn dataset_flag_opens_one_release_by_short_name_or_repo_id() {
    let dir = TempDir::new().unwrap();
    let home = home_in(dir.path());
    let hub = dir.path().join("hub");
    fake_repo(&hub, "lmarena-ai/arena-human-preference-140k", 12);
    fake_repo(&hub, "lmarena-ai/arena-human-preference-100k", 11);
    let env = [("HF_HUB_CACHE", hub.as_path())];
    assert_eq!(stats_json(&arenascope_env(&["stats", "--json", "--dataset", "100k"], &home, &env))["rows"], 11);
    let run = arenascope_env(&["--dataset", "lmarena-ai/arena-human-preference-140k", "stats", "--json"], &home, &env);
    assert_eq!(stats_json(&run)["rows"], 12);

    // Known but absent: an error saying where it looked.
    let run = arenascope_env(&["stats", "--dataset", "mtbench"], &home, &env);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains(&hub.display().to_string()), "{}", run.stderr);
    assert!(run.stderr.contains("datasets--lmsys--mt_bench_human_judgments"), "{}", run.stderr);

    // Unknown: a usage error listing the names.
    let run = arenascope_env(&["stats", "--dataset", "150k"], &home, &env);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    for name in ["33k", "55k", "100k", "140k", "mtbench", "search"] {
        assert!(run.stderr.contains(name), "{name}: {}", run.stderr);
    }
}

#[test]
fn without_a_path_the_2023_release_else_the_only_else_the_newest_opens() {
    let dir = TempDir::new().unwrap();
    let home = home_in(dir.path());
    let hub = dir.path().join("hub");
    let env = [("HF_HUB_CACHE", hub.as_path())];

    fake_repo(&hub, "lmsys/mt_bench_human_judgments", 8);
    let run = arenascope_env(&["stats", "--json"], &home, &env);
    assert_eq!(stats_json(&run)["rows"], 8, "the only one");
    assert!(!run.stderr.contains("also there"), "{}", run.stderr);

    fake_repo(&hub, "lmarena-ai/arena-human-preference-140k", 12);
    fake_repo(&hub, "lmarena-ai/arena-human-preference-100k", 11);
    let run = arenascope_env(&["stats", "--json"], &home, &env);
    assert_eq!(stats_json(&run)["rows"], 12, "the newest");
    assert!(
        run.stderr.contains("opened the 140k release") && run.stderr.contains("also there: 100k, mtbench"),
        "{}",
        run.stderr
    );

    fake_cache(&hub, 40);
    let run = arenascope_env(&["stats", "--json"], &home, &env);
    assert_eq!(stats_json(&run)["rows"], 40, "the 2023 release first");
    assert!(run.stderr.contains("opened the 33k release"), "{}", run.stderr);
}

#[test]
fn datasets_recognises_each_release_in_its_own_layout() {
    let dir = TempDir::new().unwrap();
    let home = home_in(dir.path());
    let hub = dir.path().join("hub");
    let env = [("HF_HUB_CACHE", hub.as_path())];
    let repos = [
        ("lmsys/chatbot_arena_conversations", "chatbot_arena_conversations", 10),
        ("lmsys/lmsys-arena-human-preference-55k", "arena-human-preference-55k", 9),
        ("lmarena-ai/arena-human-preference-100k", "arena-human-preference-100k", 11),
        ("lmarena-ai/arena-human-preference-140k", "arena-human-preference-140k", 12),
        ("lmsys/mt_bench_human_judgments", "mt_bench_human_judgments", 8),
        ("lmarena-ai/search-arena-24k", "search-arena-24k", 7),
    ];
    for (repo, _, rows) in repos {
        fake_repo(&hub, repo, rows);
    }
    let run = arenascope_env(&["datasets", "--json"], &home, &env);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let listed: serde_json::Value = serde_json::from_str(&run.stdout).expect("one JSON document");
    let listed = listed.as_array().expect("an array");
    assert_eq!(listed.len(), repos.len(), "{}", run.stdout);
    for (entry, (repo, name, rows)) in listed.iter().zip(repos) {
        assert_eq!(entry["repo"], repo);
        assert_eq!(entry["name"], name);
        assert_eq!(entry["release_recognised"], name, "{repo}: its files' columns are its release");
        assert!(entry["problem"].is_null());
        let files = entry["files"].as_array().unwrap();
        assert_eq!(files.len(), if name.starts_with("mt_bench") { 2 } else { 1 }, "{repo}");
        let size: u64 = files.iter().map(|f| std::fs::metadata(f.as_str().unwrap()).unwrap().len()).sum();
        assert_eq!(entry["size"], size);
        // And each opens as that release, by its short name.
        let stats = stats_json(&arenascope_env(
            &["stats", "--json", "--dataset", entry["short"].as_str().unwrap()],
            &home,
            &env,
        ));
        assert_eq!((stats["rows"].as_u64(), stats["release"].as_str()), (Some(rows as u64), Some(name)), "{repo}");
    }
    // The text listing says nothing more when every folder holds its release ...
    let text = arenascope_env(&["datasets"], &home, &env).stdout;
    assert_eq!(text.lines().count(), repos.len(), "{text}");
    assert!(!text.contains("look like") && !text.contains("not readable"), "{text}");
    // ... and says so when one does not.
    let wrong =
        hub.join("datasets--lmarena-ai--arena-human-preference-140k/snapshots/abc/data/train-00000-of-00001.parquet");
    synth::write_parquet(&wrong, &synth::generate(5, 3), ParquetCompression::Snappy, 100).unwrap();
    let text = arenascope_env(&["datasets"], &home, &env).stdout;
    assert!(text.contains("(its files look like chatbot_arena_conversations)"), "{text}");
    let listed: serde_json::Value =
        serde_json::from_str(&arenascope_env(&["datasets", "--json"], &home, &env).stdout).unwrap();
    let p140 = listed.as_array().unwrap().iter().find(|e| e["short"] == "140k").unwrap();
    assert_eq!(p140["release_recognised"], "chatbot_arena_conversations");
}
