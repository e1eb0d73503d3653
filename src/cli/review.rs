//! `arenascope review ...`: flag battles, list, export and import flags, and compare own votes
//! with the crowd's, from the command line. The store is the dataset's own (in the data
//! folder, found by the dataset's content) unless `--review-file PATH` names one.

use std::fmt::Write as _;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use serde::Serialize;

use crate::index::{BattleId, Index};
use crate::model::Winner;
use crate::output::{WriteOptions, check_target};
use crate::query::ast::{Filter, Query};
use crate::query::{NoReviews, ReviewLookup};
use crate::review::agreement::Agreement;
use crate::review::export::{ExportFormat, export_file};
use crate::review::import::read_import;
use crate::review::key::resolve_ids;
use crate::review::ratings::{ComparedRatings, SideRating};
use crate::review::{Edit, Entry, ReviewConfig, ReviewSummary, Reviews, StoreLocation, Warning, labels_equal};
use crate::sanitize::{preview, sanitize_line, terminal_safe_json};

use super::args::{
    AddArgs, DataArgs, ExportArgs, IdArgs, ImportArgs, ListArgs, RemoveArgs, ReviewAction, ReviewArgs, ReviewStatsArgs,
};
use super::common::{CommandData, load_data};
use crate::present::format::{count_of, in_number, percent, thousands};

/// Warnings printed before "and N more".
const WARNINGS_PRINTED: usize = 10;
/// Unknown ids named in the error before "and N more".
const IDS_NAMED: usize = 10;

/// What a query's `review:` terms look up: this dataset's flags (or `--review-file`'s) when the
/// query has such terms; nothing otherwise, so plain searches never open the store.
pub(crate) fn lookup_for(
    index: &Index,
    query: &Query,
    review_file: Option<&Path>,
) -> anyhow::Result<Box<dyn ReviewLookup>> {
    if !query.terms.iter().any(|t| matches!(t.filter, Filter::Review(_))) {
        return Ok(Box::new(NoReviews));
    }
    let location = StoreLocation::from_option(review_file);
    let (reviews, warnings) = Reviews::open(index, &location).context("cannot open the review store")?;
    print_warnings(&warnings);
    warn_unknown_labels(query, &reviews);
    Ok(Box::new(reviews.view().clone()))
}

/// A `review:LABEL` that neither the store nor the configured labels know is most likely a
/// typo (`review:flagge`); it still runs (and matches nothing), but says so.
fn warn_unknown_labels(query: &Query, reviews: &Reviews) {
    let configured = ReviewConfig::load().0.labels;
    let in_use = reviews.store().labels_in_use();
    let known = configured.iter().chain(in_use.iter().filter(|l| !configured.iter().any(|c| labels_equal(c, l))));
    let spelled: Vec<String> = known.clone().map(|k| k.replace(' ', "-")).collect();
    for label in crate::review::unknown_labels(query, known.map(String::as_str)) {
        eprintln!(
            "arenascope: warning: review:{}: no battle has this label; known: flagged, noted, none, {}",
            sanitize_line(&label),
            sanitize_line(&spelled.join(", "))
        );
    }
}

pub(crate) fn run(args: &ReviewArgs, review_file: Option<&Path>) -> anyhow::Result<ExitCode> {
    let location = StoreLocation::from_option(review_file);
    match &args.action {
        ReviewAction::Add(a) => add(a, &location),
        ReviewAction::Remove(a) => remove(a, &location),
        ReviewAction::List(a) => list(a, &location),
        ReviewAction::Export(a) => export(a, &location),
        ReviewAction::Import(a) => import(a, &location),
        ReviewAction::Stats(a) => stats(a, &location),
    }?;
    Ok(ExitCode::SUCCESS)
}

/// Loads the dataset and opens its review store, printing the store's warnings.
fn open(data: &DataArgs, location: &StoreLocation) -> anyhow::Result<(CommandData, Reviews)> {
    let data = load_data(data)?;
    let (reviews, warnings) = Reviews::open(&data.index, location).context("cannot open the review store")?;
    print_warnings(&warnings);
    Ok((data, reviews))
}

