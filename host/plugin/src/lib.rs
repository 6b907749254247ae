//! The plugin registry and its backends.
//!
//! Platform drivers, compliance functions, source-of-truth transposers and postprocessors are
//! plugins, looked up by name. Each kind is a trait ([`DriverPlugin`], [`CompliancePlugin`],
//! [`TransposerPlugin`], [`PostprocessorPlugin`], [`RemediationPlugin`]); each backend
//! implements them:
//! - **builtin**: Rust inside the host ([`builtin`]);
//! - **wasm**: WebAssembly components of the `aurum:plugin` worlds, sandboxed by wasmtime
//!   (deadline, memory limit, WASI with nothing granted), compiled once and cached on disk;
//! - **rhai**: scripts with the same function names, on one hardened engine;
//! - **native**: `cdylib`s through a versioned C ABI, trusted and unsandboxed.
//!
//! Start with [`Registry::load`]. Every failure is a [`PluginError`] naming the plugin; a
//! failing call never takes the host down, and the next call works.

pub mod builtin;
mod check;
mod contract;
mod error;
mod limits;
mod load;
mod native;
mod plugin;
mod registry;
mod rhai;
mod traits;
mod validate;
mod wasm;

pub use aurum_sdk::{API_VERSION, DriverSpec, Findings, PluginInfo, PluginKind};
pub use check::{CheckReport, check_entry};
pub use error::PluginError;
pub use limits::{DEFAULT_MAX_OPERATIONS, DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_MS, Limits};
pub use load::load_entry;
pub use plugin::Plugin;
pub use registry::{PluginSummary, Registry, RegistryBuilder};
pub use traits::{
    CompliancePlugin, DriverPlugin, PostprocessorPlugin, RemediationPlugin, TransposerPlugin,
};
