//! The state of each part of the screen, each with the operations that change it. The app
//! (`app.rs`) owns one of each and decides when to call them.

pub mod export;
pub mod flag;
pub mod list;
pub mod picker;
pub mod ratings;
pub mod review_store;
pub mod search_bar;
pub mod transcript;
