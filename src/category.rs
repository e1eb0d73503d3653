//! The leaderboard's categories (`../shared/RATINGS.md`, "Categories and deduplication"): which
//! battles each one holds, in one place for the query language, the ratings and the panes.

use crate::index::{BattleId, Index};

/// One leaderboard category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    /// At least 6 of the 7 `criteria_v0.1` booleans.
    Hard,
    /// `is_code`.
    Coding,
    /// `math_v0.1.math`.
    Math,
    /// `if_v0.1.score >= 4`.
    InstructionFollowing,
    /// `creative_writing_v0.1.creative_writing`.
    CreativeWriting,
    /// User tokens >= 500.
    LongerQuery,
    /// Two or more turns.
    MultiTurn,
}

impl Category {
    pub const ALL: [Category; 7] = [
        Category::Hard,
        Category::Coding,
        Category::Math,
        Category::InstructionFollowing,
        Category::CreativeWriting,
        Category::LongerQuery,
        Category::MultiTurn,
    ];

    /// The word after `category:` in a query.
    pub fn query_name(self) -> &'static str {
        match self {
            Category::Hard => "hard",
            Category::Coding => "code",
            Category::Math => "math",
            Category::InstructionFollowing => "if",
            Category::CreativeWriting => "creative",
            Category::LongerQuery => "long",
            Category::MultiTurn => "multiturn",
        }
    }

    /// The leaderboard's name for it.
    pub fn label(self) -> &'static str {
        match self {
            Category::Hard => "hard prompts",
            Category::Coding => "coding",
            Category::Math => "math",
            Category::InstructionFollowing => "instruction following",
            Category::CreativeWriting => "creative writing",
            Category::LongerQuery => "longer query",
            Category::MultiTurn => "multi-turn",
        }
    }

    pub fn from_query_name(name: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.query_name().eq_ignore_ascii_case(name))
    }

    /// The file field this category is read from; `None` when every release can answer it
    /// (computed from the text or the turn count).
    pub fn source_field(self) -> Option<&'static str> {
        match self {
            Category::Hard => Some("category_tag.criteria_v0.1"),
            Category::Coding => Some("is_code"),
            Category::Math => Some("category_tag.math_v0.1"),
            Category::InstructionFollowing => Some("category_tag.if_v0.1"),
            Category::CreativeWriting => Some("category_tag.creative_writing_v0.1"),
            Category::LongerQuery | Category::MultiTurn => None,
        }
    }

    /// Whether battle `b` is in this category; `None` when its row does not carry the field.
    /// Cheap for one battle: no category needs the answers' markdown counts (`long` reads the
    /// prompts' size alone), so panes may ask while drawing.
    pub fn contains(self, index: &Index, b: BattleId) -> Option<bool> {
        let tags = index.tags(b);
        match self {
            Category::Hard => tags.categories.and_then(|c| c.hard()),
            Category::Coding => tags.is_code,
            Category::Math => tags.categories.and_then(|c| c.math),
            Category::InstructionFollowing => tags.categories.and_then(|c| c.instruction_following()),
            Category::CreativeWriting => tags.categories.and_then(|c| c.creative_writing),
            // Only the prompts' size: never the markdown counts of every answer.
            Category::LongerQuery => Some(index.user_tokens(b) >= 500),
            Category::MultiTurn => Some(index.turn(b) >= 2),
        }
    }

    /// Whether any battle of the index carries what this category needs.
    pub fn available(self, index: &Index) -> bool {
        self.source_field().is_none() || index.battle_ids().any(|b| self.contains(index, b).is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{battle, conversation};
    use crate::index::DatasetInfo;
    use crate::model::{CategoryTags, ReleaseTags};

    #[test]
    fn categories_follow_the_leaderboard_definitions() {
        let mut hard = battle("q1", "a", "b");
        hard.tags = ReleaseTags {
            categories: Some(CategoryTags {
                criteria_known: 0x7f,
                criteria_true: 0b0111_1110,
                if_score: Some(4),
                math: Some(false),
                creative_writing: Some(true),
            }),
            is_code: Some(true),
            ..Default::default()
        };
        let mut easy = battle("q2", "a", "b");
        easy.tags.categories = Some(CategoryTags {
            criteria_known: 0x7f,
            criteria_true: 0b0001_1110,
            if_score: Some(3),
            ..Default::default()
        });
        let mut long = battle("q3", "a", "b");
        let prompt = "word ".repeat(400);
        long.conversation_a = conversation(&[&prompt, "ok", "again", "ok"]);
        long.conversation_b = conversation(&[&prompt, "fine", "again", "fine"]);
        long.turn = 2;
        let index = Index::from_battles(&[hard, easy, long], DatasetInfo::default());
        let in_cat = |c: Category| index.battle_ids().map(|b| c.contains(&index, b)).collect::<Vec<_>>();
        assert_eq!(in_cat(Category::Hard), [Some(true), Some(false), None]);
        assert_eq!(in_cat(Category::InstructionFollowing), [Some(true), Some(false), None]);
        assert_eq!(in_cat(Category::CreativeWriting), [Some(true), None, None]);
        assert_eq!(in_cat(Category::Coding), [Some(true), None, None]);
        assert_eq!(in_cat(Category::LongerQuery), [Some(false), Some(false), Some(true)]);
        // `long` reads the prompts alone, with the estimate the style counts use.
        for b in index.battle_ids() {
            assert_eq!(index.user_tokens(b), index.style(b).user_tokens);
        }
        assert_eq!(in_cat(Category::MultiTurn), [Some(false), Some(false), Some(true)]);
        assert!(Category::Math.available(&index));
    }

    #[test]
    fn a_release_without_tags_cannot_answer_tag_categories() {
        let index = Index::from_battles(&[battle("q1", "a", "b")], DatasetInfo::default());
        assert!(!Category::Hard.available(&index));
        assert!(Category::MultiTurn.available(&index));
        assert_eq!(Category::from_query_name("IF"), Some(Category::InstructionFollowing));
    }
}
