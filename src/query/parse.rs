//! Query text to [`Query`]: terms separated by spaces, `-` negates, `key:value` filters, `|`
//! separates alternatives, `"..."` quotes, `/.../` regexes. Every error names its column.

use crate::category::Category;
use crate::model::{MODERATION_CATEGORIES, Winner};
use crate::time;

use super::QueryError;
use super::ast::{
    DayRange, Filter, IsValue, ModelSide, ModerationValue, NumberRange, Query, ReviewValue, Scope, Spanned, Term,
    TextPattern, WinnerValue,
};

/// Parses a query. The empty (or all-blank) query has no terms and matches everything.
pub fn parse(input: &str) -> Result<Query, QueryError> {
    let mut p = Parser { chars: input.chars().collect(), pos: 0 };
    let mut terms = Vec::new();
    loop {
        p.skip_spaces();
        if p.at_end() {
            return Ok(Query { terms });
        }
        terms.push(p.term()?);
    }
}

/// The filter keys, in the order the error message lists them.
const KEYS: [(&str, Key); 25] = [
    ("prompt", Key::Text(Scope::Prompt)),
    ("answer", Key::Text(Scope::Answer)),
    ("answer_a", Key::Text(Scope::AnswerA)),
    ("answer_b", Key::Text(Scope::AnswerB)),
    ("model", Key::Model(ModelSide::Either)),
    ("model_a", Key::Model(ModelSide::A)),
    ("model_b", Key::Model(ModelSide::B)),
    ("winner", Key::Winner),
    ("loser", Key::Loser),
    ("lang", Key::Lang),
    ("language", Key::Lang),
    ("turns", Key::Turns),
    ("turn", Key::Turns),
    ("mod", Key::Mod),
    ("toxic", Key::Toxic),
    ("anony", Key::Anony),
    ("judge", Key::Judge),
    ("id", Key::Id),
    ("date", Key::Date),
    ("review", Key::Review),
    ("category", Key::Category),
    ("is", Key::Is),
    ("split", Key::Split),
    ("intent", Key::Intent),
    ("dedup", Key::Dedup),
];

/// Words people reach for that name a filter by another name: suggested before near misses
/// (`vote:a` is a typo away from `date:` but means `winner:`).
const FILTER_SYNONYMS: [(&str, &str); 12] = [
    ("vote", "winner"),
    ("won", "winner"),
    ("winner_model", "winner"),
    ("lost", "loser"),
    ("user", "judge"),
    ("voter", "judge"),
    ("question", "prompt"),
    ("response", "answer"),
    ("moderation", "mod"),
    ("toxicity", "toxic"),
    ("anonymous", "anony"),
    ("time", "date"),
];

/// The names of the filter keys (for completion and help).
pub fn filter_keys() -> impl Iterator<Item = &'static str> {
    KEYS.iter().map(|(name, _)| *name)
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Key {
    Text(Scope),
    Model(ModelSide),
    Winner,
    Loser,
    Lang,
    Turns,
    Mod,
    Toxic,
    Anony,
    Judge,
    Id,
    Date,
    Review,
    Category,
    Is,
    Split,
    Intent,
    Dedup,
}

impl Key {
    /// What the key wants, for "expects ..." errors.
    fn expects(self) -> &'static str {
        match self {
            Key::Text(_) => "a word, a \"phrase\" or a /regex/",
            Key::Model(_) | Key::Loser => "a model name",
            Key::Winner => "a, b, tie, bothbad, none or a model name",
            Key::Lang => "a language",
            Key::Turns => "a number of turns: N, >N, <N or N..M",
            Key::Mod => "flagged or a moderation category",
            Key::Toxic | Key::Anony => "yes or no",
            Key::Judge => "a judge such as arena_user_973",
            Key::Id => "a question_id prefix or question_id#N",
            Key::Date => "a date: YYYY-MM-DD, D1..D2, >D or <D",
            Key::Review => "flagged, noted, none or a label",
            Key::Category => "hard, if, math, creative, code, long or multiturn",
            Key::Is => "code or refusal",
            Key::Split => "a split such as human or gpt4_pair",
            Key::Intent => "an intent such as factual_lookup",
            Key::Dedup => "kept or dropped",
        }
    }
}

/// One `|` alternative as typed, before the key gives it a meaning.
#[derive(Debug, Clone, PartialEq)]
enum Raw {
    Bare(String),
    Quoted(String),
    Regex(String),
}

