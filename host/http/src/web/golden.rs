//! The golden-config home (`/` and `/golden/`): every device in a setting's scope with its
//! last backup, intended and compliance dates, green when the last attempts succeeded and red
//! with the reason when one did not, and a form to run a job on the selected devices.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};

use aurum_inventory::DeviceFilter;
use aurum_services::golden::{JobKind, JobRequest};

use super::{Page, Viewer, WebState, error_page};

pub(crate) async fn home(
    State(state): State<WebState>,
    Extension(viewer): Extension<Viewer>,
    uri: axum::http::Uri,
) -> Response {
    // With every job switched off, `/` opens on the devices instead.
    if uri.path() == "/" && !state.services.golden.any_job_enabled() {
        return Redirect::to("/devices/").into_response();
    }
    match state
        .services
        .golden
        .home(&viewer.principal, &DeviceFilter::default())
        .await
    {
        Ok(rows) => {
            let failing = rows.iter().filter(|r| r.failure.is_some()).count();
            Page::new("golden.html", Some(&viewer))
                .with("rows", &rows)
                .with("failing", failing)
                .render(&state)
                .into_response()
        }
        Err(error) => error_page(&state, Some(&viewer), error),
    }
}

/// `POST /golden/run`: `kind` (backup, intended, compliance) on the checked `device`s (every
/// device in scope when none is checked); then the job's page, which follows its progress.
pub(crate) async fn run(
    State(state): State<WebState>,
    Extension(viewer): Extension<Viewer>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let kind = fields
        .iter()
        .find(|(k, _)| k == "kind")
        .and_then(|(_, v)| JobKind::parse(v));
    let Some(kind) = kind else {
        return (
            StatusCode::BAD_REQUEST,
            "choose a job: backup, intended or compliance",
        )
            .into_response();
    };
    let devices: Vec<String> = fields
        .iter()
        .filter(|(k, _)| k == "device")
        .map(|(_, v)| v.clone())
        .collect();
    let request = JobRequest {
        filter: DeviceFilter {
            name: devices,
            ..DeviceFilter::default()
        },
        principal: viewer.principal.clone(),
        ..JobRequest::default()
    };
    match state.services.golden.start(&[kind], request).await {
        Ok(job) => Redirect::to(&format!("/jobs/{job}/")).into_response(),
        Err(error) => error_page(&state, Some(&viewer), error),
    }
}
