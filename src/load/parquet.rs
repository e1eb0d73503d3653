//! The hub's parquet files (and shards of them) of every release: nested conversations (text
//! or the 140k's lists of parts), struct columns, any compression, any row-group size. The
//! release is recognised from the columns; row groups are decoded on all cores.

use std::fs::File;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{Float32Type, Float64Type, Int32Type, Int64Type, UInt32Type, UInt64Type};
use arrow_array::{Array, ArrayRef, BooleanArray, RecordBatch, StructArray};
use arrow_schema::{DataType, Field, Schema};
use parquet::arrow::ProjectionMask;
use parquet::arrow::arrow_reader::{ArrowReaderMetadata, ArrowReaderOptions, ParquetRecordBatchReaderBuilder};

use std::borrow::Cow;

use super::row::{Kept, RowError, parse_winner, plausible_tstamp};
use super::{LoadError, Location, Piece, Problem, Sink, arrow_tags, pipeline, search_arena};
use crate::index::{BattleFacets, BattleTable};
use crate::model::{Moderation, Release, ReleaseTags, TaggerVerdict, ToxicTags, Winner, moderation_category_index};

/// Rows decoded per record batch inside a row group. A batch's arrow buffers are garbage
/// once its rows are in the table; small batches keep that garbage small (a whole row group
/// of the 140k layout with 4x answers, ~2,000 rows, is ~15 MB of text; 256 rows ~2 MB). 4,096
/// rows gave a peak 70 MB higher on that file, with no measurable gain in decode time.
const BATCH_ROWS: usize = 256;

/// Row groups of up to this many rows are decoded whole, each by one worker, side by side
/// (the hub's files hold about 2,000 rows a group). pandas and pyarrow write one row group of
/// up to 1Mi rows by default: decoded whole, its battles would arrive only at the end of the
/// load and all its text would be in flight beside the table. A larger group is read as a
/// stream of pieces of [`CHUNK_ROWS`] instead.
const WHOLE_GROUP_ROWS: u64 = 4096;

/// Rows per piece of a streamed row group. On the 140k layout with 4x answers (one group of
/// 135,634 rows) pieces of 2,048 rows and a queue of 8 batches gave a peak 27 MB higher than
/// 512 rows and 2, for the same CPU time.
const CHUNK_ROWS: usize = 2 * BATCH_ROWS;

/// How large row groups are read: in chunks of `chunk_rows` rows, the columns in two parts
/// read side by side when `split`.
#[derive(Debug, Clone, Copy)]
struct Streaming {
    chunk_rows: usize,
    split: bool,
}

pub(crate) fn load_parquet(path: &Path, sink: &mut Sink<'_>) -> Result<(), LoadError> {
    // A second thread reading columns only pays with a second core.
    let streaming = Streaming { chunk_rows: CHUNK_ROWS, split: rayon::current_num_threads() >= 2 };
    load_parquet_streaming(path, sink, streaming)
}

fn load_parquet_streaming(path: &Path, sink: &mut Sink<'_>, streaming: Streaming) -> Result<(), LoadError> {
    let name = path.display().to_string();
    let file = File::open(path).map_err(|e| LoadError::unreadable(path, super::discover::io_reason(&e)))?;
    let meta = pipeline::catch_quietly(|| ArrowReaderMetadata::load(&file, ArrowReaderOptions::new()))
        .map_err(|p| LoadError::unreadable(path, format!("not a readable parquet file: {p}")))?
        .map_err(|e| LoadError::unreadable(path, format!("not a readable parquet file: {e}")))?;
    let schema = meta.schema().clone();
    let plan = recognise(&schema).map_err(|reason| LoadError::unreadable(path, reason))?;
    let plan = Plan { fields: sink.fields, ..plan };
    sink.releases.push(plan.release);
    let meta = text_as_views(meta, &plan);

    let mask = projection(&meta, &plan);
    let (rows, messages) = expected_rows_and_messages(&meta, &plan);
    // The counts come from the file: bounded by its size, they only size a reservation.
    let bound = file.metadata().map_or(0, |m| m.len() as usize) / 8;
    sink.table.reserve(rows.min(bound), messages.min(bound));

    let parts = projection_parts(&meta, &plan, streaming.split);
    let units = Units::new(path, &meta, &parts, streaming.chunk_rows);
    pipeline::run_ordered(sink, units, |work| {
        let group = work.group();
        let decode = || match work {
            Work::Group { group, first_row } => decode_row_group(path, &name, &meta, &mask, &plan, group, first_row),
            Work::Chunk { group, first_row, batches, text_hint } => {
                let corrupt = |e: &dyn std::fmt::Display| corrupt_in_group(path, group, e);
                rows_into_piece(batches.into_iter().map(Ok), &name, &plan, first_row, text_hint, &corrupt)
            }
        };
        pipeline::catch_quietly(decode).map_err(|p| corrupt_in_group(path, group, &p))?
    })
}

fn corrupt_in_group(path: &Path, group: usize, e: &dyn std::fmt::Display) -> LoadError {
    LoadError::unreadable(path, format!("corrupt parquet data in row group {group}: {e}"))
}

/// What one worker decodes into a piece: a whole row group (read by the worker), or the
/// batches of a chunk of a large one (read in order by [`Units`]).
enum Work {
    Group { group: usize, first_row: u64 },
    Chunk { group: usize, first_row: u64, batches: Vec<RecordBatch>, text_hint: usize },
}

impl Work {
    fn group(&self) -> usize {
        match self {
            Work::Group { group, .. } | Work::Chunk { group, .. } => *group,
        }
    }
}

/// The units of a file in row order: each small row group whole, each large one as chunks of
/// `chunk_rows` rows (see [`WHOLE_GROUP_ROWS`]). A large group's columns are read on threads of their own (see
/// [`GroupStream`]); the pipeline takes units under a lock, where a chunk's batches are only
/// received and joined, while its workers turn the chunks before into pieces.
struct Units<'a> {
    path: &'a Path,
    meta: &'a ArrowReaderMetadata,
    /// The projection split in parts read side by side in a large group.
    parts: &'a [ProjectionMask],
    chunk_rows: usize,
    next_group: usize,
    /// The first row of the next group, and the file's bytes in the groups before it.
    group_first_row: u64,
    bytes_before: u64,
    /// The large group being read.
    stream: Option<GroupStream>,
    failed: bool,
}

/// Batches of one row group's columns or `Err` (why the reading stopped), from a reader thread.
type Batches = std::sync::mpsc::Receiver<Result<RecordBatch, String>>;

