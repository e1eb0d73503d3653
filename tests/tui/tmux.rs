//! End to end: the real binary in a real terminal (tmux). It searches, opens a battle, quits,
//! and the terminal must come back as it was, also after SIGTERM and SIGHUP. Skipped, with a
//! message, where tmux is not installed.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use arenascope::index::{DatasetInfo, Index};
use arenascope::row_json::row_to_json;

const BIN: &str = env!("CARGO_BIN_EXE_arenascope");

/// True (after saying so) when tmux is missing, so the end-to-end test cannot run.
pub(super) fn skip_without_tmux() -> bool {
    let available = Command::new("tmux").arg("-V").output().is_ok_and(|o| o.status.success());
    if !available {
        eprintln!("SKIPPED: tmux is not installed, so the end-to-end test cannot run");
    }
    !available
}

/// A tmux server of our own (its own socket, no user config), killed on drop.
pub(super) struct Tmux {
    socket: String,
    _dir: tempfile::TempDir,
}

static SESSIONS: AtomicUsize = AtomicUsize::new(0);

impl Tmux {
    /// Starts `arenascope ARGS` in a `width`x`height` window; the shell prints its exit status
    /// after it ends and keeps the pane open.
    pub(super) fn start(args: &[&str], width: u16, height: u16) -> Tmux {
        Tmux::start_with_env(args, &[], width, height)
    }

    /// [`Tmux::start`] with more `NAME=VALUE` variables in the environment.
    pub(super) fn start_with_env(args: &[&str], env: &[&str], width: u16, height: u16) -> Tmux {
        let dir = tempfile::tempdir().unwrap();
        let socket = format!("arenascope-e2e-{}-{}", std::process::id(), SESSIONS.fetch_add(1, Ordering::SeqCst));
        let quoted: Vec<String> = args.iter().map(|a| format!("'{a}'")).collect();
        let script = format!("'{BIN}' {}; echo EXIT:$?; exec sleep 600", quoted.join(" "));
        let config_home = dir.path().join("config");
        // The dataset's review store (when no --review-file is given) lands here, not in ~.
        let data_home = dir.path().join("data");
        let t = Tmux { socket, _dir: dir };
        let xdg =
            [format!("XDG_CONFIG_HOME={}", config_home.display()), format!("XDG_DATA_HOME={}", data_home.display())];
        let mut vars: Vec<&str> = xdg.iter().map(String::as_str).collect();
        vars.extend_from_slice(env);
        let mut args = vec!["-f", "/dev/null", "new-session", "-d", "-x"];
        let (w, h) = (width.to_string(), height.to_string());
        args.extend_from_slice(&[&w, "-y", &h]);
        for v in &vars {
            args.extend_from_slice(&["-e", v]);
        }
        args.extend_from_slice(&["sh", "-c", &script]);
        let out = t.tmux(&args);
        assert!(out.status.success(), "tmux new-session: {}", String::from_utf8_lossy(&out.stderr));
        t
    }

    pub(super) fn tmux(&self, args: &[&str]) -> Output {
        Command::new("tmux").arg("-L").arg(&self.socket).args(args).output().expect("tmux runs")
    }

    pub(super) fn screen(&self) -> String {
        String::from_utf8_lossy(&self.tmux(&["capture-pane", "-p"]).stdout).into_owned()
    }

    pub(super) fn format(&self, f: &str) -> String {
        String::from_utf8_lossy(&self.tmux(&["display", "-p", f]).stdout).trim().to_owned()
    }

