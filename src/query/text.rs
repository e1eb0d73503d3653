//! The text scan: which candidate battles have a message (in the term's scope) containing a
//! literal or matching a regex, and where in a message the matches are.
//!
//! First the trigram filter ([`crate::index::trigram`]) drops the candidates that cannot contain the
//! needle. Unscoped literals are then searched in [`Index::folded_text`]: with memmem where
//! that text is folded, with a searcher that ignores ASCII case where it is the original
//! (which finds the same; see [`crate::index::TextKind`]); before any search has folded the
//! text and when every needle is ASCII, the original text is searched that way throughout. Run by run of
//! consecutive candidates, so that a query over most battles is one pass over each text
//! segment (a run that crosses segments is scanned part by part; no battle does): a hit is mapped to its message by binary search, a hit that straddles two messages
//! is skipped, and after a real hit the scan jumps to the end of that battle. Scoped literals
//! are searched in the in-scope messages only. Regexes run per message (so they never match
//! across messages), only on battles that contain one of their required literals when they
//! have some (see [`super::prefilter`]).

use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};

use aho_corasick::{AhoCorasick, MatchKind};
use memchr::memmem::Finder;
use rayon::prelude::*;
use regex::Regex;

use crate::index::trigram::TrigramFilter;
use crate::index::{BattleId, Index, MessageSpan, SearchText, Side, TextKind as Kind};

use super::QueryError;
use super::ast::{Scope, TextPattern};

/// One text term, ready to scan.
#[derive(Debug, Clone)]
pub struct TextTerm {
    pub negated: bool,
    pub scope: Scope,
    pub patterns: Vec<Pattern>,
}

/// One alternative of a text term.
#[derive(Debug, Clone)]
pub enum Pattern {
    /// Searched in folded text with a folded needle.
    Literal(Needle),
    /// Many literal alternatives of one term (more than [`MANY_LITERALS`]), searched in one
    /// pass with one automaton instead of one pass each (3,000 words took 8.7 s at 33K).
    Literals(Needles),
    /// Matched per message on the original text (one search over many messages laid end to
    /// end measured slower); `required`: folded literals one of which every match contains.
    Regex { regex: Regex, required: Option<Vec<Needle>> },
}

/// A folded literal: its finders (boxed: a finder is large) and its trigram buckets.
#[derive(Debug, Clone)]
pub struct Needle {
    /// For folded text.
    finder: Box<Finder<'static>>,
    /// For original text ([`Kind::Original`]): ignores ASCII case, so it finds exactly what
    /// `finder` finds over the folded text, and most of the text need never be folded.
    plain: Plain,
    ascii: bool,
    /// `None` when too short for the trigram filter.
    buckets: Option<Vec<u16>>,
}

/// A searcher for a folded needle that ignores ASCII case. A regex where it compiles, not
/// aho-corasick: its prefilter looks for the case variants of a prefix with SIMD (Teddy),
/// which made a first `python` search over 330K battles 0.2 s faster.
#[derive(Debug, Clone)]
enum Plain {
    Regex(regex::bytes::Regex),
    Automaton(AhoCorasick),
}

impl Plain {
    fn new(folded: &str) -> Result<Plain, String> {
        // Non-ASCII bytes as `\xNN`: matched as they are, whatever the case flag says.
        let mut pattern = String::from("(?i-u:");
        for c in folded.chars() {
            if c.is_ascii() {
                pattern.push_str(&regex::escape(c.encode_utf8(&mut [0; 4])));
            } else {
                for b in c.encode_utf8(&mut [0; 4]).bytes() {
                    pattern.push_str(&format!("\\x{b:02X}"));
                }
            }
        }
        pattern.push(')');
        match regex::bytes::RegexBuilder::new(&pattern).size_limit(REGEX_SIZE_LIMIT).build() {
            Ok(r) => Ok(Plain::Regex(r)),
            Err(_) => AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build([folded])
                .map(Plain::Automaton)
                .map_err(|e| format!("word too long to search for: {e}")),
        }
    }

    fn find(&self, hay: &[u8]) -> Option<usize> {
        match self {
            Plain::Regex(r) => r.find(hay).map(|m| m.start()),
            Plain::Automaton(a) => a.find(hay).map(|m| m.start()),
        }
    }
}

