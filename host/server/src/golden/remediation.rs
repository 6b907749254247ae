//! Which remediation a platform gets. First `[golden.remediation.PLATFORM]` of aurum.toml: a
//! remediation plugin (`plugin = "NAME"`) or option overrides of the built-in hier_config-style
//! engine. Else the setting's Golden Config `remediation_settings` entry for the platform:
//! `hierconfig` with `remediation_options`, or `custom_remediation` with
//! `remediation_options: { plugin: NAME }`. Else the engine's defaults, or none for platforms
//! the engine does not know.

use std::sync::Arc;

use aurum_config::GoldenConfig;
use aurum_core::remediation::{RemediationOptions, Remediator};
use aurum_core::rules::RemediationSetting;
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
        settings: &[RemediationSetting],
        registry: &Registry,
        platform: &str,
        network_os: &str,
    ) -> Result<Remediation, String> {
        let Some(table) = golden.remediation.get(platform) else {
            let matching = settings.iter().find(|s| {
                let is = |name: &Option<String>, value: &str| {
                    name.as_deref()
                        .is_some_and(|n| n.eq_ignore_ascii_case(value))
                };
                is(&s.platform_name, platform)
                    || is(&s.platform_network_driver, network_os)
                    || is(&s.platform_network_driver, platform)
            });
            return match matching {
                Some(setting) => Self::from_setting(setting, registry, platform, network_os),
                None => Ok(RemediationOptions::for_platform(network_os)
                    .and_then(|options| Remediator::new(network_os, &options))
                    .map_or(Remediation::Unavailable, |r| {
                        Remediation::Builtin(Box::new(r))
                    })),
            };
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

    /// A Golden Config `remediation_settings` entry.
    fn from_setting(
        setting: &RemediationSetting,
        registry: &Registry,
        platform: &str,
        network_os: &str,
    ) -> Result<Remediation, String> {
        let section = format!("remediation_settings entry of platform `{platform}`");
        match setting.remediation_type.as_str() {
            "hierconfig" => {
                let options = setting
                    .options(network_os)
                    .map_err(|e| format!("{section}: {e}"))?;
                Remediator::new(network_os, &options)
                    .map(|r| Remediation::Builtin(Box::new(r)))
                    .map_err(|e| format!("{section}: {e}"))
            }
            "custom_remediation" => {
                let name = setting.remediation_options[PLUGIN_KEY]
                    .as_str()
                    .ok_or_else(|| {
                        format!(
                            "{section}: custom_remediation needs `remediation_options: {{ plugin: NAME }}` naming a remediation plugin"
                        )
                    })?;
                let plugin = registry
                    .remediation(name)
                    .map_err(|e| format!("{section}: {e}"))?;
                Ok(Remediation::Plugin {
                    name: name.to_owned(),
                    network_os: network_os.to_owned(),
                    plugin,
                })
            }
            other => Err(format!(
                "{section}: unknown remediation_type `{other}`; use hierconfig or custom_remediation"
            )),
        }
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