fn print_warnings(warnings: &[Warning]) {
    for w in warnings.iter().take(WARNINGS_PRINTED) {
        eprintln!("arenascope: warning: {}", sanitize_line(&w.0));
    }
    if warnings.len() > WARNINGS_PRINTED {
        eprintln!("arenascope: ... and {} more warnings", warnings.len() - WARNINGS_PRINTED);
    }
}

fn add(args: &AddArgs, location: &StoreLocation) -> anyhow::Result<()> {
    let ids = read_ids(&args.which)?;
    let (data, mut reviews) = open(&args.data, location)?;
    let index = &data.index;
    let battles = battles_named(index, &ids)?;
    let labels = known_labels(&args.labels, &reviews)?;
    let mut edits = Vec::with_capacity(battles.len() * 3);
    for &b in &battles {
        if !labels.is_empty() {
            edits.push((b, Edit::AddLabels(labels.clone())));
        }
        if let Some(note) = &args.note {
            edits.push((b, Edit::SetNote(note.clone())));
        }
        if let Some(vote) = args.vote {
            edits.push((b, Edit::SetVote(Some(vote))));
        }
    }
    let applied = reviews.edit_many(index, edits)?;
    print_warnings(&applied.warnings);
    let changed = applied.changed.len();
    let unchanged = battles.len() - changed;
    let mut msg = format!("saved {}", count_of(changed, "battle"));
    if unchanged > 0 {
        let _ = write!(msg, " ({} already so)", thousands(unchanged));
    }
    emit(&format!("{msg} in {}\n", sanitize_line(&reviews.store().path().display().to_string())))
}

fn remove(args: &RemoveArgs, location: &StoreLocation) -> anyhow::Result<()> {
    let ids = read_ids(&args.which)?;
    let (data, mut reviews) = open(&args.data, location)?;
    let index = &data.index;
    let battles = battles_named(index, &ids)?;
    let edit = if args.labels.is_empty() { Edit::Remove } else { Edit::RemoveLabels(args.labels.clone()) };
    let applied = reviews.edit_many(index, battles.iter().map(|&b| (b, edit.clone())).collect())?;
    print_warnings(&applied.warnings);
    let removed = applied.changed.iter().filter(|(_, e)| e.is_none()).count();
    let changed = applied.changed.len();
    let mut msg = format!("changed {}", count_of(changed, "battle"));
    if removed > 0 {
        let _ = write!(msg, " ({} entr{} removed)", thousands(removed), if removed == 1 { "y" } else { "ies" });
    }
    if changed < battles.len() {
        let _ = write!(msg, "; {} had nothing to remove", thousands(battles.len() - changed));
    }
    emit(&format!("{msg}\n"))
}

/// The battles with an entry, filtered by labels (any of them), in dataset order.
fn selected<'a>(reviews: &'a Reviews, labels: &[String]) -> Vec<(BattleId, &'a Entry)> {
    let view = reviews.view();
    view.reviewed()
        .into_iter()
        .filter_map(|b| view.entry(b).map(|e| (b, e)))
        .filter(|(_, e)| labels.is_empty() || labels.iter().any(|l| e.has_label(l)))
        .collect()
}

/// One `review list --json` line.
#[derive(Serialize)]
struct ListedJson<'a> {
    id: String,
    question_id: &'a str,
    model_a: &'a str,
    model_b: &'a str,
    winner: &'static str,
    labels: Vec<&'a str>,
    note: &'a str,
    own_vote: Option<&'static str>,
    created: f64,
    updated: f64,
}

