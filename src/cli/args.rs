//! Command-line arguments (clap). Dataset paths are positional everywhere; a query is
//! `-q/--query` except for `search`, which takes it first, like `rg PATTERN [PATH]...`.

use std::path::PathBuf;

use clap::{ArgGroup, Args, Parser, Subcommand, ValueEnum};

use crate::model::{Release, Winner};
use crate::review::parse_vote;

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
    /// Rate the models (Bradley-Terry or online Elo) on all battles or a query's, or print a
    /// pair matrix
    Ratings(RatingsArgs),
    /// Battles matching a query: a table, their ids, a count or JSON Lines
    Search(SearchArgs),
    /// Flag battles with labels and notes, list, export and import flags, agreement with the crowd
    Review(ReviewArgs),
    /// Write the battles matching a query as a dataset (parquet, JSON Lines, CSV) or as
    /// preference pairs, with a dataset card saying where they came from
    Export(SubsetExportArgs),
    /// The Arena releases found in the Hugging Face cache (names for --dataset)
    Datasets(DatasetsArgs),
}

#[derive(Debug, Args)]
pub struct DatasetsArgs {
    /// One JSON array: name, short name, repo, files, size and the release the files' columns
    /// were recognised as
    #[arg(long)]
    pub(crate) json: bool,
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

    /// Neither read nor write the index cache (also ARENASCOPE_NO_CACHE=1)
    #[arg(long, global = true)]
    pub no_cache: bool,

    /// Use the built-in sample dataset
    #[arg(long, global = true, conflicts_with = "paths")]
    pub sample: bool,

    /// Open this release from the Hugging Face cache: a short name (33k, 55k, 100k, 140k,
    /// mtbench, search) or a repo id; `arenascope datasets` lists what is there
    #[arg(long, global = true, value_name = "NAME", conflicts_with_all = ["paths", "sample"],
          value_parser = parse_dataset_arg)]
    pub dataset: Option<Release>,
}

/// A `--dataset` name; an unknown one is a usage error listing the known names.
fn parse_dataset_arg(s: &str) -> Result<Release, String> {
    crate::load::discover::release_by_name(s).ok_or_else(|| {
        let names: Vec<&str> = Release::ALL.iter().map(|r| r.short()).collect();
        let repos: Vec<&str> =
            Release::ALL.iter().flat_map(|r| crate::load::discover::repo_ids(*r).iter().copied()).collect();
        format!("unknown dataset; known names: {} (or a repo id: {})", names.join(", "), repos.join(", "))
    })
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    #[command(flatten)]
    pub(crate) data: DataArgs,

    /// Print one JSON object
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Debug, Args)]
#[command(
    long_about = "Rate the models on all battles, or on the battles a query matches.\n\n\
        Bradley-Terry (the default) is the maximum-likelihood fit the Arena has used since \
        December 2023: it does not depend on the order of the battles. Online Elo (--method elo) \
        is the 2023 leaderboard's method: it replays the battles in time order, and the same \
        battles in another order give other ratings. Models whose Bradley-Terry estimate is \
        infinite (they won, or lost, every battle that matters) are listed without a rating.",
    after_help = "Examples:\n  \
        arenascope ratings data.parquet\n  \
        arenascope ratings data.parquet --ci bootstrap --rounds 1000 --seed 1\n  \
        arenascope ratings data.parquet --method elo --json\n  \
        arenascope ratings data.parquet --ties none --until 2023-05-31 --anchor gpt-4=1200\n  \
        arenascope ratings data.parquet --matrix wins --csv\n  \
        arenascope ratings data.parquet --style -q 'lang:English'\n  \
        arenascope ratings data.parquet --by category --style"
)]
pub struct RatingsArgs {
    #[command(flatten)]
    pub(crate) data: DataArgs,

    /// Rate only the battles matching this query
    #[arg(short, long, value_name = "QUERY")]
    pub(crate) query: Option<String>,

    /// bt: Bradley-Terry maximum likelihood; elo: online Elo, which depends on battle order
    #[arg(long, value_enum, default_value_t = MethodArg::Bt)]
    pub(crate) method: MethodArg,

    /// 95% intervals [default: sandwich for bt, none for elo]
    #[arg(long, value_enum)]
    pub(crate) ci: Option<CiArg>,

