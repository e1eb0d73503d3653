//! The battle table: per-battle facets in compact columns, interned names, message spans and
//! their text; pieces loaded in parallel are appended in order.

use crate::intern::Interner;
use crate::model::{Moderation, ReleaseTags, ToxicTags, Winner};

use super::ids::NONE_ID;
use super::text::{MessageSpan, TextSegments};

/// Battles in the index layout. Loaders fill one table per piece of input (a row group, a
/// block of lines) in parallel; the pieces are then appended in order.
#[derive(Debug, Default)]
pub struct BattleTable {
    pub(super) models: Interner,
    pub(super) languages: Interner,
    pub(super) judges: Interner,
    pub(super) roles: Interner,
    pub(super) question_ids: String,
    /// `question_ids[qid_ends[i-1]..qid_ends[i]]` is battle i's id.
    pub(super) qid_ends: Vec<u32>,
    pub(super) model_a: Vec<u32>,
    pub(super) model_b: Vec<u32>,
    pub(super) winner: Vec<Winner>,
    pub(super) judge: Vec<u32>,
    pub(super) language: Vec<u32>,
    pub(super) turn: Vec<u32>,
    pub(super) anony: Vec<Option<bool>>,
    /// Unix seconds; NaN when unknown.
    pub(super) tstamp: Vec<f64>,
    pub(super) moderation: Vec<Option<Moderation>>,
    pub(super) toxic: Vec<Option<ToxicTags>>,
    pub(super) tags: Vec<ReleaseTags>,
    /// Battle i's extra columns are `extra[extra_ends[i-1]..extra_ends[i]]`.
    pub(super) extra_ends: Vec<u32>,
    pub(super) extra: Vec<(String, String)>,
    /// Battle i's messages are `messages[msg_ends[i-1]..msg_ends[i]]`: conversation A, then B.
    pub(super) msg_ends: Vec<u32>,
    /// Number of conversation-A messages of each battle.
    pub(super) conv_a_len: Vec<u32>,
    pub(super) messages: Vec<MessageSpan>,
    pub(super) text: TextSegments,
}

impl BattleTable {
    pub fn new() -> Self {
        Self::default()
    }

    /// A table (one loaded piece) that expects about `text_bytes` of message text: reserving
    /// avoids re-copying, and untouched reserved pages cost no memory.
    pub fn with_text_capacity(text_bytes: usize) -> Self {
        BattleTable { text: TextSegments::with_capacity(text_bytes), ..Self::default() }
    }

    pub fn len(&self) -> usize {
        self.model_a.len()
    }

    pub fn is_empty(&self) -> bool {
        self.model_a.is_empty()
    }

    /// Appends all battles of `other` after ours, remapping its interned ids.
    pub fn append(&mut self, other: BattleTable) {
        let models = self.models.merge(&other.models);
        let languages = self.languages.merge(&other.languages);
        let judges = self.judges.merge(&other.judges);
        let roles = self.roles.merge(&other.roles);
        let remap = |table: &[u32], id: u32| if id == NONE_ID { NONE_ID } else { table[id as usize] };

        let qid_base = self.question_ids.len() as u32;
        self.question_ids.push_str(&other.question_ids);
        self.qid_ends.extend(other.qid_ends.iter().map(|e| e + qid_base));
        self.model_a.extend(other.model_a.iter().map(|&m| models[m as usize]));
        self.model_b.extend(other.model_b.iter().map(|&m| models[m as usize]));
        self.winner.extend_from_slice(&other.winner);
        self.judge.extend(other.judge.iter().map(|&j| remap(&judges, j)));
        self.language.extend(other.language.iter().map(|&l| remap(&languages, l)));
        self.turn.extend_from_slice(&other.turn);
        self.anony.extend_from_slice(&other.anony);
        self.tstamp.extend_from_slice(&other.tstamp);
        self.moderation.extend_from_slice(&other.moderation);
        self.toxic.extend_from_slice(&other.toxic);
        self.tags.extend_from_slice(&other.tags);
        let extra_base = self.extra.len() as u32;
        self.extra_ends.extend(other.extra_ends.iter().map(|e| e + extra_base));
        self.extra.extend(other.extra);
        self.conv_a_len.extend_from_slice(&other.conv_a_len);
        let msg_base = self.messages.len() as u32;
        self.msg_ends.extend(other.msg_ends.iter().map(|e| e + msg_base));
        let text_base = self.text.len() as u64;
        self.messages.extend(other.messages.iter().map(|m| MessageSpan {
            start: m.start + text_base,
            role: roles[m.role as usize] as u16,
            ..*m
        }));
        self.text.append(other.text);
    }
}
