//! Rule lines: `  ^regex -> LineOp.RecordOp NewState`, parsed with textfsm's grammar.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::lines::{is_py_space, strip};
use crate::pyregex::PyRegex;
use crate::substitute::substitute;

/// What happens to the input line after a rule matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineOp {
    /// Take the next input line (the default).
    Next,
    /// Keep matching the same line against the following rules.
    Continue,
    /// Stop parsing with an error: the output is not what the template expects.
    Error,
}

/// What happens to the record being built after a rule matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordOp {
    /// Nothing (the default).
    NoRecord,
    /// Save the record and start a new one.
    Record,
    /// Clear the values, except Filldown ones.
    Clear,
    /// Clear every value, Filldown ones too.
    Clearall,
}

/// One parsed rule.
#[derive(Debug)]
pub(crate) struct Rule {
    /// 1-based line of the rule in its template.
    pub line: usize,
    pub regex: PyRegex,
    pub line_op: LineOp,
    pub record_op: RecordOp,
    /// The target state (or the message of `Error`) as written, empty for none.
    pub new_state: String,
}

const ACTION_TARGET: &str = r#"(\s+(?P<new_state>\w+|".*"))?$"#;

static ACTION_FULL: LazyLock<PyRegex> = LazyLock::new(|| {
    action_regex(&format!(
        r"\s+(?P<ln_op>Continue|Next|Error)(\.(?P<rec_op>Clear|Clearall|Record|NoRecord))?{ACTION_TARGET}"
    ))
});
static ACTION_RECORD: LazyLock<PyRegex> = LazyLock::new(|| {
    action_regex(&format!(
        r"\s+(?P<rec_op>Clear|Clearall|Record|NoRecord){ACTION_TARGET}"
    ))
});
static ACTION_STATE: LazyLock<PyRegex> = LazyLock::new(|| action_regex(ACTION_TARGET));

fn action_regex(pattern: &str) -> PyRegex {
    PyRegex::new(pattern).unwrap_or_else(|e| unreachable!("constant action grammar: {e}"))
}

impl Rule {
    /// Parses a rule line (already known to start with white space and `^`); errors are
    /// messages without the template name.
    pub(crate) fn parse(
        line: &str,
        line_num: usize,
        values: &HashMap<String, String>,
    ) -> Result<Self, String> {
        let line = strip(line);
        let (matcher, action) = split_action(line);
        let regex = substitute(matcher, values)?;
        let regex = PyRegex::new(&regex).map_err(|e| format!("Invalid regular expression: {e}"))?;
        let mut rule = Self {
            line: line_num,
            regex,
            line_op: LineOp::Next,
            record_op: RecordOp::NoRecord,
            new_state: String::new(),
        };
        let Some(action) = action else {
            return Ok(rule);
        };
        let parsed = [&*ACTION_FULL, &*ACTION_RECORD, &*ACTION_STATE]
            .into_iter()
            .find_map(|grammar| grammar.captures(action).ok().flatten())
            .ok_or_else(|| format!("Badly formatted rule '{line}'"))?;
        if let Some(op) = parsed.name("ln_op") {
            rule.line_op = match op.as_str() {
                "Continue" => LineOp::Continue,
                "Error" => LineOp::Error,
                _ => LineOp::Next,
            };
        }
        if let Some(op) = parsed.name("rec_op") {
            rule.record_op = match op.as_str() {
                "Record" => RecordOp::Record,
                "Clear" => RecordOp::Clear,
                "Clearall" => RecordOp::Clearall,
                _ => RecordOp::NoRecord,
            };
        }
        if let Some(state) = parsed.name("new_state") {
            rule.new_state = state.as_str().to_string();
        }
        if rule.line_op == LineOp::Continue && !rule.new_state.is_empty() {
            return Err(format!(
                "Action 'Continue' with new state {} specified (Continue cannot change state)",
                rule.new_state
            ));
        }
        let word = rule
            .new_state
            .starts_with(|c: char| c.is_alphanumeric() || c == '_');
        if rule.line_op != LineOp::Error && !rule.new_state.is_empty() && !word {
            return Err("Alphanumeric characters only in state names".to_string());
        }
        Ok(rule)
    }

    /// The message of an `Error` action, without its quotes.
    pub(crate) fn error_message(&self) -> String {
        let state = self.new_state.as_str();
        let unquoted = state.strip_prefix('"').and_then(|s| s.strip_suffix('"'));
        match unquoted {
            Some(message) => message.to_string(),
            None if state.is_empty() => "State Error raised".to_string(),
            None => state.to_string(),
        }
    }
}

/// Splits at the last ` ->` (any white space before the arrow), as textfsm's greedy match does.
fn split_action(line: &str) -> (&str, Option<&str>) {
    let found = line
        .match_indices("->")
        .filter(|(at, _)| line[..*at].chars().next_back().is_some_and(is_py_space))
        .last();
    match found {
        Some((at, _)) => {
            let space = line[..at].chars().next_back().map_or(0, char::len_utf8);
            (&line[..at - space], Some(&line[at + 2..]))
        }
        None => (line, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(line: &str) -> Result<Rule, String> {
        Rule::parse(line, 7, &HashMap::new())
    }

    #[test]
    fn parses_actions() {
        let r = rule("  ^a -> Continue.Record").unwrap();
        assert_eq!(
            (r.line_op, r.record_op, r.new_state.as_str()),
            (LineOp::Continue, RecordOp::Record, "")
        );
        let r = rule("  ^a -> Clearall Next2").unwrap();
        assert_eq!(
            (r.line_op, r.record_op, r.new_state.as_str()),
            (LineOp::Next, RecordOp::Clearall, "Next2")
        );
        let r = rule("  ^a -> Other").unwrap();
        assert_eq!((r.line_op, r.new_state.as_str()), (LineOp::Next, "Other"));
        let r = rule(r#"  ^a -> Error "bad input""#).unwrap();
        assert_eq!(r.error_message(), "bad input");
        let r = rule("  ^a->b").unwrap();
        assert_eq!(r.new_state, "");
        assert_eq!(r.line, 7);
    }

    #[test]
    fn rejects_bad_actions() {
        assert!(rule("  ^a -> Continue Other").is_err());
        assert!(rule("  ^a -> Next.Bogus").is_err());
        assert!(rule(r#"  ^a -> "quoted""#).is_err());
        assert!(rule("  ^(a -> Next").is_err());
    }
}
