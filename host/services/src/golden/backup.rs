//! The backup of one device: fetch, clean, and (unless a dry run) store a new version on
//! significant change and write the device's file into the backup repository. The job's one
//! commit comes later, in the finalisation, once every device is done.

use std::time::Duration;

use aurum_config::GoldenSetting;
use aurum_core::rules::GoldenConfig as Properties;
use aurum_inventory::{Device, Platform};
use aurum_store::{ConfigKind, ConfigRepo, DeviceOutcome, DeviceResult, NewVersion, OutcomeStatus};

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
    ) -> Result<DeviceResult, ServiceError> {
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
            Err(error) => return Ok(failed_result(&device.name, &error)),
        };
        let platforms = self.platforms_of(shared).await?;
        self.store_device_config(device, ConfigKind::Backup, setting, config, job, platforms)
            .await
    }

    /// A device's fetched or rendered config as its result: in a job, its file written into
    /// the kind's repository (at the setting's path template) and the config carried to the
    /// results' transaction, which stores it as a new version when it changed; the job's one
    /// commit per repository comes in the finalisation. A dry run (`job` = `None`) only tells
    /// whether it would have changed.
    pub(crate) async fn store_device_config(
        &self,
        device: &Device,
        kind: ConfigKind,
        setting: &GoldenSetting,
        config: String,
        job: Option<i64>,
        platforms: &[Platform],
    ) -> Result<DeviceResult, ServiceError> {
        let (repo, path) = match kind {
            ConfigKind::Backup => (&setting.backup_repo, &setting.backup_path),
            ConfigKind::Intended => (&setting.intended_repo, &setting.intended_path),
        };
        if job.is_none() {
            let changed = self
                .store
                .current_config(&device.name, kind)
                .await?
                .is_none_or(|current| current.config != config);
            return Ok(DeviceResult {
                outcome: outcome(
                    device,
                    OutcomeStatus::stored(changed),
                    changed,
                    String::new(),
                ),
                compliance: None,
                version: None,
            });
        }
        // The repository exists since the job was enqueued; its one commit comes at the end.
        ConfigRepo::write_file_in(
            &self.repo_path(repo),
            &render_path(path, device, platforms)?,
            &config,
        )?;
        Ok(DeviceResult {
            // Recording sets the status and `changed` from the stored version.
            outcome: outcome(device, OutcomeStatus::Ok, false, String::new()),
            compliance: None,
            version: Some(NewVersion { kind, config }),
        })
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
        let plugin = self.registry.driver(&driver)?;
        let cleaned = crate::plugin_calls::timed(&driver, "driver", || plugin.clean(&raw))?;
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

/// A device that failed, with nothing to store but its error.
pub(crate) fn failed_result(device: &str, error: &ServiceError) -> DeviceResult {
    DeviceResult {
        outcome: failed(device, error),
        compliance: None,
        version: None,
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
