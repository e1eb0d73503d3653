//! The browser's state driven by actions, as a user's keys and clicks would: no terminal.

use arenascope::fixtures;
use arenascope::index::BattleId;
use arenascope::tui::testing::{
    Action, App, Command, Config, Context, Effect, Overlay, Pane, Part, SortKey, app_with, draw_part, finish_loading,
    help_lines, loading_app, run_effect, run_jobs, screen, text_of,
};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

fn app(w: u16, h: u16) -> App {
    app_with(&fixtures::varied(), w, h, "")
}

/// The varied battles, then one with two long answers (battle 5) to scroll through.
fn app_with_long_battle(w: u16, h: u16) -> App {
    let mut rows = fixtures::varied();
    let mut long = fixtures::battle("0006ffff", "gpt-4", "palm-2");
    let a = "The first answer goes on. ".repeat(200);
    let b = "The second answer goes on and on. ".repeat(150);
    long.conversation_a = fixtures::conversation(&["Tell me a long story", &a]);
    long.conversation_b = fixtures::conversation(&["Tell me a long story", &b]);
    rows.push(long);
    let mut app = app_with(&rows, w, h, "");
    app.update(Action::Select(BattleId(5)));
    app
}

fn key(app: &mut App, code: KeyCode) {
    let e = Event::Key(KeyEvent::new(code, KeyModifiers::NONE));
    if let Some(a) = app.action_for(&e) {
        app.update(a);
    }
    run_jobs(app);
}

fn keys(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}

fn cmd(app: &mut App, c: Command) {
    app.update(Action::Command(c));
    run_jobs(app);
}

fn mouse(app: &mut App, kind: MouseEventKind, column: u16, row: u16) {
    let e = Event::Mouse(MouseEvent { kind, column, row, modifiers: KeyModifiers::NONE });
    if let Some(a) = app.action_for(&e) {
        app.update(a);
    }
}

#[test]
fn moving_selects_battles_and_the_transcript_follows() {
    let mut app = app(120, 40);
    assert_eq!(app.selected_battle(), Some(BattleId(0)));
    keys(&mut app, "jj");
    assert_eq!(app.selected_battle(), Some(BattleId(2)));
    assert_eq!(app.transcript_battle(), Some(BattleId(2)));
    key(&mut app, KeyCode::Char('G'));
    assert_eq!(app.selected_battle(), Some(BattleId(4)));
    key(&mut app, KeyCode::Char('g'));
    assert_eq!(app.selected_battle(), Some(BattleId(0)));
    key(&mut app, KeyCode::Up);
    assert_eq!(app.selected_battle(), Some(BattleId(0)), "the top stays the top");
}

#[test]
fn enter_opens_the_battle_and_keys_then_scroll_it() {
    let mut app = app(80, 24);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.focused(), Pane::Transcript);
    assert_eq!(app.context(), Context::Transcript);
    key(&mut app, KeyCode::Char('j'));
    assert_eq!(app.transcript_scroll()[0], 1);
    key(&mut app, KeyCode::Char('j'));
    assert_eq!(app.selected_battle(), Some(BattleId(0)), "j scrolls the transcript, not the list");
    key(&mut app, KeyCode::Char('G'));
    let rows = app.transcript_rows()[0];
    assert!(app.transcript_scroll()[0] > 0 && app.transcript_scroll()[0] < rows);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.focused(), Pane::List);
}

#[test]
fn tab_cycles_through_the_visible_panes() {
    let mut wide = app(200, 60);
    let mut seen = Vec::new();
    for _ in 0..4 {
        key(&mut wide, KeyCode::Tab);
        seen.push(wide.focused());
    }
    assert_eq!(seen, [Pane::Transcript, Pane::Ratings, Pane::Vote, Pane::List]);
    let mut narrow = app(100, 30);
    key(&mut narrow, KeyCode::Tab);
    key(&mut narrow, KeyCode::Tab);
    assert_eq!(narrow.focused(), Pane::Vote, "the rating pane is not on a narrow screen until r shows it");
}

