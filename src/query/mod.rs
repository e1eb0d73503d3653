//! The query language shared by the CLI (`arenascope search`) and the TUI's search bar:
//! text to [`Query`] ([`parse`]), names resolved against an index ([`CompiledQuery`]), then
//! the matching battles in dataset order and the match spans for highlighting ([`eval`]).

pub mod ast;
mod compile;
pub mod eval;
mod facet;
pub mod parse;
mod prefilter;
mod resolve;
pub mod review;
mod text;

pub use ast::{
    DayRange, Filter, IsValue, ModelSide, ModerationValue, NumberRange, Query, ReviewValue, Scope, Spanned, Term,
    TextPattern, WinnerValue,
};
pub use compile::CompiledQuery;
pub use eval::{MatchSpan, battles_matching, battles_matching_cancellable, match_spans};
pub use parse::parse;
pub use review::{NoReviews, ReviewLookup};

/// A malformed query or a name that does not resolve, with the 1-based character column
/// where the problem starts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} (column {column})")]
pub struct QueryError {
    pub column: usize,
    pub message: String,
}

impl QueryError {
    pub fn new(column: usize, message: impl Into<String>) -> QueryError {
        QueryError { column, message: message.into() }
    }
}
