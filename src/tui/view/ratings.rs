//! The rating pane, in four views cycled by `r`: the table for the current query (rank by
//! upper bound, rating ± half the interval, battles, win rate, ▲/▼ against the full data),
//! the categories (languages, months) side by side, the win-fraction heat map, and each
//! model's rating over time as a sparkline. The selected battle's two models are highlighted
//! in all of them; while the pane has the focus, a cursor marks the number `Enter` narrows to.

use ratatui::style::Style;
use ratatui::text::Line;

use crate::index::{Index, ModelId};
use crate::present::format::{count_of, thousands};
use crate::sanitize::sanitize_line;

use super::{fit, fit_right, focused, styled};
use crate::tui::action::{Command, Pane};
use crate::tui::app::App;
use crate::tui::keymap::Context;
use crate::tui::state::ratings::{Method, RatingView, RatingsSnapshot, SoFar, SplitSnapshot};
use crate::tui::text::wrap::wrap_message;
use crate::tui::theme::heat_glyph;

const SPARK: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// Every line of the pane: the chosen view first, then the other two, each under a rule, so a
/// tall pane shows all three and `r` decides which comes first.
pub(crate) fn lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let (Some(index), Some(s)) = (app.index(), &app.ratings.current) else { return Vec::new() };
    if s.rows.is_empty() {
        let mut out = wrapped("no model has a rating on this query's battles", width, theme.dim);
        for note in &s.notes {
            out.extend(wrapped(&sanitize_line(note), width, theme.warning));
        }
        return out;
    }
    let selected: Vec<ModelId> = match app.selected_battle() {
        Some(b) if !app.names_hidden(b) => vec![index.model_a(b), index.model_b(b)],
        _ => Vec::new(),
    };
    let mut out = Vec::new();
    let mut view = app.ratings.view;
    // The cursor: in the chosen view, while the pane has the focus.
    let cursor = focused(app, Pane::Ratings).then_some((app.ratings.cursor, app.ratings.column));
    for k in 0..RatingView::ALL.len() {
        let cursor = if k == 0 { cursor } else { None };
        // The side-by-side table is computed only while it is the chosen view.
        if view == RatingView::Split && s.split.is_none() && k > 0 {
            view = view.next();
            continue;
        }
        if k > 0 {
            out.push(Line::default());
            let label = format!("─ {} ", view.label());
            out.push(Line::from(styled(
                format!("{label}{}", "─".repeat(width.saturating_sub(label.chars().count()))),
                theme.border,
            )));
        }
        out.extend(match view {
            RatingView::Table => table(app, index, s, &selected, cursor, width),
            RatingView::Split => match &s.split {
                Some(t) => split_view(app, index, t, &selected, cursor, width),
                None => wrapped("computing the table side by side…", width, theme.dim),
            },
            RatingView::Heatmap => heatmap(app, index, s, &selected, cursor, width),
            RatingView::OverTime => over_time(app, index, s, &selected, cursor, width),
        });
        view = view.next();
    }
    out
}

/// While the file loads and the ratings wait for it: what the pane says instead (and the key
/// that rates the battles so far).
pub(crate) fn waiting_for_load(app: &App, width: usize) -> Option<Vec<Line<'static>>> {
    let p = app.loading().filter(|_| app.ratings.so_far == SoFar::Waiting)?;
    let text = format!(
        "Ratings wait for the whole file ({}% loaded). {}: rate the {} so far instead.",
        p.percent(),
        key_of(app, Command::RatingsSoFar),
        count_of(app.list.rows.len(), "battle")
    );
    Some(wrapped(&text, width, app.theme.dim))
}

/// The first key bound to `cmd` in the rating pane (or globally), for legends.
fn key_of(app: &App, cmd: Command) -> String {
    [Context::Ratings, Context::Global]
        .iter()
        .find_map(|&c| app.keymap.keys(c, cmd).first())
        .map_or_else(|| "?".to_owned(), |k| k.to_string())
}

/// The cursor's style: bright while the pane has the focus.
fn cursor_style(app: &App) -> Style {
    app.theme.selected
}

