//! The one way into the browser for tests and benches (the rest of `tui` is private to the
//! crate): an app loaded with given battles (and a review file, when asked), driven by
//! [`Action`]s as keys, clicks and workers drive it, the workers' jobs run in place, frames
//! drawn to text, and read-only accessors for what tests assert. A test never writes the
//! app's state; where it needs a state no key reaches, a named operation here sets it.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::index::{BattleId, DatasetInfo, Index, ModelId};
use crate::load::{LoadReport, Progress};
use crate::model::{Battle, Winner};
use crate::review::{ReviewView, StoreLocation};

pub use crate::rating::Method;

pub use super::action::{Action, Pane};
pub use super::app::{App, Overlay, Question};
pub use super::command::{Command, Context};
pub use super::config::Config;
pub use super::external::{External, TerminalRequest};
pub use super::keymap::{Key, Keymap};
pub use super::state::flag::{FlagDialog, FlagField};
pub use super::state::list::SortKey;
pub use super::state::picker::PickerState;
pub use super::state::ratings::{RatingRow, RatingView, RatingsSnapshot, WinMatrix};
pub use super::theme::Theme;
pub use super::worker::Effect;

use super::app::{DataState, Dataset};
use super::layout::{inner, list_rows};
use super::message::{LoadedData, RatingsResult};
use super::query_eval::QueryProblem;
use super::review_jobs;
use super::state::review_store::StoreStatus;
use super::worker;

// --- building ------------------------------------------------------------------------------

/// An app of `width`x`height` with `battles` loaded and the initial jobs done.
pub fn app_with(battles: &[Battle], width: u16, height: u16, query: &str) -> App {
    let report = LoadReport { rows: battles.len(), seconds: 0.05, ..Default::default() };
    app_with_report(battles, report, width, height, query)
}

/// [`app_with`], with what the load reported (skipped rows, problems) given.
pub fn app_with_report(battles: &[Battle], report: LoadReport, width: u16, height: u16, query: &str) -> App {
    app_with_index(index_of(battles), report, width, height, query)
}

/// [`app_with`], with flags and own votes kept in `review_file` (as `--review-file` does).
pub fn app_with_reviews(battles: &[Battle], width: u16, height: u16, query: &str, review_file: &Path) -> App {
    let report = LoadReport { rows: battles.len(), seconds: 0.05, ..Default::default() };
    let mut app = new_app(query, width, height);
    app.review.location = Some(StoreLocation::File(review_file.to_path_buf()));
    finish_loading(&mut app, index_of(battles), report);
    app
}

pub fn app_with_index(index: Arc<Index>, report: LoadReport, width: u16, height: u16, query: &str) -> App {
    let mut app = new_app(query, width, height);
    finish_loading(&mut app, index, report);
    app
}

/// An app still loading (as the browser starts): `config` in force, `width`x`height`.
pub fn loading_app(config: Config, source_name: &str, width: u16, height: u16) -> App {
    let mut app = App::new(config, false, "", source_name);
    app.update(Action::Resize { width, height });
    app
}

/// Hands a loaded index to an app (as the loading worker does) and runs the jobs that follow.
pub fn finish_loading(app: &mut App, index: Arc<Index>, report: LoadReport) {
    app.update(Action::Loaded(Box::new(LoadedData { index, report })));
    run_jobs(app);
}

fn index_of(battles: &[Battle]) -> Arc<Index> {
    let info = DatasetInfo { name: "varied.jsonl".into(), bytes: 12_345, ..Default::default() };
    Arc::new(Index::from_battles(battles, info))
}

fn new_app(query: &str, width: u16, height: u16) -> App {
    let config = Config { path: Some("/home/user/.config/arenascope/config.toml".into()), ..Config::default() };
    let mut app = App::new(config, false, query, "varied.jsonl");
    app.update(Action::Resize { width, height });
    app
}

// --- running jobs --------------------------------------------------------------------------

/// An app of `width`x`height` whose data is still loading (nothing in yet), with `query`
/// typed; flags and votes go to `review_file` when given. Feed it [`battles_so_far`].
pub fn loading_app_with(width: u16, height: u16, query: &str, review_file: Option<&Path>) -> App {
    let mut app = new_app(query, width, height);
    app.review.location = review_file.map(|f| StoreLocation::File(f.to_path_buf()));
    app
}

