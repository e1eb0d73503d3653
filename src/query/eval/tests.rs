//! Evaluator tests on the varied fixtures and hand-made indexes, and a property test against a
//! naive scan.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::AtomicBool;

use proptest::prelude::*;

use super::*;
use crate::fixtures::{self, battle, conversation};
use crate::index::DatasetInfo;
use crate::model::{Battle, Winner};
use crate::query::{NoReviews, ReviewLookup};

fn index_of(rows: &[Battle]) -> Index {
    Index::from_battles(rows, DatasetInfo::default())
}

fn varied() -> Index {
    index_of(&fixtures::varied())
}

fn ids(index: &Index, query: &str) -> Vec<u32> {
    let q = CompiledQuery::new(index, query).unwrap_or_else(|e| panic!("{query}: {e}"));
    battles_matching(index, &q, &NoReviews).into_iter().map(|b| b.0).collect()
}

fn spans(index: &Index, query: &str, b: u32) -> Vec<MatchSpan> {
    let q = CompiledQuery::new(index, query).unwrap_or_else(|e| panic!("{query}: {e}"));
    match_spans(index, &q, BattleId(b))
}

/// The text each span covers.
fn span_texts(index: &Index, b: u32, spans: &[MatchSpan]) -> Vec<String> {
    let msgs = index.messages(BattleId(b));
    spans.iter().map(|s| index.message_text(&msgs[s.message])[s.range.clone()].to_owned()).collect()
}

#[test]
fn text_in_many_segments_gives_the_same_answers() {
    // Loaders store each piece's text as a segment of its own; runs of battles cross them.
    let mut rows = fixtures::varied();
    for i in 0..40 {
        let mut b = battle(&format!("seg{i:04}"), "gpt-4", "claude-v1");
        b.conversation_a = conversation(&["Tell me about Python", &format!("answer {i} about pandas")]);
        b.conversation_b = conversation(&["Tell me about Python", if i % 3 == 0 { "ÄGYPTEN" } else { "nothing" }]);
        rows.push(b);
    }
    let queries = ["python", "pandas", "ägypten", "\"answer 1\"", "/answer \\d+ about/", "answer_b:nothing", "-python"];
    for rows_per_piece in [1, 3, 7] {
        let one = index_of(&rows);
        let pieces = Index::from_battle_pieces(&rows, rows_per_piece, DatasetInfo::default());
        // Twice: the second search of an index uses the folded text and the trigram filter.
        for round in 0..2 {
            for q in queries {
                assert_eq!(ids(&pieces, q), ids(&one, q), "{q}, {rows_per_piece} per piece, round {round}");
                for b in [0u32, 4, 17, 44] {
                    assert_eq!(spans(&pieces, q, b), spans(&one, q, b), "{q} spans of {b}");
                }
            }
        }
    }
}

#[test]
fn original_and_folded_text_scans_agree_for_ascii_needles() {
    let mut rows = fixtures::varied();
    let mut b = battle("0005eeee", "gpt-4", "palm-2");
    b.conversation_a = conversation(&["PyThOn and ÄGYPTEN", "a KELVIN sign \u{212A} and PYTHONIC"]);
    b.conversation_b = conversation(&["PyThOn and ÄGYPTEN", "end of message on pyth", "on the next"]);
    rows.push(b);
    let queries =
        ["python", "PYTHON", "pyth", "kelvin", "k", "answer:python", "prompt:python", "\"python the\"", "rust"];
    // The first search of a fresh index has no folded text: ASCII needles scan the original.
    let original: Vec<_> = queries
        .iter()
        .map(|q| {
            let fresh = index_of(&rows);
            let found = ids(&fresh, q);
            assert!(fresh.folded_text_if_built().is_none(), "{q}: an ASCII search must not fold the text");
            found
        })
        .collect();
    let folded = index_of(&rows);
    let _ = folded.folded_text();
    for (q, expected) in queries.iter().zip(&original) {
        assert_eq!(&ids(&folded, q), expected, "{q}");
    }
    for q in ["python", "ägypten", "\"pyth\""] {
        let fresh = index_of(&rows);
        let before = spans(&fresh, q, 5);
        assert!(fresh.folded_text_if_built().is_none(), "{q}: highlighting must not fold all the text");
        assert!(!before.is_empty(), "{q}");
        assert_eq!(before, spans(&folded, q, 5), "{q}");
    }
    assert_eq!(original[0], vec![0, 5], "case-insensitive");
    assert!(original[7].is_empty(), "never across messages");
    assert_eq!(original[3], vec![5]);
}

#[test]
fn the_trigram_filter_changes_speed_not_answers() {
    let queries = [
        "python",
        "parquet file",
        "\"parquet file\"",
        "prompt:python",
        "answer_b:pandas",
        "/py(thon|arrow)/",
        "-python",
        "ägypten",
        "σίσυφοσ",
        "并行编程",
        "crate",
        "python|并行",
        "model:gpt-4 rust",
        "read -crate",
    ];
    let fresh = || varied();
    for q in queries {
        let (plain_idx, filtered_idx) = (fresh(), fresh());
        let _ = filtered_idx.trigram_filter();
        let compiled = CompiledQuery::new(&plain_idx, q).expect("valid");
        let plain = battles_matching(&plain_idx, &compiled, &NoReviews);
        let filtered = battles_matching(&filtered_idx, &compiled, &NoReviews);
        assert_eq!(plain, filtered, "{q}");
        assert!(plain_idx.trigram_filter_for_search().is_some(), "built on the second search");
    }
}

