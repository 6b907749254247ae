//! The registry: every plugin by name, builtin or from `[plugins.NAME]`, loaded and checked
//! once at startup, then handed out as `Arc<dyn Trait>` of the right kind.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use aurum_config::{Config, PluginEntry};
use aurum_sdk::PluginKind;

use crate::check::{self, CheckReport};
use crate::{
    CompliancePlugin, DriverPlugin, Plugin, PluginError, PostprocessorPlugin, RemediationPlugin,
    TransposerPlugin, builtin, load_entry,
};

/// One line of `aurum plugins list`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PluginSummary {
    pub name: String,
    pub kind: PluginKind,
    /// `builtin`, `wasm`, `rhai` or `native`.
    pub backend: &'static str,
    /// The plugin's own version, from its `info()`.
    pub version: String,
    /// The file it was loaded from, or `builtin`.
    pub source: String,
}

struct Registered {
    plugin: Plugin,
    backend: &'static str,
    source: Option<PathBuf>,
}

/// All plugins of the process, by name (names are unique across kinds, so a name used as the
/// wrong kind is reported as such rather than as missing).
pub struct Registry {
    plugins: BTreeMap<String, Registered>,
}

/// Builds a [`Registry`]: the default builtins, any builtins other crates add, then the
/// configured plugins.
pub struct RegistryBuilder {
    builtins: Vec<Plugin>,
}

impl RegistryBuilder {
    /// Adds a builtin (a Rust implementation in the host), registered under its `info().name`.
    pub fn builtin(mut self, plugin: Plugin) -> Self {
        self.builtins.push(plugin);
        self
    }

    /// Registers the builtins, then loads every `[plugins.NAME]` entry of `config`. The first
    /// failure (duplicate name, missing file, digest mismatch, compile error, contract
    /// mismatch) is returned, naming the entry.
    pub fn load(self, config: &Config, cache_dir: &Path) -> Result<Registry, PluginError> {
        let (registry, errors) = self.load_lenient(config, cache_dir);
        match errors.into_iter().next() {
            None => Ok(registry),
            Some(first) => Err(first),
        }
    }

    /// Like [`load`](Self::load), but keeps going: the registry holds every plugin that
    /// loaded, and every failure is returned beside it (builtins first, then entries by
    /// name), for commands that should show all broken entries at once.
    pub fn load_lenient(self, config: &Config, cache_dir: &Path) -> (Registry, Vec<PluginError>) {
        let mut registry = Registry {
            plugins: BTreeMap::new(),
        };
        let mut errors = Vec::new();
        for plugin in self.builtins {
            let name = plugin.info().name.clone();
            let builtin = Registered {
                plugin,
                backend: "builtin",
                source: None,
            };
            if let Err(e) = registry.insert(name, builtin) {
                errors.push(e);
            }
        }
        for (name, entry) in &config.plugins {
            if let Err(e) = registry.load_one(name, entry, cache_dir) {
                errors.push(e);
            }
        }
        (registry, errors)
    }
}

impl Registry {
    /// A builder starting with the default builtins (`json` compliance, `identity`
    /// transposer).
    pub fn builder() -> RegistryBuilder {
        RegistryBuilder {
            builtins: builtin::defaults(),
        }
    }

    /// The default builtins plus every plugin configured in `config`; compiled WASM
    /// components are cached in `cache_dir` (e.g. `<data_dir>/cache/wasm`).
    pub fn load(config: &Config, cache_dir: &Path) -> Result<Registry, PluginError> {
        Registry::builder().load(config, cache_dir)
    }

    fn load_one(
        &mut self,
        name: &str,
        entry: &PluginEntry,
        cache_dir: &Path,
    ) -> Result<(), PluginError> {
        if self.plugins.contains_key(name) {
            return Err(self.duplicate(name, entry.backend.path()));
        }
        let plugin = load_entry(name, entry, cache_dir)?;
        tracing::debug!(
            plugin = %name,
            kind = %plugin.kind(),
            backend = entry.backend.name(),
            version = %plugin.info().version,
            "plugin loaded"
        );
        let source = Some(entry.backend.path().to_owned());
        self.insert(
            name.to_owned(),
            Registered {
                plugin,
                backend: entry.backend.name(),
                source,
            },
        )
    }

