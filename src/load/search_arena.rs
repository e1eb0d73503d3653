//! Search Arena's own columns (`system_a_metadata`/`_b`, `languages`, battles without an id or a
//! vote) turned into what every release shares: citations and settings as extra columns, the
//! first detected language, a stable battle id. Its exact layout comes from third-party
//! descriptions, so every part is optional and URLs are found wherever the metadata holds them.

use arrow_array::cast::AsArray;
use arrow_array::{Array, StructArray};
use arrow_schema::DataType;

use super::arrow_tags::{EXTRA_CHARS, at_path, render_value};

/// Citations kept per side (the rest are counted, not listed): bounds memory on hostile rows.
pub const CITATIONS_KEPT: usize = 50;

/// Metadata keys read into their own extra columns, not repeated in the settings summary.
const OWN_KEYS: [&str; 3] = ["web_search_trace", "client_country", "conv_id"];

/// What one side's `system_X_metadata` holds, in the form the index keeps.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct SideMeta {
    /// Cited URLs in order of first appearance, at most [`CITATIONS_KEPT`].
    pub urls: Vec<String>,
    /// URLs beyond [`CITATIONS_KEPT`].
    pub more: usize,
    pub client_country: Option<String>,
    pub conv_id: Option<String>,
    /// The other scalar settings (`citation_format: markdown, ...`), cut at [`EXTRA_CHARS`].
    pub settings: Option<String>,
}

impl SideMeta {
    fn add_url(&mut self, s: &str) {
        let s = s.trim();
        if !(s.starts_with("http://") || s.starts_with("https://")) || self.urls.iter().any(|u| u == s) {
            return;
        }
        if self.urls.len() < CITATIONS_KEPT {
            self.urls.push(s.to_owned());
        } else {
            self.more += 1;
        }
    }

    /// The extra columns for side `x` (`citations_a`, `system_a`); the client country is the
    /// caller's (one per battle).
    pub fn push_extras(self, x: char, out: &mut Vec<(String, String)>) {
        if let Some(s) = self.settings {
            out.push((format!("system_{x}"), s));
        }
        if !self.urls.is_empty() {
            let mut list = self.urls;
            if self.more > 0 {
                list.push(format!("… {} more", self.more));
            }
            out.push((format!("citations_{x}"), serde_json::Value::from(list).to_string()));
        }
    }
}

fn cut(mut text: String) -> String {
    if text.chars().count() > EXTRA_CHARS {
        let at = text.char_indices().nth(EXTRA_CHARS).map_or(text.len(), |(p, _)| p);
        text.truncate(at);
        text.push('…');
    }
    text
}

// --- JSON ------------------------------------------------------------------------------------

fn urls_json(v: &serde_json::Value, meta: &mut SideMeta, depth: usize) {
    match v {
        serde_json::Value::String(s) => meta.add_url(s),
        serde_json::Value::Array(items) if depth < 8 => items.iter().for_each(|i| urls_json(i, meta, depth + 1)),
        serde_json::Value::Object(o) if depth < 8 => o.values().for_each(|i| urls_json(i, meta, depth + 1)),
        _ => {}
    }
}

/// One side's metadata from JSON; `None` for null or a non-object.
pub(crate) fn side_meta_json(v: &serde_json::Value) -> Option<SideMeta> {
    let o = v.as_object()?;
    let mut meta = SideMeta::default();
    urls_json(v, &mut meta, 0);
    let text = |k: &str| o.get(k).and_then(super::release::render_json);
    meta.client_country = text("client_country");
    meta.conv_id = text("conv_id");
    let settings: Vec<String> = o
        .iter()
        .filter(|(k, v)| !OWN_KEYS.contains(&k.as_str()) && !v.is_array() && !v.is_object() && !v.is_null())
        .filter_map(|(k, v)| Some(format!("{k}: {}", super::release::render_json(v)?)))
        .collect();
    meta.settings = (!settings.is_empty()).then(|| cut(settings.join(", ")));
    Some(meta)
}

/// `languages` from JSON: the strings of a list (or a lone string).
pub(crate) fn languages_json(v: &serde_json::Value) -> Vec<String> {
    match v {
        serde_json::Value::String(s) => vec![s.clone()],
        serde_json::Value::Array(items) => {
            items.iter().filter_map(|i| i.as_str()).take(16).map(str::to_owned).collect()
        }
        _ => Vec::new(),
    }
}

// --- arrow -----------------------------------------------------------------------------------

fn urls_arrow(a: &dyn Array, i: usize, meta: &mut SideMeta, depth: usize) {
    if depth > 8 || a.is_null(i) {
        return;
    }
    match a.data_type() {
        DataType::Utf8 => meta.add_url(a.as_string::<i32>().value(i)),
        DataType::List(_) => {
            let l = a.as_list::<i32>();
            let o = l.value_offsets();
            let values = l.values();
            for j in o[i] as usize..o[i + 1] as usize {
                urls_arrow(values.as_ref(), j, meta, depth + 1);
            }
        }
        DataType::Struct(_) => {
            for c in a.as_struct().columns() {
                urls_arrow(c.as_ref(), i, meta, depth + 1);
            }
        }
        _ => {}
    }
}

