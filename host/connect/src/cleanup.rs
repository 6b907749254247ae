use crate::CompiledSpec;
use crate::reader::strip_ansi;

/// Turns raw backup output into a clean configuration: terminal artefacts removed, then the
/// driver's cleanup — head and tail cut, volatile lines dropped, secrets masked.
pub fn clean_output(raw: &str, spec: &CompiledSpec) -> String {
    let lines = terminal_lines(raw);
    let cleanup = &spec.spec.cleanup;
    let head = (cleanup.cut_head as usize).min(lines.len());
    let tail = (cleanup.cut_tail as usize).min(lines.len() - head);
    let mut out = String::with_capacity(raw.len());
    for line in &lines[head..lines.len() - tail] {
        if spec.drop_lines.iter().any(|r| r.is_match(line)) {
            continue;
        }
        out.push_str(&spec.mask_line(line));
        out.push('\n');
    }
    out
}

/// Removes what a terminal would not show (carriage-return overwrites such as pager
/// erasures, backspaces, escape sequences, trailing blanks); lines end with `\n`.
pub fn clean_terminal(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for line in terminal_lines(raw) {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

fn terminal_lines(raw: &str) -> Vec<String> {
    let text = strip_ansi(raw);
    let mut lines: Vec<String> = Vec::new();
    for raw_line in text.split('\n') {
        let line = raw_line.trim_end_matches('\r');
        // What was overwritten with a carriage return is gone from the screen.
        let line = line.rsplit('\r').next().unwrap_or(line);
        let line = apply_backspaces(line);
        lines.push(line.trim_end().to_string());
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
}

fn apply_backspaces(line: &str) -> String {
    if !line.contains('\u{8}') {
        return line.to_string();
    }
    let mut out = String::with_capacity(line.len());
    for ch in line.chars() {
        if ch == '\u{8}' {
            out.pop();
        } else {
            out.push(ch);
        }
    }
    out
}
