//! Flags and blind re-judging: the flag dialog and its question, `]`/`[`, own votes, the
//! summary and the export, and the review worker's answers. Every change goes to the review
//! worker; the status bar says "saving…" until the answer says the change is on disk.

use std::sync::Arc;

use super::super::action::Command;
use super::super::keymap::Context;
use super::super::message::{Opened, SaveDone};
use super::super::review_jobs::ReviewJob;
use super::super::state::flag::FlagDialog;
use super::super::state::review_store::{SaveKind, StoreStatus};
use super::super::worker::Effect;
use super::{App, Overlay, Question};
use crate::index::BattleId;
use crate::model::Winner;
use crate::present::format::count_of;
use crate::review::{Edit, Entry, ReviewView};

impl App {
    /// Asks the review worker to open the loaded dataset's store (if this session has one).
    pub(super) fn open_reviews(&mut self) {
        let (Some(location), Some(d)) = (self.review.location.clone(), self.dataset()) else { return };
        let index = d.index.clone();
        self.review.status = StoreStatus::Opening;
        self.effects.push(Effect::Review(ReviewJob::Open { index, location }));
    }

    pub(super) fn reviews_opened(&mut self, result: Result<Box<Opened>, String>) {
        match result {
            Ok(opened) => {
                let Opened { store, view, warnings } = *opened;
                self.review.status = StoreStatus::Open(store);
                self.review.set_view(view);
                self.add_review_warnings(warnings);
                self.refresh_review_search();
            }
            Err(why) => {
                self.notice = Some(format!("flags and votes cannot be saved: {why}"));
                self.review.status = StoreStatus::Unavailable(why);
            }
        }
    }

    /// Another process changed the store (or re-reading it found something to report).
    pub(super) fn reviews_changed(&mut self, view: Option<Arc<ReviewView>>, warnings: Vec<String>) {
        self.add_review_warnings(warnings);
        if let Some(view) = view {
            self.review.set_view(view);
            self.refresh_review_search();
        }
    }

    pub(super) fn review_saved(&mut self, done: SaveDone) {
        let kind = self.review.saving.remove(&done.id).map(|(_, kind)| kind);
        if self.review.pending_votes.get(&done.battle).is_some_and(|&(id, _)| id == done.id) {
            self.review.pending_votes.remove(&done.battle);
        }
        self.review.set_view(done.view);
        match done.outcome {
            Ok(saved) => {
                self.notice = kind.map(|k| self.saved_message(done.battle, k, saved.entry.as_ref()));
                self.add_review_warnings(saved.warnings.iter().map(ToString::to_string).collect());
            }
            Err(why) => self.notice = Some(format!("NOT saved: {why}")),
        }
        // `review:` terms ask about labels and notes, not own votes.
        if !matches!(kind, Some(SaveKind::Vote(_))) || done.others_changed {
            self.refresh_review_search();
        }
    }

    /// What the status bar says once a change is on disk.
    fn saved_message(&self, b: BattleId, kind: SaveKind, entry: Option<&Entry>) -> String {
        let Some(index) = self.index() else { return "saved".to_owned() };
        let label = crate::sanitize::sanitize_line(&index.battle_label(b)).into_owned();
        match kind {
            SaveKind::Flag => {
                let labels: Vec<String> = entry
                    .map(|e| e.labels.iter().map(|l| crate::sanitize::sanitize_line(l).into_owned()).collect())
                    .unwrap_or_default();
                let note = entry.is_some_and(|e| !e.note.is_empty());
                let what = match (labels.is_empty(), note) {
                    (false, true) => format!("{} + note", labels.join(", ")),
                    (false, false) => labels.join(", "),
                    (true, _) => "note".to_owned(),
                };
                format!("saved ★ {label}: {what}")
            }
            SaveKind::Unflag => format!("saved: the flag of {label} is removed"),
            SaveKind::Vote(None) => format!("saved: your vote on {label} is taken back"),
            SaveKind::Vote(Some(own)) => {
                let next = self.key_of(Context::Blind, Command::NextToJudge);
                let summary = self.key_of(Context::Global, Command::Summary);
                format!("saved · {} · {next} next battle · {summary} agreement", verdict(own, index.winner(b)))
            }
        }
    }

    /// The first key of a command, for messages (`?` when unbound).
    pub(super) fn key_of(&self, ctx: Context, cmd: Command) -> String {
        self.keymap.keys(ctx, cmd).first().map_or_else(|| "?".to_owned(), ToString::to_string)
    }

    fn add_review_warnings(&mut self, warnings: Vec<String>) {
        let new: Vec<String> = warnings.into_iter().filter(|w| !self.review.warnings.contains(w)).collect();
        if let Some(first) = new.first() {
            let more = match new.len() {
                1 => String::new(),
                n => format!(" (+{} more: {})", n - 1, self.key_of(Context::Global, Command::Problems)),
            };
            self.notice = Some(format!("review store: {first}{more}"));
        }
        self.review.warnings.extend(new);
    }

