//! `xml` compliance: the subtrees selected by the rule's XPath expressions (one per line of
//! `match_config`; none means the whole document) are flattened into `path = value` lines
//! (elements with text, and `@attribute` values), then compared as line multisets
//! (unordered rules) or sequences (ordered rules). `missing` and `extra` list those lines.
//!
//! The XPath subset covers what configuration rules use: absolute paths, `//` descendants,
//! `*`, and predicates on a child's text or an attribute (`[name='ge-0/0/0']`, `[@id='1']`).

use roxmltree::{Document, Node};

use super::FeatureResult;
use crate::error::CoreError;
use crate::rules::Rule;

pub(crate) fn compare(
    rule: &Rule,
    actual: &str,
    intended: &str,
) -> Result<FeatureResult, CoreError> {
    let steps: Vec<Vec<Step>> = rule
        .match_config
        .iter()
        .map(|path| {
            parse_path(path).map_err(|reason| error(rule, "xpath", format!("`{path}`: {reason}")))
        })
        .collect::<Result<_, _>>()?;
    let a = lines(rule, &steps, actual, "actual")?;
    let i = lines(rule, &steps, intended, "intended")?;
    let ordered_compliant = a == i;
    let missing = difference(&i, &a);
    let extra = difference(&a, &i);
    let unordered_compliant = missing.is_empty() && extra.is_empty();
    Ok(FeatureResult {
        feature: rule.feature.clone(),
        compliant: if rule.ordered {
            ordered_compliant
        } else {
            unordered_compliant
        },
        missing: missing.join("\n"),
        extra: extra.join("\n"),
        cannot_parse: true,
        unordered_compliant,
        ordered_compliant,
        actual: a.join("\n"),
        intended: i.join("\n"),
    })
}

fn error(rule: &Rule, side: &'static str, reason: String) -> CoreError {
    CoreError::Xml {
        feature: rule.feature.clone(),
        side,
        reason,
    }
}

/// One location step: `/name`, `//name`, `*`, with an optional predicate.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Step {
    descendant: bool,
    name: String,
    predicate: Option<Predicate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Predicate {
    Child(String, String),
    Attribute(String, String),
}

fn parse_path(path: &str) -> Result<Vec<Step>, String> {
    let path = path.trim();
    if !path.starts_with('/') {
        return Err("use an absolute path starting with `/` or `//`".to_string());
    }
    let mut steps = Vec::new();
    let mut rest = path;
    while !rest.is_empty() {
        let descendant = rest.starts_with("//");
        rest = rest.trim_start_matches('/');
        let end = step_end(rest);
        let (step, tail) = rest.split_at(end);
        rest = tail;
        if step.is_empty() {
            return Err("empty step".to_string());
        }
        let (name, predicate) = match step.split_once('[') {
            Some((name, predicate)) => {
                let body = predicate.strip_suffix(']').ok_or("unclosed `[`")?;
                let (key, value) = body
                    .split_once('=')
                    .ok_or("predicates look like [child='value'] or [@attr='value']")?;
                let value = value
                    .trim()
                    .trim_matches(|c| c == '\'' || c == '"')
                    .to_string();
                let key = key.trim();
                let predicate = match key.strip_prefix('@') {
                    Some(attribute) => Predicate::Attribute(attribute.to_string(), value),
                    None => Predicate::Child(key.to_string(), value),
                };
                (name.to_string(), Some(predicate))
            }
            None => (step.to_string(), None),
        };
        steps.push(Step {
            descendant,
            name,
            predicate,
        });
    }
    Ok(steps)
}

/// Where the current step ends: at the next `/` outside a predicate.
fn step_end(text: &str) -> usize {
    let mut depth = 0;
    for (index, ch) in text.char_indices() {
        match ch {
            '[' => depth += 1,
            ']' => depth -= 1,
            '/' if depth == 0 => return index,
            _ => {}
        }
    }
    text.len()
}

fn matches(node: Node, step: &Step) -> bool {
    if !node.is_element() || (step.name != "*" && node.tag_name().name() != step.name) {
        return false;
    }
    match &step.predicate {
        None => true,
        Some(Predicate::Attribute(name, value)) => {
            node.attribute(name.as_str()) == Some(value.as_str())
        }
        Some(Predicate::Child(name, value)) => node.children().any(|c| {
            c.is_element()
                && c.tag_name().name() == name
                && c.text().map(str::trim) == Some(value.as_str())
        }),
    }
}

/// Evaluates a path from the document root.
fn select<'a, 'input>(document: &'a Document<'input>, steps: &[Step]) -> Vec<Node<'a, 'input>> {
    let mut current = vec![document.root()];
    for step in steps {
        let mut next = Vec::new();
        for node in current {
            if step.descendant {
                next.extend(node.descendants().filter(|n| matches(*n, step)));
            } else {
                next.extend(node.children().filter(|n| matches(*n, step)));
            }
        }
        next.dedup_by(|a, b| a.id() == b.id());
        current = next;
    }
    current
}

