//! Style counts from answer text by FastChat's rules (`add_markdown_info.py`), for releases
//! whose files carry no `conv_metadata`: fenced code removed first, then headers h1..h6,
//! ordered and unordered list items and bold spans counted; tokens estimated as
//! `ceil(characters / 4)` per message (the files' own counts come from a real tokenizer).

use std::sync::LazyLock;

use regex::Regex;

use crate::model::{ConvMeta, StyleCounts};

struct Patterns {
    code: Regex,
    headers: [Regex; 6],
    ordered: Regex,
    unordered: Regex,
    bold_stars: Regex,
    bold_underscores: Regex,
}

static PATTERNS: LazyLock<Patterns> = LazyLock::new(|| {
    let re = |p: &str| Regex::new(p).expect("a fixed pattern compiles");
    Patterns {
        code: re(r"```([^`]*)```"),
        headers: std::array::from_fn(|i| re(&format!(r"(?m)^#{{{}}}\s", i + 1))),
        ordered: re(r"(?m)^\s*\d+\.\s"),
        unordered: re(r"(?m)^\s*[-*+]\s"),
        bold_stars: re(r"\*\*[^*\n]+\*\*"),
        bold_underscores: re(r"__[^_\n]+__"),
    }
});

/// Estimated tokens of one message: `ceil(chars / 4)`.
pub fn estimate_tokens(text: &str) -> u32 {
    let chars = text.chars().count();
    chars.div_ceil(4).min(u32::MAX as usize) as u32
}

/// The markdown counts of one side's answers, joined by newlines as FastChat joins them.
/// `tokens` is the sum of each answer's estimate.
pub fn style_counts<'a>(answers: impl IntoIterator<Item = &'a str>) -> StyleCounts {
    let mut joined = String::new();
    let mut tokens = 0u32;
    for (i, answer) in answers.into_iter().enumerate() {
        if i > 0 {
            joined.push('\n');
        }
        joined.push_str(answer);
        tokens = tokens.saturating_add(estimate_tokens(answer));
    }
    let mut counts = markdown_counts(&joined);
    counts.tokens = tokens;
    counts
}

/// Headers, lists and bold of one text (tokens left at 0).
pub fn markdown_counts(text: &str) -> StyleCounts {
    let p = &*PATTERNS;
    // FastChat removes each fenced block's inner text wherever that text occurs (its
    // `str.replace`), leaving the fences; do the same so counts agree with the files'.
    let mut owned;
    let mut t = text;
    if text.contains("```") {
        let blocks: Vec<String> =
            p.code.captures_iter(text).filter_map(|c| c.get(1)).map(|m| m.as_str().to_owned()).collect();
        owned = text.to_owned();
        for block in blocks.iter().filter(|b| !b.is_empty()) {
            owned = owned.replace(block.as_str(), "");
        }
        t = &owned;
    }
    let count = |re: &Regex| re.find_iter(t).count().min(u32::MAX as usize) as u32;
    let mut c = StyleCounts::default();
    if t.contains('#') {
        for (i, re) in p.headers.iter().enumerate() {
            c.headers[i] = count(re);
        }
    }
    if t.contains('.') {
        c.ordered = count(&p.ordered);
    }
    if t.contains(['-', '*', '+']) {
        c.unordered = count(&p.unordered);
    }
    if t.contains("**") {
        c.bold += count(&p.bold_stars);
    }
    if t.contains("__") {
        c.bold += count(&p.bold_underscores);
    }
    c
}

/// `conv_metadata` computed from the text: each side's answers, and the user turns (of side A).
pub fn conv_meta<'a>(
    answers_a: impl IntoIterator<Item = &'a str>,
    answers_b: impl IntoIterator<Item = &'a str>,
    user_turns: impl IntoIterator<Item = &'a str>,
) -> ConvMeta {
    let mut turns = 0u32;
    let mut user_tokens = 0u32;
    for u in user_turns {
        turns += 1;
        user_tokens = user_tokens.saturating_add(estimate_tokens(u));
    }
    ConvMeta { a: style_counts(answers_a), b: style_counts(answers_b), user_tokens, turns, computed: true }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_count_by_exact_level() {
        let c = markdown_counts("# One\n## Two\n### Three\n#### Four\n##### Five\n###### Six\n####### seven\n#none");
        assert_eq!(c.headers, [1, 1, 1, 1, 1, 1]);
    }

    #[test]
    fn lists_and_bold() {
        let c =
            markdown_counts("Intro\n1. first\n  2. second\n- a\n* b\n+ c\n-not\n**bold** and __also__ and **x\ny**");
        assert_eq!((c.ordered, c.unordered, c.bold), (2, 3, 2));
    }

    #[test]
    fn fenced_code_is_not_counted() {
        let c = markdown_counts("```python\n# comment\n- x\n**y**\n```\n# Real header");
        assert_eq!(c.header_total(), 1);
        assert_eq!((c.unordered, c.bold), (0, 0));
    }

    #[test]
    fn tokens_are_a_quarter_of_the_characters_rounded_up() {
        assert_eq!(estimate_tokens(""), 0);
        assert_eq!(estimate_tokens("abcde"), 2);
        assert_eq!(estimate_tokens("ééé"), 1);
        let s = style_counts(["abcd", "abcde"]);
        assert_eq!(s.tokens, 3);
    }

    #[test]
    fn conv_meta_counts_turns_and_user_tokens() {
        let m = conv_meta(["# A"], ["plain"], ["hello world!", "more"]);
        assert_eq!((m.turns, m.user_tokens, m.a.headers[0], m.b.header_total()), (2, 4, 1, 0));
        assert!(m.computed);
    }
}
