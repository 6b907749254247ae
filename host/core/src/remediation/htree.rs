//! hier_config's configuration tree: an arena of nodes, children looked up by text.

use super::compiled::{Cl, Compiled};
use crate::error::CoreError;
use crate::tree::hash_str;
use std::borrow::Cow;
use std::collections::HashMap;

pub(crate) type Id = u32;
pub(crate) const ROOT: Id = 0;

/// A node's children, in order; up to six without a heap allocation.
pub(crate) type Children = smallvec::SmallVec<[Id; 6]>;

#[derive(Debug, Clone)]
pub(crate) struct Node<'a> {
    pub text: Cow<'a, str>,
    pub parent: Id,
    pub children: Children,
    pub weight: i32,
    pub indent: i32,
    /// Leaf tags; boxed because almost every node has none.
    pub tags: Option<Box<[String]>>,
    /// Hash of `text`, cached: every diff step looks children up by text.
    pub h: u64,
}

/// A hier_config tree; `o` holds the platform rules used by lineage tests.
pub(crate) struct HTree<'a, 'o> {
    pub nodes: Vec<Node<'a>>,
    map: HashMap<(Id, u64), Id, crate::tree::FxBuild>,
    /// Set when some parent may have two children with the same text (a duplicate its
    /// lineage allows, a rename onto a sibling's text): [`HTree::siblings_unique`] then
    /// looks, and otherwise knows without a walk.
    repeated: bool,
    pub o: &'o Compiled,
}

impl<'a, 'o> HTree<'a, 'o> {
    pub fn new(o: &'o Compiled) -> Self {
        Self::with_capacity(o, 0)
    }

    pub fn with_capacity(o: &'o Compiled, n: usize) -> Self {
        let root = Node {
            text: Cow::Borrowed(""),
            parent: ROOT,
            children: Children::new(),
            weight: 0,
            indent: -1,
            tags: None,
            h: 0,
        };
        let mut nodes = Vec::with_capacity(n + 1);
        nodes.push(root);
        HTree {
            nodes,
            map: HashMap::with_capacity_and_hasher(n, Default::default()),
            repeated: false,
            o,
        }
    }

    pub fn text(&self, id: Id) -> &str {
        &self.nodes[id as usize].text
    }

    pub fn children(&self, id: Id) -> &[Id] {
        &self.nodes[id as usize].children
    }

    pub fn parent(&self, id: Id) -> Id {
        self.nodes[id as usize].parent
    }

    pub fn depth(&self, mut id: Id) -> usize {
        let mut d = 0;
        while id != ROOT {
            d += 1;
            id = self.parent(id);
        }
        d
    }

    /// The first child of `parent` with this text (hier_config's `children.get`).
    pub fn get(&self, parent: Id, text: &str) -> Option<Id> {
        self.get_hashed(parent, text, hash_str(text))
    }

    /// [`HTree::get`] with the text's hash already known (from another tree's node).
    pub fn get_hashed(&self, parent: Id, text: &str, h: u64) -> Option<Id> {
        let hit = self.map.get(&(parent, h)).copied();
        match hit {
            Some(id) if self.text(id) == text => Some(id),
            Some(_) => self
                .children(parent)
                .iter()
                .copied()
                .find(|c| self.text(*c) == text),
            None => None,
        }
    }

    /// A detached node (hier_config's `instantiate_child`).
    pub fn instantiate(&mut self, parent: Id, text: Cow<'a, str>) -> Id {
        self.instantiate_hashed(parent, text, None)
    }

    /// [`HTree::instantiate`] with the stripped text's hash when the caller knows it.
    pub fn instantiate_hashed(&mut self, parent: Id, text: Cow<'a, str>, h: Option<u64>) -> Id {
        self.push_node(parent, strip_cow(text), h)
    }

    /// Adds a detached node whose text is already stripped.
    fn push_node(&mut self, parent: Id, text: Cow<'a, str>, h: Option<u64>) -> Id {
        let h = h.unwrap_or_else(|| hash_str(&text));
        self.nodes.push(Node {
            text,
            parent,
            children: Children::new(),
            weight: 0,
            indent: 0,
            tags: None,
            h,
        });
        (self.nodes.len() - 1) as Id
    }

