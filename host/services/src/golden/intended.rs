//! The intended job: source-of-truth data (a setting's GraphQL query, or the device and its
//! platform), an optional transposer, a template (see `prepared`), stored and committed like
//! backups; and the ad-hoc render that stores nothing.

use aurum_inventory::Device;
use aurum_store::ConfigKind;

use super::backup::failed_result;
use super::shared::JobShared;
use super::{GoldenService, JobRequest};
use crate::ServiceError;
use crate::identity::{Permission, Principal};

/// An ad-hoc render: the text, and its diff to the last stored intended config.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Rendered {
    pub device: String,
    pub config: String,
    pub diff: String,
}

impl GoldenService {
    /// Renders one device's intended config and (unless a dry run, `job` = `None`) stores a new
    /// version on change and writes its file into the intended repository; the job's commit
    /// comes in the finalisation.
    pub(crate) async fn intended_device(
        &self,
        device: &Device,
        setting_name: &str,
        setting: &aurum_config::GoldenSetting,
        job: Option<i64>,
        shared: &JobShared,
    ) -> Result<aurum_store::DeviceResult, ServiceError> {
        let prepared = shared.prepared(self, setting_name, setting).await?;
        let config = match self.render_device(device, setting, &prepared).await {
            Ok(config) => config,
            Err(error) => return Ok(failed_result(&device.name, &error)),
        };
        self.store_device_config(
            device,
            ConfigKind::Intended,
            setting,
            config,
            job,
            &prepared.platforms,
        )
        .await
    }

    /// One device's template context under the setting that covers it (the SoT query's
    /// data, or the device and its platform), as a manual plan's template sees it.
    pub async fn device_context(
        &self,
        principal: &Principal,
        name: &str,
    ) -> Result<serde_json::Value, ServiceError> {
        let (device, group) = self.device_setting(principal, name).await?;
        let prepared = self.prepare(&group.name, &group.setting).await?;
        self.device_data(&device, &group.setting, &prepared).await
    }

    /// A device the principal may see and the golden-config setting that covers it; a device
    /// the principal may not see is "no device", like one that does not exist.
    async fn device_setting(
        &self,
        principal: &Principal,
        name: &str,
    ) -> Result<(Device, super::scope::Scoped), ServiceError> {
        let device = self.authz.visible_device(principal, name).await?;
        let request = JobRequest {
            principal: principal.clone(),
            filter: aurum_inventory::DeviceFilter {
                name: vec![name.to_string()],
                ..Default::default()
            },
            ..JobRequest::default()
        };
        let group = self
            .group_by_setting(vec![device.clone()], &request)
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| ServiceError::Job {
                reason: format!("no golden-config setting covers {name}"),
            })?;
        Ok((device, group))
    }

    /// Renders one device's intended config without storing it, with the diff to the last
    /// stored one. It shows configuration, so it needs `view_config` on the device.
    pub async fn render_one(
        &self,
        principal: &Principal,
        name: &str,
    ) -> Result<Rendered, ServiceError> {
        self.require_feature(aurum_config::Feature::Intended)?;
        let (device, group) = self.device_setting(principal, name).await?;
        self.authz
            .require_device(principal, Permission::VIEW_CONFIG, &device)
            .await?;
        let prepared = self.prepare(&group.name, &group.setting).await?;
        let config = self
            .render_device(&device, &group.setting, &prepared)
            .await?;
        let previous = self
            .store
            .current_config(name, ConfigKind::Intended)
            .await?
            .map(|v| v.config)
            .unwrap_or_default();
        let diff = similar::TextDiff::from_lines(&previous, &config)
            .unified_diff()
            .header("stored intended", "rendered now")
            .to_string();
        Ok(Rendered {
            device: name.to_string(),
            config,
            diff,
        })
    }
}
