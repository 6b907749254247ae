//! The counters of migration 0017: they move whenever devices are added, removed or renamed,
//! and whenever compliance results are replaced, in the same transaction. Reading both is one
//! small query, so a process keeps summaries of 10,000 devices (their names, the compliance
//! totals) and knows at each view whether they still hold, in this process or after another
//! one (`aurum worker`, a CLI job) wrote.

use crate::error::QueryContext;
use crate::{Store, StoreError};

/// Where the inventory's device names and the stored compliance results stand.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct DataVersions {
    pub devices: i64,
    pub compliance: i64,
}

impl Store {
    /// The current counters.
    pub async fn data_versions(&self) -> Result<DataVersions, StoreError> {
        let rows: Vec<(String, i64)> = sqlx::query_as("SELECT topic, version FROM data_versions")
            .fetch_all(&self.pool)
            .await
            .context("reading data versions")?;
        let mut versions = DataVersions::default();
        for (topic, version) in rows {
            match topic.as_str() {
                "devices" => versions.devices = version,
                "compliance" => versions.compliance = version,
                _ => {}
            }
        }
        Ok(versions)
    }
}

/// Moves the compliance counter within the transaction that replaces results.
pub(crate) async fn compliance_changed(
    tx: &mut sqlx::AnyConnection,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE data_versions SET version = version + 1 WHERE topic = 'compliance'")
        .execute(tx)
        .await
        .context("moving the compliance version")?;
    Ok(())
}
