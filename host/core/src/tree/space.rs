//! Indentation-based layouts (netutils' `BaseSpaceConfigParser` and its IOS-XR and Comware
//! variants), including every banner style.

use super::lines::ByteSet;
use super::prep::{Prepared, looks_like_banner, prepare};
use super::{Builder, Line};
use crate::dialect::{Banner, Layout, Spec};
use crate::error::CoreError;
use crate::text::{leading_spaces, lstrip, strip};
use std::borrow::Cow;

pub(super) type Res<T> = Result<T, CoreError>;

pub(super) struct Parser<'b, 'a> {
    pub(super) spec: Spec,
    pub(super) b: &'b mut Builder<'a>,
    pub(super) lines: super::lines::Lines<'a>,
    pub(super) buffers: Vec<(String, String)>,
    pub(super) indent: usize,
    /// The banner delimiter found by the last banner start (Cisco, IOS-XR, FastIron, Comware).
    pub(super) banner_end: String,
    /// IOS-XR only learns its banner delimiter from a banner at the top level (netutils'
    /// `set_delimiter`); a banner met first elsewhere cannot be closed.
    pub(super) xr_delimiter_known: bool,
    pub(super) last_no: usize,
    /// A described dialect's banner: which of its rules started it, and where its captured
    /// delimiter ends in the (left-stripped) start line.
    pub(super) custom_banner: (usize, usize),
    /// First bytes of the dialect's banner starts: most lines are rejected by one lookup.
    banner_first: ByteSet,
}

pub(crate) fn parse<'a>(b: &mut Builder<'a>, spec: Spec, text: &'a str) -> Res<()> {
    let Prepared { lines, buffers } = prepare(&spec, text)?;
    let mut p = Parser {
        spec,
        b,
        lines,
        buffers,
        indent: 0,
        banner_end: String::new(),
        xr_delimiter_known: false,
        last_no: 0,
        custom_banner: (0, 0),
        // A described dialect's banners start at a regex match, not a prefix.
        banner_first: match spec.banner {
            Banner::Custom(_) => ByteSet::first_bytes(&[""]),
            _ => ByteSet::first_bytes(spec.banner_start),
        },
    };
    match spec.layout {
        Layout::Hpe => p.run_hpe(),
        _ => p.run(),
    }
}

