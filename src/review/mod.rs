//! Review: flags (labels and a note) and the user's own votes on battles, kept in a journal
//! that never loses acknowledged work, plus export, import and agreement with the crowd.
//!
//! - [`store`]: the durable per-dataset store (append-only JSON Lines journal, `flock`ed).
//! - [`view`]: the store resolved against one [`crate::index::Index`] (what the query
//!   language and the TUI ask: is this battle flagged, which labels, next flagged battle).
//! - [`key`]: battle identity as text (`question_id`, or `question_id#N` for repeats).
//! - [`config`]: the label list (defaults, or `labels` in `review.toml`).
//! - [`export`] / [`import`]: JSON Lines (dataset rows plus a `review` object) and CSV out,
//!   a colleague's export or review file in.
//! - [`agreement`]: percent agreement and Cohen's kappa between own votes and the crowd's;
//!   [`ratings`]: the rating table from own votes beside the crowd's; [`summary`]: the numbers
//!   `review stats` and the TUI's summary show.

pub mod agreement;
pub mod config;
pub mod export;
pub mod import;
pub mod key;
pub mod ratings;
pub mod store;
pub mod summary;
pub mod view;

use std::collections::BTreeSet;
use std::fmt;
use std::path::PathBuf;

use crate::model::Winner;

pub use config::{DEFAULT_LABELS, ReviewConfig};
pub use key::{BattleKey, KeyResolver};
pub use store::{Applied, Edit, ReviewStore, StoreLocation};
pub use summary::ReviewSummary;
pub use view::{ReviewView, Reviews, Saved};

/// What the user recorded about one battle.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Entry {
    /// Labels such as `unsafe` or `wrong vote`, sorted, no duplicates.
    pub labels: BTreeSet<String>,
    /// Free text, possibly several lines; empty when there is none.
    pub note: String,
    /// The user's own vote from blind re-judging.
    pub own_vote: Option<Winner>,
    /// Unix seconds of the first change and of the latest one.
    pub created: f64,
    pub updated: f64,
}

impl Entry {
    /// Flagged means labelled or annotated; an own vote alone does not flag a battle.
    pub fn is_flagged(&self) -> bool {
        !self.labels.is_empty() || !self.note.is_empty()
    }

    /// Nothing left worth keeping: the entry is removed rather than stored empty.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty() && self.note.is_empty() && self.own_vote.is_none()
    }

    /// Whether the entry has `label`, ignoring case (`review:Unsafe` finds `unsafe`).
    pub fn has_label(&self, label: &str) -> bool {
        self.labels.iter().any(|l| labels_equal(l, label))
    }
}

/// Labels compare without regard to case, and `-` or `_` stand for a space, so that
/// `review:wrong-vote` in a query needs no quotes to find `wrong vote`.
pub fn labels_equal(a: &str, b: &str) -> bool {
    let norm = |c: char| if c == '-' || c == '_' { ' ' } else { c };
    let (mut a, mut b) = (a.chars().flat_map(char::to_lowercase), b.chars().flat_map(char::to_lowercase));
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) if norm(x) == norm(y) => {}
            _ => return false,
        }
    }
}

/// The `review:LABEL` values of a query that match none of the `known` labels (most likely
/// typos such as `review:flagge`), as typed, in query order.
pub fn unknown_labels<'k>(query: &crate::query::Query, known: impl Iterator<Item = &'k str> + Clone) -> Vec<String> {
    use crate::query::{Filter, ReviewValue};
    let mut unknown = Vec::new();
    for term in &query.terms {
        let Filter::Review(values) = &term.filter else { continue };
        for value in values {
            if let ReviewValue::Label(label) = value
                && !known.clone().any(|k| labels_equal(k, label))
                && !unknown.contains(label)
            {
                unknown.push(label.clone());
            }
        }
    }
    unknown
}

/// The own-vote words users type: `A`, `B`, `tie`, `both bad` (and the dataset's own strings).
pub fn parse_vote(s: &str) -> Option<Winner> {
    let lower = s.trim().to_ascii_lowercase();
    match lower.as_str() {
        "a" | "model_a" => Some(Winner::ModelA),
        "b" | "model_b" => Some(Winner::ModelB),
        "tie" => Some(Winner::Tie),
        "both bad" | "bothbad" | "both_bad" | "tie (bothbad)" => Some(Winner::BothBad),
        _ => None,
    }
}

/// Something went wrong reading or writing review data.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    #[error("{path}: {reason}")]
    Io { path: PathBuf, reason: String },
    #[error("{path}: line {line}: {reason}")]
    Parse { path: PathBuf, line: u64, reason: String },
    #[error("no data directory for the review store (no home folder?); pass --review-file PATH")]
    NoDataDir,
    #[error("{0}")]
    Invalid(String),
}

impl ReviewError {
    pub(crate) fn io(path: impl Into<PathBuf>, e: &std::io::Error) -> ReviewError {
        let reason = match e.kind() {
            std::io::ErrorKind::NotFound => "no such file or folder".to_owned(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
            _ => e.to_string(),
        };
        ReviewError::Io { path: path.into(), reason }
    }
}

/// A problem that did not stop the work but that the user should see (a torn last line of
/// the journal after a crash, a corrupt line, ids that are not in this dataset, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning(pub String);

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The current time as unix seconds, to the millisecond.
pub(crate) fn now() -> f64 {
    let d = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    d.as_millis() as f64 / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_labels_are_the_typed_labels_nobody_knows() {
        let q =
            crate::query::parse("review:flagge|Wrong_Vote -review:unsafe review:noted review:flagge review:x").unwrap();
        let known = ["wrong vote", "unsafe"];
        assert_eq!(unknown_labels(&q, known.iter().copied()), ["flagge", "x"]);
        assert!(
            unknown_labels(&crate::query::parse("review:flagged review:none").unwrap(), known.iter().copied())
                .is_empty()
        );
    }

    #[test]
    fn votes_parse_from_what_users_type() {
        assert_eq!(parse_vote("A"), Some(Winner::ModelA));
        assert_eq!(parse_vote("model_b"), Some(Winner::ModelB));
        assert_eq!(parse_vote("Both Bad"), Some(Winner::BothBad));
        assert_eq!(parse_vote("tie (bothbad)"), Some(Winner::BothBad));
        assert_eq!(parse_vote("c"), None);
    }

    #[test]
    fn own_vote_alone_is_not_a_flag() {
        let mut e = Entry { own_vote: Some(Winner::Tie), ..Default::default() };
        assert!(!e.is_flagged() && !e.is_empty());
        e.note = "odd".into();
        assert!(e.is_flagged());
        e.labels.insert("Wrong Vote".into());
        assert!(e.has_label("wrong vote") && e.has_label("wrong-vote") && e.has_label("WRONG_VOTE"));
        assert!(!e.has_label("wrong") && !e.has_label("wrong votes"));
        assert!(labels_equal("Ärger", "ärger") && !labels_equal("a", "b"));
    }
}
