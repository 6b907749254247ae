//! Which devices a job covers, and which setting each device uses.

use aurum_config::GoldenSetting;
use aurum_inventory::Device;

use super::{GoldenService, JobRequest};
use crate::ServiceError;
use crate::authz;
use crate::identity::Permission;

/// Devices grouped by the setting they use.
pub(crate) struct Scoped {
    pub name: String,
    pub setting: GoldenSetting,
    pub devices: Vec<Device>,
}

impl GoldenService {
    /// Selects the job's devices: the request's filter, narrowed to the devices the
    /// principal's `run_job` grants cover, each device under the matching setting with the
    /// highest weight (ties by name). No `run_job` at all is refused; no device at all is an
    /// error naming the filter (whether none matched or none was permitted, so a refusal
    /// never tells which devices exist).
    pub(crate) async fn scope(&self, request: &JobRequest) -> Result<Vec<Scoped>, ServiceError> {
        if !authz::allows_somewhere(&request.principal, Permission::RUN_JOB) {
            return Err(authz::forbidden(
                &request.principal,
                Permission::RUN_JOB,
                "any device",
            ));
        }
        let devices = self.store.devices(&request.filter).await?;
        let devices = self
            .authz
            .retain_devices(&request.principal, Permission::RUN_JOB, devices)
            .await?;
        self.group_by_setting(devices, request).await
    }

    /// `devices` grouped under the setting each uses (the request's setting only, when it
    /// names one); no group at all is an error naming the filter.
    pub(crate) async fn group_by_setting(
        &self,
        devices: Vec<aurum_inventory::Device>,
        request: &JobRequest,
    ) -> Result<Vec<Scoped>, ServiceError> {
        let mut settings = self.settings();
        if let Some(wanted) = &request.setting
            && !settings.iter().any(|(name, _)| name == wanted)
        {
            let names: Vec<&str> = settings.iter().map(|(n, _)| n.as_str()).collect();
            return Err(ServiceError::Job {
                reason: format!(
                    "no golden-config setting named `{wanted}`; settings: {}",
                    names.join(", ")
                ),
            });
        }
        // Highest weight first, then by name, so the first match wins.
        settings.sort_by(|(an, a), (bn, b)| b.weight.cmp(&a.weight).then(an.cmp(bn)));
        let mut filters = Vec::with_capacity(settings.len());
        for (_, setting) in &settings {
            filters.push(match &setting.scope {
                Some(name) => Some(self.store.saved_filter(name).await?.filter),
                None => None,
            });
        }
        let mut groups: Vec<Scoped> = settings
            .iter()
            .map(|(name, setting)| Scoped {
                name: name.clone(),
                setting: setting.clone(),
                devices: Vec::new(),
            })
            .collect();
        for device in devices {
            let chosen = filters
                .iter()
                .position(|filter| filter.as_ref().is_none_or(|f| f.matches(&device)));
            if let Some(index) = chosen {
                groups[index].devices.push(device);
            }
        }
        groups.retain(|g| {
            !g.devices.is_empty() && request.setting.as_ref().is_none_or(|s| *s == g.name)
        });
        if groups.is_empty() {
            return Err(ServiceError::Job {
                reason: format!(
                    "no device matches {}{}; check the filter and the settings' scopes",
                    request.filter.describe(),
                    request
                        .setting
                        .as_ref()
                        .map(|s| format!(" in setting `{s}`"))
                        .unwrap_or_default()
                ),
            });
        }
        Ok(groups)
    }
}
