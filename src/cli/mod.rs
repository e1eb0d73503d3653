//! The scriptable command line: argument definitions, shared loading, one module per
//! subcommand. Exit status: 0 success, 1 error, 2 usage error (clap's own).

pub mod args;
pub mod common;
pub mod format;
pub mod ratings;
pub mod review;
pub mod search;
pub mod stats;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

use args::{Cli, Command};

/// Parses the command line and runs it.
pub fn main() -> ExitCode {
    let started = std::time::Instant::now();
    let matches = match Cli::command().after_help(crate::tui::config::help_text()).try_get_matches() {
        Ok(m) => m,
        Err(e) => return clap_exit(&e),
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => return clap_exit(&e),
    };
    let result = match &cli.command {
        Some(Command::Stats(a)) => stats::run(a),
        Some(Command::Ratings(a)) => ratings::run(a, cli.review_file.as_deref()),
        Some(Command::Review(a)) => review::run(a, cli.review_file.as_deref()),
        Some(Command::Search(a)) => search::run(a, cli.review_file.as_deref()),
        None => crate::tui::run(crate::tui::Options {
            source: cli.data.source(),
            strict: cli.data.strict,
            query: cli.query.clone().unwrap_or_default(),
            review_file: cli.review_file.clone(),
            started,
        }),
    };
    match result {
        Ok(code) => code,
        Err(e) if e.is::<common::ClosedPipe>() => ExitCode::SUCCESS,
        Err(e) => {
            common::print_error(&e);
            ExitCode::from(1)
        }
    }
}

/// Prints clap's help, version or usage error (exit 0 or 2); a help that cannot be written
/// (`--help > /dev/full`) is an error like any other output.
fn clap_exit(e: &clap::Error) -> ExitCode {
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
