//! Case folding that keeps every byte offset: each character is replaced by its lower-case
//! form only when that form is a single character of the same UTF-8 length. Search runs over
//! folded text, so a match's byte range is valid in the original text too.

/// Folds one character, or returns it unchanged when folding would change its byte length.
#[inline]
pub fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    // Scripts without case (CJK, kana, hangul) are the bulk of non-ASCII text: skip the lookup.
    if ('\u{3000}'..='\u{D7FF}').contains(&c) {
        return c;
    }
    if c == 'ς' {
        return 'σ';
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
        _ => c,
    }
}

/// Folds `src` into `dst`, which must have exactly `src.len()` bytes.
pub fn fold_into(src: &str, dst: &mut [u8]) {
    debug_assert_eq!(src.len(), dst.len());
    let bytes = src.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Most text is ASCII: fold it a block at a time, in a loop the compiler vectorises.
        while let (Some(block), Some(out)) = (bytes.get(i..i + 16), dst.get_mut(i..i + 16)) {
            if block.iter().fold(0, |acc, b| acc | b) >= 0x80 {
                break;
            }
            for (o, b) in out.iter_mut().zip(block) {
                *o = b.to_ascii_lowercase();
            }
            i += 16;
        }
        if i >= bytes.len() {
            break;
        }
        let b = bytes[i];
        if b < 0x80 {
            dst[i] = b.to_ascii_lowercase();
            i += 1;
            continue;
        }
        // `i` is on a char boundary: every step advances by a whole character.
        let c = src[i..].chars().next().unwrap_or('\u{FFFD}');
        let n = c.len_utf8();
        let f = fold_char(c);
        f.encode_utf8(&mut dst[i..i + n]);
        i += n;
    }
}

/// Folds a whole string (used for needles).
pub fn fold_str(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_unicode_case_without_moving_bytes() {
        for (a, b) in [
            ("ÄÖÜ Straße", "äöü straße"),
            ("ΣΊΣΥΦΟΣ ς", "σίσυφοσ σ"),
            ("ПРИВЕТ Мир", "привет мир"),
            ("中文 ABC", "中文 abc"),
        ] {
            let folded = fold_str(a);
            assert_eq!(folded, b);
            assert_eq!(folded.len(), a.len());
            let mut dst = vec![0; a.len()];
            fold_into(a, &mut dst);
            assert_eq!(dst, b.as_bytes());
        }
    }

    #[test]
    fn length_changing_folds_are_left_alone() {
        // U+0130 lower-cases to two characters; the Kelvin sign to a 1-byte 'k'.
        assert_eq!(fold_str("İ\u{212A}"), "İ\u{212A}");
    }
}
