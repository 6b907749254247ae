use serde::{Deserialize, Serialize};

/// The result of a compliance check for one feature (`aurum:plugin/compliance-api.findings`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Findings {
    pub compliant: bool,
    /// Intended lines absent from the actual config, as config text.
    #[serde(default)]
    pub missing: String,
    /// Actual lines absent from the intended config, as config text.
    #[serde(default)]
    pub extra: String,
    /// Whether order was taken into account.
    #[serde(default)]
    pub ordered: bool,
}
