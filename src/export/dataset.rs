//! Dataset exports as JSON Lines and CSV: JSON rows in the form `search --json` writes (the
//! 2023 release's keys), then the later releases' tags and extra columns where a battle has
//! them, then `review` when asked; CSV with the flat columns of `review export`.

use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use super::FileType;
use crate::index::{BattleId, Index};
use crate::model::{CRITERIA, CategoryTags, ConvMeta, StyleCounts};
use crate::output::{OutputError, WriteOptions, write_file};
use crate::review::ReviewView;
use crate::review::export::{ReviewJson, write_csv_rows};
use crate::row_json::RowJson;

/// Writes the rows; returns how many.
pub(super) fn write(
    path: &Path,
    file_type: FileType,
    index: &Index,
    battles: &[BattleId],
    reviews: Option<&ReviewView>,
    opts: WriteOptions<'_>,
) -> Result<usize, OutputError> {
    write_file(path, opts, |out| match file_type {
        FileType::JsonLines => write_jsonl(out, index, battles, reviews),
        FileType::Csv => write_csv_rows(out, index, battles.iter().map(|&b| (b, reviews.and_then(|r| r.entry(b))))),
        FileType::Parquet => super::parquet::write_dataset(out, index, battles, reviews),
    })?;
    Ok(battles.len())
}

pub(super) fn write_jsonl(
    out: &mut dyn Write,
    index: &Index,
    battles: &[BattleId],
    reviews: Option<&ReviewView>,
) -> io::Result<()> {
    for &battle in battles {
        serde_json::to_writer(&mut *out, &DatasetRow { index, battle, reviews })?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// One exported row.
pub(super) struct DatasetRow<'a> {
    pub index: &'a Index,
    pub battle: BattleId,
    /// `Some`: add a `review` key (null for a battle without an entry).
    pub reviews: Option<&'a ReviewView>,
}

impl Serialize for DatasetRow<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (index, b) = (self.index, self.battle);
        let mut map = s.serialize_map(None)?;
        RowJson { index, battle: b }.serialize_fields(&mut map)?;
        let tags = index.tags(b);
        if let Some(meta) = tags.meta.filter(|m| !m.computed) {
            map.serialize_entry("conv_metadata", &MetaJson(&meta))?;
        }
        if let Some(c) = &tags.categories {
            map.serialize_entry("category_tag", &CategoriesJson(c))?;
        }
        if let Some(v) = tags.is_code {
            map.serialize_entry("is_code", &v)?;
        }
        if let Some(v) = tags.is_refusal {
            map.serialize_entry("is_refusal", &v)?;
        }
        if let Some(d) = tags.dedup {
            map.serialize_entry("dedup_tag", &serde_json::json!({"high_freq": d.high_freq, "sampled": d.sampled}))?;
        }
        for (name, value) in index.extra(b) {
            map.serialize_entry(name, value)?;
        }
        if let Some(reviews) = self.reviews {
            map.serialize_entry("review", &reviews.entry(b).map(|e| ReviewJson::new(index, b, e)))?;
        }
        map.end()
    }
}

/// `conv_metadata` with the keys of the 100k and 140k releases. Bold spans are kept as one
/// count, written as `**` (with `__` 0); `context_X_tokens` are not kept (not written).
struct MetaJson<'a>(&'a ConvMeta);

impl Serialize for MetaJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let m = self.0;
        let mut map = s.serialize_map(None)?;
        for (x, side) in [("a", &m.a), ("b", &m.b)] {
            side_json(&mut map, x, side)?;
        }
        map.serialize_entry("sum_user_tokens", &m.user_tokens)?;
        map.serialize_entry("turns", &m.turns)?;
        map.end()
    }
}

fn side_json<M: SerializeMap>(map: &mut M, x: &str, c: &StyleCounts) -> Result<(), M::Error> {
    map.serialize_entry(&format!("sum_assistant_{x}_tokens"), &c.tokens)?;
    let headers: serde_json::Map<String, serde_json::Value> =
        c.headers.iter().enumerate().map(|(i, n)| (format!("h{}", i + 1), (*n).into())).collect();
    map.serialize_entry(&format!("header_count_{x}"), &headers)?;
    map.serialize_entry(
        &format!("list_count_{x}"),
        &serde_json::json!({"ordered": c.ordered, "unordered": c.unordered}),
    )?;
    map.serialize_entry(&format!("bold_count_{x}"), &serde_json::json!({"**": c.bold, "__": 0}))
}

/// `category_tag` with the parts the index keeps (each criterion where known, `if_v0.1.score`,
/// `math_v0.1.math`, `creative_writing_v0.1.creative_writing`).
struct CategoriesJson<'a>(&'a CategoryTags);

impl Serialize for CategoriesJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let c = self.0;
        let mut map = s.serialize_map(None)?;
        let criteria: serde_json::Map<String, serde_json::Value> = CRITERIA
            .iter()
            .enumerate()
            .filter(|(i, _)| c.criteria_known & (1 << i) != 0)
            .map(|(i, name)| ((*name).to_owned(), (c.criteria_true & (1 << i) != 0).into()))
            .collect();
        map.serialize_entry("criteria_v0.1", &criteria)?;
        if let Some(score) = c.if_score {
            map.serialize_entry("if_v0.1", &serde_json::json!({ "score": score }))?;
        }
        if let Some(math) = c.math {
            map.serialize_entry("math_v0.1", &serde_json::json!({ "math": math }))?;
        }
        if let Some(cw) = c.creative_writing {
            map.serialize_entry("creative_writing_v0.1", &serde_json::json!({ "creative_writing": cw }))?;
        }
        map.end()
    }
}
