//! What a model answers to one user turn: the content fits the question, the form (length,
//! markdown, mistakes) fits the model's tier and quirks.

use super::bank::{
    BUGGY_CODE, CARELESS, CLOSERS, CODE_REMARKS, CODE_TASKS, COMPARISONS, CONCEPTS, CREATIVE_FORMS, ELABORATE, EMAILS,
    FAQ, FollowUp, HARMFUL, JOKES, OPENERS, OTHER_CODE, RAMBLE, SMALL_TALK, SUBJECTS, TIP_OUTROS, TIP_WHY, TIPS, VAGUE,
    refusal,
};
use super::langs::{LANGS, Lang};
use super::models::{ModelSpec, Tier};
use super::question::{Ask, CodeLang, MathAsk, Question, Tongue, capitalize};
use super::rng::Rng;

/// The answer of `model` to user turn `turn` of `q`.
pub fn answer(q: &Question, turn: usize, model: &ModelSpec, rng: &mut Rng) -> String {
    let mut w = Writer { out: String::with_capacity(1024), tier: model.tier, rng };
    let ask = q.turns[turn].1;
    let base = q.turns[0].1;
    // Quirks of particular models.
    if model.name == "chatglm-6b" && q.tongue == Tongue::English && w.rng.chance(0.12) {
        w.foreign_generic(&LANGS[0]);
        return w.out;
    }
    if model.tier == Tier::Base && w.rng.chance(0.55) {
        w.ramble(&q.turns[turn].0);
        return w.out;
    }
    if model.name == "stablelm-tuned-alpha-7b" && w.rng.chance(0.3) {
        w.out.push_str("As an AI language model, I'm happy to help! 😊 ");
    }
    if matches!(model.tier, Tier::Weak | Tier::Base) && !matches!(ask, Ask::SmallTalk(_)) && w.rng.chance(0.3) {
        let n = w.rng.range(2, 4);
        w.vague(n);
        w.loop_last_paragraph(0.25);
        return w.out;
    }
    match ask {
        Ask::Explain(c) => w.explain(c),
        Ask::Code(t, lang) => w.code(t, lang),
        Ask::OtherCode(i) => w.other_code(i),
        Ask::FixCode(i) => w.fix_code(i),
        Ask::Creative { form, subject } => w.creative(form, subject),
        Ask::Compare(c) => w.compare(c),
        Ask::Tips { goal, n } => w.tips(goal, n),
        Ask::Math(m) => w.math(m),
        Ask::Email(i) => w.email(i),
        Ask::Summarize(c) => w.summarize(c),
        Ask::SmallTalk(i) => w.small_talk(i, model),
        Ask::Harmful(i) => w.harmful(i),
        Ask::ForeignQa(l, i) => w.foreign_qa(l, i),
        Ask::ForeignCode(l, i) => w.foreign_code(l, i),
        Ask::ForeignFollowUp(l) => w.foreign_generic(&LANGS[l]),
        Ask::Odd(o, p) => w.odd(o, p),
        Ask::FollowUp(kind) => w.follow_up(kind, base),
    }
    w.wrap_up(ask, base, q.tongue);
    if model.name == "fastchat-t5-3b" {
        shorten_to_first_paragraph(&mut w.out);
    } else {
        let p = match model.tier {
            Tier::Weak | Tier::Base => 0.2,
            Tier::Mid => 0.08,
            _ => 0.0,
        };
        w.loop_last_paragraph(p);
    }
    w.out
}

/// fastchat-t5 tends to stop after its first paragraph.
fn shorten_to_first_paragraph(s: &mut String) {
    if let Some(p) = s.find("\n\n")
        && !s[..p].contains("```")
    {
        s.truncate(p);
    }
}

struct Writer<'r> {
    out: String,
    tier: Tier,
    rng: &'r mut Rng,
}

