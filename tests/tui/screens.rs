//! Snapshots of every pane and of whole screens at 80x24, 120x40 and 200x60, drawn over
//! ratatui's TestBackend from the varied fixture (multi-turn, CJK, emoji, RTL, escapes).
//! Styles are checked separately below, where they carry meaning.

use arenascope::fixtures;
use arenascope::index::BattleId;
use arenascope::load::{Location, Problem};
use arenascope::review::Entry;
use arenascope::tui::action::{Action, Command};
use arenascope::tui::app::App;
use arenascope::tui::config::Config;
use arenascope::tui::state::ratings::{Method, RatingRow, RatingView, RatingsSnapshot, WinMatrix};
use arenascope::tui::testing::{app_with, run_jobs, screen, text_of};
use arenascope::tui::ui;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Color;

fn app(w: u16, h: u16) -> App {
    app_with(&fixtures::varied(), w, h, "")
}

/// Marks a battle flagged in the app's review view (no store on disk: drawing only).
fn flag_in_view(app: &mut App, b: u32, label: &str) {
    let mut view = (*app.review.view).clone();
    let mut entry = Entry::default();
    entry.labels.insert(label.to_owned());
    view.set(BattleId(b), Some(entry));
    app.review.set_view(std::sync::Arc::new(view));
}

fn select(app: &mut App, b: u32) {
    app.update(Action::Select(BattleId(b)));
}

fn cmd(app: &mut App, c: Command) {
    app.update(Action::Command(c));
    run_jobs(app);
}

/// Draws one pane into a `w`x`h` buffer.
fn pane(app: &App, w: u16, h: u16, draw: impl Fn(&App, Rect, &mut Buffer)) -> String {
    let area = Rect::new(0, 0, w, h);
    let mut buf = Buffer::empty(area);
    draw(app, area, &mut buf);
    text_of(&buf)
}

/// A rating table as the rating module would give it, for the rating views.
fn ratings(app: &mut App) {
    let index = app.index().unwrap();
    let id = |name: &str| index.model_id(name).unwrap();
    let models = ["gpt-4", "claude-v1", "vicuna-13b", "koala-13b", "palm-2", "alpaca-13b"].map(id);
    let rows: Vec<RatingRow> = models
        .iter()
        .enumerate()
        .map(|(i, &m)| RatingRow {
            model: m,
            rating: 1120.0 - 45.0 * i as f64,
            interval: Some((1120.0 - 45.0 * i as f64 - 30.0, 1120.0 - 45.0 * i as f64 + 32.0)),
            rank: 1 + i / 2,
            battles: 4000 - 500 * i,
            win_rate: Some(0.8 - 0.1 * i as f64),
        })
        .collect();
    let n = models.len();
    let fraction = (0..n * n)
        .map(|k| {
            let (i, j) = (k / n, k % n);
            (i != j && (i + j) % 5 != 4).then(|| (0.5 + 0.09 * (j as f64 - i as f64)).clamp(0.0, 1.0))
        })
        .collect();
    let over_time = models
        .iter()
        .enumerate()
        .map(|(i, &m)| (m, (0..40).map(|d| (d >= i).then_some(1000.0 + (d * (6 - i)) as f64 * 3.0)).collect()))
        .collect();
    let current = RatingsSnapshot {
        method: Method::BradleyTerry,
        battles: 5,
        rows,
        bootstrapped: true,
        notes: vec!["alpaca-13b lost every battle: no finite rating".into()],
        matrix: WinMatrix { models: models.to_vec(), fraction, decisive: vec![12; n * n] },
        over_time,
        style: None,
        split: None,
        dedup_dropped: None,
    };
    let mut full = current.clone();
    full.rows[0].rating -= 20.0;
    full.rows[2].rating += 12.0;
    full.rows[3].rating += 2.0;
    app.ratings.current = Some(current);
    app.ratings.full = Some(full);
    app.ratings.computing = false;
}