#[test]
fn sorting_cycles_keys_and_keeps_the_selection() {
    let mut app = app(120, 40);
    keys(&mut app, "jj");
    let chosen = app.selected_battle();
    for expected in [SortKey::Models, SortKey::Language, SortKey::Turns, SortKey::AnswerLength, SortKey::Date] {
        key(&mut app, KeyCode::Char('s'));
        assert_eq!(app.sort_key(), expected);
        assert_eq!(app.selected_battle(), chosen);
    }
    key(&mut app, KeyCode::Char('s'));
    key(&mut app, KeyCode::Char('S'));
    assert!(app.sort_descending());
    let names: Vec<_> = app.list_rows().iter().map(|&b| app.index().unwrap().model_a(b)).collect();
    let first = app.index().unwrap().model_name(names[0]).to_owned();
    assert_eq!(first, "vicuna-13b", "models descending: vicuna first");
}

#[test]
fn typing_a_query_edits_it_and_escape_leaves() {
    let mut app = app(120, 40);
    key(&mut app, KeyCode::Char('/'));
    assert_eq!(app.context(), Context::Query);
    keys(&mut app, "q j");
    assert_eq!(app.query_text(), "q j", "q and j are letters while typing");
    assert!(!app.should_quit());
    key(&mut app, KeyCode::Backspace);
    assert_eq!(app.query_text(), "q ");
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.context(), Context::List);
    assert_eq!(app.query_text(), "q ", "leaving keeps the text");
}

#[test]
fn ctrl_u_deletes_to_the_start_of_the_query_and_ctrl_z_undoes() {
    let mut app = app(120, 40);
    let ctrl = |app: &mut App, c: char| {
        let e = Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
        if let Some(a) = app.action_for(&e) {
            app.update(a);
        }
        run_jobs(app);
    };
    key(&mut app, KeyCode::Char('/'));
    keys(&mut app, "python model:gpt-4");
    for _ in 0.." model:gpt-4".len() {
        key(&mut app, KeyCode::Left);
    }
    ctrl(&mut app, 'u');
    assert_eq!(app.query_text(), " model:gpt-4", "readline's ctrl-u: delete to the start");
    ctrl(&mut app, 'z');
    assert_eq!(app.query_text(), "python model:gpt-4");
    ctrl(&mut app, 'w');
    assert_eq!(app.query_text(), " model:gpt-4", "ctrl-w deletes the word before the cursor");
    assert_eq!(app.context(), Context::Query, "still editing");
    // The picker's filter edits the same way.
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('m'));
    keys(&mut app, "claude");
    ctrl(&mut app, 'u');
    let Some(Overlay::Picker(picker)) = app.overlay() else { panic!("the picker is open") };
    assert_eq!(picker.filter_text(), "");
}

#[test]
fn stale_search_results_are_dropped() {
    let mut app = app(120, 40);
    key(&mut app, KeyCode::Char('/'));
    // Two edits: two searches asked for; only the last one's result counts.
    app.update(Action::TextInput(KeyEvent::new(KeyCode::Char('a'), KeyModifiers::NONE).into()));
    app.update(Action::TextInput(KeyEvent::new(KeyCode::Char('b'), KeyModifiers::NONE).into()));
    let effects = app.take_effects();
    let searches: Vec<(u64, Effect)> = effects
        .into_iter()
        .filter_map(|e| match e {
            Effect::Search { generation, .. } => Some((generation, e)),
            _ => None,
        })
        .collect();
    assert_eq!(searches.len(), 2);
    // The older search's result comes in late, for a query that finds one battle.
    let Some((_, Effect::Search { generation, reviews, index, .. })) = searches.into_iter().next() else {
        unreachable!()
    };
    run_effect(&mut app, Effect::Search { generation, text: "id:0004".into(), reviews, index });
    assert_eq!(app.list_rows().len(), 5, "an old generation does not replace the list");
    assert!(app.query_running());
}