/// What a load in progress hands the browser when it has read `percent` of the file: the
/// first `n` of `battles`, made ready as the load thread does.
pub fn battles_so_far(battles: &[Battle], n: usize, percent: u64) -> Action {
    let n = n.min(battles.len());
    let info = DatasetInfo { name: "varied.jsonl".into(), bytes: 12_345 * percent / 100, ..Default::default() };
    let index = Arc::new(Index::from_battles(&battles[..n], info));
    let report = LoadReport { rows: n, ..Default::default() };
    let progress = Progress { done: percent.min(100), total: 100 };
    Action::LoadedSoFar(Box::new(Dataset::so_far(LoadedData { index, report }, progress)))
}

/// The index a [`battles_so_far`] or [`all_battles_loaded`] action hands over, held weakly:
/// a test can check that nothing keeps it once the browser has moved on.
pub fn index_weakly(action: &Action) -> std::sync::Weak<Index> {
    match action {
        Action::LoadedSoFar(d) => Arc::downgrade(&d.index),
        Action::Loaded(d) => Arc::downgrade(&d.index),
        _ => std::sync::Weak::new(),
    }
}

/// What the end of the load hands the browser: every battle.
pub fn all_battles_loaded(battles: &[Battle]) -> Action {
    let info = DatasetInfo { name: "varied.jsonl".into(), bytes: 12_345, ..Default::default() };
    let index = Arc::new(Index::from_battles(battles, info));
    let report = LoadReport { rows: battles.len(), seconds: 0.05, ..Default::default() };
    Action::Loaded(Box::new(LoadedData { index, report }))
}

/// Runs the jobs the app asked for, in place, feeding their results back, until none is left.
pub fn run_jobs(app: &mut App) {
    loop {
        let effects = app.take_effects();
        if effects.is_empty() {
            return;
        }
        for effect in effects {
            run_effect(app, effect);
        }
    }
}

/// Runs one job (taken with [`App::take_effects`]) as its worker would and feeds the result
/// back; the jobs that result asks for are left for the next [`run_jobs`]. Tests hold a job
/// back this way to deliver its result late.
pub fn run_effect(app: &mut App, effect: Effect) {
    let cancel = AtomicBool::new(false);
    match effect {
        Effect::Search { generation, text, reviews, index } => {
            if let Some(r) = worker::run_search(&index, generation, &text, reviews.as_ref(), &cancel) {
                app.update(Action::SearchDone(r));
            }
        }
        Effect::Review(job) => app.update(review_jobs::run(job)),
        Effect::Export(job) => app.update(Action::Exported(worker::run_export(&job))),
        Effect::Ratings { generation, index, battles, method, style, dedup, split, full } => {
            let mut results = Vec::new();
            let options = worker::PaneOptions { method, style, dedup, split };
            worker::run_rating_pane(&index, &battles, &options, &cancel, |snapshot, finished| {
                results.push(RatingsResult { generation, full, snapshot, finished })
            });
            for r in results {
                app.update(Action::RatingsDone(Box::new(r)));
            }
        }
    }
}

/// What the review worker does every few seconds: picks up other processes' changes.
pub fn reload_reviews(app: &mut App) {
    let StoreStatus::Open(store) = &app.review.status else { return };
    if let Some(action) = review_jobs::reload(store) {
        app.update(action);
    }
    run_jobs(app);
}

// --- drawing -------------------------------------------------------------------------------

/// Draws the app on a test terminal of its size.
pub fn draw(app: &App) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(app.size.width, app.size.height)).expect("test backend");
    terminal.draw(|f| f.render_widget(app, f.area())).expect("test backend");
    terminal.backend().buffer().clone()
}

/// One part of the main screen, drawn alone by [`draw_part`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    List,
    Transcript,
    Vote,
    Ratings,
    SearchBar,
    StatusBar,
}

/// Draws one part of the screen into a `width`x`height` buffer of its own.
pub fn draw_part(app: &App, part: Part, width: u16, height: u16) -> Buffer {
    use super::ui;
    let area = Rect::new(0, 0, width, height);
    let mut buf = Buffer::empty(area);
    let render = match part {
        Part::List => ui::battle_list::render,
        Part::Transcript => ui::transcript::render,
        Part::Vote => ui::vote::render,
        Part::Ratings => ui::ratings::render,
        Part::SearchBar => ui::search_bar::render,
        Part::StatusBar => ui::status_bar::render,
    };
    render(app, area, &mut buf);
    buf
}

