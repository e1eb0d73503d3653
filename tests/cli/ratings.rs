//! `arenascope ratings` end to end on small JSON Lines files written by the tests: the table,
//! JSON, CSV and matrices, and the awkward subsets (empty, one battle, all ties, disconnected
//! models, perfect records) that must give clear output, never NaN, infinity or a panic.

use std::path::{Path, PathBuf};
use std::process::Command;

use arenascope::fixtures::battle;
use arenascope::index::{DatasetInfo, Index};
use arenascope::model::Winner;
use arenascope::row_json::row_to_json;
use serde_json::Value;

/// Writes battles `(model_a, model_b, vote)` (vote A, B, T = tie, X = both bad), one a day from
/// 2023-05-01, as a JSON Lines file.
fn write_battles(dir: &Path, name: &str, spec: &[(&str, &str, char)]) -> PathBuf {
    let rows: Vec<_> = spec
        .iter()
        .enumerate()
        .map(|(i, &(a, b, v))| {
            let mut row = battle(&format!("{i:032x}"), a, b);
            row.winner = match v {
                'A' => Winner::ModelA,
                'B' => Winner::ModelB,
                'T' => Winner::Tie,
                _ => Winner::BothBad,
            };
            row.tstamp = Some(1_682_899_200.0 + 86_400.0 * i as f64 + 60.0);
            row
        })
        .collect();
    let index = Index::from_battles(&rows, DatasetInfo::default());
    let text: String = index.battle_ids().map(|b| row_to_json(&index, b) + "\n").collect();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn ratings(file: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_arenascope")).arg("ratings").arg(file).args(args).output().unwrap();
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    let all = format!("{}{}", run.stdout, run.stderr);
    let words: Vec<&str> = all.split(|c: char| !c.is_alphanumeric()).collect();
    for bad in ["NaN", "nan", "inf", "Infinity", "infinity"] {
        assert!(!words.contains(&bad), "{bad} in output:\n{all}");
    }
    assert!(!all.contains("panicked"), "{all}");
    run
}

fn json(file: &Path, args: &[&str]) -> Value {
    let run = ratings(file, &[args, &["--json"]].concat());
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

fn model<'a>(v: &'a Value, name: &str) -> &'a Value {
    v["models"].as_array().unwrap().iter().find(|m| m["model"] == name).unwrap()
}

/// Three models, every pair met both ways: the MLE exists.
const LEAGUE: &[(&str, &str, char)] = &[
    ("gpt-4", "vicuna-13b", 'A'),
    ("gpt-4", "vicuna-13b", 'A'),
    ("vicuna-13b", "gpt-4", 'A'),
    ("gpt-4", "alpaca-13b", 'A'),
    ("alpaca-13b", "gpt-4", 'A'),
    ("gpt-4", "alpaca-13b", 'A'),
    ("vicuna-13b", "alpaca-13b", 'A'),
    ("alpaca-13b", "vicuna-13b", 'A'),
    ("vicuna-13b", "alpaca-13b", 'T'),
    ("alpaca-13b", "vicuna-13b", 'X'),
];

#[test]
fn json_has_the_documented_shape() {
    let dir = tempfile::tempdir().unwrap();
    let f = write_battles(dir.path(), "league.jsonl", LEAGUE);
    let v = json(&f, &[]);
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["method", "battles", "mle_exists", "problems", "models"]);
    assert_eq!(v["method"], "bt");
    assert_eq!(v["battles"], 10);
    assert_eq!(v["mle_exists"], true);
    assert_eq!(v["problems"], Value::Array(vec![]));
    let models = v["models"].as_array().unwrap();
    let names: Vec<&str> = models.iter().map(|m| m["model"].as_str().unwrap()).collect();
    assert_eq!(names, ["gpt-4", "vicuna-13b", "alpaca-13b"]);
    let m0: Vec<&str> = models[0].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(m0, ["model", "rating", "lower", "upper", "rank_ub", "battles", "win_rate"]);
    let mean: f64 = models.iter().map(|m| m["rating"].as_f64().unwrap()).sum::<f64>() / 3.0;
    assert!((mean - 1000.0).abs() < 1e-6, "ratings average 1000: {mean}");
    assert_eq!(model(&v, "gpt-4")["battles"], 6);
    let g = model(&v, "gpt-4");
    assert!(g["lower"].as_f64().unwrap() < g["rating"].as_f64().unwrap());

    let none = json(&f, &["--ci", "none"]);
    assert!(model(&none, "gpt-4")["lower"].is_null() && model(&none, "gpt-4")["upper"].is_null());
    let elo = json(&f, &["--method", "elo"]);
    assert_eq!(elo["method"], "elo");
    assert!(model(&elo, "gpt-4")["lower"].is_null(), "no interval asked for");
}

