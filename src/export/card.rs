//! The dataset card written beside an export: a `README.md` in the Hugging Face hub's format
//! (YAML header with the source release's license, then a short text) saying where the rows
//! came from: source files, their content fingerprint, the query, the version, the date, the
//! counts, and for pairs what happened to ties.
//!
//! The card is `README.md` in the export's folder, unless that file exists and is not this
//! export's own card (two exports in one folder, or a project's README): then it is
//! `FILE.README.md` beside the export (`gpt4.parquet.README.md`), so no other file is replaced.

use std::fmt::Write as _;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::{Format, Provenance, Request, Summary, Ties};
use crate::index::Index;
use crate::model::Release;

/// Where the card of an export to `data` goes (see the module comment).
pub fn card_path(data: &Path) -> PathBuf {
    let readme = data.with_file_name("README.md");
    if std::fs::symlink_metadata(&readme).is_err() || is_own_card(&readme, data) {
        return readme;
    }
    let name = data.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    data.with_file_name(format!("{name}.README.md"))
}

/// The marker line that names the export a card describes.
fn marker(data: &Path) -> String {
    let name = data.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    format!("<!-- arenascope export card for {} -->", serde_json::to_string(&name).unwrap_or_default())
}

/// Is `card` a card arenascope wrote for an export named like `data`? (Then a new export of
/// that file may replace it.) Only the first 64 kB are read.
pub(super) fn is_own_card(card: &Path, data: &Path) -> bool {
    let Ok(f) = std::fs::File::open(card) else { return false };
    let mut head = String::new();
    if f.take(64 * 1024).read_to_string(&mut head).is_err() {
        return false;
    }
    let want = marker(data);
    head.lines().any(|l| l == want)
}

/// The license lines of the YAML header and the sentence of the text, from the release's terms
/// as the project knows them (DATA.md); "unknown" where they are not known.
fn license(release: Option<Release>) -> (&'static str, &'static str) {
    match release {
        Some(Release::Conversations2023) => (
            "license:\n- cc-by-4.0\n- cc-by-nc-4.0\n",
            "The user prompts are licensed CC-BY-4.0 and the model outputs CC-BY-NC-4.0, as in the terms \
             of `lmsys/chatbot_arena_conversations`; the source is gated on the hub, so users of this \
             subset should accept its terms there too.",
        ),
        Some(Release::Preference140k) => {
            ("license: cc-by-4.0\n", "The source release `lmarena-ai/arena-human-preference-140k` is CC-BY-4.0.")
        }
        _ => (
            "license: unknown\n",
            "The license of the source is unknown to arenascope: check the source release's own terms \
             before sharing this subset.",
        ),
    }
}

/// The hub's size category of `n` rows.
fn size_category(n: usize) -> &'static str {
    match n {
        0..1_000 => "n<1K",
        1_000..10_000 => "1K<n<10K",
        10_000..100_000 => "10K<n<100K",
        100_000..1_000_000 => "100K<n<1M",
        _ => "1M<n<10M",
    }
}

/// A YAML double-quoted scalar (JSON strings are valid ones).
fn yaml_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_owned())
}

/// A fenced block that no backtick run inside `s` can close.
fn fenced(s: &str) -> String {
    let longest = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    format!("{fence}text\n{s}\n{fence}\n")
}

fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The card's text. `now` is unix seconds (the caller's clock, so tests can fix it).
pub(super) fn render_at(index: &Index, req: &Request, prov: &Provenance<'_>, summary: &Summary, now: f64) -> String {
    let release = index.info.release;
    let (license_yaml, license_text) = license(release);
    let file_name = req.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let repo = release.and_then(|r| crate::load::discover::repo_ids(r).first().copied());
    let mut o = String::new();
    o.push_str("---\n");
    o.push_str(license_yaml);
    let _ = writeln!(o, "pretty_name: {}", yaml_str(&format!("{file_name} (arenascope export)")));
    let _ = writeln!(o, "size_categories:\n- {}", size_category(summary.rows));
    if let Some(repo) = repo {
        let _ = writeln!(o, "source_datasets:\n- {repo}");
    }
    o.push_str("tags:\n- chatbot-arena\n- arenascope\n");
    if req.format == Format::Pairs {
        o.push_str("- dpo\n- preference\n");
    }
    let _ = writeln!(
        o,
        "configs:\n- config_name: default\n  data_files:\n  - split: train\n    path: {}",
        yaml_str(&file_name)
    );
    o.push_str("---\n");
    o.push_str(&marker(&req.path));
    o.push('\n');
    let _ = writeln!(o, "\n# {file_name}\n");
    let what = match req.format {
        Format::Dataset if req.with_review => {
            "battles in the source's own schema, each with its review (labels, note, own vote) from arenascope's review store"
        }
        Format::Dataset => "battles in the source's own schema",
        Format::Pairs if req.with_review => {
            "preference pairs (`chosen` / `rejected` conversations, TRL's conversational implicit-prompt form), \
             each with its battle's review (labels, note, own vote) from arenascope's review store in a `review` column"
        }
        Format::Pairs => {
            "preference pairs (`chosen` / `rejected` conversations, TRL's conversational implicit-prompt form)"
        }
    };
    let _ = writeln!(
        o,
        "{} {what}, written as {} by arenascope {} on {} UTC.\n",
        thousands(summary.rows),
        summary.file_type.as_str(),
        env!("CARGO_PKG_VERSION"),
        crate::time::format_utc(now)
    );
    o.push_str("## Source\n\n");
    match release {
        Some(r) => {
            let _ = writeln!(o, "- release: {}{}", r.name(), repo.map(|r| format!(" (`{r}`)")).unwrap_or_default());
        }
        None => o.push_str("- release: not recognised (or files of several releases)\n"),
    }
    if index.info.is_sample {
        o.push_str("- file: arenascope's built-in sample (synthetic battles)\n");
    }
    for p in &index.info.paths {
        let size =
            std::fs::metadata(p).map(|m| format!(" ({} bytes)", thousands(m.len() as usize))).unwrap_or_default();
        let _ = writeln!(o, "- file: `{}`{size}", p.display().to_string().replace('`', "'"));
    }
    let _ = writeln!(
        o,
        "- content fingerprint: `{:016x}` (arenascope's fingerprint of all {} loaded battles: ids, models, votes, \
         times and text lengths, whatever the file's form or name; also the name of the review store)",
        index.fingerprint(),
        thousands(index.len())
    );
    if prov.query.trim().is_empty() {
        o.push_str("- query: none (every battle)\n");
    } else {
        o.push_str("- query:\n\n");
        o.push_str(&fenced(&crate::sanitize::sanitize_line(prov.query)));
    }
    o.push_str("\n## Counts\n\n");
    let asked = summary.rows + summary.skipped.iter().map(|s| s.count).sum::<usize>();
    let _ = writeln!(o, "- battles matching the query: {}", thousands(asked));
    let _ = writeln!(o, "- rows written: {}", thousands(summary.rows));
    for s in &summary.skipped {
        let _ = writeln!(o, "- left out ({}): {}", s.reason.describe(), thousands(s.count));
    }
    if req.format == Format::Pairs {
        let ties = match req.ties {
            Ties::Drop => "ties and both-bad votes are left out (counted above); every row is a decisive vote",
            Ties::Keep => {
                "ties and both-bad votes are kept with `label` `tie` or `both_bad` (their `chosen` is model A); \
                 decisive votes have `label` `win`"
            }
        };
        let _ = writeln!(o, "- ties: {ties}");
        o.push_str("- battles whose two conversations do not share the same user messages are left out\n");
    }
    o.push_str("\n## License\n\n");
    o.push_str(license_text);
    o.push('\n');
    o
}

pub(super) fn render(index: &Index, req: &Request, prov: &Provenance<'_>, summary: &Summary) -> String {
    let now =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs_f64()).unwrap_or(0.0);
    render_at(index, req, prov, summary, now)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_card_is_readme_unless_another_file_has_that_name() {
        let dir = tempfile::tempdir().expect("tempdir");
        let data = dir.path().join("a.parquet");
        assert_eq!(card_path(&data), dir.path().join("README.md"));
        std::fs::write(dir.path().join("README.md"), format!("---\n---\n{}\n", marker(&data))).expect("write");
        assert_eq!(card_path(&data), dir.path().join("README.md"), "its own card is replaced");
        let other = dir.path().join("b.jsonl");
        assert_eq!(card_path(&other), dir.path().join("b.jsonl.README.md"));
    }

    #[test]
    fn a_query_with_backticks_stays_inside_its_fence() {
        assert_eq!(fenced("a ``` b"), "````text\na ``` b\n````\n");
        assert_eq!(fenced("plain"), "```text\nplain\n```\n");
        assert_eq!(size_category(999), "n<1K");
        assert_eq!(size_category(33_000), "10K<n<100K");
    }
}
