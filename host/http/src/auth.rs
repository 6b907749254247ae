//! Authentication at the HTTP edge: every route but the probes and the token exchange needs
//! `Authorization: Token <token>`; the handler then gets the request's [`Principal`] as an
//! extension, so everything reached over HTTP acts as a real user.

use axum::Json;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::http::header::AUTHORIZATION;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use aurum_services::identity::Principal;

use crate::{AppState, HttpError};

/// Refuses the request with 401 unless it carries a valid, unexpired token of a stored user.
pub(crate) async fn require_token(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let header = request
        .headers()
        .get(AUTHORIZATION)
        .map(|value| value.to_str().unwrap_or_default());
    match state.identity.authenticate_header(header).await {
        Ok(principal) => {
            tracing::debug!(user = %principal.name, path = %request.uri().path(), "authenticated");
            request.extensions_mut().insert::<Principal>(principal);
            next.run(request).await
        }
        Err(error) => HttpError::from(error).into_response(),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ProvisionRequest {
    username: String,
    password: String,
    #[serde(default)]
    expires_days: Option<u32>,
}

#[derive(Serialize)]
pub(crate) struct ProvisionedToken {
    username: String,
    token: String,
    prefix: String,
    expires_at: Option<i64>,
}

/// `POST /api/tokens/provision`: a user name and password in, a new token out (like NetBox's
/// token provisioning), so scripts need no shell on the server to get one.
pub(crate) async fn provision(
    State(state): State<AppState>,
    Json(request): Json<ProvisionRequest>,
) -> Result<(StatusCode, Json<ProvisionedToken>), HttpError> {
    let principal = state
        .identity
        .authenticate_password(&request.username, &request.password)
        .await?;
    let issued = state
        .identity
        .issue_token(&principal.name, request.expires_days)
        .await?;
    tracing::info!(user = %principal.name, prefix = %issued.prefix, "API token provisioned");
    Ok((
        StatusCode::CREATED,
        Json(ProvisionedToken {
            username: principal.name,
            token: issued.token,
            prefix: issued.prefix,
            expires_at: issued.expires_at,
        }),
    ))
}
