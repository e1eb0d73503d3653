//! Writing battles in the layouts of the later releases (140k, 100k and MT-bench parquet, the
//! 55k CSV), the way `../shared/tools/to_release.py` does, for tests and benches.

use std::fs::File;
use std::io;
use std::path::Path;
use std::sync::Arc;

use arrow_array::{
    ArrayRef, BooleanArray, Int64Array, ListArray, RecordBatch, StringArray, StructArray, TimestampMicrosecondArray,
};
use arrow_buffer::{NullBuffer, OffsetBuffer};
use arrow_schema::{ArrowError, Field, FieldRef};
use parquet::arrow::ArrowWriter;
use parquet::file::properties::WriterProperties;

use crate::model::{Battle, CRITERIA, ConvMeta, Message, Winner};

/// The parquet layouts of the later releases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReleaseLayout {
    /// `arena-human-preference-140k`: content as parts, `both_bad`, uuid ids, a timestamp.
    P140k,
    /// `arena-human-preference-100k`: the 2023 layout plus tags.
    P100k,
    /// `mt_bench_human_judgments`: integer question ids, expert judges.
    MtBench,
    /// `search-arena-24k`: `messages_a/_b`, system metadata with citations, intents,
    /// `languages`, a null winner where nobody voted, no id column.
    SearchArena,
}

/// Search Arena's intent names (its paper's eight).
pub const SEARCH_INTENTS: [&str; 8] = [
    "Factual Lookup",
    "Info Synthesis",
    "Analysis",
    "Recommendation",
    "Explanation",
    "Creative Generation",
    "Guidance",
    "Text Processing",
];

/// The primary and secondary intent the Search Arena writer gives battle `i`.
pub fn search_intents(i: usize) -> (&'static str, Option<&'static str>) {
    (SEARCH_INTENTS[i % 8], i.is_multiple_of(3).then(|| SEARCH_INTENTS[(i + 3) % 8]))
}

/// The client country the Search Arena writer gives battle `i` (some rows have none).
pub fn search_country(i: usize) -> Option<&'static str> {
    [Some("US"), Some("DE"), None, Some("IN"), Some("BR")][i % 5]
}

/// The citations the Search Arena writer gives side `x` ('a' or 'b') of battle `i`, per turn:
/// `[["[1]", url], ...]` as the release's `web_search_trace` holds them.
pub fn search_citations(b: &Battle, i: usize, x: char) -> Vec<Vec<[String; 2]>> {
    let turns = b.conversation_a.iter().filter(|m| m.role == "user").count().max(1);
    let domains = ["en.wikipedia.org", "www.reuters.com", "github.com"];
    (0..turns)
        .map(|t| {
            (0..(i + t + usize::from(x == 'b')) % 4)
                .map(|k| [format!("[{}]", k + 1), format!("https://{}/{i}/{x}{t}-{k}", domains[(i + k) % 3])])
                .collect()
        })
        .collect()
}

/// Every cited URL of a side in order, once each: what the loader keeps.
pub fn search_citation_urls(b: &Battle, i: usize, x: char) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for [_, url] in search_citations(b, i, x).into_iter().flatten() {
        if !out.contains(&url) {
            out.push(url);
        }
    }
    out
}

/// The languages the Search Arena writer lists for battle `i`: its language, and a second
/// one on every fourth battle.
fn search_languages(b: &Battle, i: usize) -> Vec<String> {
    let mut l: Vec<String> = b.language.iter().cloned().collect();
    if i % 4 == 1 {
        l.push("Spanish".to_owned());
    }
    l
}

/// The winner string a release writes; `None` (null) for a battle without a vote.
fn search_winner(b: &Battle) -> Option<&'static str> {
    b.winner.is_vote().then(|| b.winner.as_str())
}