    /// Bootstrap rounds, 1 to 10000 (each round is one more fit)
    #[arg(long, default_value_t = crate::rating::DEFAULT_ROUNDS,
          value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_ROUNDS)))]
    pub(crate) rounds: u32,

    /// Bootstrap seed, any whole number from 0 to 18446744073709551615 (the same seed gives the
    /// same intervals)
    #[arg(long, default_value_t = crate::rating::DEFAULT_SEED)]
    pub(crate) seed: u64,

    /// Shift all ratings so that MODEL shows VALUE, e.g. gpt-4=1200 (VALUE from -100000 to
    /// 100000)
    #[arg(long, value_name = "MODEL=VALUE", value_parser = parse_anchor_arg)]
    pub(crate) anchor: Option<AnchorArg>,

    /// How ties count: half (tie and both-bad are half a win each), no-bothbad (leave out
    /// both-bad battles), none (leave out all ties)
    #[arg(long, value_enum, default_value_t = TiesArg::Half)]
    pub(crate) ties: TiesArg,

    /// Only battles known to be anonymous
    #[arg(long)]
    pub(crate) anony_only: bool,

    /// Only battles on or before this UTC day (YYYY-MM-DD, years 0000 to 9999): the table as of
    /// that date
    #[arg(long, value_name = "DATE", value_parser = parse_day_arg)]
    pub(crate) until: Option<i64>,

    /// Style-controlled Bradley-Terry (the leaderboard's default view): length, headers, lists
    /// and bold as covariates, beside the plain ratings, with the rank change and the style
    /// coefficients
    #[arg(long, conflicts_with = "matrix")]
    pub(crate) style: bool,

    /// One table with a column per category (and the largest languages), language or month:
    /// each cell the model's rank (by upper bound) and rating on that column's battles
    #[arg(long, value_enum, value_name = "SPLIT", conflicts_with_all = ["matrix", "csv"])]
    pub(crate) by: Option<SplitArg>,

    /// Drop over-frequent prompts first (FastChat's deduplication: a prompt seen more often than
    /// the --dedup-quantile of the battles per prompt keeps int(that count) of its battles,
    /// drawn with --seed); a file's dedup_tag is used where every row has one
    #[arg(long)]
    pub(crate) dedup: bool,

    /// The quantile of --dedup [default: 0.999, as the published leaderboard; FastChat's script
    /// defaults to 0.9999]
    #[arg(long, value_name = "Q", default_value_t = crate::rating::dedup::DEFAULT_QUANTILE, requires = "dedup")]
    pub(crate) dedup_quantile: f64,

    /// Print a pair matrix instead of the table
    #[arg(long, value_enum)]
    pub(crate) matrix: Option<MatrixArg>,

    /// Print one JSON object
    #[arg(long, conflicts_with = "csv")]
    pub(crate) json: bool,

    /// Print CSV
    #[arg(long)]
    pub(crate) csv: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum SplitArg {
    Category,
    Language,
    Month,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum MethodArg {
    Bt,
    Elo,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum CiArg {
    None,
    Sandwich,
    Bootstrap,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum TiesArg {
    Half,
    #[value(name = "no-bothbad")]
    NoBothbad,
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum MatrixArg {
    /// Share of decisive battles the row model won against the column model
    Wins,
    /// Battles between the two (ties as counted by --ties)
    Battles,
    /// Decisive battles between the two
    Decisive,
    /// Win rate predicted by the ratings
    Predicted,
}

#[derive(Debug, Args)]
#[command(
    after_help = format!("{}\n\n{}", crate::present::QUERY_LANGUAGE, "\
Examples:\n  \
    arenascope search python data.parquet --count\n  \
    arenascope search 'loser:gpt-4 lang:german' data.parquet --ids\n  \
    arenascope search 'prompt:/\\bhaiku\\b/ -winner:bothbad' data.parquet --json > haiku.jsonl")
)]
pub struct SearchArgs {
    /// The query, e.g. 'python model:gpt-4 -winner:tie' (the query language is in the README)
    #[arg(value_name = "QUERY", allow_hyphen_values = true)]
    pub(crate) query: String,

    #[command(flatten)]
    pub(crate) data: DataArgs,

    /// Print only the number of matching battles
    #[arg(long, conflicts_with_all = ["ids", "json"])]
    pub(crate) count: bool,

    /// Print the ids of the matching battles, one per line (`question_id#N` for repeats)
    #[arg(long, conflicts_with = "json")]
    pub(crate) ids: bool,

    /// Print the matching rows as JSON Lines in the dataset's own schema
    #[arg(long)]
    pub(crate) json: bool,

    /// Print at most N battles, 0 to 18446744073709551615 (the count and the summary still
    /// cover all matches)
    #[arg(long, value_name = "N")]
    pub(crate) limit: Option<u64>,
}

#[derive(Debug, Args)]
#[command(
    long_about = "Write the battles matching QUERY to FILE, for the next tool of a pipeline \
        (pandas, DuckDB, Hugging Face datasets, TRL).\n\n\
        --format dataset (the default) writes the rows in the source release's own schema: \
        .parquet (zstd, the hub's nested columns), .jsonl, or .csv (the flat columns of \
        `review export`). --format pairs writes preference pairs for TRL's DPO and reward \
        trainers: `chosen` and `rejected` are the winner's and the loser's whole conversations \
        (.jsonl or .parquet). Beside FILE goes a dataset card, README.md (or FILE.README.md when \
        a README.md that is not this export's card is there already).\n\n\
        FILE is never one of the inputs, and an existing FILE is replaced only with --force.",
    after_help = "Examples:\n  \
        arenascope export 'model:gpt-4 lang:English' data.parquet --out gpt4.parquet\n  \
        arenascope export 'turns:>1' data.parquet --out multi.jsonl --format pairs\n  \
        arenascope export 'review:flagged' data.parquet --out flagged.csv --with-review\n  \
        arenascope export '' data.parquet --out all-pairs.parquet --format pairs --ties keep"
)]
pub struct SubsetExportArgs {
    /// The query ('' for every battle); `review:` terms look up your flags, as in `search`
    #[arg(value_name = "QUERY", allow_hyphen_values = true)]
    pub(crate) query: String,

