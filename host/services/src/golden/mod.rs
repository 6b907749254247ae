//! Golden-config jobs: backup running configs, render intended configs, check compliance.
//!
//! A job runs on the apalis job engine as tasks of its devices (`task`), queued in apalis
//! storage beside the store (`queue`) and run by workers (`worker`) in this process or in
//! `aurum worker` processes, `[ssh] concurrency` at a time, each device within its time limit.
//! One device's failure never stops the others; the worker that records the last device
//! finalises the job (`finalise`): one commit per repository and a status that follows
//! `[golden] fail_on_device_failure`. Progress is a [`DeviceEvent`] per device on
//! [`GoldenService::subscribe`]. Schedules start jobs from cron expressions (`schedule`).

mod backup;
mod carried;
mod carry;
mod checks;
mod compliance;
mod deploying;
mod enqueue;
mod events;
mod finalise;
mod home;
mod intended;
mod lease;
mod local;
mod notify;
mod overview;
mod pivot;
mod prepared;
mod queue;
mod remediation;
mod render;
mod requirements;
mod schedule;
mod scope;
mod shared;
mod start;
mod task;
mod views;
mod worker;

use std::path::PathBuf;
use std::sync::Arc;

use aurum_config::{Config, GoldenSetting};
use aurum_inventory::DeviceFilter;
use aurum_plugin::Registry;
use aurum_store::{DeviceOutcome, JobStatus, OutcomeStatus, Store};
use serde::Serialize;

use crate::ServiceError;
use crate::authz::Authz;
use crate::identity::Principal;
use crate::toolkit::ToolkitService;

pub(crate) use backup::failed as failed_outcome;
pub use carry::{CarriedConfig, CarriedReport};
pub(crate) use deploying::{Deployer, Deploying};
pub use events::{DeviceEvent, JobKind, JobProgress};
pub use home::HomeRow;
pub use intended::Rendered;
pub use pivot::{FeatureTotal, Pivot, PivotQuery, PivotRow, PivotTotals};
pub use queue::SQLITE_QUEUE_FILE;
pub use remediation::{ConfigProblem, Remediation};
pub(crate) use render::environment as template_environment;
pub use render::render_for_device;
pub use shared::JobShared;
pub use task::DeviceTask;
pub use views::{PropertiesView, SettingView, VersionDiff, VersionSummary};

/// How many progress events a slow subscriber may fall behind before it misses some.
const EVENT_BUFFER: usize = 4096;

/// What a job should cover, and who asks: starting a job needs `run_job`, and a job covers
/// only the devices the principal's `run_job` grants cover (see `crate::authz`).
#[derive(Debug, Clone, Default)]
pub struct JobRequest {
    /// Only devices whose setting is this one.
    pub setting: Option<String>,
    /// Narrows the settings' scopes.
    pub filter: DeviceFilter,
    /// Do everything but store, write and commit.
    pub dry_run: bool,
    /// Who starts the job; its name is recorded on the job.
    pub principal: Principal,
    /// Only enqueue and wait: `aurum worker` processes do the devices.
    pub no_local_worker: bool,
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

/// Runs golden-config jobs. Cheap to clone; clones share the queue, the events and the
/// in-process worker.
#[derive(Clone)]
pub struct GoldenService {
    store: Store,
    toolkit: ToolkitService,
    registry: Arc<Registry>,
    config: Arc<Config>,
    data_dir: PathBuf,
    events: tokio::sync::broadcast::Sender<DeviceEvent>,
    queue: Arc<tokio::sync::OnceCell<queue::Queue>>,
    local_worker: Arc<local::LocalSlot>,
    /// How many workers run in this process (`run_worker` calls in progress).
    workers_running: Arc<std::sync::atomic::AtomicUsize>,
    shared: Arc<std::sync::Mutex<std::collections::HashMap<i64, Arc<shared::JobShared>>>>,
    hooks: crate::hooks::Hooks,
    /// Jobs this process is finalising (their claims are renewed each heartbeat).
    finalising: Arc<std::sync::Mutex<std::collections::HashSet<i64>>>,
    /// Per job: the settings this process runs its devices under, or why it cannot
    /// (`requirements`).
    checked: Arc<std::sync::Mutex<std::collections::HashMap<i64, requirements::Verdict>>>,
    /// Compliance tasks holding their devices' configs at once (`compliance`).
    checking: Arc<tokio::sync::Semaphore>,
    authz: Authz,
    /// What a `sot-sync` schedule calls.
    sot: Option<crate::sot::SotService>,
    /// What runs deploy jobs' devices (`deploying`).
    deployer: Option<Arc<dyn deploying::Deployer>>,
    /// The overview's names, columns and totals, kept per data version (`overview`).
    overview: Arc<overview::OverviewCache>,
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
            authz: Authz::new(store.clone()),
            store,
            toolkit,
            registry,
            config,
            data_dir,
            events: tokio::sync::broadcast::channel(EVENT_BUFFER).0,
            queue: Arc::new(tokio::sync::OnceCell::new()),
            local_worker: Arc::default(),
            workers_running: Arc::default(),
            shared: Arc::default(),
            hooks: crate::hooks::Hooks::default(),
            finalising: Arc::default(),
            checked: Arc::default(),
            sot: None,
            deployer: None,
            overview: Arc::default(),
            checking: Arc::new(tokio::sync::Semaphore::new(compliance::checking_at_once())),
        }
    }

    /// Lets `job = "sot-sync"` schedules sync the inventory.
    pub fn with_sot(mut self, sot: crate::sot::SotService) -> Self {
        self.sot = Some(sot);
        self
    }

    /// The service telling `hooks` what its jobs do.
    pub fn with_hooks(mut self, hooks: crate::hooks::Hooks) -> Self {
        self.hooks = hooks;
        self
    }

    /// Refuses the first of `kinds` whose `[features]` switch is off, before any job starts
    /// (a run-all is refused whole). Every way of starting a job checks this.
    pub fn require_jobs(&self, kinds: &[JobKind]) -> Result<(), ServiceError> {
        crate::features::require_jobs(&self.config, kinds)
    }

    /// Refuses `feature` when its `[features]` switch is off.
    pub(crate) fn require_feature(
        &self,
        feature: aurum_config::Feature,
    ) -> Result<(), ServiceError> {
        crate::features::require(&self.config, feature)
    }

    /// Whether any golden-config job (backup, intended, compliance) is switched on.
    pub fn any_job_enabled(&self) -> bool {
        [JobKind::Backup, JobKind::Intended, JobKind::Compliance]
            .iter()
            .any(|kind| self.config.features.enabled(crate::features::of_job(*kind)))
    }

    /// Every device result of every job this process runs, as it happens (for progress bars
    /// and the web UI). Jobs run by other processes are seen through the store instead.
    pub fn subscribe(&self) -> tokio::sync::broadcast::Receiver<DeviceEvent> {
        self.events.subscribe()
    }

    /// The queue of device tasks, opened on first use.
    async fn queue(&self) -> Result<queue::Queue, ServiceError> {
        self.queue
            .get_or_try_init(|| {
                queue::Queue::open(
                    &self.store,
                    &self.data_dir,
                    self.config.ssh.concurrency,
                    self.heartbeat(),
                    self.lease(),
                )
            })
            .await
            .cloned()
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
        let failed = devices
            .iter()
            .filter(|d| d.status == OutcomeStatus::Failed)
            .count();
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
    let mut counts: std::collections::BTreeMap<OutcomeStatus, usize> =
        std::collections::BTreeMap::new();
    for device in devices {
        *counts.entry(device.status).or_default() += 1;
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
