//! Loading text into a hier_config tree (hier_config's `get_hconfig`): preprocessing,
//! banners, per-line substitutions, indentation, sectional exits and post-load fix-ups.

use super::compiled::Compiled;
use super::htree::{HTree, Id, ROOT};
use super::options::{PostLoad, Preprocess};
use crate::error::CoreError;
use crate::text::{lstrip, splitlines};
use std::borrow::Cow;

pub(crate) fn load<'a, 'o>(
    platform: &str,
    o: &'o Compiled,
    text: &'a str,
) -> Result<HTree<'a, 'o>, CoreError> {
    let mut t = HTree::with_capacity(o, memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1);
    let mut owned: Cow<'a, str> = Cow::Borrowed(text);
    for (re, rep) in &o.full_text_sub {
        if let Cow::Owned(s) = re.replace_all(&owned, rep.as_str()) {
            owned = Cow::Owned(s);
        }
    }
    if o.o.preprocess == Preprocess::BraceToSet {
        owned = Cow::Owned(brace_to_set(&owned));
    }
    match owned {
        Cow::Borrowed(s) => load_lines(platform, &mut t, s)?,
        Cow::Owned(s) => {
            // Lines of a rewritten text cannot borrow from the input; load them owned.
            let mut tmp = HTree::new(o);
            load_lines(platform, &mut tmp, &s)?;
            t = into_owned(tmp);
        }
    }
    // Each line's parent is the previous line or one of its ancestors, so the arena holds the
    // nodes in pre-order, the order of `all_children(ROOT)`, without building that list.
    for id in 1..t.nodes.len() as Id {
        delete_sectional_exit(&mut t, id);
    }
    for cb in &o.o.post_load {
        match cb {
            PostLoad::IosAcls => super::fixups::ios_acls(&mut t),
            PostLoad::SplitVlanLists => super::fixups::split_vlan_lists(&mut t),
            PostLoad::XrComments => super::fixups::xr_comments(&mut t),
            PostLoad::SplitTrunkAllowed => super::fixups::split_trunk_allowed(&mut t),
            PostLoad::Fastiron => super::fastiron::fixups(&mut t),
            PostLoad::Procurve => {
                super::fixups::procurve(&mut t).map_err(|e| HTree::err(platform, e))?
            }
        }
    }
    Ok(t)
}

fn into_owned<'a, 'o>(t: HTree<'_, 'o>) -> HTree<'a, 'o> {
    let mut n = HTree::new(t.o);
    copy_children(&mut n, ROOT, &t, ROOT);
    n
}

fn copy_children<'a>(dst: &mut HTree<'a, '_>, dparent: Id, src: &HTree<'_, '_>, sparent: Id) {
    for c in src.children(sparent) {
        let id = dst.instantiate(dparent, Cow::Owned(src.text(*c).to_string()));
        dst.nodes[id as usize].indent = src.nodes[*c as usize].indent;
        // Duplicates were already vetted by the first load; keep mapping semantics.
        let first = dst.get(dparent, src.text(*c)).is_none();
        dst.append(dparent, id, first);
        copy_children(dst, id, src, *c);
    }
}

fn banner_end(line: &str, end_lines: &[String], end_contains: &[String]) -> bool {
    line.starts_with('^')
        || end_lines.iter().any(|l| l == line)
        || end_contains.iter().any(|c| line.contains(c.as_str()))
}

