//! The vote and safety pane: winner, judge, language, time, turns; the leaderboard categories,
//! both sides' style counts (length and markdown), Search Arena citations and the release's
//! other columns; the OpenAI moderation verdict with its 11 category scores as bars (flagged
//! ones in the warning colour, missing ones shown as unknown); both toxic-chat taggers against
//! their 0.5 threshold.

use ratatui::text::{Line, Span};

use crate::category::Category;
use crate::index::{BattleId, Index};
use crate::language;
use crate::model::{MODERATION_CATEGORIES, StyleCounts, TaggerVerdict, Winner};
use crate::sanitize::sanitize_line;
use crate::time::format_utc;

use super::{bar, fit, styled};
use crate::tui::action::Command;
use crate::tui::app::App;
use crate::tui::keymap::Context;
use crate::tui::text::document::truncate;
use crate::tui::theme::Theme;

/// Lines of the pane's content for a 2023 battle of one turn with its moderation and toxic
/// records and no review lines (it scrolls when the pane is shorter): the summary, the
/// categories, the style table, the score bars (15 lines, left out without a record).
pub(crate) const LINES: usize = 26;
/// The toxic taggers' threshold.
const TOXIC_THRESHOLD: f64 = 0.5;

/// Category labels short enough for narrow panes.
const SHORT_LABELS: [&str; 11] = [
    "harassment",
    "harass/threat",
    "hate",
    "hate/threat",
    "self-harm",
    "self-harm/instr",
    "self-harm/intent",
    "sexual",
    "sexual/minors",
    "violence",
    "violence/graphic",
];

/// The pane's content for one battle at a width: a summary that fits small terminals first,
/// then the score bars.
pub(crate) fn lines(app: &App, index: &Index, b: BattleId, width: usize) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let label = |s: &str| styled(format!("{s:<11}"), theme.header);
    let mut out = Vec::with_capacity(LINES);

    let hidden = app.names_hidden(b);
    let winner = if hidden {
        styled("hidden until you vote", theme.dim)
    } else {
        // Label (11) and "▸ A  " (5) come first; a longer name is cut visibly.
        let name = |m| truncate(&sanitize_line(index.model_name(m)), width.saturating_sub(16).max(1));
        match index.winner(b) {
            Winner::ModelA => styled(format!("▸ A  {}", name(index.model_a(b))), theme.winner),
            Winner::ModelB => styled(format!("▸ B  {}", name(index.model_b(b))), theme.winner),
            Winner::Tie => styled("tie", theme.tie),
            Winner::BothBad => styled("tie (both bad)", theme.both_bad),
            Winner::NoVote => styled("no vote (the user did not vote)", theme.dim),
        }
    };
    out.push(Line::from(vec![label("winner"), winner]));
    review_lines(app, index, b, hidden, width, &mut out);
    // What the row holds comes first: a 2023 row leads with its safety records, a later
    // release's row (which has none) with its style counts, categories and columns.
    let tags = index.tags(b);
    let has_release_data = tags.meta.is_some()
        || tags.categories.is_some()
        || tags.is_code.is_some()
        || tags.is_refusal.is_some()
        || index.extra(b).len() > 0;
    let release_first = has_release_data && index.moderation(b).is_none() && index.toxic(b).is_none();
    if release_first {
        release_lines(index, b, width, theme, &mut out);
    }
    let judge = index.judge_str(b).map_or_else(|| "unknown".to_owned(), |j| sanitize_line(j).into_owned());
    out.push(Line::from(vec![label("judge"), styled(judge, theme.text)]));
    let lang = index
        .language_str(b)
        .map_or_else(|| "unknown".to_owned(), |l| sanitize_line(&language::describe(l)).into_owned());
    // Releases without an `anony` column say nothing rather than a "?" that a narrow pane
    // could cut to a misleading "anon".
    let anony = match index.anony(b) {
        Some(true) => " · anon",
        Some(false) => " · named",
        None => "",
    };
    let turns = index.turn(b);
    // One span, cut visibly (`…`) where the pane is narrower than the line.
    let language = format!("{lang} · {turns} turn{}{anony}", if turns == 1 { "" } else { "s" });
    out.push(Line::from(vec![
        label("language"),
        styled(truncate(&language, width.saturating_sub(11).max(1)), theme.text),
    ]));
    let time = index.tstamp(b).map_or_else(|| "unknown".to_owned(), |t| format!("{} UTC", format_utc(t)));
    out.push(Line::from(vec![label("time"), styled(time, theme.text)]));
    out.push(Line::from([vec![label("moderation")], moderation_summary(index, b, theme)].concat()));
    out.push(Line::from([vec![label("toxic")], toxic_summary(index, b, theme)].concat()));
    if !release_first {
        release_lines(index, b, width, theme, &mut out);
    }

    moderation_lines(index, b, width, theme, &mut out);
    toxic_lines(index, b, width, theme, &mut out);
    out
}

