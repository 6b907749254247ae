//! Configs carried over from another tool (Nautobot Golden Config's last backup and intended
//! config per device), stored as each device's current version in the database and in its
//! setting's repository, so compliance runs at once on the configs the old tool had. A config
//! the tool's records do not hold is read from the setting's remote (Golden Config's own
//! backup and intended repositories) at the device's path.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use aurum_inventory::DeviceFilter;
use aurum_store::{ConfigKind, ConfigRepo};
use serde::Serialize;

use super::{GoldenService, JobRequest};
use crate::ServiceError;
use crate::golden::render::render_path;
use crate::identity::Principal;

/// One device's configs as the other tool last had them.
#[derive(Debug, Clone)]
pub struct CarriedConfig {
    pub device: String,
    pub backup: Option<String>,
    pub intended: Option<String>,
}

/// What carrying configs over did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CarriedReport {
    /// Config versions stored (a backup and an intended count as two).
    pub stored: usize,
    /// Versions that were already Aurum's current ones.
    pub unchanged: usize,
    /// Devices the configs name that are not in the inventory (or not permitted).
    pub skipped: Vec<String>,
    /// One commit per repository written.
    pub commits: Vec<String>,
}

impl GoldenService {
    /// Stores `configs` for the devices the principal may run jobs on, each under its
    /// setting's repository and path (a config missing from `configs` is read from the
    /// setting's remote, on `branches[url]` or `main`); one commit per repository, not pushed
    /// (the next job's push takes it along).
    pub async fn carry_configs(
        &self,
        principal: &Principal,
        configs: Vec<CarriedConfig>,
        branches: &HashMap<String, String>,
        origin: &str,
    ) -> Result<CarriedReport, ServiceError> {
        let mut by_name: BTreeMap<String, CarriedConfig> =
            configs.into_iter().map(|c| (c.device.clone(), c)).collect();
        let request = JobRequest {
            setting: None,
            filter: DeviceFilter::default(),
            dry_run: false,
            principal: principal.clone(),
            no_local_worker: false,
        };
        let mut report = CarriedReport::default();
        let mut touched: BTreeMap<PathBuf, usize> = BTreeMap::new();
        let platforms = self.store.platforms().await?;
        for group in self.scope(&request).await? {
            let checkouts = [
                self.checkout_remote(
                    &group.name,
                    "backup",
                    group.setting.backup_remote.as_ref(),
                    branches,
                )
                .await?,
                self.checkout_remote(
                    &group.name,
                    "intended",
                    group.setting.intended_remote.as_ref(),
                    branches,
                )
                .await?,
            ];
            for device in &group.devices {
                let carried = by_name.remove(&device.name);
                let (backup, intended) = carried.map_or((None, None), |c| (c.backup, c.intended));
                for ((kind, config, repo, path), checkout) in [
                    (
                        ConfigKind::Backup,
                        backup,
                        &group.setting.backup_repo,
                        &group.setting.backup_path,
                    ),
                    (
                        ConfigKind::Intended,
                        intended,
                        &group.setting.intended_repo,
                        &group.setting.intended_path,
                    ),
                ]
                .into_iter()
                .zip(&checkouts)
                {
                    let relative = render_path(path, device, &platforms)?;
                    let config = config.filter(|c| !c.trim().is_empty()).or_else(|| {
                        checkout
                            .as_ref()
                            .and_then(|dir| std::fs::read_to_string(dir.join(&relative)).ok())
                    });
                    let Some(config) = config else {
                        continue;
                    };
                    let repo = self.repo_path(repo);
                    ConfigRepo::open_or_init(&repo, "main")?;
                    ConfigRepo::write_file_in(&repo, &relative, &config)?;
                    if self
                        .store
                        .save_config_version(&device.name, kind, &config, None)
                        .await?
                    {
                        report.stored += 1;
                    } else {
                        report.unchanged += 1;
                    }
                    *touched.entry(repo).or_default() += 1;
                }
            }
        }
        report.skipped = by_name.into_keys().collect();
        let carried_dir = self.data_dir.join("carried");
        std::fs::remove_dir_all(&carried_dir).ok();
        for (path, files) in touched {
            let _lock = self
                .store
                .lock_repository(&path.display().to_string())
                .await?;
            let message = format!("Carried over {files} config(s) from {origin}");
            let commit = tokio::task::spawn_blocking(move || {
                ConfigRepo::open_or_init(&path, "main")?.commit_all(&message)
            })
            .await
            .map_err(|e| ServiceError::Job {
                reason: format!("committing the carried-over configs stopped: {e}"),
            })??;
            report.commits.extend(commit);
        }
        Ok(report)
    }

    /// A fresh checkout of `remote` (the tool's repository of this kind) under the data
    /// directory, or none when the setting has no remote.
    async fn checkout_remote(
        &self,
        setting: &str,
        kind: &str,
        remote: Option<&aurum_config::GitRemote>,
        branches: &HashMap<String, String>,
    ) -> Result<Option<PathBuf>, ServiceError> {
        let Some(remote) = remote.cloned() else {
            return Ok(None);
        };
        let branch = branches
            .get(&remote.url)
            .cloned()
            .unwrap_or_else(|| "main".to_string());
        let dest = self.data_dir.join("carried").join(setting).join(kind);
        let data_dir = self.data_dir.clone();
        tokio::task::spawn_blocking(move || {
            let access = aurum_store::RemoteAccess::resolve(&remote, &data_dir)?;
            aurum_store::checkout_branch(&access, &branch, &dest)?;
            Ok::<_, aurum_store::StoreError>(dest)
        })
        .await
        .map_err(|e| ServiceError::Job {
            reason: format!("fetching setting `{setting}`'s {kind} repository stopped: {e}"),
        })?
        .map(Some)
        .map_err(ServiceError::from)
    }
}
