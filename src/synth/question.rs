//! The user side of a battle: language, the prompts of every turn (what each asks for, so the
//! answers can fit), and the moderation and toxicity tags, which judge the prompts only.

use super::bank::{
    BUGGY_CODE, CODE_TASKS, COMPARISONS, CONCEPTS, CREATIVE_FORMS, EMAILS, FOLLOW_UPS, FollowUp, HARMFUL, OTHER_CODE,
    PASTE_INTROS, SMALL_TALK, SUBJECTS, TIPS, USER_CONTEXT,
};
use super::langs::{ENGLISH_WEIGHT, LANGS, ODDITIES};
use super::rng::Rng;
use crate::model::{MODERATION_CATEGORIES, Moderation, TaggerVerdict, ToxicTags};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeLang {
    Python,
    Rust,
    JavaScript,
}

impl CodeLang {
    pub fn name(self) -> &'static str {
        match self {
            CodeLang::Python => "Python",
            CodeLang::Rust => "Rust",
            CodeLang::JavaScript => "JavaScript",
        }
    }

    pub fn fence(self) -> &'static str {
        match self {
            CodeLang::Python => "python",
            CodeLang::Rust => "rust",
            CodeLang::JavaScript => "javascript",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MathAsk {
    /// a apples, give away b, buy c more.
    Apples(u32, u32, u32),
    Multiply(u32, u32),
    IsPrime(u32),
    /// p percent of x.
    Percent(u32, u32),
    /// d km in h hours.
    Speed(u32, u32),
}

impl MathAsk {
    pub fn result(self) -> String {
        match self {
            MathAsk::Apples(a, b, c) => (a - b + c).to_string(),
            MathAsk::Multiply(a, b) => (a as u64 * b as u64).to_string(),
            MathAsk::IsPrime(n) => if is_prime(n) { "yes" } else { "no" }.to_owned(),
            MathAsk::Percent(p, x) => format_decimal(p as f64 * x as f64 / 100.0),
            MathAsk::Speed(d, h) => (d / h).to_string(),
        }
    }
}

pub fn is_prime(n: u32) -> bool {
    n >= 2 && (2..).take_while(|i| i * i <= n).all(|i| !n.is_multiple_of(i))
}

fn format_decimal(v: f64) -> String {
    if v.fract() == 0.0 { format!("{v:.0}") } else { format!("{v:.2}").trim_end_matches('0').to_owned() }
}

/// What a user turn asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    Explain(usize),
    Code(usize, CodeLang),
    OtherCode(usize),
    FixCode(usize),
    Creative {
        form: usize,
        subject: usize,
    },
    Compare(usize),
    Tips {
        goal: usize,
        n: usize,
    },
    Math(MathAsk),
    Email(usize),
    /// Summarise a pasted text about a concept.
    Summarize(usize),
    SmallTalk(usize),
    Harmful(usize),
    ForeignQa(usize, usize),
    ForeignCode(usize, usize),
    ForeignFollowUp(usize),
    Odd(usize, usize),
    FollowUp(FollowUp),
}

/// The language a question is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tongue {
    English,
    /// Index into `LANGS`.
    Foreign(usize),
    /// Index into `ODDITIES`.
    Odd(usize),
}

pub struct Question {
    pub question_id: String,
    pub language: &'static str,
    pub tongue: Tongue,
    pub turns: Vec<(String, Ask)>,
    pub moderation: Moderation,
    pub toxic: ToxicTags,
}

/// Turns per battle: mean about 1.19, a few long ones.
const TURN_WEIGHTS: [f64; 10] = [0.89, 0.07, 0.02, 0.009, 0.005, 0.003, 0.0012, 0.0008, 0.0005, 0.0005];

