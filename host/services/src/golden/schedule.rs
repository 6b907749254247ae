//! Schedules: `[golden.schedules.NAME]` start jobs when their cron expression fires, each an
//! apalis-cron worker whose tick enqueues the job (the device tasks then run on the queue like
//! any other job's). Every `aurum serve` and `aurum worker` runs the schedules; the first to
//! claim a firing in the store starts its job, so several processes never start it twice.

use std::future::Future;

use apalis::prelude::{Data, WorkerBuilder, WorkerBuilderExt};
use apalis_cron::{CronScheduler, Tick};
use aurum_config::Schedule;
use aurum_inventory::DeviceFilter;
use futures_util::future::try_join_all;

use super::{GoldenService, JobKind, JobRequest};
use crate::ServiceError;
use crate::identity::Principal;

/// A schedule as its tick handler sees it.
#[derive(Clone)]
struct Scheduled {
    name: String,
    kinds: Vec<JobKind>,
    /// A `sot-sync` schedule: sync every configured source of truth instead.
    sync_sot: bool,
    request: JobRequest,
    service: GoldenService,
}

impl GoldenService {
    /// Runs every configured schedule until `shutdown` resolves. A schedule whose filter does
    /// not parse is an error naming it, before any runs.
    pub async fn run_schedules(
        &self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), ServiceError> {
        let mut workers = Vec::new();
        let (stop, stopping) = tokio::sync::watch::channel(false);
        for (name, schedule) in &self.config.golden.schedules {
            let scheduled = self.scheduled(name, schedule)?;
            let cron = schedule.parse_cron().map_err(|reason| ServiceError::Job {
                reason: format!("[golden.schedules.{name}] cron: {reason}"),
            })?;
            tracing::info!(schedule = %name, cron = %schedule.cron, "schedule armed");
            let name = name.clone();
            let stopping = stopping.clone();
            workers.push(async move {
                loop {
                    // One run of a schedule at a time: a tick while the last run still goes
                    // waits.
                    let worker = WorkerBuilder::new(format!(
                        "aurum-schedule-{name}-{}",
                        aurum_store::process_owner()
                    ))
                    .backend(CronScheduler::new(cron.clone()))
                    .concurrency(1)
                    .data(scheduled.clone())
                    .build(fire);
                    let mut stop = stopping.clone();
                    let ended = worker
                        .run_until(async move {
                            let _ = stop.wait_for(|stopping| *stopping).await;
                            Ok::<(), std::io::Error>(())
                        })
                        .await;
                    match ended {
                        Ok(()) => return Ok::<(), ServiceError>(()),
                        Err(_) if *stopping.borrow() => return Ok(()),
                        // apalis-cron stops when its next tick is already past, as when a
                        // run outlasted the period: the missed ticks are skipped, the
                        // schedule goes on.
                        Err(error) => {
                            tracing::warn!(schedule = %name, %error, "schedule re-armed after missing a tick");
                            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
                        }
                    }
                }
            });
        }
        if workers.is_empty() {
            shutdown.await;
            return Ok(());
        }
        let run = try_join_all(workers);
        tokio::pin!(run);
        tokio::select! {
            _ = shutdown => {
                let _ = stop.send(true);
                run.await?;
            }
            result = &mut run => {
                let _ = stop.send(true);
                result?;
            }
        }
        Ok(())
    }

    fn scheduled(&self, name: &str, schedule: &Schedule) -> Result<Scheduled, ServiceError> {
        let filter =
            DeviceFilter::parse_terms(&schedule.filter).map_err(|e| ServiceError::Job {
                reason: format!("[golden.schedules.{name}] filter: {e}"),
            })?;
        Ok(Scheduled {
            name: name.to_string(),
            sync_sot: schedule.job == aurum_config::ScheduledJob::SotSync,
            kinds: schedule
                .job
                .kinds()
                .iter()
                .filter_map(|k| JobKind::parse(k))
                .collect(),
            request: JobRequest {
                setting: schedule.setting.clone(),
                filter,
                dry_run: false,
                principal: Principal::schedule(name),
                no_local_worker: false,
            },
            service: self.clone(),
        })
    }
}

/// One tick: unless another process claimed it first, the schedule's jobs, one after the other
/// (a run-all's compliance needs the backups and intended configs before it). A failure is
/// logged and the schedule stays armed.
async fn fire(tick: Tick, scheduled: Data<Scheduled>) {
    let at = i64::try_from(tick.get_timestamp()).unwrap_or(i64::MAX);
    match scheduled
        .service
        .store
        .claim_schedule_tick(&scheduled.name, at)
        .await
    {
        Ok(true) => {}
        Ok(false) => {
            tracing::debug!(schedule = %scheduled.name, at, "another process runs this firing");
            return;
        }
        Err(error) => {
            tracing::error!(schedule = %scheduled.name, "not run: {error}");
            return;
        }
    }
    if scheduled.sync_sot {
        sync_sources(&scheduled).await;
    }
    if let Err(error) = scheduled.service.require_jobs(&scheduled.kinds) {
        tracing::error!(schedule = %scheduled.name, "not run: {error}");
        return;
    }
    for kind in &scheduled.kinds {
        let result = scheduled
            .service
            .run_job(*kind, &scheduled.request, |_| {})
            .await;
        match result {
            Ok(report) => tracing::info!(
                schedule = %scheduled.name,
                job = ?report.job_id,
                "{} {}: {}",
                report.kind,
                report.status.as_str(),
                report.summary
            ),
            Err(error) => {
                tracing::error!(schedule = %scheduled.name, "{} not run: {error}", kind.as_str());
                return;
            }
        }
    }
}

/// A `sot-sync` firing: each configured source in turn, logged like a job.
async fn sync_sources(scheduled: &Scheduled) {
    let Some(sot) = &scheduled.service.sot else {
        return;
    };
    for flavor in [aurum_sot::Flavor::Nautobot, aurum_sot::Flavor::NetBox] {
        if sot.server(flavor).is_err() {
            continue;
        }
        let options = crate::sot::SyncOptions {
            flavor,
            dry_run: false,
            full: false,
        };
        match sot.sync(&scheduled.request.principal, options).await {
            Ok(report) => tracing::info!(
                schedule = %scheduled.name,
                source = flavor.name(),
                "sot sync: {} create, {} adopt, {} update, {} delete, {} unchanged",
                report.count(aurum_inventory::SyncAction::Create),
                report.count(aurum_inventory::SyncAction::Adopt),
                report.count(aurum_inventory::SyncAction::Update),
                report.count(aurum_inventory::SyncAction::Delete),
                report.unchanged
            ),
            Err(error) => {
                tracing::error!(schedule = %scheduled.name, source = flavor.name(), "sot sync failed: {error}")
            }
        }
    }
}
