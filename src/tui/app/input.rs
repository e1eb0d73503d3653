//! Typing into the query or the picker, pasting, the mouse wheel and clicks.

use ratatui_textarea::{CursorMove, TextArea};

use crate::sanitize::placeholder;

use super::super::action::{Command, Pane};
use super::super::keymap::Context;
use super::super::layout::{Region, Screen, inner};
use super::super::text::document;
use super::{App, DataState, Overlay};

impl App {
    /// The text input that has the keys (the query, the picker's filter or the note), and
    /// whether it is one line.
    fn text_area(&mut self) -> Option<(&mut TextArea<'static>, bool)> {
        match self.context() {
            Context::Query => Some((&mut self.query.input, true)),
            Context::Picker => match &mut self.overlay {
                Some(Overlay::Picker(picker)) => Some((&mut picker.filter, true)),
                _ => None,
            },
            Context::Note => match &mut self.overlay {
                Some(Overlay::Flag(dialog)) => Some((&mut dialog.note, false)),
                _ => None,
            },
            Context::Export => match &mut self.overlay {
                Some(Overlay::Export(dialog)) => Some((&mut dialog.path, true)),
                _ => None,
            },
            _ => None,
        }
    }

    /// What follows a change of a text input: a new search, a new picker list.
    fn text_changed(&mut self) {
        match self.context() {
            Context::Query => self.send_search(),
            Context::Export => {
                if let Some(Overlay::Export(dialog)) = &mut self.overlay {
                    dialog.completions.clear();
                }
            }
            Context::Picker => {
                if let (Some(Overlay::Picker(picker)), DataState::Ready(d)) = (&mut self.overlay, &self.data) {
                    picker.refilter(&d.index);
                }
            }
            _ => {}
        }
    }

    /// An editing command (cursor moves, deletions, undo) for the text input that has the
    /// keys; `false` if `cmd` is not one, or no text input has the keys.
    pub(super) fn edit_command(&mut self, cmd: Command) -> bool {
        let note = self.context() == Context::Note;
        let Some((area, one_line)) = self.text_area() else { return false };
        let before = area.lines().to_vec();
        match cmd {
            Command::CursorStart => area.move_cursor(CursorMove::Head),
            Command::CursorEnd => area.move_cursor(CursorMove::End),
            Command::CursorBack => area.move_cursor(CursorMove::Back),
            Command::CursorForward => area.move_cursor(CursorMove::Forward),
            Command::WordBack => area.move_cursor(CursorMove::WordBack),
            Command::WordForward => area.move_cursor(CursorMove::WordForward),
            Command::DeleteBack => _ = area.delete_char(),
            Command::DeleteForward => _ = area.delete_next_char(),
            Command::DeleteWordBack => _ = area.delete_word(),
            Command::DeleteWordForward => _ = area.delete_next_word(),
            Command::DeleteToStart => _ = area.delete_line_by_head(),
            Command::DeleteToEnd => _ = area.delete_line_by_end(),
            Command::Undo => _ = area.undo(),
            Command::Redo => _ = area.redo(),
            // The note is several lines: these move in it and start a new one.
            Command::Up if note => area.move_cursor(CursorMove::Up),
            Command::Down if note => area.move_cursor(CursorMove::Down),
            Command::NewLine if note => area.insert_newline(),
            _ => return false,
        }
        if one_line {
            keep_single_line(area);
        }
        let changed = area.lines() != before.as_slice();
        if changed {
            self.text_changed();
        }
        true
    }

    /// A key typed into a text input that is no command: a character is inserted (Backspace,
    /// Delete and Enter do what they always do even when unbound); other keys do nothing.
    pub(super) fn text_input(&mut self, input: ratatui_textarea::Input) {
        // A typed bidi override or separator (an input method can send one) is dropped: the
        // note box draws its text as it is.
        if self.context() == Context::Note
            && matches!(input.key, ratatui_textarea::Key::Char(c) if placeholder(c).is_some())
        {
            return;
        }
        let Some((area, one_line)) = self.text_area() else { return };
        if !area.input_without_shortcuts(input) {
            return;
        }
        if one_line {
            keep_single_line(area);
        }
        self.text_changed();
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
        match screen.region_at(column, row, self.ratings.shown, self.focus) {
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
        match screen.region_at(column, row, self.ratings.shown, self.focus) {
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

/// The query and the picker filter are one line: a newline (Ctrl-M, a pasted one) is a space.
fn keep_single_line(area: &mut TextArea<'static>) {
    if area.lines().len() > 1 {
        let joined = area.lines().join(" ");
        *area = TextArea::default();
        area.insert_str(&joined);
    }
}
