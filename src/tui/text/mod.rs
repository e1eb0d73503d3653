//! Turning battle text into screen lines: wrapping (`wrap`) and the transcript's layout of
//! prompts and answers (`document`).

pub mod document;
pub mod wrap;
