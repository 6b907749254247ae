//! The results of one task's devices recorded at once: their outcomes, their compliance rows
//! and the job's pending count in one transaction. A compliance task of 50 devices commits once,
//! in a handful of statements, instead of twice per device in two dozen statements; a crash
//! leaves each device of the task either recorded with its rows or still pending (its task
//! then runs again, in this process or another).
//!
//! Lists (device names, compliance rows) are bound as one JSON text each, which the database
//! unpacks (`json_each` / `jsonb_each` in SQLite, `json_array_elements_text` /
//! `json_to_recordset` in PostgreSQL): a statement's text is then the same whatever the list's length, so each
//! connection prepares it once, and SQLite binds one value instead of hundreds (it looks each
//! numbered parameter up in a list, which makes many of them cost quadratic time).

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use crate::error::QueryContext;
use crate::time::now_millis;
use crate::{ComplianceRow, DbKind, DeviceOutcome, Store, StoreError};

/// One device's result within a task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceResult {
    pub outcome: DeviceOutcome,
    /// Its compliance results, which replace its stored ones; `None` (not a compliance check,
    /// or the device failed) leaves the stored ones as they are.
    pub compliance: Option<Vec<ComplianceRow>>,
}

/// What recording a task's results did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    /// The devices this call recorded: those that were still pending. A device left out was
    /// recorded by another delivery of the same task, which also told its result.
    pub devices: HashSet<String>,
    /// How many devices of the job remain; `None` when this call recorded none. Exactly one
    /// caller sees `Some(0)`.
    pub remaining: Option<i64>,
}

/// A compliance row as the insert unpacks it, apart from the API's serialisation of
/// [`ComplianceRow`].
#[derive(Serialize)]
struct RowJson<'a> {
    device: &'a str,
    feature: &'a str,
    platform: &'a str,
    compliant: bool,
    ordered: bool,
    missing: &'a str,
    extra: &'a str,
    actual: &'a str,
    intended: &'a str,
    remediation: &'a str,
}

impl Store {
    /// Records the results of the devices still pending in `job`, replaces their compliance
    /// rows and counts them off the job, in one transaction. Devices with the same outcome
    /// (most of a chunk: compliant, no error) are updated by one statement.
    pub async fn record_device_results(
        &self,
        job: i64,
        results: &[DeviceResult],
    ) -> Result<Recorded, StoreError> {
        let mut tx = self
            .begin_write()
            .await
            .context("starting to record device results")?;
        let mut by_outcome: BTreeMap<(&str, bool, &str), Vec<&str>> = BTreeMap::new();
        for result in results {
            let outcome = &result.outcome;
            by_outcome
                .entry((outcome.status.as_str(), outcome.changed, &outcome.error))
                .or_default()
                .push(&outcome.device);
        }
        let update = format!(
            "UPDATE job_devices SET status = $1, changed = $2, error = $3 \
             WHERE job_id = $4 AND status = 'pending' AND device IN ({}) RETURNING device",
            names(self.kind(), 5)
        );
        let mut devices = HashSet::new();
        for ((status, changed, error), names) in &by_outcome {
            let updated: Vec<(String,)> = sqlx::query_as(sqlx::AssertSqlSafe(update.as_str()))
                .bind(*status)
                .bind(i64::from(*changed))
                .bind(*error)
                .bind(job)
                .bind(json(names)?)
                .fetch_all(&mut *tx)
                .await
                .context("recording device results")?;
            devices.extend(updated.into_iter().map(|(device,)| device));
        }
        if devices.is_empty() {
            tx.rollback()
                .await
                .context("ending repeated device results")?;
            return Ok(Recorded {
                devices,
                remaining: None,
            });
        }
        let replaced: Vec<&DeviceResult> = results
            .iter()
            .filter(|r| r.compliance.is_some() && devices.contains(&r.outcome.device))
            .collect();
        if !replaced.is_empty() {
            let names: Vec<&str> = replaced.iter().map(|r| r.outcome.device.as_str()).collect();
            let delete = format!(
                "DELETE FROM compliance_results WHERE device IN ({})",
                self::names(self.kind(), 1)
            );
            sqlx::query(sqlx::AssertSqlSafe(delete))
                .bind(json(&names)?)
                .execute(&mut *tx)
                .await
                .context("clearing old compliance results")?;
            let rows: Vec<RowJson> = replaced
                .iter()
                .flat_map(|r| r.compliance.iter().flatten())
                .map(|row| RowJson {
                    device: &row.device,
                    feature: &row.feature,
                    platform: &row.platform,
                    compliant: row.compliant,
                    ordered: row.ordered,
                    missing: &row.missing,
                    extra: &row.extra,
                    actual: &row.actual,
                    intended: &row.intended,
                    remediation: &row.remediation,
                })
                .collect();
            sqlx::query(sqlx::AssertSqlSafe(insert_rows(self.kind())))
                .bind(json(&rows)?)
                .bind(now_millis())
                .execute(&mut *tx)
                .await
                .context("storing compliance results")?;
            crate::data_versions::moved(&mut tx, crate::data_versions::Topic::Compliance).await?;
        }
        let (remaining,): (i64,) = sqlx::query_as(
            "UPDATE jobs SET pending = pending - $1 WHERE id = $2 RETURNING pending",
        )
        .bind(i64::try_from(devices.len()).unwrap_or(i64::MAX))
        .bind(job)
        .fetch_one(&mut *tx)
        .await
        .context("counting devices off their job")?;
        tx.commit().await.context("committing device results")?;
        Ok(Recorded {
            devices,
            remaining: Some(remaining),
        })
    }

