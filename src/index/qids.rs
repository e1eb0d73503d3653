//! Question ids: 32 hex digits in one case, bare or as a uuid (8-4-4-4-12), as the published
//! releases have them, held in 17 bytes instead of 32-36 plus an offset; any other id as text.
//! Every id reads back exactly as it was read.

use std::fmt;
use std::ops::Deref;

use super::column::Column;

/// Marks a slot that points into the ids held as text.
const TEXT: u32 = 1 << 31;
// `PackedId::form` bits.
const UPPER: u8 = 1;
const DASHED: u8 = 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct PackedId {
    bytes: [u8; 16],
    form: u8,
}

fn hex_value(c: u8) -> Option<(u8, Option<bool>)> {
    match c {
        b'0'..=b'9' => Some((c - b'0', None)),
        b'a'..=b'f' => Some((c - b'a' + 10, Some(false))),
        b'A'..=b'F' => Some((c - b'A' + 10, Some(true))),
        _ => None,
    }
}

/// Where a uuid has its dashes.
const DASHES: [usize; 4] = [8, 13, 18, 23];

impl PackedId {
    /// `id` packed, if it is 32 hex digits (bare or dashed as a uuid) with letters of one case.
    fn parse(id: &str) -> Option<PackedId> {
        let s = id.as_bytes();
        let dashed = match s.len() {
            32 => false,
            36 if DASHES.iter().all(|&i| s[i] == b'-') => true,
            _ => return None,
        };
        let mut upper = None;
        let mut bytes = [0u8; 16];
        let digits = s.iter().enumerate().filter(|(i, _)| !dashed || !DASHES.contains(i)).map(|(_, &c)| c);
        for (n, c) in digits.enumerate() {
            let (v, case) = hex_value(c)?;
            if case.is_some() {
                if upper.is_some_and(|u| Some(u) != case) {
                    return None;
                }
                upper = case;
            }
            bytes[n / 2] |= if n % 2 == 0 { v << 4 } else { v };
        }
        let form = if upper == Some(true) { UPPER } else { 0 } | if dashed { DASHED } else { 0 };
        Some(PackedId { bytes, form })
    }

    fn format(&self) -> ([u8; 36], u8) {
        let digits: &[u8; 16] = if self.form & UPPER != 0 { b"0123456789ABCDEF" } else { b"0123456789abcdef" };
        let mut out = [0u8; 36];
        let mut at = 0;
        for (n, b) in self.bytes.iter().enumerate() {
            for v in [b >> 4, b & 15] {
                out[at] = digits[v as usize];
                at += 1;
            }
            // A uuid's dashes follow bytes 4, 6, 8 and 10.
            if self.form & DASHED != 0 && matches!(n, 3 | 5 | 7 | 9) {
                out[at] = b'-';
                at += 1;
            }
        }
        (out, at as u8)
    }
}

/// The question ids of all battles, in battle order.
#[derive(Debug, Clone, Default)]
pub(super) struct QuestionIds {
    /// Per battle: its id's position in `packed`, or with [`TEXT`], in `text_ends`.
    slot: Column<u32>,
    packed: Column<PackedId>,
    text: String,
    /// The k-th id held as text is `text[text_ends[k-1]..text_ends[k]]`.
    text_ends: Vec<u64>,
}

impl QuestionIds {
    pub(super) fn push(&mut self, id: &str) {
        match PackedId::parse(id).filter(|_| self.packed.len() < TEXT as usize) {
            Some(p) => {
                self.slot.push(self.packed.len() as u32);
                self.packed.push(p);
            }
            None => {
                // Fewer than 2^31 battles: the index is bounded by memory long before.
                self.slot.push(TEXT | self.text_ends.len() as u32);
                self.text.push_str(id);
                self.text_ends.push(self.text.len() as u64);
            }
        }
    }

    pub(super) fn len(&self) -> usize {
        self.slot.len()
    }