impl Needle {
    fn new(folded: &str) -> Result<Needle, String> {
        Ok(Needle {
            finder: Box::new(Finder::new(folded.as_bytes()).into_owned()),
            plain: Plain::new(folded)?,
            ascii: folded.is_ascii(),
            buckets: TrigramFilter::needle_buckets(folded.as_bytes()),
        })
    }

    fn len(&self) -> usize {
        self.finder.needle().len()
    }

    /// The first match in `hay`, which is text of the given kind.
    fn find(&self, kind: Kind, hay: &[u8]) -> Option<usize> {
        match kind {
            Kind::Original => self.plain.find(hay),
            Kind::Folded => self.finder.find(hay),
        }
    }
}

/// Above this many literal alternatives, a term's literals become one [`Pattern::Literals`].
pub const MANY_LITERALS: usize = 8;

/// At most this many regex alternatives in one term: each is its own scan (join them into
/// one regex instead).
pub const MAX_REGEX_ALTERNATIVES: usize = 64;

/// Folded literals searched together: an automaton over folded text and one that ignores
/// ASCII case over the original text (see [`Needle::plain`]).
#[derive(Debug, Clone)]
pub struct Needles {
    folded: AhoCorasick,
    plain: AhoCorasick,
    ascii: bool,
    /// The trigram buckets of each needle; `None` when one is too short for the filter.
    buckets: Option<Vec<Vec<u16>>>,
    shortest: usize,
}

impl Needles {
    fn new(folded: &[String]) -> Result<Needles, String> {
        let build = |ascii_case: bool| {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .ascii_case_insensitive(ascii_case)
                .build(folded)
                .map_err(|e| format!("too many alternatives: {e}"))
        };
        Ok(Needles {
            folded: build(false)?,
            plain: build(true)?,
            ascii: folded.iter().all(|n| n.is_ascii()),
            buckets: folded.iter().map(|n| TrigramFilter::needle_buckets(n.as_bytes())).collect(),
            shortest: folded.iter().map(String::len).min().unwrap_or(0),
        })
    }

    fn automaton(&self, kind: Kind) -> &AhoCorasick {
        match kind {
            Kind::Original => &self.plain,
            Kind::Folded => &self.folded,
        }
    }
}

/// Something [`scan_literal`] can look for: the first match in a haystack, as (start, length).
trait Find: Sync {
    fn find_in(&self, kind: Kind, hay: &[u8]) -> Option<(usize, usize)>;
}

impl Find for Needle {
    fn find_in(&self, kind: Kind, hay: &[u8]) -> Option<(usize, usize)> {
        self.find(kind, hay).map(|at| (at, self.len()))
    }
}

impl Find for Needles {
    fn find_in(&self, kind: Kind, hay: &[u8]) -> Option<(usize, usize)> {
        self.automaton(kind).find(hay).map(|m| (m.start(), m.len()))
    }
}

/// Upper bound on a compiled regex, so that a pasted monster cannot eat memory.
const REGEX_SIZE_LIMIT: usize = 32 << 20;

impl Pattern {
    pub fn compile(pattern: &TextPattern, column: usize) -> Result<Pattern, QueryError> {
        match pattern {
            TextPattern::Literal(s) => Ok(Pattern::Literal(
                Needle::new(&crate::index::fold::fold_str(s)).map_err(|e| QueryError::new(column, e))?,
            )),
            TextPattern::Regex(r) => {
                let regex = regex::RegexBuilder::new(r)
                    .case_insensitive(true)
                    .size_limit(REGEX_SIZE_LIMIT)
                    .build()
                    .map_err(|e| QueryError::new(column, regex_error(&e)))?;
                // A literal that cannot be searched for only costs the prefilter.
                let required = super::prefilter::required_literals(r)
                    .and_then(|lits| lits.iter().map(|l| Needle::new(l).ok()).collect());
                Ok(Pattern::Regex { regex, required })
            }
        }
    }