/// A large row group being read: one thread per part of the projection (the conversations
/// are most of the work, so `conversation_b` is read beside the rest), each sending its
/// batches of [`BATCH_ROWS`] rows through a short queue, joined here in row order.
struct GroupStream {
    group: usize,
    parts: Vec<Batches>,
    readers: Vec<std::thread::JoinHandle<()>>,
    /// Rows the footer gives the group, rows read so far, its compressed bytes and the
    /// uncompressed bytes of its message text.
    rows: u64,
    read: u64,
    bytes: u64,
    text_bytes: usize,
}

impl GroupStream {
    /// Starts a reader thread for each part of the projection.
    fn open(
        path: &Path,
        meta: &ArrowReaderMetadata,
        parts: &[ProjectionMask],
        group: usize,
        chunk_rows: usize,
    ) -> GroupStream {
        let (receivers, readers) = parts
            .iter()
            .map(|mask| {
                // A chunk of lookahead: enough to keep the workers fed, little enough that
                // the text in flight stays a few chunks.
                let (tx, rx) = std::sync::mpsc::sync_channel(chunk_rows.div_ceil(BATCH_ROWS));
                let (path, meta, mask) = (path.to_path_buf(), meta.clone(), mask.clone());
                let reader = std::thread::spawn(move || {
                    let read = pipeline::catch_quietly(|| {
                        let reader = open_row_group(&path, &meta, &mask, group)?;
                        for batch in reader {
                            let failed = batch.is_err();
                            if tx.send(batch.map_err(|e| e.to_string())).is_err() || failed {
                                break;
                            }
                        }
                        Ok(())
                    });
                    if let Err(reason) = read.and_then(|r| r) {
                        let _ = tx.send(Err(reason));
                    }
                });
                (rx, reader)
            })
            .unzip();
        let g = meta.metadata().row_group(group);
        GroupStream {
            group,
            parts: receivers,
            readers,
            rows: g.num_rows().max(0) as u64,
            read: 0,
            bytes: g.compressed_size().max(0) as u64,
            text_bytes: text_bytes_hint(g),
        }
    }

    /// The next batch, its parts' columns side by side; `None` at the end of the group.
    fn next_batch(&mut self) -> Option<Result<RecordBatch, String>> {
        let mut fields = Vec::new();
        let mut columns = Vec::new();
        let mut rows = None;
        for part in &self.parts {
            let batch = match part.recv() {
                // The reader is done.
                Err(_) => None,
                Ok(Err(reason)) => return Some(Err(reason)),
                Ok(Ok(batch)) => Some(batch),
            };
            let n = batch.as_ref().map_or(0, RecordBatch::num_rows);
            if let Some(before) = rows.filter(|&r| r != n) {
                return Some(Err(format!("its columns hold different numbers of rows ({before} and {n})")));
            }
            rows = Some(n);
            if let Some(batch) = batch {
                fields.extend(batch.schema().fields().iter().cloned());
                columns.extend(batch.columns().iter().cloned());
            }
        }
        if rows.unwrap_or(0) == 0 {
            return None;
        }
        let schema = Arc::new(Schema::new(fields));
        Some(RecordBatch::try_new(schema, columns).map_err(|e| e.to_string()))
    }
}

impl Drop for GroupStream {
    fn drop(&mut self) {
        // A reader waiting to send sees the queue gone and stops; one mid-batch finishes it.
        self.parts.clear();
        for reader in self.readers.drain(..) {
            let _ = reader.join();
        }
    }
}

impl<'a> Units<'a> {
    fn new(path: &'a Path, meta: &'a ArrowReaderMetadata, parts: &'a [ProjectionMask], chunk_rows: usize) -> Self {
        Units {
            path,
            meta,
            parts,
            chunk_rows: chunk_rows.max(1),
            next_group: 0,
            group_first_row: 0,
            bytes_before: 0,
            stream: None,
            failed: false,
        }
    }

    /// The next chunk of the group being streamed; `None` at its end.
    fn next_chunk(&mut self) -> Option<Result<pipeline::Unit<Work>, LoadError>> {
        let s = self.stream.as_mut()?;
        let mut batches = Vec::new();
        let mut rows = 0;
        while rows < self.chunk_rows {
            match s.next_batch() {
                None => break,
                Some(Err(reason)) => return Some(Err(corrupt_in_group(self.path, s.group, &reason))),
                Some(Ok(batch)) => {
                    rows += batch.num_rows();
                    batches.push(batch);
                }
            }
        }
        if rows == 0 {
            return None;
        }
        let first_row = self.group_first_row + s.read;
        s.read += rows as u64;
        // The share of the group's bytes and text its rows are: for progress and a capacity.
        let share = |of: usize, rows: u64| (of as u128 * rows.min(s.rows) as u128 / s.rows.max(1) as u128) as u64;
        let text_hint = share(s.text_bytes, rows as u64) as usize;
        let progress_after = self.bytes_before + share(s.bytes as usize, s.read);
        let work = Work::Chunk { group: s.group, first_row, batches, text_hint };
        Some(Ok(pipeline::Unit { work, progress_after }))
    }
}

impl Iterator for Units<'_> {
    type Item = Result<pipeline::Unit<Work>, LoadError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let groups = self.meta.metadata().row_groups();
        loop {
            if let Some(s) = &self.stream {
                let (rows, bytes) = (s.rows, s.bytes);
                match self.next_chunk() {
                    Some(unit) => {
                        self.failed = unit.is_err();
                        return Some(unit);
                    }
                    None => {
                        self.stream = None;
                        self.group_first_row += rows;
                        self.bytes_before += bytes;
                    }
                }
            }
            let group = self.next_group;
            let g = groups.get(group)?;
            self.next_group += 1;
            let rows = g.num_rows().max(0) as u64;
            if rows <= WHOLE_GROUP_ROWS {
                let work = Work::Group { group, first_row: self.group_first_row };
                self.group_first_row += rows;
                self.bytes_before += g.compressed_size().max(0) as u64;
                return Some(Ok(pipeline::Unit { work, progress_after: self.bytes_before }));
            }
            self.stream = Some(GroupStream::open(self.path, self.meta, self.parts, group, self.chunk_rows));
        }
    }
}

