//! `GET /api/devices/{name}/postprocessing`: the device's intended config through the
//! `[postprocessing]` chain, for the requesting user (secrets need `view_secrets`: 403
//! otherwise). The one response that carries secret values, so it is marked `no-store` and
//! its body is never logged.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, header::CACHE_CONTROL};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Json, Router};
use serde::Serialize;

use aurum_services::ServiceError;
use aurum_services::identity::Principal;

use crate::{AppState, HttpError};

/// The body: which device, which steps ran, and the result.
#[derive(Serialize)]
struct Postprocessed {
    device: String,
    steps: Vec<String>,
    config: String,
}

/// The route, to merge into the authenticated part of the app.
pub fn router() -> Router<AppState> {
    Router::new().route("/api/devices/{name}/postprocessing", get(postprocessing))
}

async fn postprocessing(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Path(name): Path<String>,
) -> Result<Response, HttpError> {
    let service = state
        .postprocess
        .as_ref()
        .ok_or_else(|| ServiceError::Postprocess {
            device: name.clone(),
            step: "setup".to_string(),
            reason: "this server was started without the postprocessing service".to_string(),
        })?;
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
