//! Snapshots of every pane and of whole screens at 80x24, 120x40 and 200x60, drawn over
//! ratatui's TestBackend from the varied fixture (multi-turn, CJK, emoji, RTL, escapes).
//! Styles are checked separately below, where they carry meaning.

use arenascope::fixtures;
use arenascope::index::BattleId;
use arenascope::load::LoadReport;
use arenascope::load::{Location, Problem};
use arenascope::review::Entry;
use arenascope::tui::testing::{
    Action, App, Command, Config, Method, Pane, Part, RatingRow, RatingView, RatingsSnapshot, WinMatrix, app_with,
    app_with_report, draw_part, loading_app, run_jobs, screen, text_of,
};
use ratatui::buffer::Buffer;
use ratatui::style::Color;

fn app(w: u16, h: u16) -> App {
    app_with(&fixtures::varied(), w, h, "")
}

/// Marks a battle flagged in the app's review view (no store on disk: drawing only).
fn flag_in_view(app: &mut App, b: u32, label: &str) {
    let mut view = app.review_view().clone();
    let mut entry = Entry::default();
    entry.labels.insert(label.to_owned());
    view.set(BattleId(b), Some(entry));
    // As when another process's change is read in.
    app.update(Action::ReviewsChanged { view: Some(std::sync::Arc::new(view)), warnings: Vec::new() });
}

fn select(app: &mut App, b: u32) {
    app.update(Action::Select(BattleId(b)));
}

fn cmd(app: &mut App, c: Command) {
    app.update(Action::Command(c));
    run_jobs(app);
}

/// Draws one pane into a `w`x`h` buffer.
fn pane(app: &App, w: u16, h: u16, part: Part) -> String {
    text_of(&draw_part(app, part, w, h))
}

/// Shows the rating tables of [`rating_tables`].
fn ratings(app: &mut App) {
    let (current, full) = rating_tables(app);
    app.show_ratings(Some(current), Some(full), false);
}

/// A rating table as the rating module would give it, for the rating views, and the table of
/// all battles.
fn rating_tables(app: &App) -> (RatingsSnapshot, RatingsSnapshot) {
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
    (current, full)
}

#[test]
fn whole_screens_at_three_sizes() {
    for (w, h) in [(80, 24), (120, 40), (200, 60)] {
        let app = app(w, h);
        insta::assert_snapshot!(format!("screen_{w}x{h}"), screen(&app));
    }
}

#[test]
fn narrow_screens_one_pane_at_a_time_and_nothing_that_matters_cut() {
    let mut small = app(60, 20);
    insta::assert_snapshot!("screen_60x20_list", screen(&small));
    cmd(&mut small, Command::Open);
    insta::assert_snapshot!("screen_60x20_transcript", screen(&small));
    cmd(&mut small, Command::FocusNext);
    insta::assert_snapshot!("screen_60x20_vote", screen(&small));
    // At 80 columns: an ambiguous name's candidates wrap below the bar, help lines wrap.
    let mut app = app(80, 24);
    cmd(&mut app, Command::EditQuery);
    app.update(Action::Paste("model:zzz python".into()));
    run_jobs(&mut app);
    insta::assert_snapshot!("screen_80x24_query_error", screen(&app));
    let mut app = app_with(&fixtures::varied(), 80, 24, "");
    cmd(&mut app, Command::Help);
    insta::assert_snapshot!("help_80x24", screen(&app));
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
    insta::assert_snapshot!("list_36", pane(&app, 36, 9, Part::List));
    insta::assert_snapshot!("list_60", pane(&app, 60, 9, Part::List));
    cmd(&mut app, Command::Sort);
    cmd(&mut app, Command::SortReverse);
    insta::assert_snapshot!("list_60_by_models_descending", pane(&app, 60, 9, Part::List));
    for _ in 0..3 {
        cmd(&mut app, Command::Sort);
    }
    insta::assert_snapshot!("list_60_by_answer_length_descending", pane(&app, 60, 9, Part::List));
}

