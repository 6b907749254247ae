//! The per-call store: a fresh WASI context with nothing granted, a limiter for memory,
//! tables and instances that records which limit refused, and the call's deadline.

use wasmtime::component::ResourceTable;
use wasmtime::{ResourceLimiter, Store};
use wasmtime_wasi::p2::pipe::MemoryOutputPipe;
use wasmtime_wasi::{WasiCtx, WasiCtxBuilder, WasiCtxView, WasiView};

use super::engine::{deadline_ticks, engine};
use crate::Limits;
use crate::limits::usize_of;

/// How much of a plugin's stderr (its panic message, usually) is kept for the error.
const STDERR_CAPACITY: usize = 4096;

/// The state of one call's store.
pub(crate) struct State {
    wasi: WasiCtx,
    table: ResourceTable,
    pub(crate) limiter: Limiter,
    pub(crate) stderr: MemoryOutputPipe,
}

impl WasiView for State {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.wasi,
            table: &mut self.table,
        }
    }
}

/// Which of the plugin's limits refused a growth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Hit {
    Memory,
    TableElements,
}

/// The store's limits: linear memory and table sizes (checked at instantiation and at every
/// growth) and how many instances, tables and memories a call may create. Growing past a
/// limit traps (rather than failing the growth quietly) and is remembered, so the error can
/// name the limit rather than report a generic trap.
pub(crate) struct Limiter {
    memory_bytes: usize,
    table_elements: usize,
    instances: usize,
    tables: usize,
    memories: usize,
    pub(crate) hit: Option<Hit>,
}

impl Limiter {
    fn new(limits: &Limits) -> Self {
        Limiter {
            memory_bytes: limits.memory_bytes(),
            table_elements: usize_of(limits.max_table_elements),
            instances: usize_of(limits.max_instances),
            tables: usize_of(limits.max_tables),
            memories: usize_of(limits.max_memories),
            hit: None,
        }
    }
}

impl ResourceLimiter for Limiter {
    fn memory_growing(
        &mut self,
        _current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        if desired > self.memory_bytes {
            self.hit = Some(Hit::Memory);
            wasmtime::bail!("memory growth to {desired} bytes refused by the host");
        }
        // The module's own maximum fails the growth the way WebAssembly defines it.
        Ok(maximum.is_none_or(|max| desired <= max))
    }

    fn table_growing(
        &mut self,
        _current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        if desired > self.table_elements {
            self.hit = Some(Hit::TableElements);
            wasmtime::bail!("table growth to {desired} elements refused by the host");
        }
        Ok(maximum.is_none_or(|max| desired <= max))
    }

    fn instances(&self) -> usize {
        self.instances
    }

    fn tables(&self) -> usize {
        self.tables
    }

    fn memories(&self) -> usize {
        self.memories
    }
}

/// A store for one call: no filesystem, no environment, no network, no inherited stdio.
pub(crate) fn new_store(limits: &Limits) -> Result<Store<State>, String> {
    let engine = engine()?;
    let stderr = MemoryOutputPipe::new(STDERR_CAPACITY);
    let wasi = WasiCtxBuilder::new()
        .stderr(stderr.clone())
        .allow_tcp(false)
        .allow_udp(false)
        .allow_ip_name_lookup(false)
        .build();
    let limiter = Limiter::new(limits);
    let state = State {
        wasi,
        table: ResourceTable::new(),
        limiter,
        stderr,
    };
    let mut store = Store::new(engine, state);
    store.limiter(|state| &mut state.limiter);
    store.set_epoch_deadline(deadline_ticks(limits.timeout()));
    store.epoch_deadline_trap();
    Ok(store)
}
