//! Line splitting with Python's rules, so that a line here is a line for textfsm too.

/// Splits `text` like Python's `str.splitlines()`: every Unicode line boundary ends a line,
/// `\r\n` counts once, and a final terminator does not add an empty line.
pub(crate) fn split_lines(text: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let boundary = matches!(
            c,
            '\n' | '\r'
                | '\x0b'
                | '\x0c'
                | '\x1c'
                | '\x1d'
                | '\x1e'
                | '\u{85}'
                | '\u{2028}'
                | '\u{2029}'
        );
        if !boundary {
            continue;
        }
        lines.push(&text[start..at]);
        start = at + c.len_utf8();
        if c == '\r' && matches!(chars.peek(), Some((_, '\n'))) {
            chars.next();
            start += 1;
        }
    }
    if start < text.len() {
        lines.push(&text[start..]);
    }
    lines
}

/// Python's `str.isspace()`, which (unlike `char::is_whitespace`) includes `\x1c`..`\x1f`.
pub(crate) fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

/// Python's `str.rstrip()`.
pub(crate) fn rstrip(line: &str) -> &str {
    line.trim_end_matches(is_py_space)
}

/// Python's `str.strip()`.
pub(crate) fn strip(line: &str) -> &str {
    line.trim_matches(is_py_space)
}

/// Lines of a file as Python's text mode reads them: universal newlines, split on `\n`.
pub(crate) fn file_lines(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    if text.ends_with('\n') || text.is_empty() {
        lines.pop();
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_like_python() {
        assert_eq!(split_lines("a\nb\r\nc\rd"), vec!["a", "b", "c", "d"]);
        assert_eq!(split_lines("a\n\nb\n"), vec!["a", "", "b"]);
        assert_eq!(split_lines(""), Vec::<&str>::new());
        assert_eq!(split_lines("a\x0cb"), vec!["a", "b"]);
    }

    #[test]
    fn reads_files_like_python_text_mode() {
        assert_eq!(file_lines("a\r\nb\n"), vec!["a", "b"]);
        assert_eq!(file_lines("a\n\n"), vec!["a", ""]);
    }
}
