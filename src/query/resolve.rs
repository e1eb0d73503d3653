//! Names typed in a query (models, languages, judges) resolved against the names an index
//! holds: case-insensitive, exact or by unique prefix. A name that resolves to nothing, or to
//! several names by prefix, is an error listing the closest names (ranked with skim's fuzzy
//! matcher, then by edit distance).

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use super::QueryError;
use super::ast::Spanned;

/// How many names an error suggests.
const SUGGESTIONS: usize = 5;

/// Whether a unique prefix of a name is enough.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prefix {
    Allowed,
    ExactOnly,
}

/// The ids (positions in `names`) that `typed` denotes. `what` is the term's key and the kind
/// of name, for the error: `("model", "model")`, `("lang", "language")`.
pub fn resolve(
    names: &[String],
    typed: &Spanned<String>,
    prefix: Prefix,
    what: (&str, &str),
) -> Result<Vec<u32>, QueryError> {
    let wanted = typed.value.to_lowercase();
    let ids = |pred: &dyn Fn(&str) -> bool| -> Vec<u32> {
        names.iter().enumerate().filter(|(_, n)| pred(&n.to_lowercase())).map(|(i, _)| i as u32).collect()
    };
    let exact = ids(&|n| n == wanted);
    if !exact.is_empty() {
        return Ok(exact);
    }
    let (key, kind) = what;
    // `NAME*`: every name starting with NAME (a family: `model:claude*`).
    if let Some(stem) = wanted.strip_suffix('*').filter(|_| prefix == Prefix::Allowed) {
        let family = ids(&|n| n.starts_with(stem));
        if !family.is_empty() {
            return Ok(family);
        }
        let suggestions = closest(stem, names.iter().map(String::as_str), SUGGESTIONS);
        return Err(QueryError::new(
            typed.column,
            format!("{key}: no {kind} name starts with `{stem}`; closest: {}", suggestions.join(", ")),
        ));
    }
    if prefix == Prefix::Allowed {
        let by_prefix = ids(&|n| n.starts_with(&wanted));
        match by_prefix.len() {
            0 => {}
            1 => return Ok(by_prefix),
            _ => {
                let candidates = by_prefix.iter().map(|&i| names[i as usize].as_str());
                let all = closest(&typed.value, candidates, usize::MAX);
                let which = if all.len() == 2 { "both" } else { "all" };
                // The family in one term: the prefix form, and the list when it is short.
                let family = if all.len() <= 3 {
                    format!("; for any of them write `{key}:{}*` or `{key}:{}`", typed.value, all.join("|"))
                } else {
                    format!("; for any of them write `{key}:{}*`", typed.value)
                };
                return Err(QueryError::new(
                    typed.column,
                    format!("{key}: `{}` is ambiguous: {} {which} start with it{family}", typed.value, all.join(", ")),
                ));
            }
        }
    }
    let suggestions = closest(&typed.value, names.iter().map(String::as_str), SUGGESTIONS);
    let message = if suggestions.is_empty() {
        format!("{key}: no {kind} named `{}` in this dataset", typed.value)
    } else {
        format!("{key}: no {kind} named `{}`; closest: {}", typed.value, suggestions.join(", "))
    };
    Err(QueryError::new(typed.column, message))
}

/// Up to `n` of `candidates` closest to `typed`: fuzzy matches first (best score first), then
/// the rest by edit distance.
pub fn closest<'a>(typed: &str, candidates: impl Iterator<Item = &'a str>, n: usize) -> Vec<&'a str> {
    let matcher = SkimMatcherV2::default().ignore_case();
    let typed_lower = typed.to_lowercase();
    let mut fuzzy = Vec::new();
    let mut rest = Vec::new();
    for c in candidates {
        match matcher.fuzzy_match(c, typed) {
            Some(score) => fuzzy.push((score, c)),
            None => rest.push((edit_distance(&typed_lower, &c.to_lowercase()), c)),
        }
    }
    fuzzy.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    rest.sort();
    fuzzy.into_iter().map(|(_, c)| c).chain(rest.into_iter().map(|(_, c)| c)).take(n).collect()
}

/// The closest candidate if it is a plausible typo of `typed` (for unknown filter keys).
pub fn likely_typo<'a>(typed: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates.map(|c| (edit_distance(typed, c), c)).filter(|(d, _)| *d <= 2).min().map(|(_, c)| c)
}

