//! Keys are data: the default bindings, overridden per command by the user's config file.
//! The help overlay and the status-bar hints are generated from the same table, so they always
//! say what the keys really do.

use std::collections::BTreeMap;
use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Command;

/// Where a key is pressed: a pane, the query being edited, or an overlay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Context {
    /// Keys that work in every pane (not while typing a query or in an overlay).
    Global,
    /// Keys that work in every pane while blind re-judging is on (the own votes).
    Blind,
    List,
    Transcript,
    Vote,
    Ratings,
    Query,
    Picker,
    /// The flag dialog, on its label list.
    Flag,
    /// The flag dialog, writing the note.
    Note,
    /// A yes/no question (removing a flag).
    Confirm,
    /// The summary of own votes against the crowd's.
    Summary,
    /// The copy menu.
    Copy,
    /// The export dialog.
    Export,
    Help,
    Problems,
}

impl Context {
    pub const ALL: [Context; 16] = [
        Context::Global,
        Context::Blind,
        Context::List,
        Context::Transcript,
        Context::Vote,
        Context::Ratings,
        Context::Query,
        Context::Picker,
        Context::Flag,
        Context::Note,
        Context::Confirm,
        Context::Summary,
        Context::Copy,
        Context::Export,
        Context::Help,
        Context::Problems,
    ];

    /// The name used in the config file (`[keys.list]`).
    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::Blind => "blind",
            Context::List => "list",
            Context::Transcript => "transcript",
            Context::Vote => "vote",
            Context::Ratings => "ratings",
            Context::Query => "query",
            Context::Picker => "picker",
            Context::Flag => "flag",
            Context::Note => "note",
            Context::Confirm => "confirm",
            Context::Summary => "summary",
            Context::Copy => "copy",
            Context::Export => "export",
            Context::Help => "help",
            Context::Problems => "problems",
        }
    }

    /// The heading in the help overlay.
    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::Blind => "Blind re-judging (everywhere while it is on)",
            Context::List => "Battle list",
            Context::Transcript => "Transcript",
            Context::Vote => "Vote & safety",
            Context::Ratings => "Ratings",
            Context::Query => "Editing the query",
            Context::Picker => "Model picker",
            Context::Flag => "Flag dialog: labels",
            Context::Note => "Flag dialog: writing the note",
            Context::Confirm => "Questions",
            Context::Summary => "Votes against the crowd",
            Context::Copy => "Copy menu (OSC 52 clipboard)",
            Context::Export => "Export dialog",
            Context::Help => "Help",
            Context::Problems => "Skipped rows",
        }
    }

    pub fn from_name(name: &str) -> Option<Context> {
        Context::ALL.into_iter().find(|c| c.name() == name)
    }

    /// Panes fall back to the global keys; typing contexts and overlays do not (a `q` typed
    /// into the query is a letter, not quit).
    fn falls_back_to_global(self) -> bool {
        matches!(self, Context::List | Context::Transcript | Context::Vote | Context::Ratings)
    }

    /// Where a key is looked up, in order: the context itself, then for panes the blind
    /// re-judging keys (while that is on) and the global keys.
    fn lookup_chain(self, blind: bool) -> Vec<Context> {
        match (self.falls_back_to_global(), blind) {
            (true, true) => vec![self, Context::Blind, Context::Global],
            (true, false) => vec![self, Context::Global],
            (false, _) => vec![self],
        }
    }
}

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

