//! Which release's layout a dataset export is written in, and that layout's columns in order:
//! one table that the JSON Lines and parquet writers both follow, so that both forms of an
//! export hold the same columns and read back as the release they came from.

use crate::index::{BattleId, Index, Side};
use crate::model::Release;

/// The release whose layout an export is written in: the one the index recognised, except
/// that mixed or unknown sources are written as the 2023 release, and MT-bench falls back to it
/// if any id is not a whole number (its layout has integer question ids). The 55k's own layout
/// is its CSV; as JSON Lines and parquet (which the release has no form of) it keeps the
/// conversation columns it has: `question_id` (its `id`), the models, `winner`,
/// `conversation_a/_b`, `turn`. Search Arena keeps `messages_a/_b`, a null winner where nobody
/// voted, `system_X_metadata` with the citations, `languages`, the intents as they came.
pub(super) fn layout(index: &Index, battles: &[BattleId]) -> Release {
    match index.info.release {
        Some(Release::MtBench) if !battles.iter().all(|&b| index.question_id(b).parse::<i64>().is_ok()) => {
            Release::Conversations2023
        }
        Some(release) => release,
        None => Release::Conversations2023,
    }
}

/// How a conversation column is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Messages {
    /// `list<struct<content, role>>`: the 2023, 100k, MT-bench and Search Arena releases.
    ContentRole,
    /// `list<struct<role, content>>`: TRL's messages (pairs).
    RoleContent,
    /// The 140k's `list<struct<role, content: list<struct<type, text, image, mimeType>>>>`,
    /// one text part per message.
    Parts,
}

/// What a column holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Col {
    /// The battle id as text (`question_id`, the 140k's `id`).
    Id,
    /// The battle id as an integer (MT-bench).
    IntId,
    ModelA,
    ModelB,
    /// The vote, both-bad spelled as given; null where nobody voted.
    Winner {
        both_bad: &'static str,
    },
    Judge,
    Conversation(Side, Messages),
    Turn,
    Anony,
    Language,
    /// Unix seconds as a float (`tstamp`).
    Tstamp,
    /// A timestamp (`timestamp`: microseconds in parquet, unix seconds in JSON).
    Timestamp,
    Moderation,
    Toxic,
    ConvMetadata,
    IsCode,
    IsRefusal,
    Dedup,
    Category,
    /// Search Arena's `system_X_metadata`: conversation id, country, citations, settings.
    SystemMeta(Side),
    /// Search Arena's `languages`.
    Languages,
    /// An extra column as it was read (text).
    Extra,
    /// An extra column whose values are whole numbers in the release (`evaluation_order`).
    IntExtra,
}

/// The columns of an export, in order.
pub(super) struct Plan {
    pub columns: Vec<(String, Col)>,
    /// Search Arena: the setting names of `system_X_metadata` (every row has the same struct).
    pub settings: Vec<String>,
}

/// Extra columns that a layout writes in its own columns, never as extras.
fn own_extras(layout: Release) -> &'static [&'static str] {
    match layout {
        Release::Preference140k => &["evaluation_session_id", "evaluation_order"],
        Release::SearchArena => &["languages", "client_country", "system_a", "system_b", "citations_a", "citations_b"],
        _ => &[],
    }
}

