//! `arenascope ratings`: the rating table (or a pair matrix) of a dataset or of a query's
//! battles, as text, JSON or CSV.

use std::fmt::Write as _;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use anyhow::{Context, bail};
use serde::Serialize;

use crate::index::{Index, ModelId};
use crate::query::{self, CompiledQuery};
use crate::rating::dedup::dedup;
use crate::rating::split::{Split, SplitTable, rate_split};
use crate::rating::style::{MIN_PAIR_BATTLES, PENALTY};
use crate::rating::{
    Anchor, Intervals, MatrixKind, Method, PairCounts, PairMatrix, RatingOptions, RatingTable, StyleTable,
    SubsetOptions, TiePolicy, Unrated, rate_counts, rate_style,
};
use crate::sanitize::{sanitize_line, terminal_safe_json};
use crate::time::format_day;

use super::args::{AnchorArg, CiArg, MatrixArg, MethodArg, RatingsArgs, SplitArg, TiesArg};
use super::common::{load_data, print_stdout};
use super::search::report_query_error;
use crate::present::format::thousands;

/// Longest model name shown in full in text tables.
const NAME_WIDTH_MAX: usize = 40;

pub(crate) fn run(args: &RatingsArgs, review_file: Option<&std::path::Path>) -> anyhow::Result<ExitCode> {
    // A malformed query fails before the data is loaded.
    if let Some(q) = &args.query
        && !super::search::parse_and_warn(q)
    {
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
    let ids = if args.dedup {
        if !(0.0..=1.0).contains(&args.dedup_quantile) {
            bail!("--dedup-quantile expects a number from 0 to 1, not {}", args.dedup_quantile);
        }
        let d = dedup(index, args.dedup_quantile, args.seed);
        let (kept, dropped) = d.filter(&ids);
        let note = format!(
            "deduplicated: dropped {} of {} battles; {}",
            thousands(dropped),
            thousands(ids.len()),
            d.describe()
        );
        // Text output starts with the note; machine-readable output keeps it on stderr.
        if args.json || args.csv {
            eprintln!("{note}");
        } else {
            print_stdout(&format!("{note}\n"))?;
        }
        kept
    } else {
        ids
    };
    let counts = PairCounts::aggregate(index, &ids, &opts.subset);
    let never = AtomicBool::new(false);
    if let Some(by) = args.by {
        if args.style && opts.method != Method::BradleyTerry {
            bail!("--style is a Bradley-Terry fit: leave out --method elo");
        }
        let split = match by {
            SplitArg::Category => Split::Category,
            SplitArg::Language => Split::Language,
            SplitArg::Month => Split::Month,
        };
        let table = rate_split(index, &ids, split, args.style, &opts, &never).context("the ratings were cancelled")?;
        let out = if args.json { split_json(index, &table)? } else { split_text(index, &table, &opts) };
        print_stdout(&out)?;
        return Ok(ExitCode::SUCCESS);
    }
    if args.style {
        if opts.method != Method::BradleyTerry {
            bail!("--style is a Bradley-Terry fit: leave out --method elo");
        }
        let table = rate_style(index, &ids, &counts, &opts, &never).context("the ratings were cancelled")?;
        let out = if args.json {
            style_json(index, &table)?
        } else if args.csv {
            style_csv(index, &table)
        } else {
            style_text(index, &table, &opts)
        };
        print_stdout(&out)?;
        return Ok(ExitCode::SUCCESS);
    }
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

/// The line of options under a table's heading: subset, anchor, intervals.
fn scope_line(index: &Index, opts: &RatingOptions, intervals: Intervals) -> Option<String> {
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
    match intervals {
        Intervals::None => {}
        Intervals::Sandwich => scope.push("95% sandwich intervals".to_owned()),
        Intervals::Bootstrap { rounds, seed } => {
            scope.push(format!("95% bootstrap intervals ({rounds} rounds, seed {seed})"))
        }
    }
    (!scope.is_empty()).then(|| scope.join("; "))
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
    if let Some(scope) = scope_line(index, opts, t.intervals) {
        let _ = writeln!(o, "{scope}");
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
            group_break(&mut o, &mut group, r.group);
            let interval = interval_cell(r.lower, r.upper);
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

// --- the style-controlled table ----------------------------------------------------------

#[derive(Serialize)]
struct StyleTableJson<'a> {
    method: &'static str,
    /// Battles in the style fit.
    battles: usize,
    mle_exists: bool,
    problems: &'a [String],
    style: StyleJson,
    models: Vec<StyleModelJson<'a>>,
}

#[derive(Serialize)]
struct StyleJson {
    /// Log-odds per standard deviation of each feature (arena-rank's `coeffs`).
    coefficients: FeatureMap<f64>,
    /// The same in rating points.
    points: FeatureMap<f64>,
    /// 95% intervals of the coefficients (log-odds).
    lower: FeatureMap<Option<f64>>,
    upper: FeatureMap<Option<f64>>,
    varies: FeatureMap<bool>,
    penalty: f64,
    min_pair_battles: f64,
    counts_from_text: bool,
    iterations: u32,
    converged: bool,
}

#[derive(Serialize)]
struct FeatureMap<T> {
    length: T,
    header: T,
    list: T,
    bold: T,
}

impl<T> FeatureMap<T> {
    fn new(f: impl Fn(usize) -> T) -> FeatureMap<T> {
        FeatureMap { length: f(0), header: f(1), list: f(2), bold: f(3) }
    }
}

#[derive(Serialize)]
struct StyleModelJson<'a> {
    model: &'a str,
    rating: Option<f64>,
    lower: Option<f64>,
    upper: Option<f64>,
    rank: Option<u32>,
    plain_rating: Option<f64>,
    plain_lower: Option<f64>,
    plain_upper: Option<f64>,
    plain_rank: Option<u32>,
    shift: Option<f64>,
    /// Places gained under style control (positive: better rank than plain).
    rank_change: Option<i64>,
    battles: u32,
    win_rate: Option<f64>,
}

fn style_json(index: &Index, t: &StyleTable) -> anyhow::Result<String> {
    let c = &t.coefficients;
    let rated = t.rows.iter().map(|r| StyleModelJson {
        model: index.model_name(r.model),
        rating: Some(r.rating),
        lower: r.lower,
        upper: r.upper,
        rank: Some(r.rank_ub),
        plain_rating: Some(r.plain_rating),
        plain_lower: r.plain_lower,
        plain_upper: r.plain_upper,
        plain_rank: Some(r.plain_rank_ub),
        shift: Some(r.shift()),
        rank_change: Some(r.rank_change()),
        battles: r.battles,
        win_rate: r.win_rate,
    });
    let unrated = t.plain.unrated.iter().map(|u| StyleModelJson {
        model: index.model_name(u.model),
        rating: None,
        lower: None,
        upper: None,
        rank: None,
        plain_rating: None,
        plain_lower: None,
        plain_upper: None,
        plain_rank: None,
        shift: None,
        rank_change: None,
        battles: u.battles,
        win_rate: u.win_rate,
    });
    let out = StyleTableJson {
        method: "bt-style",
        battles: t.battles,
        mle_exists: t.plain.mle_exists,
        problems: &t.problems,
        style: StyleJson {
            coefficients: FeatureMap::new(|f| c[f].value),
            points: FeatureMap::new(|f| c[f].points()),
            lower: FeatureMap::new(|f| c[f].lower),
            upper: FeatureMap::new(|f| c[f].upper),
            varies: FeatureMap::new(|f| c[f].varies),
            penalty: PENALTY,
            min_pair_battles: MIN_PAIR_BATTLES,
            counts_from_text: t.counts_from_text,
            iterations: t.iterations,
            converged: t.converged,
        },
        models: rated.chain(unrated).collect(),
    };
    Ok(terminal_safe_json(&out, true) + "\n")
}

fn style_csv(index: &Index, t: &StyleTable) -> String {
    let mut o = String::from("rank,model,rating,lower,upper,plain_rank,plain_rating,plain_lower,plain_upper,battles\n");
    let num = |x: Option<f64>| x.map(|v| format!("{v:.4}")).unwrap_or_default();
    for r in &t.rows {
        let _ = writeln!(
            o,
            "{},{},{:.4},{},{},{},{:.4},{},{},{}",
            r.rank_ub,
            csv_field(index.model_name(r.model)),
            r.rating,
            num(r.lower),
            num(r.upper),
            r.plain_rank_ub,
            r.plain_rating,
            num(r.plain_lower),
            num(r.plain_upper),
            r.battles
        );
    }
    o
}

// --- ratings side by side ----------------------------------------------------------------

#[derive(Serialize)]
struct SplitJson<'a> {
    by: &'static str,
    style: bool,
    columns: Vec<SplitColumnJson<'a>>,
    /// One per model, `cells` in the order of `columns` (null where not rated).
    models: Vec<SplitModelJson<'a>>,
    left_out: &'a [String],
}

#[derive(Serialize)]
struct SplitColumnJson<'a> {
    label: &'a str,
    query: &'a str,
    battles: usize,
}