#[test]
fn the_empty_query_matches_everything() {
    let idx = varied();
    assert_eq!(ids(&idx, ""), [0, 1, 2, 3, 4]);
}

#[test]
fn words_are_case_insensitive_substrings_of_any_message() {
    let idx = varied();
    assert_eq!(ids(&idx, "python"), [0]);
    assert_eq!(ids(&idx, "PyThOn"), [0]);
    assert_eq!(ids(&idx, "arrow"), [0], "in conversation B's answer");
    assert_eq!(ids(&idx, "Rust"), [0]);
    assert_eq!(ids(&idx, "nonexistent"), Vec::<u32>::new());
    assert_eq!(ids(&idx, "python rust"), [0]);
    assert_eq!(ids(&idx, "python pwned"), Vec::<u32>::new(), "AND of terms");
}

#[test]
fn unicode_case_folding() {
    let idx = varied();
    for q in ["ägypten", "ÄGYPTEN", "äGyPtEn", "grüße", "GRÜSSE|grüße"] {
        assert_eq!(ids(&idx, q), [4], "{q}");
    }
    for q in ["σίσυφος", "ΣΊΣΥΦΟΣ", "σίσυφοσ", "Σίσυφος"] {
        assert_eq!(ids(&idx, q), [4], "{q}");
    }
    let greek = index_of(&[with_texts("g", &["ΠΡΟΣ ΤΟΝ ΔΡΌΜΟ", "Привет, МИР"])]);
    for q in ["προς", "δρόμο", "ΠΡΟΣ", "πρoς|προς", "мир", "ПРИВЕТ", "привет"] {
        assert_eq!(ids(&greek, q), [0], "{q}");
    }
}

#[test]
fn cjk_and_other_scripts_match_as_substrings() {
    let idx = varied();
    assert_eq!(ids(&idx, "并行"), [1]);
    assert_eq!(ids(&idx, "行编"), [1]);
    assert_eq!(ids(&idx, "😀"), [1]);
    assert_eq!(ids(&idx, "مصر"), [2]);
    assert_eq!(ids(&idx, "קהיר"), [2]);
}

#[test]
fn phrases_match_exactly_in_order() {
    let idx = varied();
    assert_eq!(ids(&idx, "\"parquet file\""), [0]);
    assert_eq!(ids(&idx, "\"PARQUET FILE\""), [0]);
    assert_eq!(ids(&idx, "\"file parquet\""), Vec::<u32>::new());
    assert_eq!(ids(&idx, "\"aus ägypten\""), [4]);
}

#[test]
fn regexes_are_case_insensitive_unless_told_otherwise() {
    let idx = varied();
    assert_eq!(ids(&idx, r"/py(thon|arrow)/"), [0]);
    assert_eq!(ids(&idx, r"/\bGRÜSSE\b|\bgrüße\b/"), [4]);
    assert_eq!(ids(&idx, r"/(?-i)python/"), [0], "```python in answer A");
    assert_eq!(ids(&idx, r"/(?-i)PYTHON/"), Vec::<u32>::new());
    assert_eq!(ids(&idx, r"/σίσυφοσ/"), [4], "the regex crate folds ς and σ alike");
    assert_eq!(ids(&idx, r"/^and in rust\?$/"), [0], "anchors are per message");
    assert_eq!(ids(&idx, r"/\d{3}/"), Vec::<u32>::new());
    assert_eq!(ids(&idx, r"/\d/"), [3], "the 52 of an escape sequence");
}

#[test]
fn text_never_matches_across_message_boundaries() {
    let idx = index_of(&[with_texts("x", &["foo", "bar"]), with_texts("y", &["foobar", "z"])]);
    assert_eq!(ids(&idx, "foobar"), [1]);
    assert_eq!(ids(&idx, "oob"), [1]);
    assert_eq!(ids(&idx, "/o+b/"), [1]);
    assert_eq!(ids(&idx, "/^bar/"), [0], "each message is its own haystack");
    assert_eq!(ids(&idx, "/foo$/"), [0]);
    assert_eq!(ids(&idx, "\"o b\""), Vec::<u32>::new());
}

#[test]
fn many_literal_alternatives_match_like_each_one_alone() {
    // Enough alternatives to be searched as one automaton, with the words of the fixtures,
    // a non-ASCII one, and ones that match nothing.
    let idx = varied();
    let words = ["python", "并行", "مصر", "PARQUET", "Straße", "zzqx", "crate", "qqqq", "pandas", "nothing1"];
    let many = words.join("|");
    let mut one_by_one: Vec<u32> = words.iter().flat_map(|w| ids(&idx, w)).collect();
    one_by_one.sort_unstable();
    one_by_one.dedup();
    assert_eq!(ids(&idx, &many), one_by_one);
    assert_eq!(ids(&idx, &format!("-{many}")).len(), idx.len() - one_by_one.len());
    assert_eq!(ids(&idx, &format!("answer_b:{many}")), ids(&idx, "answer_b:pandas|crate|python|parquet"));
    let texts = span_texts(&idx, 0, &spans(&idx, &many, 0));
    assert!(texts.iter().any(|t| t.eq_ignore_ascii_case("python")), "{texts:?}");
    assert!(texts.iter().all(|t| words.iter().any(|w| w.eq_ignore_ascii_case(t))), "{texts:?}");
}

