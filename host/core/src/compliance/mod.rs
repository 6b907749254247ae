//! Per-feature compliance: for each rule, extract the feature's section from the actual and
//! intended configs (each parsed once) and compare them with the rule's config type.
//!
//! `cli` follows netutils' `compliance()` exactly, field for field; `json` compares documents
//! structurally; `custom` asks a [`CustomCompliance`] hook the host supplies (plugins).

mod cli;
mod json;
mod section;
mod xml;

pub use json::compare_documents;
pub use section::{Blocks, NotParsed, assign, not_parsed, section_of_blocks, section_text};

use crate::dialect::Dialect;
use crate::error::CoreError;
use crate::rules::{ConfigType, Rule};
use crate::tree::ConfigTree;
use serde::Serialize;
use serde::ser::SerializeMap;

/// The result for one feature, serialised with exactly netutils' keys (the feature name is
/// the key of the enclosing map; see [`Report`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FeatureResult {
    /// Feature name (not serialised: it is the map key).
    #[serde(skip)]
    pub feature: String,
    /// Compliant under the rule's ordering.
    pub compliant: bool,
    /// Intended lines absent from actual, with their parents, newline-separated.
    pub missing: String,
    /// Actual lines absent from intended, with their parents.
    pub extra: String,
    /// Always true (netutils' field; kept for compatibility).
    pub cannot_parse: bool,
    /// Same lines regardless of order.
    pub unordered_compliant: bool,
    /// Byte-identical sections.
    pub ordered_compliant: bool,
    /// The actual section.
    pub actual: String,
    /// The intended section.
    pub intended: String,
}

/// Serialises results as netutils does: a map from feature name to result, in rule order.
pub struct Report<'r>(pub &'r [FeatureResult]);

impl Serialize for Report<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for r in self.0 {
            m.serialize_entry(&r.feature, r)?;
        }
        m.end()
    }
}

/// What a custom compliance hook decides for one feature.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CustomVerdict {
    /// Compliant or not.
    pub compliant: bool,
    /// Free-form description of what is missing.
    pub missing: String,
    /// Free-form description of what is extra.
    pub extra: String,
}

/// A custom compliance function, supplied by the host (e.g. a WASM or Rhai plugin). Called
/// with the feature's section texts (the whole configs when the rule selects nothing).
pub trait CustomCompliance: Send + Sync {
    /// Decides compliance of one feature; an `Err` message is reported with the feature name.
    fn check(&self, feature: &str, actual: &str, intended: &str) -> Result<CustomVerdict, String>;
}

/// Checks every rule against the two configs of one device. `custom` rules fail with a clear
/// error here; use [`check_with`] to supply a hook.
pub fn check(
    network_os: &str,
    rules: &[Rule],
    actual: &str,
    intended: &str,
) -> Result<Vec<FeatureResult>, CoreError> {
    check_with(network_os, rules, actual, intended, None)
}

/// How much of each [`FeatureResult`] the caller reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Detail {
    /// Every field, the feature's sections included (netutils' report).
    #[default]
    Full,
    /// Verdicts, `missing` and `extra` only: `actual` and `intended` are left empty. A text
    /// report never prints the sections, and two identical configs then need one parse and
    /// no section at all.
    Findings,
}

/// [`check`] with an optional hook for `custom` rules.
pub fn check_with(
    network_os: &str,
    rules: &[Rule],
    actual: &str,
    intended: &str,
    custom: Option<&dyn CustomCompliance>,
) -> Result<Vec<FeatureResult>, CoreError> {
    check_with_detail(network_os, rules, actual, intended, custom, Detail::Full)
}

