//! Feature sections: the top-level lines a rule selects, with all their children
//! (netutils' `section_config`), computed from one parse of the whole config.

use crate::dialect::Dialect;
use crate::rules::Rule;
use crate::text::strip;
use crate::tree::ConfigTree;

/// Top-level blocks of a tree: `(top-level entry, children…)` index ranges, computed once and
/// shared by every feature.
pub struct Blocks {
    /// `(start, end)` entry ranges; `start` is the top-level line.
    ranges: Vec<(usize, usize)>,
}

impl Blocks {
    /// Splits a tree into top-level blocks. Entries with empty text never start or end a
    /// block (netutils skips them).
    pub fn new(tree: &ConfigTree<'_>) -> Blocks {
        let mut ranges: Vec<(usize, usize)> = Vec::new();
        for (i, e) in tree.entries().iter().enumerate() {
            if e.text().is_empty() {
                continue;
            }
            if tree.parent_ids(i).is_empty() {
                ranges.push((i, i + 1));
            } else if let Some(last) = ranges.last_mut() {
                last.1 = i + 1;
            }
        }
        Blocks { ranges }
    }
}

/// The section text of `rule` in `tree`: selected blocks joined by newlines, stripped (except
/// for Comware, as netutils does). A rule without selectors returns `whole`.
pub fn section_text(tree: &ConfigTree<'_>, blocks: &Blocks, rule: &Rule, whole: &str) -> String {
    if rule.whole_config() {
        return whole.to_string();
    }
    let entries = tree.entries();
    let mut out = String::new();
    let mut first = true;
    for &(s, e) in &blocks.ranges {
        if !rule.selects(entries[s].text()) {
            continue;
        }
        for (i, entry) in entries.iter().enumerate().take(e).skip(s) {
            if entry.text().is_empty() || (i > s && tree.parent_ids(i).is_empty()) {
                continue;
            }
            if !first {
                out.push('\n');
            }
            first = false;
            out.push_str(entry.text());
        }
    }
    if tree.dialect().strips_sections() {
        let t = strip(&out);
        if t.len() != out.len() {
            return t.to_string();
        }
    }
    out
}

/// What is left of a config once every feature's section is removed (netutils'
/// `config_section_not_parsed`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct NotParsed {
    /// The remaining configuration text, stripped.
    pub remaining_cfg: String,
    /// Features whose section was empty.
    pub section_not_found: Vec<String>,
}

/// Reports the configuration no rule covers, and the rules that matched nothing.
pub fn not_parsed(dialect: Dialect, rules: &[Rule], config: &str) -> Result<NotParsed, crate::CoreError> {
    let tree = ConfigTree::parse(dialect, config)?;
    let blocks = Blocks::new(&tree);
    let mut remaining = config.to_string();
    let mut section_not_found = Vec::new();
    for rule in rules {
        let section = section_text(&tree, &blocks, rule, config);
        if section.is_empty() {
            section_not_found.push(rule.feature.clone());
        }
        remaining = remaining.replace(&section, "");
    }
    Ok(NotParsed { remaining_cfg: strip(&remaining).to_string(), section_not_found })
}
