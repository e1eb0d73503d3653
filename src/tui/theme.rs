//! Colours and text styles in one place: a dark and a light theme built from the 16 ANSI
//! colours (so they work on any colour terminal), and a colourless variant for `NO_COLOR` that
//! keeps every distinction with bold, underline and reverse video.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThemeName {
    #[default]
    Dark,
    Light,
}

impl ThemeName {
    pub fn from_name(s: &str) -> Option<ThemeName> {
        match s.to_ascii_lowercase().as_str() {
            "dark" => Some(ThemeName::Dark),
            "light" => Some(ThemeName::Light),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            ThemeName::Dark => "dark",
            ThemeName::Light => "light",
        }
    }

    pub fn other(self) -> ThemeName {
        match self {
            ThemeName::Dark => ThemeName::Light,
            ThemeName::Light => ThemeName::Dark,
        }
    }
}

/// Every style the panes use.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub name: ThemeName,
    pub no_color: bool,
    pub text: Style,
    pub dim: Style,
    pub border: Style,
    pub border_focused: Style,
    pub title: Style,
    pub header: Style,
    pub selected: Style,
    pub selected_unfocused: Style,
    pub winner: Style,
    pub tie: Style,
    pub both_bad: Style,
    pub warning: Style,
    pub error: Style,
    pub ok: Style,
    pub matched: Style,
    pub current_match: Style,
    pub code: Style,
    pub fence: Style,
    pub heading: Style,
    pub list_marker: Style,
    pub placeholder: Style,
    pub user: Style,
    pub model: Style,
    pub bar: Style,
    pub key: Style,
    pub status: Style,
    pub highlight_model: Style,
    pub up: Style,
    pub down: Style,
    pub cursor: Style,
}

impl Theme {
    /// The theme to use: `no_color` comes from the `NO_COLOR` environment variable.
    pub fn new(name: ThemeName, no_color: bool) -> Theme {
        let t = match name {
            ThemeName::Dark => Theme::dark(),
            ThemeName::Light => Theme::light(),
        };
        if no_color { t.without_colour() } else { t }
    }

    /// True when `NO_COLOR` is set to anything non-empty (https://no-color.org).
    pub fn no_color_from_env() -> bool {
        std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
    }

    fn dark() -> Theme {
        let fg = |c: Color| Style::new().fg(c);
        Theme {
            name: ThemeName::Dark,
            no_color: false,
            text: Style::new(),
            dim: fg(Color::DarkGray),
            border: fg(Color::DarkGray),
            border_focused: fg(Color::Cyan),
            title: Style::new().add_modifier(Modifier::BOLD),
            header: fg(Color::Gray).add_modifier(Modifier::BOLD),
            selected: Style::new().fg(Color::Black).bg(Color::Cyan),
            selected_unfocused: Style::new().add_modifier(Modifier::REVERSED),
            winner: fg(Color::LightGreen).add_modifier(Modifier::BOLD),
            tie: fg(Color::LightBlue).add_modifier(Modifier::BOLD),
            both_bad: fg(Color::LightMagenta).add_modifier(Modifier::BOLD),
            warning: fg(Color::LightRed).add_modifier(Modifier::BOLD),
            error: fg(Color::LightRed),
            ok: fg(Color::Green),
            matched: Style::new().fg(Color::Black).bg(Color::Yellow),
            current_match: Style::new().fg(Color::Black).bg(Color::LightMagenta).add_modifier(Modifier::BOLD),
            code: fg(Color::LightCyan),
            fence: fg(Color::DarkGray),
            heading: fg(Color::LightYellow).add_modifier(Modifier::BOLD),
            list_marker: fg(Color::Yellow),
            placeholder: fg(Color::LightRed).add_modifier(Modifier::REVERSED),
            user: fg(Color::LightMagenta).add_modifier(Modifier::BOLD),
            model: fg(Color::White).add_modifier(Modifier::BOLD),
            bar: fg(Color::Cyan),
            key: fg(Color::Cyan).add_modifier(Modifier::BOLD),
            status: Style::new(),
            highlight_model: Style::new().fg(Color::White).bg(Color::Blue).add_modifier(Modifier::BOLD),
            up: fg(Color::LightGreen),
            down: fg(Color::LightRed),
            cursor: Style::new().add_modifier(Modifier::REVERSED),
        }
    }

