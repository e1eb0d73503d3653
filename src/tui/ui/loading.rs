//! The screen while the data loads (a progress bar; `q` already works) and after a load
//! failed (the reason, and how to leave).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;

use crate::load::Progress;
use crate::present::format::bytes;
use crate::sanitize::sanitize_line;

use super::{popup, title};
use crate::tui::action::Command;
use crate::tui::app::App;
use crate::tui::keymap::Context;
use crate::tui::view::{bar, spinner, styled};

fn quit_key(app: &App) -> String {
    app.keymap.keys(Context::Global, Command::Quit).first().map_or_else(|| "Ctrl-c".to_owned(), |k| k.to_string())
}

pub(crate) fn render(app: &App, progress: Option<Progress>, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let t = title("arenascope", vec![styled(format!("loading {}", sanitize_line(&app.source_name)), theme.dim)], theme);
    let inner = popup(area, 64, 7, t, theme, buf);
    let width = inner.width.saturating_sub(2) as usize;
    let (fraction, detail) = match progress {
        Some(p) if p.total > 0 => {
            let f = p.done as f64 / p.total as f64;
            (f, format!("{:3.0}%  {} of {}", f * 100.0, bytes(p.done), bytes(p.total)))
        }
        _ => (0.0, "starting…".to_owned()),
    };
    let lines = [
        Line::from(vec![styled(format!("{} ", spinner(app.frame)), theme.key), styled(detail, theme.text)]),
        Line::default(),
        Line::from(styled(bar(fraction, width), theme.bar)),
        Line::default(),
        Line::from(styled(format!("{} quits", quit_key(app)), theme.dim)),
    ];
    for (i, line) in lines.iter().enumerate().take(inner.height as usize) {
        buf.set_line(inner.x + 1, inner.y + i as u16, line, width as u16);
    }
}

pub(crate) fn render_failure(app: &App, message: &str, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let t = title("arenascope", vec![styled("could not load the data", theme.error)], theme);
    let inner = popup(area, 90, 9, t, theme, buf);
    let width = inner.width.saturating_sub(2) as usize;
    let text = sanitize_line(message);
    let mut lines: Vec<Line> = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    for chunk in chars.chunks(width.max(1)).take(inner.height.saturating_sub(2) as usize) {
        lines.push(Line::from(styled(chunk.iter().collect::<String>(), theme.error)));
    }
    lines.push(Line::default());
    lines.push(Line::from(styled(format!("{} quits", quit_key(app)), theme.dim)));
    for (i, line) in lines.iter().enumerate().take(inner.height as usize) {
        buf.set_line(inner.x + 1, inner.y + i as u16, line, width as u16);
    }
}
