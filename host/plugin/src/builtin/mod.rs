//! Plugins implemented in Rust inside the host, registered under their names like any other.
//! Other crates add theirs through [`crate::RegistryBuilder::builtin`].

mod identity;
mod json_compliance;

use std::sync::Arc;

use aurum_sdk::{PluginInfo, PluginKind};

use crate::Plugin;

pub use identity::Identity;
pub use json_compliance::JsonCompliance;

/// The builtins every registry starts with.
pub(crate) fn defaults() -> Vec<Plugin> {
    vec![
        Plugin::Compliance(Arc::new(JsonCompliance::new())),
        Plugin::Transposer(Arc::new(Identity::new())),
    ]
}

/// Info for a builtin: versioned with the host.
pub(crate) fn info(name: &str, kind: PluginKind) -> PluginInfo {
    PluginInfo::new(name, env!("CARGO_PKG_VERSION"), kind)
}
