//! Loading for the CLI: progress on stderr when it is a terminal, warnings about skipped rows
//! and the sample, errors as one line.

use std::io::{IsTerminal, Write};
use std::sync::Mutex;
use std::time::Instant;

use crate::load::{self, DataSource, LoadOptions, Loaded, Progress, SAMPLE_NOTICE};
use crate::sanitize::sanitize_line;

use super::args::DataArgs;
use crate::present::format::bytes;

/// How many problems are printed after a lenient load.
const PROBLEMS_PRINTED: usize = 10;

impl DataArgs {
    pub fn source(&self) -> DataSource {
        if self.sample { DataSource::Sample } else { DataSource::from_paths(&self.paths) }
    }
}

/// Loads the data the arguments name, reporting progress and problems on stderr.
pub fn load_data(args: &DataArgs) -> anyhow::Result<Loaded> {
    let show_progress = std::io::stderr().is_terminal();
    let last_draw = Mutex::new(None::<Instant>);
    let progress = |p: Progress| {
        let mut last = last_draw.lock().unwrap_or_else(|e| e.into_inner());
        if last.is_some_and(|t| t.elapsed().as_millis() < 100) && p.done < p.total {
            return;
        }
        *last = Some(Instant::now());
        let pct = (p.done * 100).checked_div(p.total).unwrap_or(100);
        eprint!("\r\x1b[2Kloading: {pct:3}% ({} of {})", bytes(p.done), bytes(p.total));
        let _ = std::io::stderr().flush();
    };
    let opts = LoadOptions { strict: args.strict, progress: if show_progress { Some(&progress) } else { None } };
    let result = load::load(&args.source(), opts);
    if show_progress {
        eprint!("\r\x1b[2K");
    }
    let loaded = result?;
    report_problems(&loaded);
    if loaded.index.info.is_sample {
        eprintln!("arenascope: {SAMPLE_NOTICE}");
    }
    Ok(loaded)
}

fn report_problems(loaded: &Loaded) {
    let r = &loaded.report;
    if r.skipped == 0 {
        return;
    }
    eprintln!(
        "arenascope: skipped {} bad row{} ({} loaded); {}:",
        r.skipped,
        if r.skipped == 1 { "" } else { "s" },
        r.rows,
        if r.skipped > PROBLEMS_PRINTED { "the first 10" } else { "problems" }
    );
    for p in r.problems.iter().take(PROBLEMS_PRINTED) {
        eprintln!("  {}", sanitize_line(&p.to_string()));
    }
}

/// Prints an error as one line on stderr.
pub fn print_error(e: &anyhow::Error) {
    let msg = format!("{e:#}");
    eprintln!("arenascope: {}", sanitize_line(&msg));
}
