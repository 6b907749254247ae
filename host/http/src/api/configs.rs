//! Config versions, compliance and the render preview of one device, all behind
//! `view_config` on it: `GET /api/devices/{name}/configs/{kind}/` (versions, oldest first),
//! `.../{kind}/{number}/` (one, with its text), `.../{kind}/diff?from=&to=` (unified diff),
//! `GET /api/devices/{name}/compliance/` and `GET /api/devices/{name}/intended/preview`
//! (rendered now, with the diff to the stored intended config).

use axum::extract::{Path, Query, State};
use axum::{Extension, Json};
use serde::Deserialize;

use aurum_services::golden::{Rendered, VersionDiff, VersionSummary};
use aurum_services::identity::Principal;
use aurum_store::{ComplianceRow, ConfigKind, ConfigVersion};

use super::page::bad;
use crate::api::openapi::{E400, E403, E404, schemas};
use crate::{AppState, HttpError};

fn kind(name: &str) -> Result<ConfigKind, HttpError> {
    match name {
        "backup" => Ok(ConfigKind::Backup),
        "intended" => Ok(ConfigKind::Intended),
        other => Err(bad(format!(
            "unknown config kind `{other}`; use backup or intended"
        ))),
    }
}

#[utoipa::path(
    get,
    path = "/api/devices/{name}/configs/{kind}/",
    tag = "golden",
    operation_id = "configs_versions",
    summary = "A device's config versions",
    description = "Oldest first, without their text; needs `view_config` on the device.",
    params(("name" = String, Path, description = "The device's name."), ("kind" = inline(schemas::ConfigKind), Path, description = "Which configuration.")),
    responses(
        (status = 200, description = "The versions.", body = Vec<schemas::VersionSummary>),
        (status = 400, response = E400),
        (status = 403, response = E403),
        (status = 404, response = E404),
    ),
)]
pub(crate) async fn versions(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Path((device, config)): Path<(String, String)>,
) -> Result<Json<Vec<VersionSummary>>, HttpError> {
    let kind = kind(&config)?;
    Ok(Json(
        state
            .services
            .golden
            .versions(&principal, &device, kind)
            .await?,
    ))
}

#[utoipa::path(
    get,
    path = "/api/devices/{name}/configs/{kind}/{number}/",
    tag = "golden",
    operation_id = "configs_version",
    summary = "One config version, with its text",
    params(("name" = String, Path, description = "The device's name."), ("kind" = inline(schemas::ConfigKind), Path, description = "Which configuration."), ("number" = usize, Path, minimum = 1, description = "The version's number, from 1 (oldest).")),
    responses(
        (status = 200, description = "The version.", body = schemas::ConfigVersion),
        (status = 400, response = E400),
        (status = 403, response = E403),
        (status = 404, response = E404),
    ),
)]
pub(crate) async fn version(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Path((device, config, number)): Path<(String, String, usize)>,
) -> Result<Json<ConfigVersion>, HttpError> {
    let kind = kind(&config)?;
    Ok(Json(
        state
            .services
            .golden
            .version(&principal, &device, kind, number)
            .await?,
    ))
}

/// The two versions a diff compares.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(crate) struct DiffParams {
    /// The older version's number, from 1.
    #[param(minimum = 1)]
    from: usize,
    /// The newer version's number, from 1.
    #[param(minimum = 1)]
    to: usize,
}

#[utoipa::path(
    get,
    path = "/api/devices/{name}/configs/{kind}/diff/",
    tag = "golden",
    operation_id = "configs_diff",
    summary = "Diff two config versions",
    params(("name" = String, Path, description = "The device's name."), ("kind" = inline(schemas::ConfigKind), Path, description = "Which configuration."), DiffParams),
    responses(
        (status = 200, description = "A unified diff.", body = schemas::VersionDiff),
        (status = 400, response = E400),
        (status = 403, response = E403),
        (status = 404, response = E404),
    ),
)]
pub(crate) async fn diff(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Path((device, config)): Path<(String, String)>,
    Query(params): Query<DiffParams>,
) -> Result<Json<VersionDiff>, HttpError> {
    let kind = kind(&config)?;
    Ok(Json(
        state
            .services
            .golden
            .diff_versions(&principal, &device, kind, params.from, params.to)
            .await?,
    ))
}

#[utoipa::path(
    get,
    path = "/api/devices/{name}/compliance/",
    tag = "golden",
    operation_id = "device_compliance",
    summary = "A device's compliance per feature",
    params(("name" = String, Path, description = "The device's name.")),
    responses(
        (status = 200, description = "The last results.", body = Vec<schemas::ComplianceRow>),
        (status = 403, response = E403),
        (status = 404, response = E404),
    ),
)]
pub(crate) async fn compliance(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Path(device): Path<String>,
) -> Result<Json<Vec<ComplianceRow>>, HttpError> {
    Ok(Json(
        state
            .services
            .golden
            .device_compliance(&principal, &device)
            .await?,
    ))
}

#[utoipa::path(
    get,
    path = "/api/devices/{name}/intended/preview/",
    tag = "golden",
    operation_id = "intended_preview",
    summary = "Render a device's intended config now",
    description = "Stores nothing; the diff is to the stored intended config.",
    params(("name" = String, Path, description = "The device's name.")),
    responses(
        (status = 200, description = "The render.", body = schemas::Rendered),
        (status = 400, response = E400),
        (status = 403, response = E403),
        (status = 404, response = E404),
    ),
)]
pub(crate) async fn preview(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Path(device): Path<String>,
) -> Result<Json<Rendered>, HttpError> {
    Ok(Json(
        state
            .services
            .golden
            .render_one(&principal, &device)
            .await?,
    ))
}
