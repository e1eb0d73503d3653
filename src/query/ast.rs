//! The parsed form of a query: a list of terms, all of which must hold. Names are kept as
//! typed (with their column) until [`super::CompiledQuery`] resolves them against an index.

/// A whole query: the AND of its terms. No terms matches every battle.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Query {
    pub terms: Vec<Term>,
}

impl Query {
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }
}

/// One term, possibly negated with a leading `-`.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    pub negated: bool,
    /// 1-based character column where the term starts (its `-` if negated).
    pub column: usize,
    pub filter: Filter,
}

/// A value with the 1-based character column where it was typed, for error messages.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned<T> {
    pub value: T,
    pub column: usize,
}

/// What a term tests. Lists are the `|` alternatives: the term holds if any of them does.
#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    /// Bare words, `"phrases"`, `/regexes/`, optionally scoped (`prompt:`, `answer:`, ...).
    Text { scope: Scope, patterns: Vec<TextPattern> },
    /// `model:`, `model_a:`, `model_b:`.
    Model { side: ModelSide, names: Vec<Spanned<String>> },
    /// `winner:a|b|tie|bothbad|NAME`.
    Winner(Vec<Spanned<WinnerValue>>),
    /// `loser:NAME`: battles that model lost.
    Loser(Vec<Spanned<String>>),
    /// `lang:NAME`.
    Language(Vec<Spanned<String>>),
    /// `turns:N`, `>N`, `<N`, `N..M`.
    Turns(Vec<NumberRange>),
    /// `mod:flagged`, `mod:CATEGORY`.
    Moderation(Vec<ModerationValue>),
    /// `toxic:yes|no`: either toxic-chat tagger flagged the row (or neither did).
    Toxic(Vec<bool>),
    /// `anony:yes|no`.
    Anony(Vec<bool>),
    /// `judge:arena_user_973`.
    Judge(Vec<Spanned<String>>),
    /// `id:PREFIX` (or a full `question_id#N` label).
    Id(Vec<String>),
    /// `date:D`, `D1..D2`, `>D`, `<D` (UTC days, inclusive).
    Date(Vec<DayRange>),
    /// `review:flagged|noted|none|LABEL`.
    Review(Vec<ReviewValue>),
    /// `category:hard|if|math|creative|code|long|multiturn`: the leaderboard's categories.
    Category(Vec<Spanned<crate::category::Category>>),
    /// `is:code|refusal`: the `is_code` / `is_refusal` tags.
    Is(Vec<Spanned<IsValue>>),
    /// `split:human|gpt4_pair` (MT-bench judgments).
    Split(Vec<Spanned<String>>),
    /// `intent:NAME`: Search Arena's primary or secondary intent.
    Intent(Vec<Spanned<String>>),
    /// `dedup:kept|dropped` (true: kept): what deduplication does with the battle (FastChat's
    /// rule with q 0.999 and seed 42, or the file's `dedup_tag`).
    Dedup(Vec<bool>),
}

/// A tag `is:` tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IsValue {
    /// `is_code` is true.
    Code,
    /// `is_refusal` is true.
    Refusal,
}

/// Which messages a text term looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every message: prompts and both answers.
    Any,
    /// User messages.
    Prompt,
    /// Assistant messages of either side.
    Answer,
    AnswerA,
    AnswerB,
}

/// One alternative of a text term.
#[derive(Debug, Clone, PartialEq)]
pub enum TextPattern {
    /// A word or a quoted phrase: a case-insensitive substring of one message.
    Literal(String),
    /// A regular expression (case-insensitive unless it says otherwise), matched per message.
    Regex(String),
}

/// Which side a `model` term looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelSide {
    Either,
    A,
    B,
}

#[derive(Debug, Clone, PartialEq)]
pub enum WinnerValue {
    /// `a`, `b`, `tie`, `bothbad`: the vote itself.
    Vote(crate::model::Winner),
    /// A model name: battles that model won.
    Model(String),
}

/// An inclusive range of numbers (`turns:`); `N` is `N..N`, `>N` is `N+1..`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberRange {
    pub min: u32,
    pub max: u32,
}

impl NumberRange {
    pub fn contains(&self, n: u32) -> bool {
        (self.min..=self.max).contains(&n)
    }
}

/// An inclusive range of UTC day numbers (see [`crate::time`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayRange {
    pub first: i64,
    pub last: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModerationValue {
    /// `openai_moderation.flagged` is true.
    Flagged,
    /// That category (an index into [`crate::model::MODERATION_CATEGORIES`]) is true.
    Category(usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewValue {
    Flagged,
    /// Has a note.
    Noted,
    /// Not flagged, no note, no label.
    None,
    /// Carries this label (compared case-insensitively).
    Label(String),
}
