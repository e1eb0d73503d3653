//! JSON Lines, JSON arrays (one line or pretty-printed) and concatenated JSON objects, from
//! any reader (a file, a gzip stream, the embedded sample). The stream is cut into blocks of
//! whole rows on this thread; blocks are parsed on all cores.

use std::io::Read;
use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use super::row::{RowError, parse_row_into};
use super::{LoadError, Location, Piece, Problem, Sink, pipeline};
use crate::index::BattleTable;
use crate::model::Release;

/// Bytes read per block; rows longer than this simply make a longer block.
const BLOCK: usize = 4 << 20;

/// Rows of one block: the bytes and, for each row, where it is and what it is called.
struct Block {
    bytes: Vec<u8>,
    rows: Vec<(Location, Range<usize>)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// One object per line.
    Lines,
    /// `[ {...}, {...} ]`.
    Array,
    /// `{...} {...}` spread over lines (pretty-printed objects one after another).
    Concatenated,
}

pub(crate) fn load_reader(
    mut reader: Box<dyn Read + Send + '_>,
    name: &str,
    consumed: Arc<AtomicU64>,
    sink: &mut Sink<'_>,
) -> Result<(), LoadError> {
    let unreadable = |reason: String| LoadError::Unreadable { file: name.to_owned(), reason };
    let mut buf = Vec::with_capacity(BLOCK);
    let (mut eof, mut cut_short) = fill_until_error(&mut reader, &mut buf, BLOCK);
    if let Some(e) = &cut_short
        && buf.is_empty()
    {
        return Err(unreadable(read_error(e)));
    }
    let bom = if buf.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
    let mut first = buf[bom..].iter().position(|b| !b.is_ascii_whitespace()).map(|p| p + bom);
    // Leading whitespace longer than a block: drop it block by block (counting its lines).
    let mut blank_lines = 0;
    while first.is_none() && !eof && cut_short.is_none() {
        blank_lines += memchr::memchr_iter(b'\n', &buf).count() as u64;
        buf.clear();
        (eof, cut_short) = fill_until_error(&mut reader, &mut buf, BLOCK);
        first = buf.iter().position(|b| !b.is_ascii_whitespace());
    }
    let layout = match first.map(|p| buf[p]) {
        None => return Err(unreadable("empty file".into())),
        Some(b'[') => Layout::Array,
        Some(b'{') if first_line_is_open_brace(&buf[first.unwrap_or(0)..]) => Layout::Concatenated,
        Some(b'{') => Layout::Lines,
        Some(_) => {
            return Err(unreadable("not JSON objects: expected a JSON array or one JSON object per line".into()));
        }
    };
    let mut cutter = Cutter::new(layout, buf, first.unwrap_or(0), eof);
    if layout == Layout::Lines {
        cutter.next_number += blank_lines;
    }
    cutter.stop_short(cut_short);

    // A reader thread cuts blocks while the pool parses the previous ones.
    let (tx, rx) = std::sync::mpsc::sync_channel::<pipeline::Unit<Block>>(2);
    std::thread::scope(|scope| {
        let cutter = &mut cutter;
        let consumed = &consumed;
        scope.spawn(move || {
            while let Some(work) = cutter.next_block(&mut reader) {
                let unit = pipeline::Unit { work, progress_after: consumed.load(Ordering::Relaxed) };
                // A closed channel means the loader gave up.
                if tx.send(unit).is_err() {
                    return;
                }
            }
        });
        let units = rx.into_iter().map(Ok);
        pipeline::run_ordered(sink, units, |block| Ok(parse_block(&block, name)))
    })?;
    if let Some(reason) = cutter.trailing_garbage.take() {
        return Err(unreadable(reason));
    }
    if let Some(e) = cutter.cut_short.take() {
        // The rows before the damage are kept, like any rows beside a bad one.
        let location = match layout {
            Layout::Lines => Location::Line(cutter.next_number),
            Layout::Array | Layout::Concatenated => Location::Row(cutter.next_number),
        };
        let reason = format!("{}; this row and the rest of the file are lost", read_error(&e));
        let problem = Problem { file: name.to_owned(), location, field: "(file)".into(), reason };
        sink.add(Piece { table: BattleTable::new(), problems: vec![problem], kept: Vec::new(), release: None })?;
    }
    Ok(())
}

