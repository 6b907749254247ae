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

/// For each rule, the blocks it selects, found with a two-byte dispatch table over the rules'
/// prefixes instead of testing every prefix against every block.
pub fn assign(tree: &ConfigTree<'_>, blocks: &Blocks, rules: &[Rule]) -> Vec<Vec<u32>> {
    let key = |s: &str| -> usize {
        let b = s.as_bytes();
        match b.len() {
            0 => 0,
            1 => (b[0] as usize) << 8,
            _ => ((b[0] as usize) << 8) | b[1] as usize,
        }
    };
    // Prefixes shorter than two bytes and regexes are tested against every block.
    let mut table: std::collections::HashMap<usize, Vec<(usize, &str)>, crate::tree::FxBuild> =
        std::collections::HashMap::default();
    let mut always: Vec<usize> = Vec::new();
    for (r, rule) in rules.iter().enumerate() {
        if rule.has_regex() {
            always.push(r);
        }
        for p in &rule.match_config {
            if p.len() < 2 {
                always.push(r);
            } else {
                table.entry(key(p)).or_default().push((r, p.as_str()));
            }
        }
    }
    always.sort_unstable();
    always.dedup();
    let mut out = vec![Vec::new(); rules.len()];
    let entries = tree.entries();
    let mut hit = vec![false; rules.len()];
    for (b, &(s, _)) in blocks.ranges.iter().enumerate() {
        let text = entries[s].text();
        let mut any = false;
        if text.len() >= 2
            && let Some(cands) = table.get(&key(text))
        {
            for (r, p) in cands {
                if !hit[*r] && text.starts_with(p) {
                    hit[*r] = true;
                    any = true;
                }
            }
        }
        for r in &always {
            if !hit[*r] && rules[*r].selects(text) {
                hit[*r] = true;
                any = true;
            }
        }
        if any {
            for (r, h) in hit.iter_mut().enumerate() {
                if *h {
                    out[r].push(b as u32);
                    *h = false;
                }
            }
        }
    }
    out
}

impl Blocks {
    /// Entry range of block `b`.
    pub fn range(&self, b: u32) -> std::ops::Range<usize> {
        let (s, e) = self.ranges[b as usize];
        s..e
    }
}

/// The section text of `rule` in `tree`: selected blocks joined by newlines, stripped (except
/// for Comware, as netutils does). A rule without selectors returns `whole`.
pub fn section_text(tree: &ConfigTree<'_>, blocks: &Blocks, rule: &Rule, whole: &str) -> String {
    if rule.whole_config() {
        return whole.to_string();
    }
    let selected: Vec<u32> = (0..blocks.ranges.len() as u32)
        .filter(|b| rule.selects(tree.entries()[blocks.ranges[*b as usize].0].text()))
        .collect();
    section_of_blocks(tree, blocks, &selected)
}

/// The section text made of the given blocks (from [`assign`]).
pub fn section_of_blocks(tree: &ConfigTree<'_>, blocks: &Blocks, selected: &[u32]) -> String {
    let entries = tree.entries();
    let cap: usize = selected
        .iter()
        .map(|b| {
            let (s, e) = blocks.ranges[*b as usize];
            entries[s..e]
                .iter()
                .map(|x| x.text().len() + 1)
                .sum::<usize>()
        })
        .sum();
    let mut out = String::with_capacity(cap);
    let mut first = true;
    for &b in selected {
        let (s, e) = blocks.ranges[b as usize];
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
pub fn not_parsed(
    dialect: Dialect,
    rules: &[Rule],
    config: &str,
) -> Result<NotParsed, crate::CoreError> {
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
    Ok(NotParsed {
        remaining_cfg: strip(&remaining).to_string(),
        section_not_found,
    })
}
