//! Python `re` patterns on top of `fancy-regex`.
//!
//! Templates are written for Python's `re`; most of the syntax is shared, but a few forms
//! mean something else (or nothing) to the Rust engines: `\<` is a word boundary in Rust and
//! a plain `<` in Python, a `{` that does not start a valid repetition is a literal in Python,
//! `[` inside a class is a literal in Python and a nested class in Rust, `\Z` is Rust's `\z`,
//! `(?P=name)` is `\k<name>`. [`translate`] rewrites those forms; [`PyRegex`] then matches
//! the way Python's `re.match` does: anchored at the start, not at the end.

use fancy_regex::{Captures, Regex, RegexBuilder};

/// A compiled Python pattern, matched from the start of the text like `re.match`.
#[derive(Debug)]
pub(crate) struct PyRegex {
    regex: Regex,
    names: Vec<Option<String>>,
}

impl PyRegex {
    /// Translates and compiles `pattern`; the error says what could not be compiled.
    pub(crate) fn new(pattern: &str) -> Result<Self, String> {
        let translated = translate(pattern)?;
        let regex = RegexBuilder::new(&format!(r"\A(?:{translated})"))
            .delegate_size_limit(64 << 20)
            .backtrack_limit(5_000_000)
            .build()
            .map_err(|e| format!("invalid regular expression {pattern:?}: {e}"))?;
        let names: Vec<Option<String>> = regex
            .capture_names()
            .skip(1)
            .map(|n| n.map(str::to_string))
            .collect();
        for (i, name) in names.iter().enumerate() {
            if let Some(name) = name
                && names[..i].iter().flatten().any(|n| n == name)
            {
                return Err(format!(
                    "redefinition of group name {name:?} in {pattern:?}"
                ));
            }
        }
        Ok(Self { regex, names })
    }

    /// `re.match(pattern, text)`: captures of a match starting at offset 0, if any.
    pub(crate) fn captures<'t>(&self, text: &'t str) -> Result<Option<Captures<'t>>, String> {
        self.regex.captures(text).map_err(|e| e.to_string())
    }

    /// Whether the pattern matches at the start of `text`.
    pub(crate) fn is_match(&self, text: &str) -> Result<bool, String> {
        self.regex.is_match(text).map_err(|e| e.to_string())
    }

    /// Number of capturing groups, as Python's `pattern.groups`.
    pub(crate) fn groups(&self) -> usize {
        self.names.len()
    }

    /// Named groups in the order they are defined, with their group numbers (1-based).
    pub(crate) fn named_groups(&self) -> impl Iterator<Item = (usize, &str)> {
        self.names
            .iter()
            .enumerate()
            .filter_map(|(i, n)| n.as_deref().map(|n| (i + 1, n)))
    }
}

/// Rewrites a Python `re` pattern into the syntax `fancy-regex` reads with the same meaning.
pub(crate) fn translate(pattern: &str) -> Result<String, String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len() + 8);
    // Open groups: whether each is a lookaround (a zero-width assertion).
    let mut groups: Vec<bool> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '(' => {
                let ahead: String = chars[i..chars.len().min(i + 4)].iter().collect();
                let opens = !ahead.starts_with("(?P=") && !ahead.starts_with("(?#");
                if opens {
                    groups.push(
                        ["(?=", "(?!", "(?<=", "(?<!"]
                            .iter()
                            .any(|p| ahead.starts_with(p)),
                    );
                }
                if chars.get(i + 1) == Some(&'?') {
                    i = group(&chars, i, &mut out)?;
                } else {
                    out.push('(');
                    i += 1;
                }
            }
            ')' => {
                out.push(')');
                i += 1;
                // Python accepts `(?<=x)+`: repeating an assertion is the assertion once.
                if groups.pop() == Some(true) && chars.get(i) == Some(&'+') {
                    i += 1;
                    if matches!(chars.get(i), Some('?' | '+')) {
                        i += 1;
                    }
                }
            }
            '\\' => i = escape(&chars, i, false, &mut out)?,
            '[' => i = class(&chars, i, &mut out)?,
            '{' => i = brace(&chars, i, &mut out),
            '}' => {
                out.push_str(r"\}");
                i += 1;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    Ok(out)
}

