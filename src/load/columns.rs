//! One normalisation step for Arrow data written by any tool: every physical form of the
//! same logical column becomes one canonical Arrow type, so readers handle one form only.
//!
//! Canonical forms: strings are `Utf8` (from `LargeUtf8`, `Utf8View` or a dictionary of
//! either); integers are `Int64` (any width, signed or not; `UInt64` stays as it is, as its
//! values may not fit); floats are `Float64`; timestamps of any unit and time zone are
//! `Float64` unix seconds (their values are UTC instants whatever the zone says); lists of any
//! offset width or view layout are `List`; structs keep their fields, each normalised; a
//! dictionary of anything is decoded to its values.

use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Float16Type, Float32Type, Int8Type, Int16Type, Int32Type, Int64Type, UInt8Type, UInt16Type, UInt32Type,
};
use arrow_array::{
    Array, ArrayRef, ArrowPrimitiveType, GenericListArray, GenericListViewArray, Int64Array, ListArray,
    OffsetSizeTrait, RecordBatch, StringArray, StructArray,
};
use arrow_buffer::OffsetBuffer;
use arrow_schema::{ArrowError, DataType, Field, FieldRef, Fields, Schema, TimeUnit};

/// The canonical type [`normalise`] turns an array of type `t` into.
pub fn canonical_type(t: &DataType) -> DataType {
    match t {
        DataType::Dictionary(_, values) => canonical_type(values),
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => DataType::Utf8,
        DataType::Int8
        | DataType::Int16
        | DataType::Int32
        | DataType::Int64
        | DataType::UInt8
        | DataType::UInt16
        | DataType::UInt32 => DataType::Int64,
        DataType::Float16 | DataType::Float32 | DataType::Float64 | DataType::Timestamp(_, _) => DataType::Float64,
        DataType::List(f) | DataType::LargeList(f) | DataType::ListView(f) | DataType::LargeListView(f) => {
            DataType::List(canonical_field(f))
        }
        DataType::Struct(fields) => DataType::Struct(fields.iter().map(canonical_field).collect()),
        other => other.clone(),
    }
}

fn canonical_field(f: &FieldRef) -> FieldRef {
    Arc::new(Field::new(f.name(), canonical_type(f.data_type()), true))
}

/// Every column of a batch in its canonical form.
pub fn normalise_batch(batch: &RecordBatch) -> Result<RecordBatch, ArrowError> {
    normalise_batch_with(batch, false)
}

/// [`normalise_batch`], but string views stay views: for a reader that takes them as they
/// are (the parquet loader reads message text as views into the decoded pages, so that no
/// copy of the text is made before its own).
pub fn normalise_batch_keeping_views(batch: &RecordBatch) -> Result<RecordBatch, ArrowError> {
    normalise_batch_with(batch, true)
}

fn normalise_batch_with(batch: &RecordBatch, views: bool) -> Result<RecordBatch, ArrowError> {
    let columns = batch.columns().iter().map(|c| normalise_with(c, views)).collect::<Result<Vec<_>, _>>()?;
    let fields: Fields = batch
        .schema()
        .fields()
        .iter()
        .zip(&columns)
        .map(|(f, c)| Arc::new(Field::new(f.name(), c.data_type().clone(), true)))
        .collect();
    RecordBatch::try_new(Arc::new(Schema::new(fields)), columns)
}

/// An array in its canonical form; the same array (not a copy) when it already is.
pub fn normalise(a: &ArrayRef) -> Result<ArrayRef, ArrowError> {
    normalise_with(a, false)
}

