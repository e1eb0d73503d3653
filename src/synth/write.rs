//! Writing battles as the files users have: JSON Lines, JSON arrays (one line or pretty) and
//! the hub's parquet layout, for tests, benches and the embedded sample.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::sync::Arc;

use arrow_array::{ArrayRef, BooleanArray, Float64Array, Int64Array, ListArray, RecordBatch, StringArray, StructArray};
use arrow_buffer::{NullBuffer, OffsetBuffer};
use arrow_schema::{DataType, Field, Fields, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::basic::{BrotliLevel, Compression, GzipLevel, ZstdLevel};
use parquet::file::properties::WriterProperties;

use crate::index::{BattleId, DatasetInfo, Index};
use crate::model::{Battle, MODERATION_CATEGORIES, Message, ROBERTA_KEY, T5_KEY, TaggerVerdict};
use crate::row_json::RowJson;

/// Rows to write: an index, or owned battles (turned into an index first, so that both go
/// through the one serialiser in `row_json`).
pub enum Rows<'a> {
    Index(&'a Index),
    Battles(&'a [Battle]),
}

impl<'a> From<&'a Index> for Rows<'a> {
    fn from(i: &'a Index) -> Self {
        Rows::Index(i)
    }
}

impl<'a> From<&'a [Battle]> for Rows<'a> {
    fn from(b: &'a [Battle]) -> Self {
        Rows::Battles(b)
    }
}

impl<'a> From<&'a Vec<Battle>> for Rows<'a> {
    fn from(b: &'a Vec<Battle>) -> Self {
        Rows::Battles(b)
    }
}

impl Rows<'_> {
    fn with_index<R>(self, f: impl FnOnce(&Index) -> R) -> R {
        match self {
            Rows::Index(i) => f(i),
            Rows::Battles(b) => f(&Index::from_battles(b, DatasetInfo::default())),
        }
    }
}

fn write_lines(index: &Index, out: &mut impl Write) -> io::Result<()> {
    for b in index.battle_ids() {
        serde_json::to_writer(&mut *out, &RowJson { index, battle: b })?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// The rows as JSON Lines: one object per line, each line ending in '\n'.
pub fn jsonl_bytes<'a>(rows: impl Into<Rows<'a>>) -> Vec<u8> {
    let mut out = Vec::new();
    rows.into().with_index(|index| write_lines(index, &mut out)).expect("writing to a Vec cannot fail");
    out
}

/// Writes the rows as JSON Lines.
pub fn write_jsonl<'a>(path: &Path, rows: impl Into<Rows<'a>>) -> io::Result<()> {
    let mut out = BufWriter::new(File::create(path)?);
    rows.into().with_index(|index| write_lines(index, &mut out))?;
    out.flush()
}

/// How a JSON array file is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonLayout {
    /// `[{...},{...}]` on one line, as `json.dump` writes it.
    Compact,
    /// Indented over many lines, as `json.dump(indent=2)` writes it.
    Pretty,
}

/// Writes the rows as one JSON array.
pub fn write_json_array<'a>(path: &Path, rows: impl Into<Rows<'a>>, layout: JsonLayout) -> io::Result<()> {
    let mut out = BufWriter::new(File::create(path)?);
    rows.into().with_index(|index| {
        let all: Vec<RowJson<'_>> = index.battle_ids().map(|battle: BattleId| RowJson { index, battle }).collect();
        match layout {
            JsonLayout::Compact => serde_json::to_writer(&mut out, &all),
            JsonLayout::Pretty => serde_json::to_writer_pretty(&mut out, &all),
        }
    })?;
    out.write_all(b"\n")?;
    out.flush()
}

/// The parquet codecs the hub's readers meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParquetCompression {
    None,
    Snappy,
    Zstd,
    Gzip,
    Brotli,
    Lz4,
    Lz4Raw,
}

impl ParquetCompression {
    /// Every codec the parquet crate offers (LZO has no Rust implementation).
    pub const ALL: [ParquetCompression; 7] = [
        ParquetCompression::None,
        ParquetCompression::Snappy,
        ParquetCompression::Zstd,
        ParquetCompression::Gzip,
        ParquetCompression::Brotli,
        ParquetCompression::Lz4,
        ParquetCompression::Lz4Raw,
    ];

