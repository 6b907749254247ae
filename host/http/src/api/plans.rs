//! The config-plan API: create, list, show, approve, cancel, roll back, and deploy (routed in
//! `api::routes()`, with or without the trailing slash). Every handler acts as the request's
//! user; the plans service checks the permissions.
//!
//! - `GET /api/plans?status=approved&device=r1` — NetBox pages of plans, newest first
//! - `POST /api/plans` — `{"type": "remediation", "devices": ["r1"], "filter": {...},
//!   "features": ["ntp"], "template": "...", "change_control_id": "", "change_control_url": ""}`
//!   → `201 {"ids": [...], "skipped": [[device, why], ...]}`
//! - `GET /api/plans/{id}`, `POST /api/plans/{id}/approve|cancel|rollback`
//! - `POST /api/deploy` — `{"plans": [3, 4], "filter": {...}, "fail_job_on_device_failure": false}`

use axum::extract::{Path, RawQuery, State};
use axum::http::{StatusCode, Uri};
use axum::{Extension, Json};
use serde::Deserialize;

use aurum_inventory::DeviceFilter;
use aurum_services::ServiceError;
use aurum_services::identity::Principal;
use aurum_services::inventory::Page;
use aurum_services::plans::{DeployRequest, PlanRequest, PlanType};
use aurum_store::PlanStatus;

use super::page::{ListParams, Paginated, bad};
use crate::api::openapi::{E400, E403, E404, E409, E413, PageQuery, schemas};
use crate::{AppState, HttpError};

type Reply = Result<Json<serde_json::Value>, HttpError>;

fn json(value: impl serde::Serialize) -> Reply {
    Ok(Json(serde_json::to_value(value).map_err(|e| {
        HttpError::Service(ServiceError::Plan {
            reason: e.to_string(),
        })
    })?))
}

/// The plan list's filters (a description of what `list` parses).
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code, reason = "a description of the query `list` parses")]
pub(crate) struct ListQuery {
    /// Only plans in this status.
    #[param(required = false, schema_with = plan_statuses)]
    status: String,
    /// Only this device's plans.
    #[param(required = false)]
    device: String,
}

/// The statuses a plan can be in, as the list filter takes them.
fn plan_statuses() -> utoipa::openapi::Object {
    crate::api::openapi::one_of(
        PlanStatus::ALL.iter().map(|status| status.as_str()),
        "Only plans in this status.",
    )
}

#[utoipa::path(
    get,
    path = "/api/plans/",
    tag = "plans",
    operation_id = "plans_list",
    summary = "Config plans, newest first",
    description = "The plans of the devices the user's `view_config` covers.",
    params(PageQuery, ListQuery),
    responses(
        (status = 200, description = "One page.", body = inline(schemas::PlanPage)),
        (status = 400, response = E400),
        (status = 403, response = E403),
        (status = 404, response = E404),
    ),
)]
pub(crate) async fn list(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    RawQuery(query): RawQuery,
    uri: Uri,
) -> Reply {
    let params = ListParams::parse(query.as_deref())?;
    let (mut status, mut device) = (None, None);
    for (key, value) in &params.fields {
        match key.as_str() {
            // A status that does not exist is the client's to fix (400), not a plan's state (409).
            "status" => {
                status = Some(PlanStatus::parse(value).ok_or_else(|| {
                    bad(format!(
                        "unknown plan status `{value}`; use not_approved, approved, in_progress, completed, failed or cancelled"
                    ))
                })?)
            }
            "device" => device = Some(value.clone()),
            other => {
                return Err(bad(format!(
                    "unknown parameter `{other}`; the plan list takes status, device, limit, offset"
                )));
            }
        }
    }
    let mut plans = state.services.plans.list(&principal, status).await?;
    if let Some(device) = device {
        plans.retain(|plan| plan.device == device);
    }
    json(Paginated::new(
        Page::of(plans, params.page),
        params.page,
        &uri,
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CreateBody {
    #[serde(rename = "type")]
    plan_type: String,
    #[serde(default)]
    devices: Vec<String>,
    #[serde(default)]
    filter: DeviceFilter,
    #[serde(default)]
    features: Vec<String>,
    template: Option<String>,
    #[serde(default)]
    change_control_id: String,
    #[serde(default)]
    change_control_url: String,
}

#[utoipa::path(
    post,
    path = "/api/plans/",
    tag = "plans",
    operation_id = "plans_create",
    summary = "Make plans",
    description = "One plan per device of the filter or selection that has something to change; needs `add_plan` on the devices (others are as if they did not match).",
    request_body = schemas::CreatePlans,
    responses(
        (status = 201, description = "The plans made and the devices skipped.", body = schemas::CreatedPlans),
        (status = 400, response = E400),
        (status = 403, response = E403),
        (status = 404, response = E404),
        (status = 409, response = E409),
        (status = 413, response = E413),
    ),
)]
pub(crate) async fn create(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Json(body): Json<CreateBody>,
) -> Result<(StatusCode, Json<serde_json::Value>), HttpError> {
    let plan_type = PlanType::parse(&body.plan_type).ok_or_else(|| {
        HttpError::BadRequest(format!(
            "unknown plan type `{}`; the types are: {}",
            body.plan_type,
            PlanType::NAMES
        ))
    })?;
    let mut filter = body.filter;
    filter.name.extend(body.devices);
    let request = PlanRequest {
        plan_type,
        filter,
        features: body.features,
        template: body.template,
        change_control_id: body.change_control_id,
        change_control_url: body.change_control_url,
    };
    let created = state.services.plans.create(&principal, &request).await?;
    Ok((StatusCode::CREATED, json(created)?))
}

#[utoipa::path(
    get,
    path = "/api/plans/{id}/",
    tag = "plans",
    operation_id = "plans_show",
    summary = "One plan",
    description = "Needs `view_config` on the plan's device; another device's plan is 404.",
    params(("id" = i64, Path, description = "The plan's id.")),
    responses(
        (status = 200, description = "The plan.", body = schemas::Plan),
        (status = 400, response = E400),
        (status = 403, response = E403),
        (status = 404, response = E404),
    ),
)]
pub(crate) async fn show(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Path(id): Path<i64>,
) -> Reply {
    json(state.services.plans.show(&principal, id).await?)
}