/// [`check_with`], building only the fields `detail` asks for.
pub fn check_with_detail(
    network_os: &str,
    rules: &[Rule],
    actual: &str,
    intended: &str,
    custom: Option<&dyn CustomCompliance>,
    detail: Detail,
) -> Result<Vec<FeatureResult>, CoreError> {
    let dialect = Dialect::from_name(network_os)?;
    let needs_tree = rules.iter().any(|r| {
        matches!(r.config_type, ConfigType::Cli | ConfigType::Custom) && !r.whole_config()
    });
    if actual == intended && rules.iter().all(|r| r.config_type == ConfigType::Cli) {
        return check_identical(dialect, rules, actual, needs_tree, detail);
    }
    let trees = if needs_tree {
        let a = ConfigTree::parse(dialect, actual)?;
        let i = ConfigTree::parse(dialect, intended)?;
        let (ab, ib) = (Blocks::new(&a), Blocks::new(&i));
        let (asel, isel) = (assign(&a, &ab, rules), assign(&i, &ib, rules));
        Some((a, ab, asel, i, ib, isel))
    } else {
        None
    };
    let mut out = Vec::with_capacity(rules.len());
    for (n, rule) in rules.iter().enumerate() {
        let sections = || match &trees {
            Some((a, ab, asel, i, ib, isel)) if !rule.whole_config() => (
                rule.mask(section_of_blocks(a, ab, &asel[n])),
                rule.mask(section_of_blocks(i, ib, &isel[n])),
            ),
            _ => (
                rule.mask(actual.to_string()),
                rule.mask(intended.to_string()),
            ),
        };
        let mut result = match rule.config_type {
            ConfigType::Cli => {
                let (a, i) = sections();
                let fast = || {
                    let (at, ab, asel, it, ib, isel) = trees.as_ref()?;
                    if rule.has_ignore() || rule.whole_config() {
                        return None;
                    }
                    let ar: Vec<_> = asel[n].iter().map(|b| ab.range(*b)).collect();
                    let ir: Vec<_> = isel[n].iter().map(|b| ib.range(*b)).collect();
                    if !cli::subset_is_exact(at, &ar) || !cli::subset_is_exact(it, &ir) {
                        return None;
                    }
                    Some(cli::diff_subsets((at, &ar), (it, &ir)))
                };
                cli::compare(dialect, rule.ordered, a, i, fast)?
            }
            ConfigType::Json => json::compare(rule, actual, intended)?,
            ConfigType::Xml => xml::compare(rule, actual, intended)?,
            ConfigType::Custom => {
                let (a, i) = sections();
                custom_compare(rule, custom, a, i)?
            }
        };
        result.feature = rule.feature.clone();
        if detail == Detail::Findings {
            result.actual = String::new();
            result.intended = String::new();
        }
        out.push(result);
    }
    Ok(out)
}

/// `cli` rules over two identical configs: one parse instead of two, each section built once,
/// and every feature compliant (equal sections are compliant in netutils without a diff, see
/// [`cli::compare`]). A malformed config is still the same error as on the general path.
fn check_identical(
    dialect: Dialect,
    rules: &[Rule],
    config: &str,
    needs_tree: bool,
    detail: Detail,
) -> Result<Vec<FeatureResult>, CoreError> {
    if detail == Detail::Findings {
        if needs_tree {
            // Parsed only for its errors: a malformed config fails as on the general path.
            ConfigTree::validate(dialect, config)?;
        }
        return Ok(rules
            .iter()
            .map(|rule| compliant(rule, String::new()))
            .collect());
    }
    let tree = if needs_tree {
        let tree = ConfigTree::parse(dialect, config)?;
        let blocks = Blocks::new(&tree);
        let selected = assign(&tree, &blocks, rules);
        Some((tree, blocks, selected))
    } else {
        None
    };
    Ok(rules
        .iter()
        .enumerate()
        .map(|(n, rule)| {
            let section = match &tree {
                Some((tree, blocks, selected)) if !rule.whole_config() => {
                    rule.mask(section_of_blocks(tree, blocks, &selected[n]))
                }
                _ => rule.mask(config.to_string()),
            };
            compliant(rule, section)
        })
        .collect())
}

/// A compliant feature whose two sections are `section`.
fn compliant(rule: &Rule, section: String) -> FeatureResult {
    FeatureResult {
        feature: rule.feature.clone(),
        compliant: true,
        missing: String::new(),
        extra: String::new(),
        cannot_parse: true,
        unordered_compliant: true,
        ordered_compliant: true,
        intended: section.clone(),
        actual: section,
    }
}

