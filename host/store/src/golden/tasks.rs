//! The bookkeeping that lets any worker process run one device of a job: the job's devices are
//! recorded `pending` when it is enqueued, a worker records each result, and the worker that
//! records the last one claims the job's finalisation (one commit per repository).

use crate::error::QueryContext;
use crate::{JobStatus, OutcomeStatus, Store, StoreError};

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
        sqlx::query("UPDATE jobs SET pending = $1 WHERE id = $2")
            .bind(i64::try_from(devices.len()).unwrap_or(i64::MAX))
            .bind(job)
            .execute(&mut *tx)
            .await
            .context("counting a job's pending devices")?;
        tx.commit()
            .await
            .context("committing a job's pending devices")?;
        Ok(())
    }

    /// Records one device's result if it is still pending, and counts it off the job, in one
    /// transaction. Returns how many devices remain, or `None` when the device was already
    /// done (its task ran twice): exactly one caller sees `Some(0)`.
    pub async fn record_device_result(
        &self,
        job: i64,
        outcome: &crate::DeviceOutcome,
    ) -> Result<Option<i64>, StoreError> {
        let mut tx = self
            .begin_write()
            .await
            .context("starting to record a device result")?;
        let updated = sqlx::query(
            "UPDATE job_devices SET status = $1, changed = $2, error = $3 \
             WHERE job_id = $4 AND device = $5 AND status = 'pending'",
        )
        .bind(outcome.status.as_str())
        .bind(i64::from(outcome.changed))
        .bind(&outcome.error)
        .bind(job)
        .bind(&outcome.device)
        .execute(&mut *tx)
        .await
        .context("recording a device result")?;
        if updated.rows_affected() == 0 {
            tx.rollback()
                .await
                .context("ending a repeated device result")?;
            return Ok(None);
        }
        let (remaining,): (i64,) =
            sqlx::query_as("UPDATE jobs SET pending = pending - 1 WHERE id = $1 RETURNING pending")
                .bind(job)
                .fetch_one(&mut *tx)
                .await
                .context("counting a device off its job")?;
        tx.commit().await.context("committing a device result")?;
        Ok(Some(remaining))
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

    /// How many devices of a job have no result yet (a counter: cheap for big jobs).
    pub async fn pending_devices(&self, job: i64) -> Result<i64, StoreError> {
        let (count,): (i64,) = sqlx::query_as("SELECT pending FROM jobs WHERE id = $1")
            .bind(job)
            .fetch_one(&self.pool)
            .await
            .context("counting a job's pending devices")?;
        Ok(count)
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
                    status: OutcomeStatus::parse(&status),
                    changed: changed != 0,
                    error,
                },
            })
            .collect())
    }
}
