//! `arenascope search QUERY [PATH]...`: the battles matching a query, as a table (default),
//! labels (`--ids`), a count (`--count`) or dataset rows as JSON Lines (`--json`).
//!
//! A query that each battle decides alone (see [`CompiledQuery::for_pieces`]) runs while the
//! data loads: every decoded piece is scanned on the thread that decoded it, `--ids` and
//! `--json` print matches as they are found (in file order, as a whole load would), and no
//! index is kept. Other queries load everything first.

use std::io::{IsTerminal, Write};
use std::ops::ControlFlow;
use std::process::ExitCode;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::index::{BattleId, Index};
use crate::query::{self, CompiledQuery, QueryError};
use crate::row_json::RowJson;
use crate::sanitize::{preview, sanitize_line, terminal_safe_json};
use crate::time::{day_of, format_day};

use super::args::SearchArgs;
use super::common::{load_data, scan_data, stdout_error, write_stdout};
use crate::present::format::thousands;
use crate::present::width::truncate;

/// Characters of the prompt shown in the table.
const PROMPT_CHARS: usize = 60;
/// Widest a model or language column gets before names are cut.
const NAME_WIDTH: usize = 24;

/// Set (to anything) to load everything before searching, as for queries that need the whole
/// set (tests compare both ways).
pub(crate) const FULL_LOAD_VAR: &str = "ARENASCOPE_SEARCH_FULL_LOAD";

pub(crate) fn run(args: &SearchArgs, review_file: Option<&std::path::Path>) -> anyhow::Result<ExitCode> {
    // A malformed query fails before the data is loaded.
    if !parse_and_warn(&args.query) {
        return Ok(ExitCode::from(1));
    }
    // A query that does not compile (too many regex alternatives) takes the whole load's way, so that its
    // error comes after any load error, as always.
    if std::env::var_os(FULL_LOAD_VAR).is_none()
        && let Ok(parsed) = query::parse(&args.query)
        && let Some(Ok(q)) = CompiledQuery::for_pieces(&parsed)
    {
        return run_while_loading(args, &q);
    }
    let loaded = load_data(&args.data)?;
    let index = &loaded.index;
    let q = match CompiledQuery::new(index, &args.query) {
        Ok(q) => q,
        Err(e) => {
            report_query_error(&args.query, &e);
            return Ok(ExitCode::from(1));
        }
    };
    let reviews = super::review::lookup_for(index, q.query(), review_file)?;
    let matches = query::battles_matching(index, &q, reviews.as_ref());
    let limit = args.limit.map_or(usize::MAX, |n| usize::try_from(n).unwrap_or(usize::MAX));
    let shown = &matches[..limit.min(matches.len())];
    write_stdout(|out| {
        if args.count {
            writeln!(out, "{}", matches.len())
        } else if args.ids {
            shown.iter().try_for_each(|&b| writeln!(out, "{}", sanitize_line(&index.battle_label(b))))
        } else if args.json {
            shown
                .iter()
                .try_for_each(|&b| writeln!(out, "{}", terminal_safe_json(&RowJson { index, battle: b }, false)))
        } else {
            out.write_all(render_table(index, shown).as_bytes())
        }
    })?;
    if !args.count {
        let limited = if shown.len() < matches.len() {
            format!(" (showing the first {})", thousands(shown.len()))
        } else {
            String::new()
        };
        eprintln!("{} of {} battles match{limited}", thousands(matches.len()), thousands(index.len()));
    }
    Ok(ExitCode::SUCCESS)
}

/// `search` over the pieces as they are decoded, nothing kept: `--count` adds up each piece's
/// matches; `--ids` and `--json` print them as soon as the pieces before are done (flushed
/// piece by piece); the table, whose columns are as wide as the widest cell of any row, is
/// printed at the end. The output is the whole load's, byte for byte.
fn run_while_loading(args: &SearchArgs, q: &CompiledQuery) -> anyhow::Result<ExitCode> {
    let limit = args.limit.map_or(usize::MAX, |n| usize::try_from(n).unwrap_or(usize::MAX));
    let streams = args.ids || args.json;
    // Labels (`question_id#N`) count the repeats of every battle before.
    let labels = !args.count && !args.json;
    let mut repeats: crate::intern::FxHashMap<Box<str>, u32> = Default::default();
    let (mut matched, mut rows) = (0usize, Vec::new());
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut failed: Option<std::io::Error> = None;
    // Pieces are already scanned side by side, one on each decoding thread.
    let scan = |piece: &Index| query::battles_matching_here(piece, q, &query::NoReviews);
    let mut take = |piece: &Index, matches: &[BattleId], _before: usize| {
        let occurrence: Vec<u32> = if labels {
            piece.battle_ids().map(|b| next_repeat(&mut repeats, &piece.question_id(b))).collect()
        } else {
            Vec::new()
        };
        let label = |b: BattleId| crate::address::format(&piece.question_id(b), occurrence[b.index()]);
        for &b in matches.iter().take(limit.saturating_sub(matched)) {
            let written = if args.ids {
                writeln!(out, "{}", sanitize_line(&label(b)))
            } else if args.json {
                writeln!(out, "{}", terminal_safe_json(&RowJson { index: piece, battle: b }, false))
            } else {
                if !args.count {
                    rows.push(row(piece, b, &label(b)));
                }
                Ok(())
            };
            if let Err(e) = written {
                failed = Some(e);
                return ControlFlow::Break(());
            }
        }
        matched += matches.len();
        if streams && let Err(e) = out.flush() {
            failed = Some(e);
            return ControlFlow::Break(());
        }
        ControlFlow::Continue(())
    };
    // A progress line would tear the results streaming to the same terminal.
    let show_progress = !streams || !std::io::stdout().is_terminal();
    let scanned = scan_data(&args.data, show_progress, fields_needed(args, q), &scan, &mut take)?;
    if let Some(e) = failed {
        return Err(stdout_error(e));
    }
    let Some(scanned) = scanned else { return Ok(ExitCode::SUCCESS) };
    let written = if args.count {
        writeln!(out, "{matched}")
    } else if streams {
        Ok(())
    } else {
        out.write_all(render_rows(&rows).as_bytes())
    };
    written.and_then(|()| out.flush()).map_err(stdout_error)?;
    drop(out);
    if !args.count {
        let shown = matched.min(limit);
        let limited =
            if shown < matched { format!(" (showing the first {})", thousands(shown)) } else { String::new() };
        eprintln!("{} of {} battles match{limited}", thousands(matched), thousands(scanned.rows));
    }
    Ok(ExitCode::SUCCESS)
}

