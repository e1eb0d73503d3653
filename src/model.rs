//! The data of one Chatbot Arena battle, exactly as the dataset holds it: nothing else lives here.

use std::fmt;

/// The human vote, one of the dataset's four `winner` strings, or no vote at all (Search
/// Arena keeps conversations whose user never voted: the winner is unknown, not a tie).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Winner {
    ModelA,
    ModelB,
    Tie,
    BothBad,
    /// The battle has no vote (`winner` null in Search Arena).
    NoVote,
}

impl Winner {
    /// The four votes a person can cast.
    pub const ALL: [Winner; 4] = [Winner::ModelA, Winner::ModelB, Winner::Tie, Winner::BothBad];
    /// Every value a battle's winner can take, in [`Winner::slot`] order.
    pub const EVERY: [Winner; 5] = [Winner::ModelA, Winner::ModelB, Winner::Tie, Winner::BothBad, Winner::NoVote];

    /// Position in [`Winner::EVERY`], for per-vote counts.
    pub fn slot(self) -> usize {
        self as usize
    }

    /// The string the dataset uses for this vote; `no vote` (which no dataset writes: it
    /// holds null) for [`Winner::NoVote`].
    pub fn as_str(self) -> &'static str {
        match self {
            Winner::ModelA => "model_a",
            Winner::ModelB => "model_b",
            Winner::Tie => "tie",
            Winner::BothBad => "tie (bothbad)",
            Winner::NoVote => "no vote",
        }
    }

    /// True for a battle someone voted on.
    pub fn is_vote(self) -> bool {
        self != Winner::NoVote
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
            Winner::NoVote => "no vote",
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

/// The dataset's fields (parquet columns, JSON keys); every row needs the first six
/// (`question_id` to `conversation_b`), the rest are optional ("unknown" when absent).
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

/// The public Arena releases, recognised from a file's columns (never from its name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Release {
    /// `lmsys/chatbot_arena_conversations` (33K battles, 2023).
    #[default]
    Conversations2023,
    /// The Kaggle competition's `arena-human-preference-55k` CSV.
    Kaggle55k,
    /// `lmarena-ai/arena-human-preference-100k`.
    Preference100k,
    /// `lmarena-ai/arena-human-preference-140k`.
    Preference140k,
    /// `lmsys/mt_bench_human_judgments` (expert and GPT-4 judgments).
    MtBench,
    /// `lmarena-ai/search-arena-24k`.
    SearchArena,
}

impl Release {
    pub const ALL: [Release; 6] = [
        Release::Conversations2023,
        Release::Kaggle55k,
        Release::Preference100k,
        Release::Preference140k,
        Release::MtBench,
        Release::SearchArena,
    ];

    /// The release's name on the hub (or Kaggle).
    pub fn name(self) -> &'static str {
        match self {
            Release::Conversations2023 => "chatbot_arena_conversations",
            Release::Kaggle55k => "arena-human-preference-55k",
            Release::Preference100k => "arena-human-preference-100k",
            Release::Preference140k => "arena-human-preference-140k",
            Release::MtBench => "mt_bench_human_judgments",
            Release::SearchArena => "search-arena-24k",
        }
    }

    /// The short name users type (`--dataset 140k`).
    pub fn short(self) -> &'static str {
        match self {
            Release::Conversations2023 => "33k",
            Release::Kaggle55k => "55k",
            Release::Preference100k => "100k",
            Release::Preference140k => "140k",
            Release::MtBench => "mtbench",
            Release::SearchArena => "search",
        }
    }
}

/// Length and markdown counts of one side's answers, as `conv_metadata` holds them or as
/// computed from the text by FastChat's rules (see `crate::markdown`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StyleCounts {
    /// Assistant tokens (`sum_assistant_X_tokens`), or the estimate from the text.
    pub tokens: u32,
    /// Header counts h1..h6.
    pub headers: [u32; 6],
    pub ordered: u32,
    pub unordered: u32,
    /// `**` plus `__` bold spans.
    pub bold: u32,
}

impl StyleCounts {
    pub fn header_total(&self) -> u32 {
        self.headers.iter().sum()
    }

    pub fn list_total(&self) -> u32 {
        self.ordered + self.unordered
    }
}

/// `conv_metadata`: the style counts of both sides and the prompt's size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ConvMeta {
    pub a: StyleCounts,
    pub b: StyleCounts,
    /// `sum_user_tokens`, or the estimate from the text.
    pub user_tokens: u32,
    pub turns: u32,
    /// True when the counts were computed from the text rather than read from the file.
    pub computed: bool,
}

/// The seven `criteria_v0.1` booleans, in the file's order.
pub const CRITERIA: [&str; 7] = [
    "specificity",
    "domain_knowledge",
    "complexity",
    "problem_solving",
    "creativity",
    "technical_accuracy",
    "real_world",
];

/// `category_tag`: each part may be absent, and absent means unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CategoryTags {
    /// Bit i set: criterion i ([`CRITERIA`]) is known for this row.
    pub criteria_known: u8,
    /// Bit i set: criterion i is true.
    pub criteria_true: u8,
    /// `if_v0.1.score`.
    pub if_score: Option<i32>,
    /// `math_v0.1.math`.
    pub math: Option<bool>,
    /// `creative_writing_v0.1.creative_writing`.
    pub creative_writing: Option<bool>,
}

impl CategoryTags {
    /// Hard prompt: at least 6 of the 7 criteria; `None` unless all seven are known.
    pub fn hard(&self) -> Option<bool> {
        (self.criteria_known == 0x7f).then(|| (self.criteria_true & 0x7f).count_ones() >= 6)
    }

    /// Instruction following: `if_v0.1` score at least 4.
    pub fn instruction_following(&self) -> Option<bool> {
        self.if_score.map(|s| s >= 4)
    }
}

/// `dedup_tag`: FastChat's deduplication outcome where the file records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DedupTag {
    pub high_freq: bool,
    pub sampled: bool,
}

impl DedupTag {
    /// Kept by deduplication: not an over-frequent prompt, or one of its sampled battles.
    pub fn kept(&self) -> bool {
        !self.high_freq || self.sampled
    }
}

/// The tags the later releases carry (all absent in the 2023 release).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ReleaseTags {
    /// `conv_metadata` as the file holds it; `None` where it has none (the index then computes
    /// the counts from the text).
    pub meta: Option<ConvMeta>,
    pub categories: Option<CategoryTags>,
    pub is_code: Option<bool>,
    pub is_refusal: Option<bool>,
    pub dedup: Option<DedupTag>,
}

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
    /// Categories, style metadata and other tags of the later releases.
    pub tags: ReleaseTags,
    /// Columns of the file that no field above holds (split, session ids, intents, ...), as
    /// `(name, value)` for display; values are short text.
    pub extra: Vec<(String, String)>,
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
        assert_eq!(Winner::from_dataset_str(Winner::NoVote.as_str()), None, "no dataset writes a no-vote string");
        for (i, w) in Winner::EVERY.iter().enumerate() {
            assert_eq!(w.slot(), i);
        }
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
