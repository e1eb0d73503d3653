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

fn tmux_available() -> bool {
    Command::new("tmux").arg("-V").output().is_ok_and(|o| o.status.success())
}

/// A tmux server of our own (its own socket, no user config), killed on drop.
struct Tmux {
    socket: String,
    _dir: tempfile::TempDir,
}

static SESSIONS: AtomicUsize = AtomicUsize::new(0);

impl Tmux {
    /// Starts `arenascope ARGS` in a `width`x`height` window; the shell prints its exit status
    /// after it ends and keeps the pane open.
    fn start(args: &[&str], width: u16, height: u16) -> Tmux {
        let dir = tempfile::tempdir().unwrap();
        let socket = format!("arenascope-e2e-{}-{}", std::process::id(), SESSIONS.fetch_add(1, Ordering::SeqCst));
        let quoted: Vec<String> = args.iter().map(|a| format!("'{a}'")).collect();
        let script = format!("'{BIN}' {}; echo EXIT:$?; exec sleep 600", quoted.join(" "));
        let config_home = dir.path().join("config");
        let t = Tmux { socket, _dir: dir };
        let out = t.tmux(&[
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-x",
            &width.to_string(),
            "-y",
            &height.to_string(),
            "-e",
            &format!("XDG_CONFIG_HOME={}", config_home.display()),
            "sh",
            "-c",
            &script,
        ]);
        assert!(out.status.success(), "tmux new-session: {}", String::from_utf8_lossy(&out.stderr));
        t
    }

    fn tmux(&self, args: &[&str]) -> Output {
        Command::new("tmux").arg("-L").arg(&self.socket).args(args).output().expect("tmux runs")
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.tmux(&["capture-pane", "-p"]).stdout).into_owned()
    }

    fn format(&self, f: &str) -> String {
        String::from_utf8_lossy(&self.tmux(&["display", "-p", f]).stdout).trim().to_owned()
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys"];
        args.extend_from_slice(keys);
        assert!(self.tmux(&args).status.success());
    }

    fn text(&self, text: &str) {
        assert!(self.tmux(&["send-keys", "-l", text]).status.success());
    }

    /// Waits until the screen satisfies `ok`, failing with the last screen after 15 s.
    fn wait_for(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if ok(&s) {
                return s;
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
    fn assert_restored(&self) {
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
fn write_dataset(dir: &Path) -> PathBuf {
    let index = Index::from_battles(&arenascope::fixtures::varied(), DatasetInfo::default());
    let text: String = index.battle_ids().map(|b| row_to_json(&index, b) + "\n").collect();
    let path = dir.join("battles.jsonl");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn search_open_quit_and_the_terminal_comes_back() {
    if !tmux_available() {
        eprintln!("SKIPPED: tmux is not installed, so the end-to-end test cannot run");
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
    if !tmux_available() {
        eprintln!("SKIPPED: tmux is not installed, so the end-to-end test cannot run");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = write_dataset(dir.path());
    let t = Tmux::start(&[data.to_str().unwrap()], 120, 40);
    t.tmux(&["set-option", "-g", "set-titles", "on"]);
    t.tmux(&["set-option", "-g", "set-clipboard", "on"]);
    let title_before = t.format("#{pane_title}");
    t.wait_for("the battle list", |s| s.contains("5 of 5 battles"));
    // Battle 4 holds OSC title/clipboard and screen-clearing sequences.
    t.keys(&["j", "j", "j", "Enter"]);
    let s = t.wait_for("the hostile battle", |s| s.contains("␛]0;pwned"));
    assert!(s.contains("Battles"), "the screen was not cleared: {s}");
    assert_eq!(t.format("#{pane_title}"), title_before, "the title changed");
    let buffers = String::from_utf8_lossy(&t.tmux(&["list-buffers"]).stdout).into_owned();
    assert!(buffers.trim().is_empty(), "the clipboard was written: {buffers}");
    t.keys(&["q"]);
    t.wait_for("the exit", |s| s.contains("EXIT:0"));
    t.assert_restored();
}

#[test]
fn sigterm_and_sighup_restore_the_terminal() {
    if !tmux_available() {
        eprintln!("SKIPPED: tmux is not installed, so the end-to-end test cannot run");
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
    if !tmux_available() {
        eprintln!("SKIPPED: tmux is not installed, so the end-to-end test cannot run");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = write_dataset(dir.path());
    let t = Tmux::start(&[data.to_str().unwrap()], 70, 20);
    t.wait_for("the size message", |s| s.contains("Terminal too small: 70×20"));
    t.tmux(&["resize-window", "-x", "120", "-y", "40"]);
    t.wait_for("the redraw", |s| s.contains("5 of 5 battles"));
    t.keys(&["C-c"]);
    t.wait_for("the exit", |s| s.contains("EXIT:0"));
    t.assert_restored();
}
