//! `aurum worker`: a process that only runs golden-config work: device tasks from the job queue
//! and, unless told otherwise, the configured schedules. Several can run against PostgreSQL; on
//! the embedded SQLite default one is enough (and CLI jobs run their own).

use std::process::ExitCode;

use super::serve::shutdown_signal;
use crate::context::Context;

pub async fn run(context: &Context, schedules: bool) -> anyhow::Result<ExitCode> {
    let (store, golden) = context.golden().await?;
    let (stop, _) = tokio::sync::broadcast::channel::<()>(1);
    let mut running = tokio::task::JoinSet::new();
    let mut stopped = stop.subscribe();
    let worker = golden.clone();
    running.spawn(async move {
        worker
            .run_worker(async move {
                let _ = stopped.recv().await;
            })
            .await
    });
    let count = match schedules {
        true => context.loaded.config.golden.schedules.len(),
        false => 0,
    };
    if count > 0 {
        let mut stopped = stop.subscribe();
        running.spawn(async move {
            golden
                .run_schedules(async move {
                    let _ = stopped.recv().await;
                })
                .await
        });
    }
    eprintln!(
        "aurum worker: running golden-config tasks on {} ({count} schedule(s)); press Ctrl-C to stop",
        store.url()
    );
    // Either the signal, or the worker or scheduler stopping on its own, which only an error
    // does: then the rest stop too and the error is the exit.
    tokio::select! {
        _ = shutdown_signal() => {}
        Some(first) = running.join_next() => {
            let _ = stop.send(());
            first??;
            anyhow::bail!("the golden-config worker stopped by itself; see the log above");
        }
    }
    let _ = stop.send(());
    while let Some(result) = running.join_next().await {
        result??;
    }
    store.close().await;
    Ok(ExitCode::SUCCESS)
}
