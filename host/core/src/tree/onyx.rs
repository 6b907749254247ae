//! NVIDIA Onyx: flat lines without parents; `##` section markers dropped, multi-line banner
//! values joined.

use super::{Builder, Line};
use crate::error::CoreError;
use crate::text::{lstrip, splitlines, strip};
use std::borrow::Cow;

/// Onyx: flat lines, `##` section markers dropped, `banner x` bodies joined until a line
/// ending in `"`.
pub(crate) fn parse_onyx<'a>(b: &mut Builder<'a>, text: &'a str) -> Result<(), CoreError> {
    let mut banner = String::new();
    let mut banner_no = 0;
    let mut out: Vec<Line<'a>> = Vec::new();
    for (i, line) in splitlines(text).enumerate() {
        if line.starts_with("##") {
            continue;
        }
        let stripped = strip(line);
        if onyx_banner_start(stripped) {
            if banner.is_empty() {
                banner_no = i + 1;
            }
            banner.push_str(lstrip(line));
        } else if !banner.is_empty() && !stripped.ends_with('"') {
            banner.push('\n');
            banner.push_str(line);
        } else if !banner.is_empty() {
            banner.push('\n');
            banner.push_str(line);
            out.push(Line::new(
                Cow::Owned(std::mem::take(&mut banner)),
                banner_no,
            ));
        } else if !stripped.is_empty() {
            out.push(Line::new(Cow::Borrowed(stripped), i + 1));
        }
    }
    for l in out {
        if !l.text.starts_with('#') {
            b.push(l.text, l.no);
        }
    }
    Ok(())
}

/// `banner \w+ ` not followed by a complete `"…"` value (netutils' regex with a negative
/// lookahead, written out by hand).
fn onyx_banner_start(s: &str) -> bool {
    let Some(rest) = s.strip_prefix("banner ") else {
        return false;
    };
    let word_end = rest
        .char_indices()
        .find(|(_, c)| !(c.is_alphanumeric() || *c == '_'))
        .map_or(rest.len(), |(i, _)| i);
    if word_end == 0 {
        return false;
    }
    let after = &rest[word_end..];
    let Some(c) = after.chars().next() else {
        return false;
    };
    if !crate::text::is_space(c) {
        return false;
    }
    let value = &after[c.len_utf8()..];
    let quoted = value.starts_with('"')
        && value.get(1..).is_some_and(|v| {
            let v: Vec<char> = v.chars().take_while(|c| *c != '\n').collect();
            v.iter().skip(1).any(|c| *c == '"')
        });
    !quoted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn onyx_banner_detection() {
        assert!(onyx_banner_start("banner motd x"));
        assert!(onyx_banner_start("banner motd \"multi"));
        assert!(!onyx_banner_start("banner motd \"one line\""));
        assert!(!onyx_banner_start("bannerx motd y"));
    }
}
