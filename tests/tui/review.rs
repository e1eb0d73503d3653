//! Flagging and blind re-judging in the browser, driven by keys as a user would, with the
//! review store in a temporary file (`--review-file`); the workers' jobs run in place.

use std::path::{Path, PathBuf};

use arenascope::fixtures;
use arenascope::index::{BattleId, DatasetInfo, Index};
use arenascope::model::Winner;
use arenascope::review::{Edit, Reviews, StoreLocation};
use arenascope::tui::testing::{
    Action, App, Command, Config, Context, FlagField, Key, Overlay, Pane, Question, app_with_reviews, reload_reviews,
    run_jobs, screen,
};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

struct Setup {
    _dir: tempfile::TempDir,
    file: PathBuf,
}

fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("flags.jsonl");
    Setup { _dir: dir, file }
}

fn app(s: &Setup, query: &str) -> App {
    app_with_reviews(&fixtures::varied(), 120, 40, query, &s.file)
}

/// The store as another process (or the next session) reads it from disk.
fn on_disk(file: &Path) -> Reviews {
    let index = Index::from_battles(&fixtures::varied(), DatasetInfo::default());
    Reviews::open(&index, &StoreLocation::File(file.to_path_buf())).unwrap().0
}

/// Flags battles in the file before the browser opens it.
fn prepare(file: &Path, edits: &[(u32, Edit)]) {
    let index = Index::from_battles(&fixtures::varied(), DatasetInfo::default());
    let (mut r, _) = Reviews::open(&index, &StoreLocation::File(file.to_path_buf())).unwrap();
    for (b, e) in edits {
        r.edit(&index, BattleId(*b), e.clone()).unwrap();
    }
}

fn labels(l: &[&str]) -> Vec<String> {
    l.iter().map(|s| (*s).to_owned()).collect()
}

/// A key as the terminal sends it; the jobs it causes are not run.
fn press(app: &mut App, code: KeyCode, modifiers: KeyModifiers) {
    if let Some(a) = app.action_for(&Event::Key(KeyEvent::new(code, modifiers))) {
        app.update(a);
    }
}

fn key(app: &mut App, code: KeyCode) {
    press(app, code, KeyModifiers::NONE);
    run_jobs(app);
}

fn keys(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}

fn ctrl(app: &mut App, c: char) {
    press(app, KeyCode::Char(c), KeyModifiers::CONTROL);
}

fn row_of(text: &str, needle: &str) -> String {
    text.lines().find(|l| l.contains(needle)).unwrap_or_else(|| panic!("no line with {needle}:\n{text}")).to_owned()
}

#[test]
fn f_flags_with_labels_and_a_note_saved_before_it_says_so() {
    let s = setup();
    let mut app = app(&s, "");
    key(&mut app, KeyCode::Char('j'));
    assert_eq!(app.selected_battle(), Some(BattleId(1)));
    key(&mut app, KeyCode::Char('f'));
    assert_eq!(app.context(), Context::Flag);
    // Number 1 toggles "wrong vote"; j j Space toggles the third, "unsafe".
    keys(&mut app, "1jj ");
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.context(), Context::Note);
    keys(&mut app, "answer B is off-topic");
    key(&mut app, KeyCode::Enter);
    keys(&mut app, "q and j are letters here");
    assert!(!app.should_quit());
    ctrl(&mut app, 's');
    // Handed to the review worker, not yet acknowledged: "saving…", no star yet.
    assert!(app.overlay().is_none());
    assert!(app.is_saving() && !app.is_flagged(BattleId(1)));
    assert!(screen(&app).contains("saving…"));
    run_jobs(&mut app);
    assert!(!app.is_saving() && app.is_flagged(BattleId(1)));
    let text = screen(&app);
    assert!(row_of(&text, "vicuna-13b").contains('★'), "{text}");
    assert!(text.contains("saved ★ 0002bbbb: unsafe, wrong vote + note"), "{text}");
    assert!(text.contains("★ unsafe, wrong vote"), "the vote pane shows the labels:\n{text}");
    assert!(text.contains("answer B is off-topic …"), "and the note's first line:\n{text}");

    let disk = on_disk(&s.file);
    let e = disk.entry(BattleId(1)).expect("on disk");
    assert_eq!(e.labels.iter().cloned().collect::<Vec<_>>(), labels(&["unsafe", "wrong vote"]));
    assert_eq!(e.note, "answer B is off-topic\nq and j are letters here");
}

