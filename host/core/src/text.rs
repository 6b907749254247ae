//! Python-compatible string helpers.
//!
//! The reference semantics (netutils, hier_config) are written in Python, whose notion of
//! "whitespace" and "line" differs from Rust's in small ways (`\x1c`..`\x1f` are whitespace,
//! `\x0b`, `\x0c` and `\u2028` end lines). Parsers use these helpers so every fixture agrees
//! byte for byte.

/// Python's `str.isspace()` for one character.
#[inline]
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

/// Python's `str.lstrip()`. Indentation is almost always ASCII spaces: skip those by byte and
/// take the Unicode path only when a different whitespace character follows.
#[inline]
pub fn lstrip(s: &str) -> &str {
    let bytes = s.as_bytes();
    let mut n = 0;
    while n < bytes.len() && bytes[n] == b' ' {
        n += 1;
    }
    match bytes.get(n) {
        None => &s[n..],
        Some(b) if b.is_ascii() && !is_space(*b as char) => &s[n..],
        _ => s[n..].trim_start_matches(is_space),
    }
}

/// Python's `str.rstrip()`.
#[inline]
pub fn rstrip(s: &str) -> &str {
    match s.as_bytes().last() {
        Some(b) if b.is_ascii() && !is_space(*b as char) => s,
        _ => s.trim_end_matches(is_space),
    }
}

/// Python's `str.strip()` (both ends by the ASCII fast paths of [`lstrip`] and [`rstrip`]).
#[inline]
pub fn strip(s: &str) -> &str {
    rstrip(lstrip(s))
}

/// Python's `s.isspace()` for a whole string (false when empty).
#[inline]
pub fn is_all_space(s: &str) -> bool {
    !s.is_empty() && s.chars().all(is_space)
}

/// True when the first character is whitespace (Python `line[0].isspace()`).
#[inline]
pub fn starts_with_space(s: &str) -> bool {
    match s.as_bytes().first() {
        Some(b) if b.is_ascii() => is_space(*b as char),
        Some(_) => s.chars().next().is_some_and(is_space),
        None => false,
    }
}

/// Number of leading whitespace characters (netutils' `get_leading_space_count`), counted in
/// characters as Python does.
#[inline]
pub fn leading_spaces(s: &str) -> usize {
    let bytes = s.as_bytes();
    let mut n = 0;
    while n < bytes.len() && (bytes[n] == b' ' || bytes[n] == b'\t') {
        n += 1;
    }
    if n == bytes.len() || bytes[n].is_ascii() && !is_space(bytes[n] as char) {
        return n;
    }
    s.chars().take_while(|c| is_space(*c)).count()
}

/// Python's `str.lstrip(chars)`: strip any of `chars` from the left.
pub fn lstrip_chars<'a>(s: &'a str, chars: &str) -> &'a str {
    s.trim_start_matches(|c| chars.contains(c))
}

/// Iterates lines as Python's `str.splitlines()` does (no line terminators, no final empty
/// line), borrowing from the input.
pub fn splitlines(s: &str) -> SplitLines<'_> {
    SplitLines { rest: s }
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = ONES << 7;

/// Where the first line break of `b` starts and how long it is (Python's set: `\n`, `\r`,
/// `\r\n`, `\x0b`, `\x0c`, `\x1c`–`\x1e`, U+0085, U+2028, U+2029), or `(b.len(), 0)`.
/// Every break begins with a byte below `0x20` or above `0x7f`, and config text has few of
/// either besides `\n`: flag those bytes sixteen at a time (SSE2, which every x86-64 has)
/// and look only at the flagged ones. One pass over the text, with no scan for rare breaks
/// first.
#[inline]
fn find_break(b: &[u8]) -> (usize, usize) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{
            __m128i, _mm_cmplt_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_set1_epi8,
        };
        let mut i = 0;
        while i + 16 <= b.len() {
            // SAFETY: SSE2 is part of the x86-64 baseline, and the unaligned load reads
            // `b[i..i + 16]`, inside the slice.
            let mut flagged = unsafe {
                let v = _mm_loadu_si128(b.as_ptr().add(i).cast::<__m128i>());
                // A signed compare: bytes 0x80..=0xff are negative, so one test flags them
                // and the control bytes together.
                _mm_movemask_epi8(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20))) as u32
            };
            while flagged != 0 {
                if let Some(found) = break_at(b, i + flagged.trailing_zeros() as usize) {
                    return found;
                }
                flagged &= flagged - 1;
            }
            i += 16;
        }
        find_break_words(b, i)
    }
    #[cfg(not(target_arch = "x86_64"))]
    find_break_words(b, 0)
}

