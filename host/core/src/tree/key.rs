//! Entry identity: an entry equals another when its text and its parents' texts are equal
//! (netutils compares `ConfigLine` tuples). Hashes make that a constant-time lookup.

use super::ConfigTree;
use crate::error::CoreError;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A small, fast non-cryptographic hasher (FxHash); keys are never attacker-controlled
/// lookups with a cost beyond one device's config.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.write_u64(u64::from_le_bytes(c.try_into().expect("8-byte chunk")));
        }
        self.write_u64(tail_word(chunks.remainder()) ^ bytes.len() as u64);
    }
    #[inline]
    fn write_u32(&mut self, v: u32) {
        self.write_u64(v as u64);
    }
    #[inline]
    fn write_usize(&mut self, v: usize) {
        self.write_u64(v as u64);
    }
    #[inline]
    fn write_u64(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(SEED);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

/// The last 0–7 bytes of a hashed text as one little-endian word, read with at most two
/// loads instead of a loop over bytes (the tail is hashed for every config line).
#[inline]
fn tail_word(t: &[u8]) -> u64 {
    let word = |b: &[u8]| -> u64 {
        match b.len() {
            4 => u32::from_le_bytes(b.try_into().expect("4 bytes")) as u64,
            2 => u16::from_le_bytes(b.try_into().expect("2 bytes")) as u64,
            1 => b[0] as u64,
            _ => 0,
        }
    };
    match t.len() {
        0 => 0,
        1 | 2 | 4 => word(t),
        3 => word(&t[..2]) | word(&t[2..]) << 16,
        5 | 6 => word(&t[..4]) | word(&t[4..]) << 32,
        _ => word(&t[..4]) | word(&t[4..6]) << 32 | word(&t[6..]) << 48,
    }
}

/// Hash map builder used throughout the crate.
pub(crate) type FxBuild = BuildHasherDefault<FxHasher>;

pub(crate) fn hash_str(s: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(s.as_bytes());
    h.finish()
}

/// Folds one text's hash into a parent chain's key.
#[inline]
fn chain(key: u64, text: u64) -> u64 {
    (key.rotate_left(5) ^ text).wrapping_mul(SEED)
}

/// One hash per entry covering its parents' texts, outermost first, then its text. An entry
/// whose parents are its last parent's parents plus that parent (every indentation layout)
/// extends the parent's key with its own text, so each text is hashed once.
pub(crate) fn entry_keys(tree: &ConfigTree<'_>) -> Vec<u64> {
    let mut keys: Vec<u64> = Vec::with_capacity(tree.len());
    for i in 0..tree.len() {
        let text = hash_str(&tree.entries[i].text);
        let parents = tree.parent_ids(i);
        let key = match parents.split_last() {
            None => chain(SEED, text),
            Some((&p, above))
                if (p as usize) < i && same_ids(tree.parent_ids(p as usize), above) =>
            {
                chain(keys[p as usize], text)
            }
            Some(_) => entry_key(tree, i),
        };
        keys.push(key);
    }
    keys
}

/// Slice equality for the one to three parents of a line, without a call into `memcmp`.
#[inline]
fn same_ids(a: &[u32], b: &[u32]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// The identity hash of one entry (as [`entry_keys`] computes for all).
pub(crate) fn entry_key(tree: &ConfigTree<'_>, i: usize) -> u64 {
    let above = tree.parent_ids(i).iter().fold(SEED, |k, p| {
        chain(k, hash_str(tree.entries[*p as usize].text()))
    });
    chain(above, hash_str(tree.entries[i].text()))
}

/// Exact equality of entry `i` of `a` and entry `j` of `b` (text and parent texts).
pub(crate) fn same_entry(a: &ConfigTree<'_>, i: usize, b: &ConfigTree<'_>, j: usize) -> bool {
    a.entries[i].text == b.entries[j].text
        && a.parent_ids(i).len() == b.parent_ids(j).len()
        && a.parents(i).zip(b.parents(j)).all(|(x, y)| x == y)
}

/// A set of a tree's entries for membership tests by another tree's entries.
pub(crate) struct KeyIndex<'t, 'a> {
    tree: &'t ConfigTree<'a>,
    keys: &'t [u64],
    first: HashMap<u64, u32, FxBuild>,
}

impl<'t, 'a> KeyIndex<'t, 'a> {
    pub fn new(tree: &'t ConfigTree<'a>, keys: &'t [u64]) -> Self {
        let mut first: HashMap<u64, u32, FxBuild> =
            HashMap::with_capacity_and_hasher(keys.len(), FxBuild::default());
        for (i, k) in keys.iter().enumerate() {
            first.entry(*k).or_insert(i as u32);
        }
        KeyIndex { tree, keys, first }
    }

    /// True when entry `j` of `other` (with key `key`) is in this set.
    pub fn contains(&self, key: u64, other: &ConfigTree<'_>, j: usize) -> bool {
        match self.first.get(&key) {
            None => false,
            Some(&i) if same_entry(self.tree, i as usize, other, j) => true,
            // Same hash, different entry: look for a true twin (practically never happens).
            Some(&i) => (i as usize + 1..self.keys.len())
                .any(|n| self.keys[n] == key && same_entry(self.tree, n, other, j)),
        }
    }
}

/// The error of a first line that repeats: it has no line before it to be re-parented under.
pub(crate) fn duplicate_first_line(tree: &ConfigTree<'_>) -> CoreError {
    let e = &tree.entries[0];
    CoreError::parse(
        tree.dialect.name(),
        e.line as usize,
        &e.text,
        "duplicate line detected at the start of the configuration",
    )
}

/// IOS quirk kept for parity with netutils: when the exact same line appears twice under the
/// same parents (e.g. two ` exit-address-family`), every copy is re-parented under the line
/// just before it. A duplicate as the very first line is an error.
pub(crate) fn reparent_duplicates(tree: &mut ConfigTree<'_>) -> Result<(), CoreError> {
    let keys = entry_keys(tree);
    let mut first = super::first_seen::FirstSeen::with_capacity(keys.len());
    // Allocated at the first duplicate: almost every config has none.
    let mut dup: Vec<bool> = Vec::new();
    for (i, k) in keys.iter().enumerate() {
        let Some(j) = first.insert(&keys, i as u32) else {
            continue;
        };
        let j = j as usize;
        let twin = if same_entry(tree, j, tree, i) {
            Some(j)
        } else {
            // A hash collision hid the real twin; find it the slow way.
            (0..i).find(|j| keys[*j] == *k && same_entry(tree, *j, tree, i))
        };
        if let Some(j) = twin {
            dup.resize(tree.len(), false);
            dup[i] = true;
            dup[j] = true;
        }
    }
    if dup.is_empty() {
        return Ok(());
    }
    for (i, _) in dup.iter().enumerate().filter(|(_, d)| **d) {
        if i == 0 {
            return Err(duplicate_first_line(tree));
        }
        let prev = &tree.entries[i - 1];
        let (s, e) = prev.parents;
        let start = tree.pool.len() as u32;
        tree.pool.extend_from_within(s as usize..e as usize);
        tree.pool.push((i - 1) as u32);
        let end = tree.pool.len() as u32;
        tree.entries[i].parents = (start, end);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tail_word_is_the_little_endian_value_of_the_tail() {
        let bytes = b"abcdefg";
        for n in 0..8 {
            let t = &bytes[..n];
            let want = t
                .iter()
                .enumerate()
                .fold(0u64, |w, (i, b)| w | (*b as u64) << (i * 8));
            assert_eq!(tail_word(t), want, "{n} bytes");
        }
    }
}