#[test]
fn the_model_picker_inserts_model_terms() {
    let mut app = app(120, 40);
    key(&mut app, KeyCode::Char('m'));
    assert!(matches!(app.overlay(), Some(Overlay::Picker(_))));
    keys(&mut app, "gpt");
    key(&mut app, KeyCode::Char(' '));
    key(&mut app, KeyCode::Backspace);
    key(&mut app, KeyCode::Backspace);
    key(&mut app, KeyCode::Backspace);
    keys(&mut app, "claude");
    key(&mut app, KeyCode::Char(' '));
    key(&mut app, KeyCode::Enter);
    assert!(app.overlay().is_none());
    assert_eq!(app.query_text(), "model:gpt-4 model:claude-v1");
    // Picking again replaces the model terms and keeps the rest.
    app.set_query_text("lang:German model:palm-2");
    key(&mut app, KeyCode::Char('m'));
    keys(&mut app, "vicuna");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.query_text(), "lang:German model:vicuna-13b");
}

#[test]
fn the_model_picker_counts_within_the_query_and_offers_either_of_two() {
    let mut app = app(120, 40);
    key(&mut app, KeyCode::Char('/'));
    keys(&mut app, "lang:german");
    key(&mut app, KeyCode::Enter);
    run_jobs(&mut app);
    assert_eq!(app.list_rows().len(), 1);
    key(&mut app, KeyCode::Char('m'));
    let s = screen(&app);
    assert!(s.contains("in query") && s.contains("all"), "{s}");
    // The German battle's models first, each with 1 battle here beside its total.
    let Some(Overlay::Picker(p)) = app.overlay() else { panic!("the picker") };
    let shown = p.shown_models();
    let first: Vec<String> = shown[..2].iter().map(|&m| app.index().unwrap().model_name(m).to_owned()).collect();
    assert_eq!(p.in_query(shown[0]), Some(1));
    assert!(first.contains(&"claude-v1".to_owned()) && first.contains(&"gpt-4".to_owned()), "{first:?}");
    keys(&mut app, "gpt");
    key(&mut app, KeyCode::Char(' '));
    key(&mut app, KeyCode::Backspace);
    key(&mut app, KeyCode::Backspace);
    key(&mut app, KeyCode::Backspace);
    keys(&mut app, "palm");
    key(&mut app, KeyCode::Char(' '));
    let s = screen(&app);
    assert!(s.contains("gpt-4 vs palm-2 (between them)") && s.contains("| either of them"), "{s}");
    keys(&mut app, "|");
    assert_eq!(app.query_text(), "lang:german model:gpt-4|palm-2");
}

#[test]
fn rating_view_cycles_and_on_narrow_screens_takes_the_transcripts_place() {
    let mut wide = app(200, 60);
    key(&mut wide, KeyCode::Char('r'));
    assert_eq!(wide.rating_view(), arenascope::tui::testing::RatingView::Split);
    key(&mut wide, KeyCode::Char('r'));
    key(&mut wide, KeyCode::Char('r'));
    assert_eq!(wide.rating_view(), arenascope::tui::testing::RatingView::OverTime);
    let mut narrow = app(100, 30);
    key(&mut narrow, KeyCode::Char('r'));
    assert!(narrow.ratings_shown());
    assert_eq!(narrow.focused(), Pane::Ratings);
    for _ in 0..4 {
        key(&mut narrow, KeyCode::Char('r'));
    }
    assert!(!narrow.ratings_shown(), "after the last view the transcript comes back");
    key(&mut narrow, KeyCode::Char('r'));
    cmd(&mut narrow, Command::FocusPrev);
    key(&mut narrow, KeyCode::Enter);
    assert!(!narrow.ratings_shown() && narrow.focused() == Pane::Transcript, "opening a battle shows it");
}

#[test]
fn blind_reading_hides_names_and_votes_everywhere() {
    let mut app = app(120, 40);
    key(&mut app, KeyCode::Char('b'));
    // Below the query bar (its placeholder shows an example query with a model name).
    let text: String = screen(&app).lines().skip(3).collect::<Vec<_>>().join("\n");
    for name in ["gpt-4", "claude-v1", "vicuna", "koala", "palm-2", "alpaca"] {
        assert!(!text.contains(name), "{name} visible in blind mode:\n{text}");
    }
    assert!(text.contains("hidden until you vote"), "{text}");
    key(&mut app, KeyCode::Char('b'));
    assert!(screen(&app).contains("gpt-4"));
}

