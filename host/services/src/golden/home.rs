//! The golden-config home: every device in a setting's scope, even before any job ran for it,
//! with its last backup, intended and compliance dates and whether the last attempt of each
//! succeeded (and why not). Starting jobs from there goes through [`GoldenService::start`].

use aurum_inventory::DeviceFilter;
use aurum_store::{GoldenStatus, OutcomeStatus};
use serde::Serialize;

use super::{GoldenService, JobRequest};
use crate::ServiceError;
use crate::identity::{Permission, Principal};

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
    /// Every device in scope of the settings (narrowed by `filter`) that the principal may
    /// see (`view_device` on it), by name. No such device is an empty list, not an error.
    pub async fn home(
        &self,
        principal: &Principal,
        filter: &DeviceFilter,
    ) -> Result<Vec<HomeRow>, ServiceError> {
        // The home shows the jobs' dates; with every job switched off it has nothing to say.
        if !self.any_job_enabled() {
            return Err(ServiceError::FeatureDisabled {
                feature: aurum_config::Feature::Backup.key(),
            });
        }
        let devices = self.store.devices(filter).await?;
        let devices = self
            .authz
            .retain_devices(principal, Permission::VIEW_DEVICE, devices)
            .await?;
        let request = JobRequest {
            filter: filter.clone(),
            principal: principal.clone(),
            ..JobRequest::default()
        };
        let groups = match self.group_by_setting(devices, &request).await {
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
                    .filter(|(_, attempt)| attempt.status == OutcomeStatus::Failed)
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
}