impl Question {
    pub fn generate(rng: &mut Rng) -> Question {
        let question_id = format!("{:016x}{:016x}", rng.next_u64(), rng.next_u64());
        let tongue = pick_tongue(rng);
        let n_turns = rng.weighted(&TURN_WEIGHTS) + 1;
        let mut turns = Vec::with_capacity(n_turns);
        let first = first_turn(tongue, rng);
        let harmful = match first.1 {
            Ask::Harmful(h) => Some(HARMFUL[h].1),
            _ => None,
        };
        turns.push(first);
        while turns.len() < n_turns {
            turns.push(next_turn(tongue, rng));
        }
        let language = match tongue {
            Tongue::English => "English",
            Tongue::Foreign(l) => LANGS[l].name,
            Tongue::Odd(o) => ODDITIES[o].name,
        };
        Question {
            question_id,
            language,
            tongue,
            turns,
            moderation: moderation(harmful, rng),
            toxic: toxic(harmful.is_some(), rng),
        }
    }
}

fn pick_tongue(rng: &mut Rng) -> Tongue {
    let mut weights = vec![ENGLISH_WEIGHT];
    weights.extend(LANGS.iter().map(|l| l.weight));
    weights.extend(ODDITIES.iter().map(|o| o.weight));
    match rng.weighted(&weights) {
        0 => Tongue::English,
        i if i <= LANGS.len() => Tongue::Foreign(i - 1),
        i => Tongue::Odd(i - 1 - LANGS.len()),
    }
}

fn first_turn(tongue: Tongue, rng: &mut Rng) -> (String, Ask) {
    match tongue {
        Tongue::English => {
            let (text, ask) = english_prompt(rng);
            // Some users say who they are or how to answer before asking.
            let wants_context = matches!(
                ask,
                Ask::Explain(_)
                    | Ask::Code(..)
                    | Ask::Compare(_)
                    | Ask::Tips { .. }
                    | Ask::Creative { .. }
                    | Ask::Email(_)
            );
            if wants_context && rng.chance(0.6) {
                (format!("{}{text}", rng.pick(USER_CONTEXT)), ask)
            } else {
                (text, ask)
            }
        }
        Tongue::Foreign(l) => foreign_prompt(l, rng),
        Tongue::Odd(o) => {
            let p = rng.below(ODDITIES[o].prompts.len());
            (ODDITIES[o].prompts[p].to_owned(), Ask::Odd(o, p))
        }
    }
}

fn next_turn(tongue: Tongue, rng: &mut Rng) -> (String, Ask) {
    match tongue {
        Tongue::English if rng.chance(0.25) => english_prompt(rng),
        Tongue::English => {
            let (text, kind) = *rng.pick(FOLLOW_UPS);
            (text.to_owned(), Ask::FollowUp(kind))
        }
        Tongue::Foreign(l) if rng.chance(0.4) => foreign_prompt(l, rng),
        Tongue::Foreign(l) => {
            let f = rng.below(LANGS[l].follow_ups.len());
            (LANGS[l].follow_ups[f].to_owned(), Ask::ForeignFollowUp(l))
        }
        Tongue::Odd(_) => first_turn(tongue, rng),
    }
}

fn foreign_prompt(l: usize, rng: &mut Rng) -> (String, Ask) {
    let lang = &LANGS[l];
    if !lang.code.is_empty() && rng.chance(0.25) {
        let c = rng.below(lang.code.len());
        (lang.code[c].0.to_owned(), Ask::ForeignCode(l, c))
    } else {
        let q = rng.below(lang.qa.len());
        (lang.qa[q].0.to_owned(), Ask::ForeignQa(l, q))
    }
}

/// Kinds of English prompt and their shares.
const KIND_WEIGHTS: [f64; 12] = [0.20, 0.11, 0.04, 0.03, 0.10, 0.06, 0.08, 0.05, 0.05, 0.11, 0.09, 0.03];