    pub(super) fn get(&self, i: usize) -> QuestionId<'_> {
        let s = self.slot[i];
        if s & TEXT == 0 {
            let (bytes, len) = self.packed[s as usize].format();
            return QuestionId(Repr::Packed(bytes, len));
        }
        let k = (s & !TEXT) as usize;
        let start = if k == 0 { 0 } else { self.text_ends[k - 1] as usize };
        QuestionId(Repr::Text(&self.text[start..self.text_ends[k] as usize]))
    }

    /// Battle `i`'s id as held, for hashing and comparing without formatting it: an id is
    /// always held the same way, so equal keys are equal ids.
    pub(super) fn key(&self, i: usize) -> IdKey<'_> {
        let s = self.slot[i];
        if s & TEXT == 0 {
            return IdKey::Packed(self.packed[s as usize]);
        }
        match self.get(i).0 {
            Repr::Text(t) => IdKey::Text(t),
            Repr::Packed(..) => IdKey::Text(""),
        }
    }

    pub(super) fn append(&mut self, other: QuestionIds) {
        let (packed_base, text_base, ends_base) =
            (self.packed.len() as u32, self.text.len() as u64, self.text_ends.len() as u32);
        self.slot.extend(other.slot.iter().map(|&s| if s & TEXT == 0 { s + packed_base } else { s + ends_base }));
        self.packed.extend(other.packed.iter().copied());
        self.text.push_str(&other.text);
        self.text_ends.extend(other.text_ends.iter().map(|e| e + text_base));
    }

    pub(super) fn reserve(&mut self, n: usize) {
        self.slot.reserve(n);
        self.packed.reserve(n);
    }

    pub(super) fn shrink_to_fit(&mut self) {
        self.slot.shrink_to_fit();
        self.packed.shrink_to_fit();
        self.text.shrink_to_fit();
        self.text_ends.shrink_to_fit();
    }

    pub(super) fn heap_bytes(&self) -> usize {
        self.slot.len() * 4
            + self.packed.len() * std::mem::size_of::<PackedId>()
            + self.text.len()
            + self.text_ends.len() * 8
    }
}

/// See [`QuestionIds::key`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum IdKey<'a> {
    Packed(PackedId),
    Text(&'a str),
}

/// One battle's question id, as the file has it; derefs to `&str` (and `to_owned` gives a
/// `String`).
pub struct QuestionId<'a>(Repr<'a>);

#[derive(Clone, Copy)]
enum Repr<'a> {
    Text(&'a str),
    Packed([u8; 36], u8),
}

impl Deref for QuestionId<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        match &self.0 {
            Repr::Text(s) => s,
            // Hex digits and dashes only: always UTF-8.
            Repr::Packed(bytes, len) => std::str::from_utf8(&bytes[..*len as usize]).unwrap_or_default(),
        }
    }
}

impl AsRef<str> for QuestionId<'_> {
    fn as_ref(&self) -> &str {
        self
    }
}

impl fmt::Display for QuestionId<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self)
    }
}

impl fmt::Debug for QuestionId<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl PartialEq for QuestionId<'_> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl PartialEq<str> for QuestionId<'_> {
    fn eq(&self, other: &str) -> bool {
        &**self == other
    }
}

impl PartialEq<&str> for QuestionId<'_> {
    fn eq(&self, other: &&str) -> bool {
        &**self == *other
    }
}

impl PartialEq<String> for QuestionId<'_> {
    fn eq(&self, other: &String) -> bool {
        **self == **other
    }
}

impl serde::Serialize for QuestionId<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_read_back_exactly_as_pushed_whichever_way_they_are_held() {
        let ids = [
            "aff4f325fb8046d43aea771b444275cb",
            "AFF4F325FB8046D43AEA771B444275CB",
            "32b08cfb-8b16-581d-c0a7-5fadcca05e83",
            "32B08CFB-8B16-581D-C0A7-5FADCCA05E83",
            "00000000000000000000000000000000",
            "aff4f325fb8046d43aea771b444275CB",
            "32b08cfb-8b16-581d-c0a7-5fadcca05e8",
            "32b08cfb-8b16-581d-c0a75-fadcca05e83",
            "aff4f325fb8046d43aea771b444275cg",
            "u1",
            "",
            "81",
            "é32b08cfb8b16581dc0a75fadcca05e8",
        ];
        let mut q = QuestionIds::default();
        for id in &ids[..7] {
            q.push(id);
        }
        let mut rest = QuestionIds::default();
        for id in &ids[7..] {
            rest.push(id);
        }
        q.append(rest);
        let back: Vec<String> = (0..q.len()).map(|i| q.get(i).to_string()).collect();
        assert_eq!(back, ids);
        assert_eq!(q.packed.len(), 5, "the mixed-case, short and misplaced-dash ids are text");
        assert_eq!(q.get(2), "32b08cfb-8b16-581d-c0a7-5fadcca05e83");
        assert_eq!(std::mem::size_of::<PackedId>(), 17);
    }
}