impl Raw {
    fn text(&self) -> &str {
        match self {
            Raw::Bare(s) | Raw::Quoted(s) | Raw::Regex(s) => s,
        }
    }
}

struct Parser {
    chars: Vec<char>,
    /// Index into `chars`; the column is `pos + 1`.
    pos: usize,
}

impl Parser {
    fn at_end(&self) -> bool {
        self.pos >= self.chars.len()
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn column(&self) -> usize {
        self.pos + 1
    }

    fn at_space_or_end(&self) -> bool {
        self.peek().is_none_or(char::is_whitespace)
    }

    fn skip_spaces(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    fn term(&mut self) -> Result<Term, QueryError> {
        let column = self.column();
        let negated = self.peek() == Some('-');
        if negated {
            self.pos += 1;
            if self.at_space_or_end() {
                return Err(QueryError::new(column, "`-` must be followed by a term to exclude"));
            }
            if self.peek() == Some('-') {
                return Err(QueryError::new(column, "a term cannot start with `--`; quote it to search for dashes"));
            }
        }
        let filter = match self.field_key()? {
            Some((key, colon_column)) => self.field(key, colon_column)?,
            None => {
                let alternatives = self.alternatives(true, Key::Text(Scope::Any), column)?;
                text_filter(Scope::Any, alternatives)
            }
        };
        Ok(Term { negated, column, filter })
    }

    /// If the term is `key:...`, consumes `key:` and returns the key and the colon's column.
    /// A word that looks like a key but is none is an error, so that typos do not silently
    /// become text searches; digits before the colon (`12:30`) make it a plain word.
    fn field_key(&mut self) -> Result<Option<(Key, usize)>, QueryError> {
        let start = self.pos;
        let mut end = start;
        while self.chars.get(end).is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_') {
            end += 1;
        }
        if end == start || self.chars.get(end) != Some(&':') {
            return Ok(None);
        }
        let name: String = self.chars[start..end].iter().collect::<String>().to_ascii_lowercase();
        if let Some((_, key)) = KEYS.iter().find(|(k, _)| *k == name) {
            self.pos = end + 1;
            return Ok(Some((*key, end + 1)));
        }
        if name.chars().any(|c| c.is_ascii_digit()) {
            return Ok(None);
        }
        let hint = match FILTER_SYNONYMS.iter().find(|(said, _)| *said == name).map(|(_, meant)| *meant) {
            Some(meant) => format!("did you mean `{meant}:`?"),
            None => match super::resolve::likely_typo(&name, filter_keys()) {
                Some(best) => format!("did you mean `{best}:`?"),
                None => {
                    format!("filters are {}", filter_keys().map(|k| format!("{k}:")).collect::<Vec<_>>().join(" "))
                }
            },
        };
        Err(QueryError::new(
            start + 1,
            format!("unknown filter `{name}:` ({hint} To search for the text, put it in quotes.)"),
        ))
    }

    fn field(&mut self, key: Key, colon_column: usize) -> Result<Filter, QueryError> {
        let alternatives = self.alternatives(matches!(key, Key::Text(_)), key, colon_column)?;
        let expects = |column: usize| QueryError::new(column, format!("{}: expects {}", key_name(key), key.expects()));
        let strings = |alts: Vec<Spanned<Raw>>| -> Vec<Spanned<String>> {
            alts.into_iter().map(|a| Spanned { value: a.value.text().to_owned(), column: a.column }).collect()
        };
        Ok(match key {
            Key::Text(scope) => text_filter(scope, alternatives),
            Key::Model(side) => Filter::Model { side, names: strings(alternatives) },
            Key::Loser => Filter::Loser(strings(alternatives)),
            Key::Lang => Filter::Language(strings(alternatives)),
            Key::Judge => Filter::Judge(strings(alternatives)),
            Key::Id => Filter::Id(each(alternatives, |a| id_value(a.value.text()).ok_or(expects(a.column)))?),
            Key::Winner => Filter::Winner(
                alternatives
                    .into_iter()
                    .map(|a| Spanned { value: winner_value(a.value.text()), column: a.column })
                    .collect(),
            ),
            Key::Turns => Filter::Turns(each(alternatives, |a| {
                let text = a.value.text();
                number_range(text).ok_or_else(|| match range_problem(text) {
                    Some(problem) => QueryError::new(a.column, format!("{}: `{text}` {problem}", key_name(key))),
                    None => expects(a.column),
                })
            })?),
            Key::Mod => Filter::Moderation(each(alternatives, |a| moderation_value(a.value.text(), a.column))?),
            Key::Toxic => Filter::Toxic(each(alternatives, |a| yes_no(a.value.text()).ok_or(expects(a.column)))?),
            Key::Anony => Filter::Anony(each(alternatives, |a| yes_no(a.value.text()).ok_or(expects(a.column)))?),
            Key::Date => Filter::Date(each(alternatives, |a| day_range(a.value.text(), a.column))?),
            Key::Review => Filter::Review(alternatives.into_iter().map(|a| review_value(a.value.text())).collect()),
            Key::Category => Filter::Category(each(alternatives, |a| {
                let value = Category::from_query_name(a.value.text()).ok_or_else(|| expects(a.column))?;
                Ok(Spanned { value, column: a.column })
            })?),
            Key::Is => Filter::Is(each(alternatives, |a| {
                let value = is_value(a.value.text()).ok_or_else(|| expects(a.column))?;
                Ok(Spanned { value, column: a.column })
            })?),
            Key::Split => Filter::Split(strings(alternatives)),
            Key::Intent => Filter::Intent(strings(alternatives)),
            Key::Dedup => Filter::Dedup(each(alternatives, |a| kept_dropped(a.value.text()).ok_or(expects(a.column)))?),
        })
    }

    /// Reads `alt|alt|...` up to the next space. `empty_column` is where a missing value is
    /// reported (the colon of `key:`).
    fn alternatives(
        &mut self,
        allow_regex: bool,
        key: Key,
        empty_column: usize,
    ) -> Result<Vec<Spanned<Raw>>, QueryError> {
        let mut out = Vec::new();
        loop {
            let column = self.column();
            let raw = match self.peek() {
                None => return Err(missing_value(key, &out, empty_column, column)),
                Some(c) if c.is_whitespace() => return Err(missing_value(key, &out, empty_column, column)),
                Some('|') => {
                    return Err(QueryError::new(column, "empty alternative: `|` needs a value on each side"));
                }
                Some('"') => Raw::Quoted(self.delimited('"', "quote")?),
                Some('/') if allow_regex => Raw::Regex(self.regex()?),
                Some(_) => Raw::Bare(self.bare()),
            };
            if raw.text().is_empty() {
                return Err(match raw {
                    Raw::Regex(_) => QueryError::new(column, "empty regex"),
                    _ if matches!(key, Key::Text(_)) => QueryError::new(column, "empty quotes: nothing to search for"),
                    _ => QueryError::new(column, format!("{}: expects {}", key_name(key), key.expects())),
                });
            }
            out.push(Spanned { value: raw, column });
            match self.peek() {
                Some('|') => self.pos += 1,
                None => return Ok(out),
                Some(c) if c.is_whitespace() => return Ok(out),
                Some(c) => {
                    return Err(QueryError::new(
                        self.column(),
                        format!("unexpected `{c}` after the closing quote or slash; leave a space or use `|`"),
                    ));
                }
            }
        }
    }

    fn bare(&mut self) -> String {
        let start = self.pos;
        while self.peek().is_some_and(|c| !c.is_whitespace() && c != '|') {
            self.pos += 1;
        }
        self.chars[start..self.pos].iter().collect()
    }

    /// A `"quoted"` value: `\"` is a quote and `\\` a backslash; other backslashes stay.
    fn delimited(&mut self, close: char, what: &str) -> Result<String, QueryError> {
        let open_column = self.column();
        self.pos += 1;
        let mut out = String::new();
        loop {
            match self.peek() {
                None => return Err(QueryError::new(open_column, format!("unclosed {what}: add a closing {close}"))),
                Some(c) if c == close => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some('\\') if matches!(self.chars.get(self.pos + 1), Some(&n) if n == close || n == '\\') => {
                    out.push(self.chars[self.pos + 1]);
                    self.pos += 2;
                }
                Some(c) => {
                    out.push(c);
                    self.pos += 1;
                }
            }
        }
    }

    /// A `/regex/`: `\/` is a slash; every other escape is the regex's own. The syntax is
    /// checked here so that the error points into the pattern.
    fn regex(&mut self) -> Result<String, QueryError> {
        let open_column = self.column();
        self.pos += 1;
        let mut pattern = String::new();
        // Column of each pattern character, to place syntax errors.
        let mut columns = Vec::new();
        loop {
            match self.peek() {
                None => return Err(QueryError::new(open_column, "unclosed regex: add a closing /")),
                Some('/') => {
                    self.pos += 1;
                    break;
                }
                Some('\\') if self.chars.get(self.pos + 1) == Some(&'/') => {
                    columns.push(self.column() + 1);
                    pattern.push('/');
                    self.pos += 2;
                }
                Some('\\') if self.chars.get(self.pos + 1).is_some() => {
                    columns.push(self.column());
                    columns.push(self.column() + 1);
                    pattern.push('\\');
                    pattern.push(self.chars[self.pos + 1]);
                    self.pos += 2;
                }
                Some(c) => {
                    columns.push(self.column());
                    pattern.push(c);
                    self.pos += 1;
                }
            }
        }
        check_regex(&pattern, &columns, open_column)?;
        Ok(pattern)
    }
}

fn key_name(key: Key) -> &'static str {
    KEYS.iter().find(|(_, k)| *k == key).map_or("?", |(name, _)| name)
}