/// [`fill`], but a read error (a truncated or corrupt gzip stream) ends the input where it
/// happened instead of discarding what was read before it.
fn fill_until_error(r: &mut dyn Read, buf: &mut Vec<u8>, want: usize) -> (bool, Option<std::io::Error>) {
    match fill(r, buf, want) {
        Ok(eof) => (eof, None),
        Err(e) => (true, Some(e)),
    }
}

fn read_error(e: &std::io::Error) -> String {
    // flate2 reports corrupt gzip as InvalidInput / InvalidData.
    match e.kind() {
        std::io::ErrorKind::InvalidInput | std::io::ErrorKind::InvalidData => format!("corrupt gzip data: {e}"),
        std::io::ErrorKind::UnexpectedEof => "truncated gzip data".into(),
        _ => e.to_string(),
    }
}

fn first_line_is_open_brace(s: &[u8]) -> bool {
    let line_end = memchr::memchr(b'\n', s).unwrap_or(s.len());
    s[..line_end].trim_ascii() == b"{"
}

/// Reads until `buf` holds `want` more bytes or the reader ends; returns true at the end.
fn fill(r: &mut dyn Read, buf: &mut Vec<u8>, want: usize) -> std::io::Result<bool> {
    let target = buf.len() + want;
    while buf.len() < target {
        let old = buf.len();
        buf.resize(target, 0);
        match r.read(&mut buf[old..]) {
            Ok(0) => {
                buf.truncate(old);
                return Ok(true);
            }
            Ok(n) => buf.truncate(old + n),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => buf.truncate(old),
            Err(e) => {
                buf.truncate(old);
                return Err(e);
            }
        }
    }
    Ok(false)
}

fn parse_block(block: &Block, name: &str) -> Piece {
    let mut table = BattleTable::with_text_capacity(block.bytes.len());
    let (mut problems, mut kept) = (Vec::new(), Vec::new());
    let mut release = None;
    for (location, range) in &block.rows {
        let problem =
            |e: RowError| Problem { file: name.to_owned(), location: *location, field: e.field, reason: e.reason };
        match parse_row_into(&block.bytes[range.clone()], &mut table) {
            // The block's first good row decides its release (no later keys: the 2023 layout).
            Ok((r, k)) => {
                release.get_or_insert(r.unwrap_or(Release::Conversations2023));
                if let Some(e) = k {
                    kept.push(problem(e));
                }
            }
            Err(e) => problems.push(problem(e)),
        }
    }
    Piece { table, problems, kept, release }
}

/// Cuts the stream into blocks of whole rows.
struct Cutter {
    layout: Layout,
    /// Unconsumed input; `pos` is where scanning resumes.
    buf: Vec<u8>,
    pos: usize,
    eof: bool,
    /// Next line number (Lines) or row number (Array, Concatenated).
    next_number: u64,
    /// Array: the opening bracket has been passed; `closed`: the closing one.
    opened: bool,
    closed: bool,
    trailing_garbage: Option<String>,
    /// The read error that ended the input early, if one did.
    cut_short: Option<std::io::Error>,
}

impl Cutter {
    fn new(layout: Layout, buf: Vec<u8>, start: usize, eof: bool) -> Cutter {
        let next_number = match layout {
            // Lines before `start` are blank: count them so line numbers match the file.
            Layout::Lines => 1 + memchr::memchr_iter(b'\n', &buf[..start]).count() as u64,
            _ => 0,
        };
        Cutter {
            layout,
            buf,
            pos: start,
            eof,
            next_number,
            opened: false,
            closed: false,
            trailing_garbage: None,
            cut_short: None,
        }
    }

