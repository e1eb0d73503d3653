//! The `arenascope` binary: parses the command line, then hands off to a subcommand of the
//! CLI or, without one, to the browser. Everything else happens in the library.

use std::process::ExitCode;
use std::time::Instant;

use arenascope::cli::args::Cli;
use arenascope::{cli, tui};
use clap::{CommandFactory, FromArgMatches};

fn main() -> ExitCode {
    let started = Instant::now();
    // Under the flags: where the browser's config file is and what it holds.
    let matches = match Cli::command().after_help(tui::help_text()).try_get_matches() {
        Ok(m) => m,
        Err(e) => return cli::clap_exit(&e),
    };
    let args = match Cli::from_arg_matches(&matches) {
        Ok(args) => args,
        Err(e) => return cli::clap_exit(&e),
    };
    if args.command.is_none()
        && let Some(hint) =
            cli::mistyped_command(&args.data.paths, Cli::command().get_subcommands().map(|c| c.get_name()))
    {
        eprintln!("arenascope: {hint}");
        return ExitCode::from(2);
    }
    let result = match &args.command {
        Some(command) => cli::run(command, args.review_file.as_deref()),
        None => tui::run(tui::Options {
            source: args.data.source(),
            strict: args.data.strict,
            query: args.query.clone().unwrap_or_default(),
            review_file: args.review_file.clone(),
            started,
        }),
    };
    result.unwrap_or_else(|e| cli::error_exit(&e))
}
