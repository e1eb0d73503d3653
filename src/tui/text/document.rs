//! Lays out one battle as rows for the transcript pane: each turn's prompt across the full
//! width, then the two answers side by side under their model names (or stacked, A above B,
//! on narrow screens, or as two separately scrolled columns). Built when the battle, the
//! width or the options change, never while drawing.

use std::ops::Range;

use ratatui::buffer::CellWidth;

use crate::index::{BattleId, Index, Side};
use crate::model::Winner;
use crate::sanitize::sanitize_line;

use super::wrap::{Highlight, SegKind, VLine, wrap_message};

/// Columns taken by the bar at the left of every row (winner mark, user mark) and its space.
pub(crate) const GUTTER: usize = 2;

/// A match of the query in one message of the battle (an index into `Index::messages`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MessageMatch {
    pub(crate) message: usize,
    pub(crate) range: Range<usize>,
}

/// What the bar at the left of a row shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Gutter {
    Blank,
    User,
    Side(Side),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Row {
    /// One line across the width of the document.
    Full { gutter: Gutter, line: VLine },
    /// The two answers side by side; `None` below the end of the shorter one.
    Pair { a: Option<VLine>, b: Option<VLine> },
}

/// The rows of one scrollable column (the whole pane, or one side when scrolled apart).
#[derive(Debug, Clone, Default)]
pub(crate) struct Document {
    pub(crate) rows: Vec<Row>,
}

/// Where a match is: which document and which row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct MatchTarget {
    pub(crate) doc: usize,
    pub(crate) row: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DocOptions {
    /// Inner width of the transcript pane.
    pub(crate) width: usize,
    /// A above B instead of side by side.
    pub(crate) stacked: bool,
    /// Side by side, each side its own document (scrolled independently).
    pub(crate) independent: bool,
    /// Hide the model names and the vote.
    pub(crate) blind: bool,
}

/// A battle laid out: one document (synced or stacked) or two (independent), and every
/// highlighted match in reading order: turn by turn, prompt, answer A, answer B.
#[derive(Debug, Clone)]
pub(crate) struct TranscriptDoc {
    pub(crate) battle: BattleId,
    pub(crate) options: DocOptions,
    pub(crate) docs: Vec<Document>,
    pub(crate) matches: Vec<MatchTarget>,
}

/// The widths of the two side-by-side columns, and a one-column rule between them.
pub(crate) fn split_columns(width: usize) -> (usize, usize) {
    let left = width.saturating_sub(1) / 2;
    (left, width.saturating_sub(1 + left))
}

/// One turn of one side: its user message and the messages that answer it.
#[derive(Debug, Default)]
struct Turn {
    prompt: Option<usize>,
    answers: Vec<usize>,
}

fn turns_of(index: &Index, b: BattleId, side: Side) -> Vec<Turn> {
    let offset = if side == Side::A { 0 } else { index.conversation(b, Side::A).len() };
    let mut turns: Vec<Turn> = Vec::new();
    for (i, m) in index.conversation(b, side).iter().enumerate() {
        if m.is_user || turns.is_empty() {
            turns.push(Turn::default());
        }
        let Some(turn) = turns.last_mut() else { continue };
        if m.is_user {
            turn.prompt = Some(offset + i);
        } else {
            turn.answers.push(offset + i);
        }
    }
    turns
}

/// Builds the layout of a battle. `matches` must be sorted by message, then start.
pub(crate) fn build(index: &Index, b: BattleId, matches: &[MessageMatch], options: DocOptions) -> TranscriptDoc {
    let mut builder = Builder { index, b, matches, options, next_match: 0, targets: Vec::new() };
    let docs = if options.stacked {
        vec![builder.stacked()]
    } else if options.independent {
        vec![builder.one_side(Side::A, 0), builder.one_side(Side::B, 1)]
    } else {
        vec![builder.synced()]
    };
    let mut targets = builder.targets;
    targets.sort_by_key(|&(n, _)| n);
    TranscriptDoc { battle: b, options, docs, matches: targets.into_iter().map(|(_, t)| t).collect() }
}

struct Builder<'a> {
    index: &'a Index,
    b: BattleId,
    matches: &'a [MessageMatch],
    options: DocOptions,
    next_match: u32,
    targets: Vec<(u32, MatchTarget)>,
}