    /// Which of `devices` still wait in `job`, in one query; none when the job is not running
    /// (a process died and the job was failed) or is gone.
    pub async fn pending_of(
        &self,
        job: i64,
        devices: &[String],
    ) -> Result<HashSet<String>, StoreError> {
        let sql = format!(
            "SELECT job_devices.device FROM jobs \
             JOIN job_devices ON job_devices.job_id = jobs.id \
             WHERE jobs.id = $1 AND jobs.status = 'running' \
             AND job_devices.status = 'pending' AND job_devices.device IN ({})",
            names(self.kind(), 2)
        );
        let rows: Vec<(String,)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(job)
            .bind(json(devices)?)
            .fetch_all(&self.pool)
            .await
            .context("reading which devices of a task still wait")?;
        Ok(rows.into_iter().map(|(device,)| device).collect())
    }
}

/// The rows of a JSON array of texts bound as parameter `$param`.
fn names(kind: DbKind, param: usize) -> String {
    match kind {
        DbKind::Sqlite => format!("SELECT value FROM json_each(${param})"),
        DbKind::Postgres => format!("SELECT json_array_elements_text(${param}::json)"),
    }
}

/// Inserts the compliance rows of a JSON array of [`RowJson`] (`$1`), updated at `$2`.
fn insert_rows(kind: DbKind) -> &'static str {
    match kind {
        DbKind::Sqlite => {
            "INSERT INTO compliance_results (device, feature, platform, compliant, ordered, \
             missing, extra, actual, intended, remediation, updated_at) \
             SELECT value ->> 'device', value ->> 'feature', value ->> 'platform', \
             value ->> 'compliant', value ->> 'ordered', value ->> 'missing', value ->> 'extra', \
             value ->> 'actual', value ->> 'intended', value ->> 'remediation', $2 \
             FROM jsonb_each($1)"
        }
        DbKind::Postgres => {
            "INSERT INTO compliance_results (device, feature, platform, compliant, ordered, \
             missing, extra, actual, intended, remediation, updated_at) \
             SELECT r.device, r.feature, r.platform, r.compliant::int, r.ordered::int, \
             r.missing, r.extra, r.actual, r.intended, r.remediation, $2 \
             FROM json_to_recordset($1::json) AS r (device text, feature text, platform text, \
             compliant boolean, ordered boolean, missing text, extra text, actual text, \
             intended text, remediation text)"
        }
    }
}

/// A list as the JSON text the statements above unpack.
fn json(list: &(impl Serialize + ?Sized)) -> Result<String, StoreError> {
    serde_json::to_string(list)
        .map_err(|e| sqlx::Error::Encode(Box::new(e)))
        .context("encoding a list for the database")
}
