//! `GET /api/settings/`: the golden-config settings in force (needs `view_config`; remotes'
//! credentials are never shown).

use axum::extract::State;
use axum::{Extension, Json};

use aurum_services::golden::SettingView;
use aurum_services::identity::Principal;

use crate::api::openapi::{E403, schemas};
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
