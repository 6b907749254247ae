//! The config-plan API: create, list, show, approve, cancel, roll back, and deploy (routed in
//! `api::routes()`, with or without the trailing slash). Every handler acts as the request's
//! user; the plans service checks the permissions.
//!
//! - `GET /api/plans?status=approved` — plans, newest first
//! - `POST /api/plans` — `{"type": "remediation", "devices": ["r1"], "filter": {...},
//!   "features": ["ntp"], "template": "...", "change_control_id": "", "change_control_url": ""}`
//!   → `201 {"ids": [...], "skipped": [[device, why], ...]}`
//! - `GET /api/plans/{id}`, `POST /api/plans/{id}/approve|cancel|rollback`
//! - `POST /api/deploy` — `{"plans": [3, 4], "filter": {...}, "fail_job_on_device_failure": false}`

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use serde::Deserialize;

use aurum_inventory::DeviceFilter;
use aurum_services::ServiceError;
use aurum_services::identity::Principal;
use aurum_services::plans::{DeployRequest, PlanRequest, PlanType};
use aurum_store::PlanStatus;

use crate::{AppState, HttpError};

type Reply = Result<Json<serde_json::Value>, HttpError>;

fn json(value: impl serde::Serialize) -> Reply {
    Ok(Json(serde_json::to_value(value).map_err(|e| {
        HttpError::Service(ServiceError::Plan {
            reason: e.to_string(),
        })
    })?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ListQuery {
    status: Option<String>,
}

pub(crate) async fn list(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Query(query): Query<ListQuery>,
) -> Reply {
    let status = match query.status.as_deref() {
        None => None,
        // A status that does not exist is the client's to fix (400), not a plan's state (409).
        Some(name) => Some(PlanStatus::parse(name).ok_or_else(|| {
            HttpError::BadRequest(format!(
                "unknown plan status `{name}`; use not_approved, approved, in_progress, completed, failed or cancelled"
            ))
        })?),
    };
    json(state.services.plans.list(&principal, status).await?)
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

pub(crate) async fn show(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Path(id): Path<i64>,
) -> Reply {
    json(state.services.plans.show(&principal, id).await?)
}

pub(crate) async fn approve(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Path(id): Path<i64>,
) -> Reply {
    json(state.services.plans.approve(&principal, id).await?)
}

pub(crate) async fn cancel(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Path(id): Path<i64>,
) -> Reply {
    json(state.services.plans.cancel(&principal, id).await?)
}

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
