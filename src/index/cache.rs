//! The index as a byte stream, for the index cache (`crate::load::cache`): every column of the
//! table written as length-prefixed sections under a running checksum, and read back with each
//! length checked against what is left of the file before anything is allocated, and every
//! id, offset and span checked before the index is handed out (a bad cache is `None`).

use std::io::{self, Read, Write};

use crate::intern::Interner;
use crate::model::{
    CategoryTags, ConvMeta, DedupTag, Release, ReleaseTags, StyleCounts, TaggerVerdict, ToxicTags, Winner,
};

use super::ids::NONE_ID;
use super::table::{BattleTable, ExtraCell, ExtraColumns, PackedModeration, Sparse};
use super::text::{MessageSpan, TextSegments};
use super::{DatasetInfo, Index};

/// A checksum at about memory speed: four lanes of 64-bit multiply-xor over 8-byte words
/// (the cache is hundreds of MB; a cryptographic hash would cost more than the read).
#[derive(Default, Clone)]
pub struct Sum([u64; 4], u64);

impl Sum {
    pub fn write(&mut self, bytes: &[u8]) {
        let whole = bytes.len() / 32 * 32;
        self.lanes(&bytes[..whole]);
        self.tail(&bytes[whole..], bytes.len());
    }

    /// The lanes over whole 32-byte words (`bytes.len()` a multiple of 32).
    fn lanes(&mut self, bytes: &[u8]) {
        for c in bytes.chunks_exact(32) {
            for (lane, w) in self.0.iter_mut().zip(c.chunks_exact(8)) {
                let x = u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
                *lane = (*lane ^ x).wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(29);
            }
        }
    }

    /// The last bytes of a write (fewer than 32) and its whole length.
    fn tail(&mut self, rest: &[u8], len: usize) {
        for &b in rest {
            self.1 = (self.1 ^ b as u64).wrapping_mul(0x0100_0000_01b3);
        }
        self.1 = self.1.wrapping_add(len as u64).rotate_left(7);
    }

    pub fn finish(&self) -> u64 {
        self.0.iter().fold(self.1, |h, &l| (h ^ l).wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(31))
    }
}

/// What [`SectionWriter::section_from`] encodes through at a time (a multiple of 32 bytes).
const PIECE: usize = 64 << 10;

/// Writes sections: a little-endian u64 length, then the bytes; all go into the checksum.
pub struct SectionWriter<'w> {
    out: &'w mut dyn Write,
    pub sum: Sum,
}

impl<'w> SectionWriter<'w> {
    pub fn new(out: &'w mut dyn Write) -> Self {
        SectionWriter { out, sum: Sum::default() }
    }

    pub fn section(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(&(bytes.len() as u64).to_le_bytes())?;
        self.sum.write(bytes);
        self.out.write_all(bytes)
    }

    /// A section of `len` bytes encoded piece by piece: the same bytes and checksum as
    /// [`SectionWriter::section`] of the whole, without the whole in memory (a column of the
    /// index is written while the browser holds all of it).
    pub fn section_from(&mut self, len: usize, bytes: impl IntoIterator<Item = u8>) -> io::Result<()> {
        self.out.write_all(&(len as u64).to_le_bytes())?;
        let mut piece = Vec::with_capacity(PIECE.min(len));
        let mut done = 0;
        for b in bytes {
            piece.push(b);
            if piece.len() == PIECE {
                self.sum.lanes(&piece);
                self.out.write_all(&piece)?;
                done += PIECE;
                piece.clear();
            }
        }
        if done + piece.len() != len {
            return Err(bad("section length"));
        }
        let whole = piece.len() / 32 * 32;
        self.sum.lanes(&piece[..whole]);
        self.sum.tail(&piece[whole..], len);
        self.out.write_all(&piece)
    }

    pub fn u32s<I: IntoIterator<Item = u32, IntoIter: ExactSizeIterator>>(&mut self, v: I) -> io::Result<()> {
        let v = v.into_iter();
        self.section_from(v.len() * 4, v.flat_map(u32::to_le_bytes))
    }

