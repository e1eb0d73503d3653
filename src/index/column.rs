//! Append-only columns in fixed chunks behind `Arc`: a clone (a snapshot of a load in progress)
//! shares every chunk, and growing the original afterwards copies only its open chunk.

use std::ops::Index;
use std::sync::Arc;

/// Elements a chunk holds: a snapshot costs at most this many per column.
pub(super) const CHUNK_BITS: u32 = 14;
pub(super) const CHUNK: usize = 1 << CHUNK_BITS;
const MASK: usize = CHUNK - 1;

/// A column of the index, one value per battle (or per message). Element `i` is in chunk `i >> CHUNK_BITS`; every chunk but the last is full.
#[derive(Debug, Clone)]
pub struct Column<T> {
    chunks: Vec<Arc<Vec<T>>>,
    len: usize,
}

impl<T> Default for Column<T> {
    fn default() -> Self {
        Column { chunks: Vec::new(), len: 0 }
    }
}

impl<T: Clone> Column<T> {
    /// The open chunk, unshared (copied if a clone shares it), with room for one more.
    fn open(&mut self) -> &mut Vec<T> {
        if self.chunks.len() << CHUNK_BITS == self.len {
            self.chunks.push(Arc::default());
        }
        let last = self.chunks.last_mut().expect("a chunk was just made if none was open");
        Arc::make_mut(last)
    }

    pub(super) fn push(&mut self, value: T) {
        let open = self.open();
        grow(open, 1);
        open.push(value);
        self.len += 1;
    }

    pub(super) fn extend(&mut self, values: impl IntoIterator<Item = T>) {
        let mut values = values.into_iter();
        loop {
            let open = self.open();
            let (before, room) = (open.len(), CHUNK - open.len());
            grow(open, values.size_hint().0.min(room));
            open.extend(values.by_ref().take(room));
            let added = open.len() - before;
            self.len += added;
            if added < room {
                if added == 0 && before == 0 {
                    // The values ended with the last chunk: no empty one is kept.
                    self.chunks.pop();
                }
                return;
            }
        }
    }
}

/// Makes room for `n` more in a chunk, doubling up to [`CHUNK`] (so a full chunk holds no
/// spare room; one that must hold more, a battle's messages, grows by an eighth).
pub(super) fn grow<T>(chunk: &mut Vec<T>, n: usize) {
    let need = chunk.len() + n;
    if need > chunk.capacity() {
        let cap = if need <= CHUNK { need.max(chunk.capacity() * 2).max(4).min(CHUNK) } else { need + CHUNK / 8 };
        chunk.reserve_exact(cap - chunk.len());
    }
}

impl<T> Column<T> {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn get(&self, i: usize) -> Option<&T> {
        self.chunks.get(i >> CHUNK_BITS)?.get(i & MASK)
    }

    pub fn iter(&self) -> Iter<'_, T> {
        Iter { chunks: self.chunks.iter(), chunk: [].iter(), left: self.len }
    }

    /// The first position where `pred` is false, for values ordered so that it is true before
    /// and false after (as `slice::partition_point`).
    pub(super) fn partition_point(&self, mut pred: impl FnMut(&T) -> bool) -> usize {
        let full = self.chunks.partition_point(|c| c.last().is_some_and(&mut pred));
        match self.chunks.get(full) {
            Some(c) => (full << CHUNK_BITS) + c.partition_point(pred),
            None => self.len,
        }
    }

    /// Room for `n` more values (the chunks, not their elements: a chunk grows to its size
    /// by doubling, and at most one chunk's room is ever spare).
    pub(super) fn reserve(&mut self, n: usize) {
        self.chunks.reserve((self.len + n).div_ceil(CHUNK).saturating_sub(self.chunks.len()));
    }

    pub(super) fn shrink_to_fit(&mut self) {
        self.chunks.shrink_to_fit();
        if let Some(c) = self.chunks.last_mut().and_then(Arc::get_mut) {
            c.shrink_to_fit();
        }
    }

    pub(super) fn heap_bytes(&self) -> usize {
        self.len * std::mem::size_of::<T>()
    }

    /// How many of the chunks are the same allocation in `other` (tests of sharing).
    #[cfg(test)]
    pub(super) fn shared_chunks(&self, other: &Column<T>) -> usize {
        self.chunks.iter().zip(&other.chunks).filter(|(a, b)| Arc::ptr_eq(a, b)).count()
    }
}

