//! hier_config-style remediation: the commands that turn a running config into the intended
//! one, with platform rules for negation (`no`, `undo`, `delete`, `unset`, `default`, fixed
//! commands), idempotent commands, sectional overwrite, ordering weights and tags. JunOS and
//! VyOS brace configs are converted to `set`/`delete` commands.
//!
//! The output is hier_config's text: one line per command, children indented by
//! `indentation` (2) spaces per depth level, siblings ordered by weight then position.

mod compiled;
mod diff;
mod fastiron;
mod fixups;
mod htree;
mod idempotency;
mod line_filter;
mod load;
mod negate;
mod options;
mod platforms;
mod procurve;
mod render;
mod weights;

pub use options::{
    IndentAdjust, Lineage, MatchRule, NegateWith, NegationStyle, NegationSub, OneOrMany, Ordering,
    PostLoad, Preprocess, RemediationOptions, SectionalExit, Special, Substitution, TagRule,
};

use crate::error::CoreError;
use htree::{HTree, ROOT};

/// Converts a JunOS/VyOS brace configuration to `set` commands, as remediation does before
/// comparing (`set`/`delete` lines pass through unchanged).
pub fn to_set_commands(config: &str) -> String {
    load::brace_to_set(config)
}

/// A platform with built-in remediation rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum Platform {
    CiscoIos,
    AristaEos,
    CiscoNxos,
    CiscoXr,
    JuniperJunos,
    Vyos,
    FortinetFortios,
    HpComware5,
    HpProcurve,
    HuaweiVrp,
    NokiaSrl,
    ArubaAoscx,
    RuckusFastiron,
    Generic,
}

const NAMES: &[(&str, Platform)] = &[
    ("cisco_ios", Platform::CiscoIos),
    ("cisco_xe", Platform::CiscoIos),
    ("cisco_iosxe", Platform::CiscoIos),
    ("arista_eos", Platform::AristaEos),
    ("cisco_nxos", Platform::CiscoNxos),
    ("cisco_xr", Platform::CiscoXr),
    ("cisco_iosxr", Platform::CiscoXr),
    ("juniper_junos", Platform::JuniperJunos),
    ("vyos", Platform::Vyos),
    ("fortinet_fortios", Platform::FortinetFortios),
    ("hp_comware5", Platform::HpComware5),
    ("hp_comware", Platform::HpComware5),
    ("hp_procurve", Platform::HpProcurve),
    ("aruba_osswitch", Platform::HpProcurve),
    ("huawei_vrp", Platform::HuaweiVrp),
    ("huawei", Platform::HuaweiVrp),
    ("nokia_srl", Platform::NokiaSrl),
    ("aruba_aoscx", Platform::ArubaAoscx),
    ("ruckus_fastiron", Platform::RuckusFastiron),
    ("generic", Platform::Generic),
];

impl Platform {
    /// Maps hier_config (`CISCO_IOS`) and netutils (`cisco_ios`) names, case-insensitively.
    pub fn from_name(name: &str) -> Result<Platform, CoreError> {
        let lower = name.trim().to_ascii_lowercase();
        NAMES
            .iter()
            .find(|(n, _)| *n == lower)
            .map(|(_, p)| *p)
            .ok_or_else(|| CoreError::UnsupportedPlatform {
                name: name.to_string(),
                supported: NAMES.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", "),
            })
    }

    /// The built-in options of the platform.
    pub fn options(self) -> RemediationOptions {
        match self {
            Platform::CiscoIos => platforms::cisco_ios(),
            Platform::AristaEos => platforms::arista_eos(),
            Platform::CiscoNxos => platforms::cisco_nxos(),
            Platform::CiscoXr => platforms::cisco_xr(),
            Platform::JuniperJunos => platforms::set_delete(true),
            Platform::Vyos => platforms::set_delete(false),
            Platform::FortinetFortios => platforms::fortinet_fortios(),
            Platform::HpComware5 => platforms::hp_comware5(),
            Platform::HpProcurve => platforms::hp_procurve(),
            Platform::HuaweiVrp => platforms::huawei_vrp(),
            Platform::NokiaSrl => platforms::set_delete(false),
            Platform::ArubaAoscx => platforms::aruba_aoscx(),
            Platform::RuckusFastiron => platforms::ruckus_fastiron(),
            Platform::Generic => RemediationOptions::default(),
        }
    }
}

