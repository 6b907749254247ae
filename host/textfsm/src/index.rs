//! The ntc-templates `index`: which template(s) parse which command on which platform.
//!
//! The file is comma-separated with a header (`Template, Hostname, Platform, Command`);
//! lines starting with `#` are comments; every column but `Template` is a Python regex
//! matched at the start of the attribute (`re.match`), and in `Command` each `[[xyz]]`
//! makes its letters optional one by one, so `sh[[ow]]` accepts `sh`, `sho` and `show`.
//! The first matching row wins. A row may list several templates separated by `:`; their
//! tables are merged as clitable merges them (see [`Table`]).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde_json::{Map, Value};

use crate::error::TextFsmError;
use crate::lines::{file_lines, strip};
use crate::pyregex::PyRegex;
use crate::table::Table;
use crate::template::Template;
use crate::value::ValueOption;

/// One row of the index.
#[derive(Debug)]
pub struct IndexEntry {
    line: usize,
    templates: Vec<String>,
    /// `(column, pattern as written, compiled pattern)` for every non-empty regex column.
    columns: Vec<(String, String, PyRegex)>,
}

impl IndexEntry {
    /// 1-based line of the row in the index file.
    pub fn line(&self) -> usize {
        self.line
    }

    /// Template file names, in order (the first one's rows are the result's rows).
    pub fn templates(&self) -> &[String] {
        &self.templates
    }

    /// The pattern of `column` (e.g. `Platform`) as written, `None` when empty.
    pub fn pattern(&self, column: &str) -> Option<&str> {
        self.columns
            .iter()
            .find(|(c, _, _)| c == column)
            .map(|(_, p, _)| p.as_str())
    }

    fn matches(&self, attributes: &[(&str, &str)]) -> Result<bool, String> {
        for (column, value) in attributes {
            if let Some((_, _, regex)) = self.columns.iter().find(|(c, _, _)| c == column)
                && !regex.is_match(value)?
            {
                return Ok(false);
            }
        }
        Ok(true)
    }
}

/// A loaded index: the templates directory, its rows, and the templates compiled so far.
///
/// Templates compile on first use and stay cached (an index has about a thousand), so
/// loading is cheap and a busy toolkit compiles each template once. Shareable across threads.
#[derive(Debug)]
pub struct TemplateIndex {
    dir: PathBuf,
    path: PathBuf,
    entries: Vec<IndexEntry>,
    cache: Mutex<HashMap<String, Arc<Template>>>,
}

impl TemplateIndex {
    /// Reads `dir/index` (`dir` is the `[toolkit] textfsm_templates` directory).
    pub fn load(dir: impl AsRef<Path>) -> Result<Self, TextFsmError> {
        let dir = dir.as_ref().to_path_buf();
        let path = dir.join("index");
        let text = std::fs::read_to_string(&path).map_err(|source| TextFsmError::Io {
            path: path.clone(),
            source,
        })?;
        Self::from_str(&text, dir)
    }

    /// Builds an index from the text of an `index` file whose templates live in `dir`.
    pub fn from_str(text: &str, dir: impl AsRef<Path>) -> Result<Self, TextFsmError> {
        let dir = dir.as_ref().to_path_buf();
        let path = dir.join("index");
        let error = |line: usize, message: String| TextFsmError::Index {
            path: path.clone(),
            line,
            message,
        };
        let lines = file_lines(text);
        let mut rows = lines.iter().enumerate();
        let header: Vec<String> = loop {
            let Some((_, line)) = rows.next() else {
                return Err(error(
                    0,
                    "no header line (Template, Hostname, Platform, Command)".to_string(),
                ));
            };
            let header = strip(line.split('#').next().unwrap_or_default());
            if !header.is_empty() {
                break header.split(',').map(|c| strip(c).to_string()).collect();
            }
        };
        for (i, column) in header.iter().enumerate() {
            if header[..i].contains(column) {
                return Err(error(0, format!("duplicate header entry '{column}'")));
            }
        }
        let template_column = header
            .iter()
            .position(|c| c == "Template")
            .ok_or_else(|| error(0, "the header has no 'Template' column".to_string()))?;
        let mut entries = Vec::new();
        for (number, line) in rows {
            let fields: Vec<&str> = line.split(',').map(strip).collect();
            if line.starts_with('#') || fields.len() != header.len() {
                continue;
            }
            let mut columns = Vec::new();
            for (column, field) in header.iter().zip(&fields) {
                if column == "Template" || field.is_empty() {
                    continue;
                }
                let pattern = if column == "Command" {
                    expand_completion(field)
                } else {
                    field.to_string()
                };
                let regex = PyRegex::new(&pattern)
                    .map_err(|e| error(number + 1, format!("column {column}: {e}")))?;
                columns.push((column.clone(), field.to_string(), regex));
            }
            entries.push(IndexEntry {
                line: number + 1,
                templates: fields[template_column]
                    .split(':')
                    .map(str::to_string)
                    .collect(),
                columns,
            });
        }
        Ok(Self {
            dir,
            path,
            entries,
            cache: Mutex::new(HashMap::new()),
        })
    }