#[test]
fn transcript_side_by_side_stacked_apart_and_blind() {
    let mut wide = app(200, 60);
    insta::assert_snapshot!("transcript_side_by_side", pane(&wide, 100, 24, Part::Transcript));
    cmd(&mut wide, Command::Open);
    cmd(&mut wide, Command::Sync);
    cmd(&mut wide, Command::OtherColumn);
    cmd(&mut wide, Command::Down);
    insta::assert_snapshot!("transcript_apart", pane(&wide, 100, 20, Part::Transcript));
    cmd(&mut wide, Command::Sync);
    cmd(&mut wide, Command::Blind);
    insta::assert_snapshot!("transcript_blind", pane(&wide, 100, 12, Part::Transcript));
    let mut narrow = app(80, 24);
    select(&mut narrow, 2);
    insta::assert_snapshot!("transcript_stacked_rtl", pane(&narrow, 44, 16, Part::Transcript));
    select(&mut narrow, 3);
    insta::assert_snapshot!("transcript_stacked_escapes", pane(&narrow, 44, 16, Part::Transcript));
}

#[test]
fn vote_pane_flagged_clean_and_unknown() {
    let mut app = app(200, 60);
    insta::assert_snapshot!("vote_clean", pane(&app, 60, 22, Part::Vote));
    select(&mut app, 3);
    insta::assert_snapshot!("vote_flagged_toxic", pane(&app, 60, 22, Part::Vote));
    select(&mut app, 4);
    insta::assert_snapshot!("vote_unknown_moderation", pane(&app, 40, 22, Part::Vote));
}

#[test]
fn vote_pane_of_later_releases() {
    // A 140k row: ISO language, conv_metadata from the file, categories, code; no safety records.
    let mut app = app_with(&fixtures::later_releases(), 200, 60, "");
    insta::assert_snapshot!("vote_140k_categories_style", pane(&app, 40, 22, Part::Vote));
    // Search Arena: intents and client country as columns, citations listed per side.
    select(&mut app, 4);
    insta::assert_snapshot!("vote_search_arena_citations", pane(&app, 60, 22, Part::Vote));
    // MT-bench: the split as a column, estimated style.
    select(&mut app, 2);
    insta::assert_snapshot!("vote_mtbench_split", pane(&app, 40, 16, Part::Vote));
    for (w, h) in [(80, 24), (120, 40)] {
        let app = app_with(&fixtures::later_releases(), w, h, "");
        insta::assert_snapshot!(format!("screen_{w}x{h}_140k"), screen(&app));
    }
}

#[test]
fn the_longer_and_more_formatted_side_stands_out() {
    let app = app_with(&fixtures::later_releases(), 200, 60, "");
    let buf = draw_part(&app, Part::Vote, 40, 22);
    // Side A has 412 tokens to B's 57, and more headers, lists and bold: A's in the winner style.
    let (x, y) = find(&buf, " 412 ");
    assert_eq!(Some(buf[(x + 1, y)].fg), app.theme().winner.fg);
    let (x, y) = find(&buf, " 57 ");
    assert_ne!(Some(buf[(x + 1, y)].fg), app.theme().winner.fg);
    assert_eq!(Some(buf[(x + 1, y - 1)].fg), app.theme().winner.fg, "A's 412 above B's 57");
}

#[test]
fn rating_views() {
    let mut app = app(200, 60);
    ratings(&mut app);
    insta::assert_snapshot!("ratings_table", pane(&app, 42, 14, Part::Ratings));
    // (Set directly: `r` would pass the side-by-side view, which computes real ratings.)
    app.set_rating_view(RatingView::Heatmap);
    insta::assert_snapshot!("ratings_heatmap", pane(&app, 42, 14, Part::Ratings));
    insta::assert_snapshot!("ratings_heatmap_wide", pane(&app, 76, 14, Part::Ratings));
    app.set_rating_view(RatingView::OverTime);
    insta::assert_snapshot!("ratings_over_time", pane(&app, 42, 14, Part::Ratings));
    app.show_ratings(None, app.full_ratings().cloned(), true);
    insta::assert_snapshot!("ratings_computing", pane(&app, 42, 4, Part::Ratings));
}

#[test]
fn elo_arrows_on_a_subset_say_what_they_mean() {
    let mut app = app(200, 60);
    ratings(&mut app);
    let text = |app: &App| pane(app, 42, 40, Part::Ratings);
    assert!(!text(&app).contains("pull toward"), "Bradley-Terry compares like with like: no caveat");
    let (mut current, mut full) = rating_tables(&app);
    for s in [&mut current, &mut full] {
        s.method = Method::OnlineElo;
    }
    full.battles = 33_000;
    app.show_ratings(Some(current.clone()), Some(full.clone()), false);
    let shown = text(&app);
    assert!(shown.contains("▲") && shown.contains("▼"), "{shown}");
    let squeezed = shown.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(squeezed.contains("Elo: with 5 of 33,000 battles"), "{shown}");
    assert!(squeezed.contains("mostly show the pull toward"), "{shown}");
    // The same battles (the whole data): the arrows compare like with like, no caveat.
    full.battles = 5;
    app.show_ratings(Some(current), Some(full), false);
    assert!(!text(&app).contains("pull toward"));
}

