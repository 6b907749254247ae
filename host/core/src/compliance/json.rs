//! `json` compliance: structural comparison of two JSON documents. `missing` and `extra` are
//! JSON objects mapping paths (`root['interfaces'][0]`) to the values intended but absent, and
//! present but not intended. Unordered rules compare arrays as multisets.

use super::FeatureResult;
use crate::error::CoreError;
use crate::rules::Rule;
use serde_json::{Map, Value};

/// The `json` comparison of two whole documents outside a rule set: what the builtin `json`
/// compliance plugin answers, so both paths share one implementation and one meaning.
pub fn compare_documents(
    feature: &str,
    ordered: bool,
    actual: &str,
    intended: &str,
) -> Result<FeatureResult, CoreError> {
    let rule = Rule::cli(feature, ordered, &[]).with_type(crate::rules::ConfigType::Json);
    compare(&rule, actual, intended)
}

pub(crate) fn compare(
    rule: &Rule,
    actual: &str,
    intended: &str,
) -> Result<FeatureResult, CoreError> {
    let parse = |text: &str, side: &'static str| -> Result<Value, CoreError> {
        if text.trim().is_empty() {
            return Ok(Value::Null);
        }
        serde_json::from_str(text).map_err(|e| CoreError::Json {
            feature: rule.feature.clone(),
            side,
            reason: e.to_string(),
        })
    };
    let a = select(rule, parse(actual, "actual")?);
    let i = select(rule, parse(intended, "intended")?);
    let ordered_compliant = a == i;
    let (mut missing, mut extra) = (Map::new(), Map::new());
    walk(
        &i,
        &a,
        "root".to_string(),
        rule.ordered,
        &mut missing,
        &mut extra,
    );
    let unordered_compliant = ordered_compliant || equal(&i, &a, false);
    let render = |m: Map<String, Value>| {
        if m.is_empty() {
            String::new()
        } else {
            Value::Object(m).to_string()
        }
    };
    Ok(FeatureResult {
        feature: rule.feature.clone(),
        compliant: if rule.ordered {
            ordered_compliant
        } else {
            unordered_compliant
        },
        missing: render(missing),
        extra: render(extra),
        cannot_parse: true,
        unordered_compliant,
        ordered_compliant,
        actual: serde_json::to_string_pretty(&a).unwrap_or_default(),
        intended: serde_json::to_string_pretty(&i).unwrap_or_default(),
    })
}

/// Keeps only the top-level keys named by `match_config` (all when none are given).
fn select(rule: &Rule, v: Value) -> Value {
    match v {
        Value::Object(m) if !rule.match_config.is_empty() => Value::Object(
            m.into_iter()
                .filter(|(k, _)| rule.match_config.iter().any(|p| k == p))
                .collect(),
        ),
        other => other,
    }
}

fn equal(a: &Value, b: &Value, ordered: bool) -> bool {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| equal(v, w, ordered)))
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            if ordered {
                return x.iter().zip(y).all(|(v, w)| equal(v, w, ordered));
            }
            let mut used = vec![false; y.len()];
            x.iter().all(
                |v| match (0..y.len()).find(|j| !used[*j] && equal(v, &y[*j], ordered)) {
                    Some(j) => {
                        used[j] = true;
                        true
                    }
                    None => false,
                },
            )
        }
        _ => a == b,
    }
}

fn walk(
    intended: &Value,
    actual: &Value,
    path: String,
    ordered: bool,
    missing: &mut Map<String, Value>,
    extra: &mut Map<String, Value>,
) {
    match (intended, actual) {
        (Value::Object(i), Value::Object(a)) => {
            for (k, v) in i {
                let p = format!("{path}['{k}']");
                match a.get(k) {
                    Some(w) => walk(v, w, p, ordered, missing, extra),
                    None => {
                        missing.insert(p, v.clone());
                    }
                }
            }
            for (k, w) in a {
                if !i.contains_key(k) {
                    extra.insert(format!("{path}['{k}']"), w.clone());
                }
            }
        }
        (Value::Array(i), Value::Array(a)) if ordered => {
            for (n, v) in i.iter().enumerate() {
                match a.get(n) {
                    Some(w) => walk(v, w, format!("{path}[{n}]"), ordered, missing, extra),
                    None => {
                        missing.insert(format!("{path}[{n}]"), v.clone());
                    }
                }
            }
            for (n, w) in a.iter().enumerate().skip(i.len()) {
                extra.insert(format!("{path}[{n}]"), w.clone());
            }
        }
        (Value::Array(i), Value::Array(a)) => {
            let mut used = vec![false; a.len()];
            for (n, v) in i.iter().enumerate() {
                match (0..a.len()).find(|j| !used[*j] && equal(v, &a[*j], false)) {
                    Some(j) => used[j] = true,
                    None => {
                        missing.insert(format!("{path}[{n}]"), v.clone());
                    }
                }
            }
            for (n, w) in a.iter().enumerate() {
                if !used[n] {
                    extra.insert(format!("{path}[{n}]"), w.clone());
                }
            }
        }
        _ if intended == actual => {}
        _ => {
            if !intended.is_null() {
                missing.insert(path.clone(), intended.clone());
            }
            if !actual.is_null() {
                extra.insert(path, actual.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{ConfigType, Rule};

    fn rule(ordered: bool) -> Rule {
        Rule::cli("ntp", ordered, &[]).with_type(ConfigType::Json)
    }

    #[test]
    fn unordered_arrays_are_multisets() {
        let r = compare(
            &rule(false),
            r#"{"servers":["b","a"]}"#,
            r#"{"servers":["a","b"]}"#,
        )
        .unwrap();
        assert!(r.compliant && !r.ordered_compliant && r.missing.is_empty());
        let r = compare(
            &rule(true),
            r#"{"servers":["b","a"]}"#,
            r#"{"servers":["a","b"]}"#,
        )
        .unwrap();
        assert!(!r.compliant);
        assert_eq!(
            r.missing,
            r#"{"root['servers'][0]":"a","root['servers'][1]":"b"}"#
        );
    }

    #[test]
    fn missing_and_extra_keys() {
        let r = compare(&rule(false), r#"{"a":1,"c":3}"#, r#"{"a":1,"b":2}"#).unwrap();
        assert_eq!(r.missing, r#"{"root['b']":2}"#);
        assert_eq!(r.extra, r#"{"root['c']":3}"#);
        assert!(!r.compliant);
    }

    #[test]
    fn invalid_json_names_feature_and_side() {
        let e = compare(&rule(false), "{", "{}").unwrap_err().to_string();
        assert!(e.contains("ntp") && e.contains("actual"), "{e}");
    }
}