fn missing_value(key: Key, so_far: &[Spanned<Raw>], empty_column: usize, column: usize) -> QueryError {
    if so_far.is_empty() {
        match key {
            Key::Text(Scope::Any) => QueryError::new(column, "expected a term"),
            _ => QueryError::new(empty_column, format!("{}: expects {}", key_name(key), key.expects())),
        }
    } else {
        QueryError::new(column - 1, "empty alternative: `|` needs a value on each side")
    }
}

fn each<T>(alts: Vec<Spanned<Raw>>, f: impl Fn(&Spanned<Raw>) -> Result<T, QueryError>) -> Result<Vec<T>, QueryError> {
    alts.iter().map(f).collect()
}

fn text_filter(scope: Scope, alternatives: Vec<Spanned<Raw>>) -> Filter {
    let patterns = alternatives
        .into_iter()
        .map(|a| match a.value {
            Raw::Regex(r) => TextPattern::Regex(r),
            Raw::Bare(s) | Raw::Quoted(s) => TextPattern::Literal(s),
        })
        .collect();
    Filter::Text { scope, patterns }
}

/// Checks a regex's syntax (case-insensitive, as it will run) and places any error.
fn check_regex(pattern: &str, columns: &[usize], open_column: usize) -> Result<(), QueryError> {
    let mut parser = regex_syntax::ast::parse::Parser::new();
    let ast = parser.parse(pattern).map_err(|e| {
        let char_index = pattern[..e.span().start.offset].chars().count();
        let column = columns.get(char_index).copied().unwrap_or(open_column);
        QueryError::new(column, format!("invalid regex: {}", e.kind()))
    })?;
    let mut translator = regex_syntax::hir::translate::TranslatorBuilder::new().case_insensitive(true).build();
    translator.translate(pattern, &ast).map_err(|e| {
        let char_index = pattern[..e.span().start.offset].chars().count();
        let column = columns.get(char_index).copied().unwrap_or(open_column);
        QueryError::new(column, format!("invalid regex: {}", e.kind()))
    })?;
    Ok(())
}

