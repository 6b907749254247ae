//! One trait per plugin kind: what the rest of Aurum calls, whatever the backend.
//!
//! Calls are synchronous and may take up to the plugin's deadline; async callers use
//! `spawn_blocking`. Every implementation is `Send + Sync` and shareable behind an `Arc`.

use aurum_sdk::{DriverSpec, Findings, PluginInfo};
use serde_json::Value;

use crate::PluginError;

/// A platform driver.
pub trait DriverPlugin: Send + Sync {
    fn info(&self) -> &PluginInfo;
    /// The platform as data; validated when the plugin was loaded.
    fn describe(&self) -> Result<DriverSpec, PluginError>;
    /// Turn a backup (already cleaned per the spec's `cleanup`) into the stored config.
    fn clean(&self, raw: &str) -> Result<String, PluginError>;
}

/// A custom compliance (diff) function for one feature.
pub trait CompliancePlugin: Send + Sync {
    fn info(&self) -> &PluginInfo;
    fn check(&self, feature: &str, actual: &str, intended: &str) -> Result<Findings, PluginError>;
}

/// Post-processes source-of-truth data before rendering.
pub trait TransposerPlugin: Send + Sync {
    fn info(&self) -> &PluginInfo;
    fn transpose(&self, data: &Value) -> Result<Value, PluginError>;
}

/// One step of the postprocessing chain of an intended config.
pub trait PostprocessorPlugin: Send + Sync {
    fn info(&self) -> &PluginInfo;
    fn process(&self, config: &str, context: &Value) -> Result<String, PluginError>;
}

/// A custom remediation, replacing the built-in engine for the platforms that name it.
pub trait RemediationPlugin: Send + Sync {
    fn info(&self) -> &PluginInfo;
    /// The commands that take `running` to `intended` on `platform` (a network OS name).
    fn remediate(
        &self,
        platform: &str,
        running: &str,
        intended: &str,
    ) -> Result<String, PluginError>;
}
