//! After a deploy or rollback: back the devices up and check their compliance again, then
//! store each plan's compliance after, beside the compliance it was made from.

use std::collections::BTreeMap;

use aurum_inventory::DeviceFilter;

use super::PlansService;
use crate::golden::JobRequest;
use crate::identity::{Permission, Principal};

impl PlansService {
    /// Runs a backup job and a compliance job over `devices`; says how each went.
    pub(crate) async fn recheck(
        &self,
        principal: &Principal,
        devices: &[String],
        plans: &[i64],
    ) -> String {
        if devices.is_empty() {
            return "nothing was sent, so nothing was re-checked".into();
        }
        // The re-check is part of the deploy (or rollback) `principal` was allowed on exactly
        // these devices: its jobs run with `run_job` on them, which the deployer may hold
        // nowhere else, and are still recorded as the deployer's.
        let request = JobRequest {
            filter: DeviceFilter {
                name: devices.to_vec(),
                ..DeviceFilter::default()
            },
            principal: principal.clone().granted(&[Permission::RUN_JOB.as_str()]),
            ..JobRequest::default()
        };
        let backup = match self.golden.backup(&request, |_| {}).await {
            Ok(report) => format!(
                "backup job {}: {}",
                report.job_id.unwrap_or_default(),
                report.summary
            ),
            Err(error) => return format!("the post-deploy backup failed: {error}"),
        };
        let compliance = match self.golden.compliance(&request, |_| {}).await {
            Ok(report) => format!(
                "compliance job {}: {}",
                report.job_id.unwrap_or_default(),
                report.summary
            ),
            Err(error) => return format!("{backup}; compliance not re-checked: {error}"),
        };
        for id in plans {
            let Ok(plan) = self.store.plan(*id).await else {
                continue;
            };
            let Ok(rows) = self.store.device_compliance(&plan.device, None).await else {
                continue;
            };
            let after: BTreeMap<&str, bool> = rows
                .iter()
                .map(|r| (r.feature.as_str(), r.compliant))
                .collect();
            let json = serde_json::to_string(&after).unwrap_or_default();
            if let Err(error) = self.store.set_plan_compliance_after(*id, &json).await {
                tracing::warn!(plan = id, "cannot record the compliance after: {error}");
            }
        }
        format!("{backup}; {compliance}")
    }
}