#[test]
fn the_same_key_edits_a_flag_and_unflagging_asks_once() {
    let s = setup();
    prepare(&s.file, &[(1, Edit::SetFlag { labels: labels(&["wrong vote", "jailbreak"]), note: "first".into() })]);
    let mut app = app(&s, "");
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char('f'));
    let Some(Overlay::Flag(d)) = app.overlay() else { panic!("no dialog") };
    assert!(d.was_flagged());
    assert_eq!(d.chosen_labels(), labels(&["wrong vote", "jailbreak"]), "pre-filled, unconfigured labels too");
    assert_eq!(d.note_lines(), ["first"]);
    assert!(screen(&app).contains("Edit the flag of 0002bbbb"));
    // Uncheck "wrong vote", add to the note, save.
    keys(&mut app, "1");
    key(&mut app, KeyCode::Tab);
    keys(&mut app, " and more");
    ctrl(&mut app, 's');
    run_jobs(&mut app);
    let e = on_disk(&s.file).entry(BattleId(1)).cloned().unwrap();
    assert_eq!(e.labels.iter().cloned().collect::<Vec<_>>(), labels(&["jailbreak"]));
    assert_eq!(e.note, "first and more");

    // F asks; n keeps the flag.
    key(&mut app, KeyCode::Char('F'));
    assert!(matches!(app.overlay(), Some(Overlay::Confirm(Question::Unflag(BattleId(1))))));
    let text = screen(&app);
    assert!(text.contains("Remove the flag of 0002bbbb?") && text.contains("y yes"), "{text}");
    key(&mut app, KeyCode::Char('n'));
    assert!(app.overlay().is_none() && app.is_flagged(BattleId(1)));
    // Emptying the dialog and saving asks the same question; y removes the flag.
    key(&mut app, KeyCode::Char('f'));
    keys(&mut app, "8");
    key(&mut app, KeyCode::Tab);
    for _ in 0.."first and more".len() {
        key(&mut app, KeyCode::Backspace);
    }
    ctrl(&mut app, 's');
    assert!(matches!(app.overlay(), Some(Overlay::Confirm(_))), "an empty flag is a removal: asked first");
    key(&mut app, KeyCode::Char('y'));
    assert!(!app.is_flagged(BattleId(1)));
    assert!(!row_of(&screen(&app), "vicuna-13b").contains('★'));
    assert!(on_disk(&s.file).entry(BattleId(1)).is_none());
    // Nothing to remove now: said, not asked.
    key(&mut app, KeyCode::Char('F'));
    assert!(app.overlay().is_none() && app.notice() == Some("this battle has no flag to remove"));
}

#[test]
fn esc_cancels_the_dialog_from_the_labels_and_leaves_the_note_first() {
    let s = setup();
    let mut app = app(&s, "");
    key(&mut app, KeyCode::Char('f'));
    keys(&mut app, "2");
    key(&mut app, KeyCode::Tab);
    keys(&mut app, "x");
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.context(), Context::Flag, "Esc in the note goes back to the labels");
    let Some(Overlay::Flag(d)) = app.overlay() else { panic!() };
    assert_eq!((d.field(), d.note_text().as_str()), (FlagField::Labels, "x"));
    key(&mut app, KeyCode::Esc);
    assert!(app.overlay().is_none());
    assert!(!app.is_flagged(BattleId(0)) && !s.file.exists(), "nothing written");
    // Saving an empty dialog on an unflagged battle says what to do instead.
    key(&mut app, KeyCode::Char('f'));
    ctrl(&mut app, 's');
    assert!(app.notice().is_some_and(|n| n.contains("check a label or write a note")));
}