    pub fn append(&mut self, parent: Id, child: Id, update_mapping: bool) {
        self.nodes[parent as usize].children.push(child);
        let key = (parent, self.nodes[child as usize].h);
        if !update_mapping {
            // Left out of the text index: only a full walk can tell whether it repeats.
            self.repeated = true;
        } else if *self.map.entry(key).or_insert(child) != child {
            self.repeated = true;
        }
    }

    /// hier_config's `add_child`: duplicates are errors unless the parent allows them.
    pub fn add_child(
        &mut self,
        parent: Id,
        text: Cow<'a, str>,
        return_if_present: bool,
        check: bool,
    ) -> Result<Id, String> {
        let stripped = crate::text::strip(&text);
        if stripped.is_empty() {
            return Err("text was empty".into());
        }
        let h = hash_str(stripped);
        let existing = if check {
            match self.map.entry((parent, h)) {
                std::collections::hash_map::Entry::Vacant(v) => {
                    // Fast path: a new text under this parent — one hash probe in all.
                    let c = self.nodes.len() as Id;
                    self.nodes.push(Node {
                        text,
                        parent,
                        children: Children::new(),
                        weight: 0,
                        indent: 0,
                        tags: None,
                        h,
                    });
                    self.nodes[parent as usize].children.push(c);
                    v.insert(c);
                    return Ok(c);
                }
                std::collections::hash_map::Entry::Occupied(o) => {
                    let id = *o.get();
                    if self.nodes[id as usize].text == stripped {
                        Some(id)
                    } else {
                        self.nodes[parent as usize]
                            .children
                            .iter()
                            .copied()
                            .find(|c| self.nodes[*c as usize].text == stripped)
                    }
                }
            }
        } else {
            None
        };
        if let Some(existing) = existing {
            if self.dup_allowed(parent) {
                let c = self.push_node(parent, text, Some(h));
                self.append(parent, c, false);
                return Ok(c);
            }
            if return_if_present {
                return Ok(existing);
            }
            return Err(format!(
                "duplicate line `{text}` under `{}`",
                self.path(parent).join(" / ")
            ));
        }
        let c = self.push_node(parent, text, Some(h));
        self.append(parent, c, true);
        Ok(c)
    }

    pub fn path(&self, mut id: Id) -> Vec<String> {
        let mut v = Vec::new();
        while id != ROOT {
            v.push(self.text(id).to_string());
            id = self.parent(id);
        }
        v.reverse();
        v
    }

    fn dup_allowed(&self, parent: Id) -> bool {
        parent != ROOT
            && self
                .o
                .dup_allowed
                .iter()
                .any(|l| self.lineage_match(parent, l))
    }

    /// Lineage of `id` (outermost first) matches `rules` exactly.
    pub fn lineage_match(&self, id: Id, rules: &Cl) -> bool {
        if id == ROOT || self.depth(id) != rules.len() {
            return false;
        }
        let mut cur = id;
        for r in rules.iter().rev() {
            if !r.is_match(self.text(cur)) {
                return false;
            }
            cur = self.parent(cur);
        }
        true
    }

    /// Rebuilds `parent`'s text index after a child was renamed or removed.
    pub fn rebuild_mapping(&mut self, parent: Id, old_text_hash: Option<u64>) {
        if let Some(h) = old_text_hash {
            self.map.remove(&(parent, h));
        }
        let kids = self.nodes[parent as usize].children.clone();
        for c in &kids {
            self.map.remove(&(parent, self.nodes[*c as usize].h));
        }
        for c in kids {
            let key = (parent, self.nodes[c as usize].h);
            self.map.entry(key).or_insert(c);
        }
    }

