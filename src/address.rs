//! A battle's address as text: `question_id` for the first row with that id, `question_id#N`
//! for its N-th row. One address per battle and one battle per address, for every possible
//! question_id; used by `search --ids`, `review --id`, the review journal and exports.
//!
//! **Escapes.** In the question_id part `\` is written `\\`, `#` is written `\#`, and
//! whitespace and control characters are written `\u{HEX}`, so the one unescaped `#` is the
//! separator and an address is one word (it survives `--ids-from`, which takes the first
//! word of a line). An empty question_id is `#1`. Ids without these characters (every id of
//! the Arena releases) are written exactly as before.
//!
//! **Addresses written before the escapes** (journals, exports, scripts) keep the meaning they
//! were read with: `X#N` was always read as "the N-th row with id X" (split at the last `#`),
//! and still is, `#`s inside X included. A flag that an older version wrote for a row whose own
//! id was `X#N` could not be told apart from one for the N-th row of `X` (it was already read
//! back as the latter): that ambiguity is what the escapes end. An old address with a `#` not
//! followed by a number (older versions wrote it, then could not read it back) now names the id
//! with that `#` in it. Only ids holding the sequences `\\`, `\#` or `\u{` (none in any
//! release) read differently than before.

/// The address of the `occurrence`-th row (0: the first) with id `question_id`.
pub fn format(question_id: &str, occurrence: u32) -> String {
    let mut out = escape(question_id);
    if occurrence > 0 || question_id.is_empty() {
        out.push('#');
        out.push_str(&(u64::from(occurrence) + 1).to_string());
    }
    out
}

/// `question_id` with `\`, `#`, whitespace and control characters escaped.
fn escape(question_id: &str) -> String {
    let plain = |c: char| c != '\\' && c != '#' && !c.is_whitespace() && !c.is_control();
    if question_id.chars().all(plain) {
        return question_id.to_owned();
    }
    let mut out = String::with_capacity(question_id.len() + 8);
    for c in question_id.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '#' => out.push_str("\\#"),
            c if plain(c) => out.push(c),
            c => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
        }
    }
    out
}

/// The question_id and occurrence (0: the first row) an address names; `None` for an empty
/// address or a bad N (`x#0`, `x#99999999999`). Surrounding whitespace is ignored.
pub fn parse(address: &str) -> Option<(String, u32)> {
    parse_with(address, false)
}

/// [`parse`], but an unescaped `#` not followed by a number is refused rather than read as
/// part of the id: for the query language, where `id:abc#x` is more likely a typo.
pub fn parse_strict(address: &str) -> Option<(String, u32)> {
    parse_with(address, true)
}

fn parse_with(address: &str, strict: bool) -> Option<(String, u32)> {
    let s = address.trim();
    if s.is_empty() {
        return None;
    }
    // The last unescaped `#` separates the occurrence, if digits follow it.
    let bytes = s.as_bytes();
    let mut last_sep = None;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if i + 1 < bytes.len() && matches!(bytes[i + 1], b'\\' | b'#') => i += 2,
            b'#' => {
                last_sep = Some(i);
                i += 1;
            }
            _ => i += 1,
        }
    }
    let (id_part, occurrence) = match last_sep {
        Some(at) if !s[at + 1..].is_empty() && s[at + 1..].bytes().all(|b| b.is_ascii_digit()) => {
            let n: u32 = s[at + 1..].parse().ok().filter(|&n| n >= 1)?;
            (&s[..at], n - 1)
        }
        Some(_) if strict => return None,
        _ => (s, 0),
    };
    if id_part.is_empty() && last_sep.is_none() {
        return None;
    }
    Some((unescape(id_part), occurrence))
}