/// The battles as Search Arena JSON Lines (the same rows as its parquet layout; the
/// timestamp in pandas' epoch milliseconds).
pub fn search_arena_jsonl(battles: &[Battle]) -> String {
    let mut out = String::new();
    for (i, b) in battles.iter().enumerate() {
        let messages = |c: &[Message]| -> serde_json::Value {
            c.iter().map(|m| serde_json::json!({"role": m.role, "content": m.content})).collect()
        };
        let meta = |x: char| {
            let mut m = serde_json::json!({
                "citation_format": "markdown",
                "web_search_trace": search_citations(b, i, x),
            });
            if let Some(c) = search_country(i) {
                m["client_country"] = c.into();
            }
            m
        };
        let (primary, secondary) = search_intents(i);
        let row = serde_json::json!({
            "model_a": b.model_a,
            "model_b": b.model_b,
            "winner": search_winner(b),
            "judge": b.judge,
            "turn": b.turn,
            "timestamp": b.tstamp.map(|t| (t * 1e3).round() as i64),
            "messages_a": messages(&b.conversation_a),
            "messages_b": messages(&b.conversation_b),
            "system_a_metadata": meta('a'),
            "system_b_metadata": meta('b'),
            "primary_intent": primary,
            "secondary_intent": secondary,
            "languages": search_languages(b, i),
        });
        out.push_str(&row.to_string());
        out.push('\n');
    }
    out
}

/// `system_x_metadata` of the rows as a parquet struct.
fn search_metadata(rows: &[Battle], first: usize, x: char) -> Result<ArrayRef, ArrowError> {
    let traces: Vec<Vec<Vec<[String; 2]>>> =
        rows.iter().enumerate().map(|(i, b)| search_citations(b, first + i, x)).collect();
    let pairs: Vec<&[String; 2]> = traces.iter().flatten().flatten().collect();
    let pair_values = strs(pairs.iter().flat_map(|p| p.iter().map(|s| Some(s.as_str()))));
    let pair = list(pair_values, pairs.iter().map(|_| 2))?;
    let turn = list(pair, traces.iter().flatten().map(Vec::len))?;
    let trace = list(turn, traces.iter().map(Vec::len))?;
    strukt(
        vec![
            ("citation_format", strs(rows.iter().map(|_| Some("markdown")))),
            ("client_country", strs((0..rows.len()).map(|i| search_country(first + i)))),
            ("web_search_trace", trace),
        ],
        None,
    )
}

/// Which battles get an image part after their first prompt's text (140k only).
pub type ImageRows<'a> = &'a [usize];

fn strs<'a>(it: impl Iterator<Item = Option<&'a str>>) -> ArrayRef {
    Arc::new(it.collect::<StringArray>())
}

fn strings(it: impl Iterator<Item = Option<String>>) -> ArrayRef {
    Arc::new(it.collect::<StringArray>())
}

fn ints(it: impl Iterator<Item = Option<i64>>) -> ArrayRef {
    Arc::new(it.collect::<Int64Array>())
}

fn bools(it: impl Iterator<Item = Option<bool>>) -> ArrayRef {
    Arc::new(it.collect::<BooleanArray>())
}

fn field(name: &str, a: &ArrayRef) -> FieldRef {
    Arc::new(Field::new(name, a.data_type().clone(), true))
}

fn strukt(cols: Vec<(&str, ArrayRef)>, valid: Option<Vec<bool>>) -> Result<ArrayRef, ArrowError> {
    let (fields, arrays): (Vec<FieldRef>, Vec<ArrayRef>) = cols.into_iter().map(|(n, a)| (field(n, &a), a)).unzip();
    Ok(Arc::new(StructArray::try_new(fields.into(), arrays, valid.map(NullBuffer::from))?))
}

fn list(values: ArrayRef, lens: impl Iterator<Item = usize>) -> Result<ArrayRef, ArrowError> {
    let item = field("item", &values);
    Ok(Arc::new(ListArray::try_new(item, OffsetBuffer::from_lengths(lens), values, None)?))
}