fn winner_value(s: &str) -> WinnerValue {
    match s.to_lowercase().as_str() {
        "a" | "model_a" => WinnerValue::Vote(Winner::ModelA),
        "b" | "model_b" => WinnerValue::Vote(Winner::ModelB),
        "tie" => WinnerValue::Vote(Winner::Tie),
        "bothbad" | "both_bad" | "tie (bothbad)" => WinnerValue::Vote(Winner::BothBad),
        // Search Arena's battles whose user never voted.
        "none" | "novote" | "no_vote" | "no-vote" | "no vote" => WinnerValue::Vote(Winner::NoVote),
        _ => WinnerValue::Model(s.to_owned()),
    }
}

/// A question_id prefix, or a full address `question_id#N` (N counts repeats from 1; see
/// [`crate::address`]).
fn id_value(s: &str) -> Option<String> {
    if s.contains(['#', '\\']) { crate::address::parse_strict(s).map(|_| s.to_owned()) } else { Some(s.to_owned()) }
}

fn yes_no(s: &str) -> Option<bool> {
    match s.to_ascii_lowercase().as_str() {
        "yes" | "true" | "y" => Some(true),
        "no" | "false" | "n" => Some(false),
        _ => None,
    }
}

fn moderation_value(s: &str, column: usize) -> Result<ModerationValue, QueryError> {
    let lower = s.to_ascii_lowercase();
    if lower == "flagged" {
        return Ok(ModerationValue::Flagged);
    }
    match crate::model::moderation_category_index(&lower) {
        Some(i) => Ok(ModerationValue::Category(i)),
        None => Err(QueryError::new(
            column,
            format!("mod: unknown category `{s}`; expected flagged or one of {}", MODERATION_CATEGORIES.join(", ")),
        )),
    }
}

