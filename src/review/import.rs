//! A colleague's review work in: a JSON Lines export (dataset rows with a `review` object) or a
//! review journal (`--review-file`, or a store from another machine). Entries are matched to
//! this dataset by battle id; rows whose models differ from the battle with that id here are
//! from other data and are skipped with a warning.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::store::Record;
use super::{BattleKey, Entry, KeyResolver, ReviewError, Warning, now, parse_vote};
use crate::index::{BattleId, Index};
use crate::model::Winner;

/// What an import file holds, matched to this dataset.
#[derive(Debug, Default)]
pub struct Imported {
    /// Entries for battles in this dataset, in dataset order.
    pub entries: Vec<(BattleId, Entry)>,
    /// Lines that were read and understood.
    pub lines: usize,
    pub warnings: Vec<Warning>,
}

#[derive(Deserialize)]
struct ExportLine {
    question_id: Option<String>,
    model_a: Option<String>,
    model_b: Option<String>,
    review: ReviewIn,
}

#[derive(Deserialize)]
struct ReviewIn {
    id: Option<String>,
    #[serde(default)]
    labels: Vec<String>,
    note: Option<String>,
    own_vote: Option<String>,
    created: Option<f64>,
    updated: Option<f64>,
}

/// One understood line: whose entry, and the models the row names (exports only).
struct Found {
    key: BattleKey,
    models: Option<(String, String)>,
    entry: Option<Entry>,
}

/// Reads `path` and matches its entries to `index`.
pub fn read_import(path: &Path, index: &Index) -> Result<Imported, ReviewError> {
    let bytes = std::fs::read(path).map_err(|e| ReviewError::io(path, &e))?;
    let text = String::from_utf8_lossy(&bytes);
    let mut out = Imported::default();
    if let Some(c) = text.trim_start_matches('\u{feff}').trim_start().chars().next()
        && c != '{'
    {
        return Err(ReviewError::Invalid(format!(
            "{}: not JSON Lines; import reads an arenascope JSON Lines export or a review file",
            path.display()
        )));
    }
    // Later lines win, as in a journal.
    let mut found: BTreeMap<BattleKey, Found> = BTreeMap::new();
    let warn = |out: &mut Imported, n: usize, reason: &str| {
        out.warnings.push(Warning(format!("{}: line {n}: {reason}; skipped", path.display())));
    };
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match parse_line(line) {
            Ok(f) => {
                out.lines += 1;
                found.insert(f.key.clone(), f);
            }
            Err(reason) => warn(&mut out, i + 1, &reason),
        }
    }
    let resolver = KeyResolver::new(index, found.keys());
    let mut not_here = Vec::new();
    for (key, f) in found {
        let Some(entry) = f.entry else { continue };
        let Some(b) = resolver.resolve(&key) else {
            not_here.push(key.to_string());
            continue;
        };
        if let Some((a, bb)) = &f.models {
            let (ha, hb) = (index.model_name(index.model_a(b)), index.model_name(index.model_b(b)));
            if (a.as_str(), bb.as_str()) != (ha, hb) {
                out.warnings.push(Warning(format!(
                    "{key}: the file's battle is {a} vs {bb}, this dataset's is {ha} vs {hb}; skipped"
                )));
                continue;
            }
        }
        out.entries.push((b, entry));
    }
    if let Some(first) = not_here.first() {
        out.warnings.push(Warning(format!(
            "{} entr{} name battles not in this dataset (skipped), e.g. {first}",
            not_here.len(),
            if not_here.len() == 1 { "y" } else { "ies" }
        )));
    }
    out.entries.sort_by_key(|(b, _)| *b);
    Ok(out)
}

fn parse_line(line: &str) -> Result<Found, String> {
    let value: serde_json::Value = serde_json::from_str(line).map_err(|e| format!("not JSON ({e})"))?;
    if value.get("review").is_some() {
        let row: ExportLine = serde_json::from_value(value).map_err(|e| format!("bad review object ({e})"))?;
        return export_entry(row);
    }
    if value.get("op").is_some() {
        return match Record::parse(line.as_bytes())? {
            Record::Put { id, labels, note, own_vote, created, updated } => {
                let own_vote = own_vote.and_then(|v| Winner::from_dataset_str(&v));
                let entry = Entry { labels: labels.into_iter().collect(), note, own_vote, created, updated };
                Ok(Found { key: key_of(&id)?, models: None, entry: Some(entry) })
            }
            // A removal in their file does not delete anything here; it only cancels their
            // earlier lines for that battle.
            Record::Remove { id, .. } => Ok(Found { key: key_of(&id)?, models: None, entry: None }),
        };
    }
    Err("neither an exported row (no \"review\") nor a review record (no \"op\")".into())
}

