//! The query bar's state: the text being edited (a ratatui-textarea), which evaluation is
//! wanted and which one is shown, and the error of a malformed query.

use std::sync::Arc;
use std::time::Duration;

use ratatui_textarea::TextArea;

use crate::tui::query_eval::{Highlighter, QueryProblem};

#[derive(Debug, Clone, Default)]
pub struct QueryState {
    pub input: TextArea<'static>,
    pub editing: bool,
    /// The generation of the last evaluation asked for; results of older ones are dropped.
    pub sent: u64,
    /// The generation whose results the list shows.
    pub shown: u64,
    /// The text of the last evaluation asked for.
    pub sent_text: String,
    pub error: Option<QueryProblem>,
    /// Finds the matches to highlight in a battle (none for the empty query).
    pub highlighter: Option<Arc<dyn Highlighter>>,
    /// How long the shown evaluation took.
    pub took: Option<Duration>,
    /// The shown query has `review:` terms (it is evaluated again when the flags change).
    pub uses_reviews: bool,
    /// Which review view the last evaluation asked for used (see `ReviewState`).
    pub sent_view_generation: u64,
    /// The last evaluation asked for only refreshes the list after a review change: the list
    /// then keeps its place even when the selected battle drops out.
    pub refreshing: bool,
    /// The shown query's `review:` labels that no battle has and the config does not list
    /// (likely typos: the bar says so beside the count).
    pub unknown_labels: Vec<String>,
    /// What the shown query probably did not mean (see `query::hints`).
    pub warnings: Vec<String>,
}

impl QueryState {
    pub fn with_text(text: &str) -> QueryState {
        let mut input = TextArea::default();
        input.insert_str(text);
        QueryState { input, ..QueryState::default() }
    }

    /// The query as one line (the input never holds a newline).
    pub fn text(&self) -> String {
        self.input.lines().join(" ")
    }

    /// An evaluation newer than the shown results is running.
    pub fn running(&self) -> bool {
        self.sent != self.shown
    }

    /// Replaces the whole text (model picker), cursor at the end.
    pub fn set_text(&mut self, text: &str) {
        self.input = TextArea::default();
        self.input.insert_str(text);
    }
}
