//! The WebAssembly backend: components built against a world of `sdk/wit`, run by wasmtime.
//!
//! Compile once (or load from the on-disk cache), link once into an `InstancePre`, then
//! instantiate into a fresh `Store` per call (a driver's `clean()` excepted: it reuses the
//! driver's idle instances, see `idle`), so no state leaks from one call to the next and
//! a trap poisons nothing. Each store has an epoch deadline and a memory limit, and WASI with
//! nothing granted: no filesystem, no environment, no network.

mod bindings;
mod cache;
mod convert;
mod engine;
mod idle;
mod plugin;
mod store;

use std::path::Path;

use aurum_sdk::PluginKind;
use wasmtime::component::{Component, Linker, types::ComponentItem};

pub(crate) use plugin::WasmPlugin;
use plugin::WorldPre;
use store::State;

use crate::contract::check_info;
use crate::{Limits, PluginError};

/// Compiles (or loads from `cache_dir`), links and checks one WASM plugin.
pub(crate) fn load(
    name: &str,
    kind: PluginKind,
    path: &Path,
    bytes: &[u8],
    limits: Limits,
    cache_dir: &Path,
) -> Result<WasmPlugin, PluginError> {
    let compile_error = |reason: String| PluginError::Compile {
        name: name.to_owned(),
        path: path.to_owned(),
        reason,
    };
    let engine = engine::engine().map_err(compile_error)?;
    let component =
        cache::load_or_compile(engine, cache_dir, name, bytes).map_err(compile_error)?;

    let mut linker = Linker::<State>::new(engine);
    wasmtime_wasi::p2::add_to_linker_sync(&mut linker)
        .map_err(|e| compile_error(format!("{e:#}")))?;
    let instance_pre = linker.instantiate_pre(&component).map_err(|e| {
        PluginError::refused(
            name,
            format!("it imports something the host does not provide: {e:#}"),
        )
    })?;

    let pre = match kind {
        PluginKind::Driver => driver_pre(instance_pre).map(WorldPre::Driver),
        PluginKind::Compliance => compliance_pre(instance_pre).map(WorldPre::Compliance),
        PluginKind::Transposer => transposer_pre(instance_pre).map(WorldPre::Transposer),
        PluginKind::Postprocessor => postprocessor_pre(instance_pre).map(WorldPre::Postprocessor),
        PluginKind::Remediation => remediation_pre(instance_pre).map(WorldPre::Remediation),
    }
    .map_err(|e| match exported_kind(engine, &component) {
        Some((_, version)) if version != CONTRACT_VERSION => PluginError::refused(
            name,
            format!(
                "it was built against aurum:plugin@{version}, this host speaks {CONTRACT_VERSION}; \
                 rebuild it against a matching aurum-sdk"
            ),
        ),
        Some((actual, _)) => PluginError::WrongKind {
            name: name.to_owned(),
            expected: kind,
            actual,
        },
        None => PluginError::refused(
            name,
            format!("it does not implement the `{kind}` world of aurum:plugin: {e:#}"),
        ),
    })?;

    let plugin = WasmPlugin::new(name, limits, pre)?;
    check_info(name, kind, plugin.info())?;
    Ok(plugin)
}

fn driver_pre(
    pre: wasmtime::component::InstancePre<State>,
) -> wasmtime::Result<bindings::driver::DriverPre<State>> {
    bindings::driver::DriverPre::new(pre)
}

fn compliance_pre(
    pre: wasmtime::component::InstancePre<State>,
) -> wasmtime::Result<bindings::compliance::CompliancePre<State>> {
    bindings::compliance::CompliancePre::new(pre)
}

fn transposer_pre(
    pre: wasmtime::component::InstancePre<State>,
) -> wasmtime::Result<bindings::transposer::TransposerPre<State>> {
    bindings::transposer::TransposerPre::new(pre)
}

fn remediation_pre(
    pre: wasmtime::component::InstancePre<State>,
) -> wasmtime::Result<bindings::remediation::RemediationPre<State>> {
    bindings::remediation::RemediationPre::new(pre)
}

fn postprocessor_pre(
    pre: wasmtime::component::InstancePre<State>,
) -> wasmtime::Result<bindings::postprocessor::PostprocessorPre<State>> {
    bindings::postprocessor::PostprocessorPre::new(pre)
}

/// The version of the WIT package the host's bindings were generated from.
const CONTRACT_VERSION: &str = aurum_sdk::API_VERSION;

/// Which kind's interface a component exports, and at which contract version, to name the
/// real kind (or the stale contract) in the error when it does not fit its entry.
fn exported_kind(engine: &wasmtime::Engine, component: &Component) -> Option<(PluginKind, String)> {
    component
        .component_type()
        .exports(engine)
        .find_map(|(export, item)| {
            if !matches!(item.ty, ComponentItem::ComponentInstance(_)) {
                return None;
            }
            let (interface, version) = export.strip_prefix("aurum:plugin/")?.split_once('@')?;
            let kind = match interface {
                "driver-api" => PluginKind::Driver,
                "compliance-api" => PluginKind::Compliance,
                "transposer-api" => PluginKind::Transposer,
                "postprocessor-api" => PluginKind::Postprocessor,
                "remediation-api" => PluginKind::Remediation,
                _ => return None,
            };
            Some((kind, version.to_owned()))
        })
}