/// Extra columns with a section of their own rather than a line in the list.
const CITATIONS: [(&str, &str); 2] = [("citations_a", "citations A"), ("citations_b", "citations B")];

/// The categories, the style table, Search Arena's citations and the other extra columns.
fn release_lines(index: &Index, b: BattleId, width: usize, theme: &Theme, out: &mut Vec<Line<'static>>) {
    let label = |s: &str| styled(format!("{s:<11}"), theme.header);
    let value_w = width.saturating_sub(11).max(1);
    out.extend(wrapped(label("categories"), category_spans(index, b, theme), value_w));
    style_lines(index, b, theme, out);
    let extra = index.extra(b);
    for (column, title) in CITATIONS {
        let Some((_, value)) = extra.clone().find(|(name, _)| *name == column) else { continue };
        let urls = citation_list(value);
        if urls.is_empty() {
            continue;
        }
        out.push(Line::from(vec![
            styled(title.to_owned(), theme.header),
            styled(format!(" ({})", urls.len()), theme.dim),
        ]));
        for url in urls {
            out.push(Line::from(styled(
                format!("  {}", truncate(&sanitize_line(&url), width.saturating_sub(2))),
                theme.text,
            )));
        }
    }
    let others: Vec<(&str, &str)> = extra.filter(|(name, _)| !CITATIONS.iter().any(|(c, _)| c == name)).collect();
    let name_w = others.iter().map(|(n, _)| sanitize_line(n).chars().count()).max().unwrap_or(0).min(width / 2).max(1);
    for (name, value) in others {
        let value = sanitize_line(value);
        out.push(Line::from(vec![
            styled(fit(&sanitize_line(name), name_w), theme.header),
            styled(format!(" {}", truncate(&value, width.saturating_sub(name_w + 1))), theme.text),
        ]));
    }
}

/// The categories the battle is in, `refusal` when the file says so, and what is unknown.
fn category_spans(index: &Index, b: BattleId, theme: &Theme) -> Vec<Span<'static>> {
    let tags = index.tags(b);
    let mut names: Vec<(String, ratatui::style::Style)> = Category::ALL
        .iter()
        .filter(|c| c.contains(index, b) == Some(true))
        .map(|c| (c.label().to_owned(), theme.text))
        .collect();
    if tags.is_refusal == Some(true) {
        names.push(("refusal".to_owned(), theme.warning));
    }
    let untagged = tags.categories.is_none() && tags.is_code.is_none();
    let mut spans = Vec::new();
    if names.is_empty() {
        spans.push(styled("none", theme.dim));
    }
    for (i, (name, style)) in names.into_iter().enumerate() {
        spans.push(styled(if i == 0 { name } else { format!(" · {name}") }, style));
    }
    if untagged {
        spans.push(styled(" (no category tags)", theme.dim));
    }
    spans
}

/// Spans after a label, moved to indented lines of `width` cells where they do not fit.
fn wrapped(label: Span<'static>, spans: Vec<Span<'static>>, width: usize) -> Vec<Line<'static>> {
    let mut lines = vec![vec![label]];
    let mut used = 0;
    for span in spans {
        let w = unicode_width::UnicodeWidthStr::width(span.content.as_ref());
        if used > 0 && used + w > width {
            let content = span.content.trim_start_matches(" · ").trim_start().to_owned();
            used = unicode_width::UnicodeWidthStr::width(content.as_str());
            lines.push(vec![Span::raw(" ".repeat(11)), Span::styled(content, span.style)]);
        } else {
            used += w;
            if let Some(line) = lines.last_mut() {
                line.push(span);
            }
        }
    }
    lines.into_iter().map(Line::from).collect()
}

