//! Counts for `/metrics`: jobs and their devices by kind and status, and Nautobot's golden
//! config gauges (devices with a result per feature, compliant devices per feature). Each is
//! one grouped query.

use crate::error::QueryContext;
use crate::{Store, StoreError};

/// `(label, label, count)` rows of a grouped count.
pub type Counts = Vec<(String, String, i64)>;

impl Store {
    /// Jobs by (kind, status).
    pub async fn job_counts(&self) -> Result<Counts, StoreError> {
        let rows = sqlx::query_as(
            "SELECT kind, status, COUNT(*) FROM jobs GROUP BY kind, status ORDER BY kind, status",
        )
        .fetch_all(&self.pool)
        .await
        .context("counting jobs")?;
        Ok(rows)
    }

    /// Device results of jobs by (job kind, device status).
    pub async fn job_device_counts(&self) -> Result<Counts, StoreError> {
        let rows = sqlx::query_as(
            "SELECT j.kind, d.status, COUNT(*) FROM job_devices d JOIN jobs j ON j.id = d.job_id \
             GROUP BY j.kind, d.status ORDER BY j.kind, d.status",
        )
        .fetch_all(&self.pool)
        .await
        .context("counting job device results")?;
        Ok(rows)
    }

    /// Per feature: how many devices have a result, and how many of them comply.
    pub async fn compliance_feature_counts(&self) -> Result<Vec<(String, i64, i64)>, StoreError> {
        let rows = sqlx::query_as(
            "SELECT feature, COUNT(*), COALESCE(CAST(SUM(compliant) AS BIGINT), 0) \
             FROM compliance_results GROUP BY feature ORDER BY feature",
        )
        .fetch_all(&self.pool)
        .await
        .context("counting compliance per feature")?;
        Ok(rows)
    }

    /// Hook failures by (hook, event): the events a hook did not take (it never fails a job).
    pub async fn hook_failure_counts(&self) -> Result<Counts, StoreError> {
        let rows = sqlx::query_as(
            "SELECT hook, event, COUNT(*) FROM job_hook_failures GROUP BY hook, event \
             ORDER BY hook, event",
        )
        .fetch_all(&self.pool)
        .await
        .context("counting hook failures")?;
        Ok(rows)
    }
}
