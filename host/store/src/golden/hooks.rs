//! Failures of hooks, kept on the job they belong to: a hook never fails a job, so this is
//! where an operator sees that one did not hear an event.

use crate::error::QueryContext;
use crate::time::now_millis;
use crate::{Store, StoreError};

/// One hook that failed to take one event of a job.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct HookFailureRecord {
    pub hook: String,
    pub event: String,
    /// The device the event was about; empty for job events.
    pub device: String,
    pub error: String,
    pub at: i64,
}

impl Store {
    /// Records that `hook` failed to take `event` (about `device`, or the job itself).
    pub async fn record_hook_failure(
        &self,
        job: i64,
        hook: &str,
        event: &str,
        device: &str,
        error: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO job_hook_failures (job_id, hook, event, device, error, at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(job)
        .bind(hook)
        .bind(event)
        .bind(device)
        .bind(error)
        .bind(now_millis())
        .execute(&self.pool)
        .await
        .context("recording a hook's failure")?;
        Ok(())
    }

    /// A job's hook failures, oldest first.
    pub async fn hook_failures(&self, job: i64) -> Result<Vec<HookFailureRecord>, StoreError> {
        let rows: Vec<(String, String, String, String, i64)> = sqlx::query_as(
            "SELECT hook, event, device, error, at FROM job_hook_failures WHERE job_id = $1 \
             ORDER BY id",
        )
        .bind(job)
        .fetch_all(&self.pool)
        .await
        .context("reading a job's hook failures")?;
        Ok(rows
            .into_iter()
            .map(|(hook, event, device, error, at)| HookFailureRecord {
                hook,
                event,
                device,
                error,
                at,
            })
            .collect())
    }
}
