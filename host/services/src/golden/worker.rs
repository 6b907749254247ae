//! apalis workers that run device tasks: on the durable queue (the in-process worker of a CLI
//! job, `aurum worker`, `aurum serve`) and, for dry runs, on an in-memory queue of this process.

use std::future::Future;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use apalis::prelude::{BackendExt, MemoryStorage, TaskSink, WorkerBuilder, WorkerBuilderExt};

use super::GoldenService;
use super::queue::{POLL_INTERVAL, Storage};
use super::task::{DeviceTask, run_device_task};
use crate::ServiceError;

impl GoldenService {
    /// Runs device tasks from the queue, `[ssh] concurrency` at a time, until `shutdown`
    /// resolves; tasks in flight then finish first and tasks taken but not started go back to
    /// the queue. While it runs it keeps the leases of running jobs (`lease`).
    pub async fn run_worker(
        &self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), ServiceError> {
        let name = worker_name();
        let concurrency = self.concurrency();
        let _running = Running::new(&self.workers_running);
        let signal = async move {
            shutdown.await;
            Ok::<(), std::io::Error>(())
        };
        tracing::debug!(worker = %name, concurrency, "golden-config worker started");
        let queue = self.queue().await?;
        let leases = self.clone();
        let _leases = AbortOnDrop(tokio::spawn(async move { leases.keep_leases().await }));
        let result = match queue.storage {
            Storage::Sqlite(storage) => {
                WorkerBuilder::new(name.as_str())
                    .backend(storage.poll_with_interval(POLL_INTERVAL))
                    .concurrency(concurrency)
                    .data(self.clone())
                    .build(run_device_task)
                    .run_until(signal)
                    .await
            }
            Storage::Postgres(storage) => {
                WorkerBuilder::new(name.as_str())
                    .backend(storage.poll_with_interval(POLL_INTERVAL))
                    .concurrency(concurrency)
                    .data(self.clone())
                    .build(run_device_task)
                    .run_until(signal)
                    .await
            }
        };
        result.map_err(|e| ServiceError::Queue {
            queue: name,
            action: "running the worker",
            message: e.to_string(),
        })
    }

    /// Runs a dry run's tasks on an in-memory queue until `done` resolves (the caller has every
    /// outcome): nothing is recorded, so nothing belongs in the durable queue.
    pub(crate) async fn run_in_memory(
        &self,
        tasks: Vec<DeviceTask>,
        done: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), ServiceError> {
        let name = worker_name();
        let fail = |action, message: String| ServiceError::Queue {
            queue: "in-memory dry run".into(),
            action,
            message,
        };
        let mut storage = MemoryStorage::new();
        storage
            .push_bulk(tasks)
            .await
            .map_err(|e| fail("enqueuing device tasks", e.to_string()))?;
        WorkerBuilder::new(name.as_str())
            .backend(storage)
            .concurrency(self.concurrency())
            .data(self.clone())
            .build(run_device_task)
            .run_until(async move {
                done.await;
                Ok::<(), std::io::Error>(())
            })
            .await
            .map_err(|e| fail("running the dry run", e.to_string()))
    }

    fn concurrency(&self) -> usize {
        self.config.ssh.concurrency.max(1)
    }
}

/// Stops a background task when its owner ends.
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Counts a worker as running in this process while it lives.
struct Running<'a>(&'a AtomicUsize);

impl<'a> Running<'a> {
    fn new(count: &'a AtomicUsize) -> Self {
        count.fetch_add(1, Ordering::SeqCst);
        Running(count)
    }
}

impl Drop for Running<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Unique among live workers on every host: apalis keeps one row per worker name and re-queues
/// the tasks of names that stop sending heartbeats.
fn worker_name() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    format!(
        "aurum-{}-{}",
        aurum_store::process_owner(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}
