//! A compiled TextFSM template: its values and its states of rules.

use std::collections::HashMap;
use std::path::Path;

use crate::error::TextFsmError;
use crate::lines::{file_lines, rstrip};
use crate::rule::{LineOp, Rule};
use crate::value::{MAX_NAME_LEN, ValueDef, ValueOption};

/// Where a rule sends the machine after it matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    Stay,
    State(usize),
    /// `End`: stop, and do not save the last record.
    End,
    /// `EOF`: stop, and save the last record unless the template declares an `EOF` state.
    Eof,
}

/// A state: its rules and, per rule, where a match leads.
#[derive(Debug)]
pub(crate) struct State {
    pub rules: Vec<(Rule, Target)>,
}

/// A compiled template, ready to parse any number of outputs (it is immutable and `Sync`).
#[derive(Debug)]
pub struct Template {
    pub(crate) name: String,
    pub(crate) values: Vec<ValueDef>,
    pub(crate) states: Vec<State>,
    /// Index of `Start` in `states`.
    pub(crate) start: usize,
    /// Whether the template declares an (empty) `EOF` state, which stops the implicit
    /// record at the end of the input.
    pub(crate) eof_state: bool,
}

impl Template {
    /// Compiles template `text`; `name` (usually the file name) appears in every error.
    pub fn parse_str(text: &str, name: &str) -> Result<Self, TextFsmError> {
        Parser {
            name,
            lines: file_lines(text),
            at: 0,
        }
        .template()
    }

    /// Reads and compiles the template file at `path`.
    pub fn load(path: &Path) -> Result<Self, TextFsmError> {
        let text = std::fs::read_to_string(path).map_err(|source| TextFsmError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        Self::parse_str(&text, &name)
    }

    /// The template's name, as given when it was compiled.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Column names, in declaration order.
    pub fn header(&self) -> Vec<String> {
        self.values.iter().map(|v| v.name.clone()).collect()
    }

    /// Declared values with their options.
    pub fn values(&self) -> &[ValueDef] {
        &self.values
    }

    /// Names of the values that carry `option` (e.g. the `Key` columns).
    pub fn values_with(&self, option: ValueOption) -> Vec<String> {
        self.values
            .iter()
            .filter(|v| v.has(option))
            .map(|v| v.name.clone())
            .collect()
    }
}

/// Reads a template line by line, the way textfsm does.
struct Parser<'a> {
    name: &'a str,
    lines: Vec<String>,
    at: usize,
}

