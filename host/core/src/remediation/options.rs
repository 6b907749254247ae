//! Remediation options: everything that varies per platform, as serde data so the host can
//! set or override it from `aurum.toml` or a Golden Config remediation setting. Field names
//! follow hier_config's driver rules.

use crate::error::CoreError;
use regex::{Regex, RegexSet};
use serde::{Deserialize, Serialize};

/// One string or a list of strings (hier_config accepts both).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    /// A single string.
    One(String),
    /// Any of several strings.
    Many(Vec<String>),
}

impl OneOrMany {
    fn items(&self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s.clone()],
            OneOrMany::Many(v) => v.clone(),
        }
    }
}

/// Matches one line of a lineage (all given conditions must hold).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MatchRule {
    /// Exact text (or any of a set).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub equals: Option<OneOrMany>,
    /// Text prefix (or any of several).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub startswith: Option<OneOrMany>,
    /// Text suffix (or any of several).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endswith: Option<OneOrMany>,
    /// Substring (or any of several).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contains: Option<OneOrMany>,
    /// Regex searched anywhere in the text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub re_search: Option<String>,
}

/// A lineage: one [`MatchRule`] per depth, outermost first.
pub type Lineage = Vec<MatchRule>;

/// Replace the negation of matching lines with a fixed command.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NegateWith {
    /// Where the rule applies.
    pub match_rules: Lineage,
    /// The command used instead of `no <line>`.
    #[serde(rename = "use")]
    pub use_: String,
}

/// Negate matching lines with a regex substitution over `<negation prefix><line>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NegationSub {
    /// Where the rule applies.
    pub match_rules: Lineage,
    /// Regex.
    pub search: String,
    /// Replacement (`$1` refers to groups).
    pub replace: String,
}

/// A sub-section's closing command, removed when loading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionalExit {
    /// Where the rule applies.
    pub match_rules: Lineage,
    /// e.g. `exit-address-family`; empty for none.
    pub exit_text: String,
    /// The exit command is printed at the parent's indentation.
    #[serde(default)]
    pub exit_text_parent_level: bool,
}

/// Order weight of matching remediation lines (default 0; lower first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ordering {
    /// Where the rule applies.
    pub match_rules: Lineage,
    /// The weight.
    pub weight: i32,
}

/// A regex substitution over lines (or the whole text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Substitution {
    /// Regex.
    pub search: String,
    /// Replacement (`$1` refers to groups).
    pub replace: String,
}

/// Lines between a start and end expression are indented one extra level when loading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndentAdjust {
    /// Regex that opens the block.
    pub start_expression: String,
    /// Lines matching this regex never open a block (stands in for a negative lookahead).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_unless: Option<String>,
    /// Regex that closes it.
    pub end_expression: String,
}

/// Adds tags to remediation lines matching a lineage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TagRule {
    /// Where the rule applies.
    pub match_rules: Lineage,
    /// Tags to add.
    pub apply_tags: Vec<String>,
}

/// How a line is negated when no rule says otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum NegationStyle {
    /// Toggle the negation prefix (`no x` ↔ `x`).
    #[default]
    Prefix,
    /// `set x` ↔ `delete x` (JunOS, VyOS); `strict` errors on other lines.
    SetDelete {
        /// Error on lines that are neither.
        strict: bool,
    },
    /// `set k v` → `unset k`, `unset k` → `set k` (FortiOS).
    Unset,
}

/// Text preprocessing before loading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Preprocess {
    /// None.
    #[default]
    None,
    /// Convert JunOS/VyOS brace configs to `set` commands.
    BraceToSet,
}

/// Built-in fix-ups run after loading (hier_config's post-load callbacks).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PostLoad {
    /// IOS ACLs: drop IPv6 `sequence N`, drop IPv4 remarks, number IPv4 entries 10, 20, ….
    IosAcls,
    /// `vlan 10,20-22` → `vlan 10`, `vlan 20`, ….
    SplitVlanLists,
    /// IOS-XR: `!` comment lines removed.
    XrComments,
    /// ProCurve: expand port ranges in `aaa port-access`, device profiles and VLAN membership.
    Procurve,
}

/// Platform-specific logic that is code rather than data in hier_config.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Special {
    /// FortiOS: `set k v` is idempotent with any `set k …`.
    FortiosSetKey,
    /// IOS-XR: ACL entries with the same sequence number replace each other.
    XrAclSequence,
    /// ProCurve: `aaa port-access`/`radius-server`/`tacacs-server` idempotency and negation.
    ProcurveAaa,
}

