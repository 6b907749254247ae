//! Config plans: the list, and approve, cancel, deploy and roll back from it or from a plan's
//! page (`plan.rs`), which each action returns to. Each button posts to the
//! plans service as the signed-in user, so the page offers what the CLI and the API do under
//! the same permission checks (`approve_plan`, `deploy`); a refusal is the error page.

use axum::Extension;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};

use aurum_services::plans::DeployRequest;

use super::{Page, Viewer, WebState, error_page};

pub(crate) async fn list(
    State(state): State<WebState>,
    Extension(viewer): Extension<Viewer>,
) -> Response {
    match state.services.plans.list(&viewer.principal, None).await {
        Ok(plans) => Page::new("plans.html", Some(&viewer))
            .with("plans", plans)
            .render(&state)
            .into_response(),
        Err(error) => error_page(&state, Some(&viewer), error),
    }
}

/// `POST /plans/{id}/approve`, then the plan's page.
pub(crate) async fn approve(
    State(state): State<WebState>,
    Extension(viewer): Extension<Viewer>,
    Path(id): Path<i64>,
) -> Response {
    match state.services.plans.approve(&viewer.principal, id).await {
        Ok(_) => Redirect::to(&format!("/plans/{id}/")).into_response(),
        Err(error) => error_page(&state, Some(&viewer), error),
    }
}

/// `POST /plans/{id}/cancel`, then the plan's page.
pub(crate) async fn cancel(
    State(state): State<WebState>,
    Extension(viewer): Extension<Viewer>,
    Path(id): Path<i64>,
) -> Response {
    match state.services.plans.cancel(&viewer.principal, id).await {
        Ok(_) => Redirect::to(&format!("/plans/{id}/")).into_response(),
        Err(error) => error_page(&state, Some(&viewer), error),
    }
}

/// `POST /plans/{id}/deploy`: the deploy job is queued, then its page shows it run (device
/// by device, then its re-check).
pub(crate) async fn deploy(
    State(state): State<WebState>,
    Extension(viewer): Extension<Viewer>,
    Path(id): Path<i64>,
) -> Response {
    let request = DeployRequest {
        plans: vec![id],
        ..DeployRequest::default()
    };
    match state
        .services
        .plans
        .start_deploy(&viewer.principal, &request)
        .await
    {
        Ok(job) => Redirect::to(&format!("/jobs/{job}/")).into_response(),
        Err(error) => error_page(&state, Some(&viewer), error),
    }
}

/// `POST /plans/{id}/rollback`: restores the pre-change configuration where the platform
/// can (the service refuses the others by name), then the plan's page with what it did.
pub(crate) async fn rollback(
    State(state): State<WebState>,
    Extension(viewer): Extension<Viewer>,
    Path(id): Path<i64>,
) -> Response {
    match state.services.plans.rollback(&viewer.principal, id).await {
        Ok(_) => Redirect::to(&format!("/plans/{id}/")).into_response(),
        Err(error) => error_page(&state, Some(&viewer), error),
    }
}
