//! Work handed to the workers and their results: loading, searches and rating tables (the
//! review store's jobs are in `flags_and_votes.rs`). Old generations are dropped here, so a late result
//! never overwrites a newer one.

use std::sync::Arc;

use super::super::message::{LoadedData, RatingsResult, SearchResult};
use super::super::state::ratings::{RatingView, SoFar};
use super::super::state::review_store::StoreStatus;
use super::super::worker::Effect;
use super::{App, DataState, Dataset};
use crate::index::{BattleId, Index};

impl App {
    /// The battles loaded so far (the load goes on): shown at once, the query run over them,
    /// the selection kept on its battle; ratings and the review store wait for the end.
    pub(super) fn loaded_so_far(&mut self, dataset: Dataset) {
        match &self.data {
            DataState::Loading(_) => {
                if self.review.location.is_some() {
                    self.review.status = StoreStatus::AfterLoad;
                }
                self.ratings.so_far = SoFar::Waiting;
                self.ratings.current = None;
            }
            DataState::Ready(d) if d.loading.is_some() => {}
            // A late snapshot after the whole data (or after a failure): nothing to do.
            _ => return,
        }
        self.data = DataState::Ready(dataset);
        self.show_battles();
    }

    pub(super) fn loaded(&mut self, data: LoadedData) {
        let dataset = Dataset::new(data);
        if dataset.index.info.is_sample && self.notice.is_none() {
            self.notice = Some(format!(
                "the built-in SAMPLE ({} synthetic battles), not the real data: pass a file, see arenascope --help",
                dataset.index.len()
            ));
        }
        if self.ratings.so_far != SoFar::Whole {
            // The pane showed the battles so far (or waited): the whole data's come next.
            self.ratings.so_far = SoFar::Whole;
            self.ratings.current = None;
        }
        self.data = DataState::Ready(dataset);
        self.open_reviews();
        self.request_full_ratings();
        self.show_battles();
    }

    /// The list for new data: every battle for the empty query (no worker needed), else the
    /// query evaluated again. The selected battle stays selected, on its row of the screen.
    fn show_battles(&mut self) {
        let DataState::Ready(d) = &self.data else { return };
        if self.query.text().trim().is_empty() {
            self.list.grow_battles(&d.index, &d.ranks, d.all.to_vec());
            self.query.sent_text = self.query.text();
            if self.loading().is_some() {
                let all = d.all.to_vec();
                self.request_ratings(all);
            } else {
                self.ratings_follow_full = true;
                self.ratings.computing = true;
            }
        } else {
            self.send_search();
            self.grown_search = self.query.sent;
        }
    }

    /// Asks for the query to be evaluated (the worker drops any older request).
    pub(super) fn send_search(&mut self) {
        self.query.refreshing = false;
        self.push_search();
    }

    /// Evaluates the query again after the flags changed, if its result depends on them; the
    /// list keeps its place.
    pub(super) fn refresh_review_search(&mut self) {
        if self.query.uses_reviews && self.query.error.is_none() && !self.query.running() {
            self.query.refreshing = true;
            self.push_search();
        }
    }

    fn push_search(&mut self) {
        self.query.sent += 1;
        self.query.sent_text = self.query.text();
        self.query.sent_view_generation = self.review.view_generation;
        let reviews = self.review.view.clone();
        let Some(index) = self.dataset().map(|d| d.index.clone()) else { return };
        let (generation, text) = (self.query.sent, self.query.sent_text.clone());
        self.effects.push(Effect::Search { generation, text, reviews, index });
    }

    /// See [`QueryState::unknown_labels`].
    fn unknown_review_labels(&self) -> Vec<String> {
        if !self.query.uses_reviews {
            return Vec::new();
        }
        let Ok(query) = crate::query::parse(&self.query.sent_text) else { return Vec::new() };
        let configured = self.review.labels.iter().map(String::as_str);
        crate::review::unknown_labels(&query, configured.chain(self.review.view.labels_in_use()))
    }

