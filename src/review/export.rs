//! Reviewed battles out of arenascope: JSON Lines with each full dataset row (its own 13 keys,
//! in order) plus one `review` object, which arenascope, pandas (`read_json(lines=True)`) and
//! Hugging Face `datasets` (`load_dataset("json", ...)`) all read; or CSV with flat columns.
//!
//! Every row has the same shape (`labels` always a list, `note` always a string, `own_vote`
//! a string or null), because `datasets` infers one type per column.

use std::io::Write;
use std::path::Path;

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use super::{BattleKey, Entry};
use crate::index::{BattleId, Index};
use crate::output::{OutputError, WriteOptions, write_file};
use crate::row_json::RowJson;
use crate::time::format_utc;

/// The export file's form, from its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    JsonLines,
    Csv,
}

impl ExportFormat {
    /// `.jsonl` / `.ndjson` or `.csv` (any case); `None` otherwise.
    pub fn from_path(path: &Path) -> Option<ExportFormat> {
        let ext = path.extension()?.to_string_lossy().to_ascii_lowercase();
        match ext.as_str() {
            "jsonl" | "ndjson" => Some(ExportFormat::JsonLines),
            "csv" => Some(ExportFormat::Csv),
            _ => None,
        }
    }
}

/// The `review` object of an exported row.
#[derive(Debug, Serialize)]
pub struct ReviewJson<'a> {
    /// The battle's id as arenascope takes it: `question_id`, or `question_id#N` for the N-th
    /// row of a repeated id (the row alone cannot say which repeat it is).
    pub id: String,
    pub labels: Vec<&'a str>,
    pub note: &'a str,
    /// The dataset's winner strings (`model_a`, `model_b`, `tie`, `tie (bothbad)`), or null.
    pub own_vote: Option<&'static str>,
    /// Unix seconds, like the dataset's `tstamp`.
    pub created: f64,
    pub updated: f64,
}

impl<'a> ReviewJson<'a> {
    pub fn new(index: &Index, b: BattleId, e: &'a Entry) -> ReviewJson<'a> {
        ReviewJson {
            id: BattleKey::of(index, b).to_string(),
            labels: e.labels.iter().map(String::as_str).collect(),
            note: &e.note,
            own_vote: e.own_vote.map(|v| v.as_str()),
            created: e.created,
            updated: e.updated,
        }
    }
}

/// One exported row: the dataset's keys, then `review`.
pub struct ExportRow<'a> {
    pub index: &'a Index,
    pub battle: BattleId,
    pub entry: &'a Entry,
}

impl Serialize for ExportRow<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(14))?;
        RowJson { index: self.index, battle: self.battle }.serialize_fields(&mut map)?;
        map.serialize_entry("review", &ReviewJson::new(self.index, self.battle, self.entry))?;
        map.end()
    }
}

