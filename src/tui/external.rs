//! What the browser does with the terminal itself, outside drawing: writing to the clipboard
//! (OSC 52) and handing the terminal to a pager or an editor for a while. The app asks for
//! these ([`TerminalRequest`]); the main loop runs them between frames.

use std::io::{IsTerminal, Write};
use std::process::Command;

use super::clipboard::osc52;
use super::event::{CHILD_IN_FOREGROUND, InputPause};
use super::terminal::TerminalGuard;
use crate::output::io_reason;

/// A program that shows a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum External {
    /// `$PAGER`, else `less`.
    Pager,
    /// `$VISUAL`, else `$EDITOR`, else `vi`.
    Editor,
}

impl External {
    /// The command line the user chose (run by `sh`, so `less -R` or `code --wait` work).
    pub fn command_line(self) -> String {
        let vars: &[&str] = match self {
            External::Pager => &["PAGER"],
            External::Editor => &["VISUAL", "EDITOR"],
        };
        vars.iter()
            .filter_map(|v| std::env::var(v).ok())
            .find(|c| !c.trim().is_empty())
            .unwrap_or_else(|| if self == External::Pager { "less" } else { "vi" }.to_owned())
    }

    fn what(self) -> &'static str {
        match self {
            External::Pager => "pager",
            External::Editor => "editor",
        }
    }
}

/// What the app asks of the terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TerminalRequest {
    /// Put this text on the clipboard.
    Copy(String),
    /// Show this Markdown in a pager or editor; `name` is the temporary file's stem.
    Open { program: External, markdown: String, name: String },
}

/// Runs one request; a message for the status bar (or why it failed) when there is one to
/// give. The terminal is the browser's again afterwards, whatever happened.
pub(super) fn run(
    request: TerminalRequest,
    guard: &mut TerminalGuard,
    input: &InputPause,
) -> Option<Result<String, String>> {
    match request {
        TerminalRequest::Copy(text) => {
            // The app said what was copied when it asked; only a failure is news.
            let out = guard.terminal.backend_mut();
            let written = out.write_all(&osc52(&text)).and_then(|()| out.flush());
            written.err().map(|e| Err(format!("NOT copied: {}", io_reason(&e))))
        }
        TerminalRequest::Open { program, markdown, name } => Some(open(program, &markdown, &name, guard, input)),
    }
}

fn open(
    program: External,
    markdown: &str,
    name: &str,
    guard: &mut TerminalGuard,
    input: &InputPause,
) -> Result<String, String> {
    let what = program.what();
    let file =
        write_temp(markdown, name).map_err(|e| format!("cannot write the battle for the {what}: {}", io_reason(&e)))?;
    let command = program.command_line();
    input.pause();
    guard.suspend();
    CHILD_IN_FOREGROUND.store(true, std::sync::atomic::Ordering::SeqCst);
    // `sh -c 'CMD "$1"' arenascope FILE`: the user's command line, the file as one argument.
    let mut child = Command::new("sh");
    child.arg("-c").arg(format!("{command} \"$1\"")).arg("arenascope").arg(file.path());
    // With the data read from standard input, the program still needs the terminal there.
    if !std::io::stdin().is_terminal()
        && let Ok(tty) = std::fs::File::open("/dev/tty")
    {
        child.stdin(tty);
    }
    let status = child.status();
    CHILD_IN_FOREGROUND.store(false, std::sync::atomic::Ordering::SeqCst);
    let resumed = guard.resume();
    input.resume();
    resumed.map_err(|e| format!("the terminal could not be taken back after the {what}: {}", io_reason(&e)))?;
    let shown = crate::sanitize::sanitize_line(&command).into_owned();
    match status {
        Ok(s) if s.success() => Ok(format!("closed the {what} ({shown})")),
        Ok(s) => match s.code() {
            Some(127) => Err(format!(
                "{what} `{shown}` not found: set ${}",
                if program == External::Pager { "PAGER" } else { "EDITOR" }
            )),
            Some(code) => Err(format!("{what} `{shown}` failed (exit status {code})")),
            None => Err(format!("{what} `{shown}` was stopped by a signal")),
        },
        Err(e) => Err(format!("cannot start the {what} `{shown}`: {}", io_reason(&e))),
    }
}

/// The Markdown in a new private temporary file (`arenascope-ID-XXXX.md`), removed when the
/// handle is dropped.
fn write_temp(markdown: &str, name: &str) -> std::io::Result<tempfile::NamedTempFile> {
    let mut file = tempfile::Builder::new().prefix(&format!("{name}-")).suffix(".md").tempfile()?;
    file.write_all(markdown.as_bytes())?;
    file.flush()?;
    Ok(file)
}
