//! Dataset exports as JSON Lines and CSV. JSON rows follow the release's layout (the same
//! columns as the parquet form, see [`super::layout`]); CSV is the 55k release's own Kaggle
//! layout for its battles, else the flat columns of `review export`.

use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;
use serde::ser::{SerializeMap, SerializeSeq, Serializer};

use super::FileType;
use super::layout::{self, Col, Messages, Plan, extra};
use super::search_arena;
use crate::index::{BattleId, Index, MessageSpan};
use crate::model::{CRITERIA, CategoryTags, ConvMeta, Release, StyleCounts, Winner};
use crate::output::{OutputError, WriteOptions, write_file};
use crate::review::ReviewView;
use crate::review::export::{ReviewJson, write_csv_rows};
use crate::row_json::{ModerationJson, ToxicJson};

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
        FileType::Csv if layout::layout(index, battles) == Release::Kaggle55k => {
            super::kaggle::write_csv(out, index, battles, reviews)
        }
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
    let plan = layout::plan(index, battles);
    for &battle in battles {
        serde_json::to_writer(&mut *out, &DatasetRow { index, battle, plan: &plan, reviews })?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// One exported row.
struct DatasetRow<'a> {
    index: &'a Index,
    battle: BattleId,
    plan: &'a Plan,
    /// `Some`: add a `review` key (null for a battle without an entry).
    reviews: Option<&'a ReviewView>,
}

impl Serialize for DatasetRow<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (index, b) = (self.index, self.battle);
        let mut map = s.serialize_map(None)?;
        for (name, col) in &self.plan.columns {
            map.serialize_entry(name, &Cell { index, b, name, col, plan: self.plan })?;
        }
        if let Some(reviews) = self.reviews {
            map.serialize_entry("review", &reviews.entry(b).map(|e| ReviewJson::new(index, b, e)))?;
        }
        map.end()
    }
}

/// One column of one row.
struct Cell<'a> {
    index: &'a Index,
    b: BattleId,
    name: &'a str,
    col: &'a Col,
    plan: &'a Plan,
}

impl Serialize for Cell<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (index, b) = (self.index, self.b);
        match self.col {
            Col::Id => s.serialize_str(&index.question_id(b)),
            Col::IntId => match index.question_id(b).parse::<i64>() {
                Ok(n) => s.serialize_i64(n),
                Err(_) => s.serialize_str(&index.question_id(b)),
            },
            Col::ModelA => s.serialize_str(index.model_name(index.model_a(b))),
            Col::ModelB => s.serialize_str(index.model_name(index.model_b(b))),
            // A battle without a vote holds null, as Search Arena writes it.
            Col::Winner { both_bad } => match index.winner(b) {
                Winner::BothBad => s.serialize_str(both_bad),
                Winner::NoVote => s.serialize_none(),
                w => s.serialize_str(w.as_str()),
            },
            Col::Judge => index.judge_str(b).serialize(s),
            Col::Conversation(side, form) => {
                Conversation { index, messages: index.conversation(b, *side), form: *form }.serialize(s)
            }
            Col::Turn => s.serialize_u32(index.turn(b)),
            Col::Anony => index.anony(b).serialize(s),
            Col::Language => index.language_str(b).serialize(s),
            Col::Tstamp | Col::Timestamp => index.tstamp(b).serialize(s),
            Col::Moderation => index.moderation(b).as_ref().map(ModerationJson).serialize(s),
            Col::Toxic => index.toxic(b).as_ref().map(ToxicJson).serialize(s),
            Col::ConvMetadata => index.tags(b).meta.filter(|m| !m.computed).as_ref().map(MetaJson).serialize(s),
            Col::Category => index.tags(b).categories.as_ref().map(CategoriesJson).serialize(s),
            Col::IsCode => index.tags(b).is_code.serialize(s),
            Col::IsRefusal => index.tags(b).is_refusal.serialize(s),
            Col::Dedup => index
                .tags(b)
                .dedup
                .map(|d| serde_json::json!({"high_freq": d.high_freq, "sampled": d.sampled}))
                .serialize(s),
            Col::SystemMeta(side) => {
                let m = search_arena::side_meta(index, b, *side);
                let mut map = s.serialize_map(None)?;
                map.serialize_entry("conv_id", &m.conv_id)?;
                map.serialize_entry("client_country", &m.client_country)?;
                map.serialize_entry("citations", &m.citations)?;
                for name in &self.plan.settings {
                    let v = m.settings.iter().find(|(k, _)| k == name).map(|(_, v)| search_arena::setting_json(v));
                    map.serialize_entry(name, &v)?;
                }
                map.end()
            }
            Col::Languages => search_arena::languages(index, b).serialize(s),
            Col::Extra => extra(index, b, self.name).serialize(s),
            Col::IntExtra => match extra(index, b, self.name) {
                Some(v) => match v.parse::<i64>() {
                    Ok(n) => s.serialize_i64(n),
                    Err(_) => s.serialize_str(v),
                },
                None => s.serialize_none(),
            },
        }
    }
}

/// A conversation as its layout writes it.
struct Conversation<'a> {
    index: &'a Index,
    messages: &'a [MessageSpan],
    form: Messages,
}

impl Serialize for Conversation<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.messages.len()))?;
        for m in self.messages {
            seq.serialize_element(&Message {
                content: self.index.message_text(m),
                role: self.index.role_name(m),
                form: self.form,
            })?;
        }
        seq.end()
    }
}

struct Message<'a> {
    content: &'a str,
    role: &'a str,
    form: Messages,
}

impl Serialize for Message<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(2))?;
        match self.form {
            Messages::ContentRole => {
                map.serialize_entry("content", self.content)?;
                map.serialize_entry("role", self.role)?;
            }
            Messages::RoleContent => {
                map.serialize_entry("role", self.role)?;
                map.serialize_entry("content", self.content)?;
            }
            Messages::Parts => {
                map.serialize_entry("role", self.role)?;
                let part = serde_json::json!([{"type": "text", "text": self.content, "image": null, "mimeType": null}]);
                map.serialize_entry("content", &part)?;
            }
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
