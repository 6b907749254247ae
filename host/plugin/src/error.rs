use std::path::PathBuf;

use aurum_sdk::PluginKind;

/// Everything that can go wrong with a plugin, each variant naming the plugin and saying
/// what to do next. A failing plugin returns one of these; it never takes the host down.
#[derive(Debug, thiserror::Error)]
pub enum PluginError {
    #[error("no plugin named `{name}`; available: {}", list_or_none(.available))]
    NotFound {
        name: String,
        available: Vec<String>,
    },

    #[error("plugin `{name}` is a {actual}, not a {expected}; check its `kind` in aurum.toml")]
    WrongKind {
        name: String,
        expected: PluginKind,
        actual: PluginKind,
    },

    #[error("plugin `{name}` is defined twice ({first} and {second}); rename one of them")]
    Duplicate {
        name: String,
        first: String,
        second: String,
    },

    #[error("plugin `{name}`: cannot read {}: {source}", path.display())]
    MissingFile {
        name: String,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error(
        "plugin `{name}`: {} has sha256 {actual}, but aurum.toml pins {expected}; \
         rebuild the plugin or update the pin",
        path.display()
    )]
    DigestMismatch {
        name: String,
        path: PathBuf,
        expected: String,
        actual: String,
    },

    #[error("plugin `{name}` failed to compile ({}): {reason}", path.display())]
    Compile {
        name: String,
        path: PathBuf,
        reason: String,
    },

    #[error("plugin `{name}` was refused: {reason}")]
    Refused { name: String, reason: String },

    #[error("plugin `{name}` trapped: {message}")]
    Trapped { name: String, message: String },

    #[error(
        "plugin `{name}` exceeded its deadline of {timeout_ms} ms; \
         raise [plugins.{name}.limits] timeout_ms or fix the plugin"
    )]
    DeadlineExceeded { name: String, timeout_ms: u64 },

    #[error(
        "plugin `{name}` hit its memory limit of {limit_mb} MiB; \
         raise [plugins.{name}.limits] memory_mb or fix the plugin"
    )]
    MemoryLimit { name: String, limit_mb: u64 },

    /// `setting` is the `[plugins.NAME.limits]` key that would raise the limit.
    #[error(
        "plugin `{name}` hit its {setting} limit: {detail}; \
         raise [plugins.{name}.limits] {setting} or fix the plugin"
    )]
    LimitExceeded {
        name: String,
        setting: &'static str,
        detail: String,
    },

    #[error("plugin `{name}` returned invalid output: {reason}")]
    InvalidOutput { name: String, reason: String },

    #[error("plugin `{name}` reported an error: {message}")]
    Failed { name: String, message: String },
}

impl PluginError {
    /// The plugin the error is about.
    pub fn plugin(&self) -> &str {
        match self {
            PluginError::NotFound { name, .. }
            | PluginError::WrongKind { name, .. }
            | PluginError::Duplicate { name, .. }
            | PluginError::MissingFile { name, .. }
            | PluginError::DigestMismatch { name, .. }
            | PluginError::Compile { name, .. }
            | PluginError::Refused { name, .. }
            | PluginError::Trapped { name, .. }
            | PluginError::DeadlineExceeded { name, .. }
            | PluginError::MemoryLimit { name, .. }
            | PluginError::LimitExceeded { name, .. }
            | PluginError::InvalidOutput { name, .. }
            | PluginError::Failed { name, .. } => name,
        }
    }

    pub(crate) fn invalid(name: &str, reason: impl Into<String>) -> Self {
        PluginError::InvalidOutput {
            name: name.to_owned(),
            reason: reason.into(),
        }
    }

    pub(crate) fn limit(name: &str, setting: &'static str, detail: impl Into<String>) -> Self {
        PluginError::LimitExceeded {
            name: name.to_owned(),
            setting,
            detail: detail.into(),
        }
    }

    pub(crate) fn refused(name: &str, reason: impl Into<String>) -> Self {
        PluginError::Refused {
            name: name.to_owned(),
            reason: reason.into(),
        }
    }
}

fn list_or_none(names: &[String]) -> String {
    if names.is_empty() {
        "none".to_owned()
    } else {
        names.join(", ")
    }
}