#[test]
fn the_mouse_wheel_scrolls_the_pane_under_it_and_a_click_selects() {
    let mut app = app_with_long_battle(120, 40);
    // The transcript starts at column 46; wheel over it.
    mouse(&mut app, MouseEventKind::ScrollDown, 80, 10);
    assert_eq!(app.transcript_scroll()[0], 3);
    assert_eq!(app.selected_battle(), Some(BattleId(5)));
    mouse(&mut app, MouseEventKind::ScrollUp, 80, 10);
    assert_eq!(app.transcript_scroll()[0], 0);
    // Click the fourth battle row: border row 3, header row 4, battles from row 5.
    mouse(&mut app, MouseEventKind::Down(MouseButton::Left), 10, 8);
    assert_eq!(app.selected_battle(), Some(BattleId(3)));
    assert_eq!(app.focused(), Pane::List);
    mouse(&mut app, MouseEventKind::Down(MouseButton::Left), 80, 10);
    assert_eq!(app.focused(), Pane::Transcript);
    mouse(&mut app, MouseEventKind::Down(MouseButton::Left), 30, 1);
    assert_eq!(app.context(), Context::Query, "a click on the query bar edits the query");
}

#[test]
fn independent_scrolling_moves_one_column() {
    let mut app = app_with_long_battle(200, 60);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('i'));
    assert_eq!(app.transcript_rows().len(), 2);
    key(&mut app, KeyCode::Char('j'));
    assert_eq!(app.transcript_scroll(), [1, 0]);
    key(&mut app, KeyCode::Char('o'));
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char('j'));
    assert_eq!(app.transcript_scroll(), [1, 2]);
    // The wheel scrolls the column under the pointer (the right one starts near column 110).
    mouse(&mut app, MouseEventKind::ScrollDown, 150, 20);
    assert_eq!(app.transcript_scroll(), [1, 5]);
    mouse(&mut app, MouseEventKind::ScrollDown, 70, 20);
    assert_eq!(app.transcript_scroll(), [4, 5]);
    key(&mut app, KeyCode::Char('i'));
    assert_eq!(app.transcript_rows().len(), 1, "synced again");
}

#[test]
fn help_scrolls_to_its_end_and_no_further() {
    let mut app = app(120, 30);
    key(&mut app, KeyCode::Char('?'));
    for _ in 0..200 {
        key(&mut app, KeyCode::Char('j'));
    }
    let Some(Overlay::Help { scroll: after_j }) = app.overlay().cloned() else { panic!("help closed") };
    let s = screen(&app);
    assert!(s.contains("Keys and theme:"), "the last lines show, not an empty box: {s}");
    key(&mut app, KeyCode::Char('g'));
    assert!(matches!(app.overlay(), Some(Overlay::Help { scroll: 0 })));
    key(&mut app, KeyCode::Char('G'));
    assert!(matches!(app.overlay(), Some(Overlay::Help { scroll }) if *scroll == after_j), "G reaches the end");
    assert!(screen(&app).contains("Keys and theme:"));
}

#[test]
fn help_lists_every_bound_key_and_closes() {
    let mut app = app(120, 40);
    key(&mut app, KeyCode::Char('?'));
    assert_eq!(app.context(), Context::Help);
    let text = screen(&app);
    assert!(text.contains("next match of the query"), "{text}");
    let all = help_lines(&app, 200).join("\n");
    // The editing keys are commands like the others, spelled as everywhere else.
    assert!(all.contains("Ctrl-u") && all.contains("delete to the start"), "the editing keys are listed: {all}");
    key(&mut app, KeyCode::Char('q'));
    assert!(app.overlay().is_none() && !app.should_quit(), "q closes the help, it does not quit");
    key(&mut app, KeyCode::Char('q'));
    assert!(app.should_quit());
}

#[test]
fn rebinding_a_key_changes_behaviour_and_hints() {
    let config = Config::parse("[keys.list]\ndown = \"ctrl-n\"\n").unwrap();
    let mut app = loading_app(config, "x", 120, 40);
    let index = std::sync::Arc::new(arenascope::index::Index::from_battles(&fixtures::varied(), Default::default()));
    finish_loading(&mut app, index, Default::default());
    key(&mut app, KeyCode::Char('j'));
    assert_eq!(app.selected_battle(), Some(BattleId(0)), "j no longer moves");
    let e = Event::Key(KeyEvent::new(KeyCode::Char('n'), KeyModifiers::CONTROL));
    let a = app.action_for(&e).unwrap();
    app.update(a);
    assert_eq!(app.selected_battle(), Some(BattleId(1)));
    assert!(screen(&app).contains("Ctrl-n/k move"));
}

