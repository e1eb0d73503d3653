//! The browser's whole state and the one place it changes: [`App::update`] takes an
//! [`Action`] (from a key, a click or a worker) and leaves requests for the workers in an
//! outbox. Nothing here draws; the panes in `ui/` only read this state.

use std::collections::HashSet;
use std::sync::Arc;

use crossterm::event::{Event as TermEvent, KeyEventKind, MouseButton, MouseEventKind};
use ratatui::layout::Rect;
use ratatui_textarea::TextArea;

use crate::index::{BattleId, Index};
use crate::load::{LoadReport, Progress};

use super::action::{Action, Command, Pane};
use super::config::Config;
use super::keymap::{Context, Key, Keymap};
use super::layout::{self, Region, Screen, inner, list_rows};
use super::state::list::{ListState, SortRanks};
use super::state::picker::{PickerState, with_model_terms};
use super::state::query::QueryState;
use super::state::ratings::RatingsState;
use super::state::transcript::TranscriptState;
use super::text::document::{self, DocOptions};
use super::theme::Theme;
use super::ui;
use super::worker::{Effect, LoadedData, RatingsResult, SearchResult};

/// Lines the mouse wheel scrolls per notch.
const WHEEL_LINES: i32 = 3;

/// A loaded dataset and what the browser derives from it once.
#[derive(Debug)]
pub struct Dataset {
    pub index: Arc<Index>,
    pub report: LoadReport,
    /// Battles per model (by `ModelId`), for the model picker.
    pub model_battles: Vec<usize>,
    pub ranks: SortRanks,
    pub all: Arc<Vec<BattleId>>,
}

impl Dataset {
    pub fn new(data: LoadedData) -> Dataset {
        let index = data.index;
        let mut model_battles = vec![0; index.models().len()];
        for b in index.battle_ids() {
            model_battles[index.model_a(b).0 as usize] += 1;
            if index.model_b(b) != index.model_a(b) {
                model_battles[index.model_b(b).0 as usize] += 1;
            }
        }
        let ranks = SortRanks::new(&index);
        let all = Arc::new(index.battle_ids().collect());
        Dataset { index, report: data.report, model_battles, ranks, all }
    }
}

#[derive(Debug)]
pub enum DataState {
    Loading(Option<Progress>),
    Ready(Dataset),
    Failed(String),
}

/// A popup over the main screen; it takes the keys while open.
#[derive(Debug, Clone)]
pub enum Overlay {
    Help { scroll: usize },
    Picker(Box<PickerState>),
    Problems { scroll: usize },
}

#[derive(Debug)]
pub struct App {
    pub keymap: Keymap,
    pub theme: Theme,
    /// The config file's path, and what was wrong with it (both shown in the help).
    pub config_path: Option<std::path::PathBuf>,
    pub config_problem: Option<String>,
    /// A message for the status bar (config problems, hints after a key that did nothing).
    pub notice: Option<String>,
    /// What is being loaded (shown on the loading screen).
    pub source_name: String,
    pub size: Rect,
    pub data: DataState,
    pub focus: Pane,
    pub overlay: Option<Overlay>,
    pub query: QueryState,
    pub list: ListState,
    pub transcript: TranscriptState,
    pub vote_scroll: usize,
    pub ratings: RatingsState,
    /// Hide model names and votes (blind reading).
    pub blind: bool,
    /// Battles the user flagged for review (★ in the list); filled by the review store.
    pub reviewed: HashSet<BattleId>,
    /// Animation frame of the spinners.
    pub frame: u64,
    pub should_quit: bool,
    /// The signal that ended the browser, if one did.
    pub exit_signal: Option<i32>,
    /// The current query's ratings are the full-data ratings (no job of their own).
    ratings_follow_full: bool,
    full_generation: u64,
    effects: Vec<Effect>,
}

