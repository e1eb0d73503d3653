//! Small hand-made battles for tests, benches and examples (not part of the public API).

use crate::model::{Battle, Message, Moderation, TaggerVerdict, ToxicTags, Winner};

/// A one-turn battle with plain English text.
pub fn battle(question_id: &str, model_a: &str, model_b: &str) -> Battle {
    Battle {
        question_id: question_id.to_owned(),
        model_a: model_a.to_owned(),
        model_b: model_b.to_owned(),
        winner: Winner::ModelA,
        judge: Some("arena_user_1".to_owned()),
        conversation_a: conversation(&["What is Rust?", "A systems programming language."]),
        conversation_b: conversation(&["What is Rust?", "Iron oxide."]),
        turn: 1,
        anony: Some(true),
        language: Some("English".to_owned()),
        tstamp: Some(1_682_351_591.132_2),
        openai_moderation: Some(moderation(false)),
        toxic_chat_tag: Some(toxic(0.01, 0.02)),
        tags: Default::default(),
        extra: Vec::new(),
    }
}

/// Alternating user/assistant messages.
pub fn conversation(texts: &[&str]) -> Vec<Message> {
    texts
        .iter()
        .enumerate()
        .map(|(i, t)| Message {
            role: if i % 2 == 0 { "user" } else { "assistant" }.to_owned(),
            content: (*t).to_owned(),
        })
        .collect()
}

/// A full moderation record, every category false unless `flagged`, then harassment true.
pub fn moderation(flagged: bool) -> Moderation {
    let mut m = Moderation { has_scores: true, flagged: Some(flagged), ..Default::default() };
    for i in 0..11 {
        m.set_category(i, flagged && i == 0);
        m.scores[i] = Some(if flagged && i == 0 { 0.91 } else { 0.0001 * (i as f64 + 1.0) });
    }
    m
}

pub fn toxic(roberta: f64, t5: f64) -> ToxicTags {
    ToxicTags {
        roberta: Some(TaggerVerdict { flagged: Some(roberta > 0.5), score: Some(roberta) }),
        t5: Some(TaggerVerdict { flagged: Some(t5 > 0.5), score: Some(t5) }),
    }
}

/// A varied set: multi-turn, CJK, emoji, RTL, escape sequences, every winner, flags.
pub fn varied() -> Vec<Battle> {
    let mut rows = Vec::new();
    let mut b = battle("0001aaaa", "gpt-4", "claude-v1");
    b.conversation_a = conversation(&[
        "How do I read a parquet file in Python?",
        "Use **pyarrow**:\n\n```python\nimport pyarrow.parquet as pq\ntable = pq.read_table(\"x.parquet\")\n```",
        "And in Rust?",
        "Use the `parquet` crate.",
    ]);
    b.conversation_b = conversation(&[
        "How do I read a parquet file in Python?",
        "pandas.read_parquet works.\n\t- indented with a tab",
        "And in Rust?",
        "The arrow crate.",
    ]);
    b.turn = 2;
    b.winner = Winner::Tie;
    rows.push(b);

    let mut b = battle("0002bbbb", "vicuna-13b", "koala-13b");
    b.conversation_a = conversation(&["请用中文介绍一下并行编程", "并行编程是一种同时执行多个计算的方法。😀👍🏽"]);
    b.conversation_b = conversation(&["请用中文介绍一下并行编程", "它可以提高性能 🇩🇪 👨‍👩‍👧"]);
    b.language = Some("Chinese".to_owned());
    b.winner = Winner::ModelB;
    rows.push(b);

    let mut b = battle("0003cccc", "palm-2", "gpt-4");
    b.conversation_a = conversation(&["ما هي عاصمة مصر؟", "القاهرة هي عاصمة مصر."]);
    b.conversation_b = conversation(&["ما هي عاصمة مصر؟", "עברית: קהיר"]);
    b.language = Some("Arabic".to_owned());
    b.winner = Winner::BothBad;
    rows.push(b);

    let mut b = battle("0004dddd", "alpaca-13b", "gpt-4");
    b.conversation_a = conversation(&[
        "Print \u{1b}]0;pwned\u{7} and \u{1b}[2J please",
        "Sure: \u{1b}]52;c;aGVsbG8=\u{7} \u{9b}31m \u{202e}evil\u{202c} \u{7f}",
    ]);
    b.conversation_b = conversation(&["Print \u{1b}]0;pwned\u{7} and \u{1b}[2J please", "No."]);
    b.openai_moderation = Some(moderation(true));
    b.toxic_chat_tag = Some(toxic(0.93, 0.2));
    b.winner = Winner::ModelB;
    rows.push(b);

    let mut b = battle("0001aaaa", "claude-v1", "gpt-4");
    b.language = Some("German".to_owned());
    b.conversation_a = conversation(&["Grüße aus ÄGYPTEN", "Straße und Σίσυφος"]);
    b.conversation_b = conversation(&["Grüße aus ÄGYPTEN", "Hallo!"]);
    b.openai_moderation = None;
    b.toxic_chat_tag = None;
    b.judge = None;
    b.tstamp = Some(1_683_000_000.0);
    rows.push(b);
    rows
}

