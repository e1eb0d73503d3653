//! Parquet exports in the release's own schema (the hub's column names, types and nesting, as
//! far as the index keeps them) and pairs as parquet; zstd-compressed, in row groups about the
//! size the hub's files use, written out as each group is finished.

use std::io::{self, Write};
use std::sync::Arc;

use arrow_array::{
    ArrayRef, BooleanArray, Float64Array, Int64Array, ListArray, RecordBatch, StringArray, StructArray,
    TimestampMicrosecondArray,
};
use arrow_buffer::{NullBuffer, OffsetBuffer, ScalarBuffer};
use arrow_schema::{Field, Fields, Schema};
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::WriterProperties;

use super::layout::{Col, Messages, Plan, extra};
use super::pairs::{Pair, other};
use super::search_arena;
use crate::index::{BattleId, Index, Side};
use crate::model::{CRITERIA, MODERATION_CATEGORIES, StyleCounts, Winner};
use crate::review::ReviewView;

/// Rows per row group (the hub's 33K file has 17 groups of about this size).
const ROWS_PER_GROUP: usize = 2000;
/// Message text per row group at most, so that no string column nears arrow's 2 GiB limit.
const TEXT_PER_GROUP: usize = 256 << 20;
/// The list item name pyarrow (and so the hub's files) use.
const ITEM: &str = "element";

type Column = (Field, ArrayRef);

/// Writes the dataset rows of `battles` (with a `review` column when `reviews` is given).
pub(super) fn write_dataset(
    out: &mut dyn Write,
    index: &Index,
    battles: &[BattleId],
    reviews: Option<&ReviewView>,
) -> io::Result<()> {
    let plan = super::layout::plan(index, battles);
    let batch = |rows: &[BattleId]| dataset_batch(index, rows, &plan, reviews);
    write_batches(out, chunks(index, battles, |&b| b), batch)
}

/// Writes pairs: `id`, `chosen`, `rejected`, `chosen_model`, `rejected_model`, `language`,
/// `turn`, and `label` when ties are kept.
pub(super) fn write_pairs(
    out: &mut dyn Write,
    index: &Index,
    pairs: &[Pair],
    with_label: bool,
    reviews: Option<&ReviewView>,
) -> io::Result<()> {
    let batch = |rows: &[Pair]| pairs_batch(index, rows, with_label, reviews);
    write_batches(out, chunks(index, pairs, |p| p.battle), batch)
}

/// Splits `rows` into row groups of at most [`ROWS_PER_GROUP`] rows and [`TEXT_PER_GROUP`] bytes
/// of text (always at least one group, so that an empty export still has a schema).
fn chunks<'r, T>(index: &Index, rows: &'r [T], battle: impl Fn(&T) -> BattleId) -> Vec<&'r [T]> {
    let mut out = Vec::new();
    let (mut start, mut text) = (0, 0usize);
    for (i, r) in rows.iter().enumerate() {
        let len = index.battle_text_range(battle(r)).len();
        if i > start && (i - start >= ROWS_PER_GROUP || text + len > TEXT_PER_GROUP) {
            out.push(&rows[start..i]);
            (start, text) = (i, 0);
        }
        text += len;
    }
    out.push(&rows[start..]);
    out
}

fn write_batches<T>(
    out: &mut dyn Write,
    groups: Vec<&[T]>,
    batch: impl Fn(&[T]) -> Result<RecordBatch, String>,
) -> io::Result<()> {
    let props = WriterProperties::builder()
        .set_compression(Compression::ZSTD(ZstdLevel::try_new(3).map_err(io::Error::other)?))
        .set_max_row_group_row_count(Some(ROWS_PER_GROUP))
        .build();
    let mut writer: Option<ArrowWriter<Vec<u8>>> = None;
    for group in groups {
        let b = batch(group).map_err(io::Error::other)?;
        let w = match &mut writer {
            Some(w) => w,
            None => writer
                .insert(ArrowWriter::try_new(Vec::new(), b.schema(), Some(props.clone())).map_err(io::Error::other)?),
        };
        w.write(&b).map_err(io::Error::other)?;
        w.flush().map_err(io::Error::other)?;
        // The writer counts bytes itself, so the finished group can leave its buffer.
        w.sync()?;
        out.write_all(&std::mem::take(w.inner_mut()))?;
    }
    if let Some(w) = writer {
        let rest = w.into_inner().map_err(io::Error::other)?;
        out.write_all(&rest)?;
    }
    Ok(())
}

