use aurum_sdk::{Findings, PluginInfo, PluginKind};

use crate::{CompliancePlugin, PluginError};

/// The `json` compliance function, for platforms whose configuration is structured data
/// (JSON-RPC, RESTCONF, NX-API): core's `json` comparison (arrays as multisets), so a `json`
/// rule and this plugin agree. `missing` and `extra` map paths (`root['ntp']['servers'][0]`)
/// to the values intended but absent, and present but not intended.
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

impl CompliancePlugin for JsonCompliance {
    fn info(&self) -> &PluginInfo {
        &self.info
    }

    fn check(&self, feature: &str, actual: &str, intended: &str) -> Result<Findings, PluginError> {
        let result = aurum_core::compliance::compare_documents(feature, false, actual, intended)
            .map_err(|e| PluginError::Failed {
                name: self.info.name.clone(),
                message: e.to_string(),
            })?;
        Ok(Findings {
            compliant: result.compliant,
            missing: result.missing,
            extra: result.extra,
            ordered: result.ordered_compliant,
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
