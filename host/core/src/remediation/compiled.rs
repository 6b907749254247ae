//! Remediation options with every regex compiled once, shared by all devices of a platform.

use super::line_filter::LineSet;
use super::options::{Lineage, MatchRule, OneOrMany, RemediationOptions, Substitution};
use crate::error::CoreError;
use regex::{Regex, RegexSet};

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
    /// The same patterns as a hand-walked DFA, asked first (see [`LineSet`]).
    pub per_line_dfa: Option<LineSet>,
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
    let per_line_dfa = match per_line_sub.is_empty() {
        true => None,
        false => LineSet::new(
            &o.per_line_sub
                .iter()
                .map(|s| s.search.as_str())
                .collect::<Vec<_>>(),
        ),
    };
    Ok(Compiled {
        per_line_dfa,
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