// --- columns --------------------------------------------------------------------------------

fn column(name: &str, a: ArrayRef) -> Column {
    (Field::new(name, a.data_type().clone(), true), a)
}

fn strings<'a>(values: impl Iterator<Item = Option<&'a str>>) -> ArrayRef {
    Arc::new(values.collect::<StringArray>())
}

fn bools(values: impl Iterator<Item = Option<bool>>) -> ArrayRef {
    Arc::new(values.collect::<BooleanArray>())
}

fn ints(values: impl Iterator<Item = Option<i64>>) -> ArrayRef {
    Arc::new(values.collect::<Int64Array>())
}

fn floats(values: impl Iterator<Item = Option<f64>>) -> ArrayRef {
    Arc::new(values.collect::<Float64Array>())
}

/// A struct of `columns`, null where `valid` says false (none null when `valid` is `None`).
fn structure(columns: Vec<Column>, valid: Option<Vec<bool>>) -> Result<ArrayRef, String> {
    let (fields, arrays): (Vec<Field>, Vec<ArrayRef>) = columns.into_iter().unzip();
    let nulls = valid.filter(|v| v.iter().any(|ok| !ok)).map(NullBuffer::from);
    Ok(Arc::new(StructArray::try_new(Fields::from(fields), arrays, nulls).map_err(|e| e.to_string())?))
}

/// A list column of `values` split at `offsets`.
fn list(values: ArrayRef, offsets: Vec<i32>) -> Result<ArrayRef, String> {
    let item = Arc::new(Field::new(ITEM, values.data_type().clone(), true));
    let offsets = OffsetBuffer::new(ScalarBuffer::from(offsets));
    Ok(Arc::new(ListArray::try_new(item, offsets, values, None).map_err(|e| e.to_string())?))
}

fn offset(n: usize) -> Result<i32, String> {
    i32::try_from(n).map_err(|_| "too many messages in one row group".to_owned())
}

/// The conversations `(battle, side)` of each row, as one list column.
fn conversation(index: &Index, rows: &[(BattleId, Side)], form: Messages) -> Result<ArrayRef, String> {
    let mut offsets = Vec::with_capacity(rows.len() + 1);
    offsets.push(0);
    let mut n = 0;
    for &(b, side) in rows {
        n += index.conversation(b, side).len();
        offsets.push(offset(n)?);
    }
    let messages = || rows.iter().flat_map(|&(b, side)| index.conversation(b, side).iter());
    let content = strings(messages().map(|m| Some(index.message_text(m))));
    let role = strings(messages().map(|m| Some(index.role_name(m))));
    let message = match form {
        Messages::ContentRole => structure(vec![column("content", content), column("role", role)], None)?,
        Messages::RoleContent => structure(vec![column("role", role), column("content", content)], None)?,
        Messages::Parts => {
            let part = structure(
                vec![
                    column("type", strings(std::iter::repeat_n(Some("text"), n))),
                    column("text", content),
                    column("image", strings(std::iter::repeat_n(None, n))),
                    column("mimeType", strings(std::iter::repeat_n(None, n))),
                ],
                None,
            )?;
            let one_each = (0..=n).map(offset).collect::<Result<Vec<_>, _>>()?;
            structure(vec![column("role", role), column("content", list(part, one_each)?)], None)?
        }
    };
    list(message, offsets)
}

fn sides(rows: &[BattleId], side: Side) -> Vec<(BattleId, Side)> {
    rows.iter().map(|&b| (b, side)).collect()
}

fn moderation(index: &Index, rows: &[BattleId]) -> Result<ArrayRef, String> {
    let m: Vec<_> = rows.iter().map(|&b| index.moderation(b)).collect();
    let categories = MODERATION_CATEGORIES
        .iter()
        .enumerate()
        .map(|(i, name)| column(name, bools(m.iter().map(|m| m.and_then(|m| m.category(i))))))
        .collect();
    let scores = MODERATION_CATEGORIES
        .iter()
        .enumerate()
        .map(|(i, name)| column(name, floats(m.iter().map(|m| m.and_then(|m| m.scores[i])))))
        .collect();
    structure(
        vec![
            column(
                "categories",
                structure(categories, Some(m.iter().map(|m| m.is_some_and(|m| m.has_categories)).collect()))?,
            ),
            column(
                "category_scores",
                structure(scores, Some(m.iter().map(|m| m.is_some_and(|m| m.has_scores)).collect()))?,
            ),
            column("flagged", bools(m.iter().map(|m| m.and_then(|m| m.flagged)))),
        ],
        Some(m.iter().map(Option::is_some).collect()),
    )
}