fn list(args: &ListArgs, location: &StoreLocation) -> anyhow::Result<()> {
    let (data, reviews) = open(&args.data, location)?;
    let index = &data.index;
    let rows = selected(&reviews, &args.labels);
    let mut out = String::new();
    if args.ids {
        for (b, _) in &rows {
            let _ = writeln!(out, "{}", sanitize_line(&index.battle_label(*b)));
        }
    } else if args.json {
        for &(b, e) in &rows {
            let line = ListedJson {
                id: index.battle_label(b),
                question_id: index.question_id(b),
                model_a: index.model_name(index.model_a(b)),
                model_b: index.model_name(index.model_b(b)),
                winner: index.winner(b).as_str(),
                labels: e.labels.iter().map(String::as_str).collect(),
                note: &e.note,
                own_vote: e.own_vote.map(Winner::as_str),
                created: e.created,
                updated: e.updated,
            };
            out.push_str(&terminal_safe_json(&line, false));
            out.push('\n');
        }
    } else {
        out = list_text(index, &rows);
    }
    emit(&out)
}

fn list_text(index: &Index, rows: &[(BattleId, &Entry)]) -> String {
    let ids: Vec<String> = rows.iter().map(|(b, _)| sanitize_line(&index.battle_label(*b)).into_owned()).collect();
    let labels: Vec<String> = rows.iter().map(|(_, e)| preview(&join(&e.labels), 40)).collect();
    let models: Vec<String> = rows
        .iter()
        .map(|(b, _)| {
            let (a, bb) = (index.model_name(index.model_a(*b)), index.model_name(index.model_b(*b)));
            preview(&format!("{a} vs {bb}"), 44)
        })
        .collect();
    let w = |v: &[String], header: &str| v.iter().map(|s| s.chars().count()).max().unwrap_or(0).max(header.len());
    let (wi, wl, wm) = (w(&ids, "ID"), w(&labels, "LABELS"), w(&models, "MODELS"));
    let mut o = String::new();
    if rows.is_empty() {
        return "no reviewed battles\n".to_owned();
    }
    let _ = writeln!(o, "{:<wi$}  {:<wl$}  {:<8}  {:<8}  {:<wm$}  NOTE", "ID", "LABELS", "OWN VOTE", "CROWD", "MODELS");
    for (i, (b, e)) in rows.iter().enumerate() {
        let own = e.own_vote.map_or("-", Winner::label);
        let note = preview(&e.note, 60);
        let crowd = index.winner(*b).label();
        let line = format!("{:<wi$}  {:<wl$}  {own:<8}  {crowd:<8}  {:<wm$}  {note}", ids[i], labels[i], models[i]);
        let _ = writeln!(o, "{}", line.trim_end());
    }
    let _ = writeln!(o, "{}", count_of(rows.len(), "battle"));
    o
}

fn export(args: &ExportArgs, location: &StoreLocation) -> anyhow::Result<()> {
    let Some(format) = ExportFormat::from_path(&args.out) else {
        bail!("{}: the export file must end in .jsonl (or .ndjson) or .csv", args.out.display());
    };
    let (data, reviews) = open(&args.data, location)?;
    let index = &data.index;
    let rows = selected(&reviews, &args.labels);
    let inputs = read_files(index, &reviews);
    // Refused before the work of writing, and again (inside) just before the rename.
    let opts = WriteOptions { force: args.force, inputs: &inputs };
    check_target(&args.out, opts)?;
    let n = export_file(&args.out, format, index, &rows, opts)?;
    emit(&format!("wrote {} to {}\n", count_of(n, "battle"), sanitize_line(&args.out.display().to_string())))
}

/// Every file this command has read: the dataset's files and the review journal.
fn read_files(index: &Index, reviews: &Reviews) -> Vec<PathBuf> {
    index.info.paths.iter().cloned().chain(std::iter::once(reviews.store().path().to_path_buf())).collect()
}

fn import(args: &ImportArgs, location: &StoreLocation) -> anyhow::Result<()> {
    let (data, mut reviews) = open(&args.data, location)?;
    let index = &data.index;
    let imported = read_import(&args.from, index)?;
    print_warnings(&imported.warnings);
    let found = imported.entries.len();
    let edits = imported.entries.into_iter().map(|(b, e)| (b, Edit::Merge(e))).collect();
    let applied = reviews.edit_many(index, edits)?;
    print_warnings(&applied.warnings);
    let changed = applied.changed.len();
    emit(&format!(
        "imported {} from {} ({} changed, {} already the same) into {}\n",
        count_of(found, "battle"),
        sanitize_line(&args.from.display().to_string()),
        thousands(changed),
        thousands(found - changed),
        sanitize_line(&reviews.store().path().display().to_string())
    ))
}