    /// The rows, in file order.
    pub fn entries(&self) -> &[IndexEntry] {
        &self.entries
    }

    /// The directory holding `index` and the templates.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The first row matching `platform` (netmiko name, e.g. `cisco_ios`) and `command`.
    pub fn find(&self, platform: &str, command: &str) -> Result<Option<&IndexEntry>, TextFsmError> {
        let attributes = [("Command", command), ("Platform", platform)];
        for entry in &self.entries {
            let matched = entry
                .matches(&attributes)
                .map_err(|message| TextFsmError::Index {
                    path: self.path.clone(),
                    line: entry.line,
                    message,
                })?;
            if matched {
                return Ok(Some(entry));
            }
        }
        Ok(None)
    }

    /// The compiled template file `name` of this directory, compiled on first use.
    pub fn template(&self, name: &str) -> Result<Arc<Template>, TextFsmError> {
        if let Some(template) = self
            .cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(name)
        {
            return Ok(template.clone());
        }
        let template = Arc::new(Template::load(&self.dir.join(name))?);
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        Ok(cache.entry(name.to_string()).or_insert(template).clone())
    }

    /// Parses `output` of `command` on `platform` into a table, as clitable does: several
    /// templates merged, and `List` elements as strings (`None` for an unmatched group).
    pub fn parse_table(
        &self,
        platform: &str,
        command: &str,
        output: &str,
    ) -> Result<Table, TextFsmError> {
        let entry = self
            .find(platform, command)?
            .ok_or_else(|| TextFsmError::NoTemplate {
                platform: platform.to_string(),
                command: command.to_string(),
            })?;
        let mut table: Option<Table> = None;
        let mut keys: Vec<String> = Vec::new();
        for name in entry.templates() {
            let template = self.template(name)?;
            let mut parsed = template.parse(output)?;
            parsed.stringify_lists();
            if keys.is_empty() {
                keys = template.values_with(ValueOption::Key);
            }
            match table.as_mut() {
                None => table = Some(parsed),
                Some(table) => {
                    table
                        .extend(&parsed, &keys)
                        .map_err(|message| TextFsmError::Merge {
                            template: name.clone(),
                            message,
                        })?
                }
            }
        }
        Ok(table.unwrap_or_default())
    }

    /// Parses `output` into records with lower-cased keys, like ntc-templates' `parse_output`.
    pub fn parse(
        &self,
        platform: &str,
        command: &str,
        output: &str,
    ) -> Result<Vec<Map<String, Value>>, TextFsmError> {
        Ok(self.parse_table(platform, command, output)?.records())
    }
}

/// `abc[[xyz]]` becomes `abc(x(y(z)?)?)?`.
fn expand_completion(command: &str) -> String {
    let mut out = String::with_capacity(command.len() * 2);
    let mut rest = command;
    while let Some(open) = rest.find("[[") {
        let inner_start = open + 2;
        let first = rest[inner_start..].chars().next().map_or(1, char::len_utf8);
        let Some(close) = rest.get(inner_start + first..).and_then(|s| s.find("]]")) else {
            break;
        };
        let word = &rest[inner_start..inner_start + first + close];
        out.push_str(&rest[..open]);
        let letters: Vec<String> = word.chars().map(String::from).collect();
        out.push('(');
        out.push_str(&letters.join("("));
        out.push_str(&")?".repeat(letters.len()));
        rest = &rest[inner_start + first + close + 2..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
#[path = "index_tests.rs"]
mod tests;
