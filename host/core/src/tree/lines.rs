//! The candidate lines a parser consumes, as a concrete iterator: the standard preprocessing
//! (drop empty, all-whitespace and comment lines, strip the right) streamed straight from the
//! input, or the list another preprocessing built. A boxed `dyn Iterator` with a filter and a
//! map cost a virtual call and three closures per line; this inlines into the parser loop.

use super::Line;
use crate::text::{SplitLines, lstrip, rstrip};
use std::borrow::Cow;

/// A set of bytes, for first-byte tests of prefix lists (comment markers, banner starts).
#[derive(Clone, Copy)]
pub(crate) struct ByteSet([u64; 4]);

impl ByteSet {
    /// The first bytes of `prefixes` (an empty prefix matches everything).
    pub fn first_bytes(prefixes: &[&str]) -> ByteSet {
        let mut set = ByteSet([0; 4]);
        for p in prefixes {
            match p.as_bytes().first() {
                Some(&b) => set.0[(b >> 6) as usize] |= 1 << (b & 63),
                None => set.0 = [u64::MAX; 4],
            }
        }
        set
    }

    #[inline]
    pub fn contains(&self, b: u8) -> bool {
        self.0[(b >> 6) as usize] & (1 << (b & 63)) != 0
    }
}

/// Lines after preprocessing, numbered from 1 in the input.
pub(crate) enum Lines<'a> {
    /// The standard preprocessing, streamed.
    Standard(Standard<'a>),
    /// Lines another preprocessing already built.
    Listed(std::vec::IntoIter<Line<'a>>),
}

impl<'a> Iterator for Lines<'a> {
    type Item = Line<'a>;

    #[inline]
    fn next(&mut self) -> Option<Line<'a>> {
        match self {
            Lines::Standard(s) => s.next(),
            Lines::Listed(l) => l.next(),
        }
    }
}

/// netutils' `config_lines_only` for most dialects: a line is kept unless it is empty, all
/// whitespace or (after its indentation) starts with a comment marker.
pub(crate) struct Standard<'a> {
    split: SplitLines<'a>,
    no: usize,
    comments: &'static [&'static str],
    comment_first: ByteSet,
}

impl<'a> Standard<'a> {
    pub fn new(split: SplitLines<'a>, comments: &'static [&'static str]) -> Self {
        Standard {
            split,
            no: 0,
            comments,
            comment_first: ByteSet::first_bytes(comments),
        }
    }

    /// For a line that is content (not empty, not all whitespace, not a comment, the
    /// indentation stripped once): `Some` of its indentation when it is plain spaces before a
    /// printable ASCII character, counted here so the parser need not count again.
    #[inline]
    fn content_indent(&self, line: &str) -> Option<Option<usize>> {
        let b = line.as_bytes();
        let mut n = 0;
        while n < b.len() && b[n] == b' ' {
            n += 1;
        }
        match b.get(n) {
            None => None,
            // Printable ASCII is never whitespace: the indentation ends here.
            Some(&c) if (0x21..0x7f).contains(&c) => (!self.comment_first.contains(c)
                || !super::prep::starts_with_any(&line[n..], self.comments))
            .then_some(Some(n)),
            Some(_) => {
                let l = lstrip(line);
                (!l.is_empty() && !super::prep::starts_with_any(l, self.comments)).then_some(None)
            }
        }
    }
}

impl<'a> Iterator for Standard<'a> {
    type Item = Line<'a>;

    #[inline]
    fn next(&mut self) -> Option<Line<'a>> {
        loop {
            let line = self.split.next()?;
            self.no += 1;
            if let Some(indent) = self.content_indent(line) {
                let text = match line.as_bytes().last() {
                    Some(c) if (0x21..0x7f).contains(c) => line,
                    _ => rstrip(line),
                };
                return Some(match indent {
                    Some(n) => Line::indented(Cow::Borrowed(text), self.no, n),
                    None => Line::new(Cow::Borrowed(text), self.no),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::splitlines;

    #[test]
    fn standard_lines_drop_blanks_and_comments_and_keep_numbers() {
        let text = "a  \n\n   \n ! c\n b\n#x\n\u{a0}\nc";
        let got: Vec<(String, usize)> = Standard::new(splitlines(text), &["!", "#"])
            .map(|l| {
                assert_eq!(l.leading_spaces(), crate::text::leading_spaces(&l.text));
                (l.text.into_owned(), l.no)
            })
            .collect();
        assert_eq!(
            got,
            [("a".into(), 1), (" b".into(), 5), ("c".into(), 8)] as [(String, usize); 3]
        );
    }

    #[test]
    fn byte_set_holds_first_bytes() {
        let set = ByteSet::first_bytes(&["banner", "vacant-message", "\u{e9}"]);
        assert!(set.contains(b'b') && set.contains(b'v') && set.contains(0xC3));
        assert!(!set.contains(b'i') && !set.contains(b' '));
        assert!(ByteSet::first_bytes(&[""]).contains(b'x'));
    }
}
