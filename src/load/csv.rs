//! The Kaggle competition's `arena-human-preference-55k` CSV: `prompt`, `response_a` and
//! `response_b` are JSON lists of strings, one per turn, zipped into the two conversations;
//! three 0/1 columns give the vote. Records are cut on this thread and decoded on all cores.

use std::io::Read;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use super::row::RowError;
use super::{LoadError, Location, Piece, Problem, Sink, pipeline};
use crate::index::{BattleFacets, BattleTable};
use crate::model::{Release, Winner};

/// Records per decoded piece.
const CHUNK: usize = 2000;

/// The columns the release names, in its order; every one is required.
pub(crate) const COLUMNS: [&str; 9] = [
    "id",
    "model_a",
    "model_b",
    "prompt",
    "response_a",
    "response_b",
    "winner_model_a",
    "winner_model_b",
    "winner_tie",
];

/// Does this start look like a CSV header (a first line of comma-separated names)?
pub(crate) fn looks_like_csv(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let line = &head[..memchr::memchr(b'\n', head).unwrap_or(head.len())];
    line.contains(&b',') && line.iter().all(|b| b.is_ascii_graphic() || *b == b' ' || *b == b'\r')
}

/// The release a CSV header names (only the 55k is a CSV), or what it lacks.
pub(crate) fn recognise_header(file: std::fs::File) -> Result<Release, String> {
    let mut csv = csv::ReaderBuilder::new().flexible(true).from_reader(file);
    let header = csv.headers().map_err(|e| format!("not a readable CSV file: {e}"))?;
    let names: Vec<&str> = header.iter().map(|h| h.trim_start_matches('\u{feff}')).collect();
    let missing: Vec<&str> = COLUMNS.iter().copied().filter(|c| !names.contains(c)).collect();
    if missing.is_empty() {
        Ok(Release::Kaggle55k)
    } else {
        Err(format!("a CSV without the 55k release's columns {}", missing.join(", ")))
    }
}

pub(crate) fn load_csv(
    reader: Box<dyn Read + Send + '_>,
    name: &str,
    consumed: Arc<AtomicU64>,
    sink: &mut Sink<'_>,
) -> Result<(), LoadError> {
    let unreadable = |reason: String| LoadError::Unreadable { file: name.to_owned(), reason };
    let mut csv = csv::ReaderBuilder::new().flexible(true).from_reader(reader);
    let header = csv.byte_headers().map_err(|e| unreadable(format!("not a readable CSV file: {e}")))?.clone();
    let header: Vec<String> = header
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let h = String::from_utf8_lossy(h).into_owned();
            if i == 0 { h.trim_start_matches('\u{feff}').to_owned() } else { h }
        })
        .collect();
    let missing: Vec<&str> = COLUMNS.iter().copied().filter(|c| !header.iter().any(|h| h == c)).collect();
    if !missing.is_empty() {
        return Err(unreadable(format!(
            "not a Chatbot Arena battles file: a CSV without the 55k release's column{} {}",
            if missing.len() > 1 { "s" } else { "" },
            missing.join(", ")
        )));
    }
    let at: [usize; 9] = std::array::from_fn(|k| header.iter().position(|h| h == COLUMNS[k]).unwrap_or(0));
    let extra: Vec<(usize, String)> = header
        .iter()
        .enumerate()
        .filter(|(_, h)| !COLUMNS.contains(&h.as_str()))
        .map(|(i, h)| (i, h.clone()))
        .collect();
    sink.releases.push(Release::Kaggle55k);

    // A reader thread cuts chunks of records while the pool decodes the previous ones.
    let (tx, rx) = std::sync::mpsc::sync_channel::<Result<pipeline::Unit<(u64, Vec<csv::ByteRecord>)>, LoadError>>(2);
    let layout = Layout { at, extra };
    std::thread::scope(|scope| {
        let consumed = &consumed;
        scope.spawn(move || {
            let mut row = 0u64;
            loop {
                let mut chunk = Vec::with_capacity(CHUNK);
                let mut failed = None;
                while chunk.len() < CHUNK {
                    let mut record = csv::ByteRecord::new();
                    match csv.read_byte_record(&mut record) {
                        Ok(true) => chunk.push(record),
                        Ok(false) => break,
                        Err(e) => {
                            failed = Some(LoadError::Unreadable {
                                file: name.to_owned(),
                                reason: format!("CSV row {}: {e}", row + chunk.len() as u64),
                            });
                            break;
                        }
                    }
                }
                let n = chunk.len() as u64;
                let done = chunk.len() < CHUNK;
                if n > 0 {
                    let unit = pipeline::Unit { work: (row, chunk), progress_after: consumed.load(Ordering::Relaxed) };
                    if tx.send(Ok(unit)).is_err() {
                        return;
                    }
                }
                row += n;
                if let Some(e) = failed {
                    let _ = tx.send(Err(e));
                    return;
                }
                if done {
                    return;
                }
            }
        });
        pipeline::run_ordered(sink, rx.into_iter(), |(first, records)| Ok(decode(&layout, name, first, &records)))
    })
}

struct Layout {
    /// Position of each of [`COLUMNS`] in the record.
    at: [usize; 9],
    /// Other columns, kept as extra text.
    extra: Vec<(usize, String)>,
}