/// The text of a buffer, one line per row, wide characters once (no quotes, no notes).
pub fn text_of(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut skip = 0u16;
        let mut line = String::new();
        for x in 0..buf.area.width {
            let cell = &buf[(x, y)];
            if skip == 0 {
                line.push_str(cell.symbol());
            }
            skip = skip.max(unicode_width::UnicodeWidthStr::width(cell.symbol()) as u16).saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Draws and returns the screen as text.
pub fn screen(app: &App) -> String {
    text_of(&draw(app))
}

/// The whole help text (every context's keys, the markers, the config), wrapped to `width`.
pub fn help_lines(app: &App, width: usize) -> Vec<String> {
    super::view::help::lines(&app.keymap, &app.theme, None, None, width).iter().map(|l| l.to_string()).collect()
}

// --- reading -------------------------------------------------------------------------------

/// What tests read of the app. Each returns a copy or a shared reference: a test drives the
/// app only through actions and the named operations further down.
impl App {
    pub fn size(&self) -> Rect {
        self.size
    }

    pub fn focused(&self) -> Pane {
        self.focus
    }

    pub fn overlay(&self) -> Option<&Overlay> {
        self.overlay.as_ref()
    }

    /// The status bar's message.
    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    pub fn is_loading(&self) -> bool {
        matches!(self.data, DataState::Loading(_))
    }

    pub fn should_quit(&self) -> bool {
        self.should_quit
    }

    pub fn blind(&self) -> bool {
        self.blind
    }

    pub fn keymap(&self) -> &Keymap {
        &self.keymap
    }

    pub fn theme(&self) -> &Theme {
        &self.theme
    }

    pub fn vote_scroll(&self) -> usize {
        self.vote_scroll
    }

    // The query bar.

    pub fn query_text(&self) -> String {
        self.query.text()
    }

    /// Lines in the query's input (always one).
    pub fn query_lines(&self) -> usize {
        self.query.input.lines().len()
    }

    /// What is wrong with the shown query, if anything.
    pub fn query_error(&self) -> Option<&str> {
        self.query.error.as_ref().map(|e| e.message.as_str())
    }

    pub fn query_warnings(&self) -> &[String] {
        &self.query.warnings
    }

    /// `review:` labels of the query that nothing has.
    pub fn unknown_labels(&self) -> &[String] {
        &self.query.unknown_labels
    }

    /// A search newer than the list is running.
    pub fn query_running(&self) -> bool {
        self.query.running()
    }

    /// The generation of the last search asked for.
    pub fn query_sent(&self) -> u64 {
        self.query.sent
    }

    /// The generation of the search the list shows.
    pub fn query_shown(&self) -> u64 {
        self.query.shown
    }

    /// The text of the last search asked for.
    pub fn query_sent_text(&self) -> &str {
        &self.query.sent_text
    }

    // The battle list.

    pub fn list_rows(&self) -> &[BattleId] {
        &self.list.rows
    }

    /// The selected row (an index into [`App::list_rows`]).
    pub fn list_selected(&self) -> usize {
        self.list.selected
    }

    /// The first row shown.
    pub fn list_offset(&self) -> usize {
        self.list.offset
    }

    /// Rows the list shows at this size; `None` when the screen is too small for any pane.
    pub fn list_rows_shown(&self) -> Option<usize> {
        self.screen().map(|s| list_rows(&s))
    }

    pub fn sort_key(&self) -> SortKey {
        self.list.sort
    }

    pub fn sort_descending(&self) -> bool {
        self.list.descending
    }

    // The transcript.

    /// The battle laid out in the transcript.
    pub fn transcript_battle(&self) -> Option<BattleId> {
        self.transcript.doc.as_ref().map(|d| d.battle)
    }

    /// The rows of each laid-out column: one entry when the answers scroll together.
    pub fn transcript_rows(&self) -> Vec<usize> {
        self.transcript.doc.as_ref().map_or_else(Vec::new, |d| d.docs.iter().map(|d| d.rows.len()).collect())
    }

    /// The first visible row of each column.
    pub fn transcript_scroll(&self) -> [usize; 2] {
        self.transcript.scroll
    }

    /// Rows the transcript pane shows; `None` while it is not on screen.
    pub fn transcript_rows_shown(&self) -> Option<usize> {
        self.screen().and_then(|s| s.transcript(self.ratings.shown)).map(|r| inner(r).height as usize)
    }

    /// The row of each match of the query in the transcript, in the order `n` visits them.
    pub fn match_rows(&self) -> Vec<usize> {
        self.transcript.doc.as_ref().map_or_else(Vec::new, |d| d.matches.iter().map(|m| m.row).collect())
    }

    /// The match `n`/`N` last jumped to (an index into [`App::match_rows`]).
    pub fn current_match(&self) -> Option<usize> {
        self.transcript.current_match
    }

    // The rating pane.

    pub fn ratings_shown(&self) -> bool {
        self.ratings.shown
    }

    pub fn rating_view(&self) -> RatingView {
        self.ratings.view
    }

    pub fn rating_method(&self) -> Method {
        self.ratings.method
    }

    pub fn ratings_dedup(&self) -> bool {
        self.ratings.dedup
    }

    pub fn ratings_busy(&self) -> bool {
        self.ratings.busy()
    }

    pub fn rating_cursor(&self) -> usize {
        self.ratings.cursor
    }

    pub fn ratings_scroll(&self) -> usize {
        self.ratings.scroll
    }

    /// The ratings of the query's battles.
    pub fn current_ratings(&self) -> Option<&RatingsSnapshot> {
        self.ratings.current.as_ref()
    }

    /// The ratings of all battles (the baseline of the arrows).
    pub fn full_ratings(&self) -> Option<&RatingsSnapshot> {
        self.ratings.full.as_ref()
    }

    /// The models of the shown rating view, top to bottom.
    pub fn rating_models(&self) -> Vec<ModelId> {
        self.ratings.view_models()
    }

    // Flags and own votes.

    pub fn is_flagged(&self, b: BattleId) -> bool {
        self.review.is_flagged(b)
    }

    /// The own vote on `b`, one still being saved included.
    pub fn own_vote(&self, b: BattleId) -> Option<Winner> {
        self.review.own_vote(b)
    }

    /// A change is on its way to the review store.
    /// The review store is open (flags and votes can be saved).
    pub fn review_store_open(&self) -> bool {
        self.review.store().is_some()
    }

    pub fn is_saving(&self) -> bool {
        self.review.is_saving()
    }

    /// Flags and own votes as last saved or read.
    pub fn review_view(&self) -> &ReviewView {
        &self.review.view
    }

    // --- named operations for states no key reaches ----------------------------------------

    /// Moves the focus to `pane` (as a click on it would, without the click's other effects).
    pub fn focus_pane(&mut self, pane: Pane) {
        self.focus = pane;
    }

    /// Replaces the query's text without searching (as the model picker does).
    pub fn set_query_text(&mut self, text: &str) {
        self.query.set_text(text);
    }

    /// Shows `message` as the query's error at `column` (as a malformed query's search does).
    pub fn show_query_error(&mut self, column: usize, message: &str) {
        self.query.error = Some(QueryProblem { column, message: message.to_owned() });
    }

    /// Shows hand-made rating tables, as if the rating worker had sent them; `computing` as
    /// while a table is being computed.
    pub fn show_ratings(&mut self, current: Option<RatingsSnapshot>, full: Option<RatingsSnapshot>, computing: bool) {
        self.ratings.current = current;
        self.ratings.full = full;
        self.ratings.computing = computing;
    }

    /// Switches the rating view without computing what `r` would (the side-by-side view).
    pub fn set_rating_view(&mut self, view: RatingView) {
        self.ratings.view = view;
    }

    /// Uses `keymap` from now on (as a config file would have given it).
    pub fn set_keymap(&mut self, keymap: Keymap) {
        self.keymap = keymap;
    }

    /// Where exports are offered (instead of the current directory).
    pub fn set_export_dir(&mut self, dir: PathBuf) {
        self.review.export_dir = dir;
    }

    /// Forgets that the user asked to quit, so a soak can go on from the same state.
    pub fn resume(&mut self) {
        self.should_quit = false;
    }
}

impl FlagDialog {
    /// The battle had a flag when the dialog opened (it edits that flag).
    pub fn was_flagged(&self) -> bool {
        self.was_flagged
    }

    /// The note's lines as typed.
    pub fn note_lines(&self) -> &[String] {
        self.note.lines()
    }

    /// Which field has the keys.
    pub fn field(&self) -> FlagField {
        self.field
    }
}

impl PickerState {
    /// The models the picker lists, top to bottom.
    pub fn shown_models(&self) -> Vec<ModelId> {
        self.shown.iter().map(|&(m, _)| m).collect()
    }
}
