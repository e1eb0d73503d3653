//! A soak test of the browser through ratatui's TestBackend: thousands of random keys, mouse
//! clicks and wheel turns, pastes and resizes (from 0x0 to 250x80) over the sample and over a
//! hostile dataset, with the flags kept in a real review file. After every event the state's
//! invariants are checked, and the screen is drawn: no panic, the selection inside the list,
//! scroll positions inside the text, the query bar one line, drawing the same twice without
//! changing the state, and nothing from the data reaching a cell raw.
//!
//! `ARENASCOPE_SOAK_EVENTS=N` sets the events per run (CI runs a few thousand);
//! `ARENASCOPE_SOAK_SEED=S` the seed. A failure prints the seed, the event number and the
//! last events, so it can be replayed.

use std::collections::VecDeque;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use arenascope::fixtures;
use arenascope::index::BattleId;
use arenascope::model::{Battle, Message};
use arenascope::query::{CompiledQuery, battles_matching};
use arenascope::sanitize::placeholder;
use arenascope::synth;
use arenascope::tui::testing::{App, app_with_reviews, draw, reload_reviews, run_jobs, text_of};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use tempfile::TempDir;

/// SplitMix64: tiny, seedable, the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok())
}

fn events(default: u64) -> u64 {
    env_number("ARENASCOPE_SOAK_EVENTS").unwrap_or(default)
}

fn seed() -> u64 {
    env_number("ARENASCOPE_SOAK_SEED").unwrap_or(0x50a4)
}

const HOSTILE: &str = "\u{1b}]0;pwned\u{7}\u{1b}]52;c;aGVsbG8=\u{1b}\\\u{1b}[2J\u{1b}[H\u{1b}[?1049l\u{9b}31m\u{202e}evil\u{202c}\u{2066}iso\u{2069}\u{0}\u{7f}a\rb\u{2028}c\u{85}";

/// Battles a hostile file could hold: escapes everywhere, RTL and CJK, a huge message and a
/// huge line, empty conversations, unknown fields, repeated ids and `#` in ids.
fn hostile_battles() -> Vec<Battle> {
    let mut rows = fixtures::varied();
    let mut b = fixtures::battle(&format!("q{HOSTILE}"), &format!("gpt{HOSTILE}"), &format!("m\u{1b}[31m{HOSTILE}"));
    b.judge = Some(format!("judge{HOSTILE}"));
    b.language = Some(format!("lang{HOSTILE}"));
    b.conversation_a =
        fixtures::conversation(&[&format!("prompt {HOSTILE}"), &format!("answer\t{HOSTILE}\n```\n{HOSTILE}\n```")]);
    b.conversation_b = fixtures::conversation(&[&format!("prompt {HOSTILE}"), &format!("# {HOSTILE}\n- {HOSTILE}")]);
    b.extra = vec![("unknown_field".into(), format!("{{\"x\": \"{HOSTILE}\"}}"))];
    rows.push(b);

    let mut huge = fixtures::battle("huge#1", "gpt-4", "claude-v1");
    let paragraph = "Ein sehr langer Absatz mit Wörtern und 中文字符 und עברית. ".repeat(40);
    let many_lines = (0..3000).map(|i| format!("line {i}: {}", "x".repeat(i % 97))).collect::<Vec<_>>().join("\n");
    let one_line = "y".repeat(120_000);
    huge.conversation_a = fixtures::conversation(&["a long one", &format!("{paragraph}\n{many_lines}")]);
    huge.conversation_b = fixtures::conversation(&["a long one", &one_line]);
    rows.push(huge);

    let mut empty = fixtures::battle("empty", "vicuna-13b", "koala-13b");
    empty.conversation_a = Vec::new();
    empty.conversation_b = Vec::new();
    empty.turn = 0;
    empty.language = None;
    empty.tstamp = None;
    empty.judge = None;
    rows.push(empty);

    let mut odd = fixtures::battle("huge", "koala-13b", "koala-13b");
    odd.conversation_a = vec![
        Message { role: "system".into(), content: String::new() },
        Message { role: format!("role{HOSTILE}"), content: "\u{200b}\u{feff}\u{301}".into() },
    ];
    odd.conversation_b = fixtures::conversation(&["", "", "", ""]);
    odd.turn = 9;
    odd.tstamp = Some(4.0e9);
    rows.push(odd);
    for i in 0..40 {
        let mut b = fixtures::battle(&format!("rtl{i}"), "palm-2", "gpt-4");
        b.conversation_a = fixtures::conversation(&["مرحبا بالعالم", &"שלום עולם ".repeat(i * 5 + 1)]);
        b.conversation_b = fixtures::conversation(&["مرحبا بالعالم", &"日本語の文章。".repeat(i * 7 + 1)]);
        b.language = Some(if i % 2 == 0 { "Arabic" } else { "Japanese" }.into());
        b.tstamp = Some(1_683_000_000.0 + i as f64 * 3600.0);
        rows.push(b);
    }
    rows
}

