//! The browser's view of the query engine: evaluate a query's text over the index (off the UI
//! thread, cancellable) and find a battle's matches for highlighting.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use crate::index::{BattleId, Index};
use crate::tui::text::document::MessageMatch;

/// A malformed query: what is wrong and where (0-based character column in the query).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryProblem {
    pub column: usize,
    pub message: String,
}

/// Finds where a compiled query matches inside one battle, for highlighting.
pub trait Highlighter: Send + Sync + fmt::Debug {
    /// Matches sorted by message, then position.
    fn matches(&self, index: &Index, battle: BattleId) -> Vec<MessageMatch>;
}

/// The result of evaluating a query.
#[derive(Debug, Clone)]
pub struct Hits {
    /// Matching battles in dataset order.
    pub battles: Vec<BattleId>,
    pub highlighter: Option<Arc<dyn Highlighter>>,
}

/// Evaluates `text`; `None` when `cancel` was set before it finished.
pub fn evaluate(index: &Index, text: &str, cancel: &AtomicBool) -> Option<Result<Hits, QueryProblem>> {
    let _ = cancel;
    if text.trim().is_empty() {
        return Some(Ok(Hits { battles: index.battle_ids().collect(), highlighter: None }));
    }
    Some(Err(QueryProblem { column: 0, message: "the query language is not in this build yet".to_owned() }))
}
