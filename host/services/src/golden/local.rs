//! The worker a process runs for its own jobs (the embedded default): started by the first job
//! that needs it, unless the process already runs a worker (`aurum worker`), and stopped
//! cleanly before the process exits.

use std::sync::Mutex;
use std::sync::atomic::Ordering;

use tokio::sync::watch;
use tokio::task::JoinHandle;

use super::GoldenService;

/// This process's own worker: how to stop it, and its task.
pub(crate) struct LocalWorker {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

/// The slot of a service's local worker.
pub(crate) type LocalSlot = Mutex<Option<LocalWorker>>;

impl GoldenService {
    /// Starts this process's worker on the queue unless a worker already runs here.
    pub(crate) fn ensure_local_worker(&self) {
        if self.workers_running.load(Ordering::SeqCst) > 0 {
            return;
        }
        let mut slot = self
            .local_worker
            .lock()
            .expect("never poisoned: no panics inside");
        if slot
            .as_ref()
            .is_some_and(|worker| !worker.task.is_finished())
        {
            return;
        }
        let (stop, mut stopped) = watch::channel(false);
        let service = self.clone();
        let task = tokio::spawn(async move {
            let signal = async move {
                let _ = stopped.wait_for(|stop| *stop).await;
            };
            if let Err(error) = service.run_worker(signal).await {
                tracing::error!("the in-process golden-config worker stopped: {error}");
            }
        });
        *slot = Some(LocalWorker { stop, task });
    }

    /// Stops this process's own worker, if one runs: tasks in flight finish, and tasks it took
    /// but had not started go back to the queue, so no other process's job waits on a worker
    /// that left. Call before the process exits; a later job starts the worker again.
    pub async fn stop_local_worker(&self) {
        let worker = self
            .local_worker
            .lock()
            .expect("never poisoned: no panics inside")
            .take();
        if let Some(worker) = worker {
            let _ = worker.stop.send(true);
            let _ = worker.task.await;
        }
    }
}
