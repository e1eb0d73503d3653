//! The browser while the file loads: the battles so far are shown and browsable, queries run
//! over them and again as more come in, the selection stays on its battle, and what needs the
//! whole file (ratings unless asked, flags, the export) says so.

use arenascope::fixtures;
use arenascope::index::BattleId;
use arenascope::model::Battle;
use arenascope::tui::testing::{
    Action, App, Command, all_battles_loaded, battles_so_far, index_weakly, loading_app_with, run_jobs, screen,
};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

/// The varied fixture (five battles) three times, with other ids each time, in file order.
fn battles() -> Vec<Battle> {
    (1..=3)
        .flat_map(|copy| {
            fixtures::varied().into_iter().map(move |mut b| {
                b.question_id = format!("{}-{copy}", b.question_id);
                b
            })
        })
        .collect()
}

fn feed(app: &mut App, action: Action) {
    app.update(action);
    run_jobs(app);
}

fn key(app: &mut App, code: KeyCode) {
    let e = Event::Key(KeyEvent::new(code, KeyModifiers::NONE));
    if let Some(a) = app.action_for(&e) {
        app.update(a);
    }
    run_jobs(app);
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}

/// The screen row (0-based) that shows the selected battle's list row.
fn selected_screen_row(app: &App) -> usize {
    app.list_selected() - app.list_offset()
}

#[test]
fn the_battles_so_far_are_browsable_with_the_progress_in_the_titles() {
    let rows = battles();
    let mut app = loading_app_with(160, 40, "", None);
    feed(&mut app, battles_so_far(&rows, 4, 33));
    let s = screen(&app);
    assert!(s.contains("4 of 4 so far · loading 33%"), "the list's title: {s}");
    assert!(s.contains("4 of 4 battles so far"), "the query bar's count: {s}");
    assert!(s.contains("Ratings wait for the whole file (33%") && s.contains("R: rate the 4 battles so far"), "{s}");
    insta::assert_snapshot!("loading_battles_so_far_160x40", s);
    // Browsable: the list moves and the transcript follows.
    let before = app.selected_battle();
    key(&mut app, KeyCode::Char('j'));
    assert_ne!(app.selected_battle(), before);
    assert_eq!(app.transcript_battle(), app.selected_battle());

    feed(&mut app, all_battles_loaded(&rows));
    let s = screen(&app);
    assert!(s.contains("15 of 15"), "{s}");
    assert!(!s.contains("so far"), "{s}");
    assert!(app.current_ratings().is_some(), "the whole file's ratings are computed at the end");
}

#[test]
fn the_selection_stays_on_its_battle_and_row_as_more_battles_come_in() {
    let rows = battles();
    let mut app = loading_app_with(120, 30, "", None);
    feed(&mut app, battles_so_far(&rows, 4, 20));
    app.update(Action::Select(BattleId(2)));
    let row = selected_screen_row(&app);
    for (n, percent) in [(8, 60), (10, 85)] {
        feed(&mut app, battles_so_far(&rows, n, percent));
        assert_eq!(app.selected_battle(), Some(BattleId(2)), "after {n} battles");
        assert_eq!(selected_screen_row(&app), row, "the selected battle keeps its row on screen");
        assert_eq!(app.list_rows().len(), n);
    }
    feed(&mut app, all_battles_loaded(&rows));
    assert_eq!(app.selected_battle(), Some(BattleId(2)));
    assert_eq!(app.list_rows().len(), 15);
}

#[test]
fn a_query_typed_while_loading_runs_over_the_battles_so_far_and_again_as_more_come() {
    let rows = battles();
    let mut app = loading_app_with(120, 30, "", None);
    feed(&mut app, battles_so_far(&rows, 5, 40));
    key(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "model:gpt-4");
    let first = app.list_rows().len();
    assert!(first > 0 && first < 5, "some of the first five battles have gpt-4: {first}");
    let s = screen(&app);
    assert!(s.contains(&format!("{first} of 5 battles so far")), "{s}");
    let chosen = app.list_rows()[first - 1];
    app.update(Action::Select(chosen));
    // More battles: the same query over them, the selection kept.
    feed(&mut app, battles_so_far(&rows, 10, 90));
    assert_eq!(app.list_rows().len(), 2 * first, "the second copy of the fixture matches the same way");
    assert_eq!(app.selected_battle(), Some(chosen));
    assert!(screen(&app).contains(&format!("{} of 10 battles so far", 2 * first)));
    feed(&mut app, all_battles_loaded(&rows));
    let s = screen(&app);
    assert!(s.contains(&format!("{} of 15 battles", 3 * first)) && !s.contains("so far"), "{s}");
    assert_eq!(app.selected_battle(), Some(chosen));
}