    pub fn u64s<I: IntoIterator<Item = u64, IntoIter: ExactSizeIterator>>(&mut self, v: I) -> io::Result<()> {
        let v = v.into_iter();
        self.section_from(v.len() * 8, v.flat_map(u64::to_le_bytes))
    }

    /// Strings as one blob and their end offsets.
    pub fn strings<'s>(&mut self, v: impl IntoIterator<Item = &'s str>) -> io::Result<()> {
        let (mut blob, mut ends) = (String::new(), Vec::new());
        for s in v {
            blob.push_str(s);
            ends.push(blob.len() as u64);
        }
        self.section(blob.as_bytes())?;
        self.u64s(ends)
    }
}

/// Why a cache was not used; never shown as an error (the data is loaded cold instead).
pub fn bad(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, what.to_owned())
}

/// Reads sections written by [`SectionWriter`], never past `left` bytes.
pub struct SectionReader<'r> {
    input: &'r mut dyn Read,
    left: u64,
    pub sum: Sum,
}

impl<'r> SectionReader<'r> {
    pub fn new(input: &'r mut dyn Read, left: u64) -> Self {
        SectionReader { input, left, sum: Sum::default() }
    }

    pub fn left(&self) -> u64 {
        self.left
    }

    /// Reads `N` bytes outside any section (headers, the final checksum).
    pub fn raw<const N: usize>(&mut self) -> io::Result<[u8; N]> {
        if (N as u64) > self.left {
            return Err(bad("file too short"));
        }
        let mut b = [0u8; N];
        self.input.read_exact(&mut b)?;
        self.left -= N as u64;
        Ok(b)
    }

    pub fn section(&mut self) -> io::Result<Vec<u8>> {
        let len = u64::from_le_bytes(self.raw::<8>()?);
        if len > self.left {
            return Err(bad("section longer than the file"));
        }
        self.left -= len;
        let mut v = Vec::with_capacity(len as usize);
        (&mut self.input).take(len).read_to_end(&mut v)?;
        if v.len() as u64 != len {
            return Err(bad("file ends inside a section"));
        }
        self.sum.write(&v);
        Ok(v)
    }

    pub fn u32s(&mut self) -> io::Result<Vec<u32>> {
        let b = self.section()?;
        if b.len() % 4 != 0 {
            return Err(bad("u32 column"));
        }
        Ok(b.chunks_exact(4).map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]])).collect())
    }

    pub fn u64s(&mut self) -> io::Result<Vec<u64>> {
        let b = self.section()?;
        if b.len() % 8 != 0 {
            return Err(bad("u64 column"));
        }
        Ok(b.chunks_exact(8).map(le_u64).collect())
    }

    pub fn string(&mut self) -> io::Result<String> {
        String::from_utf8(self.section()?).map_err(|_| bad("text is not UTF-8"))
    }

    pub fn strings(&mut self) -> io::Result<Vec<String>> {
        let blob = self.string()?;
        let ends = self.u64s()?;
        let mut start = 0usize;
        let mut out = Vec::with_capacity(ends.len());
        for e in ends {
            let e = usize::try_from(e).map_err(|_| bad("string end"))?;
            out.push(blob.get(start..e).ok_or_else(|| bad("string end"))?.to_owned());
            start = e;
        }
        Ok(out)
    }
}

fn le_u64(w: &[u8]) -> u64 {
    u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]])
}

/// Small fixed-layout records (tags, moderation) as bytes.
#[derive(Default)]
struct Enc(Vec<u8>);

impl Enc {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn u16(&mut self, v: u16) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn f64(&mut self, v: f64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn opt_bool(&mut self, v: Option<bool>) {
        self.u8(match v {
            None => 0,
            Some(false) => 1,
            Some(true) => 2,
        });
    }
    fn style(&mut self, s: &StyleCounts) {
        self.u32(s.tokens);
        s.headers.iter().for_each(|&h| self.u32(h));
        self.u32(s.ordered);
        self.u32(s.unordered);
        self.u32(s.bold);
    }
}

/// Reads what [`Enc`] wrote; `None` past the end or on a value out of range.
struct Dec<'a>(&'a [u8]);

