//! The WebAssembly backend: components built against a world of `sdk/wit`, run by wasmtime.
//!
//! Compile once (or load from the on-disk cache), link once into an `InstancePre`, then
//! instantiate into a fresh `Store` per call, so no state leaks from one call to the next and
//! a trap poisons nothing. Each store has an epoch deadline and a memory limit, and WASI with
//! nothing granted: no filesystem, no environment, no network.

mod bindings;
mod cache;
mod convert;
mod engine;
mod plugin;
mod store;

use std::path::Path;

use aurum_sdk::PluginKind;
use wasmtime::component::{Component, Linker, types::ComponentItem};

pub(crate) use plugin::WasmPlugin;
use plugin::WorldPre;
use store::State;

use crate::contract::{check_info, hex_digest};
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
    let component = cache::load_or_compile(engine, cache_dir, &hex_digest(bytes), bytes)
        .map_err(compile_error)?;

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
    }
    .map_err(|e| match exported_kind(engine, &component) {
        Some(actual) => PluginError::WrongKind {
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

fn postprocessor_pre(
    pre: wasmtime::component::InstancePre<State>,
) -> wasmtime::Result<bindings::postprocessor::PostprocessorPre<State>> {
    bindings::postprocessor::PostprocessorPre::new(pre)
}

/// Which kind's interface a component exports, to name the real kind in the error when it
/// is registered as another.
fn exported_kind(engine: &wasmtime::Engine, component: &Component) -> Option<PluginKind> {
    component
        .component_type()
        .exports(engine)
        .find_map(|(export, item)| {
            if !matches!(item.ty, ComponentItem::ComponentInstance(_)) {
                return None;
            }
            let interface = export.strip_prefix("aurum:plugin/")?.split('@').next()?;
            match interface {
                "driver-api" => Some(PluginKind::Driver),
                "compliance-api" => Some(PluginKind::Compliance),
                "transposer-api" => Some(PluginKind::Transposer),
                "postprocessor-api" => Some(PluginKind::Postprocessor),
                _ => None,
            }
        })
}