fn decode(layout: &Layout, name: &str, first: u64, records: &[csv::ByteRecord]) -> Piece {
    let text: usize = records.iter().map(|r| r.as_slice().len()).sum();
    let mut piece =
        Piece { table: BattleTable::with_text_capacity(text), problems: Vec::new(), kept: Vec::new(), release: None };
    for (k, record) in records.iter().enumerate() {
        if let Err(e) = push_record(layout, record, &mut piece.table) {
            piece.problems.push(Problem {
                file: name.to_owned(),
                location: Location::Row(first + k as u64),
                field: e.field,
                reason: e.reason,
            });
        }
    }
    piece
}

/// One turn list: `None` entries are the file's `null`s.
fn turns(record: &csv::ByteRecord, at: usize, field: &str) -> Result<Vec<Option<String>>, RowError> {
    let cell = field_str(record, at, field)?;
    serde_json::from_str::<Vec<Option<String>>>(cell).map_err(|e| {
        let msg = super::row::strip_position(&e.to_string()).to_owned();
        RowError::new(field, format!("not a JSON list of strings: {msg}"))
    })
}

fn field_str<'r>(record: &'r csv::ByteRecord, at: usize, field: &str) -> Result<&'r str, RowError> {
    let bytes = record.get(at).ok_or_else(|| RowError::new(field, "missing value (the row is too short)"))?;
    std::str::from_utf8(bytes).map_err(|_| RowError::new(field, "invalid UTF-8"))
}

/// Prompts and one side's answers zipped into `(role, text)` pairs; a `null` (or missing) turn
/// becomes an empty message and is named in `unknown`.
fn conversation<'t>(
    prompt: &'t [Option<String>],
    answers: &'t [Option<String>],
    side: &str,
    turns: usize,
    unknown: &mut Vec<String>,
) -> Vec<(&'static str, &'t str)> {
    let mut out = Vec::with_capacity(turns * 2);
    for t in 0..turns {
        let p = prompt.get(t).and_then(Option::as_deref);
        let a = answers.get(t).and_then(Option::as_deref);
        if p.is_none() && side == "response_a" {
            unknown.push(format!("prompt {}", t + 1));
        }
        if a.is_none() {
            unknown.push(format!("{side} {}", t + 1));
        }
        out.push(("user", p.unwrap_or("")));
        out.push(("assistant", a.unwrap_or("")));
    }
    out
}

fn push_record(layout: &Layout, record: &csv::ByteRecord, table: &mut BattleTable) -> Result<(), RowError> {
    let at = &layout.at;
    let id = field_str(record, at[0], "id")?;
    let model_a = field_str(record, at[1], "model_a")?;
    let model_b = field_str(record, at[2], "model_b")?;
    let prompt = turns(record, at[3], "prompt")?;
    let response_a = turns(record, at[4], "response_a")?;
    let response_b = turns(record, at[5], "response_b")?;
    let flag = |k: usize| -> Result<bool, RowError> {
        match field_str(record, at[k], COLUMNS[k])?.trim() {
            "1" | "1.0" => Ok(true),
            "0" | "0.0" | "" => Ok(false),
            other => Err(RowError::new(COLUMNS[k], format!("expected 0 or 1, found {other:?}"))),
        }
    };
    let winner = match (flag(6)?, flag(7)?, flag(8)?) {
        (true, false, false) => Winner::ModelA,
        (false, true, false) => Winner::ModelB,
        (false, false, true) => Winner::Tie,
        _ => {
            return Err(RowError::new(
                "winner_model_a",
                "expected exactly one of winner_model_a, winner_model_b and winner_tie to be 1",
            ));
        }
    };
    if id.is_empty() {
        return Err(RowError::new("id", "missing value (empty)"));
    }
    // A `null` turn stays as an empty message, and the row says which ones were null.
    let mut unknown = Vec::new();
    let turn_count = prompt.len().max(response_a.len()).max(response_b.len());
    let conv_a = conversation(&prompt, &response_a, "response_a", turn_count, &mut unknown);
    let conv_b = conversation(&prompt, &response_b, "response_b", turn_count, &mut unknown);
    let mut extra: Vec<(String, String)> = layout
        .extra
        .iter()
        .filter_map(|(i, name)| {
            let v = std::str::from_utf8(record.get(*i)?).ok()?;
            (!v.is_empty()).then(|| (name.clone(), v.chars().take(super::arrow_tags::EXTRA_CHARS).collect()))
        })
        .collect();
    if !unknown.is_empty() {
        extra.push(("null_turns".to_owned(), format!("{} (null in the file: shown empty)", unknown.join(", "))));
    }
    let facets = BattleFacets {
        question_id: id,
        model_a,
        model_b,
        winner,
        judge: None,
        turn: Some(turn_count.min(u32::MAX as usize) as u32),
        anony: None,
        language: None,
        tstamp: None,
        moderation: None,
        toxic: None,
        tags: Default::default(),
        extra: extra.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect(),
    };
    table.push_battle(&facets, conv_a, conv_b);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_recognised() {
        assert!(looks_like_csv(b"id,model_a,model_b,prompt\n1,a,b"));
        assert!(looks_like_csv(b"\xEF\xBB\xBFid,model_a\r\n"));
        assert!(!looks_like_csv(b"hello world\n"));
        assert!(!looks_like_csv(b"\x00\x01,\x02"));
    }
}
