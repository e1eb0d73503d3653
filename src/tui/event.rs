//! Everything the main loop waits for, on one channel: terminal input (read on its own
//! thread), results from the workers, and termination signals.

use std::sync::mpsc::Sender;
use std::thread;

use signal_hook::consts::signal::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

use super::action::Action;

#[derive(Debug)]
pub enum Event {
    /// An input event and when it was read.
    Terminal(crossterm::event::Event, std::time::Instant),
    Worker(Action),
    /// SIGTERM, SIGHUP or SIGINT: leave cleanly.
    Signal(i32),
}

/// Reads terminal input on its own thread (blocking, so no polling and no idle CPU).
pub fn spawn_input(tx: Sender<Event>) {
    thread::Builder::new()
        .name("input".into())
        .spawn(move || {
            while let Ok(e) = crossterm::event::read() {
                if tx.send(Event::Terminal(e, std::time::Instant::now())).is_err() {
                    break;
                }
            }
        })
        .ok();
}

/// Turns SIGTERM, SIGHUP and SIGINT into events, so the terminal is restored before exit.
pub fn spawn_signals(tx: Sender<Event>) -> std::io::Result<signal_hook::iterator::Handle> {
    let mut signals = Signals::new([SIGTERM, SIGHUP, SIGINT])?;
    let handle = signals.handle();
    thread::Builder::new().name("signals".into()).spawn(move || {
        for sig in signals.forever() {
            if tx.send(Event::Signal(sig)).is_err() {
                break;
            }
        }
    })?;
    Ok(handle)
}
