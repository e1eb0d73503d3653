//! Terms about a battle's fields (models, vote, language, turns, flags, judge, id, date,
//! review marks), resolved to ids and evaluated column by column over candidate battles.
//! A field whose value is unknown (no moderation data, no timestamp, ...) never satisfies a
//! positive term; a negated term is simply the opposite.

use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use crate::category::Category;
use crate::index::{BattleId, Index};
use crate::model::Winner;
use crate::time;

use super::ast::{DayRange, ModelSide, NumberRange, ReviewValue};
use super::review_terms::ReviewLookup;

/// One resolved field test.
#[derive(Debug, Clone)]
pub enum Facet {
    /// `wanted[model id]` on the given side(s).
    Models {
        side: ModelSide,
        wanted: Vec<bool>,
    },
    /// Vote in `votes` (indexed like [`Winner::EVERY`]), or won by a model in `won_by`.
    Winner {
        votes: [bool; 5],
        won_by: Vec<bool>,
    },
    /// Lost by a model in `lost_by`.
    Loser {
        lost_by: Vec<bool>,
    },
    Language {
        wanted: Vec<bool>,
    },
    Turns(Vec<NumberRange>),
    /// `openai_moderation.flagged` true (if `flagged`) or a category in the mask true.
    Moderation {
        flagged: bool,
        categories: u16,
    },
    /// Accepted values of a yes/no field (index 0: no, 1: yes).
    Toxic([bool; 2]),
    Anony([bool; 2]),
    Judge {
        wanted: Vec<u32>,
    },
    /// Lower-case question_id prefixes, and full labels `qid#N` as (lower-case qid, N - 1).
    Id {
        prefixes: Vec<String>,
        labels: Vec<(String, u32)>,
    },
    Date(Vec<DayRange>),
    Review(Vec<ReviewValue>),
    /// In any of the categories.
    Category(Vec<Category>),
    /// `is_code` true (if `code`) or `is_refusal` true (if `refusal`).
    Is {
        code: bool,
        refusal: bool,
    },
    /// One of the extra columns `columns` holds one of `wanted` (ignoring case).
    Extra {
        columns: &'static [&'static str],
        wanted: Vec<String>,
    },
    /// Accepted outcomes of deduplication (index 0: dropped, 1: kept).
    Dedup([bool; 2]),
}

#[derive(Debug, Clone)]
pub struct FacetTerm {
    pub negated: bool,
    pub facet: Facet,
}

fn contains(set: &[bool], id: u32) -> bool {
    set.get(id as usize).copied().unwrap_or(false)
}

/// The position of a vote in [`Winner::EVERY`].
pub fn winner_slot(w: Winner) -> usize {
    w.slot()
}

