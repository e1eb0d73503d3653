//! Taking battles out of the browser: the copy menu, the pager and the editor, driven by keys
//! (state and snapshots over TestBackend), then end to end in tmux: a copy (OSC 52) must land
//! in tmux's buffer with `set-clipboard on`; the pager gets the battle as Markdown and the keys
//! typed into it, and the browser comes back whole afterwards. The tmux tests are skipped
//! where tmux is missing.

use std::path::Path;

use arenascope::fixtures;
use arenascope::index::BattleId;
use arenascope::present::format::thousands;
use arenascope::row_json::RowJson;
use arenascope::sanitize::terminal_safe_json;
use arenascope::tui::testing::{
    App, Config, Context, External, Overlay, TerminalRequest, app_with, app_with_index, help_lines, run_jobs, screen,
};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

use super::tmux::{Tmux, run_cli, skip_without_tmux, write_dataset};

fn key(app: &mut App, c: char) {
    if let Some(a) = app.action_for(&Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))) {
        app.update(a);
    }
    run_jobs(app);
}

fn keys(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, c);
    }
}

fn copied(app: &mut App) -> Vec<String> {
    app.take_terminal_requests()
        .into_iter()
        .map(|r| match r {
            TerminalRequest::Copy(text) => text,
            other => panic!("not a copy: {other:?}"),
        })
        .collect()
}

#[test]
fn the_copy_menu_copies_each_part_and_says_how_much() {
    let mut app = app_with(&fixtures::varied(), 120, 40, "id:0001aaaa");
    assert_eq!(app.selected_battle(), Some(BattleId(0)));
    key(&mut app, 'y');
    assert!(matches!(app.overlay(), Some(Overlay::Copy)));
    assert_eq!(app.context(), Context::Copy);
    assert!(copied(&mut app).is_empty(), "opening the menu copies nothing");
    key(&mut app, 'i');
    assert!(app.overlay().is_none(), "the menu closes");
    assert_eq!(copied(&mut app), ["0001aaaa"]);
    assert_eq!(app.notice(), Some("copied the id of 0001aaaa (8 bytes)"));
    keys(&mut app, "yp");
    assert_eq!(copied(&mut app), ["How do I read a parquet file in Python?\n\nAnd in Rust?"]);
    keys(&mut app, "ya");
    let a = copied(&mut app);
    assert!(a[0].starts_with("Use **pyarrow**") && a[0].ends_with("\n\nUse the `parquet` crate."), "{a:?}");
    keys(&mut app, "yo");
    assert_eq!(copied(&mut app), ["pandas.read_parquet works.\n\t- indented with a tab\n\nThe arrow crate."]);
    keys(&mut app, "yj");
    let index = app.index().unwrap();
    let row = terminal_safe_json(&RowJson { index, battle: BattleId(0) }, false);
    assert_eq!(copied(&mut app), std::slice::from_ref(&row));
    assert_eq!(
        app.notice().map(str::to_owned).unwrap(),
        format!("copied the JSON row of 0001aaaa ({} bytes)", thousands(row.len()))
    );
    // Esc closes the menu without a copy.
    key(&mut app, 'y');
    app.update(app.action_for(&Event::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE))).unwrap());
    assert!(app.overlay().is_none() && copied(&mut app).is_empty());
}

#[test]
fn the_answer_key_copies_the_column_that_has_the_keys() {
    let mut app = app_with(&fixtures::varied(), 120, 40, "id:0001aaaa");
    // Open the battle, let the columns scroll apart and give B's column the keys.
    app.update(app.action_for(&Event::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE))).unwrap());
    keys(&mut app, "io");
    key(&mut app, 'y');
    assert!(screen(&app).contains("answer B (the focused one)"), "{}", screen(&app));
    key(&mut app, 'a');
    assert_eq!(copied(&mut app), ["pandas.read_parquet works.\n\t- indented with a tab\n\nThe arrow crate."]);
    assert_eq!(app.notice(), Some("copied the answer B of 0001aaaa (67 bytes)"));
}

