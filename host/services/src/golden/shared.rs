//! What the devices of one job share, built once per job in each worker process rather than
//! once per device: each setting's rendering preparation (templates read and compiled once,
//! a templates repository fetched once, the SoT query), each setting's properties, the
//! platforms and the saved filters.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use aurum_config::GoldenSetting;
use aurum_core::rules::GoldenConfig as Properties;
use aurum_inventory::{DeviceFilter, Platform};
use tokio::sync::OnceCell;

use super::GoldenService;
use super::backup::load_properties;
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
    platforms: OnceCell<Vec<Platform>>,
    scopes: OnceCell<HashMap<String, DeviceFilter>>,
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
        if let Some(found) = self
            .properties
            .lock()
            .expect("never poisoned: no panics inside")
            .get(path)
        {
            return Ok(Some(found.clone()));
        }
        let Some(parsed) = load_properties(setting)? else {
            return Ok(None);
        };
        let parsed = Arc::new(parsed);
        self.properties
            .lock()
            .expect("never poisoned: no panics inside")
            .insert(path.clone(), parsed.clone());
        Ok(Some(parsed))
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
