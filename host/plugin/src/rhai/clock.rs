//! A coarse clock for Rhai deadlines.
//!
//! `on_progress` runs at every Rhai operation, and one operation can be expensive (copying a
//! 64 MiB string, a regex over a whole config), so the deadline must be checked at every
//! operation, not every thousandth. Reading the system clock that often would cost more than
//! most operations; instead a background thread publishes the milliseconds since start every
//! [`TICK`], and a check is one relaxed atomic load. Deadlines are computed from the real
//! clock and the ticker stores elapsed time rather than counting ticks, so a ticker delayed
//! by a busy machine makes a deadline late by its delay, never early.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// How often the clock advances: the granularity of every Rhai deadline.
const TICK: Duration = Duration::from_millis(1);

static NOW_MS: AtomicU64 = AtomicU64::new(0);
static ORIGIN: OnceLock<Instant> = OnceLock::new();

fn millis_since(origin: Instant) -> u64 {
    u64::try_from(origin.elapsed().as_millis()).unwrap_or(u64::MAX / 2)
}

/// The clock's origin, starting the ticker on first use.
fn origin() -> Instant {
    *ORIGIN.get_or_init(|| {
        let origin = Instant::now();
        let spawned = std::thread::Builder::new()
            .name("aurum-rhai-clock".into())
            .spawn(move || {
                loop {
                    std::thread::sleep(TICK);
                    NOW_MS.store(millis_since(origin), Ordering::Relaxed);
                }
            });
        if let Err(e) = spawned {
            // Without the ticker the clock stands still and no deadline fires; the operation
            // budget still stops a runaway script.
            tracing::error!("cannot start the Rhai deadline clock: {e}");
        }
        origin
    })
}

/// The clock reading at which a call started now with `timeout` must stop.
pub(crate) fn deadline_after(timeout: Duration) -> u64 {
    let timeout_ms = u64::try_from(timeout.as_millis()).unwrap_or(u64::MAX / 2);
    millis_since(origin()).saturating_add(timeout_ms)
}

/// The current reading, in milliseconds since the clock started.
pub(crate) fn now() -> u64 {
    NOW_MS.load(Ordering::Relaxed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clock_advances_and_deadlines_lie_ahead() {
        let deadline = deadline_after(Duration::from_millis(20));
        assert!(deadline > now());
        let start = Instant::now();
        while now() < deadline {
            assert!(
                start.elapsed() < Duration::from_secs(5),
                "the clock is stuck"
            );
            std::thread::yield_now();
        }
        assert!(start.elapsed() >= Duration::from_millis(19));
    }
}
