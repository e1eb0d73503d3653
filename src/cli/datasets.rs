//! `arenascope datasets`: which Arena releases the Hugging Face cache holds, by the names
//! `--dataset` takes, and whether their files' columns are the release the folder names.

use std::fmt::Write as _;
use std::process::ExitCode;

use serde::Serialize;

use crate::load::discover::{Found, find_in_cache, hf_hub_cache};
use crate::load::recognise_file;
use crate::present::format::bytes;
use crate::sanitize::{sanitize_line, terminal_safe_json};

use super::args::DatasetsArgs;
use super::common::print_stdout;

/// One cached release, as `--json` prints it.
#[derive(Serialize)]
struct DatasetJson {
    name: &'static str,
    short: &'static str,
    repo: &'static str,
    files: Vec<String>,
    size: u64,
    /// The release the first file's columns say it is; `None` when it is none of them.
    release_recognised: Option<&'static str>,
    /// Why the first file is not recognised as a release.
    problem: Option<String>,
}

/// What the first file of a found release holds.
fn recognised(f: &Found) -> Result<crate::model::Release, String> {
    let first = f.files.first().ok_or("no files")?;
    recognise_file(first).map_err(|e| format!("{}: {e}", first.display()))
}

pub(crate) fn run(args: &DatasetsArgs) -> anyhow::Result<ExitCode> {
    let cache = hf_hub_cache();
    let found = cache.as_deref().map(find_in_cache).unwrap_or_default();
    let mut out = String::new();
    if args.json {
        let rows: Vec<DatasetJson> = found
            .iter()
            .map(|f| {
                let r = recognised(f);
                DatasetJson {
                    name: f.release.name(),
                    short: f.release.short(),
                    repo: f.repo,
                    files: f.files.iter().map(|p| p.display().to_string()).collect(),
                    size: f.size,
                    release_recognised: r.as_ref().ok().map(|r| r.name()),
                    problem: r.err(),
                }
            })
            .collect();
        out = terminal_safe_json(&rows, true);
        out.push('\n');
        print_stdout(&out)?;
        return Ok(ExitCode::SUCCESS);
    }
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
        let _ = write!(out, "{:<8} {:<42} {:>9} {:>10}", f.release.short(), f.repo, files, bytes(f.size));
        // Say so when the files are not the release their folder names.
        match recognised(f) {
            Ok(r) if r == f.release => {}
            Ok(r) => {
                let _ = write!(out, "  (its files look like {})", r.name());
            }
            Err(e) => {
                let _ = write!(out, "  (not readable as a release: {})", sanitize_line(&e));
            }
        }
        out.push('\n');
    }
    print_stdout(&out)?;
    Ok(ExitCode::SUCCESS)
}
