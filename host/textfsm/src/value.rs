//! `Value [options] NAME (regex)` lines: what a template extracts, and how each value
//! behaves when a record is saved or cleared.

use crate::pyregex::PyRegex;

/// Longest value or state name textfsm accepts.
pub(crate) const MAX_NAME_LEN: usize = 48;

/// A value option. The order in which a template lists them matters (as in textfsm):
/// with `Required,List` the requirement is checked before the list is gathered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueOption {
    /// Keeps the value from record to record until assigned again or `Clearall`.
    Filldown,
    /// Copies the value up into earlier records that left it empty.
    Fillup,
    /// Marks the value as part of the row key (used to merge several templates' tables).
    Key,
    /// Gathers every match into a list instead of keeping the last one.
    List,
    /// Drops a record in which the value is empty.
    Required,
}

impl ValueOption {
    fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "Filldown" => Self::Filldown,
            "Fillup" => Self::Fillup,
            "Key" => Self::Key,
            "List" => Self::List,
            "Required" => Self::Required,
            _ => return None,
        })
    }

    /// The option's name as written in templates.
    pub fn name(self) -> &'static str {
        match self {
            Self::Filldown => "Filldown",
            Self::Fillup => "Fillup",
            Self::Key => "Key",
            Self::List => "List",
            Self::Required => "Required",
        }
    }
}

/// One declared value of a template.
#[derive(Debug)]
pub struct ValueDef {
    /// The name as declared (the column header).
    pub name: String,
    /// Options in declaration order.
    pub options: Vec<ValueOption>,
    /// The regex as written, e.g. `(\S+)`.
    pub regex: String,
    /// The regex with its first group named after the value, substituted into rules.
    pub(crate) group_template: String,
    /// Compiled value regex for List values, whose inner named groups make dicts.
    pub(crate) list_regex: Option<PyRegex>,
}

impl ValueDef {
    /// Parses a `Value` line; the error is the message without the location.
    pub(crate) fn parse(line: &str) -> Result<Self, String> {
        let tokens: Vec<&str> = line.split(' ').collect();
        if tokens.len() < 3 {
            return Err("Expect at least 3 tokens on line.".to_string());
        }
        let (options, name, regex) = if tokens[2].starts_with('(') {
            (Vec::new(), tokens[1], tokens[2..].join(" "))
        } else {
            let mut options = Vec::new();
            for option in tokens[1].split(',') {
                let parsed = ValueOption::parse(option).ok_or_else(|| {
                    format!(
                        "Unknown option \"{option}\" (known: Filldown, Fillup, Key, List, Required)"
                    )
                })?;
                if options.contains(&parsed) {
                    return Err(format!("Duplicate option \"{option}\""));
                }
                options.push(parsed);
            }
            (options, tokens[2], tokens[3..].join(" "))
        };
        if name.chars().count() > MAX_NAME_LEN {
            return Err(format!("Invalid Value name '{name}' or name too long."));
        }
        let chars: Vec<char> = regex.chars().collect();
        if chars.first() != Some(&'(')
            || chars.last() != Some(&')')
            || chars.len() < 2
            || chars[chars.len() - 2] == '\\'
        {
            return Err(format!(
                "Value '{regex}' must be contained within a '()' pair."
            ));
        }
        let compiled = PyRegex::new(&regex)?;
        let group_template = format!("(?P<{name}>{}", &regex[1..]);
        let list_regex = options.contains(&ValueOption::List).then_some(compiled);
        Ok(Self {
            name: name.to_string(),
            options,
            regex,
            group_template,
            list_regex,
        })
    }

    /// Whether the value carries `option`.
    pub fn has(&self, option: ValueOption) -> bool {
        self.options.contains(&option)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_options_name_and_regex() {
        let value = ValueDef::parse(r"Value Required,Filldown NAME (\S+ \d)").unwrap();
        assert_eq!(value.name, "NAME");
        assert_eq!(
            value.options,
            vec![ValueOption::Required, ValueOption::Filldown]
        );
        assert_eq!(value.regex, r"(\S+ \d)");
        assert_eq!(value.group_template, r"(?P<NAME>\S+ \d)");
        let plain = ValueDef::parse(r"Value NAME (.*)").unwrap();
        assert!(plain.options.is_empty());
    }

    #[test]
    fn rejects_what_textfsm_rejects() {
        assert!(ValueDef::parse("Value NAME").is_err());
        assert!(ValueDef::parse(r"Value Bogus NAME (x)").is_err());
        assert!(ValueDef::parse(r"Value List,List NAME (x)").is_err());
        assert!(ValueDef::parse(r"Value NAME x").is_err());
        assert!(ValueDef::parse(r"Value NAME (x\)").is_err());
        assert!(ValueDef::parse(r"Value NAME (x").is_err());
    }
}