/// The default bindings: (context, command, keys).
const DEFAULTS: &[(Context, Command, &[&str])] = &[
    (Context::Global, Command::Quit, &["q", "ctrl-c"]),
    (Context::Global, Command::Help, &["?", "f1"]),
    (Context::Global, Command::EditQuery, &["/"]),
    (Context::Global, Command::FocusNext, &["tab"]),
    (Context::Global, Command::FocusPrev, &["shift-tab"]),
    (Context::Global, Command::NextMatch, &["n"]),
    (Context::Global, Command::PrevMatch, &["N"]),
    (Context::Global, Command::ModelPicker, &["m"]),
    (Context::Global, Command::RatingView, &["r"]),
    (Context::Global, Command::RatingMethod, &["e"]),
    (Context::Global, Command::RatingStyle, &["c"]),
    (Context::Global, Command::Blind, &["b"]),
    (Context::Global, Command::Theme, &["t"]),
    (Context::Global, Command::Problems, &["p"]),
    (Context::Global, Command::Flag, &["f"]),
    (Context::Global, Command::Unflag, &["F"]),
    (Context::Global, Command::NextFlagged, &["]"]),
    (Context::Global, Command::PrevFlagged, &["["]),
    (Context::Global, Command::Summary, &["v"]),
    (Context::Global, Command::Copy, &["y"]),
    (Context::Global, Command::Pager, &["O"]),
    (Context::Global, Command::Editor, &["E"]),
    (Context::Blind, Command::VoteA, &["1"]),
    (Context::Blind, Command::VoteB, &["2"]),
    (Context::Blind, Command::VoteTie, &["3"]),
    (Context::Blind, Command::VoteBothBad, &["4"]),
    (Context::Blind, Command::NextToJudge, &[">"]),
    (Context::Blind, Command::ClearVote, &["u"]),
    (Context::List, Command::Down, &["j", "down"]),
    (Context::List, Command::Up, &["k", "up"]),
    (Context::List, Command::PageDown, &["pagedown", "ctrl-d"]),
    (Context::List, Command::PageUp, &["pageup", "ctrl-u"]),
    (Context::List, Command::Top, &["g", "home"]),
    (Context::List, Command::Bottom, &["G", "end"]),
    (Context::List, Command::Open, &["enter", "l", "right"]),
    (Context::List, Command::Sort, &["s"]),
    (Context::List, Command::SortReverse, &["S"]),
    (Context::List, Command::ExportQuery, &["x"]),
    (Context::Transcript, Command::Down, &["j", "down"]),
    (Context::Transcript, Command::Up, &["k", "up"]),
    (Context::Transcript, Command::PageDown, &["pagedown", "space", "ctrl-d"]),
    (Context::Transcript, Command::PageUp, &["pageup", "ctrl-u"]),
    (Context::Transcript, Command::Top, &["g", "home"]),
    (Context::Transcript, Command::Bottom, &["G", "end"]),
    (Context::Transcript, Command::Sync, &["i"]),
    (Context::Transcript, Command::OtherColumn, &["o"]),
    (Context::Transcript, Command::Back, &["esc", "h", "left"]),
    (Context::Vote, Command::Down, &["j", "down"]),
    (Context::Vote, Command::Up, &["k", "up"]),
    (Context::Vote, Command::Top, &["g", "home"]),
    (Context::Vote, Command::Back, &["esc"]),
    (Context::Ratings, Command::Down, &["j", "down"]),
    (Context::Ratings, Command::Up, &["k", "up"]),
    (Context::Ratings, Command::Top, &["g", "home"]),
    (Context::Ratings, Command::Back, &["esc"]),
    (Context::Query, Command::Submit, &["enter"]),
    (Context::Query, Command::Back, &["esc"]),
    (Context::Query, Command::Down, &["down"]),
    (Context::Query, Command::Up, &["up"]),
    (Context::Query, Command::Quit, &["ctrl-c"]),
    (Context::Picker, Command::Down, &["down", "ctrl-n"]),
    (Context::Picker, Command::Up, &["up", "ctrl-p"]),
    (Context::Picker, Command::Mark, &["space", "tab"]),
    (Context::Picker, Command::Choose, &["enter"]),
    (Context::Picker, Command::Close, &["esc"]),
    (Context::Picker, Command::Quit, &["ctrl-c"]),
    (Context::Flag, Command::Down, &["j", "down"]),
    (Context::Flag, Command::Up, &["k", "up"]),
    (Context::Flag, Command::ToggleLabel, &["space", "enter"]),
    (Context::Flag, Command::SwitchField, &["tab", "shift-tab"]),
    (Context::Flag, Command::Save, &["ctrl-s"]),
    (Context::Flag, Command::Unflag, &["delete"]),
    (Context::Flag, Command::Close, &["esc"]),
    (Context::Flag, Command::Quit, &["ctrl-c"]),
    (Context::Note, Command::Save, &["ctrl-s"]),
    (Context::Note, Command::SwitchField, &["tab", "shift-tab", "esc"]),
    (Context::Note, Command::Quit, &["ctrl-c"]),
    (Context::Confirm, Command::Confirm, &["y", "enter"]),
    (Context::Confirm, Command::Close, &["n", "esc"]),
    (Context::Confirm, Command::Quit, &["ctrl-c"]),
    (Context::Summary, Command::Down, &["j", "down"]),
    (Context::Summary, Command::Up, &["k", "up"]),
    (Context::Summary, Command::PageDown, &["pagedown", "space"]),
    (Context::Summary, Command::PageUp, &["pageup"]),
    (Context::Summary, Command::Export, &["x"]),
    (Context::Summary, Command::Close, &["esc", "v", "q"]),
    (Context::Summary, Command::Quit, &["ctrl-c"]),
    (Context::Copy, Command::CopyId, &["i", "y"]),
    (Context::Copy, Command::CopyPrompt, &["p"]),
    (Context::Copy, Command::CopyAnswer, &["a"]),
    (Context::Copy, Command::CopyOtherAnswer, &["o"]),
    (Context::Copy, Command::CopyJson, &["j"]),
    (Context::Copy, Command::Close, &["esc", "q"]),
    (Context::Copy, Command::Quit, &["ctrl-c"]),
    (Context::Export, Command::Submit, &["enter"]),
    (Context::Export, Command::ExportComplete, &["tab"]),
    (Context::Export, Command::ExportPairs, &["ctrl-t"]),
    (Context::Export, Command::Close, &["esc"]),
    (Context::Export, Command::Quit, &["ctrl-c"]),
    (Context::Help, Command::Down, &["j", "down"]),
    (Context::Help, Command::Up, &["k", "up"]),
    (Context::Help, Command::PageDown, &["pagedown", "space"]),
    (Context::Help, Command::PageUp, &["pageup"]),
    (Context::Help, Command::Top, &["g", "home"]),
    (Context::Help, Command::Bottom, &["G", "end"]),
    (Context::Help, Command::Close, &["esc", "?", "q", "f1"]),
    (Context::Help, Command::Quit, &["ctrl-c"]),
    (Context::Problems, Command::Down, &["j", "down"]),
    (Context::Problems, Command::Up, &["k", "up"]),
    (Context::Problems, Command::PageDown, &["pagedown", "space"]),
    (Context::Problems, Command::PageUp, &["pageup"]),
    (Context::Problems, Command::Close, &["esc", "p", "q"]),
    (Context::Problems, Command::Quit, &["ctrl-c"]),
];

