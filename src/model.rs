//! The data of one Chatbot Arena battle, exactly as the dataset holds it: nothing else lives here.

use std::fmt;

/// The human vote, one of the dataset's four `winner` strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Winner {
    ModelA,
    ModelB,
    Tie,
    BothBad,
}

impl Winner {
    pub const ALL: [Winner; 4] = [Winner::ModelA, Winner::ModelB, Winner::Tie, Winner::BothBad];

    /// The string the dataset uses for this vote.
    pub fn as_str(self) -> &'static str {
        match self {
            Winner::ModelA => "model_a",
            Winner::ModelB => "model_b",
            Winner::Tie => "tie",
            Winner::BothBad => "tie (bothbad)",
        }
    }

    /// Parses the dataset's string; `None` for anything else.
    pub fn from_dataset_str(s: &str) -> Option<Winner> {
        match s {
            "model_a" => Some(Winner::ModelA),
            "model_b" => Some(Winner::ModelB),
            "tie" => Some(Winner::Tie),
            "tie (bothbad)" => Some(Winner::BothBad),
            _ => None,
        }
    }

    /// A short human label: "A", "B", "tie", "both bad".
    pub fn label(self) -> &'static str {
        match self {
            Winner::ModelA => "A",
            Winner::ModelB => "B",
            Winner::Tie => "tie",
            Winner::BothBad => "both bad",
        }
    }

    pub fn is_tie(self) -> bool {
        matches!(self, Winner::Tie | Winner::BothBad)
    }
}

impl fmt::Display for Winner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The dataset's fields (parquet columns, JSON keys); every row needs the first
/// [`REQUIRED_FIELDS`], the rest are optional ("unknown" when absent).
pub const FIELDS: [&str; 13] = [
    "question_id",
    "model_a",
    "model_b",
    "winner",
    "conversation_a",
    "conversation_b",
    "judge",
    "turn",
    "anony",
    "language",
    "tstamp",
    "openai_moderation",
    "toxic_chat_tag",
];
pub const REQUIRED_FIELDS: usize = 6;

/// The eleven OpenAI moderation categories, in the dataset's key order.
pub const MODERATION_CATEGORIES: [&str; 11] = [
    "harassment",
    "harassment/threatening",
    "hate",
    "hate/threatening",
    "self-harm",
    "self-harm/instructions",
    "self-harm/intent",
    "sexual",
    "sexual/minors",
    "violence",
    "violence/graphic",
];

/// Position of a category name in [`MODERATION_CATEGORIES`].
pub fn moderation_category_index(name: &str) -> Option<usize> {
    MODERATION_CATEGORIES.iter().position(|c| *c == name)
}

/// `openai_moderation`: every part may be absent in real files, and absent means unknown.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Moderation {
    /// Bit i set: category i is present in the row.
    pub categories_known: u16,
    /// Bit i set: category i is true (only meaningful where known).
    pub categories_true: u16,
    /// Category scores; `None` where the row lacks the key.
    pub scores: [Option<f64>; 11],
    pub flagged: Option<bool>,
    /// Whether the `categories` / `category_scores` objects were present at all.
    pub has_categories: bool,
    pub has_scores: bool,
}

impl Moderation {
    /// `Some(true/false)` for a known category, `None` when the row lacks it.
    pub fn category(&self, i: usize) -> Option<bool> {
        if self.categories_known & (1 << i) == 0 { None } else { Some(self.categories_true & (1 << i) != 0) }
    }

    pub fn set_category(&mut self, i: usize, value: bool) {
        self.has_categories = true;
        self.categories_known |= 1 << i;
        if value {
            self.categories_true |= 1 << i;
        } else {
            self.categories_true &= !(1 << i);
        }
    }
}

/// One toxic-chat tagger's verdict; either part may be absent.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct TaggerVerdict {
    pub flagged: Option<bool>,
    /// `probability` for roberta-large, `score` for t5-large.
    pub score: Option<f64>,
}

/// `toxic_chat_tag`: the two taggers, each possibly absent.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ToxicTags {
    pub roberta: Option<TaggerVerdict>,
    pub t5: Option<TaggerVerdict>,
}

impl ToxicTags {
    /// True if either tagger flagged the row; `None` if neither verdict is known.
    pub fn either_flagged(&self) -> Option<bool> {
        let r = self.roberta.and_then(|v| v.flagged);
        let t = self.t5.and_then(|v| v.flagged);
        match (r, t) {
            (None, None) => None,
            (a, b) => Some(a.unwrap_or(false) || b.unwrap_or(false)),
        }
    }
}

/// The JSON key of each tagger's score field.
pub const ROBERTA_KEY: &str = "roberta-large";
pub const T5_KEY: &str = "t5-large";

/// One message of a conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub role: String,
    pub content: String,
}

/// One battle, owned. The index stores battles more compactly; this form is for building
/// fixtures and for code that wants a whole row at once.
#[derive(Debug, Clone, PartialEq)]
pub struct Battle {
    pub question_id: String,
    pub model_a: String,
    pub model_b: String,
    pub winner: Winner,
    pub judge: Option<String>,
    pub conversation_a: Vec<Message>,
    pub conversation_b: Vec<Message>,
    pub turn: u32,
    pub anony: Option<bool>,
    pub language: Option<String>,
    /// Unix seconds.
    pub tstamp: Option<f64>,
    pub openai_moderation: Option<Moderation>,
    pub toxic_chat_tag: Option<ToxicTags>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn winner_round_trips_through_dataset_strings() {
        for w in Winner::ALL {
            assert_eq!(Winner::from_dataset_str(w.as_str()), Some(w));
        }
        assert_eq!(Winner::from_dataset_str("bothbad"), None);
    }

    #[test]
    fn moderation_category_unknown_is_not_false() {
        let mut m = Moderation::default();
        assert_eq!(m.category(3), None);
        m.set_category(3, false);
        assert_eq!(m.category(3), Some(false));
        m.set_category(3, true);
        assert_eq!(m.category(3), Some(true));
    }

    #[test]
    fn toxic_either_flagged_keeps_unknown() {
        assert_eq!(ToxicTags::default().either_flagged(), None);
        let t = ToxicTags {
            roberta: Some(TaggerVerdict { flagged: Some(false), score: Some(0.1) }),
            t5: Some(TaggerVerdict { flagged: Some(true), score: None }),
        };
        assert_eq!(t.either_flagged(), Some(true));
    }
}
