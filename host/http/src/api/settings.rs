//! `GET /api/settings/`: the golden-config settings in force (needs `view_config`; remotes'
//! credentials are never shown).

use axum::extract::State;
use axum::{Extension, Json};

use aurum_services::golden::SettingView;
use aurum_services::identity::Principal;

use crate::{AppState, HttpError};

pub(crate) async fn settings(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
) -> Result<Json<Vec<SettingView>>, HttpError> {
    Ok(Json(state.services.golden.settings_view(&principal)?))
}
