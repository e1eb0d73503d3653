//! One battle as a Markdown document, for reading it in a pager or an editor: its facts (models,
//! vote, judge, language, time, safety flags, the user's own flag and vote), then each turn's
//! prompt and both answers under their model names. Text from the data is sanitised, since a
//! pager shows it on the terminal; the answers' own Markdown is kept as it is.

use std::fmt::Write as _;

use crate::index::{BattleId, Index, MessageSpan, Side};
use crate::model::{MODERATION_CATEGORIES, Winner};
use crate::review::Entry;
use crate::sanitize::{sanitize_line, sanitize_text};
use crate::time::format_utc;

/// What the document may show.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct MarkdownOptions {
    /// Blind re-judging: model names and the crowd's vote are left out.
    pub(crate) blind: bool,
}

/// One turn of one side: the user's message and the messages answering it.
#[derive(Default)]
struct Turn<'a> {
    prompt: Option<&'a MessageSpan>,
    answers: Vec<&'a MessageSpan>,
}

fn turns(index: &Index, b: BattleId, side: Side) -> Vec<Turn<'_>> {
    let mut out: Vec<Turn<'_>> = Vec::new();
    for m in index.conversation(b, side) {
        if m.is_user || out.is_empty() {
            out.push(Turn::default());
        }
        if let Some(t) = out.last_mut() {
            if m.is_user {
                t.prompt = Some(m);
            } else {
                t.answers.push(m);
            }
        }
    }
    out
}

/// The battle as Markdown (ends with a newline).
pub(crate) fn battle_markdown(index: &Index, b: BattleId, review: Option<&Entry>, options: MarkdownOptions) -> String {
    let mut md = String::new();
    let name = |side: Side| -> String {
        if options.blind {
            return format!("model {}", side_letter(side));
        }
        let m = if side == Side::A { index.model_a(b) } else { index.model_b(b) };
        sanitize_line(index.model_name(m)).into_owned()
    };
    let winner = index.winner(b);
    let _ = writeln!(md, "# Battle {}\n", sanitize_line(&index.battle_label(b)));
    md.push_str("| | |\n|---|---|\n");
    let mut row = |k: &str, v: &str| {
        let _ = writeln!(md, "| {k} | {} |", v.replace('|', "\\|"));
    };
    row("Model A", &name(Side::A));
    row("Model B", &name(Side::B));
    if options.blind {
        row("Vote", "hidden (blind re-judging)");
    } else {
        row("Vote", &vote_words(winner, &name(Side::A), &name(Side::B)));
    }
    if let Some(own) = review.and_then(|e| e.own_vote) {
        row("Your vote", own.label());
    }
    if let Some(e) = review.filter(|e| !e.labels.is_empty()) {
        let labels: Vec<String> = e.labels.iter().map(|l| sanitize_line(l).into_owned()).collect();
        row("Your flag", &format!("★ {}", labels.join(", ")));
    }
    row("Judge", &index.judge_str(b).map_or_else(|| "unknown".to_owned(), |j| sanitize_line(j).into_owned()));
    row("Language", &index.language_str(b).map_or_else(|| "unknown".to_owned(), |l| sanitize_line(l).into_owned()));
    row("Turns", &index.turn(b).to_string());
    row("Time", &index.tstamp(b).map_or_else(|| "unknown".to_owned(), |t| format!("{} UTC", format_utc(t))));
    row("OpenAI moderation", &moderation_words(index, b));
    row("Toxic-chat taggers", &toxic_words(index, b));
    if let Some(note) = review.map(|e| e.note.as_str()).filter(|n| !n.is_empty()) {
        md.push_str("\nYour note:\n\n");
        for line in sanitize_text(note).lines() {
            let _ = writeln!(md, "> {line}");
        }
    }
    let (a, b_turns) = (turns(index, b, Side::A), turns(index, b, Side::B));
    let n = a.len().max(b_turns.len());
    for t in 0..n {
        let (ta, tb) = (a.get(t), b_turns.get(t));
        if n > 1 {
            let _ = writeln!(md, "\n## Turn {} of {n}", t + 1);
        }
        let text = |m: &MessageSpan| sanitize_text(index.message_text(m)).trim_end().to_owned();
        let prompt_a = ta.and_then(|t| t.prompt).map(text);
        let prompt_b = tb.and_then(|t| t.prompt).map(text);
        if prompt_b.is_some() && prompt_b != prompt_a {
            section(&mut md, "Prompt (A)", prompt_a.as_deref());
            section(&mut md, "Prompt (B)", prompt_b.as_deref());
        } else {
            section(&mut md, "Prompt", prompt_a.as_deref());
        }
        for (side, turn) in [(Side::A, ta), (Side::B, tb)] {
            let mark = match (options.blind, winner, side) {
                (true, _, _) => "",
                (false, Winner::ModelA, Side::A) | (false, Winner::ModelB, Side::B) => " (winner)",
                _ => "",
            };
            let answers: Vec<String> = turn.map(|t| t.answers.iter().map(|m| text(m)).collect()).unwrap_or_default();
            let heading = format!("Answer {}: {}{mark}", side_letter(side), name(side));
            let body = answers.join("\n\n");
            section(&mut md, &heading, (!answers.is_empty()).then_some(body.as_str()));
        }
    }
    md
}

fn section(md: &mut String, heading: &str, body: Option<&str>) {
    let _ = write!(md, "\n### {heading}\n\n{}\n", body.unwrap_or("*(none)*"));
}

