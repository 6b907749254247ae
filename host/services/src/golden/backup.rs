//! The backup of one device: fetch, clean, and (unless a dry run) store a new version on
//! significant change and write the device's file into the backup repository. The job's one
//! commit comes later, in the finalisation, once every device is done.

use std::time::Duration;

use aurum_config::GoldenSetting;
use aurum_core::rules::GoldenConfig as Properties;
use aurum_inventory::Device;
use aurum_store::{ConfigKind, ConfigRepo, DeviceOutcome};

use super::GoldenService;
use super::render::render_path;
use super::shared::JobShared;
use crate::ServiceError;

impl GoldenService {
    /// Backs up one device within `[golden] device_timeout_secs`. `job` is `None` for a dry
    /// run, which only tells whether the config changed.
    pub(crate) async fn backup_device(
        &self,
        device: &Device,
        setting: &GoldenSetting,
        job: Option<i64>,
        shared: &JobShared,
    ) -> Result<DeviceOutcome, ServiceError> {
        let properties = shared.properties(setting)?;
        let limit = Duration::from_secs(self.config.golden.device_timeout_secs);
        let fetched = match tokio::time::timeout(
            limit,
            self.fetch_one(device, properties.as_deref()),
        )
        .await
        {
            Ok(result) => result,
            Err(_) => Err(format!(
                "no backup within {limit:?}; raise [golden] device_timeout_secs or check the device"
            )),
        };
        let config = match fetched {
            Ok(config) => config,
            Err(error) => return Ok(outcome(device, "failed", false, error)),
        };
        self.store_device_config(device, ConfigKind::Backup, setting, &config, job)
            .await
    }

    /// Stores a device's fetched or rendered config as a new version when it changed
    /// significantly, and writes its file into the kind's repository (at the setting's path
    /// template); a dry run (`job` = `None`) only tells whether it would have changed. The
    /// job's one commit per repository comes in the finalisation.
    pub(crate) async fn store_device_config(
        &self,
        device: &Device,
        kind: ConfigKind,
        setting: &GoldenSetting,
        config: &str,
        job: Option<i64>,
    ) -> Result<DeviceOutcome, ServiceError> {
        let (repo, path) = match kind {
            ConfigKind::Backup => (&setting.backup_repo, &setting.backup_path),
            ConfigKind::Intended => (&setting.intended_repo, &setting.intended_path),
        };
        let stored = match job {
            None => self
                .store
                .current_config(&device.name, kind)
                .await?
                .is_none_or(|current| current.config != config),
            Some(job) => {
                let repo = ConfigRepo::open_or_init(&self.repo_path(repo), "main")?;
                repo.write_file(&render_path(path, device)?, config)?;
                self.store
                    .save_config_version(&device.name, kind, config, Some(job))
                    .await?
            }
        };
        Ok(outcome(
            device,
            if stored { "ok" } else { "unchanged" },
            stored,
            String::new(),
        ))
    }

    async fn fetch_one(
        &self,
        device: &Device,
        properties: Option<&Properties>,
    ) -> Result<String, String> {
        let (mut session, driver) = self.toolkit.connect(device).await?;
        let raw = session.backup().await;
        session.close().await;
        let raw = raw.map_err(|e| e.to_string())?;
        let plugin = self.registry.driver(&driver).map_err(|e| e.to_string())?;
        let cleaned = plugin.clean(&raw).map_err(|e| e.to_string())?;
        match (properties, &device.platform) {
            (Some(properties), Some(platform)) => properties
                .clean_backup(platform, &cleaned)
                .map_err(|e| e.to_string()),
            _ => Ok(cleaned),
        }
    }
}

/// The setting's Golden Config properties (compliance rules, config removes and replaces).
pub(crate) fn load_properties(setting: &GoldenSetting) -> Result<Option<Properties>, ServiceError> {
    let Some(path) = &setting.properties else {
        return Ok(None);
    };
    let text = std::fs::read_to_string(path).map_err(|e| ServiceError::Job {
        reason: format!(
            "cannot read golden-config properties {}: {e}",
            path.display()
        ),
    })?;
    Properties::from_yaml(&text)
        .map(Some)
        .map_err(|e| ServiceError::Job {
            reason: format!("{}: {e}", path.display()),
        })
}

pub(crate) fn outcome(
    device: &Device,
    status: &str,
    changed: bool,
    error: String,
) -> DeviceOutcome {
    DeviceOutcome {
        device: device.name.clone(),
        status: status.to_string(),
        changed,
        error,
    }
}
