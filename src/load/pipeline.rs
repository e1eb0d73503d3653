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

/// How many pieces are decoded at once: enough to keep every core busy, few enough to bound
/// memory.
pub fn batch_size() -> usize {
    2 * rayon::current_num_threads().max(1)
}

/// Decodes `units` in parallel batches and feeds the pieces to the sink in order.
/// `next_batch` yields up to `n` units (an empty batch ends the run).
pub fn run_ordered<U, F, N>(sink: &mut Sink<'_>, mut next_batch: N, decode: F) -> Result<(), LoadError>
where
    U: Send,
    N: FnMut(&mut Sink<'_>, usize) -> Result<Vec<U>, LoadError>,
    F: Fn(U) -> Result<Piece, LoadError> + Sync,
{
    loop {
        let units = next_batch(sink, batch_size())?;
        if units.is_empty() {
            return Ok(());
        }
        let pieces: Vec<Result<Piece, LoadError>> = units.into_par_iter().map(&decode).collect();
        for piece in pieces {
            sink.add(piece?)?;
        }
    }
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