#[test]
fn many_alternatives_never_match_across_messages_but_a_shorter_one_inside_does() {
    let idx = index_of(&[with_texts("x", &["foo", "bar"]), with_texts("y", &["fo", "obar"])]);
    let fillers = (0..10).map(|i| format!("zz{i}q")).collect::<Vec<_>>().join("|");
    assert_eq!(ids(&idx, &format!("foobar|{fillers}")), Vec::<u32>::new());
    // "foob" runs from the first message into the second; "foo" alone is inside it.
    assert_eq!(ids(&idx, &format!("foob|foo|{fillers}")), [0]);
}

#[test]
fn too_many_regex_alternatives_are_refused_with_the_limit() {
    let idx = varied();
    let q = (0..=crate::query::text::MAX_REGEX_ALTERNATIVES).map(|i| format!("/a{i}b/")).collect::<Vec<_>>().join("|");
    let e = CompiledQuery::new(&idx, &q).expect_err("over the limit");
    assert!(e.message.contains("too many regex alternatives"), "{e}");
}

#[test]
fn scopes_pick_prompts_or_answers() {
    let idx = varied();
    assert_eq!(ids(&idx, "prompt:python"), [0]);
    assert_eq!(ids(&idx, "prompt:pyarrow"), Vec::<u32>::new());
    assert_eq!(ids(&idx, "answer:pyarrow"), [0]);
    assert_eq!(ids(&idx, "answer_a:pyarrow"), [0]);
    assert_eq!(ids(&idx, "answer_b:pyarrow"), Vec::<u32>::new());
    assert_eq!(ids(&idx, "answer_b:pandas"), [0]);
    assert_eq!(ids(&idx, "answer_a:pandas"), Vec::<u32>::new());
    assert_eq!(ids(&idx, "answer:\"parquet file\""), Vec::<u32>::new());
    assert_eq!(ids(&idx, "prompt:/^how do i/"), [0]);
    assert_eq!(ids(&idx, "answer_b:/crate\\.$/"), [0]);
    assert_eq!(ids(&idx, "-answer:pyarrow"), [1, 2, 3, 4]);
}

#[test]
fn negation_and_alternatives() {
    let idx = varied();
    assert_eq!(ids(&idx, "-python"), [1, 2, 3, 4]);
    assert_eq!(ids(&idx, "python|并行|مصر"), [0, 1, 2]);
    assert_eq!(ids(&idx, "-python|并行"), [2, 3, 4]);
    assert_eq!(ids(&idx, "-/py(thon)?/"), [1, 2, 3, 4]);
    assert_eq!(ids(&idx, "-python -并行 -model:palm-2"), [3, 4]);
}

#[test]
fn model_terms() {
    let idx = varied();
    assert_eq!(ids(&idx, "model:gpt-4"), [0, 2, 3, 4]);
    assert_eq!(ids(&idx, "model:GPT-4"), [0, 2, 3, 4]);
    assert_eq!(ids(&idx, "model_a:gpt-4"), [0]);
    assert_eq!(ids(&idx, "model_b:gpt-4"), [2, 3, 4]);
    assert_eq!(ids(&idx, "model:gpt-4 model:claude"), [0, 4], "two model terms: battles between them");
    assert_eq!(ids(&idx, "model:vicuna|koala"), [1]);
    assert_eq!(ids(&idx, "-model:gpt-4"), [1]);
}

#[test]
fn vote_terms() {
    let idx = varied();
    assert_eq!(ids(&idx, "winner:tie"), [0]);
    assert_eq!(ids(&idx, "winner:bothbad"), [2]);
    assert_eq!(ids(&idx, "winner:a"), [4]);
    assert_eq!(ids(&idx, "winner:b"), [1, 3]);
    assert_eq!(ids(&idx, "winner:tie|bothbad"), [0, 2]);
    assert_eq!(ids(&idx, "winner:gpt-4"), [3], "ties are nobody's win");
    assert_eq!(ids(&idx, "winner:claude-v1"), [4]);
    assert_eq!(ids(&idx, "loser:gpt-4"), [4]);
    assert_eq!(ids(&idx, "loser:alpaca-13b|vicuna"), [1, 3]);
    assert_eq!(ids(&idx, "winner:koala loser:vicuna"), [1]);
}