impl<'a> Builder<'a> {
    fn text(&self, message: usize) -> &'a str {
        let index = self.index;
        index.messages(self.b).get(message).map_or("", |m| index.message_text(m))
    }

    /// Wraps a message, numbering its matches, and records where they land.
    fn wrap(&mut self, message: usize, width: usize, doc: usize, first_row: usize) -> Vec<VLine> {
        let text = self.text(message);
        let highlights: Vec<Highlight> = self
            .matches
            .iter()
            .filter(|m| m.message == message && m.range.end <= text.len())
            .map(|m| {
                let number = self.next_match;
                self.next_match += 1;
                Highlight { range: m.range.clone(), number }
            })
            .collect();
        let wrapped = wrap_message(text, width, &highlights);
        for h in &highlights {
            let line = wrapped.match_lines.iter().find(|(n, _)| *n == h.number).map_or(0, |(_, l)| *l);
            self.targets.push((h.number, MatchTarget { doc, row: first_row + line }));
        }
        if text.is_empty() {
            return vec![VLine::new([("(empty)".to_owned(), SegKind::Dim)])];
        }
        wrapped.lines
    }

    /// Wraps all answers of a turn (usually one), with a note before any odd role.
    fn wrap_answers(&mut self, answers: &[usize], width: usize, doc: usize, first_row: usize) -> Vec<VLine> {
        if answers.is_empty() {
            return vec![VLine::new([("(no answer)".to_owned(), SegKind::Dim)])];
        }
        let mut lines = Vec::new();
        for &m in answers {
            let role = self.index.messages(self.b).get(m).map_or("", |s| self.index.role_name(s));
            if role != "assistant" {
                lines.push(VLine::new([(format!("[{}]", sanitize_line(role)), SegKind::Dim)]));
            }
            let wrapped = self.wrap(m, width, doc, first_row + lines.len());
            lines.extend(wrapped);
        }
        lines
    }

    fn user_heading(&self, turn: usize, turns: usize, side: Option<Side>) -> VLine {
        let mut segs = vec![("USER".to_owned(), SegKind::User)];
        if let Some(side) = side {
            segs.push((format!(" ({})", side_letter(side)), SegKind::User));
        }
        if turns > 1 {
            segs.push((format!("  turn {} of {turns}", turn + 1), SegKind::Dim));
        }
        VLine::new(segs)
    }

    fn answer_heading(&self, side: Side, width: usize) -> VLine {
        let letter = side_letter(side).to_owned();
        if self.options.blind {
            return VLine::new([(letter, SegKind::Model), ("  model hidden".to_owned(), SegKind::Dim)]);
        }
        let model = match side {
            Side::A => self.index.model_a(self.b),
            Side::B => self.index.model_b(self.b),
        };
        let verdict = match (self.index.winner(self.b), side) {
            (Winner::ModelA, Side::A) | (Winner::ModelB, Side::B) => ("▸ won", SegKind::Won),
            (Winner::ModelA | Winner::ModelB, _) => ("lost", SegKind::Dim),
            (Winner::Tie, _) => ("= tie", SegKind::Tie),
            (Winner::BothBad, _) => ("✗ both bad", SegKind::BothBad),
            (Winner::NoVote, _) => ("no vote", SegKind::Dim),
        };
        let room = width.saturating_sub(letter.len() + 2 + verdict.0.cell_width() as usize + 2);
        let name = truncate(&sanitize_line(self.index.model_name(model)), room);
        VLine::new([
            (letter, SegKind::Model),
            (format!("  {name}"), SegKind::Model),
            ("  ".to_owned(), SegKind::Plain),
            (verdict.0.to_owned(), verdict.1),
        ])
    }

    /// The turn's heading and its prompt (A's, else B's) across the full width; returns the
    /// prompt's message.
    fn push_shared_prompt(
        &mut self,
        rows: &mut Vec<Row>,
        (turn, turns): (usize, usize),
        ta: Option<&Turn>,
        tb: Option<&Turn>,
        width: usize,
    ) -> Option<usize> {
        rows.push(Row::Full { gutter: Gutter::User, line: self.user_heading(turn, turns, None) });
        let prompt = ta.and_then(|x| x.prompt).or(tb.and_then(|x| x.prompt));
        if let Some(p) = prompt {
            let first = rows.len();
            for line in self.wrap(p, width, 0, first) {
                rows.push(Row::Full { gutter: Gutter::User, line });
            }
        }
        prompt
    }

    /// B's own prompt, only when it differs from the shared one (in the real data it never does).
    fn own_prompt_of_b(&self, tb: Option<&Turn>, shared: Option<usize>) -> Option<usize> {
        tb.and_then(|x| x.prompt).filter(|&p| Some(p) != shared && self.text(p) != shared.map_or("", |q| self.text(q)))
    }

    fn synced(&mut self) -> Document {
        let width = self.options.width;
        let (lw, rw) = split_columns(width);
        let (a_turns, b_turns) = (turns_of(self.index, self.b, Side::A), turns_of(self.index, self.b, Side::B));
        let n = a_turns.len().max(b_turns.len());
        let mut rows = Vec::new();
        for t in 0..n {
            let (ta, tb) = (a_turns.get(t), b_turns.get(t));
            let prompt = self.push_shared_prompt(&mut rows, (t, n), ta, tb, width.saturating_sub(GUTTER));
            rows.push(Row::Full { gutter: Gutter::Blank, line: VLine::default() });
            let head = rows.len();
            rows.push(Row::Pair {
                a: Some(self.answer_heading(Side::A, lw.saturating_sub(GUTTER))),
                b: Some(self.answer_heading(Side::B, rw.saturating_sub(GUTTER))),
            });
            let a = ta.map_or_else(Vec::new, |x| x.answers.clone());
            let a_lines = self.wrap_answers(&a, lw.saturating_sub(GUTTER), 0, head + 1);
            let mut b_lines = Vec::new();
            if let Some(p) = self.own_prompt_of_b(tb, prompt) {
                b_lines.push(self.user_heading(t, n, Some(Side::B)));
                b_lines.extend(self.wrap(p, rw.saturating_sub(GUTTER), 0, head + 2));
            }
            let b = tb.map_or_else(Vec::new, |x| x.answers.clone());
            let first_b = head + 1 + b_lines.len();
            b_lines.extend(self.wrap_answers(&b, rw.saturating_sub(GUTTER), 0, first_b));
            let (mut a_it, mut b_it) = (a_lines.into_iter(), b_lines.into_iter());
            loop {
                let (a, b) = (a_it.next(), b_it.next());
                if a.is_none() && b.is_none() {
                    break;
                }
                rows.push(Row::Pair { a, b });
            }
            rows.push(Row::Full { gutter: Gutter::Blank, line: VLine::default() });
        }
        Document { rows }
    }

    fn stacked(&mut self) -> Document {
        let width = self.options.width;
        let text_width = width.saturating_sub(GUTTER);
        let (a_turns, b_turns) = (turns_of(self.index, self.b, Side::A), turns_of(self.index, self.b, Side::B));
        let n = a_turns.len().max(b_turns.len());
        let mut rows = Vec::new();
        for t in 0..n {
            let (ta, tb) = (a_turns.get(t), b_turns.get(t));
            let prompt = self.push_shared_prompt(&mut rows, (t, n), ta, tb, text_width);
            for (side, turn) in [(Side::A, ta), (Side::B, tb)] {
                rows.push(Row::Full { gutter: Gutter::Blank, line: VLine::default() });
                rows.push(Row::Full { gutter: Gutter::Side(side), line: self.answer_heading(side, text_width) });
                if side == Side::B
                    && let Some(p) = self.own_prompt_of_b(tb, prompt)
                {
                    rows.push(Row::Full { gutter: Gutter::Side(side), line: self.user_heading(t, n, Some(side)) });
                    let first = rows.len();
                    for line in self.wrap(p, text_width, 0, first) {
                        rows.push(Row::Full { gutter: Gutter::Side(side), line });
                    }
                }
                let answers = turn.map_or_else(Vec::new, |x| x.answers.clone());
                let first = rows.len();
                for line in self.wrap_answers(&answers, text_width, 0, first) {
                    rows.push(Row::Full { gutter: Gutter::Side(side), line });
                }
            }
            rows.push(Row::Full { gutter: Gutter::Blank, line: VLine::default() });
        }
        Document { rows }
    }

    /// One side's column when the two scroll apart: each turn's prompt, then the answer.
    fn one_side(&mut self, side: Side, doc: usize) -> Document {
        let (lw, rw) = split_columns(self.options.width);
        let width = if side == Side::A { lw } else { rw };
        let text_width = width.saturating_sub(GUTTER);
        let turns = turns_of(self.index, self.b, side);
        let other = turns_of(self.index, self.b, if side == Side::A { Side::B } else { Side::A }).len();
        let n = turns.len().max(other);
        let mut rows = Vec::new();
        for (t, turn) in turns.iter().enumerate() {
            rows.push(Row::Full { gutter: Gutter::User, line: self.user_heading(t, n, None) });
            if let Some(p) = turn.prompt {
                let first = rows.len();
                for line in self.wrap(p, text_width, doc, first) {
                    rows.push(Row::Full { gutter: Gutter::User, line });
                }
            }
            rows.push(Row::Full { gutter: Gutter::Blank, line: VLine::default() });
            rows.push(Row::Full { gutter: Gutter::Side(side), line: self.answer_heading(side, text_width) });
            let first = rows.len();
            for line in self.wrap_answers(&turn.answers, text_width, doc, first) {
                rows.push(Row::Full { gutter: Gutter::Side(side), line });
            }
            rows.push(Row::Full { gutter: Gutter::Blank, line: VLine::default() });
        }
        Document { rows }
    }
}