    /// Hands one change to the review worker; the request number, or `None` (with a notice)
    /// when there is no store to save to.
    fn save(&mut self, b: BattleId, edit: Edit, kind: SaveKind) -> Option<u64> {
        let Some(store) = self.review.store().cloned() else {
            self.notice = self.review.unavailable_reason();
            return None;
        };
        let id = self.review.next_save_id();
        self.review.saving.insert(id, (b, kind));
        self.effects.push(Effect::Review(ReviewJob::Save { store, id, battle: b, edit }));
        Some(id)
    }

    // --- flags ---------------------------------------------------------------------------------

    /// `f`: the flag dialog for the selected battle, pre-filled when it is flagged.
    pub(super) fn open_flag_dialog(&mut self) {
        let Some(b) = self.selected_battle() else {
            self.notice = Some("no battle selected".to_owned());
            return;
        };
        if let Some(why) = self.review.unavailable_reason() {
            self.notice = Some(why);
            return;
        }
        let dialog = FlagDialog::new(b, &self.review.labels, self.review.view.entry(b));
        self.overlay = Some(Overlay::Flag(Box::new(dialog)));
    }

    /// Keys in the flag dialog.
    pub(super) fn flag_command(&mut self, cmd: Command) {
        let Some(Overlay::Flag(d)) = &mut self.overlay else { return };
        match cmd {
            Command::Down => d.move_by(1),
            Command::Up => d.move_by(-1),
            Command::ToggleLabel => {
                let at = d.cursor;
                d.toggle(at);
            }
            Command::SwitchField => d.switch_field(),
            Command::Save => self.save_flag_dialog(),
            Command::Unflag if d.was_flagged => self.overlay = Some(Overlay::Confirm(Question::Unflag(d.battle))),
            Command::Unflag => self.notice = Some("this battle has no flag to remove".to_owned()),
            Command::Close => {
                self.overlay = None;
                self.notice = Some("flag dialog closed, nothing saved".to_owned());
            }
            Command::Quit => self.should_quit = true,
            _ => {}
        }
    }

    /// A number key in the dialog's label list.
    pub(super) fn toggle_label_number(&mut self, n: usize) {
        let Some(Overlay::Flag(d)) = &mut self.overlay else { return };
        if !d.toggle(n.wrapping_sub(1)) {
            self.notice = Some(format!("there is no label {n}"));
        }
    }

    fn save_flag_dialog(&mut self) {
        let Some(Overlay::Flag(d)) = &self.overlay else { return };
        let b = d.battle;
        let flagged = self.review.view.entry(b).filter(|e| e.is_flagged());
        if d.is_empty() {
            if d.was_flagged {
                self.overlay = Some(Overlay::Confirm(Question::Unflag(b)));
            } else {
                let note = self.key_of(Context::Flag, Command::SwitchField);
                self.notice = Some(format!("check a label or write a note ({note}) to flag the battle"));
            }
            return;
        }
        if d.matches(flagged) {
            self.overlay = None;
            self.notice = Some("no change to save".to_owned());
            return;
        }
        let edit = Edit::SetFlag { labels: d.chosen_labels(), note: d.note_text() };
        if self.save(b, edit, SaveKind::Flag).is_some() {
            self.overlay = None;
        }
    }

    /// `F`: remove the selected battle's flag, after asking.
    pub(super) fn ask_unflag(&mut self) {
        let Some(b) = self.selected_battle() else { return };
        if !self.review.is_flagged(b) {
            self.notice = Some("this battle has no flag to remove".to_owned());
        } else if let Some(why) = self.review.unavailable_reason() {
            self.notice = Some(why);
        } else {
            self.overlay = Some(Overlay::Confirm(Question::Unflag(b)));
        }
    }

    /// Keys in a yes/no question.
    pub(super) fn confirm_command(&mut self, cmd: Command) {
        let Some(Overlay::Confirm(question)) = self.overlay else { return };
        match cmd {
            Command::Confirm => {
                self.overlay = None;
                match question {
                    Question::Unflag(b) => {
                        self.save(b, Edit::Unflag, SaveKind::Unflag);
                    }
                }
            }
            Command::Close => {
                self.overlay = None;
                self.notice = Some("the flag stays".to_owned());
            }
            Command::Quit => self.should_quit = true,
            _ => {}
        }
    }

