//! Loads a dataset and prints where the index's bytes go and the process's peak memory:
//! `cargo run --release --example index_memory -- FILE [WORD [browser]]` (WORD: also run a
//! search; `browser`: also build what the browser builds after loading, the folded text and
//! the trigram filter).

use arenascope::load::{LoadOptions, load_paths};

fn status_kib(key: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(key))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The process's peak resident memory so far.
fn peak_kib() -> Option<u64> {
    status_kib("VmHWM:")
}

/// What glibc's allocator holds: in use, and freed but kept (resident if it was touched).
fn print_malloc(when: &str) {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: mallinfo2 only reads the allocator's counters.
        let m = unsafe { libc::mallinfo2() };
        let mib = |b: usize| b as f64 / (1 << 20) as f64;
        println!(
            "malloc {when}: {:.1} MiB in use ({:.1} MiB mapped apart), {:.1} MiB freed but kept in {} chunks, arena heaps {:.1} MiB",
            mib(m.uordblks + m.hblkhd),
            mib(m.hblkhd),
            mib(m.fordblks),
            m.ordblks,
            mib(m.arena)
        );
    }
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        anyhow::bail!("usage: index_memory FILE [WORD]");
    };
    let loaded = load_paths(&[path.into()], LoadOptions::default())?;
    let after_load = peak_kib();
    print_malloc("after loading");
    let index = loaded.index;
    if let Some(word) = args.get(1) {
        let query = arenascope::query::CompiledQuery::new(&index, word)?;
        let n = arenascope::query::battles_matching(&index, &query, &arenascope::query::NoReviews).len();
        println!("{n} battles match {word:?}");
    }
    if args.get(2).is_some_and(|a| a == "browser") {
        let _ = index.folded_text();
        let _ = index.trigram_filter();
    }
    let mib = |b: usize| b as f64 / (1 << 20) as f64;
    let parts = index.memory_use();
    let total: usize = parts.iter().map(|p| p.1).sum();
    for (part, bytes) in &parts {
        println!("{:>10.1} MiB  {part}", mib(*bytes));
    }
    println!(
        "{:>10.1} MiB  index total ({} battles, {:.1} MiB of stored text)",
        mib(total),
        index.len(),
        mib(index.text_len())
    );
    if let (Some(load), Some(end)) = (after_load, peak_kib()) {
        let now = status_kib("VmRSS:").unwrap_or(0);
        println!(
            "peak RSS: {:.1} MiB after loading, {:.1} MiB at the end; RSS now {:.1} MiB",
            load as f64 / 1024.0,
            end as f64 / 1024.0,
            now as f64 / 1024.0
        );
    }
    Ok(())
}
