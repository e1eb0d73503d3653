//! The status bar: the keys of the focused pane (generated from the keymap, so they are
//! always true) on the left; the dataset, its size, load time and skipped rows on the right,
//! or a notice when there is one.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::present::format::{bytes, thousands};
use crate::sanitize::sanitize_line;

use crate::tui::action::Command;
use crate::tui::app::{App, Overlay};
use crate::tui::keymap::{Context, PANE_HINT, REMOVE_FLAG_HINT};
use crate::tui::text::document::truncate;
use crate::tui::view::styled;

pub(crate) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    buf.set_style(area, theme.status);
    // Hints in order, but the essential ones (help and quit, and the votes in blind
    // re-judging) first claim their room: with them, everything else can be found.
    let mut hints = app.keymap.hints_with_priority(app.context(), app.blind);
    if let Some(Overlay::Flag(dialog)) = &app.overlay
        && !dialog.was_flagged
    {
        hints.retain(|(_, what, _)| *what != REMOVE_FLAG_HINT);
    }
    // One pane at a time: the key that switches panes is as essential as help and quit, and
    // the hints come before the dataset line (its name is in the query bar's title).
    let single = app.screen().is_some_and(|s| s.single);
    if single {
        for hint in hints.iter_mut().filter(|h| h.1 == PANE_HINT) {
            hint.2 = true;
        }
    }
    let width = |keys: &str, label: &str| keys.chars().count() + 1 + label.chars().count() + 2;
    let essential = 1 + hints.iter().filter(|h| h.2).map(|(k, l, _)| width(k, l)).sum::<usize>();
    let all_hints = 1 + hints.iter().map(|(k, l, _)| width(k, l)).sum::<usize>();
    // A notice may take most of the bar, the dataset line at most two fifths; neither the
    // essential hints' room.
    let share = if app.notice.is_some() { 4 } else { 2 };
    let max_right = if single && app.notice.is_none() {
        (area.width as usize).saturating_sub(all_hints.max(essential) + 2)
    } else {
        (area.width as usize * share / 5).max(24).min((area.width as usize).saturating_sub(essential + 2))
    };
    let right = right_side(app, max_right, single);
    let right_w = right.width() as u16;
    buf.set_line(area.x + area.width.saturating_sub(right_w), area.y, &right, right_w);
    let room = area.width.saturating_sub(right_w + 2) as usize;
    let mut used = essential;
    let mut spans: Vec<Span<'static>> = Vec::new();
    for (keys, label, essential) in hints {
        if !essential {
            let w = width(&keys, label);
            if used + w > room {
                continue;
            }
            used += w;
        }
        spans.push(styled(keys, theme.key));
        spans.push(styled(format!(" {label}  "), theme.text));
    }
    buf.set_line(area.x + 1, area.y, &Line::from(spans), room as u16);
}

/// `brief`: only what is not shown elsewhere (warnings, sample, blind), not the dataset's name
/// and size.
fn right_side(app: &App, max_width: usize, brief: bool) -> Line<'static> {
    let theme = &app.theme;
    // Until the review worker says a change is on disk, that is what matters most.
    let saving = if app.review.is_saving() { "saving… " } else { "" };
    if let Some(notice) = &app.notice {
        let text = truncate(&sanitize_line(&format!("{saving}{notice}")), max_width.saturating_sub(1));
        return Line::from(vec![styled(text, theme.warning), styled(" ", theme.text)]);
    }
    if !saving.is_empty() {
        return Line::from(vec![styled(saving, theme.warning)]);
    }
    let Some(d) = app.dataset() else { return Line::default() };
    let info = &d.index.info;
    // Parts in order of importance; the line keeps as many as fit.
    let mut parts: Vec<Vec<Span<'static>>> = vec![vec![styled(truncate(&sanitize_line(&info.name), 30), theme.dim)]];
    if brief {
        parts.clear();
    }
    if d.report.skipped > 0 {
        let key =
            app.keymap.keys(Context::Global, Command::Problems).first().map(|k| k.to_string()).unwrap_or_default();
        parts.push(vec![
            styled(format!(" · {} skipped ", thousands(d.report.skipped)), theme.warning),
            styled(format!("({key})"), theme.key),
        ]);
    }
    if d.report.kept > 0 {
        let key =
            app.keymap.keys(Context::Global, Command::Problems).first().map(|k| k.to_string()).unwrap_or_default();
        parts.push(vec![
            styled(format!(" · {} with unknown values ", thousands(d.report.kept)), theme.warning),
            styled(format!("({key})"), theme.key),
        ]);
    }
    if !d.report.warnings.is_empty() {
        let key =
            app.keymap.keys(Context::Global, Command::Problems).first().map(|k| k.to_string()).unwrap_or_default();
        let n = d.report.warnings.len();
        parts.push(vec![
            styled(format!(" · {n} file warning{} ", if n == 1 { "" } else { "s" }), theme.warning),
            styled(format!("({key})"), theme.key),
        ]);
    }
    if !app.review.warnings.is_empty() {
        let key =
            app.keymap.keys(Context::Global, Command::Problems).first().map(|k| k.to_string()).unwrap_or_default();
        let n = app.review.warnings.len();
        parts.push(vec![
            styled(format!(" · {n} review warning{} ", if n == 1 { "" } else { "s" }), theme.warning),
            styled(format!("({key})"), theme.key),
        ]);
    }
    if info.is_sample {
        parts.push(vec![styled(" · SAMPLE data", theme.warning)]);
    }
    if brief {
        if app.blind {
            parts.push(vec![styled(" · blind", theme.warning)]);
        }
        return join_parts(parts, max_width, theme);
    }
    match d.loading {
        Some(p) => {
            parts.push(vec![styled(format!(" · {} battles so far", thousands(d.index.len())), theme.dim)]);
            parts.push(vec![styled(format!(" · loading {}% of {}", p.percent(), bytes(p.total)), theme.dim)]);
        }
        None => {
            parts.push(vec![styled(format!(" · {} battles", thousands(d.index.len())), theme.dim)]);
            parts.push(vec![styled(format!(" {}", bytes(info.bytes)), theme.dim)]);
            parts.push(vec![styled(format!(" · loaded in {:.2} s", d.report.seconds), theme.dim)]);
        }
    }
    let mode = match &app.transcript.doc {
        Some(doc) if doc.options.stacked => "stacked",
        Some(doc) if doc.docs.len() > 1 => "apart",
        _ => "synced",
    };
    parts.push(vec![styled(format!(" · {mode}"), theme.dim)]);
    if app.blind {
        parts.push(vec![styled(" · blind", theme.warning)]);
    }
    let flagged = app.review.view.flagged().len();
    if flagged > 0 {
        parts.push(vec![styled(format!(" · ★ {}", thousands(flagged)), theme.dim)]);
    }
    parts.push(vec![styled(format!(" · {}", app.theme.name.name()), theme.dim)]);
    join_parts(parts, max_width, theme)
}

/// As many of the parts, in order, as fit in `max_width`.
fn join_parts(parts: Vec<Vec<Span<'static>>>, max_width: usize, theme: &crate::tui::theme::Theme) -> Line<'static> {
    let mut spans = Vec::new();
    let mut used = 1;
    for part in parts {
        let w: usize = part.iter().map(|s| s.width()).sum();
        if used + w > max_width {
            break;
        }
        used += w;
        spans.extend(part);
    }
    spans.push(styled(" ", theme.text));
    Line::from(spans)
}
