//! `arenascope datasets`: which Arena releases the Hugging Face cache holds, by the names
//! `--dataset` takes.

use std::fmt::Write as _;
use std::process::ExitCode;

use crate::load::discover::{find_in_cache, hf_hub_cache};
use crate::present::format::bytes;
use crate::sanitize::sanitize_line;

use super::common::print_stdout;

pub fn run() -> anyhow::Result<ExitCode> {
    let cache = hf_hub_cache();
    let found = cache.as_deref().map(find_in_cache).unwrap_or_default();
    let mut out = String::new();
    if found.is_empty() {
        let place =
            cache.map_or_else(|| "no home folder".to_owned(), |c| sanitize_line(&c.display().to_string()).into_owned());
        let _ = writeln!(
            out,
            "none found in the Hugging Face cache at {place} (set by HF_HUB_CACHE, else HF_HOME/hub, \
             else ~/.cache/huggingface/hub)"
        );
    }
    for f in &found {
        let files = if f.files.len() == 1 { "1 file".to_owned() } else { format!("{} files", f.files.len()) };
        let _ = writeln!(out, "{:<8} {:<42} {:>9} {:>10}", f.release.short(), f.repo, files, bytes(f.size));
    }
    print_stdout(&out)?;
    Ok(ExitCode::SUCCESS)
}