const PASTES: &[&str] = &[
    "gpt-4",
    "model:gpt-4 winner:tie",
    "lang:german|lang:arabic",
    "/(a|b)*c/",
    "/[/",
    "turns:>1 -mod:flagged",
    "review:flagged",
    "date:2023-05-01..2023-05-15",
    "line one\nline two\r\nline three",
    HOSTILE,
    "日本語 עברית 👨‍👩‍👧",
    "",
];

fn random_key(rng: &mut Rng) -> KeyEvent {
    let code = match rng.below(10) {
        0..=3 => KeyCode::Char(*rng.pick(&[
            'j', 'k', 'g', 'G', 'q', '/', '?', 'b', 'f', 'F', 'u', 'v', 'x', 'r', 'R', 'm', 'n', 'N', 's', 'S', 'p',
            't', 'o', '1', '2', '3', '4', '>', ']', '[', ' ', 'y', 'i', 'a', 'l', 'h', 'c',
        ])),
        4 => KeyCode::Char(char::from_u32(0x20 + rng.below(0x5f) as u32).unwrap_or('a')),
        5 => KeyCode::Char(*rng.pick(&['é', '日', 'ש', '😀', '\u{301}', '\u{202e}'])),
        _ => *rng.pick(&[
            KeyCode::Enter,
            KeyCode::Esc,
            KeyCode::Tab,
            KeyCode::BackTab,
            KeyCode::Up,
            KeyCode::Down,
            KeyCode::Left,
            KeyCode::Right,
            KeyCode::PageUp,
            KeyCode::PageDown,
            KeyCode::Home,
            KeyCode::End,
            KeyCode::Backspace,
            KeyCode::Delete,
            KeyCode::F(1),
            KeyCode::F(2),
            KeyCode::Insert,
        ]),
    };
    let modifiers = match rng.below(10) {
        0 => KeyModifiers::CONTROL,
        1 => KeyModifiers::ALT,
        2 => KeyModifiers::SHIFT,
        _ => KeyModifiers::NONE,
    };
    KeyEvent::new(code, modifiers)
}

fn random_size(rng: &mut Rng) -> (u16, u16) {
    match rng.below(6) {
        0 => (rng.below(12) as u16, rng.below(8) as u16),
        1 => (*rng.pick(&[80, 100, 120, 160, 200, 250]), *rng.pick(&[24, 30, 40, 60, 80])),
        _ => (rng.below(251) as u16, rng.below(81) as u16),
    }
}

