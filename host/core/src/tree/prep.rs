//! Preprocessing: raw text → candidate lines (netutils' `config_lines_only`), per dialect.

use super::Line;
use super::lines::{Lines, Standard};
use crate::dialect::{Prep, Spec};
use crate::error::CoreError;
use crate::text::{is_all_space, lstrip, rstrip, splitlines, strip};
use regex::Regex;
use std::borrow::Cow;
use std::sync::LazyLock;

/// Output of preprocessing: the lines, plus FortiOS `replacemsg` buffers keyed by name.
pub(crate) struct Prepared<'a> {
    pub lines: Lines<'a>,
    pub buffers: Vec<(String, String)>,
}

/// True when `line` starts (after indentation) with one of the dialect's comment markers.
pub(crate) fn is_comment(spec: &Spec, line: &str) -> bool {
    let l = lstrip(line);
    starts_with_any(l, spec.comment_chars)
}

/// `prefixes.any(|p| s.starts_with(p))`, with a first-byte check so the common miss costs no
/// call into `memcmp`.
#[inline]
pub(crate) fn starts_with_any(s: &str, prefixes: &[&str]) -> bool {
    let Some(&first) = s.as_bytes().first() else {
        return false;
    };
    prefixes
        .iter()
        .any(|p| p.as_bytes().first() == Some(&first) && s.starts_with(p))
}

/// netutils' generic `is_banner_start`: indentation ignored, prefix match.
pub(crate) fn looks_like_banner(spec: &Spec, line: &str) -> bool {
    if line.is_empty() {
        return false;
    }
    starts_with_any(lstrip(line), spec.banner_start)
}

/// Splits a possibly-owned text into lines that borrow when the text does.
fn lines_of<'a>(src: &Cow<'a, str>) -> Vec<(Cow<'a, str>, usize)> {
    match src {
        Cow::Borrowed(s) => splitlines(s)
            .enumerate()
            .map(|(i, l)| (Cow::Borrowed(l), i + 1))
            .collect(),
        Cow::Owned(s) => splitlines(s)
            .enumerate()
            .map(|(i, l)| (Cow::Owned(l.to_string()), i + 1))
            .collect(),
    }
}

fn rstrip_cow(c: Cow<'_, str>) -> Cow<'_, str> {
    match c {
        Cow::Borrowed(s) => Cow::Borrowed(rstrip(s)),
        Cow::Owned(s) => Cow::Owned(rstrip(&s).to_string()),
    }
}

static FORTI_OFFENDING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(config system replacemsg.*(".*")\n)(\s{4}set\sbuffer\s"[\S\s]*?"\n)"#)
        .expect("static regex")
});
static FORTI_UNCOMMON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(config system replacemsg.*\n)(\s{4}set\sbuffer\s"[\S\s]*?"\n)"#)
        .expect("static regex")
});
static NOKIA_ECHO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"^echo\s"(?P<s>.+)""#).expect("static regex"));

