//! A platform is one thing: what its driver says about it. Compliance parses its configs with
//! the dialect its driver names, remediation starts from its driver's rules, parsed output
//! uses its driver's ntc-templates name. Only the inventory's `network_os`, when given,
//! overrides the driver's dialect. This module turns a driver spec into that profile, so no
//! caller keeps its own table keyed by platform name.

use aurum_core::dialect::{Dialect, DialectDescription, Sections};
use aurum_core::remediation::{RemediationOptions, Remediator};
use aurum_sdk::{DriverSpec, RemediationRules};

/// What compliance and remediation need to know about one platform.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlatformProfile {
    /// The platform's name (the inventory's, or the driver's when used offline).
    pub name: String,
    /// The netutils network OS its configs are parsed as.
    pub network_os: String,
    /// Its remediation rules.
    pub remediation: RemediationRules,
    /// The negation prefix of a dialect the driver describes itself (`undo `): the
    /// remediation's unless its options set one.
    pub described_negation: Option<String>,
}

impl PlatformProfile {
    /// The profile of `platform`, driven by `spec`; a non-empty `network_os` (the inventory
    /// platform's) overrides the driver's dialect. Errors name the platform, the driver and
    /// what to set.
    pub fn from_spec(
        platform: &str,
        spec: &DriverSpec,
        network_os: &str,
    ) -> Result<PlatformProfile, String> {
        let mut described_negation = None;
        let network_os = match (network_os.trim(), &spec.dialect.network_os) {
            ("", Some(from_driver)) => from_driver.clone(),
            ("", None) => {
                described_negation = Some(spec.dialect.negation_prefix.clone());
                described_dialect(spec)
                    .map_err(|e| format!("platform `{platform}`, driver `{}`: {e}", spec.platform))?
                    .name()
                    .to_string()
            }
            (given, _) => given.to_string(),
        };
        Dialect::from_name(&network_os).map_err(|e| format!("platform `{platform}`: {e}"))?;
        let profile = PlatformProfile {
            name: platform.to_string(),
            network_os,
            remediation: spec.remediation.clone(),
            described_negation,
        };
        profile
            .options_with(&serde_json::Value::Null)
            .map_err(|e| format!("platform `{platform}`, driver `{}`: {e}", spec.platform))?;
        Ok(profile)
    }

    /// A platform Aurum knows by name only (a netutils network OS such as `cisco_ios`, used
    /// offline without a driver): parsed as that OS, remediated with the built-in rules of the
    /// same name.
    pub fn builtin(name: &str) -> PlatformProfile {
        PlatformProfile {
            name: name.to_string(),
            network_os: name.to_string(),
            remediation: RemediationRules {
                base: Some(name.to_string()),
                options: String::new(),
            },
            described_negation: None,
        }
    }

    /// The remediation options: the rules' base, the driver's overrides, then `overrides`
    /// (an `aurum.toml` table or a Golden Config `remediation_options`) on top.
    pub fn options_with(
        &self,
        overrides: &serde_json::Value,
    ) -> Result<RemediationOptions, String> {
        let base = self.remediation.base.as_deref().unwrap_or("generic");
        let mut merged = match self.remediation.options.trim() {
            "" => serde_json::Map::new(),
            text => match serde_json::from_str(text) {
                Ok(serde_json::Value::Object(map)) => map,
                Ok(other) => {
                    return Err(format!(
                        "remediation.options must be a JSON object, got `{other}`"
                    ));
                }
                Err(e) => return Err(format!("remediation.options is not JSON: {e}")),
            },
        };
        if let Some(prefix) = self.described_negation.as_ref().filter(|p| !p.is_empty()) {
            merged
                .entry("negation_prefix")
                .or_insert_with(|| serde_json::Value::String(prefix.clone()));
        }
        if let serde_json::Value::Object(extra) = overrides {
            merged.extend(extra.iter().map(|(k, v)| (k.clone(), v.clone())));
        } else if !overrides.is_null() {
            return Err(format!(
                "remediation options must be a mapping, got `{overrides}`"
            ));
        }
        RemediationOptions::for_platform_with(base, &serde_json::Value::Object(merged))
            .map_err(|e| e.to_string())
    }

    /// The built-in engine for this platform with `overrides` on top of its rules.
    pub fn remediator(&self, overrides: &serde_json::Value) -> Result<Remediator, String> {
        let options = self.options_with(overrides)?;
        Remediator::described(&self.name, &options).map_err(|e| e.to_string())
    }
}

