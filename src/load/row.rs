//! One JSON row of the dataset, parsed with borrowed strings where the input allows, and
//! checked field by field so that a bad row is reported by the field that is wrong.

use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::index::{BattleFacets, BattleTable};
use crate::model::{Moderation, Release, ReleaseTags, TaggerVerdict, ToxicTags, Winner, moderation_category_index};

/// A string that borrows from the input unless it had escapes.
struct Text<'a>(Cow<'a, str>);

impl<'de> de::Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

pub(crate) struct Message<'a> {
    pub role: Cow<'a, str>,
    pub content: Cow<'a, str>,
}

/// A conversation: a list of `{content, role}` objects.
struct Conversation<'a>(Vec<Message<'a>>);

impl<'de> de::Deserialize<'de> for Conversation<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Conversation<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of messages")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(2));
                while let Some(m) = seq.next_element_seed(MessageSeed(out.len()))? {
                    out.push(m);
                }
                Ok(Conversation(out))
            }
        }
        d.deserialize_seq(V)
    }
}

/// Parses message number `.0` (for the error message).
struct MessageSeed(usize);

impl<'de> DeserializeSeed<'de> for MessageSeed {
    type Value = Message<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for MessageSeed {
    type Value = Message<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "message {} to be an object with content and role", self.0)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (mut role, mut content) = (None, None);
        while let Some(key) = map.next_key::<Text>()? {
            match key.0.as_ref() {
                "role" => role = Some(map.next_value::<Text>().map_err(|e| in_message::<A>(self.0, "role", e))?),
                "content" => {
                    content = Some(map.next_value::<ContentJson>().map_err(|e| in_message::<A>(self.0, "content", e))?)
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        match (role, content) {
            (Some(r), Some(c)) => Ok(Message { role: r.0, content: c.0 }),
            (None, _) => Err(de::Error::custom(format_args!("message {}: missing role", self.0))),
            (_, None) => Err(de::Error::custom(format_args!("message {}: missing content", self.0))),
        }
    }
}

/// A message's content: a string, or the 140k's list of `{type, text, image, mimeType}` parts
/// (text parts joined by newlines, anything else a visible placeholder naming its type).
struct ContentJson<'a>(Cow<'a, str>);

impl<'de> de::Deserialize<'de> for ContentJson<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ContentJson<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string or a list of parts")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(ContentJson(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(ContentJson(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
                Ok(ContentJson(Cow::Owned(v)))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut out: Option<Cow<'de, str>> = None;
                while let Some(part) = seq.next_element::<PartJson>()? {
                    let piece = part.shown();
                    out = Some(match out {
                        None => piece,
                        Some(prev) => Cow::Owned(format!("{prev}\n{piece}")),
                    });
                }
                Ok(ContentJson(out.unwrap_or(Cow::Borrowed(""))))
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(serde::Deserialize)]
struct PartJson<'a> {
    #[serde(rename = "type", borrow, default)]
    kind: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    text: Option<Cow<'a, str>>,
    #[serde(default)]
    image: Option<IgnoredAny>,
    #[serde(rename = "mimeType", borrow, default)]
    mime: Option<Cow<'a, str>>,
}

impl<'a> PartJson<'a> {
    fn shown(self) -> Cow<'a, str> {
        match self.text {
            Some(t) if self.kind.as_deref().is_none_or(|k| k == "text") => t,
            _ => {
                let fallback = if self.image.is_some() { "image" } else { "unknown" };
                let kind = self.kind.as_deref().unwrap_or(fallback);
                match self.mime {
                    Some(m) => Cow::Owned(format!("[{kind}: {m}]")),
                    None => Cow::Owned(format!("[{kind}]")),
                }
            }
        }
    }
}

fn in_message<'de, A: MapAccess<'de>>(i: usize, key: &str, e: A::Error) -> A::Error {
    de::Error::custom(format_args!("message {i}: {key}: {}", utf8_words(strip_position(&e.to_string()))))
}

/// serde_json appends " at line L column C"; the caller reports the location itself.
pub(crate) fn strip_position(msg: &str) -> &str {
    match msg.rfind(" at line ") {
        Some(i) if msg[i..].contains(" column ") => &msg[..i],
        _ => msg,
    }
}

