//! Hostile text in every field of a battle must reach the screen only as inert placeholders:
//! no cell of any pane, overlay or screen size may hold an escape, a control character or a
//! bidi override.

use arenascope::fixtures;
use arenascope::sanitize::placeholder;
use arenascope::tui::testing::{
    Action, App, Command, Context, Overlay, app_with, app_with_reviews, draw, run_jobs, text_of,
};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

/// Escape sequences of every kind: OSC title and clipboard, CSI screen and cursor moves, DCS,
/// C1 controls, bidi overrides and isolates, NUL, DEL, a lone CR and line separators.
const HOSTILE: &str = "\u{1b}]0;pwned\u{7}\u{1b}]52;c;aGVsbG8=\u{1b}\\\u{1b}[2J\u{1b}[H\u{1b}[?1049l\u{1b}P1$r\u{1b}\\\u{9b}31m\u{9d}0;x\u{9c}\u{202e}evil\u{202c}\u{2066}iso\u{2069}\u{0}\u{7f}a\rb\u{2028}c\u{85}";

fn hostile_app(w: u16, h: u16) -> App {
    let mut b = fixtures::battle(&format!("q{HOSTILE}"), &format!("gpt{HOSTILE}"), &format!("m\u{1b}[31m{HOSTILE}"));
    b.judge = Some(format!("judge{HOSTILE}"));
    b.language = Some(format!("lang{HOSTILE}"));
    b.conversation_a =
        fixtures::conversation(&[&format!("prompt {HOSTILE}"), &format!("answer\t{HOSTILE}\n```\n{HOSTILE}\n```")]);
    b.conversation_b = fixtures::conversation(&[&format!("prompt {HOSTILE}"), &format!("# {HOSTILE}\n- {HOSTILE}")]);
    let mut rows = fixtures::varied();
    rows.insert(0, b);
    app_with(&rows, w, h, "")
}

fn assert_inert(app: &App, what: &str) {
    let buf = draw(app);
    for cell in buf.content() {
        for c in cell.symbol().chars() {
            assert!(
                placeholder(c).is_none() && !c.is_control(),
                "{what}: {c:?} reached the screen:\n{}",
                text_of(&buf)
            );
        }
    }
}

#[test]
fn hostile_text_is_inert_in_every_pane_overlay_and_size() {
    for (w, h) in [(80, 24), (120, 40), (200, 60)] {
        let mut app = hostile_app(w, h);
        assert_inert(&app, "main screen");
        assert!(text_of(&draw(&app)).contains('␛'), "escapes show as placeholders");
        for c in [Command::Blind, Command::Blind, Command::Open, Command::Sync, Command::Sync] {
            app.update(Action::Command(c));
            run_jobs(&mut app);
            assert_inert(&app, &format!("after {c:?}"));
        }
        for _ in 0..3 {
            app.update(Action::Command(Command::RatingView));
            assert_inert(&app, "rating views");
        }
        for c in [Command::ModelPicker, Command::Close, Command::Help, Command::Close] {
            app.update(Action::Command(c));
            assert_inert(&app, &format!("overlay {c:?}"));
        }
        app.update(Action::Command(Command::EditQuery));
        app.update(Action::Paste(HOSTILE.to_owned()));
        run_jobs(&mut app);
        assert_inert(&app, "pasted query");
    }
}

#[test]
fn hostile_text_pasted_or_typed_into_a_flag_note_is_inert() {
    let dir = tempfile::TempDir::new().unwrap();
    let mut app = app_with_reviews(&fixtures::varied(), 120, 40, "", &dir.path().join("reviews.jsonl"));
    app.update(Action::Command(Command::Flag));
    app.update(Action::Command(Command::SwitchField));
    assert_eq!(app.context(), Context::Note);
    app.update(Action::Paste(format!("line one\n{HOSTILE}\u{2029}end")));
    for c in ['\u{202e}', '\u{2028}', 'x'] {
        let key = Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        if let Some(a) = app.action_for(&key) {
            app.update(a);
        }
    }
    assert_inert(&app, "flag note");
    let Some(Overlay::Flag(dialog)) = app.overlay() else { panic!("the flag dialog is open") };
    let note = dialog.note_lines().join("\n");
    assert!(note.starts_with("line one\n") && note.ends_with("endx"), "the text around stays: {note:?}");
    assert!(!note.chars().any(|c| c != '\n' && placeholder(c).is_some()), "{note:?}");
}