#[test]
fn brackets_jump_between_flagged_battles_of_the_list() {
    let s = setup();
    prepare(&s.file, &[(1, Edit::AddLabels(labels(&["unsafe"]))), (3, Edit::SetNote("look".into()))]);
    let mut app = app(&s, "");
    key(&mut app, KeyCode::Char(']'));
    assert_eq!(app.selected_battle(), Some(BattleId(1)));
    key(&mut app, KeyCode::Char(']'));
    assert_eq!(app.selected_battle(), Some(BattleId(3)));
    key(&mut app, KeyCode::Char(']'));
    assert_eq!(app.selected_battle(), Some(BattleId(1)), "wraps around");
    assert!(app.notice().is_some_and(|n| n.contains("wrapped to the top")));
    key(&mut app, KeyCode::Char('['));
    assert_eq!(app.selected_battle(), Some(BattleId(3)));
    // From the transcript too.
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('['));
    assert_eq!((app.selected_battle(), app.focused()), (Some(BattleId(1)), Pane::Transcript));
    // Within the current result list only: say so when it has none.
    key(&mut app, KeyCode::Char('/'));
    keys(&mut app, "lang:german");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char(']'));
    let notice = app.notice().map(str::to_owned).unwrap_or_default();
    assert!(notice.contains("no flagged battle in this list (2 flagged in all"), "{notice}");
}

#[test]
fn review_terms_in_the_query_follow_every_change() {
    let s = setup();
    prepare(
        &s.file,
        &[
            (1, Edit::AddLabels(labels(&["wrong vote"]))),
            (3, Edit::SetFlag { labels: labels(&["unsafe"]), note: "why".into() }),
            (2, Edit::SetVote(Some(Winner::ModelA))),
        ],
    );
    // Given at start-up: evaluated again once the store is open.
    let mut app = app_with_reviews(&fixtures::varied(), 200, 60, "review:flagged", &s.file);
    assert_eq!(app.list_rows(), [BattleId(1), BattleId(3)]);
    let query = |app: &mut App, q: &str| {
        app.set_query_text(q);
        key(app, KeyCode::Char('/'));
        key(app, KeyCode::Enter);
        app.list_rows().to_vec()
    };
    assert_eq!(query(&mut app, "review:wrong-vote"), [BattleId(1)]);
    assert_eq!(query(&mut app, "review:noted"), [BattleId(3)]);
    assert_eq!(query(&mut app, "review:none"), [BattleId(0), BattleId(2), BattleId(4)], "a vote alone is no flag");
    assert_eq!(query(&mut app, "-review:flagged"), [BattleId(0), BattleId(2), BattleId(4)]);
    assert_eq!(app.current_ratings().map(|r| r.battles), Some(3), "the ratings leave the flagged out");
    // A label nobody has or configured is most likely a typo: the query bar says so.
    assert!(query(&mut app, "review:wrong-vot").is_empty());
    assert_eq!(app.unknown_labels(), ["wrong-vot"]);
    assert!(screen(&app).contains("no battle has the label \"wrong-vot\""), "{}", screen(&app));
    query(&mut app, "review:unsafe|refusal");
    assert!(app.unknown_labels().is_empty(), "one in use, one configured: {:?}", app.unknown_labels());
    query(&mut app, "-review:flagged");
    // Flag one more from the list: it leaves `-review:flagged`, and the ratings follow.
    key(&mut app, KeyCode::Char('G'));
    assert_eq!(app.selected_battle(), Some(BattleId(4)));
    key(&mut app, KeyCode::Char('f'));
    keys(&mut app, "2");
    ctrl(&mut app, 's');
    run_jobs(&mut app);
    assert_eq!(app.list_rows(), [BattleId(0), BattleId(2)]);
    assert_eq!(app.selected_battle(), Some(BattleId(2)), "the list keeps its place");
    assert_eq!(app.current_ratings().map(|r| r.battles), Some(2));
    // Unflagging under review:flagged drops the battle from the list.
    query(&mut app, "review:flagged");
    key(&mut app, KeyCode::Char('g'));
    key(&mut app, KeyCode::Char('F'));
    key(&mut app, KeyCode::Char('y'));
    assert_eq!(app.list_rows(), [BattleId(3), BattleId(4)]);
}

