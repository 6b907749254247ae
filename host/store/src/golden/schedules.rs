//! Schedule firings: every process that runs the schedules sees each tick, and the first to
//! claim it starts the job, so several `aurum worker` processes never start the same job twice.

use crate::error::QueryContext;
use crate::{Store, StoreError};

/// How long claimed ticks are kept (seconds): long enough for every process to have seen them.
const KEEP_TICKS_SECS: i64 = 7 * 24 * 3600;

impl Store {
    /// Claims the firing of schedule `name` at `tick` (its scheduled time, epoch seconds) for
    /// this process; true for exactly one caller. Old claims are pruned on the way.
    pub async fn claim_schedule_tick(&self, name: &str, tick: i64) -> Result<bool, StoreError> {
        sqlx::query("DELETE FROM schedule_ticks WHERE tick < $1")
            .bind(tick - KEEP_TICKS_SECS)
            .execute(&self.pool)
            .await
            .context("pruning old schedule firings")?;
        let claimed = sqlx::query(
            "INSERT INTO schedule_ticks (name, tick, claimed_by) VALUES ($1, $2, $3) \
             ON CONFLICT (name, tick) DO NOTHING",
        )
        .bind(name)
        .bind(tick)
        .bind(crate::process_owner())
        .execute(&self.pool)
        .await
        .context("claiming a schedule firing")?;
        Ok(claimed.rows_affected() == 1)
    }
}
