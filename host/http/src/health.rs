use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Serialize;

use aurum_store::DbKind;

use crate::AppState;
use crate::api::openapi::schemas;

#[derive(Serialize)]
pub(crate) struct Health {
    status: &'static str,
    version: &'static str,
    uptime_secs: u64,
}

/// Liveness: the process answers. Never touches the database, so a slow database does not
/// get a healthy process restarted.
#[utoipa::path(
    get,
    path = "/healthz",
    tag = "service",
    operation_id = "healthz",
    summary = "Liveness: the process answers",
    description = "Open, for probes: never touches the database.",
    security(()),
    responses((status = 200, description = "Alive.", body = schemas::Health)),
)]
pub(crate) async fn healthz(State(state): State<AppState>) -> Json<Health> {
    Json(Health {
        status: "ok",
        version: env!("CARGO_PKG_VERSION"),
        uptime_secs: state.started.elapsed().as_secs(),
    })
}

#[derive(Serialize)]
pub(crate) struct Readiness {
    status: &'static str,
    database: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    schema_version: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// Readiness: the database answers and carries the schema this binary expects. Returns 503
/// with the reason otherwise, so traffic is held back rather than failing request by request.
/// It is unauthenticated (probes have no token), so it names the kind of database only, never
/// its URL, and a database error's detail goes to the server log.
#[utoipa::path(
    get,
    path = "/readyz",
    tag = "service",
    operation_id = "readyz",
    summary = "Readiness: the database answers with this binary's schema",
    description = "Open, for probes: names the kind of database, never its address.",
    security(()),
    responses(
        (status = 200, description = "Ready.", body = schemas::Readiness),
        (status = 503, description = "Not ready, and why.", body = schemas::Readiness),
    ),
)]
pub(crate) async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<Readiness>) {
    let database = match state.store.kind() {
        DbKind::Sqlite => "sqlite",
        DbKind::Postgres => "postgres",
    }
    .to_string();
    let result = async {
        state.store.ping().await?;
        state.store.schema_version().await
    }
    .await;
    match result {
        Ok(Some(version)) if version == state.store.supported_schema_version() => (
            StatusCode::OK,
            Json(Readiness {
                status: "ready",
                database,
                schema_version: Some(version),
                error: None,
            }),
        ),
        Ok(version) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(Readiness {
                status: "not ready",
                database,
                schema_version: version,
                error: Some(format!(
                    "schema version {version:?} does not match the expected {}; restart Aurum to migrate",
                    state.store.supported_schema_version()
                )),
            }),
        ),
        Err(error) => {
            tracing::warn!(%error, "not ready: the database does not answer");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(Readiness {
                    status: "not ready",
                    database,
                    schema_version: None,
                    error: Some(
                        "the database does not answer; the server log has the details".to_string(),
                    ),
                }),
            )
        }
    }
}