#[test]
fn whole_screens_at_three_sizes() {
    for (w, h) in [(80, 24), (120, 40), (200, 60)] {
        let app = app(w, h);
        insta::assert_snapshot!(format!("screen_{w}x{h}"), screen(&app));
    }
}

#[test]
fn whole_screens_of_cjk_rtl_and_escapes() {
    let mut wide = app(200, 60);
    for (b, name) in [(1, "cjk_emoji"), (2, "rtl"), (3, "escapes_flagged")] {
        select(&mut wide, b);
        insta::assert_snapshot!(format!("screen_200x60_{name}"), screen(&wide));
    }
    let mut narrow = app(80, 24);
    select(&mut narrow, 1);
    cmd(&mut narrow, Command::Open);
    insta::assert_snapshot!("screen_80x24_cjk_stacked", screen(&narrow));
}

#[test]
fn battle_list_narrow_and_wide() {
    let mut app = app(200, 60);
    flag_in_view(&mut app, 2, "unsafe");
    insta::assert_snapshot!("list_36", pane(&app, 36, 9, ui::battle_list::render));
    insta::assert_snapshot!("list_60", pane(&app, 60, 9, ui::battle_list::render));
    cmd(&mut app, Command::Sort);
    cmd(&mut app, Command::SortReverse);
    insta::assert_snapshot!("list_60_by_models_descending", pane(&app, 60, 9, ui::battle_list::render));
    for _ in 0..3 {
        cmd(&mut app, Command::Sort);
    }
    insta::assert_snapshot!("list_60_by_answer_length_descending", pane(&app, 60, 9, ui::battle_list::render));
}

#[test]
fn transcript_side_by_side_stacked_apart_and_blind() {
    let mut wide = app(200, 60);
    insta::assert_snapshot!("transcript_side_by_side", pane(&wide, 100, 24, ui::transcript::render));
    cmd(&mut wide, Command::Open);
    cmd(&mut wide, Command::Sync);
    cmd(&mut wide, Command::OtherColumn);
    cmd(&mut wide, Command::Down);
    insta::assert_snapshot!("transcript_apart", pane(&wide, 100, 20, ui::transcript::render));
    cmd(&mut wide, Command::Sync);
    cmd(&mut wide, Command::Blind);
    insta::assert_snapshot!("transcript_blind", pane(&wide, 100, 12, ui::transcript::render));
    let mut narrow = app(80, 24);
    select(&mut narrow, 2);
    insta::assert_snapshot!("transcript_stacked_rtl", pane(&narrow, 44, 16, ui::transcript::render));
    select(&mut narrow, 3);
    insta::assert_snapshot!("transcript_stacked_escapes", pane(&narrow, 44, 16, ui::transcript::render));
}

#[test]
fn vote_pane_flagged_clean_and_unknown() {
    let mut app = app(200, 60);
    insta::assert_snapshot!("vote_clean", pane(&app, 60, 22, ui::vote::render));
    select(&mut app, 3);
    insta::assert_snapshot!("vote_flagged_toxic", pane(&app, 60, 22, ui::vote::render));
    select(&mut app, 4);
    insta::assert_snapshot!("vote_unknown_moderation", pane(&app, 40, 22, ui::vote::render));
}

#[test]
fn vote_pane_of_later_releases() {
    // A 140k row: ISO language, conv_metadata from the file, categories, code; no safety records.
    let mut app = app_with(&fixtures::later_releases(), 200, 60, "");
    insta::assert_snapshot!("vote_140k_categories_style", pane(&app, 40, 22, ui::vote::render));
    // Search Arena: intents and client country as columns, citations listed per side.
    select(&mut app, 4);
    insta::assert_snapshot!("vote_search_arena_citations", pane(&app, 60, 22, ui::vote::render));
    // MT-bench: the split as a column, estimated style.
    select(&mut app, 2);
    insta::assert_snapshot!("vote_mtbench_split", pane(&app, 40, 16, ui::vote::render));
    for (w, h) in [(80, 24), (120, 40)] {
        let app = app_with(&fixtures::later_releases(), w, h, "");
        insta::assert_snapshot!(format!("screen_{w}x{h}_140k"), screen(&app));
    }
}

