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
pub fn lines(
    keymap: &Keymap,
    theme: &Theme,
    config: Option<&Path>,
    problem: Option<&str>,
    width: usize,
) -> Vec<Line<'static>> {
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
    out.push(Line::default());
    query_lines(theme, width, &mut out);
    out
}

/// The query language (the text `search --help` shows), each line wrapped at spaces to
/// `width` columns, continuations indented under their line.
fn query_lines(theme: &Theme, width: usize, out: &mut Vec<Line<'static>>) {
    for (i, line) in crate::present::QUERY_LANGUAGE.lines().enumerate() {
        let style = if i == 0 { theme.heading } else { theme.text };
        let indent = line.len() - line.trim_start().len();
        let mut row = String::new();
        for word in line.trim_start().split(' ') {
            let next = if row.is_empty() { format!("{:indent$}{word}", "") } else { format!("{row} {word}") };
            if row.is_empty() || unicode_width::UnicodeWidthStr::width(next.as_str()) <= width {
                row = next;
            } else {
                out.push(Line::from(styled(std::mem::take(&mut row), style)));
                row = format!("{:w$}{word}", "", w = indent + 4);
            }
        }
        out.push(Line::from(styled(row, style)));
    }
}

/// Columns for text inside the help popup on a screen `screen_width` wide (as `render` lays it out).
fn text_width(screen_width: u16) -> usize {
    (POPUP_WIDTH.min(screen_width.saturating_sub(4))).saturating_sub(3) as usize
}

const POPUP_WIDTH: u16 = 112;

pub fn content_height(keymap: &Keymap, screen_width: u16) -> usize {
    lines(keymap, &Theme::new(Default::default(), true), None, None, text_width(screen_width)).len() + 1
}

pub fn render(app: &App, scroll: usize, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let hints: Vec<String> = app.keymap.hints(Context::Help).into_iter().map(|(k, l)| format!("{k} {l}")).collect();
    let t = title("Help", vec![styled(hints.join(" · "), theme.dim)], theme);
    let inner = popup(area, POPUP_WIDTH, area.height.saturating_sub(4), t, theme, buf);
    let width = text_width(area.width);
    for (i, line) in lines(&app.keymap, theme, app.config_path.as_deref(), app.config_problem.as_deref(), width)
        .iter()
        .skip(scroll)
        .take(inner.height as usize)
        .enumerate()
    {
        buf.set_line(inner.x + 1, inner.y + i as u16, line, inner.width.saturating_sub(1));
    }
}

#[cfg(test)]
mod query_section {
    use super::*;
    use crate::tui::command::COMMANDS;

    #[test]
    fn every_command_is_in_the_help_under_each_of_its_contexts_with_its_keys() {
        let mut keymap = Keymap::default();
        keymap.bind(
            Context::List,
            crate::tui::action::Command::Sort,
            vec![crate::tui::keymap::Key::parse("ctrl-o").unwrap()],
        );
        let theme = Theme::new(Default::default(), true);
        let text: Vec<String> = lines(&keymap, &theme, None, None, 200).iter().map(|l| l.to_string()).collect();
        for spec in COMMANDS {
            for (ctx, _) in spec.keys {
                let start = text.iter().position(|l| l == ctx.title()).unwrap_or_else(|| panic!("{ctx:?}"));
                let end = text[start..].iter().position(String::is_empty).map_or(text.len(), |e| start + e);
                let keys: Vec<String> = keymap.keys(*ctx, spec.command).iter().map(|k| k.to_string()).collect();
                let line = text[start..end]
                    .iter()
                    .find(|l| l.ends_with(&format!("({})", spec.name)))
                    .unwrap_or_else(|| panic!("{} missing under {}", spec.name, ctx.title()));
                assert!(line.contains(&keys.join(" ")) && line.contains(spec.description), "{line}");
            }
        }
        assert!(text.iter().any(|l| l.contains("Ctrl-o") && l.contains("(sort)")), "the keys in force are shown");
    }

    #[test]
    fn the_query_language_is_in_the_help_wrapped_to_its_width() {
        let keymap = Keymap::default();
        let theme = Theme::new(Default::default(), true);
        let text: Vec<String> = lines(&keymap, &theme, None, None, 60).iter().map(|l| l.to_string()).collect();
        let start = text.iter().position(|l| l.starts_with("The query language")).expect("a query section");
        let section = &text[start..];
        for l in section {
            assert!(unicode_width::UnicodeWidthStr::width(l.as_str()) <= 60, "{l:?} is wider than 60");
        }
        let joined = section.join(" ");
        for term in ["model:NAME", "lang:german", "date:2023-05-01..2023-05-15", "dedup:kept|dropped"] {
            assert!(joined.contains(term), "{term} missing from {joined}");
        }
    }
}
