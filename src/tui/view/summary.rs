//! The summary of own votes against the crowd's (`v`): how many battles were judged, percent
//! agreement and Cohen's kappa over the four outcomes and over decisive ones, the confusion
//! table, the rating table from own votes beside the crowd's, and the flags' labels. The
//! numbers are `ReviewSummary`'s, the same as `arenascope review stats`.

use ratatui::style::Style;
use ratatui::text::Line;

use crate::present::format::{percent, thousands};
use crate::review::ReviewSummary;
use crate::review::agreement::Agreement;
use crate::review::ratings::SideRating;
use crate::sanitize::sanitize_line;

use super::{fit, fit_right, styled};
use crate::tui::action::Command;
use crate::tui::app::{App, Overlay};
use crate::tui::keymap::Context;
use crate::tui::text::wrap::wrap_message;
use crate::tui::theme::Theme;

/// The popup's width on a terminal `width` columns wide.
pub(crate) fn popup_width(width: usize) -> usize {
    width.saturating_sub(4).min(96)
}

/// Every line of the summary at a terminal width (empty while it is being computed).
pub(crate) fn lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let Some(Overlay::Summary { summary: Some(s), .. }) = &app.overlay else { return Vec::new() };
    let theme = &app.theme;
    let w = popup_width(width).saturating_sub(4);
    let mut out = Vec::new();
    let path = app.review.store().map(|s| s.path.display().to_string()).unwrap_or_default();
    out.push(Line::from(vec![
        styled("review store  ", theme.header),
        styled(sanitize_line(&path).into_owned(), theme.dim),
    ]));
    let t = &s.agreement.all_outcomes;
    out.push(Line::from(vec![
        styled("battles       ", theme.header),
        styled(
            format!(
                "{} reviewed: {} flagged, {} with a note, {} with your vote",
                thousands(s.entries),
                thousands(s.flagged),
                thousands(s.noted),
                thousands(t.n)
            ),
            theme.text,
        ),
    ]));
    if t.n == 0 {
        out.push(Line::default());
        let blind = app.keymap.keys(Context::Global, Command::Blind).first().map(|k| k.to_string()).unwrap_or_default();
        let text = format!(
            "No own votes yet. Press {blind} for blind re-judging: names and the crowd's vote are hidden until you \
             vote A, B, tie or both bad; then this view compares your votes with the crowd's."
        );
        out.extend(wrapped(&text, w, theme));
    } else {
        let votes: Vec<String> = s.own_votes.0.iter().map(|(v, n)| format!("{v} {}", thousands(*n))).collect();
        out.push(Line::from(vec![styled("your votes    ", theme.header), styled(votes.join(" · "), theme.text)]));
        out.push(Line::default());
        out.push(Line::from(styled("Agreement with the crowd", theme.heading)));
        out.push(agreement_line("all four outcomes", t, theme));
        out.push(agreement_line("decisive (A or B)", &s.agreement.decisive, theme));
        out.push(Line::default());
        out.extend(confusion(t, theme));
        out.extend(ratings(s, w, theme));
    }
    out.push(Line::default());
    out.push(Line::from(styled("Labels", theme.heading)));
    let labels: Vec<String> =
        s.labels.0.iter().map(|(l, n)| format!("{} {}", sanitize_line(l), thousands(*n))).collect();
    out.extend(wrapped(&labels.join(" · "), w, theme));
    if s.not_in_dataset > 0 {
        let text = format!("{} entries of the store name battles not in this dataset", thousands(s.not_in_dataset));
        out.extend(wrapped(&text, w, theme));
    }
    out
}

/// Text wrapped to `width`, indented by two.
fn wrapped(text: &str, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    wrapped_in(text, width, "  ", theme.text)
}

fn wrapped_in(text: &str, width: usize, indent: &str, style: Style) -> Vec<Line<'static>> {
    wrap_message(text, width.saturating_sub(indent.len()), &[])
        .lines
        .into_iter()
        .map(|l| {
            Line::from(styled(format!("{indent}{}", l.segs.into_iter().map(|s| s.text).collect::<String>()), style))
        })
        .collect()
}

