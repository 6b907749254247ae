//! Compliance rules: which top-level lines make up a feature, how to compare them, and the
//! Golden Config YAML import that produces them.

mod yaml;

pub use yaml::{
    BackupCleaner, ComplianceFeature, ComplianceRuleSpec, ConfigRemove, ConfigReplace,
    GoldenConfig, RemediationSetting,
};

use crate::error::CoreError;
use regex::Regex;
use serde::{Deserialize, Serialize};

/// How a feature is compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum ConfigType {
    /// Text configuration, compared line by line with parents (netutils).
    #[default]
    Cli,
    /// JSON documents, compared structurally.
    Json,
    /// XML documents: the subtrees the rule's XPath expressions select, compared as
    /// `path = value` lines (NETCONF-style configurations, as Golden Config has).
    Xml,
    /// A host-supplied [`crate::compliance::CustomCompliance`] hook decides.
    Custom,
}

/// One feature's rule for one platform, ready to use (regexes compiled once).
#[derive(Debug, Clone)]
pub struct Rule {
    /// Feature name, the key of the result.
    pub feature: String,
    /// cli, json or custom.
    pub config_type: ConfigType,
    /// Whether line order matters for `compliant`.
    pub ordered: bool,
    /// Top-level line prefixes selecting the feature's section (netutils `section`); empty
    /// means the whole configuration.
    pub match_config: Vec<String>,
    match_regex: Vec<Regex>,
    ignore: Vec<Regex>,
}

fn compile(feature: &str, what: &str, pattern: &str) -> Result<Regex, CoreError> {
    Regex::new(pattern).map_err(|e| {
        CoreError::Rules(format!(
            "feature `{feature}`: {what} `{pattern}` is not a valid regex: {e}"
        ))
    })
}

impl Rule {
    /// A `cli` rule selecting top-level lines that start with any of `match_config`.
    pub fn cli(feature: impl Into<String>, ordered: bool, match_config: &[&str]) -> Rule {
        Rule {
            feature: feature.into(),
            config_type: ConfigType::Cli,
            ordered,
            match_config: match_config.iter().map(|s| s.to_string()).collect(),
            match_regex: Vec::new(),
            ignore: Vec::new(),
        }
    }

    /// Same rule with another config type.
    pub fn with_type(mut self, config_type: ConfigType) -> Rule {
        self.config_type = config_type;
        self
    }

    /// Also select top-level lines matching `pattern` (a regex, unanchored unless it says `^`).
    /// For features whose lines share no prefix, e.g. `^(ip|ipv6) route `.
    pub fn with_match_regex(mut self, pattern: &str) -> Result<Rule, CoreError> {
        self.match_regex
            .push(compile(&self.feature, "match regex", pattern)?);
        Ok(self)
    }

    /// Mask every match of `pattern` in both configs before comparing (e.g. password hashes
    /// that differ per device: `(?:secret|password) \d \S+`). Masked text shows as `<ignored>`
    /// in `actual`, `intended`, `missing` and `extra`.
    pub fn with_ignore(mut self, pattern: &str) -> Result<Rule, CoreError> {
        self.ignore
            .push(compile(&self.feature, "ignore regex", pattern)?);
        Ok(self)
    }

    /// Whether a top-level line belongs to this feature.
    pub(crate) fn selects(&self, line: &str) -> bool {
        self.match_config
            .iter()
            .any(|p| line.starts_with(p.as_str()))
            || self.match_regex.iter().any(|r| r.is_match(line))
    }

    /// True when masks rewrite the sections before comparing.
    pub(crate) fn has_ignore(&self) -> bool {
        !self.ignore.is_empty()
    }

    /// True when selection uses regexes.
    pub(crate) fn has_regex(&self) -> bool {
        !self.match_regex.is_empty()
    }

    /// True when the rule selects the whole configuration.
    pub(crate) fn whole_config(&self) -> bool {
        self.match_config.is_empty() && self.match_regex.is_empty()
    }

    /// Applies the ignore masks.
    pub(crate) fn mask(&self, text: String) -> String {
        let mut text = text;
        for r in &self.ignore {
            if let std::borrow::Cow::Owned(s) = r.replace_all(&text, "<ignored>") {
                text = s;
            }
        }
        text
    }
}

/// A rule as written in configuration files (serde), converted to [`Rule`] by
/// [`RuleSpec::into_rule`]. Unknown keys are errors, so typos never pass silently.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    /// Feature name.
    #[serde(alias = "name")]
    pub feature: String,
    /// Whether order matters.
    #[serde(default)]
    pub ordered: bool,
    /// cli (default), json or custom.
    #[serde(default)]
    pub config_type: ConfigType,
    /// Top-level line prefixes.
    #[serde(default, alias = "section")]
    pub match_config: Vec<String>,
    /// Extra selection regexes.
    #[serde(default)]
    pub match_regex: Vec<String>,
    /// Masks applied before comparing.
    #[serde(default)]
    pub ignore_regex: Vec<String>,
}

impl RuleSpec {
    /// Compiles the spec.
    pub fn into_rule(self) -> Result<Rule, CoreError> {
        let mut rule = Rule {
            feature: self.feature,
            config_type: self.config_type,
            ordered: self.ordered,
            match_config: self.match_config,
            match_regex: Vec::new(),
            ignore: Vec::new(),
        };
        for p in &self.match_regex {
            rule = rule.with_match_regex(p)?;
        }
        for p in &self.ignore_regex {
            rule = rule.with_ignore(p)?;
        }
        Ok(rule)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_regex_names_feature() {
        let err = Rule::cli("aaa", false, &[])
            .with_ignore("(")
            .unwrap_err()
            .to_string();
        assert!(err.contains("aaa") && err.contains("ignore regex"), "{err}");
    }

    #[test]
    fn selection_by_prefix_or_regex() {
        let r = Rule::cli("routes", false, &["ip route "])
            .with_match_regex("^ipv6 route ")
            .unwrap();
        assert!(r.selects("ip route 0.0.0.0 0.0.0.0 1.1.1.1"));
        assert!(r.selects("ipv6 route ::/0 ::1"));
        assert!(!r.selects("ip routing"));
    }

    #[test]
    fn mask_hides_hashes() {
        let r = Rule::cli("users", false, &["username "])
            .with_ignore(r"secret \d \S+")
            .unwrap();
        assert_eq!(
            r.mask("username a secret 9 $abc".into()),
            "username a <ignored>"
        );
    }
}
