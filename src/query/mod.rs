//! The query language shared by the CLI (`arenascope search`) and the TUI's search bar:
//! text to [`Query`] ([`parse`]), names resolved against an index ([`CompiledQuery`]), then
//! the matching battles in dataset order and the match spans for highlighting ([`eval`]).

pub mod ast;
mod compile;
pub mod eval;
mod facet;
pub mod hints;
pub mod parse;
mod prefilter;
mod resolve;
pub mod review_terms;
mod text;

pub use ast::{
    DayRange, Filter, IsValue, ModelSide, ModerationValue, NumberRange, Query, ReviewValue, Scope, Spanned, Term,
    TextPattern, WinnerValue,
};
pub use compile::CompiledQuery;
pub use eval::{MatchSpan, battles_matching, battles_matching_cancellable, battles_matching_here, match_spans};
pub use parse::parse;
pub use resolve::likely_typo;
pub use review_terms::{NoReviews, ReviewLookup};

/// A malformed query or a name that does not resolve, with the 1-based character column
/// where the problem starts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} (column {column})")]
pub struct QueryError {
    pub column: usize,
    pub message: String,
}

impl QueryError {
    /// The message may quote the query (a quoted name can hold a line break): it is kept to
    /// one line, control characters shown as placeholders.
    pub fn new(column: usize, message: impl Into<String>) -> QueryError {
        QueryError { column, message: crate::sanitize::sanitize_line(&message.into()).into_owned() }
    }
}

#[cfg(test)]
mod tests {
    use crate::fixtures;
    use crate::index::{DatasetInfo, Index};

    use super::CompiledQuery;

    #[test]
    fn errors_quoting_the_query_are_one_line() {
        let index = Index::from_battles(&fixtures::varied(), DatasetInfo::default());
        for q in ["lang:\"norwegi\nan\"", "judge:\"a\r\nb\"", "mod:\"x\ny\"", "model:\"\u{1b}[2J\u{2028}\""] {
            let e = CompiledQuery::new(&index, q).expect_err(q).to_string();
            assert!(!e.chars().any(char::is_control) && !e.contains('\u{2028}'), "{q:?} -> {e:?}");
        }
        let e = CompiledQuery::new(&index, "lang:\"norwegi\nan\"").unwrap_err();
        assert_eq!(
            e.to_string(),
            "lang: no language named `norwegi␊an`; closest: German, Arabic, Chinese, English (column 6)"
        );
    }
}