/// All remediation options of a platform. Start from [`RemediationOptions::for_platform`] and
/// override fields; unknown keys are rejected when deserialising.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RemediationOptions {
    /// Spaces per depth level in the output.
    pub indentation: usize,
    /// Prefix that negates a command (`no `, `undo `, `delete `, `unset `).
    pub negation_prefix: String,
    /// Prefix that declares a command (`set ` on JunOS, VyOS, FortiOS).
    pub declaration_prefix: String,
    /// How lines are negated by default.
    pub negation_style: NegationStyle,
    /// Preprocessing of the text.
    pub preprocess: Preprocess,
    /// Substitutions over the whole text before loading.
    pub full_text_sub: Vec<Substitution>,
    /// Substitutions over each line while loading (a line emptied this way is dropped).
    pub per_line_sub: Vec<Substitution>,
    /// Extra indentation blocks while loading.
    pub indent_adjust: Vec<IndentAdjust>,
    /// Sectional exit commands.
    pub sectional_exiting: Vec<SectionalExit>,
    /// Commands that replace their previous value (no negation needed).
    pub idempotent_commands: Vec<Lineage>,
    /// Exceptions to `idempotent_commands`.
    pub idempotent_commands_avoid: Vec<Lineage>,
    /// Negate with a fixed command.
    pub negate_with: Vec<NegateWith>,
    /// Negate with `default <line>`.
    pub negation_default_when: Vec<Lineage>,
    /// Negate with a regex substitution.
    pub negation_sub: Vec<NegationSub>,
    /// Sections replaced wholesale (negate, then re-create) when they differ.
    pub sectional_overwrite: Vec<Lineage>,
    /// Sections replaced wholesale without negating them first.
    pub sectional_overwrite_no_negate: Vec<Lineage>,
    /// Sections whose children may repeat.
    pub parent_allows_duplicate_child: Vec<Lineage>,
    /// Order weights.
    pub ordering: Vec<Ordering>,
    /// Fix-ups after loading.
    pub post_load: Vec<PostLoad>,
    /// Platform-specific logic.
    pub special: Vec<Special>,
    /// Tags applied to remediation lines.
    pub tag_rules: Vec<TagRule>,
    /// Only output lines carrying one of these tags (all lines when empty).
    pub include_tags: Vec<String>,
    /// Never output lines carrying one of these tags.
    pub exclude_tags: Vec<String>,
}

impl Default for RemediationOptions {
    fn default() -> Self {
        RemediationOptions {
            indentation: 2,
            negation_prefix: "no ".into(),
            declaration_prefix: String::new(),
            negation_style: NegationStyle::Prefix,
            preprocess: Preprocess::None,
            full_text_sub: Vec::new(),
            per_line_sub: Vec::new(),
            indent_adjust: Vec::new(),
            sectional_exiting: Vec::new(),
            idempotent_commands: Vec::new(),
            idempotent_commands_avoid: Vec::new(),
            negate_with: Vec::new(),
            negation_default_when: Vec::new(),
            negation_sub: Vec::new(),
            sectional_overwrite: Vec::new(),
            sectional_overwrite_no_negate: Vec::new(),
            parent_allows_duplicate_child: Vec::new(),
            ordering: Vec::new(),
            post_load: Vec::new(),
            special: Vec::new(),
            tag_rules: Vec::new(),
            include_tags: Vec::new(),
            exclude_tags: Vec::new(),
        }
    }
}

/// A compiled [`MatchRule`].
#[derive(Debug, Clone)]
pub(crate) struct Cm {
    pub equals: Option<Vec<String>>,
    pub equals_is_set: bool,
    pub startswith: Option<Vec<String>>,
    pub endswith: Option<Vec<String>>,
    pub contains: Option<Vec<String>>,
    pub re_search: Option<(String, Regex)>,
}

impl Cm {
    pub fn is_match(&self, text: &str) -> bool {
        self.equals
            .as_ref()
            .is_none_or(|eq| eq.iter().any(|e| e == text))
            && self
                .startswith
                .as_ref()
                .is_none_or(|p| p.iter().any(|p| text.starts_with(p.as_str())))
            && self
                .re_search
                .as_ref()
                .is_none_or(|(_, r)| r.is_match(text))
            && self
                .endswith
                .as_ref()
                .is_none_or(|p| p.iter().any(|p| text.ends_with(p.as_str())))
            && self
                .contains
                .as_ref()
                .is_none_or(|p| p.iter().any(|p| text.contains(p.as_str())))
    }
}

/// A compiled lineage.
pub(crate) type Cl = Vec<Cm>;

/// Options with every regex compiled once.
#[derive(Debug, Clone)]
pub(crate) struct Compiled {
    pub o: RemediationOptions,
    pub full_text_sub: Vec<(Regex, String)>,
    pub per_line_sub: Vec<(Regex, String)>,
    pub per_line_set: Option<RegexSet>,
    pub indent_adjust: Vec<(Regex, Option<Regex>, Regex)>,
    pub sectional_exiting: Vec<(Cl, String, bool)>,
    pub idempotent: Vec<Cl>,
    pub idempotent_avoid: Vec<Cl>,
    pub negate_with: Vec<(Cl, String)>,
    pub negation_default_when: Vec<Cl>,
    pub negation_sub: Vec<(Cl, Regex, String)>,
    pub overwrite: Vec<Cl>,
    pub overwrite_no_negate: Vec<Cl>,
    pub dup_allowed: Vec<Cl>,
    pub ordering: Vec<(Cl, i32)>,
    pub tag_rules: Vec<(Cl, Vec<String>)>,
}

