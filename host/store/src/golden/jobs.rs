use serde::Serialize;

use crate::error::QueryContext;
use crate::time::now_millis;
use crate::{OutcomeStatus, Store, StoreError};

/// Where a job stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum JobStatus {
    Running,
    Succeeded,
    /// Some devices failed and the job's policy tolerates it.
    Partial,
    Failed,
}

impl JobStatus {
    /// Every status, in the order a job can reach them.
    pub const ALL: [JobStatus; 4] = [
        JobStatus::Running,
        JobStatus::Succeeded,
        JobStatus::Partial,
        JobStatus::Failed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            JobStatus::Running => "running",
            JobStatus::Succeeded => "succeeded",
            JobStatus::Partial => "partial",
            JobStatus::Failed => "failed",
        }
    }

    pub(crate) fn parse(text: &str) -> JobStatus {
        match text {
            "running" => JobStatus::Running,
            "succeeded" => JobStatus::Succeeded,
            "partial" => JobStatus::Partial,
            _ => JobStatus::Failed,
        }
    }
}

/// One device's result within a job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeviceOutcome {
    pub device: String,
    /// `pending` until its task ran, then `ok`, `unchanged`, `failed` (or, for compliance,
    /// `compliant` and `non-compliant`).
    pub status: OutcomeStatus,
    pub changed: bool,
    pub error: String,
}

/// A job as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JobRecord {
    pub id: i64,
    pub kind: String,
    pub scope: String,
    pub started_by: String,
    pub status: JobStatus,
    pub started_at: i64,
    pub finished_at: Option<i64>,
    pub summary: String,
    /// Commits the job made, one per repository it changed.
    pub commits: Vec<String>,
    pub devices: Vec<DeviceOutcome>,
}

/// The columns of a [`JobRow`], in its order.
pub(super) const JOB_COLUMNS: &str =
    "id, kind, scope, started_by, status, started_at, finished_at, summary, commits";

pub(super) type JobRow = (
    i64,
    String,
    String,
    String,
    String,
    i64,
    Option<i64>,
    String,
    String,
);

impl Store {
    /// Records the start of a job and returns its id.
    pub async fn start_job(
        &self,
        kind: &str,
        scope: &str,
        started_by: &str,
    ) -> Result<i64, StoreError> {
        let (id,): (i64,) = sqlx::query_as(
            // `pending` is -1 until the job's devices are recorded, so no worker takes the
            // job for one whose devices are all done and finalises it empty.
            "INSERT INTO jobs (kind, scope, started_by, status, started_at, owner, lease_until, pending) \
             VALUES ($1, $2, $3, 'running', $4, $5, $6, -1) RETURNING id",
        )
        .bind(kind)
        .bind(scope)
        .bind(started_by)
        .bind(now_millis())
        .bind(process_owner())
        .bind(now_millis() + super::leases::FIRST_LEASE.as_millis() as i64)
        .fetch_one(&self.pool)
        .await
        .context("recording a job start")?;
        Ok(id)
    }

