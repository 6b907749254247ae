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

type JobRow = (
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
            "INSERT INTO jobs (kind, scope, started_by, status, started_at, owner) \
             VALUES ($1, $2, $3, 'running', $4, $5) RETURNING id",
        )
        .bind(kind)
        .bind(scope)
        .bind(started_by)
        .bind(now_millis())
        .bind(process_owner())
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

    /// Records the end of a job: its status, summary and the commits it made.
    pub async fn finish_job(
        &self,
        job: i64,
        status: JobStatus,
        summary: &str,
        commits: &[String],
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE jobs SET status = $1, finished_at = $2, summary = $3, commits = $4 WHERE id = $5",
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

    /// Marks jobs left running by a process that died (on this host) as failed, with their
    /// devices that never ran; run at start.
    /// Jobs of live processes, here or on other hosts, are left alone. Returns how many.
    pub async fn fail_interrupted_jobs(&self) -> Result<u64, StoreError> {
        let running: Vec<(i64, String)> =
            sqlx::query_as("SELECT id, owner FROM jobs WHERE status = 'running'")
                .fetch_all(&self.pool)
                .await
                .context("listing running jobs")?;
        let mut failed = 0;
        for (id, owner) in running {
            if owner_alive(&owner) {
                continue;
            }
            let result = sqlx::query(
                "UPDATE jobs SET status = 'failed', finished_at = $1, \
                 summary = 'interrupted: the process stopped before the job finished' \
                 WHERE id = $2 AND status = 'running'",
            )
            .bind(now_millis())
            .bind(id)
            .execute(&self.pool)
            .await
            .context("failing an interrupted job")?;
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
            failed += result.rows_affected();
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

fn job_from_row(row: JobRow) -> JobRecord {
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

/// Whether the process that owns a job still runs. Only processes on this host can be checked;
/// an owner elsewhere is presumed alive. An empty owner (a job from before owners were
/// recorded) is presumed dead.
fn owner_alive(owner: &str) -> bool {
    let Some((host, pid)) = owner.rsplit_once(':') else {
        return false;
    };
    if host != hostname() {
        return true;
    }
    pid.parse::<u32>()
        .is_ok_and(|pid| std::path::Path::new(&format!("/proc/{pid}")).exists())
}