#[test]
fn too_large_a_copy_is_refused_and_says_why() {
    let mut battles = fixtures::varied();
    let mut b = fixtures::battle("big", "gpt-4", "claude-v1");
    b.conversation_a = fixtures::conversation(&["long?", &"x".repeat(70_000)]);
    b.conversation_b = fixtures::conversation(&["long?", "short"]);
    battles.push(b);
    let mut app = app_with(&battles, 120, 40, "id:big");
    keys(&mut app, "ya");
    assert!(copied(&mut app).is_empty());
    let notice = app.notice().map(str::to_owned).unwrap();
    assert!(notice.starts_with("NOT copied: the answer A of big is 70.0 kB, more than the 65.5 kB"), "{notice}");
    assert!(notice.ends_with("O opens it in the pager"), "{notice}");
    keys(&mut app, "yo");
    assert_eq!(copied(&mut app), ["short"]);
}

#[test]
fn the_copy_keys_come_from_the_config() {
    let mut app = app_with(&fixtures::varied(), 120, 40, "id:0002");
    let config = "[keys.global]\ncopy = \"w\"\n[keys.copy]\ncopy_json = \"J\"\n";
    app.set_keymap(Config::parse(config).unwrap().keymap);
    key(&mut app, 'y');
    assert!(app.overlay().is_none(), "y no longer copies");
    key(&mut app, 'w');
    let menu = screen(&app);
    assert!(menu.contains("J     the whole battle as JSON"), "{menu}");
    key(&mut app, 'j');
    assert!(matches!(app.overlay(), Some(Overlay::Copy)), "j is no longer JSON");
    key(&mut app, 'J');
    assert_eq!(copied(&mut app).len(), 1);
    // The help is generated from the same keymap.
    let help = help_lines(&app, 120);
    let at = help.iter().position(|l| l.starts_with("Copy menu")).expect("the help lists the copy menu");
    assert!(help[at..].iter().any(|l| l.contains("J") && l.contains("(copy_json)")), "{help:#?}");
}

#[test]
fn o_and_e_ask_for_the_battle_as_markdown_in_the_pager_and_the_editor() {
    let mut app = app_with(&fixtures::varied(), 120, 40, "id:0004");
    key(&mut app, 'O');
    let requests = app.take_terminal_requests();
    let [TerminalRequest::Open { program: External::Pager, markdown, name }] = requests.as_slice() else {
        panic!("{requests:?}")
    };
    assert_eq!(name, "arenascope-0004dddd");
    assert!(markdown.starts_with("# Battle 0004dddd\n") && markdown.contains("### Answer B: gpt-4 (winner)"));
    key(&mut app, 'E');
    let requests = app.take_terminal_requests();
    assert!(matches!(requests.as_slice(), [TerminalRequest::Open { program: External::Editor, .. }]));
    // Blind re-judging: the Markdown does not give the names or the vote away.
    key(&mut app, 'b');
    key(&mut app, 'O');
    let requests = app.take_terminal_requests();
    let [TerminalRequest::Open { markdown, .. }] = requests.as_slice() else { panic!("{requests:?}") };
    assert!(!markdown.contains("gpt-4") && markdown.contains("hidden (blind re-judging)"), "{markdown}");
}

#[test]
fn snapshot_of_the_copy_menu() {
    let mut app = app_with(&fixtures::varied(), 80, 24, "");
    key(&mut app, 'y');
    insta::assert_snapshot!("copy_menu_80x24", screen(&app));
}

fn buffer(t: &Tmux) -> String {
    String::from_utf8_lossy(&t.tmux(&["show-buffer"]).stdout).into_owned()
}

/// Waits until tmux's newest buffer is `expected`.
fn wait_for_buffer(t: &Tmux, expected: &str) {
    let start = std::time::Instant::now();
    while buffer(t) != expected {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(10),
            "tmux's buffer holds {:?}, not {expected:?}; screen:\n{}",
            buffer(t),
            t.screen()
        );
        std::thread::sleep(std::time::Duration::from_millis(40));
    }
}

