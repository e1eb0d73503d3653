//! A prototype of an index cache, for measuring whether one would pay (issue 18 item 5): the
//! index's large arrays (message text, message spans, per-battle offsets, question ids, model
//! ids, winners, times) written to one file and read back into vectors. The small parts a real
//! cache would also need (names, moderation, tags, extra columns: ~8% of the index at 135K)
//! are left out, so the read time is a lower bound of a real re-open. Shared by
//! `benches/index_cache.rs` and `examples/index_cache.rs` (whole-process timings).

use std::io::{Read, Write};
use std::path::Path;

use arenascope::index::{BattleId, Index, MessageSpan};
use arenascope::load::parquet::decode_only;

const MAGIC: &[u8; 8] = b"ASCRAW01";

/// A checksum at about memory speed: four lanes of 64-bit multiply-xor over 8-byte words.
#[derive(Default)]
pub struct Sum([u64; 4], u64);

impl Sum {
    pub fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(32);
        for c in &mut chunks {
            for (lane, w) in self.0.iter_mut().zip(c.chunks_exact(8)) {
                let x = u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
                *lane = (*lane ^ x).wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(29);
            }
        }
        for &b in chunks.remainder() {
            self.1 = (self.1 ^ b as u64).wrapping_mul(0x0100_0000_01b3);
        }
        self.1 = self.1.wrapping_add(bytes.len() as u64);
    }

    pub fn finish(&self) -> u64 {
        self.0.iter().fold(self.1, |h, &l| (h ^ l).wrapping_mul(0x9E37_79B9_7F4A_7C15))
    }
}

fn section(out: &mut impl Write, sum: &mut Sum, bytes: &[u8]) -> std::io::Result<()> {
    out.write_all(&(bytes.len() as u64).to_le_bytes())?;
    sum.write(bytes);
    out.write_all(bytes)
}

/// Writes the prototype cache of `index` to `path` (through a temporary file and a rename).
pub fn write(index: &Index, path: &Path) -> std::io::Result<u64> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    let mut sum = Sum::default();
    {
        let mut out = std::io::BufWriter::with_capacity(1 << 20, tmp.as_file_mut());
        out.write_all(MAGIC)?;
        out.write_all(&(index.len() as u64).to_le_bytes())?;
        let text = index.text();
        let segments: Vec<&[u8]> = text.parts(0..index.text_len()).map(|(_, s)| s).collect();
        out.write_all(&(segments.len() as u64).to_le_bytes())?;
        for s in &segments {
            section(&mut out, &mut sum, s)?;
        }
        let mut spans = Vec::with_capacity(index.all_messages().len() * 16);
        for m in index.all_messages() {
            spans.extend_from_slice(&m.start.to_le_bytes());
            spans.extend_from_slice(&m.len.to_le_bytes());
            spans.extend_from_slice(&m.role.to_le_bytes());
            spans.extend_from_slice(&[m.is_user as u8, 0]);
        }
        section(&mut out, &mut sum, &spans)?;
        let u32s =
            |f: &dyn Fn(BattleId) -> u32| -> Vec<u8> { index.battle_ids().flat_map(|b| f(b).to_le_bytes()).collect() };
        section(&mut out, &mut sum, &u32s(&|b| index.message_range(b).end as u32))?;
        section(&mut out, &mut sum, &u32s(&|b| index.conversation(b, arenascope::index::Side::A).len() as u32))?;
        let mut qids = Vec::new();
        let mut qid_ends = Vec::new();
        for b in index.battle_ids() {
            qids.extend_from_slice(index.question_id(b).as_bytes());
            qid_ends.extend_from_slice(&(qids.len() as u32).to_le_bytes());
        }
        section(&mut out, &mut sum, &qids)?;
        section(&mut out, &mut sum, &qid_ends)?;
        section(&mut out, &mut sum, &u32s(&|b| index.model_a(b).0))?;
        section(&mut out, &mut sum, &u32s(&|b| index.model_b(b).0))?;
        section(&mut out, &mut sum, &index.winners().iter().map(|w| *w as u8).collect::<Vec<u8>>())?;
        section(&mut out, &mut sum, &index.tstamps().iter().flat_map(|t| t.to_le_bytes()).collect::<Vec<u8>>())?;
        section(&mut out, &mut sum, &u32s(&|b| index.turn(b)))?;
        out.write_all(&sum.finish().to_le_bytes())?;
        out.flush()?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(std::fs::metadata(path)?.len())
}

