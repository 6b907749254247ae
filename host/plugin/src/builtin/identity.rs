use aurum_sdk::{PluginInfo, PluginKind};
use serde_json::Value;

use crate::{PluginError, TransposerPlugin};

/// The `identity` transposer: source-of-truth data passes through unchanged. The default
/// when a platform needs no transposer, so callers never special-case "none".
pub struct Identity {
    info: PluginInfo,
}

impl Identity {
    pub fn new() -> Self {
        Identity {
            info: super::info("identity", PluginKind::Transposer),
        }
    }
}

impl Default for Identity {
    fn default() -> Self {
        Self::new()
    }
}

impl TransposerPlugin for Identity {
    fn info(&self) -> &PluginInfo {
        &self.info
    }

    fn transpose(&self, data: &Value) -> Result<Value, PluginError> {
        Ok(data.clone())
    }
}
