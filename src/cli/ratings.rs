//! `arenascope ratings`: the rating table (or a pair matrix) of a dataset or of a query's
//! battles, as text, JSON or CSV.

use std::fmt::Write as _;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use anyhow::{Context, bail};
use serde::Serialize;

use crate::index::{Index, ModelId};
use crate::query::{self, CompiledQuery};
use crate::rating::{
    Anchor, Intervals, MatrixKind, Method, PairCounts, PairMatrix, RatingOptions, RatingTable, SubsetOptions,
    TiePolicy, Unrated, rate_counts,
};
use crate::sanitize::{sanitize_line, terminal_safe_json};
use crate::time::format_day;

use super::args::{AnchorArg, CiArg, MatrixArg, MethodArg, RatingsArgs, TiesArg};
use super::common::{load_data, print_stdout};
use super::search::report_query_error;
use crate::present::format::thousands;

/// Longest model name shown in full in text tables.
const NAME_WIDTH_MAX: usize = 40;

pub fn run(args: &RatingsArgs, review_file: Option<&std::path::Path>) -> anyhow::Result<ExitCode> {
    // A malformed query fails before the data is loaded.
    if let Some(q) = &args.query
        && let Err(e) = query::parse(q)
    {
        report_query_error(q, &e);
        return Ok(ExitCode::from(1));
    }
    let loaded = load_data(&args.data)?;
    let index = &loaded.index;
    let ids = match &args.query {
        None => index.battle_ids().collect(),
        Some(q) => match CompiledQuery::new(index, q) {
            Ok(compiled) => {
                let reviews = super::review::lookup_for(index, compiled.query(), review_file)?;
                query::battles_matching(index, &compiled, reviews.as_ref())
            }
            Err(e) => {
                report_query_error(q, &e);
                return Ok(ExitCode::from(1));
            }
        },
    };
    let opts = options(index, args)?;
    let counts = PairCounts::aggregate(index, &ids, &opts.subset);
    let never = AtomicBool::new(false);
    let table = rate_counts(index, &ids, &counts, &opts, &never).context("the ratings were cancelled")?;
    let out = match args.matrix {
        Some(kind) => {
            let matrix = PairMatrix::new(&counts, &table, matrix_kind(kind));
            if args.json {
                matrix_json(index, &matrix)?
            } else if args.csv {
                matrix_csv(index, &matrix)
            } else {
                matrix_text(index, &table, &matrix)
            }
        }
        None if args.json => table_json(index, &table)?,
        None if args.csv => table_csv(index, &table),
        None => table_text(index, &table, &opts, args),
    };
    print_stdout(&out)?;
    Ok(ExitCode::SUCCESS)
}

fn options(index: &Index, args: &RatingsArgs) -> anyhow::Result<RatingOptions> {
    let method = match args.method {
        MethodArg::Bt => Method::BradleyTerry,
        MethodArg::Elo => Method::OnlineElo,
    };
    let ci = args.ci.unwrap_or(match method {
        Method::BradleyTerry => CiArg::Sandwich,
        Method::OnlineElo => CiArg::None,
    });
    let intervals = match ci {
        CiArg::None => Intervals::None,
        CiArg::Sandwich => Intervals::Sandwich,
        CiArg::Bootstrap => Intervals::Bootstrap { rounds: args.rounds, seed: args.seed },
    };
    let ties = match args.ties {
        TiesArg::Half => TiePolicy::Half,
        TiesArg::NoBothbad => TiePolicy::NoBothBad,
        TiesArg::None => TiePolicy::None,
    };
    let until_day = args.until;
    let anchor = args.anchor.as_ref().map(|a| find_anchor(index, a)).transpose()?;
    Ok(RatingOptions {
        method,
        intervals,
        subset: SubsetOptions { ties, anony_only: args.anony_only, until_day },
        anchor,
    })
}

/// The anchor's model by exact name, else by a unique case-insensitive match.
fn find_anchor(index: &Index, arg: &AnchorArg) -> anyhow::Result<Anchor> {
    let (name, value) = (arg.model.as_str(), arg.value);
    let model = match index.model_id(name) {
        Some(m) => m,
        None => {
            let folded = name.to_lowercase();
            let matches: Vec<ModelId> = (0..index.models().len() as u32)
                .map(ModelId)
                .filter(|&m| index.model_name(m).to_lowercase() == folded)
                .collect();
            match matches[..] {
                [m] => m,
                _ => {
                    let mut names: Vec<&str> = index.models().iter().map(String::as_str).collect();
                    names.sort_unstable();
                    bail!(
                        "--anchor: no model named '{}'; the models are: {}",
                        sanitize_line(name),
                        sanitize_line(&names.join(", "))
                    );
                }
            }
        }
    };
    Ok(Anchor { model, value })
}

fn matrix_kind(kind: MatrixArg) -> MatrixKind {
    match kind {
        MatrixArg::Wins => MatrixKind::WinFraction,
        MatrixArg::Battles => MatrixKind::Battles,
        MatrixArg::Decisive => MatrixKind::Decisive,
        MatrixArg::Predicted => MatrixKind::Predicted,
    }
}

