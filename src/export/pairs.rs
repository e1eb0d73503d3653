//! Preference pairs in the conversational form TRL's DPO and reward trainers read: `chosen`
//! and `rejected` are the winner's and the loser's whole conversations (lists of `{role,
//! content}`), so every turn of a multi-turn battle stays in place and no `prompt` key is
//! needed (TRL takes the shared first messages as the prompt).

use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;
use serde::ser::{SerializeMap, SerializeSeq, Serializer};

use super::{FileType, SkipReason, Skipped, Ties, tally};
use crate::index::{BattleId, Index, MessageSpan, Side};
use crate::model::Winner;
use crate::output::{OutputError, WriteOptions, write_file};
use crate::review::ReviewView;
use crate::review::export::ReviewJson;

/// One pair: the battle, the side whose conversation is `chosen`, and the `label`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Pair {
    pub battle: BattleId,
    pub chosen: Side,
    pub label: Label,
}

/// `win`: chosen beat rejected; `tie` and `both_bad` (kept only with `--ties keep`): no
/// winner, chosen is model A.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Label {
    Win,
    Tie,
    BothBad,
}

impl Label {
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Win => "win",
            Label::Tie => "tie",
            Label::BothBad => "both_bad",
        }
    }
}

/// The pairs of `battles` in order, and the battles left out with the reason.
pub(super) fn select(index: &Index, battles: &[BattleId], ties: Ties) -> (Vec<Pair>, Vec<(SkipReason, BattleId)>) {
    let mut pairs = Vec::with_capacity(battles.len());
    let mut skipped = Vec::new();
    for &b in battles {
        let (chosen, label) = match (index.winner(b), ties) {
            (Winner::ModelA, _) => (Side::A, Label::Win),
            (Winner::ModelB, _) => (Side::B, Label::Win),
            (Winner::Tie, Ties::Drop) => {
                skipped.push((SkipReason::Tie, b));
                continue;
            }
            (Winner::BothBad, Ties::Drop) => {
                skipped.push((SkipReason::BothBad, b));
                continue;
            }
            (Winner::Tie, Ties::Keep) => (Side::A, Label::Tie),
            (Winner::BothBad, Ties::Keep) => (Side::A, Label::BothBad),
            (Winner::NoVote, _) => {
                skipped.push((SkipReason::NoVote, b));
                continue;
            }
        };
        if !same_user_turns(index, b) {
            skipped.push((SkipReason::UserTurnsDiffer, b));
            continue;
        }
        pairs.push(Pair { battle: b, chosen, label });
    }
    (pairs, skipped)
}

/// Do both conversations have the same user messages, in the same order?
pub(super) fn same_user_turns(index: &Index, b: BattleId) -> bool {
    let users = |side| index.conversation(b, side).iter().filter(|m| m.is_user).map(|m| index.message_text(m));
    users(Side::A).eq(users(Side::B))
}

pub(super) fn other(side: Side) -> Side {
    match side {
        Side::A => Side::B,
        Side::B => Side::A,
    }
}

/// Writes the pairs; returns the rows written and the battles skipped by reason.
pub(super) fn write(
    path: &Path,
    file_type: FileType,
    index: &Index,
    battles: &[BattleId],
    ties: Ties,
    reviews: Option<&ReviewView>,
    opts: WriteOptions<'_>,
) -> Result<(usize, Vec<Skipped>), OutputError> {
    let (pairs, skipped) = select(index, battles, ties);
    let with_label = ties == Ties::Keep;
    write_file(path, opts, |out| match file_type {
        FileType::Parquet => super::parquet::write_pairs(out, index, &pairs, with_label, reviews),
        _ => write_jsonl(out, index, &pairs, with_label, reviews),
    })?;
    Ok((pairs.len(), tally(index, &skipped)))
}

fn write_jsonl(
    out: &mut dyn Write,
    index: &Index,
    pairs: &[Pair],
    with_label: bool,
    reviews: Option<&ReviewView>,
) -> io::Result<()> {
    for &pair in pairs {
        serde_json::to_writer(&mut *out, &PairJson { index, pair, with_label, reviews })?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

struct PairJson<'a> {
    index: &'a Index,
    pair: Pair,
    with_label: bool,
    /// `Some`: add a `review` key (null for a battle without an entry).
    reviews: Option<&'a ReviewView>,
}

impl Serialize for PairJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (index, p) = (self.index, self.pair);
        let b = p.battle;
        let model = |side| index.model_name(if side == Side::A { index.model_a(b) } else { index.model_b(b) });
        let rejected = other(p.chosen);
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("id", &index.battle_label(b))?;
        map.serialize_entry("chosen", &Messages { index, messages: index.conversation(b, p.chosen) })?;
        map.serialize_entry("rejected", &Messages { index, messages: index.conversation(b, rejected) })?;
        map.serialize_entry("chosen_model", model(p.chosen))?;
        map.serialize_entry("rejected_model", model(rejected))?;
        map.serialize_entry("language", &index.language_str(b))?;
        map.serialize_entry("turn", &index.turn(b))?;
        if self.with_label {
            map.serialize_entry("label", p.label.as_str())?;
        }
        if let Some(reviews) = self.reviews {
            map.serialize_entry("review", &reviews.entry(b).map(|e| ReviewJson::new(index, b, e)))?;
        }
        map.end()
    }
}

/// A conversation as TRL's messages: `[{"role": ..., "content": ...}, ...]`.
struct Messages<'a> {
    index: &'a Index,
    messages: &'a [MessageSpan],
}

impl Serialize for Messages<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.messages.len()))?;
        for m in self.messages {
            seq.serialize_element(&Message { role: self.index.role_name(m), content: self.index.message_text(m) })?;
        }
        seq.end()
    }
}

/// One message, `role` first as TRL's examples have it.
#[derive(Serialize)]
struct Message<'a> {
    role: &'a str,
    content: &'a str,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{battle, conversation};
    use crate::index::DatasetInfo;

    #[test]
    fn ties_are_dropped_or_kept_and_mismatched_prompts_skipped() {
        let mut rows = Vec::new();
        for (i, w) in Winner::ALL.into_iter().enumerate() {
            let mut b = battle(&format!("q{i}"), "m1", "m2");
            b.winner = w;
            rows.push(b);
        }
        let mut odd = battle("odd", "m1", "m2");
        odd.conversation_b = conversation(&["Something else?", "Yes."]);
        rows.push(odd);
        let index = Index::from_battles(&rows, DatasetInfo::default());
        let all: Vec<BattleId> = index.battle_ids().collect();
        let (pairs, skipped) = select(&index, &all, Ties::Drop);
        assert_eq!(pairs.iter().map(|p| (p.battle.0, p.chosen)).collect::<Vec<_>>(), [(0, Side::A), (1, Side::B)]);
        let reasons: Vec<SkipReason> = skipped.iter().map(|(r, _)| *r).collect();
        assert_eq!(reasons, [SkipReason::Tie, SkipReason::BothBad, SkipReason::UserTurnsDiffer]);
        let (pairs, skipped) = select(&index, &all, Ties::Keep);
        let labels: Vec<Label> = pairs.iter().map(|p| p.label).collect();
        assert_eq!(labels, [Label::Win, Label::Win, Label::Tie, Label::BothBad]);
        assert_eq!(skipped, [(SkipReason::UserTurnsDiffer, BattleId(4))]);
    }
}
