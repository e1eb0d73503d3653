//! `arenascope ratings --style`, `--by` and `--dedup`: the style fit against numbers from arena-rank 0.1.1's `ContextualBradleyTerry`
//! (LMArena's recipe) on a small fixture this test writes: 600 battles among five models whose
//! answers carry headers, lists, bold and lengths that sway the votes. The pinned numbers were
//! obtained by running `scripts/style_reference.py` on the very file this test writes (set
//! `STYLE_FIXTURE_OUT=path.jsonl` to keep a copy).

use std::path::{Path, PathBuf};
use std::process::Command;

use arenascope::fixtures::{battle, conversation};
use arenascope::index::{DatasetInfo, Index};
use arenascope::model::{Battle, Winner};
use arenascope::row_json::row_to_json;
use serde_json::Value;

const MODELS: [&str; 5] = ["alpha", "beta", "gamma", "delta", "epsilon"];
const STRENGTH: [f64; 5] = [0.6, 0.3, 0.0, -0.2, -0.5];

/// arena-rank's ratings of the fixture (sandwich bounds beside them), and its coefficients
/// (length, header, list, bold).
const REFERENCE: [(&str, f64, f64, f64); 5] = [
    ("alpha", 1117.950616, 1078.622857, 1157.278375),
    ("beta", 1027.578230, 995.450415, 1059.706045),
    ("gamma", 979.360093, 945.449895, 1013.270292),
    ("delta", 956.512427, 921.429678, 991.595175),
    ("epsilon", 918.598634, 884.214541, 952.982726),
];
const REFERENCE_COEFFICIENTS: [f64; 4] = [0.06611651, -0.02013917, 0.01903348, -0.00120843];

/// An answer with `h` headers, `l` list items, `b` bold spans and `fill` plain characters.
fn answer(h: u64, l: u64, b: u64, fill: u64) -> String {
    let mut s = String::new();
    for _ in 0..h {
        s.push_str("# Part\n");
    }
    for _ in 0..l {
        s.push_str("- item\n");
    }
    for _ in 0..b {
        s.push_str("**key** ");
    }
    s.push_str(&"w".repeat(fill as usize));
    s
}

fn fixture() -> Vec<Battle> {
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state >> 11
    };
    let mut uniform = || next() as f64 / (1u64 << 53) as f64;
    let mut rows = Vec::new();
    for i in 0..600u64 {
        let a = (uniform() * 5.0) as usize % 5;
        let b = (a + 1 + (uniform() * 4.0) as usize % 4) % 5;
        // alpha writes longer answers; delta uses more lists.
        let side = |m: usize, u: &mut dyn FnMut() -> f64| {
            let fill = (40.0 + u() * 800.0) as u64 * if m == 0 { 2 } else { 1 };
            let lists = (u() * 6.0) as u64 + if m == 3 { 3 } else { 0 };
            (fill, (u() * 4.0) as u64, lists, (u() * 5.0) as u64)
        };
        let sa = side(a, &mut uniform);
        let sb = side(b, &mut uniform);
        let rel = |x: u64, y: u64| if x + y == 0 { 0.0 } else { (x as f64 - y as f64) / (x + y) as f64 };
        let logit = STRENGTH[a] - STRENGTH[b] + 1.5 * rel(sa.0, sb.0) + 0.5 * rel(sa.2, sb.2);
        let u = uniform();
        let winner = if u < 0.1 {
            Winner::Tie
        } else if u < 0.2 {
            Winner::BothBad
        } else if uniform() < 1.0 / (1.0 + (-logit).exp()) {
            Winner::ModelA
        } else {
            Winner::ModelB
        };
        let mut row = battle(&format!("{i:032x}"), MODELS[a], MODELS[b]);
        let prompt = format!("question {i}");
        row.conversation_a = conversation(&[&prompt, &answer(sa.1, sa.2, sa.3, sa.0)]);
        row.conversation_b = conversation(&[&prompt, &answer(sb.1, sb.2, sb.3, sb.0)]);
        row.winner = winner;
        row.tstamp = Some(1_682_899_200.0 + 3600.0 * i as f64);
        rows.push(row);
    }
    rows
}

fn write_fixture(dir: &Path) -> PathBuf {
    let rows = fixture();
    let index = Index::from_battles(&rows, DatasetInfo::default());
    let text: String = index.battle_ids().map(|b| row_to_json(&index, b) + "\n").collect();
    let path = dir.join("style.jsonl");
    std::fs::write(&path, &text).unwrap();
    if let Some(keep) = std::env::var_os("STYLE_FIXTURE_OUT") {
        std::fs::write(keep, &text).unwrap();
    }
    path
}

fn style_json(file: &Path) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_arenascope"))
        .arg("ratings")
        .arg(file)
        .args(["--style", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn style_control_matches_arena_rank_on_a_fixture() {
    let dir = tempfile::tempdir().unwrap();
    let json = style_json(&write_fixture(dir.path()));
    let models = json["models"].as_array().unwrap();
    assert_eq!(models.len(), 5);
    for &(name, rating, lower, upper) in &REFERENCE {
        let m = models.iter().find(|m| m["model"] == name).unwrap();
        let got = |k: &str| m[k].as_f64().unwrap();
        // arena-rank's L-BFGS stops at a relative loss change of 1e-9: within 0.01 of the optimum.
        assert!((got("rating") - rating).abs() < 0.02, "{name}: rating {} vs arena-rank {rating}", got("rating"));
        assert!((got("lower") - lower).abs() < 0.02, "{name}: lower {} vs {lower}", got("lower"));
        assert!((got("upper") - upper).abs() < 0.02, "{name}: upper {} vs {upper}", got("upper"));
        assert!(m["plain_rating"].as_f64().is_some() && m["plain_rank"].as_u64().is_some());
    }
    let c = &json["style"]["coefficients"];
    for (name, want) in ["length", "header", "list", "bold"].iter().zip(REFERENCE_COEFFICIENTS) {
        let got = c[name].as_f64().unwrap();
        assert!((got - want).abs() < 0.0001, "{name}: {got} vs arena-rank {want}");
    }
}

#[test]
fn style_text_names_the_coefficients_in_points() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_fixture(dir.path());
    let out = Command::new(env!("CARGO_BIN_EXE_arenascope")).arg("ratings").arg(&file).arg("--style").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("Style-controlled Bradley-Terry ratings of 5 models"), "{text}");
    assert!(text.contains("a one-standard-deviation longer answer is worth +"), "{text}");
    assert!(text.contains("change"), "{text}");
}

#[test]
fn by_category_names_the_categories_the_file_lacks_and_dedup_reports_its_threshold() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_fixture(dir.path());
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_arenascope")).arg("ratings").arg(&file).args(args).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let json: Value = serde_json::from_str(&run(&["--by", "category", "--style", "--json"])).unwrap();
    let labels: Vec<&str> = json["columns"].as_array().unwrap().iter().map(|c| c["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["overall", "longer query", "multi-turn", "English"]);
    assert_eq!(json["columns"][0]["battles"], 600);
    assert!(json["left_out"][0].as_str().unwrap().starts_with("hard prompts: the data has no"));
    assert_eq!(json["models"].as_array().unwrap().len(), 5);
    let text = run(&["--dedup"]);
    assert!(text.starts_with("deduplicated: dropped 0 of 600 battles; a prompt keeps at most 1 battles"), "{text}");
}