impl RemediationOptions {
    /// The built-in options for a platform name; start here and override fields.
    pub fn for_platform(platform: &str) -> Result<RemediationOptions, CoreError> {
        Ok(Platform::from_name(platform)?.options())
    }

    /// Whether `value` is a valid value of the option `key`, so a configuration can be
    /// checked when it loads, one key at a time, and the error placed at that key. Says which
    /// keys exist when `key` is none of them.
    pub fn check_override(key: &str, value: &serde_json::Value) -> Result<(), String> {
        let serde_json::Value::Object(defaults) =
            serde_json::to_value(RemediationOptions::default()).map_err(|e| e.to_string())?
        else {
            return Err("internal: options did not serialise to an object".into());
        };
        if !defaults.contains_key(key) {
            let known: Vec<&str> = defaults.keys().map(String::as_str).collect();
            return Err(format!(
                "unknown remediation option `{key}`; the options are {} (or `plugin`)",
                known.join(", ")
            ));
        }
        let one = serde_json::json!({ key: value });
        serde_json::from_value::<RemediationOptions>(one)
            .map(drop)
            .map_err(|e| format!("remediation option `{key}`: {e}"))
    }

    /// The platform's built-in options with top-level fields replaced by those in `overrides`
    /// (a JSON object, e.g. a Golden Config `remediation_options` or an `aurum.toml` table).
    /// Unknown keys are errors that name the key.
    pub fn for_platform_with(
        platform: &str,
        overrides: &serde_json::Value,
    ) -> Result<RemediationOptions, CoreError> {
        let base = Self::for_platform(platform)?;
        let bad = |reason: String| CoreError::Remediation {
            platform: platform.to_string(),
            reason,
        };
        let serde_json::Value::Object(mut merged) =
            serde_json::to_value(&base).map_err(|e| bad(e.to_string()))?
        else {
            return Err(bad(
                "internal: options did not serialise to an object".into()
            ));
        };
        match overrides {
            serde_json::Value::Null => {}
            serde_json::Value::Object(o) => {
                merged.extend(o.iter().map(|(k, v)| (k.clone(), v.clone())))
            }
            other => {
                return Err(bad(format!(
                    "remediation options must be a mapping, got `{other}`"
                )));
            }
        }
        serde_json::from_value(serde_json::Value::Object(merged))
            .map_err(|e| bad(format!("{e}; see RemediationOptions for the accepted keys")))
    }
}

/// Commands that turn `running` into `intended`. `platform` is validated and names the
/// platform in errors; the behaviour comes from `options` (use
/// [`RemediationOptions::for_platform`] for the built-in rules). Compiles the options on each
/// call; for many devices build a [`Remediator`] once.
pub fn remediate(
    platform: &str,
    running: &str,
    intended: &str,
    options: &RemediationOptions,
) -> Result<String, CoreError> {
    Remediator::new(platform, options)?.remediate(running, intended)
}

/// Commands that turn `intended` back into `running` (hier_config's rollback).
pub fn rollback(
    platform: &str,
    running: &str,
    intended: &str,
    options: &RemediationOptions,
) -> Result<String, CoreError> {
    Remediator::new(platform, options)?.rollback(running, intended)
}

/// Remediation options compiled once (every regex), reusable across devices and threads.
#[derive(Debug, Clone)]
pub struct Remediator {
    platform: String,
    compiled: compiled::Compiled,
}

