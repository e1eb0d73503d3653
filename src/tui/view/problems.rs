//! The problems overlay (`p`): each problem the loader kept, with its file, line or row, and
//! field; then what finding the files reported (links that loop); then what the review store reported (torn or corrupt lines, entries for other data).

use ratatui::text::Line;

use crate::load::PROBLEMS_KEPT;
use crate::present::format::thousands;
use crate::sanitize::sanitize_line;

use super::styled;
use crate::tui::app::App;

/// Every line of the overlay.
pub(crate) fn lines(app: &App) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let mut lines = Vec::new();
    if let Some(d) = app.dataset().filter(|d| d.report.skipped > 0) {
        let r = &d.report;
        lines.push(Line::from(styled(
            format!(
                "{} bad rows were skipped ({} loaded){}",
                thousands(r.skipped),
                thousands(r.rows),
                if r.skipped > PROBLEMS_KEPT { format!("; the first {PROBLEMS_KEPT}:") } else { ":".to_owned() }
            ),
            theme.heading,
        )));
        lines.push(Line::default());
        lines.extend(
            r.problems.iter().map(|p| Line::from(styled(sanitize_line(&p.to_string()).into_owned(), theme.text))),
        );
    }
    if let Some(d) = app.dataset().filter(|d| d.report.kept > 0) {
        let r = &d.report;
        if !lines.is_empty() {
            lines.push(Line::default());
        }
        lines.push(Line::from(styled(
            format!(
                "{} rows were kept with a value set to unknown{}",
                thousands(r.kept),
                if r.kept > PROBLEMS_KEPT { format!("; the first {PROBLEMS_KEPT}:") } else { ":".to_owned() }
            ),
            theme.heading,
        )));
        lines.push(Line::default());
        lines.extend(
            r.kept_problems.iter().map(|p| Line::from(styled(sanitize_line(&p.to_string()).into_owned(), theme.text))),
        );
    }
    if let Some(d) = app.dataset().filter(|d| !d.report.warnings.is_empty()) {
        if !lines.is_empty() {
            lines.push(Line::default());
        }
        lines.push(Line::from(styled("Finding the files:".to_owned(), theme.heading)));
        lines.push(Line::default());
        lines.extend(d.report.warnings.iter().map(|w| Line::from(styled(sanitize_line(w).into_owned(), theme.text))));
    }
    if !app.review.warnings.is_empty() {
        if !lines.is_empty() {
            lines.push(Line::default());
        }
        lines.push(Line::from(styled("The review store reported:".to_owned(), theme.heading)));
        lines.push(Line::default());
        lines.extend(app.review.warnings.iter().map(|w| Line::from(styled(sanitize_line(w).into_owned(), theme.text))));
    }
    lines
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use crate::fixtures::varied;
    use crate::index::{DatasetInfo, Index};
    use crate::load::LoadReport;
    use crate::tui::testing::app_with_index;

    /// Issue 12, defect 3: a link loop skipped while finding the files is shown to the user.
    #[test]
    fn file_warnings_are_listed() {
        let index = Arc::new(Index::from_battles(&varied(), DatasetInfo::default()));
        let warning = "data/sub/up: skipped, a link back to /tmp/data (a loop)".to_owned();
        let report = LoadReport { rows: index.len(), warnings: vec![warning.clone()], ..Default::default() };
        let app = app_with_index(index, report, 100, 30, "");
        let text: Vec<String> =
            super::lines(&app).iter().map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect()).collect();
        assert!(text.contains(&"Finding the files:".to_owned()), "{text:?}");
        assert!(text.contains(&warning), "{text:?}");
    }
}
