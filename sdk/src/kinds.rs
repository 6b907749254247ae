//! One trait per plugin kind, implemented by a plugin author and exported with the kind's
//! macro (`export_postprocessor!` etc. for WASM, `export_native!` for a native library).
//!
//! The functions are associated functions (no `self`): a WASM instance is fresh per call,
//! so a plugin has no state to carry between calls.

use crate::{DriverSpec, Findings, PluginInfo};

/// What every plugin has: its identity.
pub trait Plugin {
    fn info() -> PluginInfo;
}

/// One step of the postprocessing chain: `context` is a JSON object.
pub trait Postprocessor: Plugin {
    fn process(config: String, context: String) -> Result<String, String>;
}

/// Source-of-truth data in, source-of-truth data out, both JSON text.
pub trait Transposer: Plugin {
    fn transpose(data: String) -> Result<String, String>;
}

/// A custom compliance function for one feature.
pub trait Compliance: Plugin {
    fn check(feature: String, actual: String, intended: String) -> Result<Findings, String>;
}

/// A platform driver: the platform as data, plus cleanup of raw backups.
pub trait Driver: Plugin {
    fn describe() -> DriverSpec;
    fn clean(raw: String) -> Result<String, String>;
}

/// A custom remediation: the commands that take `running` to `intended` on `platform`.
pub trait Remediation: Plugin {
    fn remediate(platform: String, running: String, intended: String) -> Result<String, String>;
}