/// serde_json's words for bad bytes in a string, in the words users search for.
fn utf8_words(msg: &str) -> String {
    msg.replace("invalid unicode code point", "invalid UTF-8")
}

/// A parsed row, before validation.
#[derive(Default)]
pub(crate) struct RawRow<'a> {
    question_id: Option<Text<'a>>,
    model_a: Option<Text<'a>>,
    model_b: Option<Text<'a>>,
    winner: Option<Text<'a>>,
    judge: Option<Text<'a>>,
    conversation_a: Option<Conversation<'a>>,
    conversation_b: Option<Conversation<'a>>,
    turn: Option<i64>,
    anony: Option<bool>,
    language: Option<Text<'a>>,
    tstamp: Option<f64>,
    moderation: Option<Moderation>,
    toxic: Option<ToxicTags>,
    tags: ReleaseTags,
    /// Keys no field holds, as short text.
    extra: Vec<(String, String)>,
    /// Search Arena: `system_a_metadata`, `system_b_metadata`, `languages`.
    system_meta: [Option<super::search_arena::SideMeta>; 2],
    languages: Vec<String>,
    /// Which keys of the later releases the row has (for recognising the release).
    release: Option<Release>,
}

/// Parses a row, remembering in `field` which key was being read when an error struck.
struct RowSeed<'c> {
    field: &'c Cell<&'static str>,
}

impl<'de> DeserializeSeed<'de> for RowSeed<'_> {
    type Value = RawRow<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

const KEYS: [&str; 13] = crate::model::FIELDS;

impl<'de> Visitor<'de> for RowSeed<'_> {
    type Value = RawRow<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object (one battle)")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut row = RawRow::default();
        let mut id = None;
        let mut judge_hash = None;
        let mut later = None;
        while let Some(key) = map.next_key::<Text>()? {
            let name = match KEYS.iter().chain(LATER_KEYS.iter()).find(|k| **k == key.0) {
                Some(&name) => name,
                None => {
                    // A key no release names: kept as short text (nulls dropped).
                    let value = map.next_value::<serde_json::Value>()?;
                    if let Some(text) = super::release::render_json(&value) {
                        row.extra.push((key.0.into_owned(), text));
                    }
                    continue;
                }
            };
            self.field.set(name);
            match name {
                "question_id" => {
                    let qid = map.next_value::<Option<IdJson>>()?;
                    if qid.as_ref().is_some_and(|q| q.1) {
                        later = Some(Release::MtBench);
                    }
                    row.question_id = qid.map(|i| i.0);
                }
                "id" => {
                    id = map.next_value::<Option<IdJson>>()?.map(|i| i.0);
                    later.get_or_insert(Release::Preference140k);
                }
                "model_a" => row.model_a = map.next_value()?,
                "model_b" => row.model_b = map.next_value()?,
                "winner" => row.winner = map.next_value()?,
                "judge" => row.judge = map.next_value()?,
                "judge_hash" => judge_hash = map.next_value::<Option<Text>>()?,
                "conversation_a" | "messages_a" => row.conversation_a = map.next_value()?,
                "conversation_b" | "messages_b" => row.conversation_b = map.next_value()?,
                "turn" => row.turn = map.next_value::<Option<Number>>()?.map(|n| n.0),
                "anony" => row.anony = map.next_value()?,
                "language" => row.language = map.next_value()?,
                "tstamp" => row.tstamp = map.next_value::<Option<Float>>()?.map(|f| f.0),
                "timestamp" => {
                    if row.tstamp.is_none() {
                        row.tstamp = map.next_value::<Option<TimeJson>>()?.map(|t| t.0);
                    } else {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
                "openai_moderation" => row.moderation = map.next_value::<Option<ModerationJson>>()?.map(|m| m.0),
                "toxic_chat_tag" => row.toxic = map.next_value::<Option<ToxicJson>>()?.map(|t| t.0),
                "conv_metadata" => {
                    let v = map.next_value::<serde_json::Value>()?;
                    row.tags.meta = super::release::conv_meta_json(&v);
                }
                "category_tag" => {
                    let v = map.next_value::<serde_json::Value>()?;
                    row.tags.categories = super::release::category_tags_json(&v);
                }
                "dedup_tag" => {
                    let v = map.next_value::<serde_json::Value>()?;
                    row.tags.dedup = super::release::dedup_tag_json(&v);
                }
                "system_a_metadata" | "system_b_metadata" => {
                    let v = map.next_value::<serde_json::Value>()?;
                    row.system_meta[usize::from(name == "system_b_metadata")] = super::search_arena::side_meta_json(&v);
                    later = Some(Release::SearchArena);
                }
                "languages" => {
                    let v = map.next_value::<serde_json::Value>()?;
                    row.languages = super::search_arena::languages_json(&v);
                }
                "is_code" => row.tags.is_code = map.next_value()?,
                "is_refusal" => row.tags.is_refusal = map.next_value()?,
                "full_conversation" | "evaluation_session_id" | "evaluation_order" => {
                    later = Some(Release::Preference140k);
                    if name == "full_conversation" {
                        map.next_value::<IgnoredAny>()?;
                    } else {
                        let value = map.next_value::<serde_json::Value>()?;
                        if let Some(text) = super::release::render_json(&value) {
                            row.extra.push((name.to_owned(), text));
                        }
                    }
                }
                _ => unreachable!("every key of KEYS and LATER_KEYS is matched"),
            }
            if name == "judge_hash" || LATER_KEYS[..7].contains(&name) {
                later.get_or_insert(Release::Preference100k);
            }
            if name.starts_with("messages_") {
                later = Some(Release::SearchArena);
            }
        }
        self.field.set("");
        if row.question_id.is_none() {
            row.question_id = id;
        }
        if row.judge.is_none() {
            row.judge = judge_hash;
        }
        if later == Some(Release::MtBench) && !row.extra.iter().any(|(k, _)| k == "split") {
            let judge = row.judge.as_ref().map(|j| j.0.as_ref());
            row.extra.push(("split".to_owned(), super::release::mtbench_split(judge).to_owned()));
        }
        row.release = later;
        Ok(row)
    }
}