fn lines(
    rule: &Rule,
    steps: &[Vec<Step>],
    text: &str,
    side: &'static str,
) -> Result<Vec<String>, CoreError> {
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    let document =
        Document::parse(text).map_err(|e| error(rule, side, format!("not valid XML: {e}")))?;
    let roots = if steps.is_empty() {
        vec![document.root_element()]
    } else {
        steps
            .iter()
            .flat_map(|path| select(&document, path))
            .collect()
    };
    let mut out = Vec::new();
    for root in roots {
        for node in root.descendants().filter(|n| n.is_element()) {
            let path = element_path(node);
            for attribute in node.attributes() {
                out.push(format!(
                    "{path}/@{} = {}",
                    attribute.name(),
                    attribute.value()
                ));
            }
            let text: String = node
                .children()
                .filter(|c| c.is_text())
                .filter_map(|c| c.text())
                .collect::<String>()
                .trim()
                .to_string();
            if !text.is_empty() {
                out.push(format!("{path} = {text}"));
            } else if !node.children().any(|c| c.is_element()) && node.attributes().len() == 0 {
                out.push(path);
            }
        }
    }
    Ok(out)
}

fn element_path(node: Node) -> String {
    let mut names: Vec<&str> = node
        .ancestors()
        .filter(|n| n.is_element())
        .map(|n| n.tag_name().name())
        .collect();
    names.reverse();
    format!("/{}", names.join("/"))
}

/// The lines of `left` not matched one for one by lines of `right`.
fn difference(left: &[String], right: &[String]) -> Vec<String> {
    let mut pool: Vec<&String> = right.iter().collect();
    let mut out = Vec::new();
    for line in left {
        match pool.iter().position(|r| *r == line) {
            Some(at) => {
                pool.swap_remove(at);
            }
            None => out.push(line.clone()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{ConfigType, Rule};

    const INTENDED: &str = r#"<configuration><system><host-name>r1</host-name>
        <ntp><server><name>10.0.0.1</name></server><server><name>10.0.0.2</name></server></ntp></system>
        <interfaces><interface><name>ge-0/0/0</name><mtu>9192</mtu></interface></interfaces></configuration>"#;

    fn rule(paths: &[&str], ordered: bool) -> Rule {
        Rule::cli("ntp", ordered, paths).with_type(ConfigType::Xml)
    }

    #[test]
    fn selected_subtrees_compare_as_lines() {
        let actual = INTENDED
            .replace("10.0.0.2", "10.9.9.9")
            .replace("9192", "1500");
        let result = compare(
            &rule(&["/configuration/system/ntp"], false),
            &actual,
            INTENDED,
        )
        .unwrap();
        assert!(!result.compliant);
        assert_eq!(
            result.missing,
            "/configuration/system/ntp/server/name = 10.0.0.2"
        );
        assert_eq!(
            result.extra,
            "/configuration/system/ntp/server/name = 10.9.9.9"
        );
        let hostname = compare(&rule(&["//host-name"], false), &actual, INTENDED).unwrap();
        assert!(
            hostname.compliant,
            "the MTU change is outside the selection"
        );
    }

    #[test]
    fn order_matters_only_for_ordered_rules() {
        let swapped = INTENDED
            .replace("10.0.0.1", "TMP")
            .replace("10.0.0.2", "10.0.0.1")
            .replace("TMP", "10.0.0.2");
        assert!(
            compare(&rule(&["//ntp"], false), &swapped, INTENDED)
                .unwrap()
                .compliant
        );
        assert!(
            !compare(&rule(&["//ntp"], true), &swapped, INTENDED)
                .unwrap()
                .compliant
        );
    }

    #[test]
    fn predicates_select_one_entry() {
        let path = "/configuration/interfaces/interface[name='ge-0/0/0']";
        let actual = INTENDED.replace("9192", "1500");
        let result = compare(&rule(&[path], false), &actual, INTENDED).unwrap();
        assert_eq!(
            result.missing,
            "/configuration/interfaces/interface/mtu = 9192"
        );
        let none = compare(
            &rule(
                &["/configuration/interfaces/interface[name='xe-1/0/0']"],
                false,
            ),
            &actual,
            INTENDED,
        )
        .unwrap();
        assert!(none.compliant && none.actual.is_empty());
    }

    #[test]
    fn bad_xml_and_paths_are_errors_naming_the_feature() {
        let err = compare(&rule(&["//ntp"], false), "<a><b></a>", INTENDED)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("feature `ntp`") && err.contains("actual"),
            "{err}"
        );
        let err = compare(&rule(&["ntp"], false), INTENDED, INTENDED)
            .unwrap_err()
            .to_string();
        assert!(err.contains("absolute path"), "{err}");
    }
}
