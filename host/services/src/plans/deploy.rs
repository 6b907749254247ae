//! A deploy job: the named plans (narrowed by a filter) are checked up front — any that is
//! not approved is refused by name — then each device is a task of the job on the queue that
//! `aurum worker` (or this process's own worker) takes, `[ssh] concurrency` at a time; one
//! device's failure never stops the others. The worker that finishes the last device backs the
//! deployed devices up and checks their compliance again (`queued`), and the job's status
//! follows the explicit failure policy.

use std::collections::{BTreeMap, BTreeSet};

use aurum_inventory::DeviceFilter;
use aurum_store::{JobStatus, PlanRecord, PlanStatus};
use serde::Serialize;

use super::queued::DeployOrder;
use super::{PlansService, refused};
use crate::ServiceError;
use crate::golden::{JobKind, JobProgress};
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
    /// Leave the devices to `aurum worker` processes rather than this process's own worker.
    pub no_local_worker: bool,
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
    /// Deploys approved plans, one task per device, waits for the job and its re-check, and
    /// says what became of every plan.
    pub async fn deploy(
        &self,
        principal: &Principal,
        request: &DeployRequest,
    ) -> Result<DeployReport, ServiceError> {
        self.deploy_reporting(principal, request, |_: &crate::golden::DeviceEvent| {})
            .await
    }

    /// [`PlansService::deploy`], telling `progress` of each device as it ends.
    pub async fn deploy_reporting(
        &self,
        principal: &Principal,
        request: &DeployRequest,
        progress: impl JobProgress,
    ) -> Result<DeployReport, ServiceError> {
        let job = self.start_deploy(principal, request).await?;
        self.golden.wait(JobKind::Deploy, job, progress).await?;
        self.deploy_report(job).await
    }

    /// Records a deploy job and enqueues its devices; returns the job id once the tasks are
    /// on the queue (the web UI shows the job's page while it runs).
    pub async fn start_deploy(
        &self,
        principal: &Principal,
        request: &DeployRequest,
    ) -> Result<i64, ServiceError> {
        self.require_feature(true)?;
        self.scope_of(principal, Permission::DEPLOY, "deploy config plans")
            .await?;
        if request.plans.is_empty() {
            return Err(refused(
                "name the plans to deploy, e.g. `aurum deploy 3 4`; `aurum plan list --status approved` lists them",
            ));
        }
        let mut plans = Vec::with_capacity(request.plans.len());
        for id in BTreeSet::from_iter(request.plans.iter().copied()) {
            plans.push(
                self.plan_for(principal, Permission::DEPLOY, "deploy config plans", id)
                    .await?,
            );
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
        let mut by_device: BTreeMap<String, Vec<i64>> = BTreeMap::new();
        for plan in plans {
            by_device
                .entry(plan.device.clone())
                .or_default()
                .push(plan.id);
        }
        let ids: Vec<String> = by_device.values().flatten().map(i64::to_string).collect();
        let order = DeployOrder {
            principal: principal.clone(),
            fail_job_on_device_failure: request.fail_job_on_device_failure,
            plans: by_device,
        };
        let job = self
            .store
            .start_job(
                "deploy",
                &format!("plans {}", ids.join(", ")),
                &principal.name,
            )
            .await?;
        let recorded = serde_json::to_string(&order).map_err(|e| ServiceError::Job {
            reason: format!("deploy job {job}'s plans cannot be recorded: {e}"),
        })?;
        self.store.set_job_requirements(job, &recorded).await?;
        let devices: Vec<String> = order.plans.keys().cloned().collect();
        let pending: Vec<(String, String)> =
            devices.iter().map(|d| (d.clone(), String::new())).collect();
        self.store.add_pending_devices(job, &pending).await?;
        if let Err(error) = self.golden.enqueue_deploy(job, &devices).await {
            let summary = format!("not started: {error}");
            self.store
                .finish_job(job, JobStatus::Failed, &summary, &[])
                .await?;
            return Err(error);
        }
        if !request.no_local_worker {
            self.golden.ensure_local_worker();
        }
        tracing::info!(job, plans = %ids.join(","), user = %principal.name, "deploy job queued");
        Ok(job)
    }

    /// What deploy job `job` did, device by device, from what it recorded.
    pub async fn deploy_report(&self, job: i64) -> Result<DeployReport, ServiceError> {
        let record = self.store.job(job).await?;
        let order = self.order(job).await?;
        let mut devices = Vec::with_capacity(order.plans.len());
        for (device, ids) in &order.plans {
            let mut plans = Vec::with_capacity(ids.len());
            for id in ids {
                plans.push(self.store.plan(*id).await?);
            }
            let outcome = record.devices.iter().find(|d| d.device == *device);
            let error = outcome.map(|o| o.error.clone()).unwrap_or_default();
            let ok = outcome.is_some_and(|o| o.status == aurum_store::OutcomeStatus::Ok);
            devices.push(device_deploy(job, device, &plans, ok, error));
        }
        // The summary is "N device(s): ...; " then the re-check's sentence.
        let recheck = record
            .summary
            .split_once("; ")
            .map_or(record.summary.as_str(), |(_, rest)| rest)
            .to_string();
        Ok(DeployReport {
            job,
            status: record.status,
            devices,
            recheck,
        })
    }
}

/// One device's part of a deploy report: the plans this job sent, and why the others were
/// not sent; the note is the last note of the deploy's transcript, or the device's error.
fn device_deploy(
    job: i64,
    device: &str,
    plans: &[PlanRecord],
    ok: bool,
    error: String,
) -> DeviceDeploy {
    let (sent, unsent): (Vec<&PlanRecord>, Vec<&PlanRecord>) =
        plans.iter().partition(|p| p.deploy_job == Some(job));
    let not_sent = unsent
        .iter()
        .map(|p| {
            let why = if p.status == PlanStatus::Approved && !error.is_empty() {
                error.clone()
            } else {
                format!("plan {} is {} now; not sent", p.id, p.status.label())
            };
            (p.id, why)
        })
        .collect();
    let status = match sent.first() {
        _ if ok => PlanStatus::Completed,
        Some(plan) => plan.status,
        None => PlanStatus::Approved,
    };
    let note = sent
        .first()
        .and_then(|plan| plan.output.lines().rev().find_map(|l| l.strip_prefix("# ")))
        .map_or(error, str::to_string);
    DeviceDeploy {
        device: device.to_string(),
        sent: sent.iter().map(|p| p.id).collect(),
        not_sent,
        status,
        note,
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