impl<'b, 'a> Parser<'b, 'a> {
    pub(super) fn next(&mut self) -> Option<Line<'a>> {
        let l = self.lines.next();
        if let Some(l) = &l {
            self.last_no = l.no;
        }
        l
    }

    pub(super) fn err(&self, line: &Line<'_>, reason: &str) -> CoreError {
        CoreError::parse(self.b.dialect().name(), line.no, &line.text, reason)
    }

    pub(super) fn push(&mut self, line: Line<'a>) {
        self.b.push(line.text, line.no);
    }

    /// netutils' `is_banner_start`, including the side effect of remembering the delimiter.
    #[inline]
    fn is_banner_start(&mut self, line: &Line<'a>) -> Res<bool> {
        match lstrip(&line.text).as_bytes().first() {
            Some(&b) if self.banner_first.contains(b) => self.banner_start_slow(line),
            _ => Ok(false),
        }
    }

    #[inline(never)]
    fn banner_start_slow(&mut self, line: &Line<'a>) -> Res<bool> {
        if let Banner::Custom(rules) = self.spec.banner {
            let text = lstrip(&line.text);
            let found = rules
                .iter()
                .enumerate()
                .find_map(|(i, rule)| rule.start.captures(text).map(|caps| (i, caps)));
            let Some((rule, caps)) = found else {
                return Ok(false);
            };
            let delimiter = caps.get(1);
            self.banner_end = delimiter.map_or_else(String::new, |d| d.as_str().to_string());
            self.custom_banner = (rule, delimiter.map_or(0, |d| d.end()));
            return Ok(true);
        }
        if !looks_like_banner(&self.spec, &line.text) {
            return Ok(false);
        }
        match self.spec.banner {
            Banner::Cisco { regex } | Banner::Delimited { regex } => {
                let d = regex
                    .captures(&line.text)
                    .and_then(|c| c.name("d"))
                    .ok_or_else(|| self.err(line, "the end of the banner could not be found (no delimiter after `banner <type>`)"))?;
                self.banner_end = d.as_str().to_string();
            }
            Banner::Hpe => self.banner_end = self.hpe_delimiter(line)?,
            _ => {}
        }
        Ok(true)
    }

    pub(super) fn hpe_delimiter(&self, line: &Line<'_>) -> Res<String> {
        crate::dialect::HPE_BANNER
            .captures(strip(&line.text))
            .and_then(|c| c.name("d"))
            .map(|m| m.as_str().to_string())
            .ok_or_else(|| self.err(line, "unable to find the banner delimiter of `header`"))
    }

    /// Removes parents deeper than `spaces` (netutils' `_remove_parents`).
    fn remove_parents(&mut self, line: &Line<'_>, spaces: usize) -> Res<()> {
        let stack = &self.b.stack;
        let first_line_err = || {
            self.err(
                line,
                "an indented line has no parent; the first line must not begin with a space",
            )
        };
        let Some(&last) = stack.last() else {
            return Err(first_line_err());
        };
        let mut deindent = 1;
        let mut prev_indent = leading_spaces(self.b.text(last));
        while prev_indent > spaces {
            deindent += 1;
            if deindent > stack.len() {
                return Err(self.err(line, "indentation does not match any parent"));
            }
            prev_indent = leading_spaces(self.b.text(stack[stack.len() - deindent]));
        }
        let keep = stack.len() - deindent;
        if keep == 0 {
            self.b.stack.truncate(1);
        } else {
            self.b.stack.truncate(keep);
        }
        Ok(())
    }

    /// The generic loop (netutils' `build_config_relationship`).
    fn run(&mut self) -> Res<()> {
        let xr = self.spec.layout == Layout::IosXr;
        let mut first = true;
        while let Some(line) = self.next() {
            if first && line.starts_with_space() {
                return Err(self.err(&line, "the first line must not begin with a space"));
            }
            first = false;
            // A top-level line already found not to start a banner needs no second check.
            let mut not_banner = false;
            let cur = if !line.starts_with_space() {
                self.b.stack.clear();
                if self.is_banner_start(&line)? {
                    self.xr_delimiter_known = true;
                    self.build_banner(line)?
                } else {
                    not_banner = true;
                    Some(line)
                }
            } else {
                let prev = self
                    .b
                    .last()
                    .ok_or_else(|| self.err(&line, "indented line without parent"))?;
                self.b.stack.clear();
                self.b.stack.push(prev);
                self.indent = line.leading_spaces();
                if xr || !self.is_banner_start(&line)? {
                    self.nested(line)?
                } else {
                    match self.build_banner(line)? {
                        Some(l) if l.starts_with_space() => self.nested(l)?,
                        other => {
                            self.b.stack.clear();
                            other
                        }
                    }
                }
            };
            let Some(mut line) = cur else { break };
            if !not_banner && self.is_banner_start(&line)? {
                let mut next = Some(line);
                while let Some(l) = next.take() {
                    if self.is_banner_start(&l)? {
                        next = self.build_banner(l)?;
                    } else {
                        next = Some(l);
                        break;
                    }
                }
                match next {
                    Some(l) => line = l,
                    None => break,
                }
            }
            self.push(line);
        }
        Ok(())
    }

    /// Children of a section (netutils' `_build_nested_config`); returns the next top-level line.
    fn nested(&mut self, mut line: Line<'a>) -> Res<Option<Line<'a>>> {
        line = self.fortinet_buffer(line)?;
        self.push(line);
        while let Some(mut line) = self.next() {
            if !line.starts_with_space() {
                self.b.stack.clear();
                self.indent = 0;
                return Ok(Some(line));
            }
            let spaces = line.leading_spaces();
            if spaces > self.indent {
                let prev = self
                    .b
                    .last()
                    .ok_or_else(|| self.err(&line, "indented line without parent"))?;
                self.b.stack.push(prev);
            } else if spaces < self.indent {
                self.remove_parents(&line, spaces)?;
            }
            self.indent = spaces;
            if self.is_banner_start(&line)? {
                match self.build_banner(line)? {
                    Some(l) if l.starts_with_space() => line = l,
                    other => {
                        self.b.stack.clear();
                        self.indent = 0;
                        return Ok(other);
                    }
                }
            }
            self.push(line);
        }
        Ok(None)
    }

    /// FortiOS `replacemsg` buffers were folded to `    ["name"]`; put the buffer text back.
    fn fortinet_buffer(&self, line: Line<'a>) -> Res<Line<'a>> {
        if self.b.dialect() != crate::dialect::Dialect::FortinetFortios || !line.text.contains('[')
        {
            return Ok(line);
        }
        let name = line
            .text
            .split('"')
            .nth(1)
            .ok_or_else(|| self.err(&line, "input line is malformed"))?;
        let body = self
            .buffers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, b)| b.clone())
            .ok_or_else(|| {
                self.err(
                    &line,
                    "input line is malformed (replacemsg buffer not found)",
                )
            })?;
        Ok(Line::new(Cow::Owned(body), line.no))
    }

    /// Comware's loop: `#` lines separate sections; the line after a banner is skipped, as
    /// netutils does.
    fn run_hpe(&mut self) -> Res<()> {
        let mut new_section = true;
        while let Some(line) = self.next() {
            if line.text.starts_with('#') {
                self.b.stack.clear();
                self.indent = 0;
                new_section = true;
                continue;
            }
            if strip(&line.text).starts_with('#') {
                continue;
            }
            if self.is_banner_start(&line)? {
                self.build_banner(line)?;
                continue;
            }
            let spaces = if line.starts_with_space() {
                line.leading_spaces()
            } else {
                0
            };
            if spaces > self.indent && !new_section {
                let prev = self
                    .b
                    .last()
                    .ok_or_else(|| self.err(&line, "indented line without parent"))?;
                self.b.stack.push(prev);
            } else if spaces < self.indent {
                self.remove_parents(&line, spaces)?;
            }
            new_section = false;
            self.indent = spaces;
            self.push(line);
        }
        Ok(())
    }
}
