//! Loading one `[plugins.NAME]` entry with its backend.

use std::path::Path;

use aurum_config::{PluginBackend, PluginEntry};

use crate::contract::{kind_of, read_verified};
use crate::native::NativePlugin;
use crate::rhai::RhaiPlugin;
use crate::{Limits, Plugin, PluginError, validate};

/// Loads and checks one plugin entry: the file exists and matches its pin, it compiles, it
/// implements its kind's contract, its `info()` matches the entry, and (for a driver) its
/// spec is valid. `cache_dir` holds compiled WASM components.
pub fn load_entry(
    name: &str,
    entry: &PluginEntry,
    cache_dir: &Path,
) -> Result<Plugin, PluginError> {
    let kind = kind_of(entry.kind);
    let limits = Limits::from_config(&entry.limits);
    let path = entry.backend.path();
    let bytes = read_verified(name, path, entry.sha256.as_deref())?;
    let plugin = match &entry.backend {
        PluginBackend::Wasm(_) => Plugin::of_kind(
            kind,
            crate::wasm::load(name, kind, path, &bytes, limits, cache_dir)?,
        ),
        PluginBackend::Rhai(_) => {
            Plugin::of_kind(kind, RhaiPlugin::load(name, kind, path, &bytes, limits)?)
        }
        PluginBackend::Native(_) => {
            Plugin::of_kind(kind, NativePlugin::load(name, kind, path, &bytes)?)
        }
    };
    if let Plugin::Driver(driver) = &plugin {
        validate::driver_spec(name, &driver.describe()?)?;
    }
    Ok(plugin)
}
