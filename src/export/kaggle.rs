//! The 55k release's battles as its Kaggle `train.csv`: `id`, the models, `prompt`,
//! `response_a` and `response_b` (each a JSON list of strings, one per turn; the turns the
//! source held as null are null again), the three 0/1 vote columns, then any other columns the
//! source had, and `review` (its JSON) when asked.

use std::io::{self, Write};

use super::layout::extra;
use crate::index::{BattleId, Index, Side};
use crate::load::KAGGLE_COLUMNS as COLUMNS;
use crate::model::Winner;
use crate::review::ReviewView;
use crate::review::export::ReviewJson;

/// The loader's note on turns that were null (`prompt 1, response_b 2 (null in the file: ...)`)
/// as `(column, 0-based turn)`.
fn null_turns(note: &str) -> Vec<(&str, usize)> {
    let list = note.split(" (").next().unwrap_or("");
    list.split(", ")
        .filter_map(|p| {
            let (col, n) = p.rsplit_once(' ')?;
            Some((col, n.parse::<usize>().ok()?.checked_sub(1)?))
        })
        .collect()
}

pub(super) fn write_csv(
    out: &mut dyn Write,
    index: &Index,
    battles: &[BattleId],
    reviews: Option<&ReviewView>,
) -> io::Result<()> {
    let mut extras: Vec<&str> = Vec::new();
    for &b in battles {
        for (name, _) in index.extra(b) {
            if name != "null_turns" && !COLUMNS.contains(&name) && !extras.contains(&name) {
                extras.push(name);
            }
        }
    }
    let mut w = csv::Writer::from_writer(out);
    let mut header: Vec<&str> = COLUMNS.iter().copied().chain(extras.iter().copied()).collect();
    if reviews.is_some() {
        header.push("review");
    }
    w.write_record(&header)?;
    for &b in battles {
        let nulls = extra(index, b, "null_turns").map(null_turns).unwrap_or_default();
        // Conversation A holds the prompts (the loader gives both sides the same ones).
        let turns = |side: Side, user: bool, column: &str| -> io::Result<String> {
            let texts: Vec<Option<&str>> = index
                .conversation(b, side)
                .iter()
                .filter(|m| (index.role_name(m) == "user") == user)
                .enumerate()
                .map(|(t, m)| (!nulls.contains(&(column, t))).then(|| index.message_text(m)))
                .collect();
            serde_json::to_string(&texts).map_err(io::Error::other)
        };
        let w_ = index.winner(b);
        let flag = |on: bool| if on { "1" } else { "0" };
        let mut record: Vec<String> = vec![
            index.question_id(b).to_owned(),
            index.model_name(index.model_a(b)).to_owned(),
            index.model_name(index.model_b(b)).to_owned(),
            turns(Side::A, true, "prompt")?,
            turns(Side::A, false, "response_a")?,
            turns(Side::B, false, "response_b")?,
            flag(w_ == Winner::ModelA).to_owned(),
            flag(w_ == Winner::ModelB).to_owned(),
            // The competition counts both-bad votes as ties.
            flag(w_.is_tie()).to_owned(),
        ];
        record.extend(extras.iter().map(|name| extra(index, b, name).unwrap_or_default().to_owned()));
        if let Some(r) = reviews {
            let review = r.entry(b).map(|e| ReviewJson::new(index, b, e));
            record.push(
                review.map(|r| serde_json::to_string(&r)).transpose().map_err(io::Error::other)?.unwrap_or_default(),
            );
        }
        w.write_record(&record)?;
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_loaders_note_names_the_null_turns() {
        assert_eq!(
            null_turns("prompt 1, response_b 2 (null in the file: shown empty)"),
            [("prompt", 0), ("response_b", 1)]
        );
        assert!(null_turns("").is_empty());
    }
}
