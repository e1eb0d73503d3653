//! Parquet written by other tools: every physical form of the hub's logical schema (pandas
//! `category` and polars `Categorical` dictionaries, large and view strings, narrow integers,
//! float32, timestamps of any unit and zone) loads to the same index as the canonical file.

use std::fs::File;
use std::path::Path;
use std::sync::Arc;

use arenascope::model::Battle;
use arenascope::synth::{self, ParquetCompression};
use arrow_array::builder::StringDictionaryBuilder;
use arrow_array::cast::AsArray;
use arrow_array::types::{Float64Type, Int32Type, Int64Type};
use arrow_array::{
    Array, ArrayRef, Float32Array, Int16Array, Int32Array, Int64Array, LargeListArray, LargeStringArray, ListArray,
    RecordBatch, StringViewArray, StructArray, TimestampMicrosecondArray, TimestampMillisecondArray,
    TimestampNanosecondArray, TimestampSecondArray, UInt8Array,
};
use arrow_buffer::OffsetBuffer;
use arrow_schema::{DataType, Field, Fields, Schema};
use parquet::arrow::ArrowWriter;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use tempfile::TempDir;

use super::common::*;

/// Battles whose numbers survive float32 and whole-second timestamps exactly.
fn exact_battles() -> Vec<Battle> {
    let mut rows = battles();
    let round = |x: &mut Option<f64>| *x = x.map(|v| (v * 1024.0).round() / 1024.0);
    for b in &mut rows {
        b.tstamp = b.tstamp.map(f64::floor);
        if let Some(m) = &mut b.openai_moderation {
            m.scores.iter_mut().for_each(round);
        }
        if let Some(t) = &mut b.toxic_chat_tag {
            for v in [&mut t.roberta, &mut t.t5].into_iter().flatten() {
                round(&mut v.score);
            }
        }
    }
    rows
}

#[derive(Clone, Copy, Debug)]
enum Strings {
    Dictionary,
    Large,
    View,
}

/// `a` with every string (nested ones too) in the given layout, and lists large with large strings.
fn restring(a: &ArrayRef, form: Strings) -> ArrayRef {
    match a.data_type() {
        DataType::Utf8 => {
            let s = a.as_string::<i32>();
            match form {
                Strings::Dictionary => {
                    let mut d = StringDictionaryBuilder::<Int32Type>::new();
                    s.iter().for_each(|v| d.append_option(v));
                    Arc::new(d.finish())
                }
                Strings::Large => Arc::new(s.iter().collect::<LargeStringArray>()),
                Strings::View => Arc::new(s.iter().collect::<StringViewArray>()),
            }
        }
        DataType::List(_) => {
            let l = a.as_list::<i32>();
            let values = restring(l.values(), form);
            let item = Arc::new(Field::new("element", values.data_type().clone(), true));
            match form {
                Strings::Large => {
                    let offsets = OffsetBuffer::from_lengths(l.iter().map(|v| v.map_or(0, |v| v.len())));
                    Arc::new(LargeListArray::try_new(item, offsets, values, l.nulls().cloned()).unwrap())
                }
                _ => Arc::new(ListArray::try_new(item, l.offsets().clone(), values, l.nulls().cloned()).unwrap()),
            }
        }
        DataType::Struct(_) => {
            let s = a.as_struct();
            let cols: Vec<ArrayRef> = s.columns().iter().map(|c| restring(c, form)).collect();
            Arc::new(StructArray::try_new(fields_of(s.fields(), &cols), cols, s.nulls().cloned()).unwrap())
        }
        _ => a.clone(),
    }
}

fn fields_of(names: &Fields, cols: &[ArrayRef]) -> Fields {
    names.iter().zip(cols).map(|(f, c)| Field::new(f.name(), c.data_type().clone(), true)).collect()
}

/// Float64 leaves of a struct (the moderation and tagger scores) as float32.
fn scores_f32(a: &ArrayRef) -> ArrayRef {
    match a.data_type() {
        DataType::Float64 => {
            Arc::new(a.as_primitive::<Float64Type>().iter().map(|v| v.map(|v| v as f32)).collect::<Float32Array>())
        }
        DataType::Struct(_) => {
            let s = a.as_struct();
            let cols: Vec<ArrayRef> = s.columns().iter().map(scores_f32).collect();
            Arc::new(StructArray::try_new(fields_of(s.fields(), &cols), cols, s.nulls().cloned()).unwrap())
        }
        _ => a.clone(),
    }
}

