//! `cli` compliance: netutils' `feature_compliance` over two section texts.

use super::FeatureResult;
use crate::dialect::Dialect;
use crate::error::CoreError;
use crate::text::splitlines;
use crate::tree::FxBuild;
use crate::tree::{ConfigTree, KeyIndex, entry_key, entry_keys, same_entry};

type HashMap<K, V> = std::collections::HashMap<K, V, FxBuild>;
type HashSet<K> = std::collections::HashSet<K, FxBuild>;
use std::ops::Range;

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
    actual: (&ConfigTree<'_>, &[Range<usize>]),
    intended: (&ConfigTree<'_>, &[Range<usize>]),
) -> (String, String) {
    (subset_diff(intended, actual), subset_diff(actual, intended))
}

/// Lines of `compare`'s blocks absent from `base`'s blocks. Top-level lines are unique (see
/// [`subset_is_exact`]) and every entry's first parent is its block's top line, so an entry
/// can only be matched inside the base block with the same top line: compare block against
/// block, skipping identical blocks with plain string comparisons.
fn subset_diff(
    compare: (&ConfigTree<'_>, &[Range<usize>]),
    base: (&ConfigTree<'_>, &[Range<usize>]),
) -> String {
    let ((ct, cr), (bt, br)) = (compare, base);
    let tops: HashMap<&str, &Range<usize>> = br
        .iter()
        .map(|r| (bt.entries()[r.start].text(), r))
        .collect();
    let mut needed: Vec<&str> = Vec::new();
    let mut seen: HashSet<&str> = HashSet::default();
    let mut emit = |j: usize| {
        for p in ct.parents(j) {
            if seen.insert(p) {
                needed.push(p);
            }
        }
        let text = ct.entries()[j].text();
        seen.insert(text);
        needed.push(text);
    };
    for r in cr {
        let Some(&b) = tops.get(ct.entries()[r.start].text()) else {
            r.clone().for_each(&mut emit);
            continue;
        };
        if blocks_equal(ct, r, bt, b) {
            continue;
        }
        if b.len() <= 32 {
            for j in r.clone() {
                if !b.clone().any(|i| same_entry(bt, i, ct, j)) {
                    emit(j);
                }
            }
        } else {
            let mut index: HashMap<u64, Vec<usize>> =
                HashMap::with_capacity_and_hasher(b.len(), FxBuild::default());
            for i in b.clone() {
                index.entry(entry_key(bt, i)).or_default().push(i);
            }
            for j in r.clone() {
                let hit = index
                    .get(&entry_key(ct, j))
                    .is_some_and(|v| v.iter().any(|i| same_entry(bt, *i, ct, j)));
                if !hit {
                    emit(j);
                }
            }
        }
    }
    needed.join("\n")
}

/// Same entries in the same order with the same parent structure.
fn blocks_equal(
    ct: &ConfigTree<'_>,
    r: &Range<usize>,
    bt: &ConfigTree<'_>,
    b: &Range<usize>,
) -> bool {
    r.len() == b.len()
        && r.clone().zip(b.clone()).all(|(j, i)| {
            ct.entries()[j].text() == bt.entries()[i].text() && {
                let (pj, pi) = (ct.parent_ids(j), bt.parent_ids(i));
                let relative = pj.len() == pi.len()
                    && pj.iter().zip(pi).all(|(x, y)| {
                        (*x as usize) >= r.start
                            && (*y as usize) >= b.start
                            && *x as usize - r.start == *y as usize - b.start
                    });
                relative || same_entry(bt, i, ct, j)
            }
        })
}

/// True when re-parsing the section text of these blocks would give exactly these entries:
/// an indentation dialect without preprocessing, single-line non-empty entries, top-level
/// lines that are unindented and unique within the section (IOS re-parents duplicates relative
/// to their neighbours, which differ between the whole config and the section).
pub(crate) fn subset_is_exact(tree: &ConfigTree<'_>, ranges: &[Range<usize>]) -> bool {
    let spec = tree.dialect().spec();
    if spec.layout != crate::dialect::Layout::Space || spec.prep != crate::dialect::Prep::Standard {
        return false;
    }
    let mut tops: HashSet<&str> =
        HashSet::with_capacity_and_hasher(ranges.len(), FxBuild::default());
    for r in ranges {
        let top = tree.entries()[r.start].text();
        if crate::text::starts_with_space(top) || !tops.insert(top) {
            return false;
        }
        // Multi-line entries (banners) are the only owned ones in these dialects; an unindented
        // line inside a block is an IOS duplicate re-parented under its neighbour, which a
        // re-parse of the section alone would keep at the top level.
        let body = &tree.entries()[r.clone()];
        if body.iter().any(|e| e.text().is_empty() || e.is_owned())
            || body
                .iter()
                .skip(1)
                .any(|e| !crate::text::starts_with_space(e.text()))
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
    let mut seen: HashSet<&str> = HashSet::default();
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
