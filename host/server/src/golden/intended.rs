//! The intended job: source-of-truth data (a setting's GraphQL query, or the device and its
//! platform), an optional transposer, a template (see `prepared`), stored and committed like
//! backups; and the ad-hoc render that stores nothing.

use aurum_store::{ConfigKind, ConfigRepo};

use super::backup::{commit_message, outcome};
use super::render::render_path;
use super::{GoldenService, JobReport, JobRequest};
use crate::ServerError;

/// An ad-hoc render: the text, and its diff to the last stored intended config.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Rendered {
    pub device: String,
    pub config: String,
    pub diff: String,
}

impl GoldenService {
    /// Renders and stores the intended configuration of every device in scope.
    pub async fn intended(
        &self,
        request: &JobRequest,
        progress: impl Fn(&aurum_store::DeviceOutcome),
    ) -> Result<JobReport, ServerError> {
        let groups = self.scope(request).await?;
        let job = match request.dry_run {
            true => None,
            false => Some(
                self.store
                    .start_job("intended", &request.filter.describe(), &request.user)
                    .await?,
            ),
        };
        let mut outcomes = Vec::new();
        let mut commits = Vec::new();
        let mut push_error = None;
        // Where each setting's templates came from, when a repository: named in the report.
        let mut templates = Vec::new();
        for group in groups {
            let repo = match request.dry_run {
                true => None,
                false => Some(ConfigRepo::open_or_init(
                    &self.repo_path(&group.setting.intended_repo),
                    "main",
                )?),
            };
            let (mut added, mut changed, mut failed) = (Vec::new(), Vec::new(), Vec::new());
            let prepared = self.prepare(&group.name, &group.setting).await?;
            if let Some(origin) = &prepared.templates_origin {
                templates.push(format!("{}: {origin}", group.name));
            }
            for device in &group.devices {
                let result = self.render_device(device, &group.setting, &prepared).await;
                let outcome = match result {
                    Err(error) => {
                        failed.push(device.name.clone());
                        outcome(device, "failed", false, error.to_string())
                    }
                    Ok(config) => {
                        let previous = self
                            .store
                            .current_config(&device.name, ConfigKind::Intended)
                            .await?;
                        let stored = match &repo {
                            None => previous.as_ref().is_none_or(|p| p.config != config),
                            Some(repo) => {
                                repo.write_file(
                                    &render_path(&group.setting.intended_path, device)?,
                                    &config,
                                )?;
                                self.store
                                    .save_config_version(
                                        &device.name,
                                        ConfigKind::Intended,
                                        &config,
                                        job,
                                    )
                                    .await?
                            }
                        };
                        if stored {
                            if previous.is_none() {
                                &mut added
                            } else {
                                &mut changed
                            }
                            .push(device.name.clone());
                        }
                        outcome(
                            device,
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
                let mut message =
                    commit_message("intended", &group.name, &added, &changed, &failed);
                if let Some(origin) = &prepared.templates_origin {
                    message.push_str(&format!("\n\ntemplates: {origin}"));
                }
                if let Some(commit) = repo.commit_all(&message)? {
                    commits.push(commit);
                }
                if let Some(remote) = &group.setting.intended_remote
                    && let Err(error) = repo.push(remote, 3)
                {
                    push_error = Some(error.to_string());
                }
            }
        }
        let note = (!templates.is_empty()).then(|| format!("templates {}", templates.join(", ")));
        self.finish_noted("intended", job, outcomes, commits, push_error, note)
            .await
    }

    /// Renders one device's intended config without storing it, with the diff to the last
    /// stored one.
    pub async fn render_one(&self, name: &str) -> Result<Rendered, ServerError> {
        let device = self.store.device(name).await?;
        let request = JobRequest {
            filter: aurum_inventory::DeviceFilter::parse_terms(&[format!("name={name}")]).map_err(
                |e| ServerError::Job {
                    reason: e.to_string(),
                },
            )?,
            ..JobRequest::default()
        };
        let group = self
            .scope(&request)
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| ServerError::Job {
                reason: format!("no golden-config setting covers {name}"),
            })?;
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