/// An app with the varied battles and the keys of a config file.
fn app_with_config(config: &str, w: u16, h: u16) -> App {
    let config = Config::parse(config).unwrap();
    let mut app = loading_app(config, "x", w, h);
    let index = std::sync::Arc::new(arenascope::index::Index::from_battles(&fixtures::varied(), Default::default()));
    finish_loading(&mut app, index, Default::default());
    app
}

#[test]
fn a_rebound_key_changes_the_messages_that_name_it() {
    let app = app_with_config("", 120, 40);
    assert!(screen(&app).contains("press / to search"), "{}", screen(&app));
    let mut app = app_with_config(
        "[keys.global]\nedit_query = \"s\"\n[keys.transcript]\nsync = \"y\"\n\
         [keys.picker]\nchoose = \"ctrl-o\"\n",
        120,
        40,
    );
    let s = screen(&app);
    assert!(s.contains("press s to search") && !s.contains("press /"), "{s}");
    // On a battle whose answers scroll together, `o` tells how to take them apart.
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('o'));
    assert_eq!(app.notice(), Some("the answers scroll together; press y to scroll them apart"));
    key(&mut app, KeyCode::Char('m'));
    assert!(screen(&app).contains("Ctrl-o inserts the highlighted model"), "{}", screen(&app));
}

#[test]
fn the_editing_keys_can_be_rebound() {
    let mut app = app_with_config("[keys.edit]\ndelete_to_start = \"ctrl-x\"\ncursor_start = \"ctrl-g\"\n", 120, 40);
    key(&mut app, KeyCode::Char('/'));
    keys(&mut app, "gpt model:x");
    let ctrl = |app: &mut App, c: char| {
        if let Some(a) = app.action_for(&Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))) {
            app.update(a);
        }
    };
    ctrl(&mut app, 'u');
    assert_eq!(app.query_text(), "gpt model:x", "ctrl-u is no longer bound");
    key(&mut app, KeyCode::Left);
    key(&mut app, KeyCode::Left);
    ctrl(&mut app, 'x');
    assert_eq!(app.query_text(), ":x", "ctrl-x deletes to the start");
    ctrl(&mut app, 'g');
    keys(&mut app, "model");
    assert_eq!(app.query_text(), "model:x", "ctrl-g moved to the start");
}

#[test]
fn q_quits_at_once_while_loading() {
    let mut app = loading_app(Config::default(), "big.parquet", 80, 24);
    assert!(app.is_loading());
    app.update(Action::LoadProgress(arenascope::load::Progress { done: 50, total: 100 }));
    assert!(screen(&app).contains("50%"));
    let e = Event::Key(KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE));
    let a = app.action_for(&e).unwrap();
    app.update(a);
    assert!(app.should_quit());
}

#[test]
fn a_failed_load_says_why() {
    let mut app = loading_app(Config::default(), "x.json", 100, 30);
    app.update(Action::LoadFailed("x.json: not a parquet, JSON or JSON Lines file".into()));
    let text = screen(&app);
    assert!(text.contains("could not load the data") && text.contains("not a parquet"), "{text}");
}

#[test]
fn a_small_terminal_gets_one_clear_message_and_resizing_back_restores() {
    let mut app = app(120, 40);
    app.update(Action::Resize { width: 59, height: 20 });
    let text = screen(&app);
    assert!(text.contains("Terminal too small: 59×20"), "{text}");
    assert!(text.contains("at least 60×20"));
    keys(&mut app, "jj");
    app.update(Action::Resize { width: 120, height: 40 });
    assert!(screen(&app).contains("Transcript"));
}