    #[command(flatten)]
    pub(crate) data: DataArgs,

    /// The file to write; its extension gives the file type: .parquet, .jsonl (or .ndjson),
    /// .csv
    #[arg(long, value_name = "FILE")]
    pub(crate) out: PathBuf,

    /// dataset: the rows in the release's schema; pairs: chosen/rejected conversations
    #[arg(long, value_enum, default_value_t = ExportFormatArg::Dataset)]
    pub(crate) format: ExportFormatArg,

    /// Add each battle's review (labels, note, own vote; null where none) as a `review` column
    #[arg(long)]
    pub(crate) with_review: bool,

    /// Pairs: drop ties and both-bad votes (counted in the summary), or keep them with a
    /// `label` column
    #[arg(long, value_enum, default_value_t = PairTiesArg::Drop)]
    pub(crate) ties: PairTiesArg,

    /// Do not write the dataset card
    #[arg(long)]
    pub(crate) no_card: bool,

    /// Replace FILE (and its card) if they exist
    #[arg(long)]
    pub(crate) force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ExportFormatArg {
    Dataset,
    Pairs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum PairTiesArg {
    Drop,
    Keep,
}

/// The most bootstrap rounds `--rounds` takes: 100 times the default, already minutes at 33K
/// battles; far more would only spend memory (a rating per model per round).
pub(crate) const MAX_ROUNDS: u32 = 10_000;
/// The largest anchor value, in either direction: ratings live around 1000.
pub(crate) const MAX_ANCHOR: f64 = 100_000.0;

/// `--anchor MODEL=VALUE` as given: the model is looked up once the data is loaded.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct AnchorArg {
    pub(crate) model: String,
    pub(crate) value: f64,
}

fn parse_anchor_arg(spec: &str) -> Result<AnchorArg, String> {
    let Some((model, value)) = spec.rsplit_once('=') else {
        return Err("expected MODEL=VALUE, e.g. gpt-4=1200".to_owned());
    };
    if model.is_empty() {
        return Err("expected MODEL=VALUE: the model name is missing".to_owned());
    }
    match value.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && v.abs() <= MAX_ANCHOR => Ok(AnchorArg { model: model.to_owned(), value: v }),
        Ok(_) => Err(format!("VALUE must be between -{MAX_ANCHOR} and {MAX_ANCHOR}, not '{value}'")),
        Err(_) => Err(format!("'{value}' is not a number")),
    }
}

fn parse_day_arg(s: &str) -> Result<i64, String> {
    crate::time::parse_date(s).ok_or_else(|| format!("expected a date YYYY-MM-DD, not '{s}'"))
}

// --- `arenascope review ...` ----------------------------------------------------------------

#[derive(Debug, Args)]
pub struct ReviewArgs {
    #[command(subcommand)]
    pub(crate) action: ReviewAction,
}

