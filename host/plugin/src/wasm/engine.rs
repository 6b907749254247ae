//! The one wasmtime `Engine` of the process, and the ticker that makes deadlines work.
//!
//! Epoch interruption is always on: a background thread bumps the engine's epoch every
//! [`TICK`], and every store gets a deadline in ticks. Epochs cost a load and a compare at
//! function entries and loop back-edges, far cheaper than fuel.

use std::sync::OnceLock;
use std::time::Duration;

use wasmtime::{Config, Engine};

/// How often the epoch advances; the granularity of every WASM deadline.
pub(crate) const TICK: Duration = Duration::from_millis(2);

static ENGINE: OnceLock<Result<Engine, String>> = OnceLock::new();

/// The process-wide engine, created (with its ticker) on first use.
pub(crate) fn engine() -> Result<&'static Engine, String> {
    ENGINE
        .get_or_init(|| {
            let mut config = Config::new();
            config.wasm_component_model(true);
            config.epoch_interruption(true);
            let engine = Engine::new(&config).map_err(|e| format!("{e:#}"))?;
            let ticker = engine.clone();
            std::thread::Builder::new()
                .name("aurum-wasm-epoch".into())
                .spawn(move || {
                    loop {
                        std::thread::sleep(TICK);
                        ticker.increment_epoch();
                    }
                })
                .map_err(|e| format!("cannot start the epoch ticker: {e}"))?;
            Ok(engine)
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// Ticks until a call of `timeout` must stop: rounded up, plus one because the current tick
/// may be nearly over.
pub(crate) fn deadline_ticks(timeout: Duration) -> u64 {
    let tick = TICK.as_nanos().max(1);
    u64::try_from(timeout.as_nanos().div_ceil(tick)).unwrap_or(u64::MAX / 2) + 1
}
