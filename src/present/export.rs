//! What an export wrote, as one line for the CLI and the browser's status bar.

use super::format::{bytes, thousands};
use crate::export::{Format, Summary};
use crate::sanitize::sanitize_line;

/// `wrote 1,234 battles (2.1 MB, parquet) to x.parquet; skipped 300 ties, 12 both bad; card
/// README.md`, with paths sanitised for a terminal.
pub(crate) fn summary_line(s: &Summary) -> String {
    let noun = match (s.format, s.rows) {
        (Format::Pairs, 1) => "pair",
        (Format::Pairs, _) => "pairs",
        (Format::Dataset, 1) => "battle",
        (Format::Dataset, _) => "battles",
    };
    let mut m = format!(
        "wrote {} {noun} ({}, {}) to {}",
        thousands(s.rows),
        bytes(s.bytes),
        s.file_type.as_str(),
        sanitize_line(&s.path.display().to_string())
    );
    if !s.skipped.is_empty() {
        let parts: Vec<String> =
            s.skipped.iter().map(|k| format!("{} {}", thousands(k.count), k.reason.describe())).collect();
        m.push_str("; skipped ");
        m.push_str(&parts.join(", "));
    }
    if let Some(card) = &s.card {
        m.push_str("; card ");
        m.push_str(&sanitize_line(&card.display().to_string()));
    }
    m
}
