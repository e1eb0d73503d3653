//! Helpers for driving the browser without a terminal (tests, benches): an app loaded with
//! given battles (and a review file, when asked), the workers' jobs run in place, and frames
//! drawn to text.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

use crate::index::{DatasetInfo, Index};
use crate::load::{LoadReport, Progress};
use crate::model::Battle;
use crate::review::StoreLocation;

use super::action::Action;
use super::app::{App, Dataset};
use super::config::Config;
use super::message::{LoadedData, RatingsResult};
use super::review_jobs;
use super::state::review_store::StoreStatus;
use super::worker::{self, Effect};

/// An app of `width`x`height` with `battles` loaded and the initial jobs done.
pub fn app_with(battles: &[Battle], width: u16, height: u16, query: &str) -> App {
    let info = DatasetInfo { name: "varied.jsonl".into(), bytes: 12_345, ..Default::default() };
    let index = Arc::new(Index::from_battles(battles, info));
    let report = LoadReport { rows: battles.len(), seconds: 0.05, ..Default::default() };
    app_with_index(index, report, width, height, query)
}

/// [`app_with`], with flags and own votes kept in `review_file` (as `--review-file` does).
pub fn app_with_reviews(battles: &[Battle], width: u16, height: u16, query: &str, review_file: &Path) -> App {
    let info = DatasetInfo { name: "varied.jsonl".into(), bytes: 12_345, ..Default::default() };
    let index = Arc::new(Index::from_battles(battles, info));
    let report = LoadReport { rows: battles.len(), seconds: 0.05, ..Default::default() };
    let mut app = new_app(query, width, height);
    app.review.location = Some(StoreLocation::File(review_file.to_path_buf()));
    loaded(app, index, report)
}

pub fn app_with_index(index: Arc<Index>, report: LoadReport, width: u16, height: u16, query: &str) -> App {
    loaded(new_app(query, width, height), index, report)
}

fn new_app(query: &str, width: u16, height: u16) -> App {
    let config = Config { path: Some("/home/user/.config/arenascope/config.toml".into()), ..Config::default() };
    let mut app = App::new(config, false, query, "varied.jsonl");
    app.update(Action::Resize { width, height });
    app
}

fn loaded(mut app: App, index: Arc<Index>, report: LoadReport) -> App {
    app.update(Action::Loaded(Box::new(LoadedData { index, report })));
    run_jobs(&mut app);
    app
}

/// An app of `width`x`height` whose data is still loading (nothing in yet); flags and votes
/// go to `review_file` when given.
pub fn loading_app(width: u16, height: u16, query: &str, review_file: Option<&Path>) -> App {
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
        let cancel = AtomicBool::new(false);
        for effect in effects {
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

/// Draws the app on a test terminal of its size.
pub fn draw(app: &App) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(app.size.width, app.size.height)).expect("test backend");
    terminal.draw(|f| f.render_widget(app, f.area())).expect("test backend");
    terminal.backend().buffer().clone()
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