impl Parser<'_> {
    fn error(&self, message: impl Into<String>) -> TextFsmError {
        TextFsmError::Template {
            template: self.name.to_string(),
            line: self.at,
            message: message.into(),
        }
    }

    fn structure(&self, message: impl Into<String>) -> TextFsmError {
        TextFsmError::TemplateStructure {
            template: self.name.to_string(),
            message: message.into(),
        }
    }

    /// The next line, right-stripped, with `self.at` its 1-based number.
    fn next_line(&mut self) -> Option<String> {
        let line = self.lines.get(self.at).map(|l| rstrip(l).to_string());
        if line.is_some() {
            self.at += 1;
        }
        line
    }

    fn template(mut self) -> Result<Template, TextFsmError> {
        let values = self.values()?;
        let groups: HashMap<String, String> = values
            .iter()
            .map(|v| (v.name.clone(), v.group_template.clone()))
            .collect();
        let mut parsed: Vec<(String, Vec<Rule>)> = Vec::new();
        while let Some(state) = self.state(&groups, &parsed)? {
            parsed.push(state);
        }
        self.link(values, parsed)
    }

    /// The `Value` lines, up to the first blank line.
    fn values(&mut self) -> Result<Vec<ValueDef>, TextFsmError> {
        let mut values: Vec<ValueDef> = Vec::new();
        while let Some(line) = self.next_line() {
            if line.is_empty() {
                break;
            }
            if is_comment(&line) {
                continue;
            }
            if !line.starts_with("Value ") {
                return Err(self.error(if values.is_empty() {
                    "No Value definitions found (a template starts with Value lines)"
                } else {
                    "Expected blank line after last Value entry"
                }));
            }
            let value = ValueDef::parse(&line).map_err(|e| self.error(e))?;
            if values.iter().any(|v| v.name == value.name) {
                return Err(
                    self.error(format!("Duplicate declarations for Value '{}'", value.name))
                );
            }
            values.push(value);
        }
        Ok(values)
    }

    /// One state: its name line, then rule lines up to a blank line.
    fn state(
        &mut self,
        groups: &HashMap<String, String>,
        parsed: &[(String, Vec<Rule>)],
    ) -> Result<Option<(String, Vec<Rule>)>, TextFsmError> {
        let mut name = None;
        while let Some(line) = self.next_line() {
            if line.is_empty() || is_comment(&line) {
                continue;
            }
            let word = line.chars().all(|c| c.is_alphanumeric() || c == '_');
            let reserved = matches!(
                line.as_str(),
                "Continue" | "Next" | "Error" | "Clear" | "Clearall" | "Record" | "NoRecord"
            );
            if !word || line.chars().count() > MAX_NAME_LEN || reserved {
                return Err(self.error(format!("Invalid state name: '{line}'")));
            }
            if parsed.iter().any(|(n, _)| *n == line) {
                return Err(self.error(format!("Duplicate state name: '{line}'")));
            }
            name = Some(line);
            break;
        }
        let Some(name) = name else {
            return Ok(None);
        };
        let mut rules = Vec::new();
        while let Some(line) = self.next_line() {
            if line.is_empty() {
                break;
            }
            if is_comment(&line) {
                continue;
            }
            if !(line.starts_with(" ^") || line.starts_with("  ^") || line.starts_with("\t^")) {
                return Err(self.error("Missing white space or carat ('^') before rule"));
            }
            rules.push(Rule::parse(&line, self.at, groups).map_err(|e| self.error(e))?);
        }
        Ok(Some((name, rules)))
    }

    /// Checks the state machine and resolves state names to indices.
    fn link(
        &self,
        values: Vec<ValueDef>,
        parsed: Vec<(String, Vec<Rule>)>,
    ) -> Result<Template, TextFsmError> {
        let find = |name: &str| parsed.iter().position(|(n, _)| n == name);
        if find("Start").is_none() {
            return Err(self.structure("Missing state 'Start'"));
        }
        for reserved in ["End", "EOF"] {
            if find(reserved).is_some_and(|i| !parsed[i].1.is_empty()) {
                return Err(self.structure(format!("Non-Empty '{reserved}' state")));
            }
        }
        let eof_state = find("EOF").is_some();
        let kept: Vec<String> = parsed
            .iter()
            .map(|(n, _)| n.clone())
            .filter(|n| n != "End")
            .collect();
        let index_of = |name: &str| kept.iter().position(|n| *n == name);
        let mut states = Vec::new();
        for (name, rules) in parsed.into_iter().filter(|(n, _)| n != "End") {
            let mut linked = Vec::new();
            for rule in rules {
                let target = match rule.new_state.as_str() {
                    _ if rule.line_op == LineOp::Error => Target::Stay,
                    "" => Target::Stay,
                    "End" => Target::End,
                    "EOF" => Target::Eof,
                    other => Target::State(index_of(other).ok_or_else(|| {
                        self.structure(format!(
                            "State '{other}' not found, referenced in state '{name}' (rule at line {})",
                            rule.line
                        ))
                    })?),
                };
                linked.push((rule, target));
            }
            states.push(State { rules: linked });
        }
        let start = index_of("Start").unwrap_or(0);
        Ok(Template {
            name: self.name.to_string(),
            values,
            states,
            start,
            eof_state,
        })
    }
}

/// `^\s*#`.
fn is_comment(line: &str) -> bool {
    line.trim_start_matches(crate::lines::is_py_space)
        .starts_with('#')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str) -> String {
        Template::parse_str(text, "t.textfsm")
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn compiles_values_and_states() {
        let t = Template::parse_str(
            "# c\nValue A (\\d+)\n\nStart\n  ^${A} -> Next2\n\nNext2\n  ^x -> Start\n",
            "t",
        )
        .unwrap();
        assert_eq!(t.header(), vec!["A"]);
        assert_eq!(t.states.len(), 2);
        assert_eq!(t.states[0].rules[0].1, Target::State(1));
    }

    #[test]
    fn errors_name_the_template_and_line() {
        assert!(error("Value A (x)\nStart\n").contains("t.textfsm, line 2"));
        assert!(
            error("Value A (x)\n\nStart\n ^a -> Nowhere\n").contains("State 'Nowhere' not found")
        );
        assert!(error("Value A (x)\n\nOther\n ^a\n").contains("Missing state 'Start'"));
        assert!(error("Value A (x)\n\nStart\n   ^a\n").contains("line 4"));
        assert!(error("Value A (x)\n\nStart\n ^a\n\nEnd\n ^b\n").contains("Non-Empty 'End'"));
        assert!(error("Value A (x)\nValue A (y)\n\nStart\n").contains("Duplicate declarations"));
        assert!(error("Value A (x)\n\nStart\n ^$B\n").contains("line 4"));
        assert!(error("Value A (x)\n\nStart\n\nStart\n").contains("Duplicate state"));
    }
}
