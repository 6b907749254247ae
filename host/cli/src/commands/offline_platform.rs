//! The platform an offline `aurum compliance check --platform NAME` or `aurum remediation
//! --platform NAME` works in: a driver plugin of that name from the configuration (a
//! vendor's platform, described by its driver), else a network OS Aurum knows by name.
//! Only that one plugin is loaded, so the common case stays instant.

use anyhow::Context as _;
use aurum_config::PluginKind;
use aurum_services::platform::PlatformProfile;

use crate::context::Context;

/// The profile of `name` (see the module's doc).
pub fn resolve(context: &Context, name: &str) -> anyhow::Result<PlatformProfile> {
    let config = &context.loaded.config;
    let Some(entry) = config
        .plugins
        .get(name)
        .filter(|entry| entry.kind == PluginKind::Driver)
    else {
        return Ok(PlatformProfile::builtin(name));
    };
    let mut only = aurum_config::Config::default();
    only.plugins.insert(name.to_string(), entry.clone());
    let registry = aurum_plugin::Registry::load(&only, &context.data_dir.join("cache/wasm"))
        .with_context(|| format!("--platform {name}: cannot load its driver [plugins.{name}]"))?;
    let spec = registry
        .driver(name)
        .and_then(|driver| driver.describe())
        .with_context(|| format!("--platform {name}: its driver [plugins.{name}] failed"))?;
    PlatformProfile::from_spec(name, &spec, "").map_err(anyhow::Error::msg)
}