#[test]
fn other_processes_changes_show_up_and_store_problems_are_reported() {
    let s = setup();
    // A journal whose last line was cut short by a crash.
    std::fs::write(
        &s.file,
        "{\"op\":\"put\",\"id\":\"0002bbbb\",\"labels\":[\"unsafe\"],\"note\":\"\",\"created\":1,\"updated\":1}\n{\"op\":\"put\",\"id\":\"0003",
    )
    .unwrap();
    let mut app = app(&s, "");
    assert!(app.is_flagged(BattleId(1)), "the good line is kept");
    let notice = app.notice().map(str::to_owned).unwrap_or_default();
    assert!(notice.starts_with("review store:") && notice.contains("line 2"), "{notice}");
    key(&mut app, KeyCode::Char('j'));
    assert!(screen(&app).contains("1 review warning (p)"), "once the notice is gone");
    key(&mut app, KeyCode::Char('p'));
    let text = screen(&app);
    assert!(text.contains("The review store reported:"), "{text}");
    key(&mut app, KeyCode::Esc);
    // Another process flags battle 4; the browser's periodic re-read picks it up.
    prepare(&s.file, &[(4, Edit::AddLabels(labels(&["duplicate"])))]);
    assert!(!app.is_flagged(BattleId(4)));
    reload_reviews(&mut app);
    assert!(app.is_flagged(BattleId(4)));
}

#[test]
fn a_save_that_fails_says_so_and_reveals_nothing() {
    let dir = tempfile::tempdir().unwrap();
    // The store opens empty (no journal yet); then its folder becomes a file, so the first
    // save cannot create the journal.
    let file = dir.path().join("sub").join("flags.jsonl");
    let mut app = app_with_reviews(&fixtures::varied(), 120, 40, "", &file);
    std::fs::write(dir.path().join("sub"), "").unwrap();
    key(&mut app, KeyCode::Char('b'));
    key(&mut app, KeyCode::Char('1'));
    assert!(app.notice().is_some_and(|n| n.starts_with("NOT saved")), "{:?}", app.notice());
    assert!(app.names_hidden(BattleId(0)), "an unsaved vote does not count");
    assert_eq!(app.own_vote(BattleId(0)), None);
}

#[test]
fn blind_votes_are_stored_then_reveal_the_battle() {
    let s = setup();
    let mut app = app(&s, "");
    key(&mut app, KeyCode::Char('b'));
    assert!(app.names_hidden(BattleId(0)) && app.names_hidden(BattleId(1)));
    let text: String = screen(&app).lines().skip(3).collect::<Vec<_>>().join("\n");
    assert!(!text.contains("gpt-4") && !text.contains("claude-v1"), "{text}");
    assert!(text.contains("1 A 2 B 3 tie 4 both bad"), "the vote keys are shown:\n{text}");
    assert!(text.contains("1/2/3/4 vote A/B/tie/both bad"), "and in the status bar:\n{text}");
    // Battle 0: the crowd said tie. Vote A: revealed at once, saved by the worker.
    press(&mut app, KeyCode::Char('1'), KeyModifiers::NONE);
    assert!(!app.names_hidden(BattleId(0)) && app.is_saving());
    run_jobs(&mut app);
    assert_eq!(on_disk(&s.file).view().own_vote(BattleId(0)), Some(Winner::ModelA));
    let text = screen(&app);
    assert!(row_of(&text, "claude-v1").contains("gpt-4"), "the names are shown:\n{text}");
    assert!(row_of(&text, "winner").contains("tie"), "the crowd's vote is shown:\n{text}");
    assert!(row_of(&text, "your vote").contains("A  ✗ the crowd differs"), "{text}");
    assert!(text.contains("you: A · crowd: tie · ✗ you disagree"), "{text}");
    assert!(!app.names_hidden(BattleId(0)) && app.names_hidden(BattleId(1)), "only that battle");
    // Voting again is refused; > moves to the next battle without a vote.
    key(&mut app, KeyCode::Char('2'));
    assert!(app.notice().is_some_and(|n| n.contains("already")));
    key(&mut app, KeyCode::Char('>'));
    assert_eq!(app.selected_battle(), Some(BattleId(1)));
    assert!(app.names_hidden(BattleId(1)));
    // u takes a vote back: hidden again.
    app.update(Action::Select(BattleId(0)));
    key(&mut app, KeyCode::Char('u'));
    assert!(app.names_hidden(BattleId(0)));
    assert_eq!(on_disk(&s.file).view().own_vote(BattleId(0)), None);
    // Outside blind mode the vote keys do nothing, and names show.
    key(&mut app, KeyCode::Char('b'));
    assert!(!app.names_hidden(BattleId(0)));
    key(&mut app, KeyCode::Char('1'));
    assert_eq!(app.own_vote(BattleId(0)), None);
}