/// Whether a column (by its root name) holds what every load decodes or one of the plan's
/// optional fields.
fn decodes(root: &str, plan: &Plan) -> bool {
    let fields = plan.fields;
    match root {
        _ if root == plan.judge => fields.judge || fields.extra,
        "anony" => fields.anony,
        "language" => fields.language,
        // Search Arena's languages are its language and one of its extra columns.
        "languages" => fields.language || fields.extra,
        "openai_moderation" => fields.moderation,
        "toxic_chat_tag" => fields.toxic,
        "conv_metadata" | "category_tag" | "is_code" | "is_refusal" | "dedup_tag" => fields.tags,
        // Search Arena's battle ids come from there (it has no id column).
        "system_a_metadata" | "system_b_metadata" => fields.extra || plan.release == Release::SearchArena,
        _ if KNOWN.contains(&root) => true,
        _ => fields.extra,
    }
}

/// The file read with the conversations' strings as string views into the decoded pages:
/// arrow's copy of the message text out of the pages is skipped, the piece's table holding
/// the only one. The file's own types when its reader refuses them.
fn text_as_views(meta: ArrowReaderMetadata, plan: &Plan) -> ArrowReaderMetadata {
    fn views_in(t: &DataType) -> DataType {
        let field = |f: &Arc<Field>| Arc::new(f.as_ref().clone().with_data_type(views_in(f.data_type())));
        match t {
            DataType::Utf8 | DataType::LargeUtf8 => DataType::Utf8View,
            DataType::List(f) => DataType::List(field(f)),
            DataType::LargeList(f) => DataType::LargeList(field(f)),
            DataType::Struct(fields) => DataType::Struct(fields.iter().map(field).collect()),
            other => other.clone(),
        }
    }
    let schema = meta.schema();
    let fields: Vec<Arc<Field>> = schema
        .fields()
        .iter()
        .map(|f| {
            let conversation = f.name() == plan.conversation_a || f.name() == plan.conversation_b;
            if conversation { Arc::new(f.as_ref().clone().with_data_type(views_in(f.data_type()))) } else { f.clone() }
        })
        .collect();
    let schema = Arc::new(Schema::new_with_metadata(fields, schema.metadata().clone()));
    let options = ArrowReaderOptions::new().with_schema(schema);
    pipeline::catch_quietly(|| ArrowReaderMetadata::try_new(meta.metadata().clone(), options))
        .ok()
        .and_then(Result::ok)
        .unwrap_or(meta)
}

/// Every leaf column but the never-read ones and the fields the plan does without (their
/// pages are then not even fetched), and in the conversations only what a message shows: not
/// the image bytes or token counts.
fn projection(meta: &ArrowReaderMetadata, plan: &Plan) -> ProjectionMask {
    ProjectionMask::leaves(meta.parquet_schema(), projected_leaves(meta, plan).map(|(i, _)| i))
}

/// [`projection`] in two parts read side by side in a large row group: `conversation_b`
/// (about half the text) and the rest; the whole projection unless `split`.
fn projection_parts(meta: &ArrowReaderMetadata, plan: &Plan, split: bool) -> Vec<ProjectionMask> {
    if !split {
        return vec![projection(meta, plan)];
    }
    let (b, rest): (Vec<_>, Vec<_>) = projected_leaves(meta, plan).partition(|(_, root)| *root == plan.conversation_b);
    [rest, b]
        .into_iter()
        .filter(|leaves| !leaves.is_empty())
        .map(|leaves| ProjectionMask::leaves(meta.parquet_schema(), leaves.into_iter().map(|(i, _)| i)))
        .collect()
}

/// The leaves of [`projection`] with their root column's name.
fn projected_leaves<'m>(meta: &'m ArrowReaderMetadata, plan: &Plan) -> impl Iterator<Item = (usize, &'m str)> {
    meta.parquet_schema().columns().iter().enumerate().filter_map(move |(i, c)| {
        let parts = c.path().parts();
        let root = parts.first().map_or("", String::as_str);
        let conversation = root == plan.conversation_a || root == plan.conversation_b;
        let leaf = parts.last().map_or("", String::as_str);
        let read = !NEVER_READ.contains(&root)
            && !(conversation && (leaf == "image" || leaf == "num_tokens"))
            && decodes(root, plan);
        read.then_some((i, root))
    })
}

/// Decodes every row group as [`load_parquet`] does (the same columns and batch size, on all
/// cores) and drops the batches: the decoding share of a load, for the cache benchmark.
/// Returns the rows decoded.
#[cfg(feature = "testkit")]
pub fn decode_only(path: &Path) -> Result<usize, String> {
    use rayon::prelude::*;
    let file = File::open(path).map_err(|e| e.to_string())?;
    let meta = ArrowReaderMetadata::load(&file, ArrowReaderOptions::new()).map_err(|e| e.to_string())?;
    let plan = recognise(meta.schema())?;
    let meta = text_as_views(meta, &plan);
    let mask = projection(&meta, &plan);
    let groups: Vec<usize> = (0..meta.metadata().num_row_groups()).collect();
    groups
        .par_iter()
        .map(|&group| {
            let reader = ParquetRecordBatchReaderBuilder::new_with_metadata(
                File::open(path).map_err(|e| e.to_string())?,
                meta.clone(),
            )
            .with_row_groups(vec![group])
            .with_projection(mask.clone())
            .with_batch_size(BATCH_ROWS)
            .build()
            .map_err(|e| e.to_string())?;
            let mut rows = 0;
            for batch in reader {
                let batch =
                    batch.and_then(|b| super::columns::normalise_batch_keeping_views(&b)).map_err(|e| e.to_string())?;
                rows += batch.num_rows();
            }
            Ok(rows)
        })
        .sum()
}

/// Rows and messages (role values of both conversations, an upper bound) the footer claims.
fn expected_rows_and_messages(meta: &ArrowReaderMetadata, plan: &Plan) -> (usize, usize) {
    let groups = meta.metadata().row_groups();
    let rows = groups.iter().map(|g| g.num_rows().max(0) as usize).sum();
    let messages = groups
        .iter()
        .flat_map(|g| g.columns())
        .filter(|c| {
            let parts = c.column_path().parts();
            let root = parts.first().map_or("", String::as_str);
            (root == plan.conversation_a || root == plan.conversation_b)
                && parts.len() == 4
                && parts.last().is_some_and(|p| p == "role")
        })
        .map(|c| c.num_values().max(0) as usize)
        .sum();
    (rows, messages)
}

/// Uncompressed bytes of the message columns of a row group: an upper bound of their text.
fn text_bytes_hint(group: &parquet::file::metadata::RowGroupMetaData) -> usize {
    group
        .columns()
        .iter()
        .filter(|c| {
            let parts = c.column_path().parts();
            parts.first().is_some_and(|p| p.starts_with("conversation_") || p.starts_with("messages_"))
                && parts.last().is_some_and(|p| p == "content" || p == "text")
        })
        .map(|c| c.uncompressed_size().max(0) as usize)
        .sum()
}