    pub(super) fn search_done(&mut self, result: SearchResult) {
        if result.generation != self.query.sent {
            return;
        }
        self.query.shown = result.generation;
        self.query.took = Some(result.took);
        match result.outcome {
            Ok(hits) => {
                self.query.error = None;
                self.query.highlighter = hits.highlighter;
                self.query.uses_reviews = hits.uses_reviews;
                self.query.unknown_labels = self.unknown_review_labels();
                self.query.warnings = hits.warnings;
                if hits.uses_reviews && matches!(self.review.status, StoreStatus::AfterLoad) {
                    // Flags are read from the store, which opens when the load ends.
                    self.query.warnings.insert(0, "review: terms find nothing until the load ends".to_owned());
                }
                let DataState::Ready(d) = &self.data else { return };
                let all = hits.battles.len() == d.index.len() && d.loading.is_none();
                if self.query.refreshing {
                    self.list.refresh_battles(&d.index, &d.ranks, hits.battles.clone());
                } else if result.generation == self.grown_search {
                    self.list.grow_battles(&d.index, &d.ranks, hits.battles.clone());
                } else {
                    self.list.set_battles(&d.index, &d.ranks, hits.battles.clone());
                }
                // The flags changed while this ran (the store opened, a save, another
                // process): once more with the latest.
                if hits.uses_reviews && self.query.sent_view_generation != self.review.view_generation {
                    self.refresh_review_search();
                    return;
                }
                if all {
                    self.ratings_follow_full = true;
                    self.ratings.generation += 1;
                    self.ratings.current = self.ratings.full.clone();
                    self.ratings.computing = self.ratings.full.is_none();
                } else {
                    self.request_ratings(hits.battles);
                }
            }
            Err(problem) => {
                // The list must not go on showing an older answer (often every battle) as if
                // it answered this query.
                self.query.error = Some(problem);
                self.query.highlighter = None;
                self.query.unknown_labels.clear();
                self.query.warnings.clear();
                let DataState::Ready(d) = &self.data else { return };
                self.list.set_battles(&d.index, &d.ranks, Vec::new());
                self.request_ratings(Vec::new());
            }
        }
    }

    pub(super) fn list_battles_in_dataset_order(&self) -> Vec<BattleId> {
        let mut b = self.list.rows.clone();
        b.sort_unstable();
        b
    }

    pub(super) fn request_ratings(&mut self, battles: Vec<BattleId>) {
        let full_len = self.index().map_or(0, Index::len);
        self.ratings.generation += 1;
        let Some(index) = self.dataset().map(|d| d.index.clone()) else { return };
        match self.ratings.so_far {
            SoFar::Whole => {}
            // Ratings of part of the file would pass for the real ones: they wait.
            SoFar::Waiting => {
                self.ratings.computing = false;
                self.ratings.bootstrapping = false;
                self.ratings.current = None;
                return;
            }
            SoFar::Asked => {}
        }
        if battles.len() == full_len && full_len > 0 && self.ratings.so_far == SoFar::Whole {
            self.ratings_follow_full = true;
            self.ratings.current = None;
            self.ratings.computing = true;
            return;
        }
        self.ratings_follow_full = false;
        self.ratings.computing = true;
        self.effects.push(Effect::Ratings {
            generation: self.ratings.generation,
            index,
            battles: Arc::new(battles),
            method: self.ratings.method,
            style: self.ratings.style,
            dedup: self.ratings.dedup,
            split: (self.ratings.view == RatingView::Split).then_some(self.ratings.split),
            full: false,
        });
    }

    pub(super) fn request_full_ratings(&mut self) {
        // The whole data's ratings (the ▲/▼ baseline) need the whole data.
        let Some(d) = self.dataset().filter(|d| d.loading.is_none()) else { return };
        let (index, battles) = (d.index.clone(), d.all.clone());
        self.full_generation += 1;
        self.ratings.full = None;
        self.effects.push(Effect::Ratings {
            generation: self.full_generation,
            index,
            battles,
            method: self.ratings.method,
            style: self.ratings.style,
            dedup: self.ratings.dedup,
            split: (self.ratings.view == RatingView::Split).then_some(self.ratings.split),
            full: true,
        });
    }

    pub(super) fn ratings_done(&mut self, result: RatingsResult) {
        if result.full {
            if result.generation != self.full_generation {
                return;
            }
            if self.ratings_follow_full {
                self.ratings.current = Some(result.snapshot.clone());
                self.ratings.computing = false;
                self.ratings.bootstrapping = !result.finished;
            }
            self.ratings.full = Some(result.snapshot);
        } else if result.generation == self.ratings.generation && !self.ratings_follow_full {
            self.ratings.current = Some(result.snapshot);
            self.ratings.computing = false;
            self.ratings.bootstrapping = !result.finished;
        }
        self.ratings.clamp_cursor();
    }

    /// `R`: while the file loads, ratings over the battles so far (computed again as more
    /// come in) instead of waiting for the whole file.
    pub(super) fn rate_so_far(&mut self) {
        match self.ratings.so_far {
            SoFar::Whole => self.notice = Some("the whole file is loaded: the ratings cover every battle".to_owned()),
            SoFar::Asked => self.notice = Some("the ratings already follow the battles loaded so far".to_owned()),
            SoFar::Waiting => {
                self.ratings.so_far = SoFar::Asked;
                let battles = self.list_battles_in_dataset_order();
                self.request_ratings(battles);
            }
        }
    }

    /// Both rating jobs again (the options changed): the full data's and the query's.
    pub(super) fn request_both_ratings(&mut self) {
        self.request_full_ratings();
        let battles = self.list_battles_in_dataset_order();
        self.request_ratings(battles);
    }
}
