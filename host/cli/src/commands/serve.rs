use std::net::SocketAddr;
use std::process::ExitCode;

use aurum_http::{AppState, HttpError};

use crate::context::Context;

/// Serves the API until Ctrl-C or SIGTERM, then drains in-flight requests. Runs the configured
/// [golden.schedules] alongside (their jobs' devices run on this process's worker).
pub async fn run(context: &Context, listen: Option<SocketAddr>) -> anyhow::Result<ExitCode> {
    let addr = listen.unwrap_or(context.loaded.config.server.listen);
    let services = context.services().await?;
    let store = services.store.clone();
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| HttpError::Bind { addr, source })?;
    let (stop, _) = tokio::sync::broadcast::channel::<()>(1);
    let schedules = match context.loaded.config.golden.schedules.is_empty() {
        true => None,
        false => {
            let (_, golden) = context.golden().await?;
            let mut stopped = stop.subscribe();
            let scheduler = golden.clone();
            let run = tokio::spawn(async move {
                scheduler
                    .run_schedules(async move {
                        let _ = stopped.recv().await;
                    })
                    .await
            });
            Some((golden, run))
        }
    };
    eprintln!("aurum listening on http://{}", listener.local_addr()?);
    aurum_http::serve(
        listener,
        AppState::from_services(&services),
        shutdown_signal(),
    )
    .await?;
    let _ = stop.send(());
    if let Some((golden, run)) = schedules {
        run.await??;
        // Scheduled jobs ran on this process's worker; it finishes what it holds.
        golden.stop_local_worker().await;
    }
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
                .expect("installing a SIGTERM handler cannot fail on Unix");
        tokio::select! {
            _ = interrupt => {}
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = interrupt.await;
    }
    tracing::info!("shutting down");
}
