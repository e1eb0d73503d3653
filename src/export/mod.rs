//! A subset of battles out of arenascope, in the shapes the next tools of a pipeline read:
//! the dataset's own rows (JSON Lines, CSV, parquet in the release's schema) or preference
//! pairs (TRL's conversational form), each with a dataset card saying where it came from.
//! The CLI (`arenascope export`) and the browser's export dialog both call [`run`].

mod card;
mod dataset;
mod kaggle;
mod layout;
mod pairs;
mod parquet;
mod search_arena;

use std::path::{Path, PathBuf};

use crate::index::{BattleId, Index};
use crate::output::{OutputError, WriteOptions, check_target};
use crate::review::ReviewView;

pub use card::card_path;

/// What the rows are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// The dataset's own rows (the release's schema), optionally with each battle's review.
    #[default]
    Dataset,
    /// Preference pairs: `chosen` / `rejected` conversations (TRL's implicit-prompt form).
    Pairs,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Dataset => "dataset",
            Format::Pairs => "pairs",
        }
    }
}

/// How the rows are stored, from the file's extension unless given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileType {
    JsonLines,
    Csv,
    Parquet,
}

impl FileType {
    /// `.jsonl` / `.ndjson`, `.csv`, `.parquet` / `.pq` (any case); `None` otherwise.
    pub fn from_path(path: &Path) -> Option<FileType> {
        let ext = path.extension()?.to_string_lossy().to_ascii_lowercase();
        match ext.as_str() {
            "jsonl" | "ndjson" => Some(FileType::JsonLines),
            "csv" => Some(FileType::Csv),
            "parquet" | "pq" => Some(FileType::Parquet),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            FileType::JsonLines => "JSON Lines",
            FileType::Csv => "CSV",
            FileType::Parquet => "parquet",
        }
    }
}

/// What pairs do with battles that have no winner (ties and both-bad votes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Ties {
    /// Left out and counted in the summary.
    #[default]
    Drop,
    /// Written with a `label` column (`win`, `tie`, `both_bad`); a tie's `chosen` is model A.
    Keep,
}

/// One export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub path: PathBuf,
    pub format: Format,
    /// `None`: from the extension of `path`.
    pub file_type: Option<FileType>,
    /// Add each battle's review (labels, note, own vote) as a `review` column, null where none.
    pub with_review: bool,
    /// Pairs: what happens to ties and both-bad votes.
    pub ties: Ties,
    /// Write a dataset card (`README.md`) beside the file.
    pub card: bool,
    /// Replace an existing file (never an input).
    pub force: bool,
}

impl Request {
    /// A dataset export to `path` with a card, the type from the extension, nothing replaced.
    pub fn new(path: impl Into<PathBuf>) -> Request {
        Request {
            path: path.into(),
            format: Format::Dataset,
            file_type: None,
            with_review: false,
            ties: Ties::Drop,
            card: true,
            force: false,
        }
    }

    /// The file type: as given, else from the extension.
    pub fn file_type(&self) -> Result<FileType, ExportError> {
        let t = match self.file_type.or_else(|| FileType::from_path(&self.path)) {
            Some(t) => t,
            None => return Err(ExportError::UnknownType { path: self.path.clone() }),
        };
        if self.format == Format::Pairs && t == FileType::Csv {
            return Err(ExportError::PairsAsCsv { path: self.path.clone() });
        }
        Ok(t)
    }
}

/// Where the battles came from, for the card and for the rule that inputs are never written.
#[derive(Debug, Clone, Copy, Default)]
pub struct Provenance<'a> {
    /// The query that chose the battles, as typed ("" for all of them).
    pub query: &'a str,
    /// Every file the caller read (dataset files, the review journal): never written, even
    /// with `force`. The index's own files are added by [`run`].
    pub inputs: &'a [PathBuf],
    /// The review store's entries, for `with_review` (none: every review is null).
    pub reviews: Option<&'a ReviewView>,
}

/// Why battles were not written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SkipReason {
    /// Pairs: a tie (no winner), with `Ties::Drop`.
    Tie,
    /// Pairs: both answers voted bad, with `Ties::Drop`.
    BothBad,
    /// Pairs: the two conversations do not have the same user messages, so there is no one
    /// prompt both answers reply to.
    UserTurnsDiffer,
    /// Pairs: nobody voted (Search Arena), so nothing was chosen, whatever `--ties` says.
    NoVote,
}

impl SkipReason {
    pub fn describe(self) -> &'static str {
        match self {
            SkipReason::Tie => "ties",
            SkipReason::BothBad => "both bad",
            SkipReason::UserTurnsDiffer => "user turns differ between the two conversations",
            SkipReason::NoVote => "no vote",
        }
    }
}