/// Row `i` of one side's metadata struct (columns already normalised); `None` when null.
pub(crate) fn side_meta_arrow(s: &StructArray, i: usize) -> Option<SideMeta> {
    if s.is_null(i) {
        return None;
    }
    let mut meta = SideMeta::default();
    urls_arrow(s, i, &mut meta, 0);
    let text = |k: &str| at_path(s, &[k]).and_then(|a| render_value(a, i));
    meta.client_country = text("client_country");
    meta.conv_id = text("conv_id");
    let settings: Vec<String> = s
        .fields()
        .iter()
        .zip(s.columns())
        .filter(|(f, c)| {
            !OWN_KEYS.contains(&f.name().as_str())
                && !matches!(c.data_type(), DataType::List(_) | DataType::Struct(_))
                && !c.is_null(i)
        })
        .filter_map(|(f, c)| Some(format!("{}: {}", f.name(), render_value(c.as_ref(), i)?)))
        .collect();
    meta.settings = (!settings.is_empty()).then(|| cut(settings.join(", ")));
    Some(meta)
}

/// `languages` of row `i`: a list of strings (or a lone string).
pub(crate) fn languages_arrow(a: &dyn Array, i: usize) -> Vec<String> {
    if a.is_null(i) {
        return Vec::new();
    }
    match a.data_type() {
        DataType::Utf8 => vec![a.as_string::<i32>().value(i).to_owned()],
        DataType::List(_) => {
            let l = a.as_list::<i32>();
            let o = l.value_offsets();
            let Some(values) = l.values().as_string_opt::<i32>() else { return Vec::new() };
            (o[i] as usize..o[i + 1] as usize)
                .filter(|&j| !values.is_null(j))
                .take(16)
                .map(|j| values.value(j).to_owned())
                .collect()
        }
        _ => Vec::new(),
    }
}

// --- the battle ------------------------------------------------------------------------------

/// Both sides' metadata and the languages, as extra columns; returns the side metadata's
/// conversation id (for a battle without an id column).
pub(crate) fn push_extras(
    a: Option<SideMeta>,
    b: Option<SideMeta>,
    languages: &[String],
    out: &mut Vec<(String, String)>,
) -> Option<String> {
    if languages.len() > 1 {
        out.push(("languages".to_owned(), cut(languages.join(", "))));
    }
    let country = a.as_ref().and_then(|m| m.client_country.clone()).or_else(|| b.as_ref()?.client_country.clone());
    if let Some(c) = country {
        out.push(("client_country".to_owned(), c));
    }
    let conv_id = a.as_ref().and_then(|m| m.conv_id.clone()).or_else(|| b.as_ref()?.conv_id.clone());
    if let Some(m) = a {
        m.push_extras('a', out);
    }
    if let Some(m) = b {
        m.push_extras('b', out);
    }
    conv_id
}

/// An id for a battle whose file has none: the same in every form of the same battle (it
/// hashes the models and the first prompt, FNV-1a), so reviews stay attached to it.
pub(crate) fn content_id(model_a: &str, model_b: &str, first_prompt: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in model_a.bytes().chain([0]).chain(model_b.bytes()).chain([0]).chain(first_prompt.bytes()) {
        h ^= byte as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("sa-{h:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citations_are_found_in_any_shape_once_each() {
        let v = serde_json::json!({
            "web_search_trace": [[["[1]", "https://a.org/x"], ["[2]", "https://b.org"]], [["[1]", "https://a.org/x"]]],
            "citations": [{"url": "http://c.net", "title": "C"}, "not a url"],
            "client_country": "DE",
            "citation_format": "markdown",
            "llm_temperature": 0.7,
            "conv_id": "abc",
        });
        let m = side_meta_json(&v).unwrap();
        assert_eq!(m.urls, ["https://a.org/x", "https://b.org", "http://c.net"]);
        assert_eq!(m.client_country.as_deref(), Some("DE"));
        assert_eq!(m.conv_id.as_deref(), Some("abc"));
        assert_eq!(m.settings.as_deref(), Some("citation_format: markdown, llm_temperature: 0.7"));
        assert_eq!(side_meta_json(&serde_json::Value::Null), None);
    }

    #[test]
    fn citations_beyond_the_cap_are_counted() {
        let urls: Vec<String> = (0..CITATIONS_KEPT + 3).map(|i| format!("https://x.org/{i}")).collect();
        let m = side_meta_json(&serde_json::json!({ "web_search_trace": [urls] })).unwrap();
        assert_eq!((m.urls.len(), m.more), (CITATIONS_KEPT, 3));
        let mut out = Vec::new();
        m.push_extras('b', &mut out);
        assert_eq!(out[0].0, "citations_b");
        assert!(out[0].1.ends_with("\"… 3 more\"]"), "{}", out[0].1);
    }

    #[test]
    fn content_ids_are_stable_and_differ() {
        let id = content_id("m1", "m2", "hello");
        assert_eq!(id, content_id("m1", "m2", "hello"));
        assert_ne!(id, content_id("m2", "m1", "hello"));
        assert!(id.starts_with("sa-") && id.len() == 19);
    }
}