#[test]
fn the_longer_and_more_formatted_side_stands_out() {
    let app = app_with(&fixtures::later_releases(), 200, 60, "");
    let area = Rect::new(0, 0, 40, 22);
    let mut buf = Buffer::empty(area);
    ui::vote::render(&app, area, &mut buf);
    // Side A has 412 tokens to B's 57, and more headers, lists and bold: A's in the winner style.
    let (x, y) = find(&buf, " 412 ");
    assert_eq!(Some(buf[(x + 1, y)].fg), app.theme.winner.fg);
    let (x, y) = find(&buf, " 57 ");
    assert_ne!(Some(buf[(x + 1, y)].fg), app.theme.winner.fg);
    assert_eq!(Some(buf[(x + 1, y - 1)].fg), app.theme.winner.fg, "A's 412 above B's 57");
}

#[test]
fn rating_views() {
    let mut app = app(200, 60);
    ratings(&mut app);
    insta::assert_snapshot!("ratings_table", pane(&app, 42, 14, ui::ratings::render));
    // (Set directly: `r` would pass the side-by-side view, which computes real ratings.)
    app.ratings.view = RatingView::Heatmap;
    insta::assert_snapshot!("ratings_heatmap", pane(&app, 42, 14, ui::ratings::render));
    insta::assert_snapshot!("ratings_heatmap_wide", pane(&app, 76, 14, ui::ratings::render));
    app.ratings.view = RatingView::OverTime;
    insta::assert_snapshot!("ratings_over_time", pane(&app, 42, 14, ui::ratings::render));
    app.ratings.current = None;
    app.ratings.computing = true;
    insta::assert_snapshot!("ratings_computing", pane(&app, 42, 4, ui::ratings::render));
}

#[test]
fn search_bar_empty_editing_and_error() {
    let mut app = app(120, 40);
    insta::assert_snapshot!("search_empty", pane(&app, 100, 3, ui::search_bar::render));
    cmd(&mut app, Command::EditQuery);
    app.update(Action::Paste("lang:german 并行".into()));
    insta::assert_snapshot!("search_editing", pane(&app, 100, 3, ui::search_bar::render));
    app.query.error =
        Some(arenascope::tui::query_eval::QueryProblem { column: 5, message: "lang: expects a language".into() });
    insta::assert_snapshot!("search_error", pane(&app, 100, 3, ui::search_bar::render));
}

#[test]
fn overlays_and_status_bar() {
    let mut app = app(120, 40);
    insta::assert_snapshot!("status_bar_list", pane(&app, 120, 1, ui::status_bar::render));
    cmd(&mut app, Command::Help);
    insta::assert_snapshot!("help", screen(&app));
    cmd(&mut app, Command::Close);
    cmd(&mut app, Command::ModelPicker);
    app.update(Action::TextInput(crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Char('g')).into()));
    cmd(&mut app, Command::Mark);
    insta::assert_snapshot!("model_picker", screen(&app));
}

#[test]
fn problems_loading_and_failure_screens() {
    let mut rows_app = app(100, 30);
    if let arenascope::tui::app::DataState::Ready(d) = &mut rows_app.data {
        d.report.skipped = 2;
        d.report.problems = vec![
            Problem {
                file: "x.jsonl".into(),
                location: Location::Line(7),
                field: "winner".into(),
                reason: "\"bothbad\" is not a vote".into(),
            },
            Problem {
                file: "x.jsonl".into(),
                location: Location::Line(9),
                field: "conversation_a".into(),
                reason: "missing".into(),
            },
        ];
    }
    insta::assert_snapshot!("status_bar_skipped", pane(&rows_app, 100, 1, ui::status_bar::render));
    cmd(&mut rows_app, Command::Problems);
    insta::assert_snapshot!("problems", screen(&rows_app));

    let mut loading = App::new(Config::default(), false, "", "arena-33k.parquet");
    loading.update(Action::Resize { width: 80, height: 24 });
    loading.update(Action::LoadProgress(arenascope::load::Progress { done: 17_000_000, total: 42_626_968 }));
    insta::assert_snapshot!("loading", screen(&loading));
    loading.update(Action::LoadFailed("arena.json: line 3: expected value at column 1".into()));
    insta::assert_snapshot!("load_failed", screen(&loading));
    loading.update(Action::Resize { width: 60, height: 20 });
    insta::assert_snapshot!("too_small", screen(&loading));
}

