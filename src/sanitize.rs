//! Every string from the dataset passes through here before a terminal or stdout sees it.
//! Control characters (C0, DEL, C1), bidi overrides and line/paragraph separators become
//! visible placeholders, so no data can move the cursor, set the title or write the clipboard.

use std::borrow::Cow;

/// The placeholder shown for `c`, or `None` if `c` is safe to print.
#[inline]
pub fn placeholder(c: char) -> Option<char> {
    match c {
        // C0 controls: the Unicode "control pictures" block (ESC shows as ␛).
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32),
        '\u{7f}' => Some('␡'),
        // C1 controls (CSI 0x9B, OSC 0x9D, ... act like ESC sequences on some terminals).
        '\u{80}'..='\u{9f}' => Some('¤'),
        // Bidi embeddings, overrides and isolates: they reorder what follows.
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => Some('⁇'),
        '\u{2028}' | '\u{2029}' => Some('↵'),
        _ => None,
    }
}

fn needs_work(s: &str, keep_layout: bool) -> bool {
    s.chars().any(|c| match c {
        '\n' | '\t' if keep_layout => false,
        c => placeholder(c).is_some(),
    })
}

/// For one-line output (tables, names, status bars): newlines and tabs are shown as ␊ and ␉.
pub fn sanitize_line(s: &str) -> Cow<'_, str> {
    sanitize(s, false)
}

/// For multi-line text that the caller lays out itself: `\n` and `\t` are kept.
pub fn sanitize_text(s: &str) -> Cow<'_, str> {
    sanitize(s, true)
}

fn sanitize(s: &str, keep_layout: bool) -> Cow<'_, str> {
    if !needs_work(s, keep_layout) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| match c {
                '\n' | '\t' if keep_layout => c,
                c => placeholder(c).unwrap_or(c),
            })
            .collect(),
    )
}

/// For text the caller wraps itself, one character at a time: each character's byte offset
/// in `s` (so search matches still line up) and the character to show. `\n` and `\t` are kept
/// for the layout; a `\r` just before `\n` is dropped (Windows line ends are not content);
/// everything unsafe becomes its placeholder, with `true` to say so (callers style those).
pub fn layout_chars(s: &str) -> impl Iterator<Item = (usize, char, bool)> + '_ {
    let bytes = s.as_bytes();
    s.char_indices().filter_map(move |(i, c)| match c {
        '\r' if bytes.get(i + 1) == Some(&b'\n') => None,
        '\n' | '\t' => Some((i, c, false)),
        c => Some(match placeholder(c) {
            Some(p) => (i, p, true),
            None => (i, c, false),
        }),
    })
}

/// One line for a table cell: sanitised, newlines shown as spaces, cut to `max_chars`.
pub fn preview(s: &str, max_chars: usize) -> String {
    let mut out = String::new();
    for (count, c) in s.chars().enumerate() {
        if count == max_chars {
            out.push('…');
            break;
        }
        out.push(match c {
            '\n' | '\r' | '\t' => ' ',
            c => placeholder(c).unwrap_or(c),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_become_inert() {
        let hostile = "a\u{1b}]0;title\u{7}b\u{1b}[2Jc\u{9b}31m\u{202e}x\u{7f}";
        let clean = sanitize_line(hostile);
        assert!(!clean.chars().any(|c| c.is_control()), "{clean:?}");
        assert!(!clean.contains('\u{202e}'));
        assert_eq!(clean, "a␛]0;title␇b␛[2Jc¤31m⁇x␡");
    }

    #[test]
    fn layout_mode_keeps_newlines_and_tabs_only() {
        assert_eq!(sanitize_text("a\nb\tc\rd"), "a\nb\tc␍d");
        assert!(matches!(sanitize_text("plain\ntext"), Cow::Borrowed(_)));
        assert_eq!(sanitize_line("a\nb"), "a␊b");
    }

    #[test]
    fn layout_chars_keep_offsets_and_layout() {
        let got: Vec<_> = layout_chars("a\r\n\u{1b}[\tb\r").collect();
        assert_eq!(
            got,
            [
                (0, 'a', false),
                (2, '\n', false),
                (3, '␛', true),
                (4, '[', false),
                (5, '\t', false),
                (6, 'b', false),
                (7, '␍', true)
            ]
        );
        let hostile = "x\u{1b}]52;c;aGk=\u{7}\u{9b}2J\u{202e}";
        assert!(layout_chars(hostile).all(|(_, c, _)| !c.is_control() && c != '\u{202e}'));
    }

    #[test]
    fn preview_cuts_by_characters() {
        assert_eq!(preview("héllo\nwörld", 7), "héllo w…");
        assert_eq!(preview("short", 60), "short");
    }
}

/// JSON whose strings cannot drive a terminal: every character [`placeholder`] would replace
/// is written as a `\uXXXX` escape, so the value stays exactly the same.
pub fn terminal_safe_json<T: serde::Serialize + ?Sized>(value: &T, pretty: bool) -> String {
    let mut out = Vec::new();
    let result = if pretty {
        let formatter = TerminalSafe(serde_json::ser::PrettyFormatter::new());
        value.serialize(&mut serde_json::Serializer::with_formatter(&mut out, formatter))
    } else {
        value.serialize(&mut serde_json::Serializer::with_formatter(
            &mut out,
            TerminalSafe(serde_json::ser::CompactFormatter),
        ))
    };
    // Serialising our own types into memory cannot fail, and the escapes keep it UTF-8.
    debug_assert!(result.is_ok());
    String::from_utf8(out).unwrap_or_default()
}

/// Wraps a serde_json formatter, escaping terminal controls inside strings.
struct TerminalSafe<F>(F);

impl<F: serde_json::ser::Formatter> serde_json::ser::Formatter for TerminalSafe<F> {
    fn write_string_fragment<W: ?Sized + std::io::Write>(&mut self, w: &mut W, fragment: &str) -> std::io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if placeholder(c).is_some() {
                w.write_all(&fragment.as_bytes()[start..i])?;
                // Every such character is in the Basic Multilingual Plane: one escape suffices.
                write!(w, "\\u{:04x}", c as u32)?;
                start = i + c.len_utf8();
            }
        }
        w.write_all(&fragment.as_bytes()[start..])
    }

    // Pretty-printing state lives in the wrapped formatter.
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + std::io::Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_value(w)
    }
}

#[cfg(test)]
mod json_tests {
    use super::*;

    #[test]
    fn json_escapes_what_a_terminal_would_act_on_and_keeps_the_value() {
        let v = "a\u{1b}]0;x\u{7}b\u{9b}c\u{202e}d\u{7f}é";
        let s = terminal_safe_json(v, false);
        assert_eq!(s, "\"a\\u001b]0;x\\u0007b\\u009bc\\u202ed\\u007fé\"");
        assert_eq!(serde_json::from_str::<String>(&s).expect("valid json"), v);
        let pretty = terminal_safe_json(&serde_json::json!({"k": [v]}), true);
        assert!(pretty.contains("\n  \"k\": [\n"), "{pretty}");
        assert!(!pretty.chars().any(|c| c != '\n' && placeholder(c).is_some()));
    }
}
