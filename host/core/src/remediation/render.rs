//! Remediation text as hier_config prints it: depth-first, siblings by weight then position,
//! `indentation` spaces per level, optionally filtered by tags.

use super::htree::{HTree, Id, ROOT};

/// Renders the tree; with include/exclude tags, only matching leaves and their parents.
pub(crate) fn render(t: &HTree<'_, '_>, include: &[String], exclude: &[String]) -> String {
    let mut out = String::new();
    let filter = !include.is_empty() || !exclude.is_empty();
    for c in t.sorted_children(ROOT) {
        if filter {
            render_tagged(t, c, include, exclude, &mut out);
        } else {
            render_all(t, c, &mut out);
        }
    }
    if out.ends_with('\n') {
        out.pop();
    }
    out
}

fn line(t: &HTree<'_, '_>, id: Id, out: &mut String) {
    let indent = t.o.o.indentation * (t.depth(id) - 1);
    out.extend(std::iter::repeat_n(' ', indent));
    out.push_str(t.text(id));
    out.push('\n');
}

fn render_all(t: &HTree<'_, '_>, id: Id, out: &mut String) {
    line(t, id, out);
    for c in t.sorted_children(id) {
        render_all(t, c, out);
    }
}

fn included(t: &HTree<'_, '_>, id: Id, include: &[String], exclude: &[String]) -> bool {
    let tags = t.tags(id);
    let has = |set: &[String]| tags.iter().any(|x| set.iter().any(|s| s == x));
    let inc = !include.is_empty() && has(include);
    if !exclude.is_empty() && (inc || include.is_empty()) {
        return !has(exclude);
    }
    inc
}

fn render_tagged(
    t: &HTree<'_, '_>,
    id: Id,
    include: &[String],
    exclude: &[String],
    out: &mut String,
) -> bool {
    if t.children(id).is_empty() {
        if included(t, id, include, exclude) {
            line(t, id, out);
            return true;
        }
        return false;
    }
    let mut body = String::new();
    let mut any = false;
    for c in t.sorted_children(id) {
        any |= render_tagged(t, c, include, exclude, &mut body);
    }
    if any {
        line(t, id, out);
        out.push_str(&body);
    }
    any
}
