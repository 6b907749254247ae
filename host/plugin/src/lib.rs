//! The plugin registry and its backends.
//!
//! Platform drivers, compliance functions, source-of-truth transposers and postprocessors are
//! plugins, looked up by name. Each kind is a trait ([`DriverPlugin`], [`CompliancePlugin`],
//! [`TransposerPlugin`], [`PostprocessorPlugin`], [`RemediationPlugin`]); each backend
//! implements them:
//! - **builtin**: Rust inside the host ([`builtin`]);
//! - **wasm**: WebAssembly components of the `aurum:plugin` worlds, sandboxed by wasmtime
//!   (deadline, memory, table and instance limits, WASI with nothing granted), compiled once
//!   and cached on disk under an HMAC;
//! - **rhai**: scripts with the same function names, each on its own hardened engine;
//! - **native**: `cdylib`s through a versioned C ABI, trusted and unsandboxed, loaded from a
//!   copy of exactly the bytes that were verified.
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

pub use aurum_sdk::{
    API_VERSION, Checkpoint, Command, ConfirmedCommit, DriverSpec, Findings, PluginInfo,
    PluginKind, SafeApply,
};
pub use check::{CheckReport, check_entry};
pub use error::PluginError;
pub use limits::{
    DEFAULT_MAX_ARRAY_LEN, DEFAULT_MAX_CALL_DEPTH, DEFAULT_MAX_INSTANCES, DEFAULT_MAX_MAP_LEN,
    DEFAULT_MAX_MEMORIES, DEFAULT_MAX_OPERATIONS, DEFAULT_MAX_STRING_BYTES,
    DEFAULT_MAX_TABLE_ELEMENTS, DEFAULT_MAX_TABLES, DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_MS, Limits,
};
pub use load::load_entry;
pub use plugin::Plugin;
pub use registry::{PluginSummary, Registry, RegistryBuilder};
pub use traits::{
    CompliancePlugin, DriverPlugin, PostprocessorPlugin, RemediationPlugin, TransposerPlugin,
};
