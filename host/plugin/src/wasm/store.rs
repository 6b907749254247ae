//! The per-call store: a fresh WASI context with nothing granted, a memory limiter that
//! records when it refused, and the call's deadline.

use wasmtime::component::ResourceTable;
use wasmtime::{ResourceLimiter, Store, StoreLimits, StoreLimitsBuilder};
use wasmtime_wasi::p2::pipe::MemoryOutputPipe;
use wasmtime_wasi::{WasiCtx, WasiCtxBuilder, WasiCtxView, WasiView};

use super::engine::{deadline_ticks, engine};
use crate::Limits;

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

/// `StoreLimits` (with `trap_on_grow_failure`) that remembers a refusal, so a trap caused by
/// the memory limit is reported as such rather than as a generic trap.
pub(crate) struct Limiter {
    limits: StoreLimits,
    pub(crate) hit: bool,
}

impl ResourceLimiter for Limiter {
    fn memory_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        let result = self.limits.memory_growing(current, desired, maximum);
        if !matches!(result, Ok(true)) {
            self.hit = true;
        }
        result
    }

    fn table_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        let result = self.limits.table_growing(current, desired, maximum);
        if !matches!(result, Ok(true)) {
            self.hit = true;
        }
        result
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
    let limiter = Limiter {
        limits: StoreLimitsBuilder::new()
            .memory_size(limits.memory_bytes())
            .instances(16)
            .tables(16)
            .memories(4)
            .trap_on_grow_failure(true)
            .build(),
        hit: false,
    };
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
