//! Text cut to a number of terminal columns, the same way in both faces: a model name cut in
//! the CLI's table reads like the same name cut in the browser.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Cuts `s` to at most `width` display columns, ending with `…` when cut (nothing at all for
/// a width of 0).
pub(crate) fn truncate(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_by_display_width() {
        assert_eq!(truncate("claude-instant-v1", 8), "claude-…");
        assert_eq!(truncate("并行编程", 5), "并行…");
        assert_eq!(truncate("gpt-4", 8), "gpt-4");
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("中文中文", 5), "中文…");
        assert_eq!(truncate("abc", 3), "abc");
        assert_eq!(truncate("abc", 0), "");
    }
}