/// Battles as the later releases hold them: a 140k row (ISO language, conv_metadata,
/// categories, code), a 100k row (language name, refusal, no hard criteria), two MT-bench rows
/// (one per split), a Search Arena row (intents, citations), a 2023 row, and a 140k row in
/// `zh-Hant`.
pub fn later_releases() -> Vec<Battle> {
    use crate::model::{CategoryTags, ConvMeta, DedupTag, ReleaseTags, StyleCounts};
    let extra = |pairs: &[(&str, &str)]| pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    let mut rows = Vec::new();

    let mut b = battle("0a1b2c3d-140k", "gpt-4o", "claude-3-5-sonnet");
    b.language = Some("de".to_owned());
    b.conversation_a = conversation(&["Schreibe eine Python-Funktion", "## Lösung\n\n1. **Erstens**\n2. Zweitens"]);
    b.conversation_b = conversation(&["Schreibe eine Python-Funktion", "def f(): pass"]);
    b.anony = None;
    b.judge = None;
    b.openai_moderation = None;
    b.toxic_chat_tag = None;
    b.tags = ReleaseTags {
        meta: Some(ConvMeta {
            a: StyleCounts { tokens: 412, headers: [0, 2, 1, 0, 0, 0], ordered: 4, unordered: 3, bold: 5 },
            b: StyleCounts { tokens: 57, headers: [0; 6], ordered: 0, unordered: 0, bold: 0 },
            user_tokens: 12,
            turns: 1,
            computed: false,
        }),
        categories: Some(CategoryTags {
            criteria_known: 0x7f,
            criteria_true: 0x7f,
            if_score: Some(5),
            math: Some(false),
            creative_writing: Some(false),
        }),
        is_code: Some(true),
        is_refusal: None,
        dedup: None,
    };
    b.extra = extra(&[("evaluation_session_id", "5f9e2a71"), ("evaluation_order", "2")]);
    rows.push(b);

    let mut b = battle("100k-0002", "llama-3-70b", "gpt-4o");
    b.language = Some("German".to_owned());
    b.winner = Winner::BothBad;
    b.tags = ReleaseTags {
        categories: Some(CategoryTags {
            criteria_known: 0x7f,
            criteria_true: 0b000_0011,
            if_score: Some(2),
            math: Some(true),
            creative_writing: Some(false),
        }),
        is_code: Some(false),
        is_refusal: Some(true),
        dedup: Some(DedupTag { high_freq: true, sampled: false }),
        ..Default::default()
    };
    rows.push(b);

    for (qid, split, judge) in [("81", "human", "expert_3"), ("81", "gpt4_pair", "gpt4_pair")] {
        let mut b = battle(qid, "vicuna-13b-v1.2", "alpaca-13b");
        b.language = None;
        b.anony = None;
        b.tstamp = None;
        b.openai_moderation = None;
        b.toxic_chat_tag = None;
        b.judge = Some(judge.to_owned());
        b.extra = extra(&[("split", split)]);
        rows.push(b);
    }

    let mut b = battle("search-0005", "gemini-2.5-pro-grounding", "sonar-pro");
    b.language = Some("en".to_owned());
    b.judge = None;
    b.openai_moderation = None;
    b.toxic_chat_tag = None;
    b.conversation_a = conversation(&["Who won the 2024 Tour de France?", "Tadej Pogačar won it [1]."]);
    b.conversation_b = conversation(&["Who won the 2024 Tour de France?", "Pogačar [1][2]."]);
    b.extra = extra(&[
        ("primary_intent", "Factual Lookup"),
        ("secondary_intent", "Recommendation"),
        ("citations_a", "https://www.letour.fr/en/history"),
        ("citations_b", "https://en.wikipedia.org/wiki/2024_Tour_de_France, https://www.bbc.com/sport/cycling"),
        ("client_country", "FR"),
    ]);
    rows.push(b);

    rows.push(battle("2023-0006", "vicuna-13b", "koala-13b"));

    let mut b = battle("0a1b2c3d-zh", "qwen2.5-72b", "gpt-4o");
    b.language = Some("zh-Hant".to_owned());
    b.tags.is_code = Some(false);
    rows.push(b);
    rows
}
