//! `GET /api/devices/{name}/postprocessing`: the device's intended config through the
//! `[postprocessing]` chain, for the requesting user (`view_config` on the device, and
//! `view_secrets` for the secrets `render_secrets` puts in: 403 otherwise). The one response
//! that carries secret values, so it is marked `no-store` and its body is never logged.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, header::CACHE_CONTROL};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::Serialize;

use aurum_services::identity::Principal;

use crate::api::openapi::{E403, E404, E422, schemas};
use crate::{AppState, HttpError};

/// The body: which device, which steps ran, and the result.
#[derive(Serialize)]
struct Postprocessed {
    device: String,
    steps: Vec<String>,
    config: String,
}

#[utoipa::path(
    get,
    path = "/api/devices/{name}/postprocessing/",
    tag = "golden",
    operation_id = "postprocessing",
    summary = "A device's intended config through [postprocessing]",
    description = "The one response carrying secret values (`Cache-Control: no-store`): needs `view_config` on the device and `view_secrets`.",
    params(("name" = String, Path, description = "The device's name.")),
    responses(
        (status = 200, description = "The postprocessed config.", body = schemas::Postprocessed),
        (status = 403, response = E403),
        (status = 404, response = E404),
        (status = 422, response = E422),
    ),
)]
pub(crate) async fn postprocessing(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Path(name): Path<String>,
) -> Result<Response, HttpError> {
    let service = &state.services.postprocess;
    tracing::info!(user = %principal.name, device = %name, "postprocessing request");
    let config = service.intended(&principal, &name).await?;
    let mut response = Json(Postprocessed {
        device: name,
        steps: service.steps(),
        config,
    })
    .into_response();
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}
