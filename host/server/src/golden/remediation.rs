//! Which remediation a platform gets: a remediation plugin named in
//! `[golden.remediation.PLATFORM] plugin = "NAME"`, the built-in hier_config-style engine
//! (with that table's other keys as option overrides), or none for platforms the engine does
//! not know.

use std::sync::Arc;

use aurum_config::GoldenConfig;
use aurum_core::remediation::{RemediationOptions, Remediator};
use aurum_plugin::{Registry, RemediationPlugin};

/// The key of a `[golden.remediation.PLATFORM]` table that names a remediation plugin.
const PLUGIN_KEY: &str = "plugin";

/// The remediation of one platform, decided once per job.
pub enum Remediation {
    Builtin(Box<Remediator>),
    Plugin {
        name: String,
        network_os: String,
        plugin: Arc<dyn RemediationPlugin>,
    },
    /// Platforms the built-in engine does not know get compliance without remediation.
    Unavailable,
}

impl Remediation {
    /// The remediation configured for `platform` (its inventory name, the key of
    /// `[golden.remediation.*]`), whose network OS is `network_os`.
    pub fn for_platform(
        golden: &GoldenConfig,
        registry: &Registry,
        platform: &str,
        network_os: &str,
    ) -> Result<Remediation, String> {
        let Some(table) = golden.remediation.get(platform) else {
            return Ok(RemediationOptions::for_platform(network_os)
                .and_then(|options| Remediator::new(network_os, &options))
                .map_or(Remediation::Unavailable, |r| {
                    Remediation::Builtin(Box::new(r))
                }));
        };
        let section = format!("[golden.remediation.{platform}]");
        if let Some(name) = table.get(PLUGIN_KEY) {
            let name = name
                .as_str()
                .ok_or_else(|| format!("{section} plugin must be a plugin name (a string)"))?;
            if let Some(other) = table.keys().find(|k| *k != PLUGIN_KEY) {
                return Err(format!(
                    "{section} names plugin `{name}` and also sets `{other}`; options of the \
                     built-in engine do not apply to a plugin: remove one or the other"
                ));
            }
            let plugin = registry
                .remediation(name)
                .map_err(|e| format!("{section} plugin = \"{name}\": {e}"))?;
            return Ok(Remediation::Plugin {
                name: name.to_owned(),
                network_os: network_os.to_owned(),
                plugin,
            });
        }
        let overrides = serde_json::to_value(table).map_err(|e| e.to_string())?;
        let options = RemediationOptions::for_platform_with(network_os, &overrides)
            .map_err(|e| format!("{section}: {e}"))?;
        Remediator::new(network_os, &options)
            .map(|r| Remediation::Builtin(Box::new(r)))
            .map_err(|e| format!("{section}: {e}"))
    }

    /// The commands that take `running` to `intended`; empty when there is no remediation.
    /// A plugin's failure is an error naming the plugin, never an empty remediation that
    /// would read as "nothing to do".
    pub fn remediate(&self, running: &str, intended: &str) -> Result<String, String> {
        match self {
            Remediation::Builtin(remediator) => remediator
                .remediate(running, intended)
                .map_err(|e| e.to_string()),
            Remediation::Plugin {
                name,
                network_os,
                plugin,
            } => plugin
                .remediate(network_os, running, intended)
                .map_err(|e| format!("remediation plugin `{name}`: {e}")),
            Remediation::Unavailable => Ok(String::new()),
        }
    }
}