fn is_value(s: &str) -> Option<IsValue> {
    match s.to_ascii_lowercase().as_str() {
        "code" => Some(IsValue::Code),
        "refusal" => Some(IsValue::Refusal),
        _ => None,
    }
}

fn review_value(s: &str) -> ReviewValue {
    match s.to_lowercase().as_str() {
        "flagged" => ReviewValue::Flagged,
        "noted" => ReviewValue::Noted,
        "none" => ReviewValue::None,
        _ => ReviewValue::Label(s.to_owned()),
    }
}

/// `N`, `>N`, `<N`, `>=N`, `<=N`, `N..M`, `N..`, `..M`.
fn number_range(s: &str) -> Option<NumberRange> {
    let num = |t: &str| t.parse::<u32>().ok();
    let range = if let Some(t) = s.strip_prefix(">=") {
        NumberRange { min: num(t)?, max: u32::MAX }
    } else if let Some(t) = s.strip_prefix("<=") {
        NumberRange { min: 0, max: num(t)? }
    } else if let Some(t) = s.strip_prefix('>') {
        NumberRange { min: num(t)?.checked_add(1)?, max: u32::MAX }
    } else if let Some(t) = s.strip_prefix('<') {
        NumberRange { min: 0, max: num(t)?.checked_sub(1)? }
    } else if let Some((lo, hi)) = s.split_once("..") {
        let min = if lo.is_empty() { 0 } else { num(lo)? };
        let max = if hi.is_empty() { u32::MAX } else { num(hi)? };
        NumberRange { min, max }
    } else {
        let n = num(s)?;
        NumberRange { min: n, max: n }
    };
    (range.min <= range.max).then_some(range)
}

/// Why a range written with numbers holds none, said the same way as for dates: `N..M` with M
/// below N ends before it starts, `<0` is empty, and a number past `u32` is too large. `None`
/// when the text is not numbers at all (the message then says what is expected).
fn range_problem(s: &str) -> Option<&'static str> {
    let reversed = s
        .split_once("..")
        .and_then(|(lo, hi)| Some((lo.parse::<u32>().ok()?, hi.parse::<u32>().ok()?)))
        .is_some_and(|(lo, hi)| lo > hi);
    let rest = s.trim_start_matches(['<', '>', '=']);
    let numbers = rest.split("..").all(|p| p.bytes().all(|c| c.is_ascii_digit()));
    if reversed {
        Some("ends before it starts")
    } else if s == "<0" {
        Some("is empty: nothing is below 0")
    } else if numbers && rest.bytes().any(|c| c.is_ascii_digit()) {
        Some("is too large")
    } else {
        None
    }
}

/// `D`, `>D`, `<D`, `>=D`, `<=D`, `D1..D2`, `D..`, `..D`; a date is `YYYY-MM-DD` or a whole
/// month `YYYY-MM`.
fn day_range(s: &str, column: usize) -> Result<DayRange, QueryError> {
    let bad = |part: &str| {
        QueryError::new(column, format!("date: `{part}` is not a date; expects YYYY-MM-DD, D1..D2, >D or <D"))
    };
    let days = |t: &str| dates(t).ok_or_else(|| bad(t));
    let (first, last) = if let Some(t) = s.strip_prefix(">=") {
        (days(t)?.0, i64::MAX)
    } else if let Some(t) = s.strip_prefix("<=") {
        (i64::MIN, days(t)?.1)
    } else if let Some(t) = s.strip_prefix('>') {
        (days(t)?.1 + 1, i64::MAX)
    } else if let Some(t) = s.strip_prefix('<') {
        (i64::MIN, days(t)?.0 - 1)
    } else if let Some((lo, hi)) = s.split_once("..") {
        let first = if lo.is_empty() { i64::MIN } else { days(lo)?.0 };
        let last = if hi.is_empty() { i64::MAX } else { days(hi)?.1 };
        (first, last)
    } else {
        days(s)?
    };
    if first > last {
        return Err(QueryError::new(column, format!("date: `{s}` ends before it starts")));
    }
    Ok(DayRange { first, last })
}