    /// Renames the children of `parent` that `rename` gives a new text for, then indexes the
    /// parent's children once. Renaming one at a time ([`HTree::set_text`]) scans the
    /// siblings for each, and an IOS ACL renumbers every entry.
    pub fn rename_children(&mut self, parent: Id, mut rename: impl FnMut(&str) -> Option<String>) {
        let kids = self.nodes[parent as usize].children.clone();
        for c in &kids {
            self.map.remove(&(parent, self.nodes[*c as usize].h));
        }
        for c in &kids {
            let Some(text) = rename(self.text(*c)) else {
                continue;
            };
            let t = crate::text::strip(&text);
            let text = if t.len() == text.len() {
                text
            } else {
                t.to_string()
            };
            let node = &mut self.nodes[*c as usize];
            node.h = hash_str(&text);
            node.text = Cow::Owned(text);
        }
        for c in kids {
            let key = (parent, self.nodes[c as usize].h);
            if *self.map.entry(key).or_insert(c) != c {
                self.repeated = true;
            }
        }
    }

    /// Renames a node, keeping the parent's index pointing at the first child of each text.
    pub fn set_text(&mut self, id: Id, text: String) {
        let p = self.parent(id);
        let old = self.nodes[id as usize].h;
        let t = crate::text::strip(&text);
        let new_text = if t.len() == text.len() {
            Cow::Owned(text)
        } else {
            Cow::Owned(t.to_string())
        };
        let old_text = std::mem::replace(&mut self.nodes[id as usize].text, new_text);
        self.nodes[id as usize].h = hash_str(self.text(id));
        if self.map.get(&(p, old)) == Some(&id) {
            self.map.remove(&(p, old));
            if let Some(c) =
                self.children(p).iter().copied().find(|c| {
                    *c != id && self.nodes[*c as usize].h == old && self.text(*c) == old_text
                })
            {
                self.map.insert((p, old), c);
            }
        }
        if !self.children(p).contains(&id) {
            return;
        }
        let new = self.nodes[id as usize].h;
        match self.map.get(&(p, new)).copied() {
            None => {
                self.map.insert((p, new), id);
            }
            Some(c) if c != id => {
                self.repeated = true;
                // Keep the earlier of the two (setdefault order).
                let kids = self.children(p);
                let (pc, pi) = (
                    kids.iter().position(|k| *k == c),
                    kids.iter().position(|k| *k == id),
                );
                if pi < pc || pc.is_none() {
                    self.map.insert((p, new), id);
                }
            }
            Some(_) => {}
        }
    }

    pub fn delete(&mut self, id: Id) {
        let p = self.parent(id);
        let old = self.nodes[id as usize].h;
        let kids = &mut self.nodes[p as usize].children;
        let before = kids.len();
        kids.retain(|c| *c != id);
        if kids.len() != before {
            self.rebuild_mapping(p, Some(old));
        }
    }

    /// Removes every child of `parent` with this text.
    pub fn delete_text(&mut self, parent: Id, text: &str) {
        if self.get(parent, text).is_none() {
            return;
        }
        let keep: Children = self
            .children(parent)
            .iter()
            .copied()
            .filter(|c| self.text(*c) != text)
            .collect();
        self.nodes[parent as usize].children = keep;
        self.rebuild_mapping(parent, Some(hash_str(text)));
    }

    /// Pre-order list of all nodes below `id`.
    pub fn all_children(&self, id: Id) -> Vec<Id> {
        let mut out = Vec::new();
        let mut stack: Vec<Id> = self.children(id).iter().rev().copied().collect();
        while let Some(n) = stack.pop() {
            out.push(n);
            stack.extend(self.children(n).iter().rev());
        }
        out
    }

    /// Children sorted by order weight (stable), as hier_config's `sorted(children)`.
    pub fn sorted_children(&self, id: Id) -> Vec<Id> {
        let mut v = self.children(id).to_vec();
        v.sort_by_key(|c| self.nodes[*c as usize].weight);
        v
    }