fn load_lines<'a>(platform: &str, t: &mut HTree<'a, '_>, text: &'a str) -> Result<(), CoreError> {
    let o = t.o;
    let mut current: Id = ROOT;
    let mut recent: Id = ROOT;
    let mut indent_adjust: i32 = 0;
    let mut end_adjust: Vec<usize> = Vec::new();
    let mut banner: Vec<&'a str> = Vec::new();
    let mut end_lines: Vec<String> = vec!["EOF".into(), "%".into(), "!".into()];
    let mut end_contains: Vec<String> = Vec::new();
    let mut in_banner = false;
    let mut banner_start = 0;
    let mut matcher = o.per_line_dfa.as_ref().map(|s| s.matcher());
    for (no, line) in splitlines(text).enumerate() {
        if in_banner {
            if line != "!" {
                banner.push(line);
            }
            if banner_end(line, &end_lines, &end_contains) {
                in_banner = false;
                let body = banner.join("\n");
                banner.clear();
                recent = t
                    .add_child(ROOT, Cow::Owned(body), false, true)
                    .map_err(|e| line_err(platform, no, line, e))?;
                t.nodes[recent as usize].indent = 0;
                current = ROOT;
            }
            continue;
        }
        if line.starts_with("banner ") && line != "banner motd ##" {
            in_banner = true;
            banner_start = no;
            banner.push(line);
            if let Some(w) = line.split_whitespace().nth(2) {
                end_contains.push(w.to_string());
                if w.starts_with('"') {
                    end_contains.push("\"".into());
                }
                end_lines.push(w.chars().take(1).collect());
                end_lines.push(w.chars().take(2).collect());
            }
            continue;
        }
        let stripped = lstrip(line);
        let lead = &line[..line.len() - stripped.len()];
        let clean = lead.bytes().all(|b| b == b' ') && words_single_spaced(stripped);
        let matched = |text: &str, matcher: &mut Option<super::line_filter::Matcher<'_>>| {
            o.per_line_set.as_ref().is_some_and(|set| {
                matcher
                    .as_mut()
                    .and_then(|m| m.is_match(text))
                    .unwrap_or_else(|| set.is_match(text))
            })
        };
        let mut norm: Cow<'a, str> = if clean {
            Cow::Borrowed(line)
        } else {
            let indent = if lead.is_ascii() {
                lead.len()
            } else {
                lead.chars().count()
            };
            normalise_ws(indent, stripped)
        };
        let substituted = matched(&norm, &mut matcher);
        // Almost every line is indented by spaces and single-spaced, and no substitution
        // applies: its body and indentation are already known, nothing is rewritten.
        let (body, this_indent) = if clean && !substituted {
            (Cow::Borrowed(stripped), lead.len() as i32 + indent_adjust)
        } else {
            if substituted {
                for (re, rep) in &o.per_line_sub {
                    if let Cow::Owned(s) = re.replace_all(&norm, rep.as_str()) {
                        norm = Cow::Owned(s);
                    }
                }
            }
            let norm = rstrip_cow(norm);
            if norm.is_empty() {
                continue;
            }
            let body = lstrip_cow(norm.clone());
            let lead = &norm[..norm.len() - body.len()];
            let indent = (if lead.is_ascii() {
                lead.len()
            } else {
                lead.chars().count()
            }) as i32
                + indent_adjust;
            (body, indent)
        };
        // hier_config's _analyze_indent
        while this_indent <= t.nodes[current as usize].indent {
            current = t.parent(current);
            if current == ROOT {
                break;
            }
        }
        if this_indent > t.nodes[recent as usize].indent {
            current = recent;
        }
        recent = t
            .add_child(current, body, false, true)
            .map_err(|e| line_err(platform, no, line, e))?;
        t.nodes[recent as usize].indent = this_indent;
        if o.indent_adjust.is_empty() {
            continue;
        }
        let body_text = t.text(recent).to_string();
        for (i, (start, unless, _)) in o.indent_adjust.iter().enumerate() {
            if start.is_match(&body_text)
                && !unless.as_ref().is_some_and(|u| u.is_match(&body_text))
            {
                indent_adjust += 1;
                end_adjust.push(i);
                break;
            }
        }
        if let Some(first) = end_adjust.first()
            && o.indent_adjust[*first].2.is_match(&body_text)
        {
            indent_adjust -= 1;
            end_adjust.remove(0);
        }
    }
    if in_banner {
        return Err(CoreError::parse(
            "remediation",
            banner_start + 1,
            banner.first().copied().unwrap_or(""),
            format!("{platform}: banner never ends"),
        ));
    }
    Ok(())
}

fn line_err(platform: &str, no: usize, line: &str, e: String) -> CoreError {
    CoreError::Remediation {
        platform: platform.to_string(),
        reason: format!("line {}: `{}`: {e}", no + 1, line.trim()),
    }
}

/// `' ' * indent + ' '.join(line.split())`, for a line that is not already so.
fn normalise_ws<'a>(indent: usize, stripped: &'a str) -> Cow<'a, str> {
    let mut s = " ".repeat(indent);
    let words: Vec<&str> = stripped
        .split(crate::text::is_space)
        .filter(|w| !w.is_empty())
        .collect();
    s.push_str(&words.join(" "));
    Cow::Owned(s)
}

/// True when `s` has no leading/trailing whitespace, no double spaces and no whitespace other
/// than single ASCII spaces. Eight bytes at a time while the text is printable ASCII (every
/// loaded line is tested), the last 1–7 bytes padded with `a` into a final word; a control or
/// non-ASCII byte takes the byte-wise path.
fn words_single_spaced(s: &str) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = ONES << 7;
    const LOWS: u64 = !HIGHS;
    let b = s.as_bytes();
    if b.is_empty() || b[0] == b' ' || b[b.len() - 1] == b' ' {
        return false;
    }
    let (mut i, mut prev_space) = (0, false);
    while i < b.len() {
        let w = match b.get(i..i + 8) {
            Some(word) => u64::from_le_bytes(word.try_into().expect("eight bytes")),
            None => {
                let mut pad = [b'a'; 8];
                pad[..b.len() - i].copy_from_slice(&b[i..]);
                u64::from_le_bytes(pad)
            }
        };
        // Some byte below 0x20 or above 0x7f (the test is exact for "some").
        if ((w.wrapping_sub(ONES * 0x20) & !w) | w) & HIGHS != 0 {
            return single_spaced_bytes(s, b, i, prev_space);
        }
        // 0x80 in each byte that is a space (exact per byte: no carries between bytes).
        let x = w ^ (ONES * b' ' as u64);
        let spaces = !((((x & LOWS) + LOWS) | x) | LOWS);
        if spaces & (spaces >> 8) != 0 || (prev_space && spaces & 0x80 != 0) {
            return false;
        }
        prev_space = spaces >> 63 != 0;
        i += 8;
    }
    true
}