#[utoipa::path(
    post,
    path = "/api/plans/{id}/approve/",
    tag = "plans",
    operation_id = "plans_approve",
    summary = "Approve a plan (`approve_plan`)",
    params(("id" = i64, Path, description = "The plan's id.")),
    responses(
        (status = 200, description = "Done.", body = schemas::Plan),
        (status = 400, response = E400),
        (status = 403, response = E403),
        (status = 404, response = E404),
        (status = 409, response = E409),
    ),
)]
pub(crate) async fn approve(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Path(id): Path<i64>,
) -> Reply {
    json(state.services.plans.approve(&principal, id).await?)
}

#[utoipa::path(
    post,
    path = "/api/plans/{id}/cancel/",
    tag = "plans",
    operation_id = "plans_cancel",
    summary = "Cancel a plan (`approve_plan`)",
    params(("id" = i64, Path, description = "The plan's id.")),
    responses(
        (status = 200, description = "Done.", body = schemas::Plan),
        (status = 400, response = E400),
        (status = 403, response = E403),
        (status = 404, response = E404),
        (status = 409, response = E409),
    ),
)]
pub(crate) async fn cancel(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Path(id): Path<i64>,
) -> Reply {
    json(state.services.plans.cancel(&principal, id).await?)
}

#[utoipa::path(
    post,
    path = "/api/plans/{id}/rollback/",
    tag = "plans",
    operation_id = "plans_rollback",
    summary = "Restore the device's pre-change configuration (`deploy`)",
    params(("id" = i64, Path, description = "The plan's id.")),
    responses(
        (status = 200, description = "Done.", body = schemas::RollbackReport),
        (status = 400, response = E400),
        (status = 403, response = E403),
        (status = 404, response = E404),
        (status = 409, response = E409),
    ),
)]
pub(crate) async fn rollback(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Path(id): Path<i64>,
) -> Reply {
    json(state.services.plans.rollback(&principal, id).await?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DeployBody {
    plans: Vec<i64>,
    #[serde(default)]
    filter: DeviceFilter,
    #[serde(default)]
    fail_job_on_device_failure: bool,
}

#[utoipa::path(
    post,
    path = "/api/deploy/",
    tag = "plans",
    operation_id = "deploy",
    summary = "Deploy approved plans",
    description = "One task per device, line by line, then backup and compliance again; needs `deploy` on every plan's device.",
    request_body = schemas::Deploy,
    responses(
        (status = 200, description = "What the deploy job did.", body = schemas::DeployReport),
        (status = 400, response = E400),
        (status = 403, response = E403),
        (status = 404, response = E404),
        (status = 409, response = E409),
        (status = 413, response = E413),
    ),
)]
pub(crate) async fn deploy(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Json(body): Json<DeployBody>,
) -> Reply {
    let request = DeployRequest {
        plans: body.plans,
        filter: body.filter,
        fail_job_on_device_failure: body.fail_job_on_device_failure,
        ..DeployRequest::default()
    };
    json(state.services.plans.deploy(&principal, &request).await?)
}
