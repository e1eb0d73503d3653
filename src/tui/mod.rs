//! The terminal browser: battle list, side-by-side transcript, vote and safety, live ratings.
//!
//! `run` owns the loop: it blocks on one channel (input, worker results, signals), turns
//! events into actions for [`app::App::update`], hands the app's requests to the workers and
//! draws a frame after each batch of events. Nothing is redrawn while nothing happens.

// Inside the browser, an item only the crate uses says `pub(crate)`: `pub` is for what the
// binary and `testing` hand out (checked whenever `testing` is built: tests, clippy).
#![cfg_attr(feature = "testkit", warn(unreachable_pub))]

mod action;
mod app;
mod clipboard;
mod command;
mod config;
mod event;
mod external;
mod keymap;
mod layout;
mod message;
mod query_eval;
mod review_jobs;
mod state;
mod terminal;
// Only tests, benches and examples reach inside the browser, through this module; everything
// else is private to the crate, so the compiler reports what nothing uses.
#[cfg(any(test, feature = "testkit"))]
pub mod testing;
mod text;
mod theme;
mod ui;
mod view;
mod worker;

pub use config::help_text;

use std::fs::File;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use anyhow::Context as _;

use crate::load::DataSource;
use crate::review::{ReviewConfig, StoreLocation};

use action::Action;
use app::{App, DataState};
use config::Config;
use event::Event;
use terminal::TerminalGuard;
use theme::Theme;
use worker::{Effect, Workers};

/// How often spinners move while something runs.
const ANIMATION: Duration = Duration::from_millis(100);
/// Events handled before a frame is drawn, at most (a burst of wheel events is one frame).
const BATCH: usize = 64;
/// How long quitting waits for flags and votes still on their way to disk.
const SAVE_GRACE: Duration = Duration::from_secs(5);

/// What the command line asked the browser to show.
pub struct Options {
    pub source: DataSource,
    pub strict: bool,
    /// Use the index cache (not `--no-cache`).
    pub cache: bool,
    pub query: String,
    /// `--review-file`: flags and own votes go there instead of the dataset's own store.
    pub review_file: Option<PathBuf>,
    /// When the process started (for the first-frame timing).
    pub started: Instant,
}

/// Runs the browser until the user quits; the terminal is restored on every way out.
pub fn run(options: Options) -> anyhow::Result<ExitCode> {
    // With `-` the data comes on standard input; keys then come from the terminal itself
    // (crossterm opens /dev/tty when standard input is not one).
    let reads_stdin = matches!(&options.source, DataSource::Paths(p) if p.iter().any(|p| p.as_os_str() == "-"));
    if !std::io::stdout().is_terminal() || !(std::io::stdin().is_terminal() || reads_stdin) {
        anyhow::bail!(
            "the browser needs a terminal; for scripts use a subcommand (`arenascope stats`, `arenascope --help`)"
        );
    }
    let name = source_name(&options.source);
    let mut app = App::new(Config::load(), Theme::no_color_from_env(), &options.query, &name);
    app.review.location = Some(StoreLocation::from_option(options.review_file.as_deref()));
    let (review_config, review_problem) = ReviewConfig::load();
    app.review.labels = review_config.labels;
    app.review.warnings.extend(review_problem.map(|w| w.to_string()));
    let (tx, rx) = mpsc::channel();
    let mut guard = TerminalGuard::enter().context("cannot set up the terminal")?;
    let input = event::spawn_input(tx.clone());
    let _signals = event::spawn_signals(tx.clone()).context("cannot watch for signals")?;
    crate::heap::map_large_blocks();
    let workers = Workers::start(tx);
    workers.load(options.source, options.strict, options.cache);
    let size = guard.terminal.size()?;
    app.update(Action::Resize { width: size.width, height: size.height });
    let mut timings = Timings::from_env(options.started);
    let mut last_tick = Instant::now();
    let mut quit_at: Option<Instant> = None;

    loop {
        if app.animating() && last_tick.elapsed() >= ANIMATION {
            app.update(Action::Tick);
            last_tick = Instant::now();
        }
        guard.terminal.draw(|frame| frame.render_widget(&app, frame.area()))?;
        timings.frame_drawn(&app);
        if app.should_quit {
            // A save handed to the review worker is not on disk yet: give it a moment.
            let since = *quit_at.get_or_insert_with(Instant::now);
            if !app.review.is_saving() || since.elapsed() >= SAVE_GRACE {
                break;
            }
        }
        let first = if app.animating() || app.should_quit {
            match rx.recv_timeout(ANIMATION.saturating_sub(last_tick.elapsed())) {
                Ok(e) => Some(e),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => break,
            }
        } else {
            match rx.recv() {
                Ok(e) => Some(e),
                Err(_) => break,
            }
        };
        let batch = first.into_iter().chain(std::iter::from_fn(|| rx.try_recv().ok())).take(BATCH);
        for event in batch {
            match event {
                Event::Terminal(e, at) => {
                    if let Some(action) = app.action_for(&e) {
                        timings.input(at);
                        app.update(action);
                    }
                }
                Event::Worker(action) => {
                    if let Action::ReviewSaved(done) = &action {
                        timings.review_saved(done.took);
                    }
                    app.update(action)
                }
                Event::Signal(sig) => {
                    app.exit_signal = Some(sig);
                    app.should_quit = true;
                }
            }
        }
        for request in app.take_terminal_requests() {
            if let Some(result) = external::run(request, &mut guard, &input) {
                // The screen may have changed size while another program had it.
                let size = guard.terminal.size()?;
                app.update(Action::Resize { width: size.width, height: size.height });
                app.update(Action::TerminalDone(result));
            }
        }
        for effect in app.take_effects() {
            if let Effect::Search { generation, .. } = &effect {
                timings.search_sent(*generation);
            }
            workers.run(effect);
        }
    }
    drop(guard);
    report_after_exit(&app);
    if app.review.is_saving() {
        eprintln!(
            "arenascope: {} change(s) to flags or votes were still being saved when the browser quit; \
             `arenascope review list` shows what the store holds",
            app.review.saving.len()
        );
    }
    Ok(match (app.exit_signal, &app.data) {
        (Some(sig), _) => ExitCode::from((128 + sig).clamp(0, 255) as u8),
        (None, DataState::Failed(_)) => ExitCode::from(1),
        _ => ExitCode::SUCCESS,
    })
}

