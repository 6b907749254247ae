//! One device of one job as an apalis task, and the handler every worker runs for it.
//!
//! A task names its job, the device and the golden-config setting; the worker looks both up in
//! its own store and configuration, so any `aurum worker` process with the same aurum.toml can
//! run it. Device failures are results, never task errors: the handler records them and the
//! job goes on.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use apalis::prelude::{BoxDynError, Data};
use aurum_store::{DeviceOutcome, JobStatus, OutcomeStatus};
use futures_util::FutureExt;
use serde::{Deserialize, Serialize};
use tokio::sync::mpsc::UnboundedSender;

use super::backup::failed;
use super::shared::JobShared;
use super::{DeviceEvent, GoldenService, JobKind};
use crate::ServiceError;

/// One device of one job.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DeviceTask {
    pub kind: JobKind,
    /// The recorded job; `None` for a dry run, which records nothing and runs in memory.
    pub job: Option<i64>,
    pub device: String,
    /// The golden-config setting the device runs under.
    pub setting: String,
    /// A dry run's outcomes go straight back to the caller (in-memory tasks only).
    #[serde(skip)]
    pub reply: Option<UnboundedSender<DeviceOutcome>>,
    /// A dry run's shared parts (in-memory tasks only); recorded jobs find theirs by job id.
    #[serde(skip)]
    pub shared: Option<Arc<JobShared>>,
}

/// The apalis handler: runs one device and records the result; the worker that counts off a
/// job's last device finalises the job. Tasks of a job that is no longer running (a process
/// died and the job was failed) and devices already done (a task delivered twice) do nothing.
pub(crate) async fn run_device_task(
    task: DeviceTask,
    service: Data<GoldenService>,
) -> Result<(), BoxDynError> {
    let service: &GoldenService = &service;
    if let Some(job) = task.job
        && service.store.task_state(job, &task.device).await? != Some((JobStatus::Running, true))
    {
        tracing::debug!(job, device = %task.device, "skipping a task whose job is not running or whose device is done");
        return Ok(());
    }
    let before = service.compliance_before(task.kind, &task.device).await?;
    // A panic in one device's work (a plugin, a parser) fails that device, not the worker.
    let result = AssertUnwindSafe(service.device_outcome(&task))
        .catch_unwind()
        .await
        .unwrap_or_else(|_| {
            Err(ServiceError::Job {
                reason: "the device's task panicked; see the worker's log".into(),
            })
        });
    let outcome = result.unwrap_or_else(|error| DeviceOutcome {
        device: task.device.clone(),
        status: OutcomeStatus::Failed,
        changed: false,
        error: error.to_string(),
    });
    let remaining = match task.job {
        Some(job) => match service.store.record_device_result(job, &outcome).await? {
            Some(remaining) => Some(remaining),
            // Another delivery of this task got there first and told everyone.
            None => return Ok(()),
        },
        None => None,
    };
    if let Some(job) = task.job {
        service
            .notify_device(task.kind, job, &outcome, before)
            .await?;
    }
    // Nobody listening is fine: events are for whoever wants them.
    let _ = service
        .events
        .send(DeviceEvent::new(task.kind, task.job, &outcome));
    if let Some(reply) = &task.reply {
        let _ = reply.send(outcome);
    }
    if let (Some(job), Some(0)) = (task.job, remaining)
        && service
            .store
            .claim_finalisation(job, service.lease())
            .await?
    {
        service.finalise(task.kind, job).await?;
    }
    Ok(())
}

impl GoldenService {
    /// The device's outcome under its setting, by job kind; a worker that cannot satisfy what
    /// the job needs (a plugin, a setting) fails the device saying what differs.
    async fn device_outcome(&self, task: &DeviceTask) -> Result<DeviceOutcome, ServiceError> {
        if let Some(job) = task.job
            && let Err(reason) = self.check_requirements(job).await
        {
            return Err(ServiceError::Job { reason });
        }
        let setting = self
            .settings()
            .into_iter()
            .find(|(name, _)| *name == task.setting)
            .map(|(_, setting)| setting)
            .ok_or_else(|| ServiceError::Job {
                reason: format!(
                    "this worker's configuration has no golden-config setting `{}`; run every worker with the same aurum.toml",
                    task.setting
                ),
            })?;
        let shared = match (&task.shared, task.job) {
            (Some(shared), _) => shared.clone(),
            (None, Some(job)) => self.job_shared(job),
            (None, None) => Arc::default(),
        };
        let device = match self.device_of(&shared, &task.device).await {
            Ok(device) => device,
            Err(error) => {
                return Ok(DeviceOutcome {
                    device: task.device.clone(),
                    status: OutcomeStatus::Failed,
                    changed: false,
                    error: error.to_string(),
                });
            }
        };
        let job = task.job;
        match task.kind {
            JobKind::Backup => self.backup_device(&device, &setting, job, &shared).await,
            JobKind::Intended => {
                self.intended_device(&device, &task.setting, &setting, job, &shared)
                    .await
            }
            JobKind::Compliance => {
                self.compliance_device(&device, &task.setting, &setting, job, &shared)
                    .await
            }
        }
        .or_else(|error| Ok(failed(&device, &error)))
    }
}
