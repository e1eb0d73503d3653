//! The review store as the browser sees it: the latest view of flags and own votes (the store
//! itself is only touched by the review worker), the saves still in flight, votes given but
//! not yet saved, and what to report about the store.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use crate::index::BattleId;
use crate::model::Winner;
use crate::review::{ReviewConfig, ReviewView, StoreLocation};
use crate::tui::message::SharedStore;

/// Where the store is.
#[derive(Debug, Clone, Default)]
pub(crate) enum StoreStatus {
    /// No store was asked for (tests, benches).
    #[default]
    Off,
    /// The file is still loading: the store (keyed by the whole data's fingerprint) opens
    /// when it ends.
    AfterLoad,
    Opening,
    Open(SharedStore),
    /// It could not be opened; why, in words.
    Unavailable(String),
}

#[derive(Debug, Clone)]
pub(crate) struct ReviewState {
    /// Where to open the store once the data is loaded; `None`: no store.
    pub(crate) location: Option<StoreLocation>,
    pub(crate) status: StoreStatus,
    /// Flags and own votes as last saved or read.
    pub(crate) view: Arc<ReviewView>,
    /// Bumped with every new view, so a search knows whether it used the latest.
    pub(crate) view_generation: u64,
    /// The labels the flag dialog offers (`review.toml`, or the defaults).
    pub(crate) labels: Vec<String>,
    /// Problems with the store (torn lines, entries for other data, a bad config): the
    /// problems view lists them.
    pub(crate) warnings: Vec<String>,
    /// Saves handed to the worker and not yet acknowledged, by request number.
    pub(crate) saving: BTreeMap<u64, (BattleId, SaveKind)>,
    next_save: u64,
    /// Own votes given (or taken back: `None`) whose save has not come back yet, with the
    /// request number: the battle shows the vote meanwhile.
    pub(crate) pending_votes: HashMap<BattleId, (u64, Option<Winner>)>,
    /// Where exports go (the current directory).
    pub(crate) export_dir: PathBuf,
}

/// What a save does, for the message once it is on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SaveKind {
    Flag,
    Unflag,
    Vote(Option<Winner>),
}

impl Default for ReviewState {
    fn default() -> Self {
        ReviewState {
            location: None,
            status: StoreStatus::Off,
            view: Arc::new(ReviewView::default()),
            view_generation: 0,
            labels: ReviewConfig::default().labels,
            warnings: Vec::new(),
            saving: BTreeMap::new(),
            next_save: 0,
            pending_votes: HashMap::new(),
            export_dir: PathBuf::from("."),
        }
    }
}

impl ReviewState {
    pub(crate) fn store(&self) -> Option<&SharedStore> {
        match &self.status {
            StoreStatus::Open(s) => Some(s),
            _ => None,
        }
    }

    /// Why nothing can be saved right now, in words; `None` when the store is open.
    pub(crate) fn unavailable_reason(&self) -> Option<String> {
        match &self.status {
            StoreStatus::Open(_) => None,
            StoreStatus::AfterLoad => {
                Some("flags and votes wait for the whole file: the review store opens when the load ends".to_owned())
            }
            StoreStatus::Opening => Some("the review store is still opening; try again in a moment".to_owned()),
            StoreStatus::Off => Some("no review store in this session".to_owned()),
            StoreStatus::Unavailable(why) => Some(format!("no review store: {why}")),
        }
    }

    pub(crate) fn is_flagged(&self, b: BattleId) -> bool {
        self.view.is_flagged(b)
    }

    /// The user's own vote, including one still being saved.
    pub(crate) fn own_vote(&self, b: BattleId) -> Option<Winner> {
        match self.pending_votes.get(&b) {
            Some(&(_, vote)) => vote,
            None => self.view.own_vote(b),
        }
    }

    pub(crate) fn is_saving(&self) -> bool {
        !self.saving.is_empty()
    }

    /// A number for the next save request.
    pub(crate) fn next_save_id(&mut self) -> u64 {
        self.next_save += 1;
        self.next_save
    }

    pub(crate) fn set_view(&mut self, view: Arc<ReviewView>) {
        self.view = view;
        self.view_generation += 1;
    }
}
