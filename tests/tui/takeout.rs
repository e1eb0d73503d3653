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
use arenascope::tui::app::{App, Overlay};
use arenascope::tui::external::{External, TerminalRequest};
use arenascope::tui::keymap::Context;
use arenascope::tui::testing::{app_with, run_jobs, screen};
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
    assert!(matches!(app.overlay, Some(Overlay::Copy)));
    assert_eq!(app.context(), Context::Copy);
    assert!(copied(&mut app).is_empty(), "opening the menu copies nothing");
    key(&mut app, 'i');
    assert!(app.overlay.is_none(), "the menu closes");
    assert_eq!(copied(&mut app), ["0001aaaa"]);
    assert_eq!(app.notice.as_deref(), Some("copied the id of 0001aaaa (8 bytes)"));
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
        app.notice.clone().unwrap(),
        format!("copied the JSON row of 0001aaaa ({} bytes)", thousands(row.len()))
    );
    // Esc closes the menu without a copy.
    key(&mut app, 'y');
    app.update(app.action_for(&Event::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE))).unwrap());
    assert!(app.overlay.is_none() && copied(&mut app).is_empty());
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
    assert_eq!(app.notice.as_deref(), Some("copied the answer B of 0001aaaa (67 bytes)"));
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
    let notice = app.notice.clone().unwrap();
    assert!(notice.starts_with("NOT copied: the answer A of big is 70.0 kB, more than the 65.5 kB"), "{notice}");
    assert!(notice.ends_with("O opens it in the pager"), "{notice}");
    keys(&mut app, "yo");
    assert_eq!(copied(&mut app), ["short"]);
}

#[test]
fn the_copy_keys_come_from_the_config() {
    let mut app = app_with(&fixtures::varied(), 120, 40, "id:0002");
    let config = "[keys.global]\ncopy = \"w\"\n[keys.copy]\ncopy_json = \"J\"\n";
    app.keymap = arenascope::tui::config::Config::parse(config).unwrap().keymap;
    key(&mut app, 'y');
    assert!(app.overlay.is_none(), "y no longer copies");
    key(&mut app, 'w');
    let menu = screen(&app);
    assert!(menu.contains("J     the whole battle as JSON"), "{menu}");
    key(&mut app, 'j');
    assert!(matches!(app.overlay, Some(Overlay::Copy)), "j is no longer JSON");
    key(&mut app, 'J');
    assert_eq!(copied(&mut app).len(), 1);
    // The help is generated from the same keymap.
    let help = arenascope::tui::ui::help::lines(&app.keymap, &app.theme, None, None, 120);
    let help: Vec<String> = help.iter().map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect()).collect();
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
