//! Post-load fix-ups (hier_config's platform callbacks), as named built-ins.

use super::htree::{HTree, ROOT};
use regex::Regex;
use std::borrow::Cow;
use std::sync::LazyLock;

/// IOS ACLs: IPv6 `sequence N` prefixes dropped, IPv4 remarks dropped, IPv4 entries numbered.
pub(crate) fn ios_acls(t: &mut HTree<'_, '_>) {
    for acl in t.children(ROOT).to_vec() {
        if t.text(acl).starts_with("ipv6 access-list ") {
            t.rename_children(acl, |e| {
                e.starts_with("sequence")
                    .then(|| e.split_whitespace().skip(2).collect::<Vec<_>>().join(" "))
            });
        }
    }
    for acl in t.children(ROOT).to_vec() {
        if t.text(acl).starts_with("ip access-list ") {
            for e in t.children(acl).to_vec() {
                if t.text(e).starts_with("remark") {
                    t.delete(e);
                }
            }
        }
    }
    for acl in t.children(ROOT).to_vec() {
        if t.text(acl).starts_with("ip access-list") {
            let mut seq = 10;
            t.rename_children(acl, |body| {
                if !(body.starts_with("permit") || body.starts_with("deny")) {
                    return None;
                }
                let mut s = String::with_capacity(body.len() + 8);
                push_number(&mut s, seq);
                s.push(' ');
                s.push_str(body);
                seq += 10;
                Some(s)
            });
        }
    }
}

/// Appends the decimal digits of `n` (hot path: every IOS ACL entry is renumbered).
fn push_number(s: &mut String, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for b in &buf[i..] {
        s.push(*b as char);
    }
}

/// `1,3-5` → `[1, 3, 4, 5]` without duplicates; `None` when malformed.
fn expand_range(spec: &str) -> Option<Vec<u64>> {
    let mut out: Vec<u64> = Vec::new();
    for part in spec.split(',') {
        let bounds: Vec<&str> = part.split('-').collect();
        match bounds.as_slice() {
            [one] => out.push(one.trim().parse().ok()?),
            [a, b] => {
                let (a, b): (u64, u64) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
                if b < a || b - a > 4096 {
                    return None;
                }
                out.extend(a..=b);
            }
            _ => return None,
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|v| seen.insert(*v));
    Some(out)
}

static VLAN_LIST: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^vlan \d[\d,\-]*$").expect("static regex"));

/// `vlan 10,20-22` (without children) → one `vlan N` per id.
pub(crate) fn split_vlan_lists(t: &mut HTree<'_, '_>) {
    for vlan in t.children(ROOT).to_vec() {
        if !t.text(vlan).starts_with("vlan ") || !VLAN_LIST.is_match(t.text(vlan)) {
            continue;
        }
        let text = t.text(vlan).to_string();
        let spec = text.split_once(' ').map_or("", |(_, s)| s.trim());
        if !(spec.contains(',') || spec.contains('-')) || !t.children(vlan).is_empty() {
            continue;
        }
        let Some(ids) = expand_range(spec) else {
            continue;
        };
        if ids.is_empty() {
            continue;
        }
        for id in ids {
            let _ = t.add_child(ROOT, Cow::Owned(format!("vlan {id}")), true, true);
        }
        t.delete(vlan);
    }
}

/// AOS-CX: `vlan trunk allowed 10,20-22` under an interface → one line per VLAN.
pub(crate) fn split_trunk_allowed(t: &mut HTree<'_, '_>) {
    for intf in t.children(ROOT).to_vec() {
        if !t.text(intf).starts_with("interface ") {
            continue;
        }
        for allowed in t.children(intf).to_vec() {
            if !t.text(allowed).starts_with("vlan trunk allowed ") {
                continue;
            }
            let words: Vec<&str> = t.text(allowed).splitn(4, char::is_whitespace).collect();
            let Some(spec) = words.get(3).map(|s| s.to_string()) else {
                continue;
            };
            if spec == "all" || spec == "none" || !(spec.contains(',') || spec.contains('-')) {
                continue;
            }
            let Some(ids) = expand_range(&spec) else {
                continue;
            };
            if ids.is_empty() {
                continue;
            }
            for id in ids {
                let _ = t.add_child(
                    intf,
                    Cow::Owned(format!("vlan trunk allowed {id}")),
                    true,
                    true,
                );
            }
            t.delete(allowed);
        }
    }
}

/// IOS-XR: comment lines (`! …`) are not configuration.
pub(crate) fn xr_comments(t: &mut HTree<'_, '_>) {
    let mut parents = vec![ROOT];
    parents.extend(t.all_children(ROOT));
    for p in parents {
        for c in t.children(p).to_vec() {
            if t.text(c).starts_with('!') {
                t.delete(c);
            }
        }
    }
}

/// ProCurve port ranges: `1-3,A1` → `1`, `2`, `3`, `A1`; `Trk1-Trk3`; `1/A1-1/A4`.
fn procurve_range(spec: &str) -> Result<Vec<String>, String> {
    let mut out: Vec<String> = Vec::new();
    for part in spec.split(',') {
        let ends: Vec<&str> = part.split('-').collect();
        if ends.len() != 2 {
            out.push(ends[0].to_string());
            continue;
        }
        let (mut member, mut prefix, start, end);
        prefix = String::new();
        if let Some(s) = ends[0].strip_prefix("Trk") {
            member = "Trk".to_string();
            start = s.to_string();
            end = ends[1].trim_start_matches("Trk").to_string();
        } else if let Some((m, s)) = ends[0].split_once('/') {
            member = format!("{m}/");
            let mut s = s.to_string();
            let mut e = ends[1].rsplit('/').next().unwrap_or("").to_string();
            for letter in ["A", "B", "C", "D"] {
                if let Some(rest) = s.strip_prefix(letter) {
                    prefix = letter.to_string();
                    s = rest.to_string();
                    e = e
                        .strip_prefix(letter)
                        .ok_or_else(|| {
                            format!("range `{part}`: the end port must start with {letter}")
                        })?
                        .to_string();
                    break;
                }
            }
            start = s;
            end = e;
        } else {
            member = String::new();
            start = ends[0].to_string();
            end = ends[1].to_string();
        }
        let a: u64 = start
            .parse()
            .map_err(|_| format!("range `{part}`: `{start}` is not a port number"))?;
        let b: u64 = end
            .parse()
            .map_err(|_| format!("range `{part}`: `{end}` is not a port number"))?;
        if b.saturating_sub(a) > 4096 {
            return Err(format!("range `{part}` is too large"));
        }
        for p in a..=b {
            out.push(format!("{member}{prefix}{p}"));
        }
        member.clear();
    }
    let set: std::collections::HashSet<&String> = out.iter().collect();
    if set.len() != out.len() {
        return Err(format!("port range `{spec}` lists a port twice"));
    }
    Ok(out)
}

static AAA_PORT_ACCESS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^aaa port-access (authenticator|mac-based) [0-9,/\-Ttrk]+$").expect("static regex")
});

