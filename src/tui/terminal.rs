//! Terminal setup and restore, in one place: raw mode, the alternate screen, mouse capture
//! and bracketed paste are switched on together and undone together on every way out (normal
//! exit, error, signal, and a panic, whose message is printed after the terminal is back).

use std::io::{self, Stdout, Write};
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::cursor::{Hide, MoveTo, Show};
use crossterm::event::{DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture};
use crossterm::execute;
use crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

/// Whether the terminal is in the browser's mode (so restoring twice does nothing).
static ACTIVE: AtomicBool = AtomicBool::new(false);
static PANIC_HOOK: Once = Once::new();

pub(super) type Term = Terminal<CrosstermBackend<Stdout>>;

/// The terminal in the browser's mode; dropping it restores the terminal.
pub(super) struct TerminalGuard {
    pub terminal: Term,
}

impl TerminalGuard {
    pub(super) fn enter() -> io::Result<TerminalGuard> {
        install_panic_hook();
        enable_raw_mode()?;
        ACTIVE.store(true, Ordering::SeqCst);
        let mut out = io::stdout();
        if let Err(e) = execute!(out, EnterAlternateScreen, EnableMouseCapture, EnableBracketedPaste, Hide) {
            restore();
            return Err(e);
        }
        match Terminal::new(CrosstermBackend::new(io::stdout())) {
            Ok(terminal) => Ok(TerminalGuard { terminal }),
            Err(e) => {
                restore();
                Err(e)
            }
        }
    }
}

impl TerminalGuard {
    /// Gives the terminal back for a while (a pager, an editor): the normal screen, cooked
    /// mode, no mouse reporting, the cursor shown. [`TerminalGuard::resume`] undoes it.
    pub(super) fn suspend(&mut self) {
        restore();
    }

    /// Takes the terminal again after [`TerminalGuard::suspend`] and clears ratatui's idea of
    /// the screen, so the next frame is drawn whole.
    pub(super) fn resume(&mut self) -> io::Result<()> {
        enable_raw_mode()?;
        ACTIVE.store(true, Ordering::SeqCst);
        execute!(io::stdout(), EnterAlternateScreen, EnableMouseCapture, EnableBracketedPaste, Hide)?;
        self.terminal.clear()
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Puts the terminal back as it was. Safe to call from anywhere, any number of times; errors
/// are ignored because there is nothing better to do with them on the way out (after SIGHUP
/// the terminal may be gone).
pub(super) fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let mut out = io::stdout();
    // The alternate screen is cleared before it is left: after a resize, tmux (like other
    // terminals that reflow) carries rows of a full alternate screen over into the normal one
    // when it leaves, and the browser's last frame would stay on the shell's screen.
    let _ = execute!(
        out,
        DisableBracketedPaste,
        DisableMouseCapture,
        Clear(ClearType::All),
        MoveTo(0, 0),
        LeaveAlternateScreen,
        Show
    );
    let _ = disable_raw_mode();
    let _ = out.flush();
}

/// A panic restores the terminal first, so its message is readable on the normal screen, and
/// then ends the process: a panic on a worker thread must not leave the browser running in a
/// terminal that is no longer in raw mode.
fn install_panic_hook() {
    PANIC_HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
            std::process::exit(101);
        }));
    });
}