fn english_prompt(rng: &mut Rng) -> (String, Ask) {
    let fill = |t: &str, pairs: &[(&str, &str)]| {
        let mut s = t.to_owned();
        for (k, v) in pairs {
            s = s.replace(k, v);
        }
        s
    };
    match rng.weighted(&KIND_WEIGHTS) {
        0 => {
            let c = rng.below(CONCEPTS.len());
            let t = rng.pick(&[
                "What is {c}?",
                "Explain {c} in simple terms.",
                "Can you explain how {c} works?",
                "explain {c}",
                "I never really understood {c}. Can you help me?",
                "What is {c} and why does it matter?",
                "what's {c}",
            ]);
            (fill(t, &[("{c}", CONCEPTS[c].name)]), Ask::Explain(c))
        }
        1 => {
            let task = rng.below(CODE_TASKS.len());
            let lang = *rng.pick(&[CodeLang::Python, CodeLang::Python, CodeLang::Rust, CodeLang::JavaScript]);
            let t = rng.pick(&[
                "Write a {L} function that {t}.",
                "How do I write a function in {L} that {t}?",
                "write {L} code that {t}",
                "Can you show me a {L} program that {t}? Please add comments.",
            ]);
            (fill(t, &[("{L}", lang.name()), ("{t}", CODE_TASKS[task].task)]), Ask::Code(task, lang))
        }
        2 => {
            let i = rng.below(OTHER_CODE.len());
            (OTHER_CODE[i].0.to_owned(), Ask::OtherCode(i))
        }
        3 => {
            let i = rng.below(BUGGY_CODE.len());
            let (lang, code, _) = BUGGY_CODE[i];
            let mut text = if rng.chance(0.6) {
                format!("Why doesn't this work?\n\n```{lang}\n{code}\n```")
            } else {
                format!("fix this code:\n{code}")
            };
            // Code pasted from Windows keeps its line endings.
            if rng.chance(0.3) {
                text = text.replace('\n', "\r\n");
            }
            (text, Ask::FixCode(i))
        }
        4 => {
            let form = rng.below(CREATIVE_FORMS.len());
            let subject = rng.below(SUBJECTS.len());
            let t = rng.pick(&[
                "Write a {f} about {s}.",
                "write a {f} about {s}",
                "Can you write a funny {f} about {s}?",
                "Compose a {f} about {s} for my friend's birthday 🎂",
            ]);
            (fill(t, &[("{f}", CREATIVE_FORMS[form]), ("{s}", SUBJECTS[subject].0)]), Ask::Creative { form, subject })
        }
        5 => {
            let c = rng.below(COMPARISONS.len());
            let t = rng.pick(&[
                "Compare {a} and {b}.",
                "What are the differences between {a} and {b}?",
                "{a} vs {b}: which is better?",
                "Should I choose {a} or {b}? Give me a table.",
            ]);
            (fill(t, &[("{a}", COMPARISONS[c].a), ("{b}", COMPARISONS[c].b)]), Ask::Compare(c))
        }
        6 => {
            let goal = rng.below(TIPS.len());
            let n = rng.range(3, 6);
            let t = rng.pick(&[
                "Give me {n} tips for {g}.",
                "What are your best tips for {g}?",
                "I need advice on {g}.",
                "top {n} tips for {g}",
            ]);
            (fill(t, &[("{n}", &n.to_string()), ("{g}", TIPS[goal].0)]), Ask::Tips { goal, n })
        }
        7 => math_prompt(rng),
        8 => {
            let i = rng.below(EMAILS.len());
            let t = rng.pick(&[
                "Write an email to {r} to {p}.",
                "Draft a short, polite email to {r}. I want to {p}.",
                "help me write an email to {r} to {p}",
            ]);
            (fill(t, &[("{r}", EMAILS[i].0), ("{p}", EMAILS[i].1)]), Ask::Email(i))
        }
        9 => {
            let c = rng.below(CONCEPTS.len());
            let concept = &CONCEPTS[c];
            let intro = if rng.chance(0.5) {
                rng.pick(&[
                    "Summarize the following text in two sentences:",
                    "Can you summarise this for me?",
                    "TL;DR please:",
                    "Rewrite this paragraph so a child can understand it:",
                ])
            } else {
                rng.pick(PASTE_INTROS)
            };
            let mut body = format!(
                "{} is {}. {} {} {} {}",
                capitalize(concept.name),
                concept.definition,
                concept.facts[0],
                concept.facts[1],
                concept.facts[2],
                concept.facts[3]
            );
            // Long pastes: several paragraphs, as when users paste a whole article.
            for _ in 0..rng.below(4) {
                let more = &CONCEPTS[rng.below(CONCEPTS.len())];
                body.push_str(&format!(
                    "\n\n{} is {}. {} {}",
                    capitalize(more.name),
                    more.definition,
                    more.facts[rng.below(4)],
                    more.facts[rng.below(4)]
                ));
            }
            (format!("{intro}\n\n\"{body}\""), Ask::Summarize(c))
        }
        10 => {
            let i = rng.below(SMALL_TALK.len());
            (SMALL_TALK[i].0.to_owned(), Ask::SmallTalk(i))
        }
        _ => {
            let i = rng.below(HARMFUL.len());
            (HARMFUL[i].0.to_owned(), Ask::Harmful(i))
        }
    }
}

