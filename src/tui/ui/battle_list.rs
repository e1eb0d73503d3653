//! The battle list: a virtualised table (only the visible rows are drawn) of date, the two
//! models with the winner marked, the vote, language, turns (or, when sorted by it, the length
//! of the answers) and the flag markers.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use unicode_width::UnicodeWidthStr;

use crate::index::{BattleId, Index, ModelId, Side};
use crate::model::Winner;
use crate::present::format::thousands;
use crate::sanitize::sanitize_line;
use crate::time::format_short;

use super::{pane_block, title};
use crate::tui::action::{Command, Pane};
use crate::tui::app::App;
use crate::tui::keymap::Context;
use crate::tui::state::list::SortKey;
use crate::tui::text::document::{shorten_name, truncate};
use crate::tui::view::{
    AGREE_MARK, DISAGREE_MARK, MODERATION_MARK, REVIEW_MARK, TOXIC_MARK, fit, fit_right, focused, styled,
};

/// Column widths for a table `width` columns wide.
struct Columns {
    date: usize,
    model: usize,
    vote: usize,
    language: usize,
    turns: usize,
}

const DATE: usize = 11;
const SHORT_DATE: usize = 5;
const FLAGS: usize = 3;

impl Columns {
    fn for_width(width: usize, sort: SortKey) -> Columns {
        // Language and turns only when the models still get 10 columns each; the time of day
        // only when they get 8.
        let wide = width >= DATE + FLAGS + 4 + 8 + 5 + 20 + 6;
        let date = if width >= DATE + FLAGS + 4 + 16 + 4 { DATE } else { SHORT_DATE };
        let extra = if sort == SortKey::AnswerLength { 5 } else { 2 };
        let (vote, language, turns) = if wide { (4, 8, extra) } else { (4, 0, 0) };
        let gaps = if wide { 6 } else { 4 };
        let fixed = date + FLAGS + vote + language + turns + gaps;
        Columns { date, model: width.saturating_sub(fixed) / 2, vote, language, turns }
    }
}

pub(crate) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let Some(data) = app.dataset() else { return };
    let index = &data.index;
    let t = list_title(app, index.len(), area.width.saturating_sub(2) as usize);
    let mut block = pane_block(t, focused(app, Pane::List), theme);
    let cols = Columns::for_width(area.width.saturating_sub(2) as usize, app.list.sort);
    // Names cut to fit: the selected battle's in full on the bottom border.
    if let Some(b) = app.selected_battle().filter(|&b| !app.names_hidden(b)) {
        let names = [index.model_a(b), index.model_b(b)].map(|m| sanitize_line(index.model_name(m)).into_owned());
        if names.iter().any(|n| UnicodeWidthStr::width(n.as_str()) + 1 > cols.model) {
            let full = truncate(&format!(" {} vs {} ", names[0], names[1]), area.width.saturating_sub(4) as usize);
            block = block.title_bottom(Line::from(styled(full, theme.dim)).right_aligned());
        }
    }
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.height == 0 {
        return;
    }
    buf.set_line(inner.x, inner.y, &header(app, &cols), inner.width);
    let rows = inner.height as usize - 1;
    if app.list.rows.is_empty() {
        let msg =
            if app.query.error.is_some() { "fix the query to see battles" } else { "no battle matches the query" };
        buf.set_stringn(inner.x + 1, inner.y + 2, msg, inner.width as usize - 1, theme.dim);
        return;
    }
    let has_focus = focused(app, Pane::List);
    for (i, &b) in app.list.rows.iter().skip(app.list.offset).take(rows).enumerate() {
        let y = inner.y + 1 + i as u16;
        let selected = app.list.offset + i == app.list.selected;
        let line = row(app, index, b, &cols);
        let line = if selected {
            let style = if has_focus { theme.selected } else { theme.selected_unfocused };
            buf.set_style(Rect { x: inner.x, y, width: inner.width, height: 1 }, style);
            // The selection style wins over the cells' own colours, except flag and vote marks.
            Line::from(
                line.spans
                    .into_iter()
                    .map(|s| {
                        if s.style == theme.warning || s.style == theme.ok { s } else { Span::styled(s.content, style) }
                    })
                    .collect::<Vec<_>>(),
            )
        } else {
            line
        };
        buf.set_line(inner.x, y, &line, inner.width);
    }
}

/// `Battles 572 of 33,000 · s: by date ↑` (while loading, `572 of 55,300 so far · loading
/// 41%`), shortened to fit `width` columns; the sort stays.
fn list_title(app: &App, total: usize, width: usize) -> Line<'static> {
    let theme = &app.theme;
    let key = app.keymap.keys(Context::List, Command::Sort).first().map(|k| format!("{k}: ")).unwrap_or_default();
    let arrow = if app.list.descending { "↓" } else { "↑" };
    let label = app.list.sort.label();
    let (shown, total) = (thousands(app.list.rows.len()), thousands(total));
    // While loading: `Battles 572 of 55,300 so far · loading 41% · s: by date ↑`.
    let (so_far, loading) = match app.loading() {
        Some(p) => (" so far", format!(" · loading {}%", p.percent())),
        None => ("", String::new()),
    };
    let candidates = [
        (true, format!("{shown} of {total}{so_far}{loading}"), format!(" · {key}by {label} {arrow}")),
        (false, format!("{shown} of {total}{so_far}{loading}"), format!(" · {key}by {label} {arrow}")),
        (false, format!("{shown} of {total}{so_far}{loading}"), format!(" · {label} {arrow}")),
        (false, format!("{shown}/{total}{so_far}{loading}"), format!(" · {label} {arrow}")),
        (false, format!("{shown}/{total}{loading}"), format!(" · {label} {arrow}")),
        (false, shown.clone(), format!(" · {label} {arrow}")),
    ];
    let fits = |(name, count, sort): &(bool, String, String)| {
        let w = if *name { " Battles  ".len() } else { 1 } + count.chars().count() + sort.chars().count() + 1;
        w <= width
    };
    let (name, count, sort) = candidates.iter().find(|c| fits(c)).unwrap_or(&candidates[5]).clone();
    if name {
        title("Battles", vec![styled(count, theme.text), styled(sort, theme.dim)], theme)
    } else {
        Line::from(vec![styled(" ", theme.text), styled(count, theme.text), styled(format!("{sort} "), theme.dim)])
    }
}