#[test]
fn typing_a_query_narrows_the_list_as_you_type() {
    let mut app = app(120, 40);
    key(&mut app, KeyCode::Char('/'));
    keys(&mut app, "model:gpt-4");
    assert_eq!(app.list_rows(), [BattleId(0), BattleId(2), BattleId(3), BattleId(4)]);
    keys(&mut app, " lang:german");
    assert_eq!(app.list_rows(), [BattleId(4)]);
    assert_eq!(app.selected_battle(), Some(BattleId(4)));
    assert!(screen(&app).contains("1 of 5 battles"));
    // A malformed query has no answer: the list empties (never an older answer shown as if
    // it were this one's) and the bar says where the problem is.
    app.update(Action::Paste(" turns:".into()));
    run_jobs(&mut app);
    assert!(app.query_error().is_some());
    assert!(app.list_rows().is_empty());
    let s = screen(&app);
    assert!(s.contains("turns:") && s.contains("fix the query to see battles"), "{s}");
    // Enter does not leave the bar while the query is invalid.
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Query, "the bar keeps the focus with its error");
    for _ in 0.." turns: lang:german".len() {
        key(&mut app, KeyCode::Backspace);
    }
    assert!(app.query_error().is_none());
    assert_eq!(app.list_rows().len(), 4);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::List, "Enter runs the query and goes to the list");
}

#[test]
fn an_invalid_query_never_shows_the_whole_list_as_its_answer() {
    let mut app = app(120, 40);
    key(&mut app, KeyCode::Char('/'));
    // Ambiguous from the first keystroke on: no valid query was ever shown.
    keys(&mut app, "model:13b python");
    assert!(app.query_error().is_some());
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Query);
    let s = screen(&app);
    assert!(app.list_rows().is_empty());
    assert!(s.contains("no model named `13b`") && !s.contains("5 of 5"), "{s}");
}

#[test]
fn n_and_shift_n_jump_through_matches_across_turns_and_columns() {
    let mut app = app_with(&fixtures::varied(), 120, 24, "parquet");
    assert_eq!(app.list_rows(), [BattleId(0)]);
    key(&mut app, KeyCode::Enter);
    let matches = app.match_rows();
    // The prompt, A's first answer (twice: pyarrow.parquet, x.parquet), B's first answer,
    // A's second answer.
    assert_eq!(matches.len(), 5, "{matches:?}");
    let mut seen = Vec::new();
    for _ in 0..6 {
        key(&mut app, KeyCode::Char('n'));
        seen.push(app.current_match().unwrap());
    }
    assert_eq!(seen, [0, 1, 2, 3, 4, 0], "n walks every match and wraps around");
    key(&mut app, KeyCode::Char('N'));
    assert_eq!(app.current_match(), Some(4));
    // The last match is in turn 2, below the first screenful: the view followed it.
    let row = matches[4];
    let h = 24 - 4 - 2;
    assert!(app.transcript_scroll()[0] <= row && row < app.transcript_scroll()[0] + h, "row {row} not in view");
    assert!(screen(&app).contains("match 5/5"));
}

#[test]
fn matches_are_highlighted_in_the_transcript() {
    let app = app_with(&fixtures::varied(), 200, 60, "parquet");
    let buf = arenascope::tui::testing::draw(&app);
    let matched = app.theme().matched;
    let highlighted: String =
        buf.content().iter().filter(|c| c.bg == matched.bg.unwrap()).map(|c| c.symbol()).collect();
    assert_eq!(highlighted.to_lowercase(), "parquet".repeat(5));
}

#[test]
fn ratings_follow_the_query_and_the_method() {
    use arenascope::tui::testing::Method;
    let mut app = app(200, 60);
    let full = app.full_ratings().cloned().expect("full-data ratings");
    assert_eq!(full.battles, 5);
    assert_eq!(app.current_ratings().map(|s| s.battles), Some(5), "the empty query shows the full table");
    assert!(full.bootstrapped && !app.ratings_busy(), "the bootstrap finished");
    key(&mut app, KeyCode::Char('/'));
    keys(&mut app, "model:gpt-4");
    let current = app.current_ratings().cloned().unwrap();
    assert_eq!(current.battles, 4);
    let names: Vec<&str> = current.rows.iter().map(|r| app.index().unwrap().model_name(r.model)).collect();
    assert!(names.contains(&"gpt-4"), "{names:?}");
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('e'));
    assert_eq!(app.rating_method(), Method::OnlineElo);
    assert_eq!(app.current_ratings().unwrap().method, Method::OnlineElo);
    assert_eq!(app.full_ratings().unwrap().method, Method::OnlineElo);
    assert!(screen(&app).contains("4 battles, Elo"));
}