/// An event as a terminal would send it; the soak mostly keeps the current size.
fn random_event(rng: &mut Rng, app: &App) -> Event {
    let (w, h) = (app.size().width.max(1), app.size().height.max(1));
    let typing = matches!(format!("{:?}", app.context()).as_str(), "Query" | "Picker" | "Note");
    match rng.below(20) {
        // Text inputs swallow most keys: leave them now and then, as a user would.
        // An empty list tests little: clear the query now and then.
        _ if typing && rng.chance(0.08) => Event::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)),
        _ if typing && rng.chance(0.15) => {
            Event::Key(KeyEvent::new(*rng.pick(&[KeyCode::Esc, KeyCode::Enter, KeyCode::Tab]), KeyModifiers::NONE))
        }
        0..=12 => Event::Key(random_key(rng)),
        13..=15 => {
            let kind = *rng.pick(&[
                MouseEventKind::Down(MouseButton::Left),
                MouseEventKind::Down(MouseButton::Left),
                MouseEventKind::ScrollDown,
                MouseEventKind::ScrollUp,
                MouseEventKind::Down(MouseButton::Right),
                MouseEventKind::Moved,
            ]);
            let (column, row) = if rng.chance(0.05) {
                (u16::MAX - rng.below(3) as u16, u16::MAX)
            } else {
                (rng.below(w as usize + 2) as u16, rng.below(h as usize + 2) as u16)
            };
            Event::Mouse(MouseEvent { kind, column, row, modifiers: KeyModifiers::NONE })
        }
        16 => Event::Paste((*rng.pick(PASTES)).to_owned()),
        17 => Event::FocusGained,
        _ => {
            let (w, h) = random_size(rng);
            Event::Resize(w, h)
        }
    }
}

/// What drawing must not change, in a comparable form.
fn fingerprint(app: &App) -> String {
    format!(
        "{:?} {} {} {:?} {:?} {} {:?} {} {} {} {} {:?} {}",
        app.list_rows().len(),
        app.list_selected(),
        app.list_offset(),
        app.transcript_scroll(),
        app.focused(),
        app.query_text(),
        app.overlay().map(|o| format!("{o:?}").len()),
        app.query_sent(),
        app.query_shown(),
        app.vote_scroll(),
        app.ratings_scroll(),
        app.size(),
        app.blind(),
    )
}

/// The invariants after an event.
fn check(app: &App) -> Result<(), String> {
    let (rows, selected, offset) = (app.list_rows(), app.list_selected(), app.list_offset());
    if rows.is_empty() {
        if selected != 0 {
            return Err(format!("selection {selected} in an empty list"));
        }
    } else if selected >= rows.len() {
        return Err(format!("selection {selected} outside a list of {}", rows.len()));
    }
    if let Some(h) = app.list_rows_shown() {
        if !rows.is_empty() && h > 0 && (selected < offset || selected >= offset + h) {
            return Err(format!("selection {selected} not visible (offset {offset}, {h} rows)"));
        }
        if let (Some(battle), Some(height)) = (app.transcript_battle(), app.transcript_rows_shown()) {
            for (i, rows) in app.transcript_rows().into_iter().enumerate() {
                let max = rows.saturating_sub(height);
                if app.transcript_scroll()[i] > max {
                    return Err(format!("transcript {i} scrolled to {} of {} rows", app.transcript_scroll()[i], max));
                }
            }
            if Some(battle) != app.selected_battle() {
                return Err(format!("transcript shows {battle:?}, {:?} is selected", app.selected_battle()));
            }
        }
    }
    if app.query_lines() != 1 {
        return Err(format!("the query bar holds {} lines", app.query_lines()));
    }
    if app.query_shown() > app.query_sent() {
        return Err(format!("shows evaluation {} of {} asked for", app.query_shown(), app.query_sent()));
    }
    // With every job done, the list is what the last query asked for.
    if !app.query_running()
        && app.query_error().is_none()
        && !app.query_sent_text().contains("review:")
        && let Some(index) = app.index()
        && let Ok(q) = CompiledQuery::new(index, app.query_sent_text())
    {
        let mut expected: Vec<BattleId> = battles_matching(index, &q, &arenascope::query::NoReviews);
        let mut shown = rows.to_vec();
        expected.sort();
        shown.sort();
        if expected != shown && app.query_sent() > 0 {
            return Err(format!(
                "the list shows {} battles, {:?} matches {}",
                shown.len(),
                app.query_sent_text(),
                expected.len()
            ));
        }
    }
    Ok(())
}

/// Draws twice: the same cells both times, the state unchanged, nothing raw from the data.
fn check_draw(app: &App) -> Result<(), String> {
    let before = fingerprint(app);
    let first = draw(app);
    let second = draw(app);
    if first != second {
        return Err("two draws of the same state differ".into());
    }
    if fingerprint(app) != before {
        return Err("drawing changed the state".into());
    }
    for cell in first.content() {
        for c in cell.symbol().chars() {
            if placeholder(c).is_some() || c.is_control() {
                return Err(format!("{c:?} reached the screen:\n{}", text_of(&first)));
            }
        }
    }
    Ok(())
}