/// [`normalise`], string views kept as they are when `views`.
fn normalise_with(a: &ArrayRef, views: bool) -> Result<ArrayRef, ArrowError> {
    Ok(match a.data_type() {
        DataType::Dictionary(_, _) => {
            let dict = a.as_any_dictionary();
            let decoded = arrow_select::take::take(dict.values().as_ref(), dict.keys(), None)?;
            normalise_with(&decoded, views)?
        }
        DataType::LargeUtf8 => Arc::new(a.as_string::<i64>().iter().collect::<StringArray>()),
        DataType::Utf8View if views => a.clone(),
        DataType::Utf8View => Arc::new(a.as_string_view().iter().collect::<StringArray>()),
        DataType::Int8 => to_i64::<Int8Type>(a),
        DataType::Int16 => to_i64::<Int16Type>(a),
        DataType::Int32 => to_i64::<Int32Type>(a),
        DataType::UInt8 => to_i64::<UInt8Type>(a),
        DataType::UInt16 => to_i64::<UInt16Type>(a),
        DataType::UInt32 => to_i64::<UInt32Type>(a),
        DataType::Float16 => {
            Arc::new(a.as_primitive::<Float16Type>().unary::<_, arrow_array::types::Float64Type>(|v| v.to_f64()))
                as ArrayRef
        }
        DataType::Float32 => {
            Arc::new(a.as_primitive::<Float32Type>().unary::<_, arrow_array::types::Float64Type>(|v| v as f64))
        }
        DataType::Timestamp(unit, _) => timestamp_seconds(a, *unit),
        DataType::List(_) => list(a.as_list::<i32>(), views)?,
        DataType::LargeList(_) => list(a.as_list::<i64>(), views)?,
        DataType::ListView(_) => list_view(a.as_list_view::<i32>(), views)?,
        DataType::LargeListView(_) => list_view(a.as_list_view::<i64>(), views)?,
        DataType::Struct(_) => structure(a.as_struct(), views)?,
        _ => a.clone(),
    })
}

fn to_i64<T: ArrowPrimitiveType>(a: &ArrayRef) -> ArrayRef
where
    T::Native: Into<i64>,
{
    Arc::new(a.as_primitive::<T>().unary::<_, Int64Type>(Into::into))
}

/// Unix seconds of a timestamp column of any unit.
fn timestamp_seconds(a: &ArrayRef, unit: TimeUnit) -> ArrayRef {
    let per_second = match unit {
        TimeUnit::Second => 1.0,
        TimeUnit::Millisecond => 1e3,
        TimeUnit::Microsecond => 1e6,
        TimeUnit::Nanosecond => 1e9,
    };
    // All four timestamp types hold i64 values; read them through the physical layout.
    let raw = Int64Array::new(a.to_data().buffers()[0].clone().into(), a.nulls().cloned());
    Arc::new(raw.unary::<_, arrow_array::types::Float64Type>(|v| v as f64 / per_second)) as ArrayRef
}

fn list<O: OffsetSizeTrait>(l: &GenericListArray<O>, views: bool) -> Result<ArrayRef, ArrowError> {
    let offsets = l.value_offsets();
    let base = offsets.first().map_or(0, |o| o.as_usize());
    let end = offsets.last().map_or(0, |o| o.as_usize());
    // Offsets relative to the values actually used, so slices stay small.
    let values = normalise_with(&l.values().slice(base, end - base), views)?;
    let lengths = offsets.windows(2).map(|w| w[1].as_usize() - w[0].as_usize());
    rebuild_list(l.data_type(), values, OffsetBuffer::from_lengths(lengths), l.nulls().cloned())
}

fn list_view<O: OffsetSizeTrait>(l: &GenericListViewArray<O>, views: bool) -> Result<ArrayRef, ArrowError> {
    // Views may overlap or come in any order: gather each row's values in row order.
    let mut indices = Vec::new();
    let mut lengths = Vec::with_capacity(l.len());
    for i in 0..l.len() {
        let (start, size) = (l.value_offsets()[i].as_usize(), l.value_sizes()[i].as_usize());
        let size = if l.is_null(i) { 0 } else { size };
        indices.extend((start..start + size).map(|j| j as u64));
        lengths.push(size);
    }
    let gathered = arrow_select::take::take(l.values().as_ref(), &arrow_array::UInt64Array::from(indices), None)?;
    let values = normalise_with(&gathered, views)?;
    rebuild_list(l.data_type(), values, OffsetBuffer::from_lengths(lengths), l.nulls().cloned())
}

