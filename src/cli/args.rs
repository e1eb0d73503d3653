//! Command-line arguments (clap). Dataset paths are positional everywhere; a query is
//! `-q/--query` except for `search`, which takes it first, like `rg PATTERN [PATH]...`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "arenascope",
    version,
    about = "Browse, search, rate and review Chatbot Arena battles",
    long_about = "Browse, search, rate and review Chatbot Arena battles.\n\n\
        With no subcommand, opens the terminal browser on PATH... (parquet, JSON, JSON Lines, \
        optionally gzipped, or folders of them). With no PATH, it opens the dataset from the \
        Hugging Face cache, else a built-in sample.",
    subcommand_precedence_over_arg = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    #[command(flatten)]
    pub data: DataArgs,

    /// Start with this query (see the README for the query language)
    #[arg(short, long, value_name = "QUERY")]
    pub query: Option<String>,

    /// Keep flags and own votes in this file instead of the dataset's store in the data folder
    #[arg(long, global = true, value_name = "PATH")]
    pub review_file: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Rows, models, votes, languages, turns, flags and times of a dataset
    Stats(StatsArgs),
    /// Battles matching a query: a table, their ids, a count or JSON Lines
    Search(SearchArgs),
    /// Flag battles with labels and notes, list, export and import flags, agreement with the crowd
    Review(super::review::ReviewArgs),
}

/// Where the battles come from; shared by every subcommand.
#[derive(Debug, Clone, Args, Default)]
pub struct DataArgs {
    /// Dataset files or folders (default: the Hugging Face cache, else the built-in sample)
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Stop at the first bad row instead of skipping it
    #[arg(long, global = true)]
    pub strict: bool,

    /// Use the built-in sample dataset
    #[arg(long, global = true, conflicts_with = "paths")]
    pub sample: bool,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    #[command(flatten)]
    pub data: DataArgs,

    /// Print one JSON object
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query, e.g. 'python model:gpt-4 -winner:tie' (the query language is in the README)
    #[arg(value_name = "QUERY", allow_hyphen_values = true)]
    pub query: String,

    #[command(flatten)]
    pub data: DataArgs,

    /// Print only the number of matching battles
    #[arg(long, conflicts_with_all = ["ids", "json"])]
    pub count: bool,

    /// Print the ids of the matching battles, one per line (`question_id#N` for repeats)
    #[arg(long, conflicts_with = "json")]
    pub ids: bool,

    /// Print the matching rows as JSON Lines in the dataset's own schema
    #[arg(long)]
    pub json: bool,

    /// Print at most N battles (the count and the summary still cover all matches)
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
}
