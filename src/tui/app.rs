//! The browser's whole state and the one place it changes: [`App::update`] takes an
//! [`Action`] (from a key, a click or a worker) and leaves requests for the workers in an
//! outbox. Nothing here draws; the panes in `ui/` only read this state.

mod commands;
mod copy;
mod export;
mod flags_and_votes;
mod input;
mod jobs;

use std::sync::Arc;

use crossterm::event::{Event as TermEvent, KeyEventKind, MouseButton, MouseEventKind};
use ratatui::layout::Rect;

use crate::index::{BattleId, Index};
use crate::load::{LoadReport, Progress};
use crate::review::ReviewSummary;

use super::action::{Action, Command, Pane};
use super::config::Config;
use super::external::TerminalRequest;
use super::keymap::{Context, Key, Keymap};
use super::layout::{self, Screen, inner, list_rows};
use super::message::LoadedData;
use super::state::export::ExportDialog;
use super::state::flag::{FlagDialog, FlagField};
use super::state::list::{ListState, SortRanks};
use super::state::picker::PickerState;
use super::state::ratings::RatingsState;
use super::state::review_store::ReviewState;
use super::state::search_bar::QueryState;
use super::state::transcript::TranscriptState;
use super::text::document::{self, DocOptions};
use super::theme::Theme;
use super::view;
use super::worker::Effect;

/// Lines the mouse wheel scrolls per notch.
const WHEEL_LINES: i32 = 3;

/// A loaded dataset and what the browser derives from it once.
#[derive(Debug)]
pub struct Dataset {
    pub(crate) index: Arc<Index>,
    pub(crate) report: LoadReport,
    /// Battles per model (by `ModelId`), for the model picker.
    pub(crate) model_battles: Vec<usize>,
    /// Per model, the characters its name (as shown) shares with the most similar other
    /// name: the list shortens names without cutting off what tells them apart.
    pub(crate) model_shared: Vec<usize>,
    pub(crate) ranks: SortRanks,
    pub(crate) all: Arc<Vec<BattleId>>,
    /// While the file still loads: how far it is. These are then the battles so far, in
    /// file order (a snapshot of the load; the ids stay the same as more come in).
    pub(crate) loading: Option<Progress>,
}

impl Dataset {
    /// The battles a load has so far (see [`crate::load::Snapshot`]), made ready off the UI
    /// thread.
    pub(crate) fn so_far(data: LoadedData, progress: Progress) -> Dataset {
        Dataset { loading: Some(progress), ..Dataset::new(data) }
    }

    pub(crate) fn new(data: LoadedData) -> Dataset {
        let index = data.index;
        let mut model_battles = vec![0; index.models().len()];
        for b in index.battle_ids() {
            model_battles[index.model_a(b).0 as usize] += 1;
            if index.model_b(b) != index.model_a(b) {
                model_battles[index.model_b(b).0 as usize] += 1;
            }
        }
        let shown: Vec<String> =
            index.models().iter().map(|n| crate::sanitize::sanitize_line(n).into_owned()).collect();
        let model_shared = document::shared_prefixes(&shown);
        let ranks = SortRanks::new(&index);
        let all = Arc::new(index.battle_ids().collect());
        Dataset { index, report: data.report, model_battles, model_shared, ranks, all, loading: None }
    }
}

// One per app, and `Ready` is the state it lives in: boxing it would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub(crate) enum DataState {
    Loading(Option<Progress>),
    Ready(Dataset),
    Failed(String),
}

/// A popup over the main screen; it takes the keys while open.
#[derive(Debug, Clone)]
pub enum Overlay {
    Help {
        scroll: usize,
    },
    Picker(Box<PickerState>),
    Problems {
        scroll: usize,
    },
    Flag(Box<FlagDialog>),
    Confirm(Question),
    /// Own votes against the crowd's; `None` while it is being computed.
    Summary {
        scroll: usize,
        summary: Option<Box<ReviewSummary>>,
    },
    /// What to copy of the selected battle.
    Copy,
    Export(Box<ExportDialog>),
}

/// A yes/no question in a popup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Question {
    /// Remove this battle's flag (labels and note; an own vote stays)?
    Unflag(BattleId),
}

