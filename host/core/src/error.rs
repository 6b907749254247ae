//! The one error type of the crate.

use thiserror::Error;

/// Everything that can go wrong in Aurum's pure domain logic. Each message names the input
/// (platform, line, rule) and says what to do next.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum CoreError {
    /// The platform or network OS name is not one Aurum knows.
    #[error(
        "unsupported platform `{name}`: use one of {supported} (set the device's platform network driver accordingly)"
    )]
    UnsupportedPlatform {
        /// The name that was given.
        name: String,
        /// Comma-separated list of supported names.
        supported: String,
    },
    /// The configuration text could not be parsed for the dialect.
    #[error(
        "cannot parse {dialect} configuration at line {line} `{text}`: {reason}; fix the configuration (or its cleanup rules) and retry"
    )]
    Parse {
        /// Dialect (netutils network_os name).
        dialect: &'static str,
        /// 1-based line number in the input text.
        line: usize,
        /// The offending line (truncated).
        text: String,
        /// What went wrong.
        reason: String,
    },
    /// A compliance rule or Golden Config YAML document is invalid.
    #[error("invalid compliance rules: {0}")]
    Rules(String),
    /// A JSON compliance rule got text that is not JSON.
    #[error(
        "feature `{feature}`: {side} config is not valid JSON ({reason}); store JSON for config_type json features"
    )]
    Json {
        /// Feature name.
        feature: String,
        /// `actual` or `intended`.
        side: &'static str,
        /// serde_json's message.
        reason: String,
    },
    /// An XML compliance rule got text that is not XML, or an XPath it cannot evaluate.
    #[error("feature `{feature}`: {side}: {reason}; store XML for config_type xml features")]
    Xml {
        /// Feature name.
        feature: String,
        /// `actual`, `intended` or `xpath`.
        side: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// A `custom` rule was checked but no custom compliance hook was supplied, or it failed.
    #[error("feature `{feature}`: custom compliance failed: {reason}")]
    Custom {
        /// Feature name.
        feature: String,
        /// What the hook said (or that no hook is registered).
        reason: String,
    },
    /// Remediation options are inconsistent (e.g. a negation regex does not compile).
    #[error("invalid remediation options for {platform}: {reason}")]
    Remediation {
        /// Platform name.
        platform: String,
        /// What is wrong and where.
        reason: String,
    },
}

impl CoreError {
    pub(crate) fn parse(
        dialect: &'static str,
        line: usize,
        text: &str,
        reason: impl Into<String>,
    ) -> Self {
        let mut text: String = text.chars().take(80).collect();
        if let Some(pos) = text.find('\n') {
            text.truncate(pos);
        }
        CoreError::Parse {
            dialect,
            line,
            text,
            reason: reason.into(),
        }
    }
}
