//! `aurum worker`: a process that only runs golden-config work: device tasks from the job queue
//! and, unless told otherwise, the configured schedules. Several can run against PostgreSQL; on
//! the embedded SQLite default one is enough (and CLI jobs run their own).

use std::process::ExitCode;

use super::serve::shutdown_signal;
use crate::context::Context;

pub async fn run(context: &Context, schedules: bool) -> anyhow::Result<ExitCode> {
    let (store, golden) = context.golden().await?;
    let (stop, _) = tokio::sync::broadcast::channel::<()>(1);
    let mut stopped = stop.subscribe();
    let worker = golden.clone();
    let tasks = tokio::spawn(async move {
        worker
            .run_worker(async move {
                let _ = stopped.recv().await;
            })
            .await
    });
    let mut stopped = stop.subscribe();
    let scheduler = golden.clone();
    let scheduled = tokio::spawn(async move {
        if !schedules {
            return Ok(());
        }
        scheduler
            .run_schedules(async move {
                let _ = stopped.recv().await;
            })
            .await
    });
    eprintln!(
        "aurum worker: running golden-config tasks on {} ({} schedule(s)); press Ctrl-C to stop",
        store.url(),
        if schedules {
            context.loaded.config.golden.schedules.len()
        } else {
            0
        }
    );
    tokio::select! {
        _ = shutdown_signal() => {}
        // A worker or scheduler that stops by itself has failed; say why below.
        _ = async { while !tasks.is_finished() && !scheduled.is_finished() {
            tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        } } => {}
    }
    let _ = stop.send(());
    tasks.await??;
    scheduled.await??;
    store.close().await;
    Ok(ExitCode::SUCCESS)
}
