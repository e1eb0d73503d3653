//! `arenascope stats`: what is in a dataset.

use std::fmt::Write as _;
use std::process::ExitCode;

use crate::sanitize::sanitize_line;
use crate::stats::DatasetStats;
use crate::time::format_utc;

use super::args::StatsArgs;
use super::common::{load_data, print_stdout};
use crate::present::format::{bytes, percent, thousands};

/// Languages listed by name in the text output.
const TOP_LANGUAGES: usize = 15;

pub(crate) fn run(args: &StatsArgs) -> anyhow::Result<ExitCode> {
    let loaded = load_data(&args.data)?;
    let stats = DatasetStats::compute(&loaded.index, &loaded.report);
    let out = if args.json {
        serde_json::to_string_pretty(&stats)? + "\n"
    } else {
        let info = &loaded.index.info;
        render_text(&stats, &info.name, info.bytes)
    };
    print_stdout(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// The human-readable report.
pub(crate) fn render_text(s: &DatasetStats, name: &str, size: u64) -> String {
    let mut o = String::new();
    let name = sanitize_line(name);
    let _ = writeln!(o, "dataset       {name} ({}), loaded in {:.2} s", bytes(size), s.load_seconds);
    let _ = writeln!(o, "release       {}", s.release.unwrap_or("several (files of different releases)"));
    let _ = write!(o, "rows          {} loaded, {} skipped", thousands(s.rows), thousands(s.skipped));
    if s.kept_with_problems > 0 {
        let _ = write!(o, ", {} kept with a value set to unknown", thousands(s.kept_with_problems));
    }
    o.push('\n');
    let _ = writeln!(
        o,
        "question ids  {} distinct ({} an earlier id)",
        thousands(s.distinct_question_ids),
        match s.rows - s.distinct_question_ids {
            1 => "1 row repeats".to_owned(),
            n => format!("{} rows repeat", thousands(n)),
        }
    );
    if let (Some(first), Some(last)) = (s.first_tstamp, s.last_tstamp) {
        let _ = writeln!(o, "time          {} to {} UTC", format_utc(first), format_utc(last));
    }
    let _ = writeln!(
        o,
        "flags         {} moderation-flagged, {} toxic (either tagger)",
        thousands(s.moderation_flagged),
        thousands(s.toxic_flagged)
    );

    let mut tags = Vec::new();
    if let Some(n) = s.code {
        tags.push(format!("{} code", thousands(n)));
    }
    if let Some(n) = s.refusal {
        tags.push(format!("{} refusals", thousands(n)));
    }
    if let Some(d) = s.dedup {
        tags.push(format!("dedup {} kept, {} dropped", thousands(d.kept), thousands(d.dropped)));
    }
    if !tags.is_empty() {
        let _ = writeln!(o, "tags          {}", tags.join(", "));
    }

    let _ = writeln!(o, "\nwinner");
    for (w, n) in &s.winner_counts.0 {
        let _ = writeln!(o, "  {w:<15} {:>8}  {:>6}", thousands(*n), percent(*n, s.rows));
    }

    let _ = writeln!(o, "\nbattles per model ({})", s.battles_per_model.0.len());
    let width = s.battles_per_model.0.iter().map(|(m, _)| m.chars().count()).max().unwrap_or(0).min(40);
    for (m, n) in &s.battles_per_model.0 {
        let _ = writeln!(o, "  {:<width$} {:>8}", sanitize_line(m), thousands(*n));
    }

    let _ =
        writeln!(o, "\nlanguages ({} distinct, top {})", s.languages.0.len(), TOP_LANGUAGES.min(s.languages.0.len()));
    for (l, n) in s.languages.0.iter().take(TOP_LANGUAGES) {
        let _ = writeln!(o, "  {:<20} {:>8}  {:>6}", sanitize_line(l), thousands(*n), percent(*n, s.rows));
    }

    if !s.categories.0.is_empty() {
        let _ = writeln!(o, "\ncategories (the rows' tags; long and multiturn from the text)");
        for (c, n) in &s.categories.0 {
            let label = crate::category::Category::from_query_name(c).map_or(c.as_str(), |c| c.label());
            let _ = writeln!(o, "  {label:<22} {:>8}  {:>6}", thousands(*n), percent(*n, s.rows));
        }
    }

    let _ = writeln!(o, "\nturns");
    for (t, n) in &s.turn_histogram.0 {
        let _ = writeln!(o, "  {t:>4} {:>8}  {:>6}", thousands(*n), percent(*n, s.rows));
    }

    if !s.problems.is_empty() {
        let _ = writeln!(o, "\nproblems (first {})", s.problems.len());
        for p in &s.problems {
            let _ = writeln!(o, "  {}", sanitize_line(p));
        }
    }
    if !s.kept_problems.is_empty() {
        let _ = writeln!(o, "\nrows kept with a value set to unknown (first {})", s.kept_problems.len());
        for p in &s.kept_problems {
            let _ = writeln!(o, "  {}", sanitize_line(p));
        }
    }
    o
}
