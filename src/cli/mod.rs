//! The scriptable command line: argument definitions, shared loading, one module per
//! subcommand. Exit status: 0 success, 1 error, 2 usage error (clap's own). `main.rs` parses
//! the arguments and calls [`run`] (or starts the browser when no subcommand is given).

pub mod args;
mod common;
mod datasets;
mod export;
mod ratings;
mod review;
mod search;
mod stats;

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
        Command::Export(a) => export::run(a, review_file),
        Command::Datasets(a) => datasets::run(a),
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

/// When the first path does not exist and is a near miss for a subcommand (`serch`), the user
/// meant the command: say so instead of "no such file".
pub fn mistyped_command<'a>(paths: &[std::path::PathBuf], commands: impl Iterator<Item = &'a str>) -> Option<String> {
    let first = paths.first()?;
    let word = first.to_str()?;
    if first.exists() || word.contains(['/', '.']) {
        return None;
    }
    let best = crate::query::likely_typo(word, commands)?;
    Some(format!("{word}: no such file or folder, and not a command; did you mean `arenascope {best}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_near_miss_for_a_command_is_named() {
        let commands = ["stats", "search", "ratings", "review"];
        let hint = |p: &str| mistyped_command(&[p.into()], commands.into_iter());
        assert_eq!(
            hint("serch").as_deref(),
            Some("serch: no such file or folder, and not a command; did you mean `arenascope search`?")
        );
        assert!(hint("rating").is_some_and(|h| h.contains("`arenascope ratings`")));
        assert!(hint("stat").is_some_and(|h| h.contains("`arenascope stats`")));
        // Far from every command, or plainly a path: the loader's own error stays.
        assert_eq!(hint("battles"), None);
        assert_eq!(hint("serch.jsonl"), None);
        assert_eq!(hint("data/serch"), None);
    }
}