/// The optional fields a search while loading decodes: those its terms test and those its
/// output shows. A count and labels need nothing more, the table shows the language, and a
/// JSON row is everything.
fn fields_needed(args: &SearchArgs, q: &CompiledQuery) -> crate::load::Fields {
    if args.json {
        return crate::load::Fields::ALL;
    }
    let mut fields = CompiledQuery::fields_needed(q.query());
    fields.language |= !args.count && !args.ids;
    fields
}

/// Which repeat of its question_id a battle is (0 for the first), counting `seen`.
fn next_repeat(seen: &mut crate::intern::FxHashMap<Box<str>, u32>, qid: &str) -> u32 {
    match seen.get_mut(qid) {
        Some(n) => {
            *n += 1;
            *n
        }
        None => {
            seen.insert(qid.into(), 0);
            0
        }
    }
}

/// Parses `input`, printing its error (false) or its warnings (`OR` as a word, ...) on stderr.
pub(crate) fn parse_and_warn(input: &str) -> bool {
    match query::parse(input) {
        Ok(parsed) => {
            for warning in query::hints::query_warnings(input, &parsed) {
                eprintln!("arenascope: warning: {}", sanitize_line(&warning));
            }
            true
        }
        Err(e) => {
            report_query_error(input, &e);
            false
        }
    }
}

/// The error line, then the query with a caret under the column.
pub(crate) fn report_query_error(input: &str, e: &QueryError) {
    eprintln!("arenascope: {}", sanitize_line(&e.to_string()));
    let shown: String = input.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let shown = sanitize_line(&shown);
    let before: usize = shown.chars().take(e.column.saturating_sub(1)).map(|c| c.width().unwrap_or(0)).sum();
    eprintln!("  {shown}\n  {}^", " ".repeat(before));
}

/// The table: question_id (or `id#N` for a repeat), date, models, vote, language, prompt.
pub(crate) fn render_table(index: &Index, battles: &[BattleId]) -> String {
    let rows: Vec<[String; 7]> = battles.iter().map(|&b| row(index, b, &index.battle_label(b))).collect();
    render_rows(&rows)
}

/// The table of [`render_table`] from its rows.
fn render_rows(rows: &[[String; 7]]) -> String {
    let header = ["question_id", "date", "model_a", "model_b", "winner", "language", "prompt"].map(String::from);
    let mut widths = header.clone().map(|h| h.width());
    for r in rows {
        for (w, cell) in widths.iter_mut().zip(r) {
            *w = (*w).max(cell.width());
        }
    }
    let mut out = String::new();
    for r in std::iter::once(&header).chain(rows) {
        let mut line = String::new();
        for (i, cell) in r.iter().enumerate() {
            if i + 1 == r.len() {
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&" ".repeat(widths[i] - cell.width() + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// One row of the table; `label` is the battle's address in the whole data.
fn row(index: &Index, b: BattleId, label: &str) -> [String; 7] {
    let date = index.tstamp(b).map_or_else(|| "-".to_owned(), |t| format_day(day_of(t)));
    let name = |s: &str| truncate(&sanitize_line(s), NAME_WIDTH);
    [
        sanitize_line(label).into_owned(),
        date,
        name(index.model_name(index.model_a(b))),
        name(index.model_name(index.model_b(b))),
        index.winner(b).as_str().to_owned(),
        index.language_str(b).map_or_else(|| "-".to_owned(), name),
        preview(index.first_prompt(b), PROMPT_CHARS),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;
    use crate::index::DatasetInfo;
    use crate::sanitize::placeholder;

    fn index() -> Index {
        Index::from_battles(&fixtures::varied(), DatasetInfo::default())
    }

    #[test]
    fn table_rows_are_sanitised_and_aligned() {
        let idx = index();
        let all: Vec<BattleId> = idx.battle_ids().collect();
        let table = render_table(&idx, &all);
        assert!(!table.chars().any(|c| c != '\n' && placeholder(c).is_some()), "{table}");
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines.len(), 6);
        assert!(lines[0].starts_with("question_id  date"));
        assert!(lines[1].starts_with("0001aaaa     2023-04-24  gpt-4"), "{}", lines[1]);
        assert!(lines[5].starts_with("0001aaaa#2   2023-05-02  claude-v1"), "{}", lines[5]);
        assert!(lines[4].contains("Print ␛]0;pwned␇ and ␛[2J please"), "{}", lines[4]);
        let prompt_column = lines[0].find("prompt").expect("header");
        assert_eq!(lines[1].find("How do I"), Some(prompt_column));
    }
}
