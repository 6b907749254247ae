//! Deploy jobs on the queue. The plans service builds on this one (it backs devices up and
//! checks them again through golden-config jobs), so this service cannot name it: the service
//! that deploys is handed in as a [`Deployer`], and a worker given none fails a deploy's
//! devices saying so rather than leaving them pending.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use aurum_store::DeviceResult;

use super::backup::failed;
use super::task::DeviceTask;
use super::{GoldenService, JobKind};
use crate::ServiceError;

/// A future a [`Deployer`] returns.
pub(crate) type Deploying<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// What a worker calls for the devices of deploy jobs.
pub(crate) trait Deployer: Send + Sync {
    /// Deploys job `job`'s plans for `device`, and records what became of each plan; a device
    /// that could not be deployed is an outcome, never an error.
    fn deploy_device<'a>(&'a self, job: i64, device: &'a str) -> Deploying<'a, DeviceResult>;

    /// Ends job `job` once every device is done: the deployed devices backed up and checked
    /// again, and the job's status under its failure policy.
    fn finish(&self, job: i64) -> Deploying<'_, Result<(), ServiceError>>;
}

impl GoldenService {
    /// This service's workers deploy through `deployer`.
    pub(crate) fn with_deployer(mut self, deployer: Arc<dyn Deployer>) -> Self {
        self.deployer = Some(deployer);
        self
    }

    /// Enqueues one task per device of deploy job `job` (recorded, its devices pending).
    pub(crate) async fn enqueue_deploy(
        &self,
        job: i64,
        devices: &[String],
    ) -> Result<(), ServiceError> {
        let tasks = devices
            .iter()
            .map(|device| DeviceTask {
                kind: JobKind::Deploy,
                job: Some(job),
                devices: vec![device.clone()],
                setting: String::new(),
                reply: None,
                shared: None,
            })
            .collect();
        self.queue().await?.push(tasks).await
    }

    /// The results of a deploy task's devices.
    pub(crate) async fn deploy_results(
        &self,
        job: Option<i64>,
        devices: &[String],
    ) -> Vec<DeviceResult> {
        let (Some(job), Some(deployer)) = (job, &self.deployer) else {
            let error = ServiceError::Job {
                reason: "this worker was opened without the plans service, so it cannot deploy; `aurum worker` and `aurum serve` can".into(),
            };
            return devices
                .iter()
                .map(|device| DeviceResult {
                    outcome: failed(device, &error),
                    compliance: None,
                    version: None,
                })
                .collect();
        };
        let mut results = Vec::with_capacity(devices.len());
        for device in devices {
            results.push(deployer.deploy_device(job, device).await);
        }
        results
    }

    /// The end of a deploy job (its finaliser).
    pub(crate) async fn finish_deploy(&self, job: i64) -> Result<(), ServiceError> {
        match &self.deployer {
            Some(deployer) => deployer.finish(job).await,
            None => Err(ServiceError::Job {
                reason: format!(
                    "deploy job {job} cannot be finished by a process without the plans service"
                ),
            }),
        }
    }
}