    /// The patterns of one term; many literals become one [`Pattern::Literals`].
    pub fn compile_all(patterns: &[TextPattern], column: usize) -> Result<Vec<Pattern>, QueryError> {
        let literals: Vec<String> = patterns
            .iter()
            .filter_map(|p| match p {
                TextPattern::Literal(s) => Some(crate::index::fold::fold_str(s)),
                TextPattern::Regex(_) => None,
            })
            .collect();
        let regexes = patterns.len() - literals.len();
        if regexes > MAX_REGEX_ALTERNATIVES {
            return Err(QueryError::new(
                column,
                format!(
                    "too many regex alternatives ({regexes}; at most {MAX_REGEX_ALTERNATIVES}): join them into one /regex/"
                ),
            ));
        }
        if literals.len() <= MANY_LITERALS {
            return patterns.iter().map(|p| Pattern::compile(p, column)).collect();
        }
        let mut out = vec![Pattern::Literals(Needles::new(&literals).map_err(|e| QueryError::new(column, e))?)];
        for p in patterns.iter().filter(|p| matches!(p, TextPattern::Regex(_))) {
            out.push(Pattern::compile(p, column)?);
        }
        Ok(out)
    }

    fn is_regex(&self) -> bool {
        matches!(self, Pattern::Regex { .. })
    }

    /// The needle length of a literal (0 for regexes): longer needles are usually rarer.
    pub fn literal_len(&self) -> usize {
        match self {
            Pattern::Literal(n) => n.len(),
            Pattern::Literals(n) => n.shortest,
            Pattern::Regex { .. } => 0,
        }
    }
}

impl TextTerm {
    pub fn has_regex(&self) -> bool {
        self.patterns.iter().any(Pattern::is_regex)
    }

    /// The trigram buckets of every needle that a matching battle must contain one of;
    /// `None` if some alternative cannot be filtered that way.
    fn needle_buckets(&self) -> Option<Vec<&[u16]>> {
        let mut out = Vec::new();
        for p in &self.patterns {
            match p {
                Pattern::Literal(n) => out.push(n.buckets.as_deref()?),
                Pattern::Literals(n) => out.extend(n.buckets.as_ref()?.iter().map(Vec::as_slice)),
                Pattern::Regex { required: Some(needles), .. } => {
                    for n in needles {
                        out.push(n.buckets.as_deref()?);
                    }
                }
                Pattern::Regex { required: None, .. } => return None,
            }
        }
        Some(out)
    }
}

fn regex_error(e: &regex::Error) -> String {
    match e {
        regex::Error::CompiledTooBig(limit) => format!("regex too big (over {limit} bytes compiled)"),
        other => format!("invalid regex: {}", other.to_string().lines().last().unwrap_or("")),
    }
}

/// Whether the battle's `i`-th message is one the scope looks at.
fn in_scope(index: &Index, b: BattleId, i: usize, m: &MessageSpan, scope: Scope) -> bool {
    match scope {
        Scope::Any => true,
        Scope::Prompt => m.is_user,
        Scope::Answer => !m.is_user,
        Scope::AnswerA => !m.is_user && index.side_of(b, i) == Side::A,
        Scope::AnswerB => !m.is_user && index.side_of(b, i) == Side::B,
    }
}

/// The candidates (sorted battle numbers) that the term's patterns match, ignoring
/// negation; `filter`, when given, first drops those that cannot match. `None` if cancelled.
/// Split across the pool when `parallel`, else all on the calling thread.
pub fn matching(
    index: &Index,
    filter: Option<&TrigramFilter>,
    term: &TextTerm,
    candidates: &[u32],
    cancel: &AtomicBool,
    parallel: bool,
) -> Option<Vec<u32>> {
    let text = text_for(index, term);
    let possible;
    let candidates = match (filter, term.needle_buckets()) {
        (Some(filter), Some(needles)) => {
            possible = filter.retain_possible(candidates, &needles);
            &possible[..]
        }
        _ => candidates,
    };
    if !parallel {
        return matching_in(index, &text, term, candidates, cancel);
    }
    let pieces = split_work(candidates);
    let results: Vec<Option<Vec<u32>>> = pieces
        .par_iter()
        .map(|piece| {
            if cancel.load(Ordering::Relaxed) {
                return None;
            }
            matching_in(index, &text, term, piece, cancel)
        })
        .collect();
    let mut out = Vec::new();
    for r in results {
        out.extend(r?);
    }
    Some(out)
}

/// How many of the candidates the trigram filter leaves for this term (an upper bound on its
/// matches), or `None` if the term cannot use the filter.
pub fn estimate(filter: &TrigramFilter, term: &TextTerm, candidates: &[u32]) -> Option<usize> {
    possible(filter, term, candidates).map(|p| p.len())
}

/// The candidates the trigram filter says may match the term, or `None` if the term cannot
/// use the filter.
pub fn possible(filter: &TrigramFilter, term: &TextTerm, candidates: &[u32]) -> Option<Vec<u32>> {
    let needles = term.needle_buckets()?;
    Some(filter.retain_possible(candidates, &needles))
}

