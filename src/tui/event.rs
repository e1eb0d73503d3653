//! Everything the main loop waits for, on one channel: terminal input (read on its own
//! thread), results from the workers, and termination signals.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::Duration;

use signal_hook::consts::signal::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

use super::action::Action;

#[derive(Debug)]
pub(super) enum Event {
    /// An input event and when it was read.
    Terminal(crossterm::event::Event, std::time::Instant),
    Worker(Action),
    /// SIGTERM, SIGHUP or SIGINT: leave cleanly.
    Signal(i32),
}

/// How long the input thread waits for a key before it looks whether it should pause.
const INPUT_POLL: Duration = Duration::from_millis(100);

/// While a pager or an editor runs, SIGINT (Ctrl-C typed into it) is the program's, not ours.
pub(super) static CHILD_IN_FOREGROUND: AtomicBool = AtomicBool::new(false);

/// Lets the main loop stop the input thread from reading the terminal while a pager or an
/// editor has it: crossterm reads (and keeps) every byte it polls, so the thread must be
/// parked, not merely ignored.
#[derive(Clone, Default)]
pub(super) struct InputPause {
    /// (pause wanted, the thread is parked)
    state: Arc<(Mutex<(bool, bool)>, Condvar)>,
}

impl InputPause {
    /// Asks the input thread to stop reading and waits until it has (at most one poll).
    pub(super) fn pause(&self) {
        let (lock, cvar) = &*self.state;
        let mut s = lock.lock().unwrap_or_else(|e| e.into_inner());
        s.0 = true;
        while !s.1 {
            let (next, timeout) = cvar.wait_timeout(s, INPUT_POLL * 5).unwrap_or_else(|e| e.into_inner());
            s = next;
            // A thread that ended (the terminal is gone) never parks.
            if timeout.timed_out() {
                break;
            }
        }
    }

    pub(super) fn resume(&self) {
        let (lock, cvar) = &*self.state;
        let mut s = lock.lock().unwrap_or_else(|e| e.into_inner());
        s.0 = false;
        cvar.notify_all();
    }

    /// In the input thread: parks while a pause is wanted.
    fn park_if_asked(&self) {
        let (lock, cvar) = &*self.state;
        let mut s = lock.lock().unwrap_or_else(|e| e.into_inner());
        if !s.0 {
            return;
        }
        s.1 = true;
        cvar.notify_all();
        while s.0 {
            s = cvar.wait(s).unwrap_or_else(|e| e.into_inner());
        }
        s.1 = false;
    }
}

/// Reads terminal input on its own thread. It waits for input in polls of [`INPUT_POLL`] so
/// that it can be paused ([`InputPause`]) while another program has the terminal.
pub(super) fn spawn_input(tx: Sender<Event>) -> InputPause {
    let pause = InputPause::default();
    let parked = pause.clone();
    thread::Builder::new()
        .name("input".into())
        .spawn(move || {
            loop {
                parked.park_if_asked();
                match crossterm::event::poll(INPUT_POLL) {
                    Ok(false) => continue,
                    Ok(true) => {}
                    Err(_) => break,
                }
                let Ok(e) = crossterm::event::read() else { break };
                if tx.send(Event::Terminal(e, std::time::Instant::now())).is_err() {
                    break;
                }
            }
        })
        .ok();
    pause
}

/// Turns SIGTERM, SIGHUP and SIGINT into events, so the terminal is restored before exit.
pub(super) fn spawn_signals(tx: Sender<Event>) -> std::io::Result<signal_hook::iterator::Handle> {
    let mut signals = Signals::new([SIGTERM, SIGHUP, SIGINT])?;
    let handle = signals.handle();
    thread::Builder::new().name("signals".into()).spawn(move || {
        for sig in signals.forever() {
            if sig == SIGINT && CHILD_IN_FOREGROUND.load(Ordering::SeqCst) {
                continue;
            }
            if tx.send(Event::Signal(sig)).is_err() {
                break;
            }
        }
    })?;
    Ok(handle)
}