fn side_letter(side: Side) -> &'static str {
    match side {
        Side::A => "A",
        Side::B => "B",
    }
}

/// Names are cut as the CLI cuts them (kept here for the panes that import it from here).
pub(crate) use crate::present::width::truncate;

/// A name cut to `width` columns so that it stays told apart from names sharing its first
/// `shared` characters: while the cut keeps a character past that common part, the end is
/// cut (`claude-i…`); otherwise the common part is shortened instead (`vicu…13b` beside
/// `vicu…33b`, where cutting the end would give `vicuna-…` twice).
pub(crate) fn shorten_name(s: &str, shared: usize, width: usize) -> String {
    if s.cell_width() as usize <= width {
        return s.to_owned();
    }
    let chars: Vec<char> = s.chars().collect();
    let cols = |cs: &[char]| cs.iter().map(|&c| char_columns(c)).sum::<usize>();
    let shared = shared.min(chars.len());
    if width < 4 || cols(&chars[..(shared + 1).min(chars.len())]) < width {
        return truncate(s, width);
    }
    let tail = &chars[shared..];
    // The distinguishing part whole, behind at least two characters of the head.
    if tail.is_empty() || cols(tail) + 3 > width {
        return truncate(s, width);
    }
    let mut head = String::new();
    let mut used = 0;
    for &c in &chars[..shared] {
        if used + char_columns(c) + 1 + cols(tail) > width {
            break;
        }
        head.push(c);
        used += char_columns(c);
    }
    format!("{head}…{}", tail.iter().collect::<String>())
}

