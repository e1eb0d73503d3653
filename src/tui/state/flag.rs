//! The flag dialog (`f`): the configured labels to check (plus any other label the battle
//! already has), and an optional multi-line note. Opened pre-filled on a flagged battle.

use ratatui_textarea::{TextArea, WrapMode};

use crate::index::BattleId;
use crate::review::{Entry, labels_equal};
use crate::sanitize::sanitize_text;

/// Which part of the dialog has the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlagField {
    Labels,
    Note,
}

#[derive(Debug, Clone)]
pub struct FlagDialog {
    pub(crate) battle: BattleId,
    /// The labels offered, in order: the configured ones, then the battle's others.
    pub(crate) labels: Vec<String>,
    pub(crate) checked: Vec<bool>,
    /// The highlighted label.
    pub(crate) cursor: usize,
    pub(crate) note: TextArea<'static>,
    pub(crate) field: FlagField,
    /// The battle was flagged when the dialog opened (saving nothing then removes the flag).
    pub(crate) was_flagged: bool,
}

impl FlagDialog {
    pub fn new(battle: BattleId, configured: &[String], entry: Option<&Entry>) -> FlagDialog {
        let mut labels: Vec<String> = configured.to_vec();
        if let Some(e) = entry {
            for l in &e.labels {
                if !labels.iter().any(|have| labels_equal(have, l)) {
                    labels.push(l.clone());
                }
            }
        }
        let checked = labels.iter().map(|l| entry.is_some_and(|e| e.has_label(l))).collect();
        // A note from a file may hold control characters: what the dialog shows (placeholders)
        // is what it saves.
        let note_text = entry.map(|e| sanitize_text(&e.note).replace('\t', "    ")).unwrap_or_default();
        let mut note = TextArea::new(note_text.split('\n').map(str::to_owned).collect());
        note.set_wrap_mode(WrapMode::WordOrGlyph);
        note.move_cursor(ratatui_textarea::CursorMove::Bottom);
        note.move_cursor(ratatui_textarea::CursorMove::End);
        FlagDialog {
            battle,
            labels,
            checked,
            cursor: 0,
            note,
            field: FlagField::Labels,
            was_flagged: entry.is_some_and(Entry::is_flagged),
        }
    }

    pub fn move_by(&mut self, delta: isize) {
        if !self.labels.is_empty() {
            self.cursor = self.cursor.saturating_add_signed(delta).min(self.labels.len() - 1);
        }
    }

    /// Checks or unchecks label `i` (0-based) and highlights it; false if there is none.
    pub fn toggle(&mut self, i: usize) -> bool {
        let Some(c) = self.checked.get_mut(i) else { return false };
        *c = !*c;
        self.cursor = i;
        true
    }

    pub fn switch_field(&mut self) {
        self.field = match self.field {
            FlagField::Labels => FlagField::Note,
            FlagField::Note => FlagField::Labels,
        };
    }

    /// The checked labels, in the order offered.
    pub fn chosen_labels(&self) -> Vec<String> {
        self.labels.iter().zip(&self.checked).filter(|(_, c)| **c).map(|(l, _)| l.clone()).collect()
    }

    /// The note as saved: its lines, without trailing blank space.
    pub fn note_text(&self) -> String {
        self.note.lines().join("\n").trim_end().to_owned()
    }

    /// Nothing checked and no note: saving this means "no flag".
    pub fn is_empty(&self) -> bool {
        !self.checked.contains(&true) && self.note_text().is_empty()
    }

    /// The dialog says the same as `entry` (saving would change nothing).
    pub fn matches(&self, entry: Option<&Entry>) -> bool {
        let labels = self.chosen_labels();
        match entry {
            None => self.is_empty(),
            Some(e) => {
                labels.len() == e.labels.len()
                    && labels.iter().all(|l| e.has_label(l))
                    && self.note_text() == e.note.trim_end()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels() -> Vec<String> {
        ["wrong vote", "unsafe", "refusal"].map(String::from).to_vec()
    }

    #[test]
    fn prefills_labels_and_note_and_keeps_unconfigured_labels() {
        let mut e = Entry { note: "line one\nline \u{1b}two".into(), ..Default::default() };
        e.labels.insert("Unsafe".into());
        e.labels.insert("jailbreak".into());
        let d = FlagDialog::new(BattleId(3), &labels(), Some(&e));
        assert_eq!(d.labels, ["wrong vote", "unsafe", "refusal", "jailbreak"]);
        assert_eq!(d.checked, [false, true, false, true]);
        assert_eq!(d.note.lines(), ["line one", "line ␛two"], "control characters show as placeholders");
        assert!(d.was_flagged);
        assert_eq!(d.chosen_labels(), ["unsafe", "jailbreak"]);
    }

    #[test]
    fn toggling_and_emptiness() {
        let mut d = FlagDialog::new(BattleId(0), &labels(), None);
        assert!(d.is_empty() && d.matches(None) && !d.was_flagged);
        assert!(d.toggle(2));
        assert!(!d.toggle(7), "no seventh label");
        assert_eq!((d.chosen_labels(), d.cursor), (vec!["refusal".to_owned()], 2));
        d.toggle(2);
        d.note.insert_str("  \n");
        assert!(d.is_empty(), "blank space is no note");
        d.note.insert_str("why");
        assert_eq!(d.note_text(), "  \nwhy");
        let e = Entry { note: "  \nwhy".into(), ..Default::default() };
        assert!(d.matches(Some(&e)));
        d.move_by(-5);
        assert_eq!(d.cursor, 0);
        d.move_by(10);
        assert_eq!(d.cursor, 2);
    }
}