/// `(?P=name)` becomes `\k<name>`, `(?#...)` disappears, other groups pass through.
fn group(chars: &[char], i: usize, out: &mut String) -> Result<usize, String> {
    let rest: String = chars[i..chars.len().min(i + 4)].iter().collect();
    if rest == "(?P=" {
        let end = find(chars, i, ')').ok_or("unterminated (?P=name) backreference")?;
        let name: String = chars[i + 4..end].iter().collect();
        out.push_str(&format!(r"\k<{name}>"));
        return Ok(end + 1);
    }
    if rest.starts_with("(?#") {
        let end = find(chars, i, ')').ok_or("unterminated (?#...) comment")?;
        return Ok(end + 1);
    }
    out.push_str("(?");
    Ok(i + 2)
}

fn find(chars: &[char], from: usize, wanted: char) -> Option<usize> {
    (from..chars.len()).find(|&j| chars[j] == wanted)
}

/// A `{` is a repetition only in the forms Python accepts (`{m}`, `{m,}`, `{,n}`, `{m,n}`);
/// anything else is the literal character.
fn brace(chars: &[char], i: usize, out: &mut String) -> usize {
    let mut j = i + 1;
    let lo_start = j;
    while j < chars.len() && chars[j].is_ascii_digit() {
        j += 1;
    }
    let lo: String = chars[lo_start..j].iter().collect();
    let mut hi = None;
    if chars.get(j) == Some(&',') {
        j += 1;
        let hi_start = j;
        while j < chars.len() && chars[j].is_ascii_digit() {
            j += 1;
        }
        hi = Some(chars[hi_start..j].iter().collect::<String>());
    }
    if chars.get(j) != Some(&'}') || (lo.is_empty() && hi.is_none()) {
        out.push_str(r"\{");
        return i + 1;
    }
    let lo = if lo.is_empty() { "0".to_string() } else { lo };
    match hi {
        None => out.push_str(&format!("{{{lo}}}")),
        Some(hi) => out.push_str(&format!("{{{lo},{hi}}}")),
    }
    j + 1
}