    fn light() -> Theme {
        let fg = |c: Color| Style::new().fg(c);
        Theme {
            name: ThemeName::Light,
            dim: fg(Color::DarkGray),
            border: fg(Color::Gray),
            border_focused: fg(Color::Blue),
            header: fg(Color::Black).add_modifier(Modifier::BOLD),
            selected: Style::new().fg(Color::White).bg(Color::Blue),
            winner: fg(Color::Green).add_modifier(Modifier::BOLD),
            tie: fg(Color::Blue).add_modifier(Modifier::BOLD),
            both_bad: fg(Color::Magenta).add_modifier(Modifier::BOLD),
            warning: fg(Color::Red).add_modifier(Modifier::BOLD),
            error: fg(Color::Red),
            ok: fg(Color::Green),
            matched: Style::new().fg(Color::Black).bg(Color::LightYellow),
            current_match: Style::new().fg(Color::White).bg(Color::Magenta).add_modifier(Modifier::BOLD),
            code: fg(Color::Blue),
            fence: fg(Color::Gray),
            heading: fg(Color::Magenta).add_modifier(Modifier::BOLD),
            list_marker: fg(Color::Red),
            placeholder: fg(Color::Red).add_modifier(Modifier::REVERSED),
            user: fg(Color::Magenta).add_modifier(Modifier::BOLD),
            model: fg(Color::Black).add_modifier(Modifier::BOLD),
            bar: fg(Color::Blue),
            key: fg(Color::Blue).add_modifier(Modifier::BOLD),
            highlight_model: Style::new().fg(Color::Black).bg(Color::LightCyan).add_modifier(Modifier::BOLD),
            up: fg(Color::Green),
            down: fg(Color::Red),
            ..Theme::dark()
        }
    }

    /// The same distinctions without any colour.
    fn without_colour(self) -> Theme {
        let plain = |s: Style| Style { fg: None, bg: None, underline_color: None, ..s };
        let m = |modifier: Modifier| Style::new().add_modifier(modifier);
        Theme {
            name: self.name,
            no_color: true,
            text: plain(self.text),
            dim: m(Modifier::DIM),
            border: Style::new(),
            border_focused: m(Modifier::BOLD),
            title: plain(self.title),
            header: m(Modifier::BOLD | Modifier::UNDERLINED),
            selected: m(Modifier::REVERSED),
            selected_unfocused: m(Modifier::UNDERLINED),
            winner: m(Modifier::BOLD),
            tie: m(Modifier::BOLD),
            both_bad: m(Modifier::BOLD | Modifier::ITALIC),
            warning: m(Modifier::BOLD | Modifier::UNDERLINED),
            error: m(Modifier::BOLD),
            ok: Style::new(),
            matched: m(Modifier::REVERSED),
            current_match: m(Modifier::REVERSED | Modifier::BOLD | Modifier::UNDERLINED),
            code: Style::new(),
            fence: m(Modifier::DIM),
            heading: m(Modifier::BOLD),
            list_marker: m(Modifier::BOLD),
            placeholder: m(Modifier::REVERSED),
            user: m(Modifier::BOLD),
            model: m(Modifier::BOLD),
            bar: Style::new(),
            key: m(Modifier::BOLD),
            status: Style::new(),
            highlight_model: m(Modifier::REVERSED),
            up: Style::new(),
            down: Style::new(),
            cursor: m(Modifier::REVERSED),
        }
    }

    /// The cell style of a win fraction in the heat map (0 = always lost, 1 = always won):
    /// five steps of the 16-colour palette, blue through red.
    pub fn heat(&self, fraction: f64) -> Style {
        if self.no_color {
            return Style::new();
        }
        let (bg, fg) = match fraction {
            f if f < 0.2 => (Color::Blue, Color::White),
            f if f < 0.4 => (Color::LightBlue, Color::Black),
            f if f <= 0.6 => (Color::Gray, Color::Black),
            f if f <= 0.8 => (Color::LightRed, Color::Black),
            _ => (Color::Red, Color::White),
        };
        Style::new().bg(bg).fg(fg)
    }
}

/// The shade character of a win fraction, so the heat map reads without colour too.
pub(super) fn heat_glyph(fraction: f64) -> char {
    match fraction {
        f if f < 0.2 => ' ',
        f if f < 0.4 => '░',
        f if f <= 0.6 => '▒',
        f if f <= 0.8 => '▓',
        _ => '█',
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_theme_has_no_colours_but_keeps_distinctions() {
        let t = Theme::new(ThemeName::Dark, true);
        for s in [t.winner, t.warning, t.matched, t.current_match, t.selected, t.heat(0.9)] {
            assert_eq!((s.fg, s.bg), (None, None));
        }
        assert_ne!(t.matched, t.current_match);
        for name in [ThemeName::Dark, ThemeName::Light] {
            let t = Theme::new(name, false);
            let backgrounds = [t.matched.bg, t.current_match.bg, t.selected.bg, t.highlight_model.bg];
            for (i, a) in backgrounds.iter().enumerate() {
                assert!(backgrounds[i + 1..].iter().all(|b| b != a), "{name:?}: two highlights look alike");
            }
        }
        assert_ne!(t.selected, t.text);
    }

    #[test]
    fn themes_use_only_the_16_ansi_colours() {
        for name in [ThemeName::Dark, ThemeName::Light] {
            let t = Theme::new(name, false);
            let styles = [t.text, t.dim, t.selected, t.winner, t.matched, t.current_match, t.heat(0.1), t.heat(0.95)];
            for s in styles {
                for c in [s.fg, s.bg].into_iter().flatten() {
                    assert!(!matches!(c, Color::Rgb(..) | Color::Indexed(_)), "{c:?}");
                }
            }
        }
    }
}