pub(super) fn plan(index: &Index, battles: &[BattleId]) -> Plan {
    use Col::*;
    let layout = layout(index, battles);
    let conv = |side, form| Conversation(side, form);
    let fixed: Vec<(&str, Col)> = match layout {
        Release::Conversations2023 => {
            let mut c = vec![
                ("question_id", Id),
                ("model_a", ModelA),
                ("model_b", ModelB),
                ("winner", Winner { both_bad: "tie (bothbad)" }),
                ("judge", Judge),
                ("conversation_a", conv(Side::A, Messages::ContentRole)),
                ("conversation_b", conv(Side::B, Messages::ContentRole)),
                ("turn", Turn),
                ("anony", Anony),
                ("language", Language),
                ("tstamp", Tstamp),
                ("openai_moderation", Moderation),
                ("toxic_chat_tag", Toxic),
            ];
            // Mixed sources: the later releases' tags where any battle has them.
            let any = |f: &dyn Fn(&crate::model::ReleaseTags) -> bool| battles.iter().any(|&b| f(&index.tags(b)));
            if any(&|t| t.meta.is_some_and(|m| !m.computed)) {
                c.push(("conv_metadata", ConvMetadata));
            }
            if any(&|t| t.categories.is_some()) {
                c.push(("category_tag", Category));
            }
            if any(&|t| t.is_code.is_some()) {
                c.push(("is_code", IsCode));
            }
            if any(&|t| t.is_refusal.is_some()) {
                c.push(("is_refusal", IsRefusal));
            }
            if any(&|t| t.dedup.is_some()) {
                c.push(("dedup_tag", Dedup));
            }
            c
        }
        Release::Kaggle55k => vec![
            ("question_id", Id),
            ("model_a", ModelA),
            ("model_b", ModelB),
            ("winner", Winner { both_bad: "tie (bothbad)" }),
            ("conversation_a", conv(Side::A, Messages::ContentRole)),
            ("conversation_b", conv(Side::B, Messages::ContentRole)),
            ("turn", Turn),
        ],
        Release::Preference100k => vec![
            ("question_id", Id),
            ("model_a", ModelA),
            ("model_b", ModelB),
            ("winner", Winner { both_bad: "tie (bothbad)" }),
            ("judge_hash", Judge),
            ("conversation_a", conv(Side::A, Messages::ContentRole)),
            ("conversation_b", conv(Side::B, Messages::ContentRole)),
            ("turn", Turn),
            ("anony", Anony),
            ("language", Language),
            ("tstamp", Tstamp),
            ("conv_metadata", ConvMetadata),
            ("is_code", IsCode),
            ("is_refusal", IsRefusal),
            ("dedup_tag", Dedup),
            ("category_tag", Category),
        ],
        Release::Preference140k => vec![
            ("id", Id),
            ("model_a", ModelA),
            ("model_b", ModelB),
            ("winner", Winner { both_bad: "both_bad" }),
            ("evaluation_session_id", Extra),
            ("evaluation_order", IntExtra),
            ("language", Language),
            ("is_code", IsCode),
            ("timestamp", Timestamp),
            ("conversation_a", conv(Side::A, Messages::Parts)),
            ("conversation_b", conv(Side::B, Messages::Parts)),
            ("conv_metadata", ConvMetadata),
            ("category_tag", Category),
        ],
        Release::MtBench => vec![
            ("question_id", IntId),
            ("model_a", ModelA),
            ("model_b", ModelB),
            ("winner", Winner { both_bad: "tie (bothbad)" }),
            ("judge", Judge),
            ("conversation_a", conv(Side::A, Messages::ContentRole)),
            ("conversation_b", conv(Side::B, Messages::ContentRole)),
            ("turn", Turn),
        ],
        Release::SearchArena => vec![
            ("model_a", ModelA),
            ("model_b", ModelB),
            ("winner", Winner { both_bad: "tie (bothbad)" }),
            ("judge", Judge),
            ("turn", Turn),
            ("timestamp", Timestamp),
            ("messages_a", conv(Side::A, Messages::ContentRole)),
            ("messages_b", conv(Side::B, Messages::ContentRole)),
            ("system_a_metadata", SystemMeta(Side::A)),
            ("system_b_metadata", SystemMeta(Side::B)),
            ("languages", Languages),
        ],
    };
    let mut columns: Vec<(String, Col)> = fixed.into_iter().map(|(n, c)| (n.to_owned(), c)).collect();
    let own = own_extras(layout);
    for &b in battles {
        for (name, _) in index.extra(b) {
            if !own.contains(&name) && !columns.iter().any(|(n, _)| n == name) {
                columns.push((name.to_owned(), Col::Extra));
            }
        }
    }
    let settings =
        if layout == Release::SearchArena { super::search_arena::setting_names(index, battles) } else { Vec::new() };
    Plan { columns, settings }
}

/// The value of extra column `name` of battle `b`.
pub(super) fn extra<'i>(index: &'i Index, b: BattleId, name: &str) -> Option<&'i str> {
    index.extra(b).find(|(k, _)| *k == name).map(|(_, v)| v)
}
