//! The per-device rate limit: at most `[toolkit.rate_limit] commands` successful runs on one
//! device per `window_secs`, counted across every user, path (CLI, bulk, `--host`, API) and
//! process sharing the store. A run reserves its slot atomically before it is sent and gives
//! it back if it fails at the device; refusals never take one. Users and groups in the bypass
//! lists neither need nor take a slot.

use aurum_config::RateLimit;
use aurum_store::{RateSlot, SlotReservation, Store};

use super::Principal;
use crate::ServiceError;

/// Reserves a slot of `device` for `principal`'s run: `None` when the limit is off or the
/// principal bypasses it, the slot otherwise, or `RateLimited` with the time until one frees.
pub(crate) async fn reserve(
    store: &Store,
    limit: &RateLimit,
    principal: &Principal,
    device: &str,
) -> Result<Option<RateSlot>, ServiceError> {
    if limit.commands == 0 || principal.listed_in(&limit.bypass_users, &limit.bypass_groups) {
        return Ok(None);
    }
    let window_ms = i64::try_from(limit.window_secs.saturating_mul(1000)).unwrap_or(i64::MAX);
    match store
        .reserve_rate_slot(device, limit.commands, window_ms)
        .await?
    {
        SlotReservation::Granted(slot) => Ok(Some(slot)),
        SlotReservation::Full { retry_after_ms } => Err(ServiceError::RateLimited {
            device: device.to_string(),
            limit: limit.commands,
            window_secs: limit.window_secs,
            retry_after_secs: (retry_after_ms.max(0) as u64).div_ceil(1000),
        }),
    }
}
