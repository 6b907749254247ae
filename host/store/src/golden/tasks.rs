//! The bookkeeping that lets any worker process run one device of a job: the job's devices are
//! recorded `pending` when it is enqueued, a worker records each result, and the worker that
//! records the last one claims the job's finalisation (one commit per repository).

use crate::error::QueryContext;
use crate::{JobStatus, Store, StoreError};

/// The status of a device whose task has not run yet.
pub const PENDING: &str = "pending";

/// One device of a job with the golden-config setting it runs under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobDevice {
    pub setting: String,
    pub outcome: crate::DeviceOutcome,
}

impl Store {
    /// Records every device of a new job as pending, with its setting, in one transaction.
    pub async fn add_pending_devices(
        &self,
        job: i64,
        devices: &[(String, String)],
    ) -> Result<(), StoreError> {
        let mut tx = self
            .pool
            .begin()
            .await
            .context("starting to record a job's devices")?;
        for (device, setting) in devices {
            sqlx::query(
                "INSERT INTO job_devices (job_id, device, status, changed, error, setting) \
                 VALUES ($1, $2, 'pending', 0, '', $3)",
            )
            .bind(job)
            .bind(device)
            .bind(setting)
            .execute(&mut *tx)
            .await
            .context("recording a pending device")?;
        }
        tx.commit()
            .await
            .context("committing a job's pending devices")?;
        Ok(())
    }

    /// Where a job stands, or `None` when there is no such job (it was deleted).
    pub async fn job_status(&self, job: i64) -> Result<Option<JobStatus>, StoreError> {
        let row: Option<(String,)> = sqlx::query_as("SELECT status FROM jobs WHERE id = $1")
            .bind(job)
            .fetch_optional(&self.pool)
            .await
            .context("reading a job's status")?;
        Ok(row.map(|(status,)| JobStatus::parse(&status)))
    }

    /// Whether one device of a job still waits for its task; a task delivered twice (after a
    /// worker died, say) checks this and does nothing the second time.
    pub async fn device_pending(&self, job: i64, device: &str) -> Result<bool, StoreError> {
        let row: Option<(String,)> =
            sqlx::query_as("SELECT status FROM job_devices WHERE job_id = $1 AND device = $2")
                .bind(job)
                .bind(device)
                .fetch_optional(&self.pool)
                .await
                .context("reading a device's task state")?;
        Ok(row.is_some_and(|(status,)| status == PENDING))
    }

    /// How many devices of a job have no result yet.
    pub async fn pending_devices(&self, job: i64) -> Result<i64, StoreError> {
        let (count,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM job_devices WHERE job_id = $1 AND status = 'pending'",
        )
        .bind(job)
        .fetch_one(&self.pool)
        .await
        .context("counting a job's pending devices")?;
        Ok(count)
    }

    /// Claims the finalisation of a running job; true for exactly one caller.
    pub async fn claim_finalisation(&self, job: i64) -> Result<bool, StoreError> {
        let result = sqlx::query(
            "UPDATE jobs SET finalising = 1 WHERE id = $1 AND finalising = 0 AND status = 'running'",
        )
        .bind(job)
        .execute(&self.pool)
        .await
        .context("claiming a job's finalisation")?;
        Ok(result.rows_affected() == 1)
    }

    /// Every device of a job with its setting and result, by device name.
    pub async fn job_devices(&self, job: i64) -> Result<Vec<JobDevice>, StoreError> {
        let rows: Vec<(String, String, String, i64, String)> = sqlx::query_as(
            "SELECT setting, device, status, changed, error FROM job_devices WHERE job_id = $1 \
             ORDER BY device",
        )
        .bind(job)
        .fetch_all(&self.pool)
        .await
        .context("reading a job's devices")?;
        Ok(rows
            .into_iter()
            .map(|(setting, device, status, changed, error)| JobDevice {
                setting,
                outcome: crate::DeviceOutcome {
                    device,
                    status,
                    changed: changed != 0,
                    error,
                },
            })
            .collect())
    }
}
