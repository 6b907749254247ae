//! Devices of one job as an apalis task, and the handler every worker runs for it.
//!
//! A task names its job, its devices and their golden-config setting; the worker looks the
//! devices up in the store and the setting in what the job carries (`requirements`), so any
//! `aurum worker` process on the store can run it, whatever its own aurum.toml's settings.
//! A compliance task holds up to [`COMPLIANCE_DEVICES_PER_TASK`] devices, checked in a few
//! milliseconds each: per device, a task of its own cost more in queueing and commits than
//! the check. An intended task holds up to [`INTENDED_DEVICES_PER_TASK`], each a
//! render of a millisecond or so. A backup task holds one device, which waits on its SSH
//! session while the worker runs others. Device failures are results, never task errors: the
//! handler records them and the job goes on.

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use apalis::prelude::{BoxDynError, Data};
use aurum_store::{DeviceOutcome, DeviceResult};
use futures_util::FutureExt;
use serde::{Deserialize, Serialize};
use tokio::sync::mpsc::UnboundedSender;

use super::backup::failed_result;
use super::shared::JobShared;
use super::{DeviceEvent, GoldenService, JobKind};
use crate::ServiceError;

/// Devices per compliance task: enough that queueing and the one commit per task cost little
/// per device; few enough that several workers share a job of a few hundred devices, and that
/// progress comes in steps of well under a second.
pub(crate) const COMPLIANCE_DEVICES_PER_TASK: usize = 50;

/// Devices per intended task: renders are CPU work of about a millisecond, so a task of one
/// spent most of its time in queueing and its own results transaction; twenty still spread
/// a job over the worker's concurrency and several workers.
pub(crate) const INTENDED_DEVICES_PER_TASK: usize = 20;

/// Devices of one job under one setting.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DeviceTask {
    pub kind: JobKind,
    /// The recorded job; `None` for a dry run, which records nothing and runs in memory.
    pub job: Option<i64>,
    /// Tasks queued by a binary from before tasks held several devices name one `device`.
    #[serde(alias = "device", deserialize_with = "one_or_many")]
    pub devices: Vec<String>,
    /// The golden-config setting the devices run under.
    pub setting: String,
    /// A dry run's outcomes go straight back to the caller (in-memory tasks only).
    #[serde(skip)]
    pub reply: Option<UnboundedSender<DeviceOutcome>>,
    /// A dry run's shared parts (in-memory tasks only); recorded jobs find theirs by job id.
    #[serde(skip)]
    pub shared: Option<Arc<JobShared>>,
}

impl DeviceTask {
    /// How many devices a task of `kind` holds.
    pub(crate) fn devices_per_task(kind: JobKind) -> usize {
        match kind {
            JobKind::Compliance => COMPLIANCE_DEVICES_PER_TASK,
            JobKind::Intended => INTENDED_DEVICES_PER_TASK,
            JobKind::Backup | JobKind::Deploy => 1,
        }
    }
}

/// A list of device names, or one name (the task format before tasks held several devices).
fn one_or_many<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(deserializer)? {
        OneOrMany::One(name) => vec![name],
        OneOrMany::Many(names) => names,
    })
}

