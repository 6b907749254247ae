//! Ruckus FastIron post-load fix-ups (hier_config's callbacks for that platform).

use super::htree::{HTree, Id, ROOT};
use regex::Regex;
use std::borrow::Cow;
use std::sync::LazyLock;

static VLAN_WITH_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^vlan \d+\s+\S").expect("static regex"));

pub(crate) fn fixups(t: &mut HTree<'_, '_>) {
    for c in t.children(ROOT).to_vec() {
        if t.text(c).starts_with("stack ") {
            t.delete(c);
        }
    }
    normalize_vlan_headers(t);
    for vlan in t.children(ROOT).to_vec() {
        if t.text(vlan).starts_with("vlan ") {
            expand_members(
                t,
                vlan,
                &["tagged", "untagged"],
                |w, p| format!("{w} ethe {p}"),
                |words| words[1] == "ethe" && words.len() == 3,
            );
        }
    }
    for lag in t.children(ROOT).to_vec() {
        if t.text(lag).starts_with("lag ") {
            expand_members(
                t,
                lag,
                &["ports "],
                |_, p| format!("ports ethernet {p}"),
                |words| words.len() == 3 && words[1] == "ethernet",
            );
        }
    }
}

/// `vlan 10 name users by port` → `vlan 10` with `vlan 10 name users by port` as a child,
/// merging sections that share a header.
fn normalize_vlan_headers(t: &mut HTree<'_, '_>) {
    for vlan in t.children(ROOT).to_vec() {
        if !VLAN_WITH_NAME.is_match(t.text(vlan)) {
            continue;
        }
        let text = t.text(vlan).to_string();
        let header = text
            .split_whitespace()
            .take(2)
            .collect::<Vec<_>>()
            .join(" ");
        if let Some(existing) = t.get(ROOT, &header) {
            let _ = t.add_child(existing, Cow::Owned(text), true, true);
            for c in t.children(vlan).to_vec() {
                copy_merged(t, c, existing);
            }
            t.delete(vlan);
            continue;
        }
        t.set_text(vlan, header);
        let _ = t.add_child(vlan, Cow::Owned(text), true, true);
    }
}

/// Copies node `src` (and its subtree) under `dst` in the same tree, reusing existing lines.
fn copy_merged(t: &mut HTree<'_, '_>, src: Id, dst: Id) {
    let text = t.text(src).to_string();
    let Ok(new) = t.add_child(dst, Cow::Owned(text), true, true) else {
        return;
    };
    for c in t.children(src).to_vec() {
        copy_merged(t, c, new);
    }
}

/// Expands `tagged ethe 1/1/1 to 1/1/4 ethe 1/2/1` style members into one line per port.
fn expand_members(
    t: &mut HTree<'_, '_>,
    section: Id,
    prefixes: &[&str],
    line: impl Fn(&str, &str) -> String,
    keep: impl Fn(&[&str]) -> bool,
) {
    for m in t.children(section).to_vec() {
        let text = t.text(m).to_string();
        if !prefixes.iter().any(|p| text.starts_with(p)) {
            continue;
        }
        let words: Vec<&str> = text.split_whitespace().collect();
        let Ok(ports) = expand_ports(&words[1..]) else {
            continue;
        };
        if ports.len() == 1 && keep(&words) {
            continue;
        }
        for p in &ports {
            let _ = t.add_child(section, Cow::Owned(line(words[0], p)), true, true);
        }
        t.delete(m);
    }
}

/// `ethe 1/1/1 to 1/1/3 ethernet 1/2/1` → `1/1/1`, `1/1/2`, `1/1/3`, `1/2/1`.
fn expand_ports(words: &[&str]) -> Result<Vec<String>, String> {
    let mut ports: Vec<String> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if words[i] != "ethe" && words[i] != "ethernet" {
            return Err(format!(
                "unexpected token `{}` in port specification",
                words[i]
            ));
        }
        i += 1;
        let start = *words
            .get(i)
            .ok_or("port specification ended after a port keyword")?;
        i += 1;
        if words.get(i) == Some(&"to") {
            i += 1;
            let stop = *words.get(i).ok_or("port range ended after `to`")?;
            ports.extend(expand_pair(start, stop)?);
            i += 1;
        } else {
            ports.push(start.to_string());
        }
    }
    if ports.is_empty() {
        return Err("empty port specification".into());
    }
    let mut seen = std::collections::HashSet::new();
    ports.retain(|p| seen.insert(p.clone()));
    Ok(ports)
}

fn expand_pair(start: &str, stop: &str) -> Result<Vec<String>, String> {
    let (a, b): (Vec<&str>, Vec<&str>) = (start.split('/').collect(), stop.split('/').collect());
    if a.len() != b.len() || !(a.len() == 2 || a.len() == 3) || a[..a.len() - 1] != b[..b.len() - 1]
    {
        return Err(format!("unsupported port range {start} to {stop}"));
    }
    let (fa, fb) = (a[a.len() - 1], b[b.len() - 1]);
    let decimal = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if !decimal(fa) || !decimal(fb) {
        return Err(format!("unsupported port range {start} to {stop}"));
    }
    let (first, last): (u64, u64) = (
        fa.parse().map_err(|_| "port number too large")?,
        fb.parse().map_err(|_| "port number too large")?,
    );
    if last < first || last - first > 4096 {
        return Err(format!("bad port range {start} to {stop}"));
    }
    let prefix = a[..a.len() - 1].join("/");
    Ok((first..=last).map(|p| format!("{prefix}/{p}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn port_lists() {
        assert_eq!(
            expand_ports(&["ethe", "1/1/1", "to", "1/1/3", "ethernet", "1/2/1"]).unwrap(),
            ["1/1/1", "1/1/2", "1/1/3", "1/2/1"]
        );
        assert!(expand_ports(&["ethe", "1/1/3", "to", "1/1/1"]).is_err());
        assert!(expand_ports(&["lag", "x"]).is_err());
    }
}
