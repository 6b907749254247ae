//! Where every device stands in golden config, for the UI's home page: when its backup and
//! intended configs last changed, when compliance last ran for it, and how the last attempt of
//! each job kind ended. Three aggregate queries for the whole fleet, never one per device.

use std::collections::HashMap;

use serde::Serialize;

use crate::error::QueryContext;
use crate::{OutcomeStatus, Store, StoreError};

/// How the last attempt of one job kind on one device ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LastAttempt {
    pub job_id: i64,
    pub status: OutcomeStatus,
    pub error: String,
    pub started_at: i64,
}

/// One device's golden-config dates (epoch ms) and last attempts, by job kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct GoldenStatus {
    pub backup_at: Option<i64>,
    pub intended_at: Option<i64>,
    pub compliance_at: Option<i64>,
    /// By job kind (`backup`, `intended`, `compliance`).
    pub last: HashMap<String, LastAttempt>,
}

impl Store {
    /// Every device's [`GoldenStatus`] that has any, by device name.
    pub async fn golden_status(&self) -> Result<HashMap<String, GoldenStatus>, StoreError> {
        const CONTEXT: &str = "reading the golden-config status";
        let mut by_device: HashMap<String, GoldenStatus> = HashMap::new();
        let versions: Vec<(String, String, i64)> = sqlx::query_as(
            "SELECT device, kind, MAX(valid_from) FROM config_versions GROUP BY device, kind",
        )
        .fetch_all(&self.pool)
        .await
        .context(CONTEXT)?;
        for (device, kind, at) in versions {
            let entry = by_device.entry(device).or_default();
            match kind.as_str() {
                "backup" => entry.backup_at = Some(at),
                "intended" => entry.intended_at = Some(at),
                _ => {}
            }
        }
        let compliance: Vec<(String, i64)> = sqlx::query_as(
            "SELECT device, MAX(updated_at) FROM compliance_results GROUP BY device",
        )
        .fetch_all(&self.pool)
        .await
        .context(CONTEXT)?;
        for (device, at) in compliance {
            by_device.entry(device).or_default().compliance_at = Some(at);
        }
        // The newest finished attempt per (device, kind): later jobs overwrite earlier ones.
        let attempts: Vec<(String, String, i64, String, String, i64)> = sqlx::query_as(
            "SELECT d.device, j.kind, j.id, d.status, d.error, j.started_at FROM job_devices d \
             JOIN jobs j ON j.id = d.job_id WHERE d.status <> $1 ORDER BY j.id",
        )
        .bind(OutcomeStatus::Pending.as_str())
        .fetch_all(&self.pool)
        .await
        .context(CONTEXT)?;
        for (device, kind, job_id, status, error, started_at) in attempts {
            by_device.entry(device).or_default().last.insert(
                kind,
                LastAttempt {
                    job_id,
                    status: OutcomeStatus::parse(&status),
                    error,
                    started_at,
                },
            );
        }
        Ok(by_device)
    }

    /// Current configurations of `kind` as (device, digest, config): with `devices` `None`, the
    /// digests of every device that has one (texts left empty, so a cache can tell which
    /// changed cheaply); with names, those devices' texts too.
    pub async fn current_configs(
        &self,
        kind: crate::ConfigKind,
        devices: Option<&[String]>,
    ) -> Result<Vec<(String, String, String)>, StoreError> {
        const CONTEXT: &str = "reading current configurations";
        match devices {
            None => sqlx::query_as(
                "SELECT device, digest, '' FROM config_versions \
                 WHERE kind = $1 AND valid_until IS NULL ORDER BY device",
            )
            .bind(kind.as_str())
            .fetch_all(&self.pool)
            .await
            .context(CONTEXT),
            Some(names) => {
                let mut rows = Vec::with_capacity(names.len());
                for chunk in names.chunks(500) {
                    let placeholders: Vec<String> =
                        (0..chunk.len()).map(|i| format!("${}", i + 2)).collect();
                    // Only numbered placeholders are formatted in; the names are bound.
                    let sql = format!(
                        "SELECT device, digest, config FROM config_versions \
                         WHERE kind = $1 AND valid_until IS NULL AND device IN ({})",
                        placeholders.join(", ")
                    );
                    let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(kind.as_str());
                    for name in chunk {
                        query = query.bind(name);
                    }
                    let found: Vec<(String, String, String)> =
                        query.fetch_all(&self.pool).await.context(CONTEXT)?;
                    rows.extend(found);
                }
                Ok(rows)
            }
        }
    }
}