/// The arrays read back: what a re-open would hand the index.
#[allow(dead_code)] // held, as an index would hold them; only the counts are printed
pub struct Raw {
    pub battles: usize,
    pub text: Vec<String>,
    pub spans: Vec<MessageSpan>,
    pub u32_columns: Vec<Vec<u32>>,
    pub question_ids: String,
    pub winners: Vec<u8>,
    pub tstamps: Vec<f64>,
}

fn bad(what: &str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, what.to_owned())
}

/// Reads one section: its length is checked against what is left of the file before anything
/// is allocated, and the bytes go straight into the vector (no zeroing, no second copy).
fn read_section(input: &mut impl Read, left: &mut u64, sum: &mut Sum) -> std::io::Result<Vec<u8>> {
    let mut len = [0u8; 8];
    input.read_exact(&mut len)?;
    let len = u64::from_le_bytes(len);
    if len + 8 > *left {
        return Err(bad("section longer than the file"));
    }
    *left -= len + 8;
    let mut v = Vec::with_capacity(len as usize);
    input.take(len).read_to_end(&mut v)?;
    if v.len() as u64 != len {
        return Err(bad("file ends inside a section"));
    }
    sum.write(&v);
    Ok(v)
}

fn u32s(bytes: &[u8]) -> Vec<u32> {
    bytes.chunks_exact(4).map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]])).collect()
}

/// Reads the prototype cache back, checking lengths, UTF-8 and the checksum.
pub fn read(path: &Path) -> std::io::Result<Raw> {
    let mut file = std::fs::File::open(path)?;
    let mut left = file.metadata()?.len();
    let mut head = [0u8; 24];
    file.read_exact(&mut head)?;
    if &head[..8] != MAGIC || left < 32 {
        return Err(bad("not a cache file"));
    }
    left -= 32;
    let word = |i: usize| u64::from_le_bytes(head[i..i + 8].try_into().unwrap_or([0; 8]));
    let (battles, segments) = (word(8), word(16));
    let mut sum = Sum::default();
    let mut text = Vec::new();
    for _ in 0..segments.min(left / 8) {
        let bytes = read_section(&mut file, &mut left, &mut sum)?;
        text.push(String::from_utf8(bytes).map_err(|_| bad("text is not UTF-8"))?);
    }
    let spans = read_section(&mut file, &mut left, &mut sum)?
        .chunks_exact(16)
        .map(|w| MessageSpan {
            start: u64::from_le_bytes(w[..8].try_into().unwrap_or([0; 8])),
            len: u32::from_le_bytes([w[8], w[9], w[10], w[11]]),
            role: u16::from_le_bytes([w[12], w[13]]),
            is_user: w[14] != 0,
        })
        .collect();
    let msg_ends = u32s(&read_section(&mut file, &mut left, &mut sum)?);
    let conv_a = u32s(&read_section(&mut file, &mut left, &mut sum)?);
    let question_ids =
        String::from_utf8(read_section(&mut file, &mut left, &mut sum)?).map_err(|_| bad("ids are not UTF-8"))?;
    let qid_ends = u32s(&read_section(&mut file, &mut left, &mut sum)?);
    let model_a = u32s(&read_section(&mut file, &mut left, &mut sum)?);
    let model_b = u32s(&read_section(&mut file, &mut left, &mut sum)?);
    let winners = read_section(&mut file, &mut left, &mut sum)?;
    let tstamps = read_section(&mut file, &mut left, &mut sum)?
        .chunks_exact(8)
        .map(|w| f64::from_le_bytes(w.try_into().unwrap_or([0; 8])))
        .collect();
    let turn = u32s(&read_section(&mut file, &mut left, &mut sum)?);
    let mut tail = [0u8; 8];
    file.read_exact(&mut tail)?;
    if u64::from_le_bytes(tail) != sum.finish() {
        return Err(bad("checksum mismatch"));
    }
    Ok(Raw {
        battles: battles as usize,
        text,
        spans,
        u32_columns: vec![msg_ends, conv_a, qid_ends, model_a, model_b, turn],
        question_ids,
        winners,
        tstamps,
    })
}

/// Decodes the file's row groups as the loader does (same columns, same batch size, all
/// cores) and drops the batches: the decoding part of a cold load, without the index build.
pub fn decode(path: &Path) -> usize {
    decode_only(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
