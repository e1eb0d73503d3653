//! The hub's parquet file (and shards of it): nested `list<struct<content, role>>` and struct
//! columns, any compression, any row-group size. Row groups are decoded on all cores.

use std::fs::File;
use std::ops::Range;
use std::path::Path;

use arrow_array::cast::AsArray;
use arrow_array::types::{Float32Type, Float64Type, Int32Type, Int64Type, UInt32Type, UInt64Type};
use arrow_array::{Array, ArrayRef, BooleanArray, RecordBatch, StructArray};
use arrow_schema::{DataType, Field, Schema};
use parquet::arrow::ProjectionMask;
use parquet::arrow::arrow_reader::{ArrowReaderMetadata, ArrowReaderOptions, ParquetRecordBatchReaderBuilder};

use super::row::{Kept, RowError, parse_winner, plausible_tstamp};
use super::{LoadError, Location, Piece, Problem, Sink, pipeline};
use crate::index::{BattleFacets, BattleTable};
use crate::model::{Moderation, TaggerVerdict, ToxicTags, moderation_category_index};

/// Rows decoded per record batch inside a row group: bounds memory on huge row groups.
const BATCH_ROWS: usize = 4096;

/// The columns we read; the first [`REQUIRED`] are required.
const COLUMNS: [&str; 13] = crate::model::FIELDS;
const REQUIRED: usize = crate::model::REQUIRED_FIELDS;

pub(crate) fn load_parquet(path: &Path, sink: &mut Sink<'_>) -> Result<(), LoadError> {
    let name = path.display().to_string();
    let file = File::open(path).map_err(|e| LoadError::unreadable(path, super::discover::io_reason(&e)))?;
    let meta = pipeline::catch_quietly(|| ArrowReaderMetadata::load(&file, ArrowReaderOptions::new()))
        .map_err(|p| LoadError::unreadable(path, format!("not a readable parquet file: {p}")))?
        .map_err(|e| LoadError::unreadable(path, format!("not a readable parquet file: {e}")))?;
    let schema = meta.schema().clone();
    check_schema(&schema).map_err(|reason| LoadError::unreadable(path, reason))?;

    let roots: Vec<usize> = COLUMNS.iter().filter_map(|c| schema.index_of(c).ok()).collect();
    let mask = ProjectionMask::roots(meta.parquet_schema(), roots);
    let groups = meta.metadata().row_groups();

    // Each unit: a row group and its first row number.
    let mut units = Vec::with_capacity(groups.len());
    let (mut first_row, mut bytes_done) = (0u64, 0u64);
    for (i, g) in groups.iter().enumerate() {
        bytes_done += g.compressed_size().max(0) as u64;
        units.push(Ok(pipeline::Unit { work: (i, first_row), progress_after: bytes_done }));
        first_row += g.num_rows().max(0) as u64;
    }
    pipeline::run_ordered(sink, units.into_iter(), |(group, first_row)| {
        let decode = || decode_row_group(path, &name, &meta, &mask, group, first_row);
        pipeline::catch_quietly(decode)
            .map_err(|p| LoadError::unreadable(path, format!("corrupt parquet data in row group {group}: {p}")))?
    })
}

/// Uncompressed bytes of the message columns of a row group: an upper bound of their text.
fn text_bytes_hint(group: &parquet::file::metadata::RowGroupMetaData) -> usize {
    group
        .columns()
        .iter()
        .filter(|c| {
            let parts = c.column_path().parts();
            parts.first().is_some_and(|p| p.starts_with("conversation_"))
                && parts.last().is_some_and(|p| p == "content")
        })
        .map(|c| c.uncompressed_size().max(0) as usize)
        .sum()
}