fn soak(name: &str, battles: &[Battle], default_events: u64) {
    let dir = TempDir::new().expect("temp dir");
    let review_file = dir.path().join("reviews.jsonl");
    let seed = seed() ^ name.bytes().fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(b as u64));
    let mut rng = Rng(seed);
    let mut app = app_with_reviews(battles, 120, 40, "", &review_file);
    app.set_export_dir(dir.path().to_path_buf());
    let total = events(default_events);
    let mut recent: VecDeque<String> = VecDeque::new();
    let mut visited = std::collections::BTreeMap::<String, u64>::new();
    for n in 0..total {
        *visited.entry(format!("{:?}", app.context())).or_default() += 1;
        // Now and then the user starts over: closes what is open and clears the query, so the
        // soak does not spend its events on an empty list.
        if rng.chance(0.01) {
            let key = |code, modifiers| Event::Key(KeyEvent::new(code, modifiers));
            for e in [
                key(KeyCode::Esc, KeyModifiers::NONE),
                key(KeyCode::Esc, KeyModifiers::NONE),
                key(KeyCode::Char('/'), KeyModifiers::NONE),
                key(KeyCode::Char('u'), KeyModifiers::CONTROL),
                key(KeyCode::Enter, KeyModifiers::NONE),
            ] {
                if let Some(action) = app.action_for(&e) {
                    app.update(action);
                }
            }
            run_jobs(&mut app);
            recent.push_back(format!("{n}: (start over: esc esc / ctrl-u enter)"));
        }
        let event = random_event(&mut rng, &app);
        recent.push_back(format!("{n}: {event:?}"));
        if recent.len() > 12 {
            recent.pop_front();
        }
        let outcome = catch_unwind(AssertUnwindSafe(|| -> Result<(), String> {
            if let Some(action) = app.action_for(&event) {
                app.update(action);
            }
            run_jobs(&mut app);
            if n % 97 == 0 {
                reload_reviews(&mut app);
            }
            check(&app)?;
            // Every event is drawn; the double draw and the cell scan cost more, so not always.
            if n % 7 == 0 {
                check_draw(&app)
            } else {
                draw(&app)
                    .area
                    .width
                    .eq(&app.size().width)
                    .then_some(())
                    .ok_or_else(|| "the frame is not the screen's size".to_owned())
            }
        }));
        let failure = match outcome {
            Ok(Ok(())) => None,
            Ok(Err(broken)) => Some(format!("invariant broken: {broken}")),
            Err(payload) => Some(format!(
                "PANIC: {}",
                payload
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_default()
            )),
        };
        if let Some(f) = failure {
            panic!(
                "{name}: {f}\n  at event {n} of seed {} (rerun: ARENASCOPE_SOAK_SEED={} ARENASCOPE_SOAK_EVENTS={} \
                 cargo test --release --test tui soak::{name})\n  last events:\n    {}",
                seed,
                self::seed(),
                n + 1,
                recent.iter().cloned().collect::<Vec<_>>().join("\n    ")
            );
        }
        // Quitting is one more state to leave: start again from where the user was.
        app.resume();
    }
    assert_no_leftovers(dir.path());
    eprintln!("soak {name}: {total} events; contexts seen: {visited:?}");
    // A soak that never leaves the list tests little.
    assert!(visited.len() >= 5 || total < 500, "the soak reached only {visited:?}");
}

/// Nothing but the review file, its lock-free neighbours and exports was written.
fn assert_no_leftovers(dir: &Path) {
    for entry in std::fs::read_dir(dir).expect("read the temp dir").flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        assert!(
            name.starts_with("reviews.jsonl") || name.starts_with("arenascope-review"),
            "an unexpected file was written: {name}"
        );
    }
}

#[test]
fn sample() {
    soak("sample", &synth::generate(synth::SAMPLE_ROWS, synth::SAMPLE_SEED), 3000);
}

#[test]
fn hostile() {
    soak("hostile", &hostile_battles(), 2000);
}