fn toxic(index: &Index, rows: &[BattleId]) -> Result<ArrayRef, String> {
    let t: Vec<_> = rows.iter().map(|&b| index.toxic(b)).collect();
    let tagger = |pick: fn(&crate::model::ToxicTags) -> Option<crate::model::TaggerVerdict>, score: &str| {
        let v: Vec<_> = t.iter().map(|t| t.as_ref().and_then(pick)).collect();
        structure(
            vec![
                column("flagged", bools(v.iter().map(|v| v.and_then(|v| v.flagged)))),
                column(score, floats(v.iter().map(|v| v.and_then(|v| v.score)))),
            ],
            Some(v.iter().map(Option::is_some).collect()),
        )
    };
    structure(
        vec![
            column(crate::model::ROBERTA_KEY, tagger(|t| t.roberta, "probability")?),
            column(crate::model::T5_KEY, tagger(|t| t.t5, "score")?),
        ],
        Some(t.iter().map(Option::is_some).collect()),
    )
}

/// `conv_metadata` in the hub's field order. Bold spans are kept as one count, written as
/// `**` with `__` 0; `context_X_tokens` are not kept (null).
fn conv_metadata(index: &Index, rows: &[BattleId]) -> Result<ArrayRef, String> {
    let metas: Vec<_> = rows.iter().map(|&b| index.tags(b).meta.filter(|m| !m.computed)).collect();
    let count =
        |f: &dyn Fn(&crate::model::ConvMeta) -> u32| ints(metas.iter().map(|m| m.as_ref().map(|m| i64::from(f(m)))));
    let mut fields = Vec::new();
    for x in ["a", "b"] {
        let side = move |m: &crate::model::ConvMeta| -> StyleCounts { if x == "a" { m.a } else { m.b } };
        fields.push(column(&format!("sum_assistant_{x}_tokens"), count(&|m| side(m).tokens)));
        let headers = (0..6).map(|h| column(&format!("h{}", h + 1), count(&|m| side(m).headers[h]))).collect();
        fields.push(column(&format!("header_count_{x}"), structure(headers, None)?));
        let lists =
            vec![column("ordered", count(&|m| side(m).ordered)), column("unordered", count(&|m| side(m).unordered))];
        fields.push(column(&format!("list_count_{x}"), structure(lists, None)?));
        let bold = vec![column("**", count(&|m| side(m).bold)), column("__", count(&|_| 0))];
        fields.push(column(&format!("bold_count_{x}"), structure(bold, None)?));
        fields.push(column(&format!("context_{x}_tokens"), ints(std::iter::repeat_n(None, rows.len()))));
    }
    fields.push(column("sum_user_tokens", count(&|m| m.user_tokens)));
    fields.push(column("turns", count(&|m| m.turns)));
    structure(fields, Some(metas.iter().map(Option::is_some).collect()))
}

/// `category_tag` with the parts the index keeps; `if_v0.1.if` and
/// `creative_writing_v0.1.score` are not kept (null).
fn category_tag(index: &Index, rows: &[BattleId]) -> Result<ArrayRef, String> {
    let tags: Vec<_> = rows.iter().map(|&b| index.tags(b).categories).collect();
    let criteria = CRITERIA
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let v = tags
                .iter()
                .map(|c| c.filter(|c| c.criteria_known & (1 << i) != 0).map(|c| c.criteria_true & (1 << i) != 0));
            column(name, bools(v))
        })
        .collect();
    let n = rows.len();
    let if_part = structure(
        vec![
            column("if", bools(std::iter::repeat_n(None, n))),
            column("score", ints(tags.iter().map(|c| c.and_then(|c| c.if_score).map(i64::from)))),
        ],
        Some(tags.iter().map(|c| c.is_some_and(|c| c.if_score.is_some())).collect()),
    )?;
    let math = structure(
        vec![column("math", bools(tags.iter().map(|c| c.and_then(|c| c.math))))],
        Some(tags.iter().map(|c| c.is_some_and(|c| c.math.is_some())).collect()),
    )?;
    let creative = structure(
        vec![
            column("creative_writing", bools(tags.iter().map(|c| c.and_then(|c| c.creative_writing)))),
            column("score", strings(std::iter::repeat_n(None, n))),
        ],
        Some(tags.iter().map(|c| c.is_some_and(|c| c.creative_writing.is_some())).collect()),
    )?;
    structure(
        vec![
            column(
                "criteria_v0.1",
                structure(criteria, Some(tags.iter().map(|c| c.is_some_and(|c| c.criteria_known != 0)).collect()))?,
            ),
            column("if_v0.1", if_part),
            column("math_v0.1", math),
            column("creative_writing_v0.1", creative),
        ],
        Some(tags.iter().map(Option::is_some).collect()),
    )
}