fn decode_row_group(
    path: &Path,
    name: &str,
    meta: &ArrowReaderMetadata,
    mask: &ProjectionMask,
    group: usize,
    first_row: u64,
) -> Result<Piece, LoadError> {
    let corrupt = |e: &dyn std::fmt::Display| {
        LoadError::unreadable(path, format!("corrupt parquet data in row group {group}: {e}"))
    };
    let file = File::open(path).map_err(|e| corrupt(&e))?;
    let reader = ParquetRecordBatchReaderBuilder::new_with_metadata(file, meta.clone())
        .with_row_groups(vec![group])
        .with_projection(mask.clone())
        .with_batch_size(BATCH_ROWS)
        .build()
        .map_err(|e| corrupt(&e))?;
    let text_hint = text_bytes_hint(meta.metadata().row_group(group));
    let mut piece = Piece { table: BattleTable::with_text_capacity(text_hint), problems: Vec::new(), kept: Vec::new() };
    let mut row = first_row;
    for batch in reader {
        let batch = batch.and_then(|b| super::columns::normalise_batch(&b)).map_err(|e| corrupt(&e))?;
        let cols = Columns::new(&batch).map_err(|e| corrupt(&e))?;
        for i in 0..batch.num_rows() {
            let problem = |e: RowError| Problem {
                file: name.to_owned(),
                location: Location::Row(row),
                field: e.field,
                reason: e.reason,
            };
            match cols.push_row(i, &mut piece.table) {
                Ok(None) => {}
                Ok(Some(e)) => piece.kept.push(problem(e)),
                Err(e) => piece.problems.push(problem(e)),
            }
            row += 1;
        }
    }
    Ok(piece)
}

// --- schema checks --------------------------------------------------------------------------

fn is_string(t: &DataType) -> bool {
    matches!(t, DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View)
}

fn is_integer(t: &DataType) -> bool {
    matches!(t, DataType::Int64 | DataType::Int32 | DataType::UInt32 | DataType::UInt64)
}

fn is_number(t: &DataType) -> bool {
    is_integer(t) || matches!(t, DataType::Float64 | DataType::Float32)
}

fn message_struct(t: &DataType) -> bool {
    let item = match t {
        DataType::List(f) | DataType::LargeList(f) => f.data_type(),
        _ => return false,
    };
    match item {
        DataType::Struct(fields) => {
            ["content", "role"].iter().all(|k| fields.iter().any(|f| f.name() == k && is_string(f.data_type())))
        }
        _ => false,
    }
}

/// What type each column must have, in words.
fn expected(column: &str) -> (&'static str, fn(&DataType) -> bool) {
    match column {
        "conversation_a" | "conversation_b" => ("list<struct<content: string, role: string>>", message_struct),
        "turn" => ("a number", is_number),
        "anony" => ("bool", |t| matches!(t, DataType::Boolean)),
        "tstamp" => ("a number", is_number),
        "openai_moderation" | "toxic_chat_tag" => ("a struct", |t| matches!(t, DataType::Struct(_))),
        _ => ("string", is_string),
    }
}

/// Names the missing required columns and every mistyped column.
fn check_schema(schema: &Schema) -> Result<(), String> {
    let mut missing = Vec::new();
    let mut mistyped = Vec::new();
    for (i, col) in COLUMNS.iter().enumerate() {
        match schema.field_with_name(col) {
            Err(_) if i < REQUIRED => missing.push(*col),
            Err(_) => {}
            Ok(f) => {
                let (want, ok) = expected(col);
                if !ok(&super::columns::canonical_type(f.data_type())) {
                    mistyped.push(format!("{col} is {}, expected {want}", f.data_type()));
                }
            }
        }
    }
    if missing.is_empty() && mistyped.is_empty() {
        return Ok(());
    }
    let mut parts = Vec::new();
    if !missing.is_empty() {
        parts.push(format!("missing column{} {}", if missing.len() > 1 { "s" } else { "" }, missing.join(", ")));
    }
    parts.extend(mistyped);
    Err(format!("not a Chatbot Arena battles file: {}", parts.join("; ")))
}

// --- column access --------------------------------------------------------------------------

