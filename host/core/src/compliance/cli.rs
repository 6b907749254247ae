//! `cli` compliance: netutils' `feature_compliance` over two section texts.

use super::FeatureResult;
use crate::dialect::Dialect;
use crate::error::CoreError;
use crate::text::splitlines;
use crate::tree::{ConfigTree, KeyIndex, entry_keys};
use std::collections::HashSet;

/// Compares one feature's sections. `actual` and `intended` are section texts.
pub(crate) fn compare(dialect: Dialect, ordered: bool, actual: String, intended: String) -> Result<FeatureResult, CoreError> {
    let ordered_compliant = actual == intended;
    let (missing, extra, unordered_compliant) = if ordered_compliant {
        (String::new(), String::new(), true)
    } else {
        let intended_tree = ConfigTree::parse(dialect, &intended)?;
        let actual_tree = ConfigTree::parse(dialect, &actual)?;
        let missing = diff(&intended_tree, &actual_tree);
        let extra = diff(&actual_tree, &intended_tree);
        let unordered = missing.is_empty() && extra.is_empty() && lines_subset(&intended, &actual);
        (missing, extra, unordered)
    };
    Ok(FeatureResult {
        feature: String::new(),
        compliant: if ordered { ordered_compliant } else { unordered_compliant },
        missing,
        extra,
        cannot_parse: true,
        unordered_compliant,
        ordered_compliant,
        actual,
        intended,
    })
}

/// Lines of `compare` (with the parents they need) that `base` lacks (netutils'
/// `diff_network_config`).
pub(crate) fn diff(compare: &ConfigTree<'_>, base: &ConfigTree<'_>) -> String {
    let base_keys = entry_keys(base);
    let index = KeyIndex::new(base, &base_keys);
    let keys = entry_keys(compare);
    let mut needed: Vec<&str> = Vec::new();
    let mut seen: HashSet<&str> = HashSet::new();
    for (j, key) in keys.iter().enumerate() {
        if index.contains(*key, compare, j) {
            continue;
        }
        for p in compare.parents(j) {
            if seen.insert(p) {
                needed.push(p);
            }
        }
        let text = compare.entries()[j].text();
        if !text.is_empty() {
            seen.insert(text);
            needed.push(text);
        }
    }
    needed.join("\n")
}

/// Every intended line appears somewhere in actual (netutils' `find_unordered_cfg_lines`).
fn lines_subset(intended: &str, actual: &str) -> bool {
    let actual: HashSet<&str> = splitlines(actual).collect();
    splitlines(intended).all(|l| actual.contains(l))
}