    fn insert(&mut self, name: String, registered: Registered) -> Result<(), PluginError> {
        if self.plugins.contains_key(&name) {
            let path = registered
                .source
                .as_deref()
                .unwrap_or(Path::new("builtin"))
                .to_owned();
            return Err(self.duplicate(&name, &path));
        }
        self.plugins.insert(name, registered);
        Ok(())
    }

    fn duplicate(&self, name: &str, second: &Path) -> PluginError {
        let first = self
            .plugins
            .get(name)
            .map(describe_source)
            .unwrap_or_default();
        PluginError::Duplicate {
            name: name.to_owned(),
            first,
            second: second.display().to_string(),
        }
    }

    /// Every plugin, sorted by name.
    pub fn list(&self) -> Vec<PluginSummary> {
        self.plugins
            .iter()
            .map(|(name, r)| PluginSummary {
                name: name.clone(),
                kind: r.plugin.kind(),
                backend: r.backend,
                version: r.plugin.info().version.clone(),
                source: describe_source(r),
            })
            .collect()
    }

    /// The plugin named `name`, of any kind.
    pub fn get(&self, name: &str) -> Result<&Plugin, PluginError> {
        self.plugins
            .get(name)
            .map(|r| &r.plugin)
            .ok_or_else(|| PluginError::NotFound {
                name: name.to_owned(),
                available: self.plugins.keys().cloned().collect(),
            })
    }

    fn wrong_kind(&self, name: &str, expected: PluginKind, plugin: &Plugin) -> PluginError {
        PluginError::WrongKind {
            name: name.to_owned(),
            expected,
            actual: plugin.kind(),
        }
    }

    /// The driver named `name`; `WrongKind` if the name is another kind's, `NotFound` listing
    /// what exists if nothing has it.
    pub fn driver(&self, name: &str) -> Result<Arc<dyn DriverPlugin>, PluginError> {
        match self.get(name)? {
            Plugin::Driver(p) => Ok(p.clone()),
            other => Err(self.wrong_kind(name, PluginKind::Driver, other)),
        }
    }

    /// The compliance function named `name` (see [`Registry::driver`] for the errors).
    pub fn compliance(&self, name: &str) -> Result<Arc<dyn CompliancePlugin>, PluginError> {
        match self.get(name)? {
            Plugin::Compliance(p) => Ok(p.clone()),
            other => Err(self.wrong_kind(name, PluginKind::Compliance, other)),
        }
    }

    /// The transposer named `name` (see [`Registry::driver`] for the errors).
    pub fn transposer(&self, name: &str) -> Result<Arc<dyn TransposerPlugin>, PluginError> {
        match self.get(name)? {
            Plugin::Transposer(p) => Ok(p.clone()),
            other => Err(self.wrong_kind(name, PluginKind::Transposer, other)),
        }
    }

    /// The postprocessor named `name` (see [`Registry::driver`] for the errors).
    pub fn postprocessor(&self, name: &str) -> Result<Arc<dyn PostprocessorPlugin>, PluginError> {
        match self.get(name)? {
            Plugin::Postprocessor(p) => Ok(p.clone()),
            other => Err(self.wrong_kind(name, PluginKind::Postprocessor, other)),
        }
    }

    /// The remediation plugin named `name` (see [`Registry::driver`] for the errors).
    pub fn remediation(&self, name: &str) -> Result<Arc<dyn RemediationPlugin>, PluginError> {
        match self.get(name)? {
            Plugin::Remediation(p) => Ok(p.clone()),
            other => Err(self.wrong_kind(name, PluginKind::Remediation, other)),
        }
    }

    /// Runs the plugin on sample input of its kind and reports what happened; see
    /// [`check_entry`](crate::check_entry) to check an entry without loading the rest.
    pub fn check(&self, name: &str) -> Result<CheckReport, PluginError> {
        let registered = self
            .plugins
            .get(name)
            .ok_or_else(|| PluginError::NotFound {
                name: name.to_owned(),
                available: self.plugins.keys().cloned().collect(),
            })?;
        check::run(
            name,
            &registered.plugin,
            registered.backend,
            describe_source(registered),
        )
    }
}

fn describe_source(r: &Registered) -> String {
    r.source
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "builtin".to_owned())
}