fn custom_compare(
    rule: &Rule,
    hook: Option<&dyn CustomCompliance>,
    actual: String,
    intended: String,
) -> Result<FeatureResult, CoreError> {
    let hook = hook.ok_or_else(|| CoreError::Custom {
        feature: rule.feature.clone(),
        reason: "no custom compliance hook is registered; configure a `compliance` plugin for this feature".into(),
    })?;
    let v = hook
        .check(&rule.feature, &actual, &intended)
        .map_err(|reason| CoreError::Custom {
            feature: rule.feature.clone(),
            reason,
        })?;
    Ok(FeatureResult {
        feature: rule.feature.clone(),
        compliant: v.compliant,
        missing: v.missing,
        extra: v.extra,
        cannot_parse: true,
        unordered_compliant: v.compliant,
        ordered_compliant: v.compliant && actual == intended,
        actual,
        intended,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    struct AlwaysCompliant;
    impl CustomCompliance for AlwaysCompliant {
        fn check(&self, _: &str, a: &str, _: &str) -> Result<CustomVerdict, String> {
            if a.contains("boom") {
                return Err("hook exploded".into());
            }
            Ok(CustomVerdict {
                compliant: true,
                ..Default::default()
            })
        }
    }

    #[test]
    fn custom_hook_is_used_and_required() {
        let rules = [Rule::cli("ntp", false, &["ntp "]).with_type(ConfigType::Custom)];
        let err = check("cisco_ios", &rules, "ntp server 1", "ntp server 2").unwrap_err();
        assert!(err.to_string().contains("no custom compliance hook"));
        let r = check_with(
            "cisco_ios",
            &rules,
            "ntp server 1",
            "ntp server 2",
            Some(&AlwaysCompliant),
        )
        .unwrap();
        assert!(r[0].compliant && r[0].actual == "ntp server 1");
        let err =
            check_with("cisco_ios", &rules, "ntp boom", "", Some(&AlwaysCompliant)).unwrap_err();
        assert!(err.to_string().contains("hook exploded"));
    }

    #[test]
    fn ignore_masks_hashes_before_comparing() {
        let rules = [Rule::cli("users", true, &["username "])
            .with_ignore(r"secret \d \S+")
            .unwrap()];
        let r = check(
            "cisco_ios",
            &rules,
            "username a secret 9 $x1\n",
            "username a secret 9 $y2\n",
        )
        .unwrap();
        assert!(r[0].compliant, "{r:?}");
        assert_eq!(r[0].actual, "username a <ignored>");
    }

    #[test]
    fn report_serialises_as_netutils_map() {
        let r = check(
            "cisco_ios",
            &[Rule::cli("ntp", false, &["ntp "])],
            "ntp server 1",
            "ntp server 1",
        )
        .unwrap();
        let v = serde_json::to_value(Report(&r)).unwrap();
        let keys: Vec<&str> = v["ntp"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys.len(), 8);
        assert!(v["ntp"]["compliant"].as_bool().unwrap());
    }

    #[test]
    fn reparented_duplicates_fall_back_to_reparsing_the_section() {
        // `#` repeats at the top level, so IOS re-parents each copy under the line before it;
        // netutils re-parses the section text, where the copies re-parent differently.
        let a = "acl number 2000\n rule 1 permit\n#\nacl number 3000\n rule 5 deny\n#\nntp server 1.1.1.1\n#\n";
        let i = "acl number 2000\n rule 1 permit\n#\nacl number 3000\n rule 6 deny\n#\nntp server 1.1.1.1\n#\n";
        let r = check("cisco_ios", &[Rule::cli("acl", true, &["acl "])], a, i).unwrap();
        assert_eq!(r[0].missing, "acl number 3000\n rule 6 deny\n#");
        assert_eq!(r[0].extra, "acl number 3000\n rule 5 deny\n#");
        assert!(!r[0].compliant && !r[0].unordered_compliant);
    }

    #[test]
    fn identical_configs_give_what_the_general_path_gives() {
        let config = "hostname r1\nntp server 1.1.1.1\ninterface Gi1\n description x\n!\nusername a secret 9 $x\n";
        let rules = [
            Rule::cli("ntp", false, &["ntp "]),
            Rule::cli("interfaces", true, &["interface "]),
            Rule::cli("users", true, &["username "])
                .with_ignore(r"secret \d \S+")
                .unwrap(),
            Rule::cli("all", true, &[]),
            Rule::cli("none", false, &["logging "]),
        ];
        let fast = check("cisco_ios", &rules, config, config).unwrap();
        // The same text through a second buffer with a trailing difference the parser drops.
        let other = format!("{config}\n");
        let general = check("cisco_ios", &rules[..3], config, &other).unwrap();
        assert_eq!(fast[..3], general[..]);
        assert_eq!(fast[2].actual, "username a <ignored>");
        assert_eq!(fast[3].actual, config);
        assert!(fast.iter().all(|r| r.compliant && r.missing.is_empty()));
        let lean = |a: &str, i: &str| {
            check_with_detail("cisco_ios", &rules, a, i, None, Detail::Findings).unwrap()
        };
        for (a, i) in [(config, config), (config, other.as_str())] {
            let full = check("cisco_ios", &rules, a, i).unwrap();
            let stripped: Vec<FeatureResult> = full
                .into_iter()
                .map(|r| FeatureResult {
                    actual: String::new(),
                    intended: String::new(),
                    ..r
                })
                .collect();
            assert_eq!(lean(a, i), stripped);
        }
        let bad = " indented first\n";
        assert!(check_with_detail("cisco_ios", &rules, bad, bad, None, Detail::Findings).is_err());
        assert!(
            check("cisco_ios", &rules, bad, bad)
                .unwrap_err()
                .to_string()
                .contains("line 1")
        );
    }

    #[test]
    fn malformed_config_is_an_error_naming_the_line() {
        let e = check(
            "cisco_ios",
            &[Rule::cli("x", true, &["x"])],
            " indented first\nfoo",
            "",
        )
        .unwrap_err();
        assert!(e.to_string().contains("line 1"), "{e}");
    }
}
