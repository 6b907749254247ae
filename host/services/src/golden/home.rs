//! The golden-config home: every device in a setting's scope, even before any job ran for it,
//! with its last backup, intended and compliance dates and whether the last attempt of each
//! succeeded (and why not). Starting jobs from there goes through [`GoldenService::enqueue`].

use aurum_inventory::DeviceFilter;
use aurum_store::GoldenStatus;
use serde::Serialize;

use super::{GoldenService, JobKind, JobRequest};
use crate::ServiceError;
use crate::device_list::require;
use crate::identity::Principal;

/// One device's row on the golden-config home.
#[derive(Debug, Clone, Serialize)]
pub struct HomeRow {
    pub device: String,
    pub setting: String,
    pub platform: String,
    #[serde(flatten)]
    pub status: GoldenStatus,
    /// The reason of the newest failed attempt, if the last attempt of any kind failed.
    pub failure: Option<String>,
}

impl GoldenService {
    /// Every device in scope of the settings (narrowed by `filter`), by name; needs
    /// `view_device`. No device in scope is an empty list, not an error.
    pub async fn home(
        &self,
        principal: &Principal,
        filter: &DeviceFilter,
    ) -> Result<Vec<HomeRow>, ServiceError> {
        require(principal, "view_device")?;
        let request = JobRequest {
            filter: filter.clone(),
            ..JobRequest::default()
        };
        let groups = match self.scope(&request).await {
            Ok(groups) => groups,
            Err(ServiceError::Job { .. }) => return Ok(Vec::new()),
            Err(other) => return Err(other),
        };
        let mut status = self.store.golden_status().await?;
        let mut rows: Vec<HomeRow> = groups
            .into_iter()
            .flat_map(|group| {
                let setting = group.name;
                group
                    .devices
                    .into_iter()
                    .map(move |device| (setting.clone(), device))
            })
            .map(|(setting, device)| {
                let status = status.remove(&device.name).unwrap_or_default();
                let failure = status
                    .last
                    .iter()
                    .filter(|(_, attempt)| attempt.status == "failed")
                    .max_by_key(|(_, attempt)| attempt.job_id)
                    .map(|(kind, attempt)| format!("{kind}: {}", attempt.error));
                HomeRow {
                    device: device.name,
                    setting,
                    platform: device.platform.unwrap_or_default(),
                    status,
                    failure,
                }
            })
            .collect();
        rows.sort_by(|a, b| a.device.cmp(&b.device));
        Ok(rows)
    }

    /// Starts a job of `kind` on the devices named (all in scope when empty) as `principal`,
    /// needs `run_job`; returns the job id at once. This process's worker runs it (the UI
    /// follows its progress on the job's page).
    pub async fn start_job(
        &self,
        principal: &Principal,
        kind: JobKind,
        devices: Vec<String>,
    ) -> Result<i64, ServiceError> {
        require(principal, "run_job")?;
        let request = JobRequest {
            filter: DeviceFilter {
                name: devices,
                ..DeviceFilter::default()
            },
            user: principal.name.clone(),
            ..JobRequest::default()
        };
        let job = self.enqueue(kind, &request).await?;
        self.ensure_local_worker();
        Ok(job)
    }
}
