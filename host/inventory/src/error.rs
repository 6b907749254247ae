use std::fmt;

/// One problem with one row of an import file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportIssue {
    /// Where in the file: `row 4` for CSV (the header is row 1), `devices[2]` for YAML.
    pub row: String,
    /// The object's name when it has one, so the operator can find it.
    pub name: Option<String>,
    pub reason: String,
}

impl fmt::Display for ImportIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.name {
            Some(name) => write!(f, "{} ({name}): {}", self.row, self.reason),
            None => write!(f, "{}: {}", self.row, self.reason),
        }
    }
}

/// Why an inventory file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum InventoryError {
    #[error("{file}: not valid {format}: {message}; fix the file and import it again")]
    Syntax {
        file: String,
        format: &'static str,
        message: String,
    },
    #[error(
        "{file}: cannot tell the format from the extension; name it .yaml, .yml or .csv, or pass --format"
    )]
    UnknownFormat { file: String },
    #[error("{file}: {} problem(s), nothing was imported:\n{}", issues.len(), list(issues))]
    Rejected {
        file: String,
        issues: Vec<ImportIssue>,
    },
    #[error("invalid filter `{expression}`: {reason}")]
    Filter { expression: String, reason: String },
}

fn list(issues: &[ImportIssue]) -> String {
    issues
        .iter()
        .map(|issue| format!("  - {issue}"))
        .collect::<Vec<_>>()
        .join("\n")
}