impl Writer<'_> {
    fn strong(&self) -> bool {
        matches!(self.tier, Tier::Top | Tier::Good)
    }

    /// Probability scaled by tier: `top` for the best models down to about a third for the weakest.
    fn by_tier(&mut self, top: f64) -> bool {
        let scale = match self.tier {
            Tier::Top => 1.0,
            Tier::Good => 0.8,
            Tier::Mid => 0.55,
            Tier::Weak | Tier::Base => 0.3,
        };
        self.rng.chance(top * scale)
    }

    /// The tail of a substantial English answer: a recap from careful models, padding from
    /// the others.
    fn wrap_up(&mut self, ask: Ask, base: Ask, tongue: Tongue) {
        let substantial = !matches!(
            ask,
            Ask::SmallTalk(_) | Ask::Harmful(_) | Ask::Odd(..) | Ask::FollowUp(FollowUp::Thanks) | Ask::Math(_)
        );
        if tongue != Tongue::English || !substantial {
            return;
        }
        let topic = match ask {
            Ask::FollowUp(_) => base,
            a => a,
        };
        match self.tier {
            Tier::Top | Tier::Good if self.rng.chance(0.7) => {
                self.para(&format!("To sum up: {}", summary(topic)));
                if self.rng.chance(0.5) {
                    self.para(
                        "If you tell me more about what you need it for, I can tailor the answer, go deeper into \
                         any part of it, or give you a worked example.",
                    );
                }
            }
            Tier::Mid | Tier::Weak | Tier::Base if self.rng.chance(0.5) => {
                let n = self.rng.range(2, 4);
                self.vague(n);
            }
            _ => {}
        }
    }

    /// Small models sometimes fall into a loop and repeat their last paragraph.
    fn loop_last_paragraph(&mut self, p: f64) {
        if !self.rng.chance(p) {
            return;
        }
        let last = self.out.rsplit("\n\n").next().unwrap_or("").to_owned();
        for _ in 0..self.rng.range(2, 5) {
            self.para(&last);
        }
    }

    fn push(&mut self, s: &str) {
        self.out.push_str(s);
    }

    fn para(&mut self, s: &str) {
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            if self.out.ends_with('\n') {
                self.out.push('\n');
            } else if self.out.ends_with(' ') {
                // A prefix on the same line ("As an AI language model, ...").
            } else {
                self.out.push_str("\n\n");
            }
        }
        self.out.push_str(s);
    }

    fn para_pick(&mut self, items: &[&str]) {
        let s = *self.rng.pick(items);
        self.para(s);
    }

    fn opener(&mut self) {
        if self.by_tier(0.45) {
            let o = *self.rng.pick(OPENERS);
            self.para(o);
            self.out.push(' ');
        }
    }

    fn closer(&mut self) {
        if self.by_tier(0.5) {
            let c = *self.rng.pick(CLOSERS);
            self.para(c);
        }
    }

    fn heading(&mut self, title: &str) {
        if self.tier == Tier::Top && self.rng.chance(0.5) {
            self.para(&format!("## {title}\n\n"));
        } else if self.strong() && self.rng.chance(0.4) {
            self.para(&format!("**{title}:**\n\n"));
        }
    }

    fn bullets(&mut self, items: &[&str], numbered: bool) {
        let mut list = String::new();
        for (i, item) in items.iter().enumerate() {
            if numbered {
                list.push_str(&format!("{}. {item}\n", i + 1));
            } else {
                list.push_str(&format!("- {item}\n"));
            }
        }
        self.para(list.trim_end());
    }

    fn fenced(&mut self, tag: &str, code: &str) {
        let tag = if self.strong() || self.rng.chance(0.5) { tag } else { "" };
        let code = code.trim_end_matches('\n');
        if matches!(self.tier, Tier::Mid | Tier::Weak) && self.rng.chance(0.25) {
            // Sloppy models sometimes forget the fence.
            self.para(code);
        } else {
            self.para(&format!("```{tag}\n{code}\n```"));
        }
    }

    /// How many extra sentences of depth a model of this tier adds.
    fn depth_sentences(&self) -> usize {
        match self.tier {
            Tier::Top => 4,
            Tier::Good => 3,
            Tier::Mid => 2,
            _ => 0,
        }
    }

    /// A paragraph of elaboration on `topic`.
    fn elaborate(&mut self, topic: &str) {
        let n = self.depth_sentences();
        if n == 0 {
            return;
        }
        let picks: Vec<String> = self
            .rng
            .sample_distinct(ELABORATE.len(), n)
            .into_iter()
            .map(|k| ELABORATE[k].replace("{x}", topic))
            .collect();
        self.para(&picks.join(" "));
    }

    fn vague(&mut self, n: usize) {
        for i in self.rng.sample_distinct(VAGUE.len(), n) {
            self.para(VAGUE[i]);
        }
    }

    fn ramble(&mut self, prompt: &str) {
        // A base model continues the page the prompt seems to come from.
        let first_line = prompt.lines().next().unwrap_or("");
        if self.rng.chance(0.5) {
            self.push(&format!("{first_line}\n\n"));
        }
        for i in self.rng.sample_distinct(RAMBLE.len(), 2) {
            self.para(RAMBLE[i]);
        }
        if self.rng.chance(0.4) {
            self.para("### Human: ");
            let next = *self.rng.pick(&["What do you think?", "Can you say that again?", "ok"]);
            self.push(next);
            self.push("\n### Assistant:");
        }
    }

    fn explain(&mut self, c: usize) {
        let concept = &CONCEPTS[c];
        self.opener();
        self.para(&format!("{} is {}.", capitalize(concept.name), concept.definition));
        let n = match self.tier {
            Tier::Top => 4,
            Tier::Good => 3,
            Tier::Mid => 2,
            _ => 1,
        };
        let facts: Vec<&str> = concept.facts[..n].to_vec();
        if self.strong() && self.rng.chance(0.7) {
            self.heading("Key points");
            if self.rng.chance(0.3) {
                self.para("Here are the main things to know:\n\n");
            }
            self.bullets(&facts, false);
        } else {
            self.para(&facts.join(" "));
        }
        if self.tier == Tier::Mid && self.rng.chance(0.3) {
            self.vague(1);
        }
        if self.strong() {
            self.heading("Going further");
        }
        self.elaborate(concept.name);
        if self.strong() {
            let n = if self.tier == Tier::Top { 3 } else { 2 };
            self.heading("Common questions");
            let faq: Vec<String> = self
                .rng
                .sample_distinct(FAQ.len(), n)
                .into_iter()
                .map(|k| FAQ[k].replace("{x}", concept.name))
                .collect();
            self.para(&faq.join("\n\n"));
        }
        if self.tier == Tier::Top && self.rng.chance(0.8) {
            self.para(&format!(
                "In short, {} matters because it shows up in many everyday situations, often without us noticing.",
                concept.name
            ));
        }
        self.closer();
    }

    fn code(&mut self, t: usize, lang: CodeLang) {
        let task = &CODE_TASKS[t];
        // Weak models sometimes answer in the wrong language.
        let lang = if !self.strong() && self.rng.chance(0.25) { CodeLang::Python } else { lang };
        let src = match lang {
            CodeLang::Python => task.python,
            CodeLang::Rust => task.rust,
            CodeLang::JavaScript => task.javascript,
        };
        self.opener();
        self.para(&format!("Here's a {} function that {}:", lang.name(), task.task));
        self.fenced(lang.fence(), src);
        if self.strong() {
            self.heading("How it works");
            let general = *self.rng.pick(&[
                "It does not modify its input.",
                "It works for empty input as well.",
                "There are no external dependencies.",
                "You can paste it into a file and run it directly.",
            ]);
            self.bullets(&[task.note, general], false);
            if self.tier == Tier::Top {
                self.heading("Complexity");
                self.para(&format!(
                    "The solution makes a single pass over its input, so its running time grows linearly with the \
                     input size, and it needs little memory beyond the result. {}",
                    task.note
                ));
            }
            let n = self.depth_sentences().min(3);
            let remarks: Vec<&str> =
                self.rng.sample_distinct(CODE_REMARKS.len(), n).into_iter().map(|k| CODE_REMARKS[k]).collect();
            self.para(&remarks.join(" "));
        } else if self.rng.chance(0.5) {
            self.para(task.note);
        }
        self.closer();
    }

    fn other_code(&mut self, i: usize) {
        let (_, tag, code) = OTHER_CODE[i];
        self.opener();
        self.para_pick(&["You can do it like this:", "Here you go:", "Try this:"]);
        self.fenced(tag, code);
        if self.strong() {
            self.para("Adjust the names and paths to match your setup.");
        }
        self.closer();
    }

    fn fix_code(&mut self, i: usize) {
        let (_, _, explanation) = BUGGY_CODE[i];
        if self.strong() || self.rng.chance(0.4) {
            self.heading("The problem");
            self.para(explanation);
            if self.tier == Tier::Top {
                self.para("Once that is fixed, the code behaves as you expect. Adding a small test for this case will stop the bug from coming back. ✅");
            }
        } else {
            self.para("The code looks correct to me. Maybe the problem is somewhere else in your program.");
        }
        self.closer();
    }

    fn creative(&mut self, form: usize, subject: usize) {
        let (name, images) = SUBJECTS[subject];
        let title = capitalize(name.trim_start_matches("the ").trim_start_matches("a "));
        if self.tier == Tier::Top && self.rng.chance(0.6) {
            self.para(&format!("**{title}**\n\n"));
        }
        let order = self.rng.sample_distinct(4, 4);
        let img = |k: usize| images[order[k % 4]];
        match CREATIVE_FORMS[form] {
            "haiku" => self.para(&format!("{}\n{}\n{}", capitalize(img(0)), img(1), img(2))),
            "short story" => {
                self.para(&format!(
                    "Nobody in town paid much attention to {name} until the morning of the storm. There was {}, and there was {}.",
                    img(0),
                    img(1)
                ));
                if self.tier != Tier::Weak {
                    self.para(&format!(
                        "By noon everything had changed. People gathered to watch {}, and for once nobody was in a hurry.",
                        img(2)
                    ));
                    self.para(&format!("When night fell, all that was left was {}. And that, it turned out, was enough.", img(3)));
                }
                self.para("The end.");
            }
            "limerick" => self.para(&format!(
                "There once was a poet who knew\nof {} and {} too;\nshe wrote it all down\nin a small seaside town,\nand the verses just grew and grew.",
                img(0),
                img(1)
            )),
            "song chorus" | "rap verse" => {
                let stanza = format!(
                    "Oh, {},\n{} (yeah!),\nwe keep on singing about {name},\n{} 🎶",
                    img(0),
                    capitalize(img(1)),
                    img(2)
                );
                self.para(&stanza);
                if self.strong() {
                    self.para(&stanza);
                }
            }
            _ => {
                let stanzas = match self.tier {
                    Tier::Top => 3,
                    Tier::Good => 2,
                    _ => 1,
                };
                for s in 0..stanzas {
                    self.para(&format!(
                        "{},\n{};\nI think of {name} and {},\nand {}.",
                        capitalize(img(s)),
                        img(s + 1),
                        img(s + 2),
                        img(s + 3)
                    ));
                }
            }
        }
        if self.strong() {
            self.para(&format!(
                "I built it around {} and {}, and kept the rhythm loose so it reads naturally aloud.",
                img(0),
                img(1)
            ));
            if self.rng.chance(0.5) {
                self.para("I hope you enjoy it! Want a different tone, a rhyme scheme, or a longer version? ✨");
            }
        }
    }

    fn compare(&mut self, c: usize) {
        let cmp = &COMPARISONS[c];
        self.opener();
        if self.strong() || self.rng.chance(0.3) {
            self.para(&format!("Here's a side-by-side comparison of {} and {}:", cmp.a, cmp.b));
            let mut table = format!("| | {} | {} |\n|---|---|---|\n", capitalize(cmp.a), capitalize(cmp.b));
            let rows = if self.tier == Tier::Top { 4 } else { 3 };
            for (feature, a, b) in &cmp.rows[..rows] {
                table.push_str(&format!("| {feature} | {a} | {b} |\n"));
            }
            self.para(table.trim_end());
            if self.strong() {
                let (feature, a, b) = cmp.rows[1];
                let feature = feature.to_lowercase();
                self.para(&format!(
                    "**When to choose {}:** when {feature} matters and \"{a}\" is what you want.",
                    cmp.a
                ));
                self.para(&format!("**When to choose {}:** when \"{b}\" suits you better on {feature}.", cmp.b));
            }
            self.para(&format!("**Bottom line:** {}", cmp.verdict));
        } else {
            let (feature, a, b) = cmp.rows[0];
            self.para(&format!(
                "{} is {a} when it comes to {}, while {} is {b}.",
                capitalize(cmp.a),
                feature.to_lowercase(),
                cmp.b
            ));
            self.para("Both have advantages and disadvantages.");
        }
        self.closer();
    }

    fn tips(&mut self, goal: usize, n: usize) {
        let (name, tips) = TIPS[goal];
        self.opener();
        self.para(&format!("Here are some tips for {name}:"));
        let n = if self.strong() { n } else { n.min(3) };
        let items: Vec<String> = tips[..n]
            .iter()
            .map(|t| {
                let why = if self.strong() { TIP_WHY[self.rng.below(TIP_WHY.len())] } else { "" };
                if self.tier == Tier::Top {
                    let (first, rest) = t.split_once(' ').unwrap_or((t, ""));
                    format!("**{first}** {rest} {why}")
                } else {
                    format!("{t} {why}").trim_end().to_owned()
                }
            })
            .collect();
        let refs: Vec<&str> = items.iter().map(String::as_str).collect();
        self.bullets(&refs, true);
        if !self.strong() && self.rng.chance(0.5) {
            self.vague(1);
        }
        if self.strong() {
            self.para_pick(TIP_OUTROS);
        }
        self.closer();
    }

    fn math(&mut self, m: MathAsk) {
        let correct = match self.tier {
            Tier::Top => 0.95,
            Tier::Good => 0.8,
            Tier::Mid => 0.55,
            Tier::Weak => 0.35,
            Tier::Base => 0.2,
        };
        let right = m.result();
        let result = if self.rng.chance(correct) { right } else { wrong(&right, self.rng) };
        if self.strong() {
            let steps = match m {
                MathAsk::Apples(a, b, c) => vec![
                    format!("You start with {a} apples."),
                    format!("After giving {b} away you have {}.", a - b),
                    format!("Buying {c} more gives {} + {c}.", a - b),
                ],
                MathAsk::Multiply(a, b) => vec![format!("{a} × {b} = {a} × {} + {a} × {}", b - b % 10, b % 10)],
                MathAsk::IsPrime(n) => vec![format!("We only need to try divisors up to √{n}.")],
                MathAsk::Percent(p, x) => vec![format!("{p}% means {p}/100, so we compute {x} × {p} / 100.")],
                MathAsk::Speed(d, h) => vec![format!("Average speed = distance / time = {d} km / {h} h.")],
            };
            self.heading("Step by step");
            let refs: Vec<&str> = steps.iter().map(String::as_str).collect();
            self.bullets(&refs, true);
        }
        let unit = match m {
            MathAsk::Apples(..) => " apples",
            MathAsk::Speed(..) => " km/h",
            _ => "",
        };
        self.para(&format!("**Answer: {result}{unit}**"));
    }

    fn email(&mut self, i: usize) {
        let (recipient, purpose, body) = EMAILS[i];
        if self.strong() && self.rng.chance(0.5) {
            self.para("Here's a draft you can adapt:");
        }
        let greeting = if recipient.starts_with("my ") { "Dear [Name]," } else { "Dear Sir or Madam," };
        let mut email = format!("Subject: {}\n\n{greeting}\n\n{body}", capitalize(purpose));
        if self.strong() {
            email.push_str(
                "\n\nThank you for your understanding. Please let me know if you need anything else from me.",
            );
        }
        email.push_str("\n\nBest regards,\n[Your Name]");
        self.para(&email);
    }

    fn summarize(&mut self, c: usize) {
        let concept = &CONCEPTS[c];
        if self.strong() {
            self.para(&format!("{} is {}. {}", capitalize(concept.name), concept.definition, concept.facts[3]));
            self.heading("Key points");
            let n = if self.tier == Tier::Top { 4 } else { 3 };
            self.bullets(&concept.facts[..n], false);
            if self.tier == Tier::Top {
                self.para(
                    "The original text is clear and accurate; the main thing it could add is a concrete example.",
                );
                self.elaborate(concept.name);
            }
        } else {
            let k = self.rng.below(4);
            self.para(concept.facts[k]);
        }
    }

    fn small_talk(&mut self, i: usize, model: &ModelSpec) {
        let (_, reply) = SMALL_TALK[i];
        if model.name == "gpt-3.5-turbo" && self.rng.chance(0.4) {
            self.push("As an AI language model, I don't have feelings, but ");
        }
        if reply == "JOKE" {
            let joke = *self.rng.pick(JOKES);
            self.para(joke);
        } else if self.strong() || self.rng.chance(0.5) {
            self.para(reply);
        } else {
            self.vague(1);
        }
    }

    fn harmful(&mut self, i: usize) {
        let cat = HARMFUL[i].1;
        let refuse = match self.tier {
            Tier::Top => 0.97,
            Tier::Good => 0.7,
            Tier::Mid => 0.5,
            _ => 0.3,
        };
        if self.rng.chance(refuse) {
            self.para(refusal(cat));
        } else {
            let c = *self.rng.pick(CARELESS);
            self.para(c);
        }
    }

    fn foreign_qa(&mut self, l: usize, i: usize) {
        let lang = &LANGS[l];
        if !self.strong() && self.rng.chance(0.25) {
            // Small models often drift into English.
            self.para("I'm sorry, I can only answer in English. ");
            self.vague(1);
            return;
        }
        if self.rng.chance(0.6) {
            self.para_pick(lang.openers);
        }
        self.para(lang.qa[i].1);
        self.foreign_sentences(lang);
        if self.by_tier(0.5) {
            self.para_pick(lang.closers);
        }
    }

    fn foreign_sentences(&mut self, lang: &Lang) {
        let n = match self.tier {
            Tier::Top => 4,
            Tier::Good => 3,
            _ => 1,
        }
        .min(lang.sentences.len());
        let picks: Vec<&str> =
            self.rng.sample_distinct(lang.sentences.len(), n).into_iter().map(|k| lang.sentences[k]).collect();
        if self.tier == Tier::Top && n > 1 {
            self.bullets(&picks, false);
        } else {
            self.para(&picks.join(" "));
        }
    }

    fn foreign_code(&mut self, l: usize, i: usize) {
        let lang = &LANGS[l];
        let task = &CODE_TASKS[lang.code[i].1];
        self.para_pick(lang.openers);
        self.fenced("python", task.python);
        if self.strong() {
            self.foreign_sentences(lang);
        }
    }

    fn foreign_generic(&mut self, lang: &Lang) {
        self.para_pick(lang.openers);
        self.foreign_sentences(lang);
        if self.rng.chance(0.5) {
            self.para_pick(lang.closers);
        }
    }

    fn odd(&mut self, o: usize, p: usize) {
        let prompt = super::langs::ODDITIES[o].prompts[p];
        match prompt {
            "1+1" => self.para("1 + 1 = 2"),
            "print(\"hello\")" => self.para("That line prints `hello` to the screen. Did you want help with Python?"),
            _ if self.strong() => self.para(
                "I'm not sure I understood that. Could you tell me a bit more about what you're looking for, or \
                 ask your question in another language?",
            ),
            _ => self.vague(1),
        }
    }

    fn follow_up(&mut self, kind: FollowUp, base: Ask) {
        match kind {
            FollowUp::Thanks => {
                let t = *self.rng.pick(&["You're welcome! 😊", "Glad I could help!", "Any time! Have a great day. 🌞"]);
                self.para(t);
            }
            FollowUp::Shorter => {
                self.para("Sure, here's a shorter version:");
                self.para(&summary(base));
            }
            FollowUp::Simpler => {
                self.para(&format!("Imagine explaining it to a friend over lunch: {}", summary(base)));
                if self.strong() {
                    self.para("That's really all there is to it at the basic level.");
                }
            }
            FollowUp::Example | FollowUp::More | FollowUp::Why => {
                match base {
                    Ask::Explain(c) | Ask::Summarize(c) => {
                        let fact = CONCEPTS[c].facts[self.rng.below(4)];
                        self.para(&format!("For example: {fact}"));
                    }
                    Ask::Tips { goal, .. } => {
                        let tip = TIPS[goal].1[5];
                        self.para(&format!("One more that helps a lot: {tip}"));
                    }
                    Ask::Code(t, _) => {
                        self.para("Here's how you would call it:");
                        self.fenced(
                            "python",
                            &format!("# {}\nresult = solve(example_input)\nprint(result)\n", CODE_TASKS[t].task),
                        );
                    }
                    _ => {
                        self.vague(1);
                    }
                }
                self.closer();
            }
            FollowUp::Wrong => {
                if self.strong() {
                    self.para("Thanks for checking. Let me go over it again carefully.");
                    self.para(&summary(base));
                    self.para("If you still see a mistake, tell me which part and I'll fix it.");
                } else {
                    self.para("I apologize for the confusion. You are right.");
                    self.vague(1);
                }
            }
            FollowUp::OtherLanguage => match base {
                Ask::Code(t, _) => {
                    self.para("Here's the Rust version:");
                    self.fenced("rust", CODE_TASKS[t].rust);
                }
                _ => self.para("Sorry, I'm not sure what you would like me to write in Rust. Could you clarify?"),
            },
        }
    }
}

