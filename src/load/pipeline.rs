//! Decoding pieces of a file on all cores while keeping their order.

use std::io::Read;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use std::sync::{Condvar, Mutex};

use super::{LoadError, Piece, ScannedPiece, Sink};

/// Counts the bytes read through it (compressed bytes, for gzip), for progress reports.
pub struct CountingReader<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R> CountingReader<R> {
    pub fn new(inner: R, count: Arc<AtomicU64>) -> Self {
        CountingReader { inner, count }
    }
}

impl<R: Read> Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// A piece of input to decode, and how many bytes of the file are consumed once it is done.
pub struct Unit<U> {
    pub work: U,
    pub progress_after: u64,
}

/// A decoded piece (or why it failed) with its sequence number, the progress it brings and,
/// when the sink scans, its scan.
type Decoded = (u64, Result<(Piece, Option<ScannedPiece>, u64), LoadError>);

/// Decodes `units` on one worker per core and feeds the pieces to the sink in input order.
/// Workers take the next unit as soon as they finish one (no batch barrier), while this
/// thread appends finished pieces in order. At most `workers + 2` pieces are in flight, which
/// bounds memory: pieces hold text. When the sink scans ([`Sink::scanner`]), each worker scans
/// the piece it decoded, so scanning runs on all cores alongside decoding.
pub fn run_ordered<U, I, F>(sink: &mut Sink<'_>, units: I, decode: F) -> Result<(), LoadError>
where
    U: Send,
    I: Iterator<Item = Result<Unit<U>, LoadError>> + Send,
    F: Fn(U) -> Result<Piece, LoadError> + Sync,
{
    let workers = rayon::current_num_threads().max(1);
    let flight = Flight { state: Mutex::new(FlightState::default()), room: Condvar::new(), window: workers as u64 + 2 };
    // The sequence number is taken with the unit, under one lock, so numbers follow input order.
    let units = Mutex::new((units, 0u64));
    let scanner = sink.scanner();
    let (tx, rx) = std::sync::mpsc::channel::<Decoded>();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let (flight, units, decode, tx) = (&flight, &units, &decode, tx.clone());
            scope.spawn(move || {
                while flight.reserve() {
                    let taken = {
                        let mut guard = lock(units);
                        let (iter, next_seq) = &mut *guard;
                        iter.next().map(|unit| {
                            *next_seq += 1;
                            (*next_seq - 1, unit)
                        })
                    };
                    let Some((seq, unit)) = taken else {
                        flight.release();
                        return;
                    };
                    if unit.is_err() {
                        // Nothing after a unit that failed to read is worth reading.
                        flight.stop();
                    }
                    let piece = unit.and_then(|u| {
                        let mut piece = decode(u.work)?;
                        let scanned = scanner.map(|scan| super::scan_piece(std::mem::take(&mut piece.table), scan));
                        Ok((piece, scanned, u.progress_after))
                    });
                    if tx.send((seq, piece)).is_err() {
                        return;
                    }
                }
            });
        }
        drop(tx);
        let result = append_in_order(sink, &rx, &flight);
        // On an error, stop the workers: they check before taking another unit.
        flight.stop();
        drop(rx);
        result
    })
}

/// Bounds the pieces taken but not yet appended.
struct Flight {
    state: Mutex<FlightState>,
    room: Condvar,
    window: u64,
}

#[derive(Default)]
struct FlightState {
    taken: u64,
    appended: u64,
    stopped: bool,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Flight {
    /// Waits for room for one more piece and takes it; false when loading stopped.
    fn reserve(&self) -> bool {
        let mut s = lock(&self.state);
        while !s.stopped && s.taken - s.appended >= self.window {
            s = self.room.wait(s).unwrap_or_else(|e| e.into_inner());
        }
        s.taken += 1;
        !s.stopped
    }

    /// Gives back a reservation that found no unit.
    fn release(&self) {
        lock(&self.state).taken -= 1;
        self.room.notify_all();
    }

    fn appended(&self) {
        lock(&self.state).appended += 1;
        self.room.notify_all();
    }

    fn stop(&self) {
        lock(&self.state).stopped = true;
        self.room.notify_all();
    }
}

/// Appends pieces as they arrive, in sequence order, until the workers are done.
fn append_in_order(
    sink: &mut Sink<'_>,
    rx: &std::sync::mpsc::Receiver<Decoded>,
    flight: &Flight,
) -> Result<(), LoadError> {
    let mut waiting = std::collections::BTreeMap::new();
    let mut next = 0u64;
    for (seq, piece) in rx {
        waiting.insert(seq, piece);
        while let Some(piece) = waiting.remove(&next) {
            let (piece, scanned, progress) = piece?;
            sink.add_scanned(piece, scanned)?;
            sink.file_progress(progress);
            next += 1;
            flight.appended();
        }
    }
    Ok(())
}

thread_local! {
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f`, turning a panic (a decoder choking on corrupt input) into an error message
/// without printing it: hostile files must give one clean line, never a backtrace.
pub fn catch_quietly<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(|q| q.get()) {
                previous(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    QUIET.with(|q| q.set(false));
    result.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "the decoder failed".to_owned())
    })
}