    pub(super) fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys"];
        args.extend_from_slice(keys);
        assert!(self.tmux(&args).status.success());
    }

    pub(super) fn text(&self, text: &str) {
        assert!(self.tmux(&["send-keys", "-l", text]).status.success());
    }

    /// Waits until the screen satisfies `ok`, failing with the last screen after 15 s.
    /// Waits until `ok` holds, then returns a capture taken a little later for which it still
    /// holds: a capture can land while a frame is half written, and the caller's further
    /// assertions want the whole frame.
    pub(super) fn wait_for(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if ok(&s) {
                std::thread::sleep(Duration::from_millis(60));
                let settled = self.screen();
                if ok(&settled) {
                    return settled;
                }
            }
            assert!(start.elapsed() < Duration::from_secs(15), "timed out waiting for {what}; screen:\n{s}");
            std::thread::sleep(Duration::from_millis(40));
        }
    }

    fn pid(&self) -> String {
        // The shell's child is arenascope.
        let shell = self.format("#{pane_pid}");
        let out = Command::new("pgrep").args(["-P", &shell]).output().expect("pgrep runs");
        String::from_utf8_lossy(&out.stdout).lines().next().unwrap_or_default().to_owned()
    }

    /// The terminal is back: no alternate screen, no mouse reporting, cursor shown.
    pub(super) fn assert_restored(&self) {
        assert_eq!(self.format("#{alternate_on}"), "0", "still in the alternate screen");
        assert_eq!(
            self.format("#{mouse_any_flag}#{mouse_button_flag}#{mouse_standard_flag}"),
            "000",
            "mouse still captured"
        );
        assert_eq!(self.format("#{cursor_flag}"), "1", "cursor still hidden");
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.tmux(&["kill-server"]);
    }
}

/// Writes the varied fixture as JSON Lines (the dataset's own schema).
pub(super) fn write_dataset(dir: &Path) -> PathBuf {
    write_battles(dir, &arenascope::fixtures::varied())
}

