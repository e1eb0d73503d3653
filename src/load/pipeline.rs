//! Decoding pieces of a file on all cores while keeping their order.

use std::io::Read;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use rayon::prelude::*;

use super::{LoadError, Piece, Sink};

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

/// How many pieces are decoded at once: one per core, which bounds memory; the appender
/// overlapping the next batch keeps the cores busy.
pub fn batch_size() -> usize {
    rayon::current_num_threads().max(1)
}

/// A piece of input to decode, and how many bytes of the file are consumed once it is done.
pub struct Unit<U> {
    pub work: U,
    pub progress_after: u64,
}

/// Decodes `units` on all cores and feeds the pieces to the sink in input order. A producer
/// thread decodes batch after batch while this thread appends the previous pieces, so the
/// serial appending overlaps the parallel decoding.
pub fn run_ordered<U, I, F>(sink: &mut Sink<'_>, units: I, decode: F) -> Result<(), LoadError>
where
    U: Send,
    I: Iterator<Item = Result<Unit<U>, LoadError>> + Send,
    F: Fn(U) -> Result<Piece, LoadError> + Sync,
{
    let n = batch_size();
    // Room for one decoded batch ahead of the appender, no more: pieces hold text, and peak
    // memory counts.
    let (tx, rx) = std::sync::mpsc::sync_channel::<Result<(Piece, u64), LoadError>>(n);
    std::thread::scope(|scope| {
        let decode = &decode;
        scope.spawn(move || {
            let mut units = units;
            loop {
                let batch: Vec<_> = units.by_ref().take(n).collect();
                if batch.is_empty() {
                    return;
                }
                let pieces: Vec<_> = batch
                    .into_par_iter()
                    .map(|unit| unit.and_then(|u| Ok((decode(u.work)?, u.progress_after))))
                    .collect();
                for piece in pieces {
                    let failed = piece.is_err();
                    // A closed channel means the sink gave up: stop decoding.
                    if tx.send(piece).is_err() || failed {
                        return;
                    }
                }
            }
        });
        let rx = rx;
        let result = rx.iter().try_for_each(|piece| {
            let (piece, progress) = piece?;
            sink.add(piece)?;
            sink.file_progress(progress);
            Ok(())
        });
        // On an error, dropping `rx` makes the producer's next send fail, which stops it.
        drop(rx);
        result
    })
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
