//! Order weights and tags on the remediation tree.

use super::htree::{HTree, ROOT};

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
