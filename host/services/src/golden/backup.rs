//! The backup of one device: fetch, clean, and (unless a dry run) store a new version on
//! significant change and write the device's file into the backup repository. The job's one
//! commit comes later, in the finalisation, once every device is done.

use std::time::Duration;

use aurum_config::GoldenSetting;
use aurum_core::rules::GoldenConfig as Properties;
use aurum_inventory::{Device, Platform};
use aurum_store::{ConfigKind, ConfigRepo, DeviceOutcome, OutcomeStatus};

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
        let limit = Duration::from_secs(self.config.golden.device_timeout_secs);
        let fetched =
            match tokio::time::timeout(limit, self.fetch_one(device, setting, shared)).await {
                Ok(result) => result,
                Err(_) => Err(ServiceError::DeviceTimeout {
                    device: device.name.clone(),
                    what: "backup",
                    limit,
                }),
            };
        let config = match fetched {
            Ok(config) => config,
            Err(error) => return Ok(failed(&device.name, &error)),
        };
        let platforms = self.platforms_of(shared).await?;
        self.store_device_config(device, ConfigKind::Backup, setting, &config, job, platforms)
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
        platforms: &[Platform],
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
            // The repository exists since the job was enqueued; its one commit comes at the end.
            Some(job) => {
                ConfigRepo::write_file_in(
                    &self.repo_path(repo),
                    &render_path(path, device, platforms)?,
                    config,
                )?;
                self.store
                    .save_config_version(&device.name, kind, config, Some(job))
                    .await?
            }
        };
        let status = if stored {
            OutcomeStatus::Ok
        } else {
            OutcomeStatus::Unchanged
        };
        Ok(outcome(device, status, stored, String::new()))
    }

    /// Fetches and cleans one device's config: the driver's cleanup, then the setting's
    /// config removes and replaces for the device's platform (compiled once per job).
    async fn fetch_one(
        &self,
        device: &Device,
        setting: &GoldenSetting,
        shared: &JobShared,
    ) -> Result<String, ServiceError> {
        let platforms = self.platforms_of(shared).await?;
        let (mut session, driver) = self.toolkit.connect(device, platforms).await?;
        let raw = session.backup().await;
        session.close().await;
        let raw = raw.map_err(|source| ServiceError::Session {
            device: device.name.clone(),
            guidance: crate::toolkit::guidance(&source),
            source: Box::new(source),
        })?;
        let cleaned = self.registry.driver(&driver)?.clean(&raw)?;
        match (shared.properties(setting)?, &device.platform) {
            (Some(properties), Some(platform)) => Ok(shared
                .cleaner(setting, &properties, platform)?
                .clean(&cleaned)),
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
    status: OutcomeStatus,
    changed: bool,
    error: String,
) -> DeviceOutcome {
    DeviceOutcome {
        device: device.name.clone(),
        status,
        changed,
        error,
    }
}

/// A device that failed, with the error that says why.
pub(crate) fn failed(device: &str, error: &ServiceError) -> DeviceOutcome {
    DeviceOutcome {
        device: device.to_string(),
        status: OutcomeStatus::Failed,
        changed: false,
        error: error.to_string(),
    }
}