impl Dec<'_> {
    fn take<const N: usize>(&mut self) -> Option<[u8; N]> {
        let (head, rest) = self.0.split_first_chunk::<N>()?;
        self.0 = rest;
        Some(*head)
    }
    fn u8(&mut self) -> Option<u8> {
        self.take::<1>().map(|b| b[0])
    }
    fn u16(&mut self) -> Option<u16> {
        self.take().map(u16::from_le_bytes)
    }
    fn u32(&mut self) -> Option<u32> {
        self.take().map(u32::from_le_bytes)
    }
    fn f64(&mut self) -> Option<f64> {
        self.take().map(f64::from_le_bytes)
    }
    fn opt_bool(&mut self) -> Option<Option<bool>> {
        match self.u8()? {
            0 => Some(None),
            1 => Some(Some(false)),
            2 => Some(Some(true)),
            _ => None,
        }
    }
    fn bool(&mut self) -> Option<bool> {
        match self.u8()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
    fn style(&mut self) -> Option<StyleCounts> {
        let tokens = self.u32()?;
        let mut headers = [0; 6];
        for h in &mut headers {
            *h = self.u32()?;
        }
        Some(StyleCounts { tokens, headers, ordered: self.u32()?, unordered: self.u32()?, bold: self.u32()? })
    }
}

fn put_moderation(e: &mut Enc, m: &PackedModeration) {
    m.scores.iter().for_each(|&s| e.f64(s));
    e.u16(m.categories_known);
    e.u16(m.categories_true);
    e.u16(m.scores_known);
    e.opt_bool(m.flagged);
    e.u8(m.has);
}

fn get_moderation(d: &mut Dec) -> Option<PackedModeration> {
    let mut scores = [0.0; 11];
    for s in &mut scores {
        *s = d.f64()?;
    }
    Some(PackedModeration {
        scores,
        categories_known: d.u16()?,
        categories_true: d.u16()?,
        scores_known: d.u16()?,
        flagged: d.opt_bool()?,
        has: d.u8()?,
    })
}

fn put_verdict(e: &mut Enc, v: Option<TaggerVerdict>) {
    match v {
        None => e.u8(0),
        Some(v) => {
            e.u8(1);
            e.opt_bool(v.flagged);
            e.u8(u8::from(v.score.is_some()));
            e.f64(v.score.unwrap_or(0.0));
        }
    }
}

fn get_verdict(d: &mut Dec) -> Option<Option<TaggerVerdict>> {
    if !d.bool()? {
        return Some(None);
    }
    let flagged = d.opt_bool()?;
    let has_score = d.bool()?;
    let score = d.f64()?;
    Some(Some(TaggerVerdict { flagged, score: has_score.then_some(score) }))
}

fn put_toxic(e: &mut Enc, t: &ToxicTags) {
    put_verdict(e, t.roberta);
    put_verdict(e, t.t5);
}

fn get_toxic(d: &mut Dec) -> Option<ToxicTags> {
    Some(ToxicTags { roberta: get_verdict(d)?, t5: get_verdict(d)? })
}

fn put_tags(e: &mut Enc, t: &ReleaseTags) {
    match &t.meta {
        None => e.u8(0),
        Some(m) => {
            e.u8(1);
            e.style(&m.a);
            e.style(&m.b);
            e.u32(m.user_tokens);
            e.u32(m.turns);
            e.u8(u8::from(m.computed));
        }
    }
    match &t.categories {
        None => e.u8(0),
        Some(c) => {
            e.u8(1);
            e.u8(c.criteria_known);
            e.u8(c.criteria_true);
            e.u8(u8::from(c.if_score.is_some()));
            e.0.extend_from_slice(&c.if_score.unwrap_or(0).to_le_bytes());
            e.opt_bool(c.math);
            e.opt_bool(c.creative_writing);
        }
    }
    e.opt_bool(t.is_code);
    e.opt_bool(t.is_refusal);
    match &t.dedup {
        None => e.u8(0),
        Some(d) => {
            e.u8(1);
            e.u8(u8::from(d.high_freq));
            e.u8(u8::from(d.sampled));
        }
    }
}

