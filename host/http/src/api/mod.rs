//! The REST API under `/api/`, NetBox-shaped: one file per resource, every handler a thin
//! call into the services (which check permissions), every path answered with or without its
//! trailing slash, one JSON error shape (`{"error": "..."}`, see `response.rs`).

mod commands;
mod compliance;
mod configs;
mod devices;
mod jobs;
mod objects;
pub(crate) mod openapi;
mod page;
mod plans;
mod postprocessing;
pub(crate) mod rejections;
mod saved_commands;
mod settings;
mod toolkit;

use axum::Router;
use axum::routing::{MethodRouter, get, post};

use crate::AppState;

/// Every API route, as `(path, handler)`: the router and its tests are built from this one
/// list, so a route cannot be added to one and missed by the other.
pub(crate) fn routes() -> Vec<(String, MethodRouter<AppState>)> {
    let mut routes: Vec<(String, MethodRouter<AppState>)> = vec![
        (
            "/api/devices".into(),
            get(devices::list).post(devices::create),
        ),
        (
            "/api/devices/{name}".into(),
            get(devices::show)
                .put(devices::update)
                .patch(devices::patch)
                .delete(devices::delete),
        ),
        (
            "/api/devices/{name}/configs/{kind}".into(),
            get(configs::versions),
        ),
        (
            "/api/devices/{name}/configs/{kind}/diff".into(),
            get(configs::diff),
        ),
        (
            "/api/devices/{name}/configs/{kind}/{number}".into(),
            get(configs::version),
        ),
        (
            "/api/devices/{name}/compliance".into(),
            get(configs::compliance),
        ),
        (
            "/api/devices/{name}/intended/preview".into(),
            get(configs::preview),
        ),
        (
            "/api/devices/{name}/postprocessing".into(),
            get(postprocessing::postprocessing),
        ),
        ("/api/compliance/pivot".into(), get(compliance::pivot)),
        (
            "/api/commands".into(),
            get(commands::commands).post(saved_commands::create),
        ),
        (
            "/api/commands/{name}".into(),
            get(saved_commands::show)
                .put(saved_commands::update)
                .delete(saved_commands::delete),
        ),
        ("/api/command-log".into(), get(commands::log)),
        ("/api/command-log/stats".into(), get(commands::stats)),
        ("/api/command-log/export".into(), get(commands::export)),
        ("/api/jobs".into(), get(jobs::list).post(jobs::start)),
        ("/api/jobs/{id}".into(), get(jobs::show)),
        ("/api/jobs/{id}/events".into(), get(jobs::events)),
        ("/api/toolkit/run".into(), post(toolkit::run)),
        ("/api/toolkit/bulk".into(), post(toolkit::bulk)),
        ("/api/settings".into(), get(settings::settings)),
        (
            "/api/settings/{name}/properties".into(),
            get(settings::properties),
        ),
        ("/api/plans".into(), get(plans::list).post(plans::create)),
        ("/api/plans/{id}".into(), get(plans::show)),
        ("/api/plans/{id}/approve".into(), post(plans::approve)),
        ("/api/plans/{id}/cancel".into(), post(plans::cancel)),
        ("/api/plans/{id}/rollback".into(), post(plans::rollback)),
        ("/api/deploy".into(), post(plans::deploy)),
        ("/api/schema".into(), get(openapi::schema_handler)),
        // The name OpenAPI tooling looks for first.
        ("/api/openapi.json".into(), get(openapi::openapi_json)),
    ];
    for kind in objects::KINDS {
        let (list, show) = (kind.routes)();
        routes.push((format!("/api/{}", kind.segment), list));
        routes.push((format!("/api/{}/{{name}}", kind.segment), show));
    }
    routes
}

/// The API's router: each route at its path and with a trailing slash, axum's own refusals
/// answered in the API's JSON error shape.
pub(crate) fn router() -> Router<AppState> {
    routes()
        .into_iter()
        .fold(Router::new(), |router, (path, handler)| {
            router
                .route(&format!("{path}/"), handler.clone())
                .route(&path, handler)
        })
        .route_layer(axum::middleware::map_response(rejections::as_json))
}
