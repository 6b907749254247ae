//! Starting a job (its devices recorded pending, in tasks on the queue) and waiting for
//! it while showing progress. The CLI, the tests and schedules all start jobs here.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use aurum_store::{ConfigRepo, DeviceOutcome, JobStatus, OutcomeStatus};
use tokio::sync::mpsc;

use super::backup::load_properties;
use super::task::DeviceTask;
use super::{DeviceEvent, GoldenService, JobKind, JobProgress, JobReport, JobRequest, summarise};
use crate::{ServiceError, features};

impl GoldenService {
    /// Backs up every device in scope: fetch, clean, a new version on significant change, the
    /// device's file in the backup repository; one commit (and push) per repository at the end.
    pub async fn backup(
        &self,
        request: &JobRequest,
        progress: impl Fn(&DeviceEvent),
    ) -> Result<JobReport, ServiceError> {
        self.run_job(JobKind::Backup, request, progress).await
    }

    /// Renders and stores the intended configuration of every device in scope.
    pub async fn intended(
        &self,
        request: &JobRequest,
        progress: impl Fn(&DeviceEvent),
    ) -> Result<JobReport, ServiceError> {
        self.run_job(JobKind::Intended, request, progress).await
    }

    /// Checks every device in scope for compliance, feature by feature.
    pub async fn compliance(
        &self,
        request: &JobRequest,
        progress: impl Fn(&DeviceEvent),
    ) -> Result<JobReport, ServiceError> {
        self.run_job(JobKind::Compliance, request, progress).await
    }

    /// Runs a job to its end: enqueues it, makes sure this process works on the queue (unless
    /// the request leaves that to `aurum worker` processes), and waits, calling `progress` for
    /// each device result.
    pub async fn run_job(
        &self,
        kind: JobKind,
        request: &JobRequest,
        progress: impl Fn(&DeviceEvent),
    ) -> Result<JobReport, ServiceError> {
        self.run_job_reporting(kind, request, progress).await
    }

    /// [`GoldenService::run_job`] for a caller that also wants the job's device count before
    /// the first result (a progress bar's length).
    pub async fn run_job_reporting(
        &self,
        kind: JobKind,
        request: &JobRequest,
        progress: impl JobProgress,
    ) -> Result<JobReport, ServiceError> {
        features::require_jobs(&self.config, &[kind])?;
        if request.dry_run {
            return self.dry_run(kind, request, progress).await;
        }
        let job = self.enqueue(kind, request).await?;
        if !request.no_local_worker {
            self.ensure_local_worker();
        }
        self.wait(kind, job, progress).await
    }

    /// Records a job and its devices (pending) and enqueues their tasks (`task`); returns the
    /// job id. Nothing runs here: a worker, in this process or another, picks the tasks up.
    pub async fn enqueue(&self, kind: JobKind, request: &JobRequest) -> Result<i64, ServiceError> {
        features::require_jobs(&self.config, &[kind])?;
        // A queue that cannot open fails the command before any job is recorded.
        let queue = self.queue().await?;
        let groups = self.scope(request).await?;
        for group in &groups {
            match kind {
                // The repositories exist before device tasks write into them concurrently.
                JobKind::Backup => {
                    ConfigRepo::open_or_init(&self.repo_path(&group.setting.backup_repo), "main")?;
                }
                JobKind::Intended => {
                    ConfigRepo::open_or_init(
                        &self.repo_path(&group.setting.intended_repo),
                        "main",
                    )?;
                }
                // Rules are checked once, up front, rather than failing every device.
                JobKind::Compliance => {
                    load_properties(&group.setting)?.ok_or_else(|| ServiceError::Job {
                        reason: format!(
                            "setting `{}` has no `properties` file with compliance rules; set [golden.settings.{}] properties",
                            group.name, group.name
                        ),
                    })?;
                }
                JobKind::Deploy => {
                    return Err(ServiceError::Job {
                        reason: "a deploy starts from approved plans, not a filter: `aurum deploy ID...`".into(),
                    });
                }
            }
        }
        let names: Vec<&str> = groups.iter().map(|g| g.name.as_str()).collect();
        let requirements =
            serde_json::to_string(&self.requirements(&names)?).map_err(|e| ServiceError::Job {
                reason: format!("the job's requirements cannot be recorded: {e}"),
            })?;
        let job = self
            .store
            .start_job(
                kind.as_str(),
                &request.filter.describe(),
                &request.principal.name,
            )
            .await?;
        self.store.set_job_requirements(job, &requirements).await?;
        let devices: Vec<(String, String)> = groups
            .iter()
            .flat_map(|g| g.devices.iter().map(|d| (d.name.clone(), g.name.clone())))
            .collect();
        self.store.add_pending_devices(job, &devices).await?;
        let tasks = tasks(kind, &groups, |devices, setting| DeviceTask {
            kind,
            job: Some(job),
            devices,
            setting,
            reply: None,
            shared: None,
        });
        if let Err(error) = queue.push(tasks).await {
            let summary = format!("not started: {error}");
            self.store
                .finish_job(job, JobStatus::Failed, &summary, &[])
                .await?;
            return Err(error);
        }
        Ok(job)
    }

