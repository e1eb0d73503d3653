//! Everything a key, a click or a worker can ask the app to do. Keys reach here through the
//! keymap as [`Command`]s; workers send their results as the other variants.

use std::sync::Arc;

use crate::index::BattleId;
use crate::load::Progress;

use crate::review::{ReviewSummary, ReviewView};

use super::app::Dataset;
pub(super) use super::command::Command;
use super::message::{LoadedData, Opened, RatingsResult, SaveDone, SearchResult};

/// A pane of the main screen; focus moves between them with Tab.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pane {
    List,
    Transcript,
    Vote,
    Ratings,
}

/// Everything that changes the app's state.
#[derive(Debug)]
pub enum Action {
    Command(Command),
    /// A key typed into the query or the model picker filter.
    TextInput(ratatui_textarea::Input),
    /// Pasted text (bracketed paste) for the query or the picker.
    Paste(String),
    /// Mouse wheel over a screen position: positive is down.
    Scroll {
        column: u16,
        row: u16,
        lines: i32,
    },
    /// Mouse click at a screen position.
    Click {
        column: u16,
        row: u16,
    },
    Resize {
        width: u16,
        height: u16,
    },
    /// Redraw an animation (spinner) while something runs in the background.
    Tick,
    LoadProgress(Progress),
    /// The battles loaded so far, ready to show (built off the UI thread); the load goes on.
    LoadedSoFar(Box<Dataset>),
    Loaded(Box<LoadedData>),
    LoadFailed(String),
    SearchDone(SearchResult),
    RatingsDone(Box<RatingsResult>),
    /// Select a battle in the list (tests, and the review issue's jumps).
    Select(BattleId),
    /// Flag dialog: a number key toggles the label with that number (1-based).
    ToggleLabel(usize),
    /// The review store is open (or why it could not be opened).
    ReviewsOpened(Result<Box<Opened>, String>),
    /// A change to the review store was saved (fsynced), or failed.
    ReviewSaved(Box<SaveDone>),
    /// Re-reading the review store found other processes' changes (the view now) or
    /// something to report.
    ReviewsChanged {
        view: Option<Arc<ReviewView>>,
        warnings: Vec<String>,
    },
    /// The summary of own votes against the crowd's.
    SummaryReady(Box<ReviewSummary>),
    /// An export was written (what, how big, where: one line), or why not.
    Exported(Result<String, String>),
    /// The terminal did what the app asked outside drawing (a copy, a pager): a message for
    /// the status bar, or why it failed.
    TerminalDone(Result<String, String>),
}
