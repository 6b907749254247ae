//! Configuration trees: a configuration text parsed once into lines with their parents.
//!
//! A tree is a flat list of entries in file order, each with the chain of parent lines above
//! it, exactly as netutils' parsers produce `ConfigLine(config_line, parents)`. Entry texts
//! borrow from the input wherever the dialect does not rewrite them (banners joined from
//! several lines and converted formats are the exceptions), and parents are indices into the
//! same list, so parsing a 3,000-line config allocates a handful of vectors.

mod banner;
mod brace;
mod first_seen;
mod flat;
mod key;
mod lines;
mod onyx;
mod panos;
mod prep;
mod space;

use crate::dialect::{Dialect, Layout};
use crate::error::CoreError;
use std::borrow::Cow;

pub(crate) use key::{FxBuild, KeyIndex, entry_key, entry_keys, hash_str, same_entry};

/// One configuration line (or joined multi-line block such as a banner body).
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    text: Cow<'a, str>,
    parents: (u32, u32),
    line: u32,
}

impl<'a> Entry<'a> {
    /// The line as netutils reports it (leading indentation kept, trailing whitespace removed).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// True when the text was rewritten or joined rather than borrowed from the input.
    pub(crate) fn is_owned(&self) -> bool {
        matches!(self.text, Cow::Owned(_))
    }

    /// 1-based line number in the input where this entry starts (approximate for dialects
    /// that convert formats, e.g. PAN-OS brace to set).
    pub fn line_number(&self) -> usize {
        self.line as usize
    }
}

/// A parsed configuration: entries in file order, each with its parent chain.
#[derive(Debug, Clone)]
pub struct ConfigTree<'a> {
    dialect: Dialect,
    entries: Vec<Entry<'a>>,
    pool: Vec<u32>,
}

impl<'a> ConfigTree<'a> {
    /// Parses `text` with the rules of `dialect`. Malformed input (an indented first line, an
    /// unterminated banner, …) is an error naming the line, never a panic.
    pub fn parse(dialect: Dialect, text: &'a str) -> Result<ConfigTree<'a>, CoreError> {
        let mut tree = Self::parse_lines(dialect, text)?;
        if dialect.spec().dedupe_children {
            key::reparent_duplicates(&mut tree)?;
        }
        Ok(tree)
    }

    /// Whether `text` parses, with exactly the error [`ConfigTree::parse`] would give, for a
    /// caller that needs no tree (a compliance report of two identical configs). Re-parenting
    /// duplicates can only fail on a copy of the first line, which has no parents, so that is
    /// a comparison of top-level texts instead of hashing every entry.
    pub fn validate(dialect: Dialect, text: &str) -> Result<(), CoreError> {
        let tree = ConfigTree::parse_lines(dialect, text)?;
        if !dialect.spec().dedupe_children {
            return Ok(());
        }
        let Some((first, rest)) = tree.entries.split_first() else {
            return Ok(());
        };
        if rest
            .iter()
            .any(|e| e.parents.0 == e.parents.1 && e.text == first.text)
        {
            return Err(key::duplicate_first_line(&tree));
        }
        Ok(())
    }

    /// The entries and their parents as the dialect's parser reads them, before duplicates
    /// are re-parented.
    fn parse_lines(dialect: Dialect, text: &'a str) -> Result<ConfigTree<'a>, CoreError> {
        let spec = dialect.spec();
        // Config lines average 25–40 bytes; a guess saves a pass counting newlines.
        let estimate = text.len() / 24 + 16;
        let mut builder = Builder::new(dialect, estimate);
        match spec.layout {
            Layout::Brace => brace::parse(&mut builder, spec, text)?,
            Layout::Flat => onyx::parse_onyx(&mut builder, text)?,
            Layout::Lines => flat::parse(&mut builder, spec, text)?,
            Layout::PanOs => panos::parse_panos(&mut builder, spec, text)?,
            Layout::Space | Layout::IosXr | Layout::Hpe => space::parse(&mut builder, spec, text)?,
        }
        Ok(builder.finish())
    }

    /// The dialect the tree was parsed with.
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// Entries in file order.
    pub fn entries(&self) -> &[Entry<'a>] {
        &self.entries
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the configuration has no lines.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Indices of the parents of entry `i`, outermost first.
    pub fn parent_ids(&self, i: usize) -> &[u32] {
        let (s, e) = self.entries[i].parents;
        &self.pool[s as usize..e as usize]
    }

    /// Texts of the parents of entry `i`, outermost first.
    pub fn parents(&self, i: usize) -> impl Iterator<Item = &str> + '_ {
        self.parent_ids(i)
            .iter()
            .map(|p| self.entries[*p as usize].text())
    }

    /// The tree as `(line, parents)` pairs of owned strings, the shape of netutils'
    /// `config_lines`; for tests, debugging and JSON export.
    pub fn to_lines(&self) -> Vec<(String, Vec<String>)> {
        (0..self.len())
            .map(|i| {
                (
                    self.entries[i].text.to_string(),
                    self.parents(i).map(str::to_string).collect(),
                )
            })
            .collect()
    }
}

/// Accumulates entries and the current parent stack while a parser walks the lines.
pub(crate) struct Builder<'a> {
    dialect: Dialect,
    entries: Vec<Entry<'a>>,
    pool: Vec<u32>,
    /// The current parent chain (entry indices), netutils' `_current_parents`.
    pub stack: Vec<u32>,
}

impl<'a> Builder<'a> {
    fn new(dialect: Dialect, lines: usize) -> Self {
        Builder {
            dialect,
            entries: Vec::with_capacity(lines),
            pool: Vec::with_capacity(lines),
            stack: Vec::new(),
        }
    }

