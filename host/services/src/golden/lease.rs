//! Keeping leases while this process works for jobs: every `[workers] heartbeat_secs` a worker
//! renews the lease of every running job (it can run any of their tasks), renews its claims on
//! the finalisations it is doing, and finalises jobs whose devices are all done but whose
//! finaliser died (its claim ran out). Device tasks have their own lease in the queue: a
//! worker silent for `lease_secs` has its tasks run by others.

use std::time::Duration;

use super::{GoldenService, JobKind};

impl GoldenService {
    /// How often this process renews what it holds.
    pub(crate) fn heartbeat(&self) -> Duration {
        Duration::from_secs(self.config.workers.heartbeat_secs.max(1))
    }

    /// How long what it holds lasts unrenewed.
    pub(crate) fn lease(&self) -> Duration {
        Duration::from_secs(self.config.workers.lease_secs.max(2))
    }

    /// Renews leases and picks up abandoned finalisations until dropped (the worker stops).
    pub(crate) async fn keep_leases(&self) {
        let mut tick = tokio::time::interval(self.heartbeat());
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(error) = self.renew_once().await {
                // A database hiccup: the next heartbeat tries again, well within the lease.
                tracing::warn!("renewing job leases: {error}");
            }
        }
    }

    async fn renew_once(&self) -> Result<(), crate::ServiceError> {
        let lease = self.lease();
        self.store.renew_running_job_leases(lease).await?;
        let mine: Vec<i64> = self.finalising_now();
        for job in mine {
            self.store.renew_finalisation(job, lease).await?;
        }
        for (job, kind) in self.store.unfinalised_jobs().await? {
            let Some(kind) = JobKind::of_record(&kind) else {
                continue;
            };
            if self.store.claim_finalisation(job, lease).await? {
                tracing::info!(job, "finalising a job whose finaliser stopped");
                let service = self.clone();
                tokio::spawn(async move {
                    if let Err(error) = service.finalise(kind, job).await {
                        tracing::error!("finalising job {job}: {error}");
                    }
                });
            }
        }
        Ok(())
    }

    /// The jobs this process is finalising.
    fn finalising_now(&self) -> Vec<i64> {
        self.finalising
            .lock()
            .expect("never poisoned: no panics inside")
            .iter()
            .copied()
            .collect()
    }
}

/// Marks a job as being finalised by this process while it lives (its claim is renewed).
pub(crate) struct Finalising<'a> {
    set: &'a std::sync::Mutex<std::collections::HashSet<i64>>,
    job: i64,
}

impl<'a> Finalising<'a> {
    pub(crate) fn new(set: &'a std::sync::Mutex<std::collections::HashSet<i64>>, job: i64) -> Self {
        set.lock().expect("never poisoned").insert(job);
        Finalising { set, job }
    }
}

impl Drop for Finalising<'_> {
    fn drop(&mut self) {
        self.set.lock().expect("never poisoned").remove(&self.job);
    }
}
