//! The end of a job, run once by the worker that recorded its last device: one commit per
//! repository (files were written per device), the push with its retries, and the job's status
//! under the failure policy.

use std::collections::BTreeMap;

use aurum_store::{ConfigKind, ConfigRepo, JobDevice, JobStatus, OutcomeStatus, RemoteAccess};

use super::{GoldenService, JobKind, summarise};
use crate::ServiceError;

/// How long the queue keeps a finished task.
const KEEP_DONE_TASKS: std::time::Duration = std::time::Duration::from_secs(24 * 3600);

impl GoldenService {
    /// Finalises a job whose devices are all done. A failure here fails the job, saying why,
    /// rather than leaving it running. The caller holds the job's finalisation claim; this process renews it meanwhile. The
    /// hooks hear `job_finished` once the job's status is written.
    pub(crate) async fn finalise(&self, kind: JobKind, job: i64) -> Result<(), ServiceError> {
        let _claim = super::lease::Finalising::new(&self.finalising, job);
        self.forget_job_shared(job);
        let result = self.commit_and_finish(kind, job).await;
        self.forget_requirements(job);
        if let Err(error) = self.notify_job_finished(kind, job).await {
            tracing::warn!("job {job} finished; telling its hooks failed: {error}");
        }
        result
    }

    async fn commit_and_finish(&self, kind: JobKind, job: i64) -> Result<(), ServiceError> {
        let finished = match kind {
            JobKind::Deploy => self.finish_deploy(job).await,
            _ => self.commit_and_record(kind, job).await,
        };
        match finished {
            Ok(()) => {
                // The queue keeps finished tasks a while (for inspection), not forever.
                if let Err(error) = self.queue().await?.tidy(KEEP_DONE_TASKS).await {
                    tracing::warn!("job {job} finished; {error}");
                }
                Ok(())
            }
            Err(error) => {
                let summary = format!("finalising failed: {error}");
                self.store
                    .finish_job(job, JobStatus::Failed, &summary, &[])
                    .await?;
                Err(error)
            }
        }
    }

    async fn commit_and_record(&self, kind: JobKind, job: i64) -> Result<(), ServiceError> {
        let devices = self.store.job_devices(job).await?;
        let mut commits = Vec::new();
        let mut push_error = None;
        let mut notes = Vec::new();
        let config_kind = match kind {
            JobKind::Backup => Some(ConfigKind::Backup),
            JobKind::Intended => Some(ConfigKind::Intended),
            JobKind::Compliance | JobKind::Deploy => None,
        };
        if let Some(config_kind) = config_kind {
            let mut by_setting: BTreeMap<&str, Vec<&JobDevice>> = BTreeMap::new();
            for device in &devices {
                by_setting.entry(&device.setting).or_default().push(device);
            }
            // A worker that could not run the job's devices (they failed, naming why) still
            // commits what others wrote, under this process's own settings.
            let settings = match self.job_settings(job).await {
                Ok(settings) => settings,
                Err(_) => std::sync::Arc::new(self.settings().into_iter().collect()),
            };
            for (name, group) in by_setting {
                let Some(setting) = settings.get(name).cloned() else {
                    continue;
                };
                let (repo, remote) = match kind {
                    JobKind::Backup => (&setting.backup_repo, &setting.backup_remote),
                    _ => (&setting.intended_repo, &setting.intended_remote),
                };
                let mut message = self.commit_message(kind, config_kind, name, &group).await?;
                if kind == JobKind::Intended
                    && let Some(origin) = self.templates_origin(name, &setting)
                {
                    message.push_str(&format!("\n\ntemplates: {origin}"));
                    notes.push(format!("templates {name}: {origin}"));
                }
                let (path, remote) = (self.repo_path(repo), remote.clone());
                // One committer per repository at a time, in every process of the store: two
                // jobs never race on its files, its HEAD or its push.
                let _lock = self
                    .store
                    .lock_repository(&path.display().to_string())
                    .await?;
                let data_dir = self.data_dir.clone();
                // A push over the network can take a while; it must not hold a runtime thread.
                let (commit, pushed) = tokio::task::spawn_blocking(move || {
                    let repo = ConfigRepo::open_or_init(&path, "main")?;
                    let commit = repo.commit_all(&message)?;
                    let pushed = remote.map(|remote| {
                        RemoteAccess::resolve(&remote, &data_dir)
                            .and_then(|access| repo.push(&access, 3))
                    });
                    Ok::<_, aurum_store::StoreError>((commit, pushed))
                })
                .await
                .map_err(|e| ServiceError::Job {
                    reason: format!("committing job {job} stopped: {e}"),
                })??;
                commits.extend(commit);
                if let Some(Err(error)) = pushed {
                    push_error = Some(error.to_string());
                }
            }
        }
        let outcomes: Vec<_> = devices.into_iter().map(|d| d.outcome).collect();
        let mut status = self.status(&outcomes);
        let mut summary = summarise(&outcomes);
        for note in &notes {
            summary = format!("{summary}; {note}");
        }
        if let Some(error) = &push_error {
            status = JobStatus::Failed;
            summary = format!("{summary}; push failed: {error}");
        }
        self.store
            .finish_job(job, status, &summary, &commits)
            .await?;
        if config_kind.is_some()
            && let Err(error) = self.store.refresh_job_statistics().await
        {
            tracing::warn!("job {job} finished; {error}");
        }
        Ok(())
    }

    /// `URL BRANCH @ COMMIT` of a setting whose templates come from a repository, read from
    /// this process's checkout (which rendered them, unless other workers rendered every
    /// device: then the note is left out rather than guessed).
    fn templates_origin(
        &self,
        name: &str,
        setting: &aurum_config::GoldenSetting,
    ) -> Option<String> {
        let repo = setting.templates_repo.as_ref()?;
        let checkout = self.data_dir.join("repos/templates").join(name);
        let commit = aurum_store::checked_out_commit(&checkout)?;
        Some(format!(
            "{} {} @ {commit}",
            aurum_config::mask_url_password(&repo.url),
            repo.branch
        ))
    }

    /// `aurum backup (setting default): 2 added, 1 changed, 1 failed` plus the lists. A device
    /// is added when the version this job stored is its first.
    async fn commit_message(
        &self,
        kind: JobKind,
        config_kind: ConfigKind,
        setting: &str,
        devices: &[&JobDevice],
    ) -> Result<String, ServiceError> {
        let (mut added, mut changed, mut failed) = (Vec::new(), Vec::new(), Vec::new());
        for device in devices {
            let outcome = &device.outcome;
            if outcome.status == OutcomeStatus::Failed {
                failed.push(outcome.device.clone());
            } else if outcome.changed {
                let versions = self
                    .store
                    .config_history(&outcome.device, config_kind)
                    .await?;
                if versions.len() <= 1 {
                    &mut added
                } else {
                    &mut changed
                }
                .push(outcome.device.clone());
            }
        }
        let mut message = format!(
            "aurum {} ({setting}): {} added, {} changed, {} failed\n",
            kind.as_str(),
            added.len(),
            changed.len(),
            failed.len()
        );
        for (label, names) in [("added", added), ("changed", changed), ("failed", failed)] {
            if !names.is_empty() {
                message.push_str(&format!("\n{label}: {}", names.join(", ")));
            }
        }
        Ok(message)
    }
}
