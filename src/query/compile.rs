//! A query bound to an index: names resolved to ids, needles folded, regexes built. Build one
//! per query text and index (cheap: no scan happens here), then evaluate it with
//! [`super::battles_matching`] as often as needed, from any thread.

use crate::index::Index;

use super::QueryError;
use super::ast::{Filter, ModerationValue, Query, Spanned, WinnerValue};
use super::facet::{Facet, FacetTerm, winner_slot};
use super::parse::parse;
use super::resolve::{Prefix, resolve};
use super::text::{Pattern, TextTerm};

/// A parsed query resolved against one index. Use it only with the index it was built for.
#[derive(Debug, Clone)]
pub struct CompiledQuery {
    pub(crate) facets: Vec<FacetTerm>,
    /// In the order they are best evaluated (see [`CompiledQuery::new`]).
    pub(crate) texts: Vec<TextTerm>,
    /// The parsed query, for callers that want to show or reuse it.
    query: Query,
}

impl CompiledQuery {
    /// Parses `input` and resolves it against `index`.
    pub fn new(index: &Index, input: &str) -> Result<CompiledQuery, QueryError> {
        Self::from_query(index, parse(input)?)
    }

    /// Resolves an already parsed query against `index`.
    pub fn from_query(index: &Index, query: Query) -> Result<CompiledQuery, QueryError> {
        let mut facets = Vec::new();
        let mut texts = Vec::new();
        for term in &query.terms {
            match &term.filter {
                Filter::Text { scope, patterns } => {
                    let patterns =
                        patterns.iter().map(|p| Pattern::compile(p, term.column)).collect::<Result<Vec<_>, _>>()?;
                    texts.push(TextTerm { negated: term.negated, scope: *scope, patterns });
                }
                other => facets.push(FacetTerm { negated: term.negated, facet: facet(index, other)? }),
            }
        }
        // Positive terms first (each narrows the candidates the next one scans), literals
        // before regexes, longer needles (usually rarer) first; negated terms last.
        texts.sort_by_key(|t| {
            let shortest = t.patterns.iter().map(Pattern::literal_len).min().unwrap_or(0);
            (t.negated, t.has_regex(), std::cmp::Reverse(shortest))
        });
        Ok(CompiledQuery { facets, texts, query })
    }

    /// True for the empty query, which matches every battle.
    pub fn is_empty(&self) -> bool {
        self.query.is_empty()
    }

    /// Whether the query has text terms (and so match spans to show).
    pub fn has_text_terms(&self) -> bool {
        !self.texts.is_empty()
    }

    pub fn query(&self) -> &Query {
        &self.query
    }
}

/// Marks the ids of `typed` names in a table with one slot per name.
fn name_set(
    names: &[String],
    typed: &[Spanned<String>],
    prefix: Prefix,
    what: (&str, &str),
) -> Result<Vec<bool>, QueryError> {
    let mut set = vec![false; names.len()];
    for t in typed {
        for id in resolve(names, t, prefix, what)? {
            set[id as usize] = true;
        }
    }
    Ok(set)
}

