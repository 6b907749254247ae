//! Golden-config jobs: backup running configs, render intended configs, check compliance.
//! Each job runs over a scope of devices with bounded concurrency and a per-device time limit;
//! one device's failure never stops the others, and the job's status follows
//! `[golden] fail_on_device_failure`.

mod backup;
mod compliance;
mod intended;
mod prepared;
mod remediation;
mod render;
mod scope;

use std::path::PathBuf;
use std::sync::Arc;

use aurum_config::{Config, GoldenSetting};
use aurum_inventory::DeviceFilter;
use aurum_plugin::Registry;
use aurum_store::{DeviceOutcome, JobStatus, Store};
use serde::Serialize;

use crate::toolkit::ToolkitService;

pub use remediation::Remediation;
pub use render::render_for_device;

/// What a job should cover.
#[derive(Debug, Clone, Default)]
pub struct JobRequest {
    /// Only devices whose setting is this one.
    pub setting: Option<String>,
    /// Narrows the settings' scopes.
    pub filter: DeviceFilter,
    /// Do everything but store, write and commit.
    pub dry_run: bool,
    pub user: String,
}

/// What a job did.
#[derive(Debug, Clone, Serialize)]
pub struct JobReport {
    pub kind: &'static str,
    /// `None` for a dry run, which records nothing.
    pub job_id: Option<i64>,
    pub status: JobStatus,
    pub devices: Vec<DeviceOutcome>,
    /// Commits made, one per repository touched.
    pub commits: Vec<String>,
    pub summary: String,
}

/// Runs golden-config jobs. Cheap to clone.
#[derive(Clone)]
pub struct GoldenService {
    store: Store,
    toolkit: ToolkitService,
    registry: Arc<Registry>,
    config: Arc<Config>,
    data_dir: PathBuf,
}

impl GoldenService {
    pub fn new(
        store: Store,
        toolkit: ToolkitService,
        registry: Arc<Registry>,
        config: Arc<Config>,
        data_dir: PathBuf,
    ) -> Self {
        Self {
            store,
            toolkit,
            registry,
            config,
            data_dir,
        }
    }

    /// The settings in force: those configured, or one default setting.
    fn settings(&self) -> Vec<(String, GoldenSetting)> {
        if self.config.golden.settings.is_empty() {
            vec![("default".to_string(), GoldenSetting::default())]
        } else {
            self.config
                .golden
                .settings
                .iter()
                .map(|(name, setting)| (name.clone(), setting.clone()))
                .collect()
        }
    }

    fn repo_path(&self, relative: &std::path::Path) -> PathBuf {
        if relative.is_absolute() {
            relative.to_path_buf()
        } else {
            self.data_dir.join(relative)
        }
    }

    /// The job's final status under the failure policy.
    fn status(&self, devices: &[DeviceOutcome]) -> JobStatus {
        let failed = devices.iter().filter(|d| d.status == "failed").count();
        match failed {
            0 => JobStatus::Succeeded,
            n if n == devices.len() || self.config.golden.fail_on_device_failure => {
                JobStatus::Failed
            }
            _ => JobStatus::Partial,
        }
    }
}

/// A one-line summary: how many devices, how many changed, and counts by outcome.
fn summarise(devices: &[DeviceOutcome]) -> String {
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for device in devices {
        *counts.entry(device.status.as_str()).or_default() += 1;
    }
    let by_status: Vec<String> = counts
        .iter()
        .map(|(status, n)| format!("{n} {status}"))
        .collect();
    let changed = devices.iter().filter(|d| d.changed).count();
    let mut summary = format!("{} device(s): {}", devices.len(), by_status.join(", "));
    if changed > 0 {
        summary.push_str(&format!("; {changed} changed"));
    }
    summary
}
