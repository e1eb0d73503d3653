//! The vote and safety pane: winner, judge, language, time, turns; the OpenAI moderation
//! verdict with its 11 category scores as bars (flagged ones in the warning colour, missing
//! ones shown as unknown); both toxic-chat taggers against their 0.5 threshold.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::index::{BattleId, Index};
use crate::model::{MODERATION_CATEGORIES, TaggerVerdict, Winner};
use crate::sanitize::sanitize_line;
use crate::time::format_utc;

use super::{bar, fit, focused, pane_block, styled, title};
use crate::tui::action::{Command, Pane};
use crate::tui::app::App;
use crate::tui::keymap::Context;
use crate::tui::text::document::truncate;
use crate::tui::theme::Theme;

/// Lines of the pane's content without review lines (it scrolls when the pane is shorter).
pub const LINES: usize = 21;
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

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let scrolled =
        if app.vote_scroll > 0 { vec![styled(format!("↑{}", app.vote_scroll), theme.dim)] } else { vec![] };
    let block = pane_block(title("Vote & safety", scrolled, theme), focused(app, Pane::Vote), theme);
    let inner = block.inner(area);
    block.render(area, buf);
    let (Some(index), Some(b)) = (app.index(), app.selected_battle()) else { return };
    let lines = lines(app, index, b, inner.width as usize);
    for (i, line) in lines.iter().skip(app.vote_scroll).take(inner.height as usize).enumerate() {
        buf.set_line(inner.x, inner.y + i as u16, line, inner.width);
    }
}

/// The pane's content for one battle at a width: a summary that fits small terminals first,
/// then the score bars.
pub fn lines(app: &App, index: &Index, b: BattleId, width: usize) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let label = |s: &str| styled(format!("{s:<11}"), theme.header);
    let mut out = Vec::with_capacity(LINES);

    let hidden = app.names_hidden(b);
    let winner = if hidden {
        styled("hidden until you vote", theme.dim)
    } else {
        let name = |m| sanitize_line(index.model_name(m)).into_owned();
        match index.winner(b) {
            Winner::ModelA => styled(format!("▸ A  {}", name(index.model_a(b))), theme.winner),
            Winner::ModelB => styled(format!("▸ B  {}", name(index.model_b(b))), theme.winner),
            Winner::Tie => styled("tie", theme.tie),
            Winner::BothBad => styled("tie (both bad)", theme.both_bad),
        }
    };
    out.push(Line::from(vec![label("winner"), winner]));
    review_lines(app, index, b, hidden, width, &mut out);
    let judge = index.judge_str(b).map_or_else(|| "unknown".to_owned(), |j| sanitize_line(j).into_owned());
    out.push(Line::from(vec![label("judge"), styled(judge, theme.text)]));
    let lang = index.language_str(b).map_or_else(|| "unknown".to_owned(), |l| sanitize_line(l).into_owned());
    let anony = match index.anony(b) {
        Some(true) => "anon",
        Some(false) => "named",
        None => "anony ?",
    };
    let turns = index.turn(b);
    out.push(Line::from(vec![
        label("language"),
        styled(lang, theme.text),
        styled(format!(" · {turns} turn{} · {anony}", if turns == 1 { "" } else { "s" }), theme.text),
    ]));
    let time = index.tstamp(b).map_or_else(|| "unknown".to_owned(), |t| format!("{} UTC", format_utc(t)));
    out.push(Line::from(vec![label("time"), styled(time, theme.text)]));
    out.push(Line::from([vec![label("moderation")], moderation_summary(index, b, theme)].concat()));
    out.push(Line::from([vec![label("toxic")], toxic_summary(index, b, theme)].concat()));

    moderation_lines(index, b, width, theme, &mut out);
    toxic_lines(index, b, width, theme, &mut out);
    out
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

fn moderation_lines(index: &Index, b: BattleId, width: usize, theme: &Theme, out: &mut Vec<Line<'static>>) {
    out.push(Line::from(styled("moderation scores", theme.header)));
    let m = index.moderation(b);
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
    out.push(Line::from(vec![styled("toxic taggers", theme.header), styled(" (│ = 0.5 threshold)", theme.dim)]));
    let tox = index.toxic(b);
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
            assert_eq!(lines(&app, index, b, 40).len(), LINES);
        }
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