/// A character class: `[` and the set operators `&&`, `~~`, `--` are literals in Python.
fn class(chars: &[char], start: usize, out: &mut String) -> Result<usize, String> {
    out.push('[');
    let mut i = start + 1;
    if chars.get(i) == Some(&'^') {
        out.push('^');
        i += 1;
    }
    if chars.get(i) == Some(&']') {
        out.push_str(r"\]");
        i += 1;
    }
    while i < chars.len() {
        let c = chars[i];
        match c {
            ']' => {
                out.push(']');
                return Ok(i + 1);
            }
            '\\' => i = escape(chars, i, true, out)?,
            '[' | '&' | '~' => {
                out.push('\\');
                out.push(c);
                i += 1;
            }
            '-' if chars.get(i + 1) == Some(&'-') => {
                out.push_str(r"\-");
                i += 1;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    Err("unterminated character set".to_string())
}

/// One escape sequence starting at `chars[i] == '\\'`.
fn escape(chars: &[char], i: usize, in_class: bool, out: &mut String) -> Result<usize, String> {
    let Some(&c) = chars.get(i + 1) else {
        return Err("bad escape (end of pattern)".to_string());
    };
    let hex = |from: usize, len: usize| -> Result<u32, String> {
        let digits: String = chars.iter().skip(from).take(len).collect();
        if digits.len() != len || !digits.chars().all(|d| d.is_ascii_hexdigit()) {
            return Err(format!("incomplete escape \\{c}{digits}"));
        }
        u32::from_str_radix(&digits, 16).map_err(|e| e.to_string())
    };
    let literal = |code: u32, out: &mut String| -> Result<(), String> {
        let ch = char::from_u32(code).ok_or_else(|| format!("bad character code {code:#x}"))?;
        out.push_str(&format!(r"\x{{{:x}}}", ch as u32));
        Ok(())
    };
    match c {
        'd' | 'D' | 's' | 'S' | 'w' | 'W' | 'n' | 't' | 'r' | 'f' | 'v' | 'a' => {
            out.push('\\');
            out.push(c);
        }
        'b' if in_class => out.push_str(r"\x08"),
        'A' | 'b' | 'B' if !in_class => {
            out.push('\\');
            out.push(c);
        }
        'Z' if !in_class => out.push_str(r"\z"),
        'x' => {
            literal(hex(i + 2, 2)?, out)?;
            return Ok(i + 4);
        }
        'u' => {
            literal(hex(i + 2, 4)?, out)?;
            return Ok(i + 6);
        }
        'U' => {
            literal(hex(i + 2, 8)?, out)?;
            return Ok(i + 10);
        }
        '0'..='9' => return numeric_escape(chars, i, in_class, out),
        c if c.is_ascii_alphanumeric() => return Err(format!("bad escape \\{c}")),
        '<' | '>' => out.push(c),
        c if c.is_ascii_punctuation() => {
            out.push('\\');
            out.push(c);
        }
        c => out.push_str(&fancy_regex::escape(&c.to_string())),
    }
    Ok(i + 2)
}

/// `\0`, `\012` and `\1`..`\99`: octal character codes or backreferences, as Python reads them.
fn numeric_escape(
    chars: &[char],
    i: usize,
    in_class: bool,
    out: &mut String,
) -> Result<usize, String> {
    let octal = |j: usize| chars.get(j).is_some_and(|d| ('0'..='7').contains(d));
    let first = chars[i + 1];
    let octal_len = if first == '0' {
        1 + usize::from(octal(i + 2)) + usize::from(octal(i + 2) && octal(i + 3))
    } else if octal(i + 1) && octal(i + 2) && octal(i + 3) {
        3
    } else {
        0
    };
    if octal_len > 0 {
        let digits: String = chars[i + 1..i + 1 + octal_len].iter().collect();
        let code = u32::from_str_radix(&digits, 8).map_err(|e| e.to_string())?;
        out.push_str(&format!(r"\x{{{code:x}}}"));
        return Ok(i + 1 + octal_len);
    }
    if in_class {
        return Err(format!("bad escape \\{first} in a character set"));
    }
    let mut j = i + 1;
    while j < chars.len() && j < i + 3 && chars[j].is_ascii_digit() {
        j += 1;
    }
    let number: String = chars[i + 1..j].iter().collect();
    out.push('\\');
    out.push_str(&number);
    Ok(j)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(pattern: &str, text: &str) -> Option<String> {
        let regex = PyRegex::new(pattern).unwrap();
        regex.captures(text).unwrap().map(|c| c[0].to_string())
    }

    #[test]
    fn anchors_at_the_start_only() {
        assert_eq!(matches("b+", "abb"), None);
        assert_eq!(matches("a", "abb").as_deref(), Some("a"));
    }

    #[test]
    fn python_only_forms_are_translated() {
        assert_eq!(matches(r"\<x\>", "<x>").as_deref(), Some("<x>"));
        assert_eq!(matches(r"a{x}", "a{x}").as_deref(), Some("a{x}"));
        assert_eq!(matches(r"a{,2}", "aaa").as_deref(), Some("aa"));
        assert_eq!(matches(r"[[]+", "[[").as_deref(), Some("[["));
        assert_eq!(matches(r"[]a]+", "]a").as_deref(), Some("]a"));
        assert_eq!(matches(r"(?P<x>a)(?P=x)", "aa").as_deref(), Some("aa"));
        assert_eq!(matches(r"a\Z", "a").as_deref(), Some("a"));
        assert_eq!(matches(r"a(?#note)b", "ab").as_deref(), Some("ab"));
        assert_eq!(matches(r"\x41\101", "AA").as_deref(), Some("AA"));
        assert_eq!(matches(r"[&~]+", "&~").as_deref(), Some("&~"));
        assert_eq!(matches(r"\-\/\:", "-/:").as_deref(), Some("-/:"));
        assert_eq!(matches(r"(?=ab)a", "ab").as_deref(), Some("a"));
        assert_eq!(matches(r"a(?<=[a-z])+b", "ab").as_deref(), Some("ab"));
    }

    #[test]
    fn bad_patterns_are_errors_not_panics() {
        assert!(PyRegex::new(r"(a").is_err());
        assert!(PyRegex::new(r"[a").is_err());
        assert!(PyRegex::new(r"\q").is_err());
        assert!(PyRegex::new("\\").is_err());
    }
}
