//! Loading for the CLI: progress on stderr when it is a terminal, warnings about skipped rows
//! and the sample, errors as one line; and the one way commands write to standard output.

use std::io::{self, BufWriter, IsTerminal, Write};
use std::sync::Mutex;
use std::time::Instant;

use crate::load::{self, DataSource, LoadOptions, Loaded, Progress, SAMPLE_NOTICE, Scanned};
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
pub(crate) fn load_data(args: &DataArgs) -> anyhow::Result<CommandData> {
    let loaded = with_progress(true, |opts| {
        load::load(&args.source(), LoadOptions { strict: args.strict, cache: !args.no_cache, ..opts })
    })?;
    report_problems(&loaded.report, loaded.index.info.is_sample);
    Ok(CommandData(loaded))
}

/// The data a command works on. When the command is done with it (its output written, or its
/// error), the index cache is written if the load calls for one: no answer waits for it.
pub(crate) struct CommandData(Loaded);

impl std::ops::Deref for CommandData {
    type Target = Loaded;
    fn deref(&self) -> &Loaded {
        &self.0
    }
}

impl Drop for CommandData {
    fn drop(&mut self) {
        self.0.write_cache();
    }
}

/// Reads the data the arguments name piece by piece with [`load::scan`] (nothing is kept),
/// reporting problems on stderr at the end; progress is drawn only when `show_progress` (not
/// while results stream to the same terminal). A load stopped by `take` is `Ok`.
pub(crate) fn scan_data(
    args: &DataArgs,
    show_progress: bool,
    fields: load::Fields,
    scan: load::PieceScan<'_>,
    take: load::PieceTake<'_>,
) -> anyhow::Result<Option<Scanned>> {
    let strict = args.strict;
    match with_progress(show_progress, |o| load::scan(&args.source(), LoadOptions { strict, fields, ..o }, scan, take))
    {
        Ok(scanned) => {
            report_problems(&scanned.report, scanned.info.is_sample);
            Ok(Some(scanned))
        }
        Err(load::LoadError::Stopped) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Runs a load with a progress line on stderr when it is a terminal (and `allowed`).
fn with_progress<T>(allowed: bool, run: impl FnOnce(LoadOptions<'_>) -> T) -> T {
    let show_progress = allowed && std::io::stderr().is_terminal();
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
    let opts = LoadOptions { progress: if show_progress { Some(&progress) } else { None }, ..Default::default() };
    let result = run(opts);
    if show_progress {
        eprint!("\r\x1b[2K");
    }
    result
}

fn report_problems(report: &load::LoadReport, is_sample: bool) {
    for w in &report.warnings {
        eprintln!("arenascope: warning: {}", sanitize_line(w));
    }
    for line in report.skipped_summary(PROBLEMS_PRINTED).into_iter().flatten() {
        let prefix = if line.starts_with(' ') { "" } else { "arenascope: " };
        eprintln!("{prefix}{}", sanitize_line(&line));
    }
    if is_sample {
        eprintln!("arenascope: {SAMPLE_NOTICE}");
    }
}

/// Prints an error as one line on stderr (nothing when stderr itself is gone: there is no one
/// left to tell).
pub(crate) fn print_error(e: &anyhow::Error) {
    let msg = format!("{e:#}");
    let _ = writeln!(io::stderr(), "arenascope: {}", sanitize_line(&msg));
}

/// Standard output's reader went away (`arenascope search ... | head`): the command stops, and
/// exits quietly with success, as other Unix tools do.
#[derive(Debug, thiserror::Error)]
#[error("standard output was closed")]
pub(crate) struct ClosedPipe;

/// Writes `text` to standard output: see [`write_stdout`].
pub(crate) fn print_stdout(text: &str) -> anyhow::Result<()> {
    write_stdout(|out| out.write_all(text.as_bytes()))
}

/// Every command's output goes through here. A write error (a full disk, `> /dev/full`)
/// becomes one error line ("writing to standard output: No space left on device", exit 1)
/// instead of the panic of `print!`; a closed pipe becomes [`ClosedPipe`].
pub(crate) fn write_stdout(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> anyhow::Result<()> {
    let mut out = BufWriter::new(io::stdout().lock());
    write(&mut out).and_then(|()| out.flush()).map_err(stdout_error)
}

/// A failed write to standard output as [`write_stdout`] reports it.
pub(crate) fn stdout_error(e: io::Error) -> anyhow::Error {
    if e.kind() == io::ErrorKind::BrokenPipe {
        ClosedPipe.into()
    } else {
        anyhow::anyhow!("writing to standard output: {}", crate::output::io_reason(&e))
    }
}