#[test]
fn bootstrap_is_reproducible_by_seed() {
    let dir = tempfile::tempdir().unwrap();
    let f = write_battles(dir.path(), "league.jsonl", LEAGUE);
    let a = json(&f, &["--ci", "bootstrap", "--rounds", "50", "--seed", "3"]);
    let b = json(&f, &["--ci", "bootstrap", "--rounds", "50", "--seed", "3"]);
    assert_eq!(a, b);
    let g = model(&a, "gpt-4");
    assert!(g["lower"].as_f64().unwrap() <= g["rating"].as_f64().unwrap());
}

#[test]
fn text_names_the_method_and_warns_that_elo_depends_on_order() {
    let dir = tempfile::tempdir().unwrap();
    let f = write_battles(dir.path(), "league.jsonl", LEAGUE);
    let bt = ratings(&f, &[]);
    assert_eq!(bt.code, 0);
    assert!(bt.stdout.starts_with("Bradley-Terry ratings of 3 models over 10 battles"), "{}", bt.stdout);
    assert!(bt.stdout.contains("95% sandwich intervals"));
    let elo = ratings(&f, &["--method", "elo"]);
    assert!(elo.stdout.contains("online Elo depends on the order of the battles"), "{}", elo.stdout);
    let help = Command::new(env!("CARGO_BIN_EXE_arenascope")).args(["ratings", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(help.contains("depends on battle order") || help.contains("another order give other"), "{help}");
}

#[test]
fn escape_sequences_in_model_names_are_neutralised_in_text_and_csv() {
    let dir = tempfile::tempdir().unwrap();
    let evil = "evil\u{1b}]0;pwned\u{7}";
    let f = write_battles(dir.path(), "evil.jsonl", &[(evil, "good", 'A'), ("good", evil, 'A')]);
    for args in [&[][..], &["--csv"], &["--matrix", "wins"]] {
        let run = ratings(&f, args);
        assert_eq!(run.code, 0);
        assert!(!run.stdout.contains('\u{1b}') && run.stdout.contains("evil␛]0;pwned␇"), "{}", run.stdout);
    }
}

#[test]
fn an_empty_subset_says_there_is_nothing_to_rate() {
    let dir = tempfile::tempdir().unwrap();
    let f = write_battles(dir.path(), "league.jsonl", LEAGUE);
    let v = json(&f, &["--until", "2023-04-01"]);
    assert_eq!(v["battles"], 0);
    assert_eq!(v["mle_exists"], false);
    assert_eq!(v["models"], Value::Array(vec![]));
    assert!(v["problems"][0].as_str().unwrap().starts_with("No battles to rate"), "{v}");
    let text = ratings(&f, &["--until", "2023-04-01"]);
    assert_eq!(text.code, 0);
    assert!(text.stdout.contains("No battles to rate"));
    let m = json(&f, &["--until", "2023-04-01", "--matrix", "wins"]);
    assert_eq!(m, serde_json::json!({"models": [], "matrix": []}));
}

#[test]
fn until_gives_the_table_as_of_a_date() {
    let dir = tempfile::tempdir().unwrap();
    let f = write_battles(dir.path(), "league.jsonl", LEAGUE);
    // One battle a day from 2023-05-01: the first three are gpt-4 vs vicuna-13b.
    let v = json(&f, &["--until", "2023-05-03"]);
    assert_eq!(v["battles"], 3);
    let names: Vec<&str> = v["models"].as_array().unwrap().iter().map(|m| m["model"].as_str().unwrap()).collect();
    assert_eq!(names, ["gpt-4", "vicuna-13b"], "alpaca-13b has no battle yet and is absent");
}

#[test]
fn a_single_battle_gives_no_bt_rating_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let f = write_battles(dir.path(), "one.jsonl", &[("gpt-4", "dolly-v2-12b", 'A')]);
    let v = json(&f, &[]);
    assert_eq!(v["mle_exists"], false);
    assert!(model(&v, "gpt-4")["rating"].is_null() && model(&v, "gpt-4")["rank_ub"].is_null());
    assert_eq!(model(&v, "gpt-4")["win_rate"], 1.0);
    let p = v["problems"][0].as_str().unwrap();
    assert!(p.contains("gpt-4 won its only battle") && p.contains("dolly-v2-12b lost its only battle"), "{p}");
    let text = ratings(&f, &[]).stdout;
    assert!(text.contains("no finite rating") && text.contains("won every battle"), "{text}");
    let elo = json(&f, &["--method", "elo"]);
    assert_eq!(model(&elo, "gpt-4")["rating"], 1002.0);
}

#[test]
fn all_ties_rate_everyone_at_1000_or_nothing_when_ties_are_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let f = write_battles(dir.path(), "ties.jsonl", &[("a", "b", 'T'), ("b", "c", 'X'), ("c", "a", 'T')]);
    let v = json(&f, &[]);
    assert_eq!(v["mle_exists"], true);
    for m in v["models"].as_array().unwrap() {
        assert!((m["rating"].as_f64().unwrap() - 1000.0).abs() < 1e-9);
        assert!(m["win_rate"].is_null(), "no decisive battle, no win rate");
    }
    let none = json(&f, &["--ties", "none"]);
    assert_eq!(none["battles"], 0);
    assert_eq!(none["models"], Value::Array(vec![]));
    let no_bb = json(&f, &["--ties", "no-bothbad"]);
    assert_eq!(no_bb["battles"], 2);
    let wins = json(&f, &["--matrix", "wins"]);
    assert!(wins["matrix"].as_array().unwrap().iter().flat_map(|r| r.as_array().unwrap()).all(Value::is_null));
}

