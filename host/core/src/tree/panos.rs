//! PAN-OS: flat `set` commands with multi-line login banners; brace configs are converted to
//! `set` commands first (netutils' `paloalto_panos_brace_to_set`).

use super::prep::{Prepared, looks_like_banner, prepare};
use super::{Builder, Line, join};
use crate::dialect::Spec;
use crate::error::CoreError;
use crate::text::{splitlines, strip};
use regex::Regex;
use std::borrow::Cow;
use std::sync::LazyLock;

/// PAN-OS: every line is top-level except login-banner bodies, which become children of the
/// banner line until the next `set ` line.
pub(crate) fn parse_panos<'a>(
    b: &mut Builder<'a>,
    spec: Spec,
    text: &'a str,
) -> Result<(), CoreError> {
    let Prepared { lines, .. } = prepare(&spec, text)?;
    let lines: Vec<Line<'a>> = lines.collect();
    if lines.is_empty() {
        return Ok(());
    }
    if lines.iter().any(|l| l.text.contains("@dirtyId")) {
        let l = lines
            .iter()
            .find(|l| l.text.contains("@dirtyId"))
            .unwrap_or(&lines[0]);
        return Err(CoreError::parse(
            "paloalto_panos",
            l.no,
            &l.text,
            "found 'json' configuration format; provide the config in 'set' or brace format",
        ));
    }
    let lines: Vec<Line<'a>> = if lines.iter().any(|l| l.text.ends_with('{')) {
        let converted = panos_brace_to_set(text)?;
        splitlines(&converted)
            .enumerate()
            .map(|(i, l)| Line::new(Cow::Owned(l.to_string()), i + 1))
            .collect()
    } else if !lines.iter().any(|l| l.text.starts_with("set ")) {
        return Err(CoreError::parse(
            "paloalto_panos",
            lines[0].no,
            &lines[0].text,
            "unexpected configuration format; provide the config in 'set' or brace format",
        ));
    } else {
        lines
    };
    let mut it = lines.into_iter();
    let mut cur = it.next();
    while let Some(line) = cur.take() {
        if looks_like_banner(&spec, &line.text) {
            let no = line.no;
            b.push(line.text, no);
            let parent = b.last().unwrap_or(0);
            b.stack.push(parent);
            let mut body: Vec<Cow<'a, str>> = Vec::new();
            let mut next = None;
            for l in it.by_ref() {
                if l.text.starts_with("set ") {
                    next = Some(l);
                    break;
                }
                body.push(l.text);
            }
            if next.is_none() || !body.is_empty() {
                b.push(Cow::Owned(join(&body)), no + 1);
            }
            b.stack.pop();
            match next {
                Some(l) => {
                    b.push(l.text, l.no);
                    cur = it.next();
                }
                None => break,
            }
            continue;
        }
        b.push(line.text, line.no);
        cur = it.next();
    }
    Ok(())
}

static PANOS_NEWLINES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?ms)\w+?-?\w+\s"(?:[^"\\]|\\.)*\n(?:[^"\\]|\\.)*";$"#).expect("static regex")
});

/// Converts a PAN-OS brace config to `set` commands (netutils' `paloalto_panos_brace_to_set`).
pub(crate) fn panos_brace_to_set(cfg: &str) -> Result<String, CoreError> {
    let cleaned = PANOS_NEWLINES.replace_all(cfg, |c: &regex::Captures<'_>| {
        let m = &c[0];
        if ["private-key", "public-key", "login-banner"]
            .iter()
            .any(|k| m.contains(k))
        {
            m.to_string()
        } else {
            m.replace('\n', " ")
        }
    });
    let mut stack: Vec<&str> = Vec::new();
    let mut out: Vec<String> = Vec::new();
    let mut lines = splitlines(&cleaned).enumerate();
    let after_config = |s: &str, no: usize| -> Result<String, CoreError> {
        s.split_once("config ")
            .map(|(_, r)| r.to_string())
            .ok_or_else(|| {
                CoreError::parse(
                    "paloalto_panos",
                    no,
                    s,
                    "brace configuration is not rooted at `config {`",
                )
            })
    };
    while let Some((i, raw)) = lines.next() {
        let line = strip(raw);
        if line.ends_with(';') && !line.starts_with("\";") {
            let full = format!("{}{}", stack.concat(), &line[..line.len() - 1]);
            out.push(strip(&format!("set {}", after_config(&full, i + 1)?)).to_string());
        } else if line.contains("login-banner") || line.ends_with("content \"") {
            let full = format!("{}{}", stack.concat(), line);
            out.push(format!("set {}", after_config(&full, i + 1)?));
            let delim = if line.contains("login-banner \"") {
                "\""
            } else if line.contains("login-banner '") {
                "'"
            } else {
                ""
            };
            let closing = format!("{delim};");
            if line.ends_with(&closing) {
                out.push(strip(&line[..line.len() - 1]).to_string());
                continue;
            }
            for (_, b) in lines.by_ref() {
                if b.ends_with(&closing) {
                    out.push(strip(&b[..b.len() - 1]).to_string());
                    break;
                }
                out.push(strip(b).to_string());
            }
        } else if let Some(open) = line.strip_suffix('{') {
            stack.push(open);
        } else if line == "}" {
            stack.pop();
        }
    }
    Ok(out.join("\n").replace("devices localhost.localdomain ", ""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panos_brace_conversion() {
        let cfg = "config {\n  deviceconfig {\n    system {\n      hostname fw1;\n    }\n  }\n}\n";
        assert_eq!(
            panos_brace_to_set(cfg).unwrap(),
            "set deviceconfig system hostname fw1"
        );
    }
}
