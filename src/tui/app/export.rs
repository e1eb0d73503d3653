//! The export dialog: opened on the list (the query's battles) or in the votes summary (the
//! flagged and voted ones), it asks before replacing a file and hands the export to a worker;
//! the status bar says what was written.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::super::action::Command;
use super::super::keymap::Context;
use super::super::state::export::{ExportDialog, ExportSource};
use super::super::worker::{Effect, ExportJob};
use super::{App, Overlay};
use crate::export::{ExportError, Format, Request, Ties};
use crate::output::OutputError;
use crate::present::format::count_of;

/// The name the dialog offers for the flagged and voted battles (what `x` in the summary
/// wrote before the dialog; numbered when it exists).
pub(super) const REVIEW_EXPORT_NAME: (&str, &str) = ("arenascope-review", "jsonl");
/// The name it offers for the query's battles.
pub(super) const QUERY_EXPORT_NAME: (&str, &str) = ("arenascope-export", "parquet");

impl App {
    /// `x` on the list: the dialog for the battles the query finds.
    pub(super) fn open_query_export(&mut self) {
        if let Some(p) = self.loading() {
            // An export of part of the file would pass for the query's whole answer.
            self.notice = Some(format!("export waits for the whole file ({}% loaded)", p.percent()));
            return;
        }
        if self.query.error.is_some() || self.query.running() {
            self.notice = Some("the query has no answer yet: nothing to export".to_owned());
            return;
        }
        if self.list.rows.is_empty() {
            self.notice = Some("the query finds no battles: nothing to export".to_owned());
            return;
        }
        let battles = Arc::new(self.list_battles_in_dataset_order());
        let source = ExportSource::Query { text: self.query.sent_text.clone() };
        let path = self.free_name(QUERY_EXPORT_NAME);
        self.overlay = Some(Overlay::Export(Box::new(ExportDialog::new(source, battles, &path))));
    }

    /// `x` in the summary: the dialog for every flagged or voted battle, with their reviews.
    pub(super) fn open_review_export(&mut self) {
        if let Some(why) = self.review.unavailable_reason() {
            self.notice = Some(why);
            return;
        }
        let battles: Vec<_> = self.review.view.reviewed();
        if battles.is_empty() {
            self.notice = Some("no battle is flagged or voted on yet: nothing to export".to_owned());
            return;
        }
        let path = self.free_name(REVIEW_EXPORT_NAME);
        self.overlay =
            Some(Overlay::Export(Box::new(ExportDialog::new(ExportSource::Reviewed, Arc::new(battles), &path))));
    }

    /// `NAME.EXT` in the export folder, or `NAME-2.EXT`, `-3`, ... when it exists.
    fn free_name(&self, (stem, ext): (&str, &str)) -> String {
        let dir = &self.review.export_dir;
        let shown = |name: String| -> String {
            if dir == Path::new(".") { name } else { dir.join(name).display().to_string() }
        };
        (1..1000)
            .map(|n| if n == 1 { format!("{stem}.{ext}") } else { format!("{stem}-{n}.{ext}") })
            .find(|name| !dir.join(name).exists())
            .map_or_else(|| shown(format!("{stem}.{ext}")), shown)
    }

    pub(super) fn export_command(&mut self, cmd: Command) {
        let Some(Overlay::Export(d)) = &mut self.overlay else { return };
        match cmd {
            Command::Submit => self.start_export(false),
            Command::ExportComplete => d.complete(),
            Command::ExportPairs => d.pairs = !d.pairs,
            Command::ExportCard => d.card = !d.card,
            Command::ExportTies if d.pairs => d.keep_ties = !d.keep_ties,
            Command::ExportTies => {
                let key = self.keymap.key_name(Context::Export, Command::ExportPairs);
                self.notice = Some(format!("ties apply to preference pairs ({key} switches to pairs)"));
            }
            Command::Close => {
                self.overlay = None;
                self.notice = Some("export cancelled, nothing written".to_owned());
            }
            Command::Quit => self.should_quit = true,
            _ => {}
        }
    }

    /// `y` / `n` to "replace it?".
    pub(super) fn export_confirm_command(&mut self, cmd: Command) {
        let Some(Overlay::Export(d)) = &mut self.overlay else { return };
        match cmd {
            Command::Confirm => self.start_export(true),
            Command::Close => d.asking_overwrite = false,
            Command::Quit => self.should_quit = true,
            _ => {}
        }
    }

    /// The export the dialog describes.
    pub fn export_request(dialog: &ExportDialog, force: bool) -> Request {
        let mut req = Request::new(dialog.target());
        req.format = if dialog.pairs { Format::Pairs } else { Format::Dataset };
        req.with_review = dialog.source == ExportSource::Reviewed;
        req.card = dialog.card;
        req.ties = if dialog.keep_ties { Ties::Keep } else { Ties::Drop };
        req.force = force;
        req
    }

    /// Checks the target (asking first when it exists) and hands the export to a worker.
    fn start_export(&mut self, force: bool) {
        let Some(index) = self.dataset().map(|d| d.index.clone()) else { return };
        let Some(Overlay::Export(d)) = &mut self.overlay else { return };
        if d.text().trim().is_empty() {
            self.notice = Some("type the file to write".to_owned());
            return;
        }
        let req = App::export_request(d, force);
        let inputs: Vec<PathBuf> = self.review.store().map(|s| s.path.clone()).into_iter().collect();
        let query = match &d.source {
            ExportSource::Query { text } => text.clone(),
            ExportSource::Reviewed => "review:flagged or voted (the browser's review export)".to_owned(),
        };
        let reviews = self.review.view.clone();
        let prov = crate::export::Provenance { query: &query, inputs: &inputs, reviews: Some(&reviews) };
        match crate::export::check(&index, &req, &prov) {
            Ok(_) => {}
            // The file or its card exists: the question names what would be replaced.
            Err(ExportError::Output(OutputError::Exists { .. })) if !force => {
                d.asking_overwrite = true;
                return;
            }
            Err(e) => {
                d.asking_overwrite = false;
                self.notice = Some(format!("NOT exported: {e}"));
                return;
            }
        }
        let job = ExportJob { index, battles: d.battles.clone(), request: req, query, inputs, reviews };
        self.notice =
            Some(format!("exporting {} to {}…", count_of(d.battles.len(), "battle"), job.request.path.display()));
        self.overlay = None;
        self.effects.push(Effect::Export(Box::new(job)));
    }

    pub(super) fn exported(&mut self, result: Result<String, String>) {
        self.notice = Some(match result {
            Ok(line) => line,
            Err(why) => format!("NOT exported: {why}"),
        });
    }
}
