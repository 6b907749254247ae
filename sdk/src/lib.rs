//! The Aurum plugin contract.
//!
//! This crate is the one thing a plugin author depends on. It holds:
//! - the WIT package `aurum:plugin` (`sdk/wit/plugin.wit`), one world per plugin kind;
//! - the same contract as plain Rust types ([`PluginInfo`], [`DriverSpec`], [`Findings`]),
//!   shared by the host, Rhai scripts (as maps) and native plugins (as JSON);
//! - one trait per kind ([`Postprocessor`], [`Transposer`], [`Compliance`], [`Driver`],
//!   [`Remediation`]) and
//!   an export macro per kind, so a Rust plugin is its functions and nothing else:
//!
//! ```ignore
//! struct Upper;
//! impl aurum_sdk::Plugin for Upper {
//!     fn info() -> aurum_sdk::PluginInfo {
//!         aurum_sdk::PluginInfo::new("upper", env!("CARGO_PKG_VERSION"), aurum_sdk::PluginKind::Postprocessor)
//!     }
//! }
//! impl aurum_sdk::Postprocessor for Upper {
//!     fn process(config: String, _context: String) -> Result<String, String> {
//!         Ok(config.to_uppercase())
//!     }
//! }
//! aurum_sdk::export_postprocessor!(Upper);
//! ```
//!
//! The crate has no host-side dependencies: on `wasm32` it adds only `wit-bindgen`, and on
//! the host only `serde`/`serde_json`.

extern crate self as aurum_sdk;

mod compliance;
mod driver;
mod info;
mod kinds;
pub mod native;
mod safe_apply;

#[cfg(target_arch = "wasm32")]
pub mod guest;
#[cfg(not(target_arch = "wasm32"))]
mod host_stubs;

pub use compliance::Findings;
pub use driver::{
    BannerRule, Command, Credential, Dialect, DriverSpec, Input, Mode, OutputCleanup,
    RemediationRules, Replacement, Step, Transition,
};
pub use info::{
    API_VERSION, PREVIOUS_API_VERSIONS, PluginInfo, PluginKind, api_version_compatible,
};
pub use kinds::{Compliance, Driver, Plugin, Postprocessor, Remediation, Transposer};
pub use safe_apply::{Checkpoint, ConfirmedCommit, SafeApply};

/// Re-exports the generated code of the export macros refers to; not part of the API.
#[doc(hidden)]
pub mod __private {
    pub use serde_json;
    #[cfg(target_arch = "wasm32")]
    pub use wit_bindgen;
}