fn dedup_tag(index: &Index, rows: &[BattleId]) -> Result<ArrayRef, String> {
    let d: Vec<_> = rows.iter().map(|&b| index.tags(b).dedup).collect();
    structure(
        vec![
            column("high_freq", bools(d.iter().map(|d| d.map(|d| d.high_freq)))),
            column("sampled", bools(d.iter().map(|d| d.map(|d| d.sampled)))),
        ],
        Some(d.iter().map(Option::is_some).collect()),
    )
}

fn review(index: &Index, rows: &[BattleId], reviews: &ReviewView) -> Result<ArrayRef, String> {
    let e: Vec<_> = rows.iter().map(|&b| reviews.entry(b)).collect();
    let ids: Vec<Option<String>> =
        rows.iter().zip(&e).map(|(&b, e)| e.map(|_| crate::review::BattleKey::of(index, b).to_string())).collect();
    let mut offsets = vec![0];
    let mut labels: Vec<Option<&str>> = Vec::new();
    for e in &e {
        labels.extend(e.iter().flat_map(|e| e.labels.iter().map(|l| Some(l.as_str()))));
        offsets.push(offset(labels.len())?);
    }
    structure(
        vec![
            column("id", strings(ids.iter().map(Option::as_deref))),
            column("labels", list(strings(labels.into_iter()), offsets)?),
            column("note", strings(e.iter().map(|e| e.map(|e| e.note.as_str())))),
            column("own_vote", strings(e.iter().map(|e| e.and_then(|e| e.own_vote).map(Winner::as_str)))),
            column("created", floats(e.iter().map(|e| e.map(|e| e.created)))),
            column("updated", floats(e.iter().map(|e| e.map(|e| e.updated)))),
        ],
        Some(e.iter().map(Option::is_some).collect()),
    )
}

/// The column `col` of `rows`.
fn array(index: &Index, rows: &[BattleId], name: &str, col: &Col, plan: &Plan) -> Result<ArrayRef, String> {
    fn s<'i>(rows: &[BattleId], f: impl Fn(BattleId) -> Option<&'i str>) -> ArrayRef {
        strings(rows.iter().map(|&b| f(b)))
    }
    let micros = |b: BattleId| index.tstamp(b).map(|t| (t * 1e6).round() as i64);
    Ok(match col {
        Col::Id => Arc::new(rows.iter().map(|&b| Some(index.question_id(b))).collect::<StringArray>()),
        Col::IntId => ints(rows.iter().map(|&b| index.question_id(b).parse().ok())),
        Col::ModelA => s(rows, |b| Some(index.model_name(index.model_a(b)))),
        Col::ModelB => s(rows, |b| Some(index.model_name(index.model_b(b)))),
        // A battle without a vote holds null, as Search Arena writes it.
        Col::Winner { both_bad } => s(rows, |b| match index.winner(b) {
            Winner::BothBad => Some(both_bad),
            Winner::NoVote => None,
            w => Some(w.as_str()),
        }),
        Col::Judge => s(rows, |b| index.judge_str(b)),
        Col::Conversation(side, form) => conversation(index, &sides(rows, *side), *form)?,
        Col::Turn => ints(rows.iter().map(|&b| Some(i64::from(index.turn(b))))),
        Col::Anony => bools(rows.iter().map(|&b| index.anony(b))),
        Col::Language => s(rows, |b| index.language_str(b)),
        Col::Tstamp => floats(rows.iter().map(|&b| index.tstamp(b))),
        Col::Timestamp => Arc::new(rows.iter().map(|&b| micros(b)).collect::<TimestampMicrosecondArray>()),
        Col::Moderation => moderation(index, rows)?,
        Col::Toxic => toxic(index, rows)?,
        Col::ConvMetadata => conv_metadata(index, rows)?,
        Col::IsCode => bools(rows.iter().map(|&b| index.tags(b).is_code)),
        Col::IsRefusal => bools(rows.iter().map(|&b| index.tags(b).is_refusal)),
        Col::Dedup => dedup_tag(index, rows)?,
        Col::Category => category_tag(index, rows)?,
        Col::SystemMeta(side) => system_meta(index, rows, *side, &plan.settings)?,
        Col::Languages => {
            let langs: Vec<Vec<&str>> = rows.iter().map(|&b| search_arena::languages(index, b)).collect();
            let mut offsets = vec![0];
            let mut n = 0;
            for l in &langs {
                n += l.len();
                offsets.push(offset(n)?);
            }
            list(strings(langs.iter().flatten().map(|l| Some(*l))), offsets)?
        }
        Col::Extra => s(rows, |b| extra(index, b, name)),
        Col::IntExtra => ints(rows.iter().map(|&b| extra(index, b, name).and_then(|v| v.parse().ok()))),
    })
}