/// The columns one character takes in the buffer.
fn char_columns(c: char) -> usize {
    let mut buf = [0u8; 4];
    c.encode_utf8(&mut buf).cell_width() as usize
}

/// For each name, how many of its first characters it shares with the most similar other name
/// (what [`shorten_name`] must not cut away alone).
pub(crate) fn shared_prefixes(names: &[String]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..names.len()).collect();
    order.sort_by(|&a, &b| names[a].cmp(&names[b]));
    let common = |a: &str, b: &str| a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let mut out = vec![0; names.len()];
    // In sorted order the name sharing the most with each one is a neighbour.
    for pair in order.windows(2) {
        let n = common(&names[pair[0]], &names[pair[1]]);
        out[pair[0]] = out[pair[0]].max(n);
        out[pair[1]] = out[pair[1]].max(n);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;

    #[test]
    fn names_are_shortened_where_they_are_alike() {
        let names: Vec<String> =
            ["vicuna-13b", "vicuna-33b", "vicuna-7b", "claude-v1", "claude-instant-v1", "gpt-4", "gpt-3.5-turbo"]
                .map(String::from)
                .to_vec();
        let shared = shared_prefixes(&names);
        assert_eq!(shared, [7, 7, 7, 7, 7, 4, 4]);
        let short: Vec<String> = names.iter().zip(&shared).map(|(n, &p)| shorten_name(n, p, 8)).collect();
        assert_eq!(short, ["vicu…13b", "vicu…33b", "vicun…7b", "claud…v1", "claude-…", "gpt-4", "gpt-3.5…"]);
        // Wide enough to keep a distinguishing character: the end is cut as usual.
        assert_eq!(shorten_name("claude-instant-v1", 7, 9), "claude-i…");
        assert_eq!(shorten_name("vicuna-13b", 7, 10), "vicuna-13b");
        assert_eq!(shorten_name("vicuna-13b", 7, 3), "vi…");
    }
    use crate::index::DatasetInfo;

    fn index() -> Index {
        Index::from_battles(&fixtures::varied(), DatasetInfo::default())
    }

    fn opts(width: usize) -> DocOptions {
        DocOptions { width, stacked: false, independent: false, blind: false }
    }

    fn row_text(row: &Row) -> String {
        let line =
            |l: &Option<VLine>| l.as_ref().map_or(String::new(), |l| l.segs.iter().map(|s| s.text.clone()).collect());
        match row {
            Row::Full { line: l, .. } => line(&Some(l.clone())),
            Row::Pair { a, b } => format!("{} | {}", line(a), line(b)),
        }
    }

    #[test]
    fn multi_turn_battles_pair_answers_under_each_prompt() {
        let idx = index();
        let doc = build(&idx, BattleId(0), &[], opts(100));
        let text: Vec<String> = doc.docs[0].rows.iter().map(row_text).collect();
        assert_eq!(text[0], "USER  turn 1 of 2");
        assert_eq!(text[1], "How do I read a parquet file in Python?");
        assert!(text[3].starts_with("A  gpt-4  = tie | B  claude-v1  = tie"), "{}", text[3]);
        let turn2 = text.iter().position(|t| t == "USER  turn 2 of 2").unwrap();
        assert_eq!(text[turn2 + 1], "And in Rust?");
        assert!(text[turn2 + 4].starts_with("Use the `parquet` crate. | The arrow crate."));
    }

    #[test]
    fn a_different_prompt_of_b_is_shown_in_its_column_side_by_side_and_stacked() {
        let mut rows = fixtures::varied();
        rows[0].conversation_b[0].content = "A prompt only B saw".into();
        let idx = Index::from_battles(&rows, DatasetInfo::default());
        for stacked in [false, true] {
            let doc = build(&idx, BattleId(0), &[], DocOptions { stacked, ..opts(100) });
            let text: Vec<String> = doc.docs[0].rows.iter().map(row_text).collect();
            assert_eq!(text[1], "How do I read a parquet file in Python?", "the shared prompt is A's");
            let own = text.iter().position(|t| t.contains("USER (B)")).expect("B's own prompt heading");
            assert!(text[own..].iter().take(3).any(|t| t.contains("A prompt only B saw")), "{text:#?}");
            // Turn 2's prompts are the same on both sides: no second heading for B.
            assert_eq!(text.iter().filter(|t| t.contains("USER (B)")).count(), 1, "{text:#?}");
        }
    }

    #[test]
    fn blind_reading_hides_names_and_vote() {
        let idx = index();
        let doc = build(&idx, BattleId(1), &[], DocOptions { blind: true, ..opts(100) });
        let all: String = doc.docs[0].rows.iter().map(row_text).collect::<Vec<_>>().join("\n");
        assert!(!all.contains("vicuna") && !all.contains("koala") && !all.contains("won"), "{all}");
        assert!(all.contains("model hidden"));
    }

    #[test]
    fn matches_are_numbered_in_reading_order_across_columns() {
        let idx = index();
        let msgs = idx.messages(BattleId(0));
        let find = |i: usize, w: &str| {
            let start = idx.message_text(&msgs[i]).find(w).unwrap();
            MessageMatch { message: i, range: start..start + w.len() }
        };
        // "parquet" in prompt 1 (A), answer 1 of B, answer 2 of A; B's copy of the prompt too.
        let m =
            vec![find(0, "parquet"), find(1, "parquet"), find(3, "parquet"), find(4, "parquet"), find(5, "parquet")];
        let doc = build(&idx, BattleId(0), &m, opts(100));
        assert_eq!(doc.matches.len(), 4, "B's identical prompt is not shown, so not counted");
        let rows: Vec<usize> = doc.matches.iter().map(|t| t.row).collect();
        // Prompt, then A's answer, then B's (which sits beside A's, higher up), then turn 2.
        assert!(rows[0] < rows[2] && rows[2] < rows[1] && rows[1] < rows[3], "{rows:?}");
        let stacked = build(&idx, BattleId(0), &m, DocOptions { stacked: true, ..opts(60) });
        assert_eq!(stacked.matches.len(), 4);
        let apart = build(&idx, BattleId(0), &m, DocOptions { independent: true, ..opts(100) });
        assert_eq!(apart.docs.len(), 2);
        assert!(apart.matches.iter().any(|t| t.doc == 1));
    }
}