/// The hint of the flag dialog's key that removes a flag (left out on a battle without one).
pub const REMOVE_FLAG_HINT: &str = "remove flag";

/// The status-bar hints of each context: a label and the commands whose keys it shows.
const HINTS: &[(Context, &str, &[Command])] = &[
    (
        Context::Blind,
        "vote A/B/tie/both bad",
        &[Command::VoteA, Command::VoteB, Command::VoteTie, Command::VoteBothBad],
    ),
    (Context::Blind, "next", &[Command::NextToJudge]),
    (Context::Blind, "agreement", &[Command::Summary]),
    (Context::List, "move", &[Command::Down, Command::Up]),
    (Context::List, "open", &[Command::Open]),
    (Context::List, "export", &[Command::ExportQuery]),
    (Context::Transcript, "scroll", &[Command::Down, Command::Up]),
    (Context::Transcript, "match", &[Command::NextMatch, Command::PrevMatch]),
    (Context::Transcript, "sync", &[Command::Sync]),
    (Context::Transcript, "back", &[Command::Back]),
    (Context::Vote, "scroll", &[Command::Down, Command::Up]),
    (Context::Ratings, "scroll", &[Command::Down, Command::Up]),
    (Context::Ratings, "Elo/BT", &[Command::RatingMethod]),
    (Context::Ratings, "style", &[Command::RatingStyle]),
    (Context::Global, "query", &[Command::EditQuery]),
    (Context::Global, "help", &[Command::Help]),
    (Context::Global, "quit", &[Command::Quit]),
    (Context::Global, "flag", &[Command::Flag]),
    (Context::Global, "models", &[Command::ModelPicker]),
    (Context::Global, "ratings", &[Command::RatingView]),
    (Context::Global, "blind", &[Command::Blind]),
    (Context::Global, "pane", &[Command::FocusNext]),
    (Context::Global, "flagged", &[Command::NextFlagged, Command::PrevFlagged]),
    (Context::Global, "copy", &[Command::Copy]),
    (Context::Global, "pager", &[Command::Pager]),
    (Context::Query, "search", &[Command::Submit]),
    (Context::Query, "leave", &[Command::Back]),
    (Context::Query, "move", &[Command::Down, Command::Up]),
    (Context::Picker, "mark", &[Command::Mark]),
    (Context::Picker, "insert", &[Command::Choose]),
    (Context::Picker, "cancel", &[Command::Close]),
    (Context::Flag, "move", &[Command::Down, Command::Up]),
    (Context::Flag, "toggle", &[Command::ToggleLabel]),
    (Context::Flag, "note", &[Command::SwitchField]),
    (Context::Flag, "save", &[Command::Save]),
    (Context::Flag, "cancel", &[Command::Close]),
    (Context::Flag, REMOVE_FLAG_HINT, &[Command::Unflag]),
    (Context::Note, "save", &[Command::Save]),
    (Context::Note, "labels", &[Command::SwitchField]),
    (Context::Confirm, "yes", &[Command::Confirm]),
    (Context::Confirm, "no", &[Command::Close]),
    (Context::Summary, "scroll", &[Command::Down, Command::Up]),
    (Context::Summary, "export", &[Command::Export]),
    (Context::Summary, "close", &[Command::Close]),
    (Context::Copy, "id", &[Command::CopyId]),
    (Context::Copy, "prompt", &[Command::CopyPrompt]),
    (Context::Copy, "answer", &[Command::CopyAnswer]),
    (Context::Copy, "JSON", &[Command::CopyJson]),
    (Context::Copy, "cancel", &[Command::Close]),
    (Context::Export, "export", &[Command::Submit]),
    (Context::Export, "complete", &[Command::ExportComplete]),
    (Context::Export, "rows/pairs", &[Command::ExportPairs]),
    (Context::Export, "cancel", &[Command::Close]),
    (Context::Help, "scroll", &[Command::Down, Command::Up]),
    (Context::Help, "close", &[Command::Close]),
    (Context::Problems, "scroll", &[Command::Down, Command::Up]),
    (Context::Problems, "close", &[Command::Close]),
];

