//! `arenascope search QUERY [PATH]...`: the battles matching a query, as a table (default),
//! labels (`--ids`), a count (`--count`) or dataset rows as JSON Lines (`--json`).

use std::process::ExitCode;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::index::{BattleId, Index};
use crate::query::{self, CompiledQuery, QueryError};
use crate::row_json::RowJson;
use crate::sanitize::{preview, sanitize_line, terminal_safe_json};
use crate::time::{day_of, format_day};

use super::args::SearchArgs;
use super::common::{load_data, write_stdout};
use crate::present::format::thousands;
use crate::present::width::truncate;

/// Characters of the prompt shown in the table.
const PROMPT_CHARS: usize = 60;
/// Widest a model or language column gets before names are cut.
const NAME_WIDTH: usize = 24;

pub fn run(args: &SearchArgs, review_file: Option<&std::path::Path>) -> anyhow::Result<ExitCode> {
    // A malformed query fails before the data is loaded.
    if !parse_and_warn(&args.query) {
        return Ok(ExitCode::from(1));
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

/// The error line, then the query with a caret under the column.
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

pub(crate) fn report_query_error(input: &str, e: &QueryError) {
    eprintln!("arenascope: {}", sanitize_line(&e.to_string()));
    let shown: String = input.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let shown = sanitize_line(&shown);
    let before: usize = shown.chars().take(e.column.saturating_sub(1)).map(|c| c.width().unwrap_or(0)).sum();
    eprintln!("  {shown}\n  {}^", " ".repeat(before));
}

/// The table: question_id (or `id#N` for a repeat), date, models, vote, language, prompt.
pub fn render_table(index: &Index, battles: &[BattleId]) -> String {
    let rows: Vec<[String; 7]> = battles.iter().map(|&b| row(index, b)).collect();
    let header = ["question_id", "date", "model_a", "model_b", "winner", "language", "prompt"].map(String::from);
    let mut widths = header.clone().map(|h| h.width());
    for r in &rows {
        for (w, cell) in widths.iter_mut().zip(r) {
            *w = (*w).max(cell.width());
        }
    }
    let mut out = String::new();
    for r in std::iter::once(&header).chain(&rows) {
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

fn row(index: &Index, b: BattleId) -> [String; 7] {
    let date = index.tstamp(b).map_or_else(|| "-".to_owned(), |t| format_day(day_of(t)));
    let name = |s: &str| truncate(&sanitize_line(s), NAME_WIDTH);
    [
        sanitize_line(&index.battle_label(b)).into_owned(),
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
