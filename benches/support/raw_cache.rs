//! The decoding part of a cold load, for weighing the index cache (issue 18 item 5) against
//! it. (This file held the cache's prototype; the cache itself is now `load::cache`.) Shared by
//! `benches/index_cache.rs` and `examples/index_cache.rs` (whole-process timings).

use std::path::Path;

use arenascope::load::parquet::decode_only;

/// Decodes the file's row groups as the loader does (same columns, same batch size, all
/// cores) and drops the batches: the decoding part of a cold load, without the index build.
pub fn decode(path: &Path) -> usize {
    decode_only(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