impl<T> Index<usize> for Column<T> {
    type Output = T;

    #[inline]
    fn index(&self, i: usize) -> &T {
        &self.chunks[i >> CHUNK_BITS][i & MASK]
    }
}

impl<T: Clone> From<Vec<T>> for Column<T> {
    fn from(values: Vec<T>) -> Self {
        let mut column = Column::default();
        column.extend(values);
        column
    }
}

impl<T: Clone> FromIterator<T> for Column<T> {
    fn from_iter<I: IntoIterator<Item = T>>(values: I) -> Self {
        let mut column = Column::default();
        column.extend(values);
        column
    }
}

impl<'a, T> IntoIterator for &'a Column<T> {
    type Item = &'a T;
    type IntoIter = Iter<'a, T>;

    fn into_iter(self) -> Iter<'a, T> {
        self.iter()
    }
}

/// A column's values in order.
#[derive(Debug, Clone)]
pub struct Iter<'a, T> {
    chunks: std::slice::Iter<'a, Arc<Vec<T>>>,
    chunk: std::slice::Iter<'a, T>,
    left: usize,
}

impl<'a, T> Iterator for Iter<'a, T> {
    type Item = &'a T;

    #[inline]
    fn next(&mut self) -> Option<&'a T> {
        loop {
            if let Some(v) = self.chunk.next() {
                self.left -= 1;
                return Some(v);
            }
            self.chunk = self.chunks.next()?.iter();
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl<T> ExactSizeIterator for Iter<'_, T> {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_column_reads_back_across_chunks_and_finds_partition_points() {
        let mut c = Column::default();
        c.extend(0..CHUNK as u32 - 1);
        c.push(CHUNK as u32 - 1);
        c.extend([CHUNK as u32, CHUNK as u32 + 1]);
        c.extend(CHUNK as u32 + 2..3 * CHUNK as u32);
        assert_eq!(c.len(), 3 * CHUNK);
        assert!(c.iter().copied().eq(0..3 * CHUNK as u32));
        assert_eq!(c.iter().len(), 3 * CHUNK);
        assert!((0..3 * CHUNK).all(|i| c[i] == i as u32 && c.get(i) == Some(&(i as u32))));
        assert_eq!(c.get(3 * CHUNK), None);
        for at in [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK - 1, 3 * CHUNK] {
            assert_eq!(c.partition_point(|&v| (v as usize) < at), at);
        }
        assert!(c.chunks.iter().all(|k| k.capacity() == CHUNK), "full chunks hold no spare room");
    }

    #[test]
    fn a_clone_shares_the_chunks_and_later_pushes_leave_it_as_it_was() {
        let mut c: Column<u64> = (0..CHUNK as u64 + 5).collect();
        let snapshot = c.clone();
        assert!(c.chunks.iter().zip(&snapshot.chunks).all(|(a, b)| Arc::ptr_eq(a, b)), "shared, not copied");
        c.push(7);
        c.extend(0..2 * CHUNK as u64);
        assert!(Arc::ptr_eq(&c.chunks[0], &snapshot.chunks[0]), "the finished chunk stays shared");
        assert!(!Arc::ptr_eq(&c.chunks[1], &snapshot.chunks[1]), "the open chunk is copied");
        assert_eq!(snapshot.len(), CHUNK + 5);
        assert!(snapshot.iter().copied().eq(0..CHUNK as u64 + 5));
        assert_eq!(c.len(), 3 * CHUNK + 6);
        assert_eq!(c[CHUNK + 5], 7);
    }
}
