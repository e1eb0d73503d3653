//! Wraps one message into screen lines: word-wise at the real display width of each grapheme
//! (CJK and emoji take two cells, and may break anywhere), tabs expanded, fenced code blocks,
//! headings and list markers tagged for light styling, and search matches tagged by number.
//! Every character comes through [`crate::sanitize::layout_chars`], so nothing unsafe survives.

use std::ops::Range;

use ratatui::buffer::CellWidth;
use unicode_segmentation::UnicodeSegmentation;

use crate::sanitize::layout_chars;

/// Tab stops every this many columns.
pub(crate) const TAB_WIDTH: usize = 4;

/// What a piece of a line is, for styling. Matches win over everything else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SegKind {
    Plain,
    Code,
    Fence,
    Heading,
    ListMarker,
    /// A visible stand-in for a control character or bidi override from the data.
    Placeholder,
    /// The n-th match of the query in the transcript.
    Match(u32),
    /// Transcript furniture: the user heading, model names, verdicts, notes.
    User,
    Model,
    Won,
    Tie,
    BothBad,
    Dim,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Seg {
    pub(crate) text: String,
    pub(crate) kind: SegKind,
}

/// One screen line of text (no wider than the width it was wrapped to).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct VLine {
    pub(crate) segs: Vec<Seg>,
}

impl VLine {
    pub(crate) fn new(segs: impl IntoIterator<Item = (String, SegKind)>) -> VLine {
        VLine { segs: segs.into_iter().map(|(text, kind)| Seg { text, kind }).collect() }
    }

    fn push(&mut self, text: &str, kind: SegKind) {
        match self.segs.last_mut() {
            Some(last) if last.kind == kind => last.text.push_str(text),
            _ => self.segs.push(Seg { text: text.to_owned(), kind }),
        }
    }
}

/// A match to highlight: a byte range of the message text and its number in the transcript.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Highlight {
    pub(crate) range: Range<usize>,
    pub(crate) number: u32,
}

/// A wrapped message: its lines, and the line each highlighted match starts on.
#[derive(Debug, Default)]
pub(crate) struct Wrapped {
    pub(crate) lines: Vec<VLine>,
    pub(crate) match_lines: Vec<(u32, usize)>,
}

/// One grapheme on its way to a line.
struct Cell {
    bytes: Range<usize>,
    width: usize,
    kind: SegKind,
    space: bool,
    wide: bool,
}

/// How a source line is styled and wrapped.
#[derive(Clone, Copy)]
struct LineShape {
    base: SegKind,
    /// Bytes of the line (start, end) that form a list marker.
    marker: Option<(usize, usize)>,
    /// Code is cut at the width, not at spaces.
    hard_wrap: bool,
}

/// Wraps `text` to `width` columns. `highlights` must be sorted by start and not overlap.
pub(crate) fn wrap_message(text: &str, width: usize, highlights: &[Highlight]) -> Wrapped {
    let width = width.max(1);
    let mut out = Wrapped::default();
    let mut in_fence = false;
    let mut next_highlight = 0;
    let mut line_start = 0;
    let mut lines = text.split('\n').peekable();
    while let Some(full_line) = lines.next() {
        // A Windows line end's `\r` is not content.
        let line = if lines.peek().is_some() { full_line.strip_suffix('\r').unwrap_or(full_line) } else { full_line };
        let shape = shape_of(line, &mut in_fence);
        let (display, cells) = cells_of(line, line_start, shape, highlights, &mut next_highlight);
        wrap_cells(&display, &cells, width, shape, &mut out);
        line_start += full_line.len() + 1;
    }
    out
}

fn shape_of(line: &str, in_fence: &mut bool) -> LineShape {
    let trimmed = line.trim_start();
    let plain = LineShape { base: SegKind::Plain, marker: None, hard_wrap: false };
    if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
        *in_fence = !*in_fence;
        return LineShape { base: SegKind::Fence, ..plain };
    }
    if *in_fence {
        return LineShape { base: SegKind::Code, marker: None, hard_wrap: true };
    }
    let hashes = trimmed.bytes().take_while(|&b| b == b'#').count();
    if (1..=6).contains(&hashes) && trimmed[hashes..].starts_with(' ') {
        return LineShape { base: SegKind::Heading, ..plain };
    }
    let indent = line.len() - trimmed.len();
    let marker_len = if trimmed.starts_with("- ") || trimmed.starts_with("* ") || trimmed.starts_with("+ ") {
        1
    } else {
        let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
        let rest = &trimmed.as_bytes()[digits..];
        if (1..=3).contains(&digits) && matches!(rest, [b'.' | b')', b' ', ..]) { digits + 1 } else { 0 }
    };
    if marker_len > 0 {
        return LineShape { marker: Some((indent, indent + marker_len)), ..plain };
    }
    plain
}

