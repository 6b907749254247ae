use crate::error::QueryContext;
use crate::time::now_millis;
use crate::{Store, StoreError};

/// A slot of a device's rate limit, held by one run from before it is sent. Kept when the run
/// succeeds (it counts until the window passes), given back with
/// [`Store::release_rate_slot`] when it fails at the device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateSlot(i64);

/// The answer to a reservation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlotReservation {
    /// The run may go ahead; it holds this slot.
    Granted(RateSlot),
    /// Every slot of the window is taken; one frees in `retry_after_ms`.
    Full { retry_after_ms: i64 },
}

impl Store {
    /// Takes one of `device`'s `limit` slots per `window_ms`, or says when one frees. The count
    /// and the reservation are one transaction that first locks the device's row (SQLite: the
    /// write lock of `BEGIN IMMEDIATE`; PostgreSQL: the upserted row's lock), so concurrent
    /// runs in any number of processes get exactly `limit` slots between them. `limit` is at
    /// least 1 (a limit of 0 is "off" and never asks).
    pub async fn reserve_rate_slot(
        &self,
        device: &str,
        limit: u32,
        window_ms: i64,
    ) -> Result<SlotReservation, StoreError> {
        const CONTEXT: &str = "reserving a rate-limit slot";
        let mut tx = self.begin_write().await.context(CONTEXT)?;
        // Locks the device's row, so reservations of one device run one after another.
        sqlx::query(
            "INSERT INTO rate_limit_devices (device, reserved_at) VALUES ($1, $2) \
             ON CONFLICT (device) DO UPDATE SET reserved_at = excluded.reserved_at",
        )
        .bind(device)
        .bind(now_millis())
        .execute(&mut *tx)
        .await
        .context(CONTEXT)?;
        // The clock is read once the row is ours: a run that waited for the lock must not
        // stamp its slot before the slots of the runs it waited for.
        let now = now_millis();
        sqlx::query("DELETE FROM rate_limit_slots WHERE device = $1 AND at <= $2")
            .bind(device)
            .bind(now - window_ms)
            .execute(&mut *tx)
            .await
            .context(CONTEXT)?;
        let held: Vec<(i64,)> =
            sqlx::query_as("SELECT at FROM rate_limit_slots WHERE device = $1 ORDER BY at")
                .bind(device)
                .fetch_all(&mut *tx)
                .await
                .context(CONTEXT)?;
        let limit = limit.max(1) as usize;
        if held.len() >= limit {
            // Once this slot expires, fewer than `limit` are held.
            let (frees_at,) = held[held.len() - limit];
            tx.commit().await.context(CONTEXT)?;
            return Ok(SlotReservation::Full {
                retry_after_ms: (frees_at.saturating_add(window_ms) - now).clamp(0, window_ms),
            });
        }
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO rate_limit_slots (device, at) VALUES ($1, $2) RETURNING id",
        )
        .bind(device)
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .context(CONTEXT)?;
        tx.commit().await.context(CONTEXT)?;
        Ok(SlotReservation::Granted(RateSlot(id)))
    }

    /// Gives a slot back: its run failed at the device, and only successful runs count.
    pub async fn release_rate_slot(&self, slot: RateSlot) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM rate_limit_slots WHERE id = $1")
            .bind(slot.0)
            .execute(&self.pool)
            .await
            .context("giving back a rate-limit slot")?;
        Ok(())
    }
}

impl Store {
    /// How many slots `device` holds inside the last `window_ms`, and when the oldest of
    /// them frees (epoch ms): the rate limit's state as the toolkit page shows it.
    pub async fn rate_slots_held(
        &self,
        device: &str,
        window_ms: i64,
    ) -> Result<(i64, Option<i64>), StoreError> {
        let since = now_millis() - window_ms;
        let (held, oldest): (i64, Option<i64>) = sqlx::query_as(
            "SELECT COUNT(*), MIN(at) FROM rate_limit_slots WHERE device = $1 AND at > $2",
        )
        .bind(device)
        .bind(since)
        .fetch_one(&self.pool)
        .await
        .context("reading a device's rate-limit slots")?;
        Ok((held, oldest.map(|at| at + window_ms)))
    }
}
