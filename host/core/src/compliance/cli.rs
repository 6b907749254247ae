//! `cli` compliance: netutils' `feature_compliance` over two section texts.

use super::FeatureResult;
use crate::dialect::Dialect;
use crate::error::CoreError;
use crate::text::splitlines;
use crate::tree::{ConfigTree, KeyIndex, entry_keys};
use std::collections::HashSet;

/// Compares one feature's sections. `actual` and `intended` are section texts.
/// `fast` computes `(missing, extra)` from already-parsed trees when that is exact.
pub(crate) fn compare(
    dialect: Dialect,
    ordered: bool,
    actual: String,
    intended: String,
    fast: impl FnOnce() -> Option<(String, String)>,
) -> Result<FeatureResult, CoreError> {
    let ordered_compliant = actual == intended;
    let fast = if ordered_compliant { None } else { fast() };
    let (missing, extra, unordered_compliant) = if ordered_compliant {
        (String::new(), String::new(), true)
    } else if let Some((missing, extra)) = fast {
        let unordered = missing.is_empty() && extra.is_empty() && lines_subset(&intended, &actual);
        (missing, extra, unordered)
    } else {
        let intended_tree = ConfigTree::parse(dialect, &intended)?;
        let actual_tree = ConfigTree::parse(dialect, &actual)?;
        let (ik, ak) = (entry_keys(&intended_tree), entry_keys(&actual_tree));
        let (ii, ai) = (
            KeyIndex::new(&intended_tree, &ik),
            KeyIndex::new(&actual_tree, &ak),
        );
        let missing = diff(&intended_tree, &ik, &ai);
        let extra = diff(&actual_tree, &ak, &ii);
        let unordered = missing.is_empty() && extra.is_empty() && lines_subset(&intended, &actual);
        (missing, extra, unordered)
    };
    Ok(FeatureResult {
        feature: String::new(),
        compliant: if ordered {
            ordered_compliant
        } else {
            unordered_compliant
        },
        missing,
        extra,
        cannot_parse: true,
        unordered_compliant,
        ordered_compliant,
        actual,
        intended,
    })
}

/// Fast path for a non-compliant feature: diff the feature's blocks of the already-parsed
/// trees instead of re-parsing the section texts. Only used when the two are provably the
/// same (see [`subset_is_exact`]); returns `(missing, extra)`.
pub(crate) fn diff_subsets(
    actual: (&ConfigTree<'_>, &[u64], &[std::ops::Range<usize>]),
    intended: (&ConfigTree<'_>, &[u64], &[std::ops::Range<usize>]),
) -> (String, String) {
    (subset_diff(intended, actual), subset_diff(actual, intended))
}

fn subset_diff(
    compare: (&ConfigTree<'_>, &[u64], &[std::ops::Range<usize>]),
    base: (&ConfigTree<'_>, &[u64], &[std::ops::Range<usize>]),
) -> String {
    let (bt, bk, br) = base;
    let n: usize = br.iter().map(|r| r.len()).sum();
    // First entry per hash; on a hash match with a different entry, scan the ranges.
    let mut index: std::collections::HashMap<u64, u32, crate::tree::FxBuild> =
        std::collections::HashMap::with_capacity_and_hasher(n, Default::default());
    for r in br {
        for i in r.clone() {
            index.entry(bk[i]).or_insert(i as u32);
        }
    }
    let in_base = |ct: &ConfigTree<'_>, key: u64, j: usize| match index.get(&key) {
        None => false,
        Some(&i) if crate::tree::same_entry(bt, i as usize, ct, j) => true,
        Some(_) => br
            .iter()
            .flat_map(|r| r.clone())
            .any(|i| bk[i] == key && crate::tree::same_entry(bt, i, ct, j)),
    };
    let (ct, ck, cr) = compare;
    let mut needed: Vec<&str> = Vec::new();
    let mut seen: HashSet<&str> = HashSet::new();
    for r in cr {
        for j in r.clone() {
            if in_base(ct, ck[j], j) {
                continue;
            }
            for p in ct.parents(j) {
                if seen.insert(p) {
                    needed.push(p);
                }
            }
            let text = ct.entries()[j].text();
            seen.insert(text);
            needed.push(text);
        }
    }
    needed.join("\n")
}

/// True when re-parsing the section text of these blocks would give exactly these entries:
/// an indentation dialect without preprocessing, single-line non-empty entries, top-level
/// lines that are unindented and unique within the section (IOS re-parents duplicates relative
/// to their neighbours, which differ between the whole config and the section).
pub(crate) fn subset_is_exact(tree: &ConfigTree<'_>, ranges: &[std::ops::Range<usize>]) -> bool {
    let spec = tree.dialect().spec();
    if spec.layout != crate::dialect::Layout::Space || spec.prep != crate::dialect::Prep::Standard {
        return false;
    }
    let mut tops: HashSet<&str> = HashSet::with_capacity(ranges.len());
    for r in ranges {
        let top = tree.entries()[r.start].text();
        if crate::text::starts_with_space(top) || !tops.insert(top) {
            return false;
        }
        // Multi-line entries (banners) are the only owned ones in these dialects.
        if tree.entries()[r.clone()]
            .iter()
            .any(|e| e.text().is_empty() || e.is_owned())
        {
            return false;
        }
    }
    true
}

/// Lines of `compare` (with the parents they need) that `base` lacks (netutils'
/// `diff_network_config`).
pub(crate) fn diff(compare: &ConfigTree<'_>, keys: &[u64], index: &KeyIndex<'_, '_>) -> String {
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
