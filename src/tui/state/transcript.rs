//! The transcript pane's state: the laid-out battle, where each column is scrolled, whether
//! the columns scroll together, and which match `n`/`N` last jumped to.

use crate::tui::text::document::TranscriptDoc;

#[derive(Debug, Clone, Default)]
pub(crate) struct TranscriptState {
    pub(crate) doc: Option<TranscriptDoc>,
    /// First visible row of each document (only the first is used when synced or stacked).
    pub(crate) scroll: [usize; 2],
    /// Which column the scroll keys move when the columns scroll apart.
    pub(crate) column: usize,
    /// The two answers scroll independently.
    pub(crate) independent: bool,
    /// The match last jumped to (an index into `doc.matches`).
    pub(crate) current_match: Option<usize>,
    /// Which search the highlights in `doc` come from.
    pub(crate) highlight_generation: u64,
}

impl TranscriptState {
    fn rows_of(&self, doc: usize) -> usize {
        self.doc.as_ref().and_then(|d| d.docs.get(doc)).map_or(0, |d| d.rows.len())
    }

    /// The documents the scroll keys move: the active column when apart, else the one document.
    fn active_doc(&self) -> usize {
        match &self.doc {
            Some(d) if d.docs.len() > 1 => self.column.min(d.docs.len() - 1),
            _ => 0,
        }
    }

    pub(crate) fn scroll_by(&mut self, delta: isize, height: usize) {
        let doc = self.active_doc();
        self.scroll_doc(doc, delta, height);
    }

    /// Scrolls one document (the mouse wheel scrolls the column under the pointer).
    pub(crate) fn scroll_doc(&mut self, doc: usize, delta: isize, height: usize) {
        let max = self.rows_of(doc).saturating_sub(height);
        if let Some(s) = self.scroll.get_mut(doc) {
            *s = s.saturating_add_signed(delta).min(max);
        }
    }

    pub(crate) fn scroll_to_top(&mut self) {
        let doc = self.active_doc();
        self.scroll[doc] = 0;
    }

    pub(crate) fn scroll_to_bottom(&mut self, height: usize) {
        let doc = self.active_doc();
        self.scroll[doc] = self.rows_of(doc).saturating_sub(height);
    }

    /// Keeps scroll positions inside the documents after a re-layout.
    pub(crate) fn clamp(&mut self, height: usize) {
        for doc in 0..2 {
            self.scroll[doc] = self.scroll[doc].min(self.rows_of(doc).saturating_sub(height));
        }
    }

    /// Jumps to the next (`forward`) or previous match, wrapping around; scrolls it into view
    /// a third of the way down. Returns false when there is no match to go to.
    pub(crate) fn jump_to_match(&mut self, forward: bool, height: usize) -> bool {
        let Some(doc) = &self.doc else { return false };
        let n = doc.matches.len();
        if n == 0 {
            return false;
        }
        let next = match (self.current_match, forward) {
            (None, true) => 0,
            (None, false) => n - 1,
            (Some(i), true) => (i + 1) % n,
            (Some(i), false) => (i + n - 1) % n,
        };
        let target = doc.matches[next];
        self.current_match = Some(next);
        if doc.docs.len() > 1 {
            self.column = target.doc;
        }
        let rows = self.rows_of(target.doc);
        let visible = |s: usize| target.row >= s && target.row < s + height;
        if !visible(self.scroll[target.doc]) {
            self.scroll[target.doc] = target.row.saturating_sub(height / 3).min(rows.saturating_sub(height));
        }
        true
    }
}
