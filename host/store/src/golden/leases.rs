//! Leases: how processes that share a database tell each other a job is alive, and which one
//! finalises it. A job's lease is renewed by everyone working for it (the process waiting on
//! it, every worker of the store) every heartbeat; a job whose lease ran out has nobody left
//! and is failed by the next process that starts. The finaliser's claim is a lease too, so a
//! finaliser that died mid-commit is replaced by another worker.
//!
//! Leases are epoch milliseconds compared with this host's clock: hosts sharing a database
//! must keep their clocks within a fraction of the lease (NTP does).

use std::time::Duration;

use crate::error::QueryContext;
use crate::time::now_millis;
use crate::{Store, StoreError};

/// How long a job just started is alive before its first renewal.
pub(crate) const FIRST_LEASE: Duration = Duration::from_secs(60);

fn until(lease: Duration) -> i64 {
    now_millis().saturating_add(i64::try_from(lease.as_millis()).unwrap_or(i64::MAX))
}

impl Store {
    /// Extends one running job's lease (the process waiting on it is alive).
    pub async fn renew_job_lease(&self, job: i64, lease: Duration) -> Result<(), StoreError> {
        sqlx::query("UPDATE jobs SET lease_until = $1 WHERE id = $2 AND status = 'running'")
            .bind(until(lease))
            .bind(job)
            .execute(&self.pool)
            .await
            .context("renewing a job's lease")?;
        Ok(())
    }

    /// Extends the lease of every running job: a live worker can run any of their tasks.
    pub async fn renew_running_job_leases(&self, lease: Duration) -> Result<u64, StoreError> {
        let result = sqlx::query("UPDATE jobs SET lease_until = $1 WHERE status = 'running'")
            .bind(until(lease))
            .execute(&self.pool)
            .await
            .context("renewing running jobs' leases")?;
        Ok(result.rows_affected())
    }

    /// Claims the finalisation of a running job whose devices are all done, for `lease`;
    /// true for exactly one caller until that lease runs out unrenewed.
    pub async fn claim_finalisation(&self, job: i64, lease: Duration) -> Result<bool, StoreError> {
        let result = sqlx::query(
            "UPDATE jobs SET finalising = $1 WHERE id = $2 AND status = 'running' \
             AND pending = 0 AND finalising < $3",
        )
        .bind(until(lease))
        .bind(job)
        .bind(now_millis())
        .execute(&self.pool)
        .await
        .context("claiming a job's finalisation")?;
        Ok(result.rows_affected() == 1)
    }

    /// Extends this process's claim on a finalisation it is still doing.
    pub async fn renew_finalisation(&self, job: i64, lease: Duration) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE jobs SET finalising = $1 WHERE id = $2 AND status = 'running' AND finalising > 0",
        )
        .bind(until(lease))
        .bind(job)
        .execute(&self.pool)
        .await
        .context("renewing a job's finalisation")?;
        Ok(())
    }

    /// Running jobs whose devices are all done but that nobody is finalising (the worker that
    /// counted off the last device died first): `(id, kind)`.
    pub async fn unfinalised_jobs(&self) -> Result<Vec<(i64, String)>, StoreError> {
        sqlx::query_as(
            "SELECT id, kind FROM jobs WHERE status = 'running' AND pending = 0 AND finalising < $1 \
             ORDER BY id",
        )
        .bind(now_millis())
        .fetch_all(&self.pool)
        .await
        .context("listing jobs left unfinalised")
    }
}

impl Store {
    /// Records what a job needs of the workers that run it (JSON, written by the services).
    pub async fn set_job_requirements(&self, job: i64, json: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE jobs SET settings = $1 WHERE id = $2")
            .bind(json)
            .bind(job)
            .execute(&self.pool)
            .await
            .context("recording a job's requirements")?;
        Ok(())
    }

    /// What a job needs of its workers, as recorded; `None` when there is no such job.
    pub async fn job_requirements(&self, job: i64) -> Result<Option<String>, StoreError> {
        let row: Option<(String,)> = sqlx::query_as("SELECT settings FROM jobs WHERE id = $1")
            .bind(job)
            .fetch_optional(&self.pool)
            .await
            .context("reading a job's requirements")?;
        Ok(row.map(|(json,)| json))
    }
}