/// One or two sentences restating the first answer.
fn summary(base: Ask) -> String {
    match base {
        Ask::Explain(c) | Ask::Summarize(c) => {
            format!("{} is {}.", capitalize(CONCEPTS[c].name), CONCEPTS[c].definition)
        }
        Ask::Code(t, _) => format!("The function {}: {}", CODE_TASKS[t].task, CODE_TASKS[t].note),
        Ask::Creative { form, subject } => {
            format!("A {} about {}, in a few lines.", CREATIVE_FORMS[form], SUBJECTS[subject].0)
        }
        Ask::Compare(c) => COMPARISONS[c].verdict.to_owned(),
        Ask::Tips { goal, .. } => TIPS[goal].1[0].to_owned(),
        Ask::Math(m) => format!("The answer is {}.", m.result()),
        Ask::Email(i) => EMAILS[i].2.to_owned(),
        Ask::FixCode(i) => BUGGY_CODE[i].2.to_owned(),
        _ => "It depends on what you need, but the short answer is: start simple and build from there.".to_owned(),
    }
}

/// A plausible wrong answer.
fn wrong(right: &str, rng: &mut Rng) -> String {
    match right {
        "yes" => "no".to_owned(),
        "no" => "yes".to_owned(),
        _ => match right.parse::<f64>() {
            Ok(v) => {
                let delta = [1.0, 2.0, 10.0][rng.below(3)] * if rng.chance(0.5) { 1.0 } else { -1.0 };
                let w = v + delta;
                if w.fract() == 0.0 { format!("{w:.0}") } else { format!("{w:.2}") }
            }
            Err(_) => right.to_owned(),
        },
    }
}
