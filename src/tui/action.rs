//! Everything a key, a click or a worker can ask the app to do. Keys reach here through the
//! keymap as [`Command`]s; workers send their results as the other variants.

use std::sync::Arc;

use crate::index::BattleId;
use crate::load::Progress;

use crate::review::{ReviewSummary, ReviewView};

use super::message::{LoadedData, Opened, RatingsResult, SaveDone, SearchResult};

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
    RatingStyle,
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
    /// Flag the selected battle (or edit its flag): the flag dialog.
    Flag,
    /// Remove the selected battle's flag (asks first).
    Unflag,
    NextFlagged,
    PrevFlagged,
    /// Flag dialog: check or uncheck the highlighted label.
    ToggleLabel,
    /// Flag dialog: move between the labels and the note.
    SwitchField,
    /// Flag dialog: save the flag.
    Save,
    /// A question: yes.
    Confirm,
    /// Blind re-judging: the user's own vote.
    VoteA,
    VoteB,
    VoteTie,
    VoteBothBad,
    /// Blind re-judging: take back the own vote on the selected battle (hides it again).
    ClearVote,
    /// Blind re-judging: the next battle of the list without an own vote.
    NextToJudge,
    /// Own votes against the crowd's: agreement, confusion table, ratings.
    Summary,
    /// Write every flagged or voted battle to a JSON Lines file.
    Export,
    /// The copy menu; in it, what to copy to the terminal's clipboard (OSC 52).
    Copy,
    CopyId,
    CopyPrompt,
    CopyAnswer,
    CopyOtherAnswer,
    CopyJson,
    /// The selected battle as Markdown in `$PAGER` or `$EDITOR`.
    Pager,
    Editor,
    /// The export dialog for the battles the query finds.
    ExportQuery,
    /// Export dialog: complete the folder being typed.
    ExportComplete,
    /// Export dialog: dataset rows or preference pairs.
    ExportPairs,
}

impl Command {
    pub const ALL: [Command; 57] = [
        Command::Quit,
        Command::Help,
        Command::FocusNext,
        Command::FocusPrev,
        Command::EditQuery,
        Command::ModelPicker,
        Command::RatingView,
        Command::RatingMethod,
        Command::RatingStyle,
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
        Command::Flag,
        Command::Unflag,
        Command::NextFlagged,
        Command::PrevFlagged,
        Command::ToggleLabel,
        Command::SwitchField,
        Command::Save,
        Command::Confirm,
        Command::VoteA,
        Command::VoteB,
        Command::VoteTie,
        Command::VoteBothBad,
        Command::ClearVote,
        Command::NextToJudge,
        Command::Summary,
        Command::Export,
        Command::Copy,
        Command::CopyId,
        Command::CopyPrompt,
        Command::CopyAnswer,
        Command::CopyOtherAnswer,
        Command::CopyJson,
        Command::Pager,
        Command::Editor,
        Command::ExportQuery,
        Command::ExportComplete,
        Command::ExportPairs,
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
            Command::RatingStyle => "rating_style",
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
            Command::Flag => "flag",
            Command::Unflag => "unflag",
            Command::NextFlagged => "next_flagged",
            Command::PrevFlagged => "prev_flagged",
            Command::ToggleLabel => "toggle_label",
            Command::SwitchField => "switch_field",
            Command::Save => "save",
            Command::Confirm => "confirm",
            Command::VoteA => "vote_a",
            Command::VoteB => "vote_b",
            Command::VoteTie => "vote_tie",
            Command::VoteBothBad => "vote_both_bad",
            Command::ClearVote => "clear_vote",
            Command::NextToJudge => "next_to_judge",
            Command::Summary => "summary",
            Command::Export => "export",
            Command::Copy => "copy",
            Command::CopyId => "copy_id",
            Command::CopyPrompt => "copy_prompt",
            Command::CopyAnswer => "copy_answer",
            Command::CopyOtherAnswer => "copy_other_answer",
            Command::CopyJson => "copy_json",
            Command::Pager => "pager",
            Command::Editor => "editor",
            Command::ExportQuery => "export_query",
            Command::ExportComplete => "export_complete",
            Command::ExportPairs => "export_pairs",
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
            Command::RatingStyle => "ratings: plain or style-controlled Bradley-Terry",
            Command::Blind => "blind re-judging: hide model names and votes until you vote",
            Command::Theme => "dark or light theme",
            Command::Problems => "problems: rows skipped while loading, review store warnings",
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
            Command::Flag => "flag the battle with labels and a note (or edit its flag)",
            Command::Unflag => "remove the battle's flag (asks first)",
            Command::NextFlagged => "next flagged battle in the list",
            Command::PrevFlagged => "previous flagged battle in the list",
            Command::ToggleLabel => "check or uncheck the highlighted label",
            Command::SwitchField => "move between the labels and the note",
            Command::Save => "save the flag",
            Command::Confirm => "yes",
            Command::VoteA => "vote: A is better",
            Command::VoteB => "vote: B is better",
            Command::VoteTie => "vote: tie",
            Command::VoteBothBad => "vote: both are bad",
            Command::ClearVote => "take back your vote on this battle (hides it again)",
            Command::NextToJudge => "next battle in the list without your vote",
            Command::Summary => "your votes against the crowd's: agreement, kappa, ratings",
            Command::Export => "export every flagged or voted battle (the export dialog)",
            Command::Copy => "copy the battle's id, prompt, an answer or its JSON to the clipboard",
            Command::CopyId => "copy: the battle's id",
            Command::CopyPrompt => "copy: the prompt (every turn's)",
            Command::CopyAnswer => "copy: the focused answer (A, or B when its column has the keys)",
            Command::CopyOtherAnswer => "copy: the other answer",
            Command::CopyJson => "copy: the whole battle as JSON (a `search --json` row)",
            Command::Pager => "read the battle as Markdown in $PAGER (less)",
            Command::Editor => "open the battle as Markdown in $VISUAL / $EDITOR (vi)",
            Command::ExportQuery => "export the battles the query finds (the export dialog)",
            Command::ExportComplete => "complete the folder name",
            Command::ExportPairs => "dataset rows or preference pairs (chosen / rejected)",
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