#[test]
fn copy_puts_the_id_prompt_answer_and_json_in_tmuxs_buffer() {
    if skip_without_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = write_dataset(dir.path());
    let data = data.to_str().unwrap();
    let t = Tmux::start(&[data, "-q", "id:0002"], 120, 40);
    t.tmux(&["set-option", "-g", "set-clipboard", "on"]);
    t.wait_for("the battle", |s| s.contains("1 of 5 battles"));

    t.keys(&["y"]);
    t.wait_for("the copy menu", |s| s.contains("Copy") && s.contains("the whole battle as JSON"));
    t.keys(&["i"]);
    t.wait_for("the status", |s| s.contains("copied the id of 0002bbbb (8 bytes)"));
    wait_for_buffer(&t, "0002bbbb");

    t.keys(&["y", "p"]);
    t.wait_for("the status", |s| s.contains("copied the prompt of 0002bbbb"));
    wait_for_buffer(&t, "请用中文介绍一下并行编程");

    t.keys(&["y", "o"]);
    t.wait_for("the status", |s| s.contains("copied the answer B of 0002bbbb"));
    wait_for_buffer(&t, "它可以提高性能 🇩🇪 👨‍👩‍👧");

    // The JSON row is exactly what `search --json` prints for the battle.
    let json = run_cli(&["search", "id:0002", data, "--json"]);
    t.keys(&["y", "j"]);
    t.wait_for("the status", |s| s.contains("copied the JSON row of 0002bbbb"));
    wait_for_buffer(&t, json.trim_end());

    // Esc leaves the menu without copying; the screen is the browser's, no stray bytes.
    t.keys(&["y", "Escape"]);
    let s = t.wait_for("the menu closed", |s| !s.contains("the whole battle as JSON"));
    assert!(!s.contains("52;") && !s.contains("]52"), "{s}");
    t.keys(&["q"]);
    t.wait_for("the exit", |s| s.contains("EXIT:0"));
    t.assert_restored();
}

fn script(dir: &Path, name: &str, body: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    path.display().to_string()
}

#[test]
fn the_pager_gets_the_battle_as_markdown_and_the_browser_comes_back() {
    if skip_without_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = write_dataset(dir.path());
    let copy = dir.path().join("seen.md");
    let typed = dir.path().join("typed.txt");
    // The pager keeps the Markdown, then reads one line from the terminal as a pager would:
    // the browser must not take the keys meant for it.
    let pager = script(
        dir.path(),
        "pager.sh",
        &format!(
            "cp \"$1\" '{}'\necho PAGER-WAITING\nread line < /dev/tty\necho \"$line\" > '{}'",
            copy.display(),
            typed.display()
        ),
    );
    let env = [format!("PAGER={pager}")];
    let env: Vec<&str> = env.iter().map(String::as_str).collect();
    let t = Tmux::start_with_env(&[data.to_str().unwrap(), "-q", "id:0001aaaa"], &env, 120, 40);
    t.wait_for("the battles", |s| s.contains("2 of 5 battles"));
    t.keys(&["O"]);
    let s = t.wait_for("the pager", |s| s.contains("PAGER-WAITING"));
    assert_eq!(t.format("#{alternate_on}"), "0", "the pager has the normal screen: {s}");
    t.text("jjkq hello");
    t.keys(&["Enter"]);
    let s = t.wait_for("the browser again", |s| s.contains("2 of 5 battles") && s.contains("closed the pager"));
    assert_eq!(t.format("#{alternate_on}"), "1", "back in the browser's screen");
    assert!(!s.contains("PAGER-WAITING"), "the whole screen is redrawn: {s}");
    assert_eq!(std::fs::read_to_string(&typed).unwrap(), "jjkq hello\n", "every key went to the pager");
    let md = std::fs::read_to_string(&copy).unwrap();
    assert!(md.starts_with("# Battle 0001aaaa"), "{md}");
    assert!(md.contains("## Turn 2 of 2") && md.contains("### Answer B: claude-v1"), "{md}");
    // The browser still takes keys, and the temporary file is gone.
    t.keys(&["j"]);
    t.wait_for("the list moved", |s| !s.contains("closed the pager"));
    t.keys(&["q"]);
    t.wait_for("the exit", |s| s.contains("EXIT:0"));
    t.assert_restored();
}

