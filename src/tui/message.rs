//! What the workers hand back to the app: the payloads that [`Action`](super::action::Action)
//! carries. They sit below both the action and the workers, so neither imports the other.

use std::fmt;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::index::{BattleId, Index};
use crate::load::LoadReport;
use crate::review::{ReviewView, Reviews, Saved};

use super::query_eval::{Hits, QueryProblem};
use super::state::ratings::RatingsSnapshot;

/// A loaded dataset, handed to the app.
#[derive(Debug)]
pub struct LoadedData {
    pub(crate) index: Arc<Index>,
    pub(crate) report: LoadReport,
}

#[derive(Debug)]
pub struct SearchResult {
    pub(crate) generation: u64,
    pub(crate) outcome: Result<Hits, QueryProblem>,
    pub(crate) took: Duration,
}

#[derive(Debug)]
pub struct RatingsResult {
    pub(crate) generation: u64,
    /// The full-data baseline rather than the current query.
    pub(crate) full: bool,
    pub(crate) snapshot: RatingsSnapshot,
    /// False for the quick table sent before the bootstrap finishes.
    pub(crate) finished: bool,
}

/// The open store of the loaded dataset.
pub struct StoreHandle {
    pub(super) reviews: Mutex<Reviews>,
    pub(super) index: Arc<Index>,
    /// The journal's path (shown in the summary).
    pub(crate) path: PathBuf,
}

impl fmt::Debug for StoreHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StoreHandle").field("path", &self.path).finish_non_exhaustive()
    }
}

pub(super) type SharedStore = Arc<StoreHandle>;

/// A store just opened, with its view and what to report (torn lines, entries for other data).
#[derive(Debug)]
pub struct Opened {
    pub(crate) store: SharedStore,
    pub(crate) view: Arc<ReviewView>,
    pub(crate) warnings: Vec<String>,
}

/// The answer to a [`ReviewJob::Save`]: `Ok` means the change is on disk.
#[derive(Debug)]
pub struct SaveDone {
    pub(crate) id: u64,
    pub(crate) battle: BattleId,
    pub(crate) outcome: Result<Saved, String>,
    /// The view after the change (others' changes read in on the way included).
    pub(crate) view: Arc<ReviewView>,
    /// Other processes' changes were read in on the way.
    pub(crate) others_changed: bool,
    /// How long the save took (lock, append, fsync).
    pub(crate) took: Duration,
}