impl Facet {
    /// Whether battle `b` satisfies the (positive) facet.
    pub fn holds(&self, index: &Index, b: BattleId, reviews: &dyn ReviewLookup) -> bool {
        let i = b.index();
        match self {
            Facet::Models { side, wanted } => {
                let (a, bb) = (index.model_ids_a()[i], index.model_ids_b()[i]);
                match side {
                    ModelSide::Either => contains(wanted, a) || contains(wanted, bb),
                    ModelSide::A => contains(wanted, a),
                    ModelSide::B => contains(wanted, bb),
                }
            }
            Facet::Winner { votes, won_by } => {
                let w = index.winners()[i];
                votes[winner_slot(w)]
                    || match w {
                        Winner::ModelA => contains(won_by, index.model_ids_a()[i]),
                        Winner::ModelB => contains(won_by, index.model_ids_b()[i]),
                        Winner::Tie | Winner::BothBad | Winner::NoVote => false,
                    }
            }
            Facet::Loser { lost_by } => match index.winners()[i] {
                Winner::ModelA => contains(lost_by, index.model_ids_b()[i]),
                Winner::ModelB => contains(lost_by, index.model_ids_a()[i]),
                Winner::Tie | Winner::BothBad | Winner::NoVote => false,
            },
            Facet::Language { wanted } => index.language(b).is_some_and(|l| contains(wanted, l.0)),
            Facet::Turns(ranges) => {
                let t = index.turn(b);
                ranges.iter().any(|r| r.contains(t))
            }
            Facet::Moderation { flagged, categories } => index.moderation(b).is_some_and(|m| {
                (*flagged && m.flagged == Some(true)) || m.categories_known & m.categories_true & categories != 0
            }),
            Facet::Toxic(accept) => index.toxic_flagged(b).is_some_and(|f| accept[usize::from(f)]),
            Facet::Anony(accept) => index.anony(b).is_some_and(|f| accept[usize::from(f)]),
            Facet::Judge { wanted } => index.judge(b).is_some_and(|j| wanted.contains(&j.0)),
            Facet::Id { prefixes, labels } => {
                let qid = index.question_id(b);
                prefixes.iter().any(|p| starts_with_ignore_ascii_case(&qid, p))
                    || labels.iter().any(|(q, n)| index.occurrence(b) == *n && q.eq_ignore_ascii_case(&qid))
            }
            Facet::Date(ranges) => {
                let t = index.tstamps()[i];
                !t.is_nan() && {
                    let day = time::day_of(t);
                    ranges.iter().any(|r| (r.first..=r.last).contains(&day))
                }
            }
            Facet::Review(values) => values.iter().any(|v| review_holds(v, b, reviews)),
            Facet::Category(categories) => categories.iter().any(|c| c.contains(index, b) == Some(true)),
            Facet::Is { code, refusal } => {
                let tags = index.tags(b);
                (*code && tags.is_code == Some(true)) || (*refusal && tags.is_refusal == Some(true))
            }
            Facet::Extra { columns, wanted } => index
                .extra(b)
                .any(|(name, value)| columns.contains(&name) && wanted.iter().any(|w| w.eq_ignore_ascii_case(value))),
            Facet::Dedup(accept) => accept[usize::from(index.dedup_kept(b))],
        }
    }
}

fn starts_with_ignore_ascii_case(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len() && s.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

fn review_holds(v: &ReviewValue, b: BattleId, reviews: &dyn ReviewLookup) -> bool {
    match v {
        ReviewValue::Flagged => reviews.is_flagged(b),
        ReviewValue::Noted => reviews.has_note(b),
        ReviewValue::None => !reviews.is_flagged(b) && !reviews.has_note(b) && !reviews.has_any_label(b),
        ReviewValue::Label(l) => reviews.has_label(b, l),
    }
}

/// Battles (numbers, in order) satisfying every facet term; `None` if cancelled. Split
/// across the pool when `parallel`, else all on the calling thread.
pub fn filter(
    index: &Index,
    terms: &[FacetTerm],
    reviews: &dyn ReviewLookup,
    cancel: &AtomicBool,
    parallel: bool,
) -> Option<Vec<u32>> {
    // Pieces of the battle range for the worker threads: a few per thread, not tiny.
    const MIN_PIECE: usize = 4096;
    let n = index.len() as u32;
    let piece =
        if parallel { (index.len() / (rayon::current_num_threads() * 4)).max(MIN_PIECE) as u32 } else { n.max(1) };
    let starts: Vec<u32> = (0..n).step_by(piece as usize).collect();
    let keep = |&start: &u32| {
        if cancel.load(Ordering::Relaxed) {
            return None;
        }
        let end = start.saturating_add(piece).min(n);
        let mut kept: Vec<u32> = (start..end).collect();
        for t in terms {
            kept.retain(|&b| t.facet.holds(index, BattleId(b), reviews) != t.negated);
        }
        Some(kept)
    };
    let pieces: Vec<Option<Vec<u32>>> =
        if parallel { starts.par_iter().map(keep).collect() } else { starts.iter().map(keep).collect() };
    let mut out = Vec::with_capacity(index.len());
    for p in pieces {
        out.extend(p?);
    }
    Some(out)
}