fn side_letter(side: Side) -> &'static str {
    if side == Side::A { "A" } else { "B" }
}

fn vote_words(w: Winner, a: &str, b: &str) -> String {
    match w {
        Winner::ModelA => format!("A is better ({a})"),
        Winner::ModelB => format!("B is better ({b})"),
        Winner::Tie => "tie".to_owned(),
        Winner::BothBad => "tie, both bad".to_owned(),
        Winner::NoVote => "no vote".to_owned(),
    }
}

fn moderation_words(index: &Index, b: BattleId) -> String {
    let Some(m) = index.moderation(b) else { return "unknown".to_owned() };
    let flagged: Vec<&str> = MODERATION_CATEGORIES
        .iter()
        .enumerate()
        .filter(|&(i, _)| m.category(i) == Some(true))
        .map(|(_, c)| *c)
        .collect();
    match (m.flagged, flagged.is_empty()) {
        (Some(true), true) => "flagged".to_owned(),
        (Some(true), false) | (None, false) => format!("flagged: {}", flagged.join(", ")),
        (Some(false), _) => "not flagged".to_owned(),
        (None, true) => "unknown".to_owned(),
    }
}

fn toxic_words(index: &Index, b: BattleId) -> String {
    let Some(t) = index.toxic(b) else { return "unknown".to_owned() };
    let one = |name: &str, v: Option<crate::model::TaggerVerdict>| -> Option<String> {
        let v = v?;
        let verdict = match v.flagged {
            Some(true) => "flagged",
            Some(false) => "not flagged",
            None => "unknown",
        };
        Some(match v.score {
            Some(s) => format!("{name} {verdict} ({s:.2})"),
            None => format!("{name} {verdict}"),
        })
    };
    let parts: Vec<String> = [one("roberta", t.roberta), one("t5", t.t5)].into_iter().flatten().collect();
    if parts.is_empty() { "unknown".to_owned() } else { parts.join("; ") }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::varied;
    use crate::index::DatasetInfo;

    fn index() -> Index {
        Index::from_battles(&varied(), DatasetInfo::default())
    }

    #[test]
    fn a_multi_turn_battle_has_each_turn_with_both_answers_under_their_models() {
        let index = index();
        let md = battle_markdown(&index, BattleId(0), None, MarkdownOptions::default());
        let expected_start =
            "# Battle 0001aaaa\n\n| | |\n|---|---|\n| Model A | gpt-4 |\n| Model B | claude-v1 |\n| Vote | tie |\n";
        assert!(md.starts_with(expected_start), "{md}");
        let turn2 = md.find("## Turn 2 of 2").expect("turn 2");
        let turn1 = md.find("## Turn 1 of 2").expect("turn 1");
        assert!(turn1 < turn2);
        let second = &md[turn2..];
        assert_eq!(
            second,
            "## Turn 2 of 2\n\n### Prompt\n\nAnd in Rust?\n\n### Answer A: gpt-4\n\nUse the `parquet` crate.\n\n\
             ### Answer B: claude-v1\n\nThe arrow crate.\n"
        );
        // The answer's own Markdown (a code fence) is kept.
        assert!(md[turn1..turn2].contains("```python\nimport pyarrow.parquet as pq\n"), "{md}");
    }

    #[test]
    fn vote_flags_and_the_users_review_are_stated() {
        let index = index();
        let mut entry = Entry::default();
        entry.labels.insert("unsafe".into());
        entry.note = "asks for\nescapes".into();
        entry.own_vote = Some(Winner::ModelA);
        let md = battle_markdown(&index, BattleId(3), Some(&entry), MarkdownOptions::default());
        assert!(md.contains("| Vote | B is better (gpt-4) |"), "{md}");
        assert!(md.contains("| Your vote | A |"), "{md}");
        assert!(md.contains("| Your flag | ★ unsafe |"), "{md}");
        assert!(md.contains("| OpenAI moderation | flagged"), "{md}");
        assert!(md.contains("| Toxic-chat taggers | roberta flagged (0.93); t5 not flagged (0.20) |"), "{md}");
        assert!(md.contains("\n> asks for\n> escapes\n"), "{md}");
        assert!(md.contains("### Answer B: gpt-4 (winner)"), "{md}");
        // Escape sequences from the data cannot reach the terminal through the pager.
        assert!(!md.contains('\u{1b}') && !md.contains('\u{7}') && !md.contains('\u{9b}'), "{md}");
        assert!(md.contains("Print ␛]0;pwned␇"), "{md}");
    }

    #[test]
    fn blind_leaves_out_the_names_and_the_vote() {
        let index = index();
        let md = battle_markdown(&index, BattleId(3), None, MarkdownOptions { blind: true });
        assert!(!md.contains("gpt-4") && !md.contains("alpaca"), "{md}");
        assert!(md.contains("| Vote | hidden (blind re-judging) |") && !md.contains("(winner)"), "{md}");
        assert!(md.contains("### Answer A: model A"), "{md}");
    }

    #[test]
    fn unknown_facts_say_so() {
        let index = index();
        let md = battle_markdown(&index, BattleId(4), None, MarkdownOptions::default());
        assert!(md.starts_with("# Battle 0001aaaa#2\n"), "{md}");
        assert!(md.contains("| Judge | unknown |") && md.contains("| OpenAI moderation | unknown |"), "{md}");
        assert!(!md.contains("## Turn"), "one turn has no turn headings: {md}");
    }
}
