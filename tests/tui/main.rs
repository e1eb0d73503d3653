//! Integration tests of the browser: state driven by keys and clicks, screen snapshots over
//! ratatui's TestBackend, hostile text, flagging and re-judging, and end to end in tmux.
//! One test binary (not one per file) so CI links parquet and arrow once.

mod hostile;
mod loading;
mod review;
mod screens;
mod soak;
mod state;
mod takeout;
mod tmux;