/// Keys of the later releases read into fields (the first seven mark the 100k layout).
const LATER_KEYS: [&str; 15] = [
    "conv_metadata",
    "category_tag",
    "dedup_tag",
    "is_code",
    "is_refusal",
    "judge_hash",
    "timestamp",
    "id",
    "messages_a",
    "messages_b",
    "full_conversation",
    "evaluation_session_id",
    "system_a_metadata",
    "system_b_metadata",
    "languages",
];

/// A battle id: a string, or an integer (MT-bench) kept as its decimal text (then `.1`).
struct IdJson<'a>(Text<'a>, bool);

impl<'de> de::Deserialize<'de> for IdJson<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = IdJson<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string or an integer")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(IdJson(Text(Cow::Borrowed(v)), false))
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(IdJson(Text(Cow::Owned(v.to_owned())), false))
            }
            fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
                Ok(IdJson(Text(Cow::Owned(v)), false))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
                Ok(IdJson(Text(Cow::Owned(v.to_string())), true))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
                Ok(IdJson(Text(Cow::Owned(v.to_string())), true))
            }
        }
        d.deserialize_any(V)
    }
}

/// A time: unix seconds, or an ISO 8601 string (the 140k's `timestamp` in JSON).
struct TimeJson(f64);

impl<'de> de::Deserialize<'de> for TimeJson {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = TimeJson;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("unix seconds or an ISO 8601 time")
            }
            fn visit_f64<E>(self, v: f64) -> Result<TimeJson, E> {
                Ok(TimeJson(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<TimeJson, E> {
                Ok(TimeJson(epoch_seconds(v as f64)))
            }
            fn visit_u64<E>(self, v: u64) -> Result<TimeJson, E> {
                Ok(TimeJson(epoch_seconds(v as f64)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<TimeJson, E> {
                crate::time::parse_iso(v).map(TimeJson).ok_or_else(|| E::custom(format!("not an ISO 8601 time: {v:?}")))
            }
        }
        d.deserialize_any(V)
    }
}

/// pandas' `to_json` writes datetimes as integer epoch milliseconds: an integer `timestamp`
/// past the year 5000 in seconds is taken as milliseconds.
fn epoch_seconds(v: f64) -> f64 {
    if v.abs() >= 1e11 { v / 1e3 } else { v }
}

/// An integer that may be written as `2` or `2.0`.
struct Number(i64);

impl<'de> de::Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Number;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an integer")
            }
            fn visit_i64<E>(self, v: i64) -> Result<Number, E> {
                Ok(Number(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Number, E> {
                i64::try_from(v).map(Number).map_err(|_| E::custom("integer too large"))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Number, E> {
                if v.fract() == 0.0 && v.abs() < 1e15 {
                    Ok(Number(v as i64))
                } else {
                    Err(E::invalid_type(de::Unexpected::Float(v), &self))
                }
            }
        }
        d.deserialize_any(V)
    }
}

/// A float that may be written as an integer.
struct Float(f64);

impl<'de> de::Deserialize<'de> for Float {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Float;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number")
            }
            fn visit_i64<E>(self, v: i64) -> Result<Float, E> {
                Ok(Float(v as f64))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Float, E> {
                Ok(Float(v as f64))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Float, E> {
                Ok(Float(v))
            }
        }
        d.deserialize_any(V)
    }
}

struct ModerationJson(Moderation);

impl<'de> de::Deserialize<'de> for ModerationJson {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ModerationJson;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object with categories, category_scores and flagged")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut m = Moderation::default();
                while let Some(key) = map.next_key::<Text>()? {
                    match key.0.as_ref() {
                        "categories" => {
                            if let Some(c) = map.next_value::<Option<CategoryMap<bool>>>()? {
                                m.has_categories = true;
                                for (i, v) in c.0 {
                                    m.set_category(i, v);
                                }
                            }
                        }
                        "category_scores" => {
                            if let Some(c) = map.next_value::<Option<CategoryMap<Float>>>()? {
                                m.has_scores = true;
                                for (i, v) in c.0 {
                                    m.scores[i] = Some(v.0);
                                }
                            }
                        }
                        "flagged" => m.flagged = map.next_value()?,
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(ModerationJson(m))
            }
        }
        d.deserialize_map(V)
    }
}

/// A map from moderation category names to values; unknown names and nulls are skipped.
struct CategoryMap<T>(Vec<(usize, T)>);

impl<'de, T: de::Deserialize<'de>> de::Deserialize<'de> for CategoryMap<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: de::Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = CategoryMap<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object keyed by moderation category")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::with_capacity(11);
                while let Some(key) = map.next_key::<Text>()? {
                    match moderation_category_index(&key.0) {
                        Some(i) => {
                            if let Some(v) = map.next_value::<Option<T>>()? {
                                out.push((i, v));
                            }
                        }
                        None => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(CategoryMap(out))
            }
        }
        d.deserialize_map(V(std::marker::PhantomData))
    }
}