fn export_entry(row: ExportLine) -> Result<Found, String> {
    let r = row.review;
    let key = match (&r.id, &row.question_id) {
        (Some(id), qid) => {
            let key = key_of(id)?;
            if qid.as_ref().is_some_and(|q| *q != key.question_id) {
                return Err(format!("review.id {id:?} does not match question_id"));
            }
            key
        }
        (None, Some(qid)) => key_of(qid)?,
        (None, None) => return Err("no review.id and no question_id".into()),
    };
    let own_vote = match r.own_vote.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(v) => Some(parse_vote(v).ok_or_else(|| format!("unknown own_vote {v:?}"))?),
    };
    let labels: Vec<String> = r.labels.iter().map(|l| l.trim().to_owned()).filter(|l| !l.is_empty()).collect();
    if let Some(bad) = labels.iter().find(|l| l.chars().any(char::is_control)) {
        return Err(format!("label {bad:?} has control characters"));
    }
    let time = now();
    let created = r.created.filter(|t| t.is_finite()).unwrap_or(time);
    let entry = Entry {
        labels: labels.into_iter().collect(),
        note: r.note.unwrap_or_default(),
        own_vote,
        created,
        updated: r.updated.filter(|t| t.is_finite()).unwrap_or(created),
    };
    let models = row.model_a.zip(row.model_b);
    Ok(Found { key, models, entry: (!entry.is_empty()).then_some(entry) })
}

fn key_of(id: &str) -> Result<BattleKey, String> {
    BattleKey::parse(id).ok_or_else(|| format!("bad battle id {id:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::varied;
    use crate::index::DatasetInfo;
    use crate::review::export::write_jsonl;

    #[test]
    fn reads_exports_and_journals_and_skips_what_does_not_fit() {
        let index = Index::from_battles(&varied(), DatasetInfo::default());
        let e = Entry {
            labels: ["unsafe".to_owned()].into(),
            note: "n".into(),
            own_vote: Some(Winner::ModelB),
            created: 1.0,
            updated: 2.0,
        };
        let mut text = Vec::new();
        write_jsonl(&mut text, &index, &[(BattleId(3), &e), (BattleId(4), &e)]).expect("write");
        let mut text = String::from_utf8(text).expect("utf-8");
        text.push_str("{\"op\":\"put\",\"id\":\"0002bbbb\",\"labels\":[\"refusal\"],\"note\":\"\",\"own_vote\":null,\"created\":1,\"updated\":1}\n");
        text.push_str("{\"op\":\"put\",\"id\":\"elsewhere\",\"labels\":[\"refusal\"],\"note\":\"\",\"own_vote\":null,\"created\":1,\"updated\":1}\n");
        text.push_str(
            "{\"question_id\":\"0003cccc\",\"model_a\":\"x\",\"model_b\":\"y\",\"review\":{\"labels\":[\"a\"]}}\n",
        );
        text.push_str("not json\n\n");
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("in.jsonl");
        std::fs::write(&path, text).expect("write");
        let got = read_import(&path, &index).expect("import");
        let ids: Vec<BattleId> = got.entries.iter().map(|(b, _)| *b).collect();
        assert_eq!(ids, [BattleId(1), BattleId(3), BattleId(4)]);
        assert_eq!(got.entries[1].1, e);
        assert_eq!(got.warnings.len(), 3, "{:?}", got.warnings);
        assert!(got.warnings[0].0.contains("line 6: not JSON"));
        assert!(got.warnings[1].0.contains("0003cccc: the file's battle is x vs y"));
        assert!(got.warnings[2].0.contains("1 entry name battles not in this dataset"));
    }

    #[test]
    fn csv_is_refused_with_a_reason() {
        let index = Index::from_battles(&varied(), DatasetInfo::default());
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("in.csv");
        std::fs::write(&path, "id,question_id\n").expect("write");
        let err = read_import(&path, &index).map(|_| ()).expect_err("csv");
        assert!(err.to_string().contains("not JSON Lines"));
    }
}