    fn codec(self) -> Compression {
        match self {
            ParquetCompression::None => Compression::UNCOMPRESSED,
            ParquetCompression::Snappy => Compression::SNAPPY,
            ParquetCompression::Zstd => Compression::ZSTD(ZstdLevel::default()),
            ParquetCompression::Gzip => Compression::GZIP(GzipLevel::default()),
            ParquetCompression::Brotli => Compression::BROTLI(BrotliLevel::default()),
            ParquetCompression::Lz4 => Compression::LZ4,
            ParquetCompression::Lz4Raw => Compression::LZ4_RAW,
        }
    }
}

/// Rows per record batch handed to the writer (bounds memory; row groups are set separately).
const WRITE_BATCH: usize = 4096;

fn message_fields() -> Fields {
    Fields::from(vec![Field::new("content", DataType::Utf8, true), Field::new("role", DataType::Utf8, true)])
}

fn conversation_type() -> DataType {
    DataType::List(Arc::new(Field::new("item", DataType::Struct(message_fields()), true)))
}

fn category_fields(t: DataType) -> Fields {
    MODERATION_CATEGORIES.iter().map(|c| Field::new(*c, t.clone(), true)).collect()
}

fn moderation_fields() -> Fields {
    Fields::from(vec![
        Field::new("categories", DataType::Struct(category_fields(DataType::Boolean)), true),
        Field::new("category_scores", DataType::Struct(category_fields(DataType::Float64)), true),
        Field::new("flagged", DataType::Boolean, true),
    ])
}

fn tagger_fields(score: &str) -> Fields {
    Fields::from(vec![Field::new("flagged", DataType::Boolean, true), Field::new(score, DataType::Float64, true)])
}

fn toxic_fields() -> Fields {
    Fields::from(vec![
        Field::new(ROBERTA_KEY, DataType::Struct(tagger_fields("probability")), true),
        Field::new(T5_KEY, DataType::Struct(tagger_fields("score")), true),
    ])
}

/// The Arrow schema of the hub's parquet file (DATA.md), in file order.
pub fn hub_schema() -> SchemaRef {
    let s = |n: &str| Field::new(n, DataType::Utf8, true);
    Arc::new(Schema::new(vec![
        s("question_id"),
        s("model_a"),
        s("model_b"),
        s("winner"),
        s("judge"),
        Field::new("conversation_a", conversation_type(), true),
        Field::new("conversation_b", conversation_type(), true),
        Field::new("turn", DataType::Int64, true),
        Field::new("anony", DataType::Boolean, true),
        s("language"),
        Field::new("tstamp", DataType::Float64, true),
        Field::new("openai_moderation", DataType::Struct(moderation_fields()), true),
        Field::new("toxic_chat_tag", DataType::Struct(toxic_fields()), true),
    ]))
}

/// Writes battles in the hub's parquet layout with the given codec and row-group size.
pub fn write_parquet(
    path: &Path,
    battles: &[Battle],
    compression: ParquetCompression,
    row_group_rows: usize,
) -> io::Result<()> {
    let props = WriterProperties::builder()
        .set_compression(compression.codec())
        .set_max_row_group_row_count(Some(row_group_rows.max(1)))
        .build();
    let schema = hub_schema();
    let mut writer =
        ArrowWriter::try_new(File::create(path)?, schema.clone(), Some(props)).map_err(io::Error::other)?;
    for chunk in battles.chunks(WRITE_BATCH) {
        let batch = record_batch(&schema, chunk).map_err(io::Error::other)?;
        writer.write(&batch).map_err(io::Error::other)?;
    }
    writer.close().map_err(io::Error::other)?;
    Ok(())
}

fn record_batch(schema: &SchemaRef, rows: &[Battle]) -> Result<RecordBatch, arrow_schema::ArrowError> {
    let text = |f: fn(&Battle) -> Option<&str>| -> ArrayRef { Arc::new(rows.iter().map(f).collect::<StringArray>()) };
    let columns: Vec<ArrayRef> = vec![
        text(|b| Some(&b.question_id)),
        text(|b| Some(&b.model_a)),
        text(|b| Some(&b.model_b)),
        text(|b| Some(b.winner.as_str())),
        text(|b| b.judge.as_deref()),
        conversation(rows, |b| &b.conversation_a)?,
        conversation(rows, |b| &b.conversation_b)?,
        Arc::new(rows.iter().map(|b| Some(b.turn as i64)).collect::<Int64Array>()),
        Arc::new(rows.iter().map(|b| b.anony).collect::<BooleanArray>()),
        text(|b| b.language.as_deref()),
        Arc::new(rows.iter().map(|b| b.tstamp).collect::<Float64Array>()),
        moderation(rows)?,
        toxic(rows)?,
    ];
    RecordBatch::try_new(schema.clone(), columns)
}