/// The first and last day of `YYYY-MM-DD` (one day) or `YYYY-MM` (a month).
fn dates(s: &str) -> Option<(i64, i64)> {
    if let Some(day) = time::parse_date(s) {
        return Some((day, day));
    }
    let (y, m) = s.split_once('-')?;
    if y.len() != 4 || m.len() != 2 {
        return None;
    }
    let (y, m): (i64, u32) = (y.parse().ok()?, m.parse().ok()?);
    if !(1..=12).contains(&m) {
        return None;
    }
    let first = time::days_from_civil(y, m, 1);
    let next = if m == 12 { time::days_from_civil(y + 1, 1, 1) } else { time::days_from_civil(y, m + 1, 1) };
    Some((first, next - 1))
}

/// `kept` / `dropped` (deduplication), case-insensitive.
fn kept_dropped(s: &str) -> Option<bool> {
    if s.eq_ignore_ascii_case("kept") {
        Some(true)
    } else if s.eq_ignore_ascii_case("dropped") {
        Some(false)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(input: &str) -> Term {
        let q = parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
        assert_eq!(q.terms.len(), 1, "{input}: {q:?}");
        q.terms.into_iter().next().expect("one term")
    }

    fn err(input: &str) -> QueryError {
        parse(input).expect_err(input)
    }

    fn lit(s: &str) -> TextPattern {
        TextPattern::Literal(s.to_owned())
    }

    fn names(list: &[(&str, usize)]) -> Vec<Spanned<String>> {
        list.iter().map(|(v, c)| Spanned { value: (*v).to_owned(), column: *c }).collect()
    }

    #[test]
    fn empty_and_blank_queries_have_no_terms() {
        assert!(parse("").unwrap().is_empty());
        assert!(parse("   \t ").unwrap().is_empty());
    }

    #[test]
    fn bare_words_phrases_and_regexes() {
        let q = parse("python  \"exact phrase\" /colou?r/").unwrap();
        let patterns: Vec<_> = q
            .terms
            .iter()
            .map(|t| match &t.filter {
                Filter::Text { scope: Scope::Any, patterns } => patterns[0].clone(),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(patterns, [lit("python"), lit("exact phrase"), TextPattern::Regex("colou?r".into())]);
        assert_eq!(q.terms.iter().map(|t| t.column).collect::<Vec<_>>(), [1, 9, 24]);
    }

    #[test]
    fn negation_applies_to_any_term() {
        for input in ["-python", "-\"a b\"", "-/x+/", "-model:gpt-4", "-lang:English"] {
            let t = one(input);
            assert!(t.negated, "{input}");
            assert_eq!(t.column, 1);
        }
        assert!(!one("python").negated);
    }

    #[test]
    fn alternatives_with_pipes_and_quotes() {
        let t = one("model:gpt-4|\"claude-v1\"|palm-2");
        assert_eq!(
            t.filter,
            Filter::Model { side: ModelSide::Either, names: names(&[("gpt-4", 7), ("claude-v1", 13), ("palm-2", 25)]) }
        );
        let t = one("python|\"a|b\"|/c+/");
        assert_eq!(
            t.filter,
            Filter::Text {
                scope: Scope::Any,
                patterns: vec![lit("python"), lit("a|b"), TextPattern::Regex("c+".into())]
            }
        );
        assert_eq!(one("lang:\"norwegian nynorsk\"").filter, Filter::Language(names(&[("norwegian nynorsk", 6)])));
    }

    #[test]
    fn quotes_escape_quotes_and_backslashes() {
        assert_eq!(
            one(r#""say \"hi\" \\ C:\path""#).filter,
            Filter::Text { scope: Scope::Any, patterns: vec![lit(r#"say "hi" \ C:\path"#)] }
        );
        assert_eq!(
            one(r"/a\/b\d/").filter,
            Filter::Text { scope: Scope::Any, patterns: vec![TextPattern::Regex(r"a/b\d".into())] }
        );
    }

    #[test]
    fn scopes() {
        for (input, scope) in [
            ("prompt:cuda", Scope::Prompt),
            ("answer:cuda", Scope::Answer),
            ("answer_a:cuda", Scope::AnswerA),
            ("ANSWER_B:cuda", Scope::AnswerB),
        ] {
            assert_eq!(one(input).filter, Filter::Text { scope, patterns: vec![lit("cuda")] }, "{input}");
        }
        assert_eq!(
            one("prompt:\"read a file\"|/pa(nd)?as/").filter,
            Filter::Text {
                scope: Scope::Prompt,
                patterns: vec![lit("read a file"), TextPattern::Regex("pa(nd)?as".into())]
            }
        );
    }

    #[test]
    fn facet_terms() {
        assert_eq!(one("model_a:x").filter, Filter::Model { side: ModelSide::A, names: names(&[("x", 9)]) });
        assert_eq!(one("model_b:x").filter, Filter::Model { side: ModelSide::B, names: names(&[("x", 9)]) });
        assert_eq!(
            one("winner:a|B|tie|bothbad|gpt-4").filter,
            Filter::Winner(vec![
                Spanned { value: WinnerValue::Vote(Winner::ModelA), column: 8 },
                Spanned { value: WinnerValue::Vote(Winner::ModelB), column: 10 },
                Spanned { value: WinnerValue::Vote(Winner::Tie), column: 12 },
                Spanned { value: WinnerValue::Vote(Winner::BothBad), column: 16 },
                Spanned { value: WinnerValue::Model("gpt-4".into()), column: 24 },
            ])
        );
        assert_eq!(
            one("winner:none|NoVote").filter,
            Filter::Winner(vec![
                Spanned { value: WinnerValue::Vote(Winner::NoVote), column: 8 },
                Spanned { value: WinnerValue::Vote(Winner::NoVote), column: 13 },
            ])
        );
        assert_eq!(one("loser:gpt-4").filter, Filter::Loser(names(&[("gpt-4", 7)])));
        assert_eq!(one("judge:arena_user_973").filter, Filter::Judge(names(&[("arena_user_973", 7)])));
        assert_eq!(one("id:0001|abc").filter, Filter::Id(vec!["0001".into(), "abc".into()]));
        assert_eq!(one("toxic:yes").filter, Filter::Toxic(vec![true]));
        assert_eq!(one("anony:no").filter, Filter::Anony(vec![false]));
        assert_eq!(
            one("mod:flagged|self-harm/intent").filter,
            Filter::Moderation(vec![ModerationValue::Flagged, ModerationValue::Category(6)])
        );
        assert_eq!(
            one("review:flagged|noted|none|Needs-Check").filter,
            Filter::Review(vec![
                ReviewValue::Flagged,
                ReviewValue::Noted,
                ReviewValue::None,
                ReviewValue::Label("Needs-Check".into())
            ])
        );
    }

    #[test]
    fn release_terms() {
        use crate::category::Category;
        let spanned = |value, column| Spanned { value, column };
        assert_eq!(
            one("category:hard|IF|multiturn").filter,
            Filter::Category(vec![
                spanned(Category::Hard, 10),
                spanned(Category::InstructionFollowing, 15),
                spanned(Category::MultiTurn, 18)
            ])
        );
        for c in Category::ALL {
            assert_eq!(one(&format!("category:{}", c.query_name())).filter, Filter::Category(vec![spanned(c, 10)]));
            assert!(Key::Category.expects().contains(c.query_name()), "{c:?} missing from the error");
        }
        assert_eq!(
            one("is:code|Refusal").filter,
            Filter::Is(vec![
                Spanned { value: IsValue::Code, column: 4 },
                Spanned { value: IsValue::Refusal, column: 9 }
            ])
        );
        assert_eq!(one("split:gpt4_pair").filter, Filter::Split(names(&[("gpt4_pair", 7)])));
        assert_eq!(one("intent:\"factual lookup\"").filter, Filter::Intent(names(&[("factual lookup", 8)])));
        let e = err("category:easy");
        assert_eq!(
            (e.column, e.message.as_str()),
            (10, "category: expects hard, if, math, creative, code, long or multiturn")
        );
        let e = err("x is:safe");
        assert_eq!((e.column, e.message.as_str()), (6, "is: expects code or refusal"));
        assert!(err("categroy:hard").message.contains("did you mean `category:`?"));
    }

    #[test]
    fn turn_ranges() {
        let r = |input: &str| match one(input).filter {
            Filter::Turns(r) => r.iter().map(|r| (r.min, r.max)).collect::<Vec<_>>(),
            other => panic!("{other:?}"),
        };
        assert_eq!(r("turns:3"), [(3, 3)]);
        assert_eq!(r("turns:>3"), [(4, u32::MAX)]);
        assert_eq!(r("turns:<3"), [(0, 2)]);
        assert_eq!(r("turns:>=3"), [(3, u32::MAX)]);
        assert_eq!(r("turns:<=3"), [(0, 3)]);
        assert_eq!(r("turns:2..4|7"), [(2, 4), (7, 7)]);
        assert_eq!(r("turns:2.."), [(2, u32::MAX)]);
    }

    #[test]
    fn date_ranges_are_inclusive_utc_days() {
        let d = |s: &str| time::parse_date(s).expect("valid date");
        let r = |input: &str| match one(input).filter {
            Filter::Date(r) => (r[0].first, r[0].last),
            other => panic!("{other:?}"),
        };
        assert_eq!(r("date:2023-05-03"), (d("2023-05-03"), d("2023-05-03")));
        assert_eq!(r("date:2023-05-01..2023-05-15"), (d("2023-05-01"), d("2023-05-15")));
        assert_eq!(r("date:>2023-06-01"), (d("2023-06-02"), i64::MAX));
        assert_eq!(r("date:<2023-06-01"), (i64::MIN, d("2023-05-31")));
        assert_eq!(r("date:2023-06"), (d("2023-06-01"), d("2023-06-30")));
        assert_eq!(r("date:2023-12"), (d("2023-12-01"), d("2023-12-31")));
    }

    #[test]
    fn errors_name_their_column() {
        let cases: &[(&str, usize, &str)] = &[
            ("lang:", 5, "lang: expects a language"),
            ("python lang: x", 12, "lang: expects a language"),
            ("model:", 6, "model: expects a model name"),
            ("turns:x", 7, "turns: expects a number of turns"),
            ("turns:<0", 7, "turns: `<0` is empty: nothing is below 0"),
            ("turns:>99999999999", 7, "turns: `>99999999999` is too large"),
            ("turns:1..99999999999", 7, "is too large"),
            ("turns:1..x", 7, "turns: expects a number of turns"),
            ("turns:5..2", 7, "turns: `5..2` ends before it starts"),
            ("vote:a", 1, "unknown filter `vote:` (did you mean `winner:`?"),
            ("user:x", 1, "unknown filter `user:` (did you mean `judge:`?"),
            ("a toxic:maybe", 9, "toxic: expects yes or no"),
            ("anony:", 6, "anony: expects yes or no"),
            ("id:abc#x", 4, "id: expects a question_id prefix or question_id#N"),
            ("id:abc#0", 4, "id: expects"),
            ("mod:rudeness", 5, "mod: unknown category `rudeness`"),
            ("date:2023-13-01", 6, "date: `2023-13-01` is not a date"),
            ("date:2023-06-10..2023-06-01", 6, "ends before it starts"),
            ("x \"unclosed", 3, "unclosed quote"),
            ("/unclosed", 1, "unclosed regex"),
            ("ok /a(b/", 6, "invalid regex: unclosed group"),
            ("/a{2,1}/", 3, "invalid regex"),
            ("//", 1, "empty regex"),
            ("\"\"", 1, "empty quotes"),
            ("-", 1, "`-` must be followed"),
            ("a - b", 3, "`-` must be followed"),
            ("--x", 1, "cannot start with `--`"),
            ("a||b", 3, "empty alternative"),
            ("model:gpt-4|", 12, "empty alternative"),
            ("|a", 1, "empty alternative"),
            ("\"a\"b", 4, "unexpected `b`"),
            ("modle:gpt-4", 1, "unknown filter `modle:` (did you mean `model:`?"),
            ("x lnag:en", 3, "unknown filter `lnag:`"),
        ];
        for (input, column, message) in cases {
            let e = err(input);
            assert_eq!(e.column, *column, "{input}: {e}");
            assert!(e.message.starts_with(message) || e.message.contains(message), "{input}: {e}");
        }
    }

    #[test]
    fn error_display_matches_the_documented_form() {
        assert_eq!(err("lang:").to_string(), "lang: expects a language (column 5)");
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let e = err("日本語 lang:");
        assert_eq!(e.column, 9);
        let t = parse("日本語 model:x").unwrap();
        assert_eq!(t.terms[1].column, 5);
    }

    #[test]
    fn words_with_digits_before_a_colon_are_text() {
        assert_eq!(one("12:30").filter, Filter::Text { scope: Scope::Any, patterns: vec![lit("12:30")] });
        assert_eq!(one("\"http://x\"").filter, Filter::Text { scope: Scope::Any, patterns: vec![lit("http://x")] });
    }

    #[test]
    fn never_panics_on_odd_input() {
        for input in ["\\", "\"\\", "/\\", "-\"", "a:|", "model:\"", "x|", "é|/", "-|", "date:..", "turns:..", "ü:"] {
            let _ = parse(input);
        }
    }
}
