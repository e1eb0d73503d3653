//! A query bound to an index: names resolved to ids, needles folded, regexes built. Build one
//! per query text and index (cheap: no scan happens here), then evaluate it with
//! [`super::battles_matching`] as often as needed, from any thread.

use crate::index::Index;
use crate::language::{self, Language};
use crate::model::{Release, ReleaseTags, Winner};

use super::QueryError;
use super::ast::{Filter, IsValue, ModerationValue, Query, Spanned, WinnerValue};
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
                    let patterns = Pattern::compile_all(patterns, term.column)?;
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

    /// Compiles a query whose every term is decided by the battle alone (its text, its vote,
    /// turns, moderation, toxic tags, anonymity, date, an id prefix), so that it gives over any
    /// piece of the data what it gives over the whole (see [`crate::load::scan`]). `None` when a
    /// term needs the whole set: names resolved against every name (`model:`, `lang:`,
    /// `judge:`, `winner:NAME`, `loser:`), checks of what the data carries (`category:`,
    /// `is:`, `split:`, `intent:`), repeats (`id:x#2`), deduplication and the review store.
    pub fn for_pieces(query: &Query) -> Option<Result<CompiledQuery, QueryError>> {
        let local = query.terms.iter().all(|t| match &t.filter {
            Filter::Text { .. }
            | Filter::Turns(_)
            | Filter::Moderation(_)
            | Filter::Toxic(_)
            | Filter::Anony(_)
            | Filter::Date(_) => true,
            Filter::Winner(values) => values.iter().all(|v| matches!(v.value, WinnerValue::Vote(_))),
            Filter::Id(values) => values.iter().all(|v| !v.contains(['#', '\\'])),
            _ => false,
        });
        // These terms never consult the index they are compiled for.
        let nothing = Index::from_battles(&[], crate::index::DatasetInfo::default());
        local.then(|| Self::from_query(&nothing, query.clone()))
    }

    /// The optional fields of a battle the query's terms test (see [`crate::load::Fields`]):
    /// a load for this query alone may leave the others out.
    pub fn fields_needed(query: &Query) -> crate::load::Fields {
        let mut fields = crate::load::Fields::NONE;
        for term in &query.terms {
            match &term.filter {
                // Text, votes, turns, dates, ids and models are in every load.
                Filter::Text { .. }
                | Filter::Winner(_)
                | Filter::Loser(_)
                | Filter::Model { .. }
                | Filter::Turns(_)
                | Filter::Date(_)
                | Filter::Id(_)
                | Filter::Review(_) => {}
                Filter::Moderation(_) => fields.moderation = true,
                Filter::Toxic(_) => fields.toxic = true,
                Filter::Anony(_) => fields.anony = true,
                Filter::Judge(_) => fields.judge = true,
                Filter::Language(_) => fields.language = true,
                // What the data carries: tags, extra columns, the judge (MT-bench's split).
                Filter::Category(_) | Filter::Is(_) | Filter::Split(_) | Filter::Intent(_) | Filter::Dedup(_) => {
                    return crate::load::Fields::ALL;
                }
            }
        }
        fields
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
            let mut votes = [false; Winner::EVERY.len()];
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
        Filter::Language(names) => Facet::Language { wanted: language_set(index, names)? },
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
        Filter::Category(values) => {
            for v in values {
                if !v.value.available(index) {
                    let field = v.value.source_field().unwrap_or("?");
                    return Err(not_carried(&format!("category:{}", v.value.query_name()), field, v.column));
                }
            }
            Facet::Category(values.iter().map(|v| v.value).collect())
        }
        Filter::Is(values) => {
            let (mut code, mut refusal) = (false, false);
            for v in values {
                let (field, known): (&str, fn(&ReleaseTags) -> bool) = match v.value {
                    IsValue::Code => (IS_CODE, |t| t.is_code.is_some()),
                    IsValue::Refusal => (IS_REFUSAL, |t| t.is_refusal.is_some()),
                };
                if !index.battle_ids().any(|b| known(&index.tags(b))) {
                    return Err(not_carried(&format!("is:{}", &field[3..]), field, v.column));
                }
                match v.value {
                    IsValue::Code => code = true,
                    IsValue::Refusal => refusal = true,
                }
            }
            Facet::Is { code, refusal }
        }
        Filter::Split(values) => extra_facet(index, values, &[SPLIT], "split")?,
        Filter::Intent(values) => extra_facet(index, values, &[PRIMARY_INTENT, SECONDARY_INTENT], "intent")?,
        Filter::Dedup(values) => Facet::Dedup([values.contains(&false), values.contains(&true)]),
    })
}

/// The `is_code` field.
const IS_CODE: &str = "is_code";
const IS_REFUSAL: &str = "is_refusal";
/// The extra columns `split:` and `intent:` read.
const SPLIT: &str = "split";
const PRIMARY_INTENT: &str = "primary_intent";
const SECONDARY_INTENT: &str = "secondary_intent";