#[test]
fn language_turns_and_flags() {
    let idx = varied();
    assert_eq!(ids(&idx, "lang:german"), [4]);
    assert_eq!(ids(&idx, "lang:Chinese|arabic"), [1, 2]);
    assert_eq!(ids(&idx, "-lang:english"), [1, 2, 4]);
    assert_eq!(ids(&idx, "turns:2"), [0]);
    assert_eq!(ids(&idx, "turns:>1"), [0]);
    assert_eq!(ids(&idx, "turns:<2"), [1, 2, 3, 4]);
    assert_eq!(ids(&idx, "turns:1..2"), [0, 1, 2, 3, 4]);
    assert_eq!(ids(&idx, "mod:flagged"), [3]);
    assert_eq!(ids(&idx, "mod:harassment"), [3]);
    assert_eq!(ids(&idx, "mod:hate"), Vec::<u32>::new());
    assert_eq!(ids(&idx, "-mod:flagged"), [0, 1, 2, 4], "unknown moderation is not flagged");
    assert_eq!(ids(&idx, "toxic:yes"), [3]);
    assert_eq!(ids(&idx, "toxic:no"), [0, 1, 2], "row 4 has no toxic tags: neither yes nor no");
    assert_eq!(ids(&idx, "toxic:yes|no"), [0, 1, 2, 3]);
    assert_eq!(ids(&idx, "anony:yes"), [0, 1, 2, 3, 4]);
    assert_eq!(ids(&idx, "anony:no"), Vec::<u32>::new());
    assert_eq!(ids(&idx, "judge:arena_user_1"), [0, 1, 2, 3]);
    assert_eq!(ids(&idx, "judge:ARENA_USER_1"), [0, 1, 2, 3]);
}

#[test]
fn unknown_values_never_satisfy_a_positive_term() {
    let mut unknown = battle("u", "m1", "m2");
    unknown.language = None;
    unknown.tstamp = None;
    unknown.openai_moderation = None;
    unknown.toxic_chat_tag = None;
    unknown.anony = None;
    unknown.judge = None;
    let mut partial = battle("p", "m1", "m2");
    let mut m = fixtures::moderation(false);
    m.categories_known &= !1; // harassment absent
    m.flagged = None;
    partial.openai_moderation = Some(m);
    let idx = index_of(&[unknown, partial, battle("k", "m1", "m2")]);
    for q in
        ["date:2023-04-24", "date:<2030-01-01", "date:..", "mod:flagged", "mod:harassment", "toxic:no", "anony:yes|no"]
    {
        assert!(!ids(&idx, q).contains(&0), "{q}");
        assert!(ids(&idx, &format!("-{q}")).contains(&0), "-{q}");
    }
    assert_eq!(ids(&idx, "mod:harassment|flagged"), Vec::<u32>::new());
    assert_eq!(ids(&idx, "mod:hate"), Vec::<u32>::new(), "known and false");
    assert_eq!(ids(&idx, "-mod:flagged"), [0, 1, 2]);
    assert_eq!(ids(&idx, "toxic:no"), [1, 2]);
    assert!(CompiledQuery::new(&idx, "lang:english").is_ok());
    assert_eq!(ids(&idx, "-lang:english"), [0]);
}

#[test]
fn dates_are_inclusive_utc_days() {
    let idx = varied();
    // Rows 0-3: 2023-04-24 15:53 UTC; row 4: 2023-05-02 04:00 UTC.
    assert_eq!(ids(&idx, "date:2023-04-24"), [0, 1, 2, 3]);
    assert_eq!(ids(&idx, "date:2023-05-02"), [4]);
    assert_eq!(ids(&idx, "date:2023-04-24..2023-05-01"), [0, 1, 2, 3]);
    assert_eq!(ids(&idx, "date:2023-04-25..2023-05-02"), [4]);
    assert_eq!(ids(&idx, "date:>2023-04-24"), [4]);
    assert_eq!(ids(&idx, "date:<2023-05-02"), [0, 1, 2, 3]);
    assert_eq!(ids(&idx, "date:2023-05"), [4]);
    assert_eq!(ids(&idx, "date:2023-06"), Vec::<u32>::new());
    let mut late = battle("late", "a", "b");
    late.tstamp = Some(crate::time::day_start(crate::time::parse_date("2023-06-01").unwrap_or(0)) - 0.5);
    let idx = index_of(&[late]);
    assert_eq!(ids(&idx, "date:2023-05-31"), [0], "the last half second of a day is that day");
    assert_eq!(ids(&idx, "date:>2023-05-31"), Vec::<u32>::new());
}

#[test]
fn ids_match_by_prefix_and_label() {
    let idx = varied();
    assert_eq!(ids(&idx, "id:0001"), [0, 4], "a repeated question_id matches every repeat");
    assert_eq!(ids(&idx, "id:0001AAAA"), [0, 4]);
    assert_eq!(ids(&idx, "id:0001aaaa#2"), [4]);
    assert_eq!(ids(&idx, "id:0001aaaa#1"), [0]);
    assert_eq!(ids(&idx, "id:0002|0003"), [1, 2]);
    assert_eq!(ids(&idx, "id:9"), Vec::<u32>::new());
}

#[test]
fn a_battle_matching_many_times_is_listed_once() {
    let idx = index_of(&[with_texts("d", &["python python", "python"]), with_texts("e", &["x", "python"])]);
    assert_eq!(ids(&idx, "python"), [0, 1]);
    assert_eq!(ids(&idx, "python|pyth|/py/"), [0, 1]);
}

struct Marks {
    flagged: HashSet<u32>,
    labels: HashMap<u32, Vec<String>>,
    notes: HashSet<u32>,
}

impl ReviewLookup for Marks {
    fn is_flagged(&self, b: BattleId) -> bool {
        self.flagged.contains(&b.0)
    }
    fn has_label(&self, b: BattleId, label: &str) -> bool {
        self.labels.get(&b.0).is_some_and(|ls| ls.iter().any(|l| l.to_lowercase() == label.to_lowercase()))
    }
    fn has_note(&self, b: BattleId) -> bool {
        self.notes.contains(&b.0)
    }
    fn has_any_label(&self, b: BattleId) -> bool {
        self.labels.get(&b.0).is_some_and(|ls| !ls.is_empty())
    }
}

