//! Settings for glibc's allocator: memory a load frees (the browser's snapshots, a stopped
//! decode's buffers, kept in their threads' arenas) goes back to the system instead of staying
//! resident beside the index. One place for the unsafe calls; elsewhere they do nothing.

/// Blocks at least this large get pages of their own, returned to the system when freed.
/// glibc's default starts at 128 KiB but rises to the largest block freed so far (up to
/// 32 MiB): once a snapshot's columns are freed, every later block below their size comes
/// from the heap, where what is freed stays (30-40 MiB at 135K battles).
const MMAP_THRESHOLD: i32 = 256 << 10;

/// Fixes the size from which blocks are mapped on their own (see [`MMAP_THRESHOLD`]), before
/// the load starts: set only after the first battles, the first piece's blocks stay in the
/// heap (9 MiB more at x4). Fresh mappings cost page faults: about a tenth more CPU time for
/// the whole load (the CLI, whose peak it does not lower, keeps glibc's default).
pub(crate) fn map_large_blocks() {
    #[cfg(target_env = "gnu")]
    // SAFETY: mallopt takes two integers and only sets a parameter of the allocator, under
    // its own lock; M_MMAP_THRESHOLD is a valid parameter and the value is within its range.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD);
    }
}

/// Returns the free pages of the heap to the system (what a load freed in the middle of it).
pub(crate) fn return_free_pages() {
    #[cfg(target_env = "gnu")]
    // SAFETY: malloc_trim takes an integer and only releases pages the allocator holds free,
    // under its own locks.
    unsafe {
        libc::malloc_trim(0);
    }
}