#[test]
fn late_rating_results_for_an_older_query_are_dropped() {
    let mut app = app(200, 60);
    key(&mut app, KeyCode::Char('/'));
    app.update(Action::Paste("model:gpt-4".into()));
    // Run the search but hold the ratings job; then change the query again.
    let effects = app.take_effects();
    for e in effects {
        if matches!(e, Effect::Search { .. }) {
            run_effect(&mut app, e);
        }
    }
    let stale: Vec<Effect> = app.take_effects();
    app.update(Action::Paste(" lang:german".into()));
    run_jobs(&mut app);
    let current = app.current_ratings().cloned();
    assert!(stale.iter().any(|e| matches!(e, Effect::Ratings { .. })), "a ratings job held back");
    for e in stale {
        if matches!(e, Effect::Ratings { .. }) {
            run_effect(&mut app, e);
        }
    }
    assert_eq!(app.current_ratings().cloned(), current, "the table of the older query did not replace the newer one");
    assert_eq!(app.current_ratings().map(|s| s.battles), Some(1));
}

#[test]
fn or_between_words_is_searched_as_a_word_and_the_bar_says_so() {
    let mut app = app(160, 40);
    key(&mut app, KeyCode::Char('/'));
    keys(&mut app, "python OR rust");
    assert!(app.query_error().is_none());
    assert_eq!(app.query_warnings(), ["`OR` is searched as a word here; for either term write `python|rust`"]);
    assert!(screen(&app).contains("`OR` is searched as a word here"), "{}", screen(&app));
}

/// 1,500 generated battles (20 models, several languages, multi-turn), ratings pane focused.
fn rating_app() -> App {
    let mut app = app_with(&arenascope::synth::generate(1500, 3), 200, 60, "");
    app.focus_pane(Pane::Ratings);
    app
}

fn name_at(app: &App, row: usize) -> String {
    let models = app.rating_models();
    app.index().unwrap().model_name(models[row]).to_owned()
}

#[test]
fn enter_on_a_rating_narrows_the_query_to_that_models_battles() {
    let mut app = rating_app();
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char('j'));
    assert_eq!(app.rating_cursor(), 2);
    let third = name_at(&app, 2);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.query_text(), format!("model:{third}"));
    assert_eq!(app.focused(), Pane::List, "the list of those battles has the focus");
    let index = app.index().unwrap();
    let m = index.model_id(&third).unwrap();
    assert!(!app.list_rows().is_empty());
    assert!(app.list_rows().iter().all(|&b| index.model_a(b) == m || index.model_b(b) == m));
}

#[test]
fn enter_in_the_side_by_side_view_adds_the_columns_term_to_the_query() {
    let mut app = rating_app();
    app.set_query_text("-winner:bothbad");
    app.update(Action::Command(Command::Submit));
    run_jobs(&mut app);
    app.focus_pane(Pane::Ratings);
    key(&mut app, KeyCode::Char('r'));
    let split = app.current_ratings().and_then(|s| s.split.clone()).expect("the side-by-side table");
    let labels: Vec<&str> = split.columns.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(&labels[..3], ["overall", "longer query", "multi-turn"]);
    key(&mut app, KeyCode::Char('l'));
    key(&mut app, KeyCode::Char('l'));
    key(&mut app, KeyCode::Char('j'));
    let second = name_at(&app, 1);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.query_text(), format!("-winner:bothbad model:{second} category:multiturn"));
    // The language columns narrow by language.
    let mut app = rating_app();
    key(&mut app, KeyCode::Char('r'));
    key(&mut app, KeyCode::Char('l'));
    key(&mut app, KeyCode::Char('l'));
    key(&mut app, KeyCode::Char('l'));
    let first = name_at(&app, 0);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.query_text(), format!("model:{first} lang:\"English\""));
}