    /// Tags of a node: its own when a leaf, its children's union when a branch.
    pub fn tags(&self, id: Id) -> Vec<&str> {
        let n = &self.nodes[id as usize];
        if n.children.is_empty() {
            return n
                .tags
                .iter()
                .flat_map(|t| t.iter())
                .map(String::as_str)
                .collect();
        }
        let mut out: Vec<&str> = Vec::new();
        for c in &n.children {
            for t in self.tags(*c) {
                if !out.contains(&t) {
                    out.push(t);
                }
            }
        }
        out
    }

    pub fn tags_add(&mut self, id: Id, tags: &[String]) {
        if self.nodes[id as usize].children.is_empty() {
            let n = &mut self.nodes[id as usize];
            let mut own: Vec<String> = n.tags.take().map(Vec::from).unwrap_or_default();
            for t in tags {
                if !own.contains(t) {
                    own.push(t.clone());
                }
            }
            n.tags = Some(own.into_boxed_slice());
        } else {
            for c in self.nodes[id as usize].children.clone() {
                self.tags_add(c, tags);
            }
        }
    }

    /// Copies `src` (a node of another tree) under `parent`, with its subtree.
    pub fn add_deep_copy_of(
        &mut self,
        parent: Id,
        src: &HTree<'a, '_>,
        node: Id,
    ) -> Result<Id, String> {
        let new = self.add_shallow_copy_of(parent, src, node)?;
        for c in src.children(node) {
            self.add_deep_copy_of(new, src, *c)?;
        }
        Ok(new)
    }

    pub fn add_shallow_copy_of(
        &mut self,
        parent: Id,
        src: &HTree<'a, '_>,
        node: Id,
    ) -> Result<Id, String> {
        let n = &src.nodes[node as usize];
        let new = self.add_child(parent, n.text.clone(), false, true)?;
        self.nodes[new as usize].weight = n.weight;
        if let Some(tags) = n
            .tags
            .as_ref()
            .filter(|t| n.children.is_empty() && !t.is_empty())
        {
            let tags = tags.to_vec();
            self.tags_add(new, &tags);
        }
        Ok(new)
    }

    /// Deep equality of two children lists (hier_config's `HConfigChildren.__eq__`).
    pub fn children_eq(&self, a: Id, other: &HTree<'_, '_>, b: Id) -> bool {
        let (x, y) = (self.children(a), other.children(b));
        if x.is_empty() && y.is_empty() {
            return true;
        }
        if x.len() != y.len() {
            return false;
        }
        let kx: std::collections::HashSet<&str> = x.iter().map(|c| self.text(*c)).collect();
        let ky: std::collections::HashSet<&str> = y.iter().map(|c| other.text(*c)).collect();
        if kx != ky {
            return false;
        }
        let (sx, sy) = (self.sorted_children(a), other.sorted_children(b));
        sx.iter().zip(&sy).all(|(p, q)| {
            self.text(*p) == other.text(*q)
                && {
                    let (mut t1, mut t2) = (self.tags(*p), other.tags(*q));
                    t1.sort_unstable();
                    t2.sort_unstable();
                    t1 == t2
                }
                && self.children_eq(*p, other, *q)
        })
    }

    /// True when no node has two children with the same text (every child is the one its
    /// parent's text index points at; a hash collision only makes this say false).
    pub fn siblings_unique(&self) -> bool {
        !self.repeated
            || self.nodes.iter().enumerate().all(|(p, n)| {
                n.children
                    .iter()
                    .all(|c| self.map.get(&(p as Id, self.nodes[*c as usize].h)) == Some(c))
            })
    }

    /// Error helper.
    pub fn err(platform: &str, reason: impl Into<String>) -> CoreError {
        CoreError::Remediation {
            platform: platform.to_string(),
            reason: reason.into(),
        }
    }
}

/// Strips surrounding whitespace, borrowing when the input borrows.
fn strip_cow(text: Cow<'_, str>) -> Cow<'_, str> {
    match text {
        Cow::Borrowed(s) => Cow::Borrowed(crate::text::strip(s)),
        Cow::Owned(s) => {
            let t = crate::text::strip(&s);
            if t.len() == s.len() {
                Cow::Owned(s)
            } else {
                Cow::Owned(t.to_string())
            }
        }
    }
}