/// A string column of any of arrow's three string layouts.
enum Strings<'a> {
    Small(&'a arrow_array::StringArray),
    Large(&'a arrow_array::LargeStringArray),
    View(&'a arrow_array::StringViewArray),
}

impl<'a> Strings<'a> {
    fn new(a: &'a dyn Array) -> Option<Strings<'a>> {
        match a.data_type() {
            DataType::Utf8 => Some(Strings::Small(a.as_string::<i32>())),
            DataType::LargeUtf8 => Some(Strings::Large(a.as_string::<i64>())),
            DataType::Utf8View => Some(Strings::View(a.as_string_view())),
            _ => None,
        }
    }

    fn get(&self, i: usize) -> Option<&'a str> {
        match self {
            Strings::Small(a) => (!a.is_null(i)).then(|| a.value(i)),
            Strings::Large(a) => (!a.is_null(i)).then(|| a.value(i)),
            Strings::View(a) => (!a.is_null(i)).then(|| a.value(i)),
        }
    }
}

/// A number column read as f64 (tstamp) or i64 (turn).
enum Numbers<'a> {
    F64(&'a arrow_array::Float64Array),
    F32(&'a arrow_array::Float32Array),
    I64(&'a arrow_array::Int64Array),
    I32(&'a arrow_array::Int32Array),
    U32(&'a arrow_array::UInt32Array),
    U64(&'a arrow_array::UInt64Array),
}

impl<'a> Numbers<'a> {
    fn new(a: &'a dyn Array) -> Option<Numbers<'a>> {
        Some(match a.data_type() {
            DataType::Float64 => Numbers::F64(a.as_primitive::<Float64Type>()),
            DataType::Float32 => Numbers::F32(a.as_primitive::<Float32Type>()),
            DataType::Int64 => Numbers::I64(a.as_primitive::<Int64Type>()),
            DataType::Int32 => Numbers::I32(a.as_primitive::<Int32Type>()),
            DataType::UInt32 => Numbers::U32(a.as_primitive::<UInt32Type>()),
            DataType::UInt64 => Numbers::U64(a.as_primitive::<UInt64Type>()),
            _ => return None,
        })
    }

    fn f64(&self, i: usize) -> Option<f64> {
        let a: &dyn Array = match self {
            Numbers::F64(a) => *a,
            Numbers::F32(a) => *a,
            Numbers::I64(a) => *a,
            Numbers::I32(a) => *a,
            Numbers::U32(a) => *a,
            Numbers::U64(a) => *a,
        };
        if a.is_null(i) {
            return None;
        }
        Some(match self {
            Numbers::F64(a) => a.value(i),
            Numbers::F32(a) => a.value(i) as f64,
            Numbers::I64(a) => a.value(i) as f64,
            Numbers::I32(a) => a.value(i) as f64,
            Numbers::U32(a) => a.value(i) as f64,
            Numbers::U64(a) => a.value(i) as f64,
        })
    }
}

/// A `list<struct<content, role>>` column.
struct Conversations<'a> {
    list: &'a dyn Array,
    offsets: Offsets<'a>,
    content: Strings<'a>,
    role: Strings<'a>,
}

enum Offsets<'a> {
    Small(&'a [i32]),
    Large(&'a [i64]),
}

impl<'a> Conversations<'a> {
    fn new(a: &'a dyn Array) -> Option<Conversations<'a>> {
        let (offsets, values): (Offsets<'a>, &'a ArrayRef) = match a.data_type() {
            DataType::List(_) => {
                let l = a.as_list::<i32>();
                (Offsets::Small(l.value_offsets()), l.values())
            }
            DataType::LargeList(_) => {
                let l = a.as_list::<i64>();
                (Offsets::Large(l.value_offsets()), l.values())
            }
            _ => return None,
        };
        let s = values.as_struct_opt()?;
        let content = Strings::new(s.column_by_name("content")?.as_ref())?;
        let role = Strings::new(s.column_by_name("role")?.as_ref())?;
        Some(Conversations { list: a, offsets, content, role })
    }

    fn range(&self, i: usize) -> Option<Range<usize>> {
        if self.list.is_null(i) {
            return None;
        }
        Some(match self.offsets {
            Offsets::Small(o) => o[i] as usize..o[i + 1] as usize,
            Offsets::Large(o) => o[i] as usize..o[i + 1] as usize,
        })
    }

    /// The `(role, content)` pairs of row `i`, or the reason they are not valid messages.
    fn messages(&self, i: usize) -> Result<Vec<(&'a str, &'a str)>, String> {
        let range = self.range(i).ok_or("missing value (null)")?;
        range
            .enumerate()
            .map(|(n, m)| {
                let role = self.role.get(m).ok_or_else(|| format!("message {n}: role is null"))?;
                let content = self.content.get(m).ok_or_else(|| format!("message {n}: content is null"))?;
                Ok((role, content))
            })
            .collect()
    }
}

/// The columns of one record batch, typed.
struct Columns<'a> {
    question_id: Strings<'a>,
    model_a: Strings<'a>,
    model_b: Strings<'a>,
    winner: Strings<'a>,
    conversation_a: Conversations<'a>,
    conversation_b: Conversations<'a>,
    judge: Option<Strings<'a>>,
    turn: Option<Numbers<'a>>,
    anony: Option<&'a BooleanArray>,
    language: Option<Strings<'a>>,
    tstamp: Option<Numbers<'a>>,
    moderation: Option<ModerationColumns<'a>>,
    toxic: Option<ToxicColumns<'a>>,
}

fn bad_column(name: &str) -> String {
    format!("column {name} has an unexpected type")
}

impl<'a> Columns<'a> {
    fn new(batch: &'a RecordBatch) -> Result<Columns<'a>, String> {
        let col = |name: &str| batch.column_by_name(name).map(|c| c.as_ref());
        let strings = |name: &str| col(name).and_then(Strings::new).ok_or_else(|| bad_column(name));
        let conversations = |name: &str| col(name).and_then(Conversations::new).ok_or_else(|| bad_column(name));
        Ok(Columns {
            question_id: strings("question_id")?,
            model_a: strings("model_a")?,
            model_b: strings("model_b")?,
            winner: strings("winner")?,
            conversation_a: conversations("conversation_a")?,
            conversation_b: conversations("conversation_b")?,
            judge: col("judge").and_then(Strings::new),
            turn: col("turn").and_then(Numbers::new),
            anony: col("anony").and_then(|a| a.as_boolean_opt()),
            language: col("language").and_then(Strings::new),
            tstamp: col("tstamp").and_then(Numbers::new),
            moderation: col("openai_moderation").and_then(|a| a.as_struct_opt()).map(ModerationColumns::new),
            toxic: col("toxic_chat_tag").and_then(|a| a.as_struct_opt()).map(ToxicColumns::new),
        })
    }

    fn push_row(&self, i: usize, table: &mut BattleTable) -> Result<Kept, RowError> {
        let req = |s: &Strings<'a>, field: &str| s.get(i).ok_or_else(|| RowError::new(field, "missing value (null)"));
        let question_id = req(&self.question_id, "question_id")?;
        let model_a = req(&self.model_a, "model_a")?;
        let model_b = req(&self.model_b, "model_b")?;
        let winner_str = req(&self.winner, "winner")?;
        let winner = parse_winner(winner_str)?;
        let conv_a = self.conversation_a.messages(i).map_err(|r| RowError::new("conversation_a", r))?;
        let conv_b = self.conversation_b.messages(i).map_err(|r| RowError::new("conversation_b", r))?;
        let turn = match self.turn.as_ref().and_then(|t| t.f64(i)) {
            Some(t) if !(0.0..=u32::MAX as f64).contains(&t) || t.fract() != 0.0 => {
                return Err(RowError::new("turn", format!("out of range: {t}")));
            }
            t => t.map(|t| t as u32),
        };
        let (tstamp, kept) = plausible_tstamp(self.tstamp.as_ref().and_then(|t| t.f64(i)));
        let facets = BattleFacets {
            question_id,
            model_a,
            model_b,
            winner,
            judge: self.judge.as_ref().and_then(|s| s.get(i)),
            turn,
            anony: self.anony.and_then(|a| (!a.is_null(i)).then(|| a.value(i))),
            language: self.language.as_ref().and_then(|s| s.get(i)),
            tstamp,
            moderation: self.moderation.as_ref().and_then(|m| m.get(i)),
            toxic: self.toxic.as_ref().and_then(|t| t.get(i)),
            tags: Default::default(),
            extra: Vec::new(),
        };
        table.push_battle(&facets, conv_a, conv_b);
        Ok(kept)
    }
}

fn child<'a>(s: &'a StructArray, name: &str) -> Option<&'a dyn Array> {
    s.column_by_name(name).map(|c| c.as_ref())
}

fn bool_at(a: Option<&BooleanArray>, i: usize) -> Option<bool> {
    a.and_then(|a| (!a.is_null(i)).then(|| a.value(i)))
}

/// `openai_moderation`: categories and scores keyed by name; absent keys stay unknown.
struct ModerationColumns<'a> {
    all: &'a StructArray,
    categories: Option<(&'a StructArray, Vec<(usize, &'a BooleanArray)>)>,
    scores: Option<(&'a StructArray, Vec<(usize, Numbers<'a>)>)>,
    flagged: Option<&'a BooleanArray>,
}

fn category_children<'a, T>(s: &'a StructArray, view: impl Fn(&'a dyn Array) -> Option<T>) -> Vec<(usize, T)> {
    s.fields()
        .iter()
        .zip(s.columns())
        .filter_map(|(f, c): (&std::sync::Arc<Field>, &ArrayRef)| {
            Some((moderation_category_index(f.name())?, view(c.as_ref())?))
        })
        .collect()
}

impl<'a> ModerationColumns<'a> {
    fn new(all: &'a StructArray) -> Self {
        let categories = child(all, "categories")
            .and_then(|c| c.as_struct_opt())
            .map(|s| (s, category_children(s, |c| c.as_boolean_opt())));
        let scores = child(all, "category_scores")
            .and_then(|c| c.as_struct_opt())
            .map(|s| (s, category_children(s, Numbers::new)));
        let flagged = child(all, "flagged").and_then(|c| c.as_boolean_opt());
        ModerationColumns { all, categories, scores, flagged }
    }

    fn get(&self, i: usize) -> Option<Moderation> {
        if self.all.is_null(i) {
            return None;
        }
        let mut m = Moderation { flagged: bool_at(self.flagged, i), ..Default::default() };
        if let Some((s, cols)) = &self.categories
            && !s.is_null(i)
        {
            m.has_categories = true;
            for (k, c) in cols {
                if let Some(v) = bool_at(Some(c), i) {
                    m.set_category(*k, v);
                }
            }
        }
        if let Some((s, cols)) = &self.scores
            && !s.is_null(i)
        {
            m.has_scores = true;
            for (k, c) in cols {
                m.scores[*k] = c.f64(i);
            }
        }
        Some(m)
    }
}

/// `toxic_chat_tag`: two tagger structs, each `{flagged, probability|score}`.
struct ToxicColumns<'a> {
    all: &'a StructArray,
    roberta: Option<TaggerColumns<'a>>,
    t5: Option<TaggerColumns<'a>>,
}

struct TaggerColumns<'a> {
    all: &'a StructArray,
    flagged: Option<&'a BooleanArray>,
    score: Option<Numbers<'a>>,
}

impl<'a> TaggerColumns<'a> {
    fn new(all: &'a StructArray) -> Self {
        let score = child(all, "probability").or_else(|| child(all, "score")).and_then(Numbers::new);
        TaggerColumns { all, flagged: child(all, "flagged").and_then(|c| c.as_boolean_opt()), score }
    }

    fn get(&self, i: usize) -> Option<TaggerVerdict> {
        (!self.all.is_null(i)).then(|| TaggerVerdict {
            flagged: bool_at(self.flagged, i),
            score: self.score.as_ref().and_then(|s| s.f64(i)),
        })
    }
}

impl<'a> ToxicColumns<'a> {
    fn new(all: &'a StructArray) -> Self {
        let tagger = |name| child(all, name).and_then(|c| c.as_struct_opt()).map(TaggerColumns::new);
        ToxicColumns { all, roberta: tagger("roberta-large"), t5: tagger("t5-large") }
    }

    fn get(&self, i: usize) -> Option<ToxicTags> {
        (!self.all.is_null(i)).then(|| ToxicTags {
            roberta: self.roberta.as_ref().and_then(|t| t.get(i)),
            t5: self.t5.as_ref().and_then(|t| t.get(i)),
        })
    }
}