#[test]
fn enter_in_the_heat_map_narrows_to_the_pairs_head_to_head() {
    let mut app = rating_app();
    key(&mut app, KeyCode::Char('r'));
    key(&mut app, KeyCode::Char('r'));
    assert_eq!(app.rating_view(), arenascope::tui::testing::RatingView::Heatmap);
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char('l'));
    key(&mut app, KeyCode::Char('l'));
    key(&mut app, KeyCode::Char('l'));
    let (row, column) = (name_at(&app, 1), name_at(&app, 3));
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.query_text(), format!("model:{row} model:{column}"));
    let index = app.index().unwrap();
    let pair = [index.model_id(&row).unwrap(), index.model_id(&column).unwrap()];
    assert!(!app.list_rows().is_empty());
    assert!(app.list_rows().iter().all(|&b| pair.contains(&index.model_a(b)) && pair.contains(&index.model_b(b))));
}

#[test]
fn the_dedup_toggle_rates_the_kept_battles_and_narrowing_keeps_them() {
    let mut rows = arenascope::synth::generate(1500, 3);
    // One prompt asked 40 times: deduplication keeps only a few of them.
    for r in rows.iter_mut().take(40) {
        r.conversation_a[0].content = "the same question".into();
        r.conversation_b[0].content = "the same question".into();
    }
    let mut app = app_with(&rows, 200, 60, "");
    let before = app.current_ratings().unwrap().battles;
    key(&mut app, KeyCode::Char('d'));
    assert!(app.ratings_dedup());
    let s = app.current_ratings().unwrap();
    let dropped = s.dedup_dropped.expect("dedup on");
    assert!(dropped > 0 && dropped < 40, "{dropped}");
    assert_eq!(s.battles + dropped, before);
    let title = text_of(&draw_part(&app, Part::Ratings, 90, 3));
    assert!(title.contains(&format!("dedup on: {dropped} dropped")), "{title}");
    app.focus_pane(Pane::Ratings);
    let first = name_at(&app, 0);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.query_text(), format!("model:{first} dedup:kept"));
    key(&mut app, KeyCode::Char('d'));
    assert!(!app.ratings_dedup() && app.current_ratings().unwrap().dedup_dropped.is_none());
}

#[test]
fn below_80x24_one_pane_shows_at_a_time_and_tab_enter_and_esc_switch() {
    let mut app = app(60, 20);
    let list = screen(&app);
    assert!(list.contains("Battles") && !list.contains("Transcript") && !list.contains("Vote & safety"), "{list}");
    assert!(list.contains("Tab pane"), "the key that switches panes is always in the status bar: {list}");
    key(&mut app, KeyCode::Enter);
    let transcript = screen(&app);
    assert!(transcript.contains("Transcript") && !transcript.contains("Battles"), "{transcript}");
    key(&mut app, KeyCode::Tab);
    assert!(screen(&app).contains("Vote & safety"));
    key(&mut app, KeyCode::Esc);
    assert!(screen(&app).contains("Battles"));
    // The ratings take the transcript's turn; a click lands in the pane that is shown.
    keys(&mut app, "r");
    assert!(screen(&app).contains("Ratings"));
    mouse(&mut app, MouseEventKind::ScrollDown, 10, 10);
    assert_eq!(app.focused(), Pane::Ratings);
}

#[test]
fn every_default_key_is_in_the_readmes_key_section() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README.md");
    let start = readme.find("### Keys").expect("a Keys section");
    let end = start + readme[start..].find("\n### ").expect("a section after Keys");
    let section = &readme[start..end];
    let keymap = arenascope::tui::testing::Keymap::default();
    let mut missing = Vec::new();
    // The line-editing keys and the flag dialog's label numbers are described in prose there.
    for ctx in Context::ALL.into_iter().filter(|c| c.name() != "edit") {
        for (cmd, keys) in keymap.bindings_of(ctx).filter(|(c, _)| c.name() != "toggle_label_number") {
            for k in keys {
                // A `|` inside a Markdown table cell is written `\|`.
                let shown = k.to_string().replace('|', "\\|");
                if !section.contains(&format!("`{shown}`")) {
                    missing.push(format!("{} {} `{k}`", ctx.name(), cmd.name()));
                }
            }
        }
    }
    assert!(missing.is_empty(), "keys missing from README's Keys section:\n{}", missing.join("\n"));
}
