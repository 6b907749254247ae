//! The remediation algorithm (hier_config's `config_to_get_to`): negate what running has and
//! intended lacks, add what intended has and running lacks, recurse into shared sections.

use super::htree::{HTree, Id, ROOT};
use super::options::{Cm, NegationStyle, Special};
use std::sync::LazyLock;

type Res<T> = Result<T, String>;

/// Fills `delta` (node `d`) with the commands that turn `run` (node `r`) into `tgt` (node `g`).
pub(crate) fn config_to_get_to<'a>(
    run: &HTree<'a, '_>,
    r: Id,
    tgt: &HTree<'a, '_>,
    g: Id,
    delta: &mut HTree<'a, '_>,
    d: Id,
) -> Res<()> {
    // left: negations
    for &sc in run.children(r) {
        let text = run.text(sc);
        if tgt.get_hashed(g, text, run.nodes[sc as usize].h).is_some() {
            continue;
        }
        if is_idempotent_command(run, sc, tgt, tgt.children(g)) {
            continue;
        }
        let n = delta.add_child(d, run.nodes[sc as usize].text.clone(), false, true)?;
        negate(delta, n)?;
    }
    // right: additions and recursion
    for &tc in tgt.children(g) {
        let text = tgt.text(tc);
        let h = tgt.nodes[tc as usize].h;
        if let Some(sc) = run.get_hashed(r, text, h) {
            if run.o.overwrite.iter().any(|l| run.lineage_match(sc, l)) {
                overwrite_with(run, sc, tgt, tc, delta, d, true)?;
                continue;
            }
            if run
                .o
                .overwrite_no_negate
                .iter()
                .any(|l| run.lineage_match(sc, l))
            {
                overwrite_with(run, sc, tgt, tc, delta, d, false)?;
                continue;
            }
            let sub = delta.instantiate_hashed(d, tgt.nodes[tc as usize].text.clone(), Some(h));
            config_to_get_to(run, sc, tgt, tc, delta, sub)?;
            if !delta.children(sub).is_empty() {
                delta.append(d, sub, true);
            } else if delta.nodes.len() == sub as usize + 1 {
                // Nothing to do in this section: reclaim the detached node.
                delta.nodes.pop();
            }
        } else {
            if delta.get_hashed(d, text, h).is_some() {
                continue;
            }
            delta.add_deep_copy_of(d, tgt, tc)?;
        }
    }
    Ok(())
}

fn overwrite_with<'a>(
    run: &HTree<'a, '_>,
    sc: Id,
    tgt: &HTree<'a, '_>,
    tc: Id,
    delta: &mut HTree<'a, '_>,
    d: Id,
    negate_first: bool,
) -> Res<()> {
    if run.children_eq(sc, tgt, tc) {
        return Ok(());
    }
    if negate_first {
        let n = match delta.get(d, run.text(sc)) {
            Some(n) => n,
            None => {
                let n = delta.instantiate(d, run.nodes[sc as usize].text.clone());
                delta.append(d, n, true);
                n
            }
        };
        negate(delta, n)?;
    } else {
        let t = run.text(sc).to_string();
        delta.delete_text(d, &t);
    }
    if !run.children(sc).is_empty() {
        delta.add_deep_copy_of(d, tgt, tc)?;
    }
    Ok(())
}

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

fn is_idempotent_command(
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

static PROCURVE_IDEMPOTENT: LazyLock<Vec<(regex::Regex, usize)>> = LazyLock::new(|| {
    [
        (
            r"^aaa port-access authenticator \S+ (tx-period|supplicant-timeout) \d+$",
            5,
        ),
        (r"^aaa port-access \S+ auth-(priority|order) ", 4),
        (r"^aaa port-access authenticator \S+ client-limit \d+$", 5),
        (
            r"^aaa port-access mac-based \S+ (addr-limit|logoff-period) \d+$",
            5,
        ),
        (r"^aaa port-access \S+ critical-auth user-role ", 5),
        (r"^radius-server host \S+ encrypted-key \S+$", 4),
    ]
    .into_iter()
    .map(|(p, i)| (regex::Regex::new(p).expect("static regex"), i))
    .collect()
});

fn procurve_idempotent<'x>(text: &str, others: impl Iterator<Item = &'x str> + Clone) -> bool {
    for (re, stop) in PROCURVE_IDEMPOTENT.iter() {
        if re.is_match(text) {
            let head = text
                .split_whitespace()
                .take(*stop)
                .collect::<Vec<_>>()
                .join(" ");
            if others.clone().any(|o| o.starts_with(&head)) {
                return true;
            }
        }
    }
    false
}

static PROCURVE_NEGATE: LazyLock<Vec<(regex::Regex, usize, &'static str, &'static str)>> =
    LazyLock::new(|| {
        [
            (
                r"^aaa port-access authenticator \S+ (tx-period|supplicant-timeout) \d+$",
                5,
                "",
                "30",
            ),
            (
                r"^aaa port-access authenticator \S+ client-limit \d+$",
                5,
                "no",
                "",
            ),
            (
                r"^aaa port-access mac-based \S+ addr-limit \d+$",
                5,
                "",
                "1",
            ),
            (
                r"^aaa port-access mac-based \S+ logoff-period \d+$",
                5,
                "",
                "300",
            ),
            (
                r"^aaa port-access \S+ critical-auth user-role ",
                5,
                "no",
                "",
            ),
            (r"^tacacs-server host \S+ ", 3, "no", ""),
            (r"^radius-server host \S+ time-window \d+$", 4, "", "300"),
            (
                r"^radius-server host \S+ time-window plus-or-minus-time-window$",
                4,
                "",
                "positive-time-window",
            ),
            (r"^radius-server host \S+ encrypted-key \S+$", 3, "no", ""),
        ]
        .into_iter()
        .map(|(p, i, a, b)| (regex::Regex::new(p).expect("static regex"), i, a, b))
        .collect()
    });

fn procurve_negate_with(text: &str) -> Option<String> {
    for (re, end, pre, post) in PROCURVE_NEGATE.iter() {
        if re.is_match(text) {
            let mut parts: Vec<&str> = vec![pre];
            parts.extend(text.split_whitespace().take(*end));
            parts.push(post);
            return Some(crate::text::strip(&parts.join(" ")).to_string());
        }
    }
    None
}

/// Sets order weights from the ordering rules (the last matching rule wins).
pub(crate) fn set_order_weight(t: &mut HTree<'_, '_>) {
    for id in t.all_children(ROOT) {
        for (l, w) in &t.o.ordering {
            if t.lineage_match(id, l) {
                t.nodes[id as usize].weight = *w;
            }
        }
    }
}

/// Applies tag rules (hier_config's `get_children_deep` + `tags_add`).
pub(crate) fn apply_tags(t: &mut HTree<'_, '_>) {
    for (l, tags) in &t.o.tag_rules {
        let mut level = vec![ROOT];
        for rule in l {
            level = level
                .iter()
                .flat_map(|p| {
                    t.children(*p)
                        .iter()
                        .copied()
                        .filter(|c| rule.is_match(t.text(*c)))
                        .collect::<Vec<_>>()
                })
                .collect();
        }
        for id in level {
            t.tags_add(id, tags);
        }
    }
}