struct ToxicJson(ToxicTags);

impl<'de> de::Deserialize<'de> for ToxicJson {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ToxicJson;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object with roberta-large and t5-large")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut t = ToxicTags::default();
                while let Some(key) = map.next_key::<Text>()? {
                    match key.0.as_ref() {
                        "roberta-large" => t.roberta = map.next_value::<Option<VerdictJson>>()?.map(|v| v.0),
                        "t5-large" => t.t5 = map.next_value::<Option<VerdictJson>>()?.map(|v| v.0),
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(ToxicJson(t))
            }
        }
        d.deserialize_map(V)
    }
}

struct VerdictJson(TaggerVerdict);

impl<'de> de::Deserialize<'de> for VerdictJson {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = VerdictJson;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object with flagged and a score")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut v = TaggerVerdict::default();
                while let Some(key) = map.next_key::<Text>()? {
                    match key.0.as_ref() {
                        "flagged" => v.flagged = map.next_value()?,
                        "probability" | "score" => v.score = map.next_value::<Option<Float>>()?.map(|f| f.0),
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(VerdictJson(v))
            }
        }
        d.deserialize_map(V)
    }
}

/// Why a row was rejected: the field, and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RowError {
    pub field: String,
    pub reason: String,
}

impl RowError {
    pub fn new(field: &str, reason: impl Into<String>) -> RowError {
        RowError { field: field.to_owned(), reason: reason.into() }
    }
}