fn turn_as(a: &ArrayRef, t: &DataType) -> ArrayRef {
    let v = a.as_primitive::<Int64Type>();
    match t {
        DataType::Int16 => Arc::new(v.iter().map(|x| x.map(|x| x as i16)).collect::<Int16Array>()),
        DataType::Int32 => Arc::new(v.iter().map(|x| x.map(|x| x as i32)).collect::<Int32Array>()),
        DataType::UInt8 => Arc::new(v.iter().map(|x| x.map(|x| x as u8)).collect::<UInt8Array>()),
        _ => unreachable!(),
    }
}

fn tstamp_as(a: &ArrayRef, form: &str) -> ArrayRef {
    let secs: Vec<Option<i64>> = a.as_primitive::<Float64Type>().iter().map(|v| v.map(|v| v as i64)).collect();
    let scaled = |k: i64| secs.iter().map(|v| v.map(|v| v * k)).collect::<Vec<_>>();
    match form {
        "int64" => Arc::new(Int64Array::from(secs)),
        "s" => Arc::new(TimestampSecondArray::from(secs)),
        "ms-utc" => Arc::new(TimestampMillisecondArray::from(scaled(1_000)).with_timezone("UTC")),
        "us-zone" => Arc::new(TimestampMicrosecondArray::from(scaled(1_000_000)).with_timezone("America/New_York")),
        "ns" => Arc::new(TimestampNanosecondArray::from(scaled(1_000_000_000))),
        _ => unreachable!(),
    }
}

fn read_batches(path: &Path) -> Vec<RecordBatch> {
    let reader = ParquetRecordBatchReaderBuilder::try_new(File::open(path).unwrap()).unwrap().build().unwrap();
    reader.map(|b| b.unwrap()).collect()
}

/// Rewrites the canonical file with `change(column name, array)` applied to every column.
fn rewrite(from: &Path, to: &Path, change: &dyn Fn(&str, &ArrayRef) -> ArrayRef) {
    let batches: Vec<RecordBatch> = read_batches(from)
        .iter()
        .map(|b| {
            let schema = b.schema();
            let cols: Vec<ArrayRef> =
                schema.fields().iter().zip(b.columns()).map(|(f, c)| change(f.name(), c)).collect();
            let fields = fields_of(schema.fields(), &cols);
            RecordBatch::try_new(Arc::new(Schema::new(fields)), cols).unwrap()
        })
        .collect();
    let mut w = ArrowWriter::try_new(File::create(to).unwrap(), batches[0].schema(), None).unwrap();
    for b in &batches {
        w.write(b).unwrap();
    }
    w.close().unwrap();
}

/// How one physical form changes a column (by name).
type Change = dyn Fn(&str, &ArrayRef) -> ArrayRef;

#[test]
fn every_physical_form_of_the_schema_gives_the_canonical_index() {
    let rows = exact_battles();
    let want = reference(&rows);
    let dir = TempDir::new().unwrap();
    let canonical = dir.path().join("canonical.parquet");
    synth::write_parquet(&canonical, &rows, ParquetCompression::Snappy, 64).unwrap();
    assert!(rows_json(&load_paths(&[&canonical]).index) == want, "the canonical file itself differs");

    let mut forms: Vec<(String, Box<Change>)> = Vec::new();
    for s in [Strings::Dictionary, Strings::Large, Strings::View] {
        forms.push((format!("strings {s:?}"), Box::new(move |_, a| restring(a, s))));
    }
    for t in [DataType::Int16, DataType::Int32, DataType::UInt8] {
        let name = format!("turn {t}");
        forms.push((name, Box::new(move |c, a| if c == "turn" { turn_as(a, &t) } else { a.clone() })));
    }
    forms.push(("float32 scores".into(), Box::new(|c, a| if c.contains('_') { scores_f32(a) } else { a.clone() })));
    for t in ["int64", "s", "ms-utc", "us-zone", "ns"] {
        forms.push((
            format!("tstamp {t}"),
            Box::new(move |c, a| if c == "tstamp" { tstamp_as(a, t) } else { a.clone() }),
        ));
    }
    for (name, change) in &forms {
        let path = dir.path().join(format!("{}.parquet", name.replace(' ', "-")));
        rewrite(&canonical, &path, change.as_ref());
        let loaded = load_paths(&[&path]);
        assert_eq!(loaded.report.skipped, 0, "{name}: {:?}", loaded.report.problems);
        assert!(rows_json(&loaded.index) == want, "{name} differs from the canonical file");
    }
}
