//! What the panes say, as styled lines: a pure function of the app's state and a width, with
//! no frames and no buffer. Drawing (`ui`) places these lines; the state (`app`) measures them
//! to clamp scrolling, so neither needs the other.

pub(super) mod help;
pub(super) mod problems;
pub(super) mod ratings;
pub(super) mod summary;
pub(super) mod vote;

use ratatui::style::Style;
use ratatui::text::Span;

use super::action::Pane;
use super::app::App;

/// Markers in the battle list's flags column (the help explains them).
pub(super) const MODERATION_MARK: &str = "⚑";
pub(super) const TOXIC_MARK: &str = "☣";
pub(super) const REVIEW_MARK: &str = "★";
/// After the vote: the own vote agrees with the crowd's, or not.
pub(super) const AGREE_MARK: &str = "✓";
pub(super) const DISAGREE_MARK: &str = "✗";

/// Frames of the spinner shown while something runs in the background.
const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/// The spinner's frame for an animation tick.
pub(super) fn spinner(frame: u64) -> &'static str {
    SPINNER[(frame % SPINNER.len() as u64) as usize]
}

/// Whether `pane` takes keys now: it has the focus and nothing (an overlay, the query) is on top.
pub(super) fn focused(app: &App, pane: Pane) -> bool {
    app.focus == pane && app.overlay.is_none() && !app.query.editing
}

/// Text broken at spaces into lines of at most `width` columns (a word longer than a line is
/// cut into pieces); continuation lines keep the first line's indentation plus `hang`.
pub(super) fn wrap_words_hanging(text: &str, width: usize, hang: usize) -> Vec<String> {
    use unicode_width::UnicodeWidthStr;
    let width = width.max(1);
    let indent = text.len() - text.trim_start().len();
    // Continuations are indented only while that leaves room for text.
    let continuation = if indent + hang < width / 2 { " ".repeat(indent + hang) } else { String::new() };
    let mut out = Vec::new();
    let mut row = " ".repeat(indent.min(width / 2));
    let mut row_has_word = false;
    for word in text.trim_start().split(' ') {
        let candidate = if row_has_word { format!("{row} {word}") } else { format!("{row}{word}") };
        if UnicodeWidthStr::width(candidate.as_str()) <= width || !row_has_word {
            row = candidate;
            row_has_word = true;
        } else {
            out.push(std::mem::take(&mut row));
            row = format!("{continuation}{word}");
        }
        // A word wider than the line: cut it where the line ends.
        while UnicodeWidthStr::width(row.as_str()) > width {
            let mut cut = String::new();
            let mut used = 0;
            for c in row.chars() {
                let w = UnicodeWidthStr::width(c.to_string().as_str());
                if used + w > width {
                    break;
                }
                cut.push(c);
                used += w;
            }
            if cut.trim().is_empty() {
                break;
            }
            let rest = row[cut.len()..].to_owned();
            out.push(cut);
            row = format!("{continuation}{rest}");
        }
    }
    out.push(row);
    out
}

/// [`wrap_words_hanging`] with continuations indented two columns.
pub(super) fn wrap_words(text: &str, width: usize) -> Vec<String> {
    wrap_words_hanging(text, width, 2)
}

/// Pads or cuts a string to exactly `width` display columns (for table cells).
pub(super) fn fit(s: &str, width: usize) -> String {
    let cut = super::text::document::truncate(s, width);
    let w = unicode_width::UnicodeWidthStr::width(cut.as_str());
    format!("{cut}{}", " ".repeat(width.saturating_sub(w)))
}

/// Right-aligns a string in `width` columns.
pub(super) fn fit_right(s: &str, width: usize) -> String {
    let cut = super::text::document::truncate(s, width);
    let w = unicode_width::UnicodeWidthStr::width(cut.as_str());
    format!("{}{cut}", " ".repeat(width.saturating_sub(w)))
}

/// A horizontal bar of `value` in 0..=1 over `width` cells, in eighths.
pub(super) fn bar(value: f64, width: usize) -> String {
    const EIGHTHS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
    let v = if value.is_finite() { value.clamp(0.0, 1.0) } else { 0.0 };
    let eighths = (v * width as f64 * 8.0).round() as usize;
    let mut s: String = std::iter::repeat_n('█', eighths / 8).collect();
    if !eighths.is_multiple_of(8) {
        s.push(EIGHTHS[eighths % 8]);
    }
    let used = s.chars().count();
    s.extend(std::iter::repeat_n(' ', width.saturating_sub(used)));
    s
}

/// Styles by name for a span: shorthand.
pub(super) fn styled(text: impl Into<String>, style: Style) -> Span<'static> {
    Span::styled(text.into(), style)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_fill_in_eighths() {
        assert_eq!(bar(0.0, 4), "    ");
        assert_eq!(bar(1.0, 4), "████");
        assert_eq!(bar(0.5, 4), "██  ");
        assert_eq!(bar(0.53, 4), "██▏ ");
        assert_eq!(bar(f64::NAN, 2), "  ");
    }

    #[test]
    fn words_wrap_at_spaces_and_long_words_are_cut() {
        assert_eq!(
            wrap_words("model: `v` is ambiguous: vicuna-13b, vicuna-7b", 20),
            ["model: `v` is", "  ambiguous:", "  vicuna-13b,", "  vicuna-7b"]
        );
        assert_eq!(
            wrap_words_hanging("  key  does a thing", 14, 4),
            ["  key  does a", "      thing"].map(String::from)
        );
        for line in wrap_words("abcdefghijklmnopqrstuvwxyz and more", 10) {
            assert!(line.chars().count() <= 10, "{line}");
        }
        assert_eq!(wrap_words("", 10), [""]);
    }

    #[test]
    fn fit_pads_and_cuts_by_width() {
        assert_eq!(fit("gpt-4", 7), "gpt-4  ");
        assert_eq!(fit("并行编程", 5), "并行…");
        assert_eq!(fit("并行编程", 6), "并行… ");
        assert_eq!(fit_right("12", 4), "  12");
    }
}
