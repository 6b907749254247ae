//! The backup job: fetch, clean, store on significant change, write and commit.

use std::time::Duration;

use aurum_core::rules::GoldenConfig as Properties;
use aurum_inventory::Device;
use aurum_store::{ConfigKind, ConfigRepo, DeviceOutcome};
use futures_util::StreamExt;

use super::render::render_path;
use super::scope::Scoped;
use super::{GoldenService, JobReport, JobRequest, summarise};
use crate::ServerError;

impl GoldenService {
    /// Backs up every device in scope. Devices are fetched concurrently; each result is then
    /// stored (a new version only when the config changed) and written to the backup repository,
    /// which gets one commit for the job, pushed if a remote is set.
    pub async fn backup(
        &self,
        request: &JobRequest,
        progress: impl Fn(&DeviceOutcome),
    ) -> Result<JobReport, ServerError> {
        let groups = self.scope(request).await?;
        let job = match request.dry_run {
            true => None,
            false => Some(
                self.store
                    .start_job("backup", &request.filter.describe(), &request.user)
                    .await?,
            ),
        };
        let mut outcomes = Vec::new();
        let mut commits = Vec::new();
        let mut push_error = None;
        for group in groups {
            let properties = load_properties(&group)?;
            let fetched = self.fetch_all(&group.devices, &properties).await;
            let repo = match request.dry_run {
                true => None,
                false => Some(ConfigRepo::open_or_init(
                    &self.repo_path(&group.setting.backup_repo),
                    "main",
                )?),
            };
            let (mut added, mut changed, mut failed) = (Vec::new(), Vec::new(), Vec::new());
            for (device, result) in fetched {
                let outcome = match result {
                    Err(error) => {
                        failed.push(device.name.clone());
                        outcome(&device, "failed", false, error)
                    }
                    Ok(config) => {
                        let is_new = self
                            .store
                            .current_config(&device.name, ConfigKind::Backup)
                            .await?
                            .is_none();
                        let stored = match &repo {
                            None => self
                                .store
                                .current_config(&device.name, ConfigKind::Backup)
                                .await?
                                .is_none_or(|current| current.config != config),
                            Some(repo) => {
                                let path = render_path(&group.setting.backup_path, &device)?;
                                repo.write_file(&path, &config)?;
                                self.store
                                    .save_config_version(
                                        &device.name,
                                        ConfigKind::Backup,
                                        &config,
                                        job,
                                    )
                                    .await?
                            }
                        };
                        if stored {
                            if is_new { &mut added } else { &mut changed }
                                .push(device.name.clone());
                        }
                        outcome(
                            &device,
                            if stored { "ok" } else { "unchanged" },
                            stored,
                            String::new(),
                        )
                    }
                };
                if let Some(job) = job {
                    self.store.record_job_device(job, &outcome).await?;
                }
                progress(&outcome);
                outcomes.push(outcome);
            }
            if let Some(repo) = &repo {
                let message = commit_message("backup", &group.name, &added, &changed, &failed);
                if let Some(commit) = repo.commit_all(&message)? {
                    commits.push(commit);
                }
                if let Some(remote) = &group.setting.backup_remote
                    && let Err(error) = repo.push(remote, 3)
                {
                    push_error = Some(error.to_string());
                }
            }
        }
        self.finish("backup", job, outcomes, commits, push_error)
            .await
    }

    /// Fetches the cleaned configuration of every device, `[ssh] concurrency` at a time, each
    /// within `[golden] device_timeout_secs`.
    async fn fetch_all(
        &self,
        devices: &[Device],
        properties: &Option<Properties>,
    ) -> Vec<(Device, Result<String, String>)> {
        let limit = Duration::from_secs(self.config.golden.device_timeout_secs);
        futures_util::stream::iter(devices.iter().cloned())
            .map(|device| async move {
                let result = match tokio::time::timeout(limit, self.fetch_one(&device, properties)).await {
                    Ok(result) => result,
                    Err(_) => Err(format!(
                        "no backup within {limit:?}; raise [golden] device_timeout_secs or check the device"
                    )),
                };
                (device, result)
            })
            .buffer_unordered(self.config.ssh.concurrency.max(1))
            .collect()
            .await
    }

    async fn fetch_one(
        &self,
        device: &Device,
        properties: &Option<Properties>,
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

    /// Records the end of a job with the status its outcomes and policy give.
    pub(crate) async fn finish(
        &self,
        kind: &'static str,
        job: Option<i64>,
        devices: Vec<aurum_store::DeviceOutcome>,
        commits: Vec<String>,
        push_error: Option<String>,
    ) -> Result<JobReport, ServerError> {
        self.finish_noted(kind, job, devices, commits, push_error, None)
            .await
    }

    /// `finish` with a note appended to the summary (e.g. the templates commit rendered from).
    pub(crate) async fn finish_noted(
        &self,
        kind: &'static str,
        job: Option<i64>,
        devices: Vec<aurum_store::DeviceOutcome>,
        commits: Vec<String>,
        push_error: Option<String>,
        note: Option<String>,
    ) -> Result<JobReport, ServerError> {
        let mut status = self.status(&devices);
        let mut summary = summarise(&devices);
        if let Some(note) = note {
            summary = format!("{summary}; {note}");
        }
        if let Some(error) = &push_error {
            status = aurum_store::JobStatus::Failed;
            summary = format!("{summary}; push failed: {error}");
        }
        if let Some(job) = job {
            self.store.finish_job(job, status, &summary).await?;
        }
        Ok(JobReport {
            kind,
            job_id: job,
            status,
            devices,
            commits,
            summary,
        })
    }
}

pub(crate) fn load_properties(group: &Scoped) -> Result<Option<Properties>, ServerError> {
    let Some(path) = &group.setting.properties else {
        return Ok(None);
    };
    let text = std::fs::read_to_string(path).map_err(|e| ServerError::Job {
        reason: format!(
            "cannot read golden-config properties {}: {e}",
            path.display()
        ),
    })?;
    Properties::from_yaml(&text)
        .map(Some)
        .map_err(|e| ServerError::Job {
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

/// `aurum backup (setting default): 2 added, 1 changed, 1 failed` plus the lists.
pub(crate) fn commit_message(
    kind: &str,
    setting: &str,
    added: &[String],
    changed: &[String],
    failed: &[String],
) -> String {
    let mut message = format!(
        "aurum {kind} ({setting}): {} added, {} changed, {} failed\n",
        added.len(),
        changed.len(),
        failed.len()
    );
    for (label, names) in [("added", added), ("changed", changed), ("failed", failed)] {
        if !names.is_empty() {
            message.push_str(&format!("\n{label}: {}", names.join(", ")));
        }
    }
    message
}
