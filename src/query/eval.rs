//! Evaluating a [`CompiledQuery`]: the matching battles in dataset order (field terms first,
//! column by column; then each text term over the battles still in the running), and the
//! match spans of one battle for highlighting.

use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::index::trigram::TrigramFilter;
use crate::index::{BattleId, Index};

use super::CompiledQuery;
use super::facet;
use super::review_terms::ReviewLookup;
use super::text;

/// One match to highlight: a byte range (on character boundaries) of the text of message
/// `message`, an index into [`Index::messages`] of the battle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchSpan {
    pub message: usize,
    pub range: Range<usize>,
}

/// The battles matching `q`, in dataset order.
pub fn battles_matching(index: &Index, q: &CompiledQuery, reviews: &dyn ReviewLookup) -> Vec<BattleId> {
    let never = AtomicBool::new(false);
    battles_matching_cancellable(index, q, reviews, &never).unwrap_or_default()
}

/// Like [`battles_matching`], all on the calling thread: for a caller that is already one of
/// several threads working side by side (each piece of [`crate::load::scan`] is scanned on
/// the thread that decoded it), where handing a piece's few battles to the pool and waiting
/// for them only adds hops between threads.
pub fn battles_matching_here(index: &Index, q: &CompiledQuery, reviews: &dyn ReviewLookup) -> Vec<BattleId> {
    let never = AtomicBool::new(false);
    evaluate(index, q, reviews, &never, false).unwrap_or_default()
}

/// Like [`battles_matching`], but gives up (returning `None`) soon after `cancel` is set:
/// the TUI sets it when the user has typed on and the result would be stale.
pub fn battles_matching_cancellable(
    index: &Index,
    q: &CompiledQuery,
    reviews: &dyn ReviewLookup,
    cancel: &AtomicBool,
) -> Option<Vec<BattleId>> {
    evaluate(index, q, reviews, cancel, true)
}

/// The matching battles, the work split across the pool when `parallel`.
fn evaluate(
    index: &Index,
    q: &CompiledQuery,
    reviews: &dyn ReviewLookup,
    cancel: &AtomicBool,
    parallel: bool,
) -> Option<Vec<BattleId>> {
    let mut candidates: Vec<u32> = if q.facets.is_empty() {
        (0..index.len() as u32).collect()
    } else {
        facet::filter(index, &q.facets, reviews, cancel, parallel)?
    };
    let filter = if q.texts.is_empty() || candidates.is_empty() { None } else { index.trigram_filter_for_search() };
    if let Some(filter) = filter {
        // A match must pass the filter of every positive term: narrow by all of them before
        // scanning for any.
        for term in q.texts.iter().filter(|t| !t.negated) {
            candidates = text::possible(filter, term, &candidates).unwrap_or(candidates);
        }
    }
    for term in order_by_selectivity(filter, q, &candidates) {
        if candidates.is_empty() {
            break;
        }
        // Positive terms were filtered above; negated ones filter what they scan.
        let term_filter = if term.negated { filter } else { None };
        let matched = text::matching(index, term_filter, term, &candidates, cancel, parallel)?;
        candidates = if term.negated { difference(&candidates, &matched) } else { matched };
    }
    if cancel.load(Ordering::Relaxed) {
        return None;
    }
    Some(candidates.into_iter().map(BattleId).collect())
}

/// The text terms in evaluation order: positive before negated (each narrows the candidates
/// the next one scans); among several positive terms, the one the trigram filter (when built)
/// expects fewest battles for goes first.
fn order_by_selectivity<'q>(
    filter: Option<&TrigramFilter>,
    q: &'q CompiledQuery,
    candidates: &[u32],
) -> Vec<&'q text::TextTerm> {
    let mut terms: Vec<&text::TextTerm> = q.texts.iter().collect();
    let Some(filter) = filter else { return terms };
    if q.texts.iter().filter(|t| !t.negated).count() > 1 {
        let mut keyed: Vec<_> = terms
            .into_iter()
            .enumerate()
            .map(|(i, t)| {
                let estimate = if t.negated { None } else { text::estimate(filter, t, candidates) };
                ((t.negated, estimate.is_none(), estimate, i), t)
            })
            .collect();
        keyed.sort_by_key(|(key, _)| *key);
        terms = keyed.into_iter().map(|(_, t)| t).collect();
    }
    terms
}

/// `all` without `remove` (both sorted).
fn difference(all: &[u32], remove: &[u32]) -> Vec<u32> {
    let mut out = Vec::with_capacity(all.len() - remove.len().min(all.len()));
    let mut r = remove.iter().peekable();
    for &x in all {
        while r.next_if(|&&y| y < x).is_some() {}
        if r.peek() != Some(&&x) {
            out.push(x);
        }
    }
    out
}

/// Where the query's positive text terms match in battle `b`, sorted by message then start;
/// overlapping matches are merged. Negated terms and field terms have nothing to show.
pub fn match_spans(index: &Index, q: &CompiledQuery, b: BattleId) -> Vec<MatchSpan> {
    let mut spans = Vec::new();
    let mut ranges = Vec::new();
    for term in q.texts.iter().filter(|t| !t.negated) {
        for (i, m) in index.messages(b).iter().enumerate() {
            if !text::message_in_scope(index, b, i, term) {
                continue;
            }
            ranges.clear();
            for p in &term.patterns {
                text::spans_in(index, p, m, &mut ranges);
            }
            spans.extend(ranges.drain(..).map(|range| MatchSpan { message: i, range }));
        }
    }
    spans.sort_by_key(|s| (s.message, s.range.start, s.range.end));
    let mut merged: Vec<MatchSpan> = Vec::with_capacity(spans.len());
    for s in spans {
        match merged.last_mut() {
            Some(last) if last.message == s.message && s.range.start < last.range.end => {
                last.range.end = last.range.end.max(s.range.end);
            }
            _ => merged.push(s),
        }
    }
    merged
}

#[cfg(test)]
mod tests;
