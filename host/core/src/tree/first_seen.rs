//! The first entry seen with each identity key, in an open-addressing table sized once for
//! every entry of a tree. Duplicate detection looks up every line of every IOS config; the
//! keys are already well-mixed hashes, so a slot is their top bits and a probe is a compare.
//! A slot holds the key's low half and the index, eight bytes: the table of a 3,000-line
//! config is zeroed in 64 KiB instead of 128, and a full key is read only on a tag match.

/// A map from key to the first index inserted with it.
pub(crate) struct FirstSeen {
    /// `(low 32 bits of the key, index + 1)`; zero marks an empty slot, so the table starts
    /// as zeroed memory.
    slots: Vec<(u32, u32)>,
    shift: u32,
}

impl FirstSeen {
    /// A table for `n` keys (at most half full).
    pub fn with_capacity(n: usize) -> FirstSeen {
        let size = (n * 2).next_power_of_two().max(16);
        FirstSeen {
            slots: vec![(0, 0); size],
            shift: 64 - size.trailing_zeros(),
        }
    }

    /// Records `index` under `keys[index]` unless that key was seen; returns the first index
    /// seen with it, if any. `keys` holds the key of every index inserted so far.
    #[inline]
    pub fn insert(&mut self, keys: &[u64], index: u32) -> Option<u32> {
        let key = keys[index as usize];
        let tag = key as u32;
        let mask = self.slots.len() - 1;
        let mut s = (key >> self.shift) as usize;
        loop {
            let (t, v) = self.slots[s];
            if v == 0 {
                self.slots[s] = (tag, index + 1);
                return None;
            }
            if t == tag && keys[(v - 1) as usize] == key {
                return Some(v - 1);
            }
            s = (s + 1) & mask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_first_index_of_each_key() {
        let mut t = FirstSeen::with_capacity(3);
        // Keys sharing their top bits collide into neighbouring slots; 7 and 7 | 1 << 63 also
        // share their low half (the tag), so only the full key tells them apart.
        let keys = [7u64, 7 | 1 << 63, 8, 7, 7 | 1 << 63, 0, 0];
        let got: Vec<Option<u32>> = (0..keys.len() as u32).map(|i| t.insert(&keys, i)).collect();
        assert_eq!(got, [None, None, None, Some(0), Some(1), None, Some(5)]);
    }
}