    /// `]` / `[`: the next or previous flagged battle in the list as shown, wrapping around.
    pub(super) fn jump_flagged(&mut self, forward: bool) {
        let found = self.find_row(forward, |app, b| app.review.is_flagged(b));
        match found {
            Some((row, wrapped)) => {
                let at = self.list.selected;
                let h = self.list_height();
                self.list.select(row, h);
                if row == at {
                    self.notice = Some("this is the only flagged battle in the list".to_owned());
                } else if wrapped {
                    let end = if forward { "top" } else { "bottom" };
                    self.notice = Some(format!("no more flagged battles that way; wrapped to the {end}"));
                }
            }
            None if self.review.view.flagged().is_empty() => {
                let f = self.key_of(Context::Global, Command::Flag);
                self.notice = Some(format!("no battle is flagged yet: {f} flags the selected one"));
            }
            None => {
                self.notice = Some(format!(
                    "no flagged battle in this list ({} flagged in all: query review:flagged finds them)",
                    self.review.view.flagged().len()
                ));
            }
        }
    }

    /// The row of the next (or previous) battle in the list after the selected one that
    /// satisfies `wanted`, and whether the search wrapped around. The selected row itself
    /// comes last.
    fn find_row(&self, forward: bool, wanted: impl Fn(&App, BattleId) -> bool) -> Option<(usize, bool)> {
        let n = self.list.rows.len();
        let at = self.list.selected.min(n.checked_sub(1)?);
        (1..=n).find_map(|step| {
            let row = if forward { (at + step) % n } else { (at + n - step % n) % n };
            let wrapped = if forward { row <= at } else { row >= at };
            wanted(self, self.list.rows[row]).then_some((row, wrapped))
        })
    }

    // --- blind re-judging ----------------------------------------------------------------------

    /// `b`: blind re-judging on or off.
    pub(super) fn toggle_blind(&mut self) {
        self.blind = !self.blind;
        self.notice = Some(if self.blind {
            let keys: Vec<String> = [Command::VoteA, Command::VoteB, Command::VoteTie, Command::VoteBothBad]
                .iter()
                .map(|&c| self.key_of(Context::Blind, c))
                .collect();
            format!(
                "blind: names and votes hidden until you vote ({} A · {} B · {} tie · {} both bad)",
                keys[0], keys[1], keys[2], keys[3]
            )
        } else {
            "blind re-judging off".to_owned()
        });
    }

    /// An own vote on the selected battle: stored, then the battle is revealed.
    pub(super) fn vote(&mut self, own: Winner) {
        if !self.blind {
            let b = self.key_of(Context::Global, Command::Blind);
            self.notice = Some(format!("votes are taken blind: press {b} first"));
            return;
        }
        let Some(b) = self.selected_battle() else { return };
        if let Some(before) = self.review.own_vote(b) {
            let undo = self.key_of(Context::Blind, Command::ClearVote);
            self.notice =
                Some(format!("you voted {} on this battle already; {undo} takes that vote back", before.label()));
            return;
        }
        let Some(id) = self.save(b, Edit::SetVote(Some(own)), SaveKind::Vote(Some(own))) else { return };
        self.review.pending_votes.insert(b, (id, Some(own)));
        if let Some(index) = self.index() {
            self.notice = Some(verdict(own, index.winner(b)));
        }
    }

    /// `u`: takes back the own vote on the selected battle, which is hidden again.
    pub(super) fn clear_vote(&mut self) {
        let Some(b) = self.selected_battle() else { return };
        if self.review.own_vote(b).is_none() {
            self.notice = Some("you have not voted on this battle".to_owned());
            return;
        }
        if let Some(id) = self.save(b, Edit::SetVote(None), SaveKind::Vote(None)) {
            self.review.pending_votes.insert(b, (id, None));
        }
    }

    /// `>`: the next battle in the list without an own vote.
    pub(super) fn next_to_judge(&mut self) {
        match self.find_row(true, |app, b| app.review.own_vote(b).is_none()) {
            Some((row, _)) => {
                let h = self.list_height();
                self.list.select(row, h);
                let left = self.list.rows.iter().filter(|&&b| self.review.own_vote(b).is_none()).count();
                self.notice = Some(format!("{} in this list without your vote", count_of(left, "battle")));
            }
            None => {
                let v = self.key_of(Context::Global, Command::Summary);
                self.notice =
                    Some(format!("you voted on every battle in this list; {v} shows how you agree with the crowd"));
            }
        }
    }

    /// `v`: the summary of own votes against the crowd's, computed by the review worker after
    /// any save still on its way.
    pub(super) fn open_summary(&mut self) {
        let Some(store) = self.review.store().cloned() else {
            self.notice = self.review.unavailable_reason();
            return;
        };
        self.overlay = Some(Overlay::Summary { scroll: 0, summary: None });
        self.effects.push(Effect::Review(ReviewJob::Summary { store, labels: self.review.labels.clone() }));
    }
}

/// `you: A · crowd: B · you disagree`.
pub(super) fn verdict(own: Winner, crowd: Winner) -> String {
    let agree = if own == crowd { "✓ you agree" } else { "✗ you disagree" };
    format!("you: {} · crowd: {} · {agree}", own.label(), crowd.label())
}
