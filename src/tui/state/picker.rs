//! The model picker (`m`): models with their battle counts, fuzzy-filtered as you type; one
//! or two marked models become `model:` terms of the query.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use ratatui_textarea::TextArea;

use crate::index::{Index, ModelId};

/// At most this many models can be marked: two `model:` terms mean battles between them.
pub(crate) const MAX_MARKED: usize = 2;

#[derive(Debug, Clone)]
pub struct PickerState {
    pub(crate) filter: TextArea<'static>,
    /// Every model with its battle count, most battles (in the query, then in all) first.
    all: Vec<(ModelId, usize)>,
    /// The models the filter lets through, best match first.
    pub(crate) shown: Vec<(ModelId, usize)>,
    /// Battles per model within the current query (by `ModelId`), when a query narrows the list.
    pub(crate) in_query: Option<Vec<usize>>,
    pub(crate) selected: usize,
    pub(crate) marked: Vec<ModelId>,
}

impl PickerState {
    /// `counts`: battles per model in all data; `in_query`: within the current query, if any.
    pub fn new(counts: &[usize], in_query: Option<Vec<usize>>) -> PickerState {
        let mut all: Vec<(ModelId, usize)> =
            counts.iter().enumerate().map(|(i, &n)| (ModelId(i as u32), n)).filter(|&(_, n)| n > 0).collect();
        let here = |m: ModelId| in_query.as_ref().and_then(|q| q.get(m.0 as usize).copied()).unwrap_or(0);
        all.sort_by(|a, b| here(b.0).cmp(&here(a.0)).then(b.1.cmp(&a.1)).then(a.0.cmp(&b.0)));
        PickerState { filter: TextArea::default(), shown: all.clone(), all, in_query, selected: 0, marked: Vec::new() }
    }

    /// Battles of `m` within the current query, if a query narrows the list.
    pub fn in_query(&self, m: ModelId) -> Option<usize> {
        self.in_query.as_ref().map(|q| q.get(m.0 as usize).copied().unwrap_or(0))
    }

    pub fn filter_text(&self) -> String {
        self.filter.lines().join("")
    }

    /// Re-filters after the filter text changed.
    pub fn refilter(&mut self, index: &Index) {
        let pattern = self.filter_text();
        if pattern.is_empty() {
            self.shown = self.all.clone();
        } else {
            let matcher = SkimMatcherV2::default().ignore_case();
            let mut scored: Vec<(i64, (ModelId, usize))> = self
                .all
                .iter()
                .filter_map(|&(m, n)| matcher.fuzzy_match(index.model_name(m), &pattern).map(|s| (s, (m, n))))
                .collect();
            scored.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.1.cmp(&a.1.1)));
            self.shown = scored.into_iter().map(|(_, e)| e).collect();
        }
        self.selected = self.selected.min(self.shown.len().saturating_sub(1));
    }

    pub fn move_by(&mut self, delta: isize) {
        if !self.shown.is_empty() {
            self.selected = self.selected.saturating_add_signed(delta).min(self.shown.len() - 1);
        }
    }

    /// Marks or unmarks the highlighted model; a third mark replaces the oldest.
    pub fn toggle_mark(&mut self) {
        let Some(&(m, _)) = self.shown.get(self.selected) else { return };
        if let Some(pos) = self.marked.iter().position(|&x| x == m) {
            self.marked.remove(pos);
        } else {
            if self.marked.len() == MAX_MARKED {
                self.marked.remove(0);
            }
            self.marked.push(m);
        }
    }

    /// The models to insert: the marked ones, else the highlighted one.
    pub fn chosen(&self) -> Vec<ModelId> {
        if self.marked.is_empty() {
            self.shown.get(self.selected).map(|&(m, _)| vec![m]).unwrap_or_default()
        } else {
            self.marked.clone()
        }
    }
}

/// The query with its `model:` terms replaced by terms for `models` (other terms kept): one
/// term each (battles between them), or with `either` one term `model:a|b` (battles of any).
pub(crate) fn with_model_terms(query: &str, names: &[&str], either: bool) -> String {
    let mut terms: Vec<String> =
        split_terms(query).into_iter().filter(|t| !t.to_ascii_lowercase().starts_with("model:")).collect();
    let values: Vec<String> = names
        .iter()
        .map(|name| {
            let needs_quotes =
                name.is_empty() || name.chars().any(|c| c.is_whitespace() || matches!(c, '"' | '|' | '(' | ')' | '*'));
            if needs_quotes { format!("\"{}\"", name.replace('"', "")) } else { (*name).to_owned() }
        })
        .collect();
    if either && !values.is_empty() {
        terms.push(format!("model:{}", values.join("|")));
    } else {
        terms.extend(values.iter().map(|v| format!("model:{v}")));
    }
    terms.join(" ")
}