fn get_tags(d: &mut Dec) -> Option<ReleaseTags> {
    let meta = if d.bool()? {
        Some(ConvMeta { a: d.style()?, b: d.style()?, user_tokens: d.u32()?, turns: d.u32()?, computed: d.bool()? })
    } else {
        None
    };
    let categories = if d.bool()? {
        let (criteria_known, criteria_true, has_if) = (d.u8()?, d.u8()?, d.bool()?);
        let if_score = i32::from_le_bytes(d.take()?);
        Some(CategoryTags {
            criteria_known,
            criteria_true,
            if_score: has_if.then_some(if_score),
            math: d.opt_bool()?,
            creative_writing: d.opt_bool()?,
        })
    } else {
        None
    };
    let (is_code, is_refusal) = (d.opt_bool()?, d.opt_bool()?);
    let dedup = if d.bool()? { Some(DedupTag { high_freq: d.bool()?, sampled: d.bool()? }) } else { None };
    Some(ReleaseTags { meta, categories, is_code, is_refusal, dedup })
}

fn put_sparse<T>(w: &mut SectionWriter, s: &Sparse<T>, put: fn(&mut Enc, &T)) -> io::Result<()> {
    w.u32s(s.slot.iter().copied())?;
    w.u64s([s.values.len() as u64])?;
    // Encoded twice, value by value (once for the length), rather than held whole.
    let encoded = |v: &T| {
        let mut e = Enc::default();
        put(&mut e, v);
        e.0
    };
    let len = s.values.iter().map(|v| encoded(v).len()).sum();
    w.section_from(len, s.values.iter().flat_map(encoded))
}

fn get_sparse<T>(r: &mut SectionReader, get: fn(&mut Dec) -> Option<T>) -> io::Result<Sparse<T>> {
    let slot = r.u32s()?;
    let count = r.u64s()?.first().copied().ok_or_else(|| bad("sparse count"))?;
    let bytes = r.section()?;
    // Every value takes at least one byte: the count cannot ask for more than the section.
    if count > bytes.len() as u64 {
        return Err(bad("sparse count"));
    }
    let mut d = Dec(&bytes);
    let mut values = Vec::with_capacity(count as usize);
    for _ in 0..count {
        values.push(get(&mut d).ok_or_else(|| bad("sparse value"))?);
    }
    if !d.0.is_empty() || slot.iter().any(|&s| s != NONE_ID && s as usize >= values.len()) {
        return Err(bad("sparse slots"));
    }
    Ok(Sparse { slot, values: values.into() })
}

fn winner_code(w: Winner) -> u8 {
    w.slot() as u8
}