/// [`words_single_spaced`] from byte `i` on, one byte at a time.
fn single_spaced_bytes(s: &str, b: &[u8], i: usize, mut prev_space: bool) -> bool {
    for &c in &b[i..] {
        match c {
            b' ' => {
                if prev_space {
                    return false;
                }
                prev_space = true;
            }
            b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r' | 0x1c..=0x1f => return false,
            0x80.. => {
                return !s.chars().any(|c| c != ' ' && crate::text::is_space(c))
                    && !s.contains("  ")
                    && !s.ends_with(crate::text::is_space);
            }
            _ => prev_space = false,
        }
    }
    true
}

fn rstrip_cow(c: Cow<'_, str>) -> Cow<'_, str> {
    match c {
        Cow::Borrowed(s) => Cow::Borrowed(crate::text::rstrip(s)),
        Cow::Owned(s) => Cow::Owned(crate::text::rstrip(&s).to_string()),
    }
}

fn lstrip_cow(c: Cow<'_, str>) -> Cow<'_, str> {
    match c {
        Cow::Borrowed(s) => Cow::Borrowed(lstrip(s)),
        Cow::Owned(s) => Cow::Owned(lstrip(&s).to_string()),
    }
}

/// Removes a trailing sectional-exit child (e.g. `exit-address-family`).
fn delete_sectional_exit(t: &mut HTree<'_, '_>, id: Id) {
    let Some(&last) = t.children(id).last() else {
        return;
    };
    if sectional_exit(t, id).is_some_and(|exit| t.text(last) == exit) {
        t.delete(last);
    }
}

/// The command that closes section `id`, if any (`exit` by default).
pub(crate) fn sectional_exit<'t>(t: &'t HTree<'_, '_>, id: Id) -> Option<&'t str> {
    for (l, text, _) in &t.o.sectional_exiting {
        if t.lineage_match(id, l) {
            return if text.is_empty() {
                None
            } else {
                Some(text.as_str())
            };
        }
    }
    if t.children(id).is_empty() {
        None
    } else {
        Some(t.o.o.default_sectional_exit.as_str())
    }
}

/// JunOS/VyOS brace configuration to `set` commands (hier_config's
/// `convert_to_set_commands`).
pub(crate) fn brace_to_set(raw: &str) -> String {
    let mut path: Vec<String> = Vec::new();
    let mut out: Vec<String> = Vec::new();
    for line in raw.split('\n') {
        let stripped = crate::text::strip(line);
        if stripped.is_empty() {
            continue;
        }
        let stripped = stripped.strip_suffix(';').unwrap_or(stripped);
        let level = line
            .find(stripped)
            .map_or(0, |p| line[..p].chars().count() / 4);
        path.truncate(level);
        if stripped.ends_with('{') || stripped.ends_with('}') {
            let mut s = stripped.to_string();
            s.pop();
            path.push(crate::text::strip(&s).to_string());
        } else if stripped.starts_with("set") || stripped.starts_with("delete") {
            out.push(stripped.to_string());
        } else {
            out.push(format!("set {} {}", path.join(" "), stripped));
        }
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_arena_holds_a_loaded_tree_in_pre_order() {
        let options = super::super::RemediationOptions::for_platform("cisco_ios").unwrap();
        let compiled = super::super::compiled::compile("cisco_ios", &options).unwrap();
        let text = "interface Gi1\n description x\n  deeper\n shutdown\nbanner motd ^C\nhi\n^C\n\
                    router bgp 1\n address-family ipv4\n  neighbor 1.1.1.1 activate\n exit-address-family\nntp server 1\n";
        let mut t = HTree::new(&compiled);
        load_lines("cisco_ios", &mut t, text).unwrap();
        let arena: Vec<Id> = (1..t.nodes.len() as Id).collect();
        assert_eq!(t.all_children(ROOT), arena);
    }

    #[test]
    fn single_spacing_is_seen_at_every_offset() {
        let careful = |s: &str| {
            !s.is_empty()
                && !s.starts_with(crate::text::is_space)
                && !s.ends_with(crate::text::is_space)
                && !s.contains("  ")
                && !s.chars().any(|c| c != ' ' && crate::text::is_space(c))
        };
        for pad in 0..20 {
            let head = "a".repeat(pad);
            for mid in [
                "  ", " ", "\t", "\u{85}", "\u{e9}", " \u{e9} ", "\u{1}", "! !", " !",
            ] {
                for s in [
                    format!("{head}{mid}z"),
                    format!("z{mid}{head}"),
                    format!("{head}{mid}"),
                ] {
                    assert_eq!(words_single_spaced(&s), careful(&s), "{s:?}");
                }
            }
        }
    }
}