impl App {
    pub fn new(config: Config, no_color: bool, initial_query: &str, source_name: &str) -> App {
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
            reviewed: HashSet::new(),
            frame: 0,
            should_quit: false,
            exit_signal: None,
            ratings_follow_full: false,
            full_generation: 0,
            effects: Vec::new(),
        }
    }

    // --- reading ---------------------------------------------------------------------------

    pub fn dataset(&self) -> Option<&Dataset> {
        match &self.data {
            DataState::Ready(d) => Some(d),
            _ => None,
        }
    }

    pub fn index(&self) -> Option<&Index> {
        self.dataset().map(|d| d.index.as_ref())
    }

    pub fn screen(&self) -> Option<Screen> {
        Screen::new(self.size)
    }

    pub fn selected_battle(&self) -> Option<BattleId> {
        self.list.selected_battle()
    }

    /// Whether model names and the vote of `battle` are hidden (blind reading). The review
    /// issue's blind re-judging reveals a battle after the user's own vote through here.
    pub fn names_hidden(&self, _battle: BattleId) -> bool {
        self.blind
    }

    /// Where keys go now.
    pub fn context(&self) -> Context {
        match &self.overlay {
            Some(Overlay::Help { .. }) => Context::Help,
            Some(Overlay::Picker(_)) => Context::Picker,
            Some(Overlay::Problems { .. }) => Context::Problems,
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
    pub fn animating(&self) -> bool {
        matches!(self.data, DataState::Loading(_)) || self.ratings.busy() || self.query.running()
    }

    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
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
                if let Some(cmd) = Key::from_event(k).and_then(|key| self.keymap.command(ctx, key)) {
                    return Some(Action::Command(cmd));
                }
                matches!(ctx, Context::Query | Context::Picker).then(|| Action::TextInput((*k).into()))
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
            Action::LoadProgress(p) => {
                if let DataState::Loading(_) = self.data {
                    self.data = DataState::Loading(Some(p));
                }
            }
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
        self.vote_scroll = self.vote_scroll.min(self.vote_scroll_max());
        self.ratings.scroll = self.ratings.scroll.min(self.ratings_scroll_max());
    }

    fn vote_scroll_max(&self) -> usize {
        let h = self.screen().map_or(0, |s| inner(s.vote).height as usize);
        ui::vote::LINES.saturating_sub(h)
    }

    fn ratings_scroll_max(&self) -> usize {
        let Some(pane) = self.screen().and_then(|s| s.ratings_pane(self.ratings.shown)) else { return 0 };
        let area = inner(pane);
        ui::ratings::lines(self, area.width as usize).len().saturating_sub(area.height as usize)
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

    fn command(&mut self, cmd: Command) {
        if !matches!(self.data, DataState::Ready(_)) {
            // While loading (or after a failed load) only these make sense.
            match cmd {
                Command::Quit => self.should_quit = true,
                Command::Theme => self.toggle_theme(),
                _ => {}
            }
            return;
        }
        match self.context() {
            Context::Help | Context::Problems => self.overlay_command(cmd),
            Context::Picker => self.picker_command(cmd),
            Context::Query => self.query_command(cmd),
            Context::List | Context::Transcript | Context::Vote | Context::Ratings | Context::Global => {
                self.pane_command(cmd)
            }
        }
    }

    fn overlay_command(&mut self, cmd: Command) {
        let max = match &self.overlay {
            Some(Overlay::Help { .. }) => ui::help::content_height(&self.keymap),
            Some(Overlay::Problems { .. }) => self.dataset().map_or(0, |d| d.report.problems.len() + 2),
            _ => 0,
        };
        let page = self.size.height.saturating_sub(8) as isize;
        let Some(Overlay::Help { scroll } | Overlay::Problems { scroll }) = &mut self.overlay else { return };
        let step = |s: &mut usize, d: isize| *s = s.saturating_add_signed(d).min(max.saturating_sub(1));
        match cmd {
            Command::Down => step(scroll, 1),
            Command::Up => step(scroll, -1),
            Command::PageDown => step(scroll, page),
            Command::PageUp => step(scroll, -page),
            Command::Close => self.overlay = None,
            Command::Quit => self.should_quit = true,
            _ => {}
        }
    }

    fn picker_command(&mut self, cmd: Command) {
        let Some(Overlay::Picker(picker)) = &mut self.overlay else { return };
        match cmd {
            Command::Down => picker.move_by(1),
            Command::Up => picker.move_by(-1),
            Command::Mark => picker.toggle_mark(),
            Command::Choose => {
                let chosen = picker.chosen();
                self.overlay = None;
                let Some(index) = self.index() else { return };
                let names: Vec<String> = chosen.iter().map(|&m| index.model_name(m).to_owned()).collect();
                let refs: Vec<&str> = names.iter().map(String::as_str).collect();
                let text = with_model_terms(&self.query.text(), &refs);
                self.query.set_text(&text);
                self.send_search();
            }
            Command::Close => self.overlay = None,
            Command::Quit => self.should_quit = true,
            _ => {}
        }
    }

    fn query_command(&mut self, cmd: Command) {
        let h = self.list_height();
        match cmd {
            Command::Submit => {
                self.query.editing = false;
                self.focus = Pane::List;
                if self.query.text() != self.query.sent_text {
                    self.send_search();
                }
            }
            Command::Back => self.query.editing = false,
            Command::Down => self.list.move_by(1, h),
            Command::Up => self.list.move_by(-1, h),
            Command::Quit => self.should_quit = true,
            _ => {}
        }
    }

    fn pane_command(&mut self, cmd: Command) {
        let list_h = self.list_height();
        let page = list_h.saturating_sub(1).max(1) as isize;
        let t_h = self.transcript_height();
        let t_page = t_h.saturating_sub(2).max(1) as isize;
        match (self.focus, cmd) {
            (_, Command::Quit) => self.should_quit = true,
            (_, Command::Help) => self.overlay = Some(Overlay::Help { scroll: 0 }),
            (_, Command::FocusNext) => self.cycle_focus(1),
            (_, Command::FocusPrev) => self.cycle_focus(-1),
            (_, Command::EditQuery) => self.query.editing = true,
            (_, Command::ModelPicker) => {
                let counts = self.dataset().map(|d| d.model_battles.clone()).unwrap_or_default();
                self.overlay = Some(Overlay::Picker(Box::new(PickerState::new(&counts))));
            }
            (_, Command::RatingView) => self.cycle_rating_view(),
            (_, Command::RatingMethod) => {
                self.ratings.method = self.ratings.method.other();
                self.request_full_ratings();
                let battles = self.list_battles_in_dataset_order();
                self.request_ratings(battles);
            }
            (_, Command::Blind) => self.blind = !self.blind,
            (_, Command::Theme) => self.toggle_theme(),
            (_, Command::Problems) => {
                if self.dataset().is_some_and(|d| !d.report.problems.is_empty()) {
                    self.overlay = Some(Overlay::Problems { scroll: 0 });
                } else {
                    self.notice = Some("no rows were skipped".to_owned());
                }
            }
            (_, Command::NextMatch | Command::PrevMatch)
                if !self.transcript.jump_to_match(cmd == Command::NextMatch, t_h) =>
            {
                self.notice = Some(if self.query.highlighter.is_some() {
                    "no match of the query in this battle's text".to_owned()
                } else {
                    "no keywords in the query to jump to".to_owned()
                });
            }
            (Pane::List, Command::Down) => self.list.move_by(1, list_h),
            (Pane::List, Command::Up) => self.list.move_by(-1, list_h),
            (Pane::List, Command::PageDown) => self.list.move_by(page, list_h),
            (Pane::List, Command::PageUp) => self.list.move_by(-page, list_h),
            (Pane::List, Command::Top) => self.list.select(0, list_h),
            (Pane::List, Command::Bottom) => self.list.select(usize::MAX, list_h),
            (Pane::List, Command::Open) => {
                if self.ratings.shown && self.screen().is_some_and(|s| s.ratings.is_none()) {
                    self.ratings.shown = false;
                }
                self.focus = Pane::Transcript;
            }
            (Pane::List, Command::Sort | Command::SortReverse) => {
                if cmd == Command::Sort {
                    self.list.sort = self.list.sort.next();
                } else {
                    self.list.descending = !self.list.descending;
                }
                if let DataState::Ready(d) = &self.data {
                    self.list.resort(&d.index, &d.ranks);
                }
            }
            (Pane::Transcript, Command::Down) => self.transcript.scroll_by(1, t_h),
            (Pane::Transcript, Command::Up) => self.transcript.scroll_by(-1, t_h),
            (Pane::Transcript, Command::PageDown) => self.transcript.scroll_by(t_page, t_h),
            (Pane::Transcript, Command::PageUp) => self.transcript.scroll_by(-t_page, t_h),
            (Pane::Transcript, Command::Top) => self.transcript.scroll_to_top(),
            (Pane::Transcript, Command::Bottom) => self.transcript.scroll_to_bottom(t_h),
            (Pane::Transcript, Command::Sync) => {
                if self.screen().is_some_and(|s| s.stacked) {
                    self.notice = Some(format!(
                        "the answers are stacked below {} columns; widen the terminal to scroll them apart",
                        layout::SIDE_BY_SIDE
                    ));
                } else {
                    self.transcript.independent = !self.transcript.independent;
                    self.transcript.scroll = [self.transcript.scroll[0]; 2];
                }
            }
            (Pane::Transcript, Command::OtherColumn) => {
                if self.transcript.doc.as_ref().is_some_and(|d| d.docs.len() > 1) {
                    self.transcript.column = 1 - self.transcript.column.min(1);
                } else {
                    self.notice = Some("the answers scroll together; press i to scroll them apart".to_owned());
                }
            }
            (Pane::Vote, Command::Down) => self.vote_scroll += 1,
            (Pane::Vote, Command::Up) => self.vote_scroll = self.vote_scroll.saturating_sub(1),
            (Pane::Vote, Command::Top) => self.vote_scroll = 0,
            (Pane::Ratings, Command::Down) => self.ratings.scroll += 1,
            (Pane::Ratings, Command::Up) => self.ratings.scroll = self.ratings.scroll.saturating_sub(1),
            (Pane::Ratings, Command::Top) => self.ratings.scroll = 0,
            (Pane::Transcript | Pane::Vote | Pane::Ratings, Command::Back) => self.focus = Pane::List,
            _ => {}
        }
    }

    fn toggle_theme(&mut self) {
        self.theme = Theme::new(self.theme.name.other(), self.theme.no_color);
    }

    fn cycle_focus(&mut self, step: isize) {
        let Some(screen) = self.screen() else { return };
        let order = screen.focus_order(self.ratings.shown);
        let pos = order.iter().position(|&p| p == self.focus).unwrap_or(0);
        let next = (pos as isize + step).rem_euclid(order.len() as isize) as usize;
        self.focus = order[next];
    }

    /// `r`: on wide screens cycles table → heat map → over time; on narrow screens the ratings
    /// first take the transcript's place, and after the last view give it back.
    fn cycle_rating_view(&mut self) {
        let wide = self.screen().is_some_and(|s| s.ratings.is_some());
        let r = &mut self.ratings;
        if wide {
            r.view = r.view.next();
        } else if !r.shown {
            r.shown = true;
            self.focus = Pane::Ratings;
        } else if r.view == super::state::ratings::RatingView::OverTime {
            r.shown = false;
            r.view = super::state::ratings::RatingView::Table;
            if self.focus == Pane::Ratings {
                self.focus = Pane::List;
            }
        } else {
            r.view = r.view.next();
        }
        self.ratings.scroll = 0;
    }

    fn text_input(&mut self, input: ratatui_textarea::Input) {
        match self.context() {
            Context::Query => {
                let before = self.query.text();
                self.query.input.input(input);
                keep_single_line(&mut self.query.input);
                if self.query.text() != before {
                    self.send_search();
                }
            }
            Context::Picker => {
                let Some(Overlay::Picker(picker)) = &mut self.overlay else { return };
                picker.filter.input(input);
                keep_single_line(&mut picker.filter);
                if let DataState::Ready(d) = &self.data {
                    picker.refilter(&d.index);
                }
            }
            _ => {}
        }
    }

    fn paste(&mut self, text: &str) {
        let flat: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
        match self.context() {
            Context::Picker => {
                if let Some(Overlay::Picker(picker)) = &mut self.overlay {
                    picker.filter.insert_str(&flat);
                    if let DataState::Ready(d) = &self.data {
                        picker.refilter(&d.index);
                    }
                }
            }
            Context::Help | Context::Problems => {}
            _ if matches!(self.data, DataState::Ready(_)) => {
                self.query.editing = true;
                self.query.input.insert_str(&flat);
                self.send_search();
            }
            _ => {}
        }
    }

    fn wheel(&mut self, column: u16, row: u16, lines: i32) {
        let lines = lines as isize;
        if let Some(Overlay::Help { scroll } | Overlay::Problems { scroll }) = &mut self.overlay {
            *scroll = scroll.saturating_add_signed(lines);
            return;
        }
        let Some(screen) = self.screen() else { return };
        match screen.region_at(column, row, self.ratings.shown) {
            Some(Region::Pane(Pane::List)) => {
                let h = self.list_height();
                self.list.scroll_by(lines, h);
            }
            Some(Region::Pane(Pane::Transcript)) => {
                let h = self.transcript_height();
                let doc = self.column_at(&screen, column);
                self.transcript.scroll_doc(doc, lines, h);
            }
            Some(Region::Pane(Pane::Vote)) => self.vote_scroll = self.vote_scroll.saturating_add_signed(lines),
            Some(Region::Pane(Pane::Ratings)) => self.ratings.scroll = self.ratings.scroll.saturating_add_signed(lines),
            _ => {}
        }
    }

    /// Which transcript document is under a screen column (the right one when apart).
    fn column_at(&self, screen: &Screen, column: u16) -> usize {
        let apart = self.transcript.doc.as_ref().is_some_and(|d| d.docs.len() > 1);
        let area = inner(screen.main);
        let (left, _) = document::split_columns(area.width as usize);
        usize::from(apart && column >= area.x + left as u16)
    }

    fn click(&mut self, column: u16, row: u16) {
        if self.overlay.is_some() || !matches!(self.data, DataState::Ready(_)) {
            return;
        }
        let Some(screen) = self.screen() else { return };
        match screen.region_at(column, row, self.ratings.shown) {
            Some(Region::Query) => self.query.editing = true,
            Some(Region::Pane(pane)) => {
                self.query.editing = false;
                self.focus = pane;
                match pane {
                    Pane::List => {
                        // Below the border and the header row.
                        let first = screen.list.y + 2;
                        if row >= first && row < screen.list.bottom() - 1 {
                            let h = self.list_height();
                            let target = self.list.offset + (row - first) as usize;
                            if target < self.list.rows.len() {
                                self.list.select(target, h);
                            }
                        }
                    }
                    Pane::Transcript => self.transcript.column = self.column_at(&screen, column),
                    _ => {}
                }
            }
            _ => {}
        }
    }

    // --- workers ---------------------------------------------------------------------------

    fn loaded(&mut self, data: LoadedData) {
        let dataset = Dataset::new(data);
        self.list.set_battles(&dataset.index, &dataset.ranks, dataset.all.to_vec());
        self.data = DataState::Ready(dataset);
        self.request_full_ratings();
        if self.query.text().trim().is_empty() {
            // Everything matches the empty query: no need to wait for a worker.
            self.query.sent_text = self.query.text();
            self.ratings_follow_full = true;
            self.ratings.computing = true;
        } else {
            self.send_search();
        }
    }

    /// Asks for the query to be evaluated (the worker drops any older request).
    fn send_search(&mut self) {
        self.query.sent += 1;
        self.query.sent_text = self.query.text();
        self.effects.push(Effect::Search { generation: self.query.sent, text: self.query.sent_text.clone() });
    }

    fn search_done(&mut self, result: SearchResult) {
        if result.generation != self.query.sent {
            return;
        }
        self.query.shown = result.generation;
        self.query.took = Some(result.took);
        match result.outcome {
            Ok(hits) => {
                self.query.error = None;
                self.query.highlighter = hits.highlighter;
                let DataState::Ready(d) = &self.data else { return };
                let all = hits.battles.len() == d.index.len();
                self.list.set_battles(&d.index, &d.ranks, hits.battles.clone());
                if all {
                    self.ratings_follow_full = true;
                    self.ratings.generation += 1;
                    self.ratings.current = self.ratings.full.clone();
                    self.ratings.computing = self.ratings.full.is_none();
                } else {
                    self.request_ratings(hits.battles);
                }
            }
            Err(problem) => self.query.error = Some(problem),
        }
    }

    fn list_battles_in_dataset_order(&self) -> Vec<BattleId> {
        let mut b = self.list.rows.clone();
        b.sort_unstable();
        b
    }

    fn request_ratings(&mut self, battles: Vec<BattleId>) {
        let full_len = self.index().map_or(0, Index::len);
        self.ratings.generation += 1;
        if battles.len() == full_len && full_len > 0 {
            self.ratings_follow_full = true;
            self.ratings.current = None;
            self.ratings.computing = true;
            return;
        }
        self.ratings_follow_full = false;
        self.ratings.computing = true;
        self.effects.push(Effect::Ratings {
            generation: self.ratings.generation,
            battles: Arc::new(battles),
            method: self.ratings.method,
            full: false,
        });
    }

    fn request_full_ratings(&mut self) {
        let Some(d) = self.dataset() else { return };
        let battles = d.all.clone();
        self.full_generation += 1;
        self.ratings.full = None;
        self.effects.push(Effect::Ratings {
            generation: self.full_generation,
            battles,
            method: self.ratings.method,
            full: true,
        });
    }

    fn ratings_done(&mut self, result: RatingsResult) {
        if result.full {
            if result.generation != self.full_generation {
                return;
            }
            if self.ratings_follow_full {
                self.ratings.current = Some(result.snapshot.clone());
                self.ratings.computing = false;
                self.ratings.bootstrapping = !result.finished;
            }
            self.ratings.full = Some(result.snapshot);
        } else if result.generation == self.ratings.generation && !self.ratings_follow_full {
            self.ratings.current = Some(result.snapshot);
            self.ratings.computing = false;
            self.ratings.bootstrapping = !result.finished;
        }
    }
}

/// The query and the picker filter are one line: a newline (Ctrl-M, a pasted one) is a space.
fn keep_single_line(area: &mut TextArea<'static>) {
    if area.lines().len() > 1 {
        let joined = area.lines().join(" ");
        *area = TextArea::default();
        area.insert_str(&joined);
    }
}
