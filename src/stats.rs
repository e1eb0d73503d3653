//! Dataset statistics: what `arenascope stats` prints and the TUI's status shows.

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use crate::category::Category;
use crate::index::Index;
use crate::load::LoadReport;
use crate::model::Winner;

/// Key for rows without a language.
pub const NO_LANGUAGE: &str = "(missing)";

/// Exactly the keys of `arenascope stats --json`.
#[derive(Debug, Clone, Serialize)]
pub struct DatasetStats {
    /// The release recognised from the columns (`null`: files of several releases).
    pub release: Option<&'static str>,
    pub rows: usize,
    pub skipped: usize,
    /// Rows loaded with a value set to unknown (see `kept_problems`).
    pub kept_with_problems: usize,
    pub distinct_question_ids: usize,
    /// Model name -> battles, most battles first.
    pub battles_per_model: OrderedCounts,
    /// The dataset's winner strings -> rows.
    pub winner_counts: OrderedCounts,
    /// Every language, most rows first.
    pub languages: OrderedCounts,
    /// Turn count (as a string) -> rows, ascending; [`TURN_HISTOGRAM_MAX`] and up as one.
    pub turn_histogram: OrderedCounts,
    pub moderation_flagged: usize,
    pub toxic_flagged: usize,
    pub first_tstamp: Option<f64>,
    pub last_tstamp: Option<f64>,
    /// Leaderboard category (its query name) -> battles in it, for the categories the rows
    /// carry (see `crate::category`), in the leaderboard's order.
    pub categories: OrderedCounts,
    /// Battles tagged `is_code` (`null`: no row carries the tag).
    pub code: Option<usize>,
    /// Battles tagged `is_refusal` (`null`: no row carries the tag).
    pub refusal: Option<usize>,
    /// Battles kept and dropped by deduplication (`null`: no row carries `dedup_tag`).
    pub dedup: Option<DedupCounts>,
    pub load_seconds: f64,
    pub problems: Vec<String>,
    pub kept_problems: Vec<String>,
}

/// Turn counts from this one up share one histogram entry ("1000+"), so the histogram has at
/// most this many entries whatever the file says.
pub const TURN_HISTOGRAM_MAX: u32 = 1000;

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, Default)]
pub struct DedupCounts {
    pub kept: usize,
    pub dropped: usize,
}

/// How many problems stats reports (the count of skipped rows covers all).
pub const PROBLEMS_SHOWN: usize = 10;

/// (name, count) pairs in the order given, serialised as a JSON object in that order (a
/// `Vec`, not a map: the lists are short and only built once).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrderedCounts(pub Vec<(String, usize)>);

impl OrderedCounts {
    pub fn get(&self, key: &str) -> Option<usize> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| *v)
    }
}

