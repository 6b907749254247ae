//! Golden Config YAML import: the documents Nautobot Golden Config exports (features, rules,
//! config removes/replaces, remediation settings), or a plain list of compliance rules (the
//! offline CLI's `RULES.yml`). Pure parsing from `&str`.

use super::{ConfigType, Rule};
use crate::error::CoreError;
use serde::{Deserialize, Serialize};

/// A compliance feature (name and slug).
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ComplianceFeature {
    /// Display name.
    pub name: String,
    /// Identifier rules refer to; defaults to the name.
    #[serde(default)]
    pub slug: Option<String>,
    /// Free text.
    #[serde(default)]
    pub description: Option<String>,
}

/// A compliance rule as Golden Config writes it.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ComplianceRuleSpec {
    /// The feature this rule checks.
    #[serde(alias = "feature")]
    pub feature_slug: String,
    /// Platform by name (e.g. `Cisco IOS`).
    #[serde(default)]
    pub platform_name: Option<String>,
    /// Platform by network driver (e.g. `cisco_ios`).
    #[serde(default, alias = "platform_slug")]
    pub platform_network_driver: Option<String>,
    /// Free text.
    #[serde(default)]
    pub description: Option<String>,
    /// Whether line order matters.
    #[serde(default)]
    pub config_ordered: bool,
    /// Newline-separated top-level line prefixes.
    #[serde(default)]
    pub match_config: Option<String>,
    /// cli (default), json or custom.
    #[serde(default)]
    pub config_type: ConfigType,
    /// Golden Config's flag for custom compliance; same as `config_type: custom`.
    #[serde(default)]
    pub custom_compliance: bool,
    /// Aurum extension: regexes that also select top-level lines.
    #[serde(default)]
    pub match_regex: Vec<String>,
    /// Aurum extension: regexes masked before comparing.
    #[serde(default)]
    pub ignore_regex: Vec<String>,
    /// Aurum's extension: the rule applies only to devices selected by this saved filter of
    /// the inventory, beyond matching the platform.
    #[serde(default)]
    pub scope: Option<String>,
}

impl ComplianceRuleSpec {
    /// True when the rule is for `platform` (network driver or platform name, case-insensitive).
    pub fn applies_to(&self, platform: &str) -> bool {
        let p = platform.trim();
        self.platform_network_driver
            .as_deref()
            .is_some_and(|d| d.eq_ignore_ascii_case(p))
            || self
                .platform_name
                .as_deref()
                .is_some_and(|n| n.eq_ignore_ascii_case(p))
    }

    /// Compiles the rule.
    pub fn to_rule(&self) -> Result<Rule, CoreError> {
        let prefixes: Vec<&str> = self
            .match_config
            .as_deref()
            .unwrap_or("")
            .lines()
            .map(|l| l.trim_end_matches('\r'))
            .filter(|l| !l.trim().is_empty())
            .collect();
        let ty = if self.custom_compliance {
            ConfigType::Custom
        } else {
            self.config_type
        };
        let mut rule =
            Rule::cli(self.feature_slug.clone(), self.config_ordered, &prefixes).with_type(ty);
        for p in &self.match_regex {
            rule = rule.with_match_regex(p)?;
        }
        for p in &self.ignore_regex {
            rule = rule.with_ignore(p)?;
        }
        Ok(rule)
    }
}

/// A regex whose matches are removed from backups before storing.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ConfigRemove {
    /// Rule name.
    pub name: String,
    /// Platform by name.
    #[serde(default)]
    pub platform_name: Option<String>,
    /// Platform by network driver.
    #[serde(default, alias = "platform_slug")]
    pub platform_network_driver: Option<String>,
    /// Free text.
    #[serde(default)]
    pub description: Option<String>,
    /// Multi-line regex (`^`/`$` match at line boundaries).
    pub regex: String,
}

/// A regex whose matches are replaced in backups (e.g. secrets → placeholder).
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ConfigReplace {
    /// Rule name.
    pub name: String,
    /// Platform by name.
    #[serde(default)]
    pub platform_name: Option<String>,
    /// Platform by network driver.
    #[serde(default, alias = "platform_slug")]
    pub platform_network_driver: Option<String>,
    /// Free text.
    #[serde(default)]
    pub description: Option<String>,
    /// Multi-line regex.
    pub regex: String,
    /// Replacement (`$1`/`${name}` refer to groups).
    pub replace: String,
}

