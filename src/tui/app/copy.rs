//! Taking a battle out of the browser: the copy menu (the id, the prompt, an answer or the
//! JSON row, to the terminal's clipboard through OSC 52) and reading the battle as Markdown in
//! a pager or an editor. The terminal work itself is the main loop's ([`TerminalRequest`]).

use super::super::action::Command;
use super::super::clipboard::MAX_COPY_BYTES;
use super::super::external::{External, TerminalRequest};
use super::{App, Overlay};
use crate::index::{BattleId, Side};
use crate::present::battle_markdown::{MarkdownOptions, battle_markdown};
use crate::present::format::{bytes, thousands};
use crate::row_json::RowJson;
use crate::sanitize::{sanitize_line, terminal_safe_json};

impl App {
    /// `y`: the copy menu for the selected battle.
    pub(super) fn open_copy_menu(&mut self) {
        if self.selected_battle().is_none() {
            self.notice = Some("no battle selected".to_owned());
            return;
        }
        self.overlay = Some(Overlay::Copy);
    }

    /// The side the answer keys copy: the column the transcript's keys move (A unless the
    /// columns scroll apart and B's has them).
    pub fn focused_side(&self) -> Side {
        let apart = self.transcript.doc.as_ref().is_some_and(|d| d.docs.len() > 1);
        if apart && self.transcript.column == 1 { Side::B } else { Side::A }
    }

    pub(super) fn copy_command(&mut self, cmd: Command) {
        let focused = self.focused_side();
        let other = if focused == Side::A { Side::B } else { Side::A };
        let what = match cmd {
            Command::CopyId => Copied::Id,
            Command::CopyPrompt => Copied::Prompt,
            Command::CopyAnswer => Copied::Answer(focused),
            Command::CopyOtherAnswer => Copied::Answer(other),
            Command::CopyJson => Copied::Json,
            Command::Close => {
                self.overlay = None;
                return;
            }
            Command::Quit => {
                self.should_quit = true;
                return;
            }
            _ => return,
        };
        self.overlay = None;
        self.copy(what);
    }

    fn copy(&mut self, what: Copied) {
        let (Some(index), Some(b)) = (self.index(), self.selected_battle()) else { return };
        let text = what.text(index, b);
        let label = sanitize_line(&index.battle_label(b)).into_owned();
        let name = what.name();
        if text.is_empty() {
            self.notice = Some(format!("nothing to copy: {label} has no {name}"));
            return;
        }
        if text.len() > MAX_COPY_BYTES {
            let pager = self.key_of(super::super::keymap::Context::Global, Command::Pager);
            self.notice = Some(format!(
                "NOT copied: the {name} of {label} is {}, more than the {} a terminal takes at once; {pager} opens it in the pager",
                bytes(text.len() as u64),
                bytes(MAX_COPY_BYTES as u64)
            ));
            return;
        }
        self.notice = Some(format!("copied the {name} of {label} ({} bytes)", thousands(text.len())));
        self.terminal_requests.push(TerminalRequest::Copy(text));
    }

    /// `O` / `E`: the selected battle as Markdown in the pager or the editor (names and the
    /// vote left out while they are hidden for blind re-judging).
    pub(super) fn open_elsewhere(&mut self, program: External) {
        let (Some(index), Some(b)) = (self.index(), self.selected_battle()) else {
            self.notice = Some("no battle selected".to_owned());
            return;
        };
        let options = MarkdownOptions { blind: self.names_hidden(b) };
        let markdown = battle_markdown(index, b, self.review.view.entry(b), options);
        let name = file_name(&index.battle_label(b));
        self.terminal_requests.push(TerminalRequest::Open { program, markdown, name });
    }
}

/// What the copy menu copies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Copied {
    Id,
    Prompt,
    Answer(Side),
    Json,
}

impl Copied {
    fn name(self) -> &'static str {
        match self {
            Copied::Id => "id",
            Copied::Prompt => "prompt",
            Copied::Answer(Side::A) => "answer A",
            Copied::Answer(Side::B) => "answer B",
            Copied::Json => "JSON row",
        }
    }

    /// The text as the data holds it (the clipboard takes it base64-encoded, so it cannot act
    /// on the terminal); the JSON row is `search --json`'s, controls escaped.
    fn text(self, index: &crate::index::Index, b: BattleId) -> String {
        let join = |side: Side, user: bool| -> String {
            let parts: Vec<&str> = index
                .conversation(b, side)
                .iter()
                .filter(|m| m.is_user == user)
                .map(|m| index.message_text(m))
                .collect();
            parts.join("\n\n")
        };
        match self {
            Copied::Id => index.battle_label(b),
            Copied::Prompt => join(Side::A, true),
            Copied::Answer(side) => join(side, false),
            Copied::Json => terminal_safe_json(&RowJson { index, battle: b }, false),
        }
    }
}

/// A file name for the battle's Markdown: its id with anything but letters, digits, `-` and
/// `_` replaced, cut to 60 characters.
fn file_name(label: &str) -> String {
    let safe: String = label
        .chars()
        .take(60)
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' })
        .collect();
    format!("arenascope-{safe}")
}
