//! String interning: each distinct model, language, judge or role name is stored once and
//! referred to by a small integer.

use std::collections::HashMap;

#[derive(Debug, Default, Clone)]
pub struct Interner {
    names: Vec<String>,
    ids: HashMap<String, u32>,
}

impl Interner {
    pub fn new() -> Self {
        Self::default()
    }

    /// The id of `name`, adding it if it is new.
    pub fn intern(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        let id = self.names.len() as u32;
        self.names.push(name.to_owned());
        self.ids.insert(name.to_owned(), id);
        id
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

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
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
        let mut a = Interner::new();
        assert_eq!(a.intern("gpt-4"), 0);
        assert_eq!(a.intern("claude-v1"), 1);
        assert_eq!(a.intern("gpt-4"), 0);
        let mut b = Interner::new();
        b.intern("claude-v1");
        b.intern("palm-2");
        assert_eq!(a.merge(&b), vec![1, 2]);
        assert_eq!(a.name(2), "palm-2");
    }
}
