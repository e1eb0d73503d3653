//! The export dialog: what is exported, the path being typed (with its cursor), what the
//! extension means (live), where the file and its card go, the folders Tab could complete to,
//! and the question before a file is replaced.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::{popup, title};
use crate::export::{ExportError, FileType, Format, card_path};
use crate::present::format::count_of;
use crate::present::width::truncate;
use crate::sanitize::sanitize_line;
use crate::tui::action::Command;
use crate::tui::app::App;
use crate::tui::keymap::Context;
use crate::tui::state::export::{ExportDialog, ExportSource};
use crate::tui::theme::Theme;
use crate::tui::view::styled;

pub(crate) fn render(app: &App, dialog: &ExportDialog, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let width = 76.min(area.width.saturating_sub(4));
    let w = width.saturating_sub(4) as usize;
    let mut lines: Vec<Line<'static>> = Vec::new();
    let n = count_of(dialog.battles.len(), "battle");
    lines.push(Line::from(match &dialog.source {
        ExportSource::Query { text } if text.trim().is_empty() => styled(format!("All {n}"), theme.text),
        ExportSource::Query { text } => styled(format!("{n} found by  {}", sanitize_line(text)), theme.text),
        ExportSource::Reviewed => styled(format!("{n} you flagged or voted on, each with its review"), theme.text),
    }));
    lines.push(Line::default());
    lines.push(Line::from(styled("File", theme.heading)));
    lines.push(path_line(dialog, theme, w));
    let target = dialog.target();
    let request = App::export_request(dialog, false);
    let (kind, ok) = match request.file_type() {
        Ok(t) => (format_words(t, request.format, request.with_review), true),
        Err(ExportError::PairsAsCsv { .. }) => ("pairs are written as .jsonl or .parquet, not CSV".to_owned(), false),
        Err(_) => ("? end the name in .jsonl, .csv or .parquet".to_owned(), false),
    };
    lines.push(Line::from(vec![
        styled("format  ", theme.dim),
        styled(kind, if ok { theme.text } else { theme.warning }),
    ]));
    let shown = sanitize_line(&target.display().to_string()).into_owned();
    if shown != sanitize_line(&dialog.text()) {
        lines.push(Line::from(vec![styled("writes  ", theme.dim), styled(truncate(&shown, w - 8), theme.text)]));
    }
    let card = dialog.card.then(|| card_path(&target));
    let card_key = app.keymap.key_name(Context::Export, Command::ExportCard);
    lines.push(match &card {
        Some(card) => {
            let name = sanitize_line(&card.display().to_string()).into_owned();
            let full = format!("{name} (where the rows came from)");
            // The name matters more than the words after it.
            let room = w.saturating_sub(8 + card_key.width() + " none".len() + 2);
            toggle_line("card", if full.width() <= room { &full } else { &name }, &card_key, "none", theme, w)
        }
        None => toggle_line("card", "none", &card_key, "write one", theme, w),
    });
    if dialog.pairs {
        let key = app.keymap.key_name(Context::Export, Command::ExportTies);
        lines.push(if dialog.keep_ties {
            toggle_line("ties", "kept, with a label (win, tie, both_bad)", &key, "leave out", theme, w)
        } else {
            toggle_line("ties", "ties and both-bad votes left out, counted", &key, "keep", theme, w)
        });
    }
    if !dialog.completions.is_empty() {
        let names: Vec<String> = dialog.completions.iter().map(|n| format!("{}/", sanitize_line(n))).collect();
        lines.push(Line::from(vec![
            styled("folders ", theme.dim),
            styled(truncate(&names.join("  "), w - 8), theme.key),
        ]));
    }
    lines.push(Line::default());
    if dialog.asking_overwrite {
        let mut existing: Vec<String> = Vec::new();
        for p in std::iter::once(&target).chain(card.as_ref()) {
            if std::fs::symlink_metadata(p).is_ok() {
                let name = p.file_name().map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned());
                existing.push(sanitize_line(&name).into_owned());
            }
        }
        let question = match existing.as_slice() {
            [one, two] => format!("Replace? {one} and {two} exist already."),
            [one] => format!("Replace? {one} exists already."),
            _ => "Replace? The file exists already.".to_owned(),
        };
        lines.push(Line::from(styled(truncate(&question, w), theme.warning)));
        lines.push(hints(app, Context::Confirm, theme));
    } else {
        lines.push(hints(app, Context::Export, theme));
    }
    let heading = match &dialog.source {
        ExportSource::Query { .. } => "Export the query's battles",
        ExportSource::Reviewed => "Export flagged and voted battles",
    };
    let inner = popup(area, width, lines.len() as u16 + 2, title(heading, Vec::new(), theme), theme, buf);
    for (i, line) in lines.iter().enumerate() {
        let y = inner.y + i as u16;
        if y >= inner.bottom() {
            break;
        }
        buf.set_line(inner.x + 1, y, line, inner.width.saturating_sub(2));
    }
}

/// `parquet · the dataset's rows (the release's schema)`.
fn format_words(t: FileType, format: Format, with_review: bool) -> String {
    let rows = match format {
        Format::Pairs if with_review => "preference pairs: chosen / rejected + each review",
        Format::Pairs => "preference pairs: chosen / rejected conversations",
        Format::Dataset if with_review => "the dataset's rows (the release's schema) + each review",
        Format::Dataset => "the dataset's rows (the release's schema)",
    };
    format!("{} · {rows}", t.as_str())
}

/// `card    README.md (where the rows came from)  Ctrl-n none`: a setting, then the key that
/// changes it and what it changes it to (kept whole: the value is cut first).
fn toggle_line(label: &str, value: &str, key: &str, action: &str, theme: &Theme, w: usize) -> Line<'static> {
    let tail = format!("  {key} {action}");
    let room = w.saturating_sub(8 + tail.width());
    Line::from(vec![
        styled(format!("{label:<8}"), theme.dim),
        styled(truncate(value, room), theme.text),
        styled(format!("  {key}"), theme.key),
        styled(format!(" {action}"), theme.dim),
    ])
}

/// The path with a block cursor, scrolled so the cursor shows.
fn path_line(dialog: &ExportDialog, theme: &Theme, width: usize) -> Line<'static> {
    let chars: Vec<char> = sanitize_line(&dialog.text()).chars().collect();
    let cursor = dialog.path.cursor().1.min(chars.len());
    let widths: Vec<usize> = chars.iter().map(|c| c.to_string().width().max(1)).collect();
    let mut start = 0;
    while start < cursor && widths[start..cursor].iter().sum::<usize>() + 2 > width {
        start += 1;
    }
    let mut spans: Vec<Span<'static>> = chars
        .iter()
        .enumerate()
        .skip(start)
        .map(|(i, c)| {
            styled(c.to_string(), if i == cursor && !dialog.asking_overwrite { theme.cursor } else { theme.text })
        })
        .collect();
    if cursor == chars.len() && !dialog.asking_overwrite {
        spans.push(styled(" ", theme.cursor));
    }
    Line::from(spans)
}

fn hints(app: &App, ctx: Context, theme: &Theme) -> Line<'static> {
    let mut spans = Vec::new();
    for (i, (keys, what)) in app.keymap.hints(ctx).into_iter().enumerate() {
        if i > 0 {
            spans.push(styled("  ·  ", theme.dim));
        }
        spans.push(styled(keys, theme.key));
        spans.push(styled(format!(" {what}"), theme.text));
    }
    Line::from(spans)
}
