//! Everything a key, a click or a worker can ask the app to do. Keys reach here through the
//! keymap as [`Command`]s; workers send their results as the other variants.

use crate::index::BattleId;
use crate::load::Progress;

use super::worker::{LoadedData, RatingsResult, SearchResult};

/// A pane of the main screen; focus moves between them with Tab.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pane {
    List,
    Transcript,
    Vote,
    Ratings,
}

/// What a bindable key does. The names are the keys of the config file's `[keys.*]` tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Command {
    Quit,
    Help,
    FocusNext,
    FocusPrev,
    EditQuery,
    ModelPicker,
    RatingView,
    RatingMethod,
    Blind,
    Theme,
    Problems,
    Down,
    Up,
    PageDown,
    PageUp,
    Top,
    Bottom,
    Open,
    Sort,
    SortReverse,
    NextMatch,
    PrevMatch,
    Sync,
    OtherColumn,
    Back,
    /// Query editing: run the query and go to the list.
    Submit,
    /// Overlays: close.
    Close,
    /// Model picker: mark or unmark the highlighted model.
    Mark,
    /// Model picker: insert the marked models into the query.
    Choose,
}

impl Command {
    pub const ALL: [Command; 29] = [
        Command::Quit,
        Command::Help,
        Command::FocusNext,
        Command::FocusPrev,
        Command::EditQuery,
        Command::ModelPicker,
        Command::RatingView,
        Command::RatingMethod,
        Command::Blind,
        Command::Theme,
        Command::Problems,
        Command::Down,
        Command::Up,
        Command::PageDown,
        Command::PageUp,
        Command::Top,
        Command::Bottom,
        Command::Open,
        Command::Sort,
        Command::SortReverse,
        Command::NextMatch,
        Command::PrevMatch,
        Command::Sync,
        Command::OtherColumn,
        Command::Back,
        Command::Submit,
        Command::Close,
        Command::Mark,
        Command::Choose,
    ];

    /// The name used in the config file.
    pub fn name(self) -> &'static str {
        match self {
            Command::Quit => "quit",
            Command::Help => "help",
            Command::FocusNext => "focus_next",
            Command::FocusPrev => "focus_prev",
            Command::EditQuery => "edit_query",
            Command::ModelPicker => "model_picker",
            Command::RatingView => "rating_view",
            Command::RatingMethod => "rating_method",
            Command::Blind => "blind",
            Command::Theme => "theme",
            Command::Problems => "problems",
            Command::Down => "down",
            Command::Up => "up",
            Command::PageDown => "page_down",
            Command::PageUp => "page_up",
            Command::Top => "top",
            Command::Bottom => "bottom",
            Command::Open => "open",
            Command::Sort => "sort",
            Command::SortReverse => "sort_reverse",
            Command::NextMatch => "next_match",
            Command::PrevMatch => "prev_match",
            Command::Sync => "sync",
            Command::OtherColumn => "other_column",
            Command::Back => "back",
            Command::Submit => "submit",
            Command::Close => "close",
            Command::Mark => "mark",
            Command::Choose => "choose",
        }
    }

    pub fn from_name(name: &str) -> Option<Command> {
        Command::ALL.into_iter().find(|c| c.name() == name)
    }

    /// One line for the help overlay.
    pub fn description(self) -> &'static str {
        match self {
            Command::Quit => "quit",
            Command::Help => "this help",
            Command::FocusNext => "focus the next pane",
            Command::FocusPrev => "focus the previous pane",
            Command::EditQuery => "edit the query",
            Command::ModelPicker => "pick models for the query",
            Command::RatingView => "ratings: table, win-fraction heat map, over time",
            Command::RatingMethod => "ratings: Bradley-Terry or online Elo",
            Command::Blind => "blind reading: hide model names and the vote",
            Command::Theme => "dark or light theme",
            Command::Problems => "read the rows skipped while loading",
            Command::Down => "down",
            Command::Up => "up",
            Command::PageDown => "page down",
            Command::PageUp => "page up",
            Command::Top => "to the top",
            Command::Bottom => "to the bottom",
            Command::Open => "open the battle in the transcript",
            Command::Sort => "sort by date, models, language, turns, answer length",
            Command::SortReverse => "reverse the sort order",
            Command::NextMatch => "next match of the query",
            Command::PrevMatch => "previous match of the query",
            Command::Sync => "scroll the two answers together or apart",
            Command::OtherColumn => "scroll the other answer (when apart)",
            Command::Back => "back to the battle list",
            Command::Submit => "run the query and go to the list",
            Command::Close => "close",
            Command::Mark => "mark or unmark a model (up to two)",
            Command::Choose => "put the marked models into the query",
        }
    }
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
    Loaded(Box<LoadedData>),
    LoadFailed(String),
    SearchDone(SearchResult),
    RatingsDone(Box<RatingsResult>),
    /// Select a battle in the list (tests, and the review issue's jumps).
    Select(BattleId),
}