#[test]
fn review_terms_ask_the_review_store() {
    let idx = varied();
    let marks = Marks {
        flagged: [1, 3].into(),
        labels: [(2, vec!["Refusal".to_owned()]), (3, vec!["refusal".to_owned(), "wrong".to_owned()])].into(),
        notes: [0].into(),
    };
    let run = |query: &str| -> Vec<u32> {
        let q = CompiledQuery::new(&idx, query).unwrap_or_else(|e| panic!("{query}: {e}"));
        battles_matching(&idx, &q, &marks).into_iter().map(|b| b.0).collect()
    };
    assert_eq!(run("review:flagged"), [1, 3]);
    assert_eq!(run("review:noted"), [0]);
    assert_eq!(run("review:REFUSAL"), [2, 3]);
    assert_eq!(run("review:wrong|noted"), [0, 3]);
    assert_eq!(run("review:none"), [4]);
    assert_eq!(run("-review:flagged model:gpt-4"), [0, 2, 4]);
    assert_eq!(ids(&idx, "review:flagged"), Vec::<u32>::new(), "NoReviews flags nothing");
    assert_eq!(ids(&idx, "review:none"), [0, 1, 2, 3, 4]);
}

#[test]
fn spans_cover_the_matched_text_on_char_boundaries() {
    let idx = varied();
    let s = spans(&idx, "python", 0);
    assert_eq!(span_texts(&idx, 0, &s), ["Python", "python", "Python"]);
    assert_eq!(s.iter().map(|s| s.message).collect::<Vec<_>>(), [0, 1, 4]);
    assert_eq!(s[0].range, 32..38);

    let s = spans(&idx, "ägypten σίσυφοσ", 4);
    assert_eq!(span_texts(&idx, 4, &s), ["ÄGYPTEN", "Σίσυφος", "ÄGYPTEN"]);
    let s = spans(&idx, "并行 😀", 1);
    assert_eq!(span_texts(&idx, 1, &s), ["并行", "并行", "😀", "并行"]);
    for (b, q) in [(4, "/ß|s/"), (1, "/./"), (2, "/\\w+/"), (3, "/[^a-z]/")] {
        for sp in spans(&idx, q, b) {
            let text = idx.message_text(&idx.messages(BattleId(b))[sp.message]);
            assert!(text.is_char_boundary(sp.range.start) && text.is_char_boundary(sp.range.end), "{q}");
            assert!(!sp.range.is_empty());
        }
    }
}

#[test]
fn spans_follow_scope_merge_overlaps_and_skip_negated_terms() {
    let idx = varied();
    let s = spans(&idx, "answer_a:python", 0);
    assert_eq!(s.iter().map(|s| s.message).collect::<Vec<_>>(), [1]);
    assert_eq!(spans(&idx, "-python", 0), Vec::<MatchSpan>::new());
    assert_eq!(spans(&idx, "model:gpt-4", 0), Vec::<MatchSpan>::new());
    let s = spans(&idx, "pyth thon", 0);
    assert_eq!(span_texts(&idx, 0, &s), ["Python", "python", "Python"]);
    let s = spans(&idx, "/p(ar|y)/ rust", 0);
    let msg0: Vec<_> = s.iter().filter(|s| s.message == 0).map(|s| s.range.clone()).collect();
    assert_eq!(msg0, [16..19, 32..34], "\"par\" of parquet, \"Py\" of Python, sorted by start");
    assert!(s.windows(2).all(|w| (w[0].message, w[0].range.start) <= (w[1].message, w[1].range.start)));
}

#[test]
fn cancelled_evaluations_return_nothing() {
    let idx = varied();
    let q = CompiledQuery::new(&idx, "python model:gpt-4").expect("valid");
    let cancel = AtomicBool::new(true);
    assert_eq!(battles_matching_cancellable(&idx, &q, &NoReviews, &cancel), None);
    let go = AtomicBool::new(false);
    assert_eq!(battles_matching_cancellable(&idx, &q, &NoReviews, &go), Some(vec![BattleId(0)]));
}

#[test]
fn large_indexes_split_work_and_keep_dataset_order() {
    // Enough battles that both the facet pass and the text scan run in several pieces.
    let rows: Vec<Battle> = (0..40_000)
        .map(|i| {
            let mut b =
                with_texts(&format!("q{i}"), &[&format!("prompt {i}"), if i % 7 == 0 { "Axolotl" } else { "x" }]);
            b.model_a = if i % 2 == 0 { "m0".into() } else { "m1".into() };
            b
        })
        .collect();
    let idx = index_of(&rows);
    let want: Vec<u32> = (0..40_000).filter(|i| i % 7 == 0).collect();
    assert_eq!(ids(&idx, "axolotl"), want);
    let want_even: Vec<u32> = want.iter().copied().filter(|i| i % 2 == 0).collect();
    assert_eq!(ids(&idx, "axolotl model_a:m0"), want_even);
    assert_eq!(ids(&idx, "\"prompt 3999\"").len(), 11, "3999 and 39990..=39999");
}