    /// Ends the input at a read error: the fragment of a row after the last whole line (JSON
    /// Lines) or value (arrays, concatenated objects) is dropped rather than reported as a
    /// broken row of its own; the one problem reported names where the loss begins.
    fn stop_short(&mut self, error: Option<std::io::Error>) {
        let Some(error) = error else { return };
        self.eof = true;
        if self.layout == Layout::Lines {
            let whole = memchr::memrchr(b'\n', &self.buf[self.pos..]).map_or(0, |i| i + 1);
            self.buf.truncate(self.pos + whole);
        }
        self.cut_short = Some(error);
    }

    fn next_block(&mut self, reader: &mut dyn Read) -> Option<Block> {
        loop {
            let block = match self.layout {
                Layout::Lines => self.cut_lines(),
                Layout::Array | Layout::Concatenated => self.cut_values(),
            };
            if let Some(b) = block {
                return Some(b);
            }
            if self.eof {
                return None;
            }
            // Keep the unconsumed tail, read more: at least as much as the tail holds, so that
            // a row longer than many blocks is rescanned a few times, not once per block.
            self.buf.drain(..self.pos);
            self.pos = 0;
            let want = BLOCK.max(self.buf.len());
            let (eof, cut_short) = fill_until_error(reader, &mut self.buf, want);
            self.eof = eof;
            self.stop_short(cut_short);
        }
    }

    /// Hands over `buf[..end]` as a block's bytes without copying it; only the unconsumed
    /// tail moves to a fresh buffer.
    fn take_bytes(&mut self, end: usize) -> Vec<u8> {
        let mut rest = Vec::with_capacity(BLOCK.max(self.buf.len() - end));
        rest.extend_from_slice(&self.buf[end..]);
        let mut bytes = std::mem::replace(&mut self.buf, rest);
        bytes.truncate(end);
        self.pos = 0;
        bytes
    }

    /// Whole lines from `pos`; at the end of input the last line need not end in '\n'.
    fn cut_lines(&mut self) -> Option<Block> {
        let base = self.pos;
        let data = &self.buf[base..];
        let len = if self.eof { data.len() } else { memchr::memrchr(b'\n', data)? + 1 };
        if len == 0 {
            return None;
        }
        let mut rows = Vec::new();
        let mut start = base;
        let end = base + len;
        while start < end {
            let stop = memchr::memchr(b'\n', &self.buf[start..end]).map_or(end, |i| start + i);
            let line = &self.buf[start..stop];
            if !line.trim_ascii().is_empty() {
                let trimmed = line.strip_suffix(b"\r").unwrap_or(line).len();
                rows.push((Location::Line(self.next_number), start..start + trimmed));
            }
            self.next_number += 1;
            start = stop + 1;
        }
        let bytes = self.take_bytes(end);
        Some(Block { bytes, rows })
    }

    /// Whole JSON values from `pos` (array elements or concatenated objects), up to about
    /// one block's worth; `None` when more input is needed first.
    fn cut_values(&mut self) -> Option<Block> {
        let base = self.pos;
        let data = &self.buf[base..];
        let mut rows = Vec::new();
        let mut i = 0;
        let mut consumed = 0;
        loop {
            i = skip_ws(data, i);
            if i >= data.len() {
                // Whitespace is consumed too, or a long run of it would be rescanned.
                consumed = data.len();
                break;
            }
            if self.closed {
                self.trailing_garbage = Some(format!("unexpected {:?} after the closing ']'", data[i] as char));
                consumed = data.len();
                break;
            }
            if self.layout == Layout::Array {
                match data[i] {
                    b'[' if !self.opened => {
                        self.opened = true;
                        i += 1;
                        consumed = i;
                        continue;
                    }
                    b',' if self.opened => {
                        i += 1;
                        consumed = i;
                        continue;
                    }
                    b']' if self.opened => {
                        self.closed = true;
                        i += 1;
                        consumed = i;
                        continue;
                    }
                    _ => {}
                }
            }
            match value_end(data, i, self.layout) {
                Some(end) => {
                    rows.push((Location::Row(self.next_number), base + i..base + end));
                    self.next_number += 1;
                    i = end;
                    consumed = end;
                    if consumed >= BLOCK {
                        break;
                    }
                }
                None if self.eof => {
                    // A value cut off by the end of the file is a truncated last row; cut off by
                    // a read error, it is where the lost rest begins (reported once, later).
                    if self.cut_short.is_none() {
                        rows.push((Location::Row(self.next_number), base + i..base + data.len()));
                        self.next_number += 1;
                    }
                    consumed = data.len();
                    break;
                }
                None => break,
            }
        }
        if rows.is_empty() {
            self.pos += consumed;
            return None;
        }
        let bytes = self.take_bytes(base + consumed);
        Some(Block { bytes, rows })
    }
}