#[test]
fn the_browser_lets_go_of_each_snapshot_once_the_next_or_the_whole_data_is_in() {
    // Each snapshot copies the columns of the battles so far: held past its successor, the
    // copies would add up beside the whole index at the end of the load.
    let rows = battles();
    let mut app = loading_app_with(160, 40, "", None);
    let first = battles_so_far(&rows, 5, 40);
    let first_index = index_weakly(&first);
    feed(&mut app, first);
    // A query and the ratings over the battles so far (both hand the index to a worker).
    key(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "model:gpt-4");
    key(&mut app, KeyCode::Enter);
    let matched = app.list_rows().len();
    app.update(Action::Command(Command::RatingsSoFar));
    run_jobs(&mut app);
    assert!(first_index.upgrade().is_some(), "the battles so far are shown");
    let second = battles_so_far(&rows, 10, 80);
    let second_index = index_weakly(&second);
    feed(&mut app, second);
    assert!(first_index.upgrade().is_none(), "two snapshots held at once");
    feed(&mut app, all_battles_loaded(&rows));
    assert!(second_index.upgrade().is_none(), "the last snapshot is held beside the whole data");
    assert_eq!(app.list_rows().len(), 3 * matched, "the query over every battle: {}", screen(&app));
}

#[test]
fn ratings_wait_for_the_load_unless_asked_and_then_say_so_far() {
    let rows = battles();
    let mut app = loading_app_with(160, 40, "", None);
    feed(&mut app, battles_so_far(&rows, 6, 50));
    assert!(app.current_ratings().is_none(), "nothing rated while waiting");
    app.update(Action::Command(Command::RatingsSoFar));
    run_jobs(&mut app);
    let table = app.current_ratings().expect("rated on R");
    assert_eq!(table.battles, 6);
    let s = screen(&app);
    assert!(s.contains("Ratings so far (50% loaded) 6 battles"), "{s}");
    insta::assert_snapshot!("loading_ratings_so_far_160x40", s);
    // Asked once: they follow the battles as more come in.
    feed(&mut app, battles_so_far(&rows, 10, 80));
    assert_eq!(app.current_ratings().map(|t| t.battles), Some(10));
    feed(&mut app, all_battles_loaded(&rows));
    assert_eq!(app.current_ratings().map(|t| t.battles), Some(15));
    let s = screen(&app);
    assert!(s.contains("15 battles, BT") && !s.contains("so far"), "{s}");
}

#[test]
fn flags_and_the_export_wait_for_the_whole_file_and_say_so() {
    let dir = tempfile::tempdir().expect("temp dir");
    let journal = dir.path().join("flags.jsonl");
    let rows = battles();
    let mut app = loading_app_with(120, 30, "", Some(&journal));
    feed(&mut app, battles_so_far(&rows, 6, 50));
    app.update(Action::Command(Command::Flag));
    assert!(app.overlay().is_none(), "no flag dialog: nothing typed into it could be saved");
    assert!(app.notice().is_some_and(|n| n.contains("wait for the whole file")), "{:?}", app.notice());
    app.update(Action::Command(Command::ExportQuery));
    assert!(app.overlay().is_none());
    assert!(app.notice().is_some_and(|n| n.contains("export waits for the whole file")), "{:?}", app.notice());
    // A review: term cannot be answered before the store opens: the bar says so.
    key(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "review:flagged");
    assert!(screen(&app).contains("review: terms find nothing until the load ends"));
    for _ in "review:flagged".chars() {
        key(&mut app, KeyCode::Backspace);
    }
    key(&mut app, KeyCode::Esc);
    feed(&mut app, all_battles_loaded(&rows));
    assert!(app.review_store_open(), "the store opens when the load ends");
    app.update(Action::Command(Command::Flag));
    assert!(app.overlay().is_some(), "the flag dialog opens once the store is open: {:?}", app.notice());
}