#[test]
fn the_summary_shows_agreement_kappa_and_own_ratings() {
    let s = setup();
    let mut app = app(&s, "");
    key(&mut app, KeyCode::Char('b'));
    // Crowd: tie, B, both bad, B, A. Own: tie, A, both bad, B, B: 3 of 5 agree.
    for vote in ['3', '1', '4', '2', '2'] {
        key(&mut app, KeyCode::Char(vote));
        key(&mut app, KeyCode::Char('>'));
    }
    assert!(app.notice().is_some_and(|n| n.contains("you voted on every battle in this list")));
    key(&mut app, KeyCode::Char('v'));
    let Some(Overlay::Summary { summary: Some(summary), .. }) = app.overlay() else { panic!("no summary") };
    let all = &summary.agreement.all_outcomes;
    assert_eq!((all.n, all.agreed), (5, 3));
    // p_o = 0.6; own and crowd both A 1, B 2, tie 1, both bad 1: p_e = 7/25.
    assert!((all.kappa.unwrap() - (0.6 - 0.28) / 0.72).abs() < 1e-9);
    let decisive = &summary.agreement.decisive;
    assert_eq!((decisive.n, decisive.agreed), (3, 1));
    assert!((decisive.kappa.unwrap() + 0.5).abs() < 1e-9, "p_o 1/3, p_e 5/9");
    let text = screen(&app);
    assert!(text.contains("all four outcomes") && text.contains("60.0% agree") && text.contains("0.444"), "{text}");
    assert!(text.contains("33.3% agree") && text.contains("-0.500"), "{text}");
    assert!(text.contains("Ratings on the 5 battles you voted on"), "{text}");
    key(&mut app, KeyCode::Char('v'));
    assert!(app.overlay().is_none(), "v closes it again");
}

#[test]
fn x_in_the_summary_offers_a_new_file_and_enter_exports_there() {
    let s = setup();
    prepare(
        &s.file,
        &[(1, Edit::SetFlag { labels: labels(&["unsafe"]), note: "n".into() }), (3, Edit::SetVote(Some(Winner::Tie)))],
    );
    let mut app = app(&s, "");
    app.set_export_dir(s._dir.path().to_path_buf());
    key(&mut app, KeyCode::Char('v'));
    assert!(screen(&app).contains("x export"), "the key is shown");
    key(&mut app, KeyCode::Char('x'));
    assert_eq!(app.context(), Context::Export, "the export dialog");
    let first = s._dir.path().join("arenascope-review.jsonl");
    assert!(screen(&app).contains("2 battles you flagged or voted on"), "{}", screen(&app));
    key(&mut app, KeyCode::Enter);
    let notice = app.notice().map(str::to_owned).unwrap_or_default();
    assert!(
        notice.starts_with("wrote 2 battles (") && notice.contains(&format!("JSON Lines) to {}", first.display())),
        "{notice}"
    );
    // Again: the dialog offers the next free name, so no file is overwritten.
    key(&mut app, KeyCode::Char('v'));
    key(&mut app, KeyCode::Char('x'));
    key(&mut app, KeyCode::Enter);
    let second = s._dir.path().join("arenascope-review-2.jsonl");
    assert!(app.notice().is_some_and(|n| n.contains("arenascope-review-2.jsonl;")), "{:?}", app.notice());
    assert_eq!(std::fs::read(&first).unwrap(), std::fs::read(&second).unwrap());
    // The export is a dataset again, with its review.
    let source = arenascope::load::DataSource::Paths(vec![first.clone()]);
    let loaded = arenascope::load::load(&source, Default::default()).unwrap();
    assert_eq!((loaded.index.len(), loaded.report.skipped), (2, 0));
    let text = std::fs::read_to_string(&first).unwrap();
    assert!(text.lines().all(|l| l.contains("\"review\":{")), "{text}");
}