/// Levenshtein distance over characters, with a transposition counted as one edit.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Three rows: two back (for transpositions), previous, current.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                cur[j] = cur[j].min(before[j - 2] + 1);
            }
        }
        before = std::mem::replace(&mut prev, cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    fn typed(s: &str) -> Spanned<String> {
        Spanned { value: s.to_owned(), column: 7 }
    }

    const MODEL: (&str, &str) = ("model", "model");

    #[test]
    fn exact_case_insensitive_then_unique_prefix() {
        let models = names(&["gpt-4", "gpt-3.5-turbo", "vicuna-13b", "vicuna-7b", "claude-v1"]);
        assert_eq!(resolve(&models, &typed("GPT-4"), Prefix::Allowed, MODEL), Ok(vec![0]));
        assert_eq!(resolve(&models, &typed("claude"), Prefix::Allowed, MODEL), Ok(vec![4]));
        assert_eq!(resolve(&models, &typed("gpt-3"), Prefix::Allowed, MODEL), Ok(vec![1]));
        let e = resolve(&models, &typed("claude"), Prefix::ExactOnly, MODEL).expect_err("exact only");
        assert!(e.message.contains("no model named `claude`"), "{e}");
    }

    #[test]
    fn ambiguous_prefix_lists_the_candidates() {
        let models = names(&["gpt-4", "vicuna-13b", "vicuna-7b"]);
        let e = resolve(&models, &typed("vicuna"), Prefix::Allowed, MODEL).expect_err("ambiguous");
        assert_eq!(e.column, 7);
        assert!(e.message.starts_with("model: `vicuna` is ambiguous"), "{e}");
        assert!(e.message.contains("vicuna-13b") && e.message.contains("vicuna-7b"), "{e}");
        assert!(!e.message.contains("gpt-4"), "{e}");
        assert!(e.message.contains("both start with it"), "two names: {e}");
        assert!(
            e.message.ends_with("for any of them write `model:vicuna*` or `model:vicuna-13b|vicuna-7b`"),
            "the family offered: {e}"
        );
    }

    #[test]
    fn a_star_takes_the_whole_family() {
        let models = names(&["gpt-4", "claude-v1", "claude-instant-v1", "Claude-2", "vicuna-13b"]);
        assert_eq!(resolve(&models, &typed("claude*"), Prefix::Allowed, MODEL), Ok(vec![1, 2, 3]));
        assert_eq!(resolve(&models, &typed("GPT-4*"), Prefix::Allowed, MODEL), Ok(vec![0]));
        let e = resolve(&models, &typed("llama*"), Prefix::Allowed, MODEL).expect_err("no family");
        assert!(e.message.starts_with("model: no model name starts with `llama`"), "{e}");
        // Judges need their full name: a star is not a family there.
        assert!(resolve(&models, &typed("claude*"), Prefix::ExactOnly, MODEL).is_err());
        let e = resolve(&models, &typed("claude"), Prefix::Allowed, MODEL).expect_err("ambiguous");
        assert!(e.message.contains("write `model:claude*`"), "{e}");
    }

    #[test]
    fn unknown_names_suggest_the_closest() {
        let models = names(&["gpt-4", "claude-v1", "palm-2", "koala-13b"]);
        let e = resolve(&models, &typed("gtp-4"), Prefix::Allowed, MODEL).expect_err("unknown");
        assert!(e.message.starts_with("model: no model named `gtp-4`; closest: gpt-4"), "{e}");
        let e = resolve(&models, &typed("cld"), Prefix::Allowed, MODEL).expect_err("unknown");
        assert!(e.message.contains("closest: claude-v1"), "{e}");
    }

    #[test]
    fn names_differing_only_in_case_all_resolve() {
        let models = names(&["GPT-4", "gpt-4"]);
        assert_eq!(resolve(&models, &typed("gpt-4"), Prefix::Allowed, MODEL), Ok(vec![0, 1]));
    }

    #[test]
    fn edit_distance_counts_transpositions_once() {
        assert_eq!(edit_distance("modle", "model"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(likely_typo("lnag", ["lang", "date"].into_iter()), Some("lang"));
        assert_eq!(likely_typo("http", ["lang", "date"].into_iter()), None);
    }
}
