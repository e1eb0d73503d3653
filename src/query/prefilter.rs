//! Literals that every match of a regex must contain, in folded form: the text scan looks
//! for them with memmem (fast) and runs the regex only on battles that contain one.

use regex_syntax::hir::{Class, Hir, HirKind};

use crate::index::fold::{fold_char, fold_str};

/// Shorter literals filter too little to be worth a pass of their own.
const MIN_LITERAL_BYTES: usize = 3;
/// Alternations with more branches than this are not worth a literal pass each.
const MAX_LITERALS: usize = 8;

/// Folded strings such that any match of `pattern` (compiled case-insensitively, as the
/// search does) contains at least one of them; `None` when no useful set exists.
pub fn required_literals(pattern: &str) -> Option<Vec<String>> {
    let hir = regex_syntax::ParserBuilder::new().case_insensitive(true).build().parse(pattern).ok()?;
    let set = required(&hir)?;
    let shortest = set.iter().map(String::len).min()?;
    (shortest >= MIN_LITERAL_BYTES && set.len() <= MAX_LITERALS).then_some(set)
}

/// A set of folded strings, one of which every match contains.
fn required(hir: &Hir) -> Option<Vec<String>> {
    match hir.kind() {
        HirKind::Literal(_) | HirKind::Class(_) => exact(hir).map(|s| vec![s]),
        HirKind::Capture(c) => required(&c.sub),
        HirKind::Repetition(r) if r.min >= 1 => required(&r.sub),
        HirKind::Concat(items) => {
            // Consecutive exact items form one literal; every item is required, so the best
            // (longest shortest member) of the candidates found is too.
            let mut candidates: Vec<Vec<String>> = Vec::new();
            let mut run = String::new();
            for item in items {
                match exact(item) {
                    Some(s) => run.push_str(&s),
                    None => {
                        if !run.is_empty() {
                            candidates.push(vec![std::mem::take(&mut run)]);
                        }
                        candidates.extend(required(item));
                    }
                }
            }
            if !run.is_empty() {
                candidates.push(vec![run]);
            }
            candidates.into_iter().max_by_key(|set| set.iter().map(String::len).min().unwrap_or(0))
        }
        HirKind::Alternation(branches) => {
            let mut all = Vec::new();
            for b in branches {
                all.extend(required(b)?);
                if all.len() > MAX_LITERALS {
                    return None;
                }
            }
            Some(all)
        }
        _ => None,
    }
}

/// The folded text that `hir` matches when it matches exactly one string up to case.
fn exact(hir: &Hir) -> Option<String> {
    match hir.kind() {
        HirKind::Literal(lit) => std::str::from_utf8(&lit.0).ok().map(fold_str),
        HirKind::Class(Class::Unicode(class)) => {
            // A case-insensitive letter is a class of its case variants: exact if they all
            // fold to one character (not so for `k`, whose variants include the Kelvin sign).
            let mut folded = None;
            let mut members = 0usize;
            for range in class.ranges() {
                members += (range.end() as usize).saturating_sub(range.start() as usize) + 1;
                if members > 4 {
                    return None;
                }
                for c in range.start()..=range.end() {
                    let f = fold_char(c);
                    if *folded.get_or_insert(f) != f {
                        return None;
                    }
                }
            }
            folded.map(String::from)
        }
        HirKind::Capture(c) => exact(&c.sub),
        HirKind::Repetition(r) if r.min == 1 && r.max == Some(1) => exact(&r.sub),
        HirKind::Concat(items) => items.iter().map(exact).collect(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(p: &str) -> Option<Vec<String>> {
        required_literals(p)
    }

    fn strings(list: &[&str]) -> Option<Vec<String>> {
        Some(list.iter().map(|s| (*s).to_owned()).collect())
    }

    #[test]
    fn literal_runs_inside_regexes() {
        assert_eq!(req("python"), strings(&["python"]));
        assert_eq!(req(r"\bPython\b"), strings(&["python"]));
        assert_eq!(req(r"colou?r"), strings(&["colo"]));
        assert_eq!(req(r"(?-i)GPT-4\d+"), strings(&["gpt-4"]));
        assert_eq!(req(r"\d+ (apple|orange)s"), strings(&["apple", "orange"]));
    }

    #[test]
    fn required_literals_occur_in_the_folded_text_of_every_match() {
        for (pattern, text) in
            [("ΣΊΣΥΦΟΣ", "σίσυφος"), ("straße", "STRAẞE"), ("Привет мир", "ПРИВЕТ МИР"), ("äöü", "ÄÖÜ")]
        {
            let re = regex::RegexBuilder::new(pattern).case_insensitive(true).build().expect("valid");
            assert!(re.is_match(text), "{pattern} on {text}");
            let lits = req(pattern).unwrap_or_else(|| panic!("{pattern}: a literal"));
            assert!(lits.iter().any(|l| fold_str(text).contains(l.as_str())), "{pattern}: {lits:?}");
        }
    }

    #[test]
    fn no_prefilter_when_nothing_useful_is_required() {
        assert_eq!(req(r"\d{4}-\d{2}"), None);
        assert_eq!(req(r"a.b"), None);
        assert_eq!(req(r"(foo)?bar?"), None, "`ba` is too short");
        assert_eq!(req(r"foo|\w+"), None);
        assert_eq!(req(r"(unclosed"), None);
    }

    #[test]
    fn letters_with_odd_case_variants_break_runs() {
        // `k` also matches the Kelvin sign and `s` the long s, which fold to themselves.
        assert_eq!(req("kubernetes"), strings(&["ubernete"]));
    }
}
