//! The later releases' struct columns read from arrow (`conv_metadata`, `category_tag`,
//! `dedup_tag`), and any other column rendered as short text for [`crate::model::Battle::extra`].

use std::fmt::Write as _;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Float32Type, Float64Type, Int8Type, Int16Type, Int32Type, Int64Type, TimestampMicrosecondType,
    TimestampMillisecondType, TimestampNanosecondType, TimestampSecondType, UInt8Type, UInt16Type, UInt32Type,
    UInt64Type,
};
use arrow_array::{Array, BooleanArray, StructArray};
use arrow_schema::{DataType, TimeUnit};

use crate::model::{CRITERIA, CategoryTags, ConvMeta, DedupTag, StyleCounts};

/// Longest text kept for one extra column's value.
pub const EXTRA_CHARS: usize = 300;

/// The child array at `path` under a struct (each step a struct field name).
pub(crate) fn at_path<'a>(s: &'a StructArray, path: &[&str]) -> Option<&'a dyn Array> {
    let (first, rest) = path.split_first()?;
    let child = s.column_by_name(first)?.as_ref();
    if rest.is_empty() { Some(child) } else { at_path(child.as_struct_opt()?, rest) }
}

/// An integer or float column read as i64 (rounded toward zero); `None` for other types.
pub(crate) fn int_at(a: &dyn Array, i: usize) -> Option<i64> {
    if a.is_null(i) {
        return None;
    }
    Some(match a.data_type() {
        DataType::Int64 => a.as_primitive::<Int64Type>().value(i),
        DataType::Int32 => a.as_primitive::<Int32Type>().value(i) as i64,
        DataType::Int16 => a.as_primitive::<Int16Type>().value(i) as i64,
        DataType::Int8 => a.as_primitive::<Int8Type>().value(i) as i64,
        DataType::UInt64 => i64::try_from(a.as_primitive::<UInt64Type>().value(i)).unwrap_or(i64::MAX),
        DataType::UInt32 => a.as_primitive::<UInt32Type>().value(i) as i64,
        DataType::UInt16 => a.as_primitive::<UInt16Type>().value(i) as i64,
        DataType::UInt8 => a.as_primitive::<UInt8Type>().value(i) as i64,
        DataType::Float64 => finite_int(a.as_primitive::<Float64Type>().value(i))?,
        DataType::Float32 => finite_int(a.as_primitive::<Float32Type>().value(i) as f64)?,
        _ => return None,
    })
}

fn finite_int(v: f64) -> Option<i64> {
    v.is_finite().then_some(v as i64)
}

pub(crate) fn bool_at(a: &dyn Array, i: usize) -> Option<bool> {
    let b: &BooleanArray = a.as_boolean_opt()?;
    (!b.is_null(i)).then(|| b.value(i))
}

/// Unix seconds of a timestamp column's value (any unit; the time zone does not move an instant).
pub(crate) fn timestamp_seconds(a: &dyn Array, i: usize) -> Option<f64> {
    if a.is_null(i) {
        return None;
    }
    let (v, per_second) = match a.data_type() {
        DataType::Timestamp(TimeUnit::Second, _) => (a.as_primitive::<TimestampSecondType>().value(i), 1.0),
        DataType::Timestamp(TimeUnit::Millisecond, _) => (a.as_primitive::<TimestampMillisecondType>().value(i), 1e3),
        DataType::Timestamp(TimeUnit::Microsecond, _) => (a.as_primitive::<TimestampMicrosecondType>().value(i), 1e6),
        DataType::Timestamp(TimeUnit::Nanosecond, _) => (a.as_primitive::<TimestampNanosecondType>().value(i), 1e9),
        _ => return None,
    };
    Some(v as f64 / per_second)
}

fn count(v: Option<i64>) -> u32 {
    v.map_or(0, |v| v.clamp(0, u32::MAX as i64) as u32)
}

