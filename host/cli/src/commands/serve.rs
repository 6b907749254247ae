use std::net::SocketAddr;
use std::process::ExitCode;

use aurum_http::{AppState, HttpError};

use crate::context::Context;

/// Serves the API and the web UI until Ctrl-C or SIGTERM, then drains in-flight requests.
pub async fn run(context: &Context, listen: Option<SocketAddr>) -> anyhow::Result<ExitCode> {
    let addr = listen.unwrap_or(context.loaded.config.server.listen);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| HttpError::Bind { addr, source })?;
    let services = context.services().await?;
    // Jobs left running by a process that died are failed before this one starts any.
    let interrupted = services.store.fail_interrupted_jobs().await?;
    if interrupted > 0 {
        eprintln!("marked {interrupted} interrupted job(s) as failed");
    }
    warn_of_unknown_names(&services).await?;
    eprintln!("aurum listening on http://{}", listener.local_addr()?);
    serve_services(listener, services, shutdown_signal()).await?;
    Ok(ExitCode::SUCCESS)
}

/// Warns of each name in the toolkit's lists of users and groups (who may run config
/// commands, who bypasses the rate limit) that is no stored user or group: a typo there
/// grants or exempts nobody, silently.
async fn warn_of_unknown_names(services: &aurum_services::Services) -> anyhow::Result<()> {
    let toolkit = &services.config.toolkit;
    let lists = [
        (
            "[toolkit] config_users/config_groups",
            &toolkit.config_users,
            &toolkit.config_groups,
        ),
        (
            "[toolkit.rate_limit] bypass_users/bypass_groups",
            &toolkit.rate_limit.bypass_users,
            &toolkit.rate_limit.bypass_groups,
        ),
    ];
    for (list, users, groups) in lists {
        for name in services.identity.unknown_names(users, groups).await? {
            eprintln!(
                "warning: {list} names {name}, which does not exist; add it (`aurum user add`, `aurum group add`) or remove it from aurum.toml"
            );
        }
    }
    Ok(())
}

/// Serves the API and the web UI over `services` until `shutdown`, with the configured
/// [golden.schedules] alongside; jobs started from the UI or a schedule run on this process's
/// worker, which finishes what it holds before this returns. `aurum demo` serves this way too.
pub async fn serve_services(
    listener: tokio::net::TcpListener,
    services: aurum_services::Services,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let (stop, _) = tokio::sync::broadcast::channel::<()>(1);
    let golden = services.golden.clone();
    let store = services.store.clone();
    let schedules = match services.config.golden.schedules.is_empty() {
        true => None,
        false => {
            let mut stopped = stop.subscribe();
            let scheduler = golden.clone();
            Some(tokio::spawn(async move {
                scheduler
                    .run_schedules(async move {
                        let _ = stopped.recv().await;
                    })
                    .await
            }))
        }
    };
    aurum_http::serve(listener, AppState::new(services), shutdown).await?;
    let _ = stop.send(());
    if let Some(run) = schedules {
        run.await??;
    }
    // Scheduled, API- and UI-started and deploys' re-check jobs ran on this process's worker;
    // it finishes what it holds.
    golden.stop_local_worker().await;
    store.close().await;
    Ok(())
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
