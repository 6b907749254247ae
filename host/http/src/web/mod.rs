//! The web UI: server-rendered pages (minijinja, HTML auto-escaped) over the services, with
//! htmx for partial updates and Tabler for looks, both embedded (see `assets.rs`). Pages work
//! without JavaScript for reading. Every page but the login form and the assets is behind a
//! browser session (`session.rs`); each page idea is its own file.

mod assets;
mod charts;
mod compliance;
mod configs;
mod devices;
mod filter;
mod golden;
mod jobs;
mod log;
mod login;
mod paging;
mod plan;
mod plans;
mod postprocessing;
mod render;
mod search;
mod session;
mod settings;
mod toolkit;

use std::sync::Arc;

use axum::Router;
use axum::http::StatusCode;
use axum::middleware::from_fn_with_state;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use aurum_services::{ServiceError, Services};

use crate::AppState;
pub(crate) use render::Page;
pub(crate) use session::Viewer;

/// What the pages reach: the services and the compiled templates.
#[derive(Clone)]
pub(crate) struct WebState {
    pub services: Arc<Services>,
    pub templates: Arc<minijinja::Environment<'static>>,
}

/// The web UI's routes, for `app()` to merge.
pub(crate) fn router(state: &AppState) -> Router<AppState> {
    let web = WebState {
        services: state.services.clone(),
        templates: Arc::new(render::environment()),
    };
    let signed_in = Router::new()
        .route("/", get(golden::home))
        .route("/logout", post(login::logout))
        .route("/tokens/", get(login::tokens))
        .route("/devices/", get(devices::list))
        .route("/devices/{name}/", get(toolkit::tab))
        .route("/devices/{name}/run", post(toolkit::run))
        .route("/devices/{name}/configs/", get(configs::tab))
        .route("/devices/{name}/compliance/", get(compliance::device_tab))
        .route("/devices/{name}/postprocessing/", get(postprocessing::tab))
        .route(
            "/devices/{name}/postprocessing",
            post(postprocessing::render),
        )
        .route("/golden/", get(golden::home))
        .route("/golden/run", post(golden::run))
        .route("/compliance/", get(compliance::overview))
        .route("/search/", get(search::page))
        .route("/jobs/", get(jobs::list))
        .route("/jobs/{id}/", get(jobs::detail))
        .route("/jobs/{id}/events", get(jobs::events))
        .route("/log/", get(log::list))
        .route("/log/{id}/", get(log::entry))
        .route("/log/export", get(log::export))
        .route("/settings/", get(settings::page))
        .route("/plans/", get(plans::list))
        .route("/plans/{id}/", get(plan::detail))
        .route("/plans/{id}/rollback", post(plans::rollback))
        .route("/devices/{name}/plans/", get(plan::device_tab))
        .route("/plans/{id}/approve", post(plans::approve))
        .route("/plans/{id}/cancel", post(plans::cancel))
        .route("/plans/{id}/deploy", post(plans::deploy))
        .route_layer(from_fn_with_state(web.clone(), session::require_session));
    Router::new()
        .route("/login", get(login::form).post(login::submit))
        .route("/static/{file}", get(assets::file))
        .merge(signed_in)
        .with_state(web)
}

/// `/devices/{name}/` when the Toolkit tab is switched off: the first tab `[features]`
/// leaves, else the device's header alone.
pub(crate) async fn device_first_tab(state: &WebState, viewer: &Viewer, name: &str) -> Response {
    use aurum_config::Feature;
    let services = &state.services;
    let device = match services.device(&viewer.principal, name).await {
        Ok(device) => device,
        Err(error) => return error_page(state, Some(viewer), error),
    };
    let tabs = [
        (
            services.feature_enabled(Feature::Backup)
                || services.feature_enabled(Feature::Intended),
            "configs",
        ),
        (services.feature_enabled(Feature::Compliance), "compliance"),
        (
            services.feature_enabled(Feature::Postprocessing),
            "postprocessing",
        ),
        (services.feature_enabled(Feature::Plans), "plans"),
    ];
    match tabs.iter().find(|(on, _)| *on) {
        Some((_, tab)) => {
            let path = format!("/devices/{}/{tab}/", device.name);
            axum::response::Redirect::to(&path).into_response()
        }
        None => Page::new("device.html", Some(viewer))
            .with("tab", "")
            .with("device", device)
            .render(state)
            .into_response(),
    }
}

/// A service's refusal or failure as a page: its message for what the user can fix, a
/// generic one (and the log) for what they cannot.
pub(crate) fn error_page(
    state: &WebState,
    viewer: Option<&Viewer>,
    error: ServiceError,
) -> Response {
    let status = error_status(&error);
    let message = if status == StatusCode::INTERNAL_SERVER_ERROR {
        tracing::error!(%error, "page failed");
        "internal error; the server log has the details".to_string()
    } else {
        error.to_string()
    };
    let page = Page::new("error.html", viewer)
        .with("status", status.as_u16())
        .with("message", message);
    (status, page.render(state)).into_response()
}

/// The status a service error answers with: whose fault it was, as the API says it.
pub(crate) fn error_status(error: &ServiceError) -> StatusCode {
    crate::response::service_status(error)
}
