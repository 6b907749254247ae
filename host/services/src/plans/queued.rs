//! The worker's side of a deploy job: what the job recorded when it was queued (who deployed,
//! the failure policy, each device's plans), one device deployed per task, and the job's end.
//! A user's permissions are read again when its devices run, so a `deploy` permission taken
//! away after the job was queued stops what has not been sent.

use std::collections::BTreeMap;

use aurum_store::{DeviceOutcome, DeviceResult, JobStatus, OutcomeStatus, PlanRecord, PlanStatus};
use serde::{Deserialize, Serialize};

use super::PlansService;
use super::device::DeviceDeploy;
use crate::ServiceError;
use crate::golden::{Deployer, Deploying, failed_outcome};
use crate::identity::{Permission, Principal};

/// What a deploy job records for its workers.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct DeployOrder {
    /// Who deployed: a stored user is read again when its devices run; the local CLI and
    /// schedules act as the installation's owner.
    pub principal: Principal,
    pub fail_job_on_device_failure: bool,
    /// Each device's plans, in the order they are sent.
    pub plans: BTreeMap<String, Vec<i64>>,
}

impl Deployer for PlansService {
    fn deploy_device<'a>(&'a self, job: i64, device: &'a str) -> Deploying<'a, DeviceResult> {
        Box::pin(async move {
            let outcome = self
                .deploy_queued(job, device)
                .await
                .unwrap_or_else(|error| failed_outcome(device, &error));
            DeviceResult {
                outcome,
                compliance: None,
                version: None,
            }
        })
    }

    fn finish(&self, job: i64) -> Deploying<'_, Result<(), ServiceError>> {
        Box::pin(self.finish_queued(job))
    }
}

impl PlansService {
    /// What deploy job `job` recorded when it was queued.
    pub(crate) async fn order(&self, job: i64) -> Result<DeployOrder, ServiceError> {
        let recorded = self.store.job_requirements(job).await?;
        let unreadable = |why: String| ServiceError::Job {
            reason: format!("deploy job {job}'s plans are not recorded readably ({why})"),
        };
        serde_json::from_str(&recorded.ok_or_else(|| unreadable("none recorded".into()))?)
            .map_err(|e| unreadable(e.to_string()))
    }

    /// The deploying principal as it is now.
    async fn principal_now(&self, carried: &Principal) -> Result<Principal, ServiceError> {
        Ok(match self.store.user(&carried.name).await? {
            Some(user) => Principal::from_user(user),
            None => carried.clone(),
        })
    }

    /// One device of a queued deploy, its plans as they are now.
    async fn deploy_queued(&self, job: i64, device: &str) -> Result<DeviceOutcome, ServiceError> {
        let order = self.order(job).await?;
        let principal = self.principal_now(&order.principal).await?;
        let scope = self
            .scope_of(&principal, Permission::DEPLOY, "deploy config plans")
            .await?;
        let mut plans: Vec<PlanRecord> = Vec::new();
        for id in order.plans.get(device).into_iter().flatten() {
            plans.push(self.store.plan(*id).await?);
        }
        let result = match self.store.device(device).await {
            // A grant narrowed since the job was queued holds the device back.
            Ok(found) if !scope.covers(&found) => {
                return Err(crate::authz::forbidden(
                    &principal,
                    Permission::DEPLOY,
                    &format!("device {device}"),
                ));
            }
            Ok(found) => self.deploy_device(&principal, job, &found, &plans).await?,
            Err(error) => DeviceDeploy {
                device: device.to_string(),
                sent: Vec::new(),
                not_sent: plans.iter().map(|p| (p.id, error.to_string())).collect(),
                status: PlanStatus::Approved,
                note: error.to_string(),
            },
        };
        let details = serde_json::json!({
            "plans": result.sent,
            "not_sent": result.not_sent.iter().map(|(id, why)| serde_json::json!({"plan": id, "reason": why})).collect::<Vec<_>>(),
            "note": result.note,
        });
        // A hook that cannot hear it never fails the deploy; its failure is in the log.
        if let Err(error) = self
            .golden
            .notify_plan_deployed(Some(job), device, result.status.as_str(), details)
            .await
        {
            tracing::warn!(job, device, %error, "plan_deployed hooks");
        }
        let completed = result.status == PlanStatus::Completed;
        Ok(DeviceOutcome {
            device: device.to_string(),
            status: if completed {
                OutcomeStatus::Ok
            } else {
                OutcomeStatus::Failed
            },
            changed: !result.sent.is_empty(),
            error: if completed {
                String::new()
            } else {
                result.note
            },
        })
    }

    /// The end of a deploy job: the devices something was sent to are backed up and checked
    /// again, then the job's status under its failure policy.
    async fn finish_queued(&self, job: i64) -> Result<(), ServiceError> {
        let order = self.order(job).await?;
        let principal = self.principal_now(&order.principal).await?;
        let devices = self.store.job_devices(job).await?;
        let deployed: Vec<String> = devices
            .iter()
            .filter(|d| d.outcome.changed)
            .map(|d| d.outcome.device.clone())
            .collect();
        let mut sent = Vec::new();
        for device in &deployed {
            for id in order.plans.get(device).into_iter().flatten() {
                if self.store.plan(*id).await?.deploy_job == Some(job) {
                    sent.push(*id);
                }
            }
        }
        let recheck = self.recheck(&principal, &deployed, &sent).await;
        let failed = devices
            .iter()
            .filter(|d| d.outcome.status != OutcomeStatus::Ok)
            .count();
        let status = match failed {
            0 => JobStatus::Succeeded,
            n if n == devices.len() || order.fail_job_on_device_failure => JobStatus::Failed,
            _ => JobStatus::Partial,
        };
        let summary = format!(
            "{} device(s): {} completed, {failed} failed or not sent; {recheck}",
            devices.len(),
            devices.len() - failed
        );
        self.store.finish_job(job, status, &summary, &[]).await?;
        tracing::info!(job, status = status.as_str(), "{summary}");
        Ok(())
    }
}