    /// Waits for a recorded job to end, reporting each device as its result lands: at once for
    /// devices this process runs (their events), and from the store for devices other worker
    /// processes run (read only when the store counts more results than were reported). While
    /// it waits it renews the job's lease: someone still wants the job.
    pub async fn wait(
        &self,
        kind: JobKind,
        job: i64,
        progress: impl JobProgress,
    ) -> Result<JobReport, ServiceError> {
        let mut events = self.events.subscribe();
        let mut seen: HashSet<String> = HashSet::new();
        let total = self.store.job_devices(job).await?.len();
        progress.started(total);
        let mut stall_limit = Duration::from_secs(self.config.golden.device_timeout_secs * 2 + 60);
        if kind == JobKind::Deploy {
            // A device waiting out a commit-confirmed timer, and the deploy's re-check after
            // its last device, report nothing for minutes.
            stall_limit += Duration::from_secs(3600);
        }
        let mut last_progress = Instant::now();
        let mut tick = tokio::time::interval(Duration::from_millis(250));
        let mut renewed = Instant::now();
        self.store.renew_job_lease(job, self.lease()).await?;
        loop {
            tokio::select! {
                event = events.recv() => {
                    if let Ok(event) = event
                        && event.job == Some(job)
                        && seen.insert(event.device.clone())
                    {
                        progress.device(&event);
                        last_progress = Instant::now();
                    }
                    continue;
                }
                _ = tick.tick() => {}
            }
            if renewed.elapsed() >= self.heartbeat() {
                self.store.renew_job_lease(job, self.lease()).await?;
                renewed = Instant::now();
            }
            let status = self.store.job_status(job).await?;
            let done = total - usize::try_from(self.store.pending_devices(job).await?).unwrap_or(0);
            if done > seen.len() || status != Some(JobStatus::Running) {
                for device in self.store.job_devices(job).await? {
                    let outcome = device.outcome;
                    if outcome.status != OutcomeStatus::Pending
                        && seen.insert(outcome.device.clone())
                    {
                        progress.device(&DeviceEvent::new(kind, Some(job), &outcome));
                        last_progress = Instant::now();
                    }
                }
            }
            if status != Some(JobStatus::Running) {
                let record = self.store.job(job).await?;
                return Ok(JobReport {
                    kind: kind.as_str(),
                    job_id: Some(job),
                    status: record.status,
                    devices: record.devices,
                    commits: record.commits,
                    summary: record.summary,
                });
            }
            if last_progress.elapsed() > stall_limit {
                return Err(ServiceError::Job {
                    reason: format!(
                        "job {job} ({}): no device finished in {stall_limit:?}; is a worker running? Start `aurum worker` or check its log; the job stays queued",
                        kind.as_str()
                    ),
                });
            }
        }
    }

    /// A dry run: every device's work without storing, writing or committing, on an in-memory
    /// queue of this process; no job is recorded.
    async fn dry_run(
        &self,
        kind: JobKind,
        request: &JobRequest,
        progress: impl JobProgress,
    ) -> Result<JobReport, ServiceError> {
        let groups = self.scope(request).await?;
        let (reply, mut outcomes) = mpsc::unbounded_channel();
        let shared = std::sync::Arc::new(super::shared::JobShared::default());
        let tasks = tasks(kind, &groups, |devices, setting| DeviceTask {
            kind,
            job: None,
            devices,
            setting,
            reply: Some(reply.clone()),
            shared: Some(shared.clone()),
        });
        drop(reply);
        let total = tasks.iter().map(|t| t.devices.len()).sum();
        progress.started(total);
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let service = self.clone();
        let worker = tokio::spawn(async move {
            service
                .run_in_memory(tasks, async move {
                    let _ = stopped.await;
                })
                .await
        });
        let mut devices: Vec<DeviceOutcome> = Vec::with_capacity(total);
        while devices.len() < total {
            let Some(outcome) = outcomes.recv().await else {
                break;
            };
            progress.device(&DeviceEvent::new(kind, None, &outcome));
            devices.push(outcome);
        }
        let _ = stop.send(());
        worker.await.map_err(|e| ServiceError::Job {
            reason: format!("the dry run's worker stopped: {e}"),
        })??;
        devices.sort_by(|a, b| a.device.cmp(&b.device));
        Ok(JobReport {
            kind: kind.as_str(),
            job_id: None,
            status: self.status(&devices),
            summary: summarise(&devices),
            devices,
            commits: Vec::new(),
        })
    }
}

/// The tasks of a job: each setting's devices in chunks of
/// [`DeviceTask::devices_per_task`], made by `task` from the chunk's names and the setting.
fn tasks(
    kind: JobKind,
    groups: &[super::scope::Scoped],
    task: impl Fn(Vec<String>, String) -> DeviceTask,
) -> Vec<DeviceTask> {
    let per_task = DeviceTask::devices_per_task(kind);
    groups
        .iter()
        .flat_map(|g| {
            g.devices
                .chunks(per_task)
                .map(|chunk| {
                    task(
                        chunk.iter().map(|d| d.name.clone()).collect(),
                        g.name.clone(),
                    )
                })
                .collect::<Vec<_>>()
        })
        .collect()
}