pub(crate) fn compile(platform: &str, o: &RemediationOptions) -> Result<Compiled, CoreError> {
    let re = |what: &str, p: &str| {
        Regex::new(p).map_err(|e| CoreError::Remediation {
            platform: platform.to_string(),
            reason: format!("{what} regex `{p}` does not compile: {e}"),
        })
    };
    let cm = |m: &MatchRule| -> Result<Cm, CoreError> {
        Ok(Cm {
            equals_is_set: matches!(m.equals, Some(OneOrMany::Many(_))),
            equals: m.equals.as_ref().map(OneOrMany::items),
            startswith: m.startswith.as_ref().map(OneOrMany::items),
            endswith: m.endswith.as_ref().map(OneOrMany::items),
            contains: m.contains.as_ref().map(OneOrMany::items),
            re_search: match &m.re_search {
                Some(p) => Some((p.clone(), re("match rule re_search", p)?)),
                None => None,
            },
        })
    };
    let cl = |l: &Lineage| -> Result<Cl, CoreError> {
        if l.is_empty() {
            return Err(CoreError::Remediation {
                platform: platform.to_string(),
                reason: "a rule has empty match_rules; give at least one".into(),
            });
        }
        l.iter().map(cm).collect()
    };
    let subs = |v: &[Substitution], what: &str| -> Result<Vec<(Regex, String)>, CoreError> {
        v.iter()
            .map(|s| Ok((re(what, &s.search)?, s.replace.clone())))
            .collect()
    };
    let per_line_sub = subs(&o.per_line_sub, "per_line_sub")?;
    let per_line_set = if per_line_sub.is_empty() {
        None
    } else {
        Some(
            RegexSet::new(o.per_line_sub.iter().map(|s| s.search.as_str())).map_err(|e| {
                CoreError::Remediation {
                    platform: platform.into(),
                    reason: e.to_string(),
                }
            })?,
        )
    };
    Ok(Compiled {
        full_text_sub: subs(&o.full_text_sub, "full_text_sub")?,
        per_line_sub,
        per_line_set,
        indent_adjust: o
            .indent_adjust
            .iter()
            .map(|r| {
                Ok((
                    re("indent_adjust start", &r.start_expression)?,
                    r.start_unless
                        .as_deref()
                        .map(|u| re("indent_adjust unless", u))
                        .transpose()?,
                    re("indent_adjust end", &r.end_expression)?,
                ))
            })
            .collect::<Result<_, CoreError>>()?,
        sectional_exiting: o
            .sectional_exiting
            .iter()
            .map(|r| {
                Ok((
                    cl(&r.match_rules)?,
                    r.exit_text.clone(),
                    r.exit_text_parent_level,
                ))
            })
            .collect::<Result<_, CoreError>>()?,
        idempotent: o
            .idempotent_commands
            .iter()
            .map(cl)
            .collect::<Result<_, _>>()?,
        idempotent_avoid: o
            .idempotent_commands_avoid
            .iter()
            .map(cl)
            .collect::<Result<_, _>>()?,
        negate_with: o
            .negate_with
            .iter()
            .map(|r| Ok((cl(&r.match_rules)?, r.use_.clone())))
            .collect::<Result<_, CoreError>>()?,
        negation_default_when: o
            .negation_default_when
            .iter()
            .map(cl)
            .collect::<Result<_, _>>()?,
        negation_sub: o
            .negation_sub
            .iter()
            .map(|r| {
                Ok((
                    cl(&r.match_rules)?,
                    re("negation_sub", &r.search)?,
                    r.replace.clone(),
                ))
            })
            .collect::<Result<_, CoreError>>()?,
        overwrite: o
            .sectional_overwrite
            .iter()
            .map(cl)
            .collect::<Result<_, _>>()?,
        overwrite_no_negate: o
            .sectional_overwrite_no_negate
            .iter()
            .map(cl)
            .collect::<Result<_, _>>()?,
        dup_allowed: o
            .parent_allows_duplicate_child
            .iter()
            .map(cl)
            .collect::<Result<_, _>>()?,
        ordering: o
            .ordering
            .iter()
            .map(|r| Ok((cl(&r.match_rules)?, r.weight)))
            .collect::<Result<_, CoreError>>()?,
        tag_rules: o
            .tag_rules
            .iter()
            .map(|r| Ok((cl(&r.match_rules)?, r.apply_tags.clone())))
            .collect::<Result<_, CoreError>>()?,
        o: o.clone(),
    })
}
