//! Where the index's bytes go: the heap held by each of its parts, for BENCHMARKS.md and for
//! tests that keep the layout compact.

use super::Index;
use super::column::Column;

/// Heap bytes of a vector's elements (its spare capacity is never touched, so never resident).
fn vec_bytes<T>(v: &[T]) -> usize {
    std::mem::size_of_val(v)
}

fn column_bytes<T>(c: &Column<T>) -> usize {
    c.heap_bytes()
}

impl Index {
    /// `(part, heap bytes)` for each part of the index, built parts included (folded text,
    /// trigram filter, style counts), in a fixed order.
    pub fn memory_use(&self) -> Vec<(&'static str, usize)> {
        let t = &self.table;
        let names = [&t.models, &t.languages, &t.judges, &t.roles]
            .iter()
            .map(|i| i.names().iter().map(|n| n.len() * 2 + 48).sum::<usize>())
            .sum();
        let facets = column_bytes(&t.model_a)
            + column_bytes(&t.model_b)
            + column_bytes(&t.winner)
            + column_bytes(&t.judge)
            + column_bytes(&t.language)
            + column_bytes(&t.turn)
            + column_bytes(&t.anony)
            + column_bytes(&t.tstamp)
            + vec_bytes(&self.occurrence);
        let folded = self.folded.get().map_or(0, |f| f.len());
        let style = self.computed_style.get().map_or(0, |s| vec_bytes(s));
        vec![
            ("message text", t.text.segments.iter().map(|s| s.len()).sum()),
            (
                "message spans and offsets",
                t.messages.len() * std::mem::size_of::<super::text::MessageSpan>()
                    + column_bytes(&t.msg_ends)
                    + column_bytes(&t.conv_a_len)
                    + vec_bytes(&t.text.starts),
            ),
            ("question ids", t.question_ids.heap_bytes()),
            ("interned names", names),
            ("facets (models, winner, judge, language, turn, anony, time)", facets),
            ("moderation", t.moderation.heap_bytes()),
            ("toxic-chat tags", t.toxic.heap_bytes()),
            ("release tags", t.tags.heap_bytes()),
            ("extra columns", t.extra.heap_bytes()),
            ("folded text of the battles that need it (built by a search)", folded),
            ("trigram filter (built by a search)", self.trigrams.built().map_or(0, |f| f.bytes())),
            ("style counts (computed)", style),
        ]
    }
}