impl Index {
    /// Writes everything the index holds (its lazily built parts are rebuilt on demand).
    pub fn write_cache(&self, w: &mut SectionWriter) -> io::Result<()> {
        let t = &self.table;
        // Dataset info.
        w.strings([self.info.name.as_str()])?;
        w.strings(self.info.paths.iter().map(|p| p.to_str().unwrap_or("")))?;
        let release =
            self.info.release.map_or(0, |r| Release::ALL.iter().position(|x| *x == r).unwrap_or(0) as u64 + 1);
        w.u64s([self.info.bytes, u64::from(self.info.is_sample), release])?;
        // Names.
        for names in [&t.models, &t.languages, &t.judges, &t.roles] {
            w.strings(names.names().iter().map(String::as_str))?;
        }
        // Per-battle columns.
        w.section(t.question_ids.as_bytes())?;
        w.u32s(t.qid_ends.iter().copied())?;
        w.u32s(t.model_a.iter().copied())?;
        w.u32s(t.model_b.iter().copied())?;
        w.section(&t.winner.iter().map(|&x| winner_code(x)).collect::<Vec<u8>>())?;
        w.u32s(t.judge.iter().copied())?;
        w.u32s(t.language.iter().copied())?;
        w.u32s(t.turn.iter().copied())?;
        w.section(&t.anony.iter().map(|&a| Enc::opt_bool_byte(a)).collect::<Vec<u8>>())?;
        w.u64s(t.tstamp.iter().map(|x| x.to_bits()))?;
        put_sparse(w, &t.moderation, put_moderation)?;
        put_sparse(w, &t.toxic, put_toxic)?;
        put_sparse(w, &t.tags, put_tags)?;
        // Extra columns.
        w.strings(t.extra.names.names().iter().map(String::as_str))?;
        w.u32s(t.extra.ends.iter().copied())?;
        w.u32s(t.extra.cells.iter().map(|c| c.name))?;
        w.u64s(t.extra.cells.iter().map(|c| c.end))?;
        w.section(t.extra.values.as_bytes())?;
        // Messages and their text.
        w.u32s(t.msg_ends.iter().copied())?;
        w.u32s(t.conv_a_len.iter().copied())?;
        let span = |m: &MessageSpan| {
            let mut b = [0u8; 16];
            b[..8].copy_from_slice(&m.start.to_le_bytes());
            b[8..12].copy_from_slice(&m.len.to_le_bytes());
            b[12..14].copy_from_slice(&m.role.to_le_bytes());
            b[14] = u8::from(m.is_user);
            b
        };
        w.section_from(t.messages.len() * 16, t.messages.iter().flat_map(span))?;
        w.u64s([t.text.len() as u64, t.text.segments.len() as u64])?;
        w.u64s(t.text.starts.iter().copied())?;
        for s in &t.text.segments {
            w.section(s.as_bytes())?;
        }
        Ok(())
    }