fn skip_ws(data: &[u8], mut i: usize) -> usize {
    while i < data.len() && data[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

/// The end of the JSON value starting at `start`, or `None` if the data ends first.
fn value_end(data: &[u8], start: usize, layout: Layout) -> Option<usize> {
    let (open, close) = match data[start] {
        b'{' => (b'{', b'}'),
        b'[' => (b'[', b']'),
        b'"' => return string_end(data, start + 1),
        _ => {
            // A bare scalar: up to the next separator.
            let stop = |b: &u8| match layout {
                Layout::Array => matches!(b, b',' | b']'),
                _ => b.is_ascii_whitespace(),
            };
            return data[start..].iter().position(stop).map(|p| start + p);
        }
    };
    let mut depth = 0u32;
    let mut i = start;
    loop {
        let p = i + memchr::memchr3(b'"', open, close, &data[i..])?;
        match data[p] {
            b'"' => i = string_end(data, p + 1)?,
            b if b == open => {
                depth += 1;
                i = p + 1;
            }
            _ => {
                depth -= 1;
                i = p + 1;
                if depth == 0 {
                    return Some(i);
                }
            }
        }
    }
}

/// The position after the closing quote of a string whose body starts at `i`.
fn string_end(data: &[u8], mut i: usize) -> Option<usize> {
    loop {
        let p = i + memchr::memchr2(b'"', b'\\', &data[i..])?;
        if data[p] == b'\\' {
            i = p + 2;
            if i > data.len() {
                return None;
            }
        } else {
            return Some(p + 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut_all(layout: Layout, input: &[u8]) -> Vec<(Location, String)> {
        let mut cutter = Cutter::new(layout, Vec::new(), 0, false);
        let mut reader: &[u8] = input;
        let mut out = Vec::new();
        while let Some(block) = cutter.next_block(&mut reader) {
            for (loc, r) in block.rows {
                out.push((loc, String::from_utf8_lossy(&block.bytes[r]).into_owned()));
            }
        }
        out
    }

    #[test]
    fn array_elements_with_tricky_strings() {
        let input = br#"[ {"a":"}]\"{"}, {"b":[1,{"c":2}]} ,{"d":"\\"}]"#;
        let rows = cut_all(Layout::Array, input);
        let texts: Vec<_> = rows.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(texts, [r#"{"a":"}]\"{"}"#, r#"{"b":[1,{"c":2}]}"#, r#"{"d":"\\"}"#]);
        assert_eq!(rows[2].0, Location::Row(2));
    }

    #[test]
    fn truncated_array_keeps_whole_elements() {
        let rows = cut_all(Layout::Array, br#"[{"a":1},{"b":2},{"c":"#);
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[2], (Location::Row(2), r#"{"c":"#.to_owned()));
    }

    #[test]
    fn lines_are_numbered_from_one_skipping_blanks() {
        let rows = cut_all(Layout::Lines, b"{\"a\":1}\n\n{\"b\":2}\r\n{\"c\"");
        let got: Vec<_> = rows.iter().map(|(l, t)| (*l, t.as_str())).collect();
        assert_eq!(
            got,
            [(Location::Line(1), "{\"a\":1}"), (Location::Line(3), "{\"b\":2}"), (Location::Line(4), "{\"c\"")]
        );
    }

    #[test]
    fn concatenated_pretty_objects() {
        let rows = cut_all(Layout::Concatenated, b"{\n \"a\": 1\n}\n{\n \"b\": \"}\"\n}\n");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].0, Location::Row(1));
    }
}