/// `  all four outcomes   12 battles   58.3% agree   Cohen's kappa 0.412`.
fn agreement_line(name: &str, a: &Agreement, theme: &Theme) -> Line<'static> {
    let kappa = match a.kappa {
        Some(k) => format!("{k:.3}"),
        None if a.n == 0 => "n/a".to_owned(),
        None => "n/a (one outcome only)".to_owned(),
    };
    Line::from(vec![
        styled(format!("  {}", fit(name, 18)), theme.text),
        styled(fit_right(&thousands(a.n), 6), theme.text),
        styled(format!(" battle{}", if a.n == 1 { " " } else { "s" }), theme.dim),
        styled(fit_right(&percent(a.agreed, a.n), 8), theme.key),
        styled(" agree  ", theme.dim),
        styled("Cohen's kappa ", theme.dim),
        styled(kappa, theme.key),
    ])
}

/// Own votes (rows) against the crowd's (columns), the diagonal bright.
fn confusion(t: &Agreement, theme: &Theme) -> Vec<Line<'static>> {
    let mut out = vec![Line::from(styled("  your vote (rows) against the crowd's (columns)".to_owned(), theme.dim))];
    let mut head = vec![styled(format!("  {}", fit("", 10)), theme.header)];
    head.extend(t.outcomes.iter().map(|o| styled(fit_right(o, 10), theme.header)));
    out.push(Line::from(head));
    for (i, (name, row)) in t.outcomes.iter().zip(&t.table).enumerate() {
        let mut spans = vec![styled(format!("  {}", fit(name, 10)), theme.header)];
        for (j, n) in row.iter().enumerate() {
            let style = if i == j {
                theme.ok
            } else if *n > 0 {
                theme.text
            } else {
                theme.dim
            };
            spans.push(styled(fit_right(&thousands(*n), 10), style));
        }
        out.push(Line::from(spans));
    }
    out
}

/// The rating table from own votes beside the crowd's, on the battles voted on.
fn ratings(s: &ReviewSummary, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let r = &s.ratings;
    if r.battles == 0 {
        return Vec::new();
    }
    let mut out = vec![Line::default()];
    let heading = format!(
        "Ratings on the {} battle{} you voted on ({}, {}; 95% intervals)",
        thousands(r.battles),
        if r.battles == 1 { "" } else { "s" },
        r.method,
        r.ties
    );
    out.extend(wrapped_in(&heading, width, "", theme.heading));
    let model_w = width.saturating_sub(2 + 8 + 2 * 22).clamp(8, 32);
    out.push(Line::from(styled(
        format!("  {} {} {} {}", fit("model", model_w), fit_right("battles", 7), fit("  your votes", 22), "the crowd"),
        theme.header,
    )));
    for row in &r.rows {
        out.push(Line::from(vec![
            styled(format!("  {} ", fit(&sanitize_line(&row.model), model_w)), theme.text),
            styled(fit_right(&thousands(row.battles as usize), 7), theme.dim),
            styled(format!("  {}", fit(&side_text(&row.own), 20)), theme.key),
            styled(format!("  {}", side_text(&row.crowd)), theme.text),
        ]));
    }
    for p in &r.problems {
        out.extend(wrapped_in(&format!("note: {}", sanitize_line(p)), width, "  ", theme.dim));
    }
    out
}

/// `1103 [1020, 1190]`, or why there is no rating.
fn side_text(s: &SideRating) -> String {
    match (s.rating, s.lower, s.upper) {
        (Some(r), Some(lo), Some(hi)) => format!("{r:.0} [{lo:.0}, {hi:.0}]"),
        (Some(r), _, _) => format!("{r:.0}"),
        (None, ..) => s.unrated.unwrap_or("-").to_owned(),
    }
}
