//! arenascope: browse, search, rate and review Chatbot Arena battles.
//!
//! The core (`model`, `load`, `index`, `query`, `rating`, `review`, `sanitize`) knows nothing
//! about terminals; `cli` and `tui` are two faces on it.

pub mod address;
pub mod category;
pub mod cli;
pub mod export;
#[cfg(any(test, feature = "testkit"))]
#[doc(hidden)]
pub mod fixtures;
pub mod index;
// Their old paths, kept for code written before they moved under `index`.
pub use index::{fold, trigram};
pub mod intern;
pub mod language;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod present;
pub mod query;
pub mod rating;
pub mod review;
pub mod row_json;
pub mod sanitize;
pub mod stats;
#[cfg(feature = "testkit")]
#[doc(hidden)]
pub mod synth;
pub mod time;
pub mod tui;
