//! A deploy job: the named plans (narrowed by a filter) are checked up front — any that is
//! not approved is refused by name — then each device is a task of the job, run
//! `[ssh] concurrency` at a time; one device's failure never stops the others. Afterwards the
//! deployed devices are backed up and checked for compliance again, and the job's status
//! follows the explicit failure policy.

use std::collections::{BTreeMap, BTreeSet};

use aurum_inventory::DeviceFilter;
use aurum_store::{DeviceOutcome, JobStatus, OutcomeStatus, PlanRecord, PlanStatus};
use futures_util::StreamExt;
use serde::Serialize;

use super::{PlansService, refused, require};
use crate::ServiceError;
use crate::identity::{Permission, Principal};

pub use super::device::DeviceDeploy;

/// What to deploy.
#[derive(Debug, Clone, Default)]
pub struct DeployRequest {
    pub plans: Vec<i64>,
    /// Only the plans of devices this filter matches (empty: all of them).
    pub filter: DeviceFilter,
    /// Fail the whole job when any device fails (otherwise: partial).
    pub fail_job_on_device_failure: bool,
}

/// What a deploy job did.
#[derive(Debug, Clone, Serialize)]
pub struct DeployReport {
    pub job: i64,
    pub status: JobStatus,
    pub devices: Vec<DeviceDeploy>,
    /// The post-deploy backup and compliance re-check, in a sentence.
    pub recheck: String,
}

impl PlansService {
    /// Deploys approved plans, one task per device, and re-checks the devices after.
    pub async fn deploy(
        &self,
        principal: &Principal,
        request: &DeployRequest,
    ) -> Result<DeployReport, ServiceError> {
        self.require_feature(true)?;
        require(principal, Permission::DEPLOY, "deploy config plans")?;
        if request.plans.is_empty() {
            return Err(refused(
                "name the plans to deploy, e.g. `aurum deploy 3 4`; `aurum plan list --status approved` lists them",
            ));
        }
        let mut plans = Vec::with_capacity(request.plans.len());
        for id in BTreeSet::from_iter(request.plans.iter().copied()) {
            plans.push(self.store.plan(id).await?);
        }
        if request.filter != DeviceFilter::default() {
            let matching: BTreeSet<String> = self
                .store
                .devices(&request.filter)
                .await?
                .into_iter()
                .map(|d| d.name)
                .collect();
            plans.retain(|p| matching.contains(&p.device));
            if plans.is_empty() {
                return Err(refused(format!(
                    "none of the plans is for a device matching {}",
                    request.filter.describe()
                )));
            }
        }
        refuse_unapproved(&plans)?;
        let mut by_device: BTreeMap<String, Vec<PlanRecord>> = BTreeMap::new();
        for plan in plans {
            by_device.entry(plan.device.clone()).or_default().push(plan);
        }
        let ids: Vec<String> = by_device
            .values()
            .flatten()
            .map(|p| p.id.to_string())
            .collect();
        let job = self
            .store
            .start_job(
                "deploy",
                &format!("plans {}", ids.join(", ")),
                &principal.name,
            )
            .await?;
        let devices: Vec<(String, String)> = by_device
            .keys()
            .map(|d| (d.clone(), String::new()))
            .collect();
        self.store.add_pending_devices(job, &devices).await?;
        tracing::info!(job, plans = %ids.join(","), user = %principal.name, "deploy job started");
        let results: Vec<Result<DeviceDeploy, ServiceError>> =
            futures_util::stream::iter(by_device)
                .map(|(device, plans)| self.device_task(principal, job, device, plans))
                .buffer_unordered(self.concurrency)
                .collect()
                .await;
        let mut devices = Vec::with_capacity(results.len());
        for result in results {
            devices.push(result?);
        }
        devices.sort_by(|a, b| a.device.cmp(&b.device));
        let deployed: Vec<&DeviceDeploy> = devices.iter().filter(|d| !d.sent.is_empty()).collect();
        let recheck = self
            .recheck(
                principal,
                &deployed
                    .iter()
                    .map(|d| d.device.clone())
                    .collect::<Vec<_>>(),
                &deployed
                    .iter()
                    .flat_map(|d| d.sent.iter().copied())
                    .collect::<Vec<_>>(),
            )
            .await;
        let failed = devices
            .iter()
            .filter(|d| d.status != PlanStatus::Completed)
            .count();
        let status = match failed {
            0 => JobStatus::Succeeded,
            n if n == devices.len() || request.fail_job_on_device_failure => JobStatus::Failed,
            _ => JobStatus::Partial,
        };
        let summary = format!(
            "{} device(s): {} completed, {failed} failed or not sent; {recheck}",
            devices.len(),
            devices.len() - failed
        );
        self.store.finish_job(job, status, &summary, &[]).await?;
        tracing::info!(job, status = status.as_str(), "{summary}");
        Ok(DeployReport {
            job,
            status,
            devices,
            recheck,
        })
    }

    /// One device of the job; its result is recorded on the job whatever happens.
    async fn device_task(
        &self,
        principal: &Principal,
        job: i64,
        device: String,
        plans: Vec<PlanRecord>,
    ) -> Result<DeviceDeploy, ServiceError> {
        let result = match self.store.device(&device).await {
            Ok(found) => self.deploy_device(principal, job, &found, &plans).await?,
            Err(error) => DeviceDeploy {
                device: device.clone(),
                sent: Vec::new(),
                not_sent: plans.iter().map(|p| (p.id, error.to_string())).collect(),
                status: PlanStatus::Approved,
                note: error.to_string(),
            },
        };
        let outcome = DeviceOutcome {
            device: device.clone(),
            status: match result.status {
                PlanStatus::Completed => OutcomeStatus::Ok,
                _ => OutcomeStatus::Failed,
            },
            changed: !result.sent.is_empty(),
            error: if result.status == PlanStatus::Completed {
                String::new()
            } else {
                result.note.clone()
            },
        };
        self.store.record_device_result(job, &outcome).await?;
        let details = serde_json::json!({
            "plans": result.sent,
            "not_sent": result.not_sent.iter().map(|(id, why)| serde_json::json!({"plan": id, "reason": why})).collect::<Vec<_>>(),
            "note": result.note,
        });
        // A hook that cannot hear it never fails the deploy; its failure is on the job.
        if let Err(error) = self
            .golden
            .notify_plan_deployed(Some(job), &device, result.status.as_str(), details)
            .await
        {
            tracing::warn!(job, device = %device, %error, "plan_deployed hooks");
        }
        Ok(result)
    }
}

/// Refuses the whole deploy when any plan is not approved, naming each.
fn refuse_unapproved(plans: &[PlanRecord]) -> Result<(), ServiceError> {
    let bad: Vec<String> = plans
        .iter()
        .filter(|p| p.status != PlanStatus::Approved || p.approved_by.is_none())
        .map(|p| format!("plan {} ({}) is {}", p.id, p.device, p.status.label()))
        .collect();
    if bad.is_empty() {
        return Ok(());
    }
    Err(refused(format!(
        "refusing to deploy: {}; only Approved plans are deployed (approve one with `aurum plan approve ID`, or make a new plan)",
        bad.join("; ")
    )))
}