/// One content part: type, text, image, mimeType.
type Part<'a> = (Option<&'a str>, Option<&'a str>, Option<&'a str>, Option<&'a str>);

/// A conversation as `list<struct<role, content: list<struct<type, text, image, mimeType>>>>`.
fn parts_conversation(
    rows: &[Battle],
    side: fn(&Battle) -> &Vec<Message>,
    images: ImageRows,
) -> Result<ArrayRef, ArrowError> {
    // Each message: its text part, and for the first user message of an image row an image part.
    let mut parts: Vec<Part> = Vec::new();
    let mut per_message = Vec::new();
    for (r, b) in rows.iter().enumerate() {
        for (k, m) in side(b).iter().enumerate() {
            parts.push((Some("text"), Some(m.content.as_str()), None, None));
            let image = k == 0 && images.contains(&r);
            if image {
                parts.push((Some("image"), None, Some("https://example.org/cat.png"), Some("image/png")));
            }
            per_message.push(1 + usize::from(image));
        }
    }
    let part = strukt(
        vec![
            ("type", strs(parts.iter().map(|p| p.0))),
            ("text", strs(parts.iter().map(|p| p.1))),
            ("image", strs(parts.iter().map(|p| p.2))),
            ("mimeType", strs(parts.iter().map(|p| p.3))),
        ],
        None,
    )?;
    let messages = || rows.iter().flat_map(|b| side(b).iter());
    let message = strukt(
        vec![
            ("role", strs(messages().map(|m| Some(m.role.as_str())))),
            ("content", list(part, per_message.into_iter())?),
        ],
        None,
    )?;
    list(message, rows.iter().map(|b| side(b).len()))
}

/// A conversation as `list<struct<content, role>>` (the 2023 layout).
fn text_conversation(rows: &[Battle], side: fn(&Battle) -> &Vec<Message>) -> Result<ArrayRef, ArrowError> {
    let messages = || rows.iter().flat_map(|b| side(b).iter());
    let message = strukt(
        vec![
            ("content", strs(messages().map(|m| Some(m.content.as_str())))),
            ("role", strs(messages().map(|m| Some(m.role.as_str())))),
        ],
        None,
    )?;
    list(message, rows.iter().map(|b| side(b).len()))
}

/// The battle's `conv_metadata`, else the counts computed from its text.
fn meta_of(b: &Battle) -> ConvMeta {
    b.tags.meta.unwrap_or_else(|| {
        fn answers(c: &[Message]) -> Vec<&str> {
            c.iter().filter(|m| m.role != "user").map(|m| m.content.as_str()).collect()
        }
        let users: Vec<&str> =
            b.conversation_a.iter().filter(|m| m.role == "user").map(|m| m.content.as_str()).collect();
        crate::markdown::conv_meta(answers(&b.conversation_a), answers(&b.conversation_b), users)
    })
}

fn conv_metadata(rows: &[Battle]) -> Result<ArrayRef, ArrowError> {
    let metas: Vec<ConvMeta> = rows.iter().map(meta_of).collect();
    let mut cols = Vec::new();
    for (x, get) in [("a", (|m: &ConvMeta| m.a) as fn(&ConvMeta) -> _), ("b", |m: &ConvMeta| m.b)] {
        let n = |f: &dyn Fn(&ConvMeta) -> u32| ints(metas.iter().map(|m| Some(f(m) as i64)));
        let headers = strukt(
            (0..6).map(|h| (["h1", "h2", "h3", "h4", "h5", "h6"][h], n(&|m| get(m).headers[h]))).collect(),
            None,
        )?;
        let lists = strukt(vec![("ordered", n(&|m| get(m).ordered)), ("unordered", n(&|m| get(m).unordered))], None)?;
        let bold = strukt(vec![("**", n(&|m| get(m).bold)), ("__", n(&|_| 0))], None)?;
        cols.push((x, n(&|m| get(m).tokens), headers, lists, bold));
    }
    let user = ints(metas.iter().map(|m| Some(m.user_tokens as i64)));
    let turns = ints(metas.iter().map(|m| Some(m.turns as i64)));
    let mut fields: Vec<(&str, ArrayRef)> = Vec::new();
    let names = [
        ["sum_assistant_a_tokens", "header_count_a", "list_count_a", "bold_count_a", "context_a_tokens"],
        ["sum_assistant_b_tokens", "header_count_b", "list_count_b", "bold_count_b", "context_b_tokens"],
    ];
    for ((_, tokens, headers, lists, bold), names) in cols.into_iter().zip(names) {
        fields.extend([(names[0], tokens), (names[1], headers), (names[2], lists), (names[3], bold)]);
        fields.push((names[4], user.clone()));
    }
    fields.push(("sum_user_tokens", user));
    fields.push(("turns", turns));
    strukt(fields, None)
}