#[test]
fn disconnected_models_form_groups_that_each_average_1000() {
    let dir = tempfile::tempdir().unwrap();
    let f = write_battles(
        dir.path(),
        "two.jsonl",
        &[("a", "b", 'A'), ("a", "b", 'A'), ("b", "a", 'A'), ("c", "d", 'A'), ("d", "c", 'A'), ("d", "c", 'A')],
    );
    let v = json(&f, &[]);
    let r = |m: &str| model(&v, m)["rating"].as_f64().unwrap();
    assert!((r("a") + r("b") - 2000.0).abs() < 1e-6);
    assert!((r("c") + r("d") - 2000.0).abs() < 1e-6);
    assert!(v["problems"][0].as_str().unwrap().contains("2 groups that never met"), "{v}");
    let text = ratings(&f, &[]).stdout;
    assert!(text.contains("group 2"), "{text}");
    let predicted = json(&f, &["--matrix", "predicted"]);
    let names: Vec<&str> = predicted["models"].as_array().unwrap().iter().map(|m| m.as_str().unwrap()).collect();
    let (a, c) = (names.iter().position(|&n| n == "a").unwrap(), names.iter().position(|&n| n == "c").unwrap());
    assert!(predicted["matrix"][a][c].is_null(), "no prediction across groups");
}

