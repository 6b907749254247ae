//! A loaded WASM plugin: its `InstancePre`, instantiated into a fresh store for every call.

use aurum_sdk::{DriverSpec, Findings, PluginInfo};
use serde_json::Value;
use wasmtime::{Store, Trap};

use super::bindings::{compliance, driver, postprocessor, remediation, transposer};
use super::convert::{Info, driver_spec, findings};
use super::engine::deadline_ticks;
use super::idle::Idle;
use super::store::{Hit, State, new_store};
use crate::{
    CompliancePlugin, DriverPlugin, Limits, PluginError, PostprocessorPlugin, RemediationPlugin,
    TransposerPlugin,
};

/// The pre-linked component of one world.
pub(crate) enum WorldPre {
    Driver(driver::DriverPre<State>),
    Compliance(compliance::CompliancePre<State>),
    Transposer(transposer::TransposerPre<State>),
    Postprocessor(postprocessor::PostprocessorPre<State>),
    Remediation(remediation::RemediationPre<State>),
}

pub(crate) struct WasmPlugin {
    name: String,
    limits: Limits,
    pre: WorldPre,
    info: PluginInfo,
    /// A driver's spec, asked once at load: it is data, it does not change between calls.
    spec: Option<DriverSpec>,
    /// A driver's instances between `clean()` calls.
    idle: Idle,
}

impl WasmPlugin {
    /// Asks the plugin who it is (and a driver for its spec); the caller checks the answer.
    pub(crate) fn new(name: &str, limits: Limits, pre: WorldPre) -> Result<Self, PluginError> {
        let mut plugin = WasmPlugin {
            name: name.to_owned(),
            limits,
            pre,
            info: PluginInfo::new(name, "", aurum_sdk::PluginKind::Postprocessor),
            spec: None,
            idle: Idle::default(),
        };
        let (info, spec) = plugin.call(|store| {
            Ok(match &plugin.pre {
                WorldPre::Driver(pre) => {
                    let world = pre.instantiate(&mut *store)?;
                    let api = world.aurum_plugin_driver_api();
                    let info = Info::from(api.call_info(&mut *store)?).0;
                    (info, Some(driver_spec(api.call_describe(&mut *store)?)))
                }
                WorldPre::Compliance(pre) => {
                    let world = pre.instantiate(&mut *store)?;
                    (
                        Info::from(world.aurum_plugin_compliance_api().call_info(store)?).0,
                        None,
                    )
                }
                WorldPre::Transposer(pre) => {
                    let world = pre.instantiate(&mut *store)?;
                    (
                        Info::from(world.aurum_plugin_transposer_api().call_info(store)?).0,
                        None,
                    )
                }
                WorldPre::Postprocessor(pre) => {
                    let world = pre.instantiate(&mut *store)?;
                    (
                        Info::from(world.aurum_plugin_postprocessor_api().call_info(store)?).0,
                        None,
                    )
                }
                WorldPre::Remediation(pre) => {
                    let world = pre.instantiate(&mut *store)?;
                    (
                        Info::from(world.aurum_plugin_remediation_api().call_info(store)?).0,
                        None,
                    )
                }
            })
        })?;
        plugin.info = info;
        plugin.spec = spec;
        Ok(plugin)
    }

    pub(crate) fn info(&self) -> &PluginInfo {
        &self.info
    }

    /// Runs `f` in a fresh store and turns any trap into the `PluginError` that says why.
    fn call<R>(
        &self,
        f: impl FnOnce(&mut Store<State>) -> wasmtime::Result<R>,
    ) -> Result<R, PluginError> {
        let mut store = new_store(&self.limits).map_err(|message| PluginError::Trapped {
            name: self.name.clone(),
            message,
        })?;
        f(&mut store).map_err(|error| self.classify(&error, &store))
    }

    fn classify(&self, error: &wasmtime::Error, store: &Store<State>) -> PluginError {
        let name = self.name.clone();
        let limits = &self.limits;
        match store.data().limiter.hit {
            Some(Hit::Memory) => {
                return PluginError::MemoryLimit {
                    name,
                    limit_mb: limits.memory_mb,
                };
            }
            Some(Hit::TableElements) => {
                return PluginError::limit(
                    &name,
                    "max_table_elements",
                    format!(
                        "a table of more than {} elements",
                        limits.max_table_elements
                    ),
                );
            }
            None => {}
        }
        if error.downcast_ref::<Trap>() == Some(&Trap::Interrupt) {
            return PluginError::DeadlineExceeded {
                name,
                timeout_ms: limits.timeout_ms,
            };
        }
        let message = format!("{error:#}");
        // Counts are checked by wasmtime itself at instantiation; its message is the only
        // sign of which one.
        for (what, setting, limit, noun) in [
            (
                "instance count too high",
                "max_instances",
                limits.max_instances,
                "core instances",
            ),
            (
                "table count too high",
                "max_tables",
                limits.max_tables,
                "tables",
            ),
            (
                "memory count too high",
                "max_memories",
                limits.max_memories,
                "linear memories",
            ),
        ] {
            if message.contains(what) {
                return PluginError::limit(
                    &name,
                    setting,
                    format!("more than {limit} {noun} in one call"),
                );
            }
        }
        let stderr = store.data().stderr.contents();
        let stderr = String::from_utf8_lossy(&stderr);
        let message = if stderr.trim().is_empty() {
            message
        } else {
            format!("{message}; plugin stderr: {}", stderr.trim())
        };
        PluginError::Trapped { name, message }
    }