fn category_tag(rows: &[Battle]) -> Result<ArrayRef, ArrowError> {
    let tags: Vec<_> = rows.iter().map(|b| b.tags.categories).collect();
    let valid = Some(tags.iter().map(Option::is_some).collect());
    let criteria = strukt(
        CRITERIA
            .iter()
            .enumerate()
            .map(|(k, name)| {
                let col =
                    bools(tags.iter().map(|t| {
                        t.filter(|t| t.criteria_known & (1 << k) != 0).map(|t| t.criteria_true & (1 << k) != 0)
                    }));
                (*name, col)
            })
            .collect(),
        None,
    )?;
    let if_score = ints(tags.iter().map(|t| t.and_then(|t| t.if_score).map(i64::from)));
    let if_flag = bools(tags.iter().map(|t| t.and_then(|t| t.instruction_following())));
    let math = bools(tags.iter().map(|t| t.and_then(|t| t.math)));
    let creative = bools(tags.iter().map(|t| t.and_then(|t| t.creative_writing)));
    let creative_score =
        strs(tags.iter().map(|t| t.and_then(|t| t.creative_writing).map(|c| if c { "yes" } else { "no" })));
    strukt(
        vec![
            ("criteria_v0.1", criteria),
            ("if_v0.1", strukt(vec![("if", if_flag), ("score", if_score)], None)?),
            ("math_v0.1", strukt(vec![("math", math)], None)?),
            ("creative_writing_v0.1", strukt(vec![("creative_writing", creative), ("score", creative_score)], None)?),
        ],
        valid,
    )
}

/// A uuid-like id for battle `i` (FNV-1a of its question_id and position: stable).
pub fn uuid_of(b: &Battle, i: usize) -> String {
    let mut h: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    for byte in b.question_id.bytes().chain(i.to_le_bytes()) {
        h ^= byte as u128;
        h = h.wrapping_mul(0x0000_0000_0100_0000_0000_0000_0000_013b);
    }
    let hex = format!("{h:032x}");
    format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
}