    /// Appends an entry whose parents are the current stack.
    #[inline]
    pub fn push(&mut self, text: Cow<'a, str>, line: usize) {
        let start = self.pool.len() as u32;
        // The stack is one to three deep: element pushes beat a call into `memcpy`.
        for &p in &self.stack {
            self.pool.push(p);
        }
        let end = self.pool.len() as u32;
        self.entries.push(Entry {
            text,
            parents: (start, end),
            line: line as u32,
        });
    }

    /// Index of the most recently added entry.
    pub fn last(&self) -> Option<u32> {
        self.entries.len().checked_sub(1).map(|i| i as u32)
    }

    /// Text of entry `i`.
    pub fn text(&self, i: u32) -> &str {
        &self.entries[i as usize].text
    }

    /// Replaces the last entry (F5 joins multi-line values into the line that opened them).
    pub fn replace_last(&mut self, text: Cow<'a, str>) {
        let start = self.pool.len() as u32;
        self.pool.extend_from_slice(&self.stack);
        let end = self.pool.len() as u32;
        if let Some(e) = self.entries.last_mut() {
            e.text = text;
            e.parents = (start, end);
        }
    }

    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    fn finish(self) -> ConfigTree<'a> {
        ConfigTree {
            dialect: self.dialect,
            entries: self.entries,
            pool: self.pool,
        }
    }
}

/// A candidate line after preprocessing, with its 1-based line number in the input.
#[derive(Debug, Clone)]
pub(crate) struct Line<'a> {
    pub text: Cow<'a, str>,
    pub no: usize,
    /// The leading whitespace in characters, when the reader already counted it (the
    /// standard preprocessing does for every line), so the parser need not count again.
    indent: Option<u32>,
}

impl<'a> Line<'a> {
    pub fn new(text: Cow<'a, str>, no: usize) -> Self {
        Line {
            text,
            no,
            indent: None,
        }
    }

    /// A line whose leading whitespace is `indent` characters.
    pub fn indented(text: Cow<'a, str>, no: usize, indent: usize) -> Self {
        Line {
            text,
            no,
            indent: Some(indent as u32),
        }
    }

    /// netutils' `get_leading_space_count` of the text.
    #[inline]
    pub fn leading_spaces(&self) -> usize {
        match self.indent {
            Some(n) => n as usize,
            None => crate::text::leading_spaces(&self.text),
        }
    }

    /// Whether the text begins with whitespace.
    #[inline]
    pub fn starts_with_space(&self) -> bool {
        match self.indent {
            Some(n) => n > 0,
            None => crate::text::starts_with_space(&self.text),
        }
    }
}

