//! Indentation-based layouts (netutils' `BaseSpaceConfigParser` and its IOS-XR and Comware
//! variants), including every banner style.

use super::prep::{Prepared, looks_like_banner, prepare};
use super::{Builder, Line, join};
use crate::dialect::{Banner, Layout, Spec};
use crate::error::CoreError;
use crate::text::{leading_spaces, lstrip_chars, starts_with_space, strip};
use std::borrow::Cow;

type Res<T> = Result<T, CoreError>;

struct Parser<'b, 'a> {
    spec: Spec,
    b: &'b mut Builder<'a>,
    lines: Box<dyn Iterator<Item = Line<'a>> + 'a>,
    buffers: Vec<(String, String)>,
    indent: usize,
    /// The banner delimiter found by the last banner start (Cisco, IOS-XR, FastIron, Comware).
    banner_end: String,
    last_no: usize,
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
        last_no: 0,
    };
    match spec.layout {
        Layout::Hpe => p.run_hpe(),
        _ => p.run(),
    }
}

impl<'b, 'a> Parser<'b, 'a> {
    fn next(&mut self) -> Option<Line<'a>> {
        let l = self.lines.next();
        if let Some(l) = &l {
            self.last_no = l.no;
        }
        l
    }

    fn err(&self, line: &Line<'_>, reason: &str) -> CoreError {
        CoreError::parse(self.b.dialect().name(), line.no, &line.text, reason)
    }

    fn push(&mut self, line: Line<'a>) {
        self.b.push(line.text, line.no);
    }

    /// netutils' `is_banner_start`, including the side effect of remembering the delimiter.
    fn is_banner_start(&mut self, line: &Line<'a>) -> Res<bool> {
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

    fn hpe_delimiter(&self, line: &Line<'_>) -> Res<String> {
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
            if first && starts_with_space(&line.text) {
                return Err(self.err(&line, "the first line must not begin with a space"));
            }
            first = false;
            let cur = if !starts_with_space(&line.text) {
                self.b.stack.clear();
                if self.is_banner_start(&line)? {
                    self.build_banner(line)?
                } else {
                    Some(line)
                }
            } else {
                let prev = self
                    .b
                    .last()
                    .ok_or_else(|| self.err(&line, "indented line without parent"))?;
                self.b.stack.clear();
                self.b.stack.push(prev);
                self.indent = leading_spaces(&line.text);
                if xr || !self.is_banner_start(&line)? {
                    self.nested(line)?
                } else {
                    match self.build_banner(line)? {
                        Some(l) if starts_with_space(&l.text) => self.nested(l)?,
                        other => {
                            self.b.stack.clear();
                            other
                        }
                    }
                }
            };
            let Some(mut line) = cur else { break };
            if self.is_banner_start(&line)? {
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
            if !starts_with_space(&line.text) {
                self.b.stack.clear();
                self.indent = 0;
                return Ok(Some(line));
            }
            let spaces = leading_spaces(&line.text);
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
                    Some(l) if starts_with_space(&l.text) => line = l,
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
        Ok(Line {
            text: Cow::Owned(body),
            no: line.no,
        })
    }

    /// Collects banner body lines until `is_end` matches (inclusive); errors at end of input.
    fn collect_until(
        &mut self,
        start: &Line<'_>,
        is_end: &dyn Fn(&str) -> bool,
    ) -> Res<Vec<Cow<'a, str>>> {
        let mut body = Vec::new();
        while let Some(l) = self.next() {
            let end = is_end(&l.text);
            body.push(l.text);
            if end {
                return Ok(body);
            }
        }
        Err(self.err(
            start,
            "unable to parse banner end: the closing delimiter was never found",
        ))
    }

    /// Pushes a banner start and its joined body as its child, then returns the next line.
    fn banner_block(&mut self, start: Line<'a>, body: Vec<Cow<'a, str>>) -> Option<Line<'a>> {
        let no = start.no;
        self.push(start);
        let Some(parent) = self.b.last() else {
            return self.next();
        };
        self.b.stack.push(parent);
        let text = if body.len() == 1 {
            body.into_iter().next().unwrap_or_default()
        } else {
            Cow::Owned(join(&body))
        };
        self.b.push(text, no + 1);
        self.b.stack.pop();
        self.next()
    }

    fn build_banner(&mut self, start: Line<'a>) -> Res<Option<Line<'a>>> {
        match self.spec.banner {
            Banner::None => Ok(Some(start)),
            Banner::Unsupported => Err(self.err(&start, "this platform has no banner syntax")),
            Banner::Cisco { .. } => {
                let delim = self.banner_end.clone();
                let start = Line {
                    text: normalise_caret_c(&delim, start.text),
                    no: start.no,
                };
                if cisco_one_line(&start.text) {
                    self.push(start);
                    return Ok(self.next());
                }
                let mut body = self.collect_until(&start, &|l| l.contains(delim.as_str()))?;
                if let Some(last) = body.pop() {
                    body.push(normalise_caret_c(&delim, last));
                }
                Ok(self.banner_block(start, body))
            }
            Banner::Marker(m) => {
                let body = self.collect_until(&start, &|l| l.contains(m))?;
                Ok(self.banner_block(start, body))
            }
            Banner::Delimited { .. } => {
                let delim = self.banner_end.clone();
                let body = self.collect_until(&start, &|l| l.contains(delim.as_str()))?;
                Ok(self.banner_block(start, body))
            }
            Banner::RouterOs => {
                let no = start.no;
                let mut body = vec![start.text.clone()];
                body.extend(
                    self.collect_until(&start, &|l| l.ends_with('"') || l.starts_with('/'))?,
                );
                self.b.push(Cow::Owned(join(&body)), no);
                Ok(self.next())
            }
            Banner::Adva => {
                if start.text.ends_with('"') {
                    self.push(start);
                    Ok(self.next())
                } else {
                    Err(self.err(&start, "unable to parse banner end: security-banner must end with `\"` on the same line"))
                }
            }
            Banner::Hpe => {
                let delim = self.hpe_delimiter(&start)?;
                if delim.is_empty() {
                    return Err(self.err(&start, "the `header` banner has no delimiter"));
                }
                let one_line = match start.text.find(delim.as_str()) {
                    Some(p) => lstrip_chars(&start.text[p + delim.len()..], &delim)
                        .contains(delim.as_str()),
                    None => true,
                };
                if one_line {
                    self.push(start);
                    return Ok(self.next());
                }
                let end = self.banner_end.clone();
                let body = self.collect_until(&start, &|l| l.contains(end.as_str()))?;
                Ok(self.banner_block(start, body))
            }
            Banner::PanOs => Ok(Some(start)),
        }
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
            let spaces = if starts_with_space(&line.text) {
                leading_spaces(&line.text)
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

/// Rewrites a banner delimiter to `^C` and collapses `^CC…` (netutils'
/// `normalise_delimiter_caret_c`).
pub(crate) fn normalise_caret_c<'a>(delim: &str, text: Cow<'a, str>) -> Cow<'a, str> {
    if delim.is_empty() {
        return text;
    }
    let needs = (delim != "^C" && text.contains(delim)) || text.contains("^CC");
    if !needs {
        return text;
    }
    let replaced = if delim != "^C" {
        text.replace(delim, "^C")
    } else {
        text.into_owned()
    };
    let mut out = String::with_capacity(replaced.len());
    let mut rest = replaced.as_str();
    while let Some(p) = rest.find("^C") {
        out.push_str(&rest[..p + 2]);
        rest = rest[p + 2..].trim_start_matches('C');
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// netutils' `is_banner_one_line` for Cisco: the normalised start line already holds the
/// closing `^C`.
fn cisco_one_line(line: &str) -> bool {
    let (delim, banner) = match line.find("^C") {
        Some(p) => ("^C", &line[p + 2..]),
        None => ("", ""),
    };
    if banner == "^C" {
        return true;
    }
    let rest = lstrip_chars(banner, delim);
    rest.contains(delim)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caret_c_normalisation() {
        assert_eq!(
            normalise_caret_c("#", Cow::Borrowed("banner motd #")),
            "banner motd ^C"
        );
        assert_eq!(normalise_caret_c("^C", Cow::Borrowed("x^CCC")), "x^C");
        assert!(matches!(
            normalise_caret_c("^C", Cow::Borrowed("x^C")),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn one_line_banners() {
        assert!(cisco_one_line("banner motd ^C hello ^C"));
        assert!(!cisco_one_line("banner motd ^C"));
        assert!(cisco_one_line("banner motd ^C^C"));
    }
}