/// Per side: tokens, headers, lists, bold; the larger of each pair stands out, so which answer
/// was longer or more formatted shows at a glance.
fn style_lines(index: &Index, b: BattleId, theme: &Theme, out: &mut Vec<Line<'static>>) {
    let meta = index.style_now(b);
    const COLUMNS: [(&str, usize); 4] = [("tokens", 7), ("hdr", 4), ("list", 5), ("bold", 5)];
    let mut header = vec![styled(format!("{:<11}", "style"), theme.header)];
    header.extend(COLUMNS.iter().map(|(name, w)| styled(format!("{name:>w$}"), theme.dim)));
    out.push(Line::from(header));
    let values = |s: &StyleCounts| [s.tokens, s.header_total(), s.list_total(), s.bold];
    let (a, b_) = (values(&meta.a), values(&meta.b));
    for (side, mine, theirs) in [("A", a, b_), ("B", b_, a)] {
        let mut spans = vec![styled(format!("  {side:<9}"), theme.header)];
        for (i, (_, w)) in COLUMNS.iter().enumerate() {
            let style = if mine[i] > theirs[i] { theme.winner } else { theme.text };
            spans.push(styled(format!("{:>w$}", mine[i], w = *w), style));
        }
        out.push(Line::from(spans));
    }
    if meta.computed {
        out.push(Line::from(styled(format!("{:<11}estimated from the text", ""), theme.dim)));
    }
}

/// Citation URLs from an extra column: a JSON list of strings or of objects with a `url`, or
/// text with one per line (or separated by commas or spaces).
fn citation_list(value: &str) -> Vec<String> {
    if let Ok(serde_json::Value::Array(items)) = serde_json::from_str::<serde_json::Value>(value) {
        return items
            .iter()
            .filter_map(|item| match item {
                serde_json::Value::String(s) => Some(s.clone()),
                serde_json::Value::Object(o) => o.get("url").and_then(|u| u.as_str()).map(str::to_owned),
                _ => None,
            })
            .filter(|s| !s.trim().is_empty())
            .collect();
    }
    value.split(['\n', ',', ' ']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

/// Below the winner, when there is something to say: the own vote (or, in blind re-judging,
/// the keys to give one), the flag's labels and the note's first line.
fn review_lines(app: &App, index: &Index, b: BattleId, hidden: bool, width: usize, out: &mut Vec<Line<'static>>) {
    let theme = &app.theme;
    let label = |s: &str| styled(format!("{s:<11}"), theme.header);
    if hidden {
        let key = |c: Command| app.keymap.keys(Context::Blind, c).first().map_or_else(String::new, |k| k.to_string());
        let mut spans = vec![label("your vote")];
        // The long name only where it fits after the label.
        let bad = if width >= 11 + 24 { "both bad" } else { "bad" };
        for (i, (cmd, what)) in
            [(Command::VoteA, "A"), (Command::VoteB, "B"), (Command::VoteTie, "tie"), (Command::VoteBothBad, bad)]
                .into_iter()
                .enumerate()
        {
            spans.push(styled(format!("{}{}", if i > 0 { " " } else { "" }, key(cmd)), theme.key));
            spans.push(styled(format!(" {what}"), theme.text));
        }
        out.push(Line::from(spans));
    } else if let Some(own) = app.review.own_vote(b) {
        let crowd = index.winner(b);
        let (mark, style) =
            if own == crowd { ("✓ agrees", theme.ok) } else { ("✗ the crowd differs", theme.warning) };
        out.push(Line::from(vec![
            label("your vote"),
            styled(format!("{}  ", own.label()), theme.text),
            styled(mark, style),
        ]));
    }
    let Some(entry) = app.review.view.entry(b).filter(|e| e.is_flagged()) else { return };
    if !entry.labels.is_empty() {
        let labels: Vec<String> = entry.labels.iter().map(|l| sanitize_line(l).into_owned()).collect();
        out.push(Line::from(vec![label("flagged"), styled(format!("★ {}", labels.join(", ")), theme.warning)]));
    }
    if !entry.note.is_empty() {
        let first = sanitize_line(entry.note.lines().next().unwrap_or_default()).into_owned();
        let shown = if entry.note.lines().count() > 1 { format!("{first} …") } else { first };
        out.push(Line::from(vec![label("note"), styled(truncate(&shown, width.saturating_sub(11)), theme.text)]));
    }
}

/// `⚑ flagged: harassment, hate`, `not flagged` or `unknown`.
fn moderation_summary(index: &Index, b: BattleId, theme: &Theme) -> Vec<Span<'static>> {
    let Some(m) = index.moderation(b) else { return vec![styled("unknown (no record)", theme.dim)] };
    let flagged: Vec<&str> =
        (0..MODERATION_CATEGORIES.len()).filter(|&i| m.category(i) == Some(true)).map(|i| SHORT_LABELS[i]).collect();
    match m.flagged {
        Some(true) if flagged.is_empty() => vec![styled("⚑ flagged", theme.warning)],
        Some(true) => vec![styled(format!("⚑ flagged: {}", flagged.join(", ")), theme.warning)],
        Some(false) => vec![styled("not flagged", theme.ok)],
        None => vec![styled("unknown", theme.dim)],
    }
}

/// Which tagger flagged the prompt, if any.
fn toxic_summary(index: &Index, b: BattleId, theme: &Theme) -> Vec<Span<'static>> {
    let Some(t) = index.toxic(b) else { return vec![styled("unknown (no record)", theme.dim)] };
    let flagged: Vec<&str> = [("roberta", t.roberta), ("t5", t.t5)]
        .into_iter()
        .filter(|(_, v)| v.and_then(|v| v.flagged) == Some(true))
        .map(|(n, _)| n)
        .collect();
    match t.either_flagged() {
        Some(true) => vec![styled(format!("⚑ flagged by {}", flagged.join(" and ")), theme.warning)],
        Some(false) => vec![styled("not flagged", theme.ok)],
        None => vec![styled("unknown", theme.dim)],
    }
}