    fn wrong_world(&self) -> PluginError {
        PluginError::refused(&self.name, "called through the wrong kind (a host bug)")
    }

    fn failed(&self, message: String) -> PluginError {
        PluginError::Failed {
            name: self.name.clone(),
            message,
        }
    }
}

impl PostprocessorPlugin for WasmPlugin {
    fn info(&self) -> &PluginInfo {
        &self.info
    }

    fn process(&self, config: &str, context: &Value) -> Result<String, PluginError> {
        let WorldPre::Postprocessor(pre) = &self.pre else {
            return Err(self.wrong_world());
        };
        let context = context.to_string();
        let result = self.call(|store| {
            let world = pre.instantiate(&mut *store)?;
            world
                .aurum_plugin_postprocessor_api()
                .call_process(store, config, &context)
        })?;
        result.map_err(|message| self.failed(message))
    }
}

impl TransposerPlugin for WasmPlugin {
    fn info(&self) -> &PluginInfo {
        &self.info
    }

    fn transpose(&self, data: &Value) -> Result<Value, PluginError> {
        let WorldPre::Transposer(pre) = &self.pre else {
            return Err(self.wrong_world());
        };
        let data = data.to_string();
        let result = self.call(|store| {
            let world = pre.instantiate(&mut *store)?;
            world
                .aurum_plugin_transposer_api()
                .call_transpose(store, &data)
        })?;
        let json = result.map_err(|message| self.failed(message))?;
        serde_json::from_str(&json).map_err(|e| {
            PluginError::invalid(&self.name, format!("transpose did not return JSON: {e}"))
        })
    }
}

impl CompliancePlugin for WasmPlugin {
    fn info(&self) -> &PluginInfo {
        &self.info
    }

    fn check(&self, feature: &str, actual: &str, intended: &str) -> Result<Findings, PluginError> {
        let WorldPre::Compliance(pre) = &self.pre else {
            return Err(self.wrong_world());
        };
        let result = self.call(|store| {
            let world = pre.instantiate(&mut *store)?;
            world
                .aurum_plugin_compliance_api()
                .call_check(store, feature, actual, intended)
        })?;
        result.map(findings).map_err(|message| self.failed(message))
    }
}

impl RemediationPlugin for WasmPlugin {
    fn info(&self) -> &PluginInfo {
        &self.info
    }

    fn remediate(
        &self,
        platform: &str,
        running: &str,
        intended: &str,
    ) -> Result<String, PluginError> {
        let WorldPre::Remediation(pre) = &self.pre else {
            return Err(self.wrong_world());
        };
        let result = self.call(|store| {
            let world = pre.instantiate(&mut *store)?;
            world
                .aurum_plugin_remediation_api()
                .call_remediate(store, platform, running, intended)
        })?;
        result.map_err(|message| self.failed(message))
    }
}

impl DriverPlugin for WasmPlugin {
    fn info(&self) -> &PluginInfo {
        &self.info
    }

    fn describe(&self) -> Result<DriverSpec, PluginError> {
        self.spec.clone().ok_or_else(|| self.wrong_world())
    }

    fn clean(&self, raw: &str) -> Result<String, PluginError> {
        let WorldPre::Driver(pre) = &self.pre else {
            return Err(self.wrong_world());
        };
        let (mut store, world) = match self.idle.take() {
            Some(instance) => instance,
            None => {
                let mut store =
                    new_store(&self.limits).map_err(|message| PluginError::Trapped {
                        name: self.name.clone(),
                        message,
                    })?;
                let world = pre
                    .instantiate(&mut store)
                    .map_err(|error| self.classify(&error, &store))?;
                (store, world)
            }
        };
        store.set_epoch_deadline(deadline_ticks(self.limits.timeout()));
        match world.aurum_plugin_driver_api().call_clean(&mut store, raw) {
            Ok(result) => {
                self.idle.give_back((store, world));
                result.map_err(|message| self.failed(message))
            }
            Err(error) => Err(self.classify(&error, &store)),
        }
    }
}
