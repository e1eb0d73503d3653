//! The help overlay (`?`): every key of every context, generated from the keymap in force
//! (defaults plus the user's config), then what the markers mean and where the config is.

use std::path::Path;

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::{MODERATION_MARK, REVIEW_MARK, TOXIC_MARK, styled, wrap_words_hanging};
use crate::tui::keymap::{Context, Keymap};
use crate::tui::theme::Theme;

/// Every line of the help text, wrapped to `width` columns.
pub(crate) fn lines(
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
            let row =
                Row { lead: keys.join(" "), lead_style: theme.key, text: cmd.description(), text_style: theme.text };
            row.push(Some((cmd.name(), theme.dim)), width, &mut out);
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
        Row { lead: mark.to_owned(), lead_style: theme.warning, text: meaning, text_style: theme.text }
            .push(None, width, &mut out);
    }
    out.push(Line::default());
    let config = config.map_or_else(|| "none".to_owned(), |p| p.display().to_string());
    let mut plain = |text: &str, style| {
        for l in wrap_words_hanging(text, width, 2) {
            out.push(Line::from(styled(l, style)));
        }
    };
    plain(&format!("Keys and theme: {config}"), theme.dim);
    plain("  [keys.CONTEXT] COMMAND = [\"key\", ...] with the names in brackets above", theme.dim);
    if let Some(problem) = problem {
        plain(&format!("  {}", crate::sanitize::sanitize_line(problem)), theme.warning);
    }
    out.push(Line::default());
    query_lines(theme, width, &mut out);
    out
}

/// Columns of the key column (two of margin, the keys, a gap).
const LEAD: usize = 24;

/// One help row: keys (or a marker) in their column, then what they do, wrapped under itself.
struct Row<'a> {
    lead: String,
    lead_style: Style,
    text: &'a str,
    text_style: Style,
}

impl Row<'_> {
    /// Pushes the row's lines; `name` (the config name, dimmed) follows the text in brackets.
    fn push(self, name: Option<(&str, Style)>, width: usize, out: &mut Vec<Line<'static>>) {
        let lead = format!("  {:<w$}", self.lead, w = LEAD - 2);
        let lead_w = unicode_width::UnicodeWidthStr::width(lead.as_str());
        // A narrow popup: the text goes under the keys rather than into a sliver beside them.
        let (text_w, indent) = if width >= lead_w + 24 { (width - lead_w, lead_w) } else { (width.max(8) - 4, 4) };
        let full = match name {
            Some((n, _)) => format!("{}  ({n})", self.text),
            None => self.text.to_owned(),
        };
        let mut chunks = wrap_words_hanging(&full, text_w, 0).into_iter();
        let first = if indent == lead_w { chunks.next().unwrap_or_default() } else { String::new() };
        let styled_chunk = |chunk: String| -> Vec<Span<'static>> {
            match name.and_then(|(n, st)| chunk.rfind(&format!("({n})")).map(|at| (at, st))) {
                Some((at, st)) => {
                    vec![styled(chunk[..at].to_owned(), self.text_style), styled(chunk[at..].to_owned(), st)]
                }
                None => vec![styled(chunk, self.text_style)],
            }
        };
        if first.is_empty() {
            out.push(Line::from(styled(lead.trim_end().to_owned(), self.lead_style)));
        } else {
            let mut spans = vec![styled(lead, self.lead_style)];
            spans.extend(styled_chunk(first));
            out.push(Line::from(spans));
        }
        for chunk in chunks {
            let mut spans = vec![Span::raw(" ".repeat(indent))];
            spans.extend(styled_chunk(chunk));
            out.push(Line::from(spans));
        }
    }
}

/// The query language (the text `search --help` shows), each line wrapped at spaces to
/// `width` columns, continuations indented under their line.
fn query_lines(theme: &Theme, width: usize, out: &mut Vec<Line<'static>>) {
    for (i, line) in crate::present::QUERY_LANGUAGE.lines().enumerate() {
        let style = if i == 0 { theme.heading } else { theme.text };
        for row in wrap_words_hanging(line, width, 4) {
            out.push(Line::from(styled(row, style)));
        }
    }
}

/// Columns for text inside the help popup on a screen `screen_width` wide (as `render` lays it out).
pub(crate) fn text_width(screen_width: u16) -> usize {
    (POPUP_WIDTH.min(screen_width.saturating_sub(4))).saturating_sub(3) as usize
}

/// The help popup's width, at most (narrower on a narrow terminal).
pub(crate) const POPUP_WIDTH: u16 = 112;

pub(crate) fn content_height(keymap: &Keymap, screen_width: u16) -> usize {
    lines(keymap, &Theme::new(Default::default(), true), None, None, text_width(screen_width)).len() + 1
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
        for l in &text {
            assert!(unicode_width::UnicodeWidthStr::width(l.as_str()) <= 60, "{l:?} is wider than 60");
        }
        let section = &text[start..];
        let joined = section.join(" ");
        for term in ["model:NAME", "lang:german", "date:2023-05-01..2023-05-15", "dedup:kept|dropped"] {
            assert!(joined.contains(term), "{term} missing from {joined}");
        }
        // Key rows wrap under their text, keeping every word.
        let all = text.join(" ");
        for words in ["blind re-judging: hide model names and votes until you vote", "(rating_method)"] {
            let squeezed: String = all.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(squeezed.contains(words), "{words} missing");
        }
    }
}