/// Battles skipped for one reason: how many, and the first few ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub reason: SkipReason,
    pub count: usize,
    /// Up to [`SKIPPED_IDS_KEPT`] battle ids (`question_id` or `question_id#N`).
    pub ids: Vec<String>,
}

/// Skipped ids kept per reason for the report.
pub const SKIPPED_IDS_KEPT: usize = 5;

/// What an export wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub path: PathBuf,
    pub format: Format,
    pub file_type: FileType,
    /// Rows written.
    pub rows: usize,
    /// Battles asked for but not written, by reason (reasons with none are left out).
    pub skipped: Vec<Skipped>,
    /// Size of the written file.
    pub bytes: u64,
    /// The dataset card, when one was written.
    pub card: Option<PathBuf>,
}

/// Why nothing (or only the data file, for `Card`) was written. Each message is one line that
/// names the path.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{path}: cannot tell the file type from the name; end it in .jsonl, .csv or .parquet")]
    UnknownType { path: PathBuf },
    #[error("{path}: pairs are written as .jsonl or .parquet, not CSV (their conversations are nested)")]
    PairsAsCsv { path: PathBuf },
    #[error(transparent)]
    Output(#[from] OutputError),
    /// The data file was written, the card was not.
    #[error("wrote {data}, but not its card: {source}")]
    Card { data: PathBuf, source: OutputError },
}

/// The dataset card's path and whether writing it may replace a file, decided before anything
/// is written; also checks the data file. The browser calls it to ask before overwriting.
pub fn check(index: &Index, req: &Request, prov: &Provenance<'_>) -> Result<Option<PathBuf>, ExportError> {
    req.file_type()?;
    let inputs = all_inputs(index, prov);
    let opts = WriteOptions { force: req.force, inputs: &inputs };
    check_target(&req.path, opts)?;
    if !req.card {
        return Ok(None);
    }
    let card = card_path(&req.path);
    check_target(&card, WriteOptions { force: req.force || card::is_own_card(&card, &req.path), inputs: &inputs })?;
    Ok(Some(card))
}

/// Writes `battles` (in the order given) as `req` asks, then the card. Nothing is written over
/// an input or (without `force`) an existing file; each file is written whole or not at all.
pub fn run(index: &Index, battles: &[BattleId], req: &Request, prov: &Provenance<'_>) -> Result<Summary, ExportError> {
    let file_type = req.file_type()?;
    let card = check(index, req, prov)?;
    let inputs = all_inputs(index, prov);
    let opts = WriteOptions { force: req.force, inputs: &inputs };
    let reviews = if req.with_review { Some(prov.reviews.unwrap_or(&EMPTY_VIEW)) } else { None };
    let (rows, skipped) = match req.format {
        Format::Dataset => (dataset::write(&req.path, file_type, index, battles, reviews, opts)?, Vec::new()),
        Format::Pairs => pairs::write(&req.path, file_type, index, battles, req.ties, reviews, opts)?,
    };
    let bytes = std::fs::metadata(&req.path).map(|m| m.len()).unwrap_or(0);
    let mut summary =
        Summary { path: req.path.clone(), format: req.format, file_type, rows, skipped, bytes, card: None };
    if let Some(card_file) = card {
        let force = req.force || card::is_own_card(&card_file, &req.path);
        let text = card::render(index, req, prov, &summary);
        crate::output::write_file(&card_file, WriteOptions { force, inputs: &inputs }, |w| {
            w.write_all(text.as_bytes())
        })
        .map_err(|source| ExportError::Card { data: req.path.clone(), source })?;
        summary.card = Some(card_file);
    }
    Ok(summary)
}

static EMPTY_VIEW: std::sync::LazyLock<ReviewView> = std::sync::LazyLock::new(ReviewView::default);

fn all_inputs(index: &Index, prov: &Provenance<'_>) -> Vec<PathBuf> {
    index.info.paths.iter().chain(prov.inputs).cloned().collect()
}

/// The skipped battles by reason, in a fixed order, with the first few ids of each.
fn tally(index: &Index, skipped: &[(SkipReason, BattleId)]) -> Vec<Skipped> {
    let mut out: Vec<Skipped> = Vec::new();
    let mut sorted = skipped.to_vec();
    sorted.sort_by_key(|&(r, b)| (r, b));
    for (reason, b) in sorted {
        match out.last_mut() {
            Some(s) if s.reason == reason => {
                s.count += 1;
                if s.ids.len() < SKIPPED_IDS_KEPT {
                    s.ids.push(index.battle_label(b));
                }
            }
            _ => out.push(Skipped { reason, count: 1, ids: vec![index.battle_label(b)] }),
        }
    }
    out
}
