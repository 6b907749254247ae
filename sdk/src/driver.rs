//! The driver contract as Rust types (`aurum:plugin/driver-types`).
//!
//! A platform is data: modes with prompts, transitions between them, steps on open and
//! close, failure indicators, backup and save commands, output cleanup and the config
//! dialect. Fields that most platforms leave empty default to empty, so a Rhai script or a
//! JSON document only writes what its platform needs.

use serde::{Deserialize, Serialize};

/// One of the device's credentials; the host substitutes it, the plugin never sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Credential {
    Username,
    Password,
    EnableSecret,
}

/// What a step sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Input {
    Text(String),
    Secret(Credential),
}

/// Send one line, then wait for `expect` (a regex) or, when `None`, for the prompt of the
/// mode being entered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub send: Input,
    #[serde(default)]
    pub expect: Option<String>,
}

impl Step {
    /// Send literal text and wait for the prompt.
    pub fn text(send: &str) -> Self {
        Step {
            send: Input::Text(send.to_owned()),
            expect: None,
        }
    }

    /// Send literal text and wait for `expect`.
    pub fn text_expect(send: &str, expect: &str) -> Self {
        Step {
            send: Input::Text(send.to_owned()),
            expect: Some(expect.to_owned()),
        }
    }

    /// Send a credential and wait for the prompt.
    pub fn secret(credential: Credential) -> Self {
        Step {
            send: Input::Secret(credential),
            expect: None,
        }
    }
}

/// A privilege level or configuration context with its own prompt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mode {
    pub name: String,
    /// Regex matching this mode's prompt.
    pub prompt: String,
    /// Regexes that rule this mode out when they match a candidate prompt.
    #[serde(default)]
    pub prompt_exclusions: Vec<String>,
}

/// How to get from one mode to a neighbouring one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transition {
    pub from: String,
    pub to: String,
    pub steps: Vec<Step>,
}

/// A command sent in a given mode.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Command {
    pub mode: String,
    pub command: String,
}

/// A regex whose matches are replaced (`$1`-style references allowed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Replacement {
    pub pattern: String,
    pub replacement: String,
}

/// Cleanup the host applies to raw command output before `clean` sees it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OutputCleanup {
    pub cut_head: u32,
    pub cut_tail: u32,
    pub drop_lines: Vec<String>,
    pub mask_secrets: Vec<Replacement>,
}

/// A multi-line banner: starts at a line matching `start`; ends at the delimiter captured by
/// the regex's first group or, when it has none, at a line matching `end`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BannerRule {
    pub start: String,
    #[serde(default)]
    pub end: Option<String>,
}

/// How the platform's configuration text is structured: either a netutils network OS to
/// inherit (`network_os`), or, without one, the platform's own comment markers, banners and
/// sections, from which Aurum builds the dialect compliance and parsed sections use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Dialect {
    /// The netutils network OS whose parser reads this platform's configs (e.g. `cisco_ios`
    /// for a Cisco-like platform), for compliance and parsed sections. An inventory
    /// platform's `network_os` overrides it.
    pub network_os: Option<String>,
    pub comment_markers: Vec<String>,
    pub banners: Vec<BannerRule>,
    pub negation_prefix: String,
    pub indent: u32,
    /// How sections nest without a `network_os`: `indent` (deeper lines are children, the
    /// default), `braces` (`{` opens, `}` closes) or `flat` (no sections).
    pub sections: String,
}

impl Default for Dialect {
    fn default() -> Self {
        Dialect {
            network_os: None,
            comment_markers: vec!["!".to_owned()],
            banners: Vec::new(),
            negation_prefix: "no ".to_owned(),
            indent: 1,
            sections: "indent".to_owned(),
        }
    }
}

/// hier_config-style remediation rules: a built-in rule set to start from and overrides of
/// its options (negation prefix, idempotent and non-negatable commands, ordering weights...).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RemediationRules {
    /// The hier_config platform whose rules are the base (e.g. `cisco_ios`); `None` starts
    /// from hier_config's generic rules.
    pub base: Option<String>,
    /// Top-level hier_config options replacing the base's, as a JSON object, e.g.
    /// `{"negation_prefix": "no ", "idempotent_commands": [[{"startswith": "hostname"}]]}`.
    /// Empty: none.
    pub options: String,
}

/// Everything the host needs to drive a session with one platform.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DriverSpec {
    pub platform: String,
    pub default_mode: String,
    pub modes: Vec<Mode>,
    #[serde(default)]
    pub transitions: Vec<Transition>,
    #[serde(default)]
    pub on_open: Vec<Step>,
    #[serde(default)]
    pub on_close: Vec<Step>,
    #[serde(default)]
    pub failure_indicators: Vec<String>,
    pub backup_commands: Vec<Command>,
    #[serde(default)]
    pub save_commands: Vec<Command>,
    #[serde(default)]
    pub cleanup: OutputCleanup,
    #[serde(default)]
    pub dialect: Dialect,
    #[serde(default)]
    pub safe_apply: crate::SafeApply,
    /// How configuration changes are remediated on this platform.
    #[serde(default)]
    pub remediation: RemediationRules,
    /// The platform's name in ntc-templates' index, for parsed command output; `None`: the
    /// platform name.
    #[serde(default)]
    pub ntc_platform: Option<String>,
    /// Regexes matching the end of the output when the device's pager waits for a key
    /// (e.g. ` --More-- `); the host answers with a space.
    #[serde(default)]
    pub pager_markers: Vec<String>,
}
