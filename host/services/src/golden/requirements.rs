//! What a job needs of the process that runs its devices, recorded with the job so workers need
//! not be trusted to share a file: the sha256 of every plugin file the enqueuing process had
//! (by name), and each golden-config setting the job's devices run under, carried whole with
//! the files it names (`carried`). A worker runs the job's devices under the carried settings;
//! one that lacks a plugin, has another build of it, or lacks a remote's literal secret
//! refuses the job's devices with an error naming the plugin or setting, instead of doing
//! other work than was asked for.

use std::collections::BTreeMap;
use std::sync::Arc;

use aurum_config::GoldenSetting;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::GoldenService;
use super::carried::{CarriedSetting, job_files_dir, remove_job_files};
use crate::ServiceError;

/// The settings a worker runs one job's devices under, by name.
pub(crate) type JobSettings = BTreeMap<String, GoldenSetting>;

/// Whether this process can run a job's devices: the settings it runs them under, or why not.
pub(crate) type Verdict = Result<Arc<JobSettings>, String>;

/// A job's needs, as stored on the job (JSON).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Requirements {
    /// Plugin name -> sha256 of its file (`builtin:VERSION` for built-in ones).
    pub plugins: BTreeMap<String, String>,
    /// Setting name -> sha256 of the setting as this process reads it (what a worker from
    /// before settings travelled compares).
    pub settings: BTreeMap<String, String>,
    /// Setting name -> the setting and its files. Empty on jobs from before it was recorded.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub carried: BTreeMap<String, CarriedSetting>,
}

/// sha256 of a setting as this process serialises it.
fn setting_digest(name: &str, setting: &GoldenSetting) -> Result<String, ServiceError> {
    let text = serde_json::to_vec(setting).map_err(|e| ServiceError::Job {
        reason: format!("setting `{name}` cannot be recorded with the job: {e}"),
    })?;
    Ok(hex(&text))
}

fn hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl GoldenService {
    /// This process's view of what a job over `settings` needs.
    pub(crate) fn requirements(&self, settings: &[&str]) -> Result<Requirements, ServiceError> {
        let plugins = self.plugin_digests()?;
        let mut digests = BTreeMap::new();
        let mut carried = BTreeMap::new();
        for (name, setting) in self.settings() {
            if settings.contains(&name.as_str()) {
                digests.insert(name.clone(), setting_digest(&name, &setting)?);
                let travels = CarriedSetting::gather(&name, &setting)
                    .map_err(|reason| ServiceError::Job { reason })?;
                carried.insert(name, travels);
            }
        }
        Ok(Requirements {
            plugins,
            settings: digests,
            carried,
        })
    }

    /// Plugin name -> sha256 of its file (`builtin:VERSION` for built-in ones).
    fn plugin_digests(&self) -> Result<BTreeMap<String, String>, ServiceError> {
        let mut plugins = BTreeMap::new();
        for plugin in self.registry.list() {
            let digest = if plugin.backend == "builtin" {
                format!("builtin:{}", plugin.version)
            } else {
                let bytes = std::fs::read(&plugin.source).map_err(|e| ServiceError::Job {
                    reason: format!(
                        "plugin `{}`: cannot read {} to record its sha256 with the job: {e}",
                        plugin.name, plugin.source
                    ),
                })?;
                hex(&bytes)
            };
            plugins.insert(plugin.name, digest);
        }
        Ok(plugins)
    }

    /// The settings this process runs job `job`'s devices under, or why it cannot run them.
    /// Worked out once per job per process.
    pub(crate) async fn job_settings(&self, job: i64) -> Result<Arc<JobSettings>, String> {
        if let Some(verdict) = self.checked.lock().expect("never poisoned").get(&job) {
            return verdict.clone();
        }
        let verdict = self.compare_requirements(job).await.map(Arc::new);
        self.checked
            .lock()
            .expect("never poisoned")
            .insert(job, verdict.clone());
        verdict
    }

    async fn compare_requirements(&self, job: i64) -> Result<JobSettings, String> {
        let own: JobSettings = self.settings().into_iter().collect();
        let stored = self
            .store
            .job_requirements(job)
            .await
            .map_err(|e| e.to_string())?;
        // Jobs from before requirements were recorded ask for nothing.
        let Some(stored) = stored.filter(|s| !s.is_empty()) else {
            return Ok(own);
        };
        let needed: Requirements = serde_json::from_str(&stored)
            .map_err(|e| format!("job {job}'s recorded requirements are unreadable: {e}"))?;
        let mine = self.plugin_digests().map_err(|e| e.to_string())?;
        let worker = aurum_store::process_owner();
        for (name, digest) in &needed.plugins {
            match mine.get(name) {
                None => {
                    return Err(format!(
                        "worker {worker} has no plugin `{name}` (job {job} needs sha256 {digest}); install it and add [plugins.{name}] to this worker's aurum.toml"
                    ));
                }
                Some(have) if have != digest => {
                    return Err(format!(
                        "worker {worker} has plugin `{name}` with sha256 {have}, but job {job} needs {digest}; install the same plugin file on every worker"
                    ));
                }
                Some(_) => {}
            }
        }
        if !needed.carried.is_empty() {
            let dir = job_files_dir(&self.data_dir, job);
            let mut settings = JobSettings::new();
            for (name, carried) in &needed.carried {
                let setting = carried
                    .resolve(name, own.get(name), &dir.join(name))
                    .map_err(|reason| format!("worker {worker} cannot run job {job}: {reason}"))?;
                settings.insert(name.clone(), setting);
            }
            return Ok(settings);
        }
        // A job from before settings travelled: the worker's own must be the same.
        for (name, digest) in &needed.settings {
            let same = own
                .get(name)
                .and_then(|setting| setting_digest(name, setting).ok());
            if same.as_ref() != Some(digest) {
                return Err(format!(
                    "worker {worker} reads golden-config setting `{name}` differently from the process that started job {job}; give every worker the same [golden.settings.{name}]"
                ));
            }
        }
        Ok(own)
    }

    /// Forgets a finished job's settings, and the files it carried.
    pub(crate) fn forget_requirements(&self, job: i64) {
        self.checked.lock().expect("never poisoned").remove(&job);
        remove_job_files(&self.data_dir, job);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requirements_round_trip_through_their_json() {
        let needed = Requirements {
            plugins: BTreeMap::from([("strip".to_string(), hex(b"x"))]),
            settings: BTreeMap::from([("default".to_string(), hex(b"{}"))]),
            carried: BTreeMap::new(),
        };
        let text = serde_json::to_string(&needed).unwrap();
        assert_eq!(serde_json::from_str::<Requirements>(&text).unwrap(), needed);
        assert_eq!(hex(b"").len(), 64);
    }
}
