//! The state of each part of the screen, each with the operations that change it. The app
//! (`app.rs`) owns one of each and decides when to call them.

pub(super) mod export;
pub(super) mod flag;
pub(super) mod list;
pub(super) mod picker;
pub(super) mod ratings;
pub(super) mod review_store;
pub(super) mod search_bar;
pub(super) mod transcript;
