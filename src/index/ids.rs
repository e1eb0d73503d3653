//! Typed ids for battles and interned names, and which side of a battle a message is on.

/// A battle's position in dataset order (its row number across all loaded files).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BattleId(pub u32);

impl BattleId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ModelId(pub u32);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LanguageId(pub u32);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct JudgeId(pub u32);

/// The id stored for a missing judge or language.
pub(super) const NONE_ID: u32 = u32::MAX;

/// Which conversation a message belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    A,
    B,
}

/// `None` for the id that stands for "no value".
pub(super) fn some_id(id: u32) -> Option<u32> {
    (id != NONE_ID).then_some(id)
}