/// The eleven scores as bars; nothing when the battle has no moderation record (the later
/// releases carry none): the `moderation` line above already says so, and eleven `unknown`
/// rows would only push the tags off the pane.
fn moderation_lines(index: &Index, b: BattleId, width: usize, theme: &Theme, out: &mut Vec<Line<'static>>) {
    let Some(m) = index.moderation(b) else { return };
    let m = Some(m);
    out.push(Line::from(styled("moderation scores", theme.header)));
    let short = width < 44;
    let name_w = if short { 16 } else { 22 };
    // "  name bar value flag"
    let bar_w = width.saturating_sub(2 + name_w + 1 + 1 + 5 + 2).max(1);
    for (i, full) in MODERATION_CATEGORIES.iter().enumerate() {
        let name = if short { SHORT_LABELS[i] } else { full };
        let flagged = m.and_then(|m| m.category(i));
        let score = m.and_then(|m| m.scores[i]);
        let style = if flagged == Some(true) { theme.warning } else { theme.text };
        let mut spans = vec![styled(format!("  {}", fit(name, name_w)), style), Span::raw(" ")];
        match score {
            Some(s) => {
                spans.push(styled(bar(s, bar_w), if flagged == Some(true) { theme.warning } else { theme.bar }));
                spans.push(styled(format!(" {}", score_text(s)), style));
            }
            None => spans.push(styled("unknown", theme.dim)),
        }
        match flagged {
            Some(true) => spans.push(styled(" ⚑", theme.warning)),
            None if score.is_some() => spans.push(styled(" ?", theme.dim)),
            _ => {}
        }
        out.push(Line::from(spans));
    }
}