fn header(app: &App, cols: &Columns) -> Line<'static> {
    let theme = &app.theme;
    let arrow = if app.list.descending { "↓" } else { "↑" };
    let mark = |key: SortKey, name: &str| if app.list.sort == key { format!("{name}{arrow}") } else { name.to_owned() };
    let mut spans = vec![
        styled(fit(&mark(SortKey::Date, "date"), cols.date), theme.header),
        styled(" ", theme.header),
        styled(fit(&mark(SortKey::Models, "A"), cols.model), theme.header),
        styled(" ", theme.header),
        styled(fit("B", cols.model), theme.header),
        styled(" ", theme.header),
        styled(fit("vote", cols.vote), theme.header),
    ];
    if cols.language > 0 {
        spans.push(styled(format!(" {}", fit(&mark(SortKey::Language, "lang"), cols.language)), theme.header));
        let last = if app.list.sort == SortKey::AnswerLength {
            mark(SortKey::AnswerLength, "len")
        } else {
            mark(SortKey::Turns, "T")
        };
        spans.push(styled(format!(" {}", fit_right(&last, cols.turns)), theme.header));
    }
    spans.push(styled(format!(" {}", fit("", FLAGS)), theme.header));
    Line::from(spans)
}

fn row(app: &App, index: &Index, b: BattleId, cols: &Columns) -> Line<'static> {
    let theme = &app.theme;
    let date = index.tstamp(b).map_or_else(|| "?".to_owned(), format_short);
    let date = if cols.date < DATE { date.chars().take(cols.date).collect() } else { date };
    let hidden = app.names_hidden(b);
    let winner = index.winner(b);
    let shared = |m: ModelId| app.dataset().and_then(|d| d.model_shared.get(m.0 as usize).copied()).unwrap_or(0);
    let model = |side_won: bool, model: ModelId| -> Span<'static> {
        if hidden {
            return styled(fit("·", cols.model), theme.dim);
        }
        let name = shorten_name(&sanitize_line(index.model_name(model)), shared(model), cols.model.saturating_sub(1));
        if side_won {
            styled(fit(&format!("▸{name}"), cols.model), theme.winner)
        } else {
            styled(fit(&format!(" {name}"), cols.model), theme.text)
        }
    };
    let (vote, vote_style) = if hidden {
        ("?", theme.dim)
    } else {
        match winner {
            Winner::ModelA => ("A", theme.winner),
            Winner::ModelB => ("B", theme.winner),
            Winner::Tie => ("tie", theme.tie),
            Winner::BothBad => ("bad", theme.both_bad),
            Winner::NoVote => ("—", theme.dim),
        }
    };
    let mut spans = vec![
        styled(fit(&date, cols.date), theme.dim),
        styled(" ", theme.text),
        model(winner == Winner::ModelA, index.model_a(b)),
        styled(" ", theme.text),
        model(winner == Winner::ModelB, index.model_b(b)),
        styled(" ", theme.text),
    ];
    // After an own vote, right after the crowd's: ✓ when they agree, ✗ when not.
    match app.review.own_vote(b).filter(|_| !hidden) {
        Some(own) => {
            spans.push(styled(vote, vote_style));
            spans.push(if own == winner { styled(AGREE_MARK, theme.ok) } else { styled(DISAGREE_MARK, theme.warning) });
            spans.push(styled(" ".repeat(cols.vote.saturating_sub(vote.len() + 1)), theme.text));
        }
        None => spans.push(styled(fit(vote, cols.vote), vote_style)),
    }
    if cols.language > 0 {
        let lang = index.language_str(b).map_or_else(|| "?".to_owned(), |l| sanitize_line(l).into_owned());
        spans.push(styled(format!(" {}", fit(&lang, cols.language)), theme.text));
        let last = if app.list.sort == SortKey::AnswerLength {
            let bytes = index.answer_bytes(b, Side::A) + index.answer_bytes(b, Side::B);
            match bytes {
                0..1_000 => bytes.to_string(),
                1_000..10_000 => format!("{:.1}k", bytes as f64 / 1000.0),
                _ => format!("{}k", bytes / 1000),
            }
        } else {
            index.turn(b).to_string()
        };
        spans.push(styled(format!(" {}", fit_right(&last, cols.turns)), theme.text));
    }
    spans.push(styled(" ", theme.text));
    spans.extend(markers(app, index, b));
    Line::from(spans)
}

/// The flags column: moderation, toxic, reviewed (each one cell, blank when absent).
fn markers(app: &App, index: &Index, b: BattleId) -> Vec<Span<'static>> {
    let theme = &app.theme;
    let mark = |on: bool, glyph: &'static str, style: Style| styled(if on { glyph } else { " " }, style);
    vec![
        mark(index.moderation_flagged(b) == Some(true), MODERATION_MARK, theme.warning),
        mark(index.toxic_flagged(b) == Some(true), TOXIC_MARK, theme.warning),
        mark(app.review.is_flagged(b), REVIEW_MARK, theme.warning),
    ]
}