    pub async fn record_job_device(
        &self,
        job: i64,
        outcome: &DeviceOutcome,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO job_devices (job_id, device, status, changed, error) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (job_id, device) DO UPDATE SET status = excluded.status, changed = excluded.changed, \
             error = excluded.error",
        )
        .bind(job)
        .bind(&outcome.device)
        .bind(outcome.status.as_str())
        .bind(i64::from(outcome.changed))
        .bind(&outcome.error)
        .execute(&self.pool)
        .await
        .context("recording a device result")?;
        Ok(())
    }

    /// Records the end of a running job: its status, summary and the commits it made. A job
    /// already ended keeps its record (a second finaliser, after the first's claim ran out,
    /// changes nothing).
    pub async fn finish_job(
        &self,
        job: i64,
        status: JobStatus,
        summary: &str,
        commits: &[String],
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE jobs SET status = $1, finished_at = $2, summary = $3, commits = $4 \
             WHERE id = $5 AND status = 'running'",
        )
        .bind(status.as_str())
        .bind(now_millis())
        .bind(summary)
        .bind(commits.join(" "))
        .bind(job)
        .execute(&self.pool)
        .await
        .context("recording a job's end")?;
        Ok(())
    }

    /// Marks jobs whose lease ran out as failed, with their devices that never ran: nobody
    /// renewed it (no process waits on the job and no worker of the store is alive), so
    /// nobody will finish it. Run at start. Returns how many.
    pub async fn fail_interrupted_jobs(&self) -> Result<u64, StoreError> {
        let now = now_millis();
        let expired: Vec<(i64,)> =
            sqlx::query_as("SELECT id FROM jobs WHERE status = 'running' AND lease_until < $1")
                .bind(now)
                .fetch_all(&self.pool)
                .await
                .context("listing jobs whose lease ran out")?;
        let mut failed = 0;
        for (id,) in expired {
            let result = sqlx::query(
                "UPDATE jobs SET status = 'failed', finished_at = $1, \
                 summary = 'interrupted: its lease ran out: the process that started it and every worker stopped' \
                 WHERE id = $2 AND status = 'running' AND lease_until < $1",
            )
            .bind(now)
            .bind(id)
            .execute(&self.pool)
            .await
            .context("failing an interrupted job")?;
            if result.rows_affected() == 0 {
                continue; // renewed meanwhile
            }
            // Its devices that never ran say so; their queued tasks find the job failed and
            // do nothing.
            sqlx::query(
                "UPDATE job_devices SET status = 'failed', \
                 error = 'not run: the job was interrupted' WHERE job_id = $1 AND status = 'pending'",
            )
            .bind(id)
            .execute(&self.pool)
            .await
            .context("failing an interrupted job's pending devices")?;
            failed += 1;
        }
        Ok(failed)
    }

    /// The newest jobs first, without their device lists.
    pub async fn jobs(&self, limit: i64) -> Result<Vec<JobRecord>, StoreError> {
        let rows: Vec<JobRow> = sqlx::query_as(
            "SELECT id, kind, scope, started_by, status, started_at, finished_at, summary, commits FROM jobs \
             ORDER BY id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await
        .context("listing jobs")?;
        Ok(rows.into_iter().map(job_from_row).collect())
    }

    /// One job with every device's result.
    pub async fn job(&self, id: i64) -> Result<JobRecord, StoreError> {
        let row: Option<JobRow> = sqlx::query_as(
            "SELECT id, kind, scope, started_by, status, started_at, finished_at, summary, commits FROM jobs WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .context("reading a job")?;
        let mut job = job_from_row(row.ok_or_else(|| StoreError::NotFound {
            what: "job",
            name: id.to_string(),
            hint: "list jobs with `aurum jobs`".to_string(),
        })?);
        let devices: Vec<(String, String, i64, String)> = sqlx::query_as(
            "SELECT device, status, changed, error FROM job_devices WHERE job_id = $1 ORDER BY device",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await
        .context("reading a job's devices")?;
        job.devices = devices
            .into_iter()
            .map(|(device, status, changed, error)| DeviceOutcome {
                device,
                status: OutcomeStatus::parse(&status),
                changed: changed != 0,
                error,
            })
            .collect();
        Ok(job)
    }
}

pub(super) fn job_from_row(row: JobRow) -> JobRecord {
    let (id, kind, scope, started_by, status, started_at, finished_at, summary, commits) = row;
    JobRecord {
        id,
        kind,
        scope,
        started_by,
        status: JobStatus::parse(&status),
        started_at,
        finished_at,
        summary,
        commits: commits.split_whitespace().map(str::to_string).collect(),
        devices: Vec::new(),
    }
}

fn hostname() -> String {
    std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "localhost".to_string())
}

/// `host:pid` of this process: the owner recorded on its jobs, and a name unique among the
/// processes that share a database.
pub fn process_owner() -> String {
    format!("{}:{}", hostname(), std::process::id())
}