#[derive(Debug)]
pub struct App {
    pub(crate) keymap: Keymap,
    pub(crate) theme: Theme,
    /// The config file's path, and what was wrong with it (both shown in the help).
    pub(crate) config_path: Option<std::path::PathBuf>,
    pub(crate) config_problem: Option<String>,
    /// A message for the status bar (config problems, hints after a key that did nothing).
    pub(crate) notice: Option<String>,
    /// What is being loaded (shown on the loading screen).
    pub(crate) source_name: String,
    pub(crate) size: Rect,
    pub(crate) data: DataState,
    pub(crate) focus: Pane,
    pub(crate) overlay: Option<Overlay>,
    pub(crate) query: QueryState,
    pub(crate) list: ListState,
    pub(crate) transcript: TranscriptState,
    pub(crate) vote_scroll: usize,
    pub(crate) ratings: RatingsState,
    /// Blind re-judging: model names and the crowd's vote are hidden until the user votes.
    pub(crate) blind: bool,
    /// Flags and own votes (★ in the list, `review:` terms, the blind votes).
    pub(crate) review: ReviewState,
    /// Animation frame of the spinners.
    pub(crate) frame: u64,
    pub(crate) should_quit: bool,
    /// The signal that ended the browser, if one did.
    pub(crate) exit_signal: Option<i32>,
    /// The current query's ratings are the full-data ratings (no job of their own).
    ratings_follow_full: bool,
    full_generation: u64,
    /// The search sent because more battles came in: its answer keeps the list in place.
    grown_search: u64,
    effects: Vec<Effect>,
    /// Writes to the terminal outside drawing (a copy, a pager), for the main loop.
    terminal_requests: Vec<TerminalRequest>,
}

impl App {
    pub(crate) fn new(config: Config, no_color: bool, initial_query: &str, source_name: &str) -> App {
        App {
            keymap: config.keymap,
            theme: Theme::new(config.theme, no_color),
            config_path: config.path,
            config_problem: config.problem.clone(),
            notice: config.problem,
            source_name: source_name.to_owned(),
            size: Rect::new(0, 0, layout::MIN_WIDTH, layout::MIN_HEIGHT),
            data: DataState::Loading(None),
            focus: Pane::List,
            overlay: None,
            query: QueryState::with_text(initial_query),
            list: ListState::default(),
            transcript: TranscriptState::default(),
            vote_scroll: 0,
            ratings: RatingsState::default(),
            blind: false,
            review: ReviewState::default(),
            frame: 0,
            should_quit: false,
            exit_signal: None,
            ratings_follow_full: false,
            full_generation: 0,
            grown_search: 0,
            effects: Vec::new(),
            terminal_requests: Vec::new(),
        }
    }

    // --- reading ---------------------------------------------------------------------------

    pub(crate) fn dataset(&self) -> Option<&Dataset> {
        match &self.data {
            DataState::Ready(d) => Some(d),
            _ => None,
        }
    }

    pub fn index(&self) -> Option<&Index> {
        self.dataset().map(|d| d.index.as_ref())
    }

    /// How far the load is while the browser shows the battles so far; `None` once every
    /// battle is in (and before the first ones are).
    pub(crate) fn loading(&self) -> Option<Progress> {
        self.dataset().and_then(|d| d.loading)
    }

    pub(crate) fn screen(&self) -> Option<Screen> {
        Screen::new(self.size)
    }

    pub fn selected_battle(&self) -> Option<BattleId> {
        self.list.selected_battle()
    }

    /// Whether model names and the crowd's vote of `battle` are hidden: in blind re-judging,
    /// until the user has voted on it. Every pane asks here.
    pub fn names_hidden(&self, battle: BattleId) -> bool {
        self.blind && self.review.own_vote(battle).is_none()
    }

