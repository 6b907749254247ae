//! The counters of migrations 0017 and 0018: they move whenever devices are added, removed or
//! renamed, whenever compliance results are replaced and whenever a configuration version is
//! stored, in the same transaction. Reading both is one
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
    /// Backups and intended configurations, either kind.
    pub configs: i64,
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
                "configs" => versions.configs = version,
                _ => {}
            }
        }
        Ok(versions)
    }
}

/// What a counter counts.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Topic {
    Compliance,
    Configs,
}

/// Moves `topic`'s counter within the transaction that changes it.
pub(crate) async fn moved(tx: &mut sqlx::AnyConnection, topic: Topic) -> Result<(), StoreError> {
    let topic = match topic {
        Topic::Compliance => "compliance",
        Topic::Configs => "configs",
    };
    sqlx::query("UPDATE data_versions SET version = version + 1 WHERE topic = $1")
        .bind(topic)
        .execute(tx)
        .await
        .context("moving a data version")?;
    Ok(())
}