fn batch(rows: &[Battle], first: usize, layout: ReleaseLayout, images: ImageRows) -> Result<RecordBatch, ArrowError> {
    let text = |f: fn(&Battle) -> Option<&str>| strs(rows.iter().map(f));
    let winner = |b: &Battle| -> Option<&str> {
        Some(match (layout, b.winner) {
            (ReleaseLayout::P140k, Winner::BothBad) => "both_bad",
            (ReleaseLayout::MtBench, w) if w.is_tie() => "tie",
            (_, w) => w.as_str(),
        })
    };
    let mut cols: Vec<(&str, ArrayRef)> = Vec::new();
    match layout {
        ReleaseLayout::P140k => {
            cols.push(("id", strings(rows.iter().enumerate().map(|(i, b)| Some(uuid_of(b, i))))));
            cols.push(("model_a", text(|b| Some(&b.model_a))));
            cols.push(("model_b", text(|b| Some(&b.model_b))));
            cols.push(("winner", strs(rows.iter().map(winner))));
            cols.push(("evaluation_session_id", strings(rows.iter().map(|b| Some(format!("s-{}", b.question_id))))));
            cols.push(("evaluation_order", ints((0..rows.len()).map(|i| Some(1 + (i % 3 == 0) as i64)))));
            cols.push(("conversation_a", parts_conversation(rows, |b| &b.conversation_a, images)?));
            cols.push(("conversation_b", parts_conversation(rows, |b| &b.conversation_b, &[])?));
            // The same text again, as the release repeats it; the loader must never decode it.
            let full = text_conversation(rows, |b| &b.conversation_a)?;
            cols.push(("full_conversation", full));
            cols.push(("conv_metadata", conv_metadata(rows)?));
            cols.push(("category_tag", category_tag(rows)?));
            cols.push(("language", text(|b| b.language.as_deref())));
            cols.push(("is_code", bools(rows.iter().map(|b| b.tags.is_code))));
            let micros: TimestampMicrosecondArray =
                rows.iter().map(|b| b.tstamp.map(|t| (t * 1e6).round() as i64)).collect();
            cols.push(("timestamp", Arc::new(micros)));
        }
        ReleaseLayout::P100k => {
            cols.push(("question_id", text(|b| Some(&b.question_id))));
            cols.push(("model_a", text(|b| Some(&b.model_a))));
            cols.push(("model_b", text(|b| Some(&b.model_b))));
            cols.push(("winner", strs(rows.iter().map(winner))));
            cols.push(("judge_hash", text(|b| b.judge.as_deref())));
            cols.push(("conversation_a", text_conversation(rows, |b| &b.conversation_a)?));
            cols.push(("conversation_b", text_conversation(rows, |b| &b.conversation_b)?));
            cols.push(("turn", ints(rows.iter().map(|b| Some(b.turn as i64)))));
            cols.push(("anony", bools(rows.iter().map(|b| b.anony))));
            cols.push(("language", text(|b| b.language.as_deref())));
            cols.push(("tstamp", Arc::new(rows.iter().map(|b| b.tstamp).collect::<arrow_array::Float64Array>())));
            cols.push(("conv_metadata", conv_metadata(rows)?));
            cols.push(("is_code", bools(rows.iter().map(|b| b.tags.is_code))));
            cols.push(("is_refusal", bools(rows.iter().map(|b| b.tags.is_refusal))));
            let dedup = |f: fn(crate::model::DedupTag) -> bool| bools(rows.iter().map(move |b| b.tags.dedup.map(f)));
            let valid = rows.iter().map(|b| b.tags.dedup.is_some()).collect();
            cols.push((
                "dedup_tag",
                strukt(vec![("high_freq", dedup(|d| d.high_freq)), ("sampled", dedup(|d| d.sampled))], Some(valid))?,
            ));
            cols.push(("category_tag", category_tag(rows)?));
        }
        ReleaseLayout::MtBench => {
            cols.push(("question_id", ints((0..rows.len()).map(|i| Some(81 + (i % 80) as i64)))));
            cols.push(("model_a", text(|b| Some(&b.model_a))));
            cols.push(("model_b", text(|b| Some(&b.model_b))));
            cols.push(("winner", strs(rows.iter().map(winner))));
            cols.push(("judge", text(|b| b.judge.as_deref())));
            cols.push(("conversation_a", text_conversation(rows, |b| &b.conversation_a)?));
            cols.push(("conversation_b", text_conversation(rows, |b| &b.conversation_b)?));
            cols.push(("turn", ints(rows.iter().map(|b| Some(b.turn as i64)))));
        }
        ReleaseLayout::SearchArena => {
            cols.push(("model_a", text(|b| Some(&b.model_a))));
            cols.push(("model_b", text(|b| Some(&b.model_b))));
            cols.push(("winner", strs(rows.iter().map(search_winner))));
            cols.push(("judge", text(|b| b.judge.as_deref())));
            cols.push(("turn", ints(rows.iter().map(|b| Some(b.turn as i64)))));
            let micros: TimestampMicrosecondArray =
                rows.iter().map(|b| b.tstamp.map(|t| (t * 1e6).round() as i64)).collect();
            cols.push(("timestamp", Arc::new(micros)));
            cols.push(("messages_a", text_conversation(rows, |b| &b.conversation_a)?));
            cols.push(("messages_b", text_conversation(rows, |b| &b.conversation_b)?));
            cols.push(("system_a_metadata", search_metadata(rows, first, 'a')?));
            cols.push(("system_b_metadata", search_metadata(rows, first, 'b')?));
            let intents: Vec<_> = (0..rows.len()).map(|i| search_intents(first + i)).collect();
            cols.push(("primary_intent", strs(intents.iter().map(|(p, _)| Some(*p)))));
            cols.push(("secondary_intent", strs(intents.iter().map(|(_, s)| *s))));
            let langs: Vec<Vec<String>> =
                rows.iter().enumerate().map(|(i, b)| search_languages(b, first + i)).collect();
            let values = strs(langs.iter().flatten().map(|l| Some(l.as_str())));
            cols.push(("languages", list(values, langs.iter().map(Vec::len))?));
        }
    }
    let (fields, arrays): (Vec<FieldRef>, Vec<ArrayRef>) = cols.into_iter().map(|(n, a)| (field(n, &a), a)).unzip();
    RecordBatch::try_new(Arc::new(arrow_schema::Schema::new(fields)), arrays)
}

