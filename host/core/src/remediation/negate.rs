//! Negation of a remediation line: fixed commands, `default`, regex substitution, then the
//! platform's own style (`no`, `undo`, `set`/`delete`, `set`/`unset`).

use super::htree::{HTree, Id, ROOT};
use super::options::{NegationStyle, Special};
use super::procurve::procurve_negate_with;
use regex::Regex;
use std::sync::LazyLock;

type Res<T> = Result<T, String>;

/// hier_config's `negate`: `negate_with`, `default`, `negation_sub`, then the platform's swap.
pub(crate) fn negate(t: &mut HTree<'_, '_>, n: Id) -> Res<()> {
    if let Some(w) = negate_with(t, n) {
        t.set_text(n, w);
        return Ok(());
    }
    let o = t.o;
    let prefix = o.o.negation_prefix.as_str();
    if o.negation_default_when
        .iter()
        .any(|l| t.lineage_match(n, l))
    {
        let s = format!(
            "default {}",
            t.text(n).strip_prefix(prefix).unwrap_or(t.text(n))
        );
        t.set_text(n, s);
        return Ok(());
    }
    for (l, re, rep) in &o.negation_sub {
        if t.lineage_match(n, l) {
            let s = re
                .replace_all(&format!("{prefix}{}", t.text(n)), rep.as_str())
                .into_owned();
            t.set_text(n, s);
            return Ok(());
        }
    }
    let text = t.text(n).to_string();
    let decl = o.o.declaration_prefix.as_str();
    let new = match o.o.negation_style {
        NegationStyle::Prefix => match text.strip_prefix(prefix) {
            Some(rest) => rest.to_string(),
            None => format!("{prefix}{text}"),
        },
        NegationStyle::SetDelete { strict } => {
            if let Some(rest) = text.strip_prefix(prefix) {
                format!("{decl}{rest}")
            } else if let Some(rest) = text.strip_prefix(decl) {
                format!("{prefix}{rest}")
            } else if strict {
                return Err(format!(
                    "cannot negate `{text}`: it starts with neither `{prefix}` nor `{decl}`"
                ));
            } else {
                text
            }
        }
        NegationStyle::Huawei => match text.strip_prefix(prefix) {
            Some(rest) => rest.to_string(),
            None => format!("{prefix}{}", huawei_undo_target(&text)),
        },
        NegationStyle::Unset => {
            if let Some(rest) = text.strip_prefix(prefix) {
                format!("{decl}{rest}")
            } else if let Some(rest) = text.strip_prefix(decl) {
                format!("{prefix}{}", rest.split_whitespace().next().unwrap_or(""))
            } else {
                text
            }
        }
    };
    t.set_text(n, new);
    Ok(())
}

fn negate_with(t: &HTree<'_, '_>, n: Id) -> Option<String> {
    for (l, use_) in &t.o.negate_with {
        if t.lineage_match(n, l) {
            return Some(use_.clone());
        }
    }
    if t.o.o.special.contains(&Special::ProcurveAaa) && t.parent(n) == ROOT {
        return procurve_negate_with(t.text(n));
    }
    None
}

static HUAWEI_REMARK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(.*?remark) .*").expect("static regex"));
static HUAWEI_COMMUNITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(snmp-agent community (?:read |write )?(?:cipher )?\S+).*").expect("static regex")
});

/// What follows `undo` on Huawei VRP: free-text values are dropped.
fn huawei_undo_target(text: &str) -> String {
    if text.starts_with("description ") {
        "description".into()
    } else if text.starts_with("alias ") {
        "alias".into()
    } else if text.contains(" remark ") || text.starts_with("remark ") {
        HUAWEI_REMARK.replace(text, "$1").into_owned()
    } else if text.starts_with("snmp-agent community ") {
        HUAWEI_COMMUNITY.replace(text, "$1").into_owned()
    } else {
        text.to_string()
    }
}