/// The columns one character takes, as the buffer counts them (the tab stop counter uses it;
/// graphemes are measured later).
fn char_columns(c: char) -> usize {
    let mut buf = [0u8; 4];
    c.encode_utf8(&mut buf).cell_width() as usize
}

/// The line as shown (placeholders in, tabs expanded) cut into graphemes with their kinds.
fn cells_of(
    line: &str,
    line_start: usize,
    shape: LineShape,
    highlights: &[Highlight],
    next_highlight: &mut usize,
) -> (String, Vec<Cell>) {
    // Where each shown character starts, and the kind of the character it came from.
    let mut kinds: Vec<(usize, SegKind)> = Vec::new();
    let mut display = String::with_capacity(line.len());
    let mut column = 0;
    for (offset, c, is_placeholder) in layout_chars(line) {
        let abs = line_start + offset;
        while *next_highlight < highlights.len() && highlights[*next_highlight].range.end <= abs {
            *next_highlight += 1;
        }
        let kind = match highlights.get(*next_highlight) {
            Some(h) if h.range.start <= abs => SegKind::Match(h.number),
            _ if is_placeholder => SegKind::Placeholder,
            _ if shape.marker.is_some_and(|(start, end)| (start..end).contains(&offset)) => SegKind::ListMarker,
            _ => shape.base,
        };
        kinds.push((display.len(), kind));
        if c == '\t' {
            let n = TAB_WIDTH - column % TAB_WIDTH;
            display.extend(std::iter::repeat_n(' ', n));
            column += n;
        } else {
            display.push(c);
            column += char_columns(c);
        }
    }
    let mut cells = Vec::with_capacity(display.len());
    let mut k = 0;
    let mut push = |start: usize, g: &str, width: usize| {
        while k + 1 < kinds.len() && kinds[k + 1].0 <= start {
            k += 1;
        }
        cells.push(Cell {
            bytes: start..start + g.len(),
            width,
            kind: kinds.get(k).map_or(shape.base, |x| x.1),
            space: g == " ",
            wide: width > 1,
        });
    };
    if display.is_ascii() {
        // Most lines: every byte is one grapheme one column wide (the sanitiser left no
        // control characters), so skip the segmentation.
        for start in 0..display.len() {
            push(start, &display[start..start + 1], 1);
        }
    } else {
        for (start, g) in display.grapheme_indices(true) {
            push(start, g, g.cell_width() as usize);
        }
    }
    (display, cells)
}