    /// Where keys go now.
    pub fn context(&self) -> Context {
        match &self.overlay {
            Some(Overlay::Help { .. }) => Context::Help,
            Some(Overlay::Picker(_)) => Context::Picker,
            Some(Overlay::Problems { .. }) => Context::Problems,
            Some(Overlay::Flag(d)) if d.field == FlagField::Note => Context::Note,
            Some(Overlay::Flag(_)) => Context::Flag,
            Some(Overlay::Confirm(_)) => Context::Confirm,
            Some(Overlay::Summary { .. }) => Context::Summary,
            Some(Overlay::Copy) => Context::Copy,
            Some(Overlay::Export(d)) if d.asking_overwrite => Context::Confirm,
            Some(Overlay::Export(_)) => Context::Export,
            None if self.query.editing => Context::Query,
            None => match self.focus {
                Pane::List => Context::List,
                Pane::Transcript => Context::Transcript,
                Pane::Vote => Context::Vote,
                Pane::Ratings => Context::Ratings,
            },
        }
    }

    /// Something moves on screen without input (spinners, the load bar).
    pub(crate) fn animating(&self) -> bool {
        matches!(self.data, DataState::Loading(_))
            || self.loading().is_some()
            || self.ratings.busy()
            || self.query.running()
            || matches!(self.overlay, Some(Overlay::Summary { summary: None, .. }))
    }

    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    /// What the main loop must do with the terminal itself (copy, open a pager), in order.
    pub fn take_terminal_requests(&mut self) -> Vec<TerminalRequest> {
        std::mem::take(&mut self.terminal_requests)
    }

    fn transcript_height(&self) -> usize {
        self.screen().and_then(|s| s.transcript(self.ratings.shown)).map_or(0, |r| inner(r).height as usize)
    }

    fn list_height(&self) -> usize {
        self.screen().map_or(0, |s| list_rows(&s))
    }

    // --- input -----------------------------------------------------------------------------

    /// The action a terminal event asks for, if any.
    pub fn action_for(&self, event: &TermEvent) -> Option<Action> {
        match event {
            TermEvent::Key(k) if k.kind == KeyEventKind::Press => {
                let ctx = self.context();
                let key = Key::from_event(k);
                match key.and_then(|key| self.keymap.command_in_mode(ctx, self.blind, key)) {
                    // The n-th key of the command toggles the n-th label.
                    Some(cmd @ Command::ToggleLabelNumber) => {
                        let nth = self.keymap.keys(ctx, cmd).iter().position(|&bound| Some(bound) == key);
                        return nth.map(|n| Action::ToggleLabel(n + 1));
                    }
                    Some(cmd) => return Some(Action::Command(cmd)),
                    None => {}
                }
                // Any other key typed into a text input is text (the editing keys are commands).
                matches!(ctx, Context::Query | Context::Picker | Context::Note | Context::Export)
                    .then(|| Action::TextInput((*k).into()))
            }
            TermEvent::Mouse(m) => match m.kind {
                MouseEventKind::ScrollDown => Some(Action::Scroll { column: m.column, row: m.row, lines: WHEEL_LINES }),
                MouseEventKind::ScrollUp => Some(Action::Scroll { column: m.column, row: m.row, lines: -WHEEL_LINES }),
                MouseEventKind::Down(MouseButton::Left) => Some(Action::Click { column: m.column, row: m.row }),
                _ => None,
            },
            TermEvent::Resize(w, h) => Some(Action::Resize { width: *w, height: *h }),
            TermEvent::Paste(text) => Some(Action::Paste(text.clone())),
            _ => None,
        }
    }

    // --- update ----------------------------------------------------------------------------