/// A one-turn battle whose conversation A is `texts` (B: the same prompt, answer "-").
fn with_texts(qid: &str, texts: &[&str]) -> Battle {
    let mut b = battle(qid, "m1", "m2");
    b.conversation_a = conversation(texts);
    b.conversation_b = conversation(&[texts[0], "-"]);
    b
}

// --- property test ------------------------------------------------------------------------

/// Characters whose lower case is one character of the same length, so that the naive
/// scan (`to_lowercase` + `contains`) and the folded scan must agree.
const ALPHABET: &[char] = &['a', 'b', 'c', 'A', 'B', 'ä', 'Ä', 'ж', 'Ж', '中', 'é', ' '];

fn text() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(ALPHABET), 0..24).prop_map(|v| v.into_iter().collect())
}

fn word() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(ALPHABET), 1..4).prop_map(|v| v.into_iter().collect())
}

fn arb_battle() -> impl Strategy<Value = Battle> {
    (
        0..3usize,
        0..3usize,
        0..4usize,
        proptest::option::of(0..2usize),
        proptest::collection::vec(text(), 1..5),
        proptest::collection::vec(text(), 1..5),
    )
        .prop_map(|(ma, mb, w, lang, a, b)| {
            let mut battle = battle("q", ["m0", "m1", "m2"][ma], ["m0", "m1", "m2"][mb]);
            battle.winner = Winner::ALL[w];
            battle.language = lang.map(|l| ["English", "German"][l].to_owned());
            battle.conversation_a = conversation(&a.iter().map(String::as_str).collect::<Vec<_>>());
            battle.conversation_b = conversation(&b.iter().map(String::as_str).collect::<Vec<_>>());
            battle.turn = a.len().div_ceil(2) as u32;
            battle
        })
}

#[derive(Debug, Clone)]
enum TestFilter {
    None,
    Model(usize),
    ModelA(usize),
    Lang(usize),
    Winner(usize),
    Turns(u32),
}

fn arb_filter() -> impl Strategy<Value = TestFilter> {
    prop_oneof![
        Just(TestFilter::None),
        (0..3usize).prop_map(TestFilter::Model),
        (0..3usize).prop_map(TestFilter::ModelA),
        (0..2usize).prop_map(TestFilter::Lang),
        (0..4usize).prop_map(TestFilter::Winner),
        (1..4u32).prop_map(TestFilter::Turns),
    ]
}

#[derive(Debug, Clone, Copy)]
enum TestScope {
    Any,
    Prompt,
    AnswerB,
}

fn naive(b: &Battle, word: &str, scope: TestScope) -> bool {
    let needle = word.to_lowercase();
    let has = |m: &crate::model::Message| m.content.to_lowercase().contains(&needle);
    let a = b.conversation_a.iter();
    let bb = b.conversation_b.iter();
    match scope {
        TestScope::Any => a.chain(bb).any(has),
        TestScope::Prompt => a.chain(bb).filter(|m| m.role == "user").any(has),
        TestScope::AnswerB => bb.filter(|m| m.role != "user").any(has),
    }
}

fn naive_filter(b: &Battle, f: &TestFilter) -> bool {
    let models = ["m0", "m1", "m2"];
    match f {
        TestFilter::None => true,
        TestFilter::Model(m) => b.model_a == models[*m] || b.model_b == models[*m],
        TestFilter::ModelA(m) => b.model_a == models[*m],
        TestFilter::Lang(l) => b.language.as_deref() == Some(["English", "German"][*l]),
        TestFilter::Winner(w) => b.winner == Winner::ALL[*w],
        TestFilter::Turns(t) => b.turn == *t,
    }
}