/// A row that was added, with what was wrong with a part of it (set to unknown), if anything.
pub(crate) type Kept = Option<RowError>;

/// Unix seconds of 2000-01-01 and 2100-01-01 (UTC): a battle's time lies between them.
pub const PLAUSIBLE_TSTAMP: std::ops::Range<f64> = 946_684_800.0..4_102_444_800.0;

/// A timestamp the index may hold, or why it is not one: the row is then kept with an
/// unknown time (an absurd time would size the per-day views by its value).
pub(crate) fn plausible_tstamp(t: Option<f64>) -> (Option<f64>, Kept) {
    let Some(t) = t else { return (None, None) };
    if PLAUSIBLE_TSTAMP.contains(&t) {
        return (Some(t), None);
    }
    let what = if !t.is_finite() {
        "not a finite number".to_owned()
    } else {
        let side = if t < PLAUSIBLE_TSTAMP.start { "before 2000-01-01" } else { "after 2100-01-01" };
        let unit = [(1e3, "milliseconds"), (1e6, "microseconds"), (1e9, "nanoseconds")]
            .into_iter()
            .find(|(per_second, _)| PLAUSIBLE_TSTAMP.contains(&(t / per_second)));
        match unit {
            Some((_, unit)) => format!("{t} is {side} (looks like {unit}, not unix seconds)"),
            None => format!("{t} is {side}, not a plausible unix time in seconds"),
        }
    };
    (None, Some(RowError::new("tstamp", format!("{what}; row kept with an unknown time"))))
}

/// Parses one JSON object and adds it to `table`, or says what is wrong with it. Returns the
/// later release its keys belong to (`None`: the 2023 layout) and what was set to unknown.
pub(crate) fn parse_row_into(bytes: &[u8], table: &mut BattleTable) -> Result<(Option<Release>, Kept), RowError> {
    // Validating the whole row at once is much faster than serde_json checking every string;
    // rows with bad bytes take the slow path, which says which field holds them.
    match std::str::from_utf8(bytes) {
        Ok(text) => parse_with(serde_json::Deserializer::from_str(text), table),
        Err(_) => parse_with(serde_json::Deserializer::from_slice(bytes), table),
    }
}

fn parse_with<'de, R: serde_json::de::Read<'de>>(
    mut de: serde_json::Deserializer<R>,
    table: &mut BattleTable,
) -> Result<(Option<Release>, Kept), RowError> {
    let field = Cell::new("");
    let parsed = RowSeed { field: &field }.deserialize(&mut de).and_then(|row| de.end().map(|()| row));
    let row = parsed.map_err(|e| json_error(&e, field.get()))?;
    push_raw_row(&row, table)
}

fn json_error(e: &serde_json::Error, field: &str) -> RowError {
    use serde_json::error::Category;
    let msg = utf8_words(strip_position(&e.to_string()));
    match e.classify() {
        Category::Eof => RowError::new(or_json(field), "truncated JSON (the row ends too early)"),
        Category::Syntax if msg.contains("UTF-8") => RowError::new(or_json(field), "invalid UTF-8"),
        Category::Syntax | Category::Io => RowError::new(or_json(field), format!("invalid JSON: {msg}")),
        // An end of input inside a message comes back wrapped by `in_message`, as a data error.
        Category::Data if msg.contains("EOF while parsing") => {
            RowError::new(or_json(field), "truncated JSON (the row ends too early)")
        }
        Category::Data if field.is_empty() => RowError::new("(row)", friendly_type_error(&msg, "a JSON object")),
        Category::Data if field.starts_with("conversation") => RowError::new(field, conversation_reason(&msg)),
        Category::Data => RowError::new(field, msg),
    }
}

fn or_json(field: &str) -> &str {
    if field.is_empty() { "(json)" } else { field }
}

fn conversation_reason(msg: &str) -> String {
    if msg.starts_with("message ") {
        return msg.to_owned();
    }
    // A list with an element that is not a message: keep which one.
    // "invalid type: integer `7`, expected message 1 to be an object with content and role"
    let element = msg.strip_prefix("invalid type: ").and_then(|m| m.split_once(", expected message "));
    if let Some((found, rest)) = element
        && let Some((n, what)) = rest.split_once(" to be ")
    {
        return format!("message {n}: expected {what}, found {found}");
    }
    friendly_type_error(msg, "a list of messages")
}

