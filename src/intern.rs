//! String interning: each distinct model, language, judge or role name is stored once and
//! referred to by a small integer.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

#[derive(Debug, Default, Clone)]
pub struct Interner {
    names: Vec<String>,
    ids: FxHashMap<String, u32>,
    /// The last two ids looked up: rows repeat names in pairs (user and assistant, a model
    /// pair), so most lookups end here without hashing.
    recent: [Option<u32>; 2],
}

/// A HashMap keyed with [`FxHasher`].
pub type FxHashMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// The Fx hash (as in rustc): names are short and trusted to be few, so SipHash's DoS
/// resistance buys nothing and costs a visible share of load time.
#[derive(Default)]
pub struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let word = u64::from_le_bytes(c.try_into().unwrap_or([0; 8]));
            self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ b as u64).wrapping_mul(K);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl Interner {
    /// The id of `name`, adding it if it is new.
    pub fn intern(&mut self, name: &str) -> u32 {
        for id in self.recent.into_iter().flatten() {
            if self.names[id as usize] == name {
                return id;
            }
        }
        let id = match self.ids.get(name) {
            Some(&id) => id,
            None => {
                let id = self.names.len() as u32;
                self.names.push(name.to_owned());
                self.ids.insert(name.to_owned(), id);
                id
            }
        };
        self.recent = [Some(id), self.recent[0]];
        id
    }

    /// An interner holding `names` with ids in their order; `None` if a name repeats.
    pub fn from_names(names: Vec<String>) -> Option<Interner> {
        let mut ids = FxHashMap::default();
        for (i, n) in names.iter().enumerate() {
            if ids.insert(n.clone(), u32::try_from(i).ok()?).is_some() {
                return None;
            }
        }
        Some(Interner { names, ids, recent: [None; 2] })
    }

    pub fn get(&self, name: &str) -> Option<u32> {
        self.ids.get(name).copied()
    }

    pub fn name(&self, id: u32) -> &str {
        &self.names[id as usize]
    }

    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Interns every name of `other` and returns the table mapping its ids to ours.
    pub fn merge(&mut self, other: &Interner) -> Vec<u32> {
        other.names.iter().map(|n| self.intern(n)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interning_is_stable_and_merge_remaps() {
        let mut a = Interner::default();
        assert_eq!(a.intern("gpt-4"), 0);
        assert_eq!(a.intern("claude-v1"), 1);
        assert_eq!(a.intern("gpt-4"), 0);
        let mut b = Interner::default();
        b.intern("claude-v1");
        b.intern("palm-2");
        assert_eq!(a.merge(&b), vec![1, 2]);
        assert_eq!(a.name(2), "palm-2");
    }
}