/// Text wrapped to the pane, in one style.
fn wrapped(text: &str, width: usize, style: Style) -> Vec<Line<'static>> {
    wrap_message(text, width, &[])
        .lines
        .into_iter()
        .map(|l| Line::from(styled(l.segs.into_iter().map(|s| s.text).collect::<String>(), style)))
        .collect()
}

fn model_name(index: &Index, m: ModelId) -> String {
    sanitize_line(index.model_name(m)).into_owned()
}

fn table(
    app: &App,
    index: &Index,
    s: &RatingsSnapshot,
    selected: &[ModelId],
    cursor: Option<(usize, usize)>,
    width: usize,
) -> Vec<Line<'static>> {
    let theme = &app.theme;
    // rank 2, model, arrow 1, rating 5, ±h 5, battles 6, win 4, with single spaces.
    let model_w = width.saturating_sub(2 + 1 + 1 + 1 + 5 + 5 + 1 + 6 + 1 + 4).max(6);
    let mut out = vec![Line::from(styled(
        format!(
            "{} {} {}{} {} {}",
            fit_right("#", 2),
            fit("model", model_w),
            fit_right("rating", 6),
            fit_right("±", 5),
            fit_right("n", 6),
            fit_right(if s.style.is_some() { "Δ#" } else { "win" }, 4)
        ),
        theme.header,
    ))];
    for (i, row) in s.rows.iter().enumerate() {
        let on_cursor = cursor.is_some_and(|c| c.0 == i);
        let highlight = selected.contains(&row.model) || on_cursor;
        let base = if on_cursor {
            cursor_style(app)
        } else if highlight {
            theme.highlight_model
        } else {
            theme.text
        };
        let (arrow, arrow_style) = match app.ratings.delta(row) {
            Some((1, _)) => ("▲", theme.up),
            Some(_) => ("▼", theme.down),
            None => (" ", theme.text),
        };
        let half = row.interval.map(|(lo, hi)| (hi - lo) / 2.0);
        out.push(Line::from(vec![
            styled(format!("{} ", fit_right(&row.rank.to_string(), 2)), base),
            styled(fit(&model_name(index, row.model), model_w), base),
            styled(" ", base),
            styled(arrow, if highlight { base } else { arrow_style }),
            styled(fit_right(&format!("{:.0}", row.rating), 5), base),
            styled(
                fit_right(&half.map_or_else(String::new, |h| format!("±{h:.0}")), 5),
                if highlight { base } else { theme.dim },
            ),
            styled(format!(" {}", fit_right(&thousands(row.battles), 6)), base),
            match &s.style {
                // Places gained under style control against the plain table.
                Some(style) => {
                    let change = style.rank_change(row);
                    let text = match change {
                        Some(0) => "=".to_owned(),
                        Some(c) => format!("{c:+}"),
                        None => "–".to_owned(),
                    };
                    let style = match change {
                        _ if highlight => base,
                        Some(c) if c > 0 => theme.up,
                        Some(c) if c < 0 => theme.down,
                        _ => theme.dim,
                    };
                    styled(format!(" {}", fit_right(&text, 4)), style)
                }
                None => styled(
                    format!(" {}", fit_right(&row.win_rate.map_or_else(|| "–".to_owned(), |w| format!("{w:.2}")), 4)),
                    base,
                ),
            },
        ]));
    }
    for note in &s.notes {
        out.extend(wrapped(&sanitize_line(note), width, theme.warning));
    }
    if let Some(style) = &s.style {
        let parts: Vec<String> = style
            .coefficients
            .iter()
            .map(|(name, points, bounds)| match bounds {
                Some((l, u)) => format!("{name} {points:+.1} ({l:+.1}..{u:+.1})"),
                None => format!("{name} {points:+.1}"),
            })
            .collect();
        let text = format!("style, points per standard deviation: {}", parts.join(", "));
        out.extend(wrapped(&text, width, theme.text));
        let text = "Δ# = places gained against plain Bradley-Terry (ranks by upper bound)";
        out.extend(wrapped(text, width, theme.dim));
    }
    let basis = if s.bootstrapped { "bootstrap" } else { "quick" };
    let text = format!("# = rank by upper bound · ± = half the 95% interval ({basis}) · ▲▼ vs all battles");
    out.extend(wrapped(&text, width, theme.dim));
    // Online Elo starts every model at 1000 and moves it a little per battle, so a model with
    // fewer battles here sits nearer 1000 than on all battles whatever its play: said beside
    // the arrows, since they cannot mean for Elo what they mean for Bradley-Terry.
    let subset = app.ratings.full.as_ref().is_some_and(|f| f.battles > s.battles);
    if s.method == Method::OnlineElo && subset && s.rows.iter().any(|r| app.ratings.delta(r).is_some()) {
        let text = format!(
            "Elo: with {} of {} battles each model had fewer updates, so ▲▼ here mostly show the pull toward \
             1000, not better or worse play; {} (Bradley-Terry) compares the query with all battles fairly",
            thousands(s.battles),
            thousands(app.ratings.full.as_ref().map_or(0, |f| f.battles)),
            app.keymap.keys(Context::Global, Command::RatingMethod).first().map_or("e".to_owned(), |k| k.to_string()),
        );
        out.extend(wrapped(&text, width, theme.warning));
    }
    out
}

