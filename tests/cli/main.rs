//! Integration tests without a terminal: the loaders, ratings against a reference, the review
//! store's durability, the embedded sample, each subcommand run as the real binary, and the
//! layering of the sources.
//! One test binary (not one per file) so CI links parquet and arrow once.

mod fuzz;
mod layers;
mod load;
mod ratings;
mod ratings_reference;
mod review;
mod review_durability;
mod sample;
mod search;
mod search_while_loading;
mod style_reference;
mod write_errors;