// --- the table -----------------------------------------------------------------------------

#[derive(Serialize)]
struct TableJson<'a> {
    method: &'static str,
    battles: usize,
    mle_exists: bool,
    problems: &'a [String],
    models: Vec<ModelJson<'a>>,
}

#[derive(Serialize)]
struct ModelJson<'a> {
    model: &'a str,
    rating: Option<f64>,
    lower: Option<f64>,
    upper: Option<f64>,
    rank_ub: Option<u32>,
    battles: u32,
    win_rate: Option<f64>,
}

/// Rated models best first, then the models without a rating (all-null numbers).
fn table_json(index: &Index, t: &RatingTable) -> anyhow::Result<String> {
    let rated = t.rows.iter().map(|r| ModelJson {
        model: index.model_name(r.model),
        rating: Some(r.rating),
        lower: r.lower,
        upper: r.upper,
        rank_ub: Some(r.rank_ub),
        battles: r.battles,
        win_rate: r.win_rate,
    });
    let unrated = t.unrated.iter().map(|u| ModelJson {
        model: index.model_name(u.model),
        rating: None,
        lower: None,
        upper: None,
        rank_ub: None,
        battles: u.battles,
        win_rate: u.win_rate,
    });
    let out = TableJson {
        method: t.method.as_str(),
        battles: t.battles,
        mle_exists: t.mle_exists,
        problems: &t.problems,
        models: rated.chain(unrated).collect(),
    };
    Ok(terminal_safe_json(&out, true) + "\n")
}

fn table_csv(index: &Index, t: &RatingTable) -> String {
    let mut o = String::from("rank_ub,model,rating,lower,upper,battles,win_rate\n");
    let num = |x: Option<f64>| x.map(|v| format!("{v:.4}")).unwrap_or_default();
    for r in &t.rows {
        let _ = writeln!(
            o,
            "{},{},{:.4},{},{},{},{}",
            r.rank_ub,
            csv_field(index.model_name(r.model)),
            r.rating,
            num(r.lower),
            num(r.upper),
            r.battles,
            num(r.win_rate)
        );
    }
    for u in &t.unrated {
        let _ = writeln!(o, ",{},,,,{},{}", csv_field(index.model_name(u.model)), u.battles, num(u.win_rate));
    }
    o
}

/// A CSV field, sanitised for terminals and quoted when needed (RFC 4180).
fn csv_field(s: &str) -> String {
    let s = sanitize_line(s);
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.into_owned() }
}

fn table_text(index: &Index, t: &RatingTable, opts: &RatingOptions, args: &RatingsArgs) -> String {
    let mut o = String::new();
    let n_models = t.rows.len() + t.unrated.len();
    let method = match t.method {
        Method::BradleyTerry => "Bradley-Terry ratings".to_owned(),
        Method::OnlineElo => "Online Elo ratings (K=4, battles in time order)".to_owned(),
    };
    let _ = writeln!(
        o,
        "{method} of {} model{} over {} battles; {}",
        n_models,
        if n_models == 1 { "" } else { "s" },
        thousands(t.battles),
        t.ties.describe()
    );
    let mut scope = Vec::new();
    if opts.subset.anony_only {
        scope.push("anonymous battles only".to_owned());
    }
    if let Some(d) = opts.subset.until_day {
        scope.push(format!("battles up to {} (UTC)", format_day(d)));
    }
    if let Some(a) = opts.anchor {
        scope.push(format!("shifted so that {} is {}", sanitize_line(index.model_name(a.model)), a.value));
    }
    match t.intervals {
        Intervals::None => {}
        Intervals::Sandwich => scope.push("95% sandwich intervals".to_owned()),
        Intervals::Bootstrap { rounds, seed } => {
            scope.push(format!("95% bootstrap intervals ({rounds} rounds, seed {seed})"))
        }
    }
    if !scope.is_empty() {
        let _ = writeln!(o, "{}", scope.join("; "));
    }
    if t.method == Method::OnlineElo {
        let _ = writeln!(
            o,
            "note: online Elo depends on the order of the battles (the same battles in another order give other \
             ratings); --method bt does not."
        );
    }

    let width = t
        .rows
        .iter()
        .map(|r| r.model)
        .chain(t.unrated.iter().map(|u| u.model))
        .map(|m| sanitize_line(index.model_name(m)).chars().count())
        .max()
        .unwrap_or(5)
        .clamp(5, NAME_WIDTH_MAX);
    if !t.rows.is_empty() {
        let _ = writeln!(
            o,
            "\n{:>4}  {:<width$}  {:>7}  {:>17}  {:>8}  {:>8}",
            "rank", "model", "rating", "95% interval", "battles", "win rate"
        );
        let mut group = t.rows[0].group;
        for r in &t.rows {
            if r.group != group {
                group = r.group;
                let _ = writeln!(o, "  -- group {} (never met the models above) --", group + 1);
            }
            let interval = match (r.lower, r.upper) {
                (Some(l), Some(u)) => format!("{l:>7.1} to {u:>7.1}"),
                _ => String::new(),
            };
            let _ = writeln!(
                o,
                "{:>4}  {}  {:>7.1}  {:>17}  {:>8}  {:>8}",
                r.rank_ub,
                pad_name(index.model_name(r.model), width),
                r.rating,
                interval,
                thousands(r.battles as usize),
                win_rate(r.win_rate)
            );
        }
    }
    if !t.unrated.is_empty() {
        let _ = writeln!(o, "\nno finite rating (the Bradley-Terry MLE does not exist for these):");
        for u in &t.unrated {
            let why = match u.reason {
                Unrated::WonAll => "won every battle",
                Unrated::LostAll => "lost every battle",
                Unrated::Detached => "only won or only lost against the rated models",
            };
            let _ = writeln!(
                o,
                "      {}  {:>8} battle{}  win rate {:>6}  {why}",
                pad_name(index.model_name(u.model), width),
                thousands(u.battles as usize),
                if u.battles == 1 { " " } else { "s" },
                win_rate(u.win_rate)
            );
        }
    }
    if !t.problems.is_empty() {
        let _ = writeln!(o, "\nproblems:");
        for p in &t.problems {
            let _ = writeln!(o, "  - {}", sanitize_line(p));
        }
    }
    if t.rows.len() > 1 && args.matrix.is_none() {
        let _ = writeln!(
            o,
            "\nrank = 1 + the number of models whose lower bound is above this model's upper bound; \
             win rate = mean over opponents of the share of decisive battles won."
        );
    }
    o
}

