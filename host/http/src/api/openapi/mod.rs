//! The REST API's OpenAPI 3.1 description, served at `GET /api/schema/` (and
//! `/api/openapi.json`) and printed by `aurum api schema`. utoipa generates it from the
//! `#[utoipa::path]` attribute on each handler (path, method, parameters, body, responses);
//! the shapes of the bodies, whose types live in other crates, are in `schemas/`. Drift is
//! caught twice: `coverage.rs` fails when a route and method of `api::routes()` is not
//! described or a described one is not routed, and the schemathesis check
//! (`tests/openapi.rs`) validates real responses against the document.

mod common;
mod html;
pub(crate) mod schemas;

#[cfg(test)]
mod coverage;

use axum::Json;
use serde_json::Value;
use utoipa::OpenApi;

pub(crate) use common::{
    DeviceFilterQuery, E400, E401, E403, E404, E409, E413, E415, E422, E429, JobFilterQuery,
    LogFilterQuery, LogSortQuery, PageQuery, SearchQuery, one_of,
};

/// The API's fixed routes, gathered from their handlers; the inventory kinds' routes are
/// merged in by [`document`], one generated module per kind.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Aurum REST API",
        description = "Golden configuration for network devices. NetBox conventions: `?limit=&offset=` pages answered as `{count, next, previous, results}`, field filters, `?q=` search; errors are `{\"error\": \"...\"}`. Every `/api/` path answers with or without its trailing slash; `/graphql`, `/metrics` and the probes answer at those names only.",
    ),
    security(("token" = [])),
    paths(
        crate::auth::provision,
        docs_handler,
        schema_handler,
        openapi_json,
        crate::api::devices::list,
        crate::api::devices::create,
        crate::api::devices::show,
        crate::api::devices::update,
        crate::api::devices::patch,
        crate::api::devices::delete,
        crate::api::configs::versions,
        crate::api::configs::diff,
        crate::api::configs::version,
        crate::api::configs::compliance,
        crate::api::configs::preview,
        crate::api::postprocessing::postprocessing,
        crate::api::compliance::pivot,
        crate::api::jobs::list,
        crate::api::jobs::start,
        crate::api::jobs::show,
        crate::api::jobs::events,
        crate::api::settings::settings,
        crate::api::settings::properties,
        crate::api::plans::list,
        crate::api::plans::create,
        crate::api::plans::show,
        crate::api::plans::approve,
        crate::api::plans::cancel,
        crate::api::plans::rollback,
        crate::api::plans::deploy,
        crate::api::commands::commands,
        crate::api::saved_commands::create,
        crate::api::saved_commands::show,
        crate::api::saved_commands::update,
        crate::api::saved_commands::delete,
        crate::api::commands::log,
        crate::api::commands::stats,
        crate::api::commands::export,
        crate::api::toolkit::run,
        crate::api::toolkit::bulk,
        crate::health::healthz,
        crate::health::readyz,
        crate::metrics::metrics,
        crate::graphql::graphql,
    ),
    components(responses(E400, E401, E403, E404, E409, E413, E415, E422, E429)),
)]
struct FixedRoutes;

/// The whole document, as JSON. Paths are written with the trailing slash, as NetBox does;
/// each also answers without it.
pub fn document() -> Value {
    let mut document = FixedRoutes::openapi();
    for kind in crate::api::objects::KINDS {
        document.merge(kind.openapi());
    }
    let components = document.components.get_or_insert_with(Default::default);
    components.schemas.extend(schemas::all());
    utoipa::Modify::modify(&common::Conventions, &mut document);
    serde_json::to_value(&document).expect("an OpenAPI document serialises")
}

/// `GET /api/docs/`: the description as an HTML page, behind a token or a web session.
/// Its policy lets it load nothing from elsewhere.
#[utoipa::path(
    get,
    path = "/api/docs/",
    tag = "schema",
    operation_id = "docs",
    summary = "This description as an HTML page",
    description = "Rendered on the server (operations by tag, parameters, bodies, responses, schemas), loading nothing but the app's own stylesheet. A browser signed in to the web UI may read it without a token.",
    responses((status = 200, description = "The page.", content_type = "text/html", body = String)),
)]
pub(crate) async fn docs_handler(
    axum::extract::State(state): axum::extract::State<crate::AppState>,
    headers: axum::http::HeaderMap,
) -> Result<impl axum::response::IntoResponse, crate::HttpError> {
    let principal = crate::auth::token_or_session(&state, &headers).await?;
    tracing::debug!(user = %principal.name, "API docs page");
    Ok((
        [(
            axum::http::header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; script-src 'none'",
        )],
        axum::response::Html(html::page(&document())),
    ))
}

/// `GET /api/schema/`: behind the token like every API path (it names no data, but nothing
/// over HTTP is answered to an unknown caller).
#[utoipa::path(
    get,
    path = "/api/schema/",
    tag = "schema",
    operation_id = "schema",
    summary = "This OpenAPI description",
    responses((status = 200, description = "OpenAPI 3.1, JSON.", body = schemas::OpenApiDocument)),
)]
pub(crate) async fn schema_handler() -> Json<Value> {
    Json(document())
}

/// `GET /api/openapi.json`: the same, at the name OpenAPI tooling looks for first.
#[utoipa::path(
    get,
    path = "/api/openapi.json",
    tag = "schema",
    operation_id = "openapi_json",
    summary = "This OpenAPI description, at the name tools look for",
    responses((status = 200, description = "OpenAPI 3.1, JSON.", body = schemas::OpenApiDocument)),
)]
pub(crate) async fn openapi_json() -> Json<Value> {
    Json(document())
}
