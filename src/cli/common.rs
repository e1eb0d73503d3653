//! Loading for the CLI: progress on stderr when it is a terminal, warnings about skipped rows
//! and the sample, errors as one line; and the one way commands write to standard output.

use std::io::{self, BufWriter, IsTerminal, Write};
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
        match self.dataset {
            _ if self.sample => DataSource::Sample,
            Some(release) => DataSource::Dataset(release),
            None => DataSource::from_paths(&self.paths),
        }
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
    for w in &r.warnings {
        eprintln!("arenascope: warning: {}", sanitize_line(w));
    }
    for line in loaded.report.skipped_summary(PROBLEMS_PRINTED).into_iter().flatten() {
        let prefix = if line.starts_with(' ') { "" } else { "arenascope: " };
        eprintln!("{prefix}{}", sanitize_line(&line));
    }
}

/// Prints an error as one line on stderr (nothing when stderr itself is gone: there is no one
/// left to tell).
pub fn print_error(e: &anyhow::Error) {
    let msg = format!("{e:#}");
    let _ = writeln!(io::stderr(), "arenascope: {}", sanitize_line(&msg));
}

/// Standard output's reader went away (`arenascope search ... | head`): the command stops, and
/// exits quietly with success, as other Unix tools do.
#[derive(Debug, thiserror::Error)]
#[error("standard output was closed")]
pub struct ClosedPipe;

/// Writes `text` to standard output: see [`write_stdout`].
pub fn print_stdout(text: &str) -> anyhow::Result<()> {
    write_stdout(|out| out.write_all(text.as_bytes()))
}

/// Every command's output goes through here. A write error (a full disk, `> /dev/full`)
/// becomes one error line ("writing to standard output: No space left on device", exit 1)
/// instead of the panic of `print!`; a closed pipe becomes [`ClosedPipe`].
pub fn write_stdout(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> anyhow::Result<()> {
    let mut out = BufWriter::new(io::stdout().lock());
    match write(&mut out).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Err(ClosedPipe.into()),
        Err(e) => Err(anyhow::anyhow!("writing to standard output: {}", crate::output::io_reason(&e))),
    }
}
