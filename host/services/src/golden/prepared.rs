//! What the devices of one setting share when rendering, prepared once per job: the templates
//! (a folder, or the newest commit of a repository's branch), the source-of-truth query, the
//! platforms. A part that cannot be prepared fails each device of the setting with the reason,
//! rather than the whole job, so other settings still render.

use std::path::PathBuf;

use aurum_config::{GoldenSetting, TemplatesRepo};
use aurum_graphql::{Api, SotQuery};
use aurum_inventory::{Device, Platform};

use super::GoldenService;
use super::render::{Renderer, render_path};
use crate::ServiceError;

pub(crate) struct Prepared {
    renderer: Result<Renderer, String>,
    /// None: the built-in context (the device and its platform).
    sot: Option<Result<SotQuery, String>>,
    api: Api,
    pub(crate) platforms: Vec<Platform>,
}

impl GoldenService {
    /// Prepares one setting's rendering; only a failing database is an error here.
    pub(crate) async fn prepare(
        &self,
        setting_name: &str,
        setting: &GoldenSetting,
    ) -> Result<Prepared, ServiceError> {
        // The commit rendered from is named at finalisation, from the checkout.
        let renderer = match &setting.templates_repo {
            None => Ok(Renderer::new(&setting.templates)),
            Some(repo) => self
                .fetch_templates(setting_name, repo)
                .await
                .map(|dir| Renderer::new(&dir))
                .map_err(|error| error.to_string()),
        };
        let sot = setting
            .sot_query
            .as_deref()
            .map(|path| SotQuery::load(path).map_err(|e| e.to_string()));
        Ok(Prepared {
            renderer,
            sot,
            api: Api::new(self.store.clone())
                .with_configs_off(&crate::features::configs_off(&self.config))
                .for_job(),
            platforms: self.store.platforms().await?,
        })
    }

    /// Fetches the branch into `DATA_DIR/repos/templates/SETTING` and checks out its newest
    /// commit; returns the templates folder in it.
    async fn fetch_templates(
        &self,
        setting_name: &str,
        repo: &TemplatesRepo,
    ) -> Result<PathBuf, ServiceError> {
        let checkout = self.data_dir.join("repos/templates").join(setting_name);
        let (remote, branch, dest) = (repo.remote(), repo.branch.clone(), checkout.clone());
        let data_dir = self.data_dir.clone();
        tokio::task::spawn_blocking(move || {
            let access = aurum_store::RemoteAccess::resolve(&remote, &data_dir)?;
            aurum_store::checkout_branch(&access, &branch, &dest)
        })
        .await
        .map_err(|e| ServiceError::Job {
            reason: format!("fetching the templates of setting `{setting_name}` stopped: {e}"),
        })??;
        Ok(checkout.join(&repo.path))
    }

    /// One device's intended configuration: its context (the SoT query's `data`, or the
    /// built-in device and platform), the optional transposer, then the template.
    pub(crate) async fn render_device(
        &self,
        device: &Device,
        setting: &GoldenSetting,
        prepared: &Prepared,
    ) -> Result<String, ServiceError> {
        let failed = |reason: &String| ServiceError::Job {
            reason: reason.clone(),
        };
        let renderer = prepared.renderer.as_ref().map_err(failed)?;
        let data = self.device_data(device, setting, prepared).await?;
        let template = render_path(&setting.template_path, device, &prepared.platforms)?;
        renderer.render(&template, &data)
    }

    /// One device's template context: the SoT query's `data` (or the built-in device and
    /// platform), through the setting's transposer if it has one.
    pub(crate) async fn device_data(
        &self,
        device: &Device,
        setting: &GoldenSetting,
        prepared: &Prepared,
    ) -> Result<serde_json::Value, ServiceError> {
        let failed = |reason: &String| ServiceError::Job {
            reason: reason.clone(),
        };
        let mut data = match &prepared.sot {
            None => builtin_context(device, &prepared.platforms),
            Some(Err(reason)) => return Err(failed(reason)),
            Some(Ok(query)) => {
                query
                    .run(&prepared.api, &device.name)
                    .await
                    .map_err(|e| ServiceError::Job {
                        reason: e.to_string(),
                    })?
            }
        };
        if let Some(name) = &setting.transposer {
            let transposer = self
                .registry
                .transposer(name)
                .map_err(|e| ServiceError::Job {
                    reason: e.to_string(),
                })?;
            data = crate::plugin_calls::timed(name, "transposer", || transposer.transpose(&data))
                .map_err(|e| ServiceError::Job {
                reason: e.to_string(),
            })?;
        }
        Ok(data)
    }
}

/// The context without a SoT query: the device with its platform resolved.
fn builtin_context(device: &Device, platforms: &[Platform]) -> serde_json::Value {
    let platform = device
        .platform
        .as_ref()
        .and_then(|name| platforms.iter().find(|p| &p.name == name));
    serde_json::json!({
        "device": super::render::device_json(device),
        "platform": platform,
    })
}