fn stats(args: &ReviewStatsArgs, location: &StoreLocation) -> anyhow::Result<()> {
    let (config, warning) = ReviewConfig::load();
    print_warnings(warning.as_slice());
    let (data, reviews) = open(&args.data, location)?;
    let index = &data.index;
    let summary = ReviewSummary::compute(reviews.view(), index, &config);
    if args.json {
        return emit(&(terminal_safe_json(&summary, true) + "\n"));
    }
    emit(&stats_text(&summary, reviews.store().path()))
}

fn stats_text(s: &ReviewSummary, path: &Path) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "review store  {}", sanitize_line(&path.display().to_string()));
    let _ = writeln!(
        o,
        "battles       {} reviewed: {} flagged, {} with a note, {} with an own vote",
        thousands(s.entries),
        thousands(s.flagged),
        thousands(s.noted),
        thousands(s.agreement.all_outcomes.n)
    );
    if s.not_in_dataset > 0 {
        let _ = writeln!(o, "              {} entries name battles not in this dataset", thousands(s.not_in_dataset));
    }
    let _ = writeln!(o, "\nlabels");
    let width = s.labels.0.iter().map(|(l, _)| l.chars().count()).max().unwrap_or(0).min(40);
    for (l, n) in &s.labels.0 {
        let _ = writeln!(o, "  {:<width$} {:>7}", preview(l, 40), thousands(*n));
    }
    let _ = writeln!(o, "\nown votes");
    for (v, n) in &s.own_votes.0 {
        let _ = writeln!(o, "  {v:<9} {:>7}", thousands(*n));
    }
    let _ = writeln!(o, "\nagreement with the crowd");
    agreement_text(&mut o, "all four outcomes", &s.agreement.all_outcomes);
    agreement_text(&mut o, "decisive (both A or B)", &s.agreement.decisive);
    let t = &s.agreement.all_outcomes;
    if t.n > 0 {
        let _ = writeln!(o, "\n  own vote (rows) vs crowd (columns)");
        let _ = write!(o, "  {:<9}", "");
        for c in &t.outcomes {
            let _ = write!(o, " {c:>8}");
        }
        let _ = writeln!(o);
        for (r, row) in t.outcomes.iter().zip(&t.table) {
            let _ = write!(o, "  {r:<9}");
            for n in row {
                let _ = write!(o, " {n:>8}");
            }
            let _ = writeln!(o);
        }
    }
    ratings_text(&mut o, &s.ratings);
    o
}

fn ratings_text(o: &mut String, r: &ComparedRatings) {
    if r.battles == 0 {
        return;
    }
    let _ = writeln!(
        o,
        "\nratings on the {} you voted on ({}, {}; 95% intervals)",
        count_of(r.battles, "battle"),
        r.method,
        r.ties
    );
    let width = r.rows.iter().map(|row| row.model.chars().count()).max().unwrap_or(0).clamp(5, 32);
    let _ = writeln!(o, "  {:<width$} {:>7}  {:<22} crowd", "model", "battles", "own votes");
    for row in &r.rows {
        let line = format!(
            "  {:<width$} {:>7}  {:<22} {}",
            preview(&row.model, width),
            thousands(row.battles as usize),
            side_text(&row.own),
            side_text(&row.crowd)
        );
        let _ = writeln!(o, "{}", line.trim_end());
    }
    for p in &r.problems {
        let _ = writeln!(o, "  note: {}", sanitize_line(p));
    }
}