#[test]
fn search_bar_empty_editing_and_error() {
    let mut app = app(120, 40);
    insta::assert_snapshot!("search_empty", pane(&app, 100, 3, Part::SearchBar));
    cmd(&mut app, Command::EditQuery);
    app.update(Action::Paste("lang:german 并行".into()));
    insta::assert_snapshot!("search_editing", pane(&app, 100, 3, Part::SearchBar));
    app.show_query_error(5, "lang: expects a language");
    insta::assert_snapshot!("search_error", pane(&app, 100, 3, Part::SearchBar));
}

#[test]
fn overlays_and_status_bar() {
    let mut app = app(120, 40);
    insta::assert_snapshot!("status_bar_list", pane(&app, 120, 1, Part::StatusBar));
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
    let battles = fixtures::varied();
    let report = LoadReport {
        rows: battles.len(),
        seconds: 0.05,
        skipped: 2,
        problems: vec![
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
        ],
        ..Default::default()
    };
    let mut rows_app = app_with_report(&battles, report, 100, 30, "");
    insta::assert_snapshot!("status_bar_skipped", pane(&rows_app, 100, 1, Part::StatusBar));
    cmd(&mut rows_app, Command::Problems);
    insta::assert_snapshot!("problems", screen(&rows_app));

    let mut loading = loading_app(Config::default(), "arena-33k.parquet", 80, 24);
    loading.update(Action::LoadProgress(arenascope::load::Progress { done: 17_000_000, total: 42_626_968 }));
    insta::assert_snapshot!("loading", screen(&loading));
    loading.update(Action::LoadFailed("arena.json: line 3: expected value at column 1".into()));
    insta::assert_snapshot!("load_failed", screen(&loading));
    loading.update(Action::Resize { width: 59, height: 19 });
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
    assert_eq!((bar.symbol(), bar.fg), ("▌", app.theme().winner.fg.unwrap()), "B won: its column has the winner's bar");
    let (x, y) = find(&buf, "A  vicuna-13b");
    assert_eq!(buf[(x - 2, y)].symbol(), " ", "the loser's column has no bar");
    select(&mut app, 3);
    let buf = arenascope::tui::testing::draw(&app);
    let (x, y) = find(&buf, "harassment ");
    assert_eq!(Some(buf[(x, y)].fg), app.theme().warning.fg, "the flagged category is in the warning colour");
    let (x, y) = find(&buf, "hate ");
    assert_ne!(Some(buf[(x, y)].fg), app.theme().warning.fg);
    let (x, y) = find(&buf, "␛]0;pwned");
    assert_eq!(Some(buf[(x, y)].fg), app.theme().placeholder.fg, "placeholders stand out");
    assert_eq!(Some(Color::LightRed), app.theme().warning.fg);
}

/// The categories side by side, computed by the worker from 1,500 generated battles, with the
/// cursor (the pane has the focus) on the multi-turn column of the first model.
#[test]
fn ratings_side_by_side_with_the_cursor() {
    let mut app = app_with(&arenascope::synth::generate(1500, 3), 200, 60, "");
    app.focus_pane(Pane::Ratings);
    cmd(&mut app, Command::RatingView);
    assert_eq!(app.rating_view(), RatingView::Split);
    cmd(&mut app, Command::NextColumn);
    cmd(&mut app, Command::NextColumn);
    insta::assert_snapshot!("ratings_side_by_side", pane(&app, 42, 32, Part::Ratings));
}

#[test]
fn the_selected_battles_models_are_highlighted_in_the_rating_table() {
    let mut app = app(200, 60);
    ratings(&mut app);
    select(&mut app, 1);
    let buf = arenascope::tui::testing::draw(&app);
    let ratings_x = 200 - 42;
    let (x, y) = find_from(&buf, "koala-13b", ratings_x);
    assert_eq!(Some(buf[(x, y)].bg), app.theme().highlight_model.bg);
    let (x, y) = find_from(&buf, "palm-2", ratings_x);
    assert_ne!(Some(buf[(x, y)].bg), app.theme().highlight_model.bg);
    assert_eq!(app.rating_view(), RatingView::Table);
}
