//! `GET /api/settings/`: the golden-config settings in force, and
//! `GET /api/settings/{name}/properties/`: the compliance rules, config removes and
//! replaces and remediation settings one of them uses (both need `view_config`; remotes'
//! credentials are never shown).

use axum::extract::{Path, State};
use axum::{Extension, Json};

use aurum_services::golden::{PropertiesView, SettingView};
use aurum_services::identity::Principal;

use crate::api::openapi::{E403, E404, schemas};
use crate::{AppState, HttpError};

#[utoipa::path(
    get,
    path = "/api/settings/",
    tag = "golden",
    operation_id = "settings",
    summary = "The golden-config settings in force",
    description = "Needs `view_config`; remotes' credentials are never shown.",
    responses(
        (status = 200, description = "The settings.", body = Vec<schemas::SettingView>),
        (status = 403, response = E403),
    ),
)]
pub(crate) async fn settings(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
) -> Result<Json<Vec<SettingView>>, HttpError> {
    Ok(Json(state.services.golden.settings_view(&principal)?))
}

#[utoipa::path(
    get,
    path = "/api/settings/{name}/properties/",
    tag = "golden",
    operation_id = "settings_properties",
    summary = "A setting's rules",
    description = "Its properties file as it is now: compliance features and rules, config removes and replaces, remediation settings; or why the file cannot be read. Needs `view_config`.",
    params(("name" = String, Path, description = "The setting's name, as `GET /api/settings/` lists it.")),
    responses(
        (status = 200, description = "The properties.", body = schemas::PropertiesView),
        (status = 403, response = E403),
        (status = 404, response = E404),
    ),
)]
pub(crate) async fn properties(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Path(name): Path<String>,
) -> Result<Json<PropertiesView>, HttpError> {
    Ok(Json(
        state.services.golden.properties_of(&principal, &name)?,
    ))
}
