//! What the releases share beyond their layouts: the MT-bench split of a row, languages that
//! mean "unknown", the JSON forms of the later releases' tags, and extra columns as short text.

use super::arrow_tags::EXTRA_CHARS;
use crate::model::{CRITERIA, CategoryTags, ConvMeta, DedupTag, StyleCounts};

/// MT-bench's split, from the judge: `human` for experts and authors, `gpt4_pair` for GPT-4.
pub(crate) fn mtbench_split(judge: Option<&str>) -> &'static str {
    match judge {
        Some(j) if j.to_ascii_lowercase().contains("gpt") => "gpt4_pair",
        _ => "human",
    }
}

/// The language as stored, or `None` for the 140k's `<err>` (its detector failed: unknown).
pub(crate) fn known_language(l: &str) -> Option<&str> {
    (l != "<err>").then_some(l)
}

/// A JSON value as short text for an extra column: strings as they are, the rest as compact
/// JSON; `None` for null.
pub(crate) fn render_json(v: &serde_json::Value) -> Option<String> {
    let mut text = match v {
        serde_json::Value::Null => return None,
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if text.chars().count() > EXTRA_CHARS {
        let cut = text.char_indices().nth(EXTRA_CHARS).map_or(text.len(), |(p, _)| p);
        text.truncate(cut);
        text.push('…');
    }
    Some(text)
}

fn at<'v>(v: &'v serde_json::Value, path: &[&str]) -> Option<&'v serde_json::Value> {
    path.iter().try_fold(v, |v, k| v.get(k))
}

fn count(v: Option<&serde_json::Value>) -> u32 {
    v.and_then(|v| v.as_i64().or_else(|| v.as_f64().filter(|f| f.is_finite()).map(|f| f as i64)))
        .map_or(0, |n| n.clamp(0, u32::MAX as i64) as u32)
}

/// `conv_metadata` from JSON (the same keys as the parquet struct).
pub(crate) fn conv_meta_json(v: &serde_json::Value) -> Option<ConvMeta> {
    // Without the answers' token counts it is some other metadata (Search Arena's citation
    // counts): the style counts are then computed from the text, not read as zeros.
    if v.get("sum_assistant_a_tokens").is_none() && v.get("sum_assistant_b_tokens").is_none() {
        return None;
    }
    let side = |x: &str| {
        let (headers, lists, bold) =
            (format!("header_count_{x}"), format!("list_count_{x}"), format!("bold_count_{x}"));
        StyleCounts {
            tokens: count(v.get(format!("sum_assistant_{x}_tokens"))),
            headers: std::array::from_fn(|h| count(at(v, &[&headers, &format!("h{}", h + 1)]))),
            ordered: count(at(v, &[&lists, "ordered"])),
            unordered: count(at(v, &[&lists, "unordered"])),
            bold: count(at(v, &[&bold, "**"])).saturating_add(count(at(v, &[&bold, "__"]))),
        }
    };
    Some(ConvMeta {
        a: side("a"),
        b: side("b"),
        user_tokens: count(v.get("sum_user_tokens")),
        turns: count(v.get("turns")),
        computed: false,
    })
}

/// `category_tag` from JSON.
pub(crate) fn category_tags_json(v: &serde_json::Value) -> Option<CategoryTags> {
    if !v.is_object() {
        return None;
    }
    let mut c = CategoryTags::default();
    for (k, name) in CRITERIA.iter().enumerate() {
        if let Some(b) = at(v, &["criteria_v0.1", name]).and_then(|b| b.as_bool()) {
            c.criteria_known |= 1 << k;
            if b {
                c.criteria_true |= 1 << k;
            }
        }
    }
    c.if_score =
        at(v, &["if_v0.1", "score"]).and_then(|s| s.as_i64()).map(|s| s.clamp(i32::MIN as i64, i32::MAX as i64) as i32);
    c.math = at(v, &["math_v0.1", "math"]).and_then(|b| b.as_bool());
    c.creative_writing = at(v, &["creative_writing_v0.1", "creative_writing"]).and_then(|b| b.as_bool());
    Some(c)
}

/// `dedup_tag` from JSON; `None` when it says nothing.
pub(crate) fn dedup_tag_json(v: &serde_json::Value) -> Option<DedupTag> {
    let high_freq = v.get("high_freq").and_then(|b| b.as_bool());
    let sampled = v.get("sampled").and_then(|b| b.as_bool());
    if high_freq.is_none() && sampled.is_none() {
        return None;
    }
    Some(DedupTag { high_freq: high_freq.unwrap_or(false), sampled: sampled.unwrap_or(true) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mtbench_split_follows_the_judge() {
        assert_eq!(mtbench_split(Some("expert_3")), "human");
        assert_eq!(mtbench_split(Some("author_1")), "human");
        assert_eq!(mtbench_split(Some("gpt4_pair")), "gpt4_pair");
        assert_eq!(mtbench_split(Some("GPT-4")), "gpt4_pair");
    }

    #[test]
    fn err_language_is_unknown() {
        assert_eq!(known_language("<err>"), None);
        assert_eq!(known_language("de"), Some("de"));
    }
}