/// How remediation is produced for a platform.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RemediationSetting {
    /// Platform by name.
    #[serde(default)]
    pub platform_name: Option<String>,
    /// Platform by network driver.
    #[serde(default, alias = "platform_slug")]
    pub platform_network_driver: Option<String>,
    /// `hierconfig` (built in) or `custom_remediation` (a plugin).
    #[serde(default = "default_remediation_type")]
    pub remediation_type: String,
    /// Options for the remediation engine; for `hierconfig`, a
    /// [`crate::remediation::RemediationOptions`] document.
    #[serde(default)]
    pub remediation_options: serde_json::Value,
}

impl RemediationSetting {
    /// The remediation options this setting describes for `platform`: the platform's built-in
    /// rules with `remediation_options` merged on top.
    pub fn options(
        &self,
        platform: &str,
    ) -> Result<crate::remediation::RemediationOptions, CoreError> {
        crate::remediation::RemediationOptions::for_platform_with(
            platform,
            &self.remediation_options,
        )
    }
}

fn default_remediation_type() -> String {
    "hierconfig".to_string()
}

/// Everything a Golden Config YAML document can hold.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct GoldenConfig {
    /// Features.
    #[serde(default)]
    pub compliance_features: Vec<ComplianceFeature>,
    /// Rules.
    #[serde(default)]
    pub compliance_rules: Vec<ComplianceRuleSpec>,
    /// Backup cleanup: removals.
    #[serde(default)]
    pub config_removes: Vec<ConfigRemove>,
    /// Backup cleanup: replacements.
    #[serde(default)]
    pub config_replaces: Vec<ConfigReplace>,
    /// Remediation settings per platform.
    #[serde(default)]
    pub remediation_settings: Vec<RemediationSetting>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Document {
    Full(GoldenConfig),
    Rules(Vec<ComplianceRuleSpec>),
}

impl GoldenConfig {
    /// Parses a Golden Config YAML document, or a plain list of compliance rules. Rules must
    /// name a platform and compile; features they reference must exist when features are given.
    pub fn from_yaml(text: &str) -> Result<GoldenConfig, CoreError> {
        let doc: Document = serde_norway::from_str(text).map_err(|e| {
            // Untagged enums hide the detail; retry each shape to report the useful error.
            let detail = serde_norway::from_str::<GoldenConfig>(text)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_else(|| e.to_string());
            let list = serde_norway::from_str::<Vec<ComplianceRuleSpec>>(text).err().map(|e| e.to_string());
            CoreError::Rules(format!(
                "not a Golden Config document ({detail}) nor a list of compliance rules ({}); check the key names and indentation",
                list.unwrap_or_default()
            ))
        })?;
        let gc = match doc {
            Document::Full(gc) => gc,
            Document::Rules(rules) => GoldenConfig {
                compliance_rules: rules,
                ..Default::default()
            },
        };
        gc.validate()?;
        Ok(gc)
    }

    fn validate(&self) -> Result<(), CoreError> {
        for (i, r) in self.compliance_rules.iter().enumerate() {
            if r.platform_name.is_none() && r.platform_network_driver.is_none() {
                return Err(CoreError::Rules(format!(
                    "compliance rule #{} (feature `{}`) names no platform: set platform_network_driver (e.g. cisco_ios) or platform_name",
                    i + 1,
                    r.feature_slug
                )));
            }
            if !self.compliance_features.is_empty()
                && !self.compliance_features.iter().any(|f| {
                    f.slug.as_deref().unwrap_or(&f.name) == r.feature_slug
                        || f.name == r.feature_slug
                })
            {
                return Err(CoreError::Rules(format!(
                    "compliance rule #{} refers to feature `{}`, which is not in compliance_features",
                    i + 1,
                    r.feature_slug
                )));
            }
            r.to_rule()?;
        }
        for r in &self.config_removes {
            regex::Regex::new(&r.regex).map_err(|e| {
                CoreError::Rules(format!("config remove `{}`: invalid regex: {e}", r.name))
            })?;
        }
        for r in &self.config_replaces {
            regex::Regex::new(&r.regex).map_err(|e| {
                CoreError::Rules(format!("config replace `{}`: invalid regex: {e}", r.name))
            })?;
        }
        Ok(())
    }

    /// The compiled rules for one platform (network driver or platform name), in file order.
    pub fn rules_for(&self, platform: &str) -> Result<Vec<Rule>, CoreError> {
        self.compliance_rules
            .iter()
            .filter(|r| r.applies_to(platform))
            .map(|r| r.to_rule())
            .collect()
    }

