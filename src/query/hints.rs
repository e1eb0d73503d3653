//! Warnings for queries that parse but probably do not ask what the user meant: `OR` and
//! `AND` (searched as words here) and more `model:` terms than a battle has models. Shown on
//! stderr by the CLI and in the browser's query bar; they never change the answer.

use super::ast::{Filter, ModelSide, Query};

/// What may be wrong with `query` (parsed from `text`), one sentence each.
pub fn query_warnings(text: &str, query: &Query) -> Vec<String> {
    let mut out = Vec::new();
    let words = unquoted_words(text);
    for (i, word) in words.iter().enumerate() {
        let (before, after) = (i.checked_sub(1).and_then(|j| words.get(j)), words.get(i + 1));
        match *word {
            "OR" => {
                let form = match (before, after) {
                    (Some(a), Some(b)) => format!("`{a}|{b}`"),
                    _ => "`a|b`".to_owned(),
                };
                out.push(format!("`OR` is searched as a word here; for either term write {form}"));
            }
            "AND" => out
                .push("`AND` is searched as a word here; terms separated by spaces must all match already".to_owned()),
            _ => {}
        }
    }
    let either_models = query
        .terms
        .iter()
        .filter(|t| {
            !t.negated && matches!(&t.filter, Filter::Model { side: ModelSide::Either, names } if names.len() == 1)
        })
        .count();
    if either_models > 2 {
        out.push(format!(
            "{either_models} `model:` terms must all hold, and a battle has two models, so none matches; \
             for any of them write `model:a|b|c`"
        ));
    }
    out
}

/// The words of `text` outside quotes and regexes (`"a OR b"` searches the phrase).
fn unquoted_words(text: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let mut start = None;
    let mut quote: Option<char> = None;
    for (i, c) in text.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || (c == '/' && start.is_none()) => {
                quote = Some(c);
                start = None;
            }
            None if c.is_whitespace() => {
                if let Some(s) = start.take() {
                    words.push(&text[s..i]);
                }
            }
            None => {
                start.get_or_insert(i);
            }
        }
    }
    if let (Some(s), None) = (start, quote) {
        words.push(&text[s..]);
    }
    words
}

/// Whether a term is a plain word of any scope (used by tests to check the parser agrees
/// that `OR` was a word).
#[cfg(test)]
fn is_word(filter: &Filter, word: &str) -> bool {
    use super::ast::{Scope, TextPattern};
    matches!(filter, Filter::Text { scope: Scope::Any, patterns } if patterns.iter().any(|p| matches!(p, TextPattern::Literal(w) if w == word)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::parse;

    fn warnings(text: &str) -> Vec<String> {
        query_warnings(text, &parse(text).expect("valid query"))
    }

    #[test]
    fn or_and_and_are_words_and_say_so() {
        let q = parse("python OR rust").unwrap();
        assert!(q.terms.iter().any(|t| is_word(&t.filter, "OR")), "the parser searches the word");
        assert_eq!(
            warnings("python OR rust"),
            ["`OR` is searched as a word here; for either term write `python|rust`"]
        );
        assert!(warnings("python AND rust")[0].starts_with("`AND` is searched as a word here"));
        // Quoted, lower case, or inside a regex: meant as text.
        assert!(warnings("\"war OR peace\" or and /a OR b/").is_empty());
    }

    #[test]
    fn more_model_terms_than_a_battle_has_models() {
        assert!(warnings("model:gpt-4 model:claude-v1").is_empty(), "two: head to head");
        assert!(warnings("model:gpt-4 model:claude-v1 model:palm-2")[0].starts_with("3 `model:` terms must all hold"));
        assert!(warnings("model:gpt-4|palm-2 model:claude-v1 -model:x").is_empty());
    }
}
