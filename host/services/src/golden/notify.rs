//! Golden-config jobs telling the configured hooks what happened: a device backed up with a
//! change (with its diff summary), a device failed, a compliance feature flipped, a plan
//! deployed, a job finished. Events are emitted by the one process that recorded the result, so
//! each is heard once; a hook's failure is written on the job, never returned as the job's.

use std::collections::BTreeMap;

use aurum_config::HookEvent;
use aurum_store::{ConfigKind, DeviceOutcome, OutcomeStatus};
use serde_json::json;

use super::{GoldenService, JobKind};
use crate::ServiceError;
use crate::hooks::Event;

/// A device's compliance before its check: feature -> compliant.
pub(crate) type ComplianceBefore = BTreeMap<String, bool>;

impl GoldenService {
    /// What a compliance check must remember to tell a flip afterwards; `None` when no hook
    /// hears flips (then nothing is read).
    pub(crate) async fn compliance_before(
        &self,
        kind: JobKind,
        device: &str,
    ) -> Result<Option<ComplianceBefore>, ServiceError> {
        if kind != JobKind::Compliance || !self.hooks.wanted(HookEvent::ComplianceChanged) {
            return Ok(None);
        }
        let rows = self.store.device_compliance(device, None).await?;
        Ok(Some(
            rows.into_iter().map(|r| (r.feature, r.compliant)).collect(),
        ))
    }

    /// The events of one device's recorded result.
    pub(crate) async fn notify_device(
        &self,
        kind: JobKind,
        job: i64,
        outcome: &DeviceOutcome,
        before: Option<ComplianceBefore>,
    ) -> Result<(), ServiceError> {
        // A deploy's device is told to `plan_deployed` hooks with its plans (`plans`).
        if kind == JobKind::Deploy {
            return Ok(());
        }
        let event = |e| {
            Event::new(e, Some(job), kind.as_str(), outcome.status.as_str()).device(&outcome.device)
        };
        if outcome.status == OutcomeStatus::Failed {
            if self.hooks.wanted(HookEvent::DeviceFailed) {
                self.emit(&event(HookEvent::DeviceFailed).error(&outcome.error))
                    .await?;
            }
            return Ok(());
        }
        if kind == JobKind::Backup
            && outcome.changed
            && self.hooks.wanted(HookEvent::DeviceBackedUp)
        {
            let details = self.diff_summary(&outcome.device).await?;
            self.emit(&event(HookEvent::DeviceBackedUp).details(details))
                .await?;
        }
        if let Some(before) = before {
            let after = self.store.device_compliance(&outcome.device, None).await?;
            let flipped: Vec<_> = after
                .iter()
                // A feature checked for the first time has not flipped.
                .filter(|r| {
                    before
                        .get(&r.feature)
                        .is_some_and(|was| *was != r.compliant)
                })
                .map(|r| {
                    json!({
                        "feature": r.feature,
                        "was": before.get(&r.feature),
                        "now": r.compliant,
                    })
                })
                .collect();
            if !flipped.is_empty() {
                let details = json!({ "features": flipped });
                self.emit(&event(HookEvent::ComplianceChanged).details(details))
                    .await?;
            }
        }
        Ok(())
    }

    /// Tells the hooks a job ended, with its status, summary and commits.
    pub(crate) async fn notify_job_finished(
        &self,
        kind: JobKind,
        job: i64,
    ) -> Result<(), ServiceError> {
        if !self.hooks.wanted(HookEvent::JobFinished) {
            return Ok(());
        }
        let record = self.store.job(job).await?;
        let details = json!({
            "summary": record.summary,
            "commits": record.commits,
            "devices": record.devices.len(),
            "failed": record.devices.iter().filter(|d| d.status == OutcomeStatus::Failed).count(),
        });
        let event = Event::new(
            HookEvent::JobFinished,
            Some(job),
            kind.as_str(),
            record.status.as_str(),
        )
        .details(details);
        self.emit(&event).await
    }

    /// Tells the hooks a plan was deployed to a device (the deploy job calls this once per
    /// device it deployed): `status` is the deploy's result, `details` what the plan was
    /// (its id, the lines sent, the pre-change backup).
    pub async fn notify_plan_deployed(
        &self,
        job: Option<i64>,
        device: &str,
        status: &str,
        details: serde_json::Value,
    ) -> Result<(), ServiceError> {
        if !self.hooks.wanted(HookEvent::PlanDeployed) {
            return Ok(());
        }
        let event = Event::new(HookEvent::PlanDeployed, job, "deploy", status)
            .device(device)
            .details(details);
        self.emit(&event).await
    }

    /// Delivers one event and writes each hook's failure on its job.
    async fn emit(&self, event: &Event) -> Result<(), ServiceError> {
        let failures = self.hooks.deliver(event).await;
        if let Some(job) = event.job {
            for failure in failures {
                self.store
                    .record_hook_failure(
                        job,
                        &failure.hook,
                        event.event.as_str(),
                        event.device.as_deref().unwrap_or_default(),
                        &failure.error,
                    )
                    .await?;
            }
        }
        Ok(())
    }

    /// `{first, added, removed}` lines between the device's two newest backups.
    async fn diff_summary(&self, device: &str) -> Result<serde_json::Value, ServiceError> {
        let history = self
            .store
            .config_history(device, ConfigKind::Backup)
            .await?;
        let mut newest = history.iter().rev();
        let (Some(new), old) = (newest.next(), newest.next()) else {
            return Ok(json!({ "first": true, "added": 0, "removed": 0 }));
        };
        let old_text = old.map_or("", |v| v.config.as_str());
        let diff = similar::TextDiff::from_lines(old_text, new.config.as_str());
        let (mut added, mut removed) = (0, 0);
        for change in diff.iter_all_changes() {
            match change.tag() {
                similar::ChangeTag::Insert => added += 1,
                similar::ChangeTag::Delete => removed += 1,
                similar::ChangeTag::Equal => {}
            }
        }
        Ok(json!({ "first": old.is_none(), "added": added, "removed": removed }))
    }
}
