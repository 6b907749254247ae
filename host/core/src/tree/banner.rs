//! Banners: free text between delimiters (Cisco `^C`, EOS `EOF`, ArubaOS `!`, IOS-XR and
//! FastIron delimiters, RouterOS notes, ADVA one-liners, Comware `header`s).

use super::Line;
use super::join;
use super::space::{Parser, Res};
use crate::dialect::Banner;
use crate::text::{lstrip, lstrip_chars};
use std::borrow::Cow;

impl<'b, 'a> Parser<'b, 'a> {
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

    pub(super) fn build_banner(&mut self, start: Line<'a>) -> Res<Option<Line<'a>>> {
        match self.spec.banner {
            Banner::None => Ok(Some(start)),
            Banner::Unsupported => Err(self.err(&start, "this platform has no banner syntax")),
            Banner::Cisco { .. } => {
                let delim = self.banner_end.clone();
                let start = Line::new(normalise_caret_c(&delim, start.text), start.no);
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
                if self.spec.layout == crate::dialect::Layout::IosXr && !self.xr_delimiter_known {
                    return Err(self.err(&start, "IOS-XR banner delimiter unknown: the first banner must be at the top level, right after a top-level line"));
                }
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
            Banner::Custom(rules) => {
                let (rule, after) = self.custom_banner;
                let delim = self.banner_end.clone();
                if !delim.is_empty() {
                    if lstrip(&start.text)[after..].contains(delim.as_str()) {
                        self.push(start);
                        return Ok(self.next());
                    }
                    let body = self.collect_until(&start, &|l| l.contains(delim.as_str()))?;
                    return Ok(self.banner_block(start, body));
                }
                let Some(end) = &rules[rule].end else {
                    return Err(self.err(&start, "the banner's start regex caught no delimiter and its driver gives no end regex"));
                };
                let body = self.collect_until(&start, &|l| end.is_match(l))?;
                Ok(self.banner_block(start, body))
            }
        }
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