fn nulls(valid: impl Iterator<Item = bool>) -> Option<NullBuffer> {
    let v: Vec<bool> = valid.collect();
    if v.iter().all(|&x| x) { None } else { Some(NullBuffer::from(v)) }
}

fn conversation(rows: &[Battle], side: fn(&Battle) -> &Vec<Message>) -> Result<ArrayRef, arrow_schema::ArrowError> {
    let messages = || rows.iter().flat_map(|b| side(b).iter());
    let content: StringArray = messages().map(|m| Some(m.content.as_str())).collect();
    let role: StringArray = messages().map(|m| Some(m.role.as_str())).collect();
    let values = StructArray::try_new(message_fields(), vec![Arc::new(content), Arc::new(role)], None)?;
    let offsets = OffsetBuffer::from_lengths(rows.iter().map(|b| side(b).len()));
    let item = Arc::new(Field::new("item", DataType::Struct(message_fields()), true));
    Ok(Arc::new(ListArray::try_new(item, offsets, Arc::new(values), None)?))
}

fn moderation(rows: &[Battle]) -> Result<ArrayRef, arrow_schema::ArrowError> {
    let m = |b: &Battle| b.openai_moderation;
    let categories: Vec<ArrayRef> = (0..MODERATION_CATEGORIES.len())
        .map(|i| -> ArrayRef {
            Arc::new(rows.iter().map(|b| m(b).and_then(|m| m.category(i))).collect::<BooleanArray>())
        })
        .collect();
    let scores: Vec<ArrayRef> = (0..MODERATION_CATEGORIES.len())
        .map(|i| -> ArrayRef {
            Arc::new(rows.iter().map(|b| m(b).and_then(|m| m.scores[i])).collect::<Float64Array>())
        })
        .collect();
    let categories = StructArray::try_new(
        category_fields(DataType::Boolean),
        categories,
        nulls(rows.iter().map(|b| m(b).is_some_and(|m| m.has_categories))),
    )?;
    let scores = StructArray::try_new(
        category_fields(DataType::Float64),
        scores,
        nulls(rows.iter().map(|b| m(b).is_some_and(|m| m.has_scores))),
    )?;
    let flagged: BooleanArray = rows.iter().map(|b| m(b).and_then(|m| m.flagged)).collect();
    Ok(Arc::new(StructArray::try_new(
        moderation_fields(),
        vec![Arc::new(categories), Arc::new(scores), Arc::new(flagged)],
        nulls(rows.iter().map(|b| m(b).is_some())),
    )?))
}

fn toxic(rows: &[Battle]) -> Result<ArrayRef, arrow_schema::ArrowError> {
    let tagger =
        |get: fn(&Battle) -> Option<TaggerVerdict>, score: &str| -> Result<ArrayRef, arrow_schema::ArrowError> {
            let flagged: BooleanArray = rows.iter().map(|b| get(b).and_then(|v| v.flagged)).collect();
            let scores: Float64Array = rows.iter().map(|b| get(b).and_then(|v| v.score)).collect();
            Ok(Arc::new(StructArray::try_new(
                tagger_fields(score),
                vec![Arc::new(flagged), Arc::new(scores)],
                nulls(rows.iter().map(|b| get(b).is_some())),
            )?))
        };
    let roberta = tagger(|b| b.toxic_chat_tag.and_then(|t| t.roberta), "probability")?;
    let t5 = tagger(|b| b.toxic_chat_tag.and_then(|t| t.t5), "score")?;
    Ok(Arc::new(StructArray::try_new(
        toxic_fields(),
        vec![roberta, t5],
        nulls(rows.iter().map(|b| b.toxic_chat_tag.is_some())),
    )?))
}
