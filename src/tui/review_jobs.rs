//! The review store's side of the browser: the jobs the review worker runs (open the store,
//! save one change, pick up other processes' changes, compute the summary), as plain
//! functions so that tests run them in place. Saving fsyncs, and another process may hold the
//! store's lock for a moment, so none of this runs on the UI thread; only the review worker
//! (one thread, jobs in order) locks the store.

use std::sync::{Arc, Mutex};
use std::time::Instant;

use crate::index::{BattleId, Index};
use crate::review::{Edit, ReviewConfig, ReviewSummary, Reviews, Saved, StoreLocation, Warning};

use super::action::Action;
use super::message::{Opened, SaveDone, SharedStore, StoreHandle};

/// What the review worker is asked to do; it does the jobs one at a time, in order.
#[derive(Debug, Clone)]
pub enum ReviewJob {
    Open {
        index: Arc<Index>,
        location: StoreLocation,
    },
    /// One change to one battle; `id` lets the app match the answer to the request.
    Save {
        store: SharedStore,
        id: u64,
        battle: BattleId,
        edit: Edit,
    },
    /// The summary of own votes against the crowd's, from the store as it is after the saves
    /// queued before it.
    Summary {
        store: SharedStore,
        labels: Vec<String>,
    },
}

/// Runs one job and returns what the app should hear.
pub(super) fn run(job: ReviewJob) -> Action {
    match job {
        ReviewJob::Open { index, location } => Action::ReviewsOpened(open(index, &location)),
        ReviewJob::Save { store, id, battle, edit } => {
            let start = Instant::now();
            let mut reviews = store.reviews.lock().unwrap_or_else(|e| e.into_inner());
            let applied = reviews.edit_many(&store.index, vec![(battle, edit)]).map_err(|e| e.to_string());
            let others_changed = applied.as_ref().is_ok_and(|a| a.others_changed);
            let outcome = applied.map(|a| Saved { entry: reviews.entry(battle).cloned(), warnings: a.warnings });
            let view = Arc::new(reviews.view().clone());
            let took = start.elapsed();
            Action::ReviewSaved(Box::new(SaveDone { id, battle, outcome, view, others_changed, took }))
        }
        ReviewJob::Summary { store, labels } => {
            let reviews = store.reviews.lock().unwrap_or_else(|e| e.into_inner());
            let config = ReviewConfig { labels };
            Action::SummaryReady(Box::new(ReviewSummary::compute(reviews.view(), &store.index, &config)))
        }
    }
}

fn open(index: Arc<Index>, location: &StoreLocation) -> Result<Box<Opened>, String> {
    let (reviews, warnings) = Reviews::open(&index, location).map_err(|e| e.to_string())?;
    let view = Arc::new(reviews.view().clone());
    let path = reviews.store().path().to_path_buf();
    let store = Arc::new(StoreHandle { reviews: Mutex::new(reviews), index, path });
    Ok(Box::new(Opened { store, view, warnings: warnings.iter().map(Warning::to_string).collect() }))
}

/// Reads other processes' changes; something for the app only when there were any (or
/// something to report). One `stat` when the journal did not change.
pub(super) fn reload(store: &StoreHandle) -> Option<Action> {
    let mut reviews = store.reviews.lock().unwrap_or_else(|e| e.into_inner());
    match reviews.reload(&store.index) {
        Ok((changed, warnings)) if changed || !warnings.is_empty() => Some(Action::ReviewsChanged {
            view: changed.then(|| Arc::new(reviews.view().clone())),
            warnings: warnings.iter().map(Warning::to_string).collect(),
        }),
        Ok(_) => None,
        Err(e) => Some(Action::ReviewsChanged {
            view: None,
            warnings: vec![format!("could not re-read the review store: {e}")],
        }),
    }
}
