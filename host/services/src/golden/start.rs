//! Starting jobs without waiting for them (the API answers at once and clients follow the
//! job), and reading jobs back. Starting checks `run_job` like every other path (in `scope`);
//! reading a job needs `run_job` somewhere, and shows only the devices the reader may see.

use aurum_store::{JobRecord, JobStatus};

use super::{GoldenService, JobKind, JobRequest};
use crate::ServiceError;
use crate::authz;
use crate::identity::{Permission, Principal};

impl GoldenService {
    /// Enqueues the first of `kinds` now (so a refusal is the caller's answer) and returns its
    /// job id; the others (a run-all's intended and compliance) are enqueued in order, each
    /// once the previous job has ended, by a task of this process. This process's worker
    /// runs the devices unless the request leaves them to `aurum worker` processes.
    pub async fn start(&self, kinds: &[JobKind], request: JobRequest) -> Result<i64, ServiceError> {
        let (first, rest) = kinds.split_first().ok_or_else(|| ServiceError::Job {
            reason: "no job kind given; use backup, intended, compliance or run-all".to_string(),
        })?;
        crate::features::require_jobs(&self.config, kinds)?;
        if request.dry_run {
            return Err(ServiceError::Job {
                reason: "a dry run records nothing to follow; run it with `aurum backup --dry-run` or wait for its report".to_string(),
            });
        }
        let job = self.enqueue(*first, &request).await?;
        if !request.no_local_worker {
            self.ensure_local_worker();
        }
        if !rest.is_empty() {
            let service = self.clone();
            let (first, rest) = (*first, rest.to_vec());
            tokio::spawn(async move {
                let mut previous = (first, job);
                for kind in rest {
                    if let Err(error) = service
                        .wait(previous.0, previous.1, |_: &super::DeviceEvent| {})
                        .await
                    {
                        tracing::error!(%error, job = previous.1, "a started run-all stopped");
                        return;
                    }
                    match service.enqueue(kind, &request).await {
                        Ok(next) => previous = (kind, next),
                        Err(error) => {
                            tracing::error!(%error, kind = kind.as_str(), "a started run-all stopped");
                            return;
                        }
                    }
                }
            });
        }
        Ok(job)
    }

    /// The newest jobs, without devices.
    pub async fn jobs(
        &self,
        principal: &Principal,
        limit: i64,
    ) -> Result<Vec<JobRecord>, ServiceError> {
        self.require_job_reader(principal)?;
        Ok(self.store.jobs(limit).await?)
    }

    /// One page of the jobs `query` matches and how many match in all, without their
    /// device lists (the jobs page).
    pub async fn job_page(
        &self,
        principal: &Principal,
        query: &aurum_store::JobQuery,
    ) -> Result<(i64, Vec<JobRecord>), ServiceError> {
        self.require_job_reader(principal)?;
        Ok(self.store.job_page(query).await?)
    }

    /// One job with the results of the devices the principal may see.
    pub async fn job(&self, principal: &Principal, id: i64) -> Result<JobRecord, ServiceError> {
        self.require_job_reader(principal)?;
        let mut job = self.store.job(id).await?;
        let scope = self
            .authz
            .device_scope(principal, Permission::VIEW_DEVICE)
            .await?;
        if !matches!(scope, authz::DeviceScope::All) {
            let mut visible = Vec::with_capacity(job.devices.len());
            for outcome in std::mem::take(&mut job.devices) {
                if let Ok(device) = self.store.device(&outcome.device).await
                    && scope.covers(&device)
                {
                    visible.push(outcome);
                }
            }
            job.devices = visible;
        }
        Ok(job)
    }

    /// Whether the job is over (for a progress stream to end).
    pub async fn job_finished(&self, id: i64) -> Result<bool, ServiceError> {
        Ok(self.store.job_status(id).await? != Some(JobStatus::Running))
    }

    fn require_job_reader(&self, principal: &Principal) -> Result<(), ServiceError> {
        if authz::allows_somewhere(principal, Permission::RUN_JOB) {
            Ok(())
        } else {
            Err(authz::forbidden(principal, Permission::RUN_JOB, "jobs"))
        }
    }
}