/// The releases whose files carry a field (the first part of a dotted path).
fn releases_carrying(field: &str) -> &'static [Release] {
    match field.split('.').next().unwrap_or(field) {
        "category_tag" | IS_CODE => &[Release::Preference100k, Release::Preference140k],
        IS_REFUSAL => &[Release::Preference100k],
        SPLIT => &[Release::MtBench],
        PRIMARY_INTENT | SECONDARY_INTENT => &[Release::SearchArena],
        "language" => &[Release::Conversations2023, Release::Preference100k, Release::Preference140k],
        _ => &[],
    }
}

/// "`term` needs FIELD, which RELEASES carry; this data has none": a filter the loaded data
/// cannot answer is an error, not zero matches.
fn not_carried(term: &str, field: &str, column: usize) -> QueryError {
    let names: Vec<&str> = releases_carrying(field).iter().map(|r| r.name()).collect();
    let which = match names.as_slice() {
        [] => String::new(),
        [one] => format!(", which {one} carries"),
        [init @ .., last] => format!(", which {} and {last} carry", init.join(", ")),
    };
    QueryError::new(column, format!("{term} needs {field}{which}; this data has none"))
}

/// `lang:`: each typed value is a language name or code (`lang:de` and `lang:German` are the
/// same language, whichever form the file holds, `zh-Hant` counting as `zh`), else a name of the
/// index resolved as usual (exact or by unique prefix).
fn language_set(index: &Index, typed: &[Spanned<String>]) -> Result<Vec<bool>, QueryError> {
    let names = index.languages();
    if names.is_empty()
        && let Some(first) = typed.first()
    {
        return Err(not_carried("lang:", "language", first.column));
    }
    // The language each name of the index denotes, once per query.
    let denoted: Vec<Option<&Language>> = names.iter().map(|n| language::of_label(n)).collect();
    let mut set = vec![false; names.len()];
    // Marks every name of the index that denotes `lang`; false if none does.
    let mark = |set: &mut [bool], lang: &Language| {
        let mut any = false;
        for (i, d) in denoted.iter().enumerate() {
            if d.is_some_and(|d| std::ptr::eq(d, lang)) {
                set[i] = true;
                any = true;
            }
        }
        any
    };
    for t in typed {
        if let Some(lang) = language::lookup(&t.value)
            && mark(&mut set, lang)
        {
            continue;
        }
        for id in resolve(names, t, Prefix::Allowed, ("lang", "language"))? {
            set[id as usize] = true;
            if let Some(lang) = denoted[id as usize] {
                mark(&mut set, lang);
            }
        }
    }
    Ok(set)
}

/// `split:`, `intent:`: values of extra columns, resolved against the values the data holds
/// (ignoring case, a unique prefix is enough).
fn extra_facet(
    index: &Index,
    typed: &[Spanned<String>],
    columns: &'static [&'static str],
    key: &str,
) -> Result<Facet, QueryError> {
    let mut values: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for b in index.battle_ids() {
        for (name, value) in index.extra(b) {
            if columns.contains(&name) && !seen.contains(value) {
                seen.insert(value);
                values.push(value.to_owned());
            }
        }
    }
    if values.is_empty()
        && let Some(first) = typed.first()
    {
        return Err(not_carried(&format!("{key}:"), columns[0], first.column));
    }
    values.sort();
    let set = name_set(&values, typed, Prefix::Allowed, (key, key))?;
    let wanted = values.into_iter().zip(set).filter(|(_, on)| *on).map(|(v, _)| v).collect();
    Ok(Facet::Extra { columns, wanted })
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
    fn queries_over_pieces_are_those_each_battle_decides() {
        let local = [
            "",
            "python -java",
            "answer_a:/x+y/ winner:tie|a turns:>2 anony:yes date:2023-05-01..2023-06-01",
            "mod:flagged toxic:no id:00ab",
        ];
        for q in local {
            let parsed = crate::query::parse(q).expect(q);
            assert!(matches!(CompiledQuery::for_pieces(&parsed), Some(Ok(_))), "{q}");
        }
        let whole = [
            "python model:gpt-4",
            "lang:english",
            "winner:gpt-4",
            "loser:gpt-4",
            "judge:x",
            "id:x#2",
            "review:flagged",
            "dedup:kept",
            "category:code",
            "is:code",
            "split:human",
            "intent:x",
        ];
        for q in whole {
            let parsed = crate::query::parse(q).expect(q);
            assert!(CompiledQuery::for_pieces(&parsed).is_none(), "{q}");
        }
        // Parses, but does not compile: more regex alternatives than one term may have.
        let many: Vec<String> = (0..=super::super::text::MAX_REGEX_ALTERNATIVES).map(|i| format!("/x{i}/")).collect();
        let bad = crate::query::parse(&many.join("|")).expect("parses");
        assert!(matches!(CompiledQuery::for_pieces(&bad), Some(Err(_))));
    }

    #[test]
    fn empty_query_is_empty() {
        let idx = index();
        assert!(CompiledQuery::new(&idx, "  ").expect("valid").is_empty());
        assert!(!CompiledQuery::new(&idx, "lang:german").expect("valid").is_empty());
    }
}
