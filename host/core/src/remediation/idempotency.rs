//! Idempotent commands: a running line that a differing intended line replaces on the device
//! needs no negation (hier_config's idempotency keys).

use super::compiled::Cm;
use super::htree::{HTree, Id, ROOT};
use super::options::Special;
use super::procurve::procurve_idempotent;

pub(crate) fn is_idempotent_command(
    t: &HTree<'_, '_>,
    n: Id,
    others_tree: &HTree<'_, '_>,
    others: &[Id],
) -> bool {
    if t.o.idempotent_avoid.iter().any(|l| t.lineage_match(n, l)) {
        return false;
    }
    idempotent_for(t, n, others_tree, others)
}

fn idempotent_for(t: &HTree<'_, '_>, n: Id, ot: &HTree<'_, '_>, others: &[Id]) -> bool {
    let o = t.o;
    let text = t.text(n);
    if o.o.special.contains(&Special::FortiosSetKey) {
        let decl = o.o.declaration_prefix.as_str();
        if text.starts_with(decl) {
            let key = text.split_whitespace().nth(1);
            if others.iter().any(|c| {
                ot.text(*c).starts_with(decl) && ot.text(*c).split_whitespace().nth(1) == key
            }) {
                return true;
            }
        }
    }
    if o.o.special.contains(&Special::XrAclSequence) && t.parent(n) != ROOT {
        let p = t.text(t.parent(n));
        if p.starts_with("ipv4 access-list ") || p.starts_with("ipv6 access-list ") {
            let sn = text.split(' ').next();
            if others.iter().any(|c| ot.text(*c).split(' ').next() == sn) {
                return true;
            }
        }
    }
    for l in &o.idempotent {
        if !t.lineage_match(n, l) {
            continue;
        }
        let key = idempotency_key(t, n, l);
        if others
            .iter()
            .any(|c| ot.lineage_match(*c, l) && idempotency_key(ot, *c, l) == key)
        {
            return true;
        }
    }
    if o.o.special.contains(&Special::ProcurveAaa) && t.parent(n) == ROOT {
        return procurve_idempotent(text, others.iter().map(|c| ot.text(*c)));
    }
    false
}

fn idempotency_key(t: &HTree<'_, '_>, n: Id, rules: &[Cm]) -> Vec<String> {
    let mut lineage = Vec::new();
    let mut cur = n;
    while cur != ROOT {
        lineage.push(cur);
        cur = t.parent(cur);
    }
    lineage.reverse();
    if lineage.len() != rules.len() {
        return Vec::new();
    }
    let prefix = t.o.o.negation_prefix.as_str();
    lineage
        .iter()
        .zip(rules)
        .map(|(id, rule)| {
            let text = t.text(*id);
            let norm = text.strip_prefix(prefix).unwrap_or(text);
            let mut parts: Vec<String> = Vec::new();
            if let Some(eq) = &rule.equals {
                parts.push(format!(
                    "equals|{}",
                    if rule.equals_is_set {
                        text
                    } else {
                        eq[0].as_str()
                    }
                ));
            }
            let longest =
                |cands: &Option<Vec<String>>, test: &dyn Fn(&str) -> bool| -> Option<String> {
                    cands.as_ref().and_then(|c| {
                        let mut best: Option<&String> = None;
                        for x in c.iter().filter(|x| test(x)) {
                            if best.is_none_or(|b| x.len() > b.len()) {
                                best = Some(x);
                            }
                        }
                        best.cloned()
                    })
                };
            if let Some(m) = longest(&rule.startswith, &|x| norm.starts_with(x)) {
                parts.push(format!("startswith|{m}"));
            }
            if let Some(m) = longest(&rule.endswith, &|x| norm.ends_with(x)) {
                parts.push(format!("endswith|{m}"));
            }
            if let Some(m) = longest(&rule.contains, &|x| norm.contains(x)) {
                parts.push(format!("contains|{m}"));
            }
            if let Some((pattern, re)) = &rule.re_search {
                let (caps, src) = match re.captures(norm) {
                    Some(c) => (Some(c), norm),
                    None => (re.captures(text), text),
                };
                if let Some(c) = caps {
                    parts.push(format!("re|{}", regex_key(pattern, re, src, &c)));
                }
            }
            if parts.is_empty() {
                parts.push(format!("text|{norm}"));
            }
            parts.join(";")
        })
        .collect()
}

/// hier_config's `_normalize_regex_key`: capture groups if any are non-empty, else the match
/// of the pattern without a trailing `.*`/`.+`, else the whole match.
fn regex_key(pattern: &str, re: &regex::Regex, value: &str, c: &regex::Captures<'_>) -> String {
    let whole = c.get(0).map_or("", |m| m.as_str());
    if re.captures_len() > 1 {
        let groups: Vec<&str> = (1..re.captures_len())
            .map(|i| c.get(i).map_or("", |m| m.as_str()))
            .collect();
        if groups.iter().any(|g| !g.is_empty()) {
            let norm: Vec<&str> = groups.iter().map(|g| crate::text::strip(g)).collect();
            if norm.iter().any(|g| !g.is_empty()) {
                return norm.join("|");
            }
        }
    }
    let trimmed = pattern.trim_end_matches('$');
    for suffix in [".*", ".+"] {
        if let Some(cand) = trimmed.strip_suffix(suffix) {
            if cand.is_empty() {
                break;
            }
            if let Ok(r) = regex::Regex::new(cand)
                && let Some(m) = r.find(value)
            {
                let s = crate::text::strip(m.as_str());
                if !s.is_empty() {
                    return s.to_string();
                }
            }
            break;
        }
    }
    crate::text::strip(whole).to_string()
}