#[derive(Serialize)]
struct SplitModelJson<'a> {
    model: &'a str,
    cells: Vec<Option<SplitCellJson>>,
}

#[derive(Serialize)]
struct SplitCellJson {
    rank: u32,
    rating: f64,
}

fn split_name(split: Split) -> &'static str {
    match split {
        Split::Category => "category",
        Split::Language => "language",
        Split::Month => "month",
    }
}

fn split_json(index: &Index, t: &SplitTable) -> anyhow::Result<String> {
    let out = SplitJson {
        by: split_name(t.split),
        style: t.style,
        columns: t
            .columns
            .iter()
            .map(|c| SplitColumnJson { label: &c.label, query: &c.query, battles: c.battles })
            .collect(),
        models: t
            .models
            .iter()
            .map(|&m| SplitModelJson {
                model: index.model_name(m),
                cells: t
                    .columns
                    .iter()
                    .map(|c| c.cell(m).map(|x| SplitCellJson { rank: x.rank_ub, rating: x.rating }))
                    .collect(),
            })
            .collect(),
        left_out: &t.left_out,
    };
    Ok(terminal_safe_json(&out, true) + "\n")
}

fn split_text(index: &Index, t: &SplitTable, opts: &RatingOptions) -> String {
    let mut o = String::new();
    let kind = if t.style { "Style-controlled Bradley-Terry" } else { "Bradley-Terry" };
    let _ = writeln!(
        o,
        "{kind} ratings by {}: each cell is the rank (by upper bound) and rating on that column's battles; {}",
        split_name(t.split),
        opts.subset.ties.describe()
    );
    if let Some(scope) = scope_line(index, opts, opts.intervals) {
        let _ = writeln!(o, "{scope}");
    }
    let width = t
        .models
        .iter()
        .map(|&m| sanitize_line(index.model_name(m)).chars().count())
        .max()
        .unwrap_or(5)
        .clamp(7, NAME_WIDTH_MAX);
    let col = |label: &str| label.chars().count().clamp(9, 14);
    let _ = write!(o, "\n{:<width$}", "");
    for c in &t.columns {
        let w = col(&c.label);
        let label = sanitize_line(&c.label);
        let _ = write!(o, "  {:>w$}", fit_text(&label, w));
    }
    let _ = write!(o, "\n{:<width$}", "battles");
    for c in &t.columns {
        let _ = write!(o, "  {:>w$}", thousands(c.battles), w = col(&c.label));
    }
    o.push('\n');
    for &m in &t.models {
        o.push_str(&pad_name(index.model_name(m), width));
        for c in &t.columns {
            let w = col(&c.label);
            let cell = match c.cell(m) {
                Some(x) => format!("{:>3} {:>5.0}", x.rank_ub, x.rating),
                None if c.unrated.iter().any(|u| u.0 == m) => "no MLE".to_owned(),
                None => "-".to_owned(),
            };
            let _ = write!(o, "  {cell:>w$}");
        }
        o.push('\n');
    }
    if !t.left_out.is_empty() {
        let _ = writeln!(o, "\nleft out: {}", sanitize_line(&t.left_out.join("; ")));
    }
    let _ = writeln!(
        o,
        "\n'-' = no battles in that column; 'no MLE' = battles but no finite rating (won or lost them all). \
         Each column is its own fit: ranks compare within a column."
    );
    o
}

