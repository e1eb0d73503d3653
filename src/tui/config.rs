//! The user's config file (`config.toml` in the platform config directory): the theme and key
//! overrides. A bad file never stops the browser: the problem is shown and defaults are used.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;

use super::action::Command;
use super::keymap::{Context, Key, Keymap};
use super::theme::ThemeName;

/// Where the config file lives (`~/.config/arenascope/config.toml` on Linux).
pub(super) fn config_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "arenascope").map(|d| d.config_dir().join("config.toml"))
}

/// The text `arenascope --help` shows about the config file.
pub fn help_text() -> String {
    let path =
        config_path().map_or_else(|| "(no config directory on this system)".to_owned(), |p| p.display().to_string());
    format!(
        "Config file: {path}\n  theme = \"dark\" | \"light\"\n  [keys.list]\n  down = [\"j\", \"ctrl-n\"]\n\
         (every key and command name is listed by `?` in the browser). NO_COLOR is honoured."
    )
}

/// The settings that come from the config file.
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub keymap: Keymap,
    pub theme: ThemeName,
    /// Where the file is (or would be).
    pub path: Option<PathBuf>,
    /// What was wrong with the file, if anything (shown in the status bar).
    pub problem: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    theme: Option<String>,
    #[serde(default)]
    keys: BTreeMap<String, BTreeMap<String, KeyList>>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum KeyList {
    One(String),
    Many(Vec<String>),
}

impl Config {
    /// Reads the user's config file; a missing file means defaults.
    pub fn load() -> Config {
        let Some(path) = config_path() else { return Config::default() };
        let config = match std::fs::read_to_string(&path) {
            Ok(text) => Config::parse(&text).unwrap_or_else(|e| Config {
                problem: Some(format!("{}: {e}; using the defaults", path.display())),
                ..Config::default()
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Config::default(),
            Err(e) => Config { problem: Some(format!("{}: {e}", path.display())), ..Config::default() },
        };
        Config { path: Some(path), ..config }
    }

    /// Parses the text of a config file.
    pub fn parse(text: &str) -> Result<Config, String> {
        let file: ConfigFile = toml::from_str(text).map_err(|e| e.message().to_owned())?;
        let theme = match file.theme.as_deref() {
            None => ThemeName::default(),
            Some(name) => {
                ThemeName::from_name(name).ok_or_else(|| format!("theme {name:?}: expected dark or light"))?
            }
        };
        let mut keymap = Keymap::default();
        for (ctx_name, commands) in &file.keys {
            let ctx = Context::from_name(ctx_name).ok_or_else(|| {
                let names: Vec<_> = Context::ALL.iter().map(|c| c.name()).collect();
                format!("[keys.{ctx_name}]: no such context (one of {})", names.join(", "))
            })?;
            for (cmd_name, keys) in commands {
                let cmd = Command::from_name(cmd_name)
                    .ok_or_else(|| format!("[keys.{ctx_name}] {cmd_name}: no such command"))?;
                let names = match keys {
                    KeyList::One(k) => std::slice::from_ref(k),
                    KeyList::Many(ks) => ks.as_slice(),
                };
                let keys = names
                    .iter()
                    .map(|k| Key::parse(k))
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|e| format!("[keys.{ctx_name}] {cmd_name}: {e}"))?;
                keymap.bind(ctx, cmd, keys);
            }
        }
        Ok(Config { keymap, theme, path: None, problem: None })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_keys_and_theme() {
        let c =
            Config::parse("theme = \"light\"\n[keys.list]\ndown = [\"ctrl-n\", \"j\"]\n[keys.global]\nquit = \"z\"\n")
                .unwrap();
        assert_eq!(c.theme, ThemeName::Light);
        assert_eq!(c.keymap.command(Context::List, Key::parse("ctrl-n").unwrap()), Some(Command::Down));
        assert_eq!(c.keymap.command(Context::List, Key::parse("z").unwrap()), Some(Command::Quit));
        assert_eq!(c.keymap.command(Context::List, Key::parse("q").unwrap()), None);
    }

    #[test]
    fn every_command_can_be_rebound_by_its_name_in_each_of_its_contexts() {
        for spec in crate::tui::command::COMMANDS {
            for (ctx, _) in spec.keys {
                let text = format!("[keys.{}]\n{} = [\"f12\", \"alt-z\"]\n", ctx.name(), spec.name);
                let c = Config::parse(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
                let keys = [Key::parse("f12").unwrap(), Key::parse("alt-z").unwrap()];
                assert_eq!(c.keymap.keys(*ctx, spec.command), keys, "{text}");
                assert_eq!(c.keymap.command(*ctx, keys[1]), Some(spec.command), "{text}");
            }
        }
    }

    #[test]
    fn mistakes_are_named() {
        assert!(Config::parse("[keys.lst]\ndown = \"j\"").unwrap_err().contains("keys.lst"));
        assert!(Config::parse("[keys.list]\ndwn = \"j\"").unwrap_err().contains("dwn"));
        assert!(Config::parse("[keys.list]\ndown = \"hyper-j\"").unwrap_err().contains("hyper"));
        assert!(Config::parse("theme = \"pink\"").unwrap_err().contains("pink"));
        assert!(Config::parse("colour = 1").is_err());
    }
}