/// Joins lines with `\n` (netutils' multi-line entries).
pub(crate) fn join(lines: &[Cow<'_, str>]) -> String {
    let mut s = String::with_capacity(lines.iter().map(|l| l.len() + 1).sum());
    for (i, l) in lines.iter().enumerate() {
        if i > 0 {
            s.push('\n');
        }
        s.push_str(l);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(d: Dialect, text: &str) -> Vec<(String, Vec<String>)> {
        ConfigTree::parse(d, text).unwrap().to_lines()
    }

    #[test]
    fn ios_parents_and_borrowed_lines() {
        let text =
            "interface Gi1\n description x\n ip address 1.1.1.1 255.255.255.0\n!\nhostname r1\n";
        let tree = ConfigTree::parse(Dialect::CiscoIos, text).unwrap();
        assert_eq!(tree.len(), 4);
        assert_eq!(tree.parents(1).collect::<Vec<_>>(), ["interface Gi1"]);
        assert!(
            tree.entries().iter().all(|e| !e.is_owned()),
            "single lines borrow from the input"
        );
        assert_eq!(tree.entries()[3].line_number(), 5);
    }

    #[test]
    fn cisco_banner_is_joined_under_its_start_line() {
        let got = lines(
            Dialect::CiscoIos,
            "banner motd #\nhello\nworld#\nhostname r1\n",
        );
        assert_eq!(got[0].0, "banner motd ^C");
        assert_eq!(
            got[1],
            (
                "hello\nworld^C".to_string(),
                vec!["banner motd ^C".to_string()]
            )
        );
        assert_eq!(got[2].0, "hostname r1");
    }

    #[test]
    fn errors_name_the_line() {
        let e = ConfigTree::parse(
            Dialect::CiscoIos,
            "hostname r1\nbanner motd #\nnever closed\n",
        )
        .unwrap_err();
        assert!(e.to_string().contains("line 2"), "{e}");
        let e = ConfigTree::parse(Dialect::AristaEos, " indented\n").unwrap_err();
        assert!(e.to_string().contains("line 1"), "{e}");
    }

    #[test]
    fn validate_fails_exactly_where_parse_fails() {
        let cases = [
            "hostname r1\ninterface Gi1\n description x\n",
            // A repeated first line has nothing to be re-parented under.
            "hostname r1\nntp server 1\nhostname r1\n",
            // The same text below a parent is not a copy of the first line.
            "hostname r1\ninterface Gi1\n hostname r1\n",
            // Repeats elsewhere are re-parented, not refused.
            "interface Gi1\n exit\n exit\nntp server 1\nntp server 1\n",
            " indented first\n",
            "hostname r1\nbanner motd #\nnever closed\n",
            "",
        ];
        for d in [Dialect::CiscoIos, Dialect::AristaEos, Dialect::JuniperJunos] {
            for text in cases {
                let parsed = ConfigTree::parse(d, text)
                    .map(drop)
                    .map_err(|e| e.to_string());
                let validated = ConfigTree::validate(d, text).map_err(|e| e.to_string());
                assert_eq!(validated, parsed, "{d:?} {text:?}");
            }
        }
        assert!(ConfigTree::validate(Dialect::CiscoIos, cases[1]).is_err());
    }

    #[test]
    fn iosxr_banner_after_a_section_is_an_error_as_in_netutils() {
        // netutils only learns the IOS-XR delimiter from a banner at the top level.
        assert!(
            ConfigTree::parse(
                Dialect::CiscoIosxr,
                "interface x\n desc y\nbanner motd #\nhello\n#\n"
            )
            .is_err()
        );
        assert!(
            ConfigTree::parse(Dialect::CiscoIosxr, "hostname x\nbanner motd #\nhello\n#\n").is_ok()
        );
    }

    #[test]
    fn junos_set_lines_are_flat() {
        let got = lines(
            Dialect::JuniperJunos,
            "set system host-name r1\nset interfaces ge-0/0/0 unit 0\n",
        );
        assert!(got.iter().all(|(_, p)| p.is_empty()));
    }
}