impl Serialize for OrderedCounts {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// Sorts by count descending, then name, for stable output.
fn by_count(counts: impl IntoIterator<Item = (String, usize)>) -> OrderedCounts {
    let mut v: Vec<_> = counts.into_iter().filter(|(_, n)| *n > 0).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    OrderedCounts(v)
}

impl DatasetStats {
    pub fn compute(index: &Index, report: &LoadReport) -> DatasetStats {
        let mut per_model = vec![0usize; index.models().len()];
        let mut per_language = vec![0usize; index.languages().len()];
        let mut no_language = 0;
        let mut winners = [0usize; Winner::EVERY.len()];
        let mut turns = vec![0usize; TURN_HISTOGRAM_MAX as usize + 1];
        // The first of each question_id counts (no set of the ids: memory peaks here).
        let mut distinct_question_ids = 0;
        let (mut moderation_flagged, mut toxic_flagged) = (0, 0);
        let (mut first, mut last): (Option<f64>, Option<f64>) = (None, None);
        let (mut code, mut refusal, mut dedup): (Option<usize>, Option<usize>, Option<DedupCounts>) =
            (None, None, None);
        let available: Vec<Category> = Category::ALL.into_iter().filter(|c| c.available(index)).collect();
        let mut in_category = vec![0usize; available.len()];
        for b in index.battle_ids() {
            let tags = index.tags(b);
            if let Some(c) = tags.is_code {
                *code.get_or_insert(0) += usize::from(c);
            }
            if let Some(r) = tags.is_refusal {
                *refusal.get_or_insert(0) += usize::from(r);
            }
            if let Some(d) = tags.dedup {
                let counts = dedup.get_or_insert_with(DedupCounts::default);
                if d.kept() {
                    counts.kept += 1;
                } else {
                    counts.dropped += 1;
                }
            }
            for (n, c) in in_category.iter_mut().zip(&available) {
                *n += usize::from(c.contains(index, b) == Some(true));
            }
            per_model[index.model_a(b).0 as usize] += 1;
            per_model[index.model_b(b).0 as usize] += 1;
            match index.language(b) {
                Some(l) => per_language[l.0 as usize] += 1,
                None => no_language += 1,
            }
            winners[index.winner(b).slot()] += 1;
            turns[index.turn(b).min(TURN_HISTOGRAM_MAX) as usize] += 1;
            distinct_question_ids += usize::from(index.occurrence(b) == 0);
            moderation_flagged += usize::from(index.moderation_flagged(b) == Some(true));
            toxic_flagged += usize::from(index.toxic_flagged(b) == Some(true));
            if let Some(t) = index.tstamp(b) {
                first = Some(first.map_or(t, |f| f.min(t)));
                last = Some(last.map_or(t, |l| l.max(t)));
            }
        }
        let names = |names: &[String], counts: Vec<usize>| names.iter().cloned().zip(counts).collect::<Vec<_>>();
        let mut languages = names(index.languages(), per_language);
        languages.push((NO_LANGUAGE.to_owned(), no_language));
        let turn_name = |t: usize| match t as u32 {
            TURN_HISTOGRAM_MAX => format!("{TURN_HISTOGRAM_MAX}+"),
            t => t.to_string(),
        };
        let turn_histogram = turns.into_iter().enumerate().filter(|(_, n)| *n > 0).map(|(t, n)| (turn_name(t), n));
        DatasetStats {
            release: index.info.release.map(|r| r.name()),
            rows: index.len(),
            skipped: report.skipped,
            kept_with_problems: report.kept,
            distinct_question_ids,
            battles_per_model: by_count(names(index.models(), per_model)),
            winner_counts: by_count(
                Winner::EVERY
                    .iter()
                    // "no vote" only where the data has such battles (Search Arena).
                    .filter(|w| w.is_vote() || winners[w.slot()] > 0)
                    .map(|w| (w.as_str().to_owned(), winners[w.slot()])),
            ),
            languages: by_count(languages),
            turn_histogram: OrderedCounts(turn_histogram.collect()),
            moderation_flagged,
            toxic_flagged,
            first_tstamp: first,
            last_tstamp: last,
            categories: OrderedCounts(available.iter().map(|c| c.query_name().to_owned()).zip(in_category).collect()),
            code,
            refusal,
            dedup,
            load_seconds: report.seconds,
            problems: report.problems.iter().take(PROBLEMS_SHOWN).map(|p| p.to_string()).collect(),
            kept_problems: report.kept_problems.iter().take(PROBLEMS_SHOWN).map(|p| p.to_string()).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;
    use crate::index::DatasetInfo;

    #[test]
    fn counts_the_varied_fixture() {
        let idx = Index::from_battles(&fixtures::varied(), DatasetInfo::default());
        let s = DatasetStats::compute(&idx, &LoadReport::default());
        assert_eq!(s.rows, 5);
        assert_eq!(s.distinct_question_ids, 4, "0001aaaa repeats");
        assert_eq!(s.battles_per_model.get("gpt-4"), Some(4));
        assert_eq!(s.winner_counts.get("tie (bothbad)"), Some(1));
        assert_eq!(s.turn_histogram.0, vec![("1".to_owned(), 4), ("2".to_owned(), 1)]);
        assert_eq!(s.moderation_flagged, 1);
        assert_eq!(s.toxic_flagged, 1);
        assert_eq!(s.first_tstamp, Some(1_682_351_591.132_2));
        assert_eq!(s.last_tstamp, Some(1_683_000_000.0));
        assert_eq!((s.code, s.refusal, s.dedup), (None, None, None), "the 2023 rows carry no tags");
        let names: Vec<&str> = s.categories.0.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(names, ["long", "multiturn"], "only what every release can answer");
        assert_eq!(s.categories.get("multiturn"), Some(1));
    }

    #[test]
    fn counts_release_tags() {
        use crate::model::{CategoryTags, DedupTag, ReleaseTags};
        let mut rows = fixtures::varied();
        for (i, b) in rows.iter_mut().enumerate() {
            b.tags = ReleaseTags {
                is_code: Some(i % 2 == 0),
                is_refusal: Some(i == 1),
                dedup: Some(DedupTag { high_freq: i < 2, sampled: i == 0 }),
                categories: Some(CategoryTags { criteria_known: 0x7f, criteria_true: 0x7f, ..Default::default() }),
                meta: None,
            };
        }
        let idx = Index::from_battles(&rows, DatasetInfo::default());
        let s = DatasetStats::compute(&idx, &LoadReport::default());
        assert_eq!((s.code, s.refusal), (Some(3), Some(1)));
        assert_eq!(s.dedup, Some(DedupCounts { kept: 4, dropped: 1 }));
        assert_eq!(s.categories.get("hard"), Some(5));
        assert_eq!(s.categories.get("code"), Some(3));
        assert_eq!(s.categories.get("math"), None, "no row carries math_v0.1");
    }

    #[test]
    fn the_turn_histogram_is_bounded_whatever_the_turns() {
        let mut rows = fixtures::varied();
        for (i, t) in [4_000_000_000u32, u32::MAX, 1001, 1000, 999].into_iter().enumerate() {
            rows[i].turn = t;
        }
        let idx = Index::from_battles(&rows, DatasetInfo::default());
        let s = DatasetStats::compute(&idx, &LoadReport::default());
        assert_eq!(s.turn_histogram.0, vec![("999".to_owned(), 1), ("1000+".to_owned(), 4)]);
    }
}