impl Remediator {
    /// Validates the platform name and compiles the options; errors name the bad regex.
    pub fn new(platform: &str, options: &RemediationOptions) -> Result<Remediator, CoreError> {
        Platform::from_name(platform)?;
        Ok(Remediator {
            platform: platform.to_string(),
            compiled: compiled::compile(platform, options)?,
        })
    }

    /// A remediator for a platform described as data (a driver's remediation rules), which
    /// need not be one of the built-in platforms: `label` only names it in errors, the
    /// behaviour is all `options` (start from [`RemediationOptions::for_platform_with`] of
    /// the rules' base).
    pub fn described(label: &str, options: &RemediationOptions) -> Result<Remediator, CoreError> {
        Ok(Remediator {
            platform: label.to_string(),
            compiled: compiled::compile(label, options)?,
        })
    }

    /// Commands that turn `running` into `intended`.
    pub fn remediate(&self, running: &str, intended: &str) -> Result<String, CoreError> {
        self.run(running, intended)
    }

    /// Commands that turn `intended` back into `running`.
    pub fn rollback(&self, running: &str, intended: &str) -> Result<String, CoreError> {
        self.run(intended, running)
    }

    fn run(&self, from: &str, to: &str) -> Result<String, CoreError> {
        let (c, platform) = (&self.compiled, self.platform.as_str());
        let from_text = from;
        let from = load::load(platform, c, from)?;
        if from_text == to && from.siblings_unique() {
            // Two identical trees without repeated sibling texts match node for node, so the
            // diff is empty; only a repeated sibling (matched to its first copy) can differ.
            return Ok(String::new());
        }
        let to = load::load(platform, c, to)?;
        let mut delta = HTree::new(c);
        diff::config_to_get_to(&from, ROOT, &to, ROOT, &mut delta, ROOT)
            .map_err(|e| HTree::err(platform, e))?;
        weights::set_order_weight(&mut delta);
        weights::apply_tags(&mut delta);
        Ok(render::render(&delta, &c.o.include_tags, &c.o.exclude_tags))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ios(running: &str, intended: &str) -> String {
        remediate(
            "cisco_ios",
            running,
            intended,
            &RemediationOptions::for_platform("cisco_ios").unwrap(),
        )
        .unwrap()
    }

    #[test]
    fn negates_and_adds_with_idempotent_description() {
        let out = ios(
            "interface Gi1\n description old\n shutdown\nntp server 1.1.1.1\n",
            "interface Gi1\n description new\nntp server 2.2.2.2\n",
        );
        // `no shutdown` carries weight 200 on IOS, so it sorts after the description.
        assert_eq!(
            out,
            "no ntp server 1.1.1.1\ninterface Gi1\n  description new\n  no shutdown\nntp server 2.2.2.2"
        );
    }

    #[test]
    fn a_described_platform_remediates_by_its_options_alone() {
        let options = RemediationOptions::for_platform("cisco_ios").unwrap();
        let acme = Remediator::described("acme_os", &options).unwrap();
        let running = "interface Gi1\n shutdown\nntp server 1.1.1.1\n";
        let intended = "interface Gi1\nntp server 2.2.2.2\n";
        assert_eq!(
            acme.remediate(running, intended).unwrap(),
            remediate("cisco_ios", running, intended, &options).unwrap()
        );
        assert!(
            Remediator::new("acme_os", &options).is_err(),
            "not a built-in name"
        );
    }

    #[test]
    fn identical_configs_need_nothing_unless_repeated_sections_differ() {
        let config = "interface Gi1\n description a\n shutdown\nntp server 1.1.1.1\nbanner motd ^C\nhi\n^C\n";
        assert_eq!(ios(config, config), "");
        // The general path agrees: the same config with a line the loader drops.
        assert_eq!(ios(config, &format!("{config}\n\n")), "");
        // A section that may repeat (dup-allowed) is matched to its first copy, so hier_config
        // remediates identical texts; the shortcut must not hide that.
        let mut o = RemediationOptions::default();
        o.parent_allows_duplicate_child.push(vec![MatchRule {
            startswith: Some(OneOrMany::One("policy".into())),
            ..Default::default()
        }]);
        let repeated = "policy p\n rule x\n  set a\n rule x\n  set b\n";
        let general = remediate("generic", repeated, &format!("{repeated}\n"), &o).unwrap();
        assert!(!general.is_empty(), "hier_config semantics: {general:?}");
        assert_eq!(
            remediate("generic", repeated, repeated, &o).unwrap(),
            general
        );
        assert!(remediate("generic", "a\n b\na\n", "a\n b\na\n", &o).is_err());
    }

    #[test]
    fn negate_with_and_default() {
        let out = ios("logging console 7\n", "");
        assert_eq!(out, "logging console debugging");
        let mut o = RemediationOptions::for_platform("cisco_ios").unwrap();
        o.negation_default_when.push(vec![MatchRule {
            startswith: Some(OneOrMany::One("snmp".into())),
            ..Default::default()
        }]);
        assert_eq!(
            remediate("cisco_ios", "snmp-server x\n", "", &o).unwrap(),
            "default snmp-server x"
        );
    }

    #[test]
    fn options_deserialise_and_reject_unknown_keys() {
        let o: RemediationOptions =
            serde_json::from_str(r#"{"negation_prefix": "undo ", "indentation": 1}"#).unwrap();
        assert_eq!(o.negation_prefix, "undo ");
        assert!(serde_json::from_str::<RemediationOptions>(r#"{"negation_prefx": "x"}"#).is_err());
    }

    #[test]
    fn overrides_merge_onto_platform_defaults() {
        let o = RemediationOptions::for_platform_with(
            "cisco_ios",
            &serde_json::json!({"indentation": 1}),
        )
        .unwrap();
        assert_eq!(o.indentation, 1);
        assert!(!o.idempotent_commands.is_empty(), "IOS defaults kept");
        let e = RemediationOptions::for_platform_with(
            "cisco_ios",
            &serde_json::json!({"indentaton": 1}),
        )
        .unwrap_err();
        assert!(e.to_string().contains("indentaton"), "{e}");
    }

    #[test]
    fn one_override_is_checked_by_key_and_type() {
        let ok = RemediationOptions::check_override("indentation", &serde_json::json!(1));
        assert_eq!(ok, Ok(()));
        let typo = RemediationOptions::check_override("indentaton", &serde_json::json!(1));
        assert!(
            typo.unwrap_err()
                .contains("unknown remediation option `indentaton`")
        );
        let wrong = RemediationOptions::check_override("indentation", &serde_json::json!("two"));
        assert!(
            wrong
                .unwrap_err()
                .contains("remediation option `indentation`")
        );
    }

    #[test]
    fn unknown_platform_lists_supported() {
        let e = remediate("cisco_ioz", "", "", &RemediationOptions::default())
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("cisco_ioz") && e.contains("juniper_junos"),
            "{e}"
        );
    }

    #[test]
    fn duplicate_top_level_line_is_an_error_naming_the_line() {
        let e = remediate("generic", "a\n b\na\n", "", &RemediationOptions::default())
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 3"), "{e}");
    }

    #[test]
    fn brace_config_converts_to_set_commands() {
        let text = "system {\n    host-name r1;\n    services {\n        ssh;\n    }\n}\nset snmp community x\n";
        assert_eq!(
            to_set_commands(text),
            "set system host-name r1\nset system services ssh\nset snmp community x"
        );
    }

    #[test]
    fn bad_regex_in_options_is_an_error() {
        let mut o = RemediationOptions::default();
        o.per_line_sub.push(Substitution {
            search: "(".into(),
            replace: String::new(),
        });
        assert!(remediate("generic", "", "", &o).is_err());
    }
}