/// Writes one JSON line per battle.
pub fn write_jsonl(out: &mut (impl Write + ?Sized), index: &Index, rows: &[(BattleId, &Entry)]) -> std::io::Result<()> {
    for &(battle, entry) in rows {
        serde_json::to_writer(&mut *out, &ExportRow { index, battle, entry })?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// The CSV columns, in order.
pub const CSV_COLUMNS: [&str; 16] = [
    "id",
    "question_id",
    "occurrence",
    "model_a",
    "model_b",
    "winner",
    "language",
    "turn",
    "tstamp",
    "labels",
    "note",
    "own_vote",
    "created",
    "updated",
    "judge",
    "prompt",
];

/// Writes a header and one CSV record per battle (RFC 4180 quoting; labels joined by `; `;
/// times in UTC as `YYYY-MM-DD HH:MM:SS`; `occurrence` counts rows with the id from 1).
pub fn write_csv(out: &mut (impl Write + ?Sized), index: &Index, rows: &[(BattleId, &Entry)]) -> std::io::Result<()> {
    write_csv_rows(out, index, rows.iter().map(|&(b, e)| (b, Some(e))))
}

/// [`write_csv`] for any battles: those without an entry have empty review columns (the
/// subset export writes every battle of a query this way).
pub fn write_csv_rows<'e>(
    out: &mut (impl Write + ?Sized),
    index: &Index,
    rows: impl IntoIterator<Item = (BattleId, Option<&'e Entry>)>,
) -> std::io::Result<()> {
    write_record(out, CSV_COLUMNS.iter().map(|c| (*c).to_owned()))?;
    for (b, e) in rows {
        let labels: Vec<&str> = e.map(|e| e.labels.iter().map(String::as_str).collect()).unwrap_or_default();
        let fields = [
            BattleKey::of(index, b).to_string(),
            index.question_id(b).to_owned(),
            (index.occurrence(b) + 1).to_string(),
            index.model_name(index.model_a(b)).to_owned(),
            index.model_name(index.model_b(b)).to_owned(),
            index.winner(b).as_str().to_owned(),
            index.language_str(b).unwrap_or_default().to_owned(),
            index.turn(b).to_string(),
            index.tstamp(b).map(|t| t.to_string()).unwrap_or_default(),
            labels.join("; "),
            e.map(|e| e.note.clone()).unwrap_or_default(),
            e.and_then(|e| e.own_vote).map(|v| v.as_str().to_owned()).unwrap_or_default(),
            e.map(|e| format_utc(e.created)).unwrap_or_default(),
            e.map(|e| format_utc(e.updated)).unwrap_or_default(),
            index.judge_str(b).unwrap_or_default().to_owned(),
            index.first_prompt(b).to_owned(),
        ];
        write_record(out, fields.into_iter())?;
    }
    Ok(())
}

fn write_record(out: &mut (impl Write + ?Sized), fields: impl Iterator<Item = String>) -> std::io::Result<()> {
    for (i, f) in fields.enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        if f.contains([',', '"', '\n', '\r']) || f.starts_with(' ') || f.ends_with(' ') {
            write!(out, "\"{}\"", f.replace('"', "\"\""))?;
        } else {
            out.write_all(f.as_bytes())?;
        }
    }
    out.write_all(b"\n")
}

/// Writes the export to `path` through [`crate::output::write_file`]: never over one of
/// `opts.inputs`, over an existing file only with `opts.force`, and never half a file under the
/// final name. Returns the number of battles written.
pub fn export_file(
    path: &Path,
    format: ExportFormat,
    index: &Index,
    rows: &[(BattleId, &Entry)],
    opts: WriteOptions<'_>,
) -> Result<usize, OutputError> {
    write_file(path, opts, |out| match format {
        ExportFormat::JsonLines => write_jsonl(out, index, rows),
        ExportFormat::Csv => write_csv(out, index, rows),
    })?;
    Ok(rows.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::varied;
    use crate::index::DatasetInfo;
    use crate::model::Winner;

    fn entry(labels: &[&str], note: &str, vote: Option<Winner>) -> Entry {
        Entry {
            labels: labels.iter().map(|l| (*l).to_owned()).collect(),
            note: note.into(),
            own_vote: vote,
            created: 1_700_000_000.5,
            updated: 1_700_000_100.25,
        }
    }

    #[test]
    fn jsonl_rows_are_dataset_rows_plus_review() {
        let index = Index::from_battles(&varied(), DatasetInfo::default());
        let e = entry(&["unsafe", "wrong vote"], "two\nlines", Some(Winner::BothBad));
        let mut out = Vec::new();
        write_jsonl(&mut out, &index, &[(BattleId(4), &e)]).expect("write");
        let text = String::from_utf8(out).expect("utf-8");
        assert_eq!(text.lines().count(), 1);
        let v: serde_json::Value = serde_json::from_str(&text).expect("json");
        let keys: Vec<&str> = v.as_object().map(|o| o.keys().map(String::as_str).collect()).unwrap_or_default();
        let original: serde_json::Value =
            serde_json::from_str(&crate::row_json::row_to_json(&index, BattleId(4))).expect("json");
        let mut expected: Vec<&str> =
            original.as_object().map(|o| o.keys().map(String::as_str).collect()).unwrap_or_default();
        expected.push("review");
        assert_eq!(keys, expected);
        assert_eq!(keys.len(), 14);
        let r = &v["review"];
        assert_eq!(r["id"], "0001aaaa#2");
        assert_eq!(r["labels"], serde_json::json!(["unsafe", "wrong vote"]));
        assert_eq!(r["note"], "two\nlines");
        assert_eq!(r["own_vote"], "tie (bothbad)");
        assert_eq!(r["updated"], 1_700_000_100.25);
    }

    #[test]
    fn csv_quotes_what_needs_quoting() {
        let index = Index::from_battles(&varied(), DatasetInfo::default());
        let e = entry(&["a", "b"], "say \"hi\",\nthen go", None);
        let mut out = Vec::new();
        write_csv(&mut out, &index, &[(BattleId(0), &e)]).expect("write");
        let text = String::from_utf8(out).expect("utf-8");
        assert!(text.starts_with("id,question_id,occurrence,model_a,model_b,winner,language,turn,tstamp,labels,note,"));
        assert!(text.contains(",\"say \"\"hi\"\",\nthen go\","), "{text}");
        assert!(text.contains("0001aaaa,0001aaaa,1,gpt-4,claude-v1,tie,English,2,1682351591.1322,a; b,"), "{text}");
        assert!(text.contains(",2023-11-14 22:13:20,2023-11-14 22:15:00,arena_user_1,How do I read"), "{text}");
    }

    #[test]
    fn format_from_extension() {
        assert_eq!(ExportFormat::from_path(Path::new("x.JSONL")), Some(ExportFormat::JsonLines));
        assert_eq!(ExportFormat::from_path(Path::new("dir/x.csv")), Some(ExportFormat::Csv));
        assert_eq!(ExportFormat::from_path(Path::new("x.json")), None);
        assert_eq!(ExportFormat::from_path(Path::new("x")), None);
    }
}
