//! The export dialog (`x` on the list, `x` in the votes summary): what is exported (the
//! current query's battles or the flagged and voted ones), the path being typed (`~` expanded,
//! Tab completes folders), dataset rows or preference pairs, and the overwrite question.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use ratatui_textarea::TextArea;

use crate::index::BattleId;

/// Which battles the dialog exports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportSource {
    /// The battles the query finds (the list, in dataset order), and the query as typed.
    Query { text: String },
    /// Every flagged or voted battle, each with its review.
    Reviewed,
}

#[derive(Debug, Clone)]
pub struct ExportDialog {
    pub(crate) source: ExportSource,
    pub(crate) battles: Arc<Vec<BattleId>>,
    pub(crate) path: TextArea<'static>,
    /// Preference pairs rather than the dataset's rows.
    pub(crate) pairs: bool,
    /// Write the dataset card beside the file.
    pub(crate) card: bool,
    /// Pairs: keep ties and both-bad votes (with a label) rather than leave them out.
    pub(crate) keep_ties: bool,
    /// The file exists: asking whether to replace it.
    pub(crate) asking_overwrite: bool,
    /// Folder names the last Tab could complete to, when it could not choose one.
    pub(crate) completions: Vec<String>,
}

impl ExportDialog {
    pub fn new(source: ExportSource, battles: Arc<Vec<BattleId>>, default_path: &str) -> ExportDialog {
        let mut path = TextArea::default();
        path.insert_str(default_path);
        ExportDialog {
            source,
            battles,
            path,
            pairs: false,
            card: true,
            keep_ties: false,
            asking_overwrite: false,
            completions: Vec::new(),
        }
    }

    /// The path as typed.
    pub fn text(&self) -> String {
        self.path.lines().join("")
    }

    pub fn set_text(&mut self, text: &str) {
        self.path = TextArea::default();
        self.path.insert_str(text);
    }

    /// The path the export writes: `~` expanded.
    pub fn target(&self) -> PathBuf {
        expand_tilde(&self.text(), home().as_deref())
    }

    /// Tab: completes the last part of the path to a folder (or as far as the folders that
    /// match agree), listing the choices when there are several.
    pub fn complete(&mut self) {
        let typed = self.text();
        let (text, choices) = complete_folder(&typed, home().as_deref());
        self.completions = if choices.len() > 1 { choices } else { Vec::new() };
        if text != typed {
            self.set_text(&text);
        }
    }
}

fn home() -> Option<PathBuf> {
    std::env::var_os("HOME").filter(|h| !h.is_empty()).map(PathBuf::from)
}

/// `~` and `~/rest` become the home folder (`~user` is left as it is).
pub(crate) fn expand_tilde(typed: &str, home: Option<&Path>) -> PathBuf {
    match (typed.strip_prefix('~'), home) {
        (Some(""), Some(h)) => h.to_path_buf(),
        (Some(rest), Some(h)) if rest.starts_with('/') => h.join(rest.trim_start_matches('/')),
        _ => PathBuf::from(typed),
    }
}

/// Completes the last component of `typed` against the folders in its parent: the new text
/// (ending in `/` when one folder matched) and the names of the matching folders, sorted.
/// Hidden folders are offered only when the typed part starts with a dot.
pub(crate) fn complete_folder(typed: &str, home: Option<&Path>) -> (String, Vec<String>) {
    let (dir_typed, prefix) = match typed.rfind('/') {
        Some(i) => (&typed[..=i], &typed[i + 1..]),
        None if typed == "~" => return ("~/".to_owned(), Vec::new()),
        None => ("", typed),
    };
    let dir = if dir_typed.is_empty() { PathBuf::from(".") } else { expand_tilde(dir_typed, home) };
    let Ok(entries) = std::fs::read_dir(&dir) else { return (typed.to_owned(), Vec::new()) };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n.starts_with(prefix) && (prefix.starts_with('.') || !n.starts_with('.')))
        .collect();
    names.sort();
    match names.as_slice() {
        [] => (typed.to_owned(), names),
        [one] => (format!("{dir_typed}{one}/"), names),
        [first, rest @ ..] => {
            let common = rest.iter().fold(first.as_str(), |acc, n| &acc[..common_prefix(acc, n)]);
            (format!("{dir_typed}{common}"), names)
        }
    }
}

/// The length in bytes of the common prefix of `a` and `b`, on a character boundary.
fn common_prefix(a: &str, b: &str) -> usize {
    a.char_indices()
        .zip(b.chars())
        .take_while(|((_, x), y)| x == y)
        .map(|((i, x), _)| i + x.len_utf8())
        .last()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tilde_is_the_home_folder() {
        let home = Path::new("/home/ada");
        assert_eq!(expand_tilde("~/out/x.parquet", Some(home)), PathBuf::from("/home/ada/out/x.parquet"));
        assert_eq!(expand_tilde("~", Some(home)), PathBuf::from("/home/ada"));
        assert_eq!(expand_tilde("~bob/x", Some(home)), PathBuf::from("~bob/x"));
        assert_eq!(expand_tilde("a/~/x", Some(home)), PathBuf::from("a/~/x"));
        assert_eq!(expand_tilde("~/x", None), PathBuf::from("~/x"));
    }

    #[test]
    fn tab_completes_folders_only_and_lists_the_choices() {
        let dir = tempfile::tempdir().unwrap();
        for d in ["exports", "experiments", "data", ".hidden"] {
            std::fs::create_dir(dir.path().join(d)).unwrap();
        }
        std::fs::write(dir.path().join("expenses.csv"), "").unwrap();
        let base = format!("{}/", dir.path().display());
        let (text, choices) = complete_folder(&format!("{base}ex"), None);
        assert_eq!(text, format!("{base}exp"), "as far as the folders agree");
        assert_eq!(choices, ["experiments", "exports"], "the file is not offered");
        let (text, choices) = complete_folder(&format!("{base}exps"), None);
        assert_eq!((text, choices.len()), (format!("{base}exps"), 0), "nothing matches: unchanged");
        let (text, _) = complete_folder(&format!("{base}d"), None);
        assert_eq!(text, format!("{base}data/"));
        let (_, choices) = complete_folder(&base, None);
        assert_eq!(choices, ["data", "experiments", "exports"], "hidden folders only when asked");
        let (text, _) = complete_folder(&format!("{base}.h"), None);
        assert_eq!(text, format!("{base}.hidden/"));
        // Through the home folder, keeping the `~` as typed.
        let (text, _) = complete_folder("~/da", Some(dir.path()));
        assert_eq!(text, "~/data/");
        assert_eq!(complete_folder("~", Some(dir.path())).0, "~/");
    }

    #[test]
    fn common_prefix_respects_characters() {
        assert_eq!(common_prefix("résumé", "résultat"), "résu".len());
        assert_eq!(common_prefix("ab€", "ab£"), 2);
        assert_eq!(common_prefix("abc", "xyz"), 0);
    }
}
