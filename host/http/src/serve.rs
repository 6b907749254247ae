use std::future::Future;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post};
use tokio::net::TcpListener;

use crate::{AppState, HttpError, api, auth, edge, graphql, health, metrics, web};

/// The whole HTTP application; `serve` and the tests share it. Only the probes and the token
/// exchange are open; every API route is behind [`auth::require_token`], every web page
/// behind a browser session.
pub fn app(state: AppState) -> Router {
    // A body that is no GraphQL request is refused in the API's JSON error shape.
    let graphql = Router::new()
        .route("/graphql", post(graphql::graphql))
        .route_layer(axum::middleware::map_response(api::rejections::as_json));
    let authenticated = Router::new()
        .merge(graphql)
        .route("/metrics", get(metrics::metrics))
        .merge(api::router())
        .route_layer(from_fn_with_state(state.clone(), auth::require_token));
    // The API's reference as a page, which a browser signed in to the web UI may read too
    // (the handler asks `auth::token_or_session`).
    let docs = Router::new()
        .route("/api/docs", get(api::openapi::docs_handler))
        .route("/api/docs/", get(api::openapi::docs_handler));
    // With or without the trailing slash, like every API path (schemathesis found the slash
    // form answering 404), and axum's refusals in the API's JSON shape (it found a body
    // without its content type answered in text/plain).
    let provision = Router::new()
        .route("/api/tokens/provision", post(auth::provision))
        .route("/api/tokens/provision/", post(auth::provision))
        .route_layer(axum::middleware::map_response(api::rejections::as_json));
    let max_body = state.services.config.server.max_body_bytes;
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .merge(provision)
        .merge(authenticated)
        .merge(docs)
        .merge(web::router(&state))
        // Layers run outside in: the last added first. Log every request (refusals too),
        // refuse foreign Host names, then limit the time; bodies are capped while read.
        .layer(DefaultBodyLimit::max(max_body))
        .layer(from_fn_with_state(state.clone(), edge::time_limit))
        .layer(from_fn_with_state(state.clone(), edge::check_host))
        .layer(from_fn_with_state(state.clone(), edge::log_request))
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