/// The bindings in force: for each context and command, its keys in order.
#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: BTreeMap<(Context, Command), Vec<Key>>,
}

impl Default for Keymap {
    fn default() -> Self {
        let mut bindings = BTreeMap::new();
        for &(ctx, cmd, keys) in DEFAULTS {
            let keys = keys.iter().filter_map(|k| Key::parse(k).ok()).collect();
            bindings.insert((ctx, cmd), keys);
        }
        Keymap { bindings }
    }
}

impl Keymap {
    /// Replaces the keys of one command in one context (from the config file).
    pub fn bind(&mut self, ctx: Context, cmd: Command, keys: Vec<Key>) {
        self.bindings.insert((ctx, cmd), keys);
    }

    /// The command a key runs in a context, falling back to the global keys in panes.
    pub fn command(&self, ctx: Context, key: Key) -> Option<Command> {
        self.command_in_mode(ctx, false, key)
    }

    /// [`Keymap::command`], with the blind re-judging keys in panes while `blind` is on.
    pub fn command_in_mode(&self, ctx: Context, blind: bool, key: Key) -> Option<Command> {
        ctx.lookup_chain(blind).into_iter().find_map(|c| {
            self.bindings.iter().find(|((bc, _), keys)| *bc == c && keys.contains(&key)).map(|((_, cmd), _)| *cmd)
        })
    }

    /// The keys of a command in a context (empty if unbound).
    pub fn keys(&self, ctx: Context, cmd: Command) -> &[Key] {
        self.bindings.get(&(ctx, cmd)).map_or(&[], Vec::as_slice)
    }

    /// Every binding of a context, in the order of the defaults table, for the help overlay.
    pub fn bindings_of(&self, ctx: Context) -> impl Iterator<Item = (Command, &[Key])> {
        let mut seen = Vec::new();
        DEFAULTS
            .iter()
            .filter(move |(c, _, _)| *c == ctx)
            .map(|(_, cmd, _)| *cmd)
            .chain(self.bindings.keys().filter(move |(c, _)| *c == ctx).map(|(_, cmd)| *cmd))
            .filter(move |cmd| {
                let new = !seen.contains(cmd);
                seen.push(*cmd);
                new
            })
            .map(move |cmd| (cmd, self.keys(ctx, cmd)))
            .filter(|(_, keys)| !keys.is_empty())
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
            for &(hc, label, cmds) in HINTS.iter().filter(|(hc, _, _)| *hc == c) {
                let keys: Vec<String> = cmds
                    .iter()
                    .filter_map(|&cmd| {
                        // A pane's hint may name a global command; a global hint is only
                        // true in a pane that does not rebind its key.
                        let own = self.keys(hc, cmd);
                        let keys = if own.is_empty() && hc.falls_back_to_global() {
                            self.keys(Context::Global, cmd)
                        } else {
                            own
                        };
                        let key = keys.first()?;
                        (self.command_in_mode(ctx, blind, *key) == Some(cmd)).then(|| key.to_string())
                    })
                    .collect();
                if !keys.is_empty() {
                    // Help and quit find everything else; in blind re-judging, the votes.
                    let essential = cmds.iter().any(|c| matches!(c, Command::Help | Command::Quit | Command::VoteA));
                    out.push((keys.join("/"), label, essential));
                }
            }
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
        for &(_, cmd, keys) in DEFAULTS {
            assert_eq!(Command::from_name(cmd.name()), Some(cmd));
            assert!(!cmd.description().is_empty());
            for k in keys {
                assert!(Key::parse(k).is_ok(), "{k}");
            }
        }
    }
}
