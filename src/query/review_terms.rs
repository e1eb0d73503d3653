//! What `review:` terms ask of the user's own review data (flags, labels, notes). The review
//! store implements [`ReviewLookup`]; code without one passes [`NoReviews`].

use crate::index::BattleId;

/// The user's review marks on battles, as the query language sees them. Searches run on
/// worker threads, hence `Sync`.
pub trait ReviewLookup: Sync {
    fn is_flagged(&self, b: BattleId) -> bool;

    /// Whether the battle carries `label`. Labels compare case-insensitively: `label` is passed
    /// as the user typed it, and implementations should ignore case.
    fn has_label(&self, b: BattleId, label: &str) -> bool;

    fn has_note(&self, b: BattleId) -> bool;

    /// Whether the battle carries any label at all (`review:none` excludes labelled battles).
    /// Stores that keep labels should override this; the default only knows flags and notes.
    fn has_any_label(&self, b: BattleId) -> bool {
        let _ = b;
        false
    }
}

/// No review data: nothing is flagged, labelled or noted.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoReviews;

impl ReviewLookup for NoReviews {
    fn is_flagged(&self, _: BattleId) -> bool {
        false
    }

    fn has_label(&self, _: BattleId, _: &str) -> bool {
        false
    }

    fn has_note(&self, _: BattleId) -> bool {
        false
    }
}
