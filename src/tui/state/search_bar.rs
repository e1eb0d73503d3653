//! The query bar's state: the text being edited (a ratatui-textarea), which evaluation is
//! wanted and which one is shown, and the error of a malformed query.

use std::sync::Arc;
use std::time::Duration;

use ratatui_textarea::TextArea;

use crate::tui::query_eval::{Highlighter, QueryProblem};

#[derive(Debug, Clone, Default)]
pub(crate) struct QueryState {
    pub(crate) input: TextArea<'static>,
    pub(crate) editing: bool,
    /// The generation of the last evaluation asked for; results of older ones are dropped.
    pub(crate) sent: u64,
    /// The generation whose results the list shows.
    pub(crate) shown: u64,
    /// The text of the last evaluation asked for.
    pub(crate) sent_text: String,
    pub(crate) error: Option<QueryProblem>,
    /// Finds the matches to highlight in a battle (none for the empty query).
    pub(crate) highlighter: Option<Arc<dyn Highlighter>>,
    /// How long the shown evaluation took.
    pub(crate) took: Option<Duration>,
    /// The shown query has `review:` terms (it is evaluated again when the flags change).
    pub(crate) uses_reviews: bool,
    /// Which review view the last evaluation asked for used (see `ReviewState`).
    pub(crate) sent_view_generation: u64,
    /// The last evaluation asked for only refreshes the list after a review change: the list
    /// then keeps its place even when the selected battle drops out.
    pub(crate) refreshing: bool,
    /// The shown query's `review:` labels that no battle has and the config does not list
    /// (likely typos: the bar says so beside the count).
    pub(crate) unknown_labels: Vec<String>,
    /// What the shown query probably did not mean (see `query::hints`).
    pub(crate) warnings: Vec<String>,
}

impl QueryState {
    pub(crate) fn with_text(text: &str) -> QueryState {
        let mut input = TextArea::default();
        input.insert_str(text);
        QueryState { input, ..QueryState::default() }
    }

    /// The query as one line (the input never holds a newline).
    pub(crate) fn text(&self) -> String {
        self.input.lines().join(" ")
    }

    /// An evaluation newer than the shown results is running.
    pub(crate) fn running(&self) -> bool {
        self.sent != self.shown
    }

    /// Replaces the whole text (model picker), cursor at the end.
    pub(crate) fn set_text(&mut self, text: &str) {
        self.input = TextArea::default();
        self.input.insert_str(text);
    }
}