/// Writes battles in a later release's parquet layout; `images` lists the battles whose first
/// prompt also carries an image part (140k only).
pub fn write_release_parquet(
    path: &Path,
    battles: &[Battle],
    layout: ReleaseLayout,
    images: ImageRows,
) -> io::Result<()> {
    let props = WriterProperties::builder().set_max_row_group_row_count(Some(1000)).build();
    let first = batch(&battles[..0], 0, layout, &[]).map_err(io::Error::other)?;
    let mut writer =
        ArrowWriter::try_new(File::create(path)?, first.schema(), Some(props)).map_err(io::Error::other)?;
    for (n, chunk) in battles.chunks(1000).enumerate() {
        let shifted: Vec<usize> =
            images.iter().filter_map(|&i| i.checked_sub(n * 1000)).filter(|&i| i < chunk.len()).collect();
        let b = batch(chunk, n * 1000, layout, &shifted).map_err(io::Error::other)?;
        writer.write(&b).map_err(io::Error::other)?;
    }
    writer.close().map_err(io::Error::other)?;
    Ok(())
}

/// The battles as the 55k's `train.csv`: prompts and responses as JSON lists of strings.
pub fn csv_55k(battles: &[Battle]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let header = [
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
    let mut out = w.write_record(header);
    for (i, b) in battles.iter().enumerate() {
        let list = |c: &[Message], user: bool| {
            let texts: Vec<&str> =
                c.iter().filter(|m| (m.role == "user") == user).map(|m| m.content.as_str()).collect();
            serde_json::to_string(&texts).unwrap_or_default()
        };
        let flag = |w: bool| if w { "1" } else { "0" };
        let id = (30_000 + i * 7).to_string();
        out = out.and(w.write_record([
            id.as_str(),
            &b.model_a,
            &b.model_b,
            &list(&b.conversation_a, true),
            &list(&b.conversation_a, false),
            &list(&b.conversation_b, false),
            flag(b.winner == Winner::ModelA),
            flag(b.winner == Winner::ModelB),
            flag(b.winner.is_tie()),
        ]));
    }
    let bytes = out.and_then(|()| w.into_inner().map_err(|e| e.into_error().into())).unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}
