//! What every request passes before a handler (tower layers, as axum middleware): the `Host`
//! check against `[server] allowed_hosts` (DNS rebinding), a time limit, the body size limit
//! (axum's `DefaultBodyLimit`, set in `serve.rs`), and one structured log line per request
//! (method, route, status, time), which also counts the request for `/metrics`.

use std::time::{Duration, Instant};

use axum::Json;
use axum::extract::{MatchedPath, Request, State};
use axum::http::StatusCode;
use axum::http::header::HOST;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::AppState;

/// Refuses (421) a request whose `Host` is not one of the configured names, so a page on
/// another site cannot reach this server through a name it controls. Browsers always send
/// `Host`; a request without one (an in-process call) names no host to rebind.
pub(crate) async fn check_host(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let host = match request.headers().get(HOST) {
        None => return next.run(request).await,
        Some(value) => value.to_str().unwrap_or_default().to_string(),
    };
    let host = host.as_str();
    if host_allowed(host, &state.services.config.server.allowed_hosts) {
        return next.run(request).await;
    }
    tracing::warn!(
        host,
        "refused a request for a host name that is not configured"
    );
    (
        StatusCode::MISDIRECTED_REQUEST,
        Json(serde_json::json!({
            "error": format!("this server does not answer to `{host}`; add it to [server] allowed_hosts")
        })),
    )
        .into_response()
}

/// Whether `host` (with or without a port) is one of `allowed` (`*` allows any).
fn host_allowed(host: &str, allowed: &[String]) -> bool {
    let name = match host.rsplit_once(':') {
        // `[::1]:8080` or `name:8080`; a bare IPv6 literal has no port outside brackets.
        Some((name, port)) if port.chars().all(|c| c.is_ascii_digit()) && !name.is_empty() => name,
        _ => host,
    };
    allowed
        .iter()
        .any(|a| a == "*" || a.eq_ignore_ascii_case(name))
}

/// Answers 503 when a request takes longer than `[server] request_timeout_secs` (progress
/// streams aside: they end with their job).
pub(crate) async fn time_limit(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    if request.uri().path().ends_with("/events") {
        return next.run(request).await;
    }
    let limit = Duration::from_secs(state.services.config.server.request_timeout_secs.max(1));
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(serde_json::json!({
                "error": format!("the request took longer than {}s; narrow it (a filter, a smaller page) or raise [server] request_timeout_secs", limit.as_secs())
            })),
        )
            .into_response(),
    }
}

/// Who a request was served to, as authentication found them: put on the response so the
/// request log (the outermost layer) can name the user.
#[derive(Debug, Clone)]
pub(crate) struct RequestUser(pub String);

/// One log line per request (method, route, status, time, and the user when one signed in),
/// and its count by route and status for `/metrics`.
pub(crate) async fn log_request(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |p| p.as_str().to_string());
    let response = next.run(request).await;
    let status = response.status().as_u16();
    let elapsed = started.elapsed();
    state.metrics.count_request(&route, status, elapsed);
    let user = response
        .extensions()
        .get::<RequestUser>()
        .map_or("-", |user| user.0.as_str());
    tracing::info!(%method, route, status, millis = elapsed.as_millis() as u64, user, "request");
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_match_by_name_with_or_without_a_port() {
        let allowed = [
            "localhost".to_string(),
            "127.0.0.1".to_string(),
            "[::1]".to_string(),
        ];
        assert!(host_allowed("localhost:8080", &allowed));
        assert!(host_allowed("LOCALHOST", &allowed));
        assert!(host_allowed("127.0.0.1:1", &allowed));
        assert!(host_allowed("[::1]:8080", &allowed));
        assert!(!host_allowed("evil.example:8080", &allowed));
        assert!(!host_allowed("", &allowed));
        assert!(host_allowed("anything", &["*".to_string()]));
    }
}