#[test]
fn a_perfect_record_is_reported_not_rated() {
    let dir = tempfile::tempdir().unwrap();
    let mut spec = LEAGUE.to_vec();
    spec.extend([("claude-v1", "gpt-4", 'A'), ("vicuna-13b", "claude-v1", 'B'), ("claude-v1", "alpaca-13b", 'A')]);
    let f = write_battles(dir.path(), "perfect.jsonl", &spec);
    for ci in ["sandwich", "bootstrap"] {
        let v = json(&f, &["--ci", ci, "--rounds", "30"]);
        assert_eq!(v["mle_exists"], false);
        let c = model(&v, "claude-v1");
        assert!(c["rating"].is_null() && c["lower"].is_null() && c["upper"].is_null());
        assert_eq!(c["battles"], 3);
        let problems = v["problems"].as_array().unwrap();
        assert!(problems.iter().any(|p| p.as_str().unwrap().contains("claude-v1 won all its 3 battles")), "{v}");
        assert!(model(&v, "gpt-4")["rating"].is_f64(), "the others are still rated");
    }
}

#[test]
fn matrices_as_json_csv_and_text() {
    let dir = tempfile::tempdir().unwrap();
    let f = write_battles(dir.path(), "league.jsonl", LEAGUE);
    let wins = json(&f, &["--matrix", "wins"]);
    assert_eq!(wins["models"], serde_json::json!(["gpt-4", "vicuna-13b", "alpaca-13b"]));
    assert_eq!(wins["matrix"][0][0], Value::Null);
    assert!((wins["matrix"][0][1].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-12);
    let battles = json(&f, &["--matrix", "battles"]);
    assert_eq!(battles["matrix"][1][2], 4.0);
    let predicted = json(&f, &["--matrix", "predicted"]);
    let p01 = predicted["matrix"][0][1].as_f64().unwrap();
    let p10 = predicted["matrix"][1][0].as_f64().unwrap();
    assert!((p01 + p10 - 1.0).abs() < 1e-12 && p01 > 0.5);
    let csv = ratings(&f, &["--matrix", "battles", "--csv"]).stdout;
    assert_eq!(csv.lines().next(), Some("model,gpt-4,vicuna-13b,alpaca-13b"));
    assert_eq!(csv.lines().nth(2), Some("vicuna-13b,3,,4"));
    let text = ratings(&f, &["--matrix", "wins"]).stdout;
    assert!(text.contains("share of decisive battles the row model won"), "{text}");
}

#[test]
fn csv_table_has_a_header_and_one_line_per_model() {
    let dir = tempfile::tempdir().unwrap();
    let f = write_battles(dir.path(), "league.jsonl", LEAGUE);
    let csv = ratings(&f, &["--csv"]).stdout;
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "rank_ub,model,rating,lower,upper,battles,win_rate");
    assert_eq!(lines.len(), 4);
    assert!(lines[1].starts_with("1,gpt-4,"));
}

#[test]
fn anchor_shifts_and_bad_arguments_fail_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let f = write_battles(dir.path(), "league.jsonl", LEAGUE);
    let v = json(&f, &["--anchor", "vicuna-13b=1100"]);
    assert!((model(&v, "vicuna-13b")["rating"].as_f64().unwrap() - 1100.0).abs() < 1e-9);
    let v = json(&f, &["--anchor", "GPT-4=1200"]);
    assert!((model(&v, "gpt-4")["rating"].as_f64().unwrap() - 1200.0).abs() < 1e-9);
    let bad = ratings(&f, &["--anchor", "nobody=1200"]);
    assert_eq!(bad.code, 1);
    assert!(bad.stderr.contains("no model named 'nobody'") && bad.stderr.contains("gpt-4"), "{}", bad.stderr);
    let bad = ratings(&f, &["--until", "2023-13-01"]);
    assert_eq!(bad.code, 2, "a usage error");
    assert!(bad.stderr.contains("--until") && bad.stderr.contains("expected a date YYYY-MM-DD"), "{}", bad.stderr);
    assert_eq!(ratings(&f, &["--rounds", "0"]).code, 2);
    assert_eq!(ratings(&f, &["--json", "--csv"]).code, 2);
}

