//! What the devices of one job share, built once per job in each worker process rather than
//! once per device: each setting's rendering preparation (templates read and compiled once,
//! a templates repository fetched once, the SoT query), each setting's properties, each
//! platform's compiled backup cleanup and compliance checks, the devices, the platforms and the
//! saved filters.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use aurum_config::GoldenSetting;
use aurum_core::rules::{BackupCleaner, GoldenConfig as Properties};
use aurum_inventory::{Device, DeviceFilter, Platform};
use tokio::sync::OnceCell;

use super::GoldenService;
use super::backup::load_properties;
use super::checks::PlatformChecks;
use super::prepared::Prepared;
use crate::ServiceError;

/// How many jobs' shared parts a process keeps; the oldest go first. Finalising a job drops
/// its own, so this only bounds jobs finalised by other processes.
const KEPT_JOBS: usize = 16;

/// One job's shared parts, each made on first use.
#[derive(Default)]
pub struct JobShared {
    prepared: Mutex<HashMap<String, Arc<OnceCell<Arc<Prepared>>>>>,
    properties: Mutex<HashMap<PathBuf, Arc<Properties>>>,
    /// By properties file and platform.
    cleaners: Mutex<HashMap<(PathBuf, String), Arc<BackupCleaner>>>,
    /// By properties file and platform.
    checks: Mutex<HashMap<(PathBuf, String), Arc<PlatformChecks>>>,
    devices: OnceCell<HashMap<String, Device>>,
    platforms: OnceCell<Vec<Platform>>,
    scopes: OnceCell<HashMap<String, DeviceFilter>>,
}

/// The value under `key`, made by `make` the first time; a failure is not kept, so the next
/// device of the job reports it too.
fn cached<K: std::hash::Hash + Eq, V, E>(
    map: &Mutex<HashMap<K, Arc<V>>>,
    key: K,
    make: impl FnOnce() -> Result<V, E>,
) -> Result<Arc<V>, E> {
    if let Some(found) = map
        .lock()
        .expect("never poisoned: no panics inside")
        .get(&key)
    {
        return Ok(found.clone());
    }
    let made = Arc::new(make()?);
    map.lock()
        .expect("never poisoned: no panics inside")
        .insert(key, made.clone());
    Ok(made)
}

impl std::fmt::Debug for JobShared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JobShared").finish_non_exhaustive()
    }
}

impl JobShared {
    /// The rendering preparation of setting `name`, made by the first device that asks.
    pub(crate) async fn prepared(
        &self,
        service: &GoldenService,
        name: &str,
        setting: &GoldenSetting,
    ) -> Result<Arc<Prepared>, ServiceError> {
        let cell = self
            .prepared
            .lock()
            .expect("never poisoned: no panics inside")
            .entry(name.to_owned())
            .or_default()
            .clone();
        cell.get_or_try_init(|| async { service.prepare(name, setting).await.map(Arc::new) })
            .await
            .cloned()
    }

    /// The setting's properties, read and parsed once; `None` when it has none.
    pub(crate) fn properties(
        &self,
        setting: &GoldenSetting,
    ) -> Result<Option<Arc<Properties>>, ServiceError> {
        let Some(path) = &setting.properties else {
            return Ok(None);
        };
        cached(&self.properties, path.clone(), || {
            load_properties(setting)?.ok_or_else(|| ServiceError::Job {
                reason: format!("{} names no properties", path.display()),
            })
        })
        .map(Some)
    }

    /// The config removes and replaces of `properties` for `platform`, compiled once per job.
    pub(crate) fn cleaner(
        &self,
        setting: &GoldenSetting,
        properties: &Properties,
        platform: &str,
    ) -> Result<Arc<BackupCleaner>, ServiceError> {
        let key = (
            setting.properties.clone().unwrap_or_default(),
            platform.to_owned(),
        );
        cached(&self.cleaners, key, || {
            Ok(properties.backup_cleaner(platform)?)
        })
    }

    /// The compliance checks of `platform` under `properties`, prepared once per job; `device`
    /// is named in the errors.
    pub(crate) fn checks(
        &self,
        service: &GoldenService,
        setting: &GoldenSetting,
        properties: &Properties,
        platforms: &[Platform],
        platform: &str,
        device: &str,
    ) -> Result<Arc<PlatformChecks>, ServiceError> {
        let key = (
            setting.properties.clone().unwrap_or_default(),
            platform.to_owned(),
        );
        cached(&self.checks, key, || {
            PlatformChecks::new(service, properties, platforms, platform, device)
        })
    }
}

impl GoldenService {
    /// The shared parts of a recorded job in this process.
    pub(crate) fn job_shared(&self, job: i64) -> Arc<JobShared> {
        let mut jobs = self
            .shared
            .lock()
            .expect("never poisoned: no panics inside");
        if !jobs.contains_key(&job) && jobs.len() >= KEPT_JOBS {
            let oldest = *jobs.keys().min().expect("the map is not empty");
            jobs.remove(&oldest);
        }
        jobs.entry(job).or_default().clone()
    }

    /// Forgets a finished job's shared parts.
    pub(crate) fn forget_job_shared(&self, job: i64) {
        self.shared
            .lock()
            .expect("never poisoned: no panics inside")
            .remove(&job);
    }

    /// A device of the job by name: the inventory is read once per job, not once per device.
    /// A device added after the job started is read on its own.
    pub(crate) async fn device_of(
        &self,
        shared: &JobShared,
        name: &str,
    ) -> Result<Device, ServiceError> {
        let devices = shared
            .devices
            .get_or_try_init(|| async {
                let all = self.store.devices(&DeviceFilter::default()).await?;
                Ok::<_, aurum_store::StoreError>(
                    all.into_iter().map(|d| (d.name.clone(), d)).collect(),
                )
            })
            .await?;
        match devices.get(name) {
            Some(device) => Ok(device.clone()),
            None => Ok(self.store.device(name).await?),
        }
    }

    /// The platforms, read once per job.
    pub(crate) async fn platforms_of<'a>(
        &self,
        shared: &'a JobShared,
    ) -> Result<&'a [Platform], ServiceError> {
        Ok(shared
            .platforms
            .get_or_try_init(|| self.store.platforms())
            .await?)
    }

    /// Saved filters by name (compliance rules may be scoped to one).
    pub(crate) async fn scopes_of<'a>(
        &self,
        shared: &'a JobShared,
    ) -> Result<&'a HashMap<String, DeviceFilter>, ServiceError> {
        Ok(shared
            .scopes
            .get_or_try_init(|| async {
                Ok::<_, aurum_store::StoreError>(
                    self.store
                        .saved_filters()
                        .await?
                        .into_iter()
                        .map(|f| (f.name, f.filter))
                        .collect(),
                )
            })
            .await?)
    }
}
