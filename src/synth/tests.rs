use std::collections::{HashMap, HashSet};

use super::*;
use crate::model::Winner;

#[test]
fn same_seed_same_rows_other_seed_other_rows() {
    let a = generate(60, 9);
    assert_eq!(a, generate(60, 9));
    assert_ne!(a, generate(60, 10));
}

#[test]
fn rows_have_the_dataset_shape() {
    let rows = generate(2000, 5);
    let mut last = 0.0;
    for b in &rows {
        assert_eq!(b.question_id.len(), 32);
        assert!(b.question_id.bytes().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
        assert_ne!(b.model_a, b.model_b);
        assert!(b.judge.as_deref().is_some_and(|j| j.starts_with("arena_user_")));
        assert_eq!(b.conversation_a.len(), 2 * b.turn as usize);
        assert_eq!(b.conversation_b.len(), 2 * b.turn as usize);
        for (x, y) in b.conversation_a.iter().zip(&b.conversation_b) {
            assert_eq!(x.role, y.role);
            if x.role == "user" {
                assert_eq!(x.content, y.content, "both sides see the same prompts");
            }
        }
        let t = b.tstamp.unwrap();
        assert!(t > last, "tstamps rise strictly");
        assert_eq!((t * 10_000.0).round() / 10_000.0, t);
        last = t;
        let m = b.openai_moderation.unwrap();
        assert!((0..11).all(|i| m.category(i).is_some() && m.scores[i].is_some()));
        let flagged_cats = (0..11).any(|i| m.category(i) == Some(true));
        assert_eq!(m.flagged, Some(flagged_cats));
        let t = b.toxic_chat_tag.unwrap();
        assert!(t.roberta.is_some() && t.t5.is_some());
    }
    assert!(rows[0].tstamp.unwrap() >= FIRST_TSTAMP && last <= LAST_TSTAMP + 1.0);
    assert_eq!(crate::time::format_day(crate::time::day_of(rows[0].tstamp.unwrap())), "2023-04-24");
    assert_eq!(crate::time::format_day(crate::time::day_of(last)), "2023-06-30");
}

/// Bradley-Terry strengths by Hunter's MM algorithm, ties as half a win each.
fn bradley_terry(rows: &[Battle]) -> Vec<(String, f64)> {
    let names: Vec<&str> = model_names().collect();
    let id: HashMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let n = names.len();
    let mut wins = vec![0.0; n];
    let mut games = vec![vec![0.0; n]; n];
    for b in rows {
        let (a, c) = (id[b.model_a.as_str()], id[b.model_b.as_str()]);
        games[a][c] += 1.0;
        games[c][a] += 1.0;
        let y = match b.winner {
            Winner::ModelA => 1.0,
            Winner::ModelB => 0.0,
            _ => 0.5,
        };
        wins[a] += y;
        wins[c] += 1.0 - y;
    }
    let mut p = vec![1.0; n];
    for _ in 0..500 {
        let next: Vec<f64> = (0..n)
            .map(|i| wins[i] / (0..n).filter(|&j| j != i).map(|j| games[i][j] / (p[i] + p[j])).sum::<f64>())
            .collect();
        let norm: f64 = next.iter().sum();
        p = next.into_iter().map(|x| x / norm).collect();
    }
    let mut out: Vec<(String, f64)> = names.iter().map(|s| s.to_string()).zip(p).collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1));
    out
}

