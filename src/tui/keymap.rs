//! Keys are data: the default bindings, overridden per command by the user's config file.
//! The help overlay and the status-bar hints are generated from the same table, so they always
//! say what the keys really do.

use std::collections::BTreeMap;
use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::command::COMMANDS;
pub(super) use super::command::{Command, Context, PANE_HINT, REMOVE_FLAG_HINT};

/// One key with its modifiers, normalised so that `G` is `G` whether or not Shift is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    code: KeyCodeOrd,
    ctrl: bool,
    alt: bool,
}

/// `KeyCode` without the variants we never bind, ordered so bindings sort stably.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum KeyCodeOrd {
    Char(char),
    F(u8),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Delete,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    Insert,
}

impl Key {
    /// The key of a terminal event, or `None` for keys that are never bound (media keys, ...).
    pub fn from_event(e: &KeyEvent) -> Option<Key> {
        let code = match e.code {
            KeyCode::Char(c) => KeyCodeOrd::Char(c),
            KeyCode::F(n) => KeyCodeOrd::F(n),
            KeyCode::Enter => KeyCodeOrd::Enter,
            KeyCode::Esc => KeyCodeOrd::Esc,
            KeyCode::Tab => KeyCodeOrd::Tab,
            KeyCode::BackTab => KeyCodeOrd::BackTab,
            KeyCode::Backspace => KeyCodeOrd::Backspace,
            KeyCode::Delete => KeyCodeOrd::Delete,
            KeyCode::Up => KeyCodeOrd::Up,
            KeyCode::Down => KeyCodeOrd::Down,
            KeyCode::Left => KeyCodeOrd::Left,
            KeyCode::Right => KeyCodeOrd::Right,
            KeyCode::PageUp => KeyCodeOrd::PageUp,
            KeyCode::PageDown => KeyCodeOrd::PageDown,
            KeyCode::Home => KeyCodeOrd::Home,
            KeyCode::End => KeyCodeOrd::End,
            KeyCode::Insert => KeyCodeOrd::Insert,
            _ => return None,
        };
        Some(Key {
            code,
            ctrl: e.modifiers.contains(KeyModifiers::CONTROL),
            alt: e.modifiers.contains(KeyModifiers::ALT),
        })
    }

    /// Parses `j`, `G`, `?`, `ctrl-c`, `alt-x`, `shift-tab`, `enter`, `pagedown`, `f1`, `space`.
    pub fn parse(s: &str) -> Result<Key, String> {
        let mut ctrl = false;
        let mut alt = false;
        let mut shift = false;
        let mut rest = s;
        // A lone "-" is the minus key, not an empty modifier list.
        while let Some((modifier, tail)) = rest.split_once('-').filter(|(_, t)| !t.is_empty()) {
            match modifier.to_ascii_lowercase().as_str() {
                "ctrl" | "c" => ctrl = true,
                "alt" | "a" | "m" => alt = true,
                "shift" | "s" => shift = true,
                _ => return Err(format!("unknown modifier {modifier:?} in key {s:?}")),
            }
            rest = tail;
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => KeyCodeOrd::Char(if shift { c.to_ascii_uppercase() } else { c }),
            _ => match rest.to_ascii_lowercase().as_str() {
                "enter" | "return" => KeyCodeOrd::Enter,
                "esc" | "escape" => KeyCodeOrd::Esc,
                "tab" if shift => KeyCodeOrd::BackTab,
                "tab" => KeyCodeOrd::Tab,
                "backtab" => KeyCodeOrd::BackTab,
                "backspace" => KeyCodeOrd::Backspace,
                "delete" | "del" => KeyCodeOrd::Delete,
                "up" => KeyCodeOrd::Up,
                "down" => KeyCodeOrd::Down,
                "left" => KeyCodeOrd::Left,
                "right" => KeyCodeOrd::Right,
                "pageup" | "pgup" => KeyCodeOrd::PageUp,
                "pagedown" | "pgdn" => KeyCodeOrd::PageDown,
                "home" => KeyCodeOrd::Home,
                "end" => KeyCodeOrd::End,
                "insert" => KeyCodeOrd::Insert,
                "space" => KeyCodeOrd::Char(' '),
                "minus" => KeyCodeOrd::Char('-'),
                f if f.starts_with('f') && f[1..].parse::<u8>().is_ok_and(|n| (1..=24).contains(&n)) => {
                    KeyCodeOrd::F(f[1..].parse().unwrap_or(1))
                }
                _ => return Err(format!("unknown key {s:?}")),
            },
        };
        Ok(Key { code, ctrl, alt })
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("Ctrl-")?;
        }
        if self.alt {
            f.write_str("Alt-")?;
        }
        match self.code {
            KeyCodeOrd::Char(' ') => f.write_str("Space"),
            KeyCodeOrd::Char(c) => write!(f, "{c}"),
            KeyCodeOrd::F(n) => write!(f, "F{n}"),
            KeyCodeOrd::Enter => f.write_str("Enter"),
            KeyCodeOrd::Esc => f.write_str("Esc"),
            KeyCodeOrd::Tab => f.write_str("Tab"),
            KeyCodeOrd::BackTab => f.write_str("Shift-Tab"),
            KeyCodeOrd::Backspace => f.write_str("Backspace"),
            KeyCodeOrd::Delete => f.write_str("Del"),
            KeyCodeOrd::Up => f.write_str("↑"),
            KeyCodeOrd::Down => f.write_str("↓"),
            KeyCodeOrd::Left => f.write_str("←"),
            KeyCodeOrd::Right => f.write_str("→"),
            KeyCodeOrd::PageUp => f.write_str("PgUp"),
            KeyCodeOrd::PageDown => f.write_str("PgDn"),
            KeyCodeOrd::Home => f.write_str("Home"),
            KeyCodeOrd::End => f.write_str("End"),
            KeyCodeOrd::Insert => f.write_str("Ins"),
        }
    }
}

