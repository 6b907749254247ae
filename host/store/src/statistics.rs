//! Planner statistics after bulk writes, on PostgreSQL.
//!
//! A job that stores thousands of config versions leaves PostgreSQL's statistics of
//! `config_versions` describing the table as it was (often empty, on a new installation) until
//! autovacuum gets round to it. Meanwhile the planner believed "the current backups" were a
//! handful of rows and read a compliance task's 50 configs by scanning all 10,000 current ones
//! (205 ms a task instead of 0.4 ms). SQLite keeps no statistics of Aurum's tables, so there
//! is nothing to refresh.

use crate::error::QueryContext;
use crate::{DbKind, Store, StoreError};

impl Store {
    /// Refreshes the statistics of the tables a golden-config job fills (a sample of each
    /// table: tens of milliseconds, whatever its size).
    pub async fn refresh_job_statistics(&self) -> Result<(), StoreError> {
        if self.kind() == DbKind::Postgres {
            sqlx::query("ANALYZE config_versions, job_devices")
                .execute(&self.pool)
                .await
                .context("refreshing the planner's statistics")?;
        }
        Ok(())
    }
}