/// Pieces of the candidate list for the worker threads: enough for work stealing to even
/// out uneven battles, few enough that small searches stay on one thread.
fn split_work(candidates: &[u32]) -> Vec<&[u32]> {
    const MIN_PIECE: usize = 512;
    let threads = rayon::current_num_threads().max(1);
    let size = (candidates.len() / (threads * 8)).max(MIN_PIECE);
    candidates.chunks(size).collect()
}

/// What the term's literals are searched in: the folded text if it exists or a needle needs
/// it, else the original text.
fn text_for<'i>(index: &'i Index, term: &TextTerm) -> SearchText<'i> {
    let mut needles = term.patterns.iter().flat_map(|p| match p {
        Pattern::Literal(n) => std::slice::from_ref(n),
        Pattern::Literals(_) => &[],
        Pattern::Regex { required: Some(ns), .. } => ns.as_slice(),
        Pattern::Regex { required: None, .. } => &[],
    });
    let many_ascii = term.patterns.iter().all(|p| !matches!(p, Pattern::Literals(n) if !n.ascii));
    match index.folded_text_if_built() {
        Some(folded) => folded,
        // Also when there is no needle at all (regexes only): nothing to fold for.
        None if many_ascii && needles.all(|n| n.ascii) => index.unfolded_text(),
        None => index.folded_text(),
    }
}

/// The matching battles of one piece, in order; `None` if cancelled.
fn matching_in(
    index: &Index,
    text: &SearchText<'_>,
    term: &TextTerm,
    piece: &[u32],
    cancel: &AtomicBool,
) -> Option<Vec<u32>> {
    let mut found: Vec<u32> = Vec::new();
    for pattern in &term.patterns {
        // Also between patterns: a term with many regexes is long even on one piece.
        if cancel.load(Ordering::Relaxed) {
            return None;
        }
        let before = found.len();
        match pattern {
            Pattern::Literal(needle) => scan_literal(index, text, needle, term.scope, piece, &mut found),
            Pattern::Literals(needles) => scan_literal(index, text, needles, term.scope, piece, &mut found),
            Pattern::Regex { regex, required: None } => {
                found.extend(piece.iter().copied().filter(|&b| regex_matches(index, regex, term.scope, BattleId(b))));
            }
            Pattern::Regex { regex, required: Some(needles) } => {
                let mut maybe = Vec::new();
                for n in needles {
                    scan_literal(index, text, n, term.scope, piece, &mut maybe);
                }
                maybe.sort_unstable();
                maybe.dedup();
                found.extend(maybe.into_iter().filter(|&b| regex_matches(index, regex, term.scope, BattleId(b))));
            }
        }
        if before > 0 {
            found.sort_unstable();
            found.dedup();
        }
    }
    Some(found)
}

fn regex_matches(index: &Index, regex: &Regex, scope: Scope, b: BattleId) -> bool {
    index
        .messages(b)
        .iter()
        .enumerate()
        .any(|(i, m)| in_scope(index, b, i, m, scope) && regex.is_match(index.message_text(m)))
}

/// Appends to `out` the battles of `piece` with an in-scope message containing the needle.
fn scan_literal(
    index: &Index,
    text: &SearchText<'_>,
    needle: &dyn Find,
    scope: Scope,
    piece: &[u32],
    out: &mut Vec<u32>,
) {
    if scope != Scope::Any {
        // Only some messages count: search just those rather than skip hits in the others.
        out.extend(piece.iter().copied().filter(|&b| {
            let b = BattleId(b);
            index.messages(b).iter().enumerate().any(|(i, m)| {
                in_scope(index, b, i, m, scope) && {
                    let (kind, hay) = text.get_with_kind(m.range());
                    needle.find_in(kind, hay).is_some()
                }
            })
        }));
        return;
    }
    for run in runs(piece) {
        // From the messages, not `battle_text_range`: a battle without messages has no place.
        let all = index.messages_of(run.clone());
        // Spans are not ordered by offset (a user turn stored once has two), so the run's
        // text is from the lowest start to the highest end.
        let start = all.clone().map(|m| m.start() as usize).min();
        let end = all.map(|m| m.range().end).max();
        if let (Some(start), Some(end)) = (start, end) {
            // A run may cross from one text segment or kind of text to the next; no battle does.
            for (base, kind, hay) in text.parts(start..end) {
                scan_range(index, kind, needle, run.clone(), base, hay, out);
            }
        }
    }
}

