//! Drawing: a pure function of the app's state (`impl Widget for &App`), one module per pane.
//! Nothing here changes state, so any frame can be redrawn from the state alone.

pub mod battle_list;
pub mod confirm;
pub mod copy;
pub mod export;
pub mod flag;
pub mod help;
pub mod loading;
pub mod model_picker;
pub mod problems;
pub mod ratings;
pub mod search_bar;
pub mod status_bar;
pub mod summary;
pub mod transcript;
pub mod vote;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Widget};

use super::action::Pane;
use super::app::{App, DataState, Overlay};
use super::layout::{MIN_HEIGHT, MIN_WIDTH, Screen};
use super::theme::Theme;

/// Frames of the spinner shown while something runs in the background.
const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

pub fn spinner(frame: u64) -> &'static str {
    SPINNER[(frame % SPINNER.len() as u64) as usize]
}

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let Some(screen) = Screen::new(area) else {
            too_small(area, buf, &self.theme);
            return;
        };
        match &self.data {
            DataState::Loading(progress) => loading::render(self, *progress, area, buf),
            DataState::Failed(message) => loading::render_failure(self, message, area, buf),
            DataState::Ready(_) => {
                // One pane at a time on small screens: the focused one.
                let shown = |pane: Pane| !screen.single || self.focus == pane;
                if shown(Pane::List) {
                    battle_list::render(self, screen.list, buf);
                }
                if shown(Pane::Vote) {
                    vote::render(self, screen.vote, buf);
                }
                if let Some(r) = screen.transcript(self.ratings.shown).filter(|_| shown(Pane::Transcript)) {
                    transcript::render(self, r, buf);
                }
                if let Some(r) = screen.ratings_pane(self.ratings.shown).filter(|_| shown(Pane::Ratings)) {
                    ratings::render(self, r, buf);
                }
                // Drawn after the panes: a long query error may hang over the top of the list.
                search_bar::render(self, screen.query, buf);
                status_bar::render(self, screen.status, buf);
                match &self.overlay {
                    Some(Overlay::Help { scroll }) => help::render(self, *scroll, area, buf),
                    Some(Overlay::Picker(picker)) => model_picker::render(self, picker, area, buf),
                    Some(Overlay::Problems { scroll }) => problems::render(self, *scroll, area, buf),
                    Some(Overlay::Flag(dialog)) => flag::render(self, dialog, area, buf),
                    Some(Overlay::Confirm(question)) => confirm::render(self, *question, area, buf),
                    Some(Overlay::Summary { scroll, .. }) => summary::render(self, *scroll, area, buf),
                    Some(Overlay::Copy) => copy::render(self, area, buf),
                    Some(Overlay::Export(dialog)) => export::render(self, dialog, area, buf),
                    None => {}
                }
            }
        }
    }
}

/// One centred line saying how big the terminal must be.
fn too_small(area: Rect, buf: &mut Buffer, theme: &Theme) {
    let lines = [
        format!("Terminal too small: {}×{}", area.width, area.height),
        format!("arenascope needs at least {MIN_WIDTH}×{MIN_HEIGHT}"),
    ];
    let top = area.y + area.height.saturating_sub(lines.len() as u16) / 2;
    for (i, text) in lines.iter().enumerate() {
        let y = top + i as u16;
        if y >= area.bottom() {
            break;
        }
        let w = text.chars().count() as u16;
        let x = area.x + area.width.saturating_sub(w) / 2;
        buf.set_stringn(x, y, text, area.width as usize, if i == 0 { theme.warning } else { theme.text });
    }
}

/// The bordered frame of a pane, its border bright when it has the focus.
pub fn pane_block<'a>(title: Line<'a>, focused: bool, theme: &Theme) -> Block<'a> {
    let border = if focused { theme.border_focused } else { theme.border };
    Block::default()
        .borders(Borders::ALL)
        .border_type(if focused { BorderType::Thick } else { BorderType::Plain })
        .border_style(border)
        .title(title)
}

/// A pane title: ` Name ` in the title style, then dimmer details.
pub fn title<'a>(name: &'a str, details: Vec<Span<'a>>, theme: &Theme) -> Line<'a> {
    let mut spans = vec![Span::styled(format!(" {name} "), theme.title)];
    spans.extend(details);
    if spans.len() > 1 {
        spans.push(Span::raw(" "));
    }
    Line::from(spans)
}

pub fn focused(app: &App, pane: Pane) -> bool {
    app.focus == pane && app.overlay.is_none() && !app.query.editing
}

/// A centred popup rectangle, cleared, with a border; returns its inner area.
pub fn popup(area: Rect, width: u16, height: u16, title: Line<'_>, theme: &Theme, buf: &mut Buffer) -> Rect {
    let w = width.min(area.width.saturating_sub(4));
    let h = height.min(area.height.saturating_sub(2));
    let r = Rect { x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h };
    Clear.render(r, buf);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(theme.border_focused)
        .title(title);
    let inner = block.inner(r);
    block.render(r, buf);
    inner
}

/// Writes a line clipped to `width` columns.
pub fn put_line(buf: &mut Buffer, x: u16, y: u16, line: &Line<'_>, width: u16) {
    buf.set_line(x, y, line, width);
}

/// Text broken at spaces into lines of at most `width` columns (a word longer than a line is
/// cut into pieces); continuation lines keep the first line's indentation plus `hang`.
pub fn wrap_words_hanging(text: &str, width: usize, hang: usize) -> Vec<String> {
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
pub fn wrap_words(text: &str, width: usize) -> Vec<String> {
    wrap_words_hanging(text, width, 2)
}

/// Pads or cuts a string to exactly `width` display columns (for table cells).
pub fn fit(s: &str, width: usize) -> String {
    let cut = super::text::document::truncate(s, width);
    let w = unicode_width::UnicodeWidthStr::width(cut.as_str());
    format!("{cut}{}", " ".repeat(width.saturating_sub(w)))
}

/// Right-aligns a string in `width` columns.
pub fn fit_right(s: &str, width: usize) -> String {
    let cut = super::text::document::truncate(s, width);
    let w = unicode_width::UnicodeWidthStr::width(cut.as_str());
    format!("{}{cut}", " ".repeat(width.saturating_sub(w)))
}

/// A horizontal bar of `value` in 0..=1 over `width` cells, in eighths.
pub fn bar(value: f64, width: usize) -> String {
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
pub fn styled(text: impl Into<String>, style: Style) -> Span<'static> {
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