fn wrap_cells(display: &str, cells: &[Cell], width: usize, shape: LineShape, out: &mut Wrapped) {
    if cells.is_empty() {
        out.lines.push(VLine::default());
        return;
    }
    // Continuation lines hang under the text: after leading spaces and any list marker.
    let lead = cells.iter().take_while(|c| c.space).count();
    let mut indent: usize = cells[..lead].iter().map(|c| c.width).sum();
    if shape.marker.is_some() {
        indent += cells[lead..].iter().take_while(|c| !c.space).map(|c| c.width).sum::<usize>() + 1;
    }
    let indent = if indent * 2 > width { 0 } else { indent };

    let mut i = 0;
    let mut first = true;
    while i < cells.len() {
        let avail = if first { width } else { width - indent };
        if !first && !shape.hard_wrap {
            while i < cells.len() && cells[i].space {
                i += 1;
            }
            if i == cells.len() {
                break;
            }
        }
        let mut used = 0;
        let mut j = i;
        let mut last_break = None;
        while j < cells.len() && used + cells[j].width <= avail {
            used += cells[j].width;
            j += 1;
            if j < cells.len() && (cells[j - 1].space || cells[j].wide || cells[j - 1].wide) {
                last_break = Some(j);
            }
        }
        let end =
            if j == cells.len() || shape.hard_wrap { j } else { last_break.filter(|&b| b > i).unwrap_or(j) }.max(i + 1);
        let mut line = VLine::default();
        if !first && indent > 0 {
            line.push(&" ".repeat(indent), SegKind::Plain);
        }
        for cell in &cells[i..end] {
            line.push(&display[cell.bytes.clone()], cell.kind);
            if let SegKind::Match(n) = cell.kind
                && !out.match_lines.iter().any(|&(m, _)| m == n)
            {
                out.match_lines.push((n, out.lines.len()));
            }
        }
        out.lines.push(line);
        i = end;
        first = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Display width of a line.
    fn line_width(line: &VLine) -> usize {
        line.segs.iter().map(|s| s.text.as_str().cell_width() as usize).sum()
    }

    fn texts(w: &Wrapped) -> Vec<String> {
        w.lines.iter().map(|l| l.segs.iter().map(|s| s.text.as_str()).collect()).collect()
    }

    #[test]
    fn wraps_at_spaces_and_never_exceeds_the_width() {
        let w = wrap_message("the quick brown fox jumps over the lazy dog", 10, &[]);
        assert_eq!(texts(&w), ["the quick ", "brown fox ", "jumps ", "over the ", "lazy dog"]);
        for l in &w.lines {
            assert!(line_width(l) <= 10);
        }
    }

    #[test]
    fn cuts_words_longer_than_the_line() {
        let w = wrap_message("abcdefghijkl", 5, &[]);
        assert_eq!(texts(&w), ["abcde", "fghij", "kl"]);
    }

    #[test]
    fn cjk_and_emoji_take_two_cells_and_break_anywhere() {
        let w = wrap_message("并行编程是一种方法😀👍🏽", 6, &[]);
        assert_eq!(texts(&w), ["并行编", "程是一", "种方法", "😀👍🏽"]);
        let family = wrap_message("👨‍👩‍👧 x", 3, &[]);
        assert_eq!(texts(&family)[0], "👨‍👩‍👧 ", "a joined emoji stays one grapheme");
        for l in w.lines.iter().chain(&family.lines) {
            assert!(line_width(l) <= 6);
        }
    }

    #[test]
    fn tabs_expand_to_stops_and_controls_become_placeholders() {
        let w = wrap_message("a\tb\u{1b}[2J", 20, &[]);
        assert_eq!(texts(&w), ["a   b␛[2J"]);
        assert!(w.lines[0].segs.iter().any(|s| s.kind == SegKind::Placeholder && s.text == "␛"));
    }

    #[test]
    fn code_headings_and_lists_are_tagged() {
        let w = wrap_message("# Title\n- item one two\n```rust\nlet x = 1;\n```", 8, &[]);
        let kinds: Vec<Vec<SegKind>> = w.lines.iter().map(|l| l.segs.iter().map(|s| s.kind).collect()).collect();
        assert_eq!(kinds[0], [SegKind::Heading]);
        assert_eq!(kinds[1], [SegKind::ListMarker, SegKind::Plain]);
        assert_eq!(texts(&w)[1..4], ["- item ", "  one ", "  two"], "list continuations hang under the text");
        assert_eq!(kinds[4], [SegKind::Fence]);
        assert_eq!(kinds[5], [SegKind::Code]);
        assert_eq!(texts(&w)[5..7], ["let x = ", "1;"], "code is cut at the width, not at spaces");
    }

    #[test]
    fn matches_are_tagged_and_located_even_across_placeholders() {
        let text = "one \u{1b} two\nthree two";
        let hl = [Highlight { range: 6..9, number: 0 }, Highlight { range: 16..19, number: 1 }];
        let w = wrap_message(text, 40, &hl);
        assert_eq!(w.match_lines, [(0, 0), (1, 1)]);
        let matched: Vec<&str> = w
            .lines
            .iter()
            .flat_map(|l| &l.segs)
            .filter(|s| matches!(s.kind, SegKind::Match(_)))
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(matched, ["two", "two"]);
    }

    #[test]
    fn windows_line_ends_are_not_shown() {
        assert_eq!(texts(&wrap_message("a\r\nb", 10, &[])), ["a", "b"]);
    }
}
