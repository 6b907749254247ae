use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::AnyConnection;

use crate::error::QueryContext;
use crate::time::now_millis;
use crate::{Store, StoreError};

/// Which configuration of a device.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ConfigKind {
    /// What the device runs, as backed up.
    Backup,
    /// What it should run, as rendered.
    Intended,
}

impl ConfigKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ConfigKind::Backup => "backup",
            ConfigKind::Intended => "intended",
        }
    }
}

/// One stored version of a configuration and when it was in force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConfigVersion {
    pub device: String,
    pub config: String,
    pub digest: String,
    pub valid_from: i64,
    pub valid_until: Option<i64>,
    pub job_id: Option<i64>,
}

type VersionRow = (String, String, String, i64, Option<i64>, Option<i64>);

impl Store {
    /// Stores `config` as the device's current version if it differs from the current one (the
    /// caller has already removed volatile lines, so any difference is significant). Returns
    /// whether the device changed in `job`: a new version was written, or this same job wrote
    /// it already (a task run again). The old version's validity ends when the new one's
    /// begins, in one transaction. A job's devices store theirs with their results instead
    /// (`DeviceResult::version`), in the results' transaction.
    pub async fn save_config_version(
        &self,
        device: &str,
        kind: ConfigKind,
        config: &str,
        job: Option<i64>,
    ) -> Result<bool, StoreError> {
        let mut tx = self
            .begin_write()
            .await
            .context("starting to store a configuration")?;
        let stored = store_version(&mut tx, device, kind, config, job).await?;
        if stored == Stored::New {
            crate::data_versions::moved(&mut tx, crate::data_versions::Topic::Configs).await?;
            tx.commit()
                .await
                .context("committing a configuration version")?;
        } else {
            tx.rollback().await.context("ending an unchanged store")?;
        }
        Ok(stored.changed())
    }

    /// The device's configuration in force now.
    pub async fn current_config(
        &self,
        device: &str,
        kind: ConfigKind,
    ) -> Result<Option<ConfigVersion>, StoreError> {
        let row: Option<VersionRow> = sqlx::query_as(
            "SELECT device, config, digest, valid_from, valid_until, job_id FROM config_versions \
             WHERE device = $1 AND kind = $2 AND valid_until IS NULL",
        )
        .bind(device)
        .bind(kind.as_str())
        .fetch_optional(&self.pool)
        .await
        .context("reading the current configuration")?;
        Ok(row.map(version_from_row))
    }

    /// What the device's configuration was at `at` (epoch milliseconds): one query.
    pub async fn config_at(
        &self,
        device: &str,
        kind: ConfigKind,
        at: i64,
    ) -> Result<Option<ConfigVersion>, StoreError> {
        let row: Option<VersionRow> = sqlx::query_as(
            "SELECT device, config, digest, valid_from, valid_until, job_id FROM config_versions \
             WHERE device = $1 AND kind = $2 AND valid_from <= $3 AND (valid_until IS NULL OR valid_until > $3)",
        )
        .bind(device)
        .bind(kind.as_str())
        .bind(at)
        .fetch_optional(&self.pool)
        .await
        .context("reading a past configuration")?;
        Ok(row.map(version_from_row))
    }

    /// Every version, oldest first.
    pub async fn config_history(
        &self,
        device: &str,
        kind: ConfigKind,
    ) -> Result<Vec<ConfigVersion>, StoreError> {
        let rows: Vec<VersionRow> = sqlx::query_as(
            "SELECT device, config, digest, valid_from, valid_until, job_id FROM config_versions \
             WHERE device = $1 AND kind = $2 ORDER BY valid_from, id",
        )
        .bind(device)
        .bind(kind.as_str())
        .fetch_all(&self.pool)
        .await
        .context("reading configuration history")?;
        Ok(rows.into_iter().map(version_from_row).collect())
    }
}

/// What storing a version did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stored {
    /// A new version was written.
    New,
    /// The current version is this config, stored by this same job (a task run again after
    /// its worker died): the device changed in this job, once.
    ByThisJob,
    /// The current version is this config already.
    Unchanged,
}

impl Stored {
    /// Whether the device changed in the job.
    pub(crate) fn changed(self) -> bool {
        self != Stored::Unchanged
    }
}

/// Within a write transaction: closes the current version and inserts `config` as the new
/// one, unless `config` is the current one already. The caller moves the configs' data
/// version once per transaction when anything was [`Stored::New`].
pub(crate) async fn store_version(
    conn: &mut AnyConnection,
    device: &str,
    kind: ConfigKind,
    config: &str,
    job: Option<i64>,
) -> Result<Stored, StoreError> {
    let digest = hex(&Sha256::digest(config.as_bytes()));
    let current: Option<(String, Option<i64>)> = sqlx::query_as(
        "SELECT digest, job_id FROM config_versions WHERE device = $1 AND kind = $2 AND valid_until IS NULL",
    )
    .bind(device)
    .bind(kind.as_str())
    .fetch_optional(&mut *conn)
    .await
    .context("reading the current configuration")?;
    if let Some((current, stored_by)) = &current
        && *current == digest
    {
        return Ok(if job.is_some() && *stored_by == job {
            Stored::ByThisJob
        } else {
            Stored::Unchanged
        });
    }
    let now = now_millis();
    if current.is_some() {
        sqlx::query("UPDATE config_versions SET valid_until = $1 WHERE device = $2 AND kind = $3 AND valid_until IS NULL")
            .bind(now)
            .bind(device)
            .bind(kind.as_str())
            .execute(&mut *conn)
            .await
            .context("closing the previous configuration version")?;
    }
    sqlx::query(
        "INSERT INTO config_versions (device, kind, config, digest, valid_from, job_id) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(device)
    .bind(kind.as_str())
    .bind(config)
    .bind(&digest)
    .bind(now)
    .bind(job)
    .execute(&mut *conn)
    .await
    .context("storing a configuration version")?;
    Ok(Stored::New)
}

fn version_from_row(row: VersionRow) -> ConfigVersion {
    let (device, config, digest, valid_from, valid_until, job_id) = row;
    ConfigVersion {
        device,
        config,
        digest,
        valid_from,
        valid_until,
        job_id,
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