    pub fn update(&mut self, action: Action) {
        match action {
            Action::Command(cmd) => {
                self.notice = None;
                self.command(cmd);
            }
            Action::TextInput(input) => self.text_input(input),
            Action::Paste(text) => self.paste(&text),
            Action::Scroll { column, row, lines } => self.wheel(column, row, lines),
            Action::Click { column, row } => self.click(column, row),
            Action::Resize { width, height } => self.size = Rect::new(0, 0, width, height),
            Action::Tick => self.frame = self.frame.wrapping_add(1),
            Action::LoadProgress(p) => match &mut self.data {
                DataState::Loading(_) => self.data = DataState::Loading(Some(p)),
                DataState::Ready(d) if d.loading.is_some() => d.loading = Some(p),
                _ => {}
            },
            Action::LoadedSoFar(data) => self.loaded_so_far(*data),
            Action::Loaded(data) => self.loaded(*data),
            Action::LoadFailed(message) => self.data = DataState::Failed(message),
            Action::SearchDone(result) => self.search_done(result),
            Action::RatingsDone(result) => self.ratings_done(*result),
            Action::Select(b) => {
                if let Some(row) = self.list.rows.iter().position(|&r| r == b) {
                    let h = self.list_height();
                    self.list.select(row, h);
                }
            }
            Action::ToggleLabel(n) => self.toggle_label_number(n),
            Action::ReviewsOpened(result) => self.reviews_opened(result),
            Action::ReviewSaved(done) => self.review_saved(*done),
            Action::ReviewsChanged { view, warnings } => self.reviews_changed(view, warnings),
            Action::Exported(result) => self.exported(result),
            Action::TerminalDone(result) => self.notice = Some(result.unwrap_or_else(|why| why)),
            Action::SummaryReady(summary) => {
                if let Some(Overlay::Summary { summary: shown, .. }) = &mut self.overlay {
                    *shown = Some(summary);
                }
            }
        }
        self.settle();
    }

    /// Keeps derived state consistent after any change: selection visible, transcript laid
    /// out for the selected battle at the current width, scroll positions in range.
    fn settle(&mut self) {
        let list_h = self.list_height();
        self.list.keep_visible(list_h);
        let focusable = self.screen().map(|s| s.focus_order(self.ratings.shown)).unwrap_or_default();
        if !focusable.is_empty() && !focusable.contains(&self.focus) {
            self.focus = Pane::List;
        }
        self.refresh_transcript();
        let h = self.transcript_height();
        self.transcript.clamp(h);
        if self.vote_scroll > 0 {
            self.vote_scroll = self.vote_scroll.min(self.vote_scroll_max());
        }
        // Laying out the rating views costs a little: only when there is a scroll to clamp.
        if self.ratings.scroll > 0 {
            self.ratings.scroll = self.ratings.scroll.min(self.ratings_scroll_max());
        }
    }

    fn vote_scroll_max(&self) -> usize {
        let Some(area) = self.screen().map(|s| inner(s.vote)) else { return 0 };
        let (Some(index), Some(b)) = (self.index(), self.selected_battle()) else { return 0 };
        view::vote::lines(self, index, b, area.width as usize).len().saturating_sub(area.height as usize)
    }

    fn ratings_scroll_max(&self) -> usize {
        let Some(pane) = self.screen().and_then(|s| s.ratings_pane(self.ratings.shown)) else { return 0 };
        let area = inner(pane);
        view::ratings::lines(self, area.width as usize).len().saturating_sub(area.height as usize)
    }

    /// Lays out the selected battle again if it, the width, the options or the highlights
    /// changed.
    fn refresh_transcript(&mut self) {
        let (Some(screen), Some(data)) = (self.screen(), self.dataset()) else { return };
        let Some(b) = self.list.selected_battle() else {
            self.transcript.doc = None;
            return;
        };
        let options = DocOptions {
            width: inner(screen.main).width as usize,
            stacked: screen.stacked,
            independent: self.transcript.independent && !screen.stacked,
            blind: self.names_hidden(b),
        };
        let generation = self.query.shown;
        let same_battle = self.transcript.doc.as_ref().is_some_and(|d| d.battle == b);
        let up_to_date = same_battle
            && self.transcript.doc.as_ref().is_some_and(|d| d.options == options)
            && self.transcript.highlight_generation == generation;
        if up_to_date {
            return;
        }
        let matches = self.query.highlighter.as_ref().map(|h| h.matches(&data.index, b)).unwrap_or_default();
        let doc = document::build(&data.index, b, &matches, options);
        if !same_battle {
            self.transcript.scroll = [0, 0];
            self.transcript.column = 0;
        }
        if !same_battle || self.transcript.highlight_generation != generation {
            self.transcript.current_match = None;
        }
        self.transcript.current_match = self.transcript.current_match.filter(|&m| m < doc.matches.len());
        self.transcript.doc = Some(doc);
        self.transcript.highlight_generation = generation;
        if !same_battle {
            self.vote_scroll = 0;
        }
    }
}