/// A reader of one row group's projected columns, in batches of [`BATCH_ROWS`]; or why not.
fn open_row_group(
    path: &Path,
    meta: &ArrowReaderMetadata,
    mask: &ProjectionMask,
    group: usize,
) -> Result<parquet::arrow::arrow_reader::ParquetRecordBatchReader, String> {
    let file = File::open(path).map_err(|e| e.to_string())?;
    ParquetRecordBatchReaderBuilder::new_with_metadata(file, meta.clone())
        .with_row_groups(vec![group])
        .with_projection(mask.clone())
        .with_batch_size(BATCH_ROWS)
        .build()
        .map_err(|e| e.to_string())
}

fn decode_row_group(
    path: &Path,
    name: &str,
    meta: &ArrowReaderMetadata,
    mask: &ProjectionMask,
    plan: &Plan,
    group: usize,
    first_row: u64,
) -> Result<Piece, LoadError> {
    let corrupt = |e: &dyn std::fmt::Display| corrupt_in_group(path, group, e);
    let reader = open_row_group(path, meta, mask, group).map_err(|e| corrupt(&e))?;
    let text_hint = text_bytes_hint(meta.metadata().row_group(group));
    rows_into_piece(reader, name, plan, first_row, text_hint, &corrupt)
}

/// The rows of `batches` (the first is row `first_row` of the file) as a piece: battles, and
/// the problems of rows skipped or kept with a part unknown.
fn rows_into_piece(
    batches: impl Iterator<Item = Result<RecordBatch, arrow_schema::ArrowError>>,
    name: &str,
    plan: &Plan,
    first_row: u64,
    text_hint: usize,
    corrupt: &dyn Fn(&dyn std::fmt::Display) -> LoadError,
) -> Result<Piece, LoadError> {
    let mut piece = Piece {
        table: BattleTable::with_text_capacity(text_hint),
        problems: Vec::new(),
        kept: Vec::new(),
        release: None,
    };
    let mut row = first_row;
    for batch in batches {
        let batch = batch.and_then(|b| super::columns::normalise_batch_keeping_views(&b)).map_err(|e| corrupt(&e))?;
        let cols = Columns::new(&batch, plan).map_err(|e| corrupt(&e))?;
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
    matches!(
        t,
        DataType::Int64
            | DataType::Int32
            | DataType::Int16
            | DataType::Int8
            | DataType::UInt64
            | DataType::UInt32
            | DataType::UInt16
            | DataType::UInt8
    )
}

fn is_number(t: &DataType) -> bool {
    is_integer(t) || matches!(t, DataType::Float64 | DataType::Float32)
}

fn list_item(t: &DataType) -> Option<&DataType> {
    match t {
        DataType::List(f) | DataType::LargeList(f) => Some(f.data_type()),
        _ => None,
    }
}

/// `list<struct<type, text, image, mimeType>>`: the 140k release's message content.
fn is_parts(t: &DataType) -> bool {
    match list_item(t) {
        Some(DataType::Struct(fields)) => fields.iter().any(|f| f.name() == "text" && is_string(f.data_type())),
        _ => false,
    }
}

/// The content type of a `list<struct<content, role>>` column, if it is one.
fn message_content(t: &DataType) -> Option<&DataType> {
    match list_item(t)? {
        DataType::Struct(fields) => {
            let role = fields.iter().any(|f| f.name() == "role" && is_string(f.data_type()));
            let content = fields.iter().find(|f| f.name() == "content")?.data_type();
            (role && (is_string(content) || is_parts(content))).then_some(content)
        }
        _ => None,
    }
}

fn message_struct(t: &DataType) -> bool {
    message_content(t).is_some()
}

/// What type each column must have, in words.
fn expected(column: &str) -> (&'static str, fn(&DataType) -> bool) {
    match column {
        "conversation_a" | "conversation_b" | "messages_a" | "messages_b" => {
            ("list<struct<content: string or list<struct<type, text, ...>>, role: string>>", message_struct)
        }
        "question_id" | "id" => ("a string or an integer", |t| is_string(t) || is_integer(t)),
        "turn" => ("a number", is_number),
        "anony" => ("bool", |t| matches!(t, DataType::Boolean)),
        "tstamp" => ("a number", is_number),
        "timestamp" => ("a timestamp, a number or a string", |t| {
            is_number(t) || is_string(t) || matches!(t, DataType::Timestamp(..))
        }),
        "openai_moderation" | "toxic_chat_tag" => ("a struct", |t| matches!(t, DataType::Struct(_))),
        _ => ("string", is_string),
    }
}

/// How a file's columns map onto a battle: which release it is and where each field lives.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    pub release: Release,
    /// The battle id: `question_id`, else `id`.
    id: &'static str,
    conversation_a: &'static str,
    conversation_b: &'static str,
    /// `judge`, else the 100k's `judge_hash`.
    judge: &'static str,
    /// `tstamp`, else the 140k's `timestamp`.
    time: &'static str,
    /// The optional fields the load decodes (all, unless the caller does without some).
    fields: super::Fields,
}

/// Columns read into fields (the rest are kept as extra text, except [`NEVER_READ`]).
const KNOWN: [&str; 26] = [
    "question_id",
    "id",
    "model_a",
    "model_b",
    "winner",
    "conversation_a",
    "conversation_b",
    "messages_a",
    "messages_b",
    "judge",
    "judge_hash",
    "turn",
    "anony",
    "language",
    "tstamp",
    "timestamp",
    "openai_moderation",
    "toxic_chat_tag",
    "conv_metadata",
    "category_tag",
    "is_code",
    "is_refusal",
    "dedup_tag",
    "system_a_metadata",
    "system_b_metadata",
    "languages",
];

/// Columns never decoded: the 140k's `full_conversation` repeats both conversations.
const NEVER_READ: [&str; 1] = ["full_conversation"];