/// `s` cut to `w` characters with an ellipsis.
fn fit_text(s: &str, w: usize) -> String {
    if s.chars().count() <= w {
        s.to_owned()
    } else {
        let mut cut: String = s.chars().take(w - 1).collect();
        cut.push('…');
        cut
    }
}

/// `+2` (moved up two places), `-1`, or `=`.
pub(crate) fn rank_change_label(change: i64) -> String {
    match change {
        0 => "=".to_owned(),
        c => format!("{c:+}"),
    }
}

fn style_text(index: &Index, t: &StyleTable, opts: &RatingOptions) -> String {
    let mut o = String::new();
    let n_models = t.rows.len() + t.plain.unrated.len();
    let _ = writeln!(
        o,
        "Style-controlled Bradley-Terry ratings of {} model{} over {} battles; {}",
        n_models,
        if n_models == 1 { "" } else { "s" },
        thousands(t.battles),
        t.ties.describe()
    );
    let _ = writeln!(
        o,
        "covariates: length, headers, lists, bold as (A-B)/(A+B), z-scored; battles weighted 1/max(pair battles, {MIN_PAIR_BATTLES}); \
         L2 penalty {PENALTY} on the coefficients (arena-rank's ContextualBradleyTerry)"
    );
    if t.counts_from_text {
        let _ = writeln!(
            o,
            "style counts computed from the answers by FastChat's rules (tokens estimated as characters / 4)"
        );
    }
    if let Some(scope) = scope_line(index, opts, t.intervals) {
        let _ = writeln!(o, "{scope}");
    }
    let width = t
        .rows
        .iter()
        .map(|r| r.model)
        .chain(t.plain.unrated.iter().map(|u| u.model))
        .map(|m| sanitize_line(index.model_name(m)).chars().count())
        .max()
        .unwrap_or(5)
        .clamp(5, NAME_WIDTH_MAX);
    if !t.rows.is_empty() {
        let _ = writeln!(
            o,
            "\n{:>4}  {:<width$}  {:>7}  {:>17}  {:>7}  {:>6}  {:>5}  {:>6}  {:>8}",
            "rank", "model", "style", "95% interval", "plain", "shift", "plain", "change", "battles"
        );
        let mut group = t.rows[0].group;
        for r in &t.rows {
            group_break(&mut o, &mut group, r.group);
            let interval = interval_cell(r.lower, r.upper);
            let _ = writeln!(
                o,
                "{:>4}  {}  {:>7.1}  {:>17}  {:>7.1}  {:>+6.1}  {:>5}  {:>6}  {:>8}",
                r.rank_ub,
                pad_name(index.model_name(r.model), width),
                r.rating,
                interval,
                r.plain_rating,
                r.shift(),
                r.plain_rank_ub,
                rank_change_label(r.rank_change()),
                thousands(r.battles as usize)
            );
        }
        let _ = writeln!(o, "\nstyle coefficients (against an opponent; a standard deviation of (A-B)/(A+B)):");
        for c in &t.coefficients {
            let _ = writeln!(o, "  {:<7} {:+.4}  {}", c.feature.name(), c.value, c.sentence());
        }
    }
    if !t.plain.unrated.is_empty() {
        let _ = writeln!(o, "\nno finite rating (the Bradley-Terry MLE does not exist for these):");
        for u in &t.plain.unrated {
            let _ = writeln!(
                o,
                "      {}  {:>8} battles",
                pad_name(index.model_name(u.model), width),
                thousands(u.battles as usize)
            );
        }
    }
    if !t.problems.is_empty() {
        let _ = writeln!(o, "\nproblems:");
        for p in &t.problems {
            let _ = writeln!(o, "  - {}", sanitize_line(p));
        }
    }
    if t.rows.len() > 1 {
        let _ = writeln!(
            o,
            "\nrank = 1 + the number of models whose lower bound is above this model's upper bound (style and plain \
             each by their own intervals); change = places gained under style control."
        );
    }
    o
}

/// Starts a new group's rows with a line saying it never met the models above.
fn group_break(o: &mut String, current: &mut u32, group: u32) {
    if group != *current {
        *current = group;
        let _ = writeln!(o, "  -- group {} (never met the models above) --", group + 1);
    }
}

/// A row's 95% interval as `lower to upper`, empty when it has none.
fn interval_cell(lower: Option<f64>, upper: Option<f64>) -> String {
    match (lower, upper) {
        (Some(l), Some(u)) => format!("{l:>7.1} to {u:>7.1}"),
        _ => String::new(),
    }
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