/// `1103 [1020, 1190]`, or why there is no rating.
fn side_text(s: &SideRating) -> String {
    match (s.rating, s.lower, s.upper) {
        (Some(r), Some(lo), Some(hi)) => format!("{r:.0} [{lo:.0}, {hi:.0}]"),
        (Some(r), _, _) => format!("{r:.0}"),
        (None, ..) => s.unrated.unwrap_or("-").to_owned(),
    }
}

fn agreement_text(o: &mut String, name: &str, a: &Agreement) {
    let kappa = match a.kappa {
        Some(k) => format!("{k:.3}"),
        None if a.n == 0 => "n/a".to_owned(),
        None => "n/a (one outcome only)".to_owned(),
    };
    let _ = writeln!(
        o,
        "  {name:<24} {:>6} {}  {:>6} agree  Cohen's kappa {kappa}",
        thousands(a.n),
        in_number(a.n, "battle"),
        percent(a.agreed, a.n)
    );
}

fn join(labels: &std::collections::BTreeSet<String>) -> String {
    labels.iter().map(String::as_str).collect::<Vec<_>>().join(", ")
}

/// The ids from `--id` and `--ids-from` (the first word of each non-empty line).
fn read_ids(which: &IdArgs) -> anyhow::Result<Vec<String>> {
    let mut ids = which.ids.clone();
    if let Some(path) = &which.ids_from {
        let reader: Box<dyn BufRead> = if path.as_os_str() == "-" {
            Box::new(std::io::stdin().lock())
        } else {
            let f = std::fs::File::open(path).with_context(|| format!("{}: cannot read ids", path.display()))?;
            Box::new(std::io::BufReader::new(f))
        };
        for line in reader.lines() {
            let line = line.with_context(|| format!("{}: cannot read ids", path.display()))?;
            if let Some(id) = line.split_whitespace().next() {
                ids.push(id.to_owned());
            }
        }
    }
    if ids.is_empty() {
        bail!("no battle ids given");
    }
    Ok(ids)
}

/// The battles the ids name, each once, in the order given; an error names every unknown id.
fn battles_named(index: &Index, ids: &[String]) -> anyhow::Result<Vec<BattleId>> {
    match resolve_ids(index, ids) {
        Ok(found) => {
            let mut seen = std::collections::HashSet::with_capacity(found.len());
            Ok(found.into_iter().map(|(_, b)| b).filter(|b| seen.insert(*b)).collect())
        }
        Err(unknown) => {
            let named: Vec<String> = unknown.iter().take(IDS_NAMED).map(|id| sanitize_line(id).into_owned()).collect();
            let more = unknown.len().saturating_sub(IDS_NAMED);
            let tail = if more > 0 { format!(" and {more} more") } else { String::new() };
            bail!(
                "{} not in this dataset: {}{tail} (ids are question_id or question_id#N, with \\# for a # inside the id)",
                if unknown.len() == 1 { "this id is" } else { "these ids are" },
                named.join(", ")
            )
        }
    }
}

/// The labels to add, spelled as configured; an unknown label is an error (a typo would
/// otherwise start a new label silently).
fn known_labels(given: &[String], reviews: &Reviews) -> anyhow::Result<Vec<String>> {
    let (config, warning) = ReviewConfig::load();
    print_warnings(warning.as_slice());
    let in_use = reviews.store().labels_in_use();
    let mut out = Vec::with_capacity(given.len());
    for g in given {
        let g = g.trim();
        match config.labels.iter().chain(&in_use).find(|known| labels_equal(known, g)) {
            Some(known) => out.push(known.clone()),
            None => {
                let path = ReviewConfig::default_path().map(|p| p.display().to_string()).unwrap_or_default();
                bail!(
                    "unknown label {:?}; known labels: {}; add it to `labels` in {}",
                    sanitize_line(g),
                    config.labels.iter().map(|l| sanitize_line(l).into_owned()).collect::<Vec<_>>().join(", "),
                    sanitize_line(&path)
                );
            }
        }
    }
    Ok(out)
}

/// Writes to stdout through the one output path of the CLI.
fn emit(text: &str) -> anyhow::Result<()> {
    super::common::print_stdout(text)
}
