//! Which remediation a platform gets. First `[golden.remediation.PLATFORM]` of aurum.toml: a
//! remediation plugin (`plugin = "NAME"`) or option overrides of the built-in hier_config-style
//! engine. Else the setting's Golden Config `remediation_settings` entry for the platform:
//! `hierconfig` with `remediation_options`, or `custom_remediation` with
//! `remediation_options: { plugin: NAME }`. Else the built-in engine with the rules of the
//! platform's driver (`crate::platform`).

use std::sync::Arc;

use aurum_config::{GoldenConfig, PlatformRemediation};
use aurum_core::remediation::{RemediationOptions, Remediator};

use crate::platform::PlatformProfile;
use aurum_core::rules::RemediationSetting;
use aurum_plugin::{Registry, RemediationPlugin};

/// The key of a Golden Config `remediation_options` mapping that names a remediation plugin.
const PLUGIN_KEY: &str = PlatformRemediation::PLUGIN_KEY;

/// What is wrong with a configuration's remediation tables, and where in its file.
#[derive(Debug)]
pub struct ConfigProblem {
    pub span: std::ops::Range<usize>,
    pub message: String,
}

/// The remediation of one platform, decided once per job.
pub enum Remediation {
    Builtin(Box<Remediator>),
    Plugin {
        name: String,
        network_os: String,
        plugin: Arc<dyn RemediationPlugin>,
    },
}

impl Remediation {
    /// The remediation configured for `profile`'s platform (its inventory name is the key
    /// of `[golden.remediation.*]`).
    pub fn for_platform(
        golden: &GoldenConfig,
        settings: &[RemediationSetting],
        registry: &Registry,
        profile: &PlatformProfile,
    ) -> Result<Remediation, String> {
        let (platform, network_os) = (profile.name.as_str(), profile.network_os.as_str());
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
                Some(setting) => Self::from_setting(setting, registry, profile),
                None => profile
                    .remediator(&serde_json::Value::Null)
                    .map(|r| Remediation::Builtin(Box::new(r)))
                    .map_err(|e| format!("remediation of platform `{platform}`: {e}")),
            };
        };
        let section = format!("[golden.remediation.{platform}]");
        if let Some((_, name)) = table.plugin() {
            let name = name
                .as_str()
                .ok_or_else(|| format!("{section} plugin must be a plugin name (a string)"))?;
            if let Some((other, _, _)) = table.options().next() {
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
        profile
            .remediator(&overrides)
            .map(|r| Remediation::Builtin(Box::new(r)))
            .map_err(|e| format!("{section}: {e}"))
    }

    /// A Golden Config `remediation_settings` entry.
    fn from_setting(
        setting: &RemediationSetting,
        registry: &Registry,
        profile: &PlatformProfile,
    ) -> Result<Remediation, String> {
        let (platform, network_os) = (profile.name.as_str(), profile.network_os.as_str());
        let section = format!("remediation_settings entry of platform `{platform}`");
        match setting.remediation_type.as_str() {
            "hierconfig" => profile
                .remediator(&setting.remediation_options)
                .map(|r| Remediation::Builtin(Box::new(r)))
                .map_err(|e| format!("{section}: {e}")),
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

    /// Checks every `[golden.remediation.PLATFORM]` of a loaded configuration, so a misspelt
    /// or mistyped option is an error of `aurum config check` (and of every command) instead of
    /// a failure of the next compliance job. The error carries the byte range of the key.
    pub fn check_config(golden: &GoldenConfig) -> Result<(), ConfigProblem> {
        for (platform, table) in &golden.remediation {
            let problem = |span: std::ops::Range<usize>, message: String| ConfigProblem {
                span,
                message: format!("[golden.remediation.{platform}] {message}"),
            };
            if let Some((span, value)) = table.plugin() {
                if !value.is_str() {
                    return Err(problem(
                        span,
                        "plugin must be a plugin name (a string)".into(),
                    ));
                }
                if let Some((other, span, _)) = table.options().next() {
                    return Err(problem(
                        span,
                        format!(
                            "sets `{other}` beside `plugin`; options of the built-in engine do \
                             not apply to a plugin: remove one or the other"
                        ),
                    ));
                }
            }
            for (key, span, value) in table.options() {
                let value = serde_json::to_value(value)
                    .map_err(|e| problem(span.clone(), e.to_string()))?;
                RemediationOptions::check_override(key, &value)
                    .map_err(|message| problem(span, message))?;
            }
        }
        Ok(())
    }

    /// The commands that take `running` to `intended`. A plugin's failure is an error naming the plugin, never an empty remediation that
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
            } => crate::plugin_calls::timed(name, "remediation", || {
                plugin.remediate(network_os, running, intended)
            })
            .map_err(|e| format!("remediation plugin `{name}`: {e}")),
        }
    }
}
