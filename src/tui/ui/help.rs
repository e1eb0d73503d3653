//! The help overlay (`?`): every key of every context, generated from the keymap in force
//! (defaults plus the user's config), then what the markers mean and where the config is.

use std::path::Path;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::battle_list::{MODERATION_MARK, REVIEW_MARK, TOXIC_MARK};
use super::{popup, styled, title};
use crate::tui::app::App;
use crate::tui::keymap::{Context, Keymap};
use crate::tui::theme::Theme;

/// Every line of the help text.
pub fn lines(keymap: &Keymap, theme: &Theme, config: Option<&Path>, problem: Option<&str>) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for ctx in Context::ALL {
        let bindings: Vec<_> = keymap.bindings_of(ctx).collect();
        if bindings.is_empty() {
            continue;
        }
        out.push(Line::from(styled(ctx.title().to_owned(), theme.heading)));
        for (cmd, keys) in bindings {
            let keys: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
            out.push(Line::from(vec![
                styled(format!("  {:<22}", keys.join(" ")), theme.key),
                styled(cmd.description().to_owned(), theme.text),
                styled(format!("  ({})", cmd.name()), theme.dim),
            ]));
        }
        if matches!(ctx, Context::Query | Context::Picker) {
            // Not commands of the keymap: the one-line inputs' editing keys.
            for (keys, meaning) in crate::tui::app::LINE_EDITING_KEYS {
                out.push(Line::from(vec![
                    styled(format!("  {keys:<22}"), theme.key),
                    styled(meaning.to_owned(), theme.text),
                ]));
            }
        }
        if ctx == Context::Flag {
            // Not a command of the keymap: the labels' own numbers.
            out.push(Line::from(vec![
                styled(format!("  {:<22}", "1 … 9"), theme.key),
                styled("check or uncheck the label with that number".to_owned(), theme.text),
            ]));
        }
        out.push(Line::default());
    }
    out.push(Line::from(styled("Markers".to_owned(), theme.heading)));
    for (mark, meaning) in [
        ("▸", "the side that won the vote"),
        (MODERATION_MARK, "OpenAI moderation flagged the prompt"),
        (TOXIC_MARK, "a toxic-chat tagger scored it at 0.5 or more"),
        (REVIEW_MARK, "you flagged it for review"),
        ("✓ ✗", "your own (blind) vote agrees with the crowd's, or not"),
        ("▲ ▼", "rates higher / lower on this query than on all battles"),
    ] {
        out.push(Line::from(vec![
            styled(format!("  {mark:<22}"), theme.warning),
            styled(meaning.to_owned(), theme.text),
        ]));
    }
    out.push(Line::default());
    let config = config.map_or_else(|| "none".to_owned(), |p| p.display().to_string());
    out.push(Line::from(styled(format!("Keys and theme: {config}"), theme.dim)));
    out.push(Line::from(styled(
        "  [keys.CONTEXT] COMMAND = [\"key\", ...] with the names in brackets above".to_owned(),
        theme.dim,
    )));
    if let Some(problem) = problem {
        out.push(Line::from(styled(format!("  {}", crate::sanitize::sanitize_line(problem)), theme.warning)));
    }
    out
}

pub fn content_height(keymap: &Keymap) -> usize {
    lines(keymap, &Theme::new(Default::default(), true), None, None).len() + 1
}

pub fn render(app: &App, scroll: usize, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let hints: Vec<String> = app.keymap.hints(Context::Help).into_iter().map(|(k, l)| format!("{k} {l}")).collect();
    let t = title("Help", vec![styled(hints.join(" · "), theme.dim)], theme);
    let inner = popup(area, 112, area.height.saturating_sub(4), t, theme, buf);
    for (i, line) in lines(&app.keymap, theme, app.config_path.as_deref(), app.config_problem.as_deref())
        .iter()
        .skip(scroll)
        .take(inner.height as usize)
        .enumerate()
    {
        buf.set_line(inner.x + 1, inner.y + i as u16, line, inner.width.saturating_sub(1));
    }
}
