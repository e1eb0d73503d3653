//! Search Arena's own columns rebuilt from what the index keeps of them (see
//! `load::search_arena`): each side's `system_X_metadata` (the battle id as `conv_id`, the
//! client country, the cited URLs as `citations`, the scalar settings) and `languages`.

use crate::index::{BattleId, Index, Side};

use super::layout::extra;

/// What one side's `system_X_metadata` is written with.
pub(super) struct SideMeta<'i> {
    /// The battle's id, so that it reads back as the same battle.
    pub conv_id: crate::index::QuestionId<'i>,
    pub client_country: Option<&'i str>,
    /// The cited URLs in order (the loader keeps the first 50 of a side).
    pub citations: Vec<String>,
    /// `(name, value)` of the scalar settings, values as the loader rendered them.
    pub settings: Vec<(String, String)>,
}

fn side_key(side: Side) -> char {
    if side == Side::A { 'a' } else { 'b' }
}

pub(super) fn side_meta(index: &Index, b: BattleId, side: Side) -> SideMeta<'_> {
    let x = side_key(side);
    let citations = extra(index, b, &format!("citations_{x}"))
        .map(|list| {
            // A JSON list of URLs, the last entry maybe "… N more" (not a URL: left out).
            serde_json::from_str::<Vec<String>>(list)
                .unwrap_or_else(|_| list.split(", ").map(str::to_owned).collect())
                .into_iter()
                .filter(|u| u.starts_with("http://") || u.starts_with("https://"))
                .collect()
        })
        .unwrap_or_default();
    SideMeta {
        conv_id: index.question_id(b),
        client_country: extra(index, b, "client_country"),
        citations,
        settings: extra(index, b, &format!("system_{x}")).map(parse_settings).unwrap_or_default(),
    }
}

/// `citation_format: markdown, llm_temperature: 0.7` back into pairs. A piece without `: `
/// belongs to the previous value (a value holding `, `).
pub(super) fn parse_settings(text: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for piece in text.split(", ") {
        match (piece.split_once(": "), out.last_mut()) {
            (Some((k, v)), _) if !k.is_empty() && !k.contains(' ') => out.push((k.to_owned(), v.to_owned())),
            (_, Some((_, v))) => {
                v.push_str(", ");
                v.push_str(piece);
            }
            (_, None) => {}
        }
    }
    out
}

/// The setting names of every battle's metadata, in the order first seen.
pub(super) fn setting_names(index: &Index, battles: &[BattleId]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for &b in battles {
        for x in ['a', 'b'] {
            for (k, _) in extra(index, b, &format!("system_{x}")).map(parse_settings).unwrap_or_default() {
                if !names.contains(&k) {
                    names.push(k);
                }
            }
        }
    }
    names
}

/// The battle's `languages`: the loader's list when it kept one (several), else its language.
pub(super) fn languages(index: &Index, b: BattleId) -> Vec<&str> {
    match extra(index, b, "languages") {
        Some(list) => list.split(", ").collect(),
        None => index.language_str(b).into_iter().collect(),
    }
}

/// A setting's value as JSON: numbers and booleans as they were, the rest as text.
pub(super) fn setting_json(v: &str) -> serde_json::Value {
    match serde_json::from_str::<serde_json::Value>(v) {
        Ok(n @ (serde_json::Value::Number(_) | serde_json::Value::Bool(_))) => n,
        _ => serde_json::Value::String(v.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_split_back_into_pairs() {
        let got = parse_settings("citation_format: markdown, llm_temperature: 0.7, note: a, b and c");
        let want = [("citation_format", "markdown"), ("llm_temperature", "0.7"), ("note", "a, b and c")];
        assert_eq!(got, want.map(|(k, v)| (k.to_owned(), v.to_owned())));
        assert_eq!(setting_json("0.7"), serde_json::json!(0.7));
        assert_eq!(setting_json("true"), serde_json::json!(true));
        assert_eq!(setting_json("markdown"), serde_json::json!("markdown"));
    }
}