fn filter_text(f: &TestFilter) -> String {
    match f {
        TestFilter::None => String::new(),
        TestFilter::Model(m) => format!("model:m{m}"),
        TestFilter::ModelA(m) => format!("model_a:m{m}"),
        TestFilter::Lang(l) => format!("lang:{}", ["english", "GERMAN"][*l]),
        TestFilter::Winner(w) => format!("winner:{}", ["a", "b", "tie", "bothbad"][*w]),
        TestFilter::Turns(t) => format!("turns:{t}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn engine_agrees_with_a_naive_scan(
        rows in proptest::collection::vec(arb_battle(), 1..12),
        words in proptest::collection::vec((word(), any::<bool>(), 0..3u8), 1..3),
        scope in prop_oneof![Just(TestScope::Any), Just(TestScope::Prompt), Just(TestScope::AnswerB)],
        filter in arb_filter(),
        negate_filter in any::<bool>(),
    ) {
        let idx = index_of(&rows);
        let mut query = Vec::new();
        for (w, negated, form) in &words {
            let prefix = match scope { TestScope::Any => "", TestScope::Prompt => "prompt:", TestScope::AnswerB => "answer_b:" };
            // The same word bare, quoted, or as a regex (the alphabet has no metacharacters).
            let w = match form {
                0 if !w.contains(' ') => w.clone(),
                2 => format!("/{w}/"),
                _ => format!("\"{w}\""),
            };
            query.push(format!("{}{prefix}{w}", if *negated { "-" } else { "" }));
        }
        let f = filter_text(&filter);
        // A name the index lacks is an error, not an empty result: only filter on present names.
        let present = |name: &str| rows.iter().any(|b| b.model_a == name || b.model_b == name);
        let usable = match &filter {
            TestFilter::Model(m) | TestFilter::ModelA(m) => present(&format!("m{m}")),
            TestFilter::Lang(l) => rows.iter().any(|b| b.language.as_deref() == Some(["English", "German"][*l])),
            _ => true,
        };
        if !f.is_empty() && usable {
            query.push(format!("{}{f}", if negate_filter { "-" } else { "" }));
        }
        let query = query.join(" ");
        let q = CompiledQuery::new(&idx, &query).map_err(|e| TestCaseError::fail(format!("{query}: {e}")))?;
        // The first search scans without the trigram filter, the second with it: check both.
        let plain: Vec<u32> = battles_matching(&idx, &q, &NoReviews).into_iter().map(|b| b.0).collect();
        let got: Vec<u32> = battles_matching(&idx, &q, &NoReviews).into_iter().map(|b| b.0).collect();
        prop_assert_eq!(&plain, &got, "with and without the filter: {}", query);
        let want: Vec<u32> = rows
            .iter()
            .enumerate()
            .filter(|(_, b)| words.iter().all(|(w, negated, _)| naive(b, w, scope) != *negated))
            .filter(|(_, b)| f.is_empty() || !usable || naive_filter(b, &filter) != negate_filter)
            .map(|(i, _)| i as u32)
            .collect();
        prop_assert_eq!(got, want, "query {}", query);
        // Every battle the engine returns for positive words has spans covering each word.
        for b in battles_matching(&idx, &q, &NoReviews) {
            for sp in match_spans(&idx, &q, b) {
                let text = idx.message_text(&idx.messages(b)[sp.message]);
                prop_assert!(text.is_char_boundary(sp.range.start) && text.is_char_boundary(sp.range.end));
            }
        }
    }
}

fn later() -> Index {
    index_of(&fixtures::later_releases())
}

#[test]
fn categories_follow_the_release_tags() {
    let idx = later();
    assert_eq!(ids(&idx, "category:hard"), [0]);
    assert_eq!(ids(&idx, "category:if"), [0]);
    assert_eq!(ids(&idx, "category:math"), [1]);
    assert_eq!(ids(&idx, "category:code"), [0]);
    assert_eq!(ids(&idx, "category:hard|math"), [0, 1]);
    assert_eq!(ids(&idx, "category:creative"), Vec::<u32>::new());
    // Rows without the tag are never in a category, so the negation holds them.
    assert_eq!(ids(&idx, "-category:hard"), [1, 2, 3, 4, 5, 6]);
    assert_eq!(ids(&idx, "category:multiturn"), Vec::<u32>::new());
    assert_eq!(ids(&idx, "-category:long"), [0, 1, 2, 3, 4, 5, 6]);
}

#[test]
fn is_code_and_is_refusal() {
    let idx = later();
    assert_eq!(ids(&idx, "is:code"), [0]);
    assert_eq!(ids(&idx, "is:refusal"), [1]);
    assert_eq!(ids(&idx, "is:code|refusal"), [0, 1]);
    assert_eq!(ids(&idx, "-is:code"), [1, 2, 3, 4, 5, 6]);
}

#[test]
fn languages_match_by_name_or_code_across_releases() {
    let idx = later();
    for q in ["lang:de", "lang:German", "lang:GERMAN", "language:DE", "lang:germ"] {
        assert_eq!(ids(&idx, q), [0, 1], "{q}");
    }
    for q in ["lang:en", "lang:english"] {
        assert_eq!(ids(&idx, q), [4, 5], "{q}");
    }
    assert_eq!(ids(&idx, "lang:zh"), [6], "zh-Hant is Chinese");
    assert_eq!(ids(&idx, "lang:chinese"), [6]);
    assert_eq!(ids(&idx, "lang:zh-hant"), [6]);
    assert_eq!(ids(&idx, "-lang:de"), [2, 3, 4, 5, 6]);
    // The 2023 names keep working as before.
    let old = varied();
    assert_eq!(ids(&old, "lang:de"), [4]);
    assert_eq!(ids(&old, "lang:ar|zh"), [1, 2]);
    let e = CompiledQuery::new(&old, "lang:fr").expect_err("no French battle");
    assert!(e.message.starts_with("lang: no language named `fr`"), "{e}");
}

#[test]
fn splits_and_intents_come_from_the_extra_columns() {
    let idx = later();
    assert_eq!(ids(&idx, "split:human"), [2]);
    assert_eq!(ids(&idx, "split:gpt4_pair"), [3]);
    assert_eq!(ids(&idx, "split:GPT4"), [3], "a unique prefix");
    assert_eq!(ids(&idx, "split:human|gpt4_pair"), [2, 3]);
    assert_eq!(ids(&idx, "intent:\"factual lookup\""), [4]);
    assert_eq!(ids(&idx, "intent:factual"), [4]);
    assert_eq!(ids(&idx, "intent:recommendation"), [4], "the secondary intent counts too");
    let e = CompiledQuery::new(&idx, "split:train").expect_err("no such split");
    assert!(e.message.starts_with("split: no split named `train`; closest:"), "{e}");
    let e = CompiledQuery::new(&idx, "intent:coding").expect_err("no such intent");
    assert!(e.message.starts_with("intent: no intent named `coding`"), "{e}");
}

#[test]
fn filters_the_data_cannot_answer_name_the_releases_that_can() {
    let old = varied();
    let cases = [
        (
            "python category:hard",
            17,
            "category:hard needs category_tag.criteria_v0.1, which arena-human-preference-100k and \
             arena-human-preference-140k carry; this data has none",
        ),
        ("category:multiturn|code", 20, "category:code needs is_code, which arena-human-preference-100k"),
        ("is:refusal", 4, "is:refusal needs is_refusal, which arena-human-preference-100k carries;"),
        ("split:human", 7, "split: needs split, which mt_bench_human_judgments carries; this data has none"),
        ("intent:x", 8, "intent: needs primary_intent, which search-arena-24k carries"),
    ];
    for (q, column, message) in cases {
        let e = CompiledQuery::new(&old, q).expect_err(q);
        assert!(e.message.starts_with(message), "{q}: {e}");
        assert_eq!(e.column, column, "{q}: {e}");
    }
    // Categories every release answers are never refused.
    assert_eq!(ids(&old, "category:multiturn"), [0]);
    assert_eq!(ids(&old, "category:long"), Vec::<u32>::new());
    // A release without any language refuses `lang:`.
    let mut rows = fixtures::later_releases();
    rows.retain(|b| b.language.is_none());
    let mt = index_of(&rows);
    let e = CompiledQuery::new(&mt, "lang:en").expect_err("no languages");
    assert!(e.message.starts_with("lang: needs language, which chatbot_arena_conversations,"), "{e}");
}

/// Battles of plain ASCII, of non-ASCII text that folding leaves alone (CJK, lower-case
/// accents) and of letters that folding changes (capital umlauts, Cyrillic, Greek), side by
/// side: only the last are folded, and every search finds what a naive folded scan finds.
#[test]
fn mixed_ascii_and_non_ascii_battles_search_alike_before_and_after_folding() {
    let texts: [&[&str]; 7] = [
        &["Python and PANDAS", "plain answer"],
        &["Grüße, Python", "école ok"],
        &["GRÜSSE und ÄGYPTEN python", "Straße"],
        &["中文 PYTHON 中文", "中文"],
        &["Привет PYTHON", "мир"],
        &["σίσυφος ΣΊΣΥΦΟΣ", "ς end"],
        &["ÉCOLE école", "Ecole"],
    ];
    let rows: Vec<Battle> = texts.iter().enumerate().map(|(i, t)| with_texts(&format!("mix{i}"), t)).collect();
    let queries = [
        "python",
        "PYTHON",
        "grüße",
        "GRÜSSE",
        "ägypten",
        "привет",
        "ПРИВЕТ",
        "σίσυφοσ",
        "σ",
        "école",
        "ÉCOLE",
        "ecole",
        "中文",
        "\"中文 python\"",
        "answer:мир",
        "prompt:ß",
        "-python",
        "py|мир|ß|ς|中|é|x1|x2|x3",
    ];
    let naive = |b: &Battle, word: &str| {
        let fold = crate::index::fold::fold_str;
        word.split('|')
            .any(|w| b.conversation_a.iter().chain(&b.conversation_b).any(|m| fold(&m.content).contains(&fold(w))))
    };
    for q in queries {
        let (word, negated) = match q.strip_prefix('-') {
            Some(w) => (w, true),
            None => (q, false),
        };
        let (word, scope_prompt, scope_answer) = match (word.strip_prefix("prompt:"), word.strip_prefix("answer:")) {
            (Some(w), _) => (w, true, false),
            (_, Some(w)) => (w, false, true),
            _ => (word, false, false),
        };
        let word = word.trim_matches('"');
        let want: Vec<u32> = rows
            .iter()
            .enumerate()
            .filter(|(_, b)| {
                let mut scoped = (*b).clone();
                let keep = |m: &crate::model::Message| {
                    (!scope_prompt || m.role == "user") && (!scope_answer || m.role != "user")
                };
                scoped.conversation_a.retain(keep);
                scoped.conversation_b.retain(keep);
                naive(&scoped, word) != negated
            })
            .map(|(i, _)| i as u32)
            .collect();
        let fresh = index_of(&rows);
        assert_eq!(ids(&fresh, q), want, "{q}, first search");
        assert_eq!(ids(&fresh, q), want, "{q}, second search (trigram filter)");
        let folded = index_of(&rows);
        let _ = folded.folded_text();
        assert_eq!(ids(&folded, q), want, "{q}, folded text built");
        let pieces = Index::from_battle_pieces(&rows, 2, DatasetInfo::default());
        let _ = pieces.folded_text();
        assert_eq!(ids(&pieces, q), want, "{q}, in pieces");
        for b in 0..rows.len() as u32 {
            assert_eq!(spans(&index_of(&rows), q, b), spans(&folded, q, b), "{q}: spans of {b}");
        }
    }
    // Only the battles with letters that folding changes have a folded copy.
    let index = index_of(&rows);
    let _ = index.folded_text();
    let folded_bytes = |i: &Index| i.memory_use().iter().find(|(p, _)| p.starts_with("folded")).map(|p| p.1);
    let needs: usize = [2usize, 4, 5, 6].iter().map(|&b| index.battle_text_range(BattleId(b as u32)).len()).sum();
    assert_eq!(folded_bytes(&index), Some(needs));
}
