//! Presentation helpers shared by the two faces (`cli` and `tui`): numbers, sizes and counts
//! as people read them. Below both faces, above the core; no terminal types here.

pub mod format;
