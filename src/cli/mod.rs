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
