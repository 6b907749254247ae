//! The one error type of the crate: every message names the template or index file and
//! says what to do about it.

use std::path::PathBuf;

/// Why loading an index, compiling a template or parsing command output failed.
#[derive(Debug, thiserror::Error)]
pub enum TextFsmError {
    /// A template line breaks TextFSM's grammar (or uses a regex we cannot translate).
    #[error("TextFSM template {template}, line {line}: {message}; fix the template")]
    Template {
        template: String,
        line: usize,
        message: String,
    },
    /// A rule about the template as a whole (missing `Start`, unknown state...).
    #[error("TextFSM template {template}: {message}; fix the template")]
    TemplateStructure { template: String, message: String },
    /// The template's own `Error` action fired: the output is not what the template expects.
    #[error(
        "TextFSM template {template} rejected the output: {message} (rule at line {rule_line}, input line {input:?}); check the command output or the template"
    )]
    Rejected {
        template: String,
        rule_line: usize,
        message: String,
        input: String,
    },
    /// The regex engine gave up on a line (backtracking limit), so the result would be wrong.
    #[error(
        "TextFSM template {template}, rule at line {rule_line}: matching input line {input:?} failed: {reason}; simplify the rule's regex"
    )]
    Match {
        template: String,
        rule_line: usize,
        input: String,
        reason: String,
    },
    /// No index row matches the platform and command.
    #[error(
        "no TextFSM template for platform {platform:?} and command {command:?}; check the platform name (netmiko style, e.g. cisco_ios) or add a template to the index"
    )]
    NoTemplate { platform: String, command: String },
    /// A line of the ntc-templates `index` file is malformed.
    #[error("TextFSM index {path}, line {line}: {message}; fix the index file")]
    Index {
        path: PathBuf,
        line: usize,
        message: String,
    },
    /// Several templates of one index row could not be merged as clitable merges them.
    #[error(
        "cannot merge the output of template {template} into the first template's table: {message}; fix the index row"
    )]
    Merge { template: String, message: String },
    /// A file could not be read.
    #[error("cannot read {path}: {source}; check [toolkit] textfsm_templates in aurum.toml")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}