/// [`find_break`] from byte `i` on, a word at a time: flag bytes below `0x20` (`(x - 0x20..)
/// & !x & 0x80..`, whose lowest flag is always a true one) or above `0x7f`, and look at the
/// flagged word byte by byte.
#[inline]
fn find_break_words(b: &[u8], mut i: usize) -> (usize, usize) {
    while let Some(word) = b.get(i..i + 8) {
        let w = u64::from_le_bytes(word.try_into().expect("eight bytes"));
        let maybe = ((w.wrapping_sub(ONES * 0x20) & !w) | w) & HIGHS;
        if maybe != 0 {
            let first = i + (maybe.trailing_zeros() / 8) as usize;
            if let Some(found) = (first..i + 8).find_map(|j| break_at(b, j)) {
                return found;
            }
        }
        i += 8;
    }
    (i..b.len())
        .find_map(|j| break_at(b, j))
        .unwrap_or((b.len(), 0))
}

/// The line break starting at `b[j]`, as `(j, length)`.
#[inline]
fn break_at(b: &[u8], j: usize) -> Option<(usize, usize)> {
    match b[j] {
        b'\n' | b'\x0b' | b'\x0c' | b'\x1c' | b'\x1d' | b'\x1e' => Some((j, 1)),
        b'\r' => Some((j, if b.get(j + 1) == Some(&b'\n') { 2 } else { 1 })),
        0xC2 if b.get(j + 1) == Some(&0x85) => Some((j, 2)),
        0xE2 if b.get(j + 1) == Some(&0x80) && matches!(b.get(j + 2), Some(0xA8 | 0xA9)) => {
            Some((j, 3))
        }
        _ => None,
    }
}

/// Iterator returned by [`splitlines`].
pub struct SplitLines<'a> {
    rest: &'a str,
}

impl<'a> Iterator for SplitLines<'a> {
    type Item = &'a str;

    #[inline]
    fn next(&mut self) -> Option<&'a str> {
        if self.rest.is_empty() {
            return None;
        }
        let (end, len) = find_break(self.rest.as_bytes());
        debug_assert!(self.rest.is_char_boundary(end) && self.rest.is_char_boundary(end + len));
        // SAFETY: a break starts at an ASCII byte or at the lead byte of U+0085, U+2028 or
        // U+2029 and covers whole characters, and `(len, 0)` is the end: both offsets are
        // character boundaries inside `rest`, which the checked slices would test again.
        let (line, rest) = unsafe {
            (
                self.rest.get_unchecked(..end),
                self.rest.get_unchecked(end + len..),
            )
        };
        self.rest = rest;
        Some(line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitlines_matches_python() {
        let v: Vec<_> = splitlines("a\r\nb\rc\n\nd\u{2028}e\n").collect();
        assert_eq!(v, ["a", "b", "c", "", "d", "e"]);
        assert_eq!(splitlines("").count(), 0);
        assert_eq!(splitlines("\n").collect::<Vec<_>>(), [""]);
        for n in 0..140 {
            let long = format!("{}\n{}\n\nx", "a".repeat(n), "b\u{e9}".repeat(n % 9));
            let want: Vec<&str> = long.split('\n').collect();
            assert_eq!(splitlines(&long).collect::<Vec<_>>(), want, "{n}");
            assert_eq!(find_break(long.as_bytes()), (n, 1));
        }
        assert_eq!(find_break(b"abc"), (3, 0));
        // The word-at-a-time path (the tail after the last sixteen-byte block, and the only
        // path off x86-64) agrees with the block path at every start.
        let mixed = "ab\tc\u{e9}d\r\nef\u{2028}gh\x0bij\u{85}kl\u{2027}\nmn".repeat(3);
        for start in 0..mixed.len() {
            let b = &mixed.as_bytes()[start..];
            assert_eq!(find_break_words(b, 0), find_break(b), "{start}");
        }
        // Every break at every offset of a word, after tabs and non-ASCII text.
        for brk in [
            "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\u{85}", "\u{2028}", "\u{2029}",
        ] {
            for pad in 0..18 {
                let head = format!("{}\t\u{e9}\u{2027}", "x".repeat(pad));
                let text = format!("{head}{brk}tail");
                assert_eq!(
                    splitlines(&text).collect::<Vec<_>>(),
                    [head.as_str(), "tail"],
                    "{text:?}"
                );
            }
        }
    }

    #[test]
    fn whitespace_helpers() {
        assert_eq!(leading_spaces("  \tx"), 3);
        assert_eq!(leading_spaces("\u{a0}x"), 1);
        assert_eq!(lstrip_chars("^C^Cx^C", "^C"), "x^C");
        assert!(is_all_space(" \x1c"));
        assert!(!is_all_space(""));
        assert_eq!(strip("  a b \n"), "a b");
        for t in ["", " ", "\u{a0}x\u{2028} ", "\x1cy\x1f", " \t a \u{3000}"] {
            assert_eq!(strip(t), t.trim_matches(is_space), "{t:?}");
        }
        for (s, want) in [
            ("   x ", "x "),
            ("  ", ""),
            ("", ""),
            (" \t\u{a0}\x1cy", "y"),
            ("  \u{e9}", "\u{e9}"),
        ] {
            assert_eq!(lstrip(s), want, "{s:?}");
        }
    }
}