/// Recognises the release from the columns (never the file name) and names what is wrong
/// with a file that is none of them.
pub(crate) fn recognise(schema: &Schema) -> Result<Plan, String> {
    let has = |c: &str| schema.field_with_name(c).is_ok();
    let pick = |a: &'static str, b: &'static str| if has(a) || !has(b) { a } else { b };
    let id = pick("question_id", "id");
    let conversation_a = pick("conversation_a", "messages_a");
    let conversation_b = pick("conversation_b", "messages_b");
    let judge = pick("judge", "judge_hash");
    let time = pick("tstamp", "timestamp");

    let mut missing = Vec::new();
    let mut mistyped = Vec::new();
    // Search Arena's columns come from third-party descriptions: there, only the models and
    // the messages are required (no id: one is derived; no winner: no vote).
    let search = conversation_a == "messages_a" && conversation_b == "messages_b";
    let columns: &[&str] = if search {
        &["model_a", "model_b", conversation_a, conversation_b]
    } else {
        &[id, "model_a", "model_b", "winner", conversation_a, conversation_b]
    };
    let optional = [
        "turn",
        "anony",
        "language",
        "judge",
        "tstamp",
        "timestamp",
        "openai_moderation",
        "toxic_chat_tag",
        "winner",
        id,
    ];
    for (i, col) in columns.iter().chain(optional.iter()).enumerate() {
        match schema.field_with_name(col) {
            Err(_) if i < columns.len() => missing.push(*col),
            Err(_) => {}
            Ok(f) => {
                let (want, ok) = expected(col);
                if !ok(&super::columns::canonical_type(f.data_type())) {
                    mistyped.push(format!("{col} is {}, expected {want}", f.data_type()));
                }
            }
        }
    }
    if !missing.is_empty() || !mistyped.is_empty() {
        let mut parts = Vec::new();
        if !missing.is_empty() {
            parts.push(format!("missing column{} {}", if missing.len() > 1 { "s" } else { "" }, missing.join(", ")));
        }
        parts.extend(mistyped);
        return Err(format!("not a Chatbot Arena battles file: {}", parts.join("; ")));
    }
    let type_of = |c: &str| schema.field_with_name(c).map(|f| f.data_type().clone()).ok();
    let parts_content = type_of(conversation_a).as_ref().and_then(message_content).is_some_and(is_parts);
    let release = if search {
        Release::SearchArena
    } else if type_of(id).as_ref().is_some_and(is_integer) {
        Release::MtBench
    } else if parts_content || has("full_conversation") || has("evaluation_session_id") {
        Release::Preference140k
    } else if ["conv_metadata", "category_tag", "judge_hash", "is_code", "is_refusal", "dedup_tag"]
        .iter()
        .any(|c| has(c))
    {
        Release::Preference100k
    } else {
        Release::Conversations2023
    };
    Ok(Plan { release, id, conversation_a, conversation_b, judge, time, fields: super::Fields::ALL })
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

/// A `list<struct<content, role>>` column; content is a string or a list of parts.
struct Conversations<'a> {
    list: &'a dyn Array,
    offsets: Offsets<'a>,
    content: Content<'a>,
    role: Strings<'a>,
}

enum Offsets<'a> {
    Small(&'a [i32]),
    Large(&'a [i64]),
}

impl Offsets<'_> {
    fn range(&self, i: usize) -> Range<usize> {
        match self {
            Offsets::Small(o) => o[i] as usize..o[i + 1] as usize,
            Offsets::Large(o) => o[i] as usize..o[i + 1] as usize,
        }
    }
}

fn list_parts(a: &dyn Array) -> Option<(Offsets<'_>, &ArrayRef)> {
    match a.data_type() {
        DataType::List(_) => {
            let l = a.as_list::<i32>();
            Some((Offsets::Small(l.value_offsets()), l.values()))
        }
        DataType::LargeList(_) => {
            let l = a.as_list::<i64>();
            Some((Offsets::Large(l.value_offsets()), l.values()))
        }
        _ => None,
    }
}

/// A message's content: a string, or the 140k's list of `{type, text, image, mimeType}` parts.
enum Content<'a> {
    Text(Strings<'a>),
    Parts(Parts<'a>),
}

struct Parts<'a> {
    list: &'a dyn Array,
    offsets: Offsets<'a>,
    kind: Option<Strings<'a>>,
    text: Option<Strings<'a>>,
    mime: Option<Strings<'a>>,
    image: Option<&'a dyn Array>,
}

impl<'a> Parts<'a> {
    fn new(a: &'a dyn Array) -> Option<Parts<'a>> {
        let (offsets, values) = list_parts(a)?;
        let s = values.as_struct_opt()?;
        let strings = |name: &str| s.column_by_name(name).and_then(|c| Strings::new(c.as_ref()));
        Some(Parts {
            list: a,
            offsets,
            kind: strings("type"),
            text: strings("text"),
            mime: strings("mimeType"),
            image: s.column_by_name("image").map(|c| c.as_ref()),
        })
    }

    /// The text parts of message `m` joined by newlines; an image (or any part without text)
    /// becomes a visible placeholder naming its type, so nothing is dropped silently.
    fn text(&self, m: usize) -> Cow<'a, str> {
        if self.list.is_null(m) {
            return Cow::Borrowed("");
        }
        let get = |s: &Option<Strings<'a>>, p| s.as_ref().and_then(|s| s.get(p));
        let range = self.offsets.range(m);
        let mut out: Option<Cow<'a, str>> = None;
        for p in range {
            let piece: Cow<'a, str> = match get(&self.text, p) {
                Some(t) if get(&self.kind, p).is_none_or(|k| k == "text") => Cow::Borrowed(t),
                _ => {
                    let has_image = self.image.is_some_and(|a| !a.is_null(p));
                    let kind = get(&self.kind, p).unwrap_or(if has_image { "image" } else { "unknown" });
                    match get(&self.mime, p) {
                        Some(mime) => Cow::Owned(format!("[{kind}: {mime}]")),
                        None => Cow::Owned(format!("[{kind}]")),
                    }
                }
            };
            out = Some(match out {
                None => piece,
                Some(prev) => Cow::Owned(format!("{prev}\n{piece}")),
            });
        }
        out.unwrap_or(Cow::Borrowed(""))
    }
}