fn facet(index: &Index, filter: &Filter) -> Result<Facet, QueryError> {
    let models = index.models();
    Ok(match filter {
        Filter::Text { .. } => unreachable!("text terms are compiled separately"),
        Filter::Model { side, names } => {
            let key = match side {
                super::ModelSide::Either => "model",
                super::ModelSide::A => "model_a",
                super::ModelSide::B => "model_b",
            };
            Facet::Models { side: *side, wanted: name_set(models, names, Prefix::Allowed, (key, "model"))? }
        }
        Filter::Winner(values) => {
            let mut votes = [false; 4];
            let mut won_by = Vec::new();
            for v in values {
                match &v.value {
                    WinnerValue::Vote(w) => {
                        votes[winner_slot(*w)] = true;
                    }
                    WinnerValue::Model(name) => won_by.push(Spanned { value: name.clone(), column: v.column }),
                }
            }
            let won_by = name_set(models, &won_by, Prefix::Allowed, ("winner", "model"))?;
            Facet::Winner { votes, won_by }
        }
        Filter::Loser(names) => Facet::Loser { lost_by: name_set(models, names, Prefix::Allowed, ("loser", "model"))? },
        Filter::Language(names) => {
            Facet::Language { wanted: name_set(index.languages(), names, Prefix::Allowed, ("lang", "language"))? }
        }
        Filter::Judge(names) => {
            let set = name_set(index.judges(), names, Prefix::ExactOnly, ("judge", "judge"))?;
            Facet::Judge { wanted: (0..set.len() as u32).filter(|&i| set[i as usize]).collect() }
        }
        Filter::Turns(ranges) => Facet::Turns(ranges.clone()),
        Filter::Moderation(values) => {
            let mut flagged = false;
            let mut categories = 0u16;
            for v in values {
                match v {
                    ModerationValue::Flagged => flagged = true,
                    ModerationValue::Category(i) => categories |= 1 << i,
                }
            }
            Facet::Moderation { flagged, categories }
        }
        Filter::Toxic(values) => Facet::Toxic(yes_no_set(values)),
        Filter::Anony(values) => Facet::Anony(yes_no_set(values)),
        Filter::Id(values) => {
            let mut prefixes = Vec::new();
            let mut labels = Vec::new();
            for v in values {
                // A value with a `#` or `\` is a whole address (crate::address), else a prefix.
                match v.contains(['#', '\\']).then(|| crate::address::parse_strict(v)).flatten() {
                    Some((qid, occurrence)) => labels.push((qid.to_ascii_lowercase(), occurrence)),
                    None => prefixes.push(v.to_ascii_lowercase()),
                }
            }
            Facet::Id { prefixes, labels }
        }
        Filter::Date(ranges) => Facet::Date(ranges.clone()),
        Filter::Review(values) => Facet::Review(values.clone()),
        Filter::Dedup(values) => Facet::Dedup([values.contains(&false), values.contains(&true)]),
    })
}

fn yes_no_set(values: &[bool]) -> [bool; 2] {
    let mut set = [false; 2];
    for &v in values {
        set[usize::from(v)] = true;
    }
    set
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;
    use crate::index::DatasetInfo;

    fn index() -> Index {
        Index::from_battles(&fixtures::varied(), DatasetInfo::default())
    }

    #[test]
    fn compiled_queries_can_be_shared_across_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<CompiledQuery>();
    }

    #[test]
    fn unknown_and_ambiguous_names_are_positioned_errors() {
        let idx = index();
        let e = CompiledQuery::new(&idx, "python model:gtp-4").expect_err("unknown model");
        assert_eq!(e.column, 14);
        assert!(e.message.starts_with("model: no model named `gtp-4`; closest: gpt-4"), "{e}");
        let e = CompiledQuery::new(&idx, "lang:klingon").expect_err("unknown language");
        assert!(e.message.starts_with("lang: no language named `klingon`"), "{e}");
        let e = CompiledQuery::new(&idx, "winner:a|zzz").expect_err("unknown winner model");
        assert_eq!(e.column, 10);
        let e = CompiledQuery::new(&idx, "judge:arena_user").expect_err("judges need the exact name");
        assert!(e.message.contains("closest: arena_user_1"), "{e}");
        let e = CompiledQuery::new(&idx, "/a(/").expect_err("bad regex");
        assert_eq!(e.column, 3);
    }

    #[test]
    fn text_terms_run_positive_literals_first() {
        let idx = index();
        let q = CompiledQuery::new(&idx, "-zz /x+/ ab abcd").expect("valid");
        let order: Vec<_> = q.texts.iter().map(|t| (t.negated, t.has_regex(), t.patterns[0].literal_len())).collect();
        assert_eq!(order, [(false, false, 4), (false, false, 2), (false, true, 0), (true, false, 2)]);
    }

    #[test]
    fn empty_query_is_empty() {
        let idx = index();
        assert!(CompiledQuery::new(&idx, "  ").expect("valid").is_empty());
        assert!(!CompiledQuery::new(&idx, "lang:german").expect("valid").is_empty());
    }
}