// --- styles that carry meaning ---------------------------------------------------------------

/// Where `text` first shows at or right of column `x0`.
fn find_from(buf: &Buffer, text: &str, x0: u16) -> (u16, u16) {
    let t = text_of(buf);
    for (y, line) in t.lines().enumerate() {
        let mut col = 0;
        for (byte, c) in line.char_indices() {
            if col >= x0 as usize && line[byte..].starts_with(text) {
                return (col as u16, y as u16);
            }
            col += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        }
    }
    panic!("{text:?} not on screen:\n{t}");
}

fn find(buf: &Buffer, text: &str) -> (u16, u16) {
    find_from(buf, text, 0)
}

#[test]
fn the_winners_column_is_marked_and_flags_are_in_the_warning_colour() {
    let mut app = app(200, 60);
    select(&mut app, 1);
    let buf = arenascope::tui::testing::draw(&app);
    let (x, y) = find(&buf, "B  koala-13b");
    let bar = &buf[(x - 2, y)];
    assert_eq!((bar.symbol(), bar.fg), ("▌", app.theme.winner.fg.unwrap()), "B won: its column has the winner's bar");
    let (x, y) = find(&buf, "A  vicuna-13b");
    assert_eq!(buf[(x - 2, y)].symbol(), " ", "the loser's column has no bar");
    select(&mut app, 3);
    let buf = arenascope::tui::testing::draw(&app);
    let (x, y) = find(&buf, "harassment ");
    assert_eq!(Some(buf[(x, y)].fg), app.theme.warning.fg, "the flagged category is in the warning colour");
    let (x, y) = find(&buf, "hate ");
    assert_ne!(Some(buf[(x, y)].fg), app.theme.warning.fg);
    let (x, y) = find(&buf, "␛]0;pwned");
    assert_eq!(Some(buf[(x, y)].fg), app.theme.placeholder.fg, "placeholders stand out");
    assert_eq!(Some(Color::LightRed), app.theme.warning.fg);
}

/// The categories side by side, computed by the worker from 1,500 generated battles, with the
/// cursor (the pane has the focus) on the multi-turn column of the first model.
#[test]
fn ratings_side_by_side_with_the_cursor() {
    let mut app = app_with(&arenascope::synth::generate(1500, 3), 200, 60, "");
    app.focus = arenascope::tui::action::Pane::Ratings;
    cmd(&mut app, Command::RatingView);
    assert_eq!(app.ratings.view, RatingView::Split);
    cmd(&mut app, Command::NextColumn);
    cmd(&mut app, Command::NextColumn);
    insta::assert_snapshot!("ratings_side_by_side", pane(&app, 42, 32, ui::ratings::render));
}

#[test]
fn the_selected_battles_models_are_highlighted_in_the_rating_table() {
    let mut app = app(200, 60);
    ratings(&mut app);
    select(&mut app, 1);
    let buf = arenascope::tui::testing::draw(&app);
    let ratings_x = 200 - 42;
    let (x, y) = find_from(&buf, "koala-13b", ratings_x);
    assert_eq!(Some(buf[(x, y)].bg), app.theme.highlight_model.bg);
    let (x, y) = find_from(&buf, "palm-2", ratings_x);
    assert_ne!(Some(buf[(x, y)].bg), app.theme.highlight_model.bg);
    assert_eq!(app.ratings.view, RatingView::Table);
}
