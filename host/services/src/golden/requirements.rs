//! What a job needs of the process that runs its devices, recorded with the job so workers need
//! not be trusted to share a file: the sha256 of every plugin file the enqueuing process had
//! (by name), and a digest of each golden-config setting the job's devices run under. A worker
//! that lacks a plugin, has another build of it, or reads a setting differently refuses the
//! job's devices with an error naming the plugin or setting, instead of doing other work than
//! was asked for.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::GoldenService;
use crate::ServiceError;

/// A job's needs, as stored on the job (JSON).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Requirements {
    /// Plugin name -> sha256 of its file (`builtin:VERSION` for built-in ones).
    pub plugins: BTreeMap<String, String>,
    /// Setting name -> sha256 of the setting as this process reads it.
    pub settings: BTreeMap<String, String>,
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
        let mut digests = BTreeMap::new();
        for (name, setting) in self.settings() {
            if settings.contains(&name.as_str()) {
                let text = serde_json::to_vec(&setting).map_err(|e| ServiceError::Job {
                    reason: format!("setting `{name}` cannot be recorded with the job: {e}"),
                })?;
                digests.insert(name, hex(&text));
            }
        }
        Ok(Requirements {
            plugins,
            settings: digests,
        })
    }

    /// Whether this process can run job `job`'s devices: `Err` names what differs. Checked
    /// once per job per process.
    pub(crate) async fn check_requirements(&self, job: i64) -> Result<(), String> {
        if let Some(verdict) = self.checked.lock().expect("never poisoned").get(&job) {
            return verdict.clone();
        }
        let verdict = self.compare_requirements(job).await;
        self.checked
            .lock()
            .expect("never poisoned")
            .insert(job, verdict.clone());
        verdict
    }

    async fn compare_requirements(&self, job: i64) -> Result<(), String> {
        let stored = self
            .store
            .job_requirements(job)
            .await
            .map_err(|e| e.to_string())?;
        // Jobs from before requirements were recorded ask for nothing.
        let Some(stored) = stored.filter(|s| !s.is_empty()) else {
            return Ok(());
        };
        let needed: Requirements = serde_json::from_str(&stored)
            .map_err(|e| format!("job {job}'s recorded requirements are unreadable: {e}"))?;
        let names: Vec<&str> = needed.settings.keys().map(String::as_str).collect();
        let mine = self.requirements(&names).map_err(|e| e.to_string())?;
        let worker = aurum_store::process_owner();
        for (name, digest) in &needed.plugins {
            match mine.plugins.get(name) {
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
        for (name, digest) in &needed.settings {
            if mine.settings.get(name) != Some(digest) {
                return Err(format!(
                    "worker {worker} reads golden-config setting `{name}` differently from the process that started job {job}; give every worker the same [golden.settings.{name}]"
                ));
            }
        }
        Ok(())
    }

    /// Forgets a finished job's verdict.
    pub(crate) fn forget_requirements(&self, job: i64) {
        self.checked.lock().expect("never poisoned").remove(&job);
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
        };
        let text = serde_json::to_string(&needed).unwrap();
        assert_eq!(serde_json::from_str::<Requirements>(&text).unwrap(), needed);
        assert_eq!(hex(b"").len(), 64);
    }
}
