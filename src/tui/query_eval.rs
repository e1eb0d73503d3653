//! The browser's view of the query engine: evaluate a query's text over the index (off the UI
//! thread, cancellable) and find a battle's matches for highlighting.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use crate::index::{BattleId, Index};
use crate::query::ast::Filter;
use crate::query::{CompiledQuery, ReviewLookup, battles_matching_cancellable, match_spans};
use crate::tui::text::document::MessageMatch;

/// A malformed query: what is wrong and where (0-based character column in the query).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct QueryProblem {
    pub(crate) column: usize,
    pub(crate) message: String,
}

/// Finds where a compiled query matches inside one battle, for highlighting.
pub(crate) trait Highlighter: Send + Sync + fmt::Debug {
    /// Matches sorted by message, then position.
    fn matches(&self, index: &Index, battle: BattleId) -> Vec<MessageMatch>;
}

/// The result of evaluating a query.
#[derive(Debug, Clone)]
pub(crate) struct Hits {
    /// Matching battles in dataset order.
    pub(crate) battles: Vec<BattleId>,
    pub(crate) highlighter: Option<Arc<dyn Highlighter>>,
    /// The query has `review:` terms: its result changes when the flags do.
    pub(crate) uses_reviews: bool,
    /// What the query probably did not mean (`OR` searched as a word, ...).
    pub(crate) warnings: Vec<String>,
}

/// Highlights with the query engine's own match spans.
#[derive(Debug)]
struct QueryHighlighter(CompiledQuery);

impl Highlighter for QueryHighlighter {
    fn matches(&self, index: &Index, battle: BattleId) -> Vec<MessageMatch> {
        match_spans(index, &self.0, battle)
            .into_iter()
            .map(|s| MessageMatch { message: s.message, range: s.range })
            .collect()
    }
}

/// Evaluates `text`; `None` when `cancel` was set before it finished. `reviews` answers the
/// query's `review:` terms.
pub(super) fn evaluate(
    index: &Index,
    text: &str,
    reviews: &dyn ReviewLookup,
    cancel: &AtomicBool,
) -> Option<Result<Hits, QueryProblem>> {
    let query = match CompiledQuery::new(index, text) {
        Ok(q) => q,
        // The engine counts columns from 1; the query bar from 0.
        Err(e) => return Some(Err(QueryProblem { column: e.column.saturating_sub(1), message: e.message })),
    };
    let battles = battles_matching_cancellable(index, &query, reviews, cancel)?;
    let warnings = crate::query::hints::query_warnings(text, query.query());
    let uses_reviews = query.query().terms.iter().any(|t| matches!(t.filter, Filter::Review(_)));
    let highlighter = query.has_text_terms().then(|| Arc::new(QueryHighlighter(query)) as Arc<dyn Highlighter>);
    Some(Ok(Hits { battles, highlighter, uses_reviews, warnings }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;
    use crate::index::DatasetInfo;
    use crate::query::NoReviews;

    #[test]
    fn evaluates_highlights_and_reports_positioned_errors() {
        let index = Index::from_battles(&fixtures::varied(), DatasetInfo::default());
        let never = AtomicBool::new(false);
        let hits = evaluate(&index, "parquet", &NoReviews, &never).unwrap().unwrap();
        assert_eq!(hits.battles, [BattleId(0)]);
        let spans = hits.highlighter.unwrap().matches(&index, BattleId(0));
        assert!(spans.iter().all(|m| {
            index.message_text(&index.messages(BattleId(0))[m.message])[m.range.clone()].eq_ignore_ascii_case("parquet")
        }));
        let facets = evaluate(&index, "lang:german", &NoReviews, &never).unwrap().unwrap();
        assert!(facets.highlighter.is_none(), "nothing to highlight without words");
        let err = evaluate(&index, "lang:", &NoReviews, &never).unwrap().unwrap_err();
        assert_eq!(
            (err.column, err.message.as_str()),
            (4, "lang: expects a language"),
            "the engine's column 5, from 0"
        );
        let cancelled = AtomicBool::new(true);
        assert!(evaluate(&index, "parquet", &NoReviews, &cancelled).is_none());
    }
}
