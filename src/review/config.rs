//! The labels offered for flags: the defaults below, or a `labels` array in `review.toml` in
//! the config folder (`~/.config/arenascope/review.toml` on Linux).

use std::path::{Path, PathBuf};

use super::{Warning, labels_equal};

/// Offered when no `review.toml` says otherwise.
pub const DEFAULT_LABELS: [&str; 7] =
    ["wrong vote", "interesting", "unsafe", "refusal", "wrong language", "duplicate", "bad data"];

/// The name of the config file in the config folder.
pub const CONFIG_FILE: &str = "review.toml";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewConfig {
    /// In the order the user listed them (the TUI shows them in this order).
    pub labels: Vec<String>,
}

impl Default for ReviewConfig {
    fn default() -> Self {
        ReviewConfig { labels: DEFAULT_LABELS.iter().map(|l| (*l).to_owned()).collect() }
    }
}

#[derive(serde::Deserialize)]
struct RawConfig {
    labels: Option<Vec<String>>,
}

impl ReviewConfig {
    /// `review.toml` in the user's config folder, if the platform has one.
    pub fn default_path() -> Option<PathBuf> {
        directories::ProjectDirs::from("", "", "arenascope").map(|d| d.config_dir().join(CONFIG_FILE))
    }

    /// Reads the user's config; a missing file gives the defaults, a broken one the defaults
    /// and a warning (a typo in a config file must not lock anyone out of their flags).
    pub fn load() -> (ReviewConfig, Option<Warning>) {
        match Self::default_path() {
            Some(path) => Self::load_from(&path),
            None => (ReviewConfig::default(), None),
        }
    }

    pub fn load_from(path: &Path) -> (ReviewConfig, Option<Warning>) {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (ReviewConfig::default(), None),
            Err(e) => return (ReviewConfig::default(), Some(warning(path, &e.to_string()))),
        };
        match Self::parse(&text) {
            Ok(Some(c)) => (c, None),
            Ok(None) => (ReviewConfig::default(), None),
            Err(reason) => (ReviewConfig::default(), Some(warning(path, &reason))),
        }
    }

    /// The config in `text`; `Ok(None)` when it has no `labels` key.
    pub fn parse(text: &str) -> Result<Option<ReviewConfig>, String> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| e.message().to_owned())?;
        let Some(given) = raw.labels else { return Ok(None) };
        let mut labels: Vec<String> = Vec::with_capacity(given.len());
        for l in given {
            let l = l.trim();
            if l.is_empty() || l.chars().any(char::is_control) {
                return Err(format!("labels: {l:?} is not a usable label (empty or with control characters)"));
            }
            if !labels.iter().any(|have| labels_equal(have, l)) {
                labels.push(l.to_owned());
            }
        }
        if labels.is_empty() {
            return Err("labels: the list is empty".into());
        }
        Ok(Some(ReviewConfig { labels }))
    }
}

fn warning(path: &Path, reason: &str) -> Warning {
    Warning(format!("{}: {reason}; using the default labels", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_come_from_the_file_in_order() {
        let c = ReviewConfig::parse("labels = [\"jailbreak\", \" great answer \", \"Jailbreak\"]\nother = 1\n");
        assert_eq!(c, Ok(Some(ReviewConfig { labels: vec!["jailbreak".into(), "great answer".into()] })));
        assert_eq!(ReviewConfig::parse("# nothing\n"), Ok(None));
        assert!(ReviewConfig::parse("labels = []").is_err());
        assert!(ReviewConfig::parse("labels = [\"a\\nb\"]").is_err());
        assert!(ReviewConfig::parse("labels = \"unsafe\"").is_err());
    }

    #[test]
    fn broken_file_falls_back_with_a_warning() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(CONFIG_FILE);
        assert_eq!(ReviewConfig::load_from(&path), (ReviewConfig::default(), None));
        std::fs::write(&path, "labels = [").expect("write");
        let (c, w) = ReviewConfig::load_from(&path);
        assert_eq!(c, ReviewConfig::default());
        assert!(w.is_some_and(|w| w.0.contains(CONFIG_FILE)));
    }
}