#[test]
fn the_new_keys_come_from_the_config_like_the_others() {
    let s = setup();
    let mut app = app(&s, "");
    let config = "[keys.blind]\nvote_a = \"a\"\n[keys.global]\nflag = \"z\"\n[keys.flag]\nsave = \"s\"\n";
    app.set_keymap(Config::parse(config).unwrap().keymap);
    key(&mut app, KeyCode::Char('f'));
    assert!(app.overlay().is_none(), "f is no longer flag");
    key(&mut app, KeyCode::Char('z'));
    assert_eq!(app.context(), Context::Flag);
    assert!(screen(&app).contains("s save"), "the dialog names the new key");
    keys(&mut app, "2s");
    assert!(app.is_flagged(BattleId(0)));
    key(&mut app, KeyCode::Char('b'));
    let text = screen(&app);
    assert!(text.contains("a/2/3/4 vote A/B/tie/both bad") && text.contains("a A 2 B 3 tie 4 both bad"), "{text}");
    key(&mut app, KeyCode::Char('1'));
    assert_eq!(app.own_vote(BattleId(0)), None, "1 is no longer a vote");
    key(&mut app, KeyCode::Char('a'));
    assert_eq!(app.own_vote(BattleId(0)), Some(Winner::ModelA));
    key(&mut app, KeyCode::Char('?'));
    let help = screen(&app);
    assert!(help.contains("Blind re-judging") && help.contains("vote: A is better"), "{help}");
}

// --- snapshots (reviewed before accepting) ---------------------------------------------------

/// The screen with the review file's temporary path replaced by a fixed placeholder.
fn redacted(app: &App, file: &Path) -> String {
    let path = file.display().to_string();
    screen(app)
        .lines()
        .map(|line| match line.find("review store  ") {
            Some(at) if line.contains(&path[..path.len().min(12)]) => {
                let start = at + "review store  ".len();
                let end = line.rfind('│').unwrap_or(line.len());
                let width = line[start..end].chars().count();
                format!("{}{:<width$}{}", &line[..start], "<review file>", &line[end..])
            }
            _ => line.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn snapshots_of_the_flag_dialog_and_the_question() {
    let s = setup();
    prepare(&s.file, &[(1, Edit::SetFlag { labels: labels(&["wrong vote", "jailbreak"]), note: "first".into() })]);
    for (w, h) in [(120, 40), (80, 24)] {
        let mut app = app_with_reviews(&fixtures::varied(), w, h, "", &s.file);
        key(&mut app, KeyCode::Char('j'));
        key(&mut app, KeyCode::Char('f'));
        keys(&mut app, "jj ");
        key(&mut app, KeyCode::Tab);
        key(&mut app, KeyCode::Enter);
        keys(&mut app, "the crowd preferred the refusal");
        insta::assert_snapshot!(format!("review_flag_dialog_{w}x{h}"), screen(&app));
    }
    let mut app = app(&s, "");
    key(&mut app, KeyCode::Char('f'));
    insta::assert_snapshot!("review_flag_dialog_new", screen(&app));
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char('F'));
    insta::assert_snapshot!("review_confirm_unflag", screen(&app));
}

#[test]
fn snapshots_of_blind_re_judging_and_the_summary() {
    let s = setup();
    prepare(&s.file, &[(3, Edit::AddLabels(labels(&["unsafe"])))]);
    let mut app = app(&s, "");
    key(&mut app, KeyCode::Char('b'));
    key(&mut app, KeyCode::Char('j'));
    insta::assert_snapshot!("review_blind_before_vote", screen(&app));
    key(&mut app, KeyCode::Char('1'));
    insta::assert_snapshot!("review_blind_after_vote", screen(&app));
    app.update(Action::Select(BattleId(0)));
    // Crowd: tie, B, both bad, B, A; own: tie, A (above), both bad, B, B.
    for vote in ['3', '>', '4', '>', '2', '>', '2'] {
        key(&mut app, KeyCode::Char(vote));
    }
    key(&mut app, KeyCode::Char('b'));
    insta::assert_snapshot!("review_list_after_votes", screen(&app));
    key(&mut app, KeyCode::Char('v'));
    insta::assert_snapshot!("review_summary", redacted(&app, &s.file));
}

#[test]
fn the_readme_config_example_parses() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme.find("```toml\n").expect("a toml example") + "```toml\n".len();
    let toml = &readme[start..start + readme[start..].find("```").unwrap()];
    let config = Config::parse(toml).unwrap();
    let key = |s| Key::parse(s).unwrap();
    assert_eq!(config.keymap.command_in_mode(Context::List, true, key("a")), Some(Command::VoteA));
    assert_eq!(config.keymap.command(Context::Flag, key("f2")), Some(Command::Save));
}