    /// Applies the platform's config removes then replaces to a backup (multi-line regexes).
    pub fn clean_backup(&self, platform: &str, config: &str) -> Result<String, CoreError> {
        Ok(self.backup_cleaner(platform)?.clean(config))
    }

    /// The platform's config removes and replaces compiled once, for a job that cleans many
    /// backups of the platform.
    pub fn backup_cleaner(&self, platform: &str) -> Result<BackupCleaner, CoreError> {
        let matches = |name: &Option<String>, driver: &Option<String>| {
            driver
                .as_deref()
                .is_some_and(|d| d.eq_ignore_ascii_case(platform))
                || name
                    .as_deref()
                    .is_some_and(|n| n.eq_ignore_ascii_case(platform))
        };
        let compile = |what: &str, name: &str, pattern: &str| {
            regex::Regex::new(&format!("(?m){pattern}"))
                .map_err(|e| CoreError::Rules(format!("config {what} `{name}`: {e}")))
        };
        let mut steps = Vec::new();
        for r in self
            .config_removes
            .iter()
            .filter(|r| matches(&r.platform_name, &r.platform_network_driver))
        {
            steps.push((compile("remove", &r.name, &r.regex)?, String::new()));
        }
        for r in self
            .config_replaces
            .iter()
            .filter(|r| matches(&r.platform_name, &r.platform_network_driver))
        {
            steps.push((compile("replace", &r.name, &r.regex)?, r.replace.clone()));
        }
        Ok(BackupCleaner { steps })
    }
}

/// One platform's config removes then replaces, compiled: each regex with its replacement
/// (empty for a remove).
#[derive(Debug, Clone)]
pub struct BackupCleaner {
    steps: Vec<(regex::Regex, String)>,
}

impl BackupCleaner {
    /// The backup with every remove and replace applied, in order.
    pub fn clean(&self, config: &str) -> String {
        let mut out = config.to_string();
        for (re, replacement) in &self.steps {
            out = re.replace_all(&out, replacement.as_str()).into_owned();
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"
compliance_features:
  - name: ntp
  - name: bgp
    slug: bgp
compliance_rules:
  - feature_slug: ntp
    platform_network_driver: cisco_ios
    config_ordered: false
    match_config: |
      ntp server
      ntp source
    config_type: cli
  - feature_slug: bgp
    platform_name: Arista EOS
    config_ordered: true
    match_config: "router bgp"
config_removes:
  - name: build
    platform_network_driver: cisco_ios
    regex: '^Building configuration.*\n'
config_replaces:
  - name: secrets
    platform_network_driver: cisco_ios
    regex: '(username \S+ secret \d) \S+'
    replace: '$1 <removed>'
remediation_settings:
  - platform_network_driver: cisco_ios
    remediation_type: hierconfig
    remediation_options: {}
"#;

    #[test]
    fn full_document() {
        let gc = GoldenConfig::from_yaml(DOC).unwrap();
        let rules = gc.rules_for("cisco_ios").unwrap();
        assert_eq!(rules.len(), 1);
        assert_eq!(rules[0].match_config, ["ntp server", "ntp source"]);
        assert!(!rules[0].ordered);
        assert_eq!(gc.rules_for("arista eos").unwrap()[0].feature, "bgp");
        let cleaned = gc
            .clean_backup(
                "cisco_ios",
                "Building configuration...\nusername a secret 9 xyz\n",
            )
            .unwrap();
        assert_eq!(cleaned, "username a secret 9 <removed>\n");
    }

    #[test]
    fn plain_rule_list() {
        let gc = GoldenConfig::from_yaml(
            "- feature_slug: ntp\n  platform_network_driver: cisco_ios\n  match_config: ntp\n",
        )
        .unwrap();
        assert_eq!(gc.compliance_rules.len(), 1);
    }

    #[test]
    fn unknown_key_and_missing_platform_are_errors() {
        let e = GoldenConfig::from_yaml("compliance_rulez: []")
            .unwrap_err()
            .to_string();
        assert!(e.contains("compliance_rulez"), "{e}");
        let e = GoldenConfig::from_yaml("- feature_slug: ntp\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("names no platform"), "{e}");
        let e = GoldenConfig::from_yaml("compliance_features: [{name: a}]\ncompliance_rules: [{feature_slug: b, platform_network_driver: x}]").unwrap_err().to_string();
        assert!(e.contains("not in compliance_features"), "{e}");
    }
}
