//! The results of one task's devices recorded at once: their outcomes, their new config
//! versions, their compliance rows and the job's pending count in one transaction. A
//! compliance task of 50 devices commits once, in a handful of statements, instead of twice
//! per device in two dozen statements; a crash leaves each device of the task either recorded
//! with its version and rows or still pending (its task then runs again, in this process or
//! another).
//!
//! Lists (device names, compliance rows) are bound as one JSON text each, which the database
//! unpacks (`json_each` / `jsonb_each` in SQLite, `json_array_elements_text` /
//! `json_to_recordset` in PostgreSQL): a statement's text is then the same whatever the list's length, so each
//! connection prepares it once, and SQLite binds one value instead of hundreds (it looks each
//! numbered parameter up in a list, which makes many of them cost quadratic time).

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use super::versions::{Stored, store_version};
use crate::error::QueryContext;
use crate::time::now_millis;
use crate::{ComplianceRow, ConfigKind, DbKind, DeviceOutcome, OutcomeStatus, Store, StoreError};

/// One device's result within a task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceResult {
    pub outcome: DeviceOutcome,
    /// Its compliance results, which replace its stored ones; `None` (not a compliance check,
    /// or the device failed) leaves the stored ones as they are.
    pub compliance: Option<Vec<ComplianceRow>>,
    /// A backed-up or rendered config to store as the device's new version, in the results'
    /// transaction: the version and the result are recorded together or not at all, and a
    /// job's devices take SQLite's one write lock once each instead of twice. Recording sets
    /// the outcome's status and `changed` by whether the config changed.
    pub version: Option<NewVersion>,
}

/// A config to store as a device's new version when it differs from its current one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewVersion {
    pub kind: ConfigKind,
    pub config: String,
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
    /// Records the results of the devices still pending in `job`, stores their new config
    /// versions, replaces their compliance rows and counts them off the job, in one
    /// transaction. Devices with the same outcome (most of a chunk: compliant, no error) are
    /// updated by one statement. A result with a `version` gets its outcome's status and
    /// `changed` here: ok and changed when the config changed in this job, unchanged if not.
    pub async fn record_device_results(
        &self,
        job: i64,
        results: &mut [DeviceResult],
    ) -> Result<Recorded, StoreError> {
        let mut tx = self
            .begin_write()
            .await
            .context("starting to record device results")?;
        // Versions only for devices still pending: one recorded by another delivery of the
        // task keeps the version that delivery stored.
        let versioned: Vec<&str> = results
            .iter()
            .filter(|r| r.version.is_some())
            .map(|r| r.outcome.device.as_str())
            .collect();
        let pending = if versioned.is_empty() {
            HashSet::new()
        } else {
            pending_among(&mut *tx, self.kind(), job, &versioned).await?
        };
        let mut configs_moved = false;
        for result in results.iter_mut() {
            let Some(version) = &result.version else {
                continue;
            };
            if !pending.contains(&result.outcome.device) {
                continue;
            }
            let stored = store_version(
                &mut tx,
                &result.outcome.device,
                version.kind,
                &version.config,
                Some(job),
            )
            .await?;
            configs_moved |= stored == Stored::New;
            result.outcome.changed = stored.changed();
            result.outcome.status = OutcomeStatus::stored(stored.changed());
        }
        if configs_moved {
            crate::data_versions::moved(&mut tx, crate::data_versions::Topic::Configs).await?;
        }
        let mut by_outcome: BTreeMap<(&str, bool, &str), Vec<&str>> = BTreeMap::new();
        for result in results.iter() {
            let outcome = &result.outcome;
            by_outcome
                .entry((outcome.status.as_str(), outcome.changed, &outcome.error))
                .or_default()
                .push(&outcome.device);
        }
        let update = format!(
            "UPDATE job_devices SET status = $1, changed = $2, error = $3 \
             WHERE job_id = $4 AND status = 'pending' AND {} RETURNING device",
            among_names(self.kind(), "device", 5)
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
                "DELETE FROM compliance_results WHERE {}",
                among_names(self.kind(), "device", 1)
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
        pending_among(&self.pool, self.kind(), job, devices).await
    }
}

/// Which of `devices` still wait in `job`, read through `executor` (the pool, or a
/// transaction that is about to record them); none when the job is not running.
async fn pending_among<'e, E>(
    executor: E,
    kind: DbKind,
    job: i64,
    devices: &[impl Serialize],
) -> Result<HashSet<String>, StoreError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let sql = format!(
        "SELECT job_devices.device FROM jobs \
         JOIN job_devices ON job_devices.job_id = jobs.id \
         WHERE jobs.id = $1 AND jobs.status = 'running' \
         AND job_devices.status = 'pending' AND {}",
        among_names(kind, "job_devices.device", 2)
    );
    let rows: Vec<(String,)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(job)
        .bind(json(devices)?)
        .fetch_all(executor)
        .await
        .context("reading which devices of a task still wait")?;
    Ok(rows.into_iter().map(|(device,)| device).collect())
}

/// `column` is one of the texts of the JSON array bound as parameter `$param`. On
/// PostgreSQL the array is built once (`= ANY(ARRAY(...))`) so the planner seeks `column`'s
/// index: as `IN (SELECT json_array_elements_text(...))` it guessed 100 rows, hashed them and
/// scanned the whole table, so replacing a compliance task's rows read all 200,000 results of
/// 10,000 devices (43 ms a task; the job grew quadratically: 24.5 s for 10,000 x 20).
fn among_names(kind: DbKind, column: &str, param: usize) -> String {
    match kind {
        DbKind::Sqlite => format!("{column} IN (SELECT value FROM json_each(${param}))"),
        DbKind::Postgres => {
            format!("{column} = ANY(ARRAY(SELECT json_array_elements_text(${param}::json)))")
        }
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