/// "invalid type: string \"x\", expected a list of messages" -> "expected a list of messages, found a string"
fn friendly_type_error(msg: &str, expected: &str) -> String {
    match msg.strip_prefix("invalid type: ").and_then(|m| m.split_once(", expected")) {
        Some((found, _)) => format!("expected {expected}, found {found}"),
        None => msg.to_owned(),
    }
}

/// The dataset's winner string as a vote; anything else is a row error.
/// The 140k release spells both-bad `both_bad`.
pub(crate) fn parse_winner(s: &str) -> Result<Winner, RowError> {
    if s == "both_bad" {
        return Ok(Winner::BothBad);
    }
    Winner::from_dataset_str(s).ok_or_else(|| {
        RowError::new("winner", format!("unknown value {s:?} (expected model_a, model_b, tie or \"tie (bothbad)\")"))
    })
}

fn required<'r, 'a>(v: &'r Option<Text<'a>>, field: &str) -> Result<&'r str, RowError> {
    v.as_ref().map(|t| t.0.as_ref()).ok_or_else(|| RowError::new(field, "missing field"))
}

fn pairs<'c>(c: &'c Conversation<'_>) -> impl Iterator<Item = (&'c str, &'c str)> {
    c.0.iter().map(|m| (m.role.as_ref(), m.content.as_ref()))
}