fn win_rate(w: Option<f64>) -> String {
    w.map(|v| format!("{:.1}%", 100.0 * v)).unwrap_or_else(|| "-".to_owned())
}

/// A sanitised name padded (or cut with an ellipsis) to `width` characters.
fn pad_name(name: &str, width: usize) -> String {
    let clean = sanitize_line(name);
    let count = clean.chars().count();
    if count > width {
        let mut cut: String = clean.chars().take(width - 1).collect();
        cut.push('…');
        cut
    } else {
        format!("{clean}{}", " ".repeat(width - count))
    }
}

// --- matrices ------------------------------------------------------------------------------

#[derive(Serialize)]
struct MatrixJson<'a> {
    models: Vec<&'a str>,
    matrix: Vec<&'a [Option<f64>]>,
}

fn matrix_json(index: &Index, m: &PairMatrix) -> anyhow::Result<String> {
    let out = MatrixJson {
        models: m.models.iter().map(|&x| index.model_name(x)).collect(),
        matrix: (0..m.len()).map(|i| m.row(i)).collect(),
    };
    Ok(terminal_safe_json(&out, false) + "\n")
}

fn matrix_csv(index: &Index, m: &PairMatrix) -> String {
    let mut o = String::from("model");
    for &x in &m.models {
        let _ = write!(o, ",{}", csv_field(index.model_name(x)));
    }
    o.push('\n');
    for (i, &x) in m.models.iter().enumerate() {
        o.push_str(&csv_field(index.model_name(x)));
        for v in m.row(i) {
            let _ = write!(o, ",{}", v.map(|v| cell(m.kind, v)).unwrap_or_default());
        }
        o.push('\n');
    }
    o
}

fn cell(kind: MatrixKind, v: f64) -> String {
    match kind {
        MatrixKind::Battles | MatrixKind::Decisive => format!("{v:.0}"),
        MatrixKind::WinFraction | MatrixKind::Predicted => format!("{v:.3}"),
    }
}

/// Rows named, columns numbered (names would not fit), a legend of numbers above.
fn matrix_text(index: &Index, t: &RatingTable, m: &PairMatrix) -> String {
    let mut o = String::new();
    let _ =
        writeln!(o, "{}: {} ({} battles; {})", t.method, m.kind.describe(), thousands(t.battles), t.ties.describe());
    if m.is_empty() {
        let _ = writeln!(o, "\n(no models)");
    }
    let width = m
        .models
        .iter()
        .map(|&x| sanitize_line(index.model_name(x)).chars().count())
        .max()
        .unwrap_or(5)
        .clamp(5, NAME_WIDTH_MAX);
    if !m.is_empty() {
        let _ = write!(o, "\n{:>3}  {:width$}", "", "");
        for j in 0..m.len() {
            let _ = write!(o, " {:>6}", j + 1);
        }
        o.push('\n');
    }
    for (i, &x) in m.models.iter().enumerate() {
        let _ = write!(o, "{:>3}  {}", i + 1, pad_name(index.model_name(x), width));
        for (j, v) in m.row(i).iter().enumerate() {
            let s = match v {
                _ if i == j => "-".to_owned(),
                Some(v) => cell(m.kind, *v),
                None => ".".to_owned(),
            };
            let _ = write!(o, " {s:>6}");
        }
        o.push('\n');
    }
    if !m.is_empty() {
        let _ = writeln!(
            o,
            "\n'.' = no value (the pair never met{}).",
            match m.kind {
                MatrixKind::WinFraction => " or only tied",
                MatrixKind::Predicted => ", or one of them has no rating or they are in different groups",
                _ => "",
            }
        );
    }
    for p in &t.problems {
        let _ = writeln!(o, "problem: {}", sanitize_line(p));
    }
    o
}