    /// Reads what [`Index::write_cache`] wrote; an error for anything inconsistent.
    pub fn read_cache(r: &mut SectionReader) -> io::Result<Index> {
        let name = r.strings()?.into_iter().next().ok_or_else(|| bad("name"))?;
        let paths = r.strings()?.into_iter().map(Into::into).collect();
        let nums = r.u64s()?;
        let [bytes, is_sample, release] = nums[..] else { return Err(bad("info")) };
        let release = match release {
            0 => None,
            n => Some(*Release::ALL.get(n as usize - 1).ok_or_else(|| bad("release"))?),
        };
        let info = DatasetInfo { name, paths, bytes, is_sample: is_sample != 0, release };
        let mut interner =
            || -> io::Result<Interner> { Interner::from_names(r.strings()?).ok_or_else(|| bad("names")) };
        let (models, languages, judges, roles) = (interner()?, interner()?, interner()?, interner()?);
        let question_ids = r.string()?;
        let qid_ends = r.u32s()?;
        let model_a = r.u32s()?;
        let model_b = r.u32s()?;
        let winner = r
            .section()?
            .into_iter()
            .map(|b| Winner::EVERY.get(b as usize).copied())
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| bad("winner"))?;
        let judge = r.u32s()?;
        let language = r.u32s()?;
        let turn = r.u32s()?;
        let anony = r
            .section()?
            .into_iter()
            .map(|b| Dec(&[b]).opt_bool())
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| bad("anony"))?;
        let tstamp = r.u64s()?.into_iter().map(f64::from_bits).collect();
        let moderation = get_sparse(r, get_moderation)?;
        let toxic = get_sparse(r, get_toxic)?;
        let tags = get_sparse(r, get_tags)?;
        let extra_names = Interner::from_names(r.strings()?).ok_or_else(|| bad("extra names"))?;
        let extra_ends = r.u32s()?;
        let cell_names = r.u32s()?;
        let cell_ends = r.u64s()?;
        let extra_values = r.string()?;
        if cell_names.len() != cell_ends.len() {
            return Err(bad("extra cells"));
        }
        let cells: Vec<ExtraCell> =
            cell_names.into_iter().zip(cell_ends).map(|(name, end)| ExtraCell { name, end }).collect();
        let msg_ends = r.u32s()?;
        let conv_a_len = r.u32s()?;
        let span_bytes = r.section()?;
        if span_bytes.len() % 16 != 0 {
            return Err(bad("spans"));
        }
        let messages: Vec<MessageSpan> = span_bytes
            .chunks_exact(16)
            .map(|w| MessageSpan {
                start: le_u64(&w[..8]),
                len: u32::from_le_bytes([w[8], w[9], w[10], w[11]]),
                role: u16::from_le_bytes([w[12], w[13]]),
                is_user: w[14] != 0,
            })
            .collect();
        drop(span_bytes);
        let text_head = r.u64s()?;
        let [text_len, segment_count] = text_head[..] else { return Err(bad("text")) };
        let starts = r.u64s()?;
        if segment_count != starts.len() as u64 {
            return Err(bad("segments"));
        }
        let mut segments = Vec::with_capacity(starts.len());
        for _ in 0..segment_count {
            segments.push(r.string()?);
        }
        let text = TextSegments::from_parts(segments, starts, text_len).ok_or_else(|| bad("segments"))?;
        let table = BattleTable {
            models,
            languages,
            judges,
            roles,
            question_ids,
            qid_ends,
            model_a,
            model_b,
            winner,
            judge,
            language,
            turn,
            anony,
            tstamp,
            moderation,
            toxic,
            tags,
            extra: ExtraColumns { names: extra_names, ends: extra_ends, cells, values: extra_values },
            msg_ends,
            conv_a_len,
            messages,
            text,
        };
        check(&table)?;
        Ok(Index::from_table(table, info))
    }
}

impl Enc {
    fn opt_bool_byte(v: Option<bool>) -> u8 {
        let mut e = Enc::default();
        e.opt_bool(v);
        e.0[0]
    }
}

/// Offsets that do not rise, or that end past what they index.
fn ends_ok<T: Copy + Into<u64>>(ends: &[T], limit: u64) -> bool {
    let mut prev = 0u64;
    ends.iter().all(|&e| {
        let e: u64 = e.into();
        let ok = e >= prev && e <= limit;
        prev = e;
        ok
    })
}