/// Adds the row; returns the later release its keys belong to (`None`: the 2023 layout) and
/// what was set to unknown.
fn push_raw_row(row: &RawRow<'_>, table: &mut BattleTable) -> Result<(Option<Release>, Kept), RowError> {
    let search = row.release == Some(Release::SearchArena);
    let model_a = required(&row.model_a, "model_a")?;
    let model_b = required(&row.model_b, "model_b")?;
    let winner = match row.winner.as_ref().map(|t| t.0.as_ref()) {
        // Search Arena keeps conversations nobody voted on: the winner is unknown.
        None | Some("") if search => Winner::NoVote,
        _ => parse_winner(required(&row.winner, "winner")?)?,
    };
    let conv_a = row.conversation_a.as_ref().ok_or_else(|| RowError::new("conversation_a", "missing field"))?;
    let conv_b = row.conversation_b.as_ref().ok_or_else(|| RowError::new("conversation_b", "missing field"))?;
    let mut extra = row.extra.clone();
    let conv_id = super::search_arena::push_extras(
        row.system_meta[0].clone(),
        row.system_meta[1].clone(),
        &row.languages,
        &mut extra,
    );
    let derived;
    let question_id = match &row.question_id {
        Some(q) => q.0.as_ref(),
        None if search => {
            derived = conv_id.unwrap_or_else(|| {
                let prompt = pairs(conv_a).find(|(r, _)| *r == "user").map_or("", |(_, t)| t);
                super::search_arena::content_id(model_a, model_b, prompt)
            });
            derived.as_str()
        }
        None => return Err(RowError::new("question_id", "missing field")),
    };
    let turn = match row.turn {
        Some(t) if !(0..=u32::MAX as i64).contains(&t) => {
            return Err(RowError::new("turn", format!("out of range: {t}")));
        }
        t => t.map(|t| t as u32),
    };
    let (tstamp, kept) = plausible_tstamp(row.tstamp);
    let facets = BattleFacets {
        question_id,
        model_a,
        model_b,
        winner,
        judge: row.judge.as_ref().map(|t| t.0.as_ref()),
        turn,
        anony: row.anony,
        language: row
            .language
            .as_ref()
            .map(|t| t.0.as_ref())
            .or_else(|| row.languages.first().map(String::as_str))
            .and_then(super::release::known_language),
        tstamp,
        moderation: row.moderation,
        toxic: row.toxic,
        tags: row.tags,
        extra,
    };
    table.push_battle(&facets, pairs(conv_a), pairs(conv_b));
    Ok((row.release, kept))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Result<BattleTable, RowError> {
        let mut t = BattleTable::new();
        parse_row_into(json.as_bytes(), &mut t).map(|_| t)
    }

    const GOOD: &str = r#"{"question_id":"q","model_a":"a","model_b":"b","winner":"tie","judge":"arena_user_1",
        "conversation_a":[{"content":"hi \"there\"","role":"user"},{"content":"yo","role":"assistant"}],
        "conversation_b":[{"content":"hi","role":"user"},{"content":"hey","role":"assistant"}],
        "turn":1,"anony":true,"language":"English","tstamp":1682351591.1322,
        "openai_moderation":{"categories":{"harassment":false,"hate":true},"category_scores":{"harassment":0.5},"flagged":true},
        "toxic_chat_tag":{"roberta-large":{"flagged":false,"probability":0.1},"t5-large":{"flagged":true,"score":0.7}},
        "extra_column":[1,2,{"x":null}]}"#;

    #[test]
    fn good_row_parses_with_unknown_columns_ignored() {
        let t = parse(GOOD).unwrap();
        assert_eq!(t.len(), 1);
    }

    fn err(json: &str) -> RowError {
        parse(json).expect_err("row should be rejected")
    }

    #[test]
    fn missing_and_mistyped_fields_name_the_field() {
        let missing = GOOD.replace(r#""conversation_b""#, r#""conversation_x""#);
        assert_eq!(err(&missing), RowError::new("conversation_b", "missing field"));

        let not_list = GOOD.replace(r#""conversation_a":["#, r#""conversation_a":"oops","zz":["#);
        let e = err(&not_list);
        assert_eq!(e.field, "conversation_a");
        assert!(e.reason.contains("expected a list of messages"), "{e:?}");

        let not_msg = GOOD.replace(r#"{"content":"yo","role":"assistant"}"#, "7");
        let e = err(&not_msg);
        assert_eq!(e.field, "conversation_a");
        assert_eq!(e.reason, "message 1: expected an object with content and role, found integer `7`");

        let bad_msg = GOOD.replace(r#"{"content":"yo","role":"assistant"}"#, r#"{"role":"assistant"}"#);
        let e = err(&bad_msg);
        assert_eq!((e.field.as_str(), e.reason.as_str()), ("conversation_a", "message 1: missing content"));

        let winner = GOOD.replace(r#""winner":"tie""#, r#""winner":"draw""#);
        let e = err(&winner);
        assert_eq!(e.field, "winner");
        assert!(e.reason.contains("\"draw\""));

        let turn = GOOD.replace(r#""turn":1"#, r#""turn":"one""#);
        assert_eq!(err(&turn).field, "turn");
    }

    #[test]
    fn truncated_and_non_object_rows() {
        let e = err(&GOOD[..GOOD.len() / 2]);
        assert!(e.reason.contains("truncated"), "{e:?}");
        let inside_message = &GOOD[..GOOD.find("yo").unwrap() + 1];
        let e = err(inside_message);
        assert_eq!(
            (e.field.as_str(), e.reason.as_str()),
            ("conversation_a", "truncated JSON (the row ends too early)")
        );
        let e = err("[1,2,3]");
        assert!(e.reason.contains("expected a JSON object"), "{e:?}");
        let e = err("{\"question_id\": \"q\"} trailing");
        assert!(e.reason.contains("invalid JSON"), "{e:?}");
    }

    #[test]
    fn invalid_utf8_is_a_row_error() {
        let mut bytes = GOOD.as_bytes().to_vec();
        let pos = GOOD.find("yo").unwrap();
        bytes[pos] = 0xff;
        let mut t = BattleTable::new();
        let e = parse_row_into(&bytes, &mut t).unwrap_err();
        assert_eq!((e.field.as_str(), e.reason.as_str()), ("conversation_a", "message 1: content: invalid UTF-8"));
        let mut key = GOOD.as_bytes().to_vec();
        key[GOOD.find("judge").unwrap()] = 0xff;
        let e = parse_row_into(&key, &mut t).unwrap_err();
        assert!(e.reason.contains("invalid UTF-8"), "{e:?}");
    }

    #[test]
    fn nulls_in_optional_fields_are_unknown() {
        let row = GOOD
            .replace(r#""judge":"arena_user_1""#, r#""judge":null"#)
            .replace(r#""openai_moderation":{"#, r#""openai_moderation":null,"x":{"#);
        assert!(parse(&row).is_ok());
    }
}