fn rebuild_list(
    t: &DataType,
    values: ArrayRef,
    offsets: OffsetBuffer<i32>,
    nulls: Option<arrow_buffer::NullBuffer>,
) -> Result<ArrayRef, ArrowError> {
    let name = match t {
        DataType::List(f) | DataType::LargeList(f) | DataType::ListView(f) | DataType::LargeListView(f) => {
            f.name().clone()
        }
        _ => "item".to_owned(),
    };
    let item = Arc::new(Field::new(name, values.data_type().clone(), true));
    Ok(Arc::new(ListArray::try_new(item, offsets, values, nulls)?))
}

fn structure(s: &StructArray, views: bool) -> Result<ArrayRef, ArrowError> {
    let columns = s.columns().iter().map(|c| normalise_with(c, views)).collect::<Result<Vec<_>, _>>()?;
    let fields: Fields = s
        .fields()
        .iter()
        .zip(&columns)
        .map(|(f, c)| Arc::new(Field::new(f.name(), c.data_type().clone(), true)))
        .collect();
    Ok(Arc::new(StructArray::try_new(fields, columns, s.nulls().cloned())?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::builder::StringDictionaryBuilder;
    use arrow_array::types::Int8Type;
    use arrow_array::{
        Float64Array, Int16Array, LargeListArray, LargeStringArray, StringViewArray, TimestampMillisecondArray,
    };

    fn check(a: ArrayRef) -> ArrayRef {
        let n = normalise(&a).unwrap();
        assert_eq!(n.data_type(), &canonical_type(a.data_type()), "from {}", a.data_type());
        n
    }

    #[test]
    fn strings_of_every_layout_become_utf8() {
        let want = StringArray::from(vec![Some("a"), None, Some("bé"), Some("a")]);
        let mut dict = StringDictionaryBuilder::<Int8Type>::new();
        dict.append_value("a");
        dict.append_null();
        dict.append_value("bé");
        dict.append_value("a");
        for a in [
            Arc::new(dict.finish()) as ArrayRef,
            Arc::new(LargeStringArray::from(vec![Some("a"), None, Some("bé"), Some("a")])),
            Arc::new(StringViewArray::from(vec![Some("a"), None, Some("bé"), Some("a")])),
        ] {
            assert_eq!(check(a).as_string::<i32>(), &want);
        }
    }

    #[test]
    fn numbers_and_timestamps() {
        let n = check(Arc::new(Int16Array::from(vec![Some(-3), None, Some(7)])));
        assert_eq!(n.as_primitive::<Int64Type>(), &Int64Array::from(vec![Some(-3), None, Some(7)]));
        let t = TimestampMillisecondArray::from(vec![Some(1_682_351_591_500), None]).with_timezone("+02:00");
        let n = check(Arc::new(t));
        assert_eq!(
            n.as_primitive::<arrow_array::types::Float64Type>(),
            &Float64Array::from(vec![Some(1_682_351_591.5), None])
        );
    }

    #[test]
    fn nested_lists_of_structs_are_normalised_inside() {
        let content: ArrayRef = Arc::new(LargeStringArray::from(vec!["x", "y", "z"]));
        let fields = Fields::from(vec![Field::new("content", DataType::LargeUtf8, true)]);
        let s = StructArray::try_new(fields.clone(), vec![content], None).unwrap();
        let item = Arc::new(Field::new("item", DataType::Struct(fields), true));
        let l = LargeListArray::try_new(item, OffsetBuffer::from_lengths([2, 0, 1]), Arc::new(s), None).unwrap();
        // A slice, as record batches often are: offsets no longer start at zero.
        let n = check(Arc::new(l.slice(1, 2)));
        let l = n.as_list::<i32>();
        assert_eq!(l.value_offsets(), &[0, 0, 1]);
        let inner = l.value(1);
        assert_eq!(inner.as_struct().column(0).as_string::<i32>().value(0), "z");
    }
}