/// The bindings in force: for each context and command, its keys in order.
#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: BTreeMap<(Context, Command), Vec<Key>>,
}

impl Default for Keymap {
    fn default() -> Self {
        let mut bindings = BTreeMap::new();
        for spec in COMMANDS {
            for &(ctx, keys) in spec.keys {
                let keys = keys.iter().filter_map(|k| Key::parse(k).ok()).collect();
                bindings.insert((ctx, spec.command), keys);
            }
        }
        Keymap { bindings }
    }
}

impl Keymap {
    /// Replaces the keys of one command in one context (from the config file).
    pub fn bind(&mut self, ctx: Context, cmd: Command, keys: Vec<Key>) {
        self.bindings.insert((ctx, cmd), keys);
    }

    /// [`Keymap::command_in_mode`] outside blind re-judging (tests ask this way).
    #[cfg(any(test, feature = "testkit"))]
    pub fn command(&self, ctx: Context, key: Key) -> Option<Command> {
        self.command_in_mode(ctx, false, key)
    }

    /// The command a key runs in a context, falling back to the global keys in panes, with
    /// the blind re-judging keys in panes while `blind` is on.
    pub fn command_in_mode(&self, ctx: Context, blind: bool, key: Key) -> Option<Command> {
        ctx.lookup_chain(blind).into_iter().find_map(|c| {
            self.bindings.iter().find(|((bc, _), keys)| *bc == c && keys.contains(&key)).map(|((_, cmd), _)| *cmd)
        })
    }

    /// The keys of a command in a context (empty if unbound).
    pub fn keys(&self, ctx: Context, cmd: Command) -> &[Key] {
        self.bindings.get(&(ctx, cmd)).map_or(&[], Vec::as_slice)
    }

    /// The key to name in a message about `cmd` in `ctx` ("press / to search"): its first key
    /// there, or in the contexts the keys fall back to; `?` when it has none.
    pub fn key_name(&self, ctx: Context, cmd: Command) -> String {
        ctx.lookup_chain(false)
            .into_iter()
            .find_map(|c| self.keys(c, cmd).first())
            .map_or_else(|| "?".to_owned(), ToString::to_string)
    }

    /// Every binding of a context in the order of the command table, for the help overlay.
    pub fn bindings_of(&self, ctx: Context) -> impl Iterator<Item = (Command, &[Key])> {
        // The map's order is the table's: `Command` orders by declaration.
        self.bindings
            .iter()
            .filter(move |((c, _), keys)| *c == ctx && !keys.is_empty())
            .map(|((_, cmd), keys)| (*cmd, keys.as_slice()))
    }

    /// Status-bar hints for a context: `("j/k", "move")`, then the global ones for panes.
    pub fn hints(&self, ctx: Context) -> Vec<(String, &'static str)> {
        self.hints_with_priority(ctx, false).into_iter().map(|(keys, label, _)| (keys, label)).collect()
    }