/// The query with `terms` appended, leaving out any it already has (ignoring case): the
/// query stays a conjunction, so the result is the old query's battles that also match them.
pub(crate) fn with_terms_added(query: &str, terms: &[String]) -> String {
    let mut all = split_terms(query);
    for t in terms {
        if !all.iter().any(|x| x.eq_ignore_ascii_case(t)) {
            all.push(t.clone());
        }
    }
    all.join(" ")
}

/// Splits a query into terms at spaces outside double quotes and `/regex/`.
fn split_terms(query: &str) -> Vec<String> {
    let mut terms = Vec::new();
    let mut current = String::new();
    let mut quote: Option<char> = None;
    for c in query.chars() {
        match (quote, c) {
            (None, c) if c.is_whitespace() => {
                if !current.is_empty() {
                    terms.push(std::mem::take(&mut current));
                }
            }
            (None, '"') => {
                quote = Some('"');
                current.push(c);
            }
            (None, '/') if current.is_empty() || current.ends_with(':') => {
                quote = Some('/');
                current.push(c);
            }
            (Some(q), c) if c == q => {
                quote = None;
                current.push(c);
            }
            (_, c) => current.push(c),
        }
    }
    if !current.is_empty() {
        terms.push(current);
    }
    terms
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;
    use crate::index::DatasetInfo;

    #[test]
    fn model_terms_replace_earlier_ones_and_keep_the_rest() {
        assert_eq!(with_model_terms("lang:German python", &["gpt-4"], false), "lang:German python model:gpt-4");
        assert_eq!(
            with_model_terms("model:palm-2 \"a b\" x", &["gpt-4", "claude-v1"], false),
            "\"a b\" x model:gpt-4 model:claude-v1"
        );
        assert_eq!(with_model_terms("/a b/ -model:x", &["m n"], false), "/a b/ -model:x model:\"m n\"");
        assert_eq!(with_model_terms("", &["gpt-4"], false), "model:gpt-4");
        // Either of the two: one term with both names.
        assert_eq!(with_model_terms("python model:x", &["gpt-4", "m n"], true), "python model:gpt-4|\"m n\"");
    }

    #[test]
    fn added_terms_keep_the_query_and_skip_repeats() {
        let t = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(with_terms_added("lang:German  python", &t(&["model:gpt-4"])), "lang:German python model:gpt-4");
        assert_eq!(
            with_terms_added("MODEL:gpt-4 \"a b\"", &t(&["model:gpt-4", "model:palm-2"])),
            "MODEL:gpt-4 \"a b\" model:palm-2"
        );
        assert_eq!(with_terms_added("", &t(&["model:x", "category:math"])), "model:x category:math");
    }

    #[test]
    fn fuzzy_filter_ranks_and_marks_at_most_two() {
        let idx = Index::from_battles(&fixtures::varied(), DatasetInfo::default());
        let mut counts = vec![0; idx.models().len()];
        for b in idx.battle_ids() {
            counts[idx.model_a(b).0 as usize] += 1;
            counts[idx.model_b(b).0 as usize] += 1;
        }
        // Within a query, the models of the query come first, with their counts there.
        let mut in_query = vec![0; counts.len()];
        in_query[idx.model_id("palm-2").unwrap().0 as usize] = 1;
        let p = PickerState::new(&counts, Some(in_query));
        assert_eq!(idx.model_name(p.shown[0].0), "palm-2");
        assert_eq!(p.in_query(p.shown[0].0), Some(1));
        assert_eq!(p.in_query(idx.model_id("gpt-4").unwrap()), Some(0));
        let mut p = PickerState::new(&counts, None);
        assert_eq!(p.in_query(p.shown[0].0), None);
        assert_eq!(idx.model_name(p.shown[0].0), "gpt-4", "most battles first");
        p.filter.insert_str("clde");
        p.refilter(&idx);
        assert_eq!(p.shown.len(), 1);
        assert_eq!(idx.model_name(p.shown[0].0), "claude-v1");
        p.toggle_mark();
        p.filter = TextArea::default();
        p.refilter(&idx);
        assert_eq!(idx.model_name(p.shown[p.selected].0), "gpt-4");
        p.toggle_mark();
        p.move_by(2);
        p.toggle_mark();
        assert_eq!(p.marked.len(), 2);
        assert_eq!(p.chosen(), p.marked);
        assert!(!p.marked.contains(&idx.model_id("claude-v1").unwrap()), "the oldest mark made room");
    }
}