#[test]
fn a_query_rates_only_its_battles_and_a_bad_one_points_at_the_error() {
    let dir = tempfile::tempdir().unwrap();
    let f = write_battles(dir.path(), "league.jsonl", LEAGUE);
    let v = json(&f, &["-q", "model:vicuna-13b"]);
    assert_eq!(v["battles"], 7, "{v}");
    let none = json(&f, &["-q", "model:gpt-4 model:vicuna-13b winner:tie"]);
    assert_eq!(none["battles"], 0);
    assert!(none["problems"][0].as_str().unwrap().starts_with("No battles to rate"));
    let bad = ratings(&f, &["-q", "lang:"]);
    assert_eq!(bad.code, 1);
    assert!(bad.stderr.contains('^'), "{}", bad.stderr);
}

#[test]
fn json_escapes_characters_a_terminal_would_act_on() {
    let dir = tempfile::tempdir().unwrap();
    let evil = "evil\u{9b}31m\u{202e}";
    let f = write_battles(dir.path(), "evil.jsonl", &[(evil, "good", 'A'), ("good", evil, 'A')]);
    let run = ratings(&f, &["--json"]);
    assert!(!run.stdout.contains('\u{9b}') && !run.stdout.contains('\u{202e}'), "{}", run.stdout);
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(v["models"].as_array().unwrap().iter().any(|m| m["model"] == evil), "the name itself is kept");
}

/// Issue 12, defect 5: every numeric argument has a range shown in `--help`, and a value
/// outside it is a usage error (exit 2) before anything is loaded or allocated.
#[test]
fn absurd_numbers_are_usage_errors_with_the_range() {
    let dir = tempfile::tempdir().unwrap();
    let f = write_battles(dir.path(), "league.jsonl", LEAGUE);
    let cases: &[(&[&str], &str)] = &[
        (&["--ci", "bootstrap", "--rounds", "4294967295"], "--rounds"),
        (&["--rounds", "10001"], "--rounds"),
        (&["--rounds=-1"], "--rounds"),
        (&["--rounds", "99999999999999999999999"], "--rounds"),
        (&["--seed", "18446744073709551616"], "--seed"),
        (&["--seed=-3"], "--seed"),
        (&["--anchor", "gpt-4=1e300"], "--anchor"),
        (&["--anchor", "gpt-4=1e400"], "--anchor"),
        (&["--anchor", "gpt-4=twelve"], "--anchor"),
        (&["--anchor", "gpt-4=-100001"], "--anchor"),
        (&["--anchor", "=1200"], "--anchor"),
        (&["--until", "99999-01-01"], "--until"),
    ];
    for (args, flag) in cases {
        let run = ratings(&f, args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains(flag) && run.stderr.starts_with("error: invalid value"),
            "{args:?}: {}",
            run.stderr
        );
        assert!(run.stdout.is_empty(), "{args:?}");
    }
    assert!(ratings(&f, &["--rounds", "4294967295"]).stderr.contains("1..=10000"));
    assert!(ratings(&f, &["--anchor", "gpt-4=1e300"]).stderr.contains("between -100000 and 100000"));
    // The edges are accepted.
    assert_eq!(ratings(&f, &["--ci", "bootstrap", "--rounds", "1", "--seed", "18446744073709551615"]).code, 0);
    assert_eq!(ratings(&f, &["--anchor", "gpt-4=-100000"]).code, 0);

    let help = Command::new(env!("CARGO_BIN_EXE_arenascope")).args(["ratings", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&help.stdout).split_whitespace().collect::<Vec<_>>().join(" ");
    for range in ["1 to 10000", "0 to 18446744073709551615", "-100000 to 100000", "years 0000 to 9999"] {
        assert!(help.contains(range), "--help shows {range}: {help}");
    }
}