/// `conv_metadata`'s columns, looked up once per record batch.
pub(crate) struct MetaColumns<'a> {
    all: &'a StructArray,
    /// Per side: tokens, h1..h6, ordered, unordered, `**`, `__`.
    sides: [[Option<&'a dyn Array>; 11]; 2],
    user_tokens: Option<&'a dyn Array>,
    turns: Option<&'a dyn Array>,
}

impl<'a> MetaColumns<'a> {
    pub fn new(all: &'a StructArray) -> Self {
        let side = |x: &str| -> [Option<&'a dyn Array>; 11] {
            let (headers, lists, bold) =
                (format!("header_count_{x}"), format!("list_count_{x}"), format!("bold_count_{x}"));
            let mut cols = [None; 11];
            cols[0] = at_path(all, &[&format!("sum_assistant_{x}_tokens")]);
            for h in 0..6 {
                cols[1 + h] = at_path(all, &[&headers, &format!("h{}", h + 1)]);
            }
            cols[7] = at_path(all, &[&lists, "ordered"]);
            cols[8] = at_path(all, &[&lists, "unordered"]);
            cols[9] = at_path(all, &[&bold, "**"]);
            cols[10] = at_path(all, &[&bold, "__"]);
            cols
        };
        MetaColumns {
            all,
            sides: [side("a"), side("b")],
            user_tokens: at_path(all, &["sum_user_tokens"]),
            turns: at_path(all, &["turns"]),
        }
    }

    /// Row `i`; `None` when the struct is null.
    pub fn get(&self, i: usize) -> Option<ConvMeta> {
        // Without the answers' token counts it is some other metadata (Search Arena's citation
        // counts): the style counts are then computed from the text, not read as zeros.
        if self.all.is_null(i) || (self.sides[0][0].is_none() && self.sides[1][0].is_none()) {
            return None;
        }
        let n = |a: Option<&dyn Array>| count(a.and_then(|a| int_at(a, i)));
        let side = |c: &[Option<&dyn Array>; 11]| StyleCounts {
            tokens: n(c[0]),
            headers: std::array::from_fn(|h| n(c[1 + h])),
            ordered: n(c[7]),
            unordered: n(c[8]),
            bold: n(c[9]).saturating_add(n(c[10])),
        };
        Some(ConvMeta {
            a: side(&self.sides[0]),
            b: side(&self.sides[1]),
            user_tokens: n(self.user_tokens),
            turns: n(self.turns),
            computed: false,
        })
    }
}

/// `category_tag`'s columns, looked up once per record batch.
pub(crate) struct CategoryColumns<'a> {
    all: &'a StructArray,
    criteria: [Option<&'a dyn Array>; 7],
    if_score: Option<&'a dyn Array>,
    math: Option<&'a dyn Array>,
    creative: Option<&'a dyn Array>,
}

impl<'a> CategoryColumns<'a> {
    pub fn new(all: &'a StructArray) -> Self {
        CategoryColumns {
            all,
            criteria: std::array::from_fn(|k| at_path(all, &["criteria_v0.1", CRITERIA[k]])),
            if_score: at_path(all, &["if_v0.1", "score"]),
            math: at_path(all, &["math_v0.1", "math"]),
            creative: at_path(all, &["creative_writing_v0.1", "creative_writing"]),
        }
    }

    /// Row `i`; `None` when the struct is null.
    pub fn get(&self, i: usize) -> Option<CategoryTags> {
        if self.all.is_null(i) {
            return None;
        }
        let mut c = CategoryTags::default();
        for (k, col) in self.criteria.iter().enumerate() {
            if let Some(v) = col.and_then(|a| bool_at(a, i)) {
                c.criteria_known |= 1 << k;
                if v {
                    c.criteria_true |= 1 << k;
                }
            }
        }
        c.if_score = self.if_score.and_then(|a| int_at(a, i)).map(|v| v.clamp(i32::MIN as i64, i32::MAX as i64) as i32);
        c.math = self.math.and_then(|a| bool_at(a, i));
        c.creative_writing = self.creative.and_then(|a| bool_at(a, i));
        Some(c)
    }
}

/// `dedup_tag` of row `i`; `None` when the struct is null or says nothing.
pub(crate) fn dedup_tag(s: &StructArray, i: usize) -> Option<DedupTag> {
    if s.is_null(i) {
        return None;
    }
    let high_freq = at_path(s, &["high_freq"]).and_then(|a| bool_at(a, i));
    let sampled = at_path(s, &["sampled"]).and_then(|a| bool_at(a, i));
    if high_freq.is_none() && sampled.is_none() {
        return None;
    }
    Some(DedupTag { high_freq: high_freq.unwrap_or(false), sampled: sampled.unwrap_or(true) })
}

/// Row `i` of any column as short text (`None` for null): scalars as they are, structs as
/// `{key: value, ...}`, lists as `[a, b]`, cut at [`EXTRA_CHARS`].
pub(crate) fn render_value(a: &dyn Array, i: usize) -> Option<String> {
    if a.is_null(i) {
        return None;
    }
    let mut out = String::new();
    render_into(a, i, &mut out, 0);
    if out.chars().count() > EXTRA_CHARS {
        let cut = out.char_indices().nth(EXTRA_CHARS).map_or(out.len(), |(p, _)| p);
        out.truncate(cut);
        out.push('…');
    }
    Some(out)
}

fn render_into(a: &dyn Array, i: usize, out: &mut String, depth: usize) {
    // Stop early on huge nested values: only the first EXTRA_CHARS are kept anyway.
    if out.len() > EXTRA_CHARS * 4 || depth > 8 {
        return;
    }
    if a.is_null(i) {
        out.push_str("null");
        return;
    }
    match a.data_type() {
        DataType::Utf8 => out.push_str(a.as_string::<i32>().value(i)),
        DataType::LargeUtf8 => out.push_str(a.as_string::<i64>().value(i)),
        DataType::Utf8View => out.push_str(a.as_string_view().value(i)),
        DataType::Boolean => out.push_str(if a.as_boolean().value(i) { "true" } else { "false" }),
        DataType::Float64 => {
            let _ = write!(out, "{}", a.as_primitive::<Float64Type>().value(i));
        }
        DataType::Float32 => {
            let _ = write!(out, "{}", a.as_primitive::<Float32Type>().value(i));
        }
        DataType::Timestamp(..) => match timestamp_seconds(a, i) {
            Some(t) => out.push_str(&crate::time::format_utc(t)),
            None => out.push_str("null"),
        },
        DataType::Struct(_) => {
            let s = a.as_struct();
            out.push('{');
            for (n, (f, c)) in s.fields().iter().zip(s.columns()).enumerate() {
                if n > 0 {
                    out.push_str(", ");
                }
                out.push_str(f.name());
                out.push_str(": ");
                render_into(c.as_ref(), i, out, depth + 1);
            }
            out.push('}');
        }
        DataType::List(_) | DataType::LargeList(_) => {
            let (values, range) = match a.data_type() {
                DataType::List(_) => {
                    let l = a.as_list::<i32>();
                    let o = l.value_offsets();
                    (l.values(), o[i] as usize..o[i + 1] as usize)
                }
                _ => {
                    let l = a.as_list::<i64>();
                    let o = l.value_offsets();
                    (l.values(), o[i] as usize..o[i + 1] as usize)
                }
            };
            out.push('[');
            for (n, j) in range.enumerate() {
                if n > 0 {
                    out.push_str(", ");
                }
                render_into(values.as_ref(), j, out, depth + 1);
                if out.len() > EXTRA_CHARS * 4 {
                    break;
                }
            }
            out.push(']');
        }
        _ => match int_at(a, i) {
            Some(v) => {
                let _ = write!(out, "{v}");
            }
            None => {
                let _ = write!(out, "({})", a.data_type());
            }
        },
    }
}
