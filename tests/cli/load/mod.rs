//! Loader integration tests: every file form gives the same index, text comes through byte
//! for byte, unknown stays unknown, hostile files fail cleanly through the real binary, and
//! the Hugging Face cache is found. Fixtures are written by the tests into temp dirs.

mod cache;
mod common;
mod cost;
mod forms;
mod hf_cache;
pub(crate) mod hostile;
mod links;
mod physical;
mod ranges;
mod releases;
mod search_arena;
