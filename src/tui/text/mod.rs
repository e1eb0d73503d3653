//! Turning battle text into screen lines: wrapping (`wrap`) and the transcript's layout of
//! prompts and answers (`document`).

pub(super) mod document;
pub(super) mod wrap;
