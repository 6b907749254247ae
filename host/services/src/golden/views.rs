//! What the golden-config results look like to a front end: a device's config versions, one
//! version, the diff between any two, and its compliance per feature. Configurations are
//! sensitive, so each needs `view_config` on the device; a device the principal may not see
//! (`view_device`) is "no device", like one that does not exist.

use serde::Serialize;

use aurum_inventory::Device;
use aurum_store::{ComplianceRow, ConfigKind, ConfigVersion, StoreError};

use super::GoldenService;
use crate::identity::{Permission, Principal};
use crate::{ServiceError, features};
use aurum_config::Feature;

/// A version without its text, for lists.
#[derive(Debug, Clone, Serialize)]
pub struct VersionSummary {
    /// The version's number for this device and kind, from 1 (oldest).
    pub number: usize,
    pub digest: String,
    pub valid_from: i64,
    pub valid_until: Option<i64>,
    pub job_id: Option<i64>,
}

/// A unified diff between two versions of one device.
#[derive(Debug, Clone, Serialize)]
pub struct VersionDiff {
    pub device: String,
    pub from: usize,
    pub to: usize,
    pub diff: String,
}

impl GoldenService {
    async fn config_device(
        &self,
        principal: &Principal,
        name: &str,
    ) -> Result<Device, ServiceError> {
        let device = self.authz.visible_device(principal, name).await?;
        self.authz
            .require_device(principal, Permission::VIEW_CONFIG, &device)
            .await?;
        Ok(device)
    }

    /// Every stored version of one kind of a device's config, oldest first.
    pub async fn versions(
        &self,
        principal: &Principal,
        device: &str,
        kind: ConfigKind,
    ) -> Result<Vec<VersionSummary>, ServiceError> {
        self.require_feature(features::of_kind(kind))?;
        self.config_device(principal, device).await?;
        let history = self.store.config_history(device, kind).await?;
        Ok(history
            .into_iter()
            .enumerate()
            .map(|(index, v)| VersionSummary {
                number: index + 1,
                digest: v.digest,
                valid_from: v.valid_from,
                valid_until: v.valid_until,
                job_id: v.job_id,
            })
            .collect())
    }

    /// Version `number` (from 1) of a device's config, with its text.
    pub async fn version(
        &self,
        principal: &Principal,
        device: &str,
        kind: ConfigKind,
        number: usize,
    ) -> Result<ConfigVersion, ServiceError> {
        self.require_feature(features::of_kind(kind))?;
        self.config_device(principal, device).await?;
        self.nth_version(device, kind, number).await
    }

    /// The unified diff from version `from` to version `to` of a device's config.
    pub async fn diff_versions(
        &self,
        principal: &Principal,
        device: &str,
        kind: ConfigKind,
        from: usize,
        to: usize,
    ) -> Result<VersionDiff, ServiceError> {
        self.require_feature(features::of_kind(kind))?;
        self.config_device(principal, device).await?;
        let old = self.nth_version(device, kind, from).await?;
        let new = self.nth_version(device, kind, to).await?;
        let diff = similar::TextDiff::from_lines(&old.config, &new.config)
            .unified_diff()
            .header(&format!("version {from}"), &format!("version {to}"))
            .to_string();
        Ok(VersionDiff {
            device: device.to_string(),
            from,
            to,
            diff,
        })
    }

    /// A device's compliance results, feature by feature (with the configs' sections).
    pub async fn device_compliance(
        &self,
        principal: &Principal,
        device: &str,
    ) -> Result<Vec<ComplianceRow>, ServiceError> {
        self.require_feature(Feature::Compliance)?;
        self.config_device(principal, device).await?;
        Ok(self.store.device_compliance(device, None).await?)
    }

    async fn nth_version(
        &self,
        device: &str,
        kind: ConfigKind,
        number: usize,
    ) -> Result<ConfigVersion, ServiceError> {
        let mut history = self.store.config_history(device, kind).await?;
        let count = history.len();
        if number == 0 || number > count {
            return Err(StoreError::NotFound {
                what: "config version",
                name: format!("{device} {} #{number}", kind.as_str()),
                hint: format!("the device has {count} version(s), numbered from 1"),
            }
            .into());
        }
        Ok(history.swap_remove(number - 1))
    }
}

/// A golden-config setting as front ends read it: remotes and the templates repository say
/// only whether they are set (their credentials stay in aurum.toml).
#[derive(Debug, Clone, Serialize)]
pub struct SettingView {
    pub name: String,
    #[serde(flatten)]
    pub setting: aurum_config::GoldenSetting,
    pub has_backup_remote: bool,
    pub has_intended_remote: bool,
    pub has_templates_repo: bool,
}

impl GoldenService {
    /// The settings in force, for `view_config` holders (they name repositories and paths).
    pub fn settings_view(&self, principal: &Principal) -> Result<Vec<SettingView>, ServiceError> {
        crate::authz::require(principal, Permission::VIEW_CONFIG)?;
        Ok(self
            .settings()
            .into_iter()
            .map(|(name, mut setting)| SettingView {
                name,
                has_backup_remote: setting.backup_remote.take().is_some(),
                has_intended_remote: setting.intended_remote.take().is_some(),
                has_templates_repo: setting.templates_repo.take().is_some(),
                setting,
            })
            .collect())
    }
}

/// What a setting's properties file holds, for reading: its compliance features and rules,
/// config removes and replaces, and remediation settings, with the file they come from, or
/// why that file cannot be read (the page says so instead of failing).
#[derive(Debug, Clone, Serialize)]
pub struct PropertiesView {
    pub setting: String,
    /// The properties file, as `[golden.settings.NAME] properties` names it; `None` when the
    /// setting has none (then it checks and cleans nothing).
    pub path: Option<String>,
    pub properties: Option<aurum_core::rules::GoldenConfig>,
    pub error: Option<String>,
}

impl GoldenService {
    /// The properties of the setting named `name`, for `view_config` holders; an unknown
    /// name is refused listing the settings.
    pub fn properties_of(
        &self,
        principal: &Principal,
        name: &str,
    ) -> Result<PropertiesView, ServiceError> {
        let all = self.properties_view(principal)?;
        let names: Vec<String> = all.iter().map(|view| view.setting.clone()).collect();
        all.into_iter()
            .find(|view| view.setting == name)
            .ok_or_else(|| {
                aurum_store::StoreError::NotFound {
                    what: "golden-config setting",
                    name: name.to_string(),
                    hint: format!("the settings are: {}", names.join(", ")),
                }
                .into()
            })
    }

    /// Each setting's properties as its file holds them now, for `view_config` holders.
    pub fn properties_view(
        &self,
        principal: &Principal,
    ) -> Result<Vec<PropertiesView>, ServiceError> {
        crate::authz::require(principal, Permission::VIEW_CONFIG)?;
        Ok(self
            .settings()
            .into_iter()
            .map(|(name, setting)| {
                let path = setting.properties.as_ref().map(|p| p.display().to_string());
                let (properties, error) = match super::backup::load_properties(&setting) {
                    Ok(properties) => (properties, None),
                    Err(error) => (None, Some(error.to_string())),
                };
                PropertiesView {
                    setting: name,
                    path,
                    properties,
                    error,
                }
            })
            .collect())
    }
}
