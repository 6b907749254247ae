use aurum_sdk::{Findings, PluginInfo, PluginKind};
use serde_json::{Map, Value};

use crate::{CompliancePlugin, PluginError};

/// The `json` compliance function, for platforms whose configuration is structured data
/// (JSON-RPC, RESTCONF, NX-API). Objects are compared key by key, recursively; anything else
/// by equality. `missing` holds what the intended config has and the actual lacks or has
/// differently, `extra` what only the actual config has, both as JSON objects.
pub struct JsonCompliance {
    info: PluginInfo,
}

impl JsonCompliance {
    pub fn new() -> Self {
        JsonCompliance {
            info: super::info("json", PluginKind::Compliance),
        }
    }
}

impl Default for JsonCompliance {
    fn default() -> Self {
        Self::new()
    }
}

/// What `from` has that `other` lacks or has differently; `None` when nothing.
fn difference(from: &Value, other: &Value) -> Option<Value> {
    match (from, other) {
        (Value::Object(from), Value::Object(other)) => {
            let diff: Map<String, Value> = from
                .iter()
                .filter_map(|(key, value)| match other.get(key) {
                    Some(theirs) => difference(value, theirs).map(|d| (key.clone(), d)),
                    None => Some((key.clone(), value.clone())),
                })
                .collect();
            (!diff.is_empty()).then_some(Value::Object(diff))
        }
        _ if from == other => None,
        _ => Some(from.clone()),
    }
}

fn parse(name: &str, which: &str, text: &str) -> Result<Value, PluginError> {
    if text.trim().is_empty() {
        return Ok(Value::Object(Map::new()));
    }
    serde_json::from_str(text).map_err(|e| PluginError::Failed {
        name: name.to_owned(),
        message: format!("the {which} config is not JSON: {e}"),
    })
}

fn text(value: Option<Value>) -> String {
    value
        .map(|v| serde_json::to_string_pretty(&v).unwrap_or_default())
        .unwrap_or_default()
}

impl CompliancePlugin for JsonCompliance {
    fn info(&self) -> &PluginInfo {
        &self.info
    }

    fn check(&self, _feature: &str, actual: &str, intended: &str) -> Result<Findings, PluginError> {
        let actual = parse(&self.info.name, "actual", actual)?;
        let intended = parse(&self.info.name, "intended", intended)?;
        Ok(Findings {
            compliant: actual == intended,
            missing: text(difference(&intended, &actual)),
            extra: text(difference(&actual, &intended)),
            ordered: false,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_differences_are_reported_both_ways() {
        let json = JsonCompliance::new();
        let actual =
            r#"{"ntp": {"servers": ["10.0.0.1"], "source": "lo0"}, "snmp": {"location": "x"}}"#;
        let intended = r#"{"ntp": {"servers": ["10.0.0.2"], "source": "lo0"}}"#;
        let findings = json.check("ntp", actual, intended).unwrap();
        assert!(!findings.compliant);
        assert!(
            findings.missing.contains("10.0.0.2"),
            "{}",
            findings.missing
        );
        assert!(findings.extra.contains("location"), "{}", findings.extra);
        assert!(!findings.extra.contains("source"), "{}", findings.extra);
        let same = json.check("ntp", intended, intended).unwrap();
        assert!(same.compliant && same.missing.is_empty() && same.extra.is_empty());
        assert!(json.check("ntp", "{", intended).is_err());
    }
}