/// Search Arena's `system_X_metadata`: `conv_id`, `client_country`, `citations` (a list of
/// URLs), then each setting of `settings` as text (null where a battle has none).
fn system_meta(index: &Index, rows: &[BattleId], side: Side, settings: &[String]) -> Result<ArrayRef, String> {
    let metas: Vec<_> = rows.iter().map(|&b| search_arena::side_meta(index, b, side)).collect();
    let mut offsets = vec![0];
    let mut n = 0;
    for m in &metas {
        n += m.citations.len();
        offsets.push(offset(n)?);
    }
    let urls = strings(metas.iter().flat_map(|m| m.citations.iter().map(|u| Some(u.as_str()))));
    let mut fields = vec![
        column("conv_id", strings(metas.iter().map(|m| Some(&*m.conv_id)))),
        column("client_country", strings(metas.iter().map(|m| m.client_country))),
        column("citations", list(urls, offsets)?),
    ];
    for name in settings {
        let value = |m: &search_arena::SideMeta<'_>| -> Option<String> {
            m.settings.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
        };
        let values: Vec<Option<String>> = metas.iter().map(value).collect();
        fields.push(column(name, strings(values.iter().map(Option::as_deref))));
    }
    structure(fields, None)
}

fn dataset_batch(
    index: &Index,
    rows: &[BattleId],
    plan: &Plan,
    reviews: Option<&ReviewView>,
) -> Result<RecordBatch, String> {
    let mut cols = Vec::with_capacity(plan.columns.len() + 1);
    for (name, col) in &plan.columns {
        cols.push(column(name, array(index, rows, name, col, plan)?));
    }
    if let Some(r) = reviews {
        cols.push(column("review", review(index, rows, r)?));
    }
    batch(cols)
}

fn batch(cols: Vec<Column>) -> Result<RecordBatch, String> {
    let (fields, arrays): (Vec<Field>, Vec<ArrayRef>) = cols.into_iter().unzip();
    RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays).map_err(|e| e.to_string())
}

fn pairs_batch(
    index: &Index,
    rows: &[Pair],
    with_label: bool,
    reviews: Option<&ReviewView>,
) -> Result<RecordBatch, String> {
    let model =
        |b: BattleId, side: Side| index.model_name(if side == Side::A { index.model_a(b) } else { index.model_b(b) });
    let ids: Vec<String> = rows.iter().map(|p| index.battle_label(p.battle)).collect();
    let chosen: Vec<(BattleId, Side)> = rows.iter().map(|p| (p.battle, p.chosen)).collect();
    let rejected: Vec<(BattleId, Side)> = rows.iter().map(|p| (p.battle, other(p.chosen))).collect();
    let mut cols = vec![
        column("id", strings(ids.iter().map(|s| Some(s.as_str())))),
        column("chosen", conversation(index, &chosen, Messages::RoleContent)?),
        column("rejected", conversation(index, &rejected, Messages::RoleContent)?),
        column("chosen_model", strings(rows.iter().map(|p| Some(model(p.battle, p.chosen))))),
        column("rejected_model", strings(rows.iter().map(|p| Some(model(p.battle, other(p.chosen)))))),
        column("language", strings(rows.iter().map(|p| index.language_str(p.battle)))),
        column("turn", ints(rows.iter().map(|p| Some(i64::from(index.turn(p.battle)))))),
    ];
    if with_label {
        cols.push(column("label", strings(rows.iter().map(|p| Some(p.label.as_str())))));
    }
    if let Some(r) = reviews {
        let battles: Vec<BattleId> = rows.iter().map(|p| p.battle).collect();
        cols.push(column("review", review(index, &battles, r)?));
    }
    batch(cols)
}