fn toxic_lines(index: &Index, b: BattleId, width: usize, theme: &Theme, out: &mut Vec<Line<'static>>) {
    // As for the moderation scores: no record, no rows of `unknown`.
    let Some(tox) = index.toxic(b) else { return };
    let tox = Some(tox);
    out.push(Line::from(vec![styled("toxic taggers", theme.header), styled(" (│ = 0.5 threshold)", theme.dim)]));
    let name_w = if width < 44 { 16 } else { 22 };
    let bar_w = width.saturating_sub(2 + name_w + 1 + 1 + 5 + 2).max(2);
    for (name, verdict) in [("roberta-large", tox.and_then(|t| t.roberta)), ("t5-large", tox.and_then(|t| t.t5))] {
        out.push(tagger_line(name, verdict, name_w, bar_w, theme));
    }
}

fn tagger_line(
    name: &str,
    verdict: Option<TaggerVerdict>,
    name_w: usize,
    bar_w: usize,
    theme: &Theme,
) -> Line<'static> {
    let flagged = verdict.and_then(|v| v.flagged);
    let style = if flagged == Some(true) { theme.warning } else { theme.text };
    let mut spans = vec![styled(format!("  {}", fit(name, name_w)), style), Span::raw(" ")];
    match verdict.and_then(|v| v.score) {
        Some(s) => {
            // The threshold shows as a tick inside the bar.
            let mut cells: Vec<char> = bar(s, bar_w).chars().collect();
            let tick = ((TOXIC_THRESHOLD * bar_w as f64).round() as usize).min(bar_w - 1);
            if cells[tick] == ' ' {
                cells[tick] = '│';
            }
            spans.push(styled(
                cells.into_iter().collect::<String>(),
                if flagged == Some(true) { theme.warning } else { theme.bar },
            ));
            spans.push(styled(format!(" {}", score_text(s)), style));
        }
        None => spans.push(styled("unknown", theme.dim)),
    }
    match flagged {
        Some(true) => spans.push(styled(" ⚑", theme.warning)),
        None if verdict.and_then(|v| v.score).is_some() => spans.push(styled(" ?", theme.dim)),
        _ => {}
    }
    Line::from(spans)
}

