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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DiffParams {
    from: usize,
    to: usize,
}

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
