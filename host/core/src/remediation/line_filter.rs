//! Which lines a platform's `per_line_sub` rewrites, decided by walking one lazy DFA of all
//! the patterns by hand. Every loaded line is tested; `RegexSet::is_match` pays for a search
//! set-up and a cache lookup on each call (about 170 instructions on a typical IOS line),
//! while the walk of a line no pattern starts like dies after a byte or two.

use regex_automata::hybrid::LazyStateID;
use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::util::start;
use regex_automata::{Anchored, MatchKind};
use std::sync::Mutex;

/// The patterns of a set as one DFA, with caches handed to the loads that use it.
#[derive(Debug)]
pub(crate) struct LineSet {
    dfa: DFA,
    caches: Mutex<Vec<Cache>>,
}

impl Clone for LineSet {
    fn clone(&self) -> Self {
        LineSet {
            dfa: self.dfa.clone(),
            caches: Mutex::new(Vec::new()),
        }
    }
}

impl LineSet {
    /// Builds the DFA; `None` when the patterns need what a DFA cannot do (the regex set is
    /// then asked directly).
    pub fn new(patterns: &[&str]) -> Option<LineSet> {
        let dfa = DFA::builder()
            .configure(DFA::config().match_kind(MatchKind::All))
            .build_many(patterns)
            .ok()?;
        Some(LineSet {
            dfa,
            caches: Mutex::new(Vec::new()),
        })
    }

    /// A matcher for one load, reusing a cache of an earlier one.
    pub fn matcher(&self) -> Matcher<'_> {
        let cache = self
            .caches
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .pop()
            .unwrap_or_else(|| self.dfa.create_cache());
        Matcher {
            set: self,
            cache: Some(cache),
            start: None,
        }
    }
}

/// Tests lines against a [`LineSet`]; gives its cache back when dropped.
pub(crate) struct Matcher<'s> {
    set: &'s LineSet,
    cache: Option<Cache>,
    /// The anchored start state (every line is a haystack of its own, so every line starts
    /// in it) and the cache's clear count it is valid for: asking the DFA per line cost more
    /// than walking the line.
    start: Option<(LazyStateID, usize)>,
}

impl Matcher<'_> {
    /// Whether some pattern matches `line` (searched as a whole haystack); `None` when the
    /// DFA gave up and the caller must ask the regex set.
    #[inline]
    pub fn is_match(&mut self, line: &str) -> Option<bool> {
        let (dfa, cache) = (&self.set.dfa, self.cache.as_mut()?);
        let mut sid = match self.start {
            Some((sid, clears)) if clears == cache.clear_count() => sid,
            _ => {
                let config = start::Config::new().anchored(Anchored::Yes);
                let sid = dfa.start_state(cache, &config).ok()?;
                self.start = Some((sid, cache.clear_count()));
                sid
            }
        };
        for &b in line.as_bytes() {
            sid = dfa.next_state(cache, sid, b).ok()?;
            if sid.is_tagged() {
                if sid.is_match() {
                    return Some(true);
                }
                if sid.is_dead() {
                    return Some(false);
                }
                if sid.is_quit() {
                    return None;
                }
            }
        }
        sid = dfa.next_eoi_state(cache, sid).ok()?;
        Some(sid.is_match())
    }
}

impl Drop for Matcher<'_> {
    fn drop(&mut self) {
        if let Some(cache) = self.cache.take() {
            self.set
                .caches
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(cache);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_the_regex_set() {
        let patterns = [
            "^Building configuration.*",
            "^ntp clock-period .*",
            "^ logging event link-status$",
            r"^\s*ipv6 unreachables disable$",
            "^end$",
            r"^\s*[#!].*",
            "^ no ip address",
            "^crypto key generate rsa general-keys.*$",
        ];
        let set = regex::RegexSet::new(patterns).unwrap();
        let lines = LineSet::new(&patterns).unwrap();
        let mut m = lines.matcher();
        for line in [
            "",
            "end",
            "end ",
            "endx",
            " end",
            "Building configuration...",
            " logging event link-status",
            " logging event link-status x",
            "\u{a0}\u{2003}ipv6 unreachables disable",
            "  ! comment",
            " no ip address",
            " no ip address 1.1.1.1",
            " description uplink",
            "interface Gi1",
            "ntp clock-period 17",
            "ntp server 1.1.1.1",
            "crypto key generate rsa general-keys modulus 2048",
            "caf\u{e9} ! not a comment",
        ] {
            assert_eq!(m.is_match(line), Some(set.is_match(line)), "{line:?}");
        }
        drop(m);
        assert_eq!(lines.caches.lock().unwrap().len(), 1, "the cache is reused");
    }
}