/// A score in five columns: ` 0.91`, ` .004` and `<.001` so small ones do not read as zero.
fn score_text(s: f64) -> String {
    let text = if !s.is_finite() {
        "?".to_owned()
    } else if s >= 0.01 || s == 0.0 {
        format!("{s:.2}")
    } else if s >= 0.001 {
        format!("{s:.3}").trim_start_matches('0').to_owned()
    } else {
        "<.001".to_owned()
    };
    format!("{text:>5}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_content_has_the_advertised_number_of_lines() {
        let app = crate::tui::testing::app_with(&crate::fixtures::varied(), 120, 40, "");
        let index = app.index().unwrap();
        for b in index.battle_ids() {
            let bars =
                if index.moderation(b).is_some() { 12 } else { 0 } + if index.toxic(b).is_some() { 3 } else { 0 };
            assert_eq!(lines(&app, index, b, 40).len(), LINES - 15 + bars, "battle {b:?}");
        }
    }

    #[test]
    fn a_long_winner_name_is_cut_with_an_ellipsis() {
        let long = "a-very-long-model-name-from-some-lab-v2-instruct-0613";
        let mut battle = crate::fixtures::battle("q1", long, "short");
        battle.winner = Winner::ModelA;
        let app = crate::tui::testing::app_with(&[battle], 120, 40, "");
        let index = app.index().unwrap();
        let first: String =
            lines(&app, index, BattleId(0), 40)[0].spans.iter().map(|s| s.content.to_string()).collect();
        assert_eq!(unicode_width::UnicodeWidthStr::width(first.as_str()), 40, "{first}");
        assert!(first.ends_with('…'), "{first}");
        assert!(first.contains("▸ A  a-very-long-model-name"), "{first}");
        let wide: String = lines(&app, index, BattleId(0), 80)[0].spans.iter().map(|s| s.content.to_string()).collect();
        assert!(wide.ends_with(long), "{wide}");
    }

    #[test]
    fn citations_come_as_json_lists_or_plain_text() {
        let urls = |v: &str| citation_list(v);
        assert_eq!(urls(r#"["https://a.org", "https://b.org"]"#), ["https://a.org", "https://b.org"]);
        assert_eq!(urls(r#"[{"url": "https://a.org", "title": "A"}, {"title": "no url"}]"#), ["https://a.org"]);
        assert_eq!(
            urls("https://a.org, https://b.org\nhttps://c.org"),
            ["https://a.org", "https://b.org", "https://c.org"]
        );
        assert!(urls("[]").is_empty());
        assert!(urls("").is_empty());
    }

    #[test]
    fn columns_and_citations_from_the_file_are_sanitised() {
        let mut battles = crate::fixtures::later_releases();
        battles[0].extra = vec![
            ("evil\u{1b}]0;x\u{7}".to_owned(), "value \u{1b}[2J\u{202e}".to_owned()),
            ("citations_a".to_owned(), "[\"https://a.org/\u{1b}[31mred\"]".to_owned()),
        ];
        let app = crate::tui::testing::app_with(&battles, 120, 40, "");
        let index = app.index().unwrap();
        let text: String = lines(&app, index, BattleId(0), 60)
            .iter()
            .flat_map(|l| l.spans.iter().map(|s| s.content.to_string()))
            .collect();
        assert!(!text.chars().any(|c| c.is_control() || c == '\u{202e}'), "{text:?}");
        assert!(text.contains("https://a.org/"), "{text}");
    }

    #[test]
    fn a_battle_without_a_vote_says_so_and_lists_its_citations() {
        let mut battles = crate::fixtures::later_releases();
        battles[0].winner = Winner::NoVote;
        battles[0].extra =
            vec![("citations_b".to_owned(), "[\"https://en.wikipedia.org/x\", \"https://github.com/y\"]".to_owned())];
        let app = crate::tui::testing::app_with(&battles, 120, 40, "");
        let index = app.index().unwrap();
        let shown: Vec<String> = lines(&app, index, BattleId(0), 60)
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.to_string()).collect())
            .collect();
        assert!(shown[0].contains("no vote") && !shown[0].contains("tie"), "{shown:?}");
        let at = shown.iter().position(|l| l.starts_with("citations B (2)")).expect("a citations section");
        assert_eq!(shown[at + 1].trim(), "https://en.wikipedia.org/x");
        assert_eq!(shown[at + 2].trim(), "https://github.com/y");
    }

    #[test]
    fn a_release_without_moderation_lists_no_rows_of_unknown_scores() {
        let app = crate::tui::testing::app_with(&crate::fixtures::later_releases(), 120, 40, "");
        let index = app.index().unwrap();
        let b = BattleId(0);
        assert!(index.moderation(b).is_none() && index.toxic(b).is_none());
        let shown: Vec<String> =
            lines(&app, index, b, 60).iter().map(|l| l.spans.iter().map(|s| s.content.to_string()).collect()).collect();
        assert!(shown.iter().any(|l| l.starts_with("moderation unknown (no record)")), "{shown:?}");
        assert!(!shown.iter().any(|l| l.contains("moderation scores") || l.contains("toxic taggers")), "{shown:?}");
        assert!(!shown.iter().any(|l| l.trim_start().starts_with("harassment")), "{shown:?}");
    }

    #[test]
    fn a_language_line_wider_than_the_pane_ends_in_an_ellipsis() {
        let app = crate::tui::testing::app_with(&crate::fixtures::varied(), 120, 40, "");
        let index = app.index().unwrap();
        let line = |w| -> String {
            let all = lines(&app, index, BattleId(0), w);
            let l = all.iter().find(|l| l.spans[0].content.starts_with("language")).expect("a language line");
            l.spans.iter().map(|s| s.content.to_string()).collect()
        };
        let wide = line(80);
        assert!(!wide.ends_with('…') && wide.contains(" turn"), "{wide}");
        let narrow = line(24);
        assert_eq!(unicode_width::UnicodeWidthStr::width(narrow.as_str()), 24, "{narrow}");
        assert!(narrow.ends_with('…'), "{narrow}");
    }

    #[test]
    fn scores_fit_in_five_columns_and_small_ones_are_not_zero() {
        assert_eq!(score_text(0.91), " 0.91");
        assert_eq!(score_text(0.0), " 0.00");
        assert_eq!(score_text(0.004), " .004");
        assert_eq!(score_text(0.00001), "<.001");
        assert_eq!(score_text(f64::NAN), "    ?");
    }
}