fn math_prompt(rng: &mut Rng) -> (String, Ask) {
    match rng.below(5) {
        0 => {
            let (a, b, c) = (rng.range(5, 40) as u32, rng.range(1, 4) as u32, rng.range(1, 20) as u32);
            (
                format!(
                    "I have {a} apples. I give {b} to my sister and then buy {c} more. How many apples do I have now?"
                ),
                Ask::Math(MathAsk::Apples(a, b, c)),
            )
        }
        1 => {
            let (a, b) = (rng.range(12, 999) as u32, rng.range(12, 99) as u32);
            (format!("What is {a} * {b}?"), Ask::Math(MathAsk::Multiply(a, b)))
        }
        2 => {
            let n = rng.range(50, 1000) as u32;
            (format!("Is {n} a prime number?"), Ask::Math(MathAsk::IsPrime(n)))
        }
        3 => {
            let (p, x) = (5 * rng.range(1, 19) as u32, 10 * rng.range(2, 90) as u32);
            (format!("what is {p}% of {x}"), Ask::Math(MathAsk::Percent(p, x)))
        }
        _ => {
            let h = rng.range(2, 6) as u32;
            let d = h * rng.range(40, 120) as u32;
            (
                format!("A train travels {d} km in {h} hours. What is its average speed?"),
                Ask::Math(MathAsk::Speed(d, h)),
            )
        }
    }
}

pub fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// OpenAI moderation of the prompts: tiny scores everywhere, a high one in the harmful
/// prompt's category (over 0.5 means the category is true and the row flagged).
fn moderation(harmful: Option<usize>, rng: &mut Rng) -> Moderation {
    let mut m = Moderation { has_categories: true, has_scores: true, ..Default::default() };
    for i in 0..MODERATION_CATEGORIES.len() {
        let score = if rng.chance(0.01) { rng.log_uniform(1e-3, 0.2) } else { rng.log_uniform(1e-7, 3e-3) };
        m.scores[i] = Some(score);
    }
    if let Some(cat) = harmful {
        // Most harmful prompts score high but below the threshold: flags stay rare (~0.5%).
        m.scores[cat] = Some(0.05 + 0.949 * rng.unit().powi(3));
        // Threats and self-harm spill over into their parent category.
        let parent = match cat {
            1 => Some(0),
            5 | 6 => Some(4),
            10 => Some(9),
            _ => None,
        };
        if let Some(p) = parent {
            m.scores[p] = Some(0.5 * m.scores[cat].unwrap_or(0.0) + rng.unit() * 0.3);
        }
    }
    let mut flagged = false;
    for i in 0..MODERATION_CATEGORIES.len() {
        let on = m.scores[i].unwrap_or(0.0) > 0.5;
        m.set_category(i, on);
        flagged |= on;
    }
    m.flagged = Some(flagged);
    m
}

/// The two toxic-chat taggers: near zero for ordinary prompts, high for harmful ones.
fn toxic(harmful: bool, rng: &mut Rng) -> ToxicTags {
    let roberta = if harmful {
        0.15 + 0.849 * rng.unit().powf(0.8)
    } else if rng.chance(0.003) {
        rng.range(50, 80) as f64 / 100.0 + rng.unit() * 0.01
    } else {
        rng.log_uniform(1e-4, 0.08)
    };
    let t5 = if harmful {
        (roberta + (rng.unit() - 0.5) * 0.5).clamp(0.001, 0.999)
    } else {
        (roberta * (0.5 + rng.unit())).min(0.999)
    };
    ToxicTags {
        roberta: Some(TaggerVerdict { flagged: Some(roberta > 0.5), score: Some(roberta) }),
        t5: Some(TaggerVerdict { flagged: Some(t5 > 0.5), score: Some(t5) }),
    }
}