/// Undoes [`escape`]; a backslash that starts no escape is a backslash, and an unescaped `#`
/// (an address from before the escapes) is a `#`.
fn unescape(s: &str) -> String {
    if !s.contains('\\') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let tail = &rest[at + 1..];
        if let Some(t) = tail.strip_prefix('\\') {
            out.push('\\');
            rest = t;
        } else if let Some(t) = tail.strip_prefix('#') {
            out.push('#');
            rest = t;
        } else if let Some((c, t)) = unicode_escape(tail) {
            out.push(c);
            rest = t;
        } else {
            out.push('\\');
            rest = tail;
        }
    }
    out.push_str(rest);
    out
}

/// `u{HEX}` at the start of `s`: the character and what follows it.
fn unicode_escape(s: &str) -> Option<(char, &str)> {
    let body = s.strip_prefix("u{")?;
    let end = body.find('}')?;
    let hex = &body[..end];
    if hex.is_empty() || hex.len() > 6 {
        return None;
    }
    let c = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
    Some((c, &body[end + 1..]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn plain_ids_are_written_as_before() {
        assert_eq!(format("0001aaaa", 0), "0001aaaa");
        assert_eq!(format("0001aaaa", 1), "0001aaaa#2");
        assert_eq!(parse("0001aaaa#2"), Some(("0001aaaa".into(), 1)));
        assert_eq!(parse(" x#3 \n"), Some(("x".into(), 2)));
        assert_eq!(parse("x#1"), Some(("x".into(), 0)));
        assert_eq!(parse("x#0"), None);
        assert_eq!(parse("x#99999999999"), None);
        assert_eq!(parse(""), None);
        assert_eq!(parse("  "), None);
    }

    #[test]
    fn ids_with_the_separator_cannot_collide() {
        // `q1` twice and a literal `q1#2`: three battles, three addresses.
        let a = [format("q1", 0), format("q1", 1), format("q1#2", 0)];
        assert_eq!(a, ["q1", "q1#2", "q1\\#2"]);
        assert_eq!(parse("q1\\#2"), Some(("q1#2".into(), 0)));
        assert_eq!(parse("q1\\#2#3"), Some(("q1#2".into(), 2)));
        assert_eq!(format("a\\b #c\t", 0), "a\\\\b\\u{20}\\#c\\u{9}");
        assert_eq!(format("", 0), "#1");
        assert_eq!(format("", 2), "#3");
        assert_eq!(parse("#1"), Some((String::new(), 0)));
        assert_eq!(parse("#"), Some(("#".into(), 0)), "a lone # is the id '#'");
    }

    #[test]
    fn addresses_from_before_the_escapes_keep_their_meaning() {
        // Older versions split at the last `#`.
        assert_eq!(parse("a#b#2"), Some(("a#b".into(), 1)));
        // They wrote, but could not read, `a#b`: now it is that id.
        assert_eq!(parse("a#b"), Some(("a#b".into(), 0)));
        // A backslash that starts no escape (a Windows-style id) is itself.
        assert_eq!(parse("dir\\file#2"), Some(("dir\\file".into(), 1)));
        assert_eq!(parse("a\\u{zz}"), Some(("a\\u{zz}".into(), 0)));
        assert_eq!(parse_strict("a#b"), None);
        assert_eq!(parse_strict("a\\#b"), Some(("a#b".into(), 0)));
        assert_eq!(parse_strict("a#b#2"), Some(("a#b".into(), 1)));
    }

    proptest! {
        #[test]
        fn every_id_round_trips(id in "\\PC*|[#\\\\ a1u{}]*", occurrence in 0u32..u32::MAX) {
            let text = format(&id, occurrence);
            prop_assert_eq!(parse(&text), Some((id.clone(), occurrence)));
            prop_assert!(!text.chars().any(|c| c.is_whitespace() || c.is_control()), "{:?}", text);
        }

        #[test]
        fn distinct_battles_have_distinct_addresses(
            a in "[#\\\\a1]{0,6}", b in "[#\\\\a1]{0,6}", m in 0u32..4, n in 0u32..4
        ) {
            if (a.as_str(), m) != (b.as_str(), n) {
                prop_assert_ne!(format(&a, m), format(&b, n));
            }
        }
    }
}
