//! Config plans: the list, and approve, cancel, deploy and roll back from it or from a plan's
//! page (`plan.rs`), which each action returns to. Each button posts to the
//! plans service as the signed-in user, so the page offers what the CLI and the API do under
//! the same permission checks (`approve_plan`, `deploy`); a refusal is the error page.

use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use aurum_services::plans::DeployRequest;
use aurum_store::PlanStatus;

use super::paging::Paging;
use super::{Page, Viewer, WebState, error_page};

/// The plans page's query string: a status, a device name search and the page, each
/// optional; an unknown status is ignored as the other list pages ignore a bad value.
#[derive(Deserialize, Default)]
pub(crate) struct ListParams {
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    q: Option<String>,
    #[serde(default)]
    page: Option<String>,
    #[serde(default)]
    per_page: Option<String>,
}

/// `GET /plans/`: one page of the plans the user may see (newest first), by status and a
/// device name search.
pub(crate) async fn list(
    State(state): State<WebState>,
    Extension(viewer): Extension<Viewer>,
    Query(params): Query<ListParams>,
) -> Response {
    let given = |value: &Option<String>| value.clone().filter(|v| !v.trim().is_empty());
    let status = given(&params.status).and_then(|name| PlanStatus::parse(&name));
    let q = given(&params.q);
    let paging = Paging::read(params.page.as_deref(), params.per_page.as_deref());
    let mut plans = match state.services.plans.list(&viewer.principal, status).await {
        Ok(plans) => plans,
        Err(error) => return error_page(&state, Some(&viewer), error),
    };
    if let Some(q) = &q {
        let q = q.trim().to_lowercase();
        plans.retain(|plan| plan.device.to_lowercase().contains(&q));
    }
    let count = plans.len();
    let page: Vec<_> = plans
        .into_iter()
        .skip(paging.offset())
        .take(paging.per_page)
        .collect();
    let filters: Vec<(&str, &str)> = [
        ("status", status.map(PlanStatus::as_str)),
        ("q", q.as_deref()),
    ]
    .into_iter()
    .filter_map(|(key, value)| Some((key, value?)))
    .collect();
    let statuses: Vec<&str> = PlanStatus::ALL.iter().map(|s| s.as_str()).collect();
    Page::new("plans.html", Some(&viewer))
        .with("plans", page)
        .with("count", count)
        .with("page", paging.page)
        .with("pages", paging.pages(count))
        .with(
            "base",
            serde_urlencoded::to_string(&filters).unwrap_or_default(),
        )
        .with("statuses", statuses)
        .with("status", status.map(PlanStatus::as_str))
        .with("q", q)
        .render(&state)
        .into_response()
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