/// ProCurve: expand `aaa port-access` port lists, device-profile VLAN lists, and move VLAN
/// membership into the interfaces.
pub(crate) fn procurve(t: &mut HTree<'_, '_>) -> Result<(), String> {
    for c in t.children(ROOT).to_vec() {
        let text = t.text(c).to_string();
        if !AAA_PORT_ACCESS.is_match(&text) {
            continue;
        }
        let words: Vec<&str> = text.split_whitespace().collect();
        if !(words[3].contains('-') || words[3].contains(',')) {
            continue;
        }
        for name in procurve_range(words[3])? {
            t.add_child(
                ROOT,
                Cow::Owned(format!("aaa port-access {} {name}", words[2])),
                false,
                true,
            )?;
        }
        t.delete(c);
    }
    for dp in t.children(ROOT).to_vec() {
        if !t.text(dp).starts_with("device-profile name ") {
            continue;
        }
        let Some(tv) = t
            .children(dp)
            .iter()
            .copied()
            .find(|c| t.text(*c).starts_with("tagged-vlan "))
        else {
            continue;
        };
        let spec = t
            .text(tv)
            .split_whitespace()
            .nth(1)
            .unwrap_or("")
            .to_string();
        if !(spec.contains('-') || spec.contains(',')) {
            continue;
        }
        let mut vlans = procurve_range(&spec)?;
        vlans.sort();
        for v in vlans {
            t.add_child(dp, Cow::Owned(format!("tagged-vlan {v}")), false, true)?;
        }
        t.delete(tv);
    }
    for vlan in t.children(ROOT).to_vec() {
        if !t.text(vlan).starts_with("vlan ") {
            continue;
        }
        let id = t
            .text(vlan)
            .split_whitespace()
            .nth(1)
            .unwrap_or("")
            .to_string();
        for (prefix, member) in [("untagged ", "untagged vlan"), ("tagged ", "tagged vlan")] {
            let Some(c) = t
                .children(vlan)
                .iter()
                .copied()
                .find(|c| t.text(*c).starts_with(prefix))
            else {
                continue;
            };
            let spec = t
                .text(c)
                .split_whitespace()
                .nth(1)
                .unwrap_or("")
                .to_string();
            let mut names = procurve_range(&spec)?;
            names.sort();
            for n in names {
                let i = t.add_child(ROOT, Cow::Owned(format!("interface {n}")), true, true)?;
                t.add_child(i, Cow::Owned(format!("{member} {id}")), true, true)?;
            }
            t.delete(c);
        }
        if let Some(c) = t
            .children(vlan)
            .iter()
            .copied()
            .find(|c| t.text(*c).starts_with("no untagged "))
        {
            t.delete(c);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        assert_eq!(expand_range("1,3-5").unwrap(), [1, 3, 4, 5]);
        assert!(expand_range("5-3").is_none());
        assert_eq!(procurve_range("1-3,A1").unwrap(), ["1", "2", "3", "A1"]);
        assert_eq!(procurve_range("Trk1-Trk2").unwrap(), ["Trk1", "Trk2"]);
        assert_eq!(procurve_range("1/A1-1/A2").unwrap(), ["1/A1", "1/A2"]);
        assert!(procurve_range("1-2,2").is_err());
    }
}