#[test]
fn full_size_data_looks_like_the_real_release() {
    let rows = generate(33_000, 2);
    let n = rows.len() as f64;

    // Ratings come out in the official order. Neighbours are some 30 Elo apart, so with
    // another seed two of them can trade places, as they would in any 33K sample.
    let order: Vec<String> = bradley_terry(&rows).into_iter().map(|(m, _)| m).collect();
    let official: Vec<String> = model_names().map(str::to_owned).collect();
    assert_eq!(order, official);

    // Battle shares within 10% of the real counts.
    let mut per_model: HashMap<&str, usize> = HashMap::new();
    for b in &rows {
        *per_model.entry(&b.model_a).or_default() += 1;
        *per_model.entry(&b.model_b).or_default() += 1;
    }
    for m in models::MODELS {
        let got = per_model[m.name] as f64;
        assert!((got / m.battles as f64 - 1.0).abs() < 0.1, "{}: {got} vs {}", m.name, m.battles);
    }

    // The four votes near 35.6 / 35.0 / 10.4 / 19.0 percent.
    let share = |w: Winner| rows.iter().filter(|b| b.winner == w).count() as f64 / n;
    assert!((share(Winner::ModelA) - 0.353).abs() < 0.03, "{}", share(Winner::ModelA));
    assert!((share(Winner::ModelB) - 0.353).abs() < 0.03, "{}", share(Winner::ModelB));
    assert!((share(Winner::Tie) - 0.104).abs() < 0.015, "{}", share(Winner::Tie));
    assert!((share(Winner::BothBad) - 0.19).abs() < 0.02, "{}", share(Winner::BothBad));

    let mean_turns = rows.iter().map(|b| b.turn as f64).sum::<f64>() / n;
    assert!((mean_turns - 1.19).abs() < 0.04, "{mean_turns}");
    assert!(rows.iter().any(|b| b.turn >= 6));

    let english = rows.iter().filter(|b| b.language.as_deref() == Some("English")).count() as f64 / n;
    assert!((0.78..0.88).contains(&english), "{english}");
    let languages: HashSet<&str> = rows.iter().filter_map(|b| b.language.as_deref()).collect();
    assert!(languages.len() >= 25, "{}", languages.len());

    let toxic = rows.iter().filter(|b| b.toxic_chat_tag.and_then(|t| t.either_flagged()) == Some(true)).count() as f64;
    assert!((0.01..0.03).contains(&(toxic / n)), "{}", toxic / n);
    let moderated = rows.iter().filter(|b| b.openai_moderation.and_then(|m| m.flagged) == Some(true)).count() as f64;
    assert!((0.002..0.01).contains(&(moderated / n)), "{}", moderated / n);

    let judges: HashSet<&str> = rows.iter().filter_map(|b| b.judge.as_deref()).collect();
    assert!((11_000..15_000).contains(&judges.len()), "{} judges", judges.len());

    let mut seen: HashMap<&str, usize> = HashMap::new();
    for b in &rows {
        *seen.entry(&b.question_id).or_default() += 1;
    }
    let repeated = seen.values().filter(|&&c| c > 1).count();
    assert!((10..=30).contains(&repeated), "{repeated}");
    assert!(seen.values().any(|&c| c == 3));

    // Message text: some 44 MB (the real release has about 75 MB; generated answers are terser).
    let text: usize =
        rows.iter().flat_map(|b| b.conversation_a.iter().chain(&b.conversation_b)).map(|m| m.content.len()).sum();
    assert!((35_000_000..100_000_000).contains(&text), "{text}");
}

#[test]
fn answers_use_markdown_and_many_scripts() {
    let rows = generate(3000, 2);
    let answers: Vec<&str> = rows
        .iter()
        .flat_map(|b| b.conversation_a.iter().chain(&b.conversation_b))
        .filter(|m| m.role == "assistant")
        .map(|m| m.content.as_str())
        .collect();
    let any = |needle: &str| answers.iter().any(|a| a.contains(needle));
    for needle in ["```python", "```rust", "## ", "| --- |", "1. ", "- ", "**", "😊"] {
        let needle = if needle == "| --- |" { "|---|" } else { needle };
        assert!(any(needle), "no answer contains {needle:?}");
    }
    let all: String = rows.iter().flat_map(|b| b.conversation_a.iter()).map(|m| m.content.as_str()).collect();
    let scripts = [
        ("CJK", '\u{4e00}'..='\u{9fff}'),
        ("Cyrillic", '\u{400}'..='\u{4ff}'),
        ("Arabic", '\u{600}'..='\u{6ff}'),
        ("Hebrew", '\u{590}'..='\u{5ff}'),
        ("Greek", '\u{370}'..='\u{3ff}'),
        ("Hangul", '\u{ac00}'..='\u{d7af}'),
    ];
    for (name, range) in scripts {
        assert!(all.chars().any(|c| range.contains(&c)), "no {name} text");
    }
    assert!(all.contains("\r\n"), "some pasted code keeps CRLF line endings");
}
