use std::future::Future;

use axum::Router;
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post};
use tokio::net::TcpListener;

use crate::{AppState, HttpError, api, auth, graphql, health};

/// The whole HTTP application; `serve` and the tests share it. Only the probes and the token
/// exchange are open; every other route is behind [`auth::require_token`].
pub fn app(state: AppState) -> Router {
    let authenticated = Router::new()
        .route("/graphql", post(graphql::graphql))
        .merge(api::postprocessing::router())
        .route_layer(from_fn_with_state(state.clone(), auth::require_token));
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/api/tokens/provision", post(auth::provision))
        .merge(authenticated)
        .with_state(state)
}

/// Serves until `shutdown` completes, then lets in-flight requests finish.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), HttpError> {
    if let Ok(addr) = listener.local_addr() {
        tracing::info!(%addr, "serving the Aurum API");
    }
    axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(HttpError::Serve)
}