/// Maximal runs of consecutive battle numbers in a sorted list.
fn runs(sorted: &[u32]) -> impl Iterator<Item = Range<u32>> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        let start = *sorted.get(i)?;
        let mut end = start + 1;
        i += 1;
        while sorted.get(i) == Some(&end) {
            end += 1;
            i += 1;
        }
        Some(start..end)
    })
}

/// Scans `hay`, the text at offset `base` of some of the consecutive `battles`, and appends
/// each battle with a hit inside one message, once.
fn scan_range(
    index: &Index,
    kind: Kind,
    needle: &dyn Find,
    battles: Range<u32>,
    base: usize,
    hay: &[u8],
    out: &mut Vec<u32>,
) {
    let end = base + hay.len();
    let mut pos = base;
    // Hits come in offset order and battles' texts follow one another: the battle holding a
    // hit is found by walking forward (skipping battles without text).
    let mut battle = battles.start;
    while pos < end {
        let Some((offset, needle_len)) = needle.find_in(kind, &hay[pos - base..]) else { break };
        let at = pos + offset;
        while battle + 1 < battles.end && index.battle_text_range(BattleId(battle)).end <= at {
            battle += 1;
        }
        let b = BattleId(battle);
        // The message holding the hit's first byte: the one starting last at or before it (a
        // span stored once for two messages is the same span twice).
        let holder = index.messages(b).iter().filter(|m| m.start() as usize <= at).max_by_key(|m| (m.start(), m.len));
        let message_end = holder.map_or(at, |m| m.range().end).min(end);
        // The hit runs into the next message: not a match, unless a shorter alternative
        // matches at the same place inside the message.
        let inside = at + needle_len <= message_end
            || message_end > at
                && needle.find_in(kind, &hay[at - base..message_end - base]).is_some_and(|(o, _)| o == 0);
        if !inside {
            pos = at + 1;
        } else {
            out.push(b.0);
            pos = index.battle_text_range(b).end.max(at + 1);
        }
    }
}

/// Byte ranges of matches of `pattern` in message `m` of the battle (original offsets).
pub fn spans_in(index: &Index, pattern: &Pattern, m: &MessageSpan, out: &mut Vec<Range<usize>>) {
    match pattern {
        Pattern::Literal(needle) => {
            // Never fold the whole text just to highlight one battle: fold this message alone
            // when the folded text does not exist yet.
            let own;
            let (kind, hay) = match (index.folded_message_if_built(m), needle.ascii) {
                (Some(text), _) => text,
                (None, true) => (Kind::Original, index.message_text(m).as_bytes()),
                (None, false) => {
                    own = crate::index::fold::fold_str(index.message_text(m));
                    (Kind::Folded, own.as_bytes())
                }
            };
            let len = needle.len();
            let mut pos = 0;
            while let Some(offset) = needle.find(kind, &hay[pos..]) {
                out.push(pos + offset..pos + offset + len);
                pos += offset + len;
            }
        }
        Pattern::Literals(needles) => {
            let own;
            let (kind, hay) = match (index.folded_message_if_built(m), needles.ascii) {
                (Some(text), _) => text,
                (None, true) => (Kind::Original, index.message_text(m).as_bytes()),
                (None, false) => {
                    own = crate::index::fold::fold_str(index.message_text(m));
                    (Kind::Folded, own.as_bytes())
                }
            };
            out.extend(needles.automaton(kind).find_iter(hay).map(|h| h.range()));
        }
        Pattern::Regex { regex, .. } => {
            out.extend(regex.find_iter(index.message_text(m)).map(|h| h.range()).filter(|r| !r.is_empty()));
        }
    }
}

/// Whether the battle's `i`-th message is in the term's scope (for spans).
pub fn message_in_scope(index: &Index, b: BattleId, i: usize, term: &TextTerm) -> bool {
    in_scope(index, b, i, &index.messages(b)[i], term.scope)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_group_consecutive_numbers() {
        let runs: Vec<_> = runs(&[1, 2, 3, 7, 9, 10]).collect();
        assert_eq!(runs, [1..4, 7..8, 9..11]);
        assert_eq!(super::runs(&[]).count(), 0);
    }
}