/// Everything the index's accessors index with, so that no lookup can go out of bounds or
/// split a character: a cache passes this or is not used.
fn check(t: &BattleTable) -> io::Result<()> {
    let n = t.model_a.len();
    let per_battle = [
        t.qid_ends.len(),
        t.model_b.len(),
        t.winner.len(),
        t.judge.len(),
        t.language.len(),
        t.turn.len(),
        t.anony.len(),
        t.tstamp.len(),
        t.moderation.slot.len(),
        t.toxic.slot.len(),
        t.tags.slot.len(),
        t.extra.ends.len(),
        t.msg_ends.len(),
        t.conv_a_len.len(),
    ];
    let in_names = |ids: &[u32], names: &Interner, none_ok: bool| {
        ids.iter().all(|&i| (none_ok && i == NONE_ID) || (i as usize) < names.names().len())
    };
    let qid_ok = ends_ok(&t.qid_ends, t.question_ids.len() as u64)
        && t.qid_ends.iter().all(|&e| t.question_ids.is_char_boundary(e as usize));
    let extra = &t.extra;
    let extra_ok = ends_ok(&extra.ends, extra.cells.len() as u64)
        && ends_ok(&extra.cells.iter().map(|c| c.end).collect::<Vec<_>>(), extra.values.len() as u64)
        && extra
            .cells
            .iter()
            .all(|c| (c.name as usize) < extra.names.names().len() && extra.values.is_char_boundary(c.end as usize));
    let mut prev = 0u32;
    let msgs_ok = ends_ok(&t.msg_ends, t.messages.len() as u64)
        && t.msg_ends.iter().zip(&t.conv_a_len).all(|(&end, &a)| {
            let ok = a <= end - prev;
            prev = end;
            ok
        });
    let spans_ok = t.roles.names().len() <= u16::MAX as usize + 1
        && t.messages.iter().all(|m| {
            (m.role as usize) < t.roles.names().len() && {
                let i = super::text::segment_of(&t.text.starts, m.start as usize);
                let (Some(seg), Some(&base)) = (t.text.segments.get(i), t.text.starts.get(i)) else {
                    return m.len == 0 && t.text.segments.is_empty();
                };
                let from = m.start.wrapping_sub(base) as usize;
                let to = from.wrapping_add(m.len as usize);
                m.start >= base
                    && to >= from
                    && seg.is_char_boundary(from)
                    && seg.is_char_boundary(to)
                    && to <= seg.len()
            }
        });
    let ok = per_battle.iter().all(|&l| l == n)
        && qid_ok
        && in_names(&t.model_a, &t.models, false)
        && in_names(&t.model_b, &t.models, false)
        && in_names(&t.judge, &t.judges, true)
        && in_names(&t.language, &t.languages, true)
        && extra_ok
        && msgs_ok
        && spans_ok;
    if ok { Ok(()) } else { Err(bad("inconsistent index")) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(index: &Index) -> Index {
        let mut bytes = Vec::new();
        index.write_cache(&mut SectionWriter::new(&mut bytes)).expect("write");
        let len = bytes.len() as u64;
        let mut input = bytes.as_slice();
        let mut r = SectionReader::new(&mut input, len);
        let back = Index::read_cache(&mut r).expect("read");
        assert_eq!(r.left(), 0);
        back
    }

    #[test]
    fn every_field_of_a_generated_index_survives_the_round_trip() {
        let battles = crate::synth::generate(300, 7);
        let index = Index::from_battle_pieces(&battles, 70, DatasetInfo { name: "x".into(), ..Default::default() });
        let back = round_trip(&index);
        assert_eq!(back.len(), index.len());
        assert_eq!(back.info.name, "x");
        for b in index.battle_ids() {
            assert_eq!(back.battle(b), index.battle(b), "battle {b:?}");
            assert_eq!(back.occurrence(b), index.occurrence(b));
        }
    }

    #[test]
    fn a_section_written_piece_by_piece_has_the_bytes_and_checksum_of_the_whole() {
        // Longer than a piece, and not a multiple of 32 bytes.
        let whole: Vec<u8> = (0..(PIECE * 2 + 45)).map(|i| (i * 7 % 251) as u8).collect();
        let (mut at_once, mut in_pieces) = (Vec::new(), Vec::new());
        let mut a = SectionWriter::new(&mut at_once);
        a.section(&whole).expect("write");
        let mut b = SectionWriter::new(&mut in_pieces);
        b.section_from(whole.len(), whole.iter().copied()).expect("write");
        assert_eq!(b.sum.finish(), a.sum.finish());
        assert_eq!(in_pieces, at_once);
        // A length that does not match what comes is an error, not a bad cache.
        let mut out = Vec::new();
        assert!(SectionWriter::new(&mut out).section_from(3, [1u8, 2].into_iter()).is_err());
    }

    #[test]
    fn a_cache_cut_short_anywhere_is_an_error_not_a_panic() {
        let battles = crate::synth::generate(20, 3);
        let index = Index::from_battles(&battles, DatasetInfo::default());
        let mut bytes = Vec::new();
        index.write_cache(&mut SectionWriter::new(&mut bytes)).expect("write");
        for cut in (0..bytes.len()).step_by(7) {
            let mut input = &bytes[..cut];
            assert!(Index::read_cache(&mut SectionReader::new(&mut input, cut as u64)).is_err(), "cut at {cut}");
        }
    }
}
