use std::net::SocketAddr;
use std::process::ExitCode;

use aurum_server::{AppState, ServerError};

use crate::context::Context;

/// Serves the API until Ctrl-C or SIGTERM, then drains in-flight requests.
pub async fn run(context: &Context, listen: Option<SocketAddr>) -> anyhow::Result<ExitCode> {
    let addr = listen.unwrap_or(context.loaded.config.server.listen);
    let store = context.open_store().await?;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| ServerError::Bind { addr, source })?;
    eprintln!("aurum listening on http://{}", listener.local_addr()?);
    aurum_server::serve(listener, AppState::new(store.clone()), shutdown_signal()).await?;
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

async fn shutdown_signal() {
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