fn heatmap(
    app: &App,
    index: &Index,
    s: &RatingsSnapshot,
    selected: &[ModelId],
    cursor: Option<(usize, usize)>,
    width: usize,
) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let m = &s.matrix;
    let n = m.models.len();
    if n == 0 {
        return Vec::new();
    }
    let label_w = 12.min(width / 3);
    // Four columns show a value (` .59`, ` 1.0`); narrower cells show a shade.
    let cell_w = ((width.saturating_sub(label_w + 3)) / n).clamp(1, 4);
    let mut out = Vec::new();
    // Column headers: numbers when cells are wide enough, else the row labels carry them.
    let mut head = vec![styled(" ".repeat(label_w + 3), theme.header)];
    if cell_w >= 4 {
        for j in 0..n {
            head.push(styled(fit_right(&(j + 1).to_string(), cell_w), theme.header));
        }
    }
    out.push(Line::from(head));
    let pos = |id: ModelId| m.models.iter().position(|&x| x == id);
    let pair = match selected {
        [a, b] => pos(*a).zip(pos(*b)),
        _ => None,
    };
    // While the cursor is on a cell, the line under the map describes that pair.
    let described = cursor.filter(|c| c.0 < n && c.1 < n && c.0 != c.1).or(pair);
    for i in 0..n {
        let highlight = selected.contains(&m.models[i]);
        let label_style = if cursor.is_some_and(|c| c.0 == i) {
            cursor_style(app)
        } else if highlight {
            theme.highlight_model
        } else {
            theme.text
        };
        let mut spans = vec![
            styled(fit_right(&(i + 1).to_string(), 2), theme.dim),
            styled(" ", theme.text),
            styled(fit(&model_name(index, m.models[i]), label_w), label_style),
            styled(" ", theme.text),
        ];
        for j in 0..n {
            let (fraction, _) = m.cell(i, j);
            let on_pair = pair.is_some_and(|(a, b)| (i, j) == (a, b) || (i, j) == (b, a));
            let (text, style) = match fraction {
                _ if i == j => (fit_right("·", cell_w), theme.dim),
                None => (fit_right(" ", cell_w), theme.dim),
                Some(f) if cell_w >= 4 => (fit_right(&fraction_text(f), cell_w), theme.heat(f)),
                Some(f) => (heat_glyph(f).to_string().repeat(cell_w), theme.heat(f)),
            };
            let style = if on_pair { style.patch(theme.current_match) } else { style };
            let style = if cursor == Some((i, j)) { cursor_style(app) } else { style };
            spans.push(styled(text, style));
        }
        out.push(Line::from(spans));
    }
    out.push(Line::default());
    if let Some((a, b)) = described {
        let (f, decisive) = m.cell(a, b);
        let text = match f {
            Some(f) => format!(
                "{} beats {}: {:.2} of {} decisive",
                model_name(index, m.models[a]),
                model_name(index, m.models[b]),
                f,
                decisive
            ),
            None => {
                format!("{} and {}: no decisive battle", model_name(index, m.models[a]), model_name(index, m.models[b]))
            }
        };
        out.extend(wrapped(&text, width, theme.text));
    }
    out.extend(wrapped(
        "each cell: the row model's share of its decisive battles against the column model",
        width,
        theme.dim,
    ));
    out.push(Line::from(vec![
        styled(" <.2 ", theme.heat(0.1)),
        styled(if theme.no_color { "░.2-.4" } else { " .2-.4" }, theme.heat(0.3)),
        styled(if theme.no_color { "▒.4-.6" } else { " .4-.6" }, theme.heat(0.5)),
        styled(if theme.no_color { "▓.6-.8" } else { " .6-.8" }, theme.heat(0.7)),
        styled(if theme.no_color { "█>.8 " } else { " >.8 " }, theme.heat(0.9)),
    ]));
    out
}