/// Runs the dialect's preprocessing over `text`.
pub(crate) fn prepare<'a>(spec: &Spec, text: &'a str) -> Result<Prepared<'a>, CoreError> {
    let mut buffers = Vec::new();
    let standard = |src: &Cow<'a, str>, extra: &dyn Fn(&str) -> bool| -> Vec<Line<'a>> {
        lines_of(src)
            .into_iter()
            .filter(|(l, _)| !l.is_empty() && !is_comment(spec, l) && !is_all_space(l) && !extra(l))
            .map(|(l, no)| Line::new(rstrip_cow(l), no))
            .collect()
    };
    let lines: Vec<Line<'a>> = match spec.prep {
        Prep::Standard => {
            // Streamed: the common case never materialises a line list.
            return Ok(Prepared {
                lines: Lines::Standard(Standard::new(splitlines(text), spec.comment_chars)),
                buffers,
            });
        }
        Prep::F5 => {
            let cleaned = clean_f5(text);
            lines_of(&cleaned)
                .into_iter()
                .filter(|(l, _)| !l.is_empty() && !is_all_space(l))
                .map(|(l, no)| Line::new(rstrip_cow(l), no))
                .collect()
        }
        Prep::KeepComments => lines_of(&Cow::Borrowed(text))
            .into_iter()
            .filter(|(l, _)| !l.is_empty() && !is_all_space(l))
            .map(|(l, no)| Line::new(rstrip_cow(l), no))
            .collect(),
        Prep::Fortinet => {
            for c in FORTI_UNCOMMON.captures_iter(text) {
                let head = c.get(1).map_or("", |m| m.as_str());
                let name = head.split('"').nth(1).unwrap_or("").to_string();
                let body = c.get(2).map_or("", |m| m.as_str()).to_string();
                match buffers
                    .iter_mut()
                    .find(|(n, _): &&mut (String, String)| *n == name)
                {
                    Some(slot) => slot.1 = body,
                    None => buffers.push((name, body)),
                }
            }
            let src: Cow<'a, str> = match FORTI_OFFENDING.replace_all(text, "${1}    [${2}]\n") {
                Cow::Borrowed(_) => Cow::Borrowed(text),
                Cow::Owned(s) => Cow::Owned(s),
            };
            standard(&src, &|l| matches!(lstrip(l), "end" | "next"))
        }
        Prep::Nokia => lines_of(&Cow::Borrowed(text))
            .into_iter()
            .filter(|(l, _)| !l.is_empty() && !is_comment(spec, l) && !is_all_space(l))
            .map(|(l, no)| {
                let t = match NOKIA_ECHO.captures(&l).and_then(|c| c.name("s")) {
                    Some(m) => match l {
                        Cow::Borrowed(b) => Cow::Borrowed(&b[m.start()..m.end()]),
                        Cow::Owned(_) => Cow::Owned(m.as_str().to_string()),
                    },
                    None => rstrip_cow(l),
                };
                Line::new(t, no)
            })
            .collect(),
        Prep::RadEtx => splitlines(text)
            .enumerate()
            .filter(|(_, l)| !l.is_empty() && !is_comment(spec, l) && !is_all_space(l))
            .map(|(i, l)| {
                Line::new(
                    Cow::Borrowed(l.strip_prefix("        ").unwrap_or(l)),
                    i + 1,
                )
            })
            .collect(),
        Prep::AirOs => {
            let mut out = Vec::new();
            for (i, l) in splitlines(strip(text)).enumerate() {
                if l.starts_with("##A") {
                    out.push(Line::new(Cow::Borrowed(l), i + 1));
                }
                if !l.is_empty() && l != "##" && !is_comment(spec, l) {
                    out.push(Line::new(Cow::Borrowed(l), i + 1));
                }
            }
            out
        }
        Prep::Aruba => {
            let base = lines_of(&Cow::Borrowed(text))
                .into_iter()
                .filter(|(l, _)| !l.is_empty() && !is_all_space(l))
                .map(|(l, no)| (rstrip_cow(l), no));
            let (mut started, mut ended) = (false, false);
            let mut out = Vec::new();
            for (l, no) in base {
                if looks_like_banner(spec, &l) {
                    started = true;
                    ended = false;
                }
                if !l.is_empty() && started && !ended {
                    if lstrip(&l).starts_with('!') {
                        ended = true;
                        started = false;
                    }
                    out.push(Line::new(l, no));
                } else if !l.is_empty() && !is_comment(spec, &l) {
                    out.push(Line::new(l, no));
                }
            }
            out
        }
        Prep::Onyx => {
            return Err(CoreError::parse(
                "nvidia_onyx",
                0,
                "",
                "internal: onyx uses its own layout",
            ));
        }
    };
    Ok(Prepared {
        lines: Lines::Listed(lines.into_iter()),
        buffers,
    })
}

/// F5: drop everything from the first `ltm rule` up to the first `ltm` after the last one
/// (iRule bodies are TCL and would confuse brace matching).
fn clean_f5(text: &str) -> Cow<'_, str> {
    let parts: Vec<&str> = text.split("ltm rule").collect();
    if parts.len() <= 1 {
        return Cow::Borrowed(text);
    }
    let start = parts[0];
    let end = parts[parts.len() - 1];
    let (ltm, clean) = match end.find("ltm") {
        Some(p) => ("ltm", &end[p + 3..]),
        None => ("", ""),
    };
    Cow::Owned(format!("{start}{ltm}{clean}"))
}