    /// [`Keymap::hints`], each marked `true` when it must stay visible in a narrow bar (help
    /// and quit: with them every other key can be found). While `blind` re-judging is on, the
    /// panes' hints start with the voting keys, which stay visible too.
    pub fn hints_with_priority(&self, ctx: Context, blind: bool) -> Vec<(String, &'static str, bool)> {
        let mut contexts = ctx.lookup_chain(blind);
        if let Some(at) = contexts.iter().position(|&c| c == Context::Blind) {
            contexts.remove(at);
            contexts.insert(0, Context::Blind);
        }
        let mut out = Vec::new();
        for c in contexts {
            // One hint per label, its keys in the order of the table (`j/k move`).
            let mut hints: Vec<(Vec<String>, &'static str, bool)> = Vec::new();
            for spec in COMMANDS {
                for hint in spec.hints.iter().filter(|h| h.context == c) {
                    let cmd = spec.command;
                    // A pane's hint may name a global command; a global hint is only true in
                    // a pane that does not rebind its key.
                    let own = self.keys(c, cmd);
                    let keys =
                        if own.is_empty() && c.falls_back_to_global() { self.keys(Context::Global, cmd) } else { own };
                    let key = keys.first().filter(|key| self.command_in_mode(ctx, blind, **key) == Some(cmd));
                    let at = match hints.iter().position(|(_, label, _)| *label == hint.label) {
                        Some(at) => at,
                        None => {
                            hints.push((Vec::new(), hint.label, false));
                            hints.len() - 1
                        }
                    };
                    hints[at].2 |= hint.essential;
                    if let Some(key) = key {
                        hints[at].0.push(key.to_string());
                    }
                }
            }
            out.extend(
                hints.into_iter().filter(|(keys, _, _)| !keys.is_empty()).map(|(keys, l, e)| (keys.join("/"), l, e)),
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> Key {
        Key::parse(s).unwrap()
    }

    fn event(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn parses_and_prints_keys() {
        assert_eq!(key("ctrl-c").to_string(), "Ctrl-c");
        assert_eq!(key("shift-tab").to_string(), "Shift-Tab");
        assert_eq!(key("G").to_string(), "G");
        assert_eq!(key("shift-g"), key("G"));
        assert_eq!(key("-").to_string(), "-");
        assert_eq!(key("pagedown").to_string(), "PgDn");
        assert_eq!(key("f5").to_string(), "F5");
        assert!(Key::parse("hyper-x").is_err());
        assert!(Key::parse("banana").is_err());
    }

    #[test]
    fn shifted_letters_match_however_the_terminal_reports_them() {
        let k = Key::from_event(&event(KeyCode::Char('G'), KeyModifiers::SHIFT)).unwrap();
        assert_eq!(k, key("G"));
        let k = Key::from_event(&event(KeyCode::BackTab, KeyModifiers::SHIFT)).unwrap();
        assert_eq!(k, key("shift-tab"));
    }

    #[test]
    fn panes_fall_back_to_global_keys_but_typing_does_not() {
        let map = Keymap::default();
        assert_eq!(map.command(Context::List, key("q")), Some(Command::Quit));
        assert_eq!(map.command(Context::List, key("j")), Some(Command::Down));
        assert_eq!(map.command(Context::Query, key("q")), None);
        assert_eq!(map.command(Context::Query, key("ctrl-c")), Some(Command::Quit));
        assert_eq!(map.command(Context::Transcript, key("n")), Some(Command::NextMatch));
    }

    #[test]
    fn pane_hints_can_name_global_commands() {
        let map = Keymap::default();
        assert!(map.hints(Context::Transcript).contains(&("n/N".to_owned(), "match")));
        assert!(map.hints(Context::Ratings).contains(&("e".to_owned(), "Elo/BT")));
    }

    #[test]
    fn hints_follow_rebinding() {
        let mut map = Keymap::default();
        assert!(map.hints(Context::List).contains(&("j/k".to_owned(), "move")));
        map.bind(Context::List, Command::Down, vec![key("ctrl-n")]);
        assert!(map.hints(Context::List).contains(&("Ctrl-n/k".to_owned(), "move")));
        map.bind(Context::Global, Command::Quit, vec![key("z")]);
        assert!(map.hints(Context::List).contains(&("z".to_owned(), "quit")));
        assert_eq!(map.command(Context::List, key("q")), None);
    }

    #[test]
    fn every_command_of_the_defaults_has_a_description_and_a_name_that_round_trips() {
        for spec in COMMANDS {
            assert_eq!(Command::from_name(spec.command.name()), Some(spec.command));
            assert!(!spec.command.description().is_empty());
            for (_, keys) in spec.keys {
                for k in *keys {
                    assert!(Key::parse(k).is_ok(), "{k}");
                }
            }
        }
    }
}
