//! Drawing the heaviest screen: a battle whose answers are 15,000 characters each (prose,
//! lists, code, CJK), 200x60, over ratatui's TestBackend. Also laying that battle out (what
//! selecting it costs) and a keypress (update + draw). With ARENASCOPE_BENCH_FILE set, the
//! battle with the longest answers of that file is used instead.

use std::hint::black_box;
use std::sync::Arc;

use arenascope::fixtures;
use arenascope::index::{BattleId, DatasetInfo, Index, Side};
use arenascope::load::{LoadOptions, load_paths};
use arenascope::tui::testing::{Action, App, Command, app_with_index};
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const WORDS: &[&str] = &[
    "the",
    "model",
    "answer",
    "parquet",
    "battle",
    "rating",
    "quickly",
    "because",
    "several",
    "language",
    "並行",
    "プログラム",
    "emoji😀",
    "function",
    "returns",
    "value",
    "while",
    "users",
    "compare",
    "results",
];

/// About `chars` characters of varied text: paragraphs, a list, a code block, CJK, emoji.
fn long_text(chars: usize, seed: usize) -> String {
    let mut s = String::with_capacity(chars + 100);
    let mut i = seed as u64;
    let mut para = 0;
    while s.chars().count() < chars {
        match para % 4 {
            1 => {
                for _ in 0..5 {
                    s.push_str("- ");
                    for _ in 0..12 {
                        i = i.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                        s.push_str(WORDS[(i >> 33) as usize % WORDS.len()]);
                        s.push(' ');
                    }
                    s.push('\n');
                }
            }
            3 => s.push_str("```rust\nfn main() {\n\tlet x = vec![1, 2, 3];\n\tprintln!(\"{x:?}\");\n}\n```\n"),
            _ => {
                for _ in 0..60 {
                    i = i.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    s.push_str(WORDS[(i >> 33) as usize % WORDS.len()]);
                    s.push(' ');
                }
                s.push('\n');
            }
        }
        s.push('\n');
        para += 1;
    }
    s.chars().take(chars).collect()
}

/// The index and the battle to draw.
fn heavy() -> (Arc<Index>, BattleId) {
    if let Some(path) = std::env::var_os("ARENASCOPE_BENCH_FILE") {
        let loaded = load_paths(&[path.into()], LoadOptions::default()).expect("ARENASCOPE_BENCH_FILE loads");
        let index = loaded.index;
        let b = index
            .battle_ids()
            .max_by_key(|&b| index.answer_bytes(b, Side::A) + index.answer_bytes(b, Side::B))
            .expect("a battle");
        return (Arc::new(index), b);
    }
    let mut rows = fixtures::varied();
    let mut b = fixtures::battle("0009heavy", "gpt-4", "claude-v1");
    let prompt = "Write a very long answer about parquet files, ratings and battles.";
    let (a, bb) = (long_text(15_000, 1), long_text(15_000, 2));
    b.conversation_a = fixtures::conversation(&[prompt, &a]);
    b.conversation_b = fixtures::conversation(&[prompt, &bb]);
    rows.push(b);
    let id = BattleId(rows.len() as u32 - 1);
    (Arc::new(Index::from_battles(&rows, DatasetInfo { name: "bench".into(), ..Default::default() })), id)
}

/// An app showing `battle`; each bench gets its own.
fn app_of(index: &Arc<Index>, battle: BattleId) -> App {
    let mut app = app_with_index(index.clone(), Default::default(), 200, 60, "");
    app.update(Action::Select(battle));
    app
}

fn bench(c: &mut Criterion) {
    let (index, battle) = heavy();
    let app = app_of(&index, battle);
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("test backend");
    c.bench_function("draw heaviest screen 200x60", |b| {
        b.iter(|| {
            terminal.draw(|f| f.render_widget(black_box(&app), f.area())).expect("draw");
        })
    });

    let mut moving = app_of(&index, battle);
    c.bench_function("keypress: scroll the transcript and draw 200x60", |b| {
        moving.update(Action::Command(Command::FocusNext));
        let mut down = true;
        b.iter(|| {
            down = !down;
            moving.update(Action::Command(if down { Command::PageDown } else { Command::PageUp }));
            terminal.draw(|f| f.render_widget(&moving, f.area())).expect("draw");
        })
    });

    c.bench_function("select the heavy battle: lay out and draw 200x60", |b| {
        let mut a = app_of(&index, battle);
        let other = BattleId(0);
        b.iter(|| {
            a.update(Action::Select(other));
            a.update(Action::Select(battle));
            terminal.draw(|f| f.render_widget(&a, f.area())).expect("draw");
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