#[test]
fn a_missing_pager_is_an_error_in_the_status_bar_not_a_broken_terminal() {
    if skip_without_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = write_dataset(dir.path());
    let t = Tmux::start_with_env(&[data.to_str().unwrap()], &["PAGER=/nonexistent/pager"], 120, 40);
    t.wait_for("the battles", |s| s.contains("5 of 5 battles"));
    t.keys(&["O"]);
    let s = t.wait_for("the error", |s| s.contains("pager `/nonexistent/pager` not found"));
    assert!(s.contains("5 of 5 battles"), "{s}");
    assert_eq!(t.format("#{alternate_on}"), "1");
    t.keys(&["j", "q"]);
    t.wait_for("the exit", |s| s.contains("EXIT:0"));
    t.assert_restored();
}

// --- the export dialog ---------------------------------------------------------------------

fn press(app: &mut App, code: KeyCode, modifiers: KeyModifiers) {
    if let Some(a) = app.action_for(&Event::Key(KeyEvent::new(code, modifiers))) {
        app.update(a);
    }
    run_jobs(app);
}

/// Clears the dialog's path (Ctrl-u) and types `path`.
fn type_path(app: &mut App, path: &str) {
    press(app, KeyCode::Char('e'), KeyModifiers::CONTROL);
    press(app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    keys(app, path);
}

fn load_rows(path: &Path) -> usize {
    let source = arenascope::load::DataSource::Paths(vec![path.to_path_buf()]);
    let loaded = arenascope::load::load(&source, Default::default()).unwrap();
    assert_eq!(loaded.report.skipped, 0);
    loaded.index.len()
}

#[test]
fn x_on_the_list_exports_the_querys_battles_in_the_format_of_the_extension() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_with(&fixtures::varied(), 120, 40, "model:gpt-4");
    app.set_export_dir(dir.path().to_path_buf());
    let found = app.list_rows().len();
    assert_eq!(found, 4);
    key(&mut app, 'x');
    assert_eq!(app.context(), Context::Export);
    let offered = dir.path().join("arenascope-export.parquet");
    let Some(Overlay::Export(d)) = app.overlay() else { panic!() };
    assert_eq!(d.target(), offered);
    let s = screen(&app);
    assert!(s.contains("4 battles found by  model:gpt-4"), "{s}");
    assert!(s.contains("format  parquet · the dataset's rows (the release's schema)"), "{s}");
    // The format follows the name as it is typed.
    let out = dir.path().join("gpt4.csv");
    type_path(&mut app, out.to_str().unwrap());
    assert!(screen(&app).contains("format  CSV · the dataset's rows"), "{}", screen(&app));
    keys(&mut app, "x");
    assert!(screen(&app).contains("format  ? end the name in .jsonl, .csv or .parquet"), "{}", screen(&app));
    press(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    assert!(app.notice().is_some_and(|n| n.starts_with("NOT exported:")), "{:?}", app.notice());
    assert_eq!(app.context(), Context::Export, "the dialog stays open to fix the name");
    press(&mut app, KeyCode::Backspace, KeyModifiers::NONE);
    press(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    assert!(app.overlay().is_none());
    let notice = app.notice().map(str::to_owned).unwrap();
    assert!(notice.starts_with("wrote 4 battles (") && notice.contains("CSV) to "), "{notice}");
    assert!(std::fs::read_to_string(&out).unwrap().lines().count() == 5, "a header and 4 rows");
    // Parquet, read back by the project's own loader.
    let pq = dir.path().join("gpt4.parquet");
    key(&mut app, 'x');
    type_path(&mut app, pq.to_str().unwrap());
    press(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    assert!(app.notice().is_some_and(|n| n.starts_with("wrote 4 battles")), "{:?}", app.notice());
    assert_eq!(load_rows(&pq), found);
}

#[test]
fn an_existing_file_is_replaced_only_after_a_yes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.jsonl");
    std::fs::write(&out, "precious\n").unwrap();
    let mut app = app_with(&fixtures::varied(), 120, 40, "lang:german");
    key(&mut app, 'x');
    type_path(&mut app, out.to_str().unwrap());
    press(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(app.context(), Context::Confirm, "asks first");
    let s = screen(&app);
    assert!(s.contains("Replace? x.jsonl exists already.") && s.contains("y yes  ·  n no"), "{s}");
    key(&mut app, 'n');
    assert_eq!(app.context(), Context::Export, "back to the path");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "precious\n");
    press(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    key(&mut app, 'y');
    assert!(app.notice().is_some_and(|n| n.starts_with("wrote 1 battle (")), "{:?}", app.notice());
    assert_eq!(load_rows(&out), 1);
    // The dataset itself is never a target, even after a yes.
    let mut app = app_with(&fixtures::varied(), 120, 40, "");
    let (_, file) = write_input(dir.path());
    app = reload_from(app, &file);
    key(&mut app, 'x');
    type_path(&mut app, file.to_str().unwrap());
    press(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    key(&mut app, 'y');
    assert!(app.notice().is_some_and(|n| n.contains("refusing to write over")), "{:?}", app.notice());
}

/// The varied battles written as a dataset file.
fn write_input(dir: &Path) -> (usize, std::path::PathBuf) {
    let path = write_dataset(dir);
    (fixtures::varied().len(), path)
}

/// An app on the battles loaded from `file`, so the file is the dataset's input.
fn reload_from(_: App, file: &Path) -> App {
    let source = arenascope::load::DataSource::Paths(vec![file.to_path_buf()]);
    let loaded = arenascope::load::load(&source, Default::default()).unwrap();
    app_with_index(std::sync::Arc::new(loaded.index), loaded.report, 120, 40, "")
}

#[test]
fn tab_completes_folders_and_ctrl_t_switches_to_pairs() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("exports")).unwrap();
    std::fs::create_dir(dir.path().join("experiments")).unwrap();
    let mut app = app_with(&fixtures::varied(), 120, 40, "");
    key(&mut app, 'x');
    type_path(&mut app, &format!("{}/ex", dir.path().display()));
    press(&mut app, KeyCode::Tab, KeyModifiers::NONE);
    assert!(screen(&app).contains("folders experiments/  exports/"), "{}", screen(&app));
    keys(&mut app, "o");
    press(&mut app, KeyCode::Tab, KeyModifiers::NONE);
    let Some(Overlay::Export(d)) = app.overlay() else { panic!() };
    assert_eq!(d.text(), format!("{}/exports/", dir.path().display()));
    keys(&mut app, "pairs.jsonl");
    press(&mut app, KeyCode::Char('t'), KeyModifiers::CONTROL);
    assert!(screen(&app).contains("JSON Lines · preference pairs"), "{}", screen(&app));
    press(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    let notice = app.notice().map(str::to_owned).unwrap();
    // The varied battles: 3 decisive; a tie and a both-bad left out and counted.
    assert!(notice.starts_with("wrote 3 pairs (") && notice.contains("skipped 1 ties, 1 both bad"), "{notice}");
    let text = std::fs::read_to_string(dir.path().join("exports/pairs.jsonl")).unwrap();
    assert_eq!(text.lines().count(), 3);
    assert!(text.contains("\"chosen\":[{") && text.contains("\"rejected\":[{"), "{text}");
}

#[test]
fn snapshots_of_the_export_dialog() {
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let mut app = app_with(&fixtures::varied(), w, h, "lang:german");
        key(&mut app, 'x');
        insta::assert_snapshot!(format!("export_dialog_{w}x{h}"), screen(&app));
    }
    let mut app = app_with(&fixtures::varied(), 120, 40, "");
    key(&mut app, 'x');
    type_path(&mut app, "out/pairs.csv");
    press(&mut app, KeyCode::Char('t'), KeyModifiers::CONTROL);
    insta::assert_snapshot!("export_dialog_pairs_as_csv", screen(&app));
}

#[test]
fn export_from_the_dialog_end_to_end_in_tmux() {
    if skip_without_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = write_dataset(dir.path());
    let data = data.to_str().unwrap();
    let out = dir.path().join("german.parquet");
    let t = Tmux::start(&[data, "-q", "model:gpt-4"], 120, 40);
    t.wait_for("the battles", |s| s.contains("4 of 5 battles"));
    t.keys(&["x"]);
    t.wait_for("the dialog", |s| s.contains("Export the query's battles") && s.contains("arenascope-export.parquet"));
    t.keys(&["C-u"]);
    t.text(out.to_str().unwrap());
    t.wait_for("the format", |s| s.contains("format  parquet · the dataset's rows"));
    t.keys(&["Enter"]);
    let s = t.wait_for("the export", |s| s.contains("wrote 4 battles"));
    assert!(!s.contains("Export the query's battles"), "the dialog closed: {s}");
    // The export is a dataset: its statistics are the query's.
    let stats_export = run_cli(&["stats", out.to_str().unwrap()]);
    assert!(stats_export.contains("4 loaded, 0 skipped"), "{stats_export}");
    // Again to the same file: asked, then replaced.
    t.keys(&["x", "C-u"]);
    t.text(out.to_str().unwrap());
    t.keys(&["Enter"]);
    t.wait_for("the question", |s| s.contains("Replace? german.parquet and README.md exist already."));
    t.keys(&["y"]);
    t.wait_for("the export again", |s| s.contains("wrote 4 battles") && !s.contains("Replace?"));
    t.keys(&["q"]);
    t.wait_for("the exit", |s| s.contains("EXIT:0"));
    t.assert_restored();
}

#[test]
fn ctrl_y_keeps_ties_in_pairs_and_ctrl_n_leaves_the_card_out() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_with(&fixtures::varied(), 100, 30, "");
    key(&mut app, 'x');
    let out = dir.path().join("pairs.jsonl");
    type_path(&mut app, out.to_str().unwrap());
    // Ties mean nothing for dataset rows: the key says so and changes nothing.
    press(&mut app, KeyCode::Char('y'), KeyModifiers::CONTROL);
    assert!(app.notice().is_some_and(|n| n.contains("ties apply to preference pairs")), "{:?}", app.notice());
    assert!(!screen(&app).contains("ties    "), "{}", screen(&app));
    press(&mut app, KeyCode::Char('t'), KeyModifiers::CONTROL);
    assert!(
        screen(&app).contains("ties    ties and both-bad votes left out, counted  Ctrl-y keep"),
        "{}",
        screen(&app)
    );
    press(&mut app, KeyCode::Char('y'), KeyModifiers::CONTROL);
    press(&mut app, KeyCode::Char('n'), KeyModifiers::CONTROL);
    let s = screen(&app);
    assert!(s.contains("card    none  Ctrl-n write one"), "{s}");
    type_path(&mut app, "out/pairs.jsonl");
    insta::assert_snapshot!("export_dialog_pairs_ties_kept_no_card", screen(&app));
    type_path(&mut app, out.to_str().unwrap());
    press(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    let notice = app.notice().map(str::to_owned).unwrap();
    assert!(notice.starts_with("wrote 5 pairs ("), "every battle, ties too: {notice}");
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("\"label\":\"tie\"") && text.contains("\"label\":\"both_bad\""), "{text}");
    assert!(!dir.path().join("README.md").exists(), "no card");
    // Back on: the card is written again.
    key(&mut app, 'x');
    let other = dir.path().join("rows.parquet");
    type_path(&mut app, other.to_str().unwrap());
    assert!(screen(&app).contains("/README.md  Ctrl-n none"), "{}", screen(&app));
    press(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    assert!(dir.path().join("README.md").exists(), "{:?}", app.notice());
}
