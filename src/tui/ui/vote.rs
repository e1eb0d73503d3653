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
use crate::tui::action::Pane;
use crate::tui::app::App;
use crate::tui::theme::Theme;

/// Lines of the pane's content (it scrolls when the pane is shorter).
pub const LINES: usize = 20;
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

/// The pane's content for one battle at a width.
pub fn lines(app: &App, index: &Index, b: BattleId, width: usize) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let label = |s: &str| styled(format!("{s:<10}"), theme.header);
    let mut out = Vec::with_capacity(LINES);

    let winner = if app.names_hidden(b) {
        vec![styled("hidden (blind reading)", theme.dim)]
    } else {
        let name = |m| sanitize_line(index.model_name(m)).into_owned();
        match index.winner(b) {
            Winner::ModelA => vec![styled(format!("▸ A  {}", name(index.model_a(b))), theme.winner)],
            Winner::ModelB => vec![styled(format!("▸ B  {}", name(index.model_b(b))), theme.winner)],
            Winner::Tie => vec![styled("tie", theme.tie)],
            Winner::BothBad => vec![styled("tie (both bad)", theme.both_bad)],
        }
    };
    out.push(Line::from([vec![label("winner")], winner].concat()));
    let judge = index.judge_str(b).map_or_else(|| "unknown".to_owned(), |j| sanitize_line(j).into_owned());
    out.push(Line::from(vec![label("judge"), styled(judge, theme.text)]));
    let lang = index.language_str(b).map_or_else(|| "unknown".to_owned(), |l| sanitize_line(l).into_owned());
    let anony = match index.anony(b) {
        Some(true) => "yes",
        Some(false) => "no",
        None => "?",
    };
    out.push(Line::from(vec![
        label("language"),
        styled(lang, theme.text),
        styled(format!("   turns {}   anony {anony}", index.turn(b)), theme.text),
    ]));
    let time = index.tstamp(b).map_or_else(|| "unknown".to_owned(), |t| format!("{} UTC", format_utc(t)));
    out.push(Line::from(vec![label("time"), styled(time, theme.text)]));
    out.push(Line::from(vec![label("id"), styled(sanitize_line(&index.battle_label(b)).into_owned(), theme.dim)]));

    moderation_lines(index, b, width, theme, &mut out);
    toxic_lines(index, b, width, theme, &mut out);
    out
}

fn moderation_lines(index: &Index, b: BattleId, width: usize, theme: &Theme, out: &mut Vec<Line<'static>>) {
    let label = |s: &str| styled(format!("{s:<10}"), theme.header);
    let m = index.moderation(b);
    let verdict = match m.and_then(|m| m.flagged) {
        Some(true) => styled("⚑ flagged", theme.warning),
        Some(false) => styled("not flagged", theme.ok),
        None => styled("unknown", theme.dim),
    };
    out.push(Line::from(vec![label("moderation"), Span::raw(" "), verdict]));
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
    out.push(Line::from(vec![styled(format!("{:<10}", "toxic"), theme.header), styled(" threshold 0.5 │", theme.dim)]));
    let tox = index.toxic(b);
    let name_w = 14;
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
        None => spans.push(styled(" ?", theme.dim)),
        Some(false) => {}
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
    fn scores_fit_in_five_columns_and_small_ones_are_not_zero() {
        assert_eq!(score_text(0.91), " 0.91");
        assert_eq!(score_text(0.0), " 0.00");
        assert_eq!(score_text(0.004), " .004");
        assert_eq!(score_text(0.00001), "<.001");
        assert_eq!(score_text(f64::NAN), "    ?");
    }
}