/// The apalis handler: runs the task's devices still pending and records their results in one
/// transaction; the worker that counts off a job's last device finalises the job. Tasks of a
/// job that is no longer running (a process died and the job was failed) and devices already
/// done (a task delivered twice) do nothing.
pub(crate) async fn run_device_task(
    task: DeviceTask,
    service: Data<GoldenService>,
) -> Result<(), BoxDynError> {
    let service: &GoldenService = &service;
    let devices = match task.job {
        Some(job) => {
            let pending = service.store.pending_of(job, &task.devices).await?;
            task.devices
                .iter()
                .filter(|d| pending.contains(*d))
                .cloned()
                .collect()
        }
        None => task.devices.clone(),
    };
    if devices.is_empty() {
        tracing::debug!(job = ?task.job, "skipping a task whose job is not running or whose devices are done");
        return Ok(());
    }
    let mut before = HashMap::new();
    for device in &devices {
        before.insert(
            device.clone(),
            service.compliance_before(task.kind, device).await?,
        );
    }
    // A panic in the task's work (a plugin, a parser) fails its devices, not the worker.
    let mut results = AssertUnwindSafe(service.device_results(&task, &devices))
        .catch_unwind()
        .await
        .unwrap_or_else(|_| {
            let error = ServiceError::Job {
                reason: "the device's task panicked; see the worker's log".into(),
            };
            all_failed(&devices, &error)
        });
    let (results, remaining) = match task.job {
        Some(job) => {
            let recorded = service
                .store
                .record_device_results(job, &mut results)
                .await?;
            let results: Vec<DeviceResult> = results
                .into_iter()
                // Another delivery of this task recorded the rest and told everyone.
                .filter(|r| recorded.devices.contains(&r.outcome.device))
                .collect();
            (results, recorded.remaining)
        }
        None => (results, None),
    };
    for result in results {
        let outcome = result.outcome;
        if let Some(job) = task.job {
            let before = before.remove(&outcome.device).flatten();
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
    }
    if let (Some(job), Some(0)) = (task.job, remaining)
        && service
            .store
            .claim_finalisation(job, service.lease())
            .await?
    {
        if task.kind == JobKind::Deploy {
            // A deploy's end backs its devices up and checks them again: jobs whose tasks
            // need this worker's slots, so the slot this task holds is let go first.
            let service = service.clone();
            tokio::spawn(async move {
                if let Err(error) = service.finalise(JobKind::Deploy, job).await {
                    tracing::error!("finalising deploy job {job}: {error}");
                }
            });
        } else {
            service.finalise(task.kind, job).await?;
        }
    }
    Ok(())
}

/// Every device failed with the same error.
fn all_failed(devices: &[String], error: &ServiceError) -> Vec<DeviceResult> {
    devices.iter().map(|d| failed_result(d, error)).collect()
}

impl GoldenService {
    /// The results of the devices under their setting, by job kind; a worker that cannot
    /// satisfy what the job needs (a plugin, a setting) fails them saying what differs.
    async fn device_results(&self, task: &DeviceTask, names: &[String]) -> Vec<DeviceResult> {
        if task.kind == JobKind::Deploy {
            return self.deploy_results(task.job, names).await;
        }
        let found = match task.job {
            Some(job) => match self.job_settings(job).await {
                Ok(settings) => settings.get(&task.setting).cloned(),
                Err(reason) => return all_failed(names, &ServiceError::Job { reason }),
            },
            None => self
                .settings()
                .into_iter()
                .find(|(name, _)| *name == task.setting)
                .map(|(_, setting)| setting),
        };
        let Some(setting) = found else {
            let error = ServiceError::Job {
                reason: format!(
                    "neither the job nor this worker's configuration has the golden-config setting `{}`",
                    task.setting
                ),
            };
            return all_failed(names, &error);
        };
        let shared = match (&task.shared, task.job) {
            (Some(shared), _) => shared.clone(),
            (None, Some(job)) => self.job_shared(job),
            (None, None) => Arc::default(),
        };
        let mut results = Vec::with_capacity(names.len());
        let mut devices = Vec::with_capacity(names.len());
        for name in names {
            match self.device_of(&shared, name).await {
                Ok(device) => devices.push(device),
                Err(error) => results.push(failed_result(name, &error)),
            }
        }
        let job = task.job;
        match task.kind {
            JobKind::Compliance => {
                let checked = self
                    .compliance_devices(&devices, &task.setting, &setting, &shared)
                    .await;
                match checked {
                    Ok(checked) => results.extend(checked),
                    Err(error) => {
                        results.extend(devices.iter().map(|d| failed_result(&d.name, &error)));
                    }
                }
            }
            JobKind::Deploy => unreachable!("deploy tasks returned above"),
            JobKind::Backup | JobKind::Intended => {
                for device in &devices {
                    let result = if task.kind == JobKind::Backup {
                        self.backup_device(device, &setting, job, &shared).await
                    } else {
                        self.intended_device(device, &task.setting, &setting, job, &shared)
                            .await
                    };
                    results
                        .push(result.unwrap_or_else(|error| failed_result(&device.name, &error)));
                }
            }
        }
        results
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_task_queued_by_an_older_binary_still_decodes() {
        let old: DeviceTask = serde_json::from_str(
            r#"{"kind":"backup","job":7,"device":"ams1-leaf1","setting":"default"}"#,
        )
        .unwrap();
        assert_eq!(old.devices, ["ams1-leaf1"]);
        assert_eq!(old.job, Some(7));
        let new: DeviceTask = serde_json::from_str(
            r#"{"kind":"compliance","job":8,"devices":["a","b"],"setting":"default"}"#,
        )
        .unwrap();
        assert_eq!(new.devices, ["a", "b"]);
    }
}
