//! Typing into the query or the picker, pasting, the mouse wheel and clicks.

use ratatui_textarea::TextArea;

use crate::sanitize::placeholder;

use super::super::action::Pane;
use super::super::keymap::Context;
use super::super::layout::{Region, Screen, inner};
use super::super::text::document;
use super::{App, DataState, Overlay};

impl App {
    pub(super) fn text_input(&mut self, input: ratatui_textarea::Input) {
        match self.context() {
            Context::Query => {
                let before = self.query.text();
                line_input(&mut self.query.input, input);
                if self.query.text() != before {
                    self.send_search();
                }
            }
            Context::Picker => {
                let Some(Overlay::Picker(picker)) = &mut self.overlay else { return };
                line_input(&mut picker.filter, input);
                if let DataState::Ready(d) = &self.data {
                    picker.refilter(&d.index);
                }
            }
            Context::Export => {
                if let Some(Overlay::Export(d)) = &mut self.overlay {
                    line_input(&mut d.path, input);
                    d.completions.clear();
                }
            }
            Context::Note => {
                // A typed bidi override or separator (an input method can send one) is dropped:
                // the note box draws its text as it is.
                if matches!(input.key, ratatui_textarea::Key::Char(c) if placeholder(c).is_some()) {
                    return;
                }
                if let Some(Overlay::Flag(dialog)) = &mut self.overlay {
                    dialog.note.input(input);
                }
            }
            _ => {}
        }
    }

    pub(super) fn paste(&mut self, text: &str) {
        let flat: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
        match self.context() {
            Context::Picker => {
                if let Some(Overlay::Picker(picker)) = &mut self.overlay {
                    picker.filter.insert_str(&flat);
                    if let DataState::Ready(d) = &self.data {
                        picker.refilter(&d.index);
                    }
                }
            }
            Context::Note => {
                // A note keeps its line breaks; other control characters, bidi overrides and
                // line separators become spaces (the note box draws its text as it is).
                let text: String = text
                    .replace("\r\n", "\n")
                    .chars()
                    .map(|c| if c != '\n' && (c.is_control() || placeholder(c).is_some()) { ' ' } else { c })
                    .collect();
                if let Some(Overlay::Flag(dialog)) = &mut self.overlay {
                    dialog.note.insert_str(&text);
                }
            }
            Context::Export => {
                if let Some(Overlay::Export(d)) = &mut self.overlay {
                    d.path.insert_str(&flat);
                }
            }
            Context::Help | Context::Problems | Context::Flag | Context::Confirm | Context::Summary | Context::Copy => {
            }
            _ if matches!(self.data, DataState::Ready(_)) => {
                self.query.editing = true;
                self.query.input.insert_str(&flat);
                self.send_search();
            }
            _ => {}
        }
    }

    pub(super) fn wheel(&mut self, column: u16, row: u16, lines: i32) {
        let lines = lines as isize;
        let limit = self.overlay_scroll_limit();
        match &mut self.overlay {
            Some(Overlay::Help { scroll } | Overlay::Problems { scroll } | Overlay::Summary { scroll, .. }) => {
                *scroll = scroll.saturating_add_signed(lines).min(limit);
                return;
            }
            Some(_) => return,
            None => {}
        }
        let Some(screen) = self.screen() else { return };
        match screen.region_at(column, row, self.ratings.shown) {
            Some(Region::Pane(Pane::List)) => {
                let h = self.list_height();
                self.list.scroll_by(lines, h);
            }
            Some(Region::Pane(Pane::Transcript)) => {
                let h = self.transcript_height();
                let doc = self.column_at(&screen, column);
                self.transcript.scroll_doc(doc, lines, h);
            }
            Some(Region::Pane(Pane::Vote)) => self.vote_scroll = self.vote_scroll.saturating_add_signed(lines),
            Some(Region::Pane(Pane::Ratings)) => self.ratings.scroll = self.ratings.scroll.saturating_add_signed(lines),
            _ => {}
        }
    }

    /// Which transcript document is under a screen column (the right one when apart).
    pub(super) fn column_at(&self, screen: &Screen, column: u16) -> usize {
        let apart = self.transcript.doc.as_ref().is_some_and(|d| d.docs.len() > 1);
        let area = inner(screen.main);
        let (left, _) = document::split_columns(area.width as usize);
        usize::from(apart && column >= area.x + left as u16)
    }

    pub(super) fn click(&mut self, column: u16, row: u16) {
        if self.overlay.is_some() || !matches!(self.data, DataState::Ready(_)) {
            return;
        }
        let Some(screen) = self.screen() else { return };
        match screen.region_at(column, row, self.ratings.shown) {
            Some(Region::Query) => self.query.editing = true,
            Some(Region::Pane(pane)) => {
                self.query.editing = false;
                self.focus = pane;
                match pane {
                    Pane::List => {
                        // Below the border and the header row.
                        let first = screen.list.y + 2;
                        if row >= first && row < screen.list.bottom() - 1 {
                            let h = self.list_height();
                            let target = self.list.offset + (row - first) as usize;
                            if target < self.list.rows.len() {
                                self.list.select(target, h);
                            }
                        }
                    }
                    Pane::Transcript => self.transcript.column = self.column_at(&screen, column),
                    _ => {}
                }
            }
            _ => {}
        }
    }
}

/// The editing keys of the one-line inputs (query, model picker), for the help: readline's,
/// as shells have them. Ctrl-u and Ctrl-z are ours (see [`line_input`]); the rest are
/// ratatui-textarea's own.
pub const LINE_EDITING_KEYS: [(&str, &str); 6] = [
    ("ctrl-a ctrl-e home end", "cursor to the start / end"),
    ("ctrl-b ctrl-f alt-b alt-f", "cursor back / forward a character, a word"),
    ("ctrl-w alt-backspace", "delete the word before the cursor"),
    ("ctrl-u", "delete to the start"),
    ("ctrl-k", "delete to the end"),
    ("ctrl-z", "undo (ctrl-r redoes)"),
];

/// One key for a one-line input. ratatui-textarea binds Ctrl-u to undo; in a query bar people
/// expect readline's "delete to the start", so that is what it does, and undo moves to Ctrl-z.
fn line_input(area: &mut TextArea<'static>, input: ratatui_textarea::Input) {
    use ratatui_textarea::{Input, Key};
    match input {
        Input { key: Key::Char('u'), ctrl: true, alt: false, .. } => {
            area.delete_line_by_head();
        }
        Input { key: Key::Char('z'), ctrl: true, alt: false, .. } => {
            area.undo();
        }
        _ => {
            area.input(input);
        }
    }
    keep_single_line(area);
}

/// The query and the picker filter are one line: a newline (Ctrl-M, a pasted one) is a space.
fn keep_single_line(area: &mut TextArea<'static>) {
    if area.lines().len() > 1 {
        let joined = area.lines().join(" ");
        *area = TextArea::default();
        area.insert_str(&joined);
    }
}