impl<'a> Conversations<'a> {
    fn new(a: &'a dyn Array) -> Option<Conversations<'a>> {
        let (offsets, values) = list_parts(a)?;
        let s = values.as_struct_opt()?;
        let content = s.column_by_name("content")?.as_ref();
        let content = match Strings::new(content) {
            Some(s) => Content::Text(s),
            None => Content::Parts(Parts::new(content)?),
        };
        let role = Strings::new(s.column_by_name("role")?.as_ref())?;
        Some(Conversations { list: a, offsets, content, role })
    }

    /// The `(role, content)` pairs of row `i`, or the reason they are not valid messages.
    fn messages(&self, i: usize) -> Result<Vec<(&'a str, Cow<'a, str>)>, String> {
        if self.list.is_null(i) {
            return Err("missing value (null)".into());
        }
        self.offsets
            .range(i)
            .enumerate()
            .map(|(n, m)| {
                let role = self.role.get(m).ok_or_else(|| format!("message {n}: role is null"))?;
                let content = match &self.content {
                    Content::Text(s) => Cow::Borrowed(s.get(m).ok_or_else(|| format!("message {n}: content is null"))?),
                    Content::Parts(p) => p.text(m),
                };
                Ok((role, content))
            })
            .collect()
    }
}

/// A battle id column: a string, or an integer (MT-bench's question ids, the 55k's ids).
enum Ids<'a> {
    Text(Strings<'a>),
    Int(&'a dyn Array),
}

impl<'a> Ids<'a> {
    fn new(a: &'a dyn Array) -> Option<Ids<'a>> {
        match Strings::new(a) {
            Some(s) => Some(Ids::Text(s)),
            None => is_integer(a.data_type()).then_some(Ids::Int(a)),
        }
    }

    fn get(&self, i: usize) -> Option<Cow<'a, str>> {
        match self {
            Ids::Text(s) => s.get(i).map(Cow::Borrowed),
            Ids::Int(a) => arrow_tags::int_at(*a, i).map(|v| Cow::Owned(v.to_string())),
        }
    }
}

/// A time column: unix seconds as a number, a parquet timestamp, or an ISO 8601 string.
enum Times<'a> {
    Seconds(Numbers<'a>),
    Timestamp(&'a dyn Array),
    Iso(Strings<'a>),
}

impl<'a> Times<'a> {
    fn new(a: &'a dyn Array) -> Option<Times<'a>> {
        if matches!(a.data_type(), DataType::Timestamp(..)) {
            return Some(Times::Timestamp(a));
        }
        Numbers::new(a).map(Times::Seconds).or_else(|| Strings::new(a).map(Times::Iso))
    }

    fn get(&self, i: usize) -> Result<Option<f64>, String> {
        Ok(match self {
            Times::Seconds(n) => n.f64(i),
            Times::Timestamp(a) => arrow_tags::timestamp_seconds(*a, i),
            Times::Iso(s) => match s.get(i) {
                None => None,
                Some(t) => Some(crate::time::parse_iso(t).ok_or_else(|| format!("not an ISO 8601 time: {t:?}"))?),
            },
        })
    }
}

/// The columns of one record batch, typed.
struct Columns<'a> {
    release: Release,
    /// Absent only in Search Arena (an id is then derived).
    question_id: Option<Ids<'a>>,
    model_a: Strings<'a>,
    model_b: Strings<'a>,
    /// Absent only in Search Arena (no battle has a vote).
    winner: Option<Strings<'a>>,
    conversation_a: Conversations<'a>,
    conversation_b: Conversations<'a>,
    names: [&'static str; 3],
    judge: Option<Strings<'a>>,
    turn: Option<Numbers<'a>>,
    anony: Option<&'a BooleanArray>,
    language: Option<Strings<'a>>,
    time: Option<(&'static str, Times<'a>)>,
    moderation: Option<ModerationColumns<'a>>,
    toxic: Option<ToxicColumns<'a>>,
    conv_meta: Option<arrow_tags::MetaColumns<'a>>,
    category_tag: Option<arrow_tags::CategoryColumns<'a>>,
    is_code: Option<&'a dyn Array>,
    is_refusal: Option<&'a dyn Array>,
    dedup_tag: Option<&'a StructArray>,
    /// Search Arena: `system_a_metadata`, `system_b_metadata`, `languages`.
    system_meta: [Option<&'a StructArray>; 2],
    languages: Option<&'a dyn Array>,
    /// Columns no field holds, shown as short text.
    extra: Vec<(&'a str, &'a dyn Array)>,
    /// Whether the extra columns were decoded (else MT-bench's split is not derived either).
    with_extra: bool,
}

fn bad_column(name: &str) -> String {
    format!("column {name} has an unexpected type")
}

impl<'a> Columns<'a> {
    fn new(batch: &'a RecordBatch, plan: &Plan) -> Result<Columns<'a>, String> {
        let col = |name: &str| batch.column_by_name(name).map(|c| c.as_ref());
        let strings = |name: &str| col(name).and_then(Strings::new).ok_or_else(|| bad_column(name));
        let conversations = |name: &str| col(name).and_then(Conversations::new).ok_or_else(|| bad_column(name));
        let structs = |name: &str| col(name).and_then(|a| a.as_struct_opt());
        let schema = batch.schema_ref();
        let extra = schema
            .fields()
            .iter()
            .zip(batch.columns())
            .filter(|(f, _)| !KNOWN.contains(&f.name().as_str()) && !NEVER_READ.contains(&f.name().as_str()))
            .map(|(f, c)| (f.name().as_str(), c.as_ref()))
            .collect();
        Ok(Columns {
            release: plan.release,
            question_id: match col(plan.id) {
                Some(c) => Some(Ids::new(c).ok_or_else(|| bad_column(plan.id))?),
                None => None,
            },
            model_a: strings("model_a")?,
            model_b: strings("model_b")?,
            winner: match col("winner") {
                Some(c) => Some(Strings::new(c).ok_or_else(|| bad_column("winner"))?),
                None => None,
            },
            conversation_a: conversations(plan.conversation_a)?,
            conversation_b: conversations(plan.conversation_b)?,
            names: [plan.id, plan.conversation_a, plan.conversation_b],
            judge: col(plan.judge).and_then(Strings::new),
            turn: col("turn").and_then(Numbers::new),
            anony: col("anony").and_then(|a| a.as_boolean_opt()),
            language: col("language").and_then(Strings::new),
            time: col(plan.time).and_then(Times::new).map(|t| (plan.time, t)),
            moderation: structs("openai_moderation").map(ModerationColumns::new),
            toxic: structs("toxic_chat_tag").map(ToxicColumns::new),
            conv_meta: structs("conv_metadata").map(arrow_tags::MetaColumns::new),
            category_tag: structs("category_tag").map(arrow_tags::CategoryColumns::new),
            is_code: col("is_code"),
            is_refusal: col("is_refusal"),
            dedup_tag: structs("dedup_tag"),
            system_meta: [structs("system_a_metadata"), structs("system_b_metadata")],
            languages: col("languages"),
            extra,
            with_extra: plan.fields.extra,
        })
    }

    fn push_row(&self, i: usize, table: &mut BattleTable) -> Result<Kept, RowError> {
        let req = |s: &Strings<'a>, field: &str| s.get(i).ok_or_else(|| RowError::new(field, "missing value (null)"));
        let [id_name, conv_a_name, conv_b_name] = self.names;
        let search = self.release == Release::SearchArena;
        let model_a = req(&self.model_a, "model_a")?;
        let model_b = req(&self.model_b, "model_b")?;
        let winner = match self.winner.as_ref().and_then(|w| w.get(i)) {
            // Search Arena keeps conversations nobody voted on: the winner is unknown.
            None | Some("") if search => Winner::NoVote,
            None => return Err(RowError::new("winner", "missing value (null)")),
            Some(w) => parse_winner(w)?,
        };
        let conv_a = self.conversation_a.messages(i).map_err(|r| RowError::new(conv_a_name, r))?;
        let conv_b = self.conversation_b.messages(i).map_err(|r| RowError::new(conv_b_name, r))?;
        let turn = match self.turn.as_ref().and_then(|t| t.f64(i)) {
            Some(t) if !(0.0..=u32::MAX as f64).contains(&t) || t.fract() != 0.0 => {
                return Err(RowError::new("turn", format!("out of range: {t}")));
            }
            t => t.map(|t| t as u32),
        };
        let tstamp = match &self.time {
            Some((name, t)) => t.get(i).map_err(|r| RowError::new(name, r))?,
            None => None,
        };
        let (tstamp, kept) = plausible_tstamp(tstamp);
        let bool_col = |a: Option<&'a dyn Array>| a.and_then(|a| arrow_tags::bool_at(a, i));
        let tags = ReleaseTags {
            meta: self.conv_meta.as_ref().and_then(|m| m.get(i)),
            categories: self.category_tag.as_ref().and_then(|c| c.get(i)),
            is_code: bool_col(self.is_code),
            is_refusal: bool_col(self.is_refusal),
            dedup: self.dedup_tag.and_then(|s| arrow_tags::dedup_tag(s, i)),
        };
        let judge = self.judge.as_ref().and_then(|s| s.get(i));
        let mut extra: Vec<(String, String)> = self
            .extra
            .iter()
            .filter_map(|(name, a)| Some(((*name).to_owned(), arrow_tags::render_value(*a, i)?)))
            .collect();
        let languages = self.languages.map(|a| search_arena::languages_arrow(a, i)).unwrap_or_default();
        let side = |k: usize| self.system_meta[k].and_then(|s| search_arena::side_meta_arrow(s, i));
        let conv_id = search_arena::push_extras(side(0), side(1), &languages, &mut extra);
        if !self.with_extra {
            // Read for the ids only.
            extra.clear();
        }
        let question_id = match self.question_id.as_ref() {
            Some(ids) => ids.get(i).ok_or_else(|| RowError::new(id_name, "missing value (null)"))?,
            None => Cow::Owned(conv_id.unwrap_or_else(|| {
                let prompt = conv_a.iter().find(|(r, _)| *r == "user").map_or("", |(_, t)| t.as_ref());
                search_arena::content_id(model_a, model_b, prompt)
            })),
        };
        if self.release == Release::MtBench && self.with_extra && !extra.iter().any(|(k, _)| k == "split") {
            extra.push(("split".to_owned(), super::release::mtbench_split(judge).to_owned()));
        }
        let facets = BattleFacets {
            question_id: &question_id,
            model_a,
            model_b,
            winner,
            judge,
            turn,
            anony: self.anony.and_then(|a| (!a.is_null(i)).then(|| a.value(i))),
            language: self
                .language
                .as_ref()
                .and_then(|s| s.get(i))
                .or_else(|| languages.first().map(String::as_str))
                .and_then(super::release::known_language),
            tstamp,
            moderation: self.moderation.as_ref().and_then(|m| m.get(i)),
            toxic: self.toxic.as_ref().and_then(|t| t.get(i)),
            tags,
            extra: extra.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect(),
        };
        table.push_battle(
            &facets,
            conv_a.iter().map(|(r, t)| (*r, t.as_ref())),
            conv_b.iter().map(|(r, t)| (*r, t.as_ref())),
        );
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::{DatasetInfo, Index};
    use crate::load::{DataSource, LoadOptions, LoadReport, Snapshot};
    use crate::synth::{self, ParquetCompression};

    /// 6,000 battles: generated ones and the varied five (each copy with its own id).
    fn battles() -> Vec<crate::model::Battle> {
        let mut rows = synth::generate(1000, 7);
        rows.extend((0..1000).flat_map(|copy| {
            crate::fixtures::varied().into_iter().map(move |mut b| {
                b.question_id = format!("{}-{copy}", b.question_id);
                b
            })
        }));
        rows
    }

    /// Every battle of a load in the dataset's JSON form, and its report.
    fn load_with(path: &Path, streaming: Streaming) -> Result<(Vec<String>, LoadReport), LoadError> {
        let opts = LoadOptions::default();
        let mut sink = Sink::new(&opts, 0, None, None);
        load_parquet_streaming(path, &mut sink, streaming)?;
        let index = Index::from_table(sink.table, DatasetInfo::default());
        let rows = index.battle_ids().map(|b| crate::row_json::row_to_json(&index, b)).collect();
        Ok((rows, sink.report))
    }

    const READS: [Streaming; 4] = [
        Streaming { chunk_rows: CHUNK_ROWS, split: true },
        Streaming { chunk_rows: CHUNK_ROWS, split: false },
        // Chunks that end inside a batch.
        Streaming { chunk_rows: 300, split: true },
        Streaming { chunk_rows: 1, split: true },
    ];

    #[test]
    fn a_file_in_one_row_group_loads_like_the_same_battles_in_many() {
        let dir = tempfile::tempdir().expect("temp dir");
        let battles = battles();
        let (one, many) = (dir.path().join("one.parquet"), dir.path().join("many.parquet"));
        synth::write_parquet(&one, &battles, ParquetCompression::Snappy, battles.len()).expect("write");
        synth::write_parquet(&many, &battles, ParquetCompression::Snappy, 2000).expect("write");
        let (want, report) = load_with(&many, READS[0]).expect("loads");
        assert_eq!((want.len(), report.skipped), (battles.len(), 0));
        for streaming in READS {
            let (rows, _) = load_with(&one, streaming).expect("loads");
            assert!(rows == want, "{streaming:?}: the battles differ");
        }
        // And through the public door, with its own choice of streaming.
        let loaded = crate::load::load_paths(&[one], LoadOptions::default()).expect("loads");
        assert_eq!(loaded.index.len(), battles.len());
    }

    /// A file of the required columns only, in one row group, whose winner is bad on `bad` rows.
    fn write_with_bad_winners(path: &Path, rows: usize, bad: &[usize], group_rows: usize) {
        use arrow_array::{ListArray, StringArray};
        use arrow_buffer::OffsetBuffer;
        use arrow_schema::Fields;
        let fields =
            Fields::from(vec![Field::new("content", DataType::Utf8, true), Field::new("role", DataType::Utf8, true)]);
        let conversation = |side: &str| -> ArrayRef {
            let content: StringArray = (0..2 * rows)
                .map(|i| Some(if i % 2 == 0 { format!("q{}", i / 2) } else { format!("{side}{i}") }))
                .collect();
            let role: StringArray =
                (0..2 * rows).map(|i| Some(if i % 2 == 0 { "user" } else { "assistant" })).collect();
            let values = StructArray::new(fields.clone(), vec![Arc::new(content), Arc::new(role)], None);
            let item = Arc::new(Field::new("item", DataType::Struct(fields.clone()), true));
            Arc::new(ListArray::new(item, OffsetBuffer::from_lengths(vec![2; rows]), Arc::new(values), None))
        };
        let strings = |f: &dyn Fn(usize) -> String| -> ArrayRef {
            Arc::new((0..rows).map(|i| Some(f(i))).collect::<StringArray>())
        };
        let batch = RecordBatch::try_from_iter([
            ("question_id", strings(&|i| format!("q{i}"))),
            ("model_a", strings(&|_| "gpt-4".into())),
            ("model_b", strings(&|_| "vicuna-13b".into())),
            ("winner", strings(&|i| if bad.contains(&i) { format!("draw{i}") } else { "model_a".into() })),
            ("conversation_a", conversation("a")),
            ("conversation_b", conversation("b")),
        ])
        .expect("batch");
        let props = parquet::file::properties::WriterProperties::builder()
            .set_max_row_group_row_count(Some(group_rows))
            .build();
        let file = File::create(path).expect("create");
        let mut w = parquet::arrow::ArrowWriter::try_new(file, batch.schema(), Some(props)).expect("writer");
        w.write(&batch).expect("write");
        w.close().expect("close");
    }

    #[test]
    fn problems_in_a_large_row_group_keep_their_row_numbers_and_strict_stops_at_the_first() {
        let dir = tempfile::tempdir().expect("temp dir");
        // Bad rows at the edges of batches and chunks.
        let bad = [255, 256, 299, 300, 511, 512, 2047, 2048, 4999];
        let (one, many) = (dir.path().join("one.parquet"), dir.path().join("many.parquet"));
        write_with_bad_winners(&one, 5000, &bad, 5000);
        write_with_bad_winners(&many, 5000, &bad, 1000);
        let messages = |path: &Path, report: &LoadReport| -> Vec<String> {
            let name = path.display().to_string();
            report.problems.iter().map(|p| p.to_string().replace(&name, "FILE")).collect()
        };
        let (want_rows, report) = load_with(&many, READS[0]).expect("loads");
        let want = messages(&many, &report);
        assert_eq!(want.len(), bad.len());
        assert!(want[0].starts_with("FILE: row 255: winner: unknown value \"draw255\""), "{want:?}");
        assert!(want[bad.len() - 1].starts_with("FILE: row 4999: winner: unknown value \"draw4999\""), "{want:?}");
        for streaming in READS {
            let (rows, report) = load_with(&one, streaming).expect("loads");
            assert!(rows == want_rows, "{streaming:?}: the battles differ");
            assert_eq!(messages(&one, &report), want, "{streaming:?}");
        }
        let strict = LoadOptions { strict: true, ..LoadOptions::default() };
        match crate::load::load_paths(std::slice::from_ref(&one), strict) {
            Err(err) => assert!(err.to_string().starts_with(&format!("{}: row 255: winner", one.display())), "{err}"),
            Ok(_) => panic!("strict loads a file with bad rows"),
        }
    }

    #[test]
    fn the_first_battles_of_a_one_group_load_are_handed_over_before_its_end() {
        let dir = tempfile::tempdir().expect("temp dir");
        let battles = battles();
        let path = dir.path().join("one.parquet");
        synth::write_parquet(&path, &battles, ParquetCompression::Zstd, battles.len()).expect("write");
        let seen = std::sync::Mutex::new(Vec::new());
        let hook = |s: Snapshot| seen.lock().expect("lock").push((s.index.len(), s.progress));
        let opts = LoadOptions { snapshot: Some(&hook), ..LoadOptions::default() };
        let loaded = crate::load::load(&DataSource::from_paths(std::slice::from_ref(&path)), opts).expect("loads");
        let seen = seen.into_inner().expect("lock");
        let (first, progress) = *seen.first().expect("a snapshot");
        // The first chunk, the battles in file order, and the bytes read so far short of all.
        assert_eq!(first, CHUNK_ROWS, "{seen:?}");
        assert!(progress.done < progress.total, "{seen:?}");
        let first_ids: Vec<String> = battles[..CHUNK_ROWS].iter().map(|b| b.question_id.clone()).collect();
        let loaded_ids: Vec<String> =
            loaded.index.battle_ids().take(CHUNK_ROWS).map(|b| loaded.index.question_id(b).to_owned()).collect();
        assert_eq!(loaded_ids, first_ids);
        assert_eq!(loaded.index.len(), battles.len());
    }

    #[test]
    fn corrupt_pages_in_a_large_row_group_give_one_error_naming_the_group() {
        let dir = tempfile::tempdir().expect("temp dir");
        let battles = battles();
        let path = dir.path().join("one.parquet");
        synth::write_parquet(&path, &battles, ParquetCompression::Snappy, battles.len()).expect("write");
        let mut bytes = std::fs::read(&path).expect("read");
        // Garbage in the middle of the data pages (the footer, at the end, stays whole).
        let middle = bytes.len() / 2;
        bytes[middle..middle + 4096].iter_mut().for_each(|b| *b = 0xA5);
        std::fs::write(&path, bytes).expect("write");
        for streaming in READS {
            let err = load_with(&path, streaming).expect_err("corrupt");
            let text = err.to_string();
            assert!(text.starts_with(&format!("{}: corrupt parquet data in row group 0: ", path.display())), "{text}");
            assert_eq!((text.lines().count(), text.matches("corrupt parquet data").count()), (1, 1), "{text}");
        }
    }
}