fn write_battles(dir: &Path, battles: &[arenascope::model::Battle]) -> PathBuf {
    let index = Index::from_battles(battles, DatasetInfo::default());
    let text: String = index.battle_ids().map(|b| row_to_json(&index, b) + "\n").collect();
    let path = dir.join("battles.jsonl");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn search_open_quit_and_the_terminal_comes_back() {
    if skip_without_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = write_dataset(dir.path());
    let t = Tmux::start(&[data.to_str().unwrap()], 120, 40);
    t.wait_for("the battle list", |s| s.contains("5 of 5 battles"));
    assert_eq!(t.format("#{alternate_on}"), "1");

    t.keys(&["/"]);
    t.text("parquet");
    let s = t.wait_for("the search result", |s| s.contains("1 of 5 battles"));
    assert!(s.contains("gpt-4") && s.contains("claude-v1"), "{s}");
    t.keys(&["Enter", "Enter", "n"]);
    let s = t.wait_for("the opened battle with a match", |s| s.contains("match 1/"));
    assert!(s.contains("How do I read a parquet file in Python?"), "{s}");
    assert!(s.contains("= tie"), "the verdict shows: {s}");

    t.keys(&["q"]);
    let s = t.wait_for("the exit", |s| s.contains("EXIT:"));
    assert!(s.contains("EXIT:0"), "{s}");
    t.assert_restored();
}

#[test]
fn hostile_rows_cannot_touch_the_title_or_the_screen() {
    if skip_without_tmux() {
        return;
    }
    // Escape sequences of every kind, in every field of one more battle: OSC title and
    // clipboard, leaving the alternate screen, clearing, cursor moves, DCS, C1 controls,
    // bidi overrides.
    const HOSTILE: &str = "\u{1b}]0;pwned\u{7}\u{1b}]2;pwned2\u{1b}\\\u{1b}]52;c;aGVsbG8=\u{7}\u{1b}[?1049l\u{1b}[2J\u{1b}[H\u{1b}[?1000l\u{1b}[?2004l\u{1b}P1$r\u{1b}\\\u{9b}31m\u{9d}0;x\u{9c}\u{202e}evil\u{202c}\u{7f}";
    let mut rows = arenascope::fixtures::varied();
    let mut b =
        arenascope::fixtures::battle(&format!("0005{HOSTILE}"), &format!("gpt{HOSTILE}"), &format!("m{HOSTILE}"));
    b.judge = Some(format!("j{HOSTILE}"));
    b.language = Some(format!("l{HOSTILE}"));
    b.conversation_a = arenascope::fixtures::conversation(&[&format!("p {HOSTILE}"), &format!("a {HOSTILE}")]);
    b.conversation_b = arenascope::fixtures::conversation(&[&format!("p {HOSTILE}"), &format!("b {HOSTILE}")]);
    rows.push(b);
    let dir = tempfile::tempdir().unwrap();
    let data = write_battles(dir.path(), &rows);
    let t = Tmux::start(&[data.to_str().unwrap()], 120, 40);
    t.tmux(&["set-option", "-g", "set-titles", "on"]);
    t.tmux(&["set-option", "-g", "set-clipboard", "on"]);
    let title_before = t.format("#{pane_title}");
    t.wait_for("the battle list", |s| s.contains("6 of 6 battles"));
    let mouse = "#{mouse_any_flag}#{mouse_button_flag}#{mouse_sgr_flag}";
    let mouse_before = t.format(mouse);
    assert_ne!(mouse_before, "000", "the browser reports the mouse");
    // Battle 4 holds OSC title/clipboard and screen-clearing sequences; the added battle, next
    // to last by date, everything.
    for (keys, shown) in [(&["j", "j", "j"][..], "␛]0;pwned"), (&["G", "k"][..], "␛[?1049l")] {
        t.keys(keys);
        let s = t.wait_for("the hostile battle", |s| s.contains(shown));
        assert!(s.contains("Battles") && s.contains("Vote & safety"), "the screen was cleared: {s}");
        assert_eq!(t.format("#{alternate_on}"), "1", "the alternate screen was left");
        assert_eq!(t.format(mouse), mouse_before, "mouse reporting changed");
        assert_eq!(t.format("#{pane_title}"), title_before, "the title changed");
        let buffers = String::from_utf8_lossy(&t.tmux(&["list-buffers"]).stdout).into_owned();
        assert!(buffers.trim().is_empty(), "the clipboard was written: {buffers}");
    }
    t.keys(&["q"]);
    t.wait_for("the exit", |s| s.contains("EXIT:0"));
    t.assert_restored();
}

#[test]
fn sigterm_and_sighup_restore_the_terminal() {
    if skip_without_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = write_dataset(dir.path());
    for (signal, code) in [("TERM", 143), ("HUP", 129)] {
        let t = Tmux::start(&[data.to_str().unwrap()], 100, 30);
        t.wait_for("the battle list", |s| s.contains("5 of 5 battles"));
        let pid = t.pid();
        assert!(!pid.is_empty(), "no arenascope process");
        assert!(Command::new("kill").args(["-s", signal, &pid]).status().unwrap().success());
        let s = t.wait_for("the exit", |s| s.contains("EXIT:"));
        assert!(s.contains(&format!("EXIT:{code}")), "SIG{signal}: {s}");
        t.assert_restored();
    }
}

#[test]
fn a_tiny_terminal_gets_the_size_message_and_resizing_redraws() {
    if skip_without_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = write_dataset(dir.path());
    let t = Tmux::start(&[data.to_str().unwrap()], 50, 16);
    t.wait_for("the size message", |s| s.contains("Terminal too small: 50×16"));
    // From 60x20 one pane at a time; Tab switches.
    t.tmux(&["resize-window", "-x", "60", "-y", "20"]);
    t.wait_for("the list alone", |s| s.contains("Battles") && s.contains("Tab pane") && !s.contains("Transcript"));
    t.keys(&["Tab"]);
    t.wait_for("the transcript alone", |s| s.contains("Transcript") && !s.contains("Battles"));
    t.tmux(&["resize-window", "-x", "120", "-y", "40"]);
    t.wait_for("the redraw", |s| s.contains("5 of 5 battles") && s.contains("Battles"));
    t.keys(&["C-c"]);
    t.wait_for("the exit", |s| s.contains("EXIT:0"));
    t.assert_restored();
}

#[test]
fn mouse_clicks_select_and_pastes_go_to_the_query() {
    if skip_without_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = write_dataset(dir.path());
    let t = Tmux::start(&[data.to_str().unwrap()], 120, 40);
    t.wait_for("the battle list", |s| s.contains("5 of 5 battles"));
    // A left click (SGR mouse report, 1-based) on the fourth battle's row, then release.
    t.text("\u{1b}[<0;10;9M\u{1b}[<0;10;9m");
    t.wait_for("the clicked battle", |s| s.contains("Transcript 0004dddd"));
    // A bracketed paste: its text, `q` included, lands in the query instead of quitting.
    t.tmux(&["set-buffer", "lang:german quick"]);
    t.tmux(&["paste-buffer", "-p"]);
    let s = t.wait_for("the pasted query", |s| s.contains("/ lang:german quick"));
    assert!(!s.contains("EXIT:"), "{s}");
    t.keys(&["C-c"]);
    t.wait_for("the exit", |s| s.contains("EXIT:0"));
    t.assert_restored();
}

/// Rows of the battle list (the left 46 columns, rows that start with a date) with a ★.
fn starred_rows(screen: &str) -> usize {
    screen
        .lines()
        .map(|l| l.chars().take(46).collect::<String>())
        .filter(|l| l.chars().nth(1).is_some_and(|c| c.is_ascii_digit()) && l.contains('★'))
        .count()
}

/// Runs the release binary with `args` (no terminal) and returns its standard output.
pub(super) fn run_cli(args: &[&str]) -> String {
    let out = Command::new(BIN).args(args).output().expect("arenascope runs");
    assert!(out.status.success(), "arenascope {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn review_walkthrough_flag_reopen_find_judge_blind_and_export() {
    if skip_without_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let battles = arenascope::synth::generate(200, 7);
    let data = write_battles(dir.path(), &battles);
    let data = data.to_str().unwrap();
    let flags = dir.path().join("flags.jsonl");
    let args = [data, "--review-file", flags.to_str().unwrap()];

    // Flag three battles: labels by number, one with a note.
    let t = Tmux::start(&args, 120, 40);
    t.wait_for("the battle list", |s| s.contains("200 of 200 battles"));
    t.keys(&["f"]);
    t.wait_for("the flag dialog", |s| s.contains("Flag battle") && s.contains("1 wrong vote"));
    t.keys(&["1", "C-s"]);
    t.wait_for("the first flag saved", |s| s.contains("saved ★") && s.contains("wrong vote"));
    t.keys(&["j", "f", "3", "Tab"]);
    t.text("prompt asks for a jailbreak");
    t.keys(&["C-s"]);
    t.wait_for("the second flag saved", |s| s.contains("saved ★") && s.contains("unsafe + note"));
    let s = t.wait_for("two stars", |s| starred_rows(s) == 2);
    assert!(s.contains("★ unsafe") && s.contains("prompt asks for a jailbreak"), "the vote pane shows the flag: {s}");
    // Quit at once after saving: the browser waits for the save before it exits.
    t.keys(&["j", "f", "2", "4", "C-s", "q"]);
    t.wait_for("the exit", |s| s.contains("EXIT:0"));
    t.assert_restored();
    drop(t);
    let journal = std::fs::read_to_string(&flags).unwrap();
    assert!(journal.contains("\"labels\":[\"interesting\",\"refusal\"]"), "{journal}");

    // Reopen: the flags are there, one query away; another process's flag shows up too.
    let t = Tmux::start(&args, 120, 40);
    t.wait_for("the battle list", |s| s.contains("200 of 200 battles"));
    t.keys(&["/"]);
    t.text("review:flagged");
    t.keys(&["Enter"]);
    let s = t.wait_for("the flagged battles", |s| s.contains("3 of 200 battles"));
    assert_eq!(starred_rows(&s), 3, "{s}");
    t.keys(&["j"]);
    t.wait_for("the note in the vote pane", |s| s.contains("prompt asks for a jailbreak"));
    let index = Index::from_battles(&battles, DatasetInfo::default());
    let other = index.battle_label(arenascope::index::BattleId(50));
    run_cli(&["review", "add", data, "--review-file", flags.to_str().unwrap(), "--id", &other, "--label", "duplicate"]);
    t.wait_for("the other process's flag", |s| s.contains("4 of 200 battles"));

    // Re-judge five battles blind, away from the flagged ones.
    t.keys(&["/"]);
    for _ in 0.."review:flagged".len() {
        t.keys(&["BSpace"]);
    }
    t.keys(&["Enter"]);
    t.wait_for("all battles again", |s| s.contains("200 of 200 battles"));
    t.keys(&["G", "k", "k", "k", "k", "k", "b"]);
    let s = t.wait_for("blind mode", |s| s.contains("hidden until you vote"));
    assert!(s.contains("1/2/3/4 vote A/B/tie/both bad"), "the vote keys are shown: {s}");
    for (i, vote) in ["1", "2", "3", "4", "1"].into_iter().enumerate() {
        if i > 0 {
            t.keys(&[">"]);
            t.wait_for("the next battle, hidden", |s| s.contains("hidden until you vote"));
        }
        t.keys(&[vote]);
        let s = t.wait_for("the vote saved and the battle revealed", |s| s.contains("saved · you: "));
        assert!(s.contains("agree") && !s.contains("hidden until you vote"), "{s}");
    }
    t.keys(&["v"]);
    // Wait for the whole summary: a capture can land while a frame is still being written.
    t.wait_for("the agreement", |s| {
        ["Cohen's kappa", "all four outcomes", "5 with your vote", "decisive (A or B)"].iter().all(|n| s.contains(n))
            && s.contains("Ratings on the 5 battles you voted on")
    });
    // Separately: an Esc followed at once by q reads as Alt-q.
    t.keys(&["Escape"]);
    t.wait_for("the summary closed", |s| !s.contains("Cohen's kappa"));
    t.keys(&["q"]);
    t.wait_for("the exit", |s| s.contains("EXIT:0"));
    t.assert_restored();

    // Export, and read the export back.
    let out = dir.path().join("x.jsonl");
    let said =
        run_cli(&["review", "export", data, "--review-file", flags.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert!(said.contains("wrote 9 battles"), "4 flagged and 5 voted on: {said}");
    let stats = run_cli(&["stats", out.to_str().unwrap()]);
    assert!(stats.contains("9 loaded, 0 skipped"), "{stats}");
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.lines().all(|l| l.contains("\"review\":")), "every row has its review");
    assert!(text.contains("prompt asks for a jailbreak"));
}

#[test]
fn quitting_after_a_resize_leaves_the_shell_screen_clean() {
    if skip_without_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = write_dataset(dir.path());
    for ((w, h), (w2, h2)) in [((80u16, 24u16), (160u16, 45u16)), ((120, 40), (160, 45)), ((160, 45), (80, 24))] {
        let t = Tmux::start(&[data.to_str().unwrap()], w, h);
        t.wait_for("the battle list", |s| s.contains("5 of 5 battles"));
        t.tmux(&["resize-window", "-x", &w2.to_string(), "-y", &h2.to_string()]);
        // The frame at the new size: the top border spans the new width.
        t.wait_for("the redraw", |s| {
            s.contains("5 of 5 battles") && s.lines().next().is_some_and(|l| l.chars().count() == usize::from(w2))
        });
        t.keys(&["q"]);
        let s = t.wait_for("the exit", |s| s.contains("EXIT:"));
        let left: Vec<&str> = s.lines().filter(|l| !l.trim().is_empty() && !l.starts_with("EXIT:")).collect();
        assert!(left.is_empty(), "{w}x{h} -> {w2}x{h2}: the browser's frame stayed on the shell's screen: {left:?}");
        t.assert_restored();
    }
}

#[test]
fn load_problems_and_errors_are_printed_after_quitting() {
    if skip_without_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = write_dataset(dir.path());
    let mut text = std::fs::read_to_string(&data).unwrap();
    text.push_str("{\"question_id\": \"broken\"}\n");
    std::fs::write(&data, text).unwrap();
    let t = Tmux::start(&[data.to_str().unwrap()], 120, 40);
    t.wait_for("the battle list", |s| s.contains("5 of 5 battles"));
    t.keys(&["q"]);
    let s = t.wait_for("the exit", |s| s.contains("EXIT:"));
    assert!(s.contains("arenascope: skipped 1 bad row (5 loaded); problems:"), "{s}");
    assert!(s.contains("battles.jsonl:6:"), "the problem names the file and line: {s}");
    assert!(s.contains("EXIT:0"), "{s}");

    // A file that cannot be loaded, in a terminal too small to show the error box.
    let bad = dir.path().join("empty.jsonl");
    std::fs::write(&bad, "").unwrap();
    let t = Tmux::start(&[bad.to_str().unwrap()], 40, 12);
    std::thread::sleep(Duration::from_millis(500));
    t.keys(&["q"]);
    let s = t.wait_for("the exit", |s| s.contains("EXIT:"));
    assert!(s.contains("arenascope: ") && s.contains("empty.jsonl"), "the load error is printed: {s}");
    assert!(s.contains("EXIT:1"), "{s}");
    t.assert_restored();
}

#[test]
fn a_query_typed_while_a_large_file_loads_runs_over_the_battles_so_far_then_all() {
    if skip_without_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let parquet = six_thousand_battles(dir.path());
    query_while_loading(&parquet, &six_thousand_rows(), 2000, 800);
}

#[test]
fn a_query_typed_while_a_file_of_one_row_group_loads_runs_over_the_battles_so_far_then_all() {
    if skip_without_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // One row group, as pandas and pyarrow write by default: read in pieces of 512 rows.
    let rows = six_thousand_rows();
    let parquet = dir.path().join("one-group.parquet");
    arenascope::synth::write_parquet(&parquet, &rows, arenascope::synth::ParquetCompression::Snappy, rows.len())
        .unwrap();
    query_while_loading(&parquet, &rows, 512, 200);
}

/// Opens `parquet` (`rows`, loaded in pieces of `piece` rows, each followed by a pause of
/// `pause_ms`) and types a query while it loads: its count covers the battles so far, then
/// all of them.
fn query_while_loading(parquet: &Path, rows: &[arenascope::model::Battle], piece: usize, pause_ms: u64) {
    let pause = format!("ARENASCOPE_TEST_PIECE_DELAY_MS={pause_ms}");
    let t = Tmux::start_with_env(&[parquet.to_str().unwrap()], &[pause.as_str()], 200, 50);
    let first = thousands(piece);
    let s = t.wait_for("the first battles", |s| s.contains(&format!("{first} of {first} so far · loading")));
    assert!(s.contains("Ratings wait for the whole file"), "{s}");
    // One battle in five has palm-2.
    t.keys(&["/"]);
    t.text("model:palm-2");
    let palm = |n: usize| rows[..n].iter().filter(|b| b.model_a == "palm-2" || b.model_b == "palm-2").count();
    let so_far = |s: &str, n: usize| s.contains(&format!("{} of {} battles so far", thousands(palm(n)), thousands(n)));
    // Snapshots come after whole pieces.
    let pieces: Vec<usize> = (piece..rows.len()).step_by(piece).chain([rows.len()]).collect();
    t.wait_for("the query's count over the battles so far", |s| pieces.iter().any(|&n| so_far(s, n)));
    let all = format!("{} of {}", thousands(palm(rows.len())), thousands(rows.len()));
    let s =
        t.wait_for("the query over every battle", |s| s.contains(&format!("{all} battles")) && !s.contains("so far"));
    assert!(s.contains(&format!("Battles {all}")), "{s}");
    t.keys(&["Enter", "q"]);
    t.wait_for("the exit", |s| s.contains("EXIT:0"));
}

/// 6,000 battles: the varied five, 1,200 times, each with its own id.
fn six_thousand_rows() -> Vec<arenascope::model::Battle> {
    (0..1200)
        .flat_map(|copy| {
            arenascope::fixtures::varied().into_iter().map(move |mut b| {
                b.question_id = format!("{}-{copy}", b.question_id);
                b
            })
        })
        .collect()
}

/// [`six_thousand_rows`] as parquet in row groups of 2,000: three pieces, each followed by a
/// pause when the test build's pacing hook is set.
fn six_thousand_battles(dir: &Path) -> PathBuf {
    let jsonl = write_battles(dir, &six_thousand_rows());
    let parquet = dir.join("battles.parquet");
    let out = Command::new(BIN)
        .args(["export", "", jsonl.to_str().unwrap(), "--out", parquet.to_str().unwrap(), "--no-card"])
        .output()
        .unwrap();
    assert!(out.status.success(), "export: {}", String::from_utf8_lossy(&out.stderr));
    parquet
}

#[test]
fn a_cache_hit_shows_the_first_battles_while_the_cache_is_read_then_all() {
    if skip_without_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let parquet = six_thousand_battles(dir.path());
    let data = dir.path().join("data");
    let cache_dir = data.join("arenascope").join("index-cache");
    let xdg = format!("XDG_DATA_HOME={}", data.display());
    let cached = || -> Vec<PathBuf> {
        let entries = std::fs::read_dir(&cache_dir).map(|d| d.flatten().map(|e| e.path()).collect::<Vec<PathBuf>>());
        entries.unwrap_or_default().into_iter().filter(|p| p.extension().is_some_and(|e| e == "idx")).collect()
    };
    // First open: the whole file, then the cache, written after the battles are shown.
    let env = [xdg.as_str(), "ARENASCOPE_CACHE_MIN_BYTES=0", "ARENASCOPE_TEST_CACHE_WRITE_DELAY_MS=1000"];
    let t = Tmux::start_with_env(&[parquet.to_str().unwrap()], &env, 200, 50);
    t.wait_for("every battle", |s| s.contains("Battles 6,000 of 6,000") && !s.contains("loading"));
    assert!(cached().is_empty(), "the cache is written after the battles are shown");
    let start = Instant::now();
    while cached().is_empty() {
        assert!(start.elapsed() < Duration::from_secs(15), "no cache written");
        std::thread::sleep(Duration::from_millis(50));
    }
    t.keys(&["q"]);
    t.wait_for("the exit", |s| s.contains("EXIT:0"));
    drop(t);
    let [cache] = &cached()[..] else { panic!("one cache: {:?}", cached()) };
    let written = std::fs::metadata(cache).unwrap().modified().unwrap();
    std::thread::sleep(Duration::from_millis(20));

    // Second open, the decode and the cache read slowed down: the first piece is shown while
    // the cache is read, then every battle, from the cache (the cold load would take three
    // pauses of 1.5 s).
    let env = [
        xdg.as_str(),
        "ARENASCOPE_CACHE_MIN_BYTES=0",
        "ARENASCOPE_TEST_PIECE_DELAY_MS=1500",
        "ARENASCOPE_TEST_CACHE_READ_DELAY_MS=1500",
    ];
    let t = Tmux::start_with_env(&[parquet.to_str().unwrap()], &env, 200, 50);
    t.wait_for("the first battles", |s| s.contains("2,000 of 2,000 so far · loading"));
    let s = t.wait_for("every battle", |s| s.contains("Battles 6,000 of 6,000") && !s.contains("loading"));
    assert!(s.contains("Ratings"), "{s}");
    let read = std::fs::metadata(cache).unwrap().modified().unwrap();
    assert!(read > written, "the cache was read (reading touches it)");
    t.keys(&["q"]);
    t.wait_for("the exit", |s| s.contains("EXIT:0"));
    assert_eq!(cached().len(), 1, "no second cache");
}

fn thousands(n: usize) -> String {
    arenascope::present::format::thousands(n)
}
