//! arenascope: browse, search, rate and review Chatbot Arena battles.
//!
//! The core (`model`, `load`, `index`, `query`, `rating`, `review`, `sanitize`) knows nothing
//! about terminals; `cli` and `tui` are two faces on it. A module is public only where the
//! binary, the integration tests, the benches or the examples use it; the rest stay private, so
//! the compiler reports code that nothing uses.

mod address;
mod category;
pub mod cli;
mod export;
#[cfg(any(test, feature = "testkit"))]
#[doc(hidden)]
pub mod fixtures;
mod heap;
pub mod index;
mod intern;
mod language;
pub mod load;
mod markdown;
pub mod model;
mod output;
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
