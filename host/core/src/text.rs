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

/// Python's `str.strip()`.
#[inline]
pub fn strip(s: &str) -> &str {
    s.trim_matches(is_space)
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
    SplitLines {
        rest: s,
        only_newlines: !has_rare_line_breaks(s.as_bytes()),
    }
}

/// True when the text holds a line break other than `\n` (SIMD scans; almost always false,
/// which lets [`splitlines`] split with `memchr` alone).
fn has_rare_line_breaks(b: &[u8]) -> bool {
    memchr::memchr3(b'\r', b'\x0b', b'\x0c', b).is_some()
        || memchr::memchr3(b'\x1c', b'\x1d', b'\x1e', b).is_some()
        || memchr::memchr2(0xC2, 0xE2, b).is_some_and(|_| {
            b.windows(2).any(|w| w == [0xC2, 0x85])
                || b.windows(3)
                    .any(|w| w == [0xE2, 0x80, 0xA8] || w == [0xE2, 0x80, 0xA9])
        })
}

/// Iterator returned by [`splitlines`].
pub struct SplitLines<'a> {
    rest: &'a str,
    only_newlines: bool,
}

impl<'a> Iterator for SplitLines<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        if self.rest.is_empty() {
            return None;
        }
        if self.only_newlines {
            return Some(match memchr::memchr(b'\n', self.rest.as_bytes()) {
                Some(i) => {
                    let line = &self.rest[..i];
                    self.rest = &self.rest[i + 1..];
                    line
                }
                None => std::mem::take(&mut self.rest),
            });
        }
        let bytes = self.rest.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            match b {
                b'\n' | b'\x0b' | b'\x0c' | b'\x1c' | b'\x1d' | b'\x1e' => {
                    let line = &self.rest[..i];
                    self.rest = &self.rest[i + 1..];
                    return Some(line);
                }
                b'\r' => {
                    let line = &self.rest[..i];
                    let skip = if bytes.get(i + 1) == Some(&b'\n') {
                        2
                    } else {
                        1
                    };
                    self.rest = &self.rest[i + skip..];
                    return Some(line);
                }
                0xC2 if bytes.get(i + 1) == Some(&0x85) => {
                    let line = &self.rest[..i];
                    self.rest = &self.rest[i + 2..];
                    return Some(line);
                }
                0xE2 if bytes.get(i + 1) == Some(&0x80)
                    && matches!(bytes.get(i + 2), Some(0xA8) | Some(0xA9)) =>
                {
                    let line = &self.rest[..i];
                    self.rest = &self.rest[i + 3..];
                    return Some(line);
                }
                _ => i += 1,
            }
        }
        let line = self.rest;
        self.rest = "";
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
    }

    #[test]
    fn whitespace_helpers() {
        assert_eq!(leading_spaces("  \tx"), 3);
        assert_eq!(leading_spaces("\u{a0}x"), 1);
        assert_eq!(lstrip_chars("^C^Cx^C", "^C"), "x^C");
        assert!(is_all_space(" \x1c"));
        assert!(!is_all_space(""));
        assert_eq!(strip("  a b \n"), "a b");
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
