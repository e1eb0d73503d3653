//! The scriptable command line: argument definitions, shared loading, one module per
//! subcommand. Exit status: 0 success, 1 error, 2 usage error (clap's own). `main.rs` parses
//! the arguments and calls [`run`] (or starts the browser when no subcommand is given).

pub mod args;
pub mod common;
pub mod ratings;
pub mod review;
pub mod search;
pub mod stats;

use std::path::Path;
use std::process::ExitCode;

use args::Command;

/// Runs one subcommand; `review_file` is the global `--review-file`.
pub fn run(command: &Command, review_file: Option<&Path>) -> anyhow::Result<ExitCode> {
    match command {
        Command::Stats(a) => stats::run(a),
        Command::Ratings(a) => ratings::run(a, review_file),
        Command::Review(a) => review::run(a, review_file),
        Command::Search(a) => search::run(a, review_file),
    }
}

/// The exit status of a command that failed: 1 after the error line, or 0 without a word when
/// standard output was closed early (`arenascope search ... | head`).
pub fn error_exit(e: &anyhow::Error) -> ExitCode {
    if e.is::<common::ClosedPipe>() {
        return ExitCode::SUCCESS;
    }
    common::print_error(e);
    ExitCode::from(1)
}

/// Prints clap's help, version or usage error (exit 0 or 2); a help that cannot be written
/// (`--help > /dev/full`) is an error like any other output.
pub fn clap_exit(e: &clap::Error) -> ExitCode {
    let code = e.exit_code();
    match e.print() {
        Err(io) if e.use_stderr() || io.kind() != std::io::ErrorKind::BrokenPipe => {
            common::print_error(&anyhow::anyhow!(
                "writing to standard {}: {}",
                if e.use_stderr() { "error" } else { "output" },
                crate::output::io_reason(&io)
            ));
            ExitCode::from(1)
        }
        _ => ExitCode::from(u8::try_from(code).unwrap_or(1)),
    }
}