#[derive(Debug, Subcommand)]
pub(crate) enum ReviewAction {
    /// Flag battles with labels, a note or your own vote
    #[command(group(ArgGroup::new("what").required(true).multiple(true).args(["labels", "note", "vote"])))]
    Add(AddArgs),
    /// Remove labels from battles, or (without --label) their whole entry
    Remove(RemoveArgs),
    /// List flagged and voted battles
    List(ListArgs),
    /// Write flagged battles to FILE.jsonl (dataset rows plus a `review` object) or FILE.csv
    Export(ExportArgs),
    /// Merge a colleague's export (or review file) into this dataset's flags
    Import(ImportArgs),
    /// Counts per label, own votes, and agreement with the crowd (percent and Cohen's kappa)
    Stats(ReviewStatsArgs),
}

/// Which battles: `--id` and/or `--ids-from`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("which").required(true).multiple(true).args(["ids", "ids_from"])))]
pub(crate) struct IdArgs {
    /// A battle: its question_id, or question_id#N for the N-th row with that id (repeatable);
    /// a # inside an id is written \#, as `search --ids` prints it
    #[arg(long = "id", value_name = "ID")]
    pub(crate) ids: Vec<String>,

    /// Read ids from FILE, one per line (`-`: standard input, e.g. from `arenascope search QUERY --ids`)
    #[arg(long, value_name = "FILE")]
    pub(crate) ids_from: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct AddArgs {
    #[command(flatten)]
    pub(crate) data: DataArgs,
    #[command(flatten)]
    pub(crate) which: IdArgs,

    /// A label to add (repeatable): one of the configured labels or one already in use
    #[arg(long = "label", value_name = "LABEL")]
    pub(crate) labels: Vec<String>,

    /// Set the note (replaces an existing one; "" clears it)
    #[arg(long, value_name = "TEXT")]
    pub(crate) note: Option<String>,

    /// Set your own vote: A, B, tie or "both bad"
    #[arg(long, value_name = "VOTE", value_parser = parse_vote_arg)]
    pub(crate) vote: Option<Winner>,
}

#[derive(Debug, Args)]
pub(crate) struct RemoveArgs {
    #[command(flatten)]
    pub(crate) data: DataArgs,
    #[command(flatten)]
    pub(crate) which: IdArgs,

    /// Remove only this label (repeatable); without it the whole entry goes, note and vote too
    #[arg(long = "label", value_name = "LABEL")]
    pub(crate) labels: Vec<String>,
}

#[derive(Debug, Args)]
pub(crate) struct ListArgs {
    #[command(flatten)]
    pub(crate) data: DataArgs,

    /// Only battles with this label (repeatable: any of them)
    #[arg(long = "label", value_name = "LABEL")]
    pub(crate) labels: Vec<String>,

    /// One JSON object per line
    #[arg(long, conflicts_with = "ids")]
    pub(crate) json: bool,

    /// Only the ids, one per line (for `review add --ids-from -` and other tools)
    #[arg(long)]
    pub(crate) ids: bool,
}

#[derive(Debug, Args)]
pub(crate) struct ExportArgs {
    #[command(flatten)]
    pub(crate) data: DataArgs,

    /// Only battles with this label (repeatable: any of them)
    #[arg(long = "label", value_name = "LABEL")]
    pub(crate) labels: Vec<String>,

    /// The file to write: .jsonl (or .ndjson) or .csv. It is written whole or not at all, and
    /// never over a dataset file or the review store
    #[arg(long, value_name = "FILE")]
    pub(crate) out: PathBuf,

    /// Replace FILE if it exists
    #[arg(long)]
    pub(crate) force: bool,
}

#[derive(Debug, Args)]
pub(crate) struct ImportArgs {
    #[command(flatten)]
    pub(crate) data: DataArgs,

    /// The export or review file to merge (positional paths are the dataset, as everywhere)
    #[arg(long, value_name = "FILE")]
    pub(crate) from: PathBuf,
}

#[derive(Debug, Args)]
pub(crate) struct ReviewStatsArgs {
    #[command(flatten)]
    pub(crate) data: DataArgs,

    /// Print one JSON object
    #[arg(long)]
    pub(crate) json: bool,
}

fn parse_vote_arg(s: &str) -> Result<Winner, String> {
    parse_vote(s).ok_or_else(|| format!("{s:?} is not a vote: use A, B, tie or \"both bad\""))
}
