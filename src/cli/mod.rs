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
    let matches = Cli::command().after_help(crate::tui::config::help_text()).get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
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
        Err(e) => {
            common::print_error(&e);
            ExitCode::from(1)
        }
    }
}