/// How many skipped rows are listed on stderr after the browser quits.
const PROBLEMS_PRINTED: usize = 10;

/// What the browser showed about the load, on stderr once the terminal is back: the error
/// that stopped it (also when the terminal was too small to show it), the skipped rows, and
/// that the data was the built-in sample.
fn report_after_exit(app: &App) {
    use crate::sanitize::sanitize_line;
    match &app.data {
        DataState::Failed(message) => eprintln!("arenascope: {}", sanitize_line(message)),
        DataState::Ready(d) => {
            for line in d.report.skipped_summary(PROBLEMS_PRINTED).into_iter().flatten() {
                let prefix = if line.starts_with(' ') { "" } else { "arenascope: " };
                eprintln!("{prefix}{}", sanitize_line(&line));
            }
            if d.index.info.is_sample {
                eprintln!("arenascope: {}", crate::load::SAMPLE_NOTICE);
            }
        }
        DataState::Loading(_) => {}
    }
}

/// What is being loaded, in words, for the loading screen.
fn source_name(source: &DataSource) -> String {
    match source {
        DataSource::Sample => "the built-in sample".to_owned(),
        DataSource::Default => "the dataset (Hugging Face cache, else the sample)".to_owned(),
        DataSource::Dataset(release) => format!("the {} release from the Hugging Face cache", release.short()),
        DataSource::Paths(paths) => {
            let names: Vec<String> = paths
                .iter()
                .map(|p| {
                    if p.as_os_str() == "-" {
                        return crate::load::discover::STDIN_NAME.to_owned();
                    }
                    p.file_name().map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned())
                })
                .collect();
            names.join(", ")
        }
    }
}

/// Optional timing log (`ARENASCOPE_FRAME_LOG=FILE`): start to first full frame, each input
/// to the frame that shows it, each query edit to the frame that shows its results, and each
/// save of a flag or vote on the review worker.
struct Timings {
    file: Option<File>,
    started: Instant,
    first_battles_frame: bool,
    first_full_frame: bool,
    /// The oldest input not yet shown on screen.
    pending_input: Option<Instant>,
    /// The last query sent and when (the input that caused it).
    search: Option<(u64, Instant)>,
}

impl Timings {
    fn from_env(started: Instant) -> Timings {
        let file = std::env::var_os("ARENASCOPE_FRAME_LOG").map(PathBuf::from).and_then(|p| File::create(p).ok());
        Timings {
            file,
            started,
            first_battles_frame: false,
            first_full_frame: false,
            pending_input: None,
            search: None,
        }
    }

    fn input(&mut self, at: Instant) {
        if self.file.is_some() && self.pending_input.is_none() {
            self.pending_input = Some(at);
        }
    }

    fn search_sent(&mut self, generation: u64) {
        if self.file.is_some() {
            self.search = Some((generation, self.pending_input.unwrap_or_else(Instant::now)));
        }
    }

    /// How long the review worker took to save a change (lock, append, fsync).
    fn review_saved(&mut self, took: Duration) {
        if let Some(file) = &mut self.file {
            let _ = writeln!(file, "review_save_ms {:.3}", took.as_secs_f64() * 1e3);
        }
    }

    fn frame_drawn(&mut self, app: &App) {
        let Some(file) = &mut self.file else { return };
        let now = Instant::now();
        let ms = |at: Instant| (now - at).as_secs_f64() * 1e3;
        if let Some(d) = app.dataset().filter(|_| !self.first_battles_frame) {
            // The first frame with battles: while the file loads, those so far.
            self.first_battles_frame = true;
            let _ = writeln!(file, "first_battles_frame_ms {:.1} battles {}", ms(self.started), d.index.len());
        }
        let whole = app.dataset().filter(|d| d.loading.is_none());
        if let Some(d) = whole.filter(|_| !self.first_full_frame && !app.query.running()) {
            self.first_full_frame = true;
            let total = (now - self.started).as_secs_f64() * 1e3;
            let _ = writeln!(file, "first_full_frame_ms {total:.1} of_which_load_ms {:.1}", d.report.seconds * 1e3);
        }
        if let Some(at) = self.pending_input.take() {
            let loading = if app.loading().is_some() { " while_loading" } else { "" };
            let _ = writeln!(file, "input_to_frame_ms {:.3}{loading}", ms(at));
        }
        if let Some((generation, at)) = self.search
            && app.query.shown == generation
        {
            self.search = None;
            let _ = writeln!(file, "query_to_results_frame_ms {:.3}", (now - at).as_secs_f64() * 1e3);
        }
    }
}
