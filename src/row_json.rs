//! A battle written back in the dataset's own JSON form (the same keys, nesting and order as
//! the hub's rows), so that `search --json` and exports are valid input files.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use crate::index::{BattleId, Index, MessageSpan, Side};
use crate::model::{MODERATION_CATEGORIES, Moderation, ROBERTA_KEY, T5_KEY, TaggerVerdict, ToxicTags};

/// Serialises as one dataset row.
pub struct RowJson<'a> {
    pub index: &'a Index,
    pub battle: BattleId,
}

impl Serialize for RowJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(13))?;
        self.serialize_fields(&mut map)?;
        map.end()
    }
}

impl RowJson<'_> {
    /// Writes the 13 dataset keys into an open map (exports add their own keys after them).
    pub fn serialize_fields<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        let (idx, b) = (self.index, self.battle);
        map.serialize_entry("question_id", &idx.question_id(b))?;
        map.serialize_entry("model_a", idx.model_name(idx.model_a(b)))?;
        map.serialize_entry("model_b", idx.model_name(idx.model_b(b)))?;
        // A battle without a vote holds null, as Search Arena writes it.
        let winner = idx.winner(b);
        map.serialize_entry("winner", &winner.is_vote().then(|| winner.as_str()))?;
        map.serialize_entry("judge", &idx.judge_str(b))?;
        map.serialize_entry("conversation_a", &Conversation { index: idx, messages: idx.conversation(b, Side::A) })?;
        map.serialize_entry("conversation_b", &Conversation { index: idx, messages: idx.conversation(b, Side::B) })?;
        map.serialize_entry("turn", &idx.turn(b))?;
        map.serialize_entry("anony", &idx.anony(b))?;
        map.serialize_entry("language", &idx.language_str(b))?;
        map.serialize_entry("tstamp", &idx.tstamp(b))?;
        map.serialize_entry("openai_moderation", &idx.moderation(b).as_ref().map(ModerationJson))?;
        map.serialize_entry("toxic_chat_tag", &idx.toxic(b).as_ref().map(ToxicJson))?;
        Ok(())
    }
}

struct Conversation<'a> {
    index: &'a Index,
    messages: &'a [MessageSpan],
}

impl Serialize for Conversation<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.messages.len()))?;
        for m in self.messages {
            seq.serialize_element(&MessageJson { content: self.index.message_text(m), role: self.index.role_name(m) })?;
        }
        seq.end()
    }
}

struct MessageJson<'a> {
    content: &'a str,
    role: &'a str,
}

impl Serialize for MessageJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(2))?;
        map.serialize_entry("content", self.content)?;
        map.serialize_entry("role", self.role)?;
        map.end()
    }
}

pub(crate) struct ModerationJson<'a>(pub &'a Moderation);

impl Serialize for ModerationJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let m = self.0;
        let mut map = s.serialize_map(None)?;
        if m.has_categories {
            map.serialize_entry("categories", &Categories(m))?;
        }
        if m.has_scores {
            map.serialize_entry("category_scores", &Scores(m))?;
        }
        if let Some(flagged) = m.flagged {
            map.serialize_entry("flagged", &flagged)?;
        }
        map.end()
    }
}

struct Categories<'a>(&'a Moderation);

impl Serialize for Categories<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        for (i, name) in MODERATION_CATEGORIES.iter().enumerate() {
            if let Some(v) = self.0.category(i) {
                map.serialize_entry(name, &v)?;
            }
        }
        map.end()
    }
}

struct Scores<'a>(&'a Moderation);

impl Serialize for Scores<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        for (i, name) in MODERATION_CATEGORIES.iter().enumerate() {
            if let Some(v) = self.0.scores[i] {
                map.serialize_entry(name, &v)?;
            }
        }
        map.end()
    }
}

pub(crate) struct ToxicJson<'a>(pub &'a ToxicTags);

impl Serialize for ToxicJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        if let Some(r) = &self.0.roberta {
            map.serialize_entry(ROBERTA_KEY, &Verdict(r, "probability"))?;
        }
        if let Some(t) = &self.0.t5 {
            map.serialize_entry(T5_KEY, &Verdict(t, "score"))?;
        }
        map.end()
    }
}

struct Verdict<'a>(&'a TaggerVerdict, &'static str);

impl Serialize for Verdict<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        if let Some(f) = self.0.flagged {
            map.serialize_entry("flagged", &f)?;
        }
        if let Some(score) = self.0.score {
            map.serialize_entry(self.1, &score)?;
        }
        map.end()
    }
}

/// One dataset row as a JSON string (no trailing newline).
pub fn row_to_json(index: &Index, battle: BattleId) -> String {
    serde_json::to_string(&RowJson { index, battle }).expect("serialising to a String cannot fail")
}