/// The dialect a driver without a `network_os` describes (its comment markers, banners and
/// sections), registered under its platform's name.
fn described_dialect(spec: &DriverSpec) -> Result<Dialect, String> {
    let description = DialectDescription {
        comment_markers: spec.dialect.comment_markers.clone(),
        banners: spec
            .dialect
            .banners
            .iter()
            .map(|b| (b.start.clone(), b.end.clone()))
            .collect(),
        sections: Some(Sections::from_name(&spec.dialect.sections).map_err(|e| e.to_string())?),
    };
    Dialect::describe(&spec.platform, &description).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(network_os: Option<&str>, base: Option<&str>, options: &str) -> DriverSpec {
        let mut spec: DriverSpec = serde_json::from_value(serde_json::json!({
            "platform": "acme_os",
            "default_mode": "exec",
            "modes": [{ "name": "exec", "prompt": "r1#" }],
            "backup_commands": [{ "mode": "exec", "command": "show config" }],
        }))
        .unwrap();
        spec.dialect.network_os = network_os.map(str::to_string);
        spec.remediation = RemediationRules {
            base: base.map(str::to_string),
            options: options.to_string(),
        };
        spec
    }

    #[test]
    fn the_driver_names_the_dialect_and_the_inventory_overrides_it() {
        let acme = spec(Some("cisco_ios"), Some("cisco_ios"), "");
        let profile = PlatformProfile::from_spec("acme", &acme, "").unwrap();
        assert_eq!(profile.network_os, "cisco_ios");
        let profile = PlatformProfile::from_spec("acme", &acme, "arista_eos").unwrap();
        assert_eq!(profile.network_os, "arista_eos");
        let mut bad = spec(None, None, "");
        bad.dialect.sections = "zigzag".to_string();
        let err = PlatformProfile::from_spec("acme", &bad, "").unwrap_err();
        assert!(err.contains("acme_os") && err.contains("zigzag"), "{err}");
        let err = PlatformProfile::from_spec("acme", &acme, "acme_dos").unwrap_err();
        assert!(err.contains("acme_dos"), "{err}");
    }

    #[test]
    fn remediation_follows_the_drivers_rules() {
        let undo = spec(Some("cisco_ios"), None, r#"{"negation_prefix": "undo "}"#);
        let profile = PlatformProfile::from_spec("acme", &undo, "").unwrap();
        let remediator = profile.remediator(&serde_json::Value::Null).unwrap();
        let commands = remediator
            .remediate("hostname a\nntp server 1.1.1.1\n", "hostname a\n")
            .unwrap();
        assert_eq!(commands.trim(), "undo ntp server 1.1.1.1");
        let bad = spec(Some("cisco_ios"), Some("acme_dos"), "");
        let err = PlatformProfile::from_spec("acme", &bad, "").unwrap_err();
        assert!(err.contains("acme_dos"), "{err}");
        let bad = spec(Some("cisco_ios"), None, "[1]");
        let err = PlatformProfile::from_spec("acme", &bad, "").unwrap_err();
        assert!(err.contains("JSON object"), "{err}");
    }

    #[test]
    fn a_driver_without_a_network_os_is_parsed_and_remediated_by_its_own_dialect() {
        let mut undo = spec(None, None, "");
        undo.platform = "undo_os_test".to_string();
        undo.dialect.comment_markers = vec!["#".to_string()];
        undo.dialect.negation_prefix = "undo ".to_string();
        let profile = PlatformProfile::from_spec("undo", &undo, "").unwrap();
        assert_eq!(profile.network_os, "undo_os_test");
        let every_line = [aurum_core::Rule::cli("all", false, &[""])];
        let actual = "# built by hand\nntp server 10.0.0.1\n";
        let check = |network_os: &str| {
            aurum_core::check(network_os, &every_line, actual, "ntp server 10.0.0.1\n").unwrap()
        };
        assert!(
            check(&profile.network_os)[0].compliant,
            "`#` starts a comment here"
        );
        assert!(!check("cisco_ios")[0].compliant, "but not on IOS");
        let remediator = profile.remediator(&serde_json::Value::Null).unwrap();
        let commands = remediator
            .remediate("hostname a\nntp server 1.1.1.1\n", "hostname a\n")
            .unwrap();
        assert_eq!(commands.trim(), "undo ntp server 1.1.1.1");
    }
}
