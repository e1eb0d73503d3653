//! Append-only columns in fixed chunks behind `Arc`: a clone (a snapshot of a load in progress)
//! shares every chunk, and growing the original afterwards copies only its open chunk.

use std::ops::Index;
use std::sync::Arc;

/// Elements a chunk holds: a snapshot costs at most this many per column.
pub(super) const CHUNK_BITS: u32 = 14;
pub(super) const CHUNK: usize = 1 << CHUNK_BITS;
const MASK: usize = CHUNK - 1;

/// A column of the index, one value per battle. Element `i` is in chunk `i >> CHUNK_BITS`:
/// the full chunks are `Arc<[T]>` (one pointer from the column to the values), the last one
/// is open.
#[derive(Debug, Clone)]
pub struct Column<T> {
    full: Vec<Arc<[T]>>,
    /// Fewer than [`CHUNK`] values.
    open: Arc<Vec<T>>,
}

impl<T> Default for Column<T> {
    fn default() -> Self {
        Column { full: Vec::new(), open: Arc::default() }
    }
}

impl<T: Clone> Column<T> {
    pub(super) fn push(&mut self, value: T) {
        let open = Arc::make_mut(&mut self.open);
        grow(open, 1);
        open.push(value);
        if open.len() == CHUNK {
            self.seal();
        }
    }

    pub(super) fn extend(&mut self, values: impl IntoIterator<Item = T>) {
        let mut values = values.into_iter();
        loop {
            let open = Arc::make_mut(&mut self.open);
            let (before, room) = (open.len(), CHUNK - open.len());
            grow(open, values.size_hint().0.min(room));
            open.extend(values.by_ref().take(room));
            let added = open.len() - before;
            if open.len() == CHUNK {
                self.seal();
            }
            if added < room {
                return;
            }
        }
    }

    /// Moves the full open chunk to the full ones (copied once, into an `Arc<[T]>`).
    fn seal(&mut self) {
        let full: Arc<[T]> = match Arc::try_unwrap(std::mem::take(&mut self.open)) {
            Ok(values) => values.into(),
            Err(shared) => shared.as_slice().into(),
        };
        self.full.push(full);
    }
}

/// Makes room for `n` more in a chunk, doubling up to [`CHUNK`] (one that must hold more, a
/// battle's messages, grows by an eighth).
pub(super) fn grow<T>(chunk: &mut Vec<T>, n: usize) {
    let need = chunk.len() + n;
    if need > chunk.capacity() {
        let cap = if need <= CHUNK { (chunk.capacity() * 2).clamp(need.max(4), CHUNK) } else { need + CHUNK / 8 };
        chunk.reserve_exact(cap - chunk.len());
    }
}

impl<T> Column<T> {
    pub fn len(&self) -> usize {
        (self.full.len() << CHUNK_BITS) + self.open.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    #[inline]
    pub fn get(&self, i: usize) -> Option<&T> {
        let c = i >> CHUNK_BITS;
        match self.full.get(c) {
            Some(chunk) => chunk.get(i & MASK),
            None if c == self.full.len() => self.open.get(i & MASK),
            None => None,
        }
    }

    /// The chunk that holds element `i`, and the position of its first element: a loop over
    /// battles in order reads each chunk as a slice (one bounds check a read, not two and a
    /// branch). Empty past the end.
    #[inline]
    pub fn chunk_at(&self, i: usize) -> (usize, &[T]) {
        let c = i >> CHUNK_BITS;
        let chunk = match self.full.get(c) {
            Some(chunk) => chunk,
            None if c == self.full.len() => self.open.as_slice(),
            None => &[],
        };
        (c << CHUNK_BITS, chunk)
    }

    pub fn iter(&self) -> Iter<'_, T> {
        Iter { full: self.full.iter(), open: Some(&self.open), chunk: [].iter(), left: self.len() }
    }

    /// The first position where `pred` is false, for values ordered so that it is true before
    /// and false after (as `slice::partition_point`).
    pub(super) fn partition_point(&self, mut pred: impl FnMut(&T) -> bool) -> usize {
        let full = self.full.partition_point(|c| c.last().is_some_and(&mut pred));
        let within = match self.full.get(full) {
            Some(c) => c.partition_point(pred),
            None => self.open.partition_point(pred),
        };
        (full << CHUNK_BITS) + within
    }

    /// Room for `n` more values (the list of chunks: a chunk grows by doubling, and only the
    /// open one has spare room).
    pub(super) fn reserve(&mut self, n: usize) {
        self.full.reserve((self.len() + n) >> CHUNK_BITS);
    }

    pub(super) fn shrink_to_fit(&mut self) {
        self.full.shrink_to_fit();
        if let Some(open) = Arc::get_mut(&mut self.open) {
            open.shrink_to_fit();
        }
    }

    pub(super) fn heap_bytes(&self) -> usize {
        self.len() * std::mem::size_of::<T>()
    }

    /// How many of the chunks (the open one last) are the same allocation in `other` (tests of
    /// sharing).
    #[cfg(test)]
    pub(super) fn shared_chunks(&self, other: &Column<T>) -> usize {
        self.full.iter().zip(&other.full).filter(|(a, b)| Arc::ptr_eq(a, b)).count()
            + usize::from(Arc::ptr_eq(&self.open, &other.open))
    }
}

impl<T> Index<usize> for Column<T> {
    type Output = T;

    #[inline]
    fn index(&self, i: usize) -> &T {
        match self.get(i) {
            Some(v) => v,
            None => panic!("index {i} out of a column of {}", self.len()),
        }
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
    full: std::slice::Iter<'a, Arc<[T]>>,
    open: Option<&'a [T]>,
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
            self.chunk = match self.full.next() {
                Some(c) => c.iter(),
                None => self.open.take()?.iter(),
            };
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
        // The chunk holding an element, full or open, read as a slice.
        c.extend([3 * CHUNK as u32, 3 * CHUNK as u32 + 1]);
        for i in [0, CHUNK - 1, CHUNK, 2 * CHUNK + 5, 3 * CHUNK, 3 * CHUNK + 1] {
            let (start, chunk) = c.chunk_at(i);
            assert_eq!((start, chunk[i - start]), (i & !MASK, i as u32));
        }
        assert_eq!(c.chunk_at(3 * CHUNK).1.len(), 2, "the open chunk");
        assert!(c.chunk_at(5 * CHUNK).1.is_empty());
        assert_eq!(c.len(), 3 * CHUNK + 2);
        for at in [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK - 1, 3 * CHUNK] {
            assert_eq!(c.partition_point(|&v| (v as usize) < at), at);
        }
        assert_eq!(c.full.len(), 3);
    }

    #[test]
    fn a_clone_shares_the_chunks_and_later_pushes_leave_it_as_it_was() {
        let mut c: Column<u64> = (0..CHUNK as u64 + 5).collect();
        let snapshot = c.clone();
        assert_eq!(c.shared_chunks(&snapshot), 2, "shared, not copied");
        c.push(7);
        c.extend(0..2 * CHUNK as u64);
        assert_eq!(c.shared_chunks(&snapshot), 1, "the finished chunk stays shared, the open one is copied");
        assert_eq!(snapshot.len(), CHUNK + 5);
        assert!(snapshot.iter().copied().eq(0..CHUNK as u64 + 5));
        assert_eq!(c.len(), 3 * CHUNK + 6);
        assert_eq!(c[CHUNK + 5], 7);
    }
}
