//! Remediation options: everything that varies per platform, as serde data so the host can
//! set or override it from `aurum.toml` or a Golden Config remediation setting. Field names
//! follow hier_config's driver rules.

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
    pub(crate) fn items(&self) -> Vec<String> {
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
    /// `undo` prefix; descriptions, aliases, remarks and SNMP communities are undone by their
    /// keyword alone (Huawei VRP).
    Huawei,
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
    /// AOS-CX: `vlan trunk allowed 10,20-22` → one line per VLAN.
    SplitTrunkAllowed,
    /// FastIron: drop `stack` sections, split `vlan N name X` headers, expand `ethe A to B`
    /// port lists in VLANs and LAGs.
    Fastiron,
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
    /// The exit command of sections no `sectional_exiting` rule covers (`exit`; `quit` on VRP).
    pub default_sectional_exit: String,
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
            default_sectional_exit: "exit".into(),
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
