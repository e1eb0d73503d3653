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
    if cli.command.is_none()
        && let Some(hint) = mistyped_command(&cli.data.paths, Cli::command().get_subcommands().map(|c| c.get_name()))
    {
        eprintln!("arenascope: {hint}");
        return ExitCode::from(2);
    }
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

/// When the first path does not exist and is a near miss for a subcommand (`serch`), the user
/// meant the command: say so instead of "no such file".
fn mistyped_command<'a>(paths: &[std::path::PathBuf], commands: impl Iterator<Item = &'a str>) -> Option<String> {
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