fn over_time(
    app: &App,
    index: &Index,
    s: &RatingsSnapshot,
    selected: &[ModelId],
    cursor: Option<(usize, usize)>,
    width: usize,
) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let label_w = 14.min(width / 3);
    let spark_w = width.saturating_sub(label_w + 1 + 6).max(1);
    let (lo, hi) = s
        .over_time
        .iter()
        .flat_map(|(_, v)| v.iter().copied().flatten())
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let mut out = Vec::new();
    for (i, (model, series)) in s.over_time.iter().enumerate() {
        let style: Style = if cursor.is_some_and(|c| c.0 == i) {
            cursor_style(app)
        } else if selected.contains(model) {
            theme.highlight_model
        } else {
            theme.text
        };
        let last = series.last().copied().flatten().filter(|v| v.is_finite());
        out.push(Line::from(vec![
            styled(fit(&model_name(index, *model), label_w), style),
            styled(" ", theme.text),
            styled(sparkline(series, spark_w, lo, hi), if selected.contains(model) { style } else { theme.bar }),
            styled(fit_right(&last.map_or_else(String::new, |v| format!("{v:.0}")), 6), style),
        ]));
    }
    if lo.is_finite() {
        let text = format!("daily, oldest left; one scale: {lo:.0} (▁) to {hi:.0} (█)");
        out.extend(wrapped(&text, width, theme.dim));
    }
    out
}

/// Columns of the side-by-side table: `rank rating▲`.
const SPLIT_CELL: usize = 9;

