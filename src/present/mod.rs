//! Presentation helpers shared by the two faces (`cli` and `tui`): numbers, sizes and counts
//! as people read them. Below both faces, above the core; no terminal types here.

pub(crate) mod battle_markdown;
pub(crate) mod export;
pub mod format;
pub(crate) mod width;

/// The query language in brief, shown by `search --help` and the browser's help overlay.
pub(crate) const QUERY_LANGUAGE: &str = "The query language (terms are ANDed; -TERM negates; A|B means either; quote values with spaces):\n  \
    word  \"exact phrase\"  /regex/                 in any message, ignoring case\n  \
    prompt:X  answer:X  answer_a:X  answer_b:X    the same, in the prompts, either answer, A's, B's\n  \
    model:NAME  model_a:NAME  model_b:NAME        two model: terms mean battles between the two\n  \
    model:claude*  lang:norw*                     every name starting with the text (a family)\n  \
    winner:a|b|tie|bothbad|none  winner:NAME  loser:NAME   none: no vote (Search Arena)\n  \
    lang:NAME  lang:CODE (or language:)           lang:german and lang:de match the same battles\n  \
    turns:N  turns:>N  turns:N..M (or turn:)\n  \
    mod:flagged  mod:CATEGORY  toxic:yes|no  anony:yes|no  judge:NAME  id:PREFIX\n  \
    date:2023-05-03  date:2023-05-01..2023-05-15  date:>2023-06-01   (UTC days)\n  \
    review:flagged|noted|none|LABEL               your own flags (see `arenascope review`)\n  \
    category:hard|if|math|creative|code|long|multiturn   the leaderboard's categories\n  \
    is:code  is:refusal                           the 100k and 140k releases' tags\n  \
    split:human|gpt4_pair  intent:NAME            MT-bench splits, Search Arena intents\n  \
    dedup:kept|dropped                            what deduplication keeps or drops (q 0.999, seed 42)\n  \
    A filter the data cannot answer (category:hard on the 2023 release) is an error\n  \
    that names the releases that carry it.";