/// The categories (languages, months) side by side: a row per model, a column per category,
/// each cell the model's rank (by upper bound, within the column) and rating, ▲/▼ where the
/// rank is better or worse than overall. The overall column stays; the others scroll with
/// the cursor's column.
fn split_view(
    app: &App,
    index: &Index,
    t: &SplitSnapshot,
    selected: &[ModelId],
    cursor: Option<(usize, usize)>,
    width: usize,
) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let n = t.columns.len();
    let mut model_w = width.saturating_sub(SPLIT_CELL * 3).clamp(6, 14);
    let fits = (width.saturating_sub(model_w) / SPLIT_CELL).max(1);
    if fits >= n {
        model_w = width.saturating_sub(n * SPLIT_CELL).clamp(6, 22);
    }
    let others = fits.saturating_sub(1);
    let chosen = cursor.map_or(app.ratings.column, |c| c.1).min(n.saturating_sub(1));
    let first = if chosen == 0 { 1 } else { chosen.saturating_sub(others.saturating_sub(1)).max(1) };
    let shown: Vec<usize> = std::iter::once(0).chain((first..n).take(others)).filter(|&c| c < n).collect();
    let head_style = |c: usize| if cursor.is_some_and(|x| x.1 == c) { cursor_style(app) } else { theme.header };
    let mut head = vec![styled(fit("", model_w), theme.header)];
    let mut counts = vec![styled(fit("battles", model_w), theme.dim)];
    for &c in &shown {
        let col = &t.columns[c];
        head.push(styled(fit_right(&sanitize_line(&col.label), SPLIT_CELL - 1), head_style(c)));
        head.push(styled(" ", theme.header));
        counts.push(styled(fit_right(&thousands(col.battles), SPLIT_CELL - 1), theme.dim));
        counts.push(styled(" ", theme.dim));
    }
    let mut out = vec![Line::from(head), Line::from(counts)];
    for (i, &model) in t.models.iter().enumerate() {
        let on_row = cursor.is_some_and(|c| c.0 == i);
        let name_style = if selected.contains(&model) { theme.highlight_model } else { theme.text };
        let mut spans = vec![styled(fit(&model_name(index, model), model_w), name_style)];
        for &c in &shown {
            let cell = t.cells.get(i).and_then(|r| r.get(c)).copied().flatten();
            let change = t.rank_change(i, c).filter(|_| c > 0);
            let (text, glyph, glyph_style) = match cell {
                Some((rank, rating)) => {
                    let (g, st) = match change {
                        Some(d) if d > 0 => ("▲", theme.up),
                        Some(d) if d < 0 => ("▼", theme.down),
                        _ => (" ", theme.text),
                    };
                    (format!("{} {}", fit_right(&rank.to_string(), 3), fit_right(&format!("{rating:.0}"), 4)), g, st)
                }
                None => (fit_right("–", SPLIT_CELL - 1), " ", theme.dim),
            };
            let base = if cell.is_some() { name_style } else { theme.dim };
            if on_row && cursor.is_some_and(|x| x.1 == c) {
                spans.push(styled(format!("{text}{glyph}"), cursor_style(app)));
            } else {
                spans.push(styled(text, base));
                spans.push(styled(glyph, if selected.contains(&model) { name_style } else { glyph_style }));
            }
        }
        out.push(Line::from(spans));
    }
    if shown.len() < n {
        let text = format!(
            "columns {}-{} of {} ({}/{} for more)",
            first + 1,
            (first + others).min(n),
            n,
            key_of(app, Command::PrevColumn),
            key_of(app, Command::NextColumn)
        );
        out.extend(wrapped(&text, width, theme.dim));
    }
    for left in &t.left_out {
        out.extend(wrapped(&format!("left out: {}", sanitize_line(left)), width, theme.dim));
    }
    let text = format!(
        "each cell: rank by upper bound within the column, rating · ▲▼ rank against overall · {}: by category, language, month · {}: the battles behind a cell",
        key_of(app, Command::RatingSplit),
        key_of(app, Command::RatingBattles)
    );
    out.extend(wrapped(&text, width, theme.dim));
    out
}

/// A win fraction in three characters: `.59`, `.00`, `1.0`.
fn fraction_text(f: f64) -> String {
    if f >= 0.995 { "1.0".to_owned() } else { format!("{f:.2}").trim_start_matches('0').to_owned() }
}

/// `series` resampled to `width` cells (the last value of each stretch of days).
fn sparkline(series: &[Option<f64>], width: usize, lo: f64, hi: f64) -> String {
    if series.is_empty() || width == 0 {
        return " ".repeat(width);
    }
    let span = (hi - lo).max(1e-9);
    (0..width.min(series.len()))
        .map(|i| {
            let end = ((i + 1) * series.len()).div_ceil(width.min(series.len())) - 1;
            let Some(v) = series[end.min(series.len() - 1)].filter(|v| v.is_finite()) else { return ' ' };
            let level = (((v - lo) / span) * 7.0).round().clamp(0.0, 7.0) as usize;
            SPARK[level]
        })
        .collect::<String>()
        + &" ".repeat(width.saturating_sub(series.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparkline_resamples_to_the_width_on_a_shared_scale() {
        let series: Vec<Option<f64>> = (0..100).map(|i| Some(1000.0 + i as f64)).collect();
        let s = sparkline(&series, 8, 1000.0, 1099.0);
        assert_eq!(s.chars().count(), 8);
        let levels: Vec<usize> = s.chars().map(|c| SPARK.iter().position(|&x| x == c).unwrap()).collect();
        assert!(levels.windows(2).all(|w| w[0] <= w[1]) && levels[7] == 7 && levels[0] <= 1, "{s}");
        assert_eq!(
            sparkline(&[None, Some(1000.0)], 5, 900.0, 1100.0),
            " ▅   ",
            "no value yet: blank; the middle: level 4 of 0..7"
        );
        assert_eq!(sparkline(&[], 3, 0.0, 1.0), "   ");
    }
}
